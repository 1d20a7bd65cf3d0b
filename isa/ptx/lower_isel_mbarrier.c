/* isa/ptx/lower_isel_mbarrier.c — the PTX mbarrier family -> MBAR.
 *
 *   mbarrier.init{.space}.b64 [a], count                  MBAR.INIT      b = count
 *   mbarrier.inval{.space}.b64 [a]                        MBAR.INVAL
 *   mbarrier.arrive{.noComplete}{.sem}{.scope}{.space}.b64 state, [a]{, count}
 *                                                         MBAR.ARRIVE    d = state, b = count (1)
 *   mbarrier.arrive_drop... (same operands)               MBAR.DROP
 *   mbarrier.arrive.expect_tx... state, [a], tx           MBAR.ARRIVETX  b = 1, c = tx
 *   mbarrier.arrive_drop.expect_tx... state, [a], tx      MBAR.EXPECTTX b = tx; MBAR.DROP b = 1
 *   mbarrier.expect_tx / complete_tx... [a], tx           MBAR.EXPECTTX / COMPLETETX b = tx
 *   mbarrier.test_wait / try_wait{.sem}{.scope}{.space}.b64 p, [a], state{, hint}
 *                                                         MBAR.TEST      E = p, b = state
 *   ....parity... p, [a], parity{, hint}                  MBAR.TESTP     E = p, b = parity
 *   mbarrier.pending_count.b64 count, state               LOP.AND count, state.lo, 0xfffff
 * .space: .shared / .shared::cta (a 32-bit shared window offset), or none
 * (a generic address: MBAR.GENERIC checks it is in the shared window);
 * .shared::cluster is the own CTA's shared memory (Cobalt has no clusters,
 * every cluster is one CTA). Semantics and scopes are accepted and add
 * nothing: a CTA's warps run one at a time on one host thread. try_wait
 * returns the test result at once (the manual lets it return false when its
 * time limit runs out); the loops around it yield at their backward branch.
 * The state layout the executor and pending_count share is in
 * sim/exec/mbarrier.c and docs/tensor-cores.md.
 */
#include <string.h>
#include "isa/ptx/lower_internal.h"

static bool mb_fail(lw_fn *f, const char *what)
{
    char buf[160];
    return lw_fail(f, f->ci->line, "'%s': %s", lw_insn_name(f->ci, buf, sizeof buf), what);
}

/* The address of operand i: a shared window offset (32-bit register, or RZ
 * for an absolute one) or a generic pair, and the displacement for imm. */
static bool mb_addr(lw_fn *f, unsigned i, bool generic, lw_reg *base, uint32_t *imm)
{
    const ptx_operand *o = lw_op(f, i);
    if (o == NULL)
        return false;
    if (o->kind != PTX_OPND_ADDR)
        return mb_fail(f, "the mbarrier operand must be an address [...]");
    if (o->offset != (int32_t)o->offset)
        return mb_fail(f, "the mbarrier address offset does not fit in 32 bits");
    if (o->base_kind == PTX_OPND_SYM) {
        const ptx_var *v = NULL;
        if (o->sym.kind == PTX_SYM_LOCAL_VAR && o->sym.index < f->fn->nvars)
            v = &f->fn->vars[o->sym.index];
        else if (o->sym.kind == PTX_SYM_GLOBAL_VAR && o->sym.index < f->m->nvars)
            v = &f->m->vars[o->sym.index];
        if (v == NULL || v->space != PTX_SPACE_SHARED)
            return mb_fail(f, "an mbarrier must be a .shared variable");
    }
    /* the same address forms as a shared (or generic) atomic */
    int64_t off = 0;
    if (!lw_atomic_address(f, i, !generic, base, &off))
        return false;
    *imm = (uint32_t)off;
    return true;
}

bool lw_mbar_emit(lw_fn *f, unsigned op, bool nocomplete, unsigned addr_idx, bool generic,
                  lw_reg d, lw_reg e, lw_reg b, lw_reg c)
{
    lw_reg base;
    uint32_t imm = 0;
    if (!mb_addr(f, addr_idx, generic, &base, &imm))
        return false;
    lw_insn *i = lw_emit(f, OP_MBAR);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)op;
    i->in.mod[1] = nocomplete;
    i->in.mod[2] = generic;
    i->in.imm = imm;
    lw_set(i, LW_D, d);
    lw_set(i, LW_E, e);
    lw_set(i, LW_A, base);
    lw_set(i, LW_B, b);
    lw_set(i, LW_C, c);
    return true;
}

typedef struct mb_form {
    const char *kind;        /* mods[0] */
    bool expect_tx, nocomplete, parity, generic, typed;
} mb_form;

/* Modifiers after the operation: the qualifiers of its syntax line, each
 * at most once, and .b64. */
static bool mb_mods(lw_fn *f, mb_form *m)
{
    const ptx_insn *in = f->ci;
    unsigned sem = 0, scope = 0, space = 0;
    m->generic = true;
    for (unsigned i = 1; i < in->nmods; i++) {
        const char *s = in->mods[i];
        if (strcmp(s, "b64") == 0 && !m->typed) {
            m->typed = true;
        } else if (strcmp(s, "expect_tx") == 0 && !m->expect_tx) {
            m->expect_tx = true;
        } else if (strcmp(s, "noComplete") == 0 && !m->nocomplete) {
            m->nocomplete = true;
        } else if (strcmp(s, "parity") == 0 && !m->parity) {
            m->parity = true;
        } else if (strcmp(s, "release") == 0 || strcmp(s, "acquire") == 0 ||
                   strcmp(s, "relaxed") == 0) {
            sem++;
        } else if (strcmp(s, "cta") == 0 || strcmp(s, "cluster") == 0) {
            scope++;
        } else if (strcmp(s, "shared") == 0 || strcmp(s, "shared::cta") == 0 ||
                   strcmp(s, "shared::cluster") == 0) {
            space++;
            m->generic = false;
        } else {
            return lw_unsupported(f);
        }
    }
    if (sem > 1 || scope > 1 || space > 1 || !m->typed)
        return lw_unsupported(f);
    return true;
}

