/* isa/ptx/lower_isel_ctrl.c — bra, ret/exit and CTA barriers (bar, barrier:
 * sync, arrive, red; named barriers with a thread count; barrier.cluster
 * goes to lower_isel_sync.c).
 * A branch records its target block; lower_emit.c turns that into the
 * instruction index and adds the reconvergence point (imm2) of a guarded,
 * non-.uni branch: the start of its block's immediate post-dominator. */
#include <string.h>
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
    bool ret = f->is_func && strcmp(f->ci->opcode, "ret") == 0;   /* lower_func.c */
    return lw_emit(f, ret ? OP_RET : OP_EXIT) != NULL;
}

/* The modifiers of bar / barrier: the kind (sync, arrive, red), the
 * reduction (popc, and, or) and its type; .cta and .aligned change
 * nothing here. */
typedef struct bar_form { const char *kind, *red, *type; } bar_form;

static bool bar_form_of(lw_fn *f, bar_form *b)
{
    *b = (bar_form){ NULL, NULL, NULL };
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *m = f->ci->mods[i];
        if (strcmp(m, "cta") == 0 || strcmp(m, "aligned") == 0)
            continue;
        if (!b->kind && (!strcmp(m, "sync") || !strcmp(m, "arrive") || !strcmp(m, "red")))
            b->kind = m;
        else if (b->kind && !strcmp(b->kind, "red") && !b->red &&
                 (!strcmp(m, "popc") || !strcmp(m, "and") || !strcmp(m, "or")))
            b->red = m;
        else if (b->red && !b->type && (!strcmp(m, "u32") || !strcmp(m, "pred")))
            b->type = m;
        else
            return lw_fail(f, f->ci->line, "'%s': unexpected modifier '.%s' (expected .sync, "
                           ".arrive or .red.{popc.u32,and.pred,or.pred})", f->ci->opcode, m);
    }
    if (b->kind == NULL)
        return lw_fail(f, f->ci->line, "'%s' needs .sync, .arrive or .red", f->ci->opcode);
    if (!strcmp(b->kind, "red") &&
        (b->red == NULL || b->type == NULL || (!strcmp(b->red, "popc") != !strcmp(b->type, "u32"))))
        return lw_fail(f, f->ci->line, "'%s.red' needs .popc.u32, .and.pred or .or.pred",
                       f->ci->opcode);
    return true;
}

/* Operand i: the barrier number, an immediate 0..15. */
static bool bar_id(lw_fn *f, unsigned i, uint32_t *id)
{
    const ptx_operand *o = &f->ci->ops[i];
    if (o->kind != PTX_OPND_IMM_INT || o->ival < 0 || o->ival > 15)
        return lw_fail(f, f->ci->line, "'%s' needs a barrier number 0..15 or a register",
                       f->ci->opcode);
    *id = (uint32_t)o->ival;
    return true;
}

/* A constant thread count operand must be a multiple of 32 from 32 to 1024. */
static bool check_count(lw_fn *f, unsigned i, const char *kind)
{
    const ptx_operand *o = &f->ci->ops[i];
    if (o->kind == PTX_OPND_IMM_INT && (o->ival <= 0 || o->ival > 1024 || o->ival % 32 != 0))
        return lw_fail(f, f->ci->line, "'%s.%s': the thread count must be a multiple of 32 "
                       "from 32 to 1024, not %lld", f->ci->opcode, kind, (long long)o->ival);
    return true;
}

/* bar.red.popc.u32 d, id{, count}, {!}p / bar.red.and|or.pred p, id{, count}, {!}q:
 * BARRED for a constant id over every live thread, else BARREDN (id from
 * a register or RZ + imm, count from register b or RZ). */
static bool isel_bar_red(lw_fn *f, const bar_form *b)
{
    unsigned n = f->ci->nops;
    if (n != 3 && n != 4)
        return lw_fail(f, f->ci->line, "'%s.red' takes a destination, a barrier number, an "
                       "optional thread count and a predicate", f->ci->opcode);
    uint32_t id = 0;
    lw_reg d = lw_rz(), e = lw_pt(), z, cnt = lw_rz(), idreg = lw_rz();
    bool popc = !strcmp(b->red, "popc");
    bool reg_id = f->ci->ops[1].kind == PTX_OPND_REG;
    if ((reg_id ? !lw_reg_of(f, 1, PTX_T_B32, &idreg) : !bar_id(f, 1, &id)) ||
        (n == 4 && (!check_count(f, 2, "red") || !lw_reg_of(f, 2, PTX_T_B32, &cnt))) ||
        !lw_psrc(f, n - 1, &z) || !(popc ? lw_dst(f, 0, 1, &d) : lw_pdst(f, 0, &e)))
        return false;
    lw_insn *i = lw_emit(f, n == 4 || reg_id ? OP_BARREDN : OP_BARRED);
    if (i == NULL)
        return false;
    i->in.mod[0] = popc ? MOD_BRED_POPC : !strcmp(b->red, "and") ? MOD_BRED_AND : MOD_BRED_OR;
    i->in.imm = id;
    lw_set(i, LW_D, d);
    lw_set(i, LW_E, e);
    lw_set(i, LW_C, z);
    if (i->in.op == OP_BARREDN) {
        lw_set(i, LW_A, idreg);
        lw_set(i, LW_B, cnt);
    }
    return true;
}

/* bar.sync id[, count] / bar.arrive id, count, and the barrier[.cta]
 * spellings. With a constant id and no count every live thread takes part
 * (BAR); otherwise BARN takes the id from a register (or RZ + imm) and the
 * count from register b (RZ: every live thread), rounded up to warps at run time. */
bool lw_isel_bar(lw_fn *f)
{
    bar_form b;
    if (f->ci->nmods > 0 && strcmp(f->ci->mods[0], "cluster") == 0)
        return lw_isel_bar_cluster(f);   /* lower_isel_sync.c */
    if (!bar_form_of(f, &b))
        return false;
    if (!strcmp(b.kind, "red"))
        return isel_bar_red(f, &b);
    bool arrive = !strcmp(b.kind, "arrive");
    unsigned n = f->ci->nops;
    if (n != 1 && n != 2)
        return lw_fail(f, f->ci->line, "'%s.%s' takes a barrier number and %s thread count",
                       f->ci->opcode, b.kind, arrive ? "a" : "an optional");
    if (arrive && n != 2)
        return lw_fail(f, f->ci->line, "'%s.arrive' needs a thread count", f->ci->opcode);
    uint32_t id = 0;
    lw_reg cnt = lw_rz(), idreg = lw_rz();
    bool reg_id = f->ci->ops[0].kind == PTX_OPND_REG;
    if ((reg_id ? !lw_reg_of(f, 0, PTX_T_B32, &idreg) : !bar_id(f, 0, &id)) ||
        (n == 2 && !lw_reg_of(f, 1, PTX_T_B32, &cnt)))
        return false;
    if (n == 2 && !check_count(f, 1, b.kind))
        return false;
    lw_insn *i = lw_emit(f, n == 2 || reg_id ? OP_BARN : OP_BAR);
    if (i == NULL)
        return false;
    i->in.mod[0] = arrive ? MOD_BAR_ARRIVE : MOD_BAR_SYNC;
    i->in.imm = id;
    if (i->in.op == OP_BARN) {
        lw_set(i, LW_A, idreg);
        lw_set(i, LW_B, cnt);
    }
    return true;
}
