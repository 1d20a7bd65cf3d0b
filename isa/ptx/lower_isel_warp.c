/* isa/ptx/lower_isel_warp.c — warp-level primitives.
 *
 *   shfl.sync.{idx,up,down,bfly}.b32 d{|p}, a, b, c, mask  -> WARPSYNC mask; SHFL
 *   vote.sync.{all,any,uni}.pred d, {!}p, mask              -> WARPSYNC mask; VOTE (E), mask
 *   vote.sync.ballot.b32 d, {!}p, mask                      -> WARPSYNC mask; VOTE.BALLOT (d), mask
 *   activemask.b32 d                                        -> VOTE.BALLOT d, PT, PT, 0xffffffff
 *   redux.sync.{add,min,max,and,or,xor}.{u32,s32,b32} d, a, mask -> WARPSYNC mask; REDUX d, a, mask
 *   match.{any,all}.sync.{b32,b64} d{|p}, a, mask           -> WARPSYNC mask; MATCH d, a, mask
 *   bar.warp.sync mask                                      -> WARPSYNC mask
 *   elect.sync d|p, mask (d may be "_", sm_90)              -> WARPSYNC mask; ELECT d, p, mask
 *   fns.b32 d, mask, base, offset (lane-local; cooperative groups' coalesced
 *   shfl_up/down use it)                                    -> FNS d, mask, base, offset
 *
 * Membermask (sm_70+ semantics, docs/architecture.md "Reconvergence"): the
 * WARPSYNC makes the executing lanes wait until every non-exited lane of
 * the mask reaches the same point, and releases them as one group at the
 * op; VOTE/REDUX/MATCH then combine, for each lane, only the lanes of its
 * own mask (tiles of one converged warp may pass different masks). SHFL has
 * no operand field left for the mask: a source lane outside it is
 * undefined in PTX and reads that lane's register as it stands. The
 * WARPSYNC is emitted for an immediate full mask too: lanes may reach one
 * shfl.sync on different paths (a function called from both sides of an
 * if) and must still meet there; on a converged warp it costs one check.
 * The pre-Volta forms without .sync (shfl, vote) run over the active lanes
 * with no wait (mask 0xffffffff, no WARPSYNC). */
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* Value index of the first modifier found in names (-1: none); every other
 * modifier must be in `allowed` (a NULL-terminated list). */
static int mode_of(lw_fn *f, const char *const *names, unsigned n, const char *const *allowed,
                   ptx_type *type)
{
    int mode = -1;
    *type = PTX_T_NONE;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *s = f->ci->mods[i];
        bool known = false;
        for (unsigned k = 0; k < n && !known; k++)
            if (strcmp(s, names[k]) == 0 && mode < 0) {
                mode = (int)k;
                known = true;
            }
        for (const char *const *a = allowed; *a != NULL && !known; a++)
            known = strcmp(s, *a) == 0;
        if (!known && *type == PTX_T_NONE && (*type = ptx_type_from_name(s)) != PTX_T_NONE)
            known = true;
        if (!known) {
            lw_unsupported(f);
            return -2;
        }
    }
    return mode;
}

static const char *const sync_only[] = { "sync", NULL };

/* Second (predicate) destination "d|p" of operand 0: PT when absent. */
static bool reg2_pred(lw_fn *f, lw_reg *p)
{
    const ptx_operand *o = &f->ci->ops[0];
    *p = lw_pt();
    if (!o->has_reg2)
        return true;
    unsigned words;
    if (o->reg2 >= f->fn->nregs || f->fn->regs[o->reg2].type != PTX_T_PRED)
        return lw_fail(f, f->ci->line, "the second destination of '%s' must be a predicate "
                       "register", f->ci->opcode);
    *p = lw_ptx_reg(f, o->reg2, &words);
    return true;
}

/* Operand count with or without the trailing membermask. */
static bool nops_sync(lw_fn *f, unsigned n, bool sync)
{
    return lw_nops(f, sync ? n + 1 : n);
}

