// NVCCFLAGS: -arch=sm_90
// ptx_conformance_half: f16 add/sub/mul/fma (.rn, the only rounding PTX
// allows for them) with .ftz, .sat, .relu, and min/max with and without .NaN, swept
// over edge values (+-0, subnormals, the largest finite value, +-Inf, NaN
// payloads, halfway cases) and compared bit for bit with a CPU reference
// written from the PTX manual. Every failing case is printed with its
// inputs and both bit patterns.
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cuda_runtime.h>

#define NOPS 16
static const char *const names[NOPS] = {
    "add.rn.f16", "add.rn.ftz.f16", "add.rn.sat.f16", "add.rn.ftz.sat.f16", "sub.rn.ftz.f16",
    "mul.rn.f16", "mul.rn.ftz.f16", "mul.rn.sat.f16", "mul.rn.ftz.sat.f16", "sub.rn.sat.f16",
    "fma.rn.f16", "fma.rn.relu.f16", "fma.rn.ftz.sat.f16", "min.f16", "max.NaN.f16",
    "min.NaN.f16",
};

__global__ void kern(const unsigned short *a, const unsigned short *b, const unsigned short *c,
                     unsigned short *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    unsigned short x = a[i], y = b[i], z = c[i], r[NOPS];
    asm("add.rn.f16 %0, %1, %2;" : "=h"(r[0]) : "h"(x), "h"(y));
    asm("add.rn.ftz.f16 %0, %1, %2;" : "=h"(r[1]) : "h"(x), "h"(y));
    asm("add.rn.sat.f16 %0, %1, %2;" : "=h"(r[2]) : "h"(x), "h"(y));
    asm("add.rn.ftz.sat.f16 %0, %1, %2;" : "=h"(r[3]) : "h"(x), "h"(y));
    asm("sub.rn.ftz.f16 %0, %1, %2;" : "=h"(r[4]) : "h"(x), "h"(y));
    asm("mul.rn.f16 %0, %1, %2;" : "=h"(r[5]) : "h"(x), "h"(y));
    asm("mul.rn.ftz.f16 %0, %1, %2;" : "=h"(r[6]) : "h"(x), "h"(y));
    asm("mul.rn.sat.f16 %0, %1, %2;" : "=h"(r[7]) : "h"(x), "h"(y));
    asm("mul.rn.ftz.sat.f16 %0, %1, %2;" : "=h"(r[8]) : "h"(x), "h"(y));
    asm("sub.rn.sat.f16 %0, %1, %2;" : "=h"(r[9]) : "h"(x), "h"(y));
    asm("fma.rn.f16 %0, %1, %2, %3;" : "=h"(r[10]) : "h"(x), "h"(y), "h"(z));
    asm("fma.rn.relu.f16 %0, %1, %2, %3;" : "=h"(r[11]) : "h"(x), "h"(y), "h"(z));
    asm("fma.rn.ftz.sat.f16 %0, %1, %2, %3;" : "=h"(r[12]) : "h"(x), "h"(y), "h"(z));
    asm("min.f16 %0, %1, %2;" : "=h"(r[13]) : "h"(x), "h"(y));
    asm("max.NaN.f16 %0, %1, %2;" : "=h"(r[14]) : "h"(x), "h"(y));
    asm("min.NaN.f16 %0, %1, %2;" : "=h"(r[15]) : "h"(x), "h"(y));
    for (int k = 0; k < NOPS; k++)
        out[(size_t)i * NOPS + k] = r[k];
}

// ---- CPU reference from the PTX manual (IEEE 754 binary16) -----------------
enum { RN, RZ, RM, RP };
static bool h_nan(uint32_t h) { return (h & 0x7fff) > 0x7c00; }
static bool h_sub(uint32_t h) { return (h & 0x7c00) == 0 && (h & 0x3ff) != 0; }
static double h_val(uint32_t h)
{
    int e = (h >> 10) & 31, m = h & 0x3ff;
    double v = e == 31 ? INFINITY : e ? ldexp(1024 + m, e - 25) : ldexp(m, -24);
    return h & 0x8000 ? -v : v;
}
static uint32_t flush(uint32_t h, bool ftz) { return ftz && h_sub(h) ? h & 0x8000 : h; }

