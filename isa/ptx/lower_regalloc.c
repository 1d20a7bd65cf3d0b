/* isa/ptx/lower_regalloc.c — liveness over the CFG, one live interval per
 * virtual register, and linear-scan allocation into R0..R254 (pairs aligned
 * to 2, quads to 4) and P0..P6, lowest free register first so that register
 * counts stay realistic.
 *
 * Positions: instruction k reads its operands at 2k and writes its results
 * at 2k+1, so a register whose last use is instruction k may be reused for
 * a result of the same instruction (operands are read before results are
 * written). A register that is live into or out of a block covers the whole
 * block. A guarded definition of a PTX register does not kill it (the old
 * value survives in lanes where the guard is false); temporaries are only
 * ever read under the same guard, so their guarded definitions do kill.
 * Liveness is per vreg; a write of some words of a vector group kills the
 * group only once the block has written all of its words.
 * A single-word result that is never read goes to RZ. General registers
 * that do not fit below the limit (R0..R254, or the kernel's .maxnreg) are
 * spilled to local memory (lower_regalloc_spill.c), predicates that do not
 * fit in P0..P6 into general registers (lower_regalloc_pspill.c), and the
 * allocation re-run until everything fits (lw_regalloc at the end). Fragment
 * copies around multi-word temporaries are removed first
 * (lower_regalloc_coalesce.c). */
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

void lw_op_fields(unsigned op, unsigned *defs, unsigned *uses, unsigned *preds)
{
    *defs = *uses = *preds = 0;
    const isa_op_info *info = isa_op_info_of(op);
    if (info == NULL)
        return;
    for (const char *p = info->syntax; *p; p++) {
        switch (*p) {
        case 'd': *defs |= 1u << LW_D; break;
        case 'E': *defs |= 1u << LW_E; *preds |= 1u << LW_E; break;
        case 'a': case 'm': case 'k': *uses |= 1u << LW_A; break;
        case 'b': case 'B': *uses |= 1u << LW_B; break;
        case 'c': *uses |= 1u << LW_C; break;
        case 'X': *uses |= 1u << LW_A; *preds |= 1u << LW_A; break;
        case 'Y': *uses |= 1u << LW_B; *preds |= 1u << LW_B; break;
        case 'Z': *uses |= 1u << LW_C; *preds |= 1u << LW_C; break;
        default: break;
        }
    }
}

typedef struct ra_state {
    uint32_t  nv, nw;             /* vregs, 64-bit words per bitset */
    uint64_t *use, *kill, *in, *out;   /* nblocks bitsets each */
    uint32_t *start, *end;        /* interval per vreg */
    uint32_t *refs;               /* operands naming the vreg (spill cost) */
    uint32_t *hint_v;             /* preferred: the register of hint_v + hint_sub */
    uint8_t  *hint_sub;
    bool     *read;               /* vreg is read somewhere */
    uint8_t  *pmask;              /* per vreg: words of a group written so far */
} ra_state;

#define BIT_SET(s, v) ((s)[(v) >> 6] |= 1ull << ((v) & 63))
#define BIT_HAS(s, v) (((s)[(v) >> 6] >> ((v) & 63)) & 1)

static void touch(ra_state *s, uint32_t v, uint32_t pos)
{
    if (pos < s->start[v])
        s->start[v] = pos;
    if (s->end[v] == UINT32_MAX || pos > s->end[v])
        s->end[v] = pos;
}

/* Whether a definition of field `fl` kills its vreg: not when guarded (the
 * old value survives in other lanes; temporaries excepted), and a write of
 * part of a vector group only once every word of the group has been
 * written in the block (pmask collects the words). */
static bool def_kills(const lw_fn *f, const lw_insn *i, unsigned fl, uint8_t *pmask)
{
    uint32_t v = i->v[fl];
    if (i->gv != 0 && !f->vregs[v].temp)
        return false;
    if (fl != LW_D || i->dpart == 0)
        return true;
    pmask[v] |= (uint8_t)(((1u << i->dpart) - 1) << i->sub[fl]);
    return pmask[v] == (1u << f->vregs[v].words) - 1;
}

