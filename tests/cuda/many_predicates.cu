// many_predicates: the bounds-checked epilogue of a register-tiled integer
// GEMM, C = alpha * A * B + beta * C, where each thread owns a 4x4 tile and
// every row and column of the tile is checked against M and N. Unrolled,
// nvcc keeps the 8 row/column checks and their 16 combinations as
// predicates live across the k loop and into the guarded stores (17 live %p
// at the peak with -O2 -arch=sm_80, CUDA 13): more than the 7 predicate
// registers, so lowering spills some into general registers. Matrix sizes
// are not multiples of the tile, so every check matters. Integer math: the
// result must match the CPU exactly.
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

#define T 4

__global__ void gemm_tile(const int *A, const int *B, int *C, int M, int N, int K,
                          int alpha, int beta)
{
    int row0 = (blockIdx.y * blockDim.y + threadIdx.y) * T;
    int col0 = (blockIdx.x * blockDim.x + threadIdx.x) * T;
    bool rok[T], cok[T], ok[T][T];
#pragma unroll
    for (int i = 0; i < T; i++) {
        rok[i] = row0 + i < M;
        cok[i] = col0 + i < N;
    }
#pragma unroll
    for (int i = 0; i < T; i++)
#pragma unroll
        for (int j = 0; j < T; j++)
            ok[i][j] = rok[i] && cok[j];
    int acc[T][T];
#pragma unroll
    for (int i = 0; i < T; i++)
#pragma unroll
        for (int j = 0; j < T; j++)
            acc[i][j] = ok[i][j] ? beta * C[(row0 + i) * N + col0 + j] : 0;
    for (int k = 0; k < K; k++) {
        int a[T], b[T];
#pragma unroll
        for (int i = 0; i < T; i++) {
            a[i] = rok[i] ? A[(row0 + i) * K + k] : 0;
            b[i] = cok[i] ? B[k * N + col0 + i] : 0;
        }
#pragma unroll
        for (int i = 0; i < T; i++)
#pragma unroll
            for (int j = 0; j < T; j++)
                acc[i][j] += alpha * a[i] * b[j];
    }
#pragma unroll
    for (int i = 0; i < T; i++)
#pragma unroll
        for (int j = 0; j < T; j++)
            if (ok[i][j])
                C[(row0 + i) * N + col0 + j] = acc[i][j];
}

int main(void)
{
    const int M = 37, N = 29, K = 13, alpha = 3, beta = -2;
    std::vector<int> a(M * K), b(K * N), c(M * N), want(M * N), got(M * N);
    for (int i = 0; i < M * K; i++)
        a[i] = (i * 7) % 19 - 9;
    for (int i = 0; i < K * N; i++)
        b[i] = (i * 5) % 23 - 11;
    for (int i = 0; i < M * N; i++)
        c[i] = (i * 3) % 17 - 8;
    for (int r = 0; r < M; r++)
        for (int col = 0; col < N; col++) {
            int s = 0;
            for (int k = 0; k < K; k++)
                s += alpha * a[r * K + k] * b[k * N + col];
            want[r * N + col] = s + beta * c[r * N + col];
        }

    int *da, *db, *dc;
    CHECK(cudaMalloc(&da, a.size() * sizeof(int)));
    CHECK(cudaMalloc(&db, b.size() * sizeof(int)));
    CHECK(cudaMalloc(&dc, c.size() * sizeof(int)));
    CHECK(cudaMemcpy(da, a.data(), a.size() * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), b.size() * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, c.data(), c.size() * sizeof(int), cudaMemcpyHostToDevice));
    dim3 block(4, 4);
    dim3 grid((N + T * 4 - 1) / (T * 4), (M + T * 4 - 1) / (T * 4));
    gemm_tile<<<grid, block>>>(da, db, dc, M, N, K, alpha, beta);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(got.data(), dc, c.size() * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < M * N; i++)
        if (got[i] != want[i]) {
            if (bad < 5)
                printf("mismatch at (%d,%d): got %d, expected %d\n", i / N, i % N, got[i],
                       want[i]);
            bad++;
        }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    if (bad != 0) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
