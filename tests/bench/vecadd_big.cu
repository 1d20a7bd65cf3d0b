// vecadd_big [n]: benchmark workload, c = a + b over n floats (default
// 2^22), one element per thread, 256 threads per block. Self-checking.
#include <cstdio>
#include <cstdlib>
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
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        c[i] = a[i] + b[i];
}

int main(int argc, char **argv)
{
    long n = 1L << 22;
    if (argc > 1) {
        char *end;
        n = strtol(argv[1], &end, 10);
        if (*end != '\0' || n < 1 || n > (1L << 28)) {
            printf("usage: %s [n], 1 <= n <= 2^28 (got '%s')\nFAIL\n", argv[0], argv[1]);
            return 1;
        }
    }
    const size_t bytes = n * sizeof(float);
    std::vector<float> a(n), b(n), c(n);
    for (long i = 0; i < n; i++) {
        a[i] = (float)(i % 1024);
        b[i] = 0.25f * (float)(i % 77);
    }

    float *da, *db, *dc;
    CHECK(cudaMalloc(&da, bytes));
    CHECK(cudaMalloc(&db, bytes));
    CHECK(cudaMalloc(&dc, bytes));
    CHECK(cudaMemcpy(da, a.data(), bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), bytes, cudaMemcpyHostToDevice));
    vecadd<<<(unsigned)((n + 255) / 256), 256>>>(da, db, dc, (int)n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(c.data(), dc, bytes, cudaMemcpyDeviceToHost));

    long bad = 0;
    for (long i = 0; i < n; i++) {
        if (c[i] != a[i] + b[i]) {
            if (bad < 5)
                printf("mismatch at %ld: got %.9g, expected %.9g\n", i, c[i], a[i] + b[i]);
            bad++;
        }
    }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    if (bad) {
        printf("vecadd_big: %ld of %ld elements wrong\nFAIL\n", bad, n);
        return 1;
    }
    printf("vecadd_big: %ld elements\nPASS\n", n);
    return 0;
}
