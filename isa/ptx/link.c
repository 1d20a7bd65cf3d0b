/* isa/ptx/link.c — merging the PTX modules of an -rdc program (link.h).
 *
 * Modules are linked in place: the output's function and variable tables
 * are new, but the entries point at the inputs' bodies, whose symbol
 * operands are rewritten to the output indices (link_remap.c); the inputs'
 * arenas then move into the output's, so one free releases everything.
 * Symbol tables are small (a few hundred names): names are found by
 * linear search.
 */
#include "isa/ptx/link_internal.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* `.extern .func`s that the lowering implements itself (lower_isel_call.c). */
static const char *const builtin_funcs[] = { "vprintf", "__assertfail", "malloc", "free" };

int lk_fail(lk *l, const char *fmt, ...)
{
    int n = snprintf(l->err, l->errlen, "link: ");
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < l->errlen)
        vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *mname(const lk *l, uint32_t mod)
{
    return l->in[mod]->filename ? l->in[mod]->filename : "<module>";
}

static bool is_global_linkage(ptx_linkage k)
{
    return k == PTX_LINK_VISIBLE || k == PTX_LINK_WEAK || k == PTX_LINK_COMMON;
}

static lk_def *find_def(const lk *l, const char *name)
{
    lk_def *d = l->defs.data;
    for (uint32_t i = 0; i < l->defs.n; i++)
        if (strcmp(d[i].name, name) == 0)
            return &d[i];
    return NULL;
}

/* Records one program-wide definition; strong beats weak, two strong fail. */
static int add_def(lk *l, const char *name, bool is_func, bool weak, uint32_t mod, uint32_t idx)
{
    lk_def *d = find_def(l, name);
    if (d) {
        if (d->is_func != is_func)
            return lk_fail(l, "%s is a %s in %s but a %s in %s", name,
                           d->is_func ? "function" : "variable", mname(l, d->mod),
                           is_func ? "function" : "variable", mname(l, mod));
        if (!d->weak && !weak)
            return lk_fail(l, "duplicate definition of %s in %s and %s", name,
                           mname(l, d->mod), mname(l, mod));
        if (d->weak && !weak) {
            d->weak = 0;
            d->mod = mod;
            d->index = idx;
        }
        return 0;
    }
    d = avec_push(l->a, &l->defs, sizeof *d);
    if (!d)
        return lk_fail(l, "out of memory");
    *d = (lk_def){ .name = name, .is_func = is_func, .weak = weak, .mod = mod, .index = idx,
                   .out = UINT32_MAX };
    return 0;
}

static int collect_defs(lk *l)
{
    for (uint32_t m = 0; m < l->n; m++) {
        const ptx_module *pm = l->in[m];
        for (uint32_t i = 0; i < pm->nfuncs; i++) {
            const ptx_func *f = &pm->funcs[i];
            if (f->has_body && is_global_linkage(f->linkage) &&
                add_def(l, f->name, true, f->linkage != PTX_LINK_VISIBLE, m, i))
                return -1;
        }
        for (uint32_t i = 0; i < pm->nvars; i++) {
            const ptx_var *v = &pm->vars[i];
            if (is_global_linkage(v->linkage) &&
                add_def(l, v->name, false, v->linkage != PTX_LINK_VISIBLE, m, i))
                return -1;
        }
    }
    return 0;
}

/* A name no program-wide symbol and no emitted internal symbol uses. */
static bool name_taken(const lk *l, const char *name)
{
    if (find_def(l, name))
        return true;
    const ptx_func *f = l->funcs.data;
    for (uint32_t i = 0; i < l->funcs.n; i++)
        if (strcmp(f[i].name, name) == 0)
            return true;
    const ptx_var *v = l->vars.data;
    for (uint32_t i = 0; i < l->vars.n; i++)
        if (strcmp(v[i].name, name) == 0)
            return true;
    return false;
}

/* The output name of module m's internal symbol: its own, or "name$m"
 * ("name$m$k" in the unlikely case that is taken too). */
