/* isa/ptx/lower_isel_half.c — add/sub/mul/fma/min/max/neg/abs on .f16,
 * .f16x2, .bf16 and .bf16x2: HADD2/HMUL2/HFMA2/HMNMX2 (round to nearest
 * even, the only PTX rounding of these ops); sub adds the negated operand,
 * neg and abs flip or clear the sign bits. .ftz, .sat, .relu and .NaN are
 * not supported yet. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

bool lw_is_half(const lw_fn *f)
{
    if (f->cm.ntypes != 1)
        return false;
    ptx_type t = f->cm.type[0];
    return t == PTX_T_F16 || t == PTX_T_F16X2 || t == PTX_T_BF16 || t == PTX_T_BF16X2;
}

static uint8_t hfmt(ptx_type t)
{
    switch (t) {
    case PTX_T_F16:  return MOD_HF16;
    case PTX_T_BF16: return MOD_HBF16;
    case PTX_T_F16X2: return MOD_HF16X2;
    default:         return MOD_HBF16X2;
    }
}

static uint32_t sign_mask(ptx_type t)
{
    return t == PTX_T_F16X2 || t == PTX_T_BF16X2 ? 0x80008000u : 0x8000u;
}

static lw_insn *lop(lw_fn *f, uint8_t opm, lw_reg d, lw_reg a, uint32_t imm)
{
    lw_insn *i = lw_emit(f, OP_LOP);
    if (i == NULL)
        return NULL;
    i->in.mod[0] = opm;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, lw_imm(imm));
    return i;
}

bool lw_isel_half(lw_fn *f, const char *opc)
{
    ptx_type t = f->cm.type[0];
    bool unary = strcmp(opc, "neg") == 0 || strcmp(opc, "abs") == 0;
    bool fma = strcmp(opc, "fma") == 0;
    bool mnmx = strcmp(opc, "min") == 0 || strcmp(opc, "max") == 0;
    if (!lw_mods_only(f, LWM_TYPE | (unary || mnmx ? 0 : LWM_RND)))
        return false;
    if ((f->cm.has & LWM_RND) && f->cm.rnd != MOD_RN)
        return lw_unsupported(f);
    lw_reg d, a, b, c;
    if (!lw_nops(f, unary ? 2 : fma ? 4 : 3) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, t, &a))
        return false;
    if (unary)
        return lop(f, strcmp(opc, "neg") == 0 ? MOD_XOR : MOD_AND, d, a,
                   strcmp(opc, "neg") == 0 ? sign_mask(t) : ~sign_mask(t) &
                   (sign_mask(t) == 0x8000u ? 0xffffu : 0xffffffffu)) != NULL;
    if (!lw_reg_of(f, 2, t, &b) || (fma && !lw_reg_of(f, 3, t, &c)))
        return false;
    isa_op op = fma ? OP_HFMA2 : mnmx ? OP_HMNMX2 : strcmp(opc, "mul") == 0 ? OP_HMUL2 : OP_HADD2;
    if (strcmp(opc, "sub") == 0) {
        lw_reg nb = lw_tmp(f, 1);
        if (nb.v == 0 || lop(f, MOD_XOR, nb, b, sign_mask(t)) == NULL)
            return false;
        b = nb;
    }
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return false;
    if (mnmx) {
        i->in.mod[0] = strcmp(opc, "min") == 0 ? MOD_MIN : MOD_MAX;
        i->in.mod[1] = hfmt(t);
    } else {
        i->in.mod[0] = hfmt(t);
    }
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    if (fma)
        lw_set(i, LW_C, c);
    return true;
}
