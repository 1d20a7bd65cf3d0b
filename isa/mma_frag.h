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
 * f64 (m8n8k4, and the sm_90 m16n8k4/k8/k16) uses the same formulas with
 * one element per register pair. The sm_75 m8n8k16 (s8/u8) and m8n8k32
 * (s4/u4) are the rows 0..7 of the m16n8 formulas: A one register
 * (A[g][e*t..e*t+e-1]), B one register, C/D two s32 (C[g][2t], C[g][2t+1]).
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
/* The sm_75 integer m8n8 shapes follow MOD_MS_M8N8K4 in MMASHP (isa.def). */
enum { MOD_MS_M8N8K16 = MOD_MS_M8N8K4 + 1, MOD_MS_M8N8K32 };
/* The fp8 input types (mma.sp only) follow MOD_MT_F64 in MMATY. */
enum { MOD_MT_E4M3 = MOD_MT_F64 + 1, MOD_MT_E5M2 };

static inline unsigned mmas_bits(unsigned ty)
{
    static const unsigned bits[] = { 16, 16, 32, 8, 8, 4, 4, 64, 8, 8, 16, 16, 16, 16, 16, 16 };
    return bits[ty & 15];
}

static inline unsigned mmas_k(unsigned shape)
{
    static const unsigned k[] = { 4, 8, 16, 32, 64, 4, 16, 32 };
    return k[shape & 7];
}

static inline unsigned mmas_m(unsigned shape) { return shape >= MOD_MS_M8N8K4 ? 8 : 16; }

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
    bool m8 = mmas_m(shape) == 8;
    if (acc == MOD_MACC_F64 || acc == MOD_MACC_S64)
        return m8 ? 4 : 8;              /* 2 or 4 pairs */
    return acc == MOD_MACC_F16 ? 2 : (m8 ? 2 : 4);
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
    if (shape == MOD_MS_M8N8K16)   /* sm_75 */
        return ai8 && bi8 && acc == MOD_MACC_S64;
    if (shape == MOD_MS_M8N8K32)
        return ai4 && bi4 && acc == MOD_MACC_S64;
    if (ta == MOD_MT_F64)           /* sm_90 m16n8k4/k8/k16 */
        return tb == ta && k <= 16 && acc == MOD_MACC_F64;
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

/* ---- MMASP: mma.sp (A structured sparse, PTX ISA "Sparse matrix storage") ----
 * The shape is the logical M16N8K; A holds the K/2 stored elements of each
 * row in the dense fragment layout of an m16n8(K/2) A (f16: the m16n8k8 or
 * m16n8k16 A, ...; e4m3/e5m2 as s8), B and C/D are the dense m16n8K
 * fragments. A row's metadata is one 4-bit field per chunk (4 elements for
 * f16/bf16, s8/u8 and e4m3/e5m2,
 * 2 for tf32, 8 for s4/u4): two 2-bit indices i0 (low) and i1 of the
 * positions of the chunk's stored elements (tf32: of 16-bit halves, 0b0100
 * or 0b1110; s4/u4: of 2-element sub-chunks), field i of a word in bits
 * 4i..4i+3. In each quad, K/(4 chunk) threads (1, 2 or 4; which ones the
 * sparsity selector says: threads sel, 2 sel and 2 sel + 1, or all) hold
 * them; thread p of those holds (mmasp_meta_at)
 *   16/32-bit types: chunks 4p..4p+3 of row g in bits 0..15 and of row g+8
 *                    in bits 16..31 (XLA/Triton's and TileLang's mma.sp
 *                    metadata loads);
 *   8/4-bit types:   chunks 8(p/2)..8(p/2)+7 of row g + 8(p%2), all 32 bits
 *                    (TileLang's int8/fp8 m16n8k64 load; s4/u4 alike: one
 *                    field covers 32 bits of A as for 8-bit types).
 * Lowered, the metadata word follows B's registers in operand b, padded to
 * 4 or 8 registers. */
enum { MOD_SP_M16N8K8, MOD_SP_M16N8K16, MOD_SP_M16N8K32, MOD_SP_M16N8K64, MOD_SP_M16N8K128 };

