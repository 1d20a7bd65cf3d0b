// tests/cuda/spill_regs.cu — more live values than R0..R254 hold: 320
// float accumulators (and 160 doubles: 320 words) fully unrolled with
// compile-time indices, so nvcc keeps them all in PTX registers (%f/%fd)
// and live around a runtime loop; Cobalt's register allocator must spill
// them to local memory (isa/ptx/lower_regalloc_spill.c). Checked against a
// CPU reference; cudaFuncGetAttributes' localSizeBytes covers the spill slots.
// A third kernel, capped at 32 registers with __maxnreg__ (PTX .maxnreg),
// keeps four m16n8k16 accumulator fragments and its A/B fragments live: the
// fragments of the mma.sync steps are spilled and reloaded whole.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cuda_fp16.h>
#include "check.cuh"

#define NF 320
#define ND 160
#define NT 64

template <typename T, int N>
__global__ void rotate(const T *in, T *out, int iters)
{
    int tid = blockIdx.x * blockDim.x + threadIdx.x;
    int n = gridDim.x * blockDim.x;
    T acc[N];
#pragma unroll
    for (int i = 0; i < N; i++)
        acc[i] = in[i * n + tid];
    for (int k = 0; k < iters; k++) {   // every acc[i] is live around this loop
        T s = acc[N - 1];
#pragma unroll
        for (int i = 0; i < N; i++) {
            T t = acc[i];
            acc[i] = t * (T)0.5 + s * (T)0.25 + (T)(i & 7);
            s = t;
        }
    }
#pragma unroll
    for (int i = 0; i < N; i++)
        out[i * n + tid] = acc[i];
}

template <typename T, int N>
static void reference(const T *in, T *out, int n, int iters)
{
    for (int tid = 0; tid < n; tid++) {
        T acc[N];
        for (int i = 0; i < N; i++)
            acc[i] = in[i * n + tid];
        for (int k = 0; k < iters; k++) {
            T s = acc[N - 1];
            for (int i = 0; i < N; i++) {
                T t = acc[i];
                acc[i] = t * (T)0.5 + s * (T)0.25 + (T)(i & 7);
                s = t;
            }
        }
        for (int i = 0; i < N; i++)
            out[i * n + tid] = acc[i];
    }
}

template <typename T, int N>
static int check(const char *what, int iters)
{
    const int n = 2 * NT, count = N * n;
    T *h_in = (T *)malloc(count * sizeof(T)), *h_out = (T *)malloc(count * sizeof(T));
    T *want = (T *)malloc(count * sizeof(T));
    REQUIRE(h_in != NULL && h_out != NULL && want != NULL);
    for (int i = 0; i < count; i++)
        h_in[i] = (T)((i * 37) % 101) / (T)8;
    T *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, count * sizeof(T)));
    CHECK(cudaMalloc(&d_out, count * sizeof(T)));
    CHECK(cudaMemcpy(d_in, h_in, count * sizeof(T), cudaMemcpyHostToDevice));
    rotate<T, N><<<2, NT>>>(d_in, d_out, iters);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h_out, d_out, count * sizeof(T), cudaMemcpyDeviceToHost));
    reference<T, N>(h_in, want, n, iters);
    for (int i = 0; i < count; i++)
        if (std::fabs((double)(h_out[i] - want[i])) > 1e-4 * (1 + std::fabs((double)want[i]))) {
            printf("%s: element %d: got %g, want %g\nFAIL\n", what, i, (double)h_out[i],
                   (double)want[i]);
            return 1;
        }
    cudaFuncAttributes attr;
    CHECK(cudaFuncGetAttributes(&attr, rotate<T, N>));
    // at least the words beyond 255 registers live in local memory
    REQUIRE(attr.localSizeBytes >= 4 * (NF - 255));
    printf("%s: %d values, local %zu B\n", what, N, (size_t)attr.localSizeBytes);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    free(h_in);
    free(h_out);
    free(want);
    return 0;
}

// ---- mma.sync under a register cap ----
#define MK 64   // A is 16 x MK, B is MK x 32 (row-major), C is 16 x 32

