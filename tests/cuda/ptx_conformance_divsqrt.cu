// NVCCFLAGS: -Xcompiler -frounding-math
// ptx_conformance_divsqrt: div/sqrt/rcp.{rn,rz,rm,rp}{.ftz}.f32 and .f64
// swept over edge values (+-0, the smallest and largest subnormals, the
// smallest normal, +-max finite, +-Inf, NaN payloads, subnormal halfway
// quotients, overflow/underflow boundaries) and seeded random pairs with
// wide exponents, compared bit for bit with a CPU reference: the host's
// IEEE division and square root under fesetround. PTX semantics on top:
// .ftz flushes subnormal inputs and results to zero of the same sign; NaN
// results are canonical (f32 0x7fffffff; f64 0x7fffffffffffffff, the
// simulator's documented canonical f64 NaN).
// The approximate forms are checked against the PTX manual's bounds:
// div.full.f32 within 2 ulp over the full range; div.approx.f32 within
// 2 ulp for 2^-126 <= |b| <= 2^126, and for
// 2^126 < |b| < 2^128 a sign-preserving zero (NaN when a is infinite);
// rcp.approx.ftz.f64, which the manual describes as computed from the high
// word a[63:32] only (a low-word-only NaN payload reads as Inf) with a
// 20-bit result fraction and a zero low word, within a relative 2^-18 for
// normal inputs and results, +-0 and +-subnormal -> +-Inf, +-Inf -> +-0,
// NaN -> 0x7fffffff00000000 (the manual's canonical NaN).
#include <cfenv>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>

#define N32 28
static const char *const names32[N32] = {
    "div.rn.f32", "div.rz.f32", "div.rm.f32", "div.rp.f32",
    "div.rn.ftz.f32", "div.rz.ftz.f32", "div.rm.ftz.f32", "div.rp.ftz.f32",
    "sqrt.rn.f32", "sqrt.rz.f32", "sqrt.rm.f32", "sqrt.rp.f32",
    "sqrt.rn.ftz.f32", "sqrt.rz.ftz.f32", "sqrt.rm.ftz.f32", "sqrt.rp.ftz.f32",
    "rcp.rn.f32", "rcp.rz.f32", "rcp.rm.f32", "rcp.rp.f32",
    "rcp.rn.ftz.f32", "rcp.rz.ftz.f32", "rcp.rm.ftz.f32", "rcp.rp.ftz.f32",
    "div.full.f32", "div.full.ftz.f32", "div.approx.f32", "div.approx.ftz.f32",
};

#define N64 13
static const char *const names64[N64] = {
    "div.rn.f64", "div.rz.f64", "div.rm.f64", "div.rp.f64",
    "sqrt.rn.f64", "sqrt.rz.f64", "sqrt.rm.f64", "sqrt.rp.f64",
    "rcp.rn.f64", "rcp.rz.f64", "rcp.rm.f64", "rcp.rp.f64",
    "rcp.approx.ftz.f64",
};

#define B32(k, op) asm(op " %0, %1, %2;" : "=f"(r[k]) : "f"(x), "f"(y))
#define U32(k, op) asm(op " %0, %1;" : "=f"(r[k]) : "f"(x))

__global__ void kern32(const float *a, const float *b, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float x = a[i], y = b[i], r[N32];
    B32(0, "div.rn.f32");
    B32(1, "div.rz.f32");
    B32(2, "div.rm.f32");
    B32(3, "div.rp.f32");
    B32(4, "div.rn.ftz.f32");
    B32(5, "div.rz.ftz.f32");
    B32(6, "div.rm.ftz.f32");
    B32(7, "div.rp.ftz.f32");
    U32(8, "sqrt.rn.f32");
    U32(9, "sqrt.rz.f32");
    U32(10, "sqrt.rm.f32");
    U32(11, "sqrt.rp.f32");
    U32(12, "sqrt.rn.ftz.f32");
    U32(13, "sqrt.rz.ftz.f32");
    U32(14, "sqrt.rm.ftz.f32");
    U32(15, "sqrt.rp.ftz.f32");
    U32(16, "rcp.rn.f32");
    U32(17, "rcp.rz.f32");
    U32(18, "rcp.rm.f32");
    U32(19, "rcp.rp.f32");
    U32(20, "rcp.rn.ftz.f32");
    U32(21, "rcp.rz.ftz.f32");
    U32(22, "rcp.rm.ftz.f32");
    U32(23, "rcp.rp.ftz.f32");
    B32(24, "div.full.f32");
    B32(25, "div.full.ftz.f32");
    B32(26, "div.approx.f32");
    B32(27, "div.approx.ftz.f32");
    memcpy(out + (size_t)i * N32, r, sizeof r);
}

