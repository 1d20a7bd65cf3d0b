// ptx_conformance_fp: f32 add and mul in every rounding mode (.rn .rz .rm
// .rp), .ftz and .sat, min/max (.NaN, .ftz), and setp with ordered and
// unordered comparisons, swept over edge values (+-0, subnormals, the
// largest finite value, +-Inf, NaN payloads, halfway cases) and compared
// bit for bit with a CPU reference written from the PTX manual (IEEE 754:
// the exact result rounded once; NaN results are the canonical 0x7fffffff).
// Every failing case is printed with its inputs and both bit patterns.
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>

#define NOPS 16
static const char *const names[NOPS] = {
    "add.rn.f32", "add.rz.f32", "add.rm.f32", "add.rp.f32", "mul.rn.f32", "mul.rz.f32",
    "mul.rm.f32", "mul.rp.f32", "add.rn.ftz.f32", "mul.rz.ftz.sat.f32", "sub.rp.sat.f32",
    "min.f32", "max.f32", "min.NaN.f32", "max.ftz.f32",
    "setp bits (eq ne lt le gt ge equ neu ltu leu gtu geu num nan)",
};

__global__ void kern(const float *a, const float *b, uint32_t *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float x = a[i], y = b[i], r[NOPS - 1];
    asm("add.rn.f32 %0, %1, %2;" : "=f"(r[0]) : "f"(x), "f"(y));
    asm("add.rz.f32 %0, %1, %2;" : "=f"(r[1]) : "f"(x), "f"(y));
    asm("add.rm.f32 %0, %1, %2;" : "=f"(r[2]) : "f"(x), "f"(y));
    asm("add.rp.f32 %0, %1, %2;" : "=f"(r[3]) : "f"(x), "f"(y));
    asm("mul.rn.f32 %0, %1, %2;" : "=f"(r[4]) : "f"(x), "f"(y));
    asm("mul.rz.f32 %0, %1, %2;" : "=f"(r[5]) : "f"(x), "f"(y));
    asm("mul.rm.f32 %0, %1, %2;" : "=f"(r[6]) : "f"(x), "f"(y));
    asm("mul.rp.f32 %0, %1, %2;" : "=f"(r[7]) : "f"(x), "f"(y));
    asm("add.rn.ftz.f32 %0, %1, %2;" : "=f"(r[8]) : "f"(x), "f"(y));
    asm("mul.rz.ftz.sat.f32 %0, %1, %2;" : "=f"(r[9]) : "f"(x), "f"(y));
    asm("sub.rp.sat.f32 %0, %1, %2;" : "=f"(r[10]) : "f"(x), "f"(y));
    asm("min.f32 %0, %1, %2;" : "=f"(r[11]) : "f"(x), "f"(y));
    asm("max.f32 %0, %1, %2;" : "=f"(r[12]) : "f"(x), "f"(y));
    asm("min.NaN.f32 %0, %1, %2;" : "=f"(r[13]) : "f"(x), "f"(y));
    asm("max.ftz.f32 %0, %1, %2;" : "=f"(r[14]) : "f"(x), "f"(y));
    uint32_t bits;
    asm("{\n\t.reg .pred p;\n\t.reg .b32 t;\n\tmov.b32 %0, 0;\n\t"
        "setp.eq.f32 p, %1, %2;\n\tselp.b32 t, 1, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.ne.f32 p, %1, %2;\n\tselp.b32 t, 2, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.lt.f32 p, %1, %2;\n\tselp.b32 t, 4, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.le.f32 p, %1, %2;\n\tselp.b32 t, 8, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.gt.f32 p, %1, %2;\n\tselp.b32 t, 16, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.ge.f32 p, %1, %2;\n\tselp.b32 t, 32, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.equ.f32 p, %1, %2;\n\tselp.b32 t, 64, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.neu.f32 p, %1, %2;\n\tselp.b32 t, 128, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.ltu.f32 p, %1, %2;\n\tselp.b32 t, 256, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.leu.f32 p, %1, %2;\n\tselp.b32 t, 512, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.gtu.f32 p, %1, %2;\n\tselp.b32 t, 1024, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.geu.f32 p, %1, %2;\n\tselp.b32 t, 2048, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.num.f32 p, %1, %2;\n\tselp.b32 t, 4096, 0, p;\n\tor.b32 %0, %0, t;\n\t"
        "setp.nan.f32 p, %1, %2;\n\tselp.b32 t, 8192, 0, p;\n\tor.b32 %0, %0, t;\n\t}"
        : "=r"(bits) : "f"(x), "f"(y));
    uint32_t *o = out + (size_t)i * NOPS;
    for (int k = 0; k < NOPS - 1; k++)
        memcpy(&o[k], &r[k], 4);
    o[NOPS - 1] = bits;
}