__device__ unsigned pack2(const unsigned short *p, int i, int j)
{
    return p[i] | (unsigned)p[j] << 16;
}

// One warp: C = A * B as four 16x8 tiles; fragment layout of
// mma.m16n8k16.row.col (PTX ISA): g = lane >> 2, t = lane % 4.
__global__ void __maxnreg__(32) mma_capped(const unsigned short *A, const unsigned short *B,
                                           float *C)
{
    int lane = threadIdx.x, g = lane >> 2, t = lane & 3;
    float acc[4][4] = {};
    for (int k0 = 0; k0 < MK; k0 += 16) {
        unsigned a0 = pack2(A, g * MK + k0 + 2 * t, g * MK + k0 + 2 * t + 1);
        unsigned a1 = pack2(A, (g + 8) * MK + k0 + 2 * t, (g + 8) * MK + k0 + 2 * t + 1);
        unsigned a2 = pack2(A, g * MK + k0 + 2 * t + 8, g * MK + k0 + 2 * t + 9);
        unsigned a3 = pack2(A, (g + 8) * MK + k0 + 2 * t + 8, (g + 8) * MK + k0 + 2 * t + 9);
#pragma unroll
        for (int j = 0; j < 4; j++) {
            int n = 8 * j + g;
            unsigned b0 = pack2(B, (k0 + 2 * t) * 32 + n, (k0 + 2 * t + 1) * 32 + n);
            unsigned b1 = pack2(B, (k0 + 2 * t + 8) * 32 + n, (k0 + 2 * t + 9) * 32 + n);
            asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                         "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                         : "+f"(acc[j][0]), "+f"(acc[j][1]), "+f"(acc[j][2]), "+f"(acc[j][3])
                         : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
        }
    }
#pragma unroll
    for (int j = 0; j < 4; j++) {
        C[g * 32 + 8 * j + 2 * t] = acc[j][0];
        C[g * 32 + 8 * j + 2 * t + 1] = acc[j][1];
        C[(g + 8) * 32 + 8 * j + 2 * t] = acc[j][2];
        C[(g + 8) * 32 + 8 * j + 2 * t + 1] = acc[j][3];
    }
}

static int check_mma()
{
    // small integers: every product and sum is exact in f16/f32
    __half hA[16 * MK], hB[MK * 32];
    float a[16 * MK], b[MK * 32], c[16 * 32];
    for (int i = 0; i < 16 * MK; i++)
        hA[i] = __float2half(a[i] = (float)(i % 5 - 2));
    for (int i = 0; i < MK * 32; i++)
        hB[i] = __float2half(b[i] = (float)((i * 7) % 9 - 4));
    __half *dA, *dB;
    float *dC;
    CHECK(cudaMalloc(&dA, sizeof hA));
    CHECK(cudaMalloc(&dB, sizeof hB));
    CHECK(cudaMalloc(&dC, sizeof c));
    CHECK(cudaMemcpy(dA, hA, sizeof hA, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dB, hB, sizeof hB, cudaMemcpyHostToDevice));
    mma_capped<<<1, 32>>>((const unsigned short *)dA, (const unsigned short *)dB, dC);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(c, dC, sizeof c, cudaMemcpyDeviceToHost));
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 32; j++) {
            float want = 0;
            for (int k = 0; k < MK; k++)
                want += a[i * MK + k] * b[k * 32 + j];
            if (c[i * 32 + j] != want) {
                printf("mma: C[%d][%d] = %g, want %g\nFAIL\n", i, j, c[i * 32 + j], want);
                return 1;
            }
        }
    cudaFuncAttributes attr;
    CHECK(cudaFuncGetAttributes(&attr, mma_capped));
    REQUIRE(attr.numRegs <= 32);
    printf("mma: %d registers, local %zu B\n", attr.numRegs, (size_t)attr.localSizeBytes);
    CHECK(cudaFree(dA));
    CHECK(cudaFree(dB));
    CHECK(cudaFree(dC));
    return 0;
}

int main()
{
    if (check<float, NF>("float", 5) != 0 || check<double, ND>("double", 4) != 0 ||
        check_mma() != 0)
        return 1;
    printf("PASS\n");
    return 0;
}
