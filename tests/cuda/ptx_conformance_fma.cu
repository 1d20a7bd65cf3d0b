// NVCCFLAGS: -Xcompiler -frounding-math
// ptx_conformance_fma: fma.{rn,rz,rm,rp}{.ftz}{.sat}.f32, mad.rn.f32,
// fma.{rn,rz,rm,rp}.f64 and add/sub/mul.{rn,rz,rm,rp}.f64, swept over edge
// values (+-0, the smallest and largest subnormals, the smallest normal,
// +-max finite, +-Inf, NaN payloads, halfway cases and values just off
// them, overflow/underflow boundaries) and seeded random triples with wide
// exponents, compared bit for bit with a CPU reference: the host's IEEE
// fmaf/fma/+/-/* under fesetround (exact result rounded once in the mode).
// PTX semantics on top: .ftz flushes subnormal inputs and results to zero
// of the same sign, .sat clamps to [+0, 1] with NaN -> +0, NaN results are
// canonical (f32 0x7fffffff; f64 0x7fffffffffffffff, the simulator's
// documented canonical f64 NaN). Every failing case is printed.
#include <cfenv>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>

#define N32 17
static const char *const names32[N32] = {
    "fma.rn.f32", "fma.rz.f32", "fma.rm.f32", "fma.rp.f32",
    "fma.rn.ftz.f32", "fma.rz.ftz.f32", "fma.rm.ftz.f32", "fma.rp.ftz.f32",
    "fma.rn.sat.f32", "fma.rz.sat.f32", "fma.rm.sat.f32", "fma.rp.sat.f32",
    "fma.rn.ftz.sat.f32", "fma.rz.ftz.sat.f32", "fma.rm.ftz.sat.f32", "fma.rp.ftz.sat.f32",
    "mad.rn.f32",
};

#define N64 17
static const char *const names64[N64] = {
    "fma.rn.f64", "fma.rz.f64", "fma.rm.f64", "fma.rp.f64",
    "add.rn.f64", "add.rz.f64", "add.rm.f64", "add.rp.f64",
    "sub.rn.f64", "sub.rz.f64", "sub.rm.f64", "sub.rp.f64",
    "mul.rn.f64", "mul.rz.f64", "mul.rm.f64", "mul.rp.f64",
    "mad.rn.f64",
};

#define F32OP(k, op) asm(op " %0, %1, %2, %3;" : "=f"(r[k]) : "f"(x), "f"(y), "f"(z))

__global__ void kern32(const float *a, const float *b, const float *c, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float x = a[i], y = b[i], z = c[i], r[N32];
    F32OP(0, "fma.rn.f32");
    F32OP(1, "fma.rz.f32");
    F32OP(2, "fma.rm.f32");
    F32OP(3, "fma.rp.f32");
    F32OP(4, "fma.rn.ftz.f32");
    F32OP(5, "fma.rz.ftz.f32");
    F32OP(6, "fma.rm.ftz.f32");
    F32OP(7, "fma.rp.ftz.f32");
    F32OP(8, "fma.rn.sat.f32");
    F32OP(9, "fma.rz.sat.f32");
    F32OP(10, "fma.rm.sat.f32");
    F32OP(11, "fma.rp.sat.f32");
    F32OP(12, "fma.rn.ftz.sat.f32");
    F32OP(13, "fma.rz.ftz.sat.f32");
    F32OP(14, "fma.rm.ftz.sat.f32");
    F32OP(15, "fma.rp.ftz.sat.f32");
    F32OP(16, "mad.rn.f32");
    memcpy(out + (size_t)i * N32, r, sizeof r);
}

#define F64OP3(k, op) asm(op " %0, %1, %2, %3;" : "=d"(r[k]) : "d"(x), "d"(y), "d"(z))
#define F64OP2(k, op) asm(op " %0, %1, %2;" : "=d"(r[k]) : "d"(x), "d"(y))

