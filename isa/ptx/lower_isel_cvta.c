/* isa/ptx/lower_isel_cvta.c — cvta between the generic space and the
 * global, shared, local, const and kernel-param spaces. Global addresses are
 * generic addresses; the others are window offsets whose window base
 * (isa.h: ISA_SHARED_WINDOW, ISA_LOCAL_WINDOW, ISA_CONST_WINDOW) lives in
 * the high word of the generic address. */
#include "isa/ptx/lower_internal.h"

#define WINDOW_HI(w) ((uint32_t)((w) >> 32))

/* cvta[.to].space.size d, a: global addresses are generic addresses; shared,
 * local, const and (kernel) param ones gain (or lose) their window base in
 * the high word. */
bool lw_isel_cvta(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_TO | LWM_SPACE | LWM_TYPE) || !lw_nops(f, 2))
        return false;
    if (f->cm.ntypes != 1)
        return lw_unsupported(f);
    ptx_space sp = f->cm.space;
    unsigned words = lw_words_of(f->cm.type[0]);
    bool to = (f->cm.has & LWM_TO) != 0;
    if (sp != PTX_SPACE_GLOBAL && sp != PTX_SPACE_SHARED && sp != PTX_SPACE_LOCAL &&
        sp != PTX_SPACE_CONST && !(sp == PTX_SPACE_PARAM && !f->is_func))
        return lw_unsupported(f);
    if (!to && sp != PTX_SPACE_GLOBAL && words != 2)
        return lw_unsupported(f);
    lw_reg d, s;
    if (!lw_dst(f, 0, words, &d))
        return false;
    const ptx_operand *o = lw_op(f, 1);
    if (o == NULL)
        return false;
    if (o->kind == PTX_OPND_SYM) {
        if (!lw_sym_addr(f, o, 2, &s))
            return false;
    } else if (!lw_reg_of(f, 1, words == 2 ? PTX_T_U64 : PTX_T_U32, &s)) {
        return false;
    }
    if (sp == PTX_SPACE_GLOBAL)
        return lw_copy(f, d, s, words);
    if (to) {
        if (!lw_mov32(f, d, lw_rsrc(s)))
            return false;
        return words == 1 || lw_mov32(f, lw_word(d, 1), lw_imm(0));
    }
    uint64_t window = sp == PTX_SPACE_SHARED ? ISA_SHARED_WINDOW
                    : sp == PTX_SPACE_LOCAL  ? ISA_LOCAL_WINDOW
                    : lw_const_window(sp == PTX_SPACE_CONST ? ISA_BANK_CONST : ISA_BANK_PARAM);
    if (!lw_mov32(f, d, lw_rsrc(s)))
        return false;
    /* a kernel parameter's address from mov already has its window
     * (lw_sym_addr_into): set it rather than add it */
    if (sp == PTX_SPACE_PARAM)
        return lw_mov32(f, lw_word(d, 1), lw_imm(WINDOW_HI(window)));
    lw_insn *i = lw_emit(f, OP_IADD);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, lw_word(d, 1));
    lw_set(i, LW_A, lw_word(s, 1));
    lw_setb(i, lw_imm(WINDOW_HI(window)));
    return true;
}
