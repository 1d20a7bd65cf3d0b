// NVCCFLAGS: -arch=sm_90
// ptx_conformance_int2: the less common integer instructions over edge
// values (0, 1, -1, INT_MIN, INT_MAX, 0x80/0x7f bytes, 0x8000/0x7fff halves,
// bit counts at and past 32, pseudo-random words) against a CPU reference
// written from the PTX ISA manual's semantics: dp4a / dp2a (every signedness),
// lop3 (several tables, and the .and/.or predicate form), bmsk and szext
// (.clamp / .wrap), cnot.b16/b32/b64, add/sub.sat.s32, mad.hi.sat.s32,
// mad24.hi.sat.s32, mad.cc / madc carry chains (u32, s32, u64), sad on 16
// and 64 bits, min/max.relu.s32, add/min/max on .u16x2/.s16x2 (sub has no 16x2 form) and
// min/max.relu.s16x2; then the CUDA intrinsics __dp4a, __dp2a_lo/hi, __sad,
// __usad. Each failing case prints its inputs and both bit patterns.
#include <cstdio>
#include <cstdint>
#include <cuda_runtime.h>
#include "check.cuh"

#define NOPS 76
static const char *const names[NOPS] = {
    "dp4a.u32.u32", "dp4a.u32.s32", "dp4a.s32.u32", "dp4a.s32.s32",
    "dp2a.lo.u32.u32", "dp2a.lo.s32.s32", "dp2a.hi.u32.s32", "dp2a.hi.s32.u32",
    "lop3 0x96", "lop3 0xe8", "lop3 0xca", "lop3 0x1e", "lop3 0x00", "lop3 0xff", "lop3 0x01",
    "lop3.and (d)", "lop3.and (p)", "lop3.or (d)", "lop3.or (p)",
    "bmsk.clamp.b32", "bmsk.wrap.b32",
    "szext.clamp.s32", "szext.wrap.s32", "szext.clamp.u32", "szext.wrap.u32",
    "cnot.b32", "cnot.b16", "cnot.b64 (lo)", "cnot.b64 (hi)",
    "add.sat.s32", "sub.sat.s32", "mad.hi.sat.s32", "mad24.hi.sat.s32",
    "mad.lo.cc.u32+madc.hi.u32 (w1)", "mad.lo.cc.u32+madc.hi.u32 (w2)",
    "mad.lo.cc.s32", "madc.hi.cc.s32", "addc after madc.hi.cc.s32",
    "mad.lo.cc.u64 (lo)", "mad.lo.cc.u64 (hi)", "madc.hi.cc.u64 (lo)", "madc.hi.cc.u64 (hi)",
    "addc after madc.hi.cc.u64",
    "sad.u16", "sad.s16", "sad.u64 (lo)", "sad.u64 (hi)", "sad.s64 (lo)", "sad.s64 (hi)",
    "min.relu.s32", "max.relu.s32",
    "add.u16x2", "add.s16x2", "add.u16x2 (b, a)", "add.s16x2 (b, a)", "min.u16x2", "min.s16x2",
    "max.u16x2", "max.s16x2", "min.relu.s16x2", "max.relu.s16x2",
    "madc.lo.u32 (carry in)", "mad.hi.cc.u32", "madc.lo.cc.u32", "addc after madc.lo.cc.u32",
    "__dp4a(int)", "__dp4a(unsigned)", "__dp2a_lo(int)", "__dp2a_lo(unsigned)",
    "__dp2a_hi(int)", "__dp2a_hi(unsigned)", "__sad", "__usad",
    "mad.hi.sat.s32 (c = 0)", "lop3 0x80", "lop3 0xf8",
};

