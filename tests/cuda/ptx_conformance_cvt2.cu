// NVCCFLAGS: -arch=sm_90 -Xcompiler -frounding-math
// ptx_conformance_cvt2: conversions in every rounding mode, swept over edge
// values and seeded random inputs (wide exponents, exact halfway cases and
// values one ulp off them): s64/u64 -> f64 and u64/s32 -> f32 (.rn .rz .rm
// .rp), f64 -> s64/u64/s32/u32 (.rni .rzi .rmi .rpi, saturating, NaN -> 0),
// f64 -> f32 with and without .ftz, f64 -> bf16 and f32 -> bf16 (sm_90),
// f32 -> f64 (exact, .ftz flushes a subnormal input). Compared bit for bit
// with a CPU reference: the host's IEEE conversions under fesetround, and
// for bf16 an exact rounding written from the format (8 exponent bits, 7
// fraction bits, subnormals). NaN results are canonical (f32 0x7fffffff,
// f64 0x7fffffffffffffff, bf16 0x7fff). Every failing case is printed.
#include <cfenv>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>

#define NOPS 49
static const char *const names[NOPS] = {
    "cvt.rn.f64.s64", "cvt.rz.f64.s64", "cvt.rm.f64.s64", "cvt.rp.f64.s64",
    "cvt.rn.f64.u64", "cvt.rz.f64.u64", "cvt.rm.f64.u64", "cvt.rp.f64.u64",
    "cvt.rn.f32.u64", "cvt.rz.f32.u64", "cvt.rm.f32.u64", "cvt.rp.f32.u64",
    "cvt.rn.f32.s32", "cvt.rz.f32.s32", "cvt.rm.f32.s32", "cvt.rp.f32.s32",
    "cvt.rni.s64.f64", "cvt.rzi.s64.f64", "cvt.rmi.s64.f64", "cvt.rpi.s64.f64",
    "cvt.rni.u64.f64", "cvt.rzi.u64.f64", "cvt.rmi.u64.f64", "cvt.rpi.u64.f64",
    "cvt.rni.s32.f64", "cvt.rzi.s32.f64", "cvt.rmi.s32.f64", "cvt.rpi.s32.f64",
    "cvt.rni.u32.f64", "cvt.rzi.u32.f64", "cvt.rmi.u32.f64", "cvt.rpi.u32.f64",
    "cvt.rn.ftz.f32.f64", "cvt.rz.ftz.f32.f64", "cvt.rm.ftz.f32.f64", "cvt.rp.ftz.f32.f64",
    "cvt.rn.bf16.f64", "cvt.rz.bf16.f64", "cvt.rm.bf16.f64", "cvt.rp.bf16.f64",
    "cvt.rn.bf16.f32", "cvt.rz.bf16.f32", "cvt.rm.bf16.f32", "cvt.rp.bf16.f32",
    "cvt.f64.f32 and cvt.ftz.f64.f32 (hash of both)",
    "cvt.rn.f32.f64", "cvt.rz.f32.f64", "cvt.rm.f32.f64", "cvt.rp.f32.f64",
};

#define I2D(k, op, c, v) asm(op " %0, %1;" : "=d"(g) : c(v)); memcpy(&o[k], &g, 8)
#define I2F(k, op, c, v) asm(op " %0, %1;" : "=f"(f) : c(v)); o[k] = fbits(f)
#define D2I(k, op, c, T) { T t; asm(op " %0, %1;" : c(t) : "d"(x)); o[k] = (uint64_t)t; }
#define D2F(k, op) asm(op " %0, %1;" : "=f"(f) : "d"(x)); o[k] = fbits(f)
#define TOH(k, op, c, v) asm(op " %0, %1;" : "=h"(h) : c(v)); o[k] = h

__device__ uint64_t fbits(float f) { return __float_as_uint(f); }