static bool has_mod(const lw_fn *f, const char *m)
{
    for (unsigned i = 0; i < f->ci->nmods; i++)
        if (strcmp(f->ci->mods[i], m) == 0)
            return true;
    return false;
}

static bool emit_warpsync(lw_fn *f, lw_src m)
{
    lw_insn *i = lw_emit(f, OP_WARPSYNC);
    if (i == NULL)
        return false;
    lw_setb(i, m);
    return true;
}

/* The membermask of a .sync op (operand i): read, then waited for by a
 * WARPSYNC; without .sync the op runs over the active lanes (full mask). */
static bool member_mask(lw_fn *f, unsigned i, bool sync, lw_src *m)
{
    if (!sync) {
        *m = lw_imm(0xffffffffu);
        return true;
    }
    return lw_src_of(f, i, PTX_T_B32, true, m) && emit_warpsync(f, *m);
}

bool lw_isel_shfl(lw_fn *f)
{
    static const char *const modes[] = { "idx", "up", "down", "bfly" };
    ptx_type t;
    int mode = mode_of(f, modes, 4, sync_only, &t);
    if (mode == -2)
        return false;
    if (mode < 0 || t != PTX_T_B32)
        return lw_unsupported(f);
    lw_reg d, p, a, c;
    lw_src b, m;
    bool sync = has_mod(f, "sync");
    if (!nops_sync(f, 4, sync) || !lw_dst(f, 0, 1, &d) || !reg2_pred(f, &p) ||
        !lw_reg_of(f, 1, PTX_T_B32, &a) || !lw_src_of(f, 2, PTX_T_B32, true, &b) ||
        !lw_reg_of(f, 3, PTX_T_B32, &c) || !member_mask(f, 4, sync, &m))
        return false;
    lw_insn *i = lw_emit(f, OP_SHFL);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)mode;
    lw_set(i, LW_D, d);
    lw_set(i, LW_E, p);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    lw_set(i, LW_C, c);
    return true;
}

bool lw_isel_vote(lw_fn *f)
{
    static const char *const modes[] = { "all", "any", "uni", "ballot" };
    ptx_type t;
    int mode = mode_of(f, modes, 4, sync_only, &t);
    if (mode == -2)
        return false;
    bool ballot = mode == MOD_VOTE_BALLOT;
    if (mode < 0 || t != (ballot ? PTX_T_B32 : PTX_T_PRED))
        return lw_unsupported(f);
    lw_reg d = lw_rz(), e = lw_pt(), z;
    lw_src m;
    bool sync = has_mod(f, "sync");
    if (!nops_sync(f, 2, sync) || !lw_psrc(f, 1, &z) ||
        !(ballot ? lw_dst(f, 0, 1, &d) : lw_pdst(f, 0, &e)) || !member_mask(f, 2, sync, &m))
        return false;
    lw_insn *i = lw_emit(f, OP_VOTE);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)mode;
    lw_set(i, LW_D, d);
    lw_set(i, LW_E, e);
    lw_set(i, LW_C, z);
    lw_setb(i, m);
    return true;
}

bool lw_isel_activemask(lw_fn *f)
{
    ptx_type t;
    lw_reg d;
    if (mode_of(f, NULL, 0, sync_only, &t) == -2)
        return false;
    if (t != PTX_T_B32)
        return lw_unsupported(f);
    if (!lw_nops(f, 1) || !lw_dst(f, 0, 1, &d))
        return false;
    lw_insn *i = lw_emit(f, OP_VOTE);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_VOTE_BALLOT;
    lw_set(i, LW_D, d);
    lw_set(i, LW_E, lw_pt());
    lw_set(i, LW_C, lw_pt());
    lw_setb(i, lw_imm(0xffffffffu));
    return true;
}

