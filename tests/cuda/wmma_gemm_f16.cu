// wmma_gemm_f16: GEMMs through the nvcuda::wmma API with f16 and bf16
// inputs, every f16/bf16 shape (m16n16k16, m32n8k16, m8n32k16), f32 and
// f16 accumulators (bf16: f32 only), A and B fragments loaded row- and
// column-major. M, N, K are not multiples of the tiles: each warp copies
// its tiles into shared memory padded with zeros (the strides are the tile
// widths plus a pad), as user code does; D = 2 * (A B + C) with the scaling
// done element by element on the accumulator fragment.
//
// Tolerance: Cobalt adds the products of a 4x4x4 unit step exactly (f16 and
// bf16 products are exact in f32) in k order (docs/architecture.md, Tensor
// cores). f32 accumulators round once per addition: |err| <= K u sum|a b|
// with u = 2^-24. f16 accumulators round to f16 once per step (K/4 steps)
// and once when C is read: |err| <= (K/4 + 2) 2^-11 sum|a b| + 2^-11 |C|.
// The check uses those bounds (times 2 for the final scaling), which hold
// for any summation order a GPU may use.
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <vector>
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_bf16.h>
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

enum { M = 50, N = 70, K = 40 };

template <typename T> __host__ __device__ float to_f(T v);
template <> __host__ __device__ float to_f<__half>(__half v) { return __half2float(v); }
template <> __host__ __device__ float to_f<__nv_bfloat16>(__nv_bfloat16 v) { return __bfloat162float(v); }
template <> __host__ __device__ float to_f<float>(float v) { return v; }
template <typename T> __host__ __device__ T from_f(float v);
template <> __host__ __device__ __half from_f<__half>(float v) { return __float2half(v); }
template <> __host__ __device__ __nv_bfloat16 from_f<__nv_bfloat16>(float v) { return __float2bfloat16(v); }
template <> __host__ __device__ float from_f<float>(float v) { return v; }

// One warp per TM x TN tile of D. A is M x K and B is K x N, row-major in
// global memory; the shared copies are row- or column-major per ALay/BLay.
template <int TM, int TN, int TK, typename T, typename Acc, typename ALay, typename BLay>
__global__ void gemm(const T *A, const T *B, const Acc *C, Acc *D)
{
    constexpr bool arow = std::is_same<ALay, wmma::row_major>::value;
    constexpr bool brow = std::is_same<BLay, wmma::row_major>::value;
    constexpr int lda = arow ? TK + 8 : TM + 8, ldb = brow ? TN + 8 : TK + 8;
    constexpr int ldc = TN + 8, ldd = TM + 8;
    __shared__ __align__(32) T sa[(arow ? TM : TK) * lda];
    __shared__ __align__(32) T sb[(brow ? TK : TN) * ldb];
    __shared__ __align__(32) Acc sc[TM * ldc];
    __shared__ __align__(32) Acc sd[TN * ldd];
    int r0 = blockIdx.y * TM, c0 = blockIdx.x * TN, lane = threadIdx.x;

    for (int i = lane; i < TM * TN; i += 32) {
        int r = i / TN, c = i % TN;
        sc[r * ldc + c] = r0 + r < M && c0 + c < N ? C[(r0 + r) * N + c0 + c] : from_f<Acc>(0.f);
    }
    __syncwarp();
    wmma::fragment<wmma::accumulator, TM, TN, TK, Acc> acc;
    wmma::load_matrix_sync(acc, sc, ldc, wmma::mem_row_major);
    for (int k0 = 0; k0 < K; k0 += TK) {
        for (int i = lane; i < TM * TK; i += 32) {
            int r = i / TK, k = i % TK;
            T v = r0 + r < M && k0 + k < K ? A[(r0 + r) * K + k0 + k] : from_f<T>(0.f);
            sa[arow ? r * lda + k : k * lda + r] = v;
        }
        for (int i = lane; i < TK * TN; i += 32) {
            int k = i / TN, c = i % TN;
            T v = k0 + k < K && c0 + c < N ? B[(k0 + k) * N + c0 + c] : from_f<T>(0.f);
            sb[brow ? k * ldb + c : c * ldb + k] = v;
        }
        __syncwarp();
        wmma::fragment<wmma::matrix_a, TM, TN, TK, T, ALay> fa;
        wmma::fragment<wmma::matrix_b, TM, TN, TK, T, BLay> fb;
        wmma::load_matrix_sync(fa, sa, lda);
        wmma::load_matrix_sync(fb, sb, ldb);
        wmma::mma_sync(acc, fa, fb, acc);
        __syncwarp();
    }
    for (int i = 0; i < acc.num_elements; i++)
        acc.x[i] = from_f<Acc>(to_f(acc.x[i]) * 2.f);
    wmma::store_matrix_sync(sd, acc, ldd, wmma::mem_col_major);
    __syncwarp();
    for (int i = lane; i < TM * TN; i += 32) {
        int r = i % TM, c = i / TM;
        if (r0 + r < M && c0 + c < N)
            D[(r0 + r) * N + c0 + c] = sd[c * ldd + r];
    }
}

