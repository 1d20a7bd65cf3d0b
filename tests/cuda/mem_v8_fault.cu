// NVCCFLAGS: -arch=sm_100
// mem_v8_fault: a ld.global.v8.b32 (a 32-byte access) from an address that
// is 16-byte but not 32-byte aligned. Cobalt moves the data as two 16-byte
// accesses, each of them aligned, but the access as a whole is misaligned:
// the launch must end in cudaErrorMisalignedAddress and the report must
// name the 32-byte access.
#include <cstdio>
#include "check.cuh"

extern "C" __global__ void v8_misaligned(const unsigned *in, unsigned *out)
{
    unsigned r[8];
    asm volatile("ld.global.v8.b32 {%0, %1, %2, %3, %4, %5, %6, %7}, [%8];"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]), "=r"(r[4]), "=r"(r[5]),
                   "=r"(r[6]), "=r"(r[7]) : "l"(in + 4 + 8 * threadIdx.x));   // BUG: in + 4
    out[threadIdx.x] = r[0] + r[1] + r[2] + r[3] + r[4] + r[5] + r[6] + r[7];
}

int main()
{
    unsigned *in, *out;
    CHECK(cudaMalloc(&in, 4096));
    CHECK(cudaMalloc(&out, 4096));
    v8_misaligned<<<1, 32>>>(in, out);
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
