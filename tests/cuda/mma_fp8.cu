// NVCCFLAGS: -arch=sm_89
// mma_fp8: 32x16x64 GEMMs with the sm_89 fp8 mma.sync forms
//   mma.sync.aligned.m16n8k{32,16}.row.col.{f32,f16}.{e4m3,e5m2}.{e4m3,e5m2}.{f32,f16}
// fragments indexed by hand as in the PTX ISA manual (the .e4m3/.e5m2
// layouts are those of .s8/.u8, "Matrix fragments for mma.m16n8k16 /
// m16n8k32"), g = lane >> 2, t = lane % 4, element i of a register in byte i:
//   k32  A: a0 (g, 4t..4t+3) a1 (g+8, 4t..) a2 (g, 16+4t..) a3 (g+8, 16+4t..)
//        B: b0 (k 4t..4t+3, n g) b1 (k 16+4t.., n g)
//   k16  A: a0 (g, 4t..) a1 (g+8, 4t..)      B: b0 (k 4t.., n g)
//   C/D f32: c0, c1 (g, 2t, 2t+1) c2, c3 (g+8, 2t, 2t+1)
//   C/D f16: c0 = (g, 2t) | (g, 2t+1) << 16, c1 the same for row g+8
// Inputs are every fp8 encoding but NaN and infinity (f16 accumulators:
// magnitudes below 16, so the sums stay finite), decoded on the host with
// cuda_fp8.h. The reference follows Cobalt's documented order
// (docs/tensor-cores.md): products are exact in f32 and added to C one at
// a time in increasing k with f32 round-to-nearest, an f16 accumulator
// rounded to f16 after every 4 products; the check is bit-exact.
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_fp16.h>
#include <cuda_fp8.h>
#include "check.cuh"

enum { M = 32, N = 16, K = 64, NKIND = 6 };

#define F32_OUT "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
#define F16_OUT "+r"(h[0]), "+r"(h[1])
#define IN32 "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1])
#define IN16 "r"(a[0]), "r"(a[1]), "r"(b[0])

// kind: 0 k32 e4m3.e4m3 f32, 1 k32 e4m3.e5m2 f32, 2 k32 e5m2.e4m3 f16,
// 3 k32 e5m2.e5m2 f32, 4 k16 e5m2.e4m3 f32, 5 k16 e4m3.e5m2 f16.
// A: M x K bytes row-major, Bt: N x K bytes (B column-major).
// C32/D32: M x N f32, C16/D16: M x N f16 bits.
__global__ void gemm(int kind, const unsigned char *A, const unsigned char *Bt, const float *C32,
                     const unsigned short *C16, float *D32, unsigned short *D16)
{
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    int r0 = warp / (N / 8) * 16, n0 = warp % (N / 8) * 8, g = lane >> 2, t = lane & 3;
    bool f16 = kind == 2 || kind == 5, k16 = kind >= 4;
    float c[4];
    unsigned h[2];
    for (int i = 0; i < 4; i++)
        c[i] = C32[(r0 + g + 8 * (i / 2)) * N + n0 + 2 * t + i % 2];
    for (int i = 0; i < 2; i++)
        h[i] = C16[(r0 + g + 8 * i) * N + n0 + 2 * t] |
               (unsigned)C16[(r0 + g + 8 * i) * N + n0 + 2 * t + 1] << 16;
    auto ldA = [&](int r, int k) { return *(const unsigned *)(A + r * K + k); };
    auto ldB = [&](int n, int k) { return *(const unsigned *)(Bt + n * K + k); };
    for (int k0 = 0; k0 < K; k0 += k16 ? 16 : 32) {
        unsigned a[4], b[2];
        a[0] = ldA(r0 + g, k0 + 4 * t);
        a[1] = ldA(r0 + g + 8, k0 + 4 * t);
        a[2] = k16 ? 0 : ldA(r0 + g, k0 + 16 + 4 * t);
        a[3] = k16 ? 0 : ldA(r0 + g + 8, k0 + 16 + 4 * t);
        b[0] = ldB(n0 + g, k0 + 4 * t);
        b[1] = k16 ? 0 : ldB(n0 + g, k0 + 16 + 4 * t);
        switch (kind) {
        case 0:
            asm volatile("mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32 {%0,%1,%2,%3}, "
                         "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};" : F32_OUT : IN32);
            break;
        case 1:
            asm volatile("mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e5m2.f32 {%0,%1,%2,%3}, "
                         "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};" : F32_OUT : IN32);
            break;
        case 2:
            asm volatile("mma.sync.aligned.m16n8k32.row.col.f16.e5m2.e4m3.f16 {%0,%1}, "
                         "{%2,%3,%4,%5}, {%6,%7}, {%0,%1};" : F16_OUT : IN32);
            break;
        case 3:
            asm volatile("mma.sync.aligned.m16n8k32.row.col.f32.e5m2.e5m2.f32 {%0,%1,%2,%3}, "
                         "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};" : F32_OUT : IN32);
            break;
        case 4:
            asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.e5m2.e4m3.f32 {%0,%1,%2,%3}, "
                         "{%4,%5}, {%6}, {%0,%1,%2,%3};" : F32_OUT : IN16);
            break;
        default:
            asm volatile("mma.sync.aligned.m16n8k16.row.col.f16.e4m3.e5m2.f16 {%0,%1}, "
                         "{%2,%3}, {%4}, {%0,%1};" : F16_OUT : IN16);
            break;
        }
    }
    if (f16) {
        for (int i = 0; i < 2; i++) {
            D16[(r0 + g + 8 * i) * N + n0 + 2 * t] = (unsigned short)h[i];
            D16[(r0 + g + 8 * i) * N + n0 + 2 * t + 1] = (unsigned short)(h[i] >> 16);
        }
    } else {
        for (int i = 0; i < 4; i++)
            D32[(r0 + g + 8 * (i / 2)) * N + n0 + 2 * t + i % 2] = c[i];
    }
}

