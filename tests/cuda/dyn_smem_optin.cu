// dyn_smem_optin: 64 KB of dynamic shared memory needs the opt-in
// (cudaFuncAttributeMaxDynamicSharedMemorySize); without it the launch fails
// with cudaErrorInvalidValue as on real hardware, with it the kernel runs.
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

// Every thread fills its share of the whole buffer, then sums a strided
// slice written by other threads.
__global__ void fill_sum(unsigned *out, unsigned words)
{
    extern __shared__ unsigned big[];
    for (unsigned i = threadIdx.x; i < words; i += blockDim.x)
        big[i] = i * 3u + blockIdx.x;
    __syncthreads();
    unsigned s = 0;
    for (unsigned i = (threadIdx.x + 1) % blockDim.x; i < words; i += blockDim.x)
        s += big[i];
    out[blockIdx.x * blockDim.x + threadIdx.x] = s;
}

int main()
{
    const unsigned bytes = 64 * 1024, words = bytes / 4;
    const int threads = 128, blocks = 2;
    int optin = 0;
    CHECK(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, 0));
    EXPECT(optin >= (int)bytes);
    unsigned *d;
    CHECK(cudaMalloc(&d, blocks * threads * sizeof(unsigned)));

    fill_sum<<<blocks, threads, bytes>>>(d, words);
    cudaError_t e = cudaGetLastError();
    EXPECT(e == cudaErrorInvalidValue);
    printf("without opt-in: %s\n", cudaGetErrorName(e));

    EXPECT(cudaFuncSetAttribute(fill_sum, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                optin + 1) == cudaErrorInvalidValue);
    cudaGetLastError();
    CHECK(cudaFuncSetAttribute(fill_sum, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
    cudaFuncAttributes fa;
    CHECK(cudaFuncGetAttributes(&fa, fill_sum));
    EXPECT(fa.maxDynamicSharedSizeBytes == (int)bytes);

    fill_sum<<<blocks, threads, bytes>>>(d, words);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    unsigned h[blocks * threads];
    CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < threads; t++) {
            unsigned want = 0;
            for (unsigned i = (unsigned)(t + 1) % threads; i < words; i += threads)
                want += i * 3u + (unsigned)b;
            EXPECT(h[b * threads + t] == want);
        }
    CHECK(cudaFree(d));
    printf("PASS\n");
    return 0;
}
