// fnptr_garbage: a call through a function pointer that holds no function
// address (data read from memory) must fault with a precise report naming
// the kernel, the lane and the value, and the launch must fail with an
// error. PASS means the bad pointer was caught.
// (tests/cuda/fnptr_garbage.expect-stderr lists what stderr must name.)
#include <cstdio>
#include <cuda_runtime.h>

typedef int (*unop)(int);

__device__ __noinline__ int f_twice(int x) { return 2 * x; }
__device__ unop good = f_twice;

extern "C" __global__ void call_garbage(const unsigned long long *bits, int *out)
{
    int i = threadIdx.x;
    unop f = i == 5 ? (unop)bits[0] : good;   // lane 5 calls through garbage
    out[i] = f(i);
}

int main(void)
{
    unsigned long long garbage = 0x1234567890ull, *dbits;
    int *dout;
    if (cudaMalloc(&dbits, sizeof garbage) != cudaSuccess ||
        cudaMalloc(&dout, 32 * sizeof(int)) != cudaSuccess ||
        cudaMemcpy(dbits, &garbage, sizeof garbage, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    call_garbage<<<1, 32>>>(dbits, dout);
    cudaError_t launch = cudaGetLastError();
    cudaError_t sync = cudaDeviceSynchronize();
    printf("launch: %s, synchronize: %s\n", cudaGetErrorName(launch), cudaGetErrorName(sync));
    if (launch == cudaSuccess && sync == cudaSuccess) {
        printf("the call through a garbage function pointer was not caught\nFAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
