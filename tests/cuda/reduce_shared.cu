// reduce_shared: per-block tree reduction in shared memory with
// __syncthreads, of 100,000 ints and floats; the host adds the block sums.
// The host replays the exact tree order, so even the float sums must match
// bit for bit.
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

#define BLOCK 256

// Each thread first adds two elements (i and i + BLOCK of its block's
// 2*BLOCK slice), then the block halves the active range each step.
__global__ void reduce(const int *ai, const float *af, int *bi, float *bf, int n)
{
    __shared__ int si[BLOCK];
    __shared__ float sf[BLOCK];
    int t = threadIdx.x;
    int i = blockIdx.x * (2 * BLOCK) + t;
    int vi = 0;
    float vf = 0.0f;
    if (i < n) {
        vi = ai[i];
        vf = af[i];
    }
    if (i + BLOCK < n) {
        vi += ai[i + BLOCK];
        vf += af[i + BLOCK];
    }
    si[t] = vi;
    sf[t] = vf;
    __syncthreads();
    for (int s = BLOCK / 2; s > 0; s >>= 1) {
        if (t < s) {
            si[t] += si[t + s];
            sf[t] += sf[t + s];
        }
        __syncthreads();
    }
    if (t == 0) {
        bi[blockIdx.x] = si[0];
        bf[blockIdx.x] = sf[0];
    }
}

int main(void)
{
    const int n = 100000;
    const int blocks = (n + 2 * BLOCK - 1) / (2 * BLOCK);
    std::vector<int> ai(n), bi(blocks);
    std::vector<float> af(n), bf(blocks);
    for (int i = 0; i < n; i++) {
        ai[i] = (int)(((unsigned)i * 2654435761u) >> 20); // 12-bit pseudo-random
        af[i] = (float)((unsigned)i * 40503u % 1999u) / 256.0f - 3.0f;
    }

    int *dai, *dbi;
    float *daf, *dbf;
    CHECK(cudaMalloc(&dai, n * sizeof(int)));
    CHECK(cudaMalloc(&daf, n * sizeof(float)));
    CHECK(cudaMalloc(&dbi, blocks * sizeof(int)));
    CHECK(cudaMalloc(&dbf, blocks * sizeof(float)));
    CHECK(cudaMemcpy(dai, ai.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(daf, af.data(), n * sizeof(float), cudaMemcpyHostToDevice));

    reduce<<<blocks, BLOCK>>>(dai, daf, dbi, dbf, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(bi.data(), dbi, blocks * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(bf.data(), dbf, blocks * sizeof(float), cudaMemcpyDeviceToHost));

    int bad = 0;
    long long total = 0, want_total = 0;
    for (int b = 0; b < blocks; b++) {
        int ti[BLOCK];
        float tf[BLOCK];
        for (int t = 0; t < BLOCK; t++) {
            int i = b * 2 * BLOCK + t;
            ti[t] = 0;
            tf[t] = 0.0f;
            if (i < n) {
                ti[t] = ai[i];
                tf[t] = af[i];
            }
            if (i + BLOCK < n) {
                ti[t] += ai[i + BLOCK];
                tf[t] += af[i + BLOCK];
            }
        }
        for (int s = BLOCK / 2; s > 0; s >>= 1) {
            for (int t = 0; t < s; t++) {
                ti[t] += ti[t + s];
                tf[t] += tf[t + s];
            }
        }
        if (bi[b] != ti[0] || bf[b] != tf[0]) {
            if (bad < 5)
                printf("block %d: got %d / %.9g, expected %d / %.9g\n", b, bi[b], bf[b],
                       ti[0], tf[0]);
            bad++;
        }
        total += bi[b];
    }
    for (int i = 0; i < n; i++)
        want_total += ai[i];
    if (total != want_total) {
        printf("total: got %lld, expected %lld\n", total, want_total);
        bad++;
    }
    CHECK(cudaFree(dai));
    CHECK(cudaFree(daf));
    CHECK(cudaFree(dbi));
    CHECK(cudaFree(dbf));
    if (bad) {
        printf("reduce_shared: %d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("reduce_shared: %d elements in %d blocks, sum = %lld\nPASS\n", n, blocks, total);
    return 0;
}
