/* isa/ptx/lower_cfg.c — basic blocks, successors and immediate
 * post-dominators of one PTX function.
 *
 * Blocks keep the PTX statement order. A block starts at the first statement,
 * at every label and after every bra/brx/ret/exit; it ends after a bra, brx,
 * ret or exit (guarded or not). Reconvergence points come from the immediate
 * post-dominators, computed with the Cooper-Harvey-Kennedy iteration on the
 * reverse CFG rooted at a virtual exit node. */
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

static bool is_opcode(const ptx_stmt *s, const char *name)
{
    return s->kind == PTX_STMT_INSN && s->insn.opcode != NULL &&
           strcmp(s->insn.opcode, name) == 0;
}

static bool ends_block(const ptx_stmt *s)
{
    return is_opcode(s, "bra") || is_opcode(s, "brx") || is_opcode(s, "ret") ||
           is_opcode(s, "exit");
}

/* Successor slots a block ending in s needs beyond the two every block has. */
static uint32_t extra_succs(const ptx_stmt *s)
{
    if (!is_opcode(s, "brx") || s->insn.nops < 2 || s->insn.ops[1].kind != PTX_OPND_LIST)
        return 0;
    return s->insn.ops[1].nelems + 1u;
}

static bool add_succ(lw_block *b, uint32_t s)
{
    for (unsigned i = 0; i < b->nsucc; i++)
        if (b->succ[i] == s)
            return true;
    b->succ[b->nsucc++] = s;
    return true;
}

/* Successors of block `bi` from its last statement. */
static bool block_succs(lw_fn *f, uint32_t bi)
{
    lw_block *b = &f->blocks[bi];
    uint32_t next = bi + 1 < f->nblocks ? bi + 1 : LW_EXIT;
    b->nsucc = 0;
    if (b->end == b->first)
        return add_succ(b, next);
    const ptx_stmt *s = &f->fn->body[b->end - 1];
    if (s->kind != PTX_STMT_INSN || !ends_block(s))
        return add_succ(b, next);
    const ptx_insn *in = &s->insn;
    if (is_opcode(s, "brx")) {
        const ptx_operand *t = in->nops == 2 ? &in->ops[1] : NULL;
        if (t == NULL || t->kind != PTX_OPND_LIST || t->nelems == 0)
            return lw_fail(f, in->line, "'brx.idx' needs an index and a .branchtargets list");
        for (unsigned k = 0; k < t->nelems; k++) {
            const ptx_operand *e = &t->elems[k];
            if (e->kind != PTX_OPND_SYM || e->sym.kind != PTX_SYM_LABEL ||
                e->sym.index >= f->fn->nbody)
                return lw_fail(f, in->line, "'brx.idx': '%s' in the .branchtargets list is "
                               "not a label of this function", e->sym.name ? e->sym.name : "?");
            add_succ(b, f->stmt_block[e->sym.index]);
        }
    } else if (is_opcode(s, "bra")) {
        const ptx_operand *t = in->nops >= 1 ? &in->ops[0] : NULL;
        if (t == NULL || t->kind != PTX_OPND_SYM || t->sym.kind != PTX_SYM_LABEL ||
            t->sym.index >= f->fn->nbody)
            return lw_fail(f, in->line, "'bra' needs a label of this function as its target");
        add_succ(b, f->stmt_block[t->sym.index]);
    } else {
        add_succ(b, LW_EXIT);
    }
    if (in->has_guard)
        add_succ(b, next);
    return true;
}

bool lw_build_cfg(lw_fn *f)
{
    const ptx_func *fn = f->fn;
    uint32_t n = fn->nbody;
    f->stmt_block = calloc(n + 1, sizeof *f->stmt_block);
    bool *leader = calloc(n + 1, sizeof *leader);
    bool ok = false;
    if (f->stmt_block == NULL || leader == NULL) {
        lw_fail(f, fn->line, "out of memory lowering '%s'", fn->name);
        goto out;
    }
    leader[0] = true;
    for (uint32_t i = 0; i < n; i++) {
        if (fn->body[i].kind == PTX_STMT_LABEL)
            leader[i] = true;
        else if (ends_block(&fn->body[i]))
            leader[i + 1] = true;
    }
    uint32_t nb = 0;
    for (uint32_t i = 0; i < n; i++)
        nb += leader[i];
    if (nb == 0)
        nb = 1;
    uint32_t nextra = 0;
    for (uint32_t i = 0; i < n; i++)
        nextra += extra_succs(&fn->body[i]);
    /* one allocation: the blocks, then their successor slots */
    f->blocks = calloc(1, nb * sizeof *f->blocks + (2 * (size_t)nb + nextra) * sizeof(uint32_t));
    if (f->blocks == NULL) {
        lw_fail(f, fn->line, "out of memory lowering '%s'", fn->name);
        goto out;
    }
    f->nblocks = nb;
    uint32_t bi = 0;
    f->blocks[0].first = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (leader[i] && i > 0) {
            f->blocks[bi].end = i;
            f->blocks[++bi].first = i;
        }
        f->stmt_block[i] = bi;
    }
    f->blocks[bi].end = n;
    f->stmt_block[n] = bi;
    uint32_t *slots = (uint32_t *)(f->blocks + nb);
    for (uint32_t b = 0; b < nb; b++) {
        f->blocks[b].succ = slots;
        const lw_block *blk = &f->blocks[b];
        slots += 2 + (blk->end > blk->first ? extra_succs(&fn->body[blk->end - 1]) : 0);
    }
    for (uint32_t b = 0; b < nb; b++)
        if (!block_succs(f, b))
            goto out;
    ok = true;
