/* isa/ptx/lower_isel_int24.c — mul24/mad24 (24-bit multiplies) and testp
 * (floating-point class tests), both built from integer ops.
 *
 * mul24 multiplies the low 24 bits of its operands (sign-extended for
 * .s32): .lo keeps bits 0..31 of the 48-bit product, .hi bits 16..47.
 * testp classifies the magnitude bits |x| (the value without its sign) by
 * unsigned compares against +inf and the smallest normal number.
 */
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* d = the low 24 bits of r, zero- or sign-extended. */
static bool ext24(lw_fn *f, lw_reg r, bool sgn, lw_reg *d)
{
    *d = lw_tmp(f, 1);
    lw_insn *i = d->v != 0 ? lw_emit(f, OP_SHL) : NULL;
    if (i == NULL)
        return false;
    lw_set(i, LW_D, *d);
    lw_set(i, LW_A, r);
    lw_setb(i, lw_imm(8));
    if ((i = lw_emit(f, OP_SHR)) == NULL)
        return false;
    i->in.mod[0] = sgn ? MOD_S32 : MOD_U32;
    lw_set(i, LW_D, *d);
    lw_set(i, LW_A, *d);
    lw_setb(i, lw_imm(8));
    return true;
}

/* mul24/mad24 .lo/.hi .u32/.s32 d, a, b[, c] */
static bool int24(lw_fn *f, bool mad)
{
    if (!lw_mods_only(f, LWM_TYPE | LWM_LO | LWM_HI) || f->cm.ntypes != 1 ||
        (f->cm.type[0] != PTX_T_U32 && f->cm.type[0] != PTX_T_S32) ||
        ((f->cm.has & LWM_LO) != 0) == ((f->cm.has & LWM_HI) != 0))
        return lw_unsupported(f);
    ptx_type t = f->cm.type[0];
    bool sgn = t == PTX_T_S32, hi = (f->cm.has & LWM_HI) != 0;
    lw_reg d, a, b, ea, eb, c = lw_rz();
    if (!lw_nops(f, mad ? 4 : 3) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, t, &a) ||
        !lw_reg_of(f, 2, t, &b) || (mad && !lw_reg_of(f, 3, t, &c)) ||
        !ext24(f, a, sgn, &ea) || !ext24(f, b, sgn, &eb))
        return false;
    lw_insn *i;
    if (!hi) {
        if ((i = lw_emit(f, OP_IMAD)) == NULL)
            return false;
        i->in.mod[0] = MOD_MUL_LO;
        i->in.mod[1] = MOD_U32;
        lw_set(i, LW_D, d);
        lw_set(i, LW_A, ea);
        lw_set(i, LW_B, eb);
        lw_set(i, LW_C, c);
        return true;
    }
    lw_reg p = lw_tmp(f, 2);
    if (p.v == 0 || (i = lw_emit(f, OP_IMUL)) == NULL)
        return false;
    i->in.mod[0] = MOD_MUL_WIDE;
    i->in.mod[1] = sgn ? MOD_S32 : MOD_U32;
    lw_set(i, LW_D, p);
    lw_set(i, LW_A, ea);
    lw_set(i, LW_B, eb);
    if ((i = lw_emit(f, OP_SHR)) == NULL)
        return false;
    i->in.mod[0] = MOD_U64;
    lw_set(i, LW_D, p);
    lw_set(i, LW_A, p);
    lw_setb(i, lw_imm(16));
    if ((i = lw_emit(f, OP_IADD)) == NULL)
        return false;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, lw_word(p, 0));
    lw_set(i, LW_B, c);
    return true;
}

bool lw_isel_mul24(lw_fn *f) { return int24(f, false); }
bool lw_isel_mad24(lw_fn *f) { return int24(f, true); }

