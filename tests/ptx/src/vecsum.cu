// Vector loads/stores, warp shuffles, math and a loop: more opcode variety.
__global__ void vecsum(const float4 *a, float4 *b, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float4 v = __ldg(&a[i]);
        float s = v.x + v.y + v.z + v.w;
        for (int off = 16; off > 0; off >>= 1)
            s += __shfl_down_sync(0xffffffffu, s, off);
        b[i] = make_float4(s, v.x * v.y, fmaxf(v.z, v.w), rsqrtf(fabsf(v.x) + 1.0f));
    }
}
