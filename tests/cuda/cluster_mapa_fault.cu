// NVCCFLAGS: -arch=sm_90
// cluster_mapa_fault: mapa to cluster rank 1. Cobalt runs every launch as
// clusters of one CTA, so rank 1 does not exist: the launch must fail and
// the report must name the instruction, the lane and the rank.
#include <cstdio>
#include "check.cuh"

extern "C" __global__ void mapa_rank1(unsigned *out, unsigned rank)
{
    __shared__ unsigned s[32];
    unsigned sa = (unsigned)__cvta_generic_to_shared(s + threadIdx.x), m;
    asm volatile("mapa.shared::cluster.u32 %0, %1, %2;" : "=r"(m) : "r"(sa), "r"(rank));
    out[threadIdx.x] = m;
}

int main()
{
    unsigned *out;
    CHECK(cudaMalloc(&out, 128));
    mapa_rank1<<<1, 32>>>(out, 1);
    cudaError_t launch = cudaGetLastError();
    cudaError_t sync = cudaDeviceSynchronize();
    printf("launch: %s, synchronize: %s\n", cudaGetErrorName(launch), cudaGetErrorName(sync));
    if (launch != cudaErrorIllegalInstruction && sync != cudaErrorIllegalInstruction) {
        printf("expected cudaErrorIllegalInstruction\nFAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
