/* isa/ptx/lower_init.c — addresses in initializers of module .global and
 * .const variables (`sym`, `generic(sym)`, `sym + n`): each becomes an
 * isa_reloc of the variable's symbol, naming the target symbol; the loader
 * (runtime/module.c) writes the target's device address plus the addend
 * once every symbol is placed. Both spellings give the same value, since a
 * global address is its own generic address (UVA) and a .const variable's
 * address is its place in the bank-1 allocation.
 *
 * A function address (`.global .u64 tbl[2] = {f, g};`) needs no loader
 * work: its value is the function's module-wide id (isa/module.h), known
 * here, so it is written straight into the initial data; each calling
 * kernel maps ids to its own code (lower_func_link.c). */
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
             r->sym.kind == PTX_SYM_FUNC ? " (a function without a body here: declared "
             ".extern, or a prototype)" : "");
    return false;
}

/* Writes the id of function `fi` plus the addend (little endian) at the
 * reloc's offset of the symbol's initial data. */
static bool put_func_id(isa_symbol *s, const ptx_reloc *r, uint32_t fi)
{
    if (s->init == NULL && (s->init = calloc(s->size ? s->size : 1, 1)) == NULL)
        return false;
    uint64_t id = ((uint64_t)ISA_FUNC_ID_HI << 32 | fi) + (uint64_t)r->addend;
    for (unsigned b = 0; b < 8; b++)
        s->init[r->offset + b] = (uint8_t)(id >> (8 * b));
    return true;
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
            if (r->offset > v->size || v->size - r->offset < 8 || r->offset + 8 > s->size) {
                reloc_fail(m, r, err, errlen, "an address outside the variable:", v);
                goto out;
            }
            if (r->sym.kind == PTX_SYM_FUNC) {
                uint32_t fi;
                if (lw_func_defined(m, r->sym.index, &fi) == NULL) {
                    *st = PTX_ERR_UNSUPPORTED;
                    reloc_fail(m, r, err, errlen, "the address of function", v);
                    goto out;
                }
                if (!put_func_id(s, r, fi)) {
                    reloc_fail(m, r, err, errlen, "out of memory for the address of", v);
                    goto out;
                }
                continue;
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