/* Upward-exposed uses and kills of every block. */
static void local_sets(lw_fn *f, ra_state *s)
{
    for (uint32_t b = 0; b < f->nblocks; b++) {
        uint64_t *use = s->use + (size_t)b * s->nw, *kill = s->kill + (size_t)b * s->nw;
        const lw_block *blk = &f->blocks[b];
        memset(s->pmask, 0, s->nv);
        for (uint32_t k = 0; k < blk->ninsns; k++) {
            const lw_insn *i = &blk->insns[k];
            unsigned defs, uses, preds;
            lw_op_fields(i->in.op, &defs, &uses, &preds);
            if (i->gv != 0 && !BIT_HAS(kill, i->gv))
                BIT_SET(use, i->gv);
            for (unsigned fl = 0; fl < LW_NFIELDS; fl++)
                if (((uses >> fl) & 1) && i->v[fl] != 0 && !BIT_HAS(kill, i->v[fl]))
                    BIT_SET(use, i->v[fl]);
            for (unsigned fl = 0; fl < LW_NFIELDS; fl++)
                if (((defs >> fl) & 1) && i->v[fl] != 0 && def_kills(f, i, fl, s->pmask))
                    BIT_SET(kill, i->v[fl]);
        }
    }
}

static void solve_liveness(lw_fn *f, ra_state *s)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t b = f->nblocks; b-- > 0;) {
            uint64_t *in = s->in + (size_t)b * s->nw, *out = s->out + (size_t)b * s->nw;
            const uint64_t *use = s->use + (size_t)b * s->nw, *kill = s->kill + (size_t)b * s->nw;
            const lw_block *blk = &f->blocks[b];
            for (unsigned k = 0; k < blk->nsucc; k++) {
                if (blk->succ[k] == LW_EXIT)
                    continue;
                const uint64_t *sin = s->in + (size_t)blk->succ[k] * s->nw;
                for (uint32_t w = 0; w < s->nw; w++)
                    out[w] |= sin[w];
            }
            for (uint32_t w = 0; w < s->nw; w++) {
                uint64_t n = use[w] | (out[w] & ~kill[w]);
                if (n != in[w]) {
                    in[w] = n;
                    changed = true;
                }
            }
        }
    }
}

static void build_intervals(lw_fn *f, ra_state *s)
{
    uint32_t pos = 0;
    for (uint32_t b = 0; b < f->nblocks; b++) {
        const lw_block *blk = &f->blocks[b];
        if (blk->ninsns == 0)
            continue;
        uint32_t first = 2 * pos, last = 2 * (pos + blk->ninsns) - 1;
        const uint64_t *in = s->in + (size_t)b * s->nw, *out = s->out + (size_t)b * s->nw;
        for (uint32_t w = 0; w < s->nw; w++) {
            for (uint64_t bits = in[w]; bits != 0; bits &= bits - 1)
                touch(s, w * 64 + (uint32_t)__builtin_ctzll(bits), first);
            for (uint64_t bits = out[w]; bits != 0; bits &= bits - 1)
                touch(s, w * 64 + (uint32_t)__builtin_ctzll(bits), last);
        }
        for (uint32_t k = 0; k < blk->ninsns; k++, pos++) {
            const lw_insn *i = &blk->insns[k];
            unsigned defs, uses, preds;
            lw_op_fields(i->in.op, &defs, &uses, &preds);
            if (i->gv != 0) {
                touch(s, i->gv, 2 * pos);
                s->read[i->gv] = true;
                s->refs[i->gv]++;
            }
            for (unsigned fl = 0; fl < LW_NFIELDS; fl++) {
                uint32_t v = i->v[fl];
                if (v == 0)
                    continue;
                s->refs[v]++;
                if ((uses >> fl) & 1) {
                    touch(s, v, 2 * pos);
                    s->read[v] = true;
                }
                if ((defs >> fl) & 1)
                    touch(s, v, 2 * pos + 1);
            }
            /* A plain copy prefers its source's register (coalescing). */
            if (i->in.op == OP_MOV && i->gv == 0 && !i->in.bimm && i->v[LW_D] != 0 &&
                i->v[LW_B] != 0 && i->sub[LW_D] == 0) {
                s->hint_v[i->v[LW_D]] = i->v[LW_B];
                s->hint_sub[i->v[LW_D]] = i->sub[LW_B];
            }
        }
    }
}

typedef struct ra_item { uint32_t start, v; } ra_item;

static int item_cmp(const void *a, const void *b)
{
    const ra_item *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->v < y->v ? -1 : x->v > y->v;
}

static bool block_free(const uint32_t *busy_until, const ra_state *s, uint32_t r,
                       unsigned words, uint32_t limit, uint32_t now)
{
    (void)s;
    if (r + words > limit || r % words != 0)
        return false;
    for (unsigned w = 0; w < words; w++)
        if (busy_until[r + w] != UINT32_MAX && busy_until[r + w] >= now)
            return false;
    return true;
}

