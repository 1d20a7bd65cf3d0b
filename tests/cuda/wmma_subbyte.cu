// wmma_subbyte: the sub-byte warp matrix functions of mma.h
// (wmma::experimental::precision::s4 / u4 / b1): 16x16 GEMMs walking K in
// m8n8k32 (s4.s4 and u4.u4, with and without saturation) and m8n8k128
// (b1 with bmmaBitOpXOR and bmmaBitOpAND, POPC accumulation) tiles, one
// warp per 8x8 tile of D. A is row major (M x K elements), B column major
// (stored as N x K), as PTX requires for these shapes; elements are packed
// low nibble / low bit first. C is loaded row major and D stored row or
// column major. C is near INT32_MAX / INT32_MIN for a quarter of the
// elements each, so the integer sums wrap (or clamp with satf: each mma
// clamps its own exact C + A B). Integer results are exact: equality.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <vector>
#include <mma.h>
#include <cuda_runtime.h>

using namespace nvcuda;
namespace wx = nvcuda::wmma::experimental;

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s\nFAIL\n", __FILE__, __LINE__, #call, \
                   cudaGetErrorString(err_));                                \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

enum { M = 16, N = 16, K4 = 128, KB = 512 };

// kind 0: s4 (satf), 1: u4, 2: s4 (no satf), 3: u4 (satf); D row major for
// even kinds, column major for odd ones. A: M x K4 nibbles, Bt: N x K4.
template <typename P>
__device__ void gemm4(bool satf, bool dcol, const unsigned char *A, const unsigned char *Bt,
                      const int *C, int *D)
{
    int warp = threadIdx.x / 32, r0 = warp / (N / 8) * 8, c0 = warp % (N / 8) * 8;
    wmma::fragment<wmma::matrix_a, 8, 8, 32, P, wmma::row_major> a;
    wmma::fragment<wmma::matrix_b, 8, 8, 32, P, wmma::col_major> b;
    wmma::fragment<wmma::accumulator, 8, 8, 32, int> c;
    wmma::load_matrix_sync(c, C + r0 * N + c0, N, wmma::mem_row_major);
    for (int k0 = 0; k0 < K4; k0 += 32) {
        wmma::load_matrix_sync(a, A + (r0 * K4 + k0) / 2, K4);
        wmma::load_matrix_sync(b, Bt + (c0 * K4 + k0) / 2, K4);
        wmma::mma_sync(c, a, b, c, satf);
    }
    if (dcol)
        wmma::store_matrix_sync(D + c0 * M + r0, c, M, wmma::mem_col_major);
    else
        wmma::store_matrix_sync(D + r0 * N + c0, c, N, wmma::mem_row_major);
}

__global__ void gemm_int4(int kind, const unsigned char *A, const unsigned char *Bt, const int *C,
                          int *D)
{
    if (kind % 2 == 0)
        gemm4<wx::precision::s4>(kind != 2, false, A, Bt, C, D);
    else
        gemm4<wx::precision::u4>(kind == 3, true, A, Bt, C, D);
}

// b1: op 0 XOR, 1 AND. A: M x KB bits, Bt: N x KB bits.
__global__ void gemm_b1(int op, const unsigned *A, const unsigned *Bt, const int *C, int *D)
{
    int warp = threadIdx.x / 32, r0 = warp / (N / 8) * 8, c0 = warp % (N / 8) * 8;
    wmma::fragment<wmma::matrix_a, 8, 8, 128, wx::precision::b1, wmma::row_major> a;
    wmma::fragment<wmma::matrix_b, 8, 8, 128, wx::precision::b1, wmma::col_major> b;
    wmma::fragment<wmma::accumulator, 8, 8, 128, int> c;
    wmma::load_matrix_sync(c, C + r0 * N + c0, N, wmma::mem_row_major);
    for (int k0 = 0; k0 < KB; k0 += 128) {
        wmma::load_matrix_sync(a, A + (r0 * KB + k0) / 32, KB);
        wmma::load_matrix_sync(b, Bt + (c0 * KB + k0) / 32, KB);
        if (op == 0)
            wmma::bmma_sync(c, a, b, c, wx::bmmaBitOpXOR, wx::bmmaAccumulateOpPOPC);
        else
            wmma::bmma_sync(c, a, b, c, wx::bmmaBitOpAND, wx::bmmaAccumulateOpPOPC);
    }
    wmma::store_matrix_sync(D + r0 * N + c0, c, N, wmma::mem_row_major);
}

