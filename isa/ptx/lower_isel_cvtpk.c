/* isa/ptx/lower_isel_cvtpk.c — the cvt forms with packed or narrow float
 * types, lowered to F2FP (semantics in sim/exec/cvtpk.c):
 *   cvt.{rn,rz}{.relu}{.satfinite}.{f16,bf16}x2.f32  d, a, b  (a -> high half)
 *   cvt.{rn,rz}{.relu}{.satfinite}.{f16,bf16}.f32    d, a     (only with .relu
 *                                                    or .satfinite; else F2F)
 *   cvt.rna{.satfinite}.tf32.f32 / cvt.{rn,rz}{.satfinite}{.relu}.tf32.f32  d, a
 *   cvt.rn.satfinite{.relu}.{e4m3,e5m2}x2.f32        d, a, b  (a -> high byte)
 *   cvt.rn{.relu}.f16x2.{e4m3,e5m2}x2                d, a
 * Other forms (.rs, f16x2 -> f8x2, e2m1/e2m3/e3m2, ue8m0) fail with a
 * "not supported yet" message naming the instruction. */
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
                  t == PTX_T_E4M3X2 || t == PTX_T_E5M2X2;
        special |= !strcmp(m, "relu") || !strcmp(m, "satfinite") || !strcmp(m, "rna");
    }
    return narrow || special;
}

bool lw_isel_cvt_packed(lw_fn *f)
{
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
        if (p.rnd < 0 || (p.rnd == MOD_FPR_RNA && p.relu))
            k = -1;
    } else if ((dt == PTX_T_E4M3X2 || dt == PTX_T_E5M2X2) && at == PTX_T_F32) {
        k = dt == PTX_T_E4M3X2 ? MOD_FP_E4M3X2_F32 : MOD_FP_E5M2X2_F32;
        nsrc = 2;
        if (p.rnd != MOD_FPR_RN || !p.satf)
            k = -1;
    } else if (dt == PTX_T_F16X2 && (at == PTX_T_E4M3X2 || at == PTX_T_E5M2X2)) {
        k = at == PTX_T_E4M3X2 ? MOD_FP_F16X2_E4M3X2 : MOD_FP_F16X2_E5M2X2;
        if (p.rnd != MOD_FPR_RN || p.satf)
            k = -1;
    }
    if (k < 0)
        return lw_unsupported(f);
    lw_reg d, a, b = lw_rz();
    ptx_type st = k >= MOD_FP_F16X2_E4M3X2 ? PTX_T_B16 : PTX_T_F32;
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