__global__ void kern(const uint32_t *av, const uint32_t *bv, const uint32_t *cv, uint32_t *out,
                     int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    uint32_t x = av[i], y = bv[i], z = cv[i], r[NOPS];
    asm("dp4a.u32.u32 %0, %1, %2, %3;" : "=r"(r[0]) : "r"(x), "r"(y), "r"(z));
    asm("dp4a.u32.s32 %0, %1, %2, %3;" : "=r"(r[1]) : "r"(x), "r"(y), "r"(z));
    asm("dp4a.s32.u32 %0, %1, %2, %3;" : "=r"(r[2]) : "r"(x), "r"(y), "r"(z));
    asm("dp4a.s32.s32 %0, %1, %2, %3;" : "=r"(r[3]) : "r"(x), "r"(y), "r"(z));
    asm("dp2a.lo.u32.u32 %0, %1, %2, %3;" : "=r"(r[4]) : "r"(x), "r"(y), "r"(z));
    asm("dp2a.lo.s32.s32 %0, %1, %2, %3;" : "=r"(r[5]) : "r"(x), "r"(y), "r"(z));
    asm("dp2a.hi.u32.s32 %0, %1, %2, %3;" : "=r"(r[6]) : "r"(x), "r"(y), "r"(z));
    asm("dp2a.hi.s32.u32 %0, %1, %2, %3;" : "=r"(r[7]) : "r"(x), "r"(y), "r"(z));
    asm("lop3.b32 %0, %1, %2, %3, 0x96;" : "=r"(r[8]) : "r"(x), "r"(y), "r"(z));
    asm("lop3.b32 %0, %1, %2, %3, 0xe8;" : "=r"(r[9]) : "r"(x), "r"(y), "r"(z));
    asm("lop3.b32 %0, %1, %2, %3, 0xca;" : "=r"(r[10]) : "r"(x), "r"(y), "r"(z));
    asm("lop3.b32 %0, %1, %2, %3, 0x1e;" : "=r"(r[11]) : "r"(x), "r"(y), "r"(z));
    asm("lop3.b32 %0, %1, %2, %3, 0x00;" : "=r"(r[12]) : "r"(x), "r"(y), "r"(z));
    asm("lop3.b32 %0, %1, %2, %3, 0xff;" : "=r"(r[13]) : "r"(x), "r"(y), "r"(z));
    asm("lop3.b32 %0, %1, %2, %3, 0x01;" : "=r"(r[14]) : "r"(x), "r"(y), "r"(z));
    // predicate form: p = (d != 0) and/or q, q = bit 0 of z
    asm("{ .reg .pred q, p; setp.ne.u32 q, %2, 0;\n\t"
        "lop3.and.b32 %0|p, %3, %4, %5, 0x80, q;\n\tselp.u32 %1, 1, 0, p; }"
        : "=r"(r[15]), "=r"(r[16]) : "r"(z & 1), "r"(x), "r"(y), "r"(z));
    asm("{ .reg .pred q, p; setp.ne.u32 q, %2, 0;\n\t"
        "lop3.or.b32 %0|p, %3, %4, %5, 0x80, q;\n\tselp.u32 %1, 1, 0, p; }"
        : "=r"(r[17]), "=r"(r[18]) : "r"(z & 1), "r"(x), "r"(y), "r"(z));
    asm("bmsk.clamp.b32 %0, %1, %2;" : "=r"(r[19]) : "r"(x), "r"(y));
    asm("bmsk.wrap.b32 %0, %1, %2;" : "=r"(r[20]) : "r"(x), "r"(y));
    asm("szext.clamp.s32 %0, %1, %2;" : "=r"(r[21]) : "r"(x), "r"(y));
    asm("szext.wrap.s32 %0, %1, %2;" : "=r"(r[22]) : "r"(x), "r"(y));
    asm("szext.clamp.u32 %0, %1, %2;" : "=r"(r[23]) : "r"(x), "r"(y));
    asm("szext.wrap.u32 %0, %1, %2;" : "=r"(r[24]) : "r"(x), "r"(y));
    asm("cnot.b32 %0, %1;" : "=r"(r[25]) : "r"(x));
    unsigned short h;
    asm("cnot.b16 %0, %1;" : "=h"(h) : "h"((unsigned short)x));
    r[26] = h;
    unsigned long long w, X = (unsigned long long)y << 32 | x, Y = (unsigned long long)z << 32 | y;
    unsigned long long Z = (unsigned long long)x << 32 | z, w2;
    asm("cnot.b64 %0, %1;" : "=l"(w) : "l"(X));
    r[27] = (uint32_t)w;
    r[28] = (uint32_t)(w >> 32);
    asm("add.sat.s32 %0, %1, %2;" : "=r"(r[29]) : "r"(x), "r"(y));
    asm("sub.sat.s32 %0, %1, %2;" : "=r"(r[30]) : "r"(x), "r"(y));
    asm("mad.hi.sat.s32 %0, %1, %2, %3;" : "=r"(r[31]) : "r"(x), "r"(y), "r"(z));
    asm("mad24.hi.sat.s32 %0, %1, %2, %3;" : "=r"(r[32]) : "r"(x), "r"(y), "r"(z));
    // (y:x) * z = w0 + w1 << 32 + w2 << 64, the manual's extended multiply
    asm("{ .reg .b32 w0; mul.lo.u32 w0, %2, %4; mul.hi.u32 %0, %2, %4;\n\t"
        "mad.lo.cc.u32 %0, %3, %4, %0;\n\tmadc.hi.u32 %1, %3, %4, 0; }"
        : "=r"(r[33]), "=r"(r[34]) : "r"(x), "r"(y), "r"(z));
    asm("mad.lo.cc.s32 %0, %3, %4, %5;\n\tmadc.hi.cc.s32 %1, %3, %4, %5;\n\taddc.u32 %2, 0, 0;"
        : "=r"(r[35]), "=r"(r[36]), "=r"(r[37]) : "r"(x), "r"(y), "r"(z));
    asm("mad.lo.cc.u64 %0, %3, %4, %5;\n\tmadc.hi.cc.u64 %1, %3, %4, %5;\n\taddc.u32 %2, 0, 0;"
        : "=l"(w), "=l"(w2), "=r"(r[42]) : "l"(X), "l"(Y), "l"(Z));
    r[38] = (uint32_t)w;
    r[39] = (uint32_t)(w >> 32);
    r[40] = (uint32_t)w2;
    r[41] = (uint32_t)(w2 >> 32);
    asm("sad.u16 %0, %1, %2, %3;" : "=h"(h) : "h"((unsigned short)x), "h"((unsigned short)y),
        "h"((unsigned short)z));
    r[43] = h;
    asm("sad.s16 %0, %1, %2, %3;" : "=h"(h) : "h"((unsigned short)x), "h"((unsigned short)y),
        "h"((unsigned short)z));
    r[44] = h;
    asm("sad.u64 %0, %1, %2, %3;" : "=l"(w) : "l"(X), "l"(Y), "l"(Z));
    r[45] = (uint32_t)w;
    r[46] = (uint32_t)(w >> 32);
    asm("sad.s64 %0, %1, %2, %3;" : "=l"(w) : "l"(X), "l"(Y), "l"(Z));
    r[47] = (uint32_t)w;
    r[48] = (uint32_t)(w >> 32);
    asm("min.relu.s32 %0, %1, %2;" : "=r"(r[49]) : "r"(x), "r"(y));
    asm("max.relu.s32 %0, %1, %2;" : "=r"(r[50]) : "r"(x), "r"(y));
    asm("add.u16x2 %0, %1, %2;" : "=r"(r[51]) : "r"(x), "r"(y));
    asm("add.s16x2 %0, %1, %2;" : "=r"(r[52]) : "r"(x), "r"(y));
    // (sub has no .u16x2/.s16x2 form: ptxas rejects it) add with a, b swapped
    asm("add.u16x2 %0, %1, %2;" : "=r"(r[53]) : "r"(y), "r"(x));
    asm("add.s16x2 %0, %1, %2;" : "=r"(r[54]) : "r"(y), "r"(x));
    asm("min.u16x2 %0, %1, %2;" : "=r"(r[55]) : "r"(x), "r"(y));
    asm("min.s16x2 %0, %1, %2;" : "=r"(r[56]) : "r"(x), "r"(y));
    asm("max.u16x2 %0, %1, %2;" : "=r"(r[57]) : "r"(x), "r"(y));
    asm("max.s16x2 %0, %1, %2;" : "=r"(r[58]) : "r"(x), "r"(y));
    asm("min.relu.s16x2 %0, %1, %2;" : "=r"(r[59]) : "r"(x), "r"(y));
    asm("max.relu.s16x2 %0, %1, %2;" : "=r"(r[60]) : "r"(x), "r"(y));
    // carry in from an add.cc of z + z, then madc.lo (no carry out)
    asm("{ .reg .b32 t; add.cc.u32 t, %1, %1;\n\tmadc.lo.u32 %0, %2, %3, %1; }"
        : "=r"(r[61]) : "r"(z), "r"(x), "r"(y));
    asm("mad.hi.cc.u32 %0, %3, %4, %5;\n\tmadc.lo.cc.u32 %1, %3, %4, %5;\n\taddc.u32 %2, 0, 0;"
        : "=r"(r[62]), "=r"(r[63]), "=r"(r[64]) : "r"(x), "r"(y), "r"(z));
    r[65] = (uint32_t)__dp4a((int)x, (int)y, (int)z);
    r[66] = __dp4a(x, y, z);
    r[67] = (uint32_t)__dp2a_lo((int)x, (int)y, (int)z);
    r[68] = __dp2a_lo(x, y, z);
    r[69] = (uint32_t)__dp2a_hi((int)x, (int)y, (int)z);
    r[70] = __dp2a_hi(x, y, z);
    r[71] = __sad((int)x, (int)y, z);
    r[72] = __usad(x, y, z);
    asm("mad.hi.sat.s32 %0, %1, %2, 0;" : "=r"(r[73]) : "r"(x), "r"(y));
    asm("lop3.b32 %0, %1, %2, %3, 0x80;" : "=r"(r[74]) : "r"(x), "r"(y), "r"(z));
    asm("lop3.b32 %0, %1, %2, %3, 0xf8;" : "=r"(r[75]) : "r"(x), "r"(y), "r"(z));
    for (int k = 0; k < NOPS; k++)
        out[(size_t)i * NOPS + k] = r[k];
}

