/* isa/ptx/lower_layout.c — where data lives (see isa/module.h):
 * kernel parameters in bank 0 at their PTX offsets, module .const data in
 * bank 1, one 8-byte address slot per module .global in bank 2, static
 * shared variables at fixed offsets of the CTA window with dynamic (extern)
 * shared memory after them at a 16-byte boundary, and .local variables at
 * per-thread offsets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

static bool module_fail(const ptx_module *m, uint32_t line, char *err, size_t errlen,
                        const char *what, const char *name)
{
    snprintf(err, errlen, "%s:%u: %s '%s'", m->filename != NULL ? m->filename : "<ptx>",
             (unsigned)line, what, name);
    return false;
}

static bool add_symbol(const ptx_module *m, const ptx_var *v, isa_module *out,
                       isa_space space, uint32_t offset, char *err, size_t errlen)
{
    isa_symbol *sym = &out->symbols[out->nsymbols];
    memset(sym, 0, sizeof *sym);
    sym->name = dup_str(v->name);
    if (sym->name == NULL)
        return module_fail(m, v->line, err, errlen, "out of memory for variable", v->name);
    out->nsymbols++;
    sym->space = space;
    sym->size = (uint32_t)v->size;
    sym->align = v->align != 0 ? v->align : 1;
    sym->offset = offset;
    sym->is_extern = v->linkage == PTX_LINK_EXTERN;
    sym->is_visible = v->linkage == PTX_LINK_VISIBLE;
    if (v->init != NULL && v->size > 0) {
        sym->init = malloc(v->size);
        if (sym->init == NULL)
            return module_fail(m, v->line, err, errlen, "out of memory for variable", v->name);
        memcpy(sym->init, v->init, v->size);
    }
    return true;
}

bool lw_layout_module(const ptx_module *m, isa_module *out, uint32_t *modvar_off,
                      char *err, size_t errlen)
{
    uint32_t nsym = 0;
    for (uint32_t i = 0; i < m->nvars; i++)
        nsym += m->vars[i].space == PTX_SPACE_GLOBAL || m->vars[i].space == PTX_SPACE_CONST;
    if (nsym > 0) {
        out->symbols = calloc(nsym, sizeof *out->symbols);
        if (out->symbols == NULL) {
            snprintf(err, errlen, "%s:1: out of memory for module variables",
                     m->filename != NULL ? m->filename : "<ptx>");
            return false;
        }
    }
    uint64_t cbytes = 0, gbytes = 0;
    for (uint32_t i = 0; i < m->nvars; i++) {
        const ptx_var *v = &m->vars[i];
        modvar_off[i] = LW_NONE;
        if (v->space != PTX_SPACE_GLOBAL && v->space != PTX_SPACE_CONST)
            continue;
        if (v->size > UINT32_MAX / 2)
            return module_fail(m, v->line, err, errlen, "too large: variable", v->name);
        if (v->space == PTX_SPACE_CONST) {
            uint32_t a = v->align != 0 ? v->align : 1;
            cbytes = (cbytes + a - 1) / a * a;
            if (cbytes + v->size > UINT32_MAX / 2)
                return module_fail(m, v->line, err, errlen, "constant bank overflows at", v->name);
            modvar_off[i] = (uint32_t)cbytes;
            cbytes += v->size;
            if (!add_symbol(m, v, out, ISA_SPACE_CONST, modvar_off[i], err, errlen))
                return false;
        } else {
            modvar_off[i] = (uint32_t)gbytes;
            gbytes += 8;
            if (!add_symbol(m, v, out, ISA_SPACE_GLOBAL, modvar_off[i], err, errlen))
                return false;
        }
    }
    out->const_size = (uint32_t)cbytes;
    out->globals_size = (uint32_t)gbytes;
    return true;
}

/* ---- per kernel ------------------------------------------------------- */

static void mark_operand(const ptx_operand *o, bool *used, uint32_t nvars)
{
    if ((o->kind == PTX_OPND_SYM || (o->kind == PTX_OPND_ADDR && o->base_kind == PTX_OPND_SYM)) &&
        o->sym.kind == PTX_SYM_GLOBAL_VAR && o->sym.index < nvars)
        used[o->sym.index] = true;
    if ((o->kind == PTX_OPND_VEC || o->kind == PTX_OPND_LIST) && o->elems != NULL)
        for (unsigned i = 0; i < o->nelems; i++)
            mark_operand(&o->elems[i], used, nvars);
}

static bool is_dynamic_shared(const ptx_var *v)
{
    return v->space == PTX_SPACE_SHARED && (v->linkage == PTX_LINK_EXTERN || v->size == 0);
}

/* Places one shared variable; dynamic ones are placed in a second round. */
static bool place(lw_fn *f, const ptx_var *v, uint64_t *top, uint32_t *off)
{
    uint32_t a = v->align != 0 ? v->align : 1;
    *top = (*top + a - 1) / a * a;
    if (*top + v->size > UINT32_MAX / 2)
        return lw_fail(f, v->line, "variable '%s' does not fit in its memory window", v->name);
    *off = (uint32_t)*top;
    *top += v->size;
    return true;
}

/* .shared variables declared in the functions a kernel calls (nvcc demotes a
 * kernel's __shared__ array into the function that uses it): placed after
 * the kernel's own; each function lays its variables out again from its
 * start (lw_fn.shared_base) in the same order, so the offsets agree. */
