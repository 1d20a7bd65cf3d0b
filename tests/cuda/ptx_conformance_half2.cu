// NVCCFLAGS: -arch=sm_90
// ptx_conformance_half2: the half-precision comparisons. Every comparison
// intrinsic of cuda_fp16.h / cuda_bf16.h (scalar bool, x2 with 1.0/0.0,
// __hbXX2, the _mask forms, __hisnan, __hisinf, __hisnan2), then inline
// setp / set on .f16, .f16x2, .bf16, .bf16x2 for all 14 comparisons with
// .ftz, .and/.or/.xor with a predicate c and every set destination type,
// swept over all pairs of edge values (+-0, subnormals, max, +-Inf, NaNs)
// and compared bit for bit with a CPU reference from the PTX manual.
// (bf16 setp/set need sm_90, hence the flags.)
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <cuda_runtime.h>

#define NV 16
static const unsigned short hvals[NV] = {
    0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x3c00, 0xbc00, 0x3e00,
    0xc000, 0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0xfe00,
};
static const unsigned short bvals[NV] = {
    0x0000, 0x8000, 0x0001, 0x8001, 0x007f, 0x3f80, 0xbf80, 0x3fc0,
    0xc000, 0x7f7f, 0xff7f, 0x7f80, 0xff80, 0x7fc0, 0x7f81, 0xffc0,
};
#define NP (NV * NV)
#define NI 27   // words per pair, intrinsics kernel

template <typename T, typename T2>
__device__ void intrinsics(T a, T b, T2 x, T2 y, unsigned *o)
{
    unsigned s = 0;
    s |= __heq(a, b) << 0 | __hne(a, b) << 1 | __hlt(a, b) << 2 | __hle(a, b) << 3;
    s |= __hgt(a, b) << 4 | __hge(a, b) << 5 | __hequ(a, b) << 6 | __hneu(a, b) << 7;
    s |= __hltu(a, b) << 8 | __hleu(a, b) << 9 | __hgtu(a, b) << 10 | __hgeu(a, b) << 11;
    s |= (unsigned)__hisnan(a) << 12 | (unsigned)(__hisinf(a) + 1) << 13;
    o[0] = s;
    unsigned v = 0;
    v |= __hbeq2(x, y) << 0 | __hbne2(x, y) << 1 | __hblt2(x, y) << 2 | __hble2(x, y) << 3;
    v |= __hbgt2(x, y) << 4 | __hbge2(x, y) << 5 | __hbequ2(x, y) << 6 | __hbneu2(x, y) << 7;
    v |= __hbltu2(x, y) << 8 | __hbleu2(x, y) << 9 | __hbgtu2(x, y) << 10 | __hbgeu2(x, y) << 11;
    o[1] = v;
    T2 r[12] = { __heq2(x, y), __hne2(x, y), __hlt2(x, y), __hle2(x, y), __hgt2(x, y),
                 __hge2(x, y), __hequ2(x, y), __hneu2(x, y), __hltu2(x, y), __hleu2(x, y),
                 __hgtu2(x, y), __hgeu2(x, y) };
    for (int k = 0; k < 12; k++)
        memcpy(&o[2 + k], &r[k], 4);
    o[14] = __heq2_mask(x, y);  o[15] = __hne2_mask(x, y);  o[16] = __hlt2_mask(x, y);
    o[17] = __hle2_mask(x, y);  o[18] = __hgt2_mask(x, y);  o[19] = __hge2_mask(x, y);
    o[20] = __hequ2_mask(x, y); o[21] = __hneu2_mask(x, y); o[22] = __hltu2_mask(x, y);
    o[23] = __hleu2_mask(x, y); o[24] = __hgtu2_mask(x, y); o[25] = __hgeu2_mask(x, y);
    T2 n = __hisnan2(x);
    memcpy(&o[26], &n, 4);
}