static inline unsigned mmasp_k(unsigned shape)
{
    static const unsigned k[] = { 8, 16, 32, 64, 128, 0, 0, 0 };
    return k[shape & 7];
}

/* Elements per metadata field of input type ty. */
static inline unsigned mmasp_chunk(unsigned ty)
{
    return ty == MOD_MT_TF32 ? 2 : ty == MOD_MT_S4 || ty == MOD_MT_U4 ? 8 : 4;
}

/* Threads of a quad that hold metadata (1, 2 or 4). */
static inline unsigned mmasp_meta_threads(unsigned shape, unsigned ty)
{
    return mmasp_k(shape) / mmasp_chunk(ty) / 4;
}

/* Where the field of chunk ch of row r (0..15) lies: the thread of the quad
 * (lane % 4) that holds it under selector sel, and the field's bit shift. */
static inline void mmasp_meta_at(unsigned shape, unsigned ty, unsigned sel, unsigned r,
                                 unsigned ch, unsigned *t, unsigned *shift)
{
    unsigned nt = mmasp_meta_threads(shape, ty), first = nt == 1 ? sel : nt == 2 ? 2 * sel : 0;
    if (mmas_bits(ty) >= 16) {
        *t = first + ch / 4;
        *shift = 16 * (r / 8) + 4 * (ch % 4);
    } else {
        *t = first + 2 * (ch / 8) + r / 8;
        *shift = 4 * (ch % 8);
    }
}

static inline bool mmasp_valid(unsigned shape, unsigned ta, unsigned tb, unsigned acc)
{
    unsigned k = mmasp_k(shape);
    bool i8 = (ta == MOD_MT_S8 || ta == MOD_MT_U8) && (tb == MOD_MT_S8 || tb == MOD_MT_U8);
    bool i4 = (ta == MOD_MT_S4 || ta == MOD_MT_U4) && (tb == MOD_MT_S4 || tb == MOD_MT_U4);
    bool f8 = (ta == MOD_MT_E4M3 || ta == MOD_MT_E5M2) && (tb == MOD_MT_E4M3 || tb == MOD_MT_E5M2);
    if (f8)   /* sm_89 */
        return k == 64 && acc == MOD_MACC_F32;
    if (ta == MOD_MT_F16 || ta == MOD_MT_BF16)
        return tb == ta && (k == 16 || k == 32) &&
               (acc == MOD_MACC_F32 || (acc == MOD_MACC_F16 && ta == MOD_MT_F16));
    if (ta == MOD_MT_TF32)
        return tb == ta && (k == 8 || k == 16) && acc == MOD_MACC_F32;
    if (i8)
        return (k == 32 || k == 64) && acc == MOD_MACC_S64;
    return i4 && (k == 64 || k == 128) && acc == MOD_MACC_S64;
}

/* Registers of A (the stored half) and of B (without the metadata word). */
static inline unsigned mmasp_a_regs(unsigned shape, unsigned ty)
{
    unsigned kh = mmasp_k(shape) / 2, kc = mmas_kc(ty);
    return 2 * (kh < kc ? 1 : kh / kc);
}

static inline unsigned mmasp_b_regs(unsigned shape, unsigned ty)
{
    return mmasp_k(shape) / mmas_kc(ty);
}

/* ---- MMAX: the whole-instruction forms (quad-pair f16, fp8, b1) ----
 *
 * Quad pair q (M8N8K4.F16) is lanes 4q..4q+3 ("low", h = 0) and
 * 16+4q..16+4q+3 (h = 1); within it t = lane % 4 (PTX ISA, "Matrix
 * fragments for mma.m8n8k4 with .f16"):
 *   A row: lane 4q + r%4 + 16(r/4) holds row r, element k (reg k/2, half k%2)
 *   A col: lane 4q + k + 16(r/4) holds column k, element r%4
 *   B col: lane 4q + n%4 + 16(n/4) holds column n, element k
 *   B row: lane 4q + k + 16(n/4) holds row k, element n%4
 *   C/D f16: lane 4q + r%4 + 16(r/4), element n (reg n/2, half n%2)
 *   C/D f32: lane 4q + t + 16(r/4) with t = (r&1) | (n&2),
 *            register (n&1) | (r&2) | (n&4)
 * fp8 and b1 use the MMAS formulas above with e = 4 (fp8) or 32 (b1)
 * elements per register; element i of a b1 register is bit i. */
