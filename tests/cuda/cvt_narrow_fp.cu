// NVCCFLAGS: -arch=compute_100a -code=sm_100a,compute_100a
// cvt_narrow_fp: the sm_100 narrow float conversions, through the
// cuda_fp6.h / cuda_fp8.h intrinsics and inline PTX (e2m1, .relu and the
// .satfinite-less ue8m0 forms):
//   cvt.rn.satfinite{.relu}.{e2m1x2,e2m3x2,e3m2x2}.f32   d, a, b
//   cvt.rn{.relu}.f16x2.{e2m1x2,e2m3x2,e3m2x2}          d, a
//   cvt.{rz,rp}{.satfinite}.ue8m0x2.{f32,bf16x2}        d, a(, b)
//   cvt.rn.bf16x2.ue8m0x2                               d, a
// Every encoding of the narrow formats is converted to f16x2/bf16x2, every
// bf16 value to ue8m0, and f32 inputs (every narrow value, the midpoints
// between neighbours and one ulp either side, powers of two and their
// neighbours, +-0, subnormals, +-Inf, NaNs, then seeded random values) to
// the narrow formats. The CPU reference is written from the formats:
// e2m1 (bias 1, 1 fraction bit, max 6), e2m3 (bias 1, 3 bits, max 7.5),
// e3m2 (bias 3, 2 bits, max 28), none with Inf or NaN: round to nearest
// even by searching every value, overflow and Inf saturate with the sign
// kept, NaN gives +max, .relu makes negative results +0; ue8m0 is 2^(v-127)
// with 0xff NaN: .rz the largest power of two not above |x|, .rp the
// smallest not below (2^-127 at the bottom), the sign ignored, beyond
// 2^127 0xff (NaN) unless .satfinite (0xfe).
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>
#include <cuda_fp6.h>
#include <cuda_fp8.h>

#define NOPS 21
static const char *const names[NOPS] = {
    "cvt.rn.satfinite.e2m1x2.f32", "cvt.rn.satfinite.relu.e2m1x2.f32",
    "cvt.rn.satfinite.e2m3x2.f32", "cvt.rn.satfinite.relu.e2m3x2.f32",
    "cvt.rn.satfinite.e3m2x2.f32", "cvt.rn.satfinite.relu.e3m2x2.f32",
    "cvt.rn.f16x2.e2m1x2", "cvt.rn.relu.f16x2.e2m1x2",
    "cvt.rn.f16x2.e2m3x2", "cvt.rn.relu.f16x2.e2m3x2",
    "cvt.rn.f16x2.e3m2x2", "cvt.rn.relu.f16x2.e3m2x2",
    "cvt.rz.ue8m0x2.f32", "cvt.rz.satfinite.ue8m0x2.f32",
    "cvt.rp.ue8m0x2.f32", "cvt.rp.satfinite.ue8m0x2.f32",
    "cvt.rz.ue8m0x2.bf16x2", "cvt.rz.satfinite.ue8m0x2.bf16x2",
    "cvt.rp.ue8m0x2.bf16x2", "cvt.rp.satfinite.ue8m0x2.bf16x2",
    "cvt.rn.bf16x2.ue8m0x2",
};

#define N 65536

// the 6-bit pair and bf16x2 inputs of thread i (all encodings are covered)
__host__ __device__ static unsigned short six_pair(unsigned i)
{
    return (unsigned short)((i & 0x3fu) | ((i >> 6) & 0x3fu) << 8);
}
__host__ __device__ static unsigned bf16_pair(unsigned i)
{
    return (i & 0xffffu) << 16 | ((i ^ 0x8000u) & 0xffffu);
}

