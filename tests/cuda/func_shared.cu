// func_shared: a kernel's __shared__ array used only inside a __noinline__
// function (nvcc moves it into the .func: a "demoted variable"), next to
// the kernel's own shared array; both must get distinct places in the
// CTA's shared memory and be seen by every thread of the block.
#include <cstdio>
#include <cuda_runtime.h>

__device__ __noinline__ int block_sum(int v)
{
    __shared__ int part[256];
    part[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s /= 2) {
        if (threadIdx.x < s)
            part[threadIdx.x] += part[threadIdx.x + s];
        __syncthreads();
    }
    int r = part[0];
    __syncthreads();
    return r;
}

__global__ void kern(const int *in, int *out)
{
    __shared__ int mine[256];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    mine[threadIdx.x] = in[i] * 3;
    __syncthreads();
    int s = block_sum(in[i]);
    out[i] = s + mine[(threadIdx.x + 1) % blockDim.x];
}

int main()
{
    const int blocks = 4, threads = 256, n = blocks * threads;
    int h[n], r[n];
    for (int i = 0; i < n; i++)
        h[i] = (i * 37) % 101 - 50;
    int *din, *dout;
    if (cudaMalloc(&din, sizeof h) != cudaSuccess || cudaMalloc(&dout, sizeof r) != cudaSuccess ||
        cudaMemcpy(din, h, sizeof h, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<blocks, threads>>>(din, dout);
    cudaError_t e = cudaMemcpy(r, dout, sizeof r, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int bad = 0;
    for (int b = 0; b < blocks; b++) {
        int s = 0;
        for (int t = 0; t < threads; t++)
            s += h[b * threads + t];
        for (int t = 0; t < threads; t++) {
            int want = s + 3 * h[b * threads + (t + 1) % threads];
            if (r[b * threads + t] != want && bad++ < 5)
                printf("block %d thread %d: got %d, want %d\n", b, t, r[b * threads + t], want);
        }
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
