/* isa/ptx/lower_emit.c — the last pass: physical registers into the fields,
 * multi-word copies expanded and copies onto themselves dropped, blocks laid
 * out in PTX order, branch targets and reconvergence points filled in, and
 * every instruction encoded. */
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

typedef struct em_buf {
    isa_insn *insns;
    uint32_t *line;
    uint32_t *block;    /* block each instruction belongs to */
    const lw_insn **src;
    uint32_t  n, cap;
} em_buf;

static bool em_push(lw_fn *f, em_buf *e, const isa_insn *in, const lw_insn *src, uint32_t block)
{
    if (e->n == e->cap) {
        uint32_t ncap = e->cap != 0 ? e->cap * 2 : 64;
        isa_insn *a = realloc(e->insns, ncap * sizeof *a);
        if (a != NULL)
            e->insns = a;
        uint32_t *l = realloc(e->line, ncap * sizeof *l);
        if (l != NULL)
            e->line = l;
        uint32_t *b = realloc(e->block, ncap * sizeof *b);
        if (b != NULL)
            e->block = b;
        const lw_insn **s = realloc(e->src, ncap * sizeof *s);
        if (s != NULL)
            e->src = s;
        if (a == NULL || l == NULL || b == NULL || s == NULL)
            return lw_fail(f, f->fn->line, "out of memory emitting '%s'", f->fn->name);
        e->cap = ncap;
    }
    e->insns[e->n] = *in;
    e->line[e->n] = src->line;
    e->block[e->n] = block;
    e->src[e->n] = src;
    e->n++;
    return true;
}

/* Physical value of a field: register + word, or predicate | negation. */
static uint8_t phys_field(const lw_fn *f, const lw_insn *i, unsigned field, uint8_t cur)
{
    uint32_t v = i->v[field];
    uint32_t p = f->phys[v];
    if (p == ISA_RZ)
        return ISA_RZ;
    if (f->vregs[v].cls == LW_CLS_P)
        return (uint8_t)(p | cur);
    return (uint8_t)(p + i->sub[field]);
}

static void assign(const lw_fn *f, const lw_insn *i, isa_insn *out)
{
    *out = i->in;
    uint8_t *slot[LW_NFIELDS] = { &out->d, &out->a, &out->b, &out->c, &out->e };
    for (unsigned k = 0; k < LW_NFIELDS; k++)
        if (i->v[k] != 0)
            *slot[k] = phys_field(f, i, k, *slot[k]);
    if (i->gv != 0)
        out->guard = (uint8_t)(f->phys[i->gv] | (i->in.guard & ISA_PRED_NEG));
    if (i->frame_in)
        out->imm += f->frame_size;
}

/* A .func's RET: the epilogue, then RET. A guarded RET branches around
 * them in the lanes that stay (the epilogue restores the guard's predicate). */
static bool emit_return(lw_fn *f, em_buf *e, const isa_insn *ret, const lw_insn *src, uint32_t b)
{
    isa_insn ep[LW_FRAME_MAX];
    unsigned n = lw_func_epilogue(f, ep);
    if (ret->guard != ISA_GUARD_ALWAYS) {
        isa_insn skip = isa_insn_make(OP_BRA);
        skip.guard = (uint8_t)(ret->guard ^ ISA_PRED_NEG);
        skip.imm = skip.imm2 = e->n + 1 + n;
        if (!em_push(f, e, &skip, src, b))
            return false;
    }
    for (unsigned k = 0; k < n; k++)
        if (!em_push(f, e, &ep[k], src, b))
            return false;
    return true;
}

static bool emit_block(lw_fn *f, em_buf *e, uint32_t b)
{
    const lw_block *blk = &f->blocks[b];
    for (uint32_t k = 0; k < blk->ninsns; k++) {
        const lw_insn *i = &blk->insns[k];
        isa_insn in;
        assign(f, i, &in);
        if (in.op == OP_RET && f->is_func) {
            if (!emit_return(f, e, &in, i, b))
                return false;
            continue;
        }
        if (in.op == OP_MOV && (in.d == ISA_RZ || (!in.bimm && in.d == in.b)))
            continue;   /* a move into nothing, or a copy onto itself */
        if (in.op == OP_MOV && !in.bimm) {
            unsigned words = i->copy_words > 1 ? i->copy_words : 1;
            for (unsigned w = 0; w < words; w++) {
                isa_insn part = in;
                part.d = (uint8_t)(in.d + w);
                part.b = (uint8_t)(in.b + w);
                if (!em_push(f, e, &part, i, b))
                    return false;
            }
            continue;
        }
        if (!em_push(f, e, &in, i, b))
            return false;
    }
    return true;
}

bool lw_emit_kernel(lw_fn *f, isa_kernel *k)
{
    em_buf e = { 0 };
    bool ok = false;
    isa_insn pro[LW_FRAME_MAX];
    lw_insn entry = { .line = f->fn->line, .target = LW_NONE };
    unsigned npro = lw_func_prologue(f, pro);
    for (unsigned n = 0; n < npro; n++)
        if (!em_push(f, &e, &pro[n], &entry, 0))
            goto out;
    for (uint32_t b = 0; b < f->nblocks; b++) {
        f->blocks[b].start = e.n;
        if (!emit_block(f, &e, b))
            goto out;
    }
    if (e.n >= ISA_IMM2_MAX) {
        lw_fail(f, f->fn->line, "kernel '%s' has too many instructions", f->fn->name);
        goto out;
    }
    for (uint32_t n = 0; n < e.n; n++) {
        const lw_insn *src = e.src[n];
        if (src->target == LW_NONE)
            continue;
        e.insns[n].imm = f->blocks[src->target].start;
        uint32_t pd = f->blocks[e.block[n]].ipdom;
        e.insns[n].imm2 = src->reconv && pd != LW_EXIT ? f->blocks[pd].start : ISA_NO_RECONV;
    }
    k->code = calloc(e.n ? e.n : 1, sizeof *k->code);
    k->ptx_line = calloc(e.n ? e.n : 1, sizeof *k->ptx_line);
    if (k->code == NULL || k->ptx_line == NULL) {
        lw_fail(f, f->fn->line, "out of memory emitting '%s'", f->fn->name);
        goto out;
    }
    for (uint32_t n = 0; n < e.n; n++) {
        char why[128];
        if (!isa_encode(&e.insns[n], &k->code[n], why, sizeof why)) {
            lw_fail(f, e.line[n], "internal error encoding an instruction of '%s': %s",
                    f->fn->name, why);
            goto out;
        }
        k->ptx_line[n] = e.line[n];
    }
    k->ninsns = e.n;
    ok = true;
out:
    free(e.insns);
    free(e.line);
    free(e.block);
    free(e.src);
    return ok;
}
