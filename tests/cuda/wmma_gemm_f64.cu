// wmma_gemm_f64: a 21x19x18 double GEMM through nvcuda::wmma m8n8k4 (DMMA),
// A and B loaded row- and column-major from zero-padded shared tiles
// (strides = tile + 2), C loaded column-major, D = A B + C.
//
// Reference: Cobalt's documented order for f64 (docs/architecture.md, Tensor
// cores) is one fma per product, k ascending, starting from C; the CPU does
// the same fma chain, so the results must match exactly.
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <vector>
#include <cuda_runtime.h>
#include <mma.h>

using namespace nvcuda;

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s\nFAIL\n", __FILE__, __LINE__, #call, \
                   cudaGetErrorString(err_));                                \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

enum { M = 21, N = 19, K = 18, T = 8, TK = 4 };

template <typename ALay, typename BLay>
__global__ void gemm(const double *A, const double *B, const double *C, double *D)
{
    constexpr bool arow = std::is_same<ALay, wmma::row_major>::value;
    constexpr bool brow = std::is_same<BLay, wmma::row_major>::value;
    constexpr int lda = arow ? TK + 2 : T + 2, ldb = brow ? T + 2 : TK + 2, ldc = T + 2;
    __shared__ __align__(32) double sa[(arow ? T : TK) * lda];
    __shared__ __align__(32) double sb[(brow ? TK : T) * ldb];
    __shared__ __align__(32) double sc[T * ldc];
    int r0 = blockIdx.y * T, c0 = blockIdx.x * T, lane = threadIdx.x;
    for (int i = lane; i < T * T; i += 32) {
        int r = i % T, c = i / T;
        sc[c * ldc + r] = r0 + r < M && c0 + c < N ? C[(r0 + r) * N + c0 + c] : 0.0;
    }
    __syncwarp();
    wmma::fragment<wmma::accumulator, T, T, TK, double> acc;
    wmma::load_matrix_sync(acc, sc, ldc, wmma::mem_col_major);
    for (int k0 = 0; k0 < K; k0 += TK) {
        for (int i = lane; i < T * TK; i += 32) {
            int r = i / TK, k = i % TK;
            double v = r0 + r < M && k0 + k < K ? A[(r0 + r) * K + k0 + k] : 0.0;
            sa[arow ? r * lda + k : k * lda + r] = v;
            int c = i % T, kb = i / T;
            double w = k0 + kb < K && c0 + c < N ? B[(k0 + kb) * N + c0 + c] : 0.0;
            sb[brow ? kb * ldb + c : c * ldb + kb] = w;
        }
        __syncwarp();
        wmma::fragment<wmma::matrix_a, T, T, TK, double, ALay> fa;
        wmma::fragment<wmma::matrix_b, T, T, TK, double, BLay> fb;
        wmma::load_matrix_sync(fa, sa, lda);
        wmma::load_matrix_sync(fb, sb, ldb);
        wmma::mma_sync(acc, fa, fb, acc);
        __syncwarp();
    }
    wmma::store_matrix_sync(sc, acc, ldc, wmma::mem_row_major);
    __syncwarp();
    for (int i = lane; i < T * T; i += 32) {
        int r = i / T, c = i % T;
        if (r0 + r < M && c0 + c < N)
            D[(r0 + r) * N + c0 + c] = sc[r * ldc + c];
    }
}

template <typename ALay, typename BLay>
static int run(const char *name, const std::vector<double> &a, const std::vector<double> &b,
               const std::vector<double> &c, double *da, double *db, double *dc, double *dd)
{
    std::vector<double> d(M * N);
    dim3 grid((N + T - 1) / T, (M + T - 1) / T);
    gemm<ALay, BLay><<<grid, 32>>>(da, db, dc, dd);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(d.data(), dd, d.size() * 8, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double ref = c[i * N + j];
            for (int k = 0; k < K; k++)
                ref = fma(a[i * K + k], b[k * N + j], ref);
            if (d[i * N + j] != ref && bad++ < 5)
                printf("%s: D[%d][%d] = %.17g, expected %.17g\n", name, i, j, d[i * N + j], ref);
        }
    return bad != 0;
}

int main()
{
    std::vector<double> a(M * K), b(K * N), c(M * N);
    unsigned long long s = 99;
    auto rnd = [&s]() { s = s * 6364136223846793005ull + 1442695040888963407ull;
                        return (double)(s >> 11) / 9007199254740992.0 * 2 - 1; };
    for (auto &v : a) v = rnd();
    for (auto &v : b) v = rnd();
    for (auto &v : c) v = rnd();
    double *da, *db, *dc, *dd;
    CHECK(cudaMalloc(&da, a.size() * 8));
    CHECK(cudaMalloc(&db, b.size() * 8));
    CHECK(cudaMalloc(&dc, c.size() * 8));
    CHECK(cudaMalloc(&dd, c.size() * 8));
    CHECK(cudaMemcpy(da, a.data(), a.size() * 8, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), b.size() * 8, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, c.data(), c.size() * 8, cudaMemcpyHostToDevice));
    int fails = run<wmma::row_major, wmma::col_major>("row col", a, b, c, da, db, dc, dd) +
                run<wmma::col_major, wmma::row_major>("col row", a, b, c, da, db, dc, dd);
    if (fails) {
        printf("FAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