/* Linear scan of one register class; busy_until[r] = end of the interval
 * holding r (UINT32_MAX: free), owner[r] its vreg. A full class marks
 * victims in `spill` instead of failing (lower_regalloc_spill.c for
 * general registers, lower_regalloc_pspill.c for predicates). */
static bool scan_class(lw_fn *f, ra_state *s, lw_cls cls, ra_item *items, uint32_t *count_out,
                       uint8_t *spill, uint32_t spill_base, const lw_rspill *rs)
{
    uint32_t limit = cls == LW_CLS_R ? rs->limit : ISA_PT;
    uint32_t busy_until[ISA_NUM_REGS], owner[ISA_NUM_REGS];
    for (uint32_t r = 0; r < ISA_NUM_REGS; r++) {
        busy_until[r] = UINT32_MAX;
        owner[r] = 0;
    }
    uint32_t n = 0, high = 0;
    if (cls == LW_CLS_R && f->uses_sp)
        busy_until[LW_SP] = UINT32_MAX - 1;   /* the stack pointer, never free */
    for (uint32_t v = 1; v < s->nv; v++)
        if (f->vregs[v].cls == cls && s->start[v] != UINT32_MAX)
            items[n++] = (ra_item){ s->start[v], v };
    qsort(items, n, sizeof *items, item_cmp);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t v = items[k].v, now = items[k].start;
        unsigned words = f->vregs[v].words;
        if (cls == LW_CLS_R && words == 1 && !s->read[v]) {
            f->phys[v] = ISA_RZ;
            continue;
        }
        uint32_t pick = UINT32_MAX;
        uint32_t hv = s->hint_v[v];
        if (hv != 0 && f->phys[hv] != UINT32_MAX && f->vregs[hv].cls == cls && f->phys[hv] != ISA_RZ) {
            uint32_t r = f->phys[hv] + s->hint_sub[v];
            if (block_free(busy_until, s, r, words, limit, now))
                pick = r;
        }
        for (uint32_t r = 0; pick == UINT32_MAX && r < limit; r += words)
            if (block_free(busy_until, s, r, words, limit, now))
                pick = r;
        if (pick == UINT32_MAX) {
            bool ok = cls == LW_CLS_R
                ? lw_spill_choose(f, s->start, s->end, s->refs, busy_until, owner, v, now, spill,
                                  rs, &pick)
                : lw_pspill_choose(f, s->start, s->end, busy_until, v, now, spill, spill_base,
                                   &pick);
            if (!ok)
                return false;
            if (pick == UINT32_MAX)
                continue;   /* v itself is spilled */
        }
        f->phys[v] = pick;
        for (unsigned w = 0; w < words; w++) {
            busy_until[pick + w] = s->end[v];
            owner[pick + w] = v;
        }
        if (pick + words > high)
            high = pick + words;
    }
    *count_out = high;
    return true;
}

/* One allocation of the whole function; registers that do not fit are
 * marked in spill[] (sized f->nvregs) and *spilled is set; the live
 * intervals then pass to the caller in *start / *end (to share slots). */
