/* isa/ptx/lower_isel_call.c — calls of the runtime built-ins (vprintf,
 * __assertfail, malloc, free: `.extern .func` without a body), the
 * .calltargets check of indirect calls, trap, brkpt and nanosleep.
 *
 * nvcc passes call arguments through `.param` variables declared in the
 * call sequence: `st.param [param0], v` before the call, `ld.param v,
 * [retval0]` after it. Those variables become virtual registers here, the
 * call copies them into the consecutive argument block SYS reads (see the
 * SYS row of isa.def), and SYS writes the result into retval's register.
 */
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* A call .param variable of this function named by address operand o. */
static bool call_var(const lw_fn *f, const ptx_operand *o, uint32_t *var)
{
    if (o->kind != PTX_OPND_ADDR || o->base_kind != PTX_OPND_SYM ||
        o->sym.kind != PTX_SYM_LOCAL_VAR || o->sym.index >= f->fn->nvars ||
        f->fn->vars[o->sym.index].space != PTX_SPACE_PARAM ||
        (f->callout != NULL && f->callout[o->sym.index] != 0))   /* a .func call's (lower_func.c) */
        return false;
    *var = o->sym.index;
    return true;
}

/* The register of call variable `var` (1 or 2 words), made on first use. */
static bool var_reg(lw_fn *f, uint32_t var, lw_reg *out)
{
    const ptx_var *v = &f->fn->vars[var];
    if (v->size != 4 && v->size != 8)
        return lw_fail_unsupported(f, f->ci->line, "call parameter '%s' of %llu bytes is not supported yet "
                       "(only 32- and 64-bit scalars)", v->name, (unsigned long long)v->size);
    if (f->callvar == NULL && (f->callvar = calloc(f->fn->nvars, sizeof *f->callvar)) == NULL)
        return lw_fail(f, f->ci->line, "out of memory");
    if (f->callvar[var] == 0 &&
        (f->callvar[var] = lw_new_vreg(f, LW_CLS_R, (unsigned)(v->size / 4))) == 0)
        return false;
    *out = (lw_reg){ f->callvar[var], 0, 0, 0 };
    return true;
}

/* Words of the access: the instruction's type must fill the variable. */
static bool param_access(lw_fn *f, const ptx_operand *addr, uint32_t var, unsigned *words)
{
    const ptx_var *v = &f->fn->vars[var];
    if (!lw_mods_only(f, LWM_SPACE | LWM_TYPE) || f->cm.ntypes != 1)
        return lw_unsupported(f);
    unsigned size = ptx_type_size(f->cm.type[0]);
    if (addr->offset != 0 || size != v->size)
        return lw_fail_unsupported(f, f->ci->line, "a %u-byte access at offset %lld of call parameter '%s' "
                       "(%llu bytes) is not supported yet", size, (long long)addr->offset,
                       v->name, (unsigned long long)v->size);
    *words = size / 4;
    return true;
}

bool lw_isel_st_param(lw_fn *f)
{
    uint32_t var;
    if (f->ci->nops < 2 || f->cm.space != PTX_SPACE_PARAM || !call_var(f, &f->ci->ops[0], &var))
        return lw_isel_st(f);
    unsigned words;
    lw_reg d;
    lw_src s;
    if (!param_access(f, &f->ci->ops[0], var, &words) || !var_reg(f, var, &d) ||
        !lw_src_of(f, 1, f->cm.type[0], true, &s))
        return false;
    if (!s.is_imm)
        return lw_copy(f, d, s.r, words);
    /* a 64-bit immediate operand is a sign-extended 32-bit value */
    return lw_mov32(f, lw_word(d, 0), s) &&
           (words == 1 || lw_mov32(f, lw_word(d, 1), lw_imm((int32_t)s.imm < 0 ? ~0u : 0)));
}

bool lw_isel_ld_param(lw_fn *f)
{
    uint32_t var;
    if (f->ci->nops < 2 || f->cm.space != PTX_SPACE_PARAM || !call_var(f, &f->ci->ops[1], &var))
        return lw_isel_ld(f);
    unsigned words;
    lw_reg s, d;
    return param_access(f, &f->ci->ops[1], var, &words) && var_reg(f, var, &s) &&
           lw_dst(f, 0, words, &d) && lw_copy(f, d, s, words);
}

/* A built-in: its name, SYS function, parameter sizes and result size. */
typedef struct builtin {
    const char *name;
    uint8_t     fn;
    uint8_t     nparams;
    uint8_t     psize[5];
    uint8_t     rsize;      /* 0: no result */
} builtin;

static const builtin builtins[] = {
    { "vprintf",      MOD_SYS_VPRINTF,    2, { 8, 8 },          4 },
    { "__assertfail", MOD_SYS_ASSERTFAIL, 5, { 8, 8, 4, 8, 8 }, 0 },
    { "malloc",       MOD_SYS_MALLOC,     1, { 8 },             8 },
    { "free",         MOD_SYS_FREE,       1, { 8 },             0 },
};