// ---- CPU reference from the PTX manual -------------------------------------
static int64_t el(uint32_t v, int i, int bits, bool sgn)
{
    uint32_t m = bits == 8 ? 0xffu : 0xffffu, e = (v >> (i * bits)) & m;
    if (sgn && (e >> (bits - 1)))
        return (int64_t)e - (int64_t)m - 1;
    return e;
}

static uint32_t dp4a(uint32_t a, uint32_t b, uint32_t c, bool sa, bool sb)
{
    int64_t d = (int32_t)c;
    for (int i = 0; i < 4; i++)
        d += el(a, i, 8, sa) * el(b, i, 8, sb);
    return (uint32_t)d;
}

static uint32_t dp2a(uint32_t a, uint32_t b, uint32_t c, bool sa, bool sb, bool hi)
{
    int64_t d = (int32_t)c;
    for (int i = 0; i < 2; i++)
        d += el(a, i, 16, sa) * el(b, (hi ? 2 : 0) + i, 8, sb);
    return (uint32_t)d;
}

static uint32_t lop3(uint32_t a, uint32_t b, uint32_t c, uint32_t lut)
{
    uint32_t d = 0;
    for (int bit = 0; bit < 32; bit++) {
        uint32_t idx = ((a >> bit) & 1) << 2 | ((b >> bit) & 1) << 1 | ((c >> bit) & 1);
        d |= ((lut >> idx) & 1) << bit;
    }
    return d;
}

