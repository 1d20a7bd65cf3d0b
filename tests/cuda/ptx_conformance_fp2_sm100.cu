// NVCCFLAGS: -arch=compute_100a -code=sm_100a,compute_100a -Xcompiler -frounding-math
// ptx_conformance_fp2_sm100: the sm_100 f32 forms: three-source
// min/max{.ftz}{.NaN}{.abs}.f32 d, a, b, c; add/sub/mul{.rnd}{.ftz}.f32x2 and
// fma.rnd{.ftz}.f32x2 on 64-bit pairs; mixed precision
// add/sub/fma{.rnd}{.sat}.f32.{f16,bf16}; redux.sync.{min,max}{.abs}{.NaN}.f32
// over whole warps and half-warp member masks. Swept over all pairs (triples
// for min/max) of edge values and compared bit for bit with a CPU reference
// from the PTX manual (host float arithmetic in the same rounding mode; a
// NaN result only has to be a NaN). Every failing case is printed.
#include <cfenv>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>

static int fails;
#define FAILF(...) do { if (fails++ < 60) printf(__VA_ARGS__); } while (0)

#define NV 16
static const uint32_t fv[NV] = {
    0x00000000u, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x3fc00000u, 0x40400000u,
    0x000116c2u, 0x800116c2u, 0x00800000u, 0x7f7fffffu, 0xff7fffffu, 0x7f800000u,
    0xff800000u, 0x7fc00000u, 0x3eaaaaabu, 0x1c800000u,
};
static const unsigned short hv[NV] = { 0x0000, 0x8000, 0x3c00, 0xbc00, 0x3e00, 0x0001, 0x83ff,
                                       0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0x3555, 0x1400,
                                       0xc500, 0x0400 };
static const unsigned short bv[NV] = { 0x0000, 0x8000, 0x3f80, 0xbf80, 0x3fc0, 0x0001, 0x807f,
                                       0x7f7f, 0xff7f, 0x7f80, 0xff80, 0x7fc0, 0x3eab, 0x1c80,
                                       0xc0a0, 0x0080 };

// ---- three-source min/max -----------------------------------------------------
#define NM 6
__global__ void kern_mm(const uint32_t *v, uint32_t *out)
{
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= NV * NV * NV)
        return;
    float a = __uint_as_float(v[k / (NV * NV)]), b = __uint_as_float(v[k / NV % NV]),
          c = __uint_as_float(v[k % NV]), r[NM];
    asm("min.f32 %0, %1, %2, %3;" : "=f"(r[0]) : "f"(a), "f"(b), "f"(c));
    asm("max.f32 %0, %1, %2, %3;" : "=f"(r[1]) : "f"(a), "f"(b), "f"(c));
    asm("min.NaN.f32 %0, %1, %2, %3;" : "=f"(r[2]) : "f"(a), "f"(b), "f"(c));
    asm("max.ftz.f32 %0, %1, %2, %3;" : "=f"(r[3]) : "f"(a), "f"(b), "f"(c));
    asm("min.abs.f32 %0, %1, %2, %3;" : "=f"(r[4]) : "f"(a), "f"(b), "f"(c));
    asm("max.ftz.NaN.abs.f32 %0, %1, %2, %3;" : "=f"(r[5]) : "f"(a), "f"(b), "f"(c));
    for (int i = 0; i < NM; i++)
        out[(size_t)k * NM + i] = __float_as_uint(r[i]);
}

static bool isnan32(uint32_t x) { return (x & 0x7fffffffu) > 0x7f800000u; }
static uint32_t ftz32(uint32_t x) { return (x & 0x7f800000u) == 0 ? x & 0x80000000u : x; }
static float f32(uint32_t x) { float f; memcpy(&f, &x, 4); return f; }
static uint32_t u32(float f) { uint32_t x; memcpy(&x, &f, 4); return x; }

