// matmul_big [n]: benchmark workload, C = A * B for n x n matrices (default
// 256) with 16 x 16 shared-memory tiles. The inputs are small integers held
// in floats, so the result is exact and checked against the host bit for bit.
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

#define TILE 16

__global__ void matmul(const float *a, const float *b, float *c, int n)
{
    __shared__ float ta[TILE][TILE];
    __shared__ float tb[TILE][TILE];
    int tx = threadIdx.x, ty = threadIdx.y;
    int row = blockIdx.y * TILE + ty, col = blockIdx.x * TILE + tx;
    float acc = 0.0f;
    for (int t = 0; t < n; t += TILE) {
        ta[ty][tx] = (row < n && t + tx < n) ? a[row * n + t + tx] : 0.0f;
        tb[ty][tx] = (t + ty < n && col < n) ? b[(t + ty) * n + col] : 0.0f;
        __syncthreads();
        for (int k = 0; k < TILE; k++)
            acc += ta[ty][k] * tb[k][tx];
        __syncthreads();
    }
    if (row < n && col < n)
        c[row * n + col] = acc;
}

int main(int argc, char **argv)
{
    int n = 256;
    if (argc > 1) {
        char *end;
        long v = strtol(argv[1], &end, 10);
        // 2048 keeps every partial sum (at most n * 48) exact in a float.
        if (*end != '\0' || v < 1 || v > 2048) {
            printf("usage: %s [n], 1 <= n <= 2048 (got '%s')\nFAIL\n", argv[0], argv[1]);
            return 1;
        }
        n = (int)v;
    }
    const size_t elems = (size_t)n * n, bytes = elems * sizeof(float);
    std::vector<float> a(elems), b(elems), c(elems), bt(elems);
    for (size_t i = 0; i < elems; i++) {
        a[i] = (float)((int)(i * 7 % 17) - 8);
        b[i] = (float)((int)(i * 5 % 13) - 6);
    }

    float *da, *db, *dc;
    CHECK(cudaMalloc(&da, bytes));
    CHECK(cudaMalloc(&db, bytes));
    CHECK(cudaMalloc(&dc, bytes));
    CHECK(cudaMemcpy(da, a.data(), bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), bytes, cudaMemcpyHostToDevice));
    dim3 block(TILE, TILE), grid((n + TILE - 1) / TILE, (n + TILE - 1) / TILE);
    matmul<<<grid, block>>>(da, db, dc, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(c.data(), dc, bytes, cudaMemcpyDeviceToHost));

    for (int r = 0; r < n; r++) // transposed copy: a cache-friendly host loop
        for (int k = 0; k < n; k++)
            bt[(size_t)k * n + r] = b[(size_t)r * n + k];
    long bad = 0;
    for (int r = 0; r < n; r++) {
        for (int col = 0; col < n; col++) {
            float want = 0.0f;
            for (int k = 0; k < n; k++)
                want += a[(size_t)r * n + k] * bt[(size_t)col * n + k];
            float got = c[(size_t)r * n + col];
            if (got != want) {
                if (bad < 5)
                    printf("mismatch at (%d,%d): got %.9g, expected %.9g\n", r, col, got, want);
                bad++;
            }
        }
    }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    if (bad) {
        printf("matmul_big: %ld of %zu elements wrong\nFAIL\n", bad, elems);
        return 1;
    }
    printf("matmul_big: %dx%d, c[0][0] = %g\nPASS\n", n, n, c[0]);
    return 0;
}
