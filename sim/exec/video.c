/* sim/exec/video.c — VOP: the PTX video instructions (scalar vadd .. vmad,
 * vset; SIMD vadd2 .. vset4) with the PTX manual's semantics. The control
 * word in imm is laid out in isa/video.h. Intermediate values are exact
 * (int64; vmad's product in 128 bits) before saturation and truncation. */
#include "sim/exec/exec.h"
#include "isa/video.h"

__extension__ typedef __int128 i128;

/* partSelectSignExtend: the selected word, byte or half of x. */
static int64_t vsel_scalar(uint32_t x, unsigned sel, bool sgn)
{
    switch (sel) {
    case VSEL_B0: case VSEL_B1: case VSEL_B2: case VSEL_B3: {
        uint32_t v = (x >> (8 * (sel - VSEL_B0))) & 0xff;
        return sgn ? (int64_t)(int8_t)v : (int64_t)v;
    }
    case VSEL_H0: case VSEL_H1: {
        uint32_t v = (x >> (16 * (sel - VSEL_H0))) & 0xffff;
        return sgn ? (int64_t)(int16_t)v : (int64_t)v;
    }
    default:
        return sgn ? (int64_t)(int32_t)x : (int64_t)x;
    }
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Saturation to `bits` (8, 16, 32) signed or unsigned. */
static int64_t vsat(int64_t v, unsigned bits, bool sgn)
{
    if (sgn)
        return clamp64(v, -((int64_t)1 << (bits - 1)), ((int64_t)1 << (bits - 1)) - 1);
    return clamp64(v, 0, ((int64_t)1 << bits) - 1);
}

/* The primary operation on exact operands (not MAD). */
static int64_t vprimary(unsigned op, int64_t a, int64_t b, unsigned cmp, uint32_t imm)
{
    switch (op) {
    case MOD_VOP_ADD:     return a + b;
    case MOD_VOP_SUB:     return a - b;
    case MOD_VOP_ABSDIFF: return a > b ? a - b : b - a;
    case MOD_VOP_MIN:     return a < b ? a : b;
    case MOD_VOP_MAX:     return a > b ? a : b;
    case MOD_VOP_AVRG:    return a + b >= 0 ? (a + b + 1) >> 1 : (a + b) >> 1;
    case MOD_VOP_SHL:
    case MOD_VOP_SHR: {
        uint64_t n = (uint64_t)b;
        if (imm & VIMM_CLAMP_PO)
            n = n > 32 ? 32 : n;
        else
            n &= 0x1f;
        if (op == MOD_VOP_SHR)
            return n >= 63 ? (a < 0 ? -1 : 0) : a >> n;   /* arithmetic on the extended a */
        if (n == 32 && a != 0)   /* |a| * 2^32: low 32 bits 0, out of every range */
            return a > 0 ? (int64_t)1 << 62 : -((int64_t)1 << 62);
        return (int64_t)((uint64_t)a << n);   /* |a| < 2^32, n <= 31: exact */
    }
    case MOD_VOP_SET:
        switch (cmp) {
        case MOD_CMP_EQ: return a == b;
        case MOD_CMP_NE: return a != b;
        case MOD_CMP_LT: return a < b;
        case MOD_CMP_LE: return a <= b;
        case MOD_CMP_GT: return a > b;
        case MOD_CMP_GE: return a >= b;
        case MOD_CMP_T:  return 1;
        default:         return 0;
        }
    default:
        return 0;
    }
}

static unsigned vsel_bits(unsigned sel)
{
    return sel >= VSEL_H0 ? 16 : sel >= VSEL_B0 ? 8 : 32;
}

/* optMerge: the low bits of r into the dsel field of c. */
static uint32_t vmerge(unsigned dsel, int64_t r, uint32_t c)
{
    uint32_t v = (uint32_t)r;
    switch (dsel) {
    case VSEL_B0: case VSEL_B1: case VSEL_B2: case VSEL_B3: {
        unsigned sh = 8 * (dsel - VSEL_B0);
        return ((v & 0xffu) << sh) | (c & ~(0xffu << sh));
    }
    case VSEL_H0: case VSEL_H1: {
        unsigned sh = 16 * (dsel - VSEL_H0);
        return ((v & 0xffffu) << sh) | (c & ~(0xffffu << sh));
    }
    default:
        return v;
    }
}

/* vmad: (+-)(a * b) (+-) c (+1 for .po), scaled, saturated. */
static uint32_t vmad(uint32_t a, uint32_t b, uint32_t c, unsigned sat, uint32_t imm)
{
    bool as = imm & VIMM_ASIGNED, bs = imm & VIMM_BSIGNED;
    int64_t ta = vsel_scalar(a, VIMM_ASEL(imm) & 7, as);
    int64_t tb = vsel_scalar(b, VIMM_BSEL(imm) & 7, bs);
    bool negp = imm & VIMM_NEGPROD, negc = imm & VIMM_NEGC;
    bool sgn = as || bs || negp || negc;
    i128 t = (i128)ta * tb;
    uint32_t cc = c;
    int lsb = 0;
    if (imm & VIMM_CLAMP_PO) {
        lsb = 1;
    } else if (negp) {
        t = ~t;
        lsb = 1;
    } else if (negc) {
        cc = ~cc;
        lsb = 1;
    }
    t += (sgn ? (i128)(int32_t)cc : (i128)cc) + lsb;
    unsigned scale = VIMM_SCALE(imm);
    if (scale == VSCALE_SHR7)
        t >>= 7;
    else if (scale == VSCALE_SHR15)
        t >>= 15;
    uint64_t r = (uint64_t)t;
    if (sat) {
        if (sgn) {
            int64_t s = (int64_t)r;
            return (uint32_t)clamp64(s, INT32_MIN, INT32_MAX);
        }
        return r > UINT32_MAX ? UINT32_MAX : (uint32_t)r;
    }
    return (uint32_t)r;
}

static uint32_t vscalar(const sim_insn *in, uint32_t a, uint32_t b, uint32_t c)
{
    unsigned op = in->mod[0], sat = in->mod[2], sec = in->mod[3];
    uint32_t imm = in->imm;
    if (op == MOD_VOP_MAD)
        return vmad(a, b, c, sat, imm);
    bool ds = imm & VIMM_DSIGNED;
    int64_t ta = vsel_scalar(a, VIMM_ASEL(imm), imm & VIMM_ASIGNED);
    /* vshl/vshr: b is always .u32 */
    int64_t tb = vsel_scalar(b, VIMM_BSEL(imm), (imm & VIMM_BSIGNED) != 0);
    int64_t r = vprimary(op, ta, tb, in->mod[4], imm);
    unsigned dsel = VIMM_DSEL(imm);
    if (sat && op != MOD_VOP_SET)
        r = vsat(r, vsel_bits(dsel), ds);
    if (sec != MOD_VSEC_NONE) {
        /* c has the destination's type (vset: unsigned) */
        int64_t tc = ds && op != MOD_VOP_SET ? (int64_t)(int32_t)c : (int64_t)c;
        r = sec == MOD_VSEC_ADD ? r + tc : sec == MOD_VSEC_MIN ? (r < tc ? r : tc)
                                                              : (r > tc ? r : tc);
    }
    return vmerge(dsel, r, c);
}

/* Element i of a SIMD operand: a half (X2) or byte (X4) of {hi:lo}. */
static int64_t vsel_elem(uint64_t ab, unsigned sel, unsigned i, unsigned n, bool sgn)
{
    if (n == 2) {
        uint32_t v = (uint32_t)(ab >> (16 * ((sel >> (2 * i)) & 3))) & 0xffff;
        return sgn ? (int64_t)(int16_t)v : (int64_t)v;
    }
    uint32_t v = (uint32_t)(ab >> (8 * ((sel >> (3 * i)) & 7))) & 0xff;
    return sgn ? (int64_t)(int8_t)v : (int64_t)v;
}

static uint32_t vsimd(const sim_insn *in, uint32_t a, uint32_t b, uint32_t c)
{
    unsigned op = in->mod[0], sat = in->mod[2], sec = in->mod[3];
    unsigned n = in->mod[1] == MOD_VSIMD_2 ? 2 : 4, bits = 32 / n;
    uint32_t imm = in->imm, mask = VIMM_DSEL(imm), emask = (1u << bits) - 1;
    uint64_t ab = (uint64_t)b << 32 | a;
    uint32_t acc = c, merged = 0;
    for (unsigned i = 0; i < n; i++) {
        int64_t va = vsel_elem(ab, VIMM_ASEL(imm), i, n, imm & VIMM_ASIGNED);
        int64_t vb = vsel_elem(ab, VIMM_BSEL(imm), i, n, imm & VIMM_BSIGNED);
        int64_t t = vprimary(op, va, vb, in->mod[4], imm);
        if (sat && op != MOD_VOP_SET)
            t = vsat(t, bits, imm & VIMM_DSIGNED);
        bool on = (mask >> i) & 1;
        if (on)
            acc += (uint32_t)t;
        uint32_t e = on ? (uint32_t)t : c >> (bits * i);
        merged |= (e & emask) << (bits * i);
    }
    return sec == MOD_VSEC_ADD ? acc : merged;
}

EXEC(VOP)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    if (in->mod[1] == MOD_VSIMD_1)
        MAP32(RD, vscalar(in, A[l], B[l], C[l]));
    else
        MAP32(RD, vsimd(in, A[l], B[l], C[l]));
    return SIM_STEP_NEXT;
}