// Manual: NaN inputs are ignored unless .NaN (then the result is the
// canonical NaN); all NaN: canonical NaN; -0 < +0; .abs: |inputs|; .ftz
// flushes subnormal inputs.
static uint32_t mm_ref_n(bool max, bool nanm, bool ftz, bool abs, const uint32_t *in, int n)
{
    uint32_t best = 0;
    bool have = false;
    for (int i = 0; i < n; i++) {
        uint32_t x = in[i];
        if (ftz)
            x = ftz32(x);
        if (abs)
            x &= 0x7fffffffu;
        if (isnan32(x)) {
            if (nanm)
                return 0x7fffffffu;
            continue;
        }
        if (!have) {
            best = x;
            have = true;
            continue;
        }
        float fx = f32(x), fb = f32(best);
        bool take = fx == fb ? (max ? !(x >> 31) && (best >> 31) : (x >> 31) && !(best >> 31))
                             : max ? fx > fb : fx < fb;
        if (take)
            best = x;
    }
    return have ? best : 0x7fffffffu;
}
static uint32_t mm_ref(bool max, bool nanm, bool ftz, bool abs, const uint32_t in[3])
{
    return mm_ref_n(max, nanm, ftz, abs, in, 3);
}

static void check_mm(const uint32_t *got)
{
    static const char *const nm[NM] = { "min", "max", "min.NaN", "max.ftz", "min.abs",
                                        "max.ftz.NaN.abs" };
    for (int k = 0; k < NV * NV * NV; k++) {
        uint32_t in[3] = { fv[k / (NV * NV)], fv[k / NV % NV], fv[k % NV] };
        uint32_t want[NM] = { mm_ref(false, false, false, false, in),
                              mm_ref(true, false, false, false, in),
                              mm_ref(false, true, false, false, in),
                              mm_ref(true, false, true, false, in),
                              mm_ref(false, false, false, true, in),
                              mm_ref(true, true, true, true, in) };
        for (int i = 0; i < NM; i++)
            if (got[k * NM + i] != want[i])
                FAILF("%s.f32 %08x %08x %08x: got %08x want %08x\n", nm[i], in[0], in[1], in[2],
                      got[k * NM + i], want[i]);
    }
}

// ---- f32x2 --------------------------------------------------------------------
#define NX 12   // forms, each one 64-bit result
__global__ void kern_x2(const uint32_t *v, unsigned long long *out)
{
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= NV * NV)
        return;
    int i = k / NV, j = k % NV;
    unsigned long long a = v[i] | (unsigned long long)v[j] << 32;
    unsigned long long b = v[j] | (unsigned long long)v[(i + 3) % NV] << 32;
    unsigned long long c = v[(i + j) % NV] | (unsigned long long)v[(5 * i + j) % NV] << 32;
    unsigned long long *o = out + (size_t)k * NX;
    asm("add.f32x2 %0, %1, %2;" : "=l"(o[0]) : "l"(a), "l"(b));
    asm("add.rz.ftz.f32x2 %0, %1, %2;" : "=l"(o[1]) : "l"(a), "l"(b));
    asm("sub.rm.f32x2 %0, %1, %2;" : "=l"(o[2]) : "l"(a), "l"(b));
    asm("sub.rp.ftz.f32x2 %0, %1, %2;" : "=l"(o[3]) : "l"(a), "l"(b));
    asm("mul.rn.f32x2 %0, %1, %2;" : "=l"(o[4]) : "l"(a), "l"(b));
    asm("mul.rz.f32x2 %0, %1, %2;" : "=l"(o[5]) : "l"(a), "l"(b));
    asm("mul.rp.ftz.f32x2 %0, %1, %2;" : "=l"(o[6]) : "l"(a), "l"(b));
    asm("fma.rn.f32x2 %0, %1, %2, %3;" : "=l"(o[7]) : "l"(a), "l"(b), "l"(c));
    asm("fma.rz.f32x2 %0, %1, %2, %3;" : "=l"(o[8]) : "l"(a), "l"(b), "l"(c));
    asm("fma.rm.ftz.f32x2 %0, %1, %2, %3;" : "=l"(o[9]) : "l"(a), "l"(b), "l"(c));
    asm("fma.rp.f32x2 %0, %1, %2, %3;" : "=l"(o[10]) : "l"(a), "l"(b), "l"(c));
    asm("add.rm.ftz.f32x2 %0, %1, %1;" : "=l"(o[11]) : "l"(a));
}