enum { MOD_MX_M8N8K4, MOD_MX_M16N8K16, MOD_MX_M16N8K32, MOD_MX_M8N8K128, MOD_MX_M16N8K128,
       MOD_MX_M16N8K256 };
enum { MOD_MXT_F16, MOD_MXT_E4M3, MOD_MXT_E5M2, MOD_MXT_B1 };
enum { MOD_MXA_F32, MOD_MXA_F16, MOD_MXA_F32F16, MOD_MXA_S32 };
enum { MOD_MXO_RC, MOD_MXO_RR, MOD_MXO_CR, MOD_MXO_CC, MOD_MXO_AND, MOD_MXO_XOR };

typedef struct mmax_shape {
    unsigned m, n, k;
} mmax_shape;

static inline mmax_shape mmax_dims(unsigned shape)
{
    static const mmax_shape s[] = { { 8, 8, 4 }, { 16, 8, 16 }, { 16, 8, 32 }, { 8, 8, 128 },
                                    { 16, 8, 128 }, { 16, 8, 256 } };
    return shape < 6 ? s[shape] : (mmax_shape){ 0, 0, 0 };
}

/* The D and C element types of an MXACC value: 0 f32, 1 f16, 2 s32. */
static inline unsigned mmax_dtype(unsigned acc)
{
    static const unsigned t[] = { 0, 1, 0, 2 };
    return t[acc & 3];
}

static inline unsigned mmax_ctype(unsigned acc)
{
    static const unsigned t[] = { 0, 1, 1, 2 };
    return t[acc & 3];
}

static inline bool mmax_fp8(unsigned ty) { return ty == MOD_MXT_E4M3 || ty == MOD_MXT_E5M2; }

/* Whether the modifiers form an MMAX Cobalt defines. */
static inline bool mmax_valid(unsigned shape, unsigned ta, unsigned tb, unsigned acc, unsigned opt)
{
    switch (shape) {
    case MOD_MX_M8N8K4:
        return ta == MOD_MXT_F16 && tb == MOD_MXT_F16 && acc <= MOD_MXA_F32F16 &&
               opt <= MOD_MXO_CC;
    case MOD_MX_M16N8K16: case MOD_MX_M16N8K32:
        return mmax_fp8(ta) && mmax_fp8(tb) && acc <= MOD_MXA_F16 && opt == MOD_MXO_RC;
    case MOD_MX_M8N8K128: case MOD_MX_M16N8K128: case MOD_MX_M16N8K256:
        return ta == MOD_MXT_B1 && tb == MOD_MXT_B1 && acc == MOD_MXA_S32 &&
               (opt == MOD_MXO_AND || opt == MOD_MXO_XOR);
    default:
        return false;
    }
}

/* Elements per register of an input type. */
static inline unsigned mmax_per(unsigned ty)
{
    return ty == MOD_MXT_B1 ? 32 : mmax_fp8(ty) ? 4 : 2;
}

/* Register counts of the MMAX operands. */
static inline unsigned mmax_a_regs(unsigned shape, unsigned ty)
{
    mmax_shape d = mmax_dims(shape);
    return d.m * d.k * (shape == MOD_MX_M8N8K4 ? 4 : 1) / (32 * mmax_per(ty));
}

static inline unsigned mmax_b_regs(unsigned shape, unsigned ty)
{
    mmax_shape d = mmax_dims(shape);
    return d.n * d.k * (shape == MOD_MX_M8N8K4 ? 4 : 1) / (32 * mmax_per(ty));
}

/* Accumulator registers of element type t (0 f32, 1 f16, 2 s32). */
static inline unsigned mmax_acc_regs(unsigned shape, unsigned t)
{
    mmax_shape d = mmax_dims(shape);
    return d.m * d.n * (shape == MOD_MX_M8N8K4 ? 4 : 1) / (t == 1 ? 64 : 32);
}

