/* isa/ptx/lower_module.c — the lowering driver: module layout, then per
 * kernel CFG -> post-dominators -> data layout -> instruction selection ->
 * register allocation -> emission. */
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

void lw_fn_free(lw_fn *f)
{
    for (uint32_t b = 0; b < f->nblocks; b++)
        free(f->blocks[b].insns);
    free(f->blocks);
    free(f->stmt_block);
    free(f->alias);
    free(f->vregs);
    free(f->phys);
    free(f->param_off);
    free(f->var_off);
    free(f->mshared_off);
    free(f->callvar);
    free(f->callout);
    free(f->func_shared);
}

/* One vreg per PTX register, in declaration order (vreg = index + 1). */
static bool declare_regs(lw_fn *f)
{
    if (lw_new_vreg(f, LW_CLS_R, 1) != 0)   /* vreg 0: "none" */
        return lw_fail(f, f->fn->line, "internal error: vreg 0 already taken");
    if (f->nvregs != 1)
        return false;
    for (uint32_t r = 0; r < f->fn->nregs; r++) {
        const ptx_reg *pr = &f->fn->regs[r];
        unsigned vec = pr->vec > 1 ? pr->vec : 1;
        bool pred = pr->type == PTX_T_PRED;
        if (lw_new_vreg(f, pred ? LW_CLS_P : LW_CLS_R, pred ? 1 : lw_words_of(pr->type) * vec) == 0)
            return false;
    }
    return true;
}

static uint32_t ntid_product(const uint32_t d[3])
{
    if (d[0] == 0 && d[1] == 0 && d[2] == 0)
        return 0;
    return (d[0] ? d[0] : 1) * (d[1] ? d[1] : 1) * (d[2] ? d[2] : 1);
}

static bool func_layout(lw_fn *f)
{
    size_t n = (size_t)f->m->nvars + 1;
    memcpy(f->mshared_off, f->kernel_mshared, n * sizeof *f->mshared_off);
    return true;
}

bool lw_lower_one(lw_fn *f, isa_kernel *k)
{
    const ptx_func *fn = f->fn;
    k->name = dup_str(fn->name);
    if (k->name == NULL)
        return lw_fail(f, fn->line, "out of memory lowering '%s'", fn->name);
    if (!declare_regs(f) || !lw_vector_groups(f) || !lw_build_cfg(f) || !lw_postdom(f) ||
        !lw_layout_kernel(f, k))
        return false;
    if ((f->is_func && !func_layout(f)) || (f->uses_sp && !lw_func_scan_calls(f)) ||
        !lw_isel(f) || !lw_regalloc(f) || !lw_emit_kernel(f, k))
        return false;
    k->nregs = f->nregs;
    k->npreds = f->npreds;
    k->local_size = f->local_size;   /* with register spill slots */
    k->spill_size = f->spill_size;
    k->spill_stores = f->spill_stores;
    k->spill_loads = f->spill_loads;
    k->maxntid = ntid_product(fn->maxntid);
    memcpy(k->reqntid, fn->reqntid, sizeof k->reqntid);
    return true;
}

/* Calls a function, directly or through a pointer, or takes one's address. */
static bool calls_functions(const ptx_module *m, const ptx_func *fn)
{
    for (uint32_t i = 0; i < fn->nbody; i++) {
        const ptx_insn *in = &fn->body[i].insn;
        if (fn->body[i].kind != PTX_STMT_INSN)
            continue;
        if (lw_func_proto(m, in) != NULL)
            return true;
        for (unsigned j = 0; j < in->nops; j++)
            if (in->ops[j].kind == PTX_OPND_SYM && in->ops[j].sym.kind == PTX_SYM_FUNC &&
                lw_func_defined(m, in->ops[j].sym.index, NULL) != NULL)
                return true;
    }
    return false;
}

static bool lower_kernel(const ptx_module *m, const ptx_func *fn, const uint32_t *modvar_off,
                         isa_kernel *k, char *err, size_t errlen, ptx_status *status)
{
    if (calls_functions(m, fn))
        return lw_lower_with_calls(m, fn, modvar_off, k, err, errlen, status);
    lw_fn f = { .m = m, .fn = fn, .modvar_off = modvar_off, .err = err, .errlen = errlen,
                .status = status };
    bool ok = lw_lower_one(&f, k);
    lw_fn_free(&f);
    return ok;
}

isa_module *ptx_lower(const ptx_module *m, char *err, size_t errlen)
{
    return ptx_lower_ex(m, err, errlen, NULL);
}

/* Failures no helper classified (module layout, out of memory in the
 * driver) are reported as invalid input. */
isa_module *ptx_lower_ex(const ptx_module *m, char *err, size_t errlen, ptx_status *status)
{
    ptx_status st = PTX_OK;
    if (status != NULL)
        *status = PTX_OK;
    if (errlen > 0)
        err[0] = '\0';
    if (m == NULL) {
        snprintf(err, errlen, "<ptx>:1: no module to lower");
        return NULL;
    }
    isa_module *out = calloc(1, sizeof *out);
    uint32_t *modvar_off = calloc(m->nvars + 1, sizeof *modvar_off);
    uint32_t nk = 0;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        nk += m->funcs[i].is_entry && m->funcs[i].has_body;
    if (out == NULL || modvar_off == NULL ||
        (nk > 0 && (out->kernels = calloc(nk, sizeof *out->kernels)) == NULL)) {
        snprintf(err, errlen, "%s:1: out of memory lowering the module",
                 m->filename != NULL ? m->filename : "<ptx>");
        goto fail;
    }
    snprintf(out->target, sizeof out->target, "%s", m->target);
    if (!lw_layout_module(m, out, modvar_off, err, errlen) ||
        !lw_layout_relocs(m, out, err, errlen, &st))
        goto fail;
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        const ptx_func *fn = &m->funcs[i];
        if (!fn->is_entry || !fn->has_body)
            continue;
        isa_kernel *k = &out->kernels[out->nkernels++];
        if (!lower_kernel(m, fn, modvar_off, k, err, errlen, &st))
            goto fail;
    }
    free(modvar_off);
    return out;
fail:
    if (status != NULL)
        *status = st != PTX_OK ? st : PTX_ERR_INVALID;
    free(modvar_off);
    isa_module_free(out);
    return NULL;
}

isa_module *ptx_compile(const char *text, size_t len, const char *filename,
                        char *err, size_t errlen)
{
    return ptx_compile_ex(text, len, filename, err, errlen, NULL);
}

isa_module *ptx_compile_ex(const char *text, size_t len, const char *filename,
                           char *err, size_t errlen, ptx_status *status)
{
    ptx_module *m = ptx_parse_ex(text, len, filename, err, errlen, status);
    if (m == NULL)
        return NULL;
    isa_module *out = ptx_lower_ex(m, err, errlen, status);
    ptx_module_free(m);
    return out;
}