#define B64(k, op) asm(op " %0, %1, %2;" : "=d"(r[k]) : "d"(x), "d"(y))
#define U64(k, op) asm(op " %0, %1;" : "=d"(r[k]) : "d"(x))

__global__ void kern64(const double *a, const double *b, double *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    double x = a[i], y = b[i], r[N64];
    B64(0, "div.rn.f64");
    B64(1, "div.rz.f64");
    B64(2, "div.rm.f64");
    B64(3, "div.rp.f64");
    U64(4, "sqrt.rn.f64");
    U64(5, "sqrt.rz.f64");
    U64(6, "sqrt.rm.f64");
    U64(7, "sqrt.rp.f64");
    U64(8, "rcp.rn.f64");
    U64(9, "rcp.rz.f64");
    U64(10, "rcp.rm.f64");
    U64(11, "rcp.rp.f64");
    U64(12, "rcp.approx.ftz.f64");
    memcpy(out + (size_t)i * N64, r, sizeof r);
}

// ---- CPU reference ---------------------------------------------------------
static const int modes[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

static uint32_t fb(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float bf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint64_t db(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }
static double bd(uint64_t u) { double f; memcpy(&f, &u, 8); return f; }
static bool nan32(uint32_t u) { return (u & 0x7fffffffu) > 0x7f800000u; }
static bool nan64(uint64_t u) { return (u & ~(1ull << 63)) > 0x7ff0000000000000ull; }
static uint32_t ftz32(uint32_t u) { return (u & 0x7f800000u) == 0 ? u & 0x80000000u : u; }

enum { OP_DIV, OP_SQRT };

// One IEEE operation under rounding mode md (0..3 = rn rz rm rp).
static uint32_t host32(int op, int md, uint32_t a, uint32_t b)
{
    volatile float x = bf(a), y = bf(b), r;
    fesetround(modes[md]);
    r = op == OP_DIV ? x / y : sqrtf(x);
    fesetround(FE_TONEAREST);
    uint32_t u = fb(r);
    return nan32(u) ? 0x7fffffffu : u;
}

static uint64_t host64(int op, int md, uint64_t a, uint64_t b)
{
    volatile double x = bd(a), y = bd(b), r;
    fesetround(modes[md]);
    r = op == OP_DIV ? x / y : sqrt(x);
    fesetround(FE_TONEAREST);
    uint64_t u = db(r);
    return nan64(u) ? 0x7fffffffffffffffull : u;
}

static uint32_t ref32(int op, int md, uint32_t a, uint32_t b, bool ftz)
{
    if (ftz) {
        a = ftz32(a);
        b = ftz32(b);
    }
    uint32_t r = host32(op, md, a, b);
    return ftz && !nan32(r) ? ftz32(r) : r;
}

// Distance in ulps between two non-NaN f32 values (Inf is one past max).
static uint32_t ulps32(uint32_t x, uint32_t y)
{
    int64_t a = x >> 31 ? -(int64_t)(x & 0x7fffffffu) : (int64_t)x;
    int64_t b = y >> 31 ? -(int64_t)(y & 0x7fffffffu) : (int64_t)y;
    int64_t d = a > b ? a - b : b - a;
    return d > 0xffffffffll ? 0xffffffffu : (uint32_t)d;
}

// Whether got satisfies a documented bound; `want` is the correctly
// rounded result.
static bool within32(uint32_t got, uint32_t want, uint32_t maxulp)
{
    if (nan32(want))
        return got == 0x7fffffffu;
    return !nan32(got) && ulps32(got, want) <= maxulp;
}

static bool check_div_approx(uint32_t got, uint32_t a, uint32_t b, bool ftz)
{
    if (ftz) {
        a = ftz32(a);
        b = ftz32(b);
    }
    uint32_t mb = b & 0x7fffffffu;
    if (nan32(a) || nan32(b))
        return got == 0x7fffffffu;
    if (mb >= 0x00800000u && mb <= 0x7e800000u)   // 2^-126 <= |b| <= 2^126
        return within32(got, ref32(OP_DIV, 0, a, b, ftz), 2);
    if (mb > 0x7e800000u && mb < 0x7f800000u)     // 2^126 < |b| < 2^128
        // NaN for infinite a, else a sign-preserving zero (the manual's words)
        return (a & 0x7fffffffu) == 0x7f800000u ? got == 0x7fffffffu
                                                 : got == ((a ^ b) & 0x80000000u);
    return true;   // |b| subnormal, 0 or Inf: no documented result
}

static bool check_rcp_approx64(uint64_t got, uint64_t a)
{
    // Only the high word of a counts (the manual keys its table on a[63:32]):
    // a NaN payload only in the low word reads as Inf.
    a &= 0xffffffff00000000ull;
    uint64_t ma = a & ~(1ull << 63), sa = a & (1ull << 63);
    if (nan64(a))
        return got == 0x7fffffff00000000ull;   // the manual's canonical NaN
    if ((got & 0xffffffffull) != 0)
        return false;                           // low word of d is zeroed
    if (ma < 0x0010000000000000ull)            // +-0 and +-subnormal: +-Inf
        return got == (sa | 0x7ff0000000000000ull);
    if (ma == 0x7ff0000000000000ull)
        return got == sa;
    // normal input with a normal reciprocal: 2^-1022 <= |a| < 2^1022
    if (ma < 0x0010000000000000ull || ma >= 0x7fd0000000000000ull)
        return true;   // ftz ranges: covered by the bound on the flushed value only
    double want = 1.0 / bd(a), g = bd(got);
    return !nan64(got) && fabs(g - want) <= fabs(want) * 0x1p-18;
}

// ---- inputs ----------------------------------------------------------------
static const uint32_t edge32[] = {
    0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u, 0x00000003u, 0x007fffffu,
    0x807fffffu, 0x00800000u, 0x00800001u, 0x3f800000u, 0xbf800000u, 0x3f800001u,
    0x3f7fffffu, 0x40000000u, 0x40400000u, 0x3fc00000u, 0x7f7fffffu, 0xff7fffffu,
    0x7f000000u, 0x7e800000u, 0x7e800001u, 0x7effffffu, 0x5f800000u, 0x1f800000u,
    0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fa12345u, 0xffc00001u, 0x3eaaaaabu,
    0x40490fdbu, 0x3dcccccdu, 0x4b000001u, 0x00400000u, 0x3e800000u, 0x3f000001u,
};

static const uint64_t edge64[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull,
    0x8000000000000001ull, 0x0000000000000003ull, 0x000fffffffffffffull,
    0x0010000000000000ull, 0x0010000000000001ull, 0x3ff0000000000000ull,
    0xbff0000000000000ull, 0x3ff0000000000001ull, 0x3fefffffffffffffull,
    0x4000000000000000ull, 0x4008000000000000ull, 0x3ff8000000000000ull,
    0x7fefffffffffffffull, 0xffefffffffffffffull, 0x7fe0000000000000ull,
    0x7fd0000000000000ull, 0x7fd0000000000001ull, 0x5ff0000000000000ull,
    0x2000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0x7ff0000000000001ull, 0xfff8000000000123ull,
    0x3fd5555555555555ull, 0x400921fb54442d18ull, 0x3fb999999999999aull,
    0x4330000000000001ull, 0x0008000000000000ull, 0x3fd0000000000000ull,
    0x3fe0000000000001ull,
};

static uint64_t next(uint64_t *s)   // splitmix64
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// Random value, exponent uniform over the whole range (incl. 0 and max).
static uint32_t rnd32(uint64_t *s)
{
    uint64_t v = next(s);
    return (uint32_t)(v & 0x807fffffu) | (uint32_t)((v >> 32) % 256) << 23;
}

static uint64_t rnd64(uint64_t *s)
{
    uint64_t v = next(s), w = next(s);
    return (v & 0x800fffffffffffffull) | (w % 2048) << 52;
}

#define NRAND 4000
#define NE32 (sizeof edge32 / sizeof edge32[0])
#define NE64 (sizeof edge64 / sizeof edge64[0])
#define NT32 (NE32 * NE32 + NRAND)
#define NT64 (NE64 * NE64 + NRAND)

static uint32_t ha32[NT32], hb32[NT32], out32[NT32 * N32];
static uint64_t ha64[NT64], hb64[NT64], out64[NT64 * N64];

static void make_inputs(void)
{
    size_t k = 0;
    for (size_t i = 0; i < NE32; i++)
        for (size_t j = 0; j < NE32; j++, k++) {
            ha32[k] = edge32[i];
            hb32[k] = edge32[j];
        }
    uint64_t s = 4242;
    for (int r = 0; r < NRAND; r++, k++) {
        ha32[k] = rnd32(&s);
        // half independent, half b close to a (quotients near a power of two)
        hb32[k] = r & 1 ? rnd32(&s) : (ha32[k] + (uint32_t)(next(&s) % 9) - 4) ^
                                          ((uint32_t)(next(&s) % 5) << 23);
    }
    k = 0;
    for (size_t i = 0; i < NE64; i++)
        for (size_t j = 0; j < NE64; j++, k++) {
            ha64[k] = edge64[i];
            hb64[k] = edge64[j];
        }
    for (int r = 0; r < NRAND; r++, k++) {
        ha64[k] = rnd64(&s);
        hb64[k] = r & 1 ? rnd64(&s) : (ha64[k] + next(&s) % 9 - 4) ^ ((next(&s) % 5) << 52);
    }
}

// Runs kern over n input pairs; out receives nops results per pair.
template <typename T, typename K>
static int run(K kern, const T *a, const T *b, T *out, size_t n, size_t nops)
{
    T *d[3] = { 0, 0, 0 };
    size_t bytes = n * sizeof(T);
    for (int k = 0; k < 3; k++)
        if (cudaMalloc(&d[k], k == 2 ? bytes * nops : bytes) != cudaSuccess) {
            printf("cudaMalloc failed\nFAIL\n");
            return 1;
        }
    if (cudaMemcpy(d[0], a, bytes, cudaMemcpyHostToDevice) != cudaSuccess ||
        cudaMemcpy(d[1], b, bytes, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("cudaMemcpy failed\nFAIL\n");
        return 1;
    }
    kern<<<(unsigned)((n + 127) / 128), 128>>>(d[0], d[1], d[2], (int)n);
    cudaError_t e = cudaGetLastError();
    if (e == cudaSuccess)
        e = cudaMemcpy(out, d[2], bytes * nops, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    for (int k = 0; k < 3; k++)
        cudaFree(d[k]);
    return 0;
}

int main()
{
    make_inputs();
    if (run(kern32, (const float *)ha32, (const float *)hb32, (float *)out32, NT32, N32) ||
        run(kern64, (const double *)ha64, (const double *)hb64, (double *)out64, NT64, N64))
        return 1;
    int bad = 0, moded = 0;   // cases where the reference's .rz and .rp differ
    const uint32_t one32 = 0x3f800000u;
    for (size_t k = 0; k < NT32; k++) {
        uint32_t a = ha32[k], b = hb32[k], want[24];
        for (int md = 0; md < 4; md++) {
            want[md] = ref32(OP_DIV, md, a, b, false);
            want[4 + md] = ref32(OP_DIV, md, a, b, true);
            want[8 + md] = ref32(OP_SQRT, md, a, 0, false);
            want[12 + md] = ref32(OP_SQRT, md, a, 0, true);
            want[16 + md] = ref32(OP_DIV, md, one32, a, false);
            want[20 + md] = ref32(OP_DIV, md, one32, a, true);
        }
        const uint32_t *got = &out32[k * N32];
        moded += want[1] != want[3];
        bool ok[N32];
        for (int op = 0; op < 24; op++)
            ok[op] = got[op] == want[op];
        ok[24] = within32(got[24], want[0], 2);
        ok[25] = within32(got[25], want[4], 2);
        ok[26] = check_div_approx(got[26], a, b, false);
        ok[27] = check_div_approx(got[27], a, b, true);
        for (int op = 0; op < N32; op++)
            if (!ok[op] && bad++ < 40)
                printf("%s a=0x%08x b=0x%08x: got 0x%08x, want 0x%08x%s\n", names32[op], a, b,
                       got[op], op < 24 ? want[op] : want[op == 24 || op == 26 ? 0 : 4],
                       op < 24 ? "" : " (within the documented bound)");
    }
    const uint64_t one64 = 0x3ff0000000000000ull;
    for (size_t k = 0; k < NT64; k++) {
        uint64_t a = ha64[k], b = hb64[k], want[N64];
        for (int md = 0; md < 4; md++) {
            want[md] = host64(OP_DIV, md, a, b);
            want[4 + md] = host64(OP_SQRT, md, a, 0);
            want[8 + md] = host64(OP_DIV, md, one64, a);
        }
        want[12] = want[8];
        moded += want[1] != want[3];
        const uint64_t *got = &out64[k * N64];
        for (int op = 0; op < N64; op++) {
            bool ok = op < 12 ? got[op] == want[op] : check_rcp_approx64(got[op], a);
            if (!ok && bad++ < 80)
                printf("%s a=0x%016llx b=0x%016llx: got 0x%016llx, want 0x%016llx%s\n",
                       names64[op], (unsigned long long)a, (unsigned long long)b,
                       (unsigned long long)got[op], (unsigned long long)want[op],
                       op < 12 ? "" : " (within the documented bound)");
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
    printf("%zu f32 pairs x %d, %zu f64 pairs x %d instructions\nPASS\n", (size_t)NT32, N32,
           (size_t)NT64, N64);
    return 0;
}
