/* isa/ptx/lower_isel_cvtpk.c — the cvt forms with packed or narrow float
 * types, lowered to F2FP (semantics in sim/exec/cvtpk.c):
 *   cvt.{rn,rz}{.relu}{.satfinite}.{f16,bf16}x2.f32  d, a, b  (a -> high half)
 *   cvt.{rn,rz}{.relu}{.satfinite}.{f16,bf16}.f32    d, a     (only with .relu
 *                                                    or .satfinite; else F2F)
 *   cvt.rna{.satfinite}.tf32.f32 / cvt.{rn,rz}{.satfinite}{.relu}.tf32.f32  d, a
 *   cvt.rn.satfinite{.relu}.{e4m3,e5m2}x2.f32        d, a, b  (a -> high byte)
 *   cvt.rn{.relu}.f16x2.{e4m3,e5m2}x2                d, a
 *   cvt.rn.satfinite{.relu}.{e2m1,e2m3,e3m2}x2.f32   d, a, b  (a -> high nibble/byte)
 *   cvt.rn{.relu}.f16x2.{e2m1,e2m3,e3m2}x2           d, a
 *   cvt.{rz,rp}{.satfinite}.ue8m0x2.f32              d, a, b  (a -> high byte)
 *   cvt.{rz,rp}{.satfinite}.ue8m0x2.bf16x2           d, a
 *   cvt.rn.bf16x2.ue8m0x2                            d, a
 *   cvt.rn.satfinite{.relu}.{e4m3,e5m2}x2.f16x2      d, a     (via f32, exact)
 *   cvt.rs{.relu}{.satfinite}.{f16,bf16}x2.f32       d, a, b, rbits  (F2FPRS)
 *   cvt.rs{.relu}.satfinite.{e4m3,e5m2,e2m3,e3m2,e2m1}x4.f32  d, {a, b, e, f}, rbits
 * Other forms fail with a "not supported yet" message naming the
 * instruction. cvt.pack.sat (integers) is lower_isel_cvtsat.c. */
#include <string.h>
#include "isa/f2fp.h"
#include "isa/ptx/lower_internal.h"

typedef struct pk_form {
    int      rnd;           /* MOD_FPR_*, -1 when absent */
    bool     relu, satf;
    ptx_type t[2];
    unsigned nt;
} pk_form;

static bool form_of(lw_fn *f, pk_form *p)
{
    *p = (pk_form){ .rnd = -1 };
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *m = f->ci->mods[i];
        ptx_type t = ptx_type_from_name(m);
        if (!strcmp(m, "rn"))             p->rnd = MOD_FPR_RN;
        else if (!strcmp(m, "rz"))        p->rnd = MOD_FPR_RZ;
        else if (!strcmp(m, "rna"))       p->rnd = MOD_FPR_RNA;
        else if (!strcmp(m, "rp"))        p->rnd = MOD_FPR_RP;
        else if (!strcmp(m, "relu"))      p->relu = true;
        else if (!strcmp(m, "satfinite")) p->satf = true;
        else if (t != PTX_T_NONE && p->nt < 2) p->t[p->nt++] = t;
        else return false;
    }
    return p->nt == 2;
}

/* Whether cvt with these types is one of the forms above. */
bool lw_cvt_is_packed(const lw_fn *f)
{
    bool narrow = false, special = false;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *m = f->ci->mods[i];
        ptx_type t = ptx_type_from_name(m);
        narrow |= t == PTX_T_F16X2 || t == PTX_T_BF16X2 || t == PTX_T_TF32 ||
                  t == PTX_T_E4M3X2 || t == PTX_T_E5M2X2 || t == PTX_T_E2M1X2 ||
                  t == PTX_T_E2M3X2 || t == PTX_T_E3M2X2 || t == PTX_T_UE8M0X2 ||
                  t == PTX_T_E4M3X4 || t == PTX_T_E5M2X4 || t == PTX_T_E2M3X4 ||
                  t == PTX_T_E3M2X4 || t == PTX_T_E2M1X4;
        special |= !strcmp(m, "relu") || !strcmp(m, "satfinite") || !strcmp(m, "rna");
    }
    return narrow || special;
}

static bool is_f4f6(ptx_type t)
{
    return t == PTX_T_E2M1X2 || t == PTX_T_E2M3X2 || t == PTX_T_E3M2X2;
}

/* The value for an e2m1x2, e2m3x2 or e3m2x2 type t. */
static int code_of(ptx_type t, int e2m1, int e2m3, int e3m2)
{
    return t == PTX_T_E2M1X2 ? e2m1 : t == PTX_T_E2M3X2 ? e2m3 : e3m2;
}

/* The sm_100 forms (e2m1/e2m3/e3m2, ue8m0): sets *k (-1 when the types
 * match no form or the modifiers are wrong) and *nsrc. */
