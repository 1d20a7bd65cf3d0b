// matmul_tiled: C = A * B with 16 x 16 shared-memory tiles, for sizes that
// are not multiples of the tile (A is 100 x 70, B is 70 x 90). The inputs are
// small integers stored as floats, so every product and partial sum is exact
// and the result must match the host bit for bit whatever the summation order
// or fma contraction.
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

#define TILE 16

__global__ void matmul(const float *a, const float *b, float *c, int m, int k, int n)
{
    __shared__ float ta[TILE][TILE];
    __shared__ float tb[TILE][TILE];
    int tx = threadIdx.x, ty = threadIdx.y;
    int row = blockIdx.y * TILE + ty;
    int col = blockIdx.x * TILE + tx;
    float acc = 0.0f;
    for (int t = 0; t < k; t += TILE) {
        // Threads outside the matrices load zeros so the inner loop needs no
        // bounds checks.
        ta[ty][tx] = (row < m && t + tx < k) ? a[row * k + t + tx] : 0.0f;
        tb[ty][tx] = (t + ty < k && col < n) ? b[(t + ty) * n + col] : 0.0f;
        __syncthreads();
        for (int i = 0; i < TILE; i++)
            acc += ta[ty][i] * tb[i][tx];
        __syncthreads();
    }
    if (row < m && col < n)
        c[row * n + col] = acc;
}

int main(void)
{
    const int m = 100, k = 70, n = 90;
    std::vector<float> a(m * k), b(k * n), c(m * n);
    for (int i = 0; i < m * k; i++)
        a[i] = (float)((i * 7) % 17 - 8);
    for (int i = 0; i < k * n; i++)
        b[i] = (float)((i * 5) % 13 - 6);

    float *da, *db, *dc;
    CHECK(cudaMalloc(&da, a.size() * sizeof(float)));
    CHECK(cudaMalloc(&db, b.size() * sizeof(float)));
    CHECK(cudaMalloc(&dc, c.size() * sizeof(float)));
    CHECK(cudaMemcpy(da, a.data(), a.size() * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), b.size() * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dc, 0, c.size() * sizeof(float)));

    dim3 block(TILE, TILE), grid((n + TILE - 1) / TILE, (m + TILE - 1) / TILE);
    matmul<<<grid, block>>>(da, db, dc, m, k, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(c.data(), dc, c.size() * sizeof(float), cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int r = 0; r < m; r++) {
        for (int col = 0; col < n; col++) {
            float want = 0.0f;
            for (int i = 0; i < k; i++)
                want += a[r * k + i] * b[i * n + col];
            if (c[r * n + col] != want) {
                if (bad < 5)
                    printf("mismatch at (%d,%d): got %.9g, expected %.9g\n", r, col,
                           c[r * n + col], want);
                bad++;
            }
        }
    }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    if (bad) {
        printf("matmul_tiled: %d of %d elements wrong\nFAIL\n", bad, m * n);
        return 1;
    }
    printf("matmul_tiled: %dx%d * %dx%d, c[0][0] = %g, c[99][89] = %g\nPASS\n", m, k, k, n,
           c[0], c[m * n - 1]);
    return 0;
}