static const int fe_of[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

// op 0 add, 1 sub, 2 mul, 3 fma in rounding rnd (0 rn, 1 rz, 2 rm, 3 rp);
// .ftz flushes subnormal inputs and results.
static uint32_t f_ref(int op, int rnd, bool ftz, bool sat, uint32_t a, uint32_t b, uint32_t c)
{
    if (ftz) {
        a = ftz32(a);
        b = ftz32(b);
        c = ftz32(c);
    }
    fesetround(fe_of[rnd]);
    volatile float x = f32(a), y = f32(b), z = f32(c);
    float r = op == 0 ? x + y : op == 1 ? x - y : op == 2 ? x * y : fmaf(x, y, z);
    fesetround(FE_TONEAREST);
    uint32_t u = u32(r);
    if (ftz)
        u = ftz32(u);
    if (sat)
        u = isnan32(u) || (u >> 31) ? 0 : r > 1 ? 0x3f800000u : u;   // [+0, 1]; -0, NaN: +0
    return u;
}

static bool same(uint32_t got, uint32_t want)
{
    return isnan32(want) ? isnan32(got) : got == want;
}

static void check_x2(const unsigned long long *got)
{
    static const struct { const char *name; int op, rnd; bool ftz; } fm[NX] = {
        { "add.f32x2", 0, 0, false }, { "add.rz.ftz.f32x2", 0, 1, true },
        { "sub.rm.f32x2", 1, 2, false }, { "sub.rp.ftz.f32x2", 1, 3, true },
        { "mul.rn.f32x2", 2, 0, false }, { "mul.rz.f32x2", 2, 1, false },
        { "mul.rp.ftz.f32x2", 2, 3, true }, { "fma.rn.f32x2", 3, 0, false },
        { "fma.rz.f32x2", 3, 1, false }, { "fma.rm.ftz.f32x2", 3, 2, true },
        { "fma.rp.f32x2", 3, 3, false }, { "add.rm.ftz.f32x2 (a, a)", 0, 2, true },
    };
    for (int k = 0; k < NV * NV; k++) {
        int i = k / NV, j = k % NV;
        uint32_t a[2] = { fv[i], fv[j] }, b[2] = { fv[j], fv[(i + 3) % NV] },
                 c[2] = { fv[(i + j) % NV], fv[(5 * i + j) % NV] };
        for (int f = 0; f < NX; f++)
            for (int w = 0; w < 2; w++) {
                uint32_t bb = f == 11 ? a[w] : b[w];
                uint32_t want = f_ref(fm[f].op, fm[f].rnd, fm[f].ftz, false, a[w], bb, c[w]);
                uint32_t g = (uint32_t)(got[k * NX + f] >> (32 * w));
                if (!same(g, want))
                    FAILF("%s word %d: a=%08x b=%08x c=%08x got %08x want %08x\n", fm[f].name, w,
                          a[w], bb, c[w], g, want);
            }
    }
}

// ---- mixed precision -------------------------------------------------------------
#define NMX 10
__global__ void kern_mixed(const uint32_t *v, const unsigned short *h, const unsigned short *bf,
                           uint32_t *out)
{
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= NV * NV)
        return;
    int i = k / NV, j = k % NV;
    unsigned short ha = h[i], hb = h[j], ba = bf[i], bb = bf[j];
    float c = __uint_as_float(v[j]), r[NMX];
    asm("add.f32.f16 %0, %1, %2;" : "=f"(r[0]) : "h"(ha), "f"(c));
    asm("add.rz.sat.f32.bf16 %0, %1, %2;" : "=f"(r[1]) : "h"(ba), "f"(c));
    asm("add.rp.f32.bf16 %0, %1, %2;" : "=f"(r[2]) : "h"(ba), "f"(c));
    asm("sub.rm.f32.f16 %0, %1, %2;" : "=f"(r[3]) : "h"(ha), "f"(c));
    asm("sub.rn.sat.f32.f16 %0, %1, %2;" : "=f"(r[4]) : "h"(ha), "f"(c));
    asm("sub.f32.bf16 %0, %1, %2;" : "=f"(r[5]) : "h"(ba), "f"(c));
    asm("fma.rn.f32.f16 %0, %1, %2, %3;" : "=f"(r[6]) : "h"(ha), "h"(hb), "f"(c));
    asm("fma.rz.sat.f32.f16 %0, %1, %2, %3;" : "=f"(r[7]) : "h"(ha), "h"(hb), "f"(c));
    asm("fma.rp.sat.f32.bf16 %0, %1, %2, %3;" : "=f"(r[8]) : "h"(ba), "h"(bb), "f"(c));
    asm("fma.rm.f32.bf16 %0, %1, %2, %3;" : "=f"(r[9]) : "h"(ba), "h"(bb), "f"(c));
    for (int w = 0; w < NMX; w++)
        out[(size_t)k * NMX + w] = __float_as_uint(r[w]);
}