static bool ra_round(lw_fn *f, uint8_t *spill, uint32_t spill_base, const lw_rspill *rs,
                     bool *spilled, uint32_t **start, uint32_t **end)
{
    ra_state s = { .nv = f->nvregs };
    s.nw = (s.nv + 63) / 64;
    size_t sets = (size_t)f->nblocks * s.nw;
    bool ok = false;
    ra_item *items = malloc((size_t)s.nv * sizeof *items);
    s.use = calloc(sets, sizeof *s.use);
    s.kill = calloc(sets, sizeof *s.kill);
    s.in = calloc(sets, sizeof *s.in);
    s.out = calloc(sets, sizeof *s.out);
    s.start = malloc((size_t)s.nv * sizeof *s.start);
    s.end = malloc((size_t)s.nv * sizeof *s.end);
    s.refs = calloc(s.nv, sizeof *s.refs);
    s.hint_v = calloc(s.nv, sizeof *s.hint_v);
    s.hint_sub = calloc(s.nv, sizeof *s.hint_sub);
    s.read = calloc(s.nv, sizeof *s.read);
    s.pmask = calloc(s.nv, sizeof *s.pmask);
    free(f->phys);   /* a previous round's, after predicate spilling */
    f->phys = malloc((size_t)s.nv * sizeof *f->phys);
    if (items == NULL || s.use == NULL || s.kill == NULL || s.in == NULL || s.out == NULL ||
        s.start == NULL || s.end == NULL || s.refs == NULL || s.hint_v == NULL || s.hint_sub == NULL ||
        s.read == NULL || s.pmask == NULL || f->phys == NULL) {
        lw_fail(f, f->fn->line, "out of memory allocating registers of '%s'", f->fn->name);
        goto out;
    }
    for (uint32_t v = 0; v < s.nv; v++) {
        s.start[v] = UINT32_MAX;
        s.end[v] = UINT32_MAX;
        f->phys[v] = UINT32_MAX;
    }
    local_sets(f, &s);
    solve_liveness(f, &s);
    build_intervals(f, &s);
    if (!scan_class(f, &s, LW_CLS_R, items, &f->nregs, spill, spill_base, rs) ||
        !scan_class(f, &s, LW_CLS_P, items, &f->npreds, spill, spill_base, rs))
        goto out;
    *spilled = memchr(spill, 1, s.nv) != NULL;
    if (*spilled) {
        *start = s.start;
        *end = s.end;
        s.start = s.end = NULL;
    }
    ok = true;
out:
    free(items);
    free(s.use);
    free(s.kill);
    free(s.in);
    free(s.out);
    free(s.start);
    free(s.end);
    free(s.refs);
    free(s.hint_v);
    free(s.hint_sub);
    free(s.read);
    free(s.pmask);
    return ok;
}

/* ---- spilling rounds (lower_regalloc_spill.c, lower_regalloc_pspill.c) ---- */

/* Each round spills at least one original register; the scratches it adds
 * live for one or two instructions, so a few rounds suffice (general
 * spills can need a few more: scratches add pressure where they reload). */
#define RA_MAX_ROUNDS 32u
/* The smallest .maxnreg honoured: one instruction may read three quads
 * and write a fourth (an MMA step), besides the stack pointer. */
#define RA_MIN_REGS 24u

/* A .func saves and restores whole quads of registers (lower_func_frame.c),
 * so it stays below R252: the quad R252..R255 would name RZ. */
static uint32_t reg_limit(const lw_fn *f)
{
    uint32_t top = f->is_func ? ISA_NUM_REGS / 4 * 4 : ISA_NUM_REGS;
    uint32_t n = f->fn->maxnreg;
    if (n == 0 || n >= top)
        return top;
    return n < RA_MIN_REGS ? RA_MIN_REGS : n;
}

/* The spill area joins the frame's .local variables (lower_func_frame.c
 * places a .func's saved registers after it; a kernel's local size and so
 * cudaFuncGetAttributes' localSizeBytes include it). */
static void finish_spills(lw_fn *f, const lw_rspill *rs)
{
    if (rs->size == 0)
        return;
    f->spill_size = lw_align_up(rs->size, 16);
    f->local_size = lw_align_up(f->local_size, 16) + f->spill_size;
    f->spill_stores = rs->stores;
    f->spill_loads = rs->loads;
}

bool lw_regalloc(lw_fn *f)
{
    if (!lw_coalesce(f))
        return false;
    uint32_t base = f->nvregs;   /* vregs from here on are predicate spill scratches */
    lw_rspill rs = { .limit = reg_limit(f) };
    bool ok = false;
    for (unsigned round = 0;; round++) {
        uint32_t nv = f->nvregs;
        bool spilled = false;
        uint32_t *start = NULL, *end = NULL;
        uint8_t *spill = calloc(nv, 1);
        if (spill == NULL)
            ok = lw_fail(f, f->fn->line, "out of memory allocating registers of '%s'",
                         f->fn->name);
        else if (!ra_round(f, spill, base, &rs, &spilled, &start, &end))
            ok = false;
        else if (!spilled)
            ok = true;
        else if (round + 1 >= RA_MAX_ROUNDS)
            ok = lw_fail_limit(f, f->fn->line, "kernel '%s': register spilling did not "
                               "converge in %u rounds", f->fn->name, RA_MAX_ROUNDS);
        else
            ok = lw_spill_rewrite(f, spill, nv, start, end, &rs) &&
                 lw_pspill_rewrite(f, spill, nv);
        free(spill);
        free(start);
        free(end);
        if (!ok || !spilled)
            break;
    }
    if (ok)
        finish_spills(f, &rs);
    free(rs.scratch);
    return ok;
}