/* A u32 source operand i (register or immediate) in a register. */
static bool mb_u32(lw_fn *f, unsigned i, lw_reg *out)
{
    return lw_reg_of(f, i, PTX_T_U32, out);
}

static bool mb_arrive(lw_fn *f, const mb_form *m, bool drop)
{
    unsigned n = f->ci->nops;
    if (n != 2 && n != 3)
        return mb_fail(f, "expected state, [addr]{, count} or state, [addr], txCount");
    if (m->nocomplete && (n != 3 || m->expect_tx))
        return mb_fail(f, ".noComplete takes state, [addr], count");
    if (m->expect_tx && n != 3)
        return mb_fail(f, ".expect_tx takes state, [addr], txCount");
    lw_reg d, cnt, tx = lw_rz();
    if (!lw_dst(f, 0, 2, &d))
        return false;
    if (m->expect_tx) {
        if (!mb_u32(f, 2, &tx) || !lw_const(f, 1, 1, &cnt))
            return false;
    } else if (n == 3 ? !mb_u32(f, 2, &cnt) : !lw_const(f, 1, 1, &cnt)) {
        return false;
    }
    if (m->expect_tx && drop)   /* the bytes first: nothing can complete in between */
        return lw_mbar_emit(f, MOD_MB_EXPECTTX, false, 1, m->generic, lw_rz(), lw_pt(), tx,
                            lw_rz()) &&
               lw_mbar_emit(f, MOD_MB_DROP, false, 1, m->generic, d, lw_pt(), cnt, lw_rz());
    unsigned op = m->expect_tx ? MOD_MB_ARRIVETX : drop ? MOD_MB_DROP : MOD_MB_ARRIVE;
    return lw_mbar_emit(f, op, m->nocomplete, 1, m->generic, d, lw_pt(), cnt, tx);
}

static bool mb_wait(lw_fn *f, const mb_form *m)
{
    unsigned n = f->ci->nops;
    if (n != 3 && n != 4)
        return mb_fail(f, "expected waitComplete, [addr], state{, suspendTimeHint}");
    if (n == 4 && strcmp(f->ci->mods[0], "try_wait") != 0)
        return mb_fail(f, "only try_wait takes a suspendTimeHint");
    lw_reg p, b;
    if (!lw_pdst(f, 0, &p))
        return false;
    if (m->parity ? !mb_u32(f, 2, &b) : !lw_reg_of(f, 2, PTX_T_B64, &b))
        return false;
    return lw_mbar_emit(f, m->parity ? MOD_MB_TESTP : MOD_MB_TEST, false, 1, m->generic,
                        lw_rz(), p, b, lw_rz());
}

/* count = the pending arrivals recorded in the token (bits 0..19). */
static bool mb_pending(lw_fn *f)
{
    if (f->ci->nmods != 2 || strcmp(f->ci->mods[1], "b64") != 0)
        return lw_unsupported(f);
    if (!lw_nops(f, 2))
        return false;
    lw_reg d, s;
    if (!lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_B64, &s))
        return false;
    lw_insn *i = lw_emit(f, OP_LOP);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_AND;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, lw_word(s, 0));
    lw_setb(i, lw_imm(0xFFFFFu));
    return true;
}

bool lw_isel_mbarrier(lw_fn *f)
{
    const ptx_insn *in = f->ci;
    if (in->nmods < 1)
        return lw_unsupported(f);
    const char *k = in->mods[0];
    if (strcmp(k, "pending_count") == 0)
        return mb_pending(f);
    mb_form m;
    memset(&m, 0, sizeof m);
    if (!mb_mods(f, &m))
        return false;
    bool arrive = strcmp(k, "arrive") == 0, drop = strcmp(k, "arrive_drop") == 0;
    bool wait = strcmp(k, "test_wait") == 0 || strcmp(k, "try_wait") == 0;
    if ((m.expect_tx || m.nocomplete) && !arrive && !drop)
        return lw_unsupported(f);
    if (m.parity && !wait)
        return lw_unsupported(f);
    if (arrive || drop)
        return mb_arrive(f, &m, drop);
    if (wait)
        return mb_wait(f, &m);
    lw_reg b = lw_rz();
    if (strcmp(k, "init") == 0) {
        if (!lw_nops(f, 2) || !mb_u32(f, 1, &b))
            return false;
        return lw_mbar_emit(f, MOD_MB_INIT, false, 0, m.generic, lw_rz(), lw_pt(), b, lw_rz());
    }
    if (strcmp(k, "inval") == 0)
        return lw_nops(f, 1) &&
               lw_mbar_emit(f, MOD_MB_INVAL, false, 0, m.generic, lw_rz(), lw_pt(), b, lw_rz());
    if (strcmp(k, "expect_tx") == 0 || strcmp(k, "complete_tx") == 0) {
        if (!lw_nops(f, 2) || !mb_u32(f, 1, &b))
            return false;
        return lw_mbar_emit(f, k[0] == 'e' ? MOD_MB_EXPECTTX : MOD_MB_COMPLETETX, false, 0,
                            m.generic, lw_rz(), lw_pt(), b, lw_rz());
    }
    return lw_unsupported(f);
}
