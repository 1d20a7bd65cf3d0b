// wmma_gemm_int8: 64x64x36 integer GEMMs through nvcuda::wmma with s8 and
// u8 inputs and s32 accumulators, shapes m16n16k16, m32n8k16 and
// m8n32k16, A and B loaded row- and column-major from zero-padded shared
// tiles (strides = tile + 16), C loaded from global memory with the
// leading dimension N. Some C values lie next to INT32_MAX / INT32_MIN so
// that D = A B + C overflows: wrapped modulo 2^32 without saturation,
// clamped with mma_sync(..., satf = true), which applies to the exact sum.
// Integer results are exact: the check is equality.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
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

enum { M = 64, N = 64, K = 36 };   // M, N: multiples of every tile (C is read in place)

template <int TM, int TN, typename T, typename ALay, typename BLay, bool SAT>
__global__ void gemm(const T *A, const T *B, const int *C, int *D)
{
    constexpr int TK = 16;
    constexpr bool arow = std::is_same<ALay, wmma::row_major>::value;
    constexpr bool brow = std::is_same<BLay, wmma::row_major>::value;
    constexpr int lda = arow ? TK + 16 : TM + 16, ldb = brow ? TN + 16 : TK + 16;
    __shared__ __align__(32) T sa[(arow ? TM : TK) * lda];
    __shared__ __align__(32) T sb[(brow ? TK : TN) * ldb];
    int r0 = blockIdx.y * TM, c0 = blockIdx.x * TN, lane = threadIdx.x;
    wmma::fragment<wmma::accumulator, TM, TN, TK, int> acc;
    wmma::load_matrix_sync(acc, C + r0 * N + c0, N, wmma::mem_row_major);
    for (int k0 = 0; k0 < K; k0 += TK) {
        for (int i = lane; i < TM * TK; i += 32) {
            int r = i / TK, k = i % TK;
            T v = k0 + k < K ? A[(r0 + r) * K + k0 + k] : 0;
            sa[arow ? r * lda + k : k * lda + r] = v;
        }
        for (int i = lane; i < TK * TN; i += 32) {
            int k = i / TN, c = i % TN;
            T v = k0 + k < K ? B[(k0 + k) * N + c0 + c] : 0;
            sb[brow ? k * ldb + c : c * ldb + k] = v;
        }
        __syncwarp();
        wmma::fragment<wmma::matrix_a, TM, TN, TK, T, ALay> fa;
        wmma::fragment<wmma::matrix_b, TM, TN, TK, T, BLay> fb;
        wmma::load_matrix_sync(fa, sa, lda);
        wmma::load_matrix_sync(fb, sb, ldb);
        // each mma_sync saturates its own result (C + 16 products, exact)
        wmma::mma_sync(acc, fa, fb, acc, SAT);
        __syncwarp();
    }
    wmma::store_matrix_sync(D + r0 * N + c0, acc, N, wmma::mem_row_major);
}

template <int TM, int TN, typename T, typename ALay, typename BLay, bool SAT>
static int run(const char *name)
{
    std::vector<T> a(M * K), b(K * N);
    std::vector<int> c(M * N), d(M * N);
    unsigned s = 4242u + TM;
    auto rnd = [&s]() { s = s * 1103515245u + 12345u; return s >> 8; };
    for (auto &v : a) v = (T)rnd();
    for (auto &v : b) v = (T)rnd();
    for (int i = 0; i < M * N; i++) {
        unsigned r = rnd();
        c[i] = r % 4 == 0 ? INT32_MAX - (int)(r % 300000) : r % 4 == 1 ? INT32_MIN + (int)(r % 300000)
                                                              : (int)(r % 20001) - 10000;
    }
    T *da, *db;
    int *dc, *dd;
    CHECK(cudaMalloc(&da, a.size() * sizeof(T)));
    CHECK(cudaMalloc(&db, b.size() * sizeof(T)));
    CHECK(cudaMalloc(&dc, c.size() * 4));
    CHECK(cudaMalloc(&dd, d.size() * 4));
    CHECK(cudaMemcpy(da, a.data(), a.size() * sizeof(T), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), b.size() * sizeof(T), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, c.data(), c.size() * 4, cudaMemcpyHostToDevice));
    gemm<TM, TN, T, ALay, BLay, SAT><<<dim3(N / TN, M / TM), 32>>>(da, db, dc, dd);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(d.data(), dd, d.size() * 4, cudaMemcpyDeviceToHost));
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    CHECK(cudaFree(dd));
    int bad = 0, clamped = 0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            int64_t acc = c[i * N + j];
            for (int k0 = 0; k0 < K; k0 += 16) {     // one mma per k-tile of 16
                for (int k = k0; k < k0 + 16 && k < K; k++)
                    acc += (int64_t)a[i * K + k] * b[k * N + j];
                if (SAT) {
                    clamped += acc > INT32_MAX || acc < INT32_MIN;
                    acc = acc > INT32_MAX ? INT32_MAX : acc < INT32_MIN ? INT32_MIN : acc;
                } else {
                    acc = (int32_t)(uint32_t)acc;
                }
            }
            if (d[i * N + j] != (int)acc && bad++ < 5)
                printf("%s: D[%d][%d] = %d, expected %d\n", name, i, j, d[i * N + j], (int)acc);
        }
    if (SAT && clamped == 0) {
        printf("%s: no element saturated: the test data is too tame\n", name);
        return 1;
    }
    return bad != 0;
}

int main()
{
    int fails = 0;
    fails += run<16, 16, signed char, wmma::row_major, wmma::col_major, false>("m16n16k16 s8 row col");
    fails += run<16, 16, unsigned char, wmma::col_major, wmma::row_major, true>("m16n16k16 u8 col row sat");
    fails += run<32, 8, signed char, wmma::row_major, wmma::row_major, true>("m32n8k16 s8 row row sat");
    fails += run<32, 8, unsigned char, wmma::col_major, wmma::col_major, false>("m32n8k16 u8 col col");
    fails += run<8, 32, signed char, wmma::col_major, wmma::row_major, true>("m8n32k16 s8 col row sat");
    fails += run<8, 32, unsigned char, wmma::row_major, wmma::col_major, false>("m8n32k16 u8 row col");
    if (fails) {
        printf("FAIL (%d configurations)\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
