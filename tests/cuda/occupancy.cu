// occupancy: the cudaOccupancy* queries and the header template
// cudaOccupancyMaxPotentialBlockSize, checked for consistency with the
// device limits and cudaFuncGetAttributes, then used to launch a kernel.
#include <cstdio>
#include <cuda_runtime.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s (%s)\nFAIL\n", __FILE__, __LINE__,  \
                   #call, cudaGetErrorName(err_), cudaGetErrorString(err_)); \
            return 1;                                                        \
        }                                                                    \
    } while (0)
#define EXPECT(cond)                                                         \
    do {                                                                     \
        if (!(cond)) {                                                       \
            printf("%s:%d: expected %s\nFAIL\n", __FILE__, __LINE__, #cond); \
            return 1;                                                        \
        }                                                                    \
    } while (0)

__global__ void scale(float *x, int n, float a)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        x[i] *= a;
}

__global__ void smem_user(int *out)
{
    extern __shared__ int buf[];
    buf[threadIdx.x] = threadIdx.x;
    __syncthreads();
    out[blockIdx.x * blockDim.x + threadIdx.x] = buf[blockDim.x - 1 - threadIdx.x];
}

int main()
{
    int max_threads_sm = 0, smem_sm = 0;
    CHECK(cudaDeviceGetAttribute(&max_threads_sm, cudaDevAttrMaxThreadsPerMultiProcessor, 0));
    CHECK(cudaDeviceGetAttribute(&smem_sm, cudaDevAttrMaxSharedMemoryPerMultiprocessor, 0));

    cudaFuncAttributes fa;
    CHECK(cudaFuncGetAttributes(&fa, scale));
    EXPECT(fa.numRegs > 0 && fa.maxThreadsPerBlock > 0);

    int blocks = 0;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, scale, 256, 0));
    EXPECT(blocks >= 1 && blocks * 256 <= max_threads_sm);
    int blocks_flags = 0;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        &blocks_flags, scale, 256, 0, cudaOccupancyDisableCachingOverride));
    EXPECT(blocks_flags == blocks);
    EXPECT(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(&blocks, scale, 256, 0, 0x40)
           == cudaErrorInvalidValue);
    cudaGetLastError();
    EXPECT(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, scale, 0, 0)
           == cudaErrorInvalidValue);
    cudaGetLastError();

    // Shared memory limits residency: 40 KB per block leaves room for at
    // most smem_sm / 40 KB blocks.
    int smem_blocks = 0;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&smem_blocks, smem_user, 64, 40 * 1024));
    EXPECT(smem_blocks >= 1 && smem_blocks <= smem_sm / (40 * 1024));
    size_t avail = 0;
    CHECK(cudaOccupancyAvailableDynamicSMemPerBlock(&avail, smem_user, 2, 64));
    EXPECT(avail > 0 && avail <= 48 * 1024);
    int check = 0;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&check, smem_user, 64, avail));
    EXPECT(check >= 2);

    int min_grid = 0, block = 0;
    CHECK(cudaOccupancyMaxPotentialBlockSize(&min_grid, &block, scale, 0, 0));
    EXPECT(block > 0 && block <= fa.maxThreadsPerBlock && block % 32 == 0);
    EXPECT(min_grid > 0);
    printf("max potential block size %d, min grid %d, %d blocks of 256/SM\n", block, min_grid,
           blocks_flags);

    const int n = 10000;
    float *d;
    CHECK(cudaMalloc(&d, n * sizeof(float)));
    float h[n];
    for (int i = 0; i < n; i++)
        h[i] = (float)i;
    CHECK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
    scale<<<(n + block - 1) / block, block>>>(d, n, 2.0f);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++)
        EXPECT(h[i] == 2.0f * (float)i);
    CHECK(cudaFree(d));
    printf("PASS\n");
    return 0;
}