__global__ void kern_intr(const unsigned short *hv, const unsigned short *bv, unsigned *out)
{
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= NP)
        return;
    int i = k / NV, j = k % NV, l = (i + j) % NV;
    unsigned short ha = hv[i], hb = hv[j], hc = hv[l];
    __half a, b;
    memcpy(&a, &ha, 2);
    memcpy(&b, &hb, 2);
    unsigned xw = ha | (unsigned)hb << 16, yw = hb | (unsigned)hc << 16;
    __half2 x, y;
    memcpy(&x, &xw, 4);
    memcpy(&y, &yw, 4);
    intrinsics<__half, __half2>(a, b, x, y, out + (size_t)k * NI);
    unsigned short ba = bv[i], bb = bv[j], bc = bv[l];
    __nv_bfloat16 c, d;
    memcpy(&c, &ba, 2);
    memcpy(&d, &bb, 2);
    unsigned xb = ba | (unsigned)bb << 16, yb = bb | (unsigned)bc << 16;
    __nv_bfloat162 u, w;
    memcpy(&u, &xb, 4);
    memcpy(&w, &yb, 4);
    intrinsics<__nv_bfloat16, __nv_bfloat162>(c, d, u, w, out + ((size_t)NP + k) * NI);
}

// ---- inline setp / set ------------------------------------------------------
#define NF 12   // words per comparison in kern_ptx
#define SETP1(C, T, x, y, r) \
    asm("{.reg .pred p; setp." C T " p, %1, %2; selp.u32 %0, 1, 0, p;}" : "=r"(r) : "h"(x), "h"(y))
#define SETP2(C, T, x, y, r)                                                               \
    asm("{.reg .pred p, q; setp." C T " p|q, %1, %2; selp.u32 %0, 1, 0, p;"               \
        " @q add.u32 %0, %0, 2;}" : "=r"(r) : "r"(x), "r"(y))
#define SETP2C(C, B, T, x, y, cc, r)                                                       \
    asm("{.reg .pred p, q, c; setp.ne.u32 c, %3, 0; setp." C B T " p|q, %1, %2, !c;"      \
        " selp.u32 %0, 1, 0, p; @q add.u32 %0, %0, 2;}" : "=r"(r) : "r"(x), "r"(y), "r"(cc))

#define ONE_CMP(C)                                                                         \
    {                                                                                      \
        unsigned r[NF], t;                                                                 \
        SETP1(C, ".f16", ha, hb, r[0]);                                                    \
        SETP1(C, ".ftz.f16", ha, hb, t);  r[0] |= t << 1;                                  \
        SETP1(C, ".bf16", ba, bb, t);     r[0] |= t << 2;                                  \
        SETP2(C, ".f16x2", hx, hy, t);    r[0] |= t << 4;                                  \
        SETP2(C, ".ftz.f16x2", hx, hy, t); r[0] |= t << 6;                                 \
        SETP2(C, ".bf16x2", bx, by, t);   r[0] |= t << 8;                                  \
        SETP2C(C, ".or", ".f16x2", hx, hy, cin, t);  r[0] |= t << 10;                      \
        SETP2C(C, ".xor", ".bf16x2", bx, by, cin, t); r[0] |= t << 12;                     \
        SETP2C(C, ".and", ".ftz.f16x2", hx, hy, cin, t); r[0] |= t << 14;                  \
        asm("set." C ".f16x2.f16x2 %0, %1, %2;" : "=r"(r[1]) : "r"(hx), "r"(hy));          \
        asm("set." C ".ftz.u32.f16x2 %0, %1, %2;" : "=r"(r[2]) : "r"(hx), "r"(hy));       \
        asm("set." C ".bf16x2.bf16x2 %0, %1, %2;" : "=r"(r[3]) : "r"(bx), "r"(by));       \
        asm("{.reg .pred c; setp.ne.u32 c, %3, 0; set." C ".and.s32.bf16x2 %0, %1, %2, c;}" \
            : "=r"(r[4]) : "r"(bx), "r"(by), "r"(cin));                                    \
        unsigned short h16;                                                                \
        asm("set." C ".f16.f16 %0, %1, %2;" : "=h"(h16) : "h"(ha), "h"(hb)); r[5] = h16;  \
        asm("set." C ".ftz.u32.f16 %0, %1, %2;" : "=r"(r[6]) : "h"(ha), "h"(hb));         \
        asm("set." C ".s16.bf16 %0, %1, %2;" : "=h"(h16) : "h"(ba), "h"(bb)); r[7] = h16; \
        asm("set." C ".bf16.bf16 %0, %1, %2;" : "=h"(h16) : "h"(ba), "h"(bb)); r[8] = h16;\
        asm("set." C ".f16.f32 %0, %1, %2;" : "=h"(h16) : "f"(fa), "f"(fb)); r[9] = h16;  \
        asm("{.reg .pred c; setp.ne.u32 c, %3, 0; set." C ".or.u16.f16 %0, %1, %2, c;}"   \
            : "=h"(h16) : "h"(ha), "h"(hb), "r"(cin)); r[10] = h16;                        \
        asm("set." C ".bf16.f32 %0, %1, %2;" : "=h"(h16) : "f"(fa), "f"(fb)); r[11] = h16; \
        for (int w = 0; w < NF; w++)                                                       \
            o[w] = r[w];                                                                   \
        o += NF;                                                                           \
    }

