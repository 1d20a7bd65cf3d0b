/* isa/mma_frag.h — fragment geometry of the MMAS unit steps and of the
 * wmma fragments (WLD/WST), shared by the lowering (isa/ptx/lower_isel_mma*),
 * the executors (sim/exec/mma_step.c, sim/exec/mma_wmma.c), sim/operands.c
 * and the unit tests.
 *
 * MMAS operands are the PTX mma.sync fragments (PTX ISA, "Matrix fragments
 * for mma.m16n8k*"), g = lane / 4, t = lane % 4, e = 32 / bits elements per
 * register, kc = 4e:
 *   A[r][k]  register r/8 + 2(k/kc) of lane 4(r%8) + (k%kc)/e, element k%e
 *   B[k][n]  register k/kc of lane 4n + (k%kc)/e, element k%e
 *   C, D     f32/s32: register 2(r/8) + n%2, f16: register r/8 half n%2,
 *            of lane 4(r%8) + n/2
 * f64 (m8n8k4) uses the same formulas with one element per register pair.
 *
 * wmma fragments (our choice; PTX leaves them implementation-defined) are
 * those mma.sync fragments laid side by side, so wmma.mma is a sequence of
 * mma.sync tiles:
 *   A (M x K): one mma A fragment per 16 rows (m-tile), in m-tile order; an
 *              8-row shape (m8n32k16) keeps only the registers of rows 0..7;
 *              repeated from the start when PTX gives the fragment more
 *              registers (f16: 8).
 *   B (K x N): one mma B fragment per 8 columns (n-tile), repeated likewise.
 *   C, D:      one mma accumulator fragment per (m-tile, n-tile), m-tile
 *              major; 8-row shapes keep only the rows 0..7 registers.
 */
#ifndef COBALT_ISA_MMA_FRAG_H
#define COBALT_ISA_MMA_FRAG_H

#include <stdbool.h>
#include "isa/isa.h"

/* ---- MMAS ---- */
static inline unsigned mmas_bits(unsigned ty)
{
    static const unsigned bits[] = { 16, 16, 32, 8, 8, 4, 4, 64 };
    return bits[ty & 7];
}

static inline unsigned mmas_k(unsigned shape)
{
    static const unsigned k[] = { 4, 8, 16, 32, 64, 4, 0, 0 };
    return k[shape & 7];
}

static inline unsigned mmas_m(unsigned shape) { return shape == MOD_MS_M8N8K4 ? 8 : 16; }

/* Elements per register (per pair for f64) and the k extent of one register column. */
static inline unsigned mmas_per(unsigned ty) { return ty == MOD_MT_F64 ? 1 : 32 / mmas_bits(ty); }
static inline unsigned mmas_kc(unsigned ty) { return 4 * mmas_per(ty); }

/* Register counts of the MMAS operands, in 32-bit words. */
static inline unsigned mmas_a_regs(unsigned shape, unsigned ty)
{
    unsigned w = ty == MOD_MT_F64 ? 2 : 1, k = mmas_k(shape), kc = mmas_kc(ty);
    unsigned kr = k < kc ? 1 : k / kc;
    return (mmas_m(shape) / 8) * kr * w;
}

static inline unsigned mmas_b_regs(unsigned shape, unsigned ty)
{
    unsigned w = ty == MOD_MT_F64 ? 2 : 1, k = mmas_k(shape), kc = mmas_kc(ty);
    return (k < kc ? 1 : k / kc) * w;
}

static inline unsigned mmas_c_regs(unsigned shape, unsigned acc)
{
    if (acc == MOD_MACC_F64)
        return 4;                       /* m8n8: 2 pairs */
    if (acc == MOD_MACC_S64)
        return 8;                       /* 4 pairs */
    return acc == MOD_MACC_F16 ? 2 : (shape == MOD_MS_M8N8K4 ? 2 : 4);
}

/* Whether the shape and the types form a unit step Cobalt defines. */
static inline bool mmas_valid(unsigned shape, unsigned ta, unsigned tb, unsigned acc)
{
    unsigned k = mmas_k(shape);
    if (k == 0)
        return false;
    bool af = ta == MOD_MT_F16 || ta == MOD_MT_BF16, ai8 = ta == MOD_MT_S8 || ta == MOD_MT_U8;
    bool ai4 = ta == MOD_MT_S4 || ta == MOD_MT_U4;
    bool bi8 = tb == MOD_MT_S8 || tb == MOD_MT_U8, bi4 = tb == MOD_MT_S4 || tb == MOD_MT_U4;
    if (shape == MOD_MS_M8N8K4)
        return ta == MOD_MT_F64 && tb == MOD_MT_F64 && acc == MOD_MACC_F64;
    if (af)
        return tb == ta && (k == 8 || k == 16) &&
               (acc == MOD_MACC_F32 || (acc == MOD_MACC_F16 && ta == MOD_MT_F16));
    if (ta == MOD_MT_TF32)
        return tb == ta && (k == 4 || k == 8) && acc == MOD_MACC_F32;
    if (ai8)
        return bi8 && (k == 16 || k == 32) && acc == MOD_MACC_S64;
    if (ai4)
        return bi4 && (k == 32 || k == 64) && acc == MOD_MACC_S64;
    return false;
}