static const char *internal_name(lk *l, const char *name, uint32_t m)
{
    if (!name_taken(l, name))
        return name;
    char buf[512];
    for (unsigned k = 0; k < 1000; k++) {
        if (k == 0)
            snprintf(buf, sizeof buf, "%s$%u", name, m);
        else
            snprintf(buf, sizeof buf, "%s$%u$%u", name, m, k);
        if (!name_taken(l, buf))
            return arena_strndup(l->a, buf, strlen(buf));
    }
    return NULL;
}

static uint32_t emit_func(lk *l, const ptx_func *f, const char *name)
{
    ptx_func *o = avec_push(l->a, &l->funcs, sizeof *o);
    if (!o)
        return UINT32_MAX;
    *o = *f;
    o->name = name;
    return l->funcs.n - 1;
}

static uint32_t emit_var(lk *l, const ptx_var *v, const char *name)
{
    ptx_var *o = avec_push(l->a, &l->vars, sizeof *o);
    if (!o)
        return UINT32_MAX;
    *o = *v;
    o->name = name;
    return l->vars.n - 1;
}

/* Pass 1: every definition gets its output slot (program-wide ones once). */
static int emit_defs(lk *l)
{
    lk_def *defs = l->defs.data;
    for (uint32_t d = 0; d < l->defs.n; d++) {
        const ptx_module *pm = l->in[defs[d].mod];
        defs[d].out = defs[d].is_func ? emit_func(l, &pm->funcs[defs[d].index], defs[d].name)
                                      : emit_var(l, &pm->vars[defs[d].index], defs[d].name);
        if (defs[d].out == UINT32_MAX)
            return lk_fail(l, "out of memory");
    }
    for (uint32_t m = 0; m < l->n; m++) {
        const ptx_module *pm = l->in[m];
        for (uint32_t i = 0; i < pm->nfuncs; i++) {
            const ptx_func *f = &pm->funcs[i];
            if (is_global_linkage(f->linkage) && f->has_body) {
                l->fmap[m][i] = find_def(l, f->name)->out;
            } else if (f->has_body) {
                const char *nm = internal_name(l, f->name, m);
                if (!nm || (l->fmap[m][i] = emit_func(l, f, nm)) == UINT32_MAX)
                    return lk_fail(l, "out of memory");
            }
        }
        for (uint32_t i = 0; i < pm->nvars; i++) {
            const ptx_var *v = &pm->vars[i];
            if (is_global_linkage(v->linkage)) {
                l->vmap[m][i] = find_def(l, v->name)->out;
            } else if (v->linkage != PTX_LINK_EXTERN) {
                const char *nm = internal_name(l, v->name, m);
                if (!nm || (l->vmap[m][i] = emit_var(l, v, nm)) == UINT32_MAX)
                    return lk_fail(l, "out of memory");
            }
        }
    }
    return 0;
}

static bool same_params(const ptx_param *a, uint32_t na, const ptx_param *b, uint32_t nb)
{
    if (na != nb)
        return false;
    for (uint32_t i = 0; i < na; i++)
        if (a[i].size != b[i].size)
            return false;
    return true;
}

/* A function declaration of module m: this module's own definition of the
 * name (a forward declaration), else the program-wide one, else a built-in. */