static int nib(const std::vector<unsigned char> &m, int row, int k, bool sgn)
{
    int v = (m[(row * K4 + k) / 2] >> (4 * (k % 2))) & 0xF;
    return sgn && v >= 8 ? v - 16 : v;
}

int main()
{
    std::vector<unsigned char> a4(M * K4 / 2), b4(N * K4 / 2);
    std::vector<unsigned> a1(M * KB / 32), b1(N * KB / 32);
    std::vector<int> c(M * N), d(M * N);
    unsigned s = 2718u;
    auto rnd = [&s]() { s = s * 1103515245u + 12345u; return s >> 8; };
    for (auto &v : a4) v = (unsigned char)rnd();
    for (auto &v : b4) v = (unsigned char)rnd();
    for (auto &v : a1) v = rnd() ^ rnd() << 16;
    for (auto &v : b1) v = rnd() ^ rnd() << 16;
    for (int i = 0; i < M * N; i++) {
        unsigned r = rnd();
        c[i] = r % 4 == 0 ? INT32_MAX - (int)(r % 200) : r % 4 == 1 ? INT32_MIN + (int)(r % 200)
                                                           : (int)(r % 20001) - 10000;
    }
    unsigned char *da4, *db4;
    unsigned *da1, *db1;
    int *dc, *dd;
    CHECK(cudaMalloc(&da4, a4.size()));
    CHECK(cudaMalloc(&db4, b4.size()));
    CHECK(cudaMalloc(&da1, a1.size() * 4));
    CHECK(cudaMalloc(&db1, b1.size() * 4));
    CHECK(cudaMalloc(&dc, c.size() * 4));
    CHECK(cudaMalloc(&dd, d.size() * 4));
    CHECK(cudaMemcpy(da4, a4.data(), a4.size(), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db4, b4.data(), b4.size(), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(da1, a1.data(), a1.size() * 4, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db1, b1.data(), b1.size() * 4, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, c.data(), c.size() * 4, cudaMemcpyHostToDevice));
    static const char *const names[] = { "s4 satf", "u4", "s4", "u4 satf", "b1 xor", "b1 and" };
    int fails = 0;
    for (int kind = 0; kind < 6; kind++) {
        if (kind < 4)
            gemm_int4<<<1, 32 * (M / 8) * (N / 8)>>>(kind, da4, db4, dc, dd);
        else
            gemm_b1<<<1, 32 * (M / 8) * (N / 8)>>>(kind - 4, da1, db1, dc, dd);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(d.data(), dd, d.size() * 4, cudaMemcpyDeviceToHost));
        bool sat = kind == 0 || kind == 3, sgn = kind % 2 == 0, dcol = kind == 1 || kind == 3;
        int bad = 0, clamped = 0;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
                int64_t acc = c[i * N + j];
                if (kind < 4) {
                    for (int k0 = 0; k0 < K4; k0 += 32) {
                        for (int k = k0; k < k0 + 32; k++)
                            acc += (int64_t)nib(a4, i, k, sgn) * nib(b4, j, k, sgn);
                        if (sat) {
                            clamped += acc > INT32_MAX || acc < INT32_MIN;
                            acc = acc > INT32_MAX ? INT32_MAX : acc < INT32_MIN ? INT32_MIN : acc;
                        } else {
                            acc = (int32_t)(uint32_t)acc;
                        }
                    }
                } else {
                    for (int w = 0; w < KB / 32; w++) {
                        unsigned x = a1[i * KB / 32 + w], y = b1[j * KB / 32 + w];
                        acc += __builtin_popcount(kind == 4 ? x ^ y : x & y);
                    }
                    acc = (int32_t)(uint32_t)acc;
                }
                int got = dcol ? d[j * M + i] : d[i * N + j];
                if (got != (int)acc && bad++ < 5)
                    printf("%s: D[%d][%d] = %d, expected %d\n", names[kind], i, j, got, (int)acc);
            }
        if (sat && clamped == 0) {
            printf("%s: nothing saturated: the data is too tame\n", names[kind]);
            bad++;
        }
        fails += bad != 0;
    }
    if (fails) {
        printf("FAIL (%d kinds)\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