// bmsk / szext: the manual's pseudo-code
static uint32_t bmsk(uint32_t a, uint32_t b, bool clamp)
{
    uint32_t a1 = a & 0x1f, b1 = b & 0x1f, sum = a1 + b1;
    uint32_t mask0 = ~0u << a1, mask1 = sum >= 32 ? 0 : ~0u << sum;
    bool sum_over = sum >= 32, pos_over = false, width_over = false;
    if (clamp) {
        if (a >= 32) { pos_over = true; mask0 = 0; }
        if (b >= 32) width_over = true;
    }
    if (sum_over || pos_over || width_over)
        mask1 = 0;
    else if (b1 == 0)
        mask1 = ~0u;
    return mask0 & ~mask1;
}

static uint32_t szext(uint32_t a, uint32_t b, bool clamp, bool sgn)
{
    uint32_t b1 = b & 0x1f;
    bool too_large = b >= 32 && clamp;
    uint32_t mask = too_large ? 0 : ~0u << b1, sign_pos = (b1 - 1) & 0x1f;
    bool sign_bit = (b1 == 0 || too_large || !sgn) ? false : ((a >> sign_pos) & 1);
    return (a & ~mask) | (sign_bit ? mask : 0);
}

static uint32_t sat32(int64_t v)
{
    return (uint32_t)(v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v);
}

static int64_t sext24(uint32_t v)
{
    return (int64_t)(int32_t)(v << 8) >> 8;
}

static uint32_t half2(uint32_t a, uint32_t b, int op, bool sgn, bool relu)
{
    uint32_t d = 0;
    for (int i = 0; i < 2; i++) {
        int64_t x = el(a, i, 16, sgn), y = el(b, i, 16, sgn), r;
        r = op == 0 ? x + y : op == 1 ? x - y : op == 2 ? (x < y ? x : y) : (x > y ? x : y);
        r = el((uint32_t)r & 0xffffu, 0, 16, sgn);   // wraps to the element type
        if (relu && r < 0)
            r = 0;
        d |= ((uint32_t)r & 0xffffu) << (16 * i);
    }
    return d;
}

