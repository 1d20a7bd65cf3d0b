// NVCCFLAGS: -arch=sm_90
// cp_async_bulk_fault: a bulk copy global -> shared whose source is only
// 4-byte aligned (cp.async.bulk needs 16). The simulator checks it when the
// copy issues: the launch must end in cudaErrorMisalignedAddress, and the
// report on stderr must name the kernel and the misaligned access.
#include <cstdio>
#include <cstdint>
#include "check.cuh"

extern "C" __global__ void bulk_misaligned(const float *in, float *out)
{
    __shared__ __align__(128) float buf[64];
    __shared__ __align__(8) uint64_t bar;
    unsigned b = (unsigned)__cvta_generic_to_shared(&bar);
    unsigned d = (unsigned)__cvta_generic_to_shared(buf);
    if (threadIdx.x == 0) {
        asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;" :: "r"(b) : "memory");
        asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], 128;" :: "r"(b)
                     : "memory");
        asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes "
                     "[%0], [%1], 128, [%2];"
                     :: "r"(d), "l"(in + 1), "r"(b) : "memory");   // BUG: in + 1
    }
    __syncthreads();
    out[threadIdx.x] = buf[threadIdx.x];
}

int main()
{
    float *in, *out;
    CHECK(cudaMalloc(&in, 1024));
    CHECK(cudaMalloc(&out, 1024));
    bulk_misaligned<<<1, 32>>>(in, out);
    cudaError_t launch = cudaGetLastError();
    cudaError_t sync = cudaDeviceSynchronize();
    printf("launch: %s, synchronize: %s\n", cudaGetErrorName(launch), cudaGetErrorName(sync));
    if (launch != cudaErrorMisalignedAddress && sync != cudaErrorMisalignedAddress) {
        printf("expected cudaErrorMisalignedAddress\nFAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