#define NCMP 14
static const char *const cmpnames[NCMP] = { "eq", "ne", "lt", "le", "gt", "ge", "equ", "neu",
                                            "ltu", "leu", "gtu", "geu", "num", "nan" };

__global__ void kern_ptx(const unsigned short *hv, const unsigned short *bv, unsigned *out)
{
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= NP)
        return;
    int i = k / NV, j = k % NV, l = (i + j) % NV;
    unsigned short ha = hv[i], hb = hv[j], ba = bv[i], bb = bv[j];
    unsigned hx = ha | (unsigned)hb << 16, hy = hb | (unsigned)hv[l] << 16;
    unsigned bx = ba | (unsigned)bb << 16, by = bb | (unsigned)bv[l] << 16;
    unsigned cin = (unsigned)(k & 1);
    float fa = __half2float(__ushort_as_half(ha)), fb = __half2float(__ushort_as_half(hb));
    unsigned *o = out + (size_t)k * NCMP * NF;
    ONE_CMP("eq") ONE_CMP("ne") ONE_CMP("lt") ONE_CMP("le") ONE_CMP("gt") ONE_CMP("ge")
    ONE_CMP("equ") ONE_CMP("neu") ONE_CMP("ltu") ONE_CMP("leu") ONE_CMP("gtu") ONE_CMP("geu")
    ONE_CMP("num") ONE_CMP("nan")
}