__global__ void kern(const float *a, const float *b, uint32_t *out)
{
    unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= N)
        return;
    float x = a[i], y = b[i];
    uint32_t *o = out + (size_t)i * NOPS;
    unsigned short h;
    unsigned r;
    float2 xy = make_float2(y, x);   // .x goes to the low half, .y to the high
    // e2m1x2 lives in a .b8 register; cuda_fp4.h moves it with mov.b16 of a
    // vector (not lowered yet), so these use cvt between .b8 and .u16.
    asm("{ .reg .b8 t;\n\tcvt.rn.satfinite.e2m1x2.f32 t, %1, %2;\n\t"
        "cvt.u16.u8 %0, t;\n\t}" : "=h"(h) : "f"(x), "f"(y));
    o[0] = h & 0xffu;
    asm("{ .reg .b8 t;\n\tcvt.rn.satfinite.relu.e2m1x2.f32 t, %1, %2;\n\t"
        "cvt.u16.u8 %0, t;\n\t}" : "=h"(h) : "f"(x), "f"(y));
    o[1] = h & 0xffu;
    o[2] = __nv_cvt_float2_to_fp6x2(xy, __NV_E2M3, cudaRoundNearest);
    asm("cvt.rn.satfinite.relu.e2m3x2.f32 %0, %1, %2;" : "=h"(h) : "f"(x), "f"(y));
    o[3] = h;
    o[4] = __nv_cvt_float2_to_fp6x2(xy, __NV_E3M2, cudaRoundNearest);
    asm("cvt.rn.satfinite.relu.e3m2x2.f32 %0, %1, %2;" : "=h"(h) : "f"(x), "f"(y));
    o[5] = h;
    unsigned short byte = (unsigned short)(i & 0xffu);
    asm("{ .reg .b8 t;\n\tcvt.u8.u16 t, %1;\n\tcvt.rn.f16x2.e2m1x2 %0, t;\n\t}"
        : "=r"(r) : "h"(byte));
    o[6] = r;
    asm("{ .reg .b8 t;\n\tcvt.u8.u16 t, %1;\n\tcvt.rn.relu.f16x2.e2m1x2 %0, t;\n\t}"
        : "=r"(r) : "h"(byte));
    o[7] = r;
    __half2_raw hr;
    unsigned short p6 = six_pair(i);
    hr = __nv_cvt_fp6x2_to_halfraw2(p6, __NV_E2M3);
    o[8] = (uint32_t)hr.y << 16 | hr.x;
    asm("cvt.rn.relu.f16x2.e2m3x2 %0, %1;" : "=r"(r) : "h"(p6));
    o[9] = r;
    hr = __nv_cvt_fp6x2_to_halfraw2(p6, __NV_E3M2);
    o[10] = (uint32_t)hr.y << 16 | hr.x;
    asm("cvt.rn.relu.f16x2.e3m2x2 %0, %1;" : "=r"(r) : "h"(p6));
    o[11] = r;
    asm("cvt.rz.ue8m0x2.f32 %0, %1, %2;" : "=h"(h) : "f"(x), "f"(y));
    o[12] = h;
    asm("cvt.rz.satfinite.ue8m0x2.f32 %0, %1, %2;" : "=h"(h) : "f"(x), "f"(y));
    o[13] = h;
    asm("cvt.rp.ue8m0x2.f32 %0, %1, %2;" : "=h"(h) : "f"(x), "f"(y));
    o[14] = h;
    o[15] = __nv_cvt_float2_to_e8m0x2(xy, __NV_SATFINITE, cudaRoundPosInf);
    unsigned bp = bf16_pair(i);
    asm("cvt.rz.ue8m0x2.bf16x2 %0, %1;" : "=h"(h) : "r"(bp));
    o[16] = h;
    __nv_bfloat162_raw b2;
    b2.x = (unsigned short)(bp & 0xffffu);
    b2.y = (unsigned short)(bp >> 16);
    o[17] = __nv_cvt_bfloat162raw_to_e8m0x2(b2, __NV_SATFINITE, cudaRoundZero);
    asm("cvt.rp.ue8m0x2.bf16x2 %0, %1;" : "=h"(h) : "r"(bp));
    o[18] = h;
    o[19] = __nv_cvt_bfloat162raw_to_e8m0x2(b2, __NV_SATFINITE, cudaRoundPosInf);
    __nv_bfloat162_raw e = __nv_cvt_e8m0x2_to_bf162raw((__nv_fp8x2_storage_t)(i & 0xffffu));
    o[20] = (uint32_t)e.y << 16 | e.x;
}

// ---- CPU reference from the format definitions ------------------------------
typedef struct mini {
    int ebits, mbits, bias;
} mini;
static const mini E2M1 = { 2, 1, 1 }, E2M3 = { 2, 3, 1 }, E3M2 = { 3, 2, 3 };

