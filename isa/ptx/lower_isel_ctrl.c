/* isa/ptx/lower_isel_ctrl.c — bra, ret/exit and CTA barriers.
 * A branch records its target block; lower_emit.c turns that into the
 * instruction index and adds the reconvergence point (imm2) of a guarded,
 * non-.uni branch: the start of its block's immediate post-dominator. */
#include "isa/ptx/lower_internal.h"

bool lw_isel_bra(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_UNI) || !lw_nops(f, 1))
        return false;
    const ptx_operand *t = &f->ci->ops[0];
    if (t->kind != PTX_OPND_SYM || t->sym.kind != PTX_SYM_LABEL || t->sym.index >= f->fn->nbody)
        return lw_fail(f, f->ci->line, "'bra' needs a label of this function as its target");
    lw_insn *i = lw_emit(f, OP_BRA);
    if (i == NULL)
        return false;
    i->target = f->stmt_block[t->sym.index];
    i->reconv = f->ci->has_guard && !(f->cm.has & LWM_UNI);
    return true;
}

/* In a kernel, ret and exit both end the thread. */
bool lw_isel_exit(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_UNI) || !lw_nops(f, 0))
        return false;
    return lw_emit(f, OP_EXIT) != NULL;
}

/* bar.sync id / barrier.sync[.aligned] id, id an immediate 0..15. */
bool lw_isel_bar(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_SYNC | LWM_ALIGNED))
        return false;
    if (!(f->cm.has & LWM_SYNC))
        return lw_unsupported(f);
    if (f->ci->nops != 1)
        return lw_fail(f, f->ci->line, "'%s.sync' with a thread count is not supported yet",
                       f->ci->opcode);
    const ptx_operand *o = &f->ci->ops[0];
    if (o->kind != PTX_OPND_IMM_INT || o->ival < 0 || o->ival > 15)
        return lw_fail(f, f->ci->line, "'%s.sync' needs a barrier number 0..15 (a register "
                       "barrier number is not supported yet)", f->ci->opcode);
    lw_insn *i = lw_emit(f, OP_BAR);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_BAR_SYNC;
    i->in.imm = (uint32_t)o->ival;
    return true;
}