static bool place_callee_shared(lw_fn *f, uint64_t *shared)
{
    const ptx_module *m = f->m;
    f->func_shared = calloc(m->nfuncs + 1, sizeof *f->func_shared);
    if (f->func_shared == NULL)
        return lw_fail(f, f->fn->line, "out of memory lowering '%s'", f->fn->name);
    for (uint32_t fi = 0; fi < m->nfuncs; fi++) {
        if (!f->reach[fi])
            continue;
        f->func_shared[fi] = (uint32_t)*shared;
        const ptx_func *g = &m->funcs[fi];
        for (uint32_t i = 0; i < g->nvars; i++) {
            uint32_t off;
            if (is_dynamic_shared(&g->vars[i]))
                return lw_fail_unsupported(f, g->vars[i].line, "dynamic .shared variable '%s' declared in the "
                               ".func '%s' is not supported yet", g->vars[i].name, g->name);
            if (g->vars[i].space == PTX_SPACE_SHARED && !place(f, &g->vars[i], shared, &off))
                return false;
        }
    }
    return true;
}

static bool layout_params(lw_fn *f, isa_kernel *k)
{
    const ptx_func *fn = f->fn;
    uint64_t top = 0;
    if (fn->nparams > 0) {
        k->params = calloc(fn->nparams, sizeof *k->params);
        f->param_off = calloc(fn->nparams, sizeof *f->param_off);
        if (k->params == NULL || f->param_off == NULL)
            return lw_fail(f, fn->line, "out of memory lowering '%s'", fn->name);
    }
    for (uint32_t i = 0; i < fn->nparams; i++) {
        const ptx_param *p = &fn->params[i];
        uint32_t a = p->align != 0 ? p->align : 1;
        top = (top + a - 1) / a * a;
        if (top + p->size > 0x10000)
            return lw_fail(f, p->line, "parameters of '%s' exceed 64 KiB", fn->name);
        k->params[i].name = dup_str(p->name);
        if (k->params[i].name == NULL)
            return lw_fail(f, p->line, "out of memory lowering '%s'", fn->name);
        k->nparams = i + 1;
        k->params[i].offset = (uint32_t)top;
        k->params[i].size = (uint32_t)p->size;
        k->params[i].align = a;
        f->param_off[i] = (uint32_t)top;
        top += p->size;
    }
    k->param_size = f->param_size = (uint32_t)top;
    return true;
}

bool lw_layout_kernel(lw_fn *f, isa_kernel *k)
{
    const ptx_func *fn = f->fn;
    const ptx_module *m = f->m;
    bool ok = false;
    bool *used = calloc(m->nvars + 1, sizeof *used);
    f->var_off = calloc(fn->nvars + 1, sizeof *f->var_off);
    f->mshared_off = calloc(m->nvars + 1, sizeof *f->mshared_off);
    if (used == NULL || f->var_off == NULL || f->mshared_off == NULL) {
        lw_fail(f, fn->line, "out of memory lowering '%s'", fn->name);
        goto out;
    }
    if (!layout_params(f, k))
        goto out;
    /* the kernel's shared layout covers the functions it calls (lower_func.c) */
    for (uint32_t fi = 0; fi <= m->nfuncs; fi++) {
        const ptx_func *g = fi == m->nfuncs ? fn : &m->funcs[fi];
        if (fi < m->nfuncs && (f->reach == NULL || !f->reach[fi] || f->is_func))
            continue;
        for (uint32_t i = 0; i < g->nbody; i++)
            if (g->body[i].kind == PTX_STMT_INSN)
                for (unsigned j = 0; j < g->body[i].insn.nops; j++)
                    mark_operand(&g->body[i].insn.ops[j], used, m->nvars);
    }
    uint64_t shared = f->is_func ? f->shared_base : 0, local = 0;
    for (uint32_t i = 0; i < fn->nvars; i++) {
        const ptx_var *v = &fn->vars[i];
        f->var_off[i] = LW_NONE;
        if (v->space == PTX_SPACE_SHARED && !is_dynamic_shared(v) &&
            !place(f, v, &shared, &f->var_off[i]))
            goto out;
        if (v->space == PTX_SPACE_LOCAL && !place(f, v, &local, &f->var_off[i]))
            goto out;
    }
    for (uint32_t i = 0; i < m->nvars; i++) {
        const ptx_var *v = &m->vars[i];
        f->mshared_off[i] = LW_NONE;
        if (used[i] && v->space == PTX_SPACE_SHARED && !is_dynamic_shared(v) &&
            !place(f, v, &shared, &f->mshared_off[i]))
            goto out;
    }
    if (f->reach != NULL && !f->is_func && !place_callee_shared(f, &shared))
        goto out;
    /* Dynamic shared memory starts after the static part, 16-byte aligned. */
    uint32_t dyn = lw_align_up((uint32_t)shared, 16);
    for (uint32_t i = 0; i < fn->nvars; i++)
        if (is_dynamic_shared(&fn->vars[i]))
            f->var_off[i] = dyn;
    for (uint32_t i = 0; i < m->nvars; i++)
        if (used[i] && is_dynamic_shared(&m->vars[i]))
            f->mshared_off[i] = dyn;
    k->shared_size = f->shared_size = (uint32_t)shared;
    k->local_size = f->local_size = (uint32_t)local;
    ok = true;
out:
    free(used);
    return ok;
}
