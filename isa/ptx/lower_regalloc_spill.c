/* isa/ptx/lower_regalloc_spill.c — general-register spilling: more 32-bit
 * words live at once than the register limit (R0..R254, or the kernel's
 * .maxnreg) holds.
 *
 * The linear scan of the general class (lower_regalloc.c) asks
 * lw_spill_choose for victims when no aligned block of registers is free:
 * the cheapest of every aligned block's occupants together and the new
 * interval itself. An interval costs its operand count per position it
 * spans (a value defined once and read once far away is cheap; a base
 * pointer read by every load is not); equal costs go to the interval
 * that ends furthest away (the classic linear-scan heuristic).
 * Pairs and quads spill as units. lw_spill_rewrite then keeps each victim
 * in its own slot of the thread's local memory (8/16-byte aligned for
 * pairs/quads), the way ptxas does:
 *   - every instruction that reads it is preceded by an unguarded
 *     `LDL scratch, [slot]` of the whole vreg (a fragment operand of an
 *     MMA step reloads the whole fragment) and reads the scratch instead;
 *   - every instruction that writes it writes a scratch, followed by `STL
 *     [slot], scratch` of the whole vreg under the same guard (lanes the
 *     guard excludes keep the old slot, as they would keep the old
 *     register). A write of only some words (a vector-group member, or the
 *     high word of a pair) reloads the scratch first, so the store keeps
 *     the other words.
 * Slots lie in the current function's frame: a kernel's after its .local
 * variables (addressed from RZ), a .func's after its .local variables in
 * its frame (addressed from the stack pointer R1, lower_func_frame.c), so
 * calls and recursion keep them apart. Scratches live for one or two
 * instructions and are never victims, so allocation is simply re-run until
 * it succeeds; it fails with a precise message when one instruction alone
 * needs more registers than the limit. */
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

static bool is_scratch(const lw_rspill *rs, uint32_t v)
{
    return v < rs->nscratch && rs->scratch[v];
}

/* The vreg occupying register r at `now`, 0 if free, UINT32_MAX if
 * reserved (the stack pointer). */
static uint32_t occupant(const uint32_t *busy_until, const uint32_t *owner, uint32_t r,
                         uint32_t now)
{
    if (busy_until[r] == UINT32_MAX || busy_until[r] < now)
        return 0;
    return owner[r] != 0 ? owner[r] : UINT32_MAX;
}

/* Spill cost of interval u: operands per position, fixed point. */
static uint64_t cost_of(const uint32_t *start, const uint32_t *end, const uint32_t *refs,
                        uint32_t u)
{
    return ((uint64_t)refs[u] << 24) / ((uint64_t)end[u] - start[u] + 1);
}

bool lw_spill_choose(lw_fn *f, const uint32_t *start, const uint32_t *end, const uint32_t *refs,
                     uint32_t *busy_until, const uint32_t *owner, uint32_t v, uint32_t now,
                     uint8_t *spill, const lw_rspill *rs, uint32_t *reg)
{
    unsigned words = f->vregs[v].words;
    uint32_t best = UINT32_MAX, best_end = 0;
    uint64_t best_cost = 0;
    for (uint32_t r = 0; r + words <= rs->limit; r += words) {
        uint32_t key = UINT32_MAX;
        uint64_t cost = 0;
        bool ok = true;
        for (unsigned w = 0; w < words && ok; w++) {
            uint32_t u = occupant(busy_until, owner, r + w, now);
            if (u == 0 || (w > 0 && u == occupant(busy_until, owner, r + w - 1, now)))
                continue;
            if (u == UINT32_MAX || is_scratch(rs, u))
                ok = false;
            else {
                cost += cost_of(start, end, refs, u);
                if (end[u] < key)
                    key = end[u];
            }
        }
        if (ok && (best == UINT32_MAX || cost < best_cost ||
                   (cost == best_cost && key > best_end))) {
            best = r;
            best_cost = cost;
            best_end = key;
        }
    }
    bool self = !is_scratch(rs, v);
    if (best == UINT32_MAX && !self)
        return lw_fail_limit(f, f->fn->line, "kernel '%s' needs more than %u registers in one "
                             "instruction (after spilling the others)", f->fn->name, rs->limit);
    uint64_t vcost = self ? cost_of(start, end, refs, v) : 0;
    if (self && (best == UINT32_MAX || vcost < best_cost ||
                 (vcost == best_cost && end[v] >= best_end))) {
        spill[v] = 1;
        *reg = UINT32_MAX;
        return true;
    }
    /* spill every occupant of the block; v takes it for the rest of this scan */
    for (unsigned w = 0; w < words; w++) {
        uint32_t u = occupant(busy_until, owner, best + w, now);
        if (u == 0)
            continue;
        spill[u] = 1;
        for (unsigned k = 0; k < f->vregs[u].words; k++)
            busy_until[f->phys[u] + k] = UINT32_MAX;
    }
    *reg = best;
    return true;
}