bool lw_isel_redux(lw_fn *f)
{
    static const char *const ops[] = { "add", "min", "max", "and", "or", "xor" };
    ptx_type t;
    int op = mode_of(f, ops, 6, sync_only, &t);
    if (op == -2)
        return false;
    bool logic = op >= MOD_RED_AND;
    bool ok = logic ? t == PTX_T_B32 : (t == PTX_T_U32 || t == PTX_T_S32);
    if (op < 0 || !ok || !has_mod(f, "sync"))
        return lw_unsupported(f);
    lw_reg d, a;
    lw_src m;
    if (!lw_nops(f, 3) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, t, &a) ||
        !member_mask(f, 2, true, &m))
        return false;
    lw_insn *i = lw_emit(f, OP_REDUX);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)op;
    i->in.mod[1] = t == PTX_T_S32 ? MOD_S32 : MOD_U32;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, m);
    return true;
}

bool lw_isel_match(lw_fn *f)
{
    static const char *const modes[] = { "any", "all" };
    ptx_type t;
    int mode = mode_of(f, modes, 2, sync_only, &t);
    if (mode == -2)
        return false;
    if (mode < 0 || (t != PTX_T_B32 && t != PTX_T_B64) || !has_mod(f, "sync"))
        return lw_unsupported(f);
    lw_reg d, p, a;
    lw_src m;
    if (mode == MOD_MATCH_ANY && f->ci->ops[0].has_reg2)
        return lw_unsupported(f);
    if (!lw_nops(f, 3) || !lw_dst(f, 0, 1, &d) || !reg2_pred(f, &p) || !lw_reg_of(f, 1, t, &a) ||
        !member_mask(f, 2, true, &m))
        return false;
    lw_insn *i = lw_emit(f, OP_MATCH);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)mode;
    i->in.mod[1] = t == PTX_T_B64 ? MOD_W64 : MOD_W32;
    lw_set(i, LW_D, d);
    lw_set(i, LW_E, p);
    lw_set(i, LW_A, a);
    lw_setb(i, m);
    return true;
}

/* "bar": bar.warp.sync here, the CTA barriers in lower_isel_ctrl.c. */
bool lw_isel_bar_any(lw_fn *f)
{
    if (!has_mod(f, "warp"))
        return lw_isel_bar(f);
    if (f->ci->nmods != 2 || !has_mod(f, "sync"))
        return lw_unsupported(f);
    lw_src m;
    return lw_nops(f, 1) && lw_src_of(f, 0, PTX_T_B32, true, &m) && emit_warpsync(f, m);
}

/* elect.sync d|p, membermask (sm_90) -> WARPSYNC mask; ELECT d, p, mask.
 * d may be the sink "_" (then a scratch register). */
bool lw_isel_elect(lw_fn *f)
{
    ptx_type t;
    if (mode_of(f, NULL, 0, sync_only, &t) == -2)
        return false;
    if (t != PTX_T_NONE || !has_mod(f, "sync") || !f->ci->ops[0].has_reg2)
        return lw_unsupported(f);
    lw_reg d, p;
    lw_src m;
    if (!lw_nops(f, 2) || !lw_dst(f, 0, 1, &d) || !reg2_pred(f, &p) ||
        !member_mask(f, 1, true, &m))
        return false;
    lw_insn *i = lw_emit(f, OP_ELECT);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, d);
    lw_set(i, LW_E, p);
    lw_setb(i, m);
    return true;
}

/* fns.b32 d, mask, base, offset -> FNS d, mask, base, offset (base may be
 * an immediate; mask and offset go through registers). */
bool lw_isel_fns(lw_fn *f)
{
    ptx_type t;
    if (mode_of(f, NULL, 0, (const char *const[]){ NULL }, &t) == -2)
        return false;
    if (t != PTX_T_B32)
        return lw_unsupported(f);
    lw_reg d, a, c;
    lw_src b;
    if (!lw_nops(f, 4) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_B32, &a) ||
        !lw_src_of(f, 2, PTX_T_B32, true, &b) || !lw_reg_of(f, 3, PTX_T_S32, &c))
        return false;
    lw_insn *i = lw_emit(f, OP_FNS);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    lw_set(i, LW_C, c);
    return true;
}
