// NVCCFLAGS: -arch=sm_90
// cluster_one: thread-block clusters (sm_90) as Cobalt runs them, every
// launch a cluster of one CTA: the cluster special registers (%clusterid =
// %ctaid, %nclusterid = %nctaid, rank 0 of 1, not an explicit cluster),
// mapa to rank 0 (the same address), getctarank (0), ld/st/cvta/isspacep
// in the .shared::cluster state space (the CTA's own shared memory), and
// cooperative_groups::this_cluster() (barrier.cluster, mapa.u64, the
// cluster registers) on top of them.
#include <cstdio>
#include <cstdint>
#include <cooperative_groups.h>
#include "check.cuh"

namespace cg = cooperative_groups;

enum { NV = 20 };

extern "C" __global__ void cluster_regs(unsigned *out)
{
    __shared__ unsigned s[64];
    unsigned t = threadIdx.x, v[NV];
    asm volatile("mov.u32 %0, %%clusterid.x;" : "=r"(v[0]));
    asm volatile("mov.u32 %0, %%clusterid.y;" : "=r"(v[1]));
    asm volatile("mov.u32 %0, %%clusterid.z;" : "=r"(v[2]));
    asm volatile("mov.u32 %0, %%nclusterid.x;" : "=r"(v[3]));
    asm volatile("mov.u32 %0, %%nclusterid.y;" : "=r"(v[4]));
    asm volatile("mov.u32 %0, %%nclusterid.z;" : "=r"(v[5]));
    asm volatile("mov.u32 %0, %%cluster_ctaid.x;" : "=r"(v[6]));
    asm volatile("mov.u32 %0, %%cluster_ctaid.y;" : "=r"(v[7]));
    asm volatile("mov.u32 %0, %%cluster_nctaid.x;" : "=r"(v[8]));
    asm volatile("mov.u32 %0, %%cluster_nctaid.z;" : "=r"(v[9]));
    asm volatile("mov.u32 %0, %%cluster_ctarank;" : "=r"(v[10]));
    asm volatile("mov.u32 %0, %%cluster_nctarank;" : "=r"(v[11]));
    asm volatile("{ .reg .pred p; mov.pred p, %%is_explicit_cluster; selp.u32 %0, 1, 0, p; }"
                 : "=r"(v[12]));
    // shared::cluster accesses of the CTA's own shared memory
    unsigned sa = (unsigned)__cvta_generic_to_shared(s + t), m, r;
    asm volatile("mapa.shared::cluster.u32 %0, %1, 0;" : "=r"(m) : "r"(sa));
    asm volatile("st.shared::cluster.u32 [%0], %1;" :: "r"(m), "r"(t * 7u + 1u) : "memory");
    __syncthreads();
    unsigned sb = (unsigned)__cvta_generic_to_shared(s + (t ^ 1));
    asm volatile("ld.shared::cluster.u32 %0, [%1];" : "=r"(r) : "r"(sb) : "memory");
    v[13] = r;
    v[14] = m - sa;                                   // mapa to rank 0: same address
    asm volatile("getctarank.shared::cluster.u32 %0, %1;" : "=r"(v[15]) : "r"(sa));
    unsigned long long g, gm;
    asm volatile("cvta.shared::cluster.u64 %0, %1;" : "=l"(g) : "l"((unsigned long long)sa));
    v[16] = g == (unsigned long long)(uintptr_t)(s + t);
    asm volatile("mapa.u64 %0, %1, 0;" : "=l"(gm) : "l"(g));
    v[17] = gm == g;
    asm volatile("{ .reg .pred p; isspacep.shared::cluster p, %1; selp.u32 %0, 1, 0, p; }"
                 : "=r"(v[18]) : "l"(g));
    asm volatile("getctarank.u64 %0, %1;" : "=r"(v[19]) : "l"(g));
    for (int k = 0; k < NV; k++)
        out[((blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x) * 64 * NV +
            t * NV + k] = v[k];
}

extern "C" __global__ void cluster_cg(unsigned *out)
{
    __shared__ unsigned s[64];
    cg::cluster_group cl = cg::this_cluster();
    s[threadIdx.x] = threadIdx.x * 3u + blockIdx.x;
    cl.sync();
    const unsigned *p = cl.map_shared_rank(s, 0);
    out[blockIdx.x * 64 + threadIdx.x] = cl.block_rank() * 1000000u + cl.num_blocks() * 10000u +
                                         cl.block_index().x * 1000u + cl.dim_blocks().x * 100u +
                                         p[threadIdx.x ^ 1];
}

static int test_cg(void)
{
    unsigned *out, h[4 * 64];
    CHECK(cudaMalloc(&out, sizeof h));
    cluster_cg<<<4, 64>>>(out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
    for (unsigned b = 0; b < 4; b++)
        for (unsigned t = 0; t < 64; t++) {
            unsigned want = 10000u + 100u + (t ^ 1) * 3u + b;
            if (h[b * 64 + t] != want) {
                printf("cluster_cg: block %u thread %u = %u, expected %u\nFAIL\n", b, t,
                       h[b * 64 + t], want);
                return 1;
            }
        }
    CHECK(cudaFree(out));
    return 0;
}

int main()
{
    dim3 grid(3, 2, 2);
    const unsigned n = 3 * 2 * 2 * 64 * NV;
    static unsigned h[3 * 2 * 2 * 64 * NV];
    unsigned *out;
    CHECK(cudaMalloc(&out, n * sizeof(unsigned)));
    cluster_regs<<<grid, 64>>>(out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
    for (unsigned z = 0; z < 2; z++)
        for (unsigned y = 0; y < 2; y++)
            for (unsigned x = 0; x < 3; x++)
                for (unsigned t = 0; t < 64; t++) {
                    const unsigned want[NV] = { x, y, z, 3, 2, 2, 0, 0, 1, 1, 0, 1, 0,
                                                (t ^ 1) * 7u + 1u, 0, 0, 1, 1, 1, 0 };
                    const unsigned *v = h + ((z * 2 + y) * 3 + x) * 64 * NV + t * NV;
                    for (int k = 0; k < NV; k++)
                        if (v[k] != want[k]) {
                            printf("CTA (%u,%u,%u) thread %u value %d = %u, expected %u\nFAIL\n",
                                   x, y, z, t, k, v[k], want[k]);
                            return 1;
                        }
                }
    CHECK(cudaFree(out));
    if (test_cg())
        return 1;
    printf("PASS\n");
    return 0;
}
