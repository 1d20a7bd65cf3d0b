/* isa/ptx/lower_isel_bfx.c — bfe/bfi whose position or length is a
 * register: one BFE / BFI (lower_isel_bits.c keeps the shift sequences for
 * immediates). BFI takes pos | len << 8 in its b operand. */
#include "isa/ptx/lower_internal.h"

static bool is_imm(const lw_fn *f, unsigned idx)
{
    return idx < f->ci->nops && f->ci->ops[idx].kind == PTX_OPND_IMM_INT;
}

bool lw_bfx_dynamic(const lw_fn *f, unsigned pos_idx)
{
    return !is_imm(f, pos_idx) || !is_imm(f, pos_idx + 1);
}

bool lw_isel_bfe_reg(lw_fn *f, ptx_type t)
{
    unsigned words = lw_words_of(t);
    lw_reg d, a;
    lw_src pos, len;
    uint8_t it;
    if (!lw_nops(f, 4) || !lw_dst(f, 0, words, &d) || !lw_reg_of(f, 1, t, &a) ||
        !lw_src_of(f, 2, PTX_T_U32, true, &pos) || !lw_src_of(f, 3, PTX_T_U32, false, &len) ||
        !lw_itype(f, t, &it))
        return false;
    lw_insn *i = lw_emit(f, OP_BFE);
    if (i == NULL)
        return false;
    i->in.mod[0] = it;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, pos);
    lw_set(i, LW_C, len.r);
    return true;
}

bool lw_isel_bfi_reg(lw_fn *f, ptx_type t)
{
    unsigned words = lw_words_of(t);
    lw_reg d, a, b, pos, len, ctl = lw_tmp(f, 1), hi = lw_tmp(f, 1);
    if (ctl.v == 0 || hi.v == 0 || !lw_nops(f, 5) || !lw_dst(f, 0, words, &d) ||
        !lw_reg_of(f, 1, t, &a) || !lw_reg_of(f, 2, t, &b) || !lw_reg_of(f, 3, PTX_T_U32, &pos) ||
        !lw_reg_of(f, 4, PTX_T_U32, &len))
        return false;
    /* ctl = (pos & 0xff) | (len & 0xff) << 8 */
    lw_insn *i = lw_emit(f, OP_LOP);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_AND;
    lw_set(i, LW_D, ctl);
    lw_set(i, LW_A, pos);
    lw_setb(i, lw_imm(0xff));
    if ((i = lw_emit(f, OP_SHL)) == NULL)
        return false;
    lw_set(i, LW_D, hi);
    lw_set(i, LW_A, len);
    lw_setb(i, lw_imm(24));
    if ((i = lw_emit(f, OP_SHR)) == NULL)
        return false;
    i->in.mod[0] = MOD_U32;
    lw_set(i, LW_D, hi);
    lw_set(i, LW_A, hi);
    lw_setb(i, lw_imm(16));
    if ((i = lw_emit(f, OP_LOP)) == NULL)
        return false;
    i->in.mod[0] = MOD_OR;
    lw_set(i, LW_D, ctl);
    lw_set(i, LW_A, ctl);
    lw_setb(i, lw_rsrc(hi));
    if ((i = lw_emit(f, OP_BFI)) == NULL)
        return false;
    i->in.mod[0] = words == 2 ? MOD_W64 : MOD_W32;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, lw_rsrc(ctl));
    lw_set(i, LW_C, b);
    return true;
}
