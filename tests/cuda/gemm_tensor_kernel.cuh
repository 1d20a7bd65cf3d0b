// gemm_tensor_kernel.cuh: a hand-written tensor-core GEMM, the way
// CUTLASS-style sm_80 kernels are built, shared by tests/cuda/cp_async_gemm.cu
// and tests/bench/gemm_tensor.cu.
//
// C (f32, row-major, padded to whole 64x64 tiles: leading dimension N
// rounded up to 64, M rounded up to 64 rows) = A (M x K, f16, row-major) * B (K x N, f16,
// row-major). A block of 4 warps computes a 64x64 tile of C, each warp a
// 32x32 quarter as 2 x 4 mma.sync.m16n8k16 tiles. K is walked in 32-wide
// slices that cp.async copies into a two-stage shared-memory ring: slice
// k+1 is in flight while slice k is multiplied (commit_group / wait_group 1).
// ldmatrix.x4 gives the A fragments, ldmatrix.x4.trans the B fragments of
// two n-tiles at once. Chunks outside the matrices (edge tiles) are copied
// with src-size 0 from a valid address: cp.async zero-fills them, so the
// edge tiles need no other special case. Requirements: K and N multiples
// of 8 (16-byte aligned rows for the 16-byte copies).
#pragma once
#include <cuda_fp16.h>

namespace gemm {

enum { BM = 64, BN = 64, BK = 32, PAD = 8, THREADS = 128 };
enum { AS = BK + PAD, BS = BN + PAD };   // shared row strides (halves), 16-byte multiples

__device__ __forceinline__ unsigned smem(const void *p)
{
    return (unsigned)__cvta_generic_to_shared(p);
}

// 16 bytes global -> shared; `bytes` of them read (0 or 16 here), the rest zero.
__device__ __forceinline__ void copy16(void *dst, const void *src, unsigned bytes)
{
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;"
                 :: "r"(smem(dst)), "l"(src), "r"(bytes) : "memory");
}

// Slice kt of A (BM x BK) and B (BK x BN) into stage buffers: 256 + 256
// chunks of 8 halves, 2 + 2 per thread.
__device__ __forceinline__ void load_slice(const __half *A, const __half *B, int M, int N, int K,
                                           int bm, int bn, int k0, __half (*as)[AS],
                                           __half (*bs)[BS])
{
#pragma unroll
    for (int i = 0; i < BM * BK / 8 / THREADS; i++) {
        int c = threadIdx.x + i * THREADS, r = c / (BK / 8), col = c % (BK / 8) * 8;
        int gr = bm + r, gk = k0 + col;
        bool ok = gr < M && gk < K;
        copy16(&as[r][col], ok ? A + (size_t)gr * K + gk : A, ok ? 16u : 0u);
    }
#pragma unroll
    for (int i = 0; i < BK * BN / 8 / THREADS; i++) {
        int c = threadIdx.x + i * THREADS, r = c / (BN / 8), col = c % (BN / 8) * 8;
        int gk = k0 + r, gn = bn + col;
        bool ok = gk < K && gn < N;
        copy16(&bs[r][col], ok ? B + (size_t)gk * N + gn : B, ok ? 16u : 0u);
    }
}

__global__ void __launch_bounds__(THREADS)
gemm_f16_f32(const __half *A, const __half *B, float *C, int M, int N, int K)
{
    __shared__ __align__(16) __half As[2][BM][AS];
    __shared__ __align__(16) __half Bs[2][BK][BS];
    int bm = blockIdx.y * BM, bn = blockIdx.x * BN;
    int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    int wm = warp / 2 * 32, wn = warp % 2 * 32;
    float acc[2][4][4] = {};
    int kt_n = (K + BK - 1) / BK;

    load_slice(A, B, M, N, K, bm, bn, 0, As[0], Bs[0]);
    asm volatile("cp.async.commit_group;" ::: "memory");
    for (int kt = 0; kt < kt_n; kt++) {
        int s = kt & 1;
        if (kt + 1 < kt_n)
            load_slice(A, B, M, N, K, bm, bn, (kt + 1) * BK, As[s ^ 1], Bs[s ^ 1]);
        asm volatile("cp.async.commit_group;" ::: "memory");
        asm volatile("cp.async.wait_group 1;" ::: "memory");   // slice kt has landed
        __syncthreads();
        for (int kk = 0; kk < BK; kk += 16) {
            unsigned a[2][4], b[4][2];
            for (int i = 0; i < 2; i++) {
                const __half *p = &As[s][wm + i * 16 + lane % 16][kk + lane / 16 * 8];
                asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                             : "=r"(a[i][0]), "=r"(a[i][1]), "=r"(a[i][2]), "=r"(a[i][3])
                             : "r"(smem(p)));
            }
            for (int j = 0; j < 2; j++) {
                int q = lane / 8;
                const __half *p = &Bs[s][kk + lane % 8 + 8 * (q % 2)][wn + j * 16 + 8 * (q / 2)];
                asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];"
                             : "=r"(b[2 * j][0]), "=r"(b[2 * j][1]), "=r"(b[2 * j + 1][0]),
                               "=r"(b[2 * j + 1][1])
                             : "r"(smem(p)));
            }
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 4; j++)
                    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                                 : "+f"(acc[i][j][0]), "+f"(acc[i][j][1]), "+f"(acc[i][j][2]),
                                   "+f"(acc[i][j][3])
                                 : "r"(a[i][0]), "r"(a[i][1]), "r"(a[i][2]), "r"(a[i][3]),
                                   "r"(b[j][0]), "r"(b[j][1]));
        }
        __syncthreads();   // the next iteration's copies overwrite this stage
    }
    asm volatile("cp.async.wait_all;" ::: "memory");
    // C is padded to whole tiles (ldc = N rounded up to BN, rows to BM),
    // so the epilogue stores without bounds checks.
    int g = lane / 4, t = lane % 4, ldc = (N + BN - 1) / BN * BN;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 4; j++)
            for (int h = 0; h < 2; h++) {
                int r = bm + wm + i * 16 + g + 8 * h, c = bn + wn + j * 8 + 2 * t;
                *(float2 *)&C[(size_t)r * ldc + c] = make_float2(acc[i][j][2 * h],
                                                                 acc[i][j][2 * h + 1]);
            }
}

} // namespace gemm
