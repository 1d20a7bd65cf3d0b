// NVCCFLAGS: -arch=sm_90
// barrier.cluster with a cluster of one CTA: split arrive/wait phases in
// inline PTX (.release/.relaxed/.acquire/.aligned), the CUDA builtins
// __cluster_barrier_arrive/_wait, and a launch with a 1x1x1 cluster
// dimension. Each phase exchanges values through shared memory between
// warps; checked against a CPU reference.
#include <cstdio>
#include <vector>
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include "check.cuh"

namespace cg = cooperative_groups;

__global__ void phases(int *out, int rounds)
{
    __shared__ int s[256];
    int t = threadIdx.x, n = blockDim.x;
    int acc = 0;
    for (int r = 0; r < rounds; r++) {
        s[t] = t * (r + 1) + r;
        asm volatile("barrier.cluster.arrive.release.aligned;" ::: "memory");
        int busy = 0;   // independent work between arriving and waiting
        for (int i = 0; i < t % 7; i++)
            busy += i;
        asm volatile("barrier.cluster.wait.acquire.aligned;" ::: "memory");
        acc += s[(t + 37 * (r + 1)) % n] + busy;
        // everyone has read s before it is written again
        asm volatile("barrier.cluster.arrive.relaxed;\n\tbarrier.cluster.wait;" ::: "memory");
    }
    __cluster_barrier_arrive();
    out[blockIdx.x * n + t] = acc;
    __cluster_barrier_wait();
}

// some warps leave early: the barrier waits only for threads that have not exited
__global__ void early_exit(int *out)
{
    __shared__ int s[256];
    int t = threadIdx.x;
    if (t >= 160)
        return;
    s[t] = t + 1000;
    asm volatile("barrier.cluster.arrive;" ::: "memory");
    asm volatile("barrier.cluster.wait;" ::: "memory");
    out[t] = s[159 - t];
}

// cooperative groups: this_cluster().sync() is barrier.cluster.arrive + wait
__global__ void cg_sync(int *out)
{
    __shared__ int s[128];
    int t = threadIdx.x;
    s[t] = 3 * t;
    cg::this_cluster().sync();
    out[t] = s[127 - t];
}

int main()
{
    const int blocks = 4, threads = 256, rounds = 3;
    int *d;
    CHECK(cudaMalloc(&d, blocks * threads * sizeof(int)));
    cudaLaunchAttribute attr[1];
    attr[0].id = cudaLaunchAttributeClusterDimension;
    attr[0].val.clusterDim.x = 1;
    attr[0].val.clusterDim.y = 1;
    attr[0].val.clusterDim.z = 1;
    cudaLaunchConfig_t cfg = {};
    cfg.gridDim = dim3(blocks);
    cfg.blockDim = dim3(threads);
    cfg.attrs = attr;
    cfg.numAttrs = 1;
    for (int launch = 0; launch < 2; launch++) {
        CHECK(cudaMemset(d, 0, blocks * threads * sizeof(int)));
        if (launch == 0)
            phases<<<blocks, threads>>>(d, rounds);
        else
            CHECK(cudaLaunchKernelEx(&cfg, phases, d, rounds));
        CHECK(cudaGetLastError());
        std::vector<int> h(blocks * threads);
        CHECK(cudaMemcpy(h.data(), d, h.size() * sizeof(int), cudaMemcpyDeviceToHost));
        for (int i = 0; i < blocks * threads; i++) {
            int t = i % threads, want = 0;
            for (int r = 0; r < rounds; r++) {
                int u = (t + 37 * (r + 1)) % threads;
                want += u * (r + 1) + r;
                for (int k = 0; k < t % 7; k++)
                    want += k;
            }
            if (h[i] != want) {
                printf("launch %d: out[%d] = %d, expected %d\nFAIL\n", launch, i, h[i], want);
                return 1;
            }
        }
    }
    early_exit<<<1, 256>>>(d);
    CHECK(cudaGetLastError());
    std::vector<int> h(160);
    CHECK(cudaMemcpy(h.data(), d, 160 * sizeof(int), cudaMemcpyDeviceToHost));
    for (int t = 0; t < 160; t++)
        if (h[t] != 159 - t + 1000) {
            printf("early_exit: out[%d] = %d, expected %d\nFAIL\n", t, h[t], 159 - t + 1000);
            return 1;
        }
    cg_sync<<<1, 128>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h.data(), d, 128 * sizeof(int), cudaMemcpyDeviceToHost));
    for (int t = 0; t < 128; t++)
        if (h[t] != 3 * (127 - t)) {
            printf("cg_sync: out[%d] = %d, expected %d\nFAIL\n", t, h[t], 3 * (127 - t));
            return 1;
        }
    CHECK(cudaFree(d));
    printf("PASS\n");
    return 0;
}
