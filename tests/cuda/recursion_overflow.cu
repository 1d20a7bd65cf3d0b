// recursion_overflow: recursion deeper than the per-thread stack must stop
// the grid with a precise stack-overflow report and cudaErrorIllegalAddress,
// not corrupt memory.
#include <cstdio>
#include <cuda_runtime.h>

// the store after the call keeps it from becoming a loop
__device__ __noinline__ int depth(int n, volatile int *sink)
{
    if (n == 0)
        return 0;
    int r = depth(n - 1, sink);
    sink[r & 31] = n;
    return r + 1;
}

__global__ void kern(int n, int *out)
{
    out[threadIdx.x] = depth(n, out + 32);
}

int main()
{
    int *d, h = 0;
    if (cudaMalloc(&d, 64 * sizeof(int)) != cudaSuccess) {
        printf("cudaMalloc failed\nFAIL\n");
        return 1;
    }
    kern<<<1, 32>>>(10, d);   // shallow: fits
    cudaError_t e = cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess || h != 10) {
        printf("shallow recursion: %s, result %d\nFAIL\n", cudaGetErrorName(e), h);
        return 1;
    }
    kern<<<1, 32>>>(1000000, d);
    e = cudaDeviceSynchronize();
    if (e != cudaErrorIllegalAddress) {
        printf("deep recursion: got %s, want cudaErrorIllegalAddress\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    printf("PASS\n");
    return 0;
}