typedef unsigned __int128 u128;

static void reference(uint32_t x, uint32_t y, uint32_t z, uint32_t *r)
{
    for (int k = 0; k < 4; k++)
        r[k] = dp4a(x, y, z, k >= 2, k & 1);
    r[4] = dp2a(x, y, z, false, false, false);
    r[5] = dp2a(x, y, z, true, true, false);
    r[6] = dp2a(x, y, z, false, true, true);
    r[7] = dp2a(x, y, z, true, false, true);
    const uint32_t luts[7] = { 0x96, 0xe8, 0xca, 0x1e, 0x00, 0xff, 0x01 };
    for (int k = 0; k < 7; k++)
        r[8 + k] = lop3(x, y, z, luts[k]);
    bool q = (z & 1) != 0;
    r[15] = lop3(x, y, z, 0x80);
    r[16] = (lop3(x, y, z, 0x80) != 0) && q;
    r[17] = lop3(x, y, z, 0x80);
    r[18] = (lop3(x, y, z, 0x80) != 0) || q;
    r[19] = bmsk(x, y, true);
    r[20] = bmsk(x, y, false);
    r[21] = szext(x, y, true, true);
    r[22] = szext(x, y, false, true);
    r[23] = szext(x, y, true, false);
    r[24] = szext(x, y, false, false);
    r[25] = x == 0;
    r[26] = (x & 0xffff) == 0;
    uint64_t X = (uint64_t)y << 32 | x, Y = (uint64_t)z << 32 | y, Z = (uint64_t)x << 32 | z;
    r[27] = X == 0;
    r[28] = 0;
    r[29] = sat32((int64_t)(int32_t)x + (int32_t)y);
    r[30] = sat32((int64_t)(int32_t)x - (int32_t)y);
    int64_t p = (int64_t)(int32_t)x * (int32_t)y;
    r[31] = sat32((int64_t)(int32_t)(uint32_t)((uint64_t)p >> 32) + (int32_t)z);
    int64_t p24 = sext24(x) * sext24(y);
    r[32] = sat32((int64_t)(int32_t)(uint32_t)((uint64_t)p24 >> 16) + (int32_t)z);
    u128 wide = (u128)X * z;   // (y:x) * z
    r[33] = (uint32_t)(wide >> 32);
    r[34] = (uint32_t)(wide >> 64);
    // mad.lo.cc.s32: lo(x*y) + z with carry; madc.hi.cc.s32: hi(x*y) + z + cf
    uint64_t s1 = (uint64_t)(uint32_t)p + z;
    uint64_t s2 = (uint64_t)(uint32_t)((uint64_t)p >> 32) + z + (s1 >> 32);
    r[35] = (uint32_t)s1;
    r[36] = (uint32_t)s2;
    r[37] = (uint32_t)(s2 >> 32);
    u128 P = (u128)X * Y;
    u128 t1 = (u128)(uint64_t)P + Z;
    u128 t2 = (u128)(uint64_t)(P >> 64) + Z + (uint64_t)(t1 >> 64);
    r[38] = (uint32_t)(uint64_t)t1;
    r[39] = (uint32_t)((uint64_t)t1 >> 32);
    r[40] = (uint32_t)(uint64_t)t2;
    r[41] = (uint32_t)((uint64_t)t2 >> 32);
    r[42] = (uint32_t)(t2 >> 64);
    uint32_t xu = x & 0xffff, yu = y & 0xffff, zu = z & 0xffff;
    r[43] = (zu + (xu > yu ? xu - yu : yu - xu)) & 0xffff;
    int32_t xs = (int16_t)xu, ys = (int16_t)yu;
    r[44] = (zu + (uint32_t)(xs > ys ? xs - ys : ys - xs)) & 0xffff;
    uint64_t su = Z + (X > Y ? X - Y : Y - X);
    r[45] = (uint32_t)su;
    r[46] = (uint32_t)(su >> 32);
    int64_t Xs = (int64_t)X, Ys = (int64_t)Y;
    uint64_t ss = Z + (Xs > Ys ? (uint64_t)Xs - (uint64_t)Ys : (uint64_t)Ys - (uint64_t)Xs);
    r[47] = (uint32_t)ss;
    r[48] = (uint32_t)(ss >> 32);
    int32_t mn = (int32_t)x < (int32_t)y ? (int32_t)x : (int32_t)y;
    int32_t mx = (int32_t)x > (int32_t)y ? (int32_t)x : (int32_t)y;
    r[49] = mn < 0 ? 0 : (uint32_t)mn;
    r[50] = mx < 0 ? 0 : (uint32_t)mx;
    for (int op = 0; op < 4; op++) {   // add, (add b, a), min, max
        bool swap = op == 1;
        r[51 + 2 * op] = half2(swap ? y : x, swap ? x : y, swap ? 0 : op, false, false);
        r[52 + 2 * op] = half2(swap ? y : x, swap ? x : y, swap ? 0 : op, true, false);
    }
    r[59] = half2(x, y, 2, true, true);
    r[60] = half2(x, y, 3, true, true);
    uint32_t cf = (uint32_t)(((uint64_t)z + z) >> 32);
    r[61] = (uint32_t)((uint64_t)x * y) + z + cf;
    uint64_t up = (uint64_t)x * y;
    uint64_t h1 = (up >> 32) + z, h2 = (uint32_t)up + (uint64_t)z + (h1 >> 32);
    r[62] = (uint32_t)h1;
    r[63] = (uint32_t)h2;
    r[64] = (uint32_t)(h2 >> 32);
    r[65] = dp4a(x, y, z, true, true);
    r[66] = dp4a(x, y, z, false, false);
    r[67] = dp2a(x, y, z, true, true, false);
    r[68] = dp2a(x, y, z, false, false, false);
    r[69] = dp2a(x, y, z, true, true, true);
    r[70] = dp2a(x, y, z, false, false, true);
    int64_t dxy = (int64_t)(int32_t)x - (int32_t)y;
    r[71] = z + (uint32_t)(dxy < 0 ? -dxy : dxy);
    r[72] = z + (x > y ? x - y : y - x);
    r[73] = sat32((int64_t)(int32_t)(uint32_t)((uint64_t)p >> 32));
    r[74] = x & y & z;
    r[75] = x | (y & z);
}