/* E = (x cmp y) AND z on 1- or 2-word unsigned values. */
static bool cmp(lw_fn *f, lw_reg e, lw_reg x, lw_reg y, unsigned words, uint8_t op, lw_reg z)
{
    lw_insn *i = lw_emit(f, OP_ISETP);
    if (i == NULL)
        return false;
    i->in.mod[0] = op;
    i->in.mod[1] = words == 2 ? MOD_U64 : MOD_U32;
    i->in.mod[2] = MOD_AND;
    lw_set(i, LW_E, e);
    lw_set(i, LW_A, x);
    lw_set(i, LW_B, y);
    lw_set(i, LW_C, z);
    return true;
}

static const char *const testp_ops[] = {
    "finite", "infinite", "number", "notanumber", "normal", "subnormal"
};

bool lw_isel_testp(lw_fn *f)
{
    const ptx_insn *ci = f->ci;
    unsigned op = 0;
    ptx_type t = PTX_T_NONE;
    unsigned nop = 0, nty = 0;
    for (unsigned m = 0; m < ci->nmods; m++) {
        bool known = false;
        for (unsigned k = 0; k < 6; k++)
            if (strcmp(ci->mods[m], testp_ops[k]) == 0) {
                op = k;
                known = true;
                nop++;
            }
        if (!known && strcmp(ci->mods[m], "f32") == 0) {
            t = PTX_T_F32;
            nty++;
        } else if (!known && strcmp(ci->mods[m], "f64") == 0) {
            t = PTX_T_F64;
            nty++;
        } else if (!known) {
            return lw_unsupported(f);
        }
    }
    if (nop != 1 || nty != 1)
        return lw_unsupported(f);
    unsigned w = t == PTX_T_F64 ? 2 : 1;
    lw_reg p, x, abs, inf, minn, one = lw_pt();
    if (!lw_nops(f, 2) || !lw_pdst(f, 0, &p) || !lw_reg_of(f, 1, t, &x))
        return false;
    /* |x|: the value with its sign bit cleared */
    abs = lw_tmp(f, w);
    lw_insn *i = abs.v != 0 ? lw_emit(f, OP_LOP) : NULL;
    if (i == NULL || (w == 2 && !lw_mov32(f, lw_word(abs, 0), lw_rsrc(lw_word(x, 0)))))
        return false;
    if (w == 2 && (i = lw_emit(f, OP_LOP)) == NULL)
        return false;
    i->in.mod[0] = MOD_AND;
    lw_set(i, LW_D, lw_word(abs, w - 1));
    lw_set(i, LW_A, lw_word(x, w - 1));
    lw_setb(i, lw_imm(0x7fffffffu));
    if (!lw_const(f, w == 2 ? 0x7ff0000000000000ull : 0x7f800000u, w, &inf) ||
        !lw_const(f, w == 2 ? 0x0010000000000000ull : 0x00800000u, w, &minn))
        return false;
    lw_reg zero = w == 2 ? lw_tmp(f, 2) : lw_rz();
    if (w == 2 && (zero.v == 0 || !lw_mov32(f, lw_word(zero, 0), lw_imm(0)) ||
                   !lw_mov32(f, lw_word(zero, 1), lw_imm(0))))
        return false;
    lw_reg q = lw_ptmp(f);
    if (q.v == 0)
        return false;
    switch (op) {
    case 0: return cmp(f, p, abs, inf, w, MOD_CMP_LT, one);
    case 1: return cmp(f, p, abs, inf, w, MOD_CMP_EQ, one);
    case 2: return cmp(f, p, abs, inf, w, MOD_CMP_LE, one);
    case 3: return cmp(f, p, abs, inf, w, MOD_CMP_GT, one);
    case 4: return cmp(f, q, abs, minn, w, MOD_CMP_GE, one) &&
                   cmp(f, p, abs, inf, w, MOD_CMP_LT, q);
    default: return cmp(f, q, abs, zero, w, MOD_CMP_NE, one) &&
                    cmp(f, p, abs, minn, w, MOD_CMP_LT, q);
    }
}