// Rounds an exact double (finite, non-zero) to binary16 in mode `md`.
static uint32_t h_round(double v, int md)
{
    bool neg = v < 0;
    double ax = fabs(v);
    int e;
    frexp(ax, &e);
    int ue = e - 1 < -14 ? -14 : e - 1;
    double q = ldexp(ax, 10 - ue), fl = floor(q), rem = q - fl;
    bool up = md == RN ? (rem > 0.5 || (rem == 0.5 && fmod(fl, 2) == 1))
            : md == RZ ? false : md == RP ? (rem > 0 && !neg) : (rem > 0 && neg);
    if (up) fl += 1;
    double r = ldexp(fl, ue - 10);
    uint32_t s = neg ? 0x8000 : 0;
    if (r >= 65536.0) {   // overflow: Inf, or the largest finite value toward zero
        bool to_inf = md == RN || (md == RP && !neg) || (md == RM && neg);
        return s | (to_inf ? 0x7c00 : 0x7bff);
    }
    if (r < ldexp(1, -14))
        return s | (uint32_t)ldexp(r, 24);
    frexp(r, &e);
    return s | (uint32_t)(e - 1 + 15) << 10 | ((uint32_t)ldexp(r, 10 - (e - 1)) - 1024);
}

// Sum/product already exact in `v`; sgn0 = sign of an exact zero result.
static uint32_t h_result(double v, bool sgn0, int md)
{
    if (std::isnan(v)) return 0x7fff;
    if (std::isinf(v)) return v < 0 ? 0xfc00 : 0x7c00;
    if (v == 0) return sgn0 ? 0x8000 : 0;
    return h_round(v, md);
}

static uint32_t post(uint32_t r, bool ftz, bool sat, bool relu)
{
    r = flush(r, ftz);
    if (sat) {
        if (h_nan(r) || (r & 0x8000)) return 0;
        return h_val(r) > 1.0 ? 0x3c00 : r;
    }
    if (relu) {
        if (h_nan(r)) return 0x7fff;
        return r & 0x8000 ? 0 : r;
    }
    return r;
}

static uint32_t ref_add(uint32_t x, uint32_t y, int md, bool ftz, bool sat, bool neg_y)
{
    x = flush(x, ftz); y = flush(y, ftz);
    if (neg_y) y ^= 0x8000;
    if (h_nan(x) || h_nan(y)) return post(0x7fff, ftz, sat, false);
    double v = h_val(x) + h_val(y);
    bool sx = x >> 15, sy = y >> 15;
    bool sgn0 = (sx && sy) || (sx != sy && md == RM);
    return post(h_result(v, sgn0, md), ftz, sat, false);
}

static uint32_t ref_mul(uint32_t x, uint32_t y, int md, bool ftz, bool sat)
{
    x = flush(x, ftz); y = flush(y, ftz);
    if (h_nan(x) || h_nan(y)) return post(0x7fff, ftz, sat, false);
    double v = h_val(x) * h_val(y);
    return post(h_result(v, (x ^ y) >> 15, md), ftz, sat, false);
}

// fma: the product is exact in a double; the sum is exact for the values
// this test feeds it (magnitudes 2^-6..2^6 and zeros / specials).
static uint32_t ref_fma(uint32_t x, uint32_t y, uint32_t z, int md, bool ftz, bool sat,
                        bool relu)
{
    x = flush(x, ftz); y = flush(y, ftz); z = flush(z, ftz);
    if (h_nan(x) || h_nan(y) || h_nan(z)) return post(0x7fff, ftz, sat, relu);
    double p = h_val(x) * h_val(y), v = p + h_val(z);
    bool sp = (x ^ y) >> 15, sz = z >> 15;
    bool sgn0 = (sp && sz) || (sp != sz && md == RM);
    return post(h_result(v, sgn0, md), ftz, sat, relu);
}

