// atomic_histogram: a 64-bin histogram of 200,000 values, built per block
// in shared memory with atomicAdd and merged into global memory with
// atomicAdd; also a global-only histogram, 64-bit atomicAdd totals and
// red (atomicAdd with an unused result) on float.
#include <cstdio>
#include <vector>
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

#define BINS 64

__global__ void hist_shared(const unsigned *v, int n, unsigned *bins,
                            unsigned long long *total, float *fsum)
{
    __shared__ unsigned local[BINS];
    for (int i = threadIdx.x; i < BINS; i += blockDim.x)
        local[i] = 0;
    __syncthreads();
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        atomicAdd(&local[v[i] % BINS], 1u);
        atomicAdd(total, (unsigned long long)v[i]);
        atomicAdd(fsum, 0.5f);
    }
    __syncthreads();
    for (int i = threadIdx.x; i < BINS; i += blockDim.x)
        atomicAdd(&bins[i], local[i]);
}

__global__ void hist_global(const unsigned *v, int n, int *bins)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        atomicSub(&bins[v[i] % BINS], -1);
}

int main(void)
{
    const int n = 200000;
    std::vector<unsigned> v(n);
    std::vector<unsigned> want(BINS, 0);
    unsigned long long want_total = 0;
    unsigned s = 12345;
    for (int i = 0; i < n; i++) {
        s = s * 1103515245u + 12345u;
        v[i] = (s >> 8) * 977u;
        want[v[i] % BINS]++;
        want_total += v[i];
    }
    unsigned *dv, *dbins;
    int *dg;
    unsigned long long *dtotal;
    float *dfsum;
    CHECK(cudaMalloc(&dv, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&dbins, BINS * sizeof(unsigned)));
    CHECK(cudaMalloc(&dg, BINS * sizeof(int)));
    CHECK(cudaMalloc(&dtotal, sizeof(unsigned long long)));
    CHECK(cudaMalloc(&dfsum, sizeof(float)));
    CHECK(cudaMemcpy(dv, v.data(), n * sizeof(unsigned), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dbins, 0, BINS * sizeof(unsigned)));
    CHECK(cudaMemset(dg, 0, BINS * sizeof(int)));
    CHECK(cudaMemset(dtotal, 0, sizeof(unsigned long long)));
    CHECK(cudaMemset(dfsum, 0, sizeof(float)));
    hist_shared<<<40, 256>>>(dv, 4096, dbins, dtotal, dfsum);   // warm-up on a prefix
    CHECK(cudaGetLastError());
    CHECK(cudaMemset(dbins, 0, BINS * sizeof(unsigned)));
    CHECK(cudaMemset(dtotal, 0, sizeof(unsigned long long)));
    CHECK(cudaMemset(dfsum, 0, sizeof(float)));
    hist_shared<<<40, 256>>>(dv, n, dbins, dtotal, dfsum);
    CHECK(cudaGetLastError());
    hist_global<<<(n + 255) / 256, 256>>>(dv, n, dg);
    CHECK(cudaGetLastError());
    std::vector<unsigned> got(BINS);
    std::vector<int> gotg(BINS);
    unsigned long long total;
    float fsum;
    CHECK(cudaMemcpy(got.data(), dbins, BINS * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(gotg.data(), dg, BINS * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&total, dtotal, sizeof total, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&fsum, dfsum, sizeof fsum, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < BINS; b++) {
        if (got[b] != want[b] || gotg[b] != (int)want[b]) {
            if (bad++ < 5)
                printf("bin %d: shared %u global %d, want %u\n", b, got[b], gotg[b], want[b]);
        }
    }
    if (total != want_total) {
        printf("total %llu, want %llu\n", total, want_total);
        bad++;
    }
    // 0.5 added 200,000 times: exact in float up to 2^24
    if (fsum != 100000.0f) {
        printf("float sum %g, want 100000\n", fsum);
        bad++;
    }
    cudaFree(dv);
    cudaFree(dbins);
    cudaFree(dg);
    cudaFree(dtotal);
    cudaFree(dfsum);
    if (bad) {
        printf("FAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