/* ---- rewriting ---- */

typedef struct sp_ctx {
    lw_rspill      *rs;
    const uint8_t  *spill;
    uint32_t        nspill;
    const uint32_t *slot;     /* per spilled vreg: offset from the base register */
    uint8_t         base;     /* RZ (kernel) or the stack pointer (.func) */
} sp_ctx;

static bool spilled(const sp_ctx *c, const lw_fn *f, uint32_t v)
{
    return v != 0 && v < c->nspill && c->spill[v] && f->vregs[v].cls == LW_CLS_R;
}

static uint8_t mw_of(unsigned words)
{
    return words == 4 ? MOD_MW_128 : words == 2 ? MOD_MW_64 : MOD_MW_32;
}

static lw_insn slot_access(const sp_ctx *c, const lw_insn *at, isa_op op, uint32_t t,
                           unsigned words, uint32_t off)
{
    lw_insn m;
    memset(&m, 0, sizeof m);
    m.in = isa_insn_make(op);
    m.in.mod[0] = mw_of(words);
    m.in.a = c->base;
    m.in.imm = off;
    if (op == OP_STL) {
        m.v[LW_B] = t;
        m.gv = at->gv;              /* same lanes as the definition */
        m.in.guard = at->in.guard;
    } else {
        m.v[LW_D] = t;
    }
    m.line = at->line;
    m.target = LW_NONE;
    return m;
}

/* Distinct spilled vregs of one instruction, and what it does with them. */
typedef struct sp_need {
    uint32_t v[LW_NFIELDS], t[LW_NFIELDS];
    bool     load[LW_NFIELDS], store[LW_NFIELDS];
    unsigned n;
} sp_need;

static unsigned need_index(sp_need *nd, uint32_t v)
{
    for (unsigned j = 0; j < nd->n; j++)
        if (nd->v[j] == v)
            return j;
    nd->v[nd->n] = v;
    nd->load[nd->n] = nd->store[nd->n] = false;
    return nd->n++;
}

static void scan_need(const sp_ctx *c, const lw_fn *f, const lw_insn *i, sp_need *nd)
{
    unsigned defs, uses, preds;
    lw_op_fields(i->in.op, &defs, &uses, &preds);
    nd->n = 0;
    for (unsigned fl = 0; fl < LW_NFIELDS; fl++) {
        uint32_t v = i->v[fl];
        if (((preds >> fl) & 1) || !spilled(c, f, v))
            continue;
        if ((uses >> fl) & 1)
            nd->load[need_index(nd, v)] = true;
        if ((defs >> fl) & 1) {
            unsigned j = need_index(nd, v);
            nd->store[j] = true;
            /* a write of part of the vreg keeps the rest: reload first */
            if (fl == LW_D && (i->dpart != 0 || i->sub[LW_D] != 0))
                nd->load[j] = true;
        }
    }
}

static bool rewrite_block(lw_fn *f, sp_ctx *c, lw_block *blk)
{
    uint32_t extra = 0;
    for (uint32_t k = 0; k < blk->ninsns; k++) {
        sp_need nd;
        scan_need(c, f, &blk->insns[k], &nd);
        for (unsigned j = 0; j < nd.n; j++)
            extra += nd.load[j] + nd.store[j];
    }
    if (extra == 0)
        return true;
    uint32_t cap = blk->ninsns + extra;
    lw_insn *out = malloc((size_t)cap * sizeof *out);
    if (out == NULL)
        return lw_fail(f, f->fn->line, "out of memory spilling registers of '%s'", f->fn->name);
    uint32_t n = 0;
    for (uint32_t k = 0; k < blk->ninsns; k++) {
        lw_insn i = blk->insns[k];
        sp_need nd;
        scan_need(c, f, &i, &nd);
        if (nd.n == 0) {
            out[n++] = i;
            continue;
        }
        const isa_op_info *info = isa_op_info_of(i.in.op);
        for (unsigned j = 0; j < nd.n; j++) {
            if (nd.store[j] && info != NULL && (info->flags & (F_BRANCH | F_EXIT))) {
                lw_fail(f, i.line, "internal error: cannot spill a result of %s in '%s'",
                        info->mnem, f->fn->name);
                goto fail;
            }
            unsigned words = f->vregs[nd.v[j]].words;
            uint32_t t = lw_new_vreg(f, LW_CLS_R, words);
            if (t == 0)
                goto fail;
            f->vregs[t].temp = 1;   /* its guarded definition is read under the same guard */
            nd.t[j] = t;
            if (nd.load[j]) {
                out[n++] = slot_access(c, &i, OP_LDL, t, words, c->slot[nd.v[j]]);
                c->rs->loads += 4 * words;
            }
        }
        for (unsigned fl = 0; fl < LW_NFIELDS; fl++)
            for (unsigned j = 0; j < nd.n; j++)
                if (i.v[fl] == nd.v[j]) {
                    i.v[fl] = nd.t[j];
                    break;
                }
        /* the scratch is a whole vreg now: a partial write no longer
         * needs the group bookkeeping (the reload defined the rest) */
        for (unsigned j = 0; j < nd.n; j++)
            if (i.v[LW_D] == nd.t[j] && nd.load[j])
                i.dpart = 0;
        out[n++] = i;
        for (unsigned j = 0; j < nd.n; j++)
            if (nd.store[j]) {
                unsigned words = f->vregs[nd.v[j]].words;
                out[n++] = slot_access(c, &i, OP_STL, nd.t[j], words, c->slot[nd.v[j]]);
                c->rs->stores += 4 * words;
            }
    }
    free(blk->insns);
    blk->insns = out;
    blk->ninsns = blk->cap = n;
    return true;
fail:
    free(out);
    return false;
}

