// oob: a kernel with a missing bounds check writes one block's worth of
// elements past the end of its allocation. On a GPU such a small overrun
// usually goes unnoticed; the simulator checks every access, so the launch
// must end in cudaErrorIllegalAddress, and that error must be sticky: a
// later cudaMemcpy fails too. PASS means the bug was caught.
// (tests/cuda/oob.expect-stderr lists what the report on stderr must name.)
#include <cstdio>
#include <cuda_runtime.h>

// extern "C" keeps the kernel name unmangled for the stderr check.
extern "C" __global__ void oob_write(int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    out[i] = i; // BUG (on purpose): no "if (i < n)"
}

int main(void)
{
    const int n = 1000;
    int *d = nullptr;
    cudaError_t err = cudaMalloc(&d, n * sizeof(int));
    if (err != cudaSuccess) {
        printf("cudaMalloc failed: %s\nFAIL\n", cudaGetErrorName(err));
        return 1;
    }

    oob_write<<<(n + 127) / 128 + 1, 128>>>(d, n); // threads 1000..1151 overrun
    // The error may surface at the launch or at the synchronisation; it must
    // surface at one of them, as cudaErrorIllegalAddress.
    cudaError_t launch = cudaGetLastError();
    cudaError_t sync = cudaDeviceSynchronize();
    printf("launch: %s, synchronize: %s\n", cudaGetErrorName(launch), cudaGetErrorName(sync));
    bool caught = launch == cudaErrorIllegalAddress || sync == cudaErrorIllegalAddress;
    bool clean = (launch == cudaSuccess || launch == cudaErrorIllegalAddress) &&
                 (sync == cudaSuccess || sync == cudaErrorIllegalAddress);
    if (!caught || !clean) {
        printf("expected cudaErrorIllegalAddress from the launch or the synchronisation\nFAIL\n");
        return 1;
    }

    int host[4] = {0, 0, 0, 0};
    cudaError_t copy = cudaMemcpy(host, d, sizeof host, cudaMemcpyDeviceToHost);
    printf("cudaMemcpy after the fault: %s\n", cudaGetErrorName(copy));
    if (copy != cudaErrorIllegalAddress) {
        printf("expected the error to be sticky (cudaErrorIllegalAddress)\nFAIL\n");
        return 1;
    }
    printf("oob: out-of-bounds store reported as %s, error is sticky\nPASS\n",
           cudaGetErrorName(copy));
    return 0;
}
