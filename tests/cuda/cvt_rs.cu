// NVCCFLAGS: -arch=compute_100a -code=sm_100a,compute_100a
// cvt_rs: the sm_100a stochastic-rounding conversions through inline PTX:
//   cvt.rs{.relu}{.satfinite}.{f16x2,bf16x2}.f32              d, a, b, rbits
//   cvt.rs{.relu}.satfinite.{e4m3,e5m2,e2m3,e3m2,e2m1}x4.f32  d, {a, b, e, f}, rbits
// on seeded random inputs (all f32 classes, and values around the narrow
// formats' ranges) and random rbits (sometimes 0 or all ones).
// CPU reference, from the PTX manual: the result is the representable value
// just below |x| (toward zero) or just above it (away), away when the random
// bits added to the discarded bits carry out; the discarded bits are taken
// as the fraction (|x| - lo) / (hi - lo), the random bits aligned to its top
// (k = 13 bits for f16 from rbits[28:16] / [12:0], 16 for bf16 and the 8/6-bit
// formats, 8 for e2m1). Per element: a, b get the upper half of rbits, e, f
// the lower (f8/f6 x4: a and b the same 16 bits; e2m1x4: a rbits[31:24],
// b [15:8], e [23:16], f [7:0] — the manual is silent on this split).
// lo/hi come from a binary search over the encodings (monotonic in value).
// Overflow: toward zero gives max, away gives Inf (f16/bf16, no .satfinite),
// .satfinite and formats without Inf give max; Inf -> Inf or max; NaN the
// canonical NaN (f16/bf16 0x7fff, e4m3/e5m2 0x7f; e2m1/e2m3/e3m2 +max);
// .relu: negative results +0.
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>
#include "check.cuh"

#define NOUT 15
#define N 2048

__global__ void conv(const float4 *in, const unsigned *rb, unsigned *out)
{
    unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= N)
        return;
    float a = in[i].x, b = in[i].y, e = in[i].z, f = in[i].w;
    unsigned r = rb[i], *o = out + i * NOUT;
    unsigned d;
    unsigned short h;
#define PAIR(op, k) asm volatile(op " %0, %1, %2, %3;" : "=r"(d) : "f"(a), "f"(b), "r"(r)); o[k] = d
#define QUAD(op, k) asm volatile(op " %0, {%1, %2, %3, %4}, %5;" : "=r"(d) : "f"(a), "f"(b), "f"(e), "f"(f), "r"(r)); o[k] = d
#define QUADH(op, k) asm volatile(op " %0, {%1, %2, %3, %4}, %5;" : "=h"(h) : "f"(a), "f"(b), "f"(e), "f"(f), "r"(r)); o[k] = h
    PAIR("cvt.rs.f16x2.f32", 0);
    PAIR("cvt.rs.relu.f16x2.f32", 1);
    PAIR("cvt.rs.satfinite.f16x2.f32", 2);
    PAIR("cvt.rs.relu.satfinite.f16x2.f32", 3);
    PAIR("cvt.rs.bf16x2.f32", 4);
    PAIR("cvt.rs.relu.bf16x2.f32", 5);
    PAIR("cvt.rs.satfinite.bf16x2.f32", 6);
    PAIR("cvt.rs.relu.satfinite.bf16x2.f32", 7);
    QUAD("cvt.rs.satfinite.e4m3x4.f32", 8);
    QUAD("cvt.rs.relu.satfinite.e4m3x4.f32", 9);
    QUAD("cvt.rs.satfinite.e5m2x4.f32", 10);
    QUAD("cvt.rs.satfinite.e2m3x4.f32", 11);
    QUAD("cvt.rs.relu.satfinite.e3m2x4.f32", 12);
    QUADH("cvt.rs.satfinite.e2m1x4.f32", 13);
    QUADH("cvt.rs.relu.satfinite.e2m1x4.f32", 14);
}

struct fmt {
    int ebits, mbits, bias;
    unsigned maxv, inf, nan;   // magnitude encodings; inf 0 when none
};
static const fmt F16 = { 5, 10, 15, 0x7bff, 0x7c00, 0x7fff };
static const fmt BF16 = { 8, 7, 127, 0x7f7f, 0x7f80, 0x7fff };
static const fmt E4M3 = { 4, 3, 7, 0x7e, 0, 0x7f };
static const fmt E5M2 = { 5, 2, 15, 0x7b, 0x7c, 0x7f };
static const fmt E2M3 = { 2, 3, 1, 0x1f, 0, 0x1f };
static const fmt E3M2 = { 3, 2, 3, 0x1f, 0, 0x1f };
static const fmt E2M1 = { 2, 1, 1, 0x7, 0, 0x7 };

static double value(const fmt &m, unsigned v)
{
    unsigned field = v >> m.mbits, mant = v & ((1u << m.mbits) - 1);
    if (field == 0)
        return ldexp(mant, 1 - m.bias - m.mbits);
    return ldexp((1u << m.mbits) + mant, (int)field - m.bias - m.mbits);
}