// ---- CPU reference from the PTX manual -------------------------------------
enum { RN, RZ, RM, RP };
static uint32_t fb(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float bf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static bool nan32(uint32_t u) { return (u & 0x7fffffffu) > 0x7f800000u; }
static bool sub32(uint32_t u) { return (u & 0x7f800000u) == 0 && (u & 0x7fffff); }
static uint32_t flush(uint32_t u, bool ftz) { return ftz && sub32(u) ? u & 0x80000000u : u; }

// The exact value is s + e (|e| tiny next to s, or 0), s != 0: rounded to
// f32 in mode md.
static uint32_t round32(double s, double e, int md)
{
    bool neg = s < 0;
    int d = (e > 0) - (e < 0);
    if (neg) d = -d;                       // d > 0: the magnitude is a bit larger than |s|
    double ax = fabs(s);
    int ex;
    frexp(ax, &ex);
    int ue = ex - 1 < -126 ? -126 : ex - 1;
    double q = ldexp(ax, 23 - ue), fl = floor(q), rem = q - fl;
    bool away = md == RP ? !neg : md == RM ? neg : false;
    if (md == RN) {
        if (rem > 0.5 || (rem == 0.5 && (d > 0 || (d == 0 && fmod(fl, 2) == 1)))) fl += 1;
    } else if (away) {
        if (rem > 0 || d > 0) fl += 1;
    } else if (rem == 0 && d < 0) {
        if (fl == ldexp(1.0, 23) && ue > -126) {   // just below a power of two: finer spacing
            fl = ldexp(1.0, 24) - 1;
            ue -= 1;
        } else {
            fl -= 1;
        }
    }
    double v = ldexp(fl, ue - 23);
    uint32_t sign = neg ? 0x80000000u : 0;
    if (v >= ldexp(1.0, 128))
        return sign | ((md == RN || away) ? 0x7f800000u : 0x7f7fffffu);
    return sign | fb((float)v);   // exact: v has at most 24 significant bits
}

static uint32_t post(uint32_t r, bool ftz, bool sat)
{
    r = flush(r, ftz);
    if (sat) {
        if (nan32(r) || (r >> 31)) return 0;
        return bf(r) > 1.0f ? 0x3f800000u : r;
    }
    return r;
}

static uint32_t ref_add(uint32_t x, uint32_t y, int md, bool ftz, bool sat)
{
    x = flush(x, ftz); y = flush(y, ftz);
    if (nan32(x) || nan32(y)) return post(0x7fffffffu, ftz, sat);
    double a = bf(x), b = bf(y);
    if (std::isinf(a) || std::isinf(b)) {
        if (std::isinf(a) && std::isinf(b) && (x >> 31) != (y >> 31)) return post(0x7fffffffu, ftz, sat);
        return post(std::isinf(a) ? x : y, ftz, sat);
    }
    double s = a + b, bb = s - a, e = (a - (s - bb)) + (b - bb);   // TwoSum: a + b = s + e
    if (s == 0 && e == 0) {
        bool sx = x >> 31, sy = y >> 31;
        return post(((sx && sy) || (sx != sy && md == RM)) ? 0x80000000u : 0, ftz, sat);
    }
    return post(round32(s, e, md), ftz, sat);
}

static uint32_t ref_mul(uint32_t x, uint32_t y, int md, bool ftz, bool sat)
{
    x = flush(x, ftz); y = flush(y, ftz);
    if (nan32(x) || nan32(y)) return post(0x7fffffffu, ftz, sat);
    double a = bf(x), b = bf(y);
    uint32_t sign = (x ^ y) & 0x80000000u;
    if (std::isinf(a) || std::isinf(b))
        return post((a == 0 || b == 0) ? 0x7fffffffu : sign | 0x7f800000u, ftz, sat);
    double p = a * b;                                  // exact: 48 bits
    if (p == 0) return post(sign, ftz, sat);
    return post(round32(p, 0, md), ftz, sat);
}

static uint32_t ref_minmax(uint32_t x, uint32_t y, bool max, bool nan_mode, bool ftz)
{
    x = flush(x, ftz); y = flush(y, ftz);
    bool nx = nan32(x), ny = nan32(y);
    if (nx || ny) {
        if (nan_mode || (nx && ny)) return 0x7fffffffu;
        return nx ? y : x;
    }
    float a = bf(x), b = bf(y);
    if (a == b) {                                      // -0 < +0
        bool xneg = x >> 31;
        return (xneg != max) ? x : y;
    }
    return (a < b) != max ? x : y;
}

static uint32_t ref_setp(uint32_t x, uint32_t y)
{
    float a = bf(x), b = bf(y);
    bool un = nan32(x) || nan32(y);
    bool eq = !un && a == b, lt = !un && a < b, gt = !un && a > b;
    bool res[14] = { eq, !un && !eq, lt, lt || eq, gt, gt || eq, un || eq, un || !eq, un || lt,
                     un || lt || eq, un || gt, un || gt || eq, !un, un };
    uint32_t bits = 0;
    for (int k = 0; k < 14; k++)
        bits |= (uint32_t)res[k] << k;
    return bits;
}

int main()
{
    const uint32_t vals[] = {
        0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u, 0x007fffffu, 0x00800000u,
        0x3f800000u, 0xbf800000u, 0x3f800001u, 0x3fffffffu, 0x4b800001u, 0x33800000u,
        0x33800001u, 0x34000000u, 0x7f7fffffu, 0xff7fffffu, 0x7f000000u, 0x7f800000u,
        0xff800000u, 0x7fc00000u, 0x7fa12345u, 0xffc00001u, 0x3eaaaaabu, 0x40490fdbu,
        0xc0490fdbu, 0x3f000000u, 0x00400000u, 0x80400000u, 0x3f7fffffu, 0x1f800000u,
        0x5f800000u, 0x3dcccccdu,
    };
    const int nv = sizeof vals / sizeof vals[0], n = nv * nv;
    static float ha[n], hb[n];
    static uint32_t out[n * NOPS];
    for (int i = 0; i < nv; i++)
        for (int j = 0; j < nv; j++) {
            ha[i * nv + j] = bf(vals[i]);
            hb[i * nv + j] = bf(vals[j]);
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
    kern<<<(n + 127) / 128, 128>>>(da, db, dout, n);
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
        uint32_t x = fb(ha[k]), y = fb(hb[k]);
        uint32_t want[NOPS] = {
            ref_add(x, y, RN, false, false), ref_add(x, y, RZ, false, false),
            ref_add(x, y, RM, false, false), ref_add(x, y, RP, false, false),
            ref_mul(x, y, RN, false, false), ref_mul(x, y, RZ, false, false),
            ref_mul(x, y, RM, false, false), ref_mul(x, y, RP, false, false),
            ref_add(x, y, RN, true, false), ref_mul(x, y, RZ, true, true),
            ref_add(x, y ^ 0x80000000u, RP, false, true),
            ref_minmax(x, y, false, false, false), ref_minmax(x, y, true, false, false),
            ref_minmax(x, y, false, true, false), ref_minmax(x, y, true, false, true),
            ref_setp(x, y),
        };
        for (int op = 0; op < NOPS; op++)
            if (out[(size_t)k * NOPS + op] != want[op] && bad++ < 25)
                printf("%s a=0x%08x b=0x%08x: got 0x%08x, want 0x%08x\n", names[op], x, y,
                       out[(size_t)k * NOPS + op], want[op]);
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("%d cases x %d instructions\nPASS\n", n, NOPS);
    return 0;
}