static uint32_t h2f(uint32_t h)   // exact f16 -> f32
{
    int e = (h >> 10) & 31, m = h & 0x3ff;
    float v = e == 31 ? (m ? NAN : INFINITY) : e ? ldexpf((float)(1024 + m), e - 25)
                                                  : ldexpf((float)m, -24);
    return u32(h & 0x8000 ? -v : v);
}
static uint32_t b2f(uint32_t b) { return b << 16; }

static void check_mixed(const uint32_t *got)
{
    static const struct { const char *name; int op, rnd; bool sat, bf; } fm[NMX] = {
        { "add.f32.f16", 0, 0, false, false }, { "add.rz.sat.f32.bf16", 0, 1, true, true },
        { "add.rp.f32.bf16", 0, 3, false, true }, { "sub.rm.f32.f16", 1, 2, false, false },
        { "sub.rn.sat.f32.f16", 1, 0, true, false }, { "sub.f32.bf16", 1, 0, false, true },
        { "fma.rn.f32.f16", 3, 0, false, false }, { "fma.rz.sat.f32.f16", 3, 1, true, false },
        { "fma.rp.sat.f32.bf16", 3, 3, true, true }, { "fma.rm.f32.bf16", 3, 2, false, true },
    };
    for (int k = 0; k < NV * NV; k++) {
        int i = k / NV, j = k % NV;
        for (int f = 0; f < NMX; f++) {
            uint32_t a = fm[f].bf ? b2f(bv[i]) : h2f(hv[i]);
            uint32_t b = fm[f].bf ? b2f(bv[j]) : h2f(hv[j]);
            uint32_t want = fm[f].op == 3 ? f_ref(3, fm[f].rnd, false, fm[f].sat, a, b, fv[j])
                                          : f_ref(fm[f].op, fm[f].rnd, false, fm[f].sat, a,
                                                  fv[j], 0);
            if (!same(got[k * NMX + f], want))
                FAILF("%s a=%04x b=%04x c=%08x: got %08x want %08x\n", fm[f].name,
                      fm[f].bf ? bv[i] : hv[i], fm[f].bf ? bv[j] : hv[j], fv[j],
                      got[k * NMX + f], want);
        }
    }
}