/* Checks the callee's declaration against the built-in's signature. */
static const builtin *find_builtin(lw_fn *f, const ptx_func *callee)
{
    for (unsigned i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        const builtin *b = &builtins[i];
        if (strcmp(callee->name, b->name) != 0)
            continue;
        bool ok = callee->nparams == b->nparams && callee->nrets == (b->rsize != 0) &&
                  (b->rsize == 0 || callee->rets[0].size == b->rsize);
        for (unsigned p = 0; ok && p < b->nparams; p++)
            ok = callee->params[p].size == b->psize[p];
        if (!ok) {
            lw_fail(f, f->ci->line, "'%s' is declared with a signature that differs from the "
                    "CUDA built-in's", callee->name);
            return NULL;
        }
        return b;
    }
    lw_fail_unsupported(f, f->ci->line, "calls to '%s' are not supported yet (only the built-ins "
            "vprintf, __assertfail, malloc and free; device functions are inlined by nvcc "
            "unless marked noinline)", callee->name);
    return NULL;
}

/* The registers of the call's argument list, checked against the callee. */
static bool call_args(lw_fn *f, const ptx_operand *list, const builtin *b, lw_reg *arg)
{
    if (list == NULL || list->kind != PTX_OPND_LIST || list->nelems != b->nparams)
        return lw_fail(f, f->ci->line, "the call of '%s' needs %u arguments", b->name, b->nparams);
    for (unsigned i = 0; i < b->nparams; i++) {
        const ptx_operand *o = &list->elems[i];
        if (o->kind != PTX_OPND_SYM || o->sym.kind != PTX_SYM_LOCAL_VAR ||
            o->sym.index >= f->fn->nvars || f->fn->vars[o->sym.index].space != PTX_SPACE_PARAM)
            return lw_fail_unsupported(f, f->ci->line, "argument %u of the call of '%s' is not a .param "
                           "variable (not supported yet)", i + 1, b->name);
        if (f->fn->vars[o->sym.index].size != b->psize[i])
            return lw_fail(f, f->ci->line, "argument %u of the call of '%s' has %llu bytes, the "
                           "parameter %u", i + 1, b->name,
                           (unsigned long long)f->fn->vars[o->sym.index].size, b->psize[i]);
        if (!var_reg(f, o->sym.index, &arg[i]))
            return false;
    }
    return true;
}

/* Word k of a 4-word argument block (written one word at a time). */
static lw_reg block_word(lw_reg q, unsigned k)
{
    return (lw_reg){ q.v, (uint8_t)k, 0, 1 };
}

/* A 4-word block holding x (1 or 2 words) at word 0 and y at word 2;
 * unused words are zero so the whole block is defined. */
static bool quad(lw_fn *f, lw_reg x, unsigned xw, lw_reg y, lw_reg *q)
{
    *q = lw_tmp(f, 4);
    if (q->v == 0)
        return false;
    for (unsigned k = 0; k < 2; k++)
        if (!lw_mov32(f, block_word(*q, k), k < xw ? lw_rsrc(lw_word(x, k)) : lw_imm(0)) ||
            !lw_mov32(f, block_word(*q, 2 + k), lw_rsrc(lw_word(y, k))))
            return false;
    return true;
}

/* Same parameter and result lists (sizes and alignments) as `first`. */
static bool same_signature(const ptx_func *a, const ptx_func *b)
{
    if (a->nparams != b->nparams || a->nrets != b->nrets)
        return false;
    for (uint32_t i = 0; i < a->nparams + a->nrets; i++) {
        const ptx_param *x = i < a->nparams ? &a->params[i] : &a->rets[i - a->nparams];
        const ptx_param *y = i < a->nparams ? &b->params[i] : &b->rets[i - a->nparams];
        if (x->size != y->size || x->align != y->align)
            return false;
    }
    return true;
}

/* call (r), %fp, (args), tlist with a .calltargets list: PTX leaves a
 * pointer outside the list undefined; Cobalt checks it (precise fault)
 *     ISETP.EQ.U64.OR P, fp, id(f_k), P   for each target (P starts false)
 *     CALLCHK fp, n, P
 * since CALLR alone would call any address-taken function of the module.
 * A prototype (SYM operand) needs nothing: CALLR checks the id. */
