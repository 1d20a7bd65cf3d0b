/* isa/ptx/lower_regalloc_pspill.c — predicate spilling: more predicates
 * live at once than P0..P6 hold.
 *
 * The linear scan of the predicate class (lower_regalloc.c) asks
 * lw_pspill_choose for a victim when no predicate register is free: of the
 * live intervals and the new one, the one that ends furthest away (the
 * classic linear-scan heuristic: it frees a register for the longest
 * stretch). lw_pspill_rewrite then keeps each victim in a general register
 * instead, as a 0/1 word (one 32-bit register per predicate, the same form
 * the .func frame uses for saved predicates):
 *   - a definition writes a fresh scratch predicate and is followed by
 *     `P2R w, scratch` under the same guard (lanes the guard excludes keep
 *     the old word, as they would keep the old predicate);
 *   - each instruction that reads it (as a source or as its guard) is
 *     preceded by an unguarded `ISETP.NE.U32 scratch, w, RZ` and reads the
 *     scratch instead; a guard reload also guards the following P2R.
 * Scratch predicates live for one or two instructions and are never chosen
 * as victims themselves (vregs numbered from `base`, the count before
 * spilling), so allocation is simply re-run until it succeeds; it fails
 * with a precise message when one instruction alone needs more than seven. */
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

bool lw_pspill_choose(lw_fn *f, const uint32_t *start, const uint32_t *end, uint32_t *busy_until,
                      uint32_t v, uint32_t now, uint8_t *spill, uint32_t base, uint32_t *reg)
{
    /* the current interval itself, unless it is a scratch */
    uint32_t victim = v < base ? v : 0, far = v < base ? end[v] : 0;
    for (uint32_t u = 1; u < base; u++) {
        uint32_t r = f->phys[u];
        if (u == v || f->vregs[u].cls != LW_CLS_P || spill[u] || r >= ISA_PT ||
            start[u] == UINT32_MAX || start[u] > now || end[u] < now)
            continue;
        if (victim == 0 || end[u] > far) {
            victim = u;
            far = end[u];
        }
    }
    if (victim == 0)
        return lw_fail_limit(f, f->fn->line, "kernel '%s' needs more than %u predicate registers "
                             "in one instruction (after spilling the others)", f->fn->name, ISA_PT);
    spill[victim] = 1;
    if (victim == v) {
        *reg = UINT32_MAX;
        return true;
    }
    /* v takes the victim's register for the rest of this scan */
    *reg = f->phys[victim];
    busy_until[*reg] = UINT32_MAX;
    return true;
}

/* What one instruction needs: a reload per spilled predicate it reads (the
 * guard first), and the word its spilled predicate result goes to. */
typedef struct ps_need {
    uint32_t from[LW_NFIELDS + 1];   /* spilled vreg reloaded */
    uint32_t to[LW_NFIELDS + 1];     /* its scratch */
    unsigned n;
    uint32_t defv;                   /* spilled E result, 0 if none */
} ps_need;

/* spill[] also marks general registers (lower_regalloc_spill.c) */
static bool is_spilled(const lw_fn *f, const uint8_t *spill, uint32_t nspill, uint32_t v)
{
    return v != 0 && v < nspill && spill[v] && f->vregs[v].cls == LW_CLS_P;
}

static void scan_need(const lw_fn *f, const lw_insn *i, const uint8_t *spill, uint32_t nspill,
                      ps_need *nd)
{
    unsigned defs, uses, preds;
    lw_op_fields(i->in.op, &defs, &uses, &preds);
    memset(nd, 0, sizeof *nd);
    uint32_t cand[LW_NFIELDS + 1];
    unsigned nc = 0;
    cand[nc++] = i->gv;
    for (unsigned fl = 0; fl < LW_NFIELDS; fl++)
        if ((preds & uses) >> fl & 1)
            cand[nc++] = i->v[fl];
    for (unsigned k = 0; k < nc; k++) {
        bool dup = false;
        for (unsigned j = 0; j < nd->n; j++)
            dup |= nd->from[j] == cand[k];
        if (is_spilled(f, spill, nspill, cand[k]) && !dup)
            nd->from[nd->n++] = cand[k];
    }
    if ((preds & defs) >> LW_E & 1 && is_spilled(f, spill, nspill, i->v[LW_E]))
        nd->defv = i->v[LW_E];
}

static uint32_t scratch_of(const ps_need *nd, uint32_t v)
{
    for (unsigned j = 0; j < nd->n; j++)
        if (nd->from[j] == v)
            return nd->to[j];
    return v;
}