template <int TM, int TN, int TK, typename T, typename Acc, typename ALay, typename BLay>
static int run(const char *name)
{
    std::vector<T> a(M * K), b(K * N);
    std::vector<Acc> c(M * N), d(M * N);
    unsigned s = 12345u + TM * 7 + TN;
    auto rnd = [&s]() { s = s * 1103515245u + 12345u; return ((s >> 8) % 2001) / 1000.f - 1.f; };
    for (auto &v : a) v = from_f<T>(rnd());
    for (auto &v : b) v = from_f<T>(rnd());
    for (auto &v : c) v = from_f<Acc>(rnd());
    T *da, *db;
    Acc *dc, *dd;
    CHECK(cudaMalloc(&da, a.size() * sizeof(T)));
    CHECK(cudaMalloc(&db, b.size() * sizeof(T)));
    CHECK(cudaMalloc(&dc, c.size() * sizeof(Acc)));
    CHECK(cudaMalloc(&dd, d.size() * sizeof(Acc)));
    CHECK(cudaMemcpy(da, a.data(), a.size() * sizeof(T), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), b.size() * sizeof(T), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, c.data(), c.size() * sizeof(Acc), cudaMemcpyHostToDevice));
    dim3 grid((N + TN - 1) / TN, (M + TM - 1) / TM);
    gemm<TM, TN, TK, T, Acc, ALay, BLay><<<grid, 32>>>(da, db, dc, dd);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(d.data(), dd, d.size() * sizeof(Acc), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    CHECK(cudaFree(dd));
    bool f16acc = sizeof(Acc) == 2;
    int bad = 0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double ref = to_f(c[i * N + j]), mag = 0;
            for (int k = 0; k < K; k++) {
                double p = (double)to_f(a[i * K + k]) * to_f(b[k * N + j]);
                ref += p;
                mag += fabs(p);
            }
            double tol = f16acc ? ((K / 4 + 2) * mag + fabs(to_f(c[i * N + j]))) * ldexp(1.0, -11)
                                : K * mag * ldexp(1.0, -24);
            tol = 2 * tol + 2 * fabs(ref) * (f16acc ? ldexp(1.0, -11) : ldexp(1.0, -24)) + 1e-30;
            double got = to_f(d[i * N + j]);
            if (!(fabs(got - 2 * ref) <= tol) && bad++ < 5)
                printf("%s: D[%d][%d] = %.9g, expected %.9g (tolerance %.3g)\n", name, i, j, got,
                       2 * ref, tol);
        }
    if (bad)
        printf("%s: %d wrong\n", name, bad);
    return bad != 0;
}

#define SHAPES(T, Acc, AL, BL, tag)                                                        \
    fails += run<16, 16, 16, T, Acc, wmma::AL, wmma::BL>("m16n16k16 " tag " " #AL " " #BL); \
    fails += run<32, 8, 16, T, Acc, wmma::AL, wmma::BL>("m32n8k16 " tag " " #AL " " #BL);   \
    fails += run<8, 32, 16, T, Acc, wmma::AL, wmma::BL>("m8n32k16 " tag " " #AL " " #BL);

int main()
{
    int fails = 0;
    SHAPES(__half, float, row_major, col_major, "f16->f32")
    SHAPES(__half, float, col_major, row_major, "f16->f32")
    SHAPES(__half, __half, row_major, row_major, "f16->f16")
    SHAPES(__half, __half, col_major, col_major, "f16->f16")
    SHAPES(__nv_bfloat16, float, row_major, col_major, "bf16->f32")
    SHAPES(__nv_bfloat16, float, col_major, row_major, "bf16->f32")
    if (fails) {
        printf("FAIL (%d configurations)\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