// ---- CPU reference from the PTX manual -------------------------------------
static float hf(uint32_t h, bool ftz)
{
    int e = (h >> 10) & 31, m = h & 0x3ff;
    if (ftz && e == 0)
        m = 0;
    float v = e == 31 ? (m ? NAN : INFINITY) : e ? ldexpf((float)(1024 + m), e - 25)
                                                  : ldexpf((float)m, -24);
    return h & 0x8000 ? -v : v;
}
static float bf(uint32_t b)
{
    uint32_t w = b << 16;
    float v;
    memcpy(&v, &w, 4);
    return v;
}
// comparison k of cmpnames (0..13) on floats (subnormals already flushed)
static bool cmp(int k, float a, float b)
{
    bool un = std::isnan(a) || std::isnan(b);
    switch (k) {
    case 0: return !un && a == b;   case 1: return !un && a != b;
    case 2: return !un && a < b;    case 3: return !un && a <= b;
    case 4: return !un && a > b;    case 5: return !un && a >= b;
    case 6: return un || a == b;    case 7: return un || a != b;
    case 8: return un || a < b;     case 9: return un || a <= b;
    case 10: return un || a > b;    case 11: return un || a >= b;
    case 12: return !un;            default: return un;
    }
}
// intrinsic order eq ne lt le gt ge equ neu ltu leu gtu geu = cmpnames 0..11
static void ref_intr(bool isbf, uint32_t a, uint32_t b, uint32_t x, uint32_t y, unsigned *o)
{
    auto val = [&](uint32_t h) { return isbf ? bf(h) : hf(h, false); };
    unsigned one = isbf ? 0x3f80 : 0x3c00;
    float fa = val(a), fb = val(b);
    unsigned s = 0;
    for (int k = 0; k < 12; k++)
        s |= (unsigned)cmp(k, fa, fb) << k;
    s |= (unsigned)std::isnan(fa) << 12;
    s |= (unsigned)(std::isinf(fa) ? (fa > 0 ? 2 : 0) : 1) << 13;
    o[0] = s;
    float xl = val(x & 0xffff), xh = val(x >> 16), yl = val(y & 0xffff), yh = val(y >> 16);
    unsigned v = 0;
    for (int k = 0; k < 12; k++) {
        bool lo = cmp(k, xl, yl), hi = cmp(k, xh, yh);
        v |= (unsigned)(lo && hi) << k;
        o[2 + k] = (lo ? one : 0) | (hi ? one << 16 : 0);
        o[14 + k] = (lo ? 0xffffu : 0) | (hi ? 0xffff0000u : 0);
    }
    o[1] = v;
    o[26] = (std::isnan(xl) ? one : 0) | (std::isnan(xh) ? one << 16 : 0);
}
static void ref_ptx(int c, uint32_t ha, uint32_t hb, uint32_t hx, uint32_t hy, uint32_t ba,
                    uint32_t bb, uint32_t bx, uint32_t by, unsigned cin, unsigned *o)
{
    auto h2 = [&](uint32_t x, uint32_t y, bool ftz, int bop, bool useb, unsigned *lo,
                  unsigned *hi) {
        bool l = cmp(c, hf(x & 0xffff, ftz), hf(y & 0xffff, ftz));
        bool h = cmp(c, hf(x >> 16, ftz), hf(y >> 16, ftz));
        if (useb) {
            l = bop == 0 ? l && cin : bop == 1 ? l || cin : l != (bool)cin;
            h = bop == 0 ? h && cin : bop == 1 ? h || cin : h != (bool)cin;
        }
        *lo = l;
        *hi = h;
    };
    auto b2 = [&](uint32_t x, uint32_t y, int bop, bool useb, unsigned *lo, unsigned *hi) {
        bool l = cmp(c, bf(x & 0xffff), bf(y & 0xffff)), h = cmp(c, bf(x >> 16), bf(y >> 16));
        if (useb) {
            l = bop == 0 ? l && cin : bop == 1 ? l || cin : l != (bool)cin;
            h = bop == 0 ? h && cin : bop == 1 ? h || cin : h != (bool)cin;
        }
        *lo = l;
        *hi = h;
    };
    unsigned l, h, r0 = 0;
    bool nc = !cin;   // the setp forms take !c
    r0 |= cmp(c, hf(ha, false), hf(hb, false));
    r0 |= cmp(c, hf(ha, true), hf(hb, true)) << 1;
    r0 |= cmp(c, bf(ba), bf(bb)) << 2;
    h2(hx, hy, false, 0, false, &l, &h); r0 |= (l | h << 1) << 4;
    h2(hx, hy, true, 0, false, &l, &h);  r0 |= (l | h << 1) << 6;
    b2(bx, by, 0, false, &l, &h);        r0 |= (l | h << 1) << 8;
    unsigned save = cin;
    cin = nc;
    h2(hx, hy, false, 1, true, &l, &h);  r0 |= (l | h << 1) << 10;
    b2(bx, by, 2, true, &l, &h);         r0 |= (l | h << 1) << 12;
    h2(hx, hy, true, 0, true, &l, &h);   r0 |= (l | h << 1) << 14;
    cin = save;
    o[0] = r0;
    h2(hx, hy, false, 0, false, &l, &h); o[1] = (l ? 0x3c00 : 0) | (h ? 0x3c000000u : 0);
    h2(hx, hy, true, 0, false, &l, &h);  o[2] = (l ? 0xffff : 0) | (h ? 0xffff0000u : 0);
    b2(bx, by, 0, false, &l, &h);        o[3] = (l ? 0x3f80 : 0) | (h ? 0x3f800000u : 0);
    b2(bx, by, 0, true, &l, &h);         o[4] = (l ? 0xffff : 0) | (h ? 0xffff0000u : 0);
    o[5] = cmp(c, hf(ha, false), hf(hb, false)) ? 0x3c00 : 0;
    o[6] = cmp(c, hf(ha, true), hf(hb, true)) ? 0xffffffffu : 0;
    o[7] = cmp(c, bf(ba), bf(bb)) ? 0xffff : 0;
    o[8] = cmp(c, bf(ba), bf(bb)) ? 0x3f80 : 0;
    o[9] = cmp(c, hf(ha, false), hf(hb, false)) ? 0x3c00 : 0;
    o[10] = (cmp(c, hf(ha, false), hf(hb, false)) || cin) ? 0xffff : 0;
    o[11] = cmp(c, hf(ha, false), hf(hb, false)) ? 0x3f80 : 0;
}