static unsigned ref(const fmt &m, bool relu, bool satf, float x, unsigned r, int k)
{
    unsigned w = m.ebits + m.mbits;
    if (std::isnan(x))
        return m.nan;
    unsigned sign = std::signbit(x) ? 1u << w : 0;
    if (relu && sign)
        return 0;
    bool no_inf = satf || m.inf == 0;
    double ax = fabs((double)x);
    if (std::isinf(x))
        return sign | (no_inf ? m.maxv : m.inf);
    double tk = ldexp(1, k);
    if (ax > value(m, m.maxv)) {            // beyond max: discarded bits at x's own binade
        double ulp = ldexp(1, ilogb(ax) - m.mbits);
        double frac = (ax - floor(ax / ulp) * ulp) / ulp;
        bool away = floor(frac * tk) + r >= tk;
        return sign | (no_inf || !away ? m.maxv : m.inf);
    }
    unsigned lo = 0, hi = m.maxv;           // largest encoding with value <= ax
    while (lo < hi) {
        unsigned mid = (lo + hi + 1) / 2;
        if (value(m, mid) <= ax) lo = mid; else hi = mid - 1;
    }
    double vlo = value(m, lo);
    if (vlo == ax)
        return sign | lo;
    double frac = (ax - vlo) / (value(m, lo + 1) - vlo);   // exact: the step is a power of 2
    bool away = floor(frac * tk) + r >= tk;
    return sign | (lo + (away ? 1 : 0));
}

static unsigned pair(const fmt &m, bool relu, bool satf, float a, float b, unsigned r, bool f16)
{
    unsigned lm = f16 ? 0x1fff : 0xffff;
    int k = f16 ? 13 : 16;
    return ref(m, relu, satf, a, (r >> 16) & lm, k) << 16 | ref(m, relu, satf, b, r & lm, k);
}

static unsigned quad(const fmt &m, bool relu, const float *v, unsigned r)
{
    bool f4 = &m == &E2M1;
    unsigned rs[4];
    if (f4) {
        rs[0] = r >> 24; rs[1] = (r >> 8) & 0xff; rs[2] = (r >> 16) & 0xff; rs[3] = r & 0xff;
    } else {
        rs[0] = rs[1] = r >> 16;
        rs[2] = rs[3] = r & 0xffff;
    }
    unsigned d = 0;
    for (int i = 0; i < 4; i++)
        d = d << (f4 ? 4 : 8) | ref(m, relu, true, v[i], rs[i], f4 ? 8 : 16);
    return d;
}

static unsigned lcg(unsigned long long *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(*s >> 32);
}

static float gen(unsigned long long *s)
{
    unsigned c = lcg(s) % 8, bits;
    if (c == 0) {
        bits = lcg(s);                      // every class: NaN, Inf, subnormal
    } else if (c == 1) {
        static const unsigned sp[] = { 0, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u,
                                       0x7f7fffffu, 0x00000001u, 0x477ff000u, 0x43e80000u,
                                       0x3f880000u, 0x3f808000u, 0x3f801000u, 0x40d00000u };
        bits = sp[lcg(s) % (sizeof sp / sizeof sp[0])];
    } else {
        int e = (int)(lcg(s) % 52) - 30;   // 2^-30 .. 2^21: subnormals to overflow
        bits = (lcg(s) & 0x80000000u) | (unsigned)(e + 127) << 23 | (lcg(s) & 0x7fffff);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

int main()
{
    static float4 hin[N];
    static unsigned hrb[N], hout[N * NOUT];
    unsigned long long s = 12345;
    for (int i = 0; i < N; i++) {
        hin[i] = make_float4(gen(&s), gen(&s), gen(&s), gen(&s));
        unsigned c = lcg(&s) % 8;
        hrb[i] = c == 0 ? 0 : c == 1 ? 0xffffffffu : lcg(&s);
    }
    float4 *din;
    unsigned *drb, *dout;
    CHECK(cudaMalloc(&din, sizeof hin));
    CHECK(cudaMalloc(&drb, sizeof hrb));
    CHECK(cudaMalloc(&dout, sizeof hout));
    CHECK(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(drb, hrb, sizeof hrb, cudaMemcpyHostToDevice));
    conv<<<N / 128, 128>>>(din, drb, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < N; i++) {
        float v[4] = { hin[i].x, hin[i].y, hin[i].z, hin[i].w };
        unsigned r = hrb[i], want[NOUT];
        for (int j = 0; j < 4; j++) {
            want[j] = pair(F16, j & 1, j & 2, v[0], v[1], r, true);
            want[4 + j] = pair(BF16, j & 1, j & 2, v[0], v[1], r, false);
        }
        want[8] = quad(E4M3, false, v, r);
        want[9] = quad(E4M3, true, v, r);
        want[10] = quad(E5M2, false, v, r);
        want[11] = quad(E2M3, false, v, r);
        want[12] = quad(E3M2, true, v, r);
        want[13] = quad(E2M1, false, v, r);
        want[14] = quad(E2M1, true, v, r);
        for (int k = 0; k < NOUT; k++)
            if (hout[i * NOUT + k] != want[k] && bad++ < 10) {
                unsigned u[4];
                memcpy(u, v, sizeof u);
                printf("thread %d op %d: in %08x %08x %08x %08x rbits %08x: got %08x want %08x\n",
                       i, k, u[0], u[1], u[2], u[3], r, hout[i * NOUT + k], want[k]);
            }
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(drb));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
