/* isa/ptx/lower_init.c — addresses in initializers of module .global and
 * .const variables (`sym`, `generic(sym)`, `sym + n`): each becomes an
 * isa_reloc of the variable's symbol, naming the target symbol; the loader
 * (runtime/module.c) writes the target's device address plus the addend
 * once every symbol is placed. Both spellings give the same value, since a
 * global address is its own generic address (UVA) and a .const variable's
 * address is its place in the bank-1 allocation.
 *
 * Function addresses are not supported yet: Cobalt's function address is
 * the index of the function's first instruction in the calling kernel's
 * code (each kernel carries its own copy of its callees), so one value in
 * global memory cannot serve every kernel. */
#include <stdio.h>
#include <stdlib.h>
#include "isa/ptx/lower_internal.h"

static bool is_symbol_var(const ptx_var *v)
{
    return v->space == PTX_SPACE_GLOBAL || v->space == PTX_SPACE_CONST;
}

static bool reloc_fail(const ptx_module *m, const ptx_reloc *r, char *err, size_t errlen,
                       const char *what, const ptx_var *v)
{
    snprintf(err, errlen, "%s:%u:%u: %s '%s' in the initializer of '%s'%s",
             m->filename != NULL ? m->filename : "<ptx>", (unsigned)r->line, (unsigned)r->col,
             what, r->sym.name != NULL ? r->sym.name : "?", v->name,
             r->sym.kind == PTX_SYM_FUNC ? " is not supported yet (a function address is an "
             "instruction index of the calling kernel's code)" : "");
    return false;
}

bool lw_layout_relocs(const ptx_module *m, isa_module *out, char *err, size_t errlen,
                      ptx_status *st)
{
    uint32_t *symidx = calloc(m->nvars + 1, sizeof *symidx);
    if (symidx == NULL) {
        snprintf(err, errlen, "%s:1: out of memory for initializer addresses",
                 m->filename != NULL ? m->filename : "<ptx>");
        return false;
    }
    bool ok = false;
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->nvars; i++)
        symidx[i] = is_symbol_var(&m->vars[i]) ? n++ : UINT32_MAX;
    for (uint32_t i = 0; i < m->nvars; i++) {
        const ptx_var *v = &m->vars[i];
        if (v->nrelocs == 0)
            continue;
        if (symidx[i] == UINT32_MAX) {
            reloc_fail(m, &v->relocs[0], err, errlen, "address of", v);
            goto out;
        }
        isa_symbol *s = &out->symbols[symidx[i]];
        s->relocs = calloc(v->nrelocs, sizeof *s->relocs);
        if (s->relocs == NULL) {
            reloc_fail(m, &v->relocs[0], err, errlen, "out of memory for the address of", v);
            goto out;
        }
        for (uint32_t k = 0; k < v->nrelocs; k++) {
            const ptx_reloc *r = &v->relocs[k];
            if (r->sym.kind == PTX_SYM_FUNC) {
                *st = PTX_ERR_UNSUPPORTED;
                reloc_fail(m, r, err, errlen, "the address of function", v);
                goto out;
            }
            if (r->sym.kind != PTX_SYM_GLOBAL_VAR || r->sym.index >= m->nvars ||
                symidx[r->sym.index] == UINT32_MAX) {
                reloc_fail(m, r, err, errlen, "the address of", v);
                goto out;
            }
            if (r->offset > v->size || v->size - r->offset < 8) {
                reloc_fail(m, r, err, errlen, "an address outside the variable:", v);
                goto out;
            }
            s->relocs[s->nrelocs++] = (isa_reloc){ (uint32_t)r->offset,
                                                   symidx[r->sym.index], r->addend };
        }
    }
    ok = true;
out:
    free(symidx);
    return ok;
}
