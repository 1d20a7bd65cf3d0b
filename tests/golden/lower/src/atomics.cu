// Golden lowering input: atom/red in the global, shared and generic spaces
// (add, min, max, inc, dec, and, or, xor, exch, cas on 32/64-bit integers,
// f32 and f64), scoped and ordered forms, immediates that need a register,
// and the fences (membar, fence).
__global__ void atomics(int *g, unsigned long long *g64, float *gf, double *gd, int *generic)
{
    __shared__ unsigned s[32];
    s[threadIdx.x % 32] = 0;
    __syncthreads();
    int old = atomicAdd(g, 1);
    old += atomicMin(g + 1, (int)threadIdx.x);
    old += atomicMax(g + 2, -5);
    old += atomicInc((unsigned *)g + 3, 17u);
    old += atomicDec((unsigned *)g + 4, 9u);
    old += atomicAnd(g + 5, 0xF0);
    old += atomicOr(g + 6, 3);
    old += atomicXor(g + 7, old);
    old += atomicExch(g + 8, 42);
    old += atomicCAS(g + 9, 7, old);
    old += (int)atomicAdd(&s[threadIdx.x % 7], 2u);
    old += (int)atomicCAS(&s[3], 0u, 1u);
    old += (int)atomicAdd(g64, 5ull);
    old += (int)atomicCAS(g64 + 1, 1ull, 2ull);
    old += (int)atomicMax((long long *)g64 + 2, (long long)old);
    old += (int)atomicAdd(gf, 1.5f);
    old += (int)atomicAdd(gd, 0.25);
    old += atomicAdd_block(g + 10, 1);
    old += atomicAdd_system(g + 11, 1);
    old += atomicAdd(generic, 1);   // generic address
    __threadfence_block();
    __threadfence();
    __threadfence_system();
    asm volatile("red.relaxed.gpu.global.add.u32 [%0], %1;" :: "l"(g + 12), "r"(old));
    asm volatile("red.release.sys.global.or.b64 [%0], %1;" :: "l"(g64 + 3), "l"((unsigned long long)old));
    asm volatile("fence.acq_rel.cta;");
    asm volatile("fence.sc.sys;");
    int r;
    asm volatile("atom.acquire.gpu.shared.exch.b32 %0, [%1], 9;" : "=r"(r) : "r"((unsigned)__cvta_generic_to_shared(&s[5])));
    g[13 + threadIdx.x] = old + r;
}