static int resolve_func_decl(lk *l, uint32_t m, uint32_t i)
{
    const ptx_module *pm = l->in[m];
    const ptx_func *f = &pm->funcs[i];
    for (uint32_t j = 0; j < pm->nfuncs; j++)
        if (pm->funcs[j].has_body && pm->funcs[j].linkage == PTX_LINK_NONE &&
            strcmp(pm->funcs[j].name, f->name) == 0) {
            l->fmap[m][i] = l->fmap[m][j];
            return 0;
        }
    const lk_def *d = find_def(l, f->name);
    if (d && !d->is_func)
        return lk_fail(l, "%s is a function in %s but a variable in %s", f->name, mname(l, m),
                       mname(l, d->mod));
    if (d) {
        const ptx_func *def = &l->in[d->mod]->funcs[d->index];
        if (!same_params(f->params, f->nparams, def->params, def->nparams) ||
            !same_params(f->rets, f->nrets, def->rets, def->nrets) || f->is_entry != def->is_entry)
            return lk_fail(l, "signature of %s declared in %s (%u params, %u results) differs "
                           "from its definition in %s (%u params, %u results)", f->name,
                           mname(l, m), f->nparams, f->nrets, mname(l, d->mod), def->nparams,
                           def->nrets);
        l->fmap[m][i] = d->out;
        return 0;
    }
    bool builtin = false;
    for (size_t k = 0; k < sizeof builtin_funcs / sizeof builtin_funcs[0]; k++)
        builtin |= strcmp(f->name, builtin_funcs[k]) == 0;
    if (!builtin)
        return lk_fail(l, "unresolved function %s: declared in %s, defined (.visible or .weak) "
                       "in no module", f->name, mname(l, m));
    const ptx_func *o = l->funcs.data;
    for (uint32_t j = 0; j < l->funcs.n; j++)
        if (!o[j].has_body && strcmp(o[j].name, f->name) == 0) {
            l->fmap[m][i] = j;   /* one declaration per built-in */
            return 0;
        }
    if ((l->fmap[m][i] = emit_func(l, f, f->name)) == UINT32_MAX)
        return lk_fail(l, "out of memory");
    return 0;
}

static const char *space_name(ptx_space s)
{
    switch (s) {
    case PTX_SPACE_GLOBAL: return ".global";
    case PTX_SPACE_CONST:  return ".const";
    case PTX_SPACE_SHARED: return ".shared";
    case PTX_SPACE_LOCAL:  return ".local";
    default:               return "(other space)";
    }
}

static int resolve_var_decl(lk *l, uint32_t m, uint32_t i)
{
    const ptx_var *v = &l->in[m]->vars[i];
    const lk_def *d = find_def(l, v->name);
    if (d && d->is_func)
        return lk_fail(l, "%s is a variable in %s but a function in %s", v->name, mname(l, m),
                       mname(l, d->mod));
    if (d) {
        const ptx_var *def = &l->in[d->mod]->vars[d->index];
        if (def->space != v->space)
            return lk_fail(l, "%s is declared %s in %s but defined %s in %s", v->name,
                           space_name(v->space), mname(l, m), space_name(def->space),
                           mname(l, d->mod));
        if (v->size != 0 && def->size != v->size)
            return lk_fail(l, "%s is declared with %llu bytes in %s but defined with %llu bytes "
                           "in %s", v->name, (unsigned long long)v->size, mname(l, m),
                           (unsigned long long)def->size, mname(l, d->mod));
        l->vmap[m][i] = d->out;
        return 0;
    }
    if (v->space == PTX_SPACE_SHARED && v->size == 0) {
        /* dynamic shared memory: every such array is the window's base */
        const ptx_var *o = l->vars.data;
        for (uint32_t j = 0; j < l->vars.n; j++)
            if (o[j].linkage == PTX_LINK_EXTERN && strcmp(o[j].name, v->name) == 0) {
                l->vmap[m][i] = j;
                return 0;
            }
        if ((l->vmap[m][i] = emit_var(l, v, v->name)) == UINT32_MAX)
            return lk_fail(l, "out of memory");
        return 0;
    }
    return lk_fail(l, "unresolved variable %s: declared .extern %s in %s, defined (.visible or "
                   ".weak) in no module", v->name, space_name(v->space), mname(l, m));
}

/* Pass 2: declarations resolve to definitions. */
static int resolve_decls(lk *l)
{
    for (uint32_t m = 0; m < l->n; m++) {
        const ptx_module *pm = l->in[m];
        for (uint32_t i = 0; i < pm->nfuncs; i++)
            if (!pm->funcs[i].has_body && resolve_func_decl(l, m, i))
                return -1;
        for (uint32_t i = 0; i < pm->nvars; i++)
            if (pm->vars[i].linkage == PTX_LINK_EXTERN && resolve_var_decl(l, m, i))
                return -1;
    }
    return 0;
}