int main()
{
    unsigned short *hv, *bv;
    unsigned *oi, *op;
    size_t ni = (size_t)2 * NP * NI, np = (size_t)NP * NCMP * NF;
    if (cudaMallocManaged(&hv, sizeof hvals) != cudaSuccess ||
        cudaMallocManaged(&bv, sizeof bvals) != cudaSuccess ||
        cudaMallocManaged(&oi, ni * 4) != cudaSuccess ||
        cudaMallocManaged(&op, np * 4) != cudaSuccess) {
        printf("alloc failed\nFAIL\n");
        return 1;
    }
    memcpy(hv, hvals, sizeof hvals);
    memcpy(bv, bvals, sizeof bvals);
    kern_intr<<<(NP + 63) / 64, 64>>>(hv, bv, oi);
    kern_ptx<<<(NP + 63) / 64, 64>>>(hv, bv, op);
    cudaError_t e = cudaDeviceSynchronize();
    if (e != cudaSuccess) {
        printf("kernel failed: %s\nFAIL\n", cudaGetErrorString(e));
        return 1;
    }
    int fails = 0;
    for (int k = 0; k < NP; k++) {
        int i = k / NV, j = k % NV, l = (i + j) % NV;
        for (int isbf = 0; isbf < 2; isbf++) {
            const unsigned short *t = isbf ? bvals : hvals;
            unsigned want[NI];
            uint32_t x = t[i] | (uint32_t)t[j] << 16, y = t[j] | (uint32_t)t[l] << 16;
            ref_intr(isbf, t[i], t[j], x, y, want);
            const unsigned *got = oi + ((size_t)isbf * NP + k) * NI;
            for (int w = 0; w < NI; w++)
                if (got[w] != want[w] && fails++ < 40)
                    printf("%s intrinsic word %d: a=%04x b=%04x x=%08x y=%08x got %08x want %08x\n",
                           isbf ? "bf16" : "f16", w, t[i], t[j], x, y, got[w], want[w]);
        }
        uint32_t hx = hvals[i] | (uint32_t)hvals[j] << 16, hy = hvals[j] | (uint32_t)hvals[l] << 16;
        uint32_t bx = bvals[i] | (uint32_t)bvals[j] << 16, by = bvals[j] | (uint32_t)bvals[l] << 16;
        for (int c = 0; c < NCMP; c++) {
            unsigned want[NF];
            ref_ptx(c, hvals[i], hvals[j], hx, hy, bvals[i], bvals[j], bx, by, k & 1, want);
            const unsigned *got = op + ((size_t)k * NCMP + c) * NF;
            for (int w = 0; w < NF; w++)
                if (got[w] != want[w] && fails++ < 40)
                    printf("%s form %d: ha=%04x hb=%04x hx=%08x hy=%08x bx=%08x by=%08x c=%d "
                           "got %08x want %08x\n", cmpnames[c], w, hvals[i], hvals[j], hx, hy,
                           bx, by, k & 1, got[w], want[w]);
        }
    }
    if (fails) {
        printf("%d mismatches\nFAIL\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