__global__ void kern64(const double *a, const double *b, const double *c, double *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    double x = a[i], y = b[i], z = c[i], r[N64];
    F64OP3(0, "fma.rn.f64");
    F64OP3(1, "fma.rz.f64");
    F64OP3(2, "fma.rm.f64");
    F64OP3(3, "fma.rp.f64");
    F64OP2(4, "add.rn.f64");
    F64OP2(5, "add.rz.f64");
    F64OP2(6, "add.rm.f64");
    F64OP2(7, "add.rp.f64");
    F64OP2(8, "sub.rn.f64");
    F64OP2(9, "sub.rz.f64");
    F64OP2(10, "sub.rm.f64");
    F64OP2(11, "sub.rp.f64");
    F64OP2(12, "mul.rn.f64");
    F64OP2(13, "mul.rz.f64");
    F64OP2(14, "mul.rm.f64");
    F64OP2(15, "mul.rp.f64");
    F64OP3(16, "mad.rn.f64");
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

// One IEEE operation under rounding mode md (0..3 = rn rz rm rp).
enum { OP_FMA, OP_ADD, OP_SUB, OP_MUL };

static uint32_t host32(int op, int md, uint32_t a, uint32_t b, uint32_t c)
{
    volatile float x = bf(a), y = bf(b), z = bf(c), r;
    fesetround(modes[md]);
    r = op == OP_FMA ? fmaf(x, y, z) : op == OP_ADD ? x + y : op == OP_SUB ? x - y : x * y;
    fesetround(FE_TONEAREST);
    uint32_t u = fb(r);
    return nan32(u) ? 0x7fffffffu : u;
}

static uint64_t host64(int op, int md, uint64_t a, uint64_t b, uint64_t c)
{
    volatile double x = bd(a), y = bd(b), z = bd(c), r;
    fesetround(modes[md]);
    r = op == OP_FMA ? fma(x, y, z) : op == OP_ADD ? x + y : op == OP_SUB ? x - y : x * y;
    fesetround(FE_TONEAREST);
    uint64_t u = db(r);
    return nan64(u) ? 0x7fffffffffffffffull : u;
}

static uint32_t ref_fma32(uint32_t a, uint32_t b, uint32_t c, int md, bool ftz, bool sat)
{
    if (ftz) {
        a = ftz32(a); b = ftz32(b); c = ftz32(c);
    }
    uint32_t r = host32(OP_FMA, md, a, b, c);
    if (ftz && !nan32(r))
        r = ftz32(r);
    if (sat) {
        if (nan32(r) || (r >> 31))
            return 0;
        return r > 0x3f800000u ? 0x3f800000u : r;
    }
    return r;
}

// ---- inputs ----------------------------------------------------------------
static const uint32_t edge32[] = {
    0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u, 0x007fffffu, 0x807fffffu,
    0x00800000u, 0x3f800000u, 0xbf800000u, 0x3f800001u, 0x3f7fffffu, 0x3fc00000u,
    0x33800000u, 0xb3800000u, 0x33800001u, 0x337fffffu, 0x33000000u, 0x1f800000u,
    0x1f000001u, 0x7f7fffffu, 0xff7fffffu, 0x7f000000u, 0x5f800000u, 0x7f800000u,
    0xff800000u, 0x7fc00000u, 0x7fa12345u, 0xffc00001u, 0x3eaaaaabu, 0x3f000000u,
    0x3f800002u, 0x34000000u,
};

static const uint64_t edge64[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull,
    0x8000000000000001ull, 0x000fffffffffffffull, 0x0010000000000000ull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3ff0000000000001ull,
    0x3fefffffffffffffull, 0x3ff8000000000000ull, 0x3ca0000000000000ull,
    0xbca0000000000000ull, 0x3ca0000000000001ull, 0x3c9fffffffffffffull,
    0x3c90000000000000ull, 0x2000000000000000ull, 0x1ff0000000000001ull,
    0x7fefffffffffffffull, 0xffefffffffffffffull, 0x7fe0000000000000ull,
    0x5ff0000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0x7ff0000000000001ull, 0xfff8000000000123ull,
    0x3fd5555555555555ull, 0x3fe0000000000000ull, 0x3ff0000000000002ull,
    0x400921fb54442d18ull, 0x3fb999999999999aull,
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

#define NRAND 3000
#define NE32 (sizeof edge32 / sizeof edge32[0])
#define NE64 (sizeof edge64 / sizeof edge64[0])
#define NT32 (NE32 * NE32 * NE32 + NRAND)
#define NT64 (NE64 * NE64 * NE64 + NRAND)

static uint32_t ha32[NT32], hb32[NT32], hc32[NT32], out32[NT32 * N32];
static uint64_t ha64[NT64], hb64[NT64], hc64[NT64], out64[NT64 * N64];

static void make_inputs(void)
{
    size_t k = 0;
    for (size_t i = 0; i < NE32; i++)
        for (size_t j = 0; j < NE32; j++)
            for (size_t l = 0; l < NE32; l++, k++) {
                ha32[k] = edge32[i]; hb32[k] = edge32[j]; hc32[k] = edge32[l];
            }
    uint64_t s = 12345;
    for (int r = 0; r < NRAND; r++, k++) {
        ha32[k] = rnd32(&s);
        hb32[k] = rnd32(&s);
        // a third: -(a*b rounded), so the result is the product's rounding
        // error; a third: c near a*b in magnitude (massive cancellation
        // or halfway cases); a third: independent.
        float p = bf(ha32[k]) * bf(hb32[k]);
        uint32_t pc = fb(p) ^ (uint32_t)(next(&s) & 0x80000000u);
        hc32[k] = r % 3 == 0 ? fb(-p) : r % 3 == 1 ? pc + (uint32_t)(next(&s) % 5) - 2 : rnd32(&s);
    }
    k = 0;
    for (size_t i = 0; i < NE64; i++)
        for (size_t j = 0; j < NE64; j++)
            for (size_t l = 0; l < NE64; l++, k++) {
                ha64[k] = edge64[i]; hb64[k] = edge64[j]; hc64[k] = edge64[l];
            }
    for (int r = 0; r < NRAND; r++, k++) {
        ha64[k] = rnd64(&s);
        hb64[k] = rnd64(&s);
        double p = bd(ha64[k]) * bd(hb64[k]);
        uint64_t pc = db(p) ^ (next(&s) & (1ull << 63));
        hc64[k] = r % 3 == 0 ? db(-p) : r % 3 == 1 ? pc + next(&s) % 5 - 2 : rnd64(&s);
    }
}

// Runs kern over n input triples; out receives nops results per triple.
template <typename T, typename K>
static int run(K kern, const T *a, const T *b, const T *c, T *out, size_t n, size_t nops)
{
    T *d[4] = { 0, 0, 0, 0 };
    size_t bytes = n * sizeof(T);
    const T *src[3] = { a, b, c };
    for (int k = 0; k < 4; k++)
        if (cudaMalloc(&d[k], k == 3 ? bytes * nops : bytes) != cudaSuccess) {
            printf("cudaMalloc failed\nFAIL\n");
            return 1;
        }
    for (int k = 0; k < 3; k++)
        if (cudaMemcpy(d[k], src[k], bytes, cudaMemcpyHostToDevice) != cudaSuccess) {
            printf("cudaMemcpy failed\nFAIL\n");
            return 1;
        }
    kern<<<(unsigned)((n + 127) / 128), 128>>>(d[0], d[1], d[2], d[3], (int)n);
    cudaError_t e = cudaGetLastError();
    if (e == cudaSuccess)
        e = cudaMemcpy(out, d[3], bytes * nops, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    for (int k = 0; k < 4; k++)
        cudaFree(d[k]);
    return 0;
}

int main()
{
    make_inputs();
    int bad = 0, moded = 0;   // cases where the reference's .rz and .rp differ
    if (run(kern32, (const float *)ha32, (const float *)hb32, (const float *)hc32,
            (float *)out32, NT32, N32) ||
        run(kern64, (const double *)ha64, (const double *)hb64, (const double *)hc64,
            (double *)out64, NT64, N64))
        return 1;
    for (size_t k = 0; k < NT32; k++) {
        uint32_t a = ha32[k], b = hb32[k], c = hc32[k], want[N32];
        for (int md = 0; md < 4; md++) {
            want[md] = ref_fma32(a, b, c, md, false, false);
            want[4 + md] = ref_fma32(a, b, c, md, true, false);
            want[8 + md] = ref_fma32(a, b, c, md, false, true);
            want[12 + md] = ref_fma32(a, b, c, md, true, true);
        }
        want[16] = want[0];   // mad.rn.f32 is fma.rn.f32
        moded += want[1] != want[3];
        for (int op = 0; op < N32; op++) {
            uint32_t got = out32[k * N32 + op];
            if (got != want[op] && bad++ < 40)
                printf("%s a=0x%08x b=0x%08x c=0x%08x: got 0x%08x, want 0x%08x\n", names32[op],
                       a, b, c, got, want[op]);
        }
    }
    for (size_t k = 0; k < NT64; k++) {
        uint64_t a = ha64[k], b = hb64[k], c = hc64[k], want[N64];
        for (int md = 0; md < 4; md++) {
            want[md] = host64(OP_FMA, md, a, b, c);
            want[4 + md] = host64(OP_ADD, md, a, b, 0);
            want[8 + md] = host64(OP_SUB, md, a, b, 0);
            want[12 + md] = host64(OP_MUL, md, a, b, 0);
        }
        want[16] = want[0];
        moded += want[1] != want[3];
        for (int op = 0; op < N64; op++) {
            uint64_t got = out64[k * N64 + op];
            if (got != want[op] && bad++ < 80)
                printf("%s a=0x%016llx b=0x%016llx c=0x%016llx: got 0x%016llx, want 0x%016llx\n",
                       names64[op], (unsigned long long)a, (unsigned long long)b,
                       (unsigned long long)c, (unsigned long long)got,
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
    printf("%zu f32 triples x %d, %zu f64 triples x %d instructions\nPASS\n", (size_t)NT32, N32,
           (size_t)NT64, N64);
    return 0;
}