static bool check_targets(lw_fn *f, unsigned k)
{
    const ptx_insn *ci = f->ci;
    const ptx_operand *t = &ci->ops[k + 2];
    if (t->kind != PTX_OPND_LIST)
        return true;
    lw_reg fp, p = lw_ptmp(f);
    if (p.v == 0 || !lw_reg_of(f, k, PTX_T_U64, &fp))
        return false;
    const ptx_func *first = lw_func_proto(f->m, ci);
    for (unsigned j = 0; j < t->nelems; j++) {
        const ptx_operand *e = &t->elems[j];
        uint32_t idx;
        if (e->kind != PTX_OPND_SYM || e->sym.kind != PTX_SYM_FUNC ||
            lw_func_defined(f->m, e->sym.index, &idx) == NULL)
            return lw_fail(f, ci->line, "'%s' in the .calltargets list is not a function "
                           "defined in this module", e->sym.name);
        if (!same_signature(first, &f->m->funcs[idx]))
            return lw_fail(f, ci->line, "'%s' in the .calltargets list has parameters or "
                           "results that differ from those of '%s'", e->sym.name, first->name);
        lw_reg id = lw_tmp(f, 2);
        if (id.v == 0 || !lw_func_addr(f, idx, 2, id))
            return false;
        lw_insn *c = lw_emit(f, OP_ISETP);
        if (c == NULL)
            return false;
        c->in.mod[0] = MOD_CMP_EQ;
        c->in.mod[1] = MOD_U64;
        c->in.mod[2] = MOD_OR;
        lw_set(c, LW_E, p);
        lw_set(c, LW_A, lw_word(fp, 0));
        lw_set(c, LW_B, lw_word(id, 0));
        /* the first compare starts from false (!PT) */
        lw_set(c, LW_C, j == 0 ? (lw_reg){ .v = 0, .neg = 1 } : p);
    }
    lw_insn *chk = lw_emit(f, OP_CALLCHK);
    if (chk == NULL)
        return false;
    lw_set(chk, LW_A, lw_word(fp, 0));
    chk->in.imm = t->nelems;
    lw_set(chk, LW_C, p);
    return true;
}

bool lw_isel_call(lw_fn *f)
{
    const ptx_insn *ci = f->ci;
    if (!lw_mods_only(f, LWM_UNI))
        return false;
    unsigned k = 0;
    const ptx_operand *ret = NULL;
    if (ci->nops > 0 && ci->ops[0].kind == PTX_OPND_LIST)
        ret = &ci->ops[k++];
    if (k < ci->nops && ci->ops[k].kind == PTX_OPND_REG && lw_func_proto(f->m, ci) != NULL)
        return check_targets(f, k) && lw_isel_call_indirect(f, k);   /* lower_func.c */
    if (k >= ci->nops || ci->ops[k].kind != PTX_OPND_SYM || ci->ops[k].sym.kind != PTX_SYM_FUNC ||
        ci->ops[k].sym.index >= f->m->nfuncs)
        return lw_fail_unsupported(f, ci->line, "indirect calls without a prototype are not supported yet");
    uint32_t index;
    const ptx_func *callee = lw_func_callee(f->m, ci, &index);
    if (callee != NULL)
        return lw_isel_call_func(f, callee, index);
    callee = &f->m->funcs[ci->ops[k].sym.index];
    const builtin *b = find_builtin(f, callee);
    if (b == NULL)
        return false;
    if (ci->nops > k + 2)
        return lw_fail_unsupported(f, ci->line, "call with a prototype or target list is not supported yet");
    lw_reg arg[5], res = lw_rz(), a, bb = lw_rz();
    if (!call_args(f, k + 1 < ci->nops ? &ci->ops[k + 1] : NULL, b, arg))
        return false;
    if (ret != NULL && ret->nelems > 0) {
        const ptx_operand *r = &ret->elems[0];
        if (ret->nelems != 1 || b->rsize == 0 || r->kind != PTX_OPND_SYM ||
            r->sym.kind != PTX_SYM_LOCAL_VAR || r->sym.index >= f->fn->nvars ||
            f->fn->vars[r->sym.index].size != b->rsize)
            return lw_fail(f, ci->line, "the result of '%s' must go to one %u-byte .param "
                           "variable", b->name, b->rsize);
        if (!var_reg(f, r->sym.index, &res))
            return false;
    }
    switch (b->fn) {
    case MOD_SYS_VPRINTF:
        if (!quad(f, arg[0], 2, arg[1], &a))
            return false;
        break;
    case MOD_SYS_ASSERTFAIL:
        /* message, file | line, function; charSize (always 1) is not needed */
        if (!quad(f, arg[0], 2, arg[1], &a) || !quad(f, arg[2], 1, arg[3], &bb))
            return false;
        break;
    default:
        a = arg[0];
        break;
    }
    lw_insn *i = lw_emit(f, OP_SYS);
    if (i == NULL)
        return false;
    i->in.mod[0] = b->fn;
    lw_set(i, LW_D, res);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, bb);
    return true;
}

bool lw_isel_trap(lw_fn *f)
{
    if (!lw_mods_only(f, 0) || !lw_nops(f, 0))
        return false;
    return lw_emit(f, OP_TRAP) != NULL;
}

/* nanosleep.u32 t: a scheduling hint, kept so the ISA says what PTX did. */
bool lw_isel_nanosleep(lw_fn *f)
{
    lw_src s;
    if (!lw_mods_only(f, LWM_TYPE) || !lw_nops(f, 1) || !lw_src_of(f, 0, PTX_T_U32, true, &s))
        return false;
    lw_insn *i = lw_emit(f, OP_NANOSLEEP);
    if (i == NULL)
        return false;
    lw_setb(i, s);
    return true;
}