/* The output module header: the newest PTX version, the first target. */
static int make_header(lk *l, ptx_module *out)
{
    size_t len = 0;
    for (uint32_t m = 0; m < l->n; m++)
        len += strlen(mname(l, m)) + 1;
    char *fname = arena_alloc(l->a, len + 1);
    if (!fname)
        return lk_fail(l, "out of memory");
    for (uint32_t m = 0; m < l->n; m++) {
        const ptx_module *pm = l->in[m];
        if (m)
            strcat(fname, "+");
        strcat(fname, mname(l, m));
        if (pm->address_size != l->in[0]->address_size)
            return lk_fail(l, "%s has .address_size %u but %s has %u", mname(l, m),
                           pm->address_size, mname(l, 0), l->in[0]->address_size);
        if (pm->version_major > out->version_major ||
            (pm->version_major == out->version_major && pm->version_minor > out->version_minor)) {
            out->version_major = pm->version_major;
            out->version_minor = pm->version_minor;
        }
    }
    out->filename = fname;
    memcpy(out->target, l->in[0]->target, sizeof out->target);
    out->target_debug = l->in[0]->target_debug;
    out->address_size = l->in[0]->address_size;
    return 0;
}

static int link_all(lk *l, ptx_module *out)
{
    for (uint32_t m = 0; m < l->n; m++) {
        uint32_t nf = l->in[m]->nfuncs, nv = l->in[m]->nvars;
        l->fmap[m] = arena_alloc(l->a, (nf ? nf : 1) * sizeof(uint32_t));
        l->vmap[m] = arena_alloc(l->a, (nv ? nv : 1) * sizeof(uint32_t));
        if (!l->fmap[m] || !l->vmap[m])
            return lk_fail(l, "out of memory");
        memset(l->fmap[m], 0xff, (nf ? nf : 1) * sizeof(uint32_t));
        memset(l->vmap[m], 0xff, (nv ? nv : 1) * sizeof(uint32_t));
    }
    if (make_header(l, out) || collect_defs(l) || emit_defs(l) || resolve_decls(l) ||
        lk_remap(l))
        return -1;
    out->funcs = l->funcs.data;
    out->nfuncs = l->funcs.n;
    out->vars = l->vars.data;
    out->nvars = l->vars.n;
    return 0;
}

ptx_module *ptx_link(ptx_module *const *mods, size_t n, char *err, size_t errlen,
                     ptx_status *status)
{
    lk l = { .in = mods, .n = n, .err = err, .errlen = errlen };
    ptx_module *out = NULL;
    if (status)
        *status = PTX_ERR_INVALID;
    if (n == 0 || n > UINT32_MAX / 2) {
        lk_fail(&l, "%zu modules to link (need at least one)", n);
        goto fail_inputs;
    }
    for (size_t i = 0; i < n; i++)
        if (!mods[i]) {
            lk_fail(&l, "module %zu is NULL", i);
            goto fail_inputs;
        }
    l.a = arena_new();
    if (!l.a || !(out = arena_alloc(l.a, sizeof *out)) ||
        !(l.fmap = arena_alloc(l.a, n * sizeof *l.fmap)) ||
        !(l.vmap = arena_alloc(l.a, n * sizeof *l.vmap))) {
        lk_fail(&l, "out of memory");
        goto fail_all;
    }
    out->arena = l.a;
    if (link_all(&l, out))
        goto fail_all;
    for (size_t i = 0; i < n; i++)
        arena_adopt(l.a, mods[i]->arena);
    if (status)
        *status = PTX_OK;
    return out;

fail_all:
    arena_free(l.a);
fail_inputs:
    for (size_t i = 0; i < n; i++)
        ptx_module_free(mods[i]);
    return NULL;
}
