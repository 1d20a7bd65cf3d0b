// vecadd_gridstride: c = a + b over 100,000 floats with a grid much smaller
// than the data, so every thread walks the vector with a grid-stride loop.
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

__global__ void vecadd(const float *a, const float *b, float *c, int n)
{
    int stride = gridDim.x * blockDim.x;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        c[i] = a[i] + b[i];
}

int main(void)
{
    const int n = 100000;
    const size_t bytes = n * sizeof(float);
    std::vector<float> a(n), b(n), c(n);
    for (int i = 0; i < n; i++) {
        a[i] = (float)(i % 1000) * 0.5f;
        b[i] = (float)(i / 1000) - 25.0f;
        c[i] = -1.0f;
    }

    float *da, *db, *dc;
    CHECK(cudaMalloc(&da, bytes));
    CHECK(cudaMalloc(&db, bytes));
    CHECK(cudaMalloc(&dc, bytes));
    CHECK(cudaMemcpy(da, a.data(), bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dc, 0, bytes));

    // 20 blocks x 128 threads = 2560 threads for 100,000 elements: each
    // thread handles 39 or 40 of them, so the loop bound differs per lane.
    vecadd<<<20, 128>>>(da, db, dc, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(c.data(), dc, bytes, cudaMemcpyDeviceToHost));

    // a + b is one correctly rounded add on both sides: compare exactly.
    int bad = 0;
    for (int i = 0; i < n; i++) {
        float want = a[i] + b[i];
        if (c[i] != want) {
            if (bad < 5)
                printf("mismatch at %d: got %.9g, expected %.9g\n", i, c[i], want);
            bad++;
        }
    }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    if (bad) {
        printf("vecadd_gridstride: %d of %d elements wrong\nFAIL\n", bad, n);
        return 1;
    }
    printf("vecadd_gridstride: %d elements, c[12345] = %g\nPASS\n", n, c[12345]);
    return 0;
}