static uint32_t fb(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float bf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

// magnitude of code c (sign bit excluded)
static double mini_val(const mini &m, unsigned c)
{
    unsigned field = c >> m.mbits, mant = c & ((1u << m.mbits) - 1);
    if (field == 0)
        return ldexp(mant, 1 - m.bias - m.mbits);
    return ldexp((1u << m.mbits) + mant, (int)field - m.bias - m.mbits);
}

static unsigned ref_to_mini(const mini &m, bool relu, uint32_t xb)
{
    unsigned w = m.ebits + m.mbits, maxc = (1u << w) - 1, sign = (xb >> 31) << w;
    float x = bf(xb);
    if (std::isnan(x))
        return maxc;
    if (relu && (xb >> 31))
        return 0;
    double ax = fabs((double)x);
    if (ax >= mini_val(m, maxc))   // saturate (also keeps the search below exact)
        return sign | maxc;
    unsigned best = 0;
    for (unsigned c = 1; c <= maxc; c++) {
        double dc = fabs(mini_val(m, c) - ax), db = fabs(mini_val(m, best) - ax);
        if (dc < db || (dc == db && (c & 1) == 0))
            best = c;
    }
    return sign | best;
}

// exact f16 bits of a narrow value (all are f16 normals or zero)
static uint32_t f16_exact(double v, bool neg)
{
    uint32_t s = neg ? 0x8000u : 0;
    if (v == 0)
        return s;
    int e = (int)floor(log2(v));
    uint32_t mant = (uint32_t)(ldexp(v, -e) * 1024.0) - 1024u;
    return s | (uint32_t)(e + 15) << 10 | mant;
}

static uint32_t ref_mini_to_f16(const mini &m, bool relu, unsigned c)
{
    unsigned w = m.ebits + m.mbits;
    bool neg = (c >> w) & 1;
    if (relu && neg)
        return 0;
    return f16_exact(mini_val(m, c & ((1u << w) - 1)), neg);
}

// |v| -> ue8m0; v is the exact value of an f32 or bf16 input
static uint32_t ref_ue8m0(double v, bool nan, bool rp, bool satf)
{
    if (nan)
        return 0xff;
    double a = fabs(v);
    int r;
    if (!rp) {
        r = a < 0x1p-126 ? 0 : std::isinf(a) ? 255 : (int)floor(log2(a)) + 127;
    } else if (a <= 0x1p-127) {
        r = 0;
    } else {
        int e = std::isinf(a) ? 200 : (int)floor(log2(a));
        r = (ldexp(1.0, e) == a ? e : e + 1) + 127;   // ceil(log2 a)
        if (r > 255)
            r = 255;
    }
    return satf && r == 255 ? 0xfe : (uint32_t)r;
}

static double bf16_val(uint32_t h, bool *nan)
{
    float f = bf((h & 0xffffu) << 16);
    *nan = std::isnan(f);
    return f;
}

static uint32_t ref_bf16_of_ue8m0(uint32_t v)
{
    v &= 0xff;
    if (v == 0xff)
        return 0x7fff;
    double p = ldexp(1.0, (int)v - 127);
    return fb((float)p) >> 16;   // exact: 2^-127 is a bf16 subnormal
}

// ---- inputs ----------------------------------------------------------------
static uint64_t next(uint64_t *s)   // splitmix64
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static float ha[N], hb[N];
static uint32_t out[(size_t)N * NOPS];

static void add(uint32_t *list, int *n, uint32_t v)
{
    list[(*n)++] = v;
    list[(*n)++] = v ^ 0x80000000u;
}

static int edge_list(uint32_t *list)
{
    int n = 0;
    const mini *ms[3] = { &E2M1, &E2M3, &E3M2 };
    for (int k = 0; k < 3; k++) {
        unsigned maxc = (1u << (ms[k]->ebits + ms[k]->mbits)) - 1;
        for (unsigned c = 0; c <= maxc; c++) {
            uint32_t v = fb((float)mini_val(*ms[k], c));
            add(list, &n, v);
            add(list, &n, v + 1);
            if (v)
                add(list, &n, v - 1);
            double hi = c < maxc ? mini_val(*ms[k], c + 1) : 2 * mini_val(*ms[k], c);
            uint32_t mid = fb((float)((mini_val(*ms[k], c) + hi) / 2));
            add(list, &n, mid);
            add(list, &n, mid + 1);
            add(list, &n, mid - 1);
        }
    }
    for (int e = -149; e <= 127; e++) {   // powers of two and neighbours (ue8m0)
        uint32_t v = fb(ldexpf(1.0f, e));
        add(list, &n, v);
        add(list, &n, v + 1);
        add(list, &n, v - 1);
    }
    const uint32_t specials[] = { 0x7f800000u, 0x7fc00000u, 0x7f800001u, 0x7fffffffu,
                                  0x7f7fffffu, 0x00400000u, 0x00400001u, 0x003fffffu };
    for (uint32_t v : specials)
        add(list, &n, v);
    return n;
}

int main()
{
    static uint32_t list[4096];
    int n = edge_list(list);
    uint64_t s = 99;
    for (int i = 0; i < N; i++) {
        if (i < 8 * n) {
            ha[i] = bf(list[i % n]);
            hb[i] = bf(list[(i * 7 + i / n) % n]);
        } else {
            uint64_t r = next(&s);
            // half: exponent within the narrow formats' range; half: any bits
            uint32_t x = (uint32_t)r, y = (uint32_t)(r >> 32);
            if (i & 1) {
                x = (x & 0x807fffffu) | (uint32_t)(120 + (r >> 40) % 12) << 23;
                y = (y & 0x807fffffu) | (uint32_t)(120 + (r >> 50) % 12) << 23;
            }
            ha[i] = bf(x);
            hb[i] = bf(y);
        }
    }
    float *da, *db;
    uint32_t *dout;
    if (cudaMalloc(&da, sizeof ha) != cudaSuccess || cudaMalloc(&db, sizeof hb) != cudaSuccess ||
        cudaMalloc(&dout, sizeof out) != cudaSuccess ||
        cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice) != cudaSuccess ||
        cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<N / 128, 128>>>(da, db, dout);
    cudaError_t e = cudaGetLastError();
    if (e == cudaSuccess)
        e = cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int bad = 0;
    for (unsigned i = 0; i < N; i++) {
        uint32_t x = fb(ha[i]), y = fb(hb[i]), want[NOPS];
        const mini *ms[3] = { &E2M1, &E2M3, &E3M2 };
        for (int k = 0; k < 3; k++)
            for (int relu = 0; relu < 2; relu++) {
                unsigned sh = k == 0 ? 4 : 8;
                want[2 * k + relu] = ref_to_mini(*ms[k], relu, x) << sh |
                                     ref_to_mini(*ms[k], relu, y);
            }
        unsigned byte = i & 0xff, p6 = i & 0xfff;
        for (int relu = 0; relu < 2; relu++) {
            want[6 + relu] = ref_mini_to_f16(E2M1, relu, byte >> 4) << 16 |
                             ref_mini_to_f16(E2M1, relu, byte & 0xf);
            want[8 + relu] = ref_mini_to_f16(E2M3, relu, p6 >> 6) << 16 |
                             ref_mini_to_f16(E2M3, relu, p6 & 0x3f);
            want[10 + relu] = ref_mini_to_f16(E3M2, relu, p6 >> 6) << 16 |
                              ref_mini_to_f16(E3M2, relu, p6 & 0x3f);
        }
        unsigned bp = bf16_pair(i);
        for (int k = 0; k < 4; k++) {
            bool rp = k >= 2, satf = k & 1;
            want[12 + k] = ref_ue8m0(ha[i], std::isnan(ha[i]), rp, satf) << 8 |
                           ref_ue8m0(hb[i], std::isnan(hb[i]), rp, satf);
            bool nh, nl;
            double vh = bf16_val(bp >> 16, &nh), vl = bf16_val(bp, &nl);
            want[16 + k] = ref_ue8m0(vh, nh, rp, satf) << 8 | ref_ue8m0(vl, nl, rp, satf);
        }
        want[20] = ref_bf16_of_ue8m0(i >> 8) << 16 | ref_bf16_of_ue8m0(i);
        for (int op = 0; op < NOPS; op++) {
            uint32_t got = out[(size_t)i * NOPS + op];
            if (got != want[op] && bad++ < 40)
                printf("%s i=%u a=0x%08x b=0x%08x: got 0x%08x, want 0x%08x\n", names[op], i, x,
                       y, got, want[op]);
        }
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("%d cases x %d conversions (%d edge inputs)\nPASS\n", N, NOPS, n);
    return 0;
}