static void sm100_form(const pk_form *p, ptx_type dt, ptx_type at, int *k, unsigned *nsrc)
{
    *k = -1;
    if (at == PTX_T_F32 && is_f4f6(dt)) {
        if (p->rnd == MOD_FPR_RN && p->satf)
            *k = code_of(dt, MOD_FP_E2M1X2_F32, MOD_FP_E2M3X2_F32, MOD_FP_E3M2X2_F32);
        *nsrc = 2;
    } else if (dt == PTX_T_F16X2 && is_f4f6(at)) {
        if (p->rnd == MOD_FPR_RN && !p->satf)
            *k = code_of(at, MOD_FP_F16X2_E2M1X2, MOD_FP_F16X2_E2M3X2, MOD_FP_F16X2_E3M2X2);
    } else if (dt == PTX_T_UE8M0X2 && (at == PTX_T_F32 || at == PTX_T_BF16X2)) {
        if ((p->rnd == MOD_FPR_RZ || p->rnd == MOD_FPR_RP) && !p->relu)
            *k = at == PTX_T_F32 ? MOD_FP_UE8M0X2_F32 : MOD_FP_UE8M0X2_BF16X2;
        *nsrc = at == PTX_T_F32 ? 2 : 1;
    } else if (dt == PTX_T_BF16X2 && at == PTX_T_UE8M0X2) {
        if (p->rnd == MOD_FPR_RN && !p->relu && !p->satf)
            *k = MOD_FP_BF16X2_UE8M0X2;
    }
}

/* cvt.rn.satfinite{.relu}.{e4m3,e5m2}x2.f16x2 d, a: both halves widened to
 * f32 (exact, so the one rounding of F2FP is the manual's), then the f32
 * pair form with the high half as its a. */
static bool f8x2_of_f16x2(lw_fn *f, int k, bool relu)
{
    lw_reg d, a, hi = lw_tmp(f, 1), fh = lw_tmp(f, 1), fl = lw_tmp(f, 1);
    if (hi.v == 0 || fh.v == 0 || fl.v == 0 || !lw_nops(f, 2) || !lw_dst(f, 0, 1, &d) ||
        !lw_reg_of(f, 1, PTX_T_B32, &a))
        return false;
    lw_insn *i = lw_emit(f, OP_SHR);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_U32;
    lw_set(i, LW_D, hi);
    lw_set(i, LW_A, a);
    lw_setb(i, lw_imm(16));
    for (unsigned h = 0; h < 2; h++) {
        if ((i = lw_emit(f, OP_F2F)) == NULL)
            return false;
        i->in.mod[0] = MOD_F32;
        i->in.mod[1] = MOD_F16;
        i->in.mod[2] = MOD_RN;
        lw_set(i, LW_D, h ? fh : fl);
        lw_set(i, LW_A, h ? hi : a);
    }
    if ((i = lw_emit(f, OP_F2FP)) == NULL)
        return false;
    i->in.mod[0] = (uint8_t)k;
    i->in.mod[1] = MOD_FPR_RN;
    i->in.mod[2] = relu;
    i->in.mod[3] = 1;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, fh);
    lw_set(i, LW_B, fl);
    return true;
}

/* The F2FPRS target for cvt.rs to type t, -1 when none. */
static int rs_kind(ptx_type t)
{
    switch (t) {
    case PTX_T_F16X2:  return MOD_RS_F16X2;
    case PTX_T_BF16X2: return MOD_RS_BF16X2;
    case PTX_T_E4M3X4: return MOD_RS_E4M3X4;
    case PTX_T_E5M2X4: return MOD_RS_E5M2X4;
    case PTX_T_E2M3X4: return MOD_RS_E2M3X4;
    case PTX_T_E3M2X4: return MOD_RS_E3M2X4;
    case PTX_T_E2M1X4: return MOD_RS_E2M1X4;
    default:           return -1;
    }
}

/* The four f32 sources {a, b, e, f} of an x4 cvt.rs, copied into the words
 * of a fresh aligned quad (F2FPRS reads a..a+3). */
static bool rs_quad(lw_fn *f, lw_reg *q)
{
    const ptx_operand *o = lw_op(f, 1);
    if (o == NULL)
        return false;
    if (o->kind != PTX_OPND_VEC || o->nelems != 4)
        return lw_fail(f, f->ci->line, "operand 2 of 'cvt.rs' must be a vector {a, b, e, f} "
                       "of 4 f32 registers");
    *q = lw_tmp(f, 4);
    if (q->v == 0)
        return false;
    for (unsigned i = 0; i < 4; i++) {
        lw_src s;
        if (!lw_src_opnd(f, &o->elems[i], 1, PTX_T_F32, true, &s))
            return false;
        lw_reg w = lw_word(*q, i);
        w.part = 1;
        if (!lw_mov32(f, w, s))
            return false;
    }
    return true;
}

/* cvt.rs (sm_100a stochastic rounding): F2FPRS, semantics in
 * sim/exec/cvtrs.c. The x4 forms need .satfinite (manual syntax). */