static uint32_t ref_minmax(uint32_t x, uint32_t y, bool max, bool nan_mode)
{
    bool nx = h_nan(x), ny = h_nan(y);
    if (nx || ny) {
        if (nan_mode || (nx && ny)) return 0x7fff;
        return nx ? y : x;
    }
    double a = h_val(x), b = h_val(y);
    if (a == b) {   // -0 < +0
        bool xneg = x >> 15;
        return (xneg != max) ? x : y;
    }
    return (a < b) != max ? x : y;
}

int main()
{
    const unsigned short vals[] = {
        0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x0400, 0x8400, 0x3c00, 0xbc00, 0x3c01, 0x3bff,
        0x4000, 0xc000, 0x3555, 0x7bff, 0xfbff, 0x7800, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0xfe55,
        0x1400, 0x0200, 0x3800, 0xb800, 0x5640, 0x0002, 0x1001, 0x57ff, 0x3e00, 0x2e66,
    };
    // fma: magnitudes 2^-6..2^6 (exact sums in a double), zeros and specials
    const unsigned short fvals[] = { 0x0000, 0x8000, 0x3c00, 0xbc00, 0x3c01, 0x3555, 0x2401,
                                     0x57ff, 0xd7ff, 0x4248, 0x2c00, 0x7c00, 0xfc00, 0x7e00 };
    const int nv = sizeof vals / sizeof vals[0], nf = sizeof fvals / sizeof fvals[0];
    const int n = nv * nv;
    static unsigned short ha[n], hb[n], hc[n], out[n * NOPS];
    for (int i = 0; i < nv; i++)
        for (int j = 0; j < nv; j++) {
            int k = i * nv + j;
            ha[k] = vals[i];
            hb[k] = vals[j];
            hc[k] = fvals[(i + j) % nf];
        }
    unsigned short *da, *db, *dc, *dout;
    if (cudaMalloc(&da, sizeof ha) != cudaSuccess || cudaMalloc(&db, sizeof hb) != cudaSuccess ||
        cudaMalloc(&dc, sizeof hc) != cudaSuccess || cudaMalloc(&dout, sizeof out) != cudaSuccess ||
        cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice) != cudaSuccess ||
        cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice) != cudaSuccess ||
        cudaMemcpy(dc, hc, sizeof hc, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<(n + 127) / 128, 128>>>(da, db, dc, dout, n);
    cudaError_t le = cudaGetLastError();
    if (le != cudaSuccess) {
        printf("launch: %s\nFAIL\n", cudaGetErrorName(le));
        return 1;
    }
    cudaError_t e = cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int bad = 0;
    for (int k = 0; k < n; k++) {
        uint32_t x = ha[k], y = hb[k], z = hc[k];
        // fma only where x and y are in the exact range too
        bool fma_ok = false, fx = false, fy = false;
        for (int f = 0; f < nf; f++) { fx |= fvals[f] == x; fy |= fvals[f] == y; }
        fma_ok = fx && fy;
        uint32_t want[NOPS] = {
            ref_add(x, y, RN, false, false, false), ref_add(x, y, RN, true, false, false),
            ref_add(x, y, RN, false, true, false), ref_add(x, y, RN, true, true, false),
            ref_add(x, y, RN, true, false, true), ref_mul(x, y, RN, false, false),
            ref_mul(x, y, RN, true, false), ref_mul(x, y, RN, false, true),
            ref_mul(x, y, RN, true, true), ref_add(x, y, RN, false, true, true),
            ref_fma(x, y, z, RN, false, false, false), ref_fma(x, y, z, RN, false, false, true),
            ref_fma(x, y, z, RN, true, true, false), ref_minmax(x, y, false, false),
            ref_minmax(x, y, true, true), ref_minmax(x, y, false, true),
        };
        for (int op = 0; op < NOPS; op++) {
            if (op >= 10 && op <= 12 && !fma_ok)
                continue;
            if (out[(size_t)k * NOPS + op] != want[op] && bad++ < 20)
                printf("%s a=0x%04x b=0x%04x c=0x%04x: got 0x%04x, want 0x%04x\n", names[op], x,
                       y, z, out[(size_t)k * NOPS + op], want[op]);
        }
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("%d cases x %d instructions\nPASS\n", n, NOPS);
    return 0;
}