// ---- redux.sync f32 -----------------------------------------------------------
#define NRW 8    // warps
#define NRF 5    // forms
static uint32_t rx_val(int w, int lane)
{
    if (w == 7 && lane < 16)
        return 0x7fc00000u;                       // a half-warp of NaNs
    return fv[(lane * 7 + w * 3 + (w == 6 ? lane / 16 : 0)) % NV];
}
__global__ void kern_redux(const uint32_t *v, uint32_t *out)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x, w = t / 32, lane = t % 32;
    float a = __uint_as_float(v[t]), r[NRF];
    // odd warps: two half-warp groups; even warps: the whole warp
    if (w & 1) {
        unsigned m = lane < 16 ? 0x0000ffffu : 0xffff0000u;
        asm("redux.sync.min.f32 %0, %1, %2;" : "=f"(r[0]) : "f"(a), "r"(m));
        asm("redux.sync.max.f32 %0, %1, %2;" : "=f"(r[1]) : "f"(a), "r"(m));
        asm("redux.sync.min.NaN.f32 %0, %1, %2;" : "=f"(r[2]) : "f"(a), "r"(m));
        asm("redux.sync.max.abs.f32 %0, %1, %2;" : "=f"(r[3]) : "f"(a), "r"(m));
        asm("redux.sync.min.abs.NaN.f32 %0, %1, %2;" : "=f"(r[4]) : "f"(a), "r"(m));
    } else {
        asm("redux.sync.min.f32 %0, %1, 0xffffffff;" : "=f"(r[0]) : "f"(a));
        asm("redux.sync.max.f32 %0, %1, 0xffffffff;" : "=f"(r[1]) : "f"(a));
        asm("redux.sync.min.NaN.f32 %0, %1, 0xffffffff;" : "=f"(r[2]) : "f"(a));
        asm("redux.sync.max.abs.f32 %0, %1, 0xffffffff;" : "=f"(r[3]) : "f"(a));
        asm("redux.sync.min.abs.NaN.f32 %0, %1, 0xffffffff;" : "=f"(r[4]) : "f"(a));
    }
    for (int i = 0; i < NRF; i++)
        out[(size_t)t * NRF + i] = __float_as_uint(r[i]);
}

static void check_redux(const uint32_t *got)
{
    static const char *const nm[NRF] = { "min", "max", "min.NaN", "max.abs", "min.abs.NaN" };
    for (int t = 0; t < NRW * 32; t++) {
        int w = t / 32, lane = t % 32, first = (w & 1) ? (lane < 16 ? 0 : 16) : 0;
        int n = (w & 1) ? 16 : 32;
        uint32_t in[32];
        for (int i = 0; i < n; i++)
            in[i] = rx_val(w, first + i);
        uint32_t want[NRF] = { mm_ref_n(false, false, false, false, in, n),
                               mm_ref_n(true, false, false, false, in, n),
                               mm_ref_n(false, true, false, false, in, n),
                               mm_ref_n(true, false, false, true, in, n),
                               mm_ref_n(false, true, false, true, in, n) };
        for (int i = 0; i < NRF; i++)
            if (got[t * NRF + i] != want[i])
                FAILF("redux.sync.%s.f32 warp %d lane %d: got %08x want %08x\n", nm[i], w, lane,
                      got[t * NRF + i], want[i]);
    }
}

int main()
{
    uint32_t *v, *mm, *mx;
    unsigned short *h, *b;
    unsigned long long *x2;
    if (cudaMallocManaged(&v, sizeof fv) || cudaMallocManaged(&h, sizeof hv) ||
        cudaMallocManaged(&b, sizeof bv) || cudaMallocManaged(&mm, NV * NV * NV * NM * 4) ||
        cudaMallocManaged(&x2, NV * NV * NX * 8) || cudaMallocManaged(&mx, NV * NV * NMX * 4)) {
        printf("alloc failed\nFAIL\n");
        return 1;
    }
    memcpy(v, fv, sizeof fv);
    memcpy(h, hv, sizeof hv);
    memcpy(b, bv, sizeof bv);
    kern_mm<<<(NV * NV * NV + 127) / 128, 128>>>(v, mm);
    kern_x2<<<(NV * NV + 127) / 128, 128>>>(v, x2);
    kern_mixed<<<(NV * NV + 127) / 128, 128>>>(v, h, b, mx);
    uint32_t *rv, *ro;
    if (cudaMallocManaged(&rv, NRW * 32 * 4) || cudaMallocManaged(&ro, NRW * 32 * NRF * 4)) {
        printf("alloc failed\nFAIL\n");
        return 1;
    }
    for (int t = 0; t < NRW * 32; t++)
        rv[t] = rx_val(t / 32, t % 32);
    kern_redux<<<2, NRW * 16>>>(rv, ro);
    cudaError_t e = cudaDeviceSynchronize();
    if (e != cudaSuccess) {
        printf("kernel failed: %s\nFAIL\n", cudaGetErrorString(e));
        return 1;
    }
    check_mm(mm);
    check_x2(x2);
    check_mixed(mx);
    check_redux(ro);
    if (fails) {
        printf("%d mismatches\nFAIL\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