static bool cvt_rs(lw_fn *f)
{
    bool relu = false, satf = false;
    ptx_type t[2] = { PTX_T_NONE, PTX_T_NONE };
    unsigned nt = 0;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *m = f->ci->mods[i];
        ptx_type ty = ptx_type_from_name(m);
        if (!strcmp(m, "rs"))             continue;
        else if (!strcmp(m, "relu"))      relu = true;
        else if (!strcmp(m, "satfinite")) satf = true;
        else if (ty != PTX_T_NONE && nt < 2) t[nt++] = ty;
        else return lw_unsupported(f);
    }
    int k = nt == 2 && t[1] == PTX_T_F32 ? rs_kind(t[0]) : -1;
    bool x4 = k > MOD_RS_BF16X2;
    if (k < 0 || (x4 && !satf))
        return lw_unsupported(f);
    lw_reg d, a, b = lw_rz(), r;
    if (!lw_nops(f, x4 ? 3 : 4) || !lw_dst(f, 0, 1, &d) ||
        !(x4 ? rs_quad(f, &a) : lw_reg_of(f, 1, PTX_T_F32, &a)) ||
        (!x4 && !lw_reg_of(f, 2, PTX_T_F32, &b)) || !lw_reg_of(f, x4 ? 2 : 3, PTX_T_B32, &r))
        return false;
    lw_insn *i = lw_emit(f, OP_F2FPRS);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)k;
    i->in.mod[1] = relu;
    i->in.mod[2] = satf;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    lw_set(i, LW_C, r);
    return true;
}

bool lw_isel_cvt_packed(lw_fn *f)
{
    for (unsigned m = 0; m < f->ci->nmods; m++)
        if (!strcmp(f->ci->mods[m], "rs"))
            return cvt_rs(f);
    pk_form p;
    if (!form_of(f, &p))
        return lw_unsupported(f);
    ptx_type dt = p.t[0], at = p.t[1];
    int k = -1;
    unsigned nsrc = 1;
    bool scalar_half = false;
    if ((dt == PTX_T_F16X2 || dt == PTX_T_BF16X2) && at == PTX_T_F32) {
        k = dt == PTX_T_F16X2 ? MOD_FP_F16X2_F32 : MOD_FP_BF16X2_F32;
        nsrc = 2;
        if (p.rnd != MOD_FPR_RN && p.rnd != MOD_FPR_RZ)
            k = -1;
    } else if ((dt == PTX_T_F16 || dt == PTX_T_BF16) && at == PTX_T_F32) {
        k = dt == PTX_T_F16 ? MOD_FP_F16X2_F32 : MOD_FP_BF16X2_F32;
        scalar_half = true;
        if (p.rnd != MOD_FPR_RN && p.rnd != MOD_FPR_RZ)
            k = -1;
    } else if (dt == PTX_T_TF32 && at == PTX_T_F32) {
        k = MOD_FP_TF32_F32;
        if (p.rnd < 0 || p.rnd == MOD_FPR_RP || (p.rnd == MOD_FPR_RNA && p.relu))
            k = -1;
    } else if ((dt == PTX_T_E4M3X2 || dt == PTX_T_E5M2X2) && at == PTX_T_F32) {
        k = dt == PTX_T_E4M3X2 ? MOD_FP_E4M3X2_F32 : MOD_FP_E5M2X2_F32;
        nsrc = 2;
        if (p.rnd != MOD_FPR_RN || !p.satf)
            k = -1;
    } else if ((dt == PTX_T_E4M3X2 || dt == PTX_T_E5M2X2) && at == PTX_T_F16X2) {
        if (p.rnd != MOD_FPR_RN || !p.satf)
            return lw_unsupported(f);
        return f8x2_of_f16x2(f, dt == PTX_T_E4M3X2 ? MOD_FP_E4M3X2_F32 : MOD_FP_E5M2X2_F32,
                             p.relu);
    } else if (dt == PTX_T_F16X2 && (at == PTX_T_E4M3X2 || at == PTX_T_E5M2X2)) {
        k = at == PTX_T_E4M3X2 ? MOD_FP_F16X2_E4M3X2 : MOD_FP_F16X2_E5M2X2;
        if (p.rnd != MOD_FPR_RN || p.satf)
            k = -1;
    } else {
        sm100_form(&p, dt, at, &k, &nsrc);
    }
    if (k < 0)
        return lw_unsupported(f);
    lw_reg d, a, b = lw_rz();
    ptx_type st = at == PTX_T_F32 ? PTX_T_F32 : at == PTX_T_BF16X2 ? PTX_T_B32 : PTX_T_B16;
    if (!lw_nops(f, 1 + nsrc) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, st, &a) ||
        (nsrc == 2 && !lw_reg_of(f, 2, st, &b)))
        return false;
    if (scalar_half) {      /* the low half is b's conversion; a = RZ gives +0 above */
        b = a;
        a = lw_rz();
    }
    lw_insn *i = lw_emit(f, OP_F2FP);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)k;
    i->in.mod[1] = (uint8_t)p.rnd;
    i->in.mod[2] = p.relu;
    i->in.mod[3] = p.satf;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    return true;
}