int main()
{
    const uint32_t vals[] = {
        0, 1, 2, 7, 16, 31, 32, 33, 64, 0x7f, 0x80, 0xff, 0x7f7f7f7fu, 0x80808080u, 0x7fff8000u,
        0x80007fffu, 0x7fffffffu, 0x80000000u, 0x80000001u, 0xffffffffu, 0xfffffffeu,
        0x12345678u, 0xdeadbeefu, 0x0000ffffu, 0xffff0000u, 0x01ff80feu, 0x00800000u, 0xff800000u,
    };
    const int nv = sizeof vals / sizeof vals[0], nrand = 64, n = nv * nv + nrand;
    static uint32_t ha[n], hb[n], hc[n], out[(size_t)n * NOPS];
    uint32_t seed = 12345;
    auto rnd = [&seed]() { seed = seed * 1664525u + 1013904223u; return seed ^ (seed >> 15); };
    for (int i = 0; i < nv; i++)
        for (int j = 0; j < nv; j++) {
            ha[i * nv + j] = vals[i];
            hb[i * nv + j] = vals[j];
            hc[i * nv + j] = vals[(i * 7 + j * 3) % nv] ^ ((i + j) % 3 == 0 ? rnd() : 0);
        }
    for (int k = nv * nv; k < n; k++) {
        ha[k] = rnd();
        hb[k] = rnd();
        hc[k] = rnd();
    }
    uint32_t *da, *db, *dc, *dout;
    CHECK(cudaMalloc(&da, sizeof ha));
    CHECK(cudaMalloc(&db, sizeof hb));
    CHECK(cudaMalloc(&dc, sizeof hc));
    CHECK(cudaMalloc(&dout, sizeof out));
    CHECK(cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, hc, sizeof hc, cudaMemcpyHostToDevice));
    kern<<<(n + 127) / 128, 128>>>(da, db, dc, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        uint32_t want[NOPS];
        reference(ha[i], hb[i], hc[i], want);
        for (int k = 0; k < NOPS; k++) {
            uint32_t got = out[(size_t)i * NOPS + k];
            if (got != want[k] && bad++ < 40)
                printf("%s: a=0x%08x b=0x%08x c=0x%08x: got 0x%08x, expected 0x%08x\n", names[k],
                       ha[i], hb[i], hc[i], got, want[k]);
        }
    }
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
    cudaFree(dout);
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