/* ---- wmma fragments ---- */
typedef struct wfrag_shape {
    unsigned m, n, k;
} wfrag_shape;

static inline wfrag_shape wfrag_dims(unsigned shape)
{
    static const wfrag_shape s[] = { { 16, 16, 16 }, { 32, 8, 16 }, { 8, 32, 16 },
                                     { 16, 16, 8 }, { 8, 8, 4 } };
    return shape < 5 ? s[shape] : (wfrag_shape){ 0, 0, 0 };
}

/* Element bits and bytes of a WTY type. */
static inline unsigned wty_bits(unsigned ty)
{
    static const unsigned bits[] = { 16, 16, 32, 8, 8, 32, 32, 64 };
    return bits[ty & 7];
}

/* Registers (f64: pairs) of one PTX wmma fragment; 0 when the combination
 * does not exist. */
static inline unsigned wfrag_regs(unsigned frag, unsigned shape, unsigned ty)
{
    wfrag_shape d = wfrag_dims(shape);
    bool k16 = shape <= MOD_WS_M8N32K16;
    if (d.m == 0)
        return 0;
    if (frag == MOD_WF_C) {
        switch (ty) {
        case MOD_WT_F16: return k16 ? 4 : 0;
        case MOD_WT_F32: return shape != MOD_WS_M8N8K4 ? 8 : 0;
        case MOD_WT_S32: return k16 ? 8 : 0;
        case MOD_WT_F64: return shape == MOD_WS_M8N8K4 ? 2 : 0;
        default: return 0;
        }
    }
    switch (ty) {
    case MOD_WT_F16: return k16 ? 8 : 0;   /* sm_70 heritage: 16 elements per lane */
    case MOD_WT_BF16: return k16 ? (frag == MOD_WF_A ? d.m : d.n) / 4 : 0;
    case MOD_WT_TF32: return shape == MOD_WS_M16N16K8 ? 4 : 0;
    case MOD_WT_S8: case MOD_WT_U8: return k16 ? (frag == MOD_WF_A ? d.m : d.n) / 8 : 0;
    case MOD_WT_F64: return shape == MOD_WS_M8N8K4 ? 1 : 0;
    default: return 0;
    }
}

/* The matrix position (row, col) of element s of register (pair) j of lane
 * l in a wmma fragment; A is M x K, B is K x N, C M x N. */
static inline void wfrag_elem(unsigned frag, unsigned shape, unsigned ty, unsigned j, unsigned l,
                              unsigned s, unsigned *row, unsigned *col)
{
    wfrag_shape d = wfrag_dims(shape);
    unsigned g = l / 4, t = l % 4, bits = wty_bits(ty);
    unsigned e = bits >= 32 ? 1 : 32 / bits, kc = 4 * e;
    unsigned kr = d.k < kc ? 1 : d.k / kc;
    bool m8 = d.m == 8;
    if (frag == MOD_WF_A) {
        unsigned ra = (m8 ? 1 : 2) * kr, mts = m8 ? 1 : d.m / 16;
        unsigned jj = j % (ra * mts), mt = jj / ra, q = jj % ra;
        unsigned r = m8 ? g : (q % 2) * 8 + g, kb = m8 ? q : q / 2;
        *row = 16 * mt + r;
        *col = kb * kc + t * e + s;
    } else if (frag == MOD_WF_B) {
        unsigned nts = d.n / 8, jj = j % (kr * nts);
        *row = (jj % kr) * kc + t * e + s;
        *col = 8 * (jj / kr) + g;
    } else {
        bool f16 = ty == MOD_WT_F16;
        unsigned rc = f16 ? (m8 ? 1 : 2) : (m8 ? 2 : 4), nts = d.n / 8;
        unsigned tile = j / rc, q = j % rc, mt = tile / nts, nt = tile % nts;
        unsigned r = f16 ? q * 8 + g : (q / 2) * 8 + g, n = f16 ? 2 * t + s : 2 * t + q % 2;
        *row = 16 * mt + r;
        *col = 8 * nt + n;
    }
}

/* Registers covered by field f of an MMAS, MMAC, WLD or WST (sim/operands.c). */
static inline unsigned mma_operand_regs(const isa_insn *in, char f)
{
    const uint8_t *m = in->mod;
    switch (in->op) {
    case OP_MMAS:
        if (f == 'a')
            return mmas_a_regs(m[0], m[1]);
        if (f == 'b')
            return mmas_b_regs(m[0], m[2]);
        return mmas_c_regs(m[0], m[3]);
    case OP_MMAC:
        return m[f == 'd' ? 0 : 1] == MOD_MCT_S64 ? 8 : m[f == 'd' ? 0 : 1] == MOD_MCT_F16 ? 2 : 4;
    default:   /* WLD d, WST c: the fragment; a: the address */
        if (f == 'a')
            return m[4] == MOD_WSP_SHARED ? 1 : 2;
        if (f == 'b')
            return 1;
        return wfrag_regs(m[0], m[2], m[3]) * (m[3] == MOD_WT_F64 ? 2 : 1);
    }
}

#endif