__global__ void kern(const unsigned long long *iv, const double *dv, const float *fv,
                     uint64_t *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    long long s = (long long)iv[i];
    unsigned long long u = iv[i];
    int s32 = (int)iv[i];
    double x = dv[i], g;
    float y = fv[i], f;
    unsigned short h;
    uint64_t *o = out + (size_t)i * NOPS;
    I2D(0, "cvt.rn.f64.s64", "l", s);
    I2D(1, "cvt.rz.f64.s64", "l", s);
    I2D(2, "cvt.rm.f64.s64", "l", s);
    I2D(3, "cvt.rp.f64.s64", "l", s);
    I2D(4, "cvt.rn.f64.u64", "l", u);
    I2D(5, "cvt.rz.f64.u64", "l", u);
    I2D(6, "cvt.rm.f64.u64", "l", u);
    I2D(7, "cvt.rp.f64.u64", "l", u);
    I2F(8, "cvt.rn.f32.u64", "l", u);
    I2F(9, "cvt.rz.f32.u64", "l", u);
    I2F(10, "cvt.rm.f32.u64", "l", u);
    I2F(11, "cvt.rp.f32.u64", "l", u);
    I2F(12, "cvt.rn.f32.s32", "r", s32);
    I2F(13, "cvt.rz.f32.s32", "r", s32);
    I2F(14, "cvt.rm.f32.s32", "r", s32);
    I2F(15, "cvt.rp.f32.s32", "r", s32);
    D2I(16, "cvt.rni.s64.f64", "=l", long long);
    D2I(17, "cvt.rzi.s64.f64", "=l", long long);
    D2I(18, "cvt.rmi.s64.f64", "=l", long long);
    D2I(19, "cvt.rpi.s64.f64", "=l", long long);
    D2I(20, "cvt.rni.u64.f64", "=l", unsigned long long);
    D2I(21, "cvt.rzi.u64.f64", "=l", unsigned long long);
    D2I(22, "cvt.rmi.u64.f64", "=l", unsigned long long);
    D2I(23, "cvt.rpi.u64.f64", "=l", unsigned long long);
    D2I(24, "cvt.rni.s32.f64", "=r", unsigned);
    D2I(25, "cvt.rzi.s32.f64", "=r", unsigned);
    D2I(26, "cvt.rmi.s32.f64", "=r", unsigned);
    D2I(27, "cvt.rpi.s32.f64", "=r", unsigned);
    D2I(28, "cvt.rni.u32.f64", "=r", unsigned);
    D2I(29, "cvt.rzi.u32.f64", "=r", unsigned);
    D2I(30, "cvt.rmi.u32.f64", "=r", unsigned);
    D2I(31, "cvt.rpi.u32.f64", "=r", unsigned);
    D2F(32, "cvt.rn.ftz.f32.f64");
    D2F(33, "cvt.rz.ftz.f32.f64");
    D2F(34, "cvt.rm.ftz.f32.f64");
    D2F(35, "cvt.rp.ftz.f32.f64");
    TOH(36, "cvt.rn.bf16.f64", "d", x);
    TOH(37, "cvt.rz.bf16.f64", "d", x);
    TOH(38, "cvt.rm.bf16.f64", "d", x);
    TOH(39, "cvt.rp.bf16.f64", "d", x);
    TOH(40, "cvt.rn.bf16.f32", "f", y);
    TOH(41, "cvt.rz.bf16.f32", "f", y);
    TOH(42, "cvt.rm.bf16.f32", "f", y);
    TOH(43, "cvt.rp.bf16.f32", "f", y);
    // f32 -> f64 exactly, and with .ftz: both results hashed into one slot.
    double w, wz;
    asm("cvt.f64.f32 %0, %1;" : "=d"(w) : "f"(y));
    asm("cvt.ftz.f64.f32 %0, %1;" : "=d"(wz) : "f"(y));
    uint64_t wb, wzb;
    memcpy(&wb, &w, 8);
    memcpy(&wzb, &wz, 8);
    o[44] = wb ^ (wzb * 0x9e3779b97f4a7c15ull);
    D2F(45, "cvt.rn.f32.f64");
    D2F(46, "cvt.rz.f32.f64");
    D2F(47, "cvt.rm.f32.f64");
    D2F(48, "cvt.rp.f32.f64");
}