static float fp8_val(unsigned char v, bool e5m2)
{
    __half_raw hr = __nv_cvt_fp8_to_halfraw(v, e5m2 ? __NV_E5M2 : __NV_E4M3);
    __half h(hr);
    return __half2float(h);
}

static unsigned short h_bits(float f)
{
    __half h = __float2half_rn(f);
    unsigned short u;
    memcpy(&u, &h, 2);
    return u;
}

static float h_val(unsigned short u)
{
    __half h;
    memcpy(&h, &u, 2);
    return __half2float(h);
}

static uint32_t f_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

// A random fp8 encoding that is neither NaN nor infinity (small: |v| < 16).
static unsigned char fp8_rand(unsigned r, bool e5m2, bool small)
{
    for (;; r = r * 1103515245u + 12345u) {
        unsigned char v = (unsigned char)(r >> 11);
        unsigned e = e5m2 ? (v >> 2) & 31 : (v >> 3) & 15;
        if (e5m2 ? e == 31 : (v & 0x7F) == 0x7F)
            continue;
        if (small && (e5m2 ? e >= 19 : e >= 11))
            continue;
        return v;
    }
}

int main()
{
    static unsigned char a[M * K], bt[N * K];
    static float c32[M * N], d32[M * N];
    static unsigned short c16[M * N], d16[M * N];
    static const bool ae5[] = { false, false, true, true, true, false };
    static const bool be5[] = { false, true, false, true, false, true };
    static const char *const names[] = { "m16n8k32 f32.e4m3.e4m3.f32", "m16n8k32 f32.e4m3.e5m2.f32",
                                         "m16n8k32 f16.e5m2.e4m3.f16", "m16n8k32 f32.e5m2.e5m2.f32",
                                         "m16n8k16 f32.e5m2.e4m3.f32", "m16n8k16 f16.e4m3.e5m2.f16" };
    unsigned char *da, *db;
    float *dc32, *dd32;
    unsigned short *dc16, *dd16;
    CHECK(cudaMalloc(&da, sizeof a));
    CHECK(cudaMalloc(&db, sizeof bt));
    CHECK(cudaMalloc(&dc32, sizeof c32));
    CHECK(cudaMalloc(&dd32, sizeof d32));
    CHECK(cudaMalloc(&dc16, sizeof c16));
    CHECK(cudaMalloc(&dd16, sizeof d16));
    unsigned s = 4242u;
    auto rnd = [&s]() { s = s * 1103515245u + 12345u; return s; };
    int fails = 0;
    for (int kind = 0; kind < NKIND; kind++) {
        bool f16 = kind == 2 || kind == 5;
        for (auto &v : a) v = fp8_rand(rnd(), ae5[kind], f16);
        for (auto &v : bt) v = fp8_rand(rnd(), be5[kind], f16);
        for (int i = 0; i < M * N; i++) {
            c32[i] = (float)((int)(rnd() % 2000001) - 1000000) / 1031.0f;
            c16[i] = h_bits((float)((int)(rnd() % 20001) - 10000) / 301.0f);
        }
        CHECK(cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(db, bt, sizeof bt, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dc32, c32, sizeof c32, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dc16, c16, sizeof c16, cudaMemcpyHostToDevice));
        gemm<<<1, 32 * (M / 16) * (N / 8)>>>(kind, da, db, dc32, dc16, dd32, dd16);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(d32, dd32, sizeof d32, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(d16, dd16, sizeof d16, cudaMemcpyDeviceToHost));
        int bad = 0;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
                float acc = f16 ? h_val(c16[i * N + j]) : c32[i * N + j];
                for (int k = 0; k < K; k++) {
                    volatile float p = fp8_val(a[i * K + k], ae5[kind]) * fp8_val(bt[j * K + k], be5[kind]);
                    acc = acc + p;
                    if (f16 && k % 4 == 3)
                        acc = h_val(h_bits(acc));
                }
                uint32_t want = f16 ? h_bits(acc) : f_bits(acc);
                uint32_t got = f16 ? d16[i * N + j] : f_bits(d32[i * N + j]);
                if (got != want && bad++ < 4)
                    printf("%s: D[%d][%d] = 0x%x, expected 0x%x\n", names[kind], i, j, got, want);
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