static lw_insn reload(const lw_insn *at, uint32_t scratch, uint32_t word)
{
    lw_insn r;
    memset(&r, 0, sizeof r);
    r.in = isa_insn_make(OP_ISETP);
    r.in.mod[0] = MOD_CMP_NE;
    r.in.mod[1] = MOD_U32;
    r.in.mod[2] = MOD_AND;
    r.in.e = 0;
    r.v[LW_E] = scratch;
    r.in.a = 0;
    r.v[LW_A] = word;
    r.in.b = ISA_RZ;
    r.in.c = ISA_PT;
    r.line = at->line;
    r.target = LW_NONE;
    return r;
}

static lw_insn store(const lw_insn *at, uint32_t word, uint32_t scratch)
{
    lw_insn s;
    memset(&s, 0, sizeof s);
    s.in = isa_insn_make(OP_P2R);
    s.in.d = 0;
    s.v[LW_D] = word;
    s.in.c = 0;
    s.v[LW_C] = scratch;
    s.gv = at->gv;              /* same lanes as the definition */
    s.in.guard = at->in.guard;
    s.line = at->line;
    s.target = LW_NONE;
    return s;
}

/* Rewrites one block; word[v] is the general register of spilled vreg v. */
static bool rewrite_block(lw_fn *f, lw_block *blk, const uint8_t *spill, uint32_t nspill,
                          const uint32_t *word)
{
    uint32_t extra = 0;
    for (uint32_t k = 0; k < blk->ninsns; k++) {
        ps_need nd;
        scan_need(f, &blk->insns[k], spill, nspill, &nd);
        extra += nd.n + (nd.defv != 0);
    }
    if (extra == 0)
        return true;
    uint32_t cap = blk->ninsns + extra;
    lw_insn *out = malloc((size_t)cap * sizeof *out);
    if (out == NULL)
        return lw_fail(f, f->fn->line, "out of memory spilling predicates of '%s'", f->fn->name);
    uint32_t n = 0;
    for (uint32_t k = 0; k < blk->ninsns; k++) {
        lw_insn i = blk->insns[k];
        ps_need nd;
        scan_need(f, &i, spill, nspill, &nd);
        for (unsigned j = 0; j < nd.n; j++) {
            uint32_t t = lw_new_vreg(f, LW_CLS_P, 1);
            if (t == 0)
                goto fail;
            f->vregs[t].temp = 1;
            nd.to[j] = t;
            out[n++] = reload(&i, t, word[nd.from[j]]);
        }
        unsigned defs, uses, preds;
        lw_op_fields(i.in.op, &defs, &uses, &preds);
        i.gv = scratch_of(&nd, i.gv);
        for (unsigned fl = 0; fl < LW_NFIELDS; fl++)
            if ((preds & uses) >> fl & 1)
                i.v[fl] = scratch_of(&nd, i.v[fl]);
        uint32_t t = 0;
        if (nd.defv != 0) {
            /* guarded: kills only because its one reader has the same guard */
            if ((t = lw_new_vreg(f, LW_CLS_P, 1)) == 0)
                goto fail;
            f->vregs[t].temp = 1;
            i.v[LW_E] = t;
        }
        out[n++] = i;
        if (t != 0)
            out[n++] = store(&i, word[nd.defv], t);
    }
    free(blk->insns);
    blk->insns = out;
    blk->ninsns = blk->cap = n;
    return true;
fail:
    free(out);
    return false;
}

bool lw_pspill_rewrite(lw_fn *f, const uint8_t *spill, uint32_t nspill)
{
    bool ok = false;
    uint32_t *word = calloc(nspill, sizeof *word);
    if (word == NULL)
        return lw_fail(f, f->fn->line, "out of memory spilling predicates of '%s'", f->fn->name);
    for (uint32_t v = 1; v < nspill; v++) {
        if (!is_spilled(f, spill, nspill, v))
            continue;
        uint8_t temp = f->vregs[v].temp;
        if ((word[v] = lw_new_vreg(f, LW_CLS_R, 1)) == 0)
            goto out;
        /* a PTX predicate's word survives guarded definitions like it did */
        f->vregs[word[v]].temp = temp;
    }
    for (uint32_t b = 0; b < f->nblocks; b++)
        if (!rewrite_block(f, &f->blocks[b], spill, nspill, word))
            goto out;
    ok = true;
out:
    free(word);
    return ok;
}
