// mma_m16n8k16: 64x64x64 GEMMs with inline-PTX mma.sync, the fragments
// indexed by hand as in the PTX ISA manual ("Matrix fragments for
// mma.m16n8k16 / m16n8k8"): g = lane >> 2, t = lane % 4,
//   A: a0,a1 (g, 2t..) a2,a3 (g+8, 2t..) a4,a5 (g, 2t+8..) a6,a7 (g+8, 2t+8..)
//   B: b0,b1 (k 2t.., n g) b2,b3 (k 2t+8.., n g)
//   C/D: c0,c1 (g, 2t..) c2,c3 (g+8, 2t..)
// Shapes m16n8k16 f16 and bf16, m16n8k8 f16. Each warp owns one 16x8 tile
// of C and walks K. Cobalt adds the K = 64 exact products of an element in
// k order with f32 round-to-nearest (docs/isa.md, HMMAS), so the error
// against an exact (double) sum is at most 64 u sum|a b| (u = 2^-24): the
// tolerance used, which holds for any f32 summation order.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cmath>
#include <vector>
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_bf16.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s\nFAIL\n", __FILE__, __LINE__, #call, \
                   cudaGetErrorString(err_));                                \
            return 1;                                                        \
        }                                                                    \
    } while (0)

enum { M = 64, N = 64, K = 64 };

// Two consecutive 16-bit elements (row r, columns c, c+1) of a row-major
// matrix with `ld` columns, as one 32-bit register.
__device__ unsigned ld2(const unsigned short *p, int r, int c, int ld)
{
    return *(const unsigned *)(p + r * ld + c);
}

// kind 0: m16n8k16 f16, 1: m16n8k16 bf16, 2: m16n8k8 f16. Bt is B
// transposed (N x K row-major), i.e. B column-major as .col wants.
__global__ void gemm(int kind, const unsigned short *A, const unsigned short *Bt, float *C)
{
    int warp = (blockIdx.x * blockDim.x + threadIdx.x) / 32, lane = threadIdx.x % 32;
    int r0 = warp / (N / 8) * 16, c0 = warp % (N / 8) * 8;
    int g = lane >> 2, t = lane & 3;
    float c[4] = { 0.f, 0.f, 0.f, 0.f };
    for (int k0 = 0; k0 < K; k0 += kind == 2 ? 8 : 16) {
        unsigned a0 = ld2(A, r0 + g, k0 + 2 * t, K), a1 = ld2(A, r0 + g + 8, k0 + 2 * t, K);
        unsigned b0 = ld2(Bt, c0 + g, k0 + 2 * t, K);
        if (kind == 2) {
            asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.f16.f16.f32 "
                         "{%0,%1,%2,%3}, {%4,%5}, {%6}, {%0,%1,%2,%3};"
                         : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                         : "r"(a0), "r"(a1), "r"(b0));
            continue;
        }
        unsigned a2 = ld2(A, r0 + g, k0 + 2 * t + 8, K), a3 = ld2(A, r0 + g + 8, k0 + 2 * t + 8, K);
        unsigned b1 = ld2(Bt, c0 + g, k0 + 2 * t + 8, K);
        if (kind == 0)
            asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                         "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                         : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                         : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
        else
            asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
                         "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                         : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                         : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
    }
    C[(r0 + g) * N + c0 + 2 * t] = c[0];
    C[(r0 + g) * N + c0 + 2 * t + 1] = c[1];
    C[(r0 + g + 8) * N + c0 + 2 * t] = c[2];
    C[(r0 + g + 8) * N + c0 + 2 * t + 1] = c[3];
}

static unsigned short to_bits(float v, bool bf, float *rounded)
{
    unsigned short u;
    if (bf) {
        __nv_bfloat16 h = __float2bfloat16(v);
        memcpy(&u, &h, 2);
        *rounded = __bfloat162float(h);
    } else {
        __half h = __float2half(v);
        memcpy(&u, &h, 2);
        *rounded = __half2float(h);
    }
    return u;
}

static int run(int kind)
{
    bool bf = kind == 1;
    std::vector<unsigned short> a(M * K), bt(N * K);
    std::vector<float> af(M * K), bf32(N * K), c(M * N);
    srand(17 + kind);
    for (int i = 0; i < M * K; i++)
        a[i] = to_bits((float)rand() / RAND_MAX * 2.f - 1.f, bf, &af[i]);
    for (int i = 0; i < N * K; i++)
        bt[i] = to_bits((float)rand() / RAND_MAX * 2.f - 1.f, bf, &bf32[i]);
    unsigned short *da, *db;
    float *dc;
    CHECK(cudaMalloc(&da, a.size() * 2));
    CHECK(cudaMalloc(&db, bt.size() * 2));
    CHECK(cudaMalloc(&dc, c.size() * 4));
    CHECK(cudaMemcpy(da, a.data(), a.size() * 2, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, bt.data(), bt.size() * 2, cudaMemcpyHostToDevice));
    gemm<<<(M / 16) * (N / 8) / 4, 128>>>(kind, da, db, dc);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(c.data(), dc, c.size() * 4, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double ref = 0, mag = 0;
            for (int k = 0; k < K; k++) {
                double p = (double)af[i * K + k] * bf32[j * K + k];
                ref += p;
                mag += fabs(p);
            }
            double tol = 64.0 * ldexp(1.0, -24) * mag;
            if (fabs(c[i * N + j] - ref) > tol && bad++ < 5)
                printf("kind %d: C[%d][%d] = %.9g, reference %.9g (tolerance %.3g)\n", kind, i,
                       j, c[i * N + j], ref, tol);
        }
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
    return bad;
}

int main()
{
    int bad = 0;
    for (int kind = 0; kind < 3; kind++)
        bad += run(kind);
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
