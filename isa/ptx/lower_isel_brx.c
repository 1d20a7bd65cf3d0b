/* isa/ptx/lower_isel_brx.c — brx.idx{.uni} index, tlist (a .branchtargets
 * list, which the parser turns into a LIST of labels).
 *
 * Lowered as
 *     BRXCHK index, n                      range check (precise fault)
 *     ISETP.EQ.U32.AND Pk, index, k, guard ; @Pk BRA Lk, ipdom   k < n - 1
 *     @guard BRA Ln-1, ipdom
 * so every target is an ordinary BRA: lanes with equal indices go together,
 * each divergent path meets the others again at the immediate
 * post-dominator of the brx block (the reconvergence point of the whole
 * jump table), and the reconvergence engine needs nothing new. The cost is
 * one compare per table entry up to the lane's own, not one indirect jump.
 * The compares are unguarded and take the PTX guard as their Z operand, so
 * a lane whose guard is false never sees a stale predicate. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

bool lw_isel_brx(lw_fn *f)
{
    const ptx_insn *ci = f->ci;
    if (ci->nmods < 1 || strcmp(ci->mods[0], "idx") != 0 ||
        (ci->nmods == 2 && strcmp(ci->mods[1], "uni") != 0) || ci->nmods > 2)
        return lw_fail(f, ci->line, "'brx' takes the form brx.idx{.uni} index, tlist");
    if (!lw_nops(f, 2))
        return false;
    const ptx_operand *t = &ci->ops[1];
    if (t->kind != PTX_OPND_LIST || t->nelems == 0)
        return lw_fail(f, ci->line, "'brx.idx' needs a .branchtargets list as its second operand");
    bool uni = ci->nmods == 2;
    lw_reg idx;
    if (!lw_reg_of(f, 0, PTX_T_U32, &idx))
        return false;
    lw_reg guard = lw_pt();
    if (ci->has_guard)
        guard = (lw_reg){ .v = ci->guard_reg + 1, .neg = ci->guard_neg };

    lw_insn *chk = lw_emit(f, OP_BRXCHK);
    if (chk == NULL)
        return false;
    lw_set(chk, LW_A, idx);
    chk->in.imm = t->nelems;

    for (unsigned k = 0; k < t->nelems; k++) {
        const ptx_operand *e = &t->elems[k];
        if (e->kind != PTX_OPND_SYM || e->sym.kind != PTX_SYM_LABEL || e->sym.index >= f->fn->nbody)
            return lw_fail(f, ci->line, "'brx.idx': the .branchtargets list must name labels "
                           "of this function");
        bool last = k + 1 == t->nelems;
        lw_reg p = guard;
        if (!last) {
            p = lw_ptmp(f);
            if (p.v == 0)
                return false;
            lw_insn *c = lw_emit(f, OP_ISETP);
            if (c == NULL)
                return false;
            c->gv = 0;
            c->in.guard = ISA_GUARD_ALWAYS;
            c->in.mod[0] = MOD_CMP_EQ;
            c->in.mod[1] = MOD_U32;
            c->in.mod[2] = MOD_AND;
            lw_set(c, LW_E, p);
            lw_set(c, LW_A, idx);
            lw_setb(c, lw_imm(k));
            lw_set(c, LW_C, guard);
        }
        lw_insn *b = lw_emit(f, OP_BRA);
        if (b == NULL)
            return false;
        b->gv = p.v;
        b->in.guard = p.v == 0 ? ISA_GUARD_ALWAYS : (p.neg ? ISA_PRED_NEG : 0);
        b->target = f->stmt_block[e->sym.index];
        b->reconv = !uni;
    }
    return true;
}
