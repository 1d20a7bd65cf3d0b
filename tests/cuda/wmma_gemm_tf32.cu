// wmma_gemm_tf32: a 45x37x30 GEMM through nvcuda::wmma m16n16k8 with tf32
// inputs and f32 accumulators, A and B fragments loaded row- and
// column-major from zero-padded shared tiles (strides = tile + 4), the
// inputs rounded to tf32 element by element on the fragments
// (wmma::__float_to_tf32, cvt.rna.tf32.f32), D = C + A B stored row-major.
//
// Reference: the CPU rounds the inputs to tf32 the same way (nearest, ties
// away: 13 low mantissa bits dropped), so every product is exact in f32.
// Cobalt adds them in k order with f32 round-to-nearest (docs/architecture.md,
// Tensor cores), hence |err| <= K u sum|a b| + u |ref| with u = 2^-24 for any
// order a GPU may use: the tolerance checked.
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

enum { M = 45, N = 37, K = 30, TM = 16, TN = 16, TK = 8 };

template <typename ALay, typename BLay>
__global__ void gemm(const float *A, const float *B, const float *C, float *D)
{
    constexpr bool arow = std::is_same<ALay, wmma::row_major>::value;
    constexpr bool brow = std::is_same<BLay, wmma::row_major>::value;
    constexpr int lda = arow ? TK + 4 : TM + 4, ldb = brow ? TN + 4 : TK + 4, ldc = TN + 4;
    __shared__ __align__(32) float sa[(arow ? TM : TK) * lda];
    __shared__ __align__(32) float sb[(brow ? TK : TN) * ldb];
    __shared__ __align__(32) float sc[TM * ldc];
    int r0 = blockIdx.y * TM, c0 = blockIdx.x * TN, lane = threadIdx.x;
    for (int i = lane; i < TM * TN; i += 32) {
        int r = i / TN, c = i % TN;
        sc[r * ldc + c] = r0 + r < M && c0 + c < N ? C[(r0 + r) * N + c0 + c] : 0.f;
    }
    __syncwarp();
    wmma::fragment<wmma::accumulator, TM, TN, TK, float> acc;
    wmma::load_matrix_sync(acc, sc, ldc, wmma::mem_row_major);
    for (int k0 = 0; k0 < K; k0 += TK) {
        for (int i = lane; i < TM * TK; i += 32) {
            int r = i / TK, k = i % TK;
            float v = r0 + r < M && k0 + k < K ? A[(r0 + r) * K + k0 + k] : 0.f;
            sa[arow ? r * lda + k : k * lda + r] = v;
        }
        for (int i = lane; i < TK * TN; i += 32) {
            int k = i / TN, c = i % TN;
            float v = k0 + k < K && c0 + c < N ? B[(k0 + k) * N + c0 + c] : 0.f;
            sb[brow ? k * ldb + c : c * ldb + k] = v;
        }
        __syncwarp();
        wmma::fragment<wmma::matrix_a, TM, TN, TK, wmma::precision::tf32, ALay> fa;
        wmma::fragment<wmma::matrix_b, TM, TN, TK, wmma::precision::tf32, BLay> fb;
        wmma::load_matrix_sync(fa, sa, lda);
        wmma::load_matrix_sync(fb, sb, ldb);
        for (int i = 0; i < fa.num_elements; i++)
            fa.x[i] = wmma::__float_to_tf32(fa.x[i]);
        for (int i = 0; i < fb.num_elements; i++)
            fb.x[i] = wmma::__float_to_tf32(fb.x[i]);
        wmma::mma_sync(acc, fa, fb, acc);
        __syncwarp();
    }
    wmma::store_matrix_sync(sc, acc, ldc, wmma::mem_row_major);
    __syncwarp();
    for (int i = lane; i < TM * TN; i += 32) {
        int r = i / TN, c = i % TN;
        if (r0 + r < M && c0 + c < N)
            D[(r0 + r) * N + c0 + c] = sc[r * ldc + c];
    }
}

// Round to nearest, ties away from zero, keeping 10 mantissa bits.
static float tf32(float x)
{
    unsigned u;
    memcpy(&u, &x, 4);
    if ((u & 0x7f800000u) != 0x7f800000u)
        u = (u + 0x1000u) & 0xffffe000u;
    memcpy(&x, &u, 4);
    return x;
}

template <typename ALay, typename BLay>
static int run(const char *name, const std::vector<float> &a, const std::vector<float> &b,
               const std::vector<float> &c, float *da, float *db, float *dc, float *dd)
{
    std::vector<float> d(M * N);
    dim3 grid((N + TN - 1) / TN, (M + TM - 1) / TM);
    gemm<ALay, BLay><<<grid, 32>>>(da, db, dc, dd);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(d.data(), dd, d.size() * 4, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double ref = c[i * N + j], mag = 0;
            for (int k = 0; k < K; k++) {
                double p = (double)tf32(a[i * K + k]) * tf32(b[k * N + j]);
                ref += p;
                mag += fabs(p);
            }
            double tol = (K * mag + fabs(ref)) * ldexp(1.0, -24) + 1e-30;
            if (!(fabs(d[i * N + j] - ref) <= tol) && bad++ < 5)
                printf("%s: D[%d][%d] = %.9g, expected %.9g (tolerance %.3g)\n", name, i, j,
                       d[i * N + j], ref, tol);
        }
    return bad != 0;
}

int main()
{
    std::vector<float> a(M * K), b(K * N), c(M * N);
    unsigned s = 777u;
    auto rnd = [&s]() { s = s * 1103515245u + 12345u; return (float)((s >> 4) % 2000001) / 1e6f - 1.f; };
    for (auto &v : a) v = rnd();
    for (auto &v : b) v = rnd();
    for (auto &v : c) v = rnd();
    float *da, *db, *dc, *dd;
    CHECK(cudaMalloc(&da, a.size() * 4));
    CHECK(cudaMalloc(&db, b.size() * 4));
    CHECK(cudaMalloc(&dc, c.size() * 4));
    CHECK(cudaMalloc(&dd, c.size() * 4));
    CHECK(cudaMemcpy(da, a.data(), a.size() * 4, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), b.size() * 4, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, c.data(), c.size() * 4, cudaMemcpyHostToDevice));
    int fails = run<wmma::row_major, wmma::col_major>("row col", a, b, c, da, db, dc, dd) +
                run<wmma::col_major, wmma::row_major>("col row", a, b, c, da, db, dc, dd) +
                run<wmma::row_major, wmma::row_major>("row row", a, b, c, da, db, dc, dd);
    if (fails) {
        printf("FAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