/* 4x4x4 unit steps of one MMAX (b1: 4x4x128 bits). */
static inline unsigned mmax_steps(unsigned shape)
{
    mmax_shape d = mmax_dims(shape);
    if (shape == MOD_MX_M8N8K4)
        return 16;   /* four 8x8x4 products */
    return d.m * d.n * d.k / (shape >= MOD_MX_M8N8K128 ? 2048 : 64);
}

/* ---- wmma fragments ----
 * The sub-byte shapes (m8n8k32 .s4/.u4, m8n8k128 .b1) follow MOD_WS_M8N8K4
 * in WSHP and their types MOD_WT_F64 in WTY (isa.def). Their A and B
 * fragments are one register: the mma.sync m8n8k32 / m8n8k128 layout,
 * A[g][e t .. e t + e - 1], B[e t .. e t + e - 1][g] (e = 8 or 32 elements
 * per register, element i in nibble / bit i), which PTX only allows as a
 * row-major A and a column-major B, so each register is one 32-bit word of
 * memory; C and D are two s32, C[g][2t], C[g][2t+1]. */
enum { MOD_WS_M8N8K32 = MOD_WS_M8N8K4 + 1, MOD_WS_M8N8K128 };
enum { MOD_WT_S4 = MOD_WT_F64 + 1, MOD_WT_U4, MOD_WT_B1 };

typedef struct wfrag_shape {
    unsigned m, n, k;
} wfrag_shape;

static inline wfrag_shape wfrag_dims(unsigned shape)
{
    static const wfrag_shape s[] = { { 16, 16, 16 }, { 32, 8, 16 }, { 8, 32, 16 },
                                     { 16, 16, 8 }, { 8, 8, 4 }, { 8, 8, 32 }, { 8, 8, 128 } };
    return shape < 7 ? s[shape] : (wfrag_shape){ 0, 0, 0 };
}

/* Element bits and bytes of a WTY type. */
static inline unsigned wty_bits(unsigned ty)
{
    static const unsigned bits[] = { 16, 16, 32, 8, 8, 32, 32, 64, 4, 4, 1 };
    return ty < 11 ? bits[ty] : 0;
}

/* Whether a WSHP value is one of the sub-byte shapes. */
static inline bool wfrag_subbyte(unsigned shape)
{
    return shape == MOD_WS_M8N8K32 || shape == MOD_WS_M8N8K128;
}

/* Registers (f64: pairs) of one PTX wmma fragment; 0 when the combination
 * does not exist. */
static inline unsigned wfrag_regs(unsigned frag, unsigned shape, unsigned ty)
{
    wfrag_shape d = wfrag_dims(shape);
    bool k16 = shape <= MOD_WS_M8N32K16;
    if (d.m == 0)
        return 0;
    if (wfrag_subbyte(shape)) {
        if (frag == MOD_WF_C)
            return ty == MOD_WT_S32 ? 2 : 0;
        if (shape == MOD_WS_M8N8K32)
            return ty == MOD_WT_S4 || ty == MOD_WT_U4 ? 1 : 0;
        return ty == MOD_WT_B1 ? 1 : 0;
    }
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

/* Registers covered by field f of an MMAS, MMAX, MMAC, WLD or WST (sim/operands.c). */
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
    case OP_MMAX:
        if (f == 'a')
            return mmax_a_regs(m[0], m[1]);
        if (f == 'b')
            return mmax_b_regs(m[0], m[2]);
        return mmax_acc_regs(m[0], f == 'd' ? mmax_dtype(m[3]) : mmax_ctype(m[3]));
    case OP_MMASP:
        if (f == 'a')
            return mmasp_a_regs(m[0], m[1]);
        if (f == 'b')
            return mmasp_b_regs(m[0], m[2]) == 2 ? 4 : 8;   /* + metadata word + padding */
        return m[3] == MOD_MACC_S64 ? 8 : m[3] == MOD_MACC_F16 ? 2 : 4;
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
