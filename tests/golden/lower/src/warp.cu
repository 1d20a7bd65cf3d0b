// Golden lowering input: warp-level primitives — shuffles (all modes, with
// a width, the predicate-output form), votes, __activemask, the sm_80
// reductions, match, and __syncwarp.
__global__ void warp(const int *in, unsigned *out, const long long *in64)
{
    int v = in[threadIdx.x];
    int s = v;
    for (int o = 16; o > 0; o >>= 1)
        s += __shfl_down_sync(0xffffffffu, s, o);
    s += __shfl_sync(0xffffffffu, v, 3, 8);
    s += __shfl_up_sync(0xffffffffu, v, 1, 16);
    s += __shfl_xor_sync(0xffffffffu, v, 2);
    int p;
    asm volatile("{ .reg .pred q; shfl.sync.down.b32 %0|q, %1, 1, 0x1f, -1; selp.u32 %0, %0, 0, q; }"
                 : "=r"(p) : "r"(v));
    unsigned r = (unsigned)(s + p);
    r += __ballot_sync(0xffffffffu, v > 0);
    r += __any_sync(0xffffffffu, v == 3);
    r += __all_sync(0xffffffffu, v != 0);
    r += __uni_sync(0xffffffffu, v < 5);
    r += __activemask();
    r += __reduce_add_sync(0xffffffffu, (unsigned)v);
    r += (unsigned)__reduce_min_sync(0xffffffffu, v);
    r += __reduce_max_sync(0xffffffffu, (unsigned)v);
    r += __reduce_xor_sync(0xffffffffu, r);
    r += __match_any_sync(0xffffffffu, v);
    int pred;
    r += __match_all_sync(0xffffffffu, in64[threadIdx.x], &pred);
    __syncwarp();
    out[threadIdx.x] = r + (unsigned)pred;
}
