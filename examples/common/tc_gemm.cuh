// tc_gemm.cuh — a tensor-core GEMM written the way a CUDA user writes one:
// shared-memory tiles, ldmatrix to load fragments, mma.sync m16n8k16 with f16
// inputs and f32 accumulation, all through inline PTX (no cuBLAS, no wmma).
//
//   C[m][n] = act(sum_k A[m][k] * B[n][k] + bias[n]) (+ resid[m][n])
//
// A is M x K row-major f16 (activations), B is N x K row-major f16 (weights
// stored [out][in], i.e. "column-major B" as mma .row.col wants). K must be a
// multiple of 32 and both leading dimensions multiples of 8 (16-byte rows);
// rows past M or N read as zeros and are never written.
//
// Numerics: each mma adds the exact f16 x f16 products of an output element
// to its f32 accumulator one k at a time, in k order, rounding to f32 after
// each add (Cobalt's HMMAS, docs/isa.md). The CPU references in examples/
// compute the same sum in the same order, so they match bit for bit.
#pragma once
#include <cuda_fp16.h>

enum { TC_BM = 32, TC_BN = 32, TC_BK = 32, TC_PAD = 8, TC_THREADS = 128 };
enum tc_act { TC_NONE = 0, TC_RELU = 1, TC_GELU = 2 };

__device__ __forceinline__ unsigned tc_smem_addr(const void *p)
{
    return (unsigned)__cvta_generic_to_shared(p);
}

// Four 8x8 f16 matrices from shared memory; lane l names row l%8 of matrix l/8.
__device__ __forceinline__ void tc_ldmatrix_x4(unsigned r[4], unsigned addr)
{
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(addr));
}

// d += A (16x16) * B (16x8): a[4], b[2] are fragments, d[4] the accumulator.
__device__ __forceinline__ void tc_mma(float d[4], const unsigned a[4], unsigned b0, unsigned b1)
{
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// Copies a 32 x 32 tile (rows r0.., columns k0..) into shared memory, 8
// halves (16 bytes) per thread per pass; rows past `rows` become zeros.
__device__ __forceinline__ void tc_load_tile(__half (*s)[TC_BK + TC_PAD], const __half *g,
                                             int ld, int r0, int rows, int k0)
{
    for (int i = threadIdx.x; i < 32 * 4; i += TC_THREADS) {
        int r = i / 4, c = (i % 4) * 8;
        uint4 v = make_uint4(0, 0, 0, 0);
        if (r0 + r < rows)
            v = *(const uint4 *)(g + (size_t)(r0 + r) * ld + k0 + c);
        *(uint4 *)&s[r][c] = v;
    }
}

template <typename Act>
__device__ __forceinline__ void tc_store(float v, int m, int n, int M, int N, const float *bias,
                                         const float *resid, float *C, __half *Ch, int ldc,
                                         Act act)
{
    if (m >= M || n >= N)
        return;
    if (bias)
        v = v + bias[n];
    v = act(v);
    if (resid)
        v = resid[(size_t)m * ldc + n] + v;
    if (C)
        C[(size_t)m * ldc + n] = v;
    if (Ch)
        Ch[(size_t)m * ldc + n] = __float2half_rn(v);
}

// One block (4 warps) computes a 32 x 32 tile of C; warp w owns the 16 x 16
// sub-tile at rows 16*(w/2), columns 16*(w%2): two m16n8k16 per 16 of k.
// `act` is a functor float -> float applied after the bias.
template <typename Act>
__global__ void tc_gemm(const __half *A, int lda, const __half *B, int ldb, const float *bias,
                        const float *resid, float *C, __half *Ch, int ldc, int M, int N, int K,
                        Act act)
{
    __shared__ __align__(16) __half sa[TC_BM][TC_BK + TC_PAD];  // padded: no bank conflicts
    __shared__ __align__(16) __half sb[TC_BN][TC_BK + TC_PAD];
    int m0 = blockIdx.y * TC_BM, n0 = blockIdx.x * TC_BN;
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    int wm = (warp / 2) * 16, wn = (warp % 2) * 16;
    float acc[2][4] = { { 0.f, 0.f, 0.f, 0.f }, { 0.f, 0.f, 0.f, 0.f } };
    for (int k0 = 0; k0 < K; k0 += TC_BK) {
        tc_load_tile(sa, A, lda, m0, M, k0);
        tc_load_tile(sb, B, ldb, n0, N, k0);
        __syncthreads();
        for (int kk = 0; kk < TC_BK; kk += 16) {
            unsigned a[4], b[4];
            // A: matrices (rows 0-7 | 8-15) x (k 0-7 | 8-15)
            tc_ldmatrix_x4(a, tc_smem_addr(&sa[wm + lane % 16][kk + (lane / 16) * 8]));
            // B: n 0-7 k 0-7, n 0-7 k 8-15, n 8-15 k 0-7, n 8-15 k 8-15
            tc_ldmatrix_x4(b, tc_smem_addr(&sb[wn + lane % 8 + (lane / 16) * 8]
                                              [kk + (lane / 8 % 2) * 8]));
            tc_mma(acc[0], a, b[0], b[1]);
            tc_mma(acc[1], a, b[2], b[3]);
        }
        __syncthreads();
    }
    int g = lane / 4, t = lane % 4;
    for (int j = 0; j < 2; j++)
        for (int i = 0; i < 4; i++) {
            int m = m0 + wm + g + 8 * (i / 2), n = n0 + wn + 8 * j + 2 * t + (i % 2);
            tc_store(acc[j][i], m, n, M, N, bias, resid, C, Ch, ldc, act);
        }
}

// The grid for an M x N output.
static inline dim3 tc_grid(int M, int N)
{
    return dim3((unsigned)((N + TC_BN - 1) / TC_BN), (unsigned)((M + TC_BM - 1) / TC_BM));
}