// ---- CPU reference ---------------------------------------------------------
enum { RN, RZ, RM, RP };
static const int modes[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

static uint32_t fb(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float bf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint64_t db(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }
static double bd(uint64_t u) { double f; memcpy(&f, &u, 8); return f; }
static bool nan32(uint32_t u) { return (u & 0x7fffffffu) > 0x7f800000u; }
static uint32_t ftz32(uint32_t u) { return (u & 0x7f800000u) == 0 ? u & 0x80000000u : u; }

static uint64_t i2d(long long s, unsigned long long u, bool sgn, int md)
{
    volatile long long vs = s;
    volatile unsigned long long vu = u;
    fesetround(modes[md]);
    volatile double r = sgn ? (double)vs : (double)vu;
    fesetround(FE_TONEAREST);
    return db(r);
}

static uint32_t i2f(long long s, unsigned long long u, int kind, int md)
{
    volatile int vs = (int)s;
    volatile unsigned long long vu = u;
    fesetround(modes[md]);
    volatile float r = kind ? (float)vs : (float)vu;
    fesetround(FE_TONEAREST);
    return fb(r);
}

// f64 -> integer with irnd md, saturating to `bits` (signed or not), NaN -> 0.
static uint64_t d2i(double x, int md, int bits, bool sgn)
{
    if (std::isnan(x))
        return 0;
    double r = md == RN ? nearbyint(x) : md == RZ ? trunc(x) : md == RM ? floor(x) : ceil(x);
    double lo = sgn ? -ldexp(1.0, bits - 1) : 0, top = ldexp(1.0, sgn ? bits - 1 : bits);
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t maxv = sgn ? mask >> 1 : mask;
    if (r < lo)
        return sgn ? (1ull << (bits - 1)) & mask : 0;
    if (r >= top)
        return maxv;
    return (sgn ? (uint64_t)(int64_t)r : (uint64_t)r) & mask;
}

static uint32_t d2f(double x, int md, bool ftz)
{
    if (ftz && fabs(x) < 0x1p-1022)
        x = copysign(0.0, x);
    volatile double vx = x;
    fesetround(modes[md]);
    volatile float r = (float)vx;
    fesetround(FE_TONEAREST);
    uint32_t b = fb(r);
    if (nan32(b))
        return 0x7fffffffu;
    return ftz ? ftz32(b) : b;
}

// x rounded to bf16 in mode md, from the format: 7 fraction bits,
// exponents -126..127, subnormals down to 2^-133.
static uint32_t to_bf16(double x, int md)
{
    if (std::isnan(x))
        return 0x7fff;
    uint32_t sign = signbit(x) ? 0x8000 : 0;
    if (std::isinf(x))
        return sign | 0x7f80;
    if (x == 0)
        return sign;
    bool neg = signbit(x);
    double ax = fabs(x);
    int e;
    frexp(ax, &e);
    int ue = e - 1 < -126 ? -126 : e - 1;
    double q = ldexp(ax, 7 - ue), fl = floor(q), rem = q - fl;   // exact
    bool up = md == RN ? rem > 0.5 || (rem == 0.5 && fmod(fl, 2) != 0)
            : md == RZ ? false : md == RM ? neg && rem > 0 : !neg && rem > 0;
    double v = ldexp(fl + up, ue - 7);
    if (v >= 0x1p128) {
        bool to_inf = md == RN || (md == RM && neg) || (md == RP && !neg);
        return sign | (to_inf ? 0x7f80 : 0x7f7f);
    }
    return sign | fb((float)v) >> 16;   // exact: v is a bf16 value
}

static uint64_t f2d_pair(uint32_t y)
{
    uint64_t w = nan32(y) ? 0x7fffffffffffffffull : db((double)bf(y));
    uint32_t yz = ftz32(y);
    uint64_t wz = nan32(yz) ? 0x7fffffffffffffffull : db((double)bf(yz));
    return w ^ (wz * 0x9e3779b97f4a7c15ull);
}

// ---- inputs ----------------------------------------------------------------
static const unsigned long long ivals[] = {
    0, 1, 2, 3, 0xffffffffffffffffull, 0x8000000000000000ull, 0x7fffffffffffffffull,
    0x8000000000000001ull, 16777217, 16777219, 16777216 + 2, 0xffffffffff000001ull,
    0x20000000000001ull, 0x20000000000003ull, 0x20000000000002ull, 0x40000000000001ull,
    0x1fffffffffffffull, 0xfff0000000000001ull, 0xfffffffffffff800ull, 0xfffffffffffffc00ull,
    0xfffffffffffffbffull, 0x7ffffffffffffe00ull, 0x7ffffffffffffdffull, 0xffffff8000000000ull,
    0xffffff7fffffffffull, 0xffffffffull, 0x80000001ull, 0x80000000ull, 0x7fffffffull,
    0x7fffff80ull, 0x7fffffc0ull, 0x7fffffbfull, 0xff000001ull, 0x0100000180000000ull,
};

static const double dvals[] = {
    0.0, -0.0, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, -0.49999999999999994,
    0.5000000000000001, 1e10, -1e10, 2147483647.5, 2147483647.0, 2147483648.0, -2147483648.5,
    -2147483649.0, -2147483648.0, 4294967295.7, 4294967296.0, -1.0, -0.3, 1e300, -1e300,
    INFINITY, -INFINITY, NAN, -NAN, 9223372036854775807.0, 9223372036854774784.0,
    -9223372036854775808.0, -9223372036854777856.0, 18446744073709551616.0,
    18446744073709549568.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, 0x0.fffffffffffffp-1022,
    0x1p-149, 0x1p-150, 0x1.0000000000001p-150, 0x1.8p-149, 0x1p-126, 0x1.fffffep-127,
    0x1.fffffcp-127, 0x1.fffffe0000001p-127, 0x1.fffffefffffffp+127, 0x1.fffffep+127,
    0x1.ffffffp+127, 0x1p+128, -0x1.ffffffp+127, 0x1p-133, 0x1p-134, 0x1.8p-134,
    0x1.ff8p+127, 0x1.fep+127, 0x1.01p0, 0x1.018p0, 0x1.0100000000001p0, 0x1.00fffffffffffp0,
};

static uint64_t next(uint64_t *s)   // splitmix64
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

#define NRAND 6000
#define NI (sizeof ivals / sizeof ivals[0])
#define ND (sizeof dvals / sizeof dvals[0])
#define NT (ND + NRAND)

static unsigned long long hi[NT];
static double hd[NT];
static uint32_t hf[NT];
static uint64_t out[NT * NOPS];

static void make_inputs(void)
{
    uint64_t s = 777;
    for (size_t k = 0; k < NT; k++) {
        if (k < ND) {
            hi[k] = ivals[k % NI];
            hd[k] = dvals[k];
            hf[k] = fb((float)dvals[k]);
            continue;
        }
        // integers of every bit length, either sign
        uint64_t v = next(&s) >> (next(&s) % 64);
        hi[k] = next(&s) & 1 ? 0 - v : v;
        uint64_t r = next(&s);
        switch (k % 4) {
        case 0: {   // integer-range doubles: 2^-2 .. 2^66
            int e = (int)(r % 69) - 2;
            hd[k] = ldexp(1.0 + (double)(next(&s) >> 12) * 0x1p-52, e) * (r & 1 ? -1 : 1);
            break;
        }
        case 1: {   // f32 values plus -2..2 quarter-ulps (halfway +- 1 bit)
            uint32_t f = (uint32_t)(next(&s) & 0x807fffffu) | (uint32_t)(r % 256) << 23;
            uint64_t d = db((double)bf(f)) + ((r >> 8) % 5 - 2) * (1ull << 28);
            hd[k] = bd(d + (r >> 16) % 3 - 1);
            break;
        }
        case 2: {   // bf16 values plus -2..2 quarter-ulps (halfway +- 1 bit)
            uint32_t f = (uint32_t)(next(&s) & 0x807f0000u) | (uint32_t)(r % 256) << 23;
            uint64_t d = db((double)bf(f)) + ((r >> 8) % 5 - 2) * (1ull << 43);
            hd[k] = bd(d + (r >> 16) % 3 - 1);
            break;
        }
        default:    // any double
            hd[k] = bd(next(&s));
        }
        // f32 inputs: bf16 halfway cases half the time, else any pattern
        uint32_t f = (uint32_t)next(&s);
        hf[k] = r & 2 ? (f & 0xffff0000u) | (0x8000u + (uint32_t)(r >> 20) % 3 - 1) : f;
    }
}

int main()
{
    make_inputs();
    unsigned long long *di;
    double *dd;
    float *df;
    uint64_t *dout;
    if (cudaMalloc(&di, sizeof hi) != cudaSuccess || cudaMalloc(&dd, sizeof hd) != cudaSuccess ||
        cudaMalloc(&df, sizeof hf) != cudaSuccess || cudaMalloc(&dout, sizeof out) != cudaSuccess ||
        cudaMemcpy(di, hi, sizeof hi, cudaMemcpyHostToDevice) != cudaSuccess ||
        cudaMemcpy(dd, hd, sizeof hd, cudaMemcpyHostToDevice) != cudaSuccess ||
        cudaMemcpy(df, hf, sizeof hf, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<(NT + 127) / 128, 128>>>(di, dd, df, dout, (int)NT);
    cudaError_t e = cudaGetLastError();
    if (e == cudaSuccess)
        e = cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int bad = 0, moded = 0;   // cases where the reference's .rz and .rp differ
    for (size_t k = 0; k < NT; k++) {
        unsigned long long u = hi[k];
        long long s = (long long)u;
        double x = hd[k];
        uint32_t y = hf[k];
        uint64_t want[NOPS];
        for (int md = 0; md < 4; md++) {
            want[md] = i2d(s, u, true, md);
            want[4 + md] = i2d(s, u, false, md);
            want[8 + md] = i2f(s, u, 0, md);
            want[12 + md] = i2f(s, u, 1, md);
            want[16 + md] = d2i(x, md, 64, true);
            want[20 + md] = d2i(x, md, 64, false);
            want[24 + md] = d2i(x, md, 32, true);
            want[28 + md] = d2i(x, md, 32, false);
            want[32 + md] = d2f(x, md, true);
            want[36 + md] = to_bf16(x, md);
            want[40 + md] = nan32(y) ? 0x7fff : to_bf16((double)bf(y), md);
            want[45 + md] = d2f(x, md, false);
        }
        want[44] = f2d_pair(y);
        moded += want[9] != want[11];
        for (int op = 0; op < NOPS; op++) {
            uint64_t got = out[k * NOPS + op];
            if (got != want[op] && bad++ < 40)
                printf("%s int=0x%016llx dbl=%a (0x%016llx) f32=0x%08x: got 0x%llx, want 0x%llx\n",
                       names[op], u, x, (unsigned long long)db(x), y, (unsigned long long)got,
                       (unsigned long long)want[op]);
        }
    }
    if (moded < 100) {   // the host ignored fesetround (e.g. constant folding)
        printf("reference: only %d cases depend on the rounding mode\nFAIL\n", moded);
        return 1;
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("%zu cases x %d conversions\nPASS\n", (size_t)NT, NOPS);
    return 0;
}