out:
    free(leader);
    return ok;
}

/* ---- post-dominators ---------------------------------------------------- */

typedef struct pd_state {
    uint32_t  n;          /* blocks; node n is the virtual exit */
    uint32_t *pred_start; /* CSR predecessor lists (CFG predecessors) */
    uint32_t *preds;
    uint32_t *po;         /* postorder number of each node in the reverse CFG */
    uint32_t *idom;       /* immediate dominator in the reverse CFG */
} pd_state;

static uint32_t node_of(const pd_state *s, uint32_t succ)
{
    return succ == LW_EXIT ? s->n : succ;
}

static uint32_t intersect(const pd_state *s, uint32_t a, uint32_t b)
{
    while (a != b) {
        while (s->po[a] < s->po[b])
            a = s->idom[a];
        while (s->po[b] < s->po[a])
            b = s->idom[b];
    }
    return a;
}

/* Postorder of the reverse CFG from the exit (iterative DFS over CFG
 * predecessors) into `order`; returns its length. Nodes that cannot reach
 * the exit (endless loops) are not numbered. `stack`, `next` and `seen` are
 * scratch arrays of n + 1 entries, `next` and `seen` zeroed. */
static uint32_t reverse_postorder(pd_state *s, uint32_t *order, uint32_t *stack,
                                  uint32_t *next, bool *seen)
{
    uint32_t cnt = 0, sp = 0;
    stack[sp++] = s->n;
    seen[s->n] = true;
    while (sp > 0) {
        uint32_t v = stack[sp - 1];
        uint32_t k = s->pred_start[v] + next[v];
        if (k < s->pred_start[v + 1]) {
            next[v]++;
            uint32_t p = s->preds[k];
            if (!seen[p]) {
                seen[p] = true;
                stack[sp++] = p;
            }
            continue;
        }
        sp--;
        s->po[v] = cnt;
        order[cnt++] = v;
    }
    return cnt;
}

static bool build_preds(const lw_fn *f, pd_state *s)
{
    uint32_t total = s->n + 1;
    s->pred_start = calloc(total + 1, sizeof *s->pred_start);
    s->preds = calloc(2 * (size_t)s->n + 1, sizeof *s->preds);
    if (s->pred_start == NULL || s->preds == NULL)
        return false;
    for (uint32_t b = 0; b < s->n; b++)
        for (unsigned i = 0; i < f->blocks[b].nsucc; i++)
            s->pred_start[node_of(s, f->blocks[b].succ[i]) + 1]++;
    for (uint32_t v = 0; v < total; v++)
        s->pred_start[v + 1] += s->pred_start[v];
    uint32_t *fill = calloc(total, sizeof *fill);
    if (fill == NULL)
        return false;
    for (uint32_t b = 0; b < s->n; b++)
        for (unsigned i = 0; i < f->blocks[b].nsucc; i++) {
            uint32_t t = node_of(s, f->blocks[b].succ[i]);
            s->preds[s->pred_start[t] + fill[t]++] = b;
        }
    free(fill);
    return true;
}

bool lw_postdom(lw_fn *f)
{
    pd_state s = { .n = f->nblocks };
    uint32_t total = s.n + 1;
    bool ok = false;
    uint32_t *order = malloc(total * sizeof *order);
    uint32_t *stack = malloc(total * sizeof *stack);
    uint32_t *next = calloc(total, sizeof *next);
    bool *seen = calloc(total, sizeof *seen);
    s.po = malloc(total * sizeof *s.po);
    s.idom = malloc(total * sizeof *s.idom);
    if (order == NULL || stack == NULL || next == NULL || seen == NULL || s.po == NULL ||
        s.idom == NULL || !build_preds(f, &s)) {
        lw_fail(f, f->fn->line, "out of memory lowering '%s'", f->fn->name);
        goto out;
    }
    for (uint32_t v = 0; v < total; v++) {
        s.po[v] = UINT32_MAX;
        s.idom[v] = UINT32_MAX;
    }
    uint32_t cnt = reverse_postorder(&s, order, stack, next, seen);
    s.idom[s.n] = s.n;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t k = cnt; k-- > 0;) {
            uint32_t b = order[k];
            if (b == s.n)
                continue;
            uint32_t nd = UINT32_MAX;
            for (unsigned i = 0; i < f->blocks[b].nsucc; i++) {
                uint32_t t = node_of(&s, f->blocks[b].succ[i]);
                if (s.idom[t] == UINT32_MAX)
                    continue;
                nd = nd == UINT32_MAX ? t : intersect(&s, t, nd);
            }
            if (nd != s.idom[b]) {
                s.idom[b] = nd;
                changed = true;
            }
        }
    }
    /* Blocks that never reach the exit have no post-dominator: their
     * branches reconverge nowhere (treated like the exit). */
    for (uint32_t b = 0; b < s.n; b++)
        f->blocks[b].ipdom = s.idom[b] != UINT32_MAX && s.idom[b] != s.n ? s.idom[b] : LW_EXIT;
    ok = true;
out:
    free(order);
    free(stack);
    free(next);
    free(seen);
    free(s.po);
    free(s.idom);
    free(s.pred_start);
    free(s.preds);
    return ok;
}
