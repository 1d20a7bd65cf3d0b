// NVCCFLAGS: -arch=sm_90
// atomic_hints: atom/red with .L2::cache_hint (a createpolicy operand, accepted
// and ignored) and red on .shared::cluster (a cluster is one CTA in Cobalt).
#include <cstdio>
#include <cstdint>
__global__ void k(unsigned *g, unsigned *out)
{
    __shared__ unsigned s;
    if (threadIdx.x == 0) s = 0;
    __syncthreads();
    uint64_t pol;
    asm volatile("createpolicy.fractional.L2::evict_last.b64 %0, 1.0;" : "=l"(pol));
    unsigned old;  /* the value is not checked: only the sum is deterministic */
    asm volatile("atom.global.add.L2::cache_hint.u32 %0, [%1], 1, %2;" : "=r"(old) : "l"(g), "l"(pol) : "memory");
    (void)old;
    asm volatile("red.global.add.L2::cache_hint.u32 [%0], 2, %1;" :: "l"(g + 1), "l"(pol) : "memory");
    unsigned sa = (unsigned)__cvta_generic_to_shared(&s);
    asm volatile("red.shared::cluster.add.u32 [%0], 3;" :: "r"(sa) : "memory");
    __syncthreads();
    if (threadIdx.x == 0) out[0] = s;
}
int main()
{
    unsigned *g, *o;
    cudaMallocManaged(&g, 8); cudaMallocManaged(&o, 4);
    g[0] = g[1] = 0;
    k<<<2, 64>>>(g, o);
    cudaError_t e = cudaDeviceSynchronize();
    if (e != cudaSuccess || g[0] != 128 || g[1] != 256 || o[0] != 192) {
        printf("FAIL %s %u %u %u\n", cudaGetErrorString(e), g[0], g[1], o[0]);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