/* Marks vregs [from, f->nvregs) as scratches. */
static bool mark_scratches(lw_fn *f, lw_rspill *rs, uint32_t from)
{
    if (f->nvregs > rs->nscratch) {
        uint8_t *s = realloc(rs->scratch, f->nvregs);
        if (s == NULL)
            return lw_fail(f, f->fn->line, "out of memory spilling registers of '%s'",
                           f->fn->name);
        memset(s + rs->nscratch, 0, f->nvregs - rs->nscratch);
        rs->scratch = s;
        rs->nscratch = f->nvregs;
    }
    for (uint32_t v = from; v < f->nvregs; v++)
        rs->scratch[v] = 1;
    return true;
}

/* ---- slots: a linear scan over the victims' intervals, so that values
 * never live at the same time share a slot (this round's slots only) ---- */

typedef struct sp_slot { uint32_t off, busy_until; uint8_t words; } sp_slot;
typedef struct sp_item { uint32_t start, v; } sp_item;

static int item_cmp(const void *a, const void *b)
{
    const sp_item *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->v < y->v ? -1 : x->v > y->v;
}

static bool assign_slots(lw_fn *f, const sp_ctx *c, const uint32_t *start, const uint32_t *end,
                         uint32_t origin, uint32_t *slot)
{
    uint32_t n = 0;
    for (uint32_t v = 1; v < c->nspill; v++)
        n += spilled(c, f, v);
    sp_item *items = malloc((n ? n : 1) * sizeof *items);
    sp_slot *slots = malloc((n ? n : 1) * sizeof *slots);
    if (items == NULL || slots == NULL) {
        free(items);
        free(slots);
        return lw_fail(f, f->fn->line, "out of memory spilling registers of '%s'", f->fn->name);
    }
    n = 0;
    for (uint32_t v = 1; v < c->nspill; v++)
        if (spilled(c, f, v))
            items[n++] = (sp_item){ start[v], v };
    qsort(items, n, sizeof *items, item_cmp);
    uint32_t nslots = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t v = items[k].v;
        uint8_t words = f->vregs[v].words;
        uint32_t s = 0;
        while (s < nslots && (slots[s].words != words || slots[s].busy_until >= start[v]))
            s++;
        if (s == nslots)
            slots[nslots++] = (sp_slot){ 0, 0, words };
        slots[s].busy_until = end[v];
        slot[v] = s;   /* the slot's index until the layout below */
    }
    /* quads, then pairs, then words: aligned without padding */
    c->rs->size = lw_align_up(c->rs->size, 16);
    for (unsigned words = 4; words >= 1; words /= 2)
        for (uint32_t s = 0; s < nslots; s++)
            if (slots[s].words == words) {
                slots[s].off = origin + c->rs->size;
                c->rs->size += 4u * words;
            }
    for (uint32_t k = 0; k < n; k++)
        slot[items[k].v] = slots[slot[items[k].v]].off;
    free(items);
    free(slots);
    return true;
}

bool lw_spill_rewrite(lw_fn *f, const uint8_t *spill, uint32_t nspill, const uint32_t *start,
                      const uint32_t *end, lw_rspill *rs)
{
    bool ok = false;
    uint32_t *slot = calloc(nspill, sizeof *slot);
    if (slot == NULL)
        return lw_fail(f, f->fn->line, "out of memory spilling registers of '%s'", f->fn->name);
    /* slots follow the frame's .local variables, 16-byte aligned */
    uint32_t origin = lw_align_up(f->local_size, 16);
    if (f->is_func)
        origin += lw_func_local_base(f);
    sp_ctx c = { .rs = rs, .spill = spill, .nspill = nspill, .slot = slot,
                 .base = f->is_func ? (uint8_t)LW_SP : (uint8_t)ISA_RZ };
    if (!assign_slots(f, &c, start, end, origin, slot))
        goto out;
    uint32_t first = f->nvregs;
    for (uint32_t b = 0; b < f->nblocks; b++)
        if (!rewrite_block(f, &c, &f->blocks[b]))
            goto out;
    ok = mark_scratches(f, rs, first);
out:
    free(slot);
    return ok;
}
