/* isa/ptx/link_remap.c — after resolution, every module-symbol reference
 * of every input module (operands, initializer addresses) is rewritten to
 * the output index and name. Output entries share their bodies with the
 * inputs, so rewriting the inputs in place rewrites the output. */
#include <string.h>
#include "isa/ptx/link_internal.h"

static int remap_ref(lk *l, uint32_t m, ptx_symref *s, uint32_t line)
{
    const ptx_module *pm = l->in[m];
    if (s->kind == PTX_SYM_FUNC) {
        if (s->index >= pm->nfuncs || l->fmap[m][s->index] >= l->funcs.n)
            return lk_fail(l, "%s:%u: function %s has no linked definition", pm->filename,
                           line, s->name ? s->name : "?");
        s->index = l->fmap[m][s->index];
        s->name = ((const ptx_func *)l->funcs.data)[s->index].name;
    } else if (s->kind == PTX_SYM_GLOBAL_VAR) {
        if (s->index >= pm->nvars || l->vmap[m][s->index] >= l->vars.n)
            return lk_fail(l, "%s:%u: variable %s has no linked definition", pm->filename,
                           line, s->name ? s->name : "?");
        s->index = l->vmap[m][s->index];
        s->name = ((const ptx_var *)l->vars.data)[s->index].name;
    }
    return 0;
}

static int remap_operand(lk *l, uint32_t m, ptx_operand *o, uint32_t line)
{
    if ((o->kind == PTX_OPND_SYM || (o->kind == PTX_OPND_ADDR && o->base_kind == PTX_OPND_SYM)) &&
        remap_ref(l, m, &o->sym, line))
        return -1;
    if (o->kind == PTX_OPND_VEC || o->kind == PTX_OPND_LIST || o->kind == PTX_OPND_ADDR)
        for (uint16_t e = 0; o->elems && e < o->nelems; e++)
            if (remap_operand(l, m, &o->elems[e], line))
                return -1;
    return 0;
}

static int remap_relocs(lk *l, uint32_t m, ptx_var *v)
{
    for (uint32_t r = 0; r < v->nrelocs; r++)
        if (remap_ref(l, m, &v->relocs[r].sym, v->relocs[r].line))
            return -1;
    return 0;
}

int lk_remap(lk *l)
{
    for (uint32_t m = 0; m < l->n; m++) {
        const ptx_module *pm = l->in[m];
        for (uint32_t i = 0; i < pm->nfuncs; i++) {
            const ptx_func *f = &pm->funcs[i];
            for (uint32_t s = 0; s < f->nbody; s++) {
                ptx_insn *in = &f->body[s].insn;
                for (uint8_t k = 0; f->body[s].kind == PTX_STMT_INSN && k < in->nops; k++)
                    if (remap_operand(l, m, &in->ops[k], in->line))
                        return -1;
            }
            for (uint32_t k = 0; k < f->nvars; k++)
                if (remap_relocs(l, m, &f->vars[k]))
                    return -1;
        }
        for (uint32_t i = 0; i < pm->nvars; i++)
            if (remap_relocs(l, m, &pm->vars[i]))
                return -1;
    }
    return 0;
}
