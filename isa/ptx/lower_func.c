/* isa/ptx/lower_func.c — calls of .func definitions, caller side: which
 * function a call names, where its arguments go, and the CALL itself.
 *
 * Arguments and results travel through memory (docs/architecture.md): the
 * caller keeps an outgoing argument area at the bottom of its frame, at
 * [R1, R1 + out_size), and each call's `.param` variables (declared in the
 * call sequence) become fixed offsets in it, so `st.param [param0]` before
 * the call and `ld.param [retval0]` after it are plain STL/LDL. The callee
 * finds the same bytes just above its own frame.
 */
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

const ptx_func *lw_func_callee(const ptx_module *m, const ptx_insn *in, uint32_t *index)
{
    if (in->opcode == NULL || strcmp(in->opcode, "call") != 0)
        return NULL;
    unsigned k = in->nops > 0 && in->ops[0].kind == PTX_OPND_LIST ? 1 : 0;
    if (k >= in->nops || in->ops[k].kind != PTX_OPND_SYM || in->ops[k].sym.kind != PTX_SYM_FUNC ||
        in->ops[k].sym.index >= m->nfuncs)
        return NULL;
    /* a prototype declared before the definition names the same function */
    return lw_func_defined(m, in->ops[k].sym.index, index);
}

/* The defined function of module function idx (a declaration resolves by
 * name), or NULL. */
const ptx_func *lw_func_defined(const ptx_module *m, uint32_t idx, uint32_t *index)
{
    if (idx >= m->nfuncs)
        return NULL;
    const ptx_func *fn = &m->funcs[idx];
    for (uint32_t i = 0; !fn->has_body && i < m->nfuncs; i++)
        if (m->funcs[i].has_body && !m->funcs[i].is_entry &&
            strcmp(m->funcs[i].name, fn->name) == 0) {
            idx = i;
            fn = &m->funcs[i];
        }
    if (!fn->has_body || fn->is_entry)
        return NULL;
    if (index != NULL)
        *index = idx;
    return fn;
}

const ptx_func *lw_func_proto(const ptx_module *m, const ptx_insn *in)
{
    if (in->opcode == NULL || strcmp(in->opcode, "call") != 0)
        return NULL;
    unsigned k = in->nops > 0 && in->ops[0].kind == PTX_OPND_LIST ? 1 : 0;
    if (k + 2 >= in->nops || in->ops[k].kind != PTX_OPND_REG)
        return NULL;
    /* a .calltargets list: the first target gives the layout */
    const ptx_operand *o = &in->ops[k + 2];
    if (o->kind == PTX_OPND_LIST && o->nelems > 0)
        o = &o->elems[0];
    if (o->kind != PTX_OPND_SYM || o->sym.kind != PTX_SYM_FUNC || o->sym.index >= m->nfuncs)
        return NULL;
    return &m->funcs[o->sym.index];
}

uint32_t lw_func_arg_off(const ptx_func *callee, bool ret, uint32_t i, uint32_t *size)
{
    uint32_t off = 0, at = 0;
    for (uint32_t n = 0; n < callee->nparams + callee->nrets; n++) {
        const ptx_param *p = n < callee->nparams ? &callee->params[n]
                                                 : &callee->rets[n - callee->nparams];
        off = lw_align_up(off, p->align != 0 ? p->align : 1);
        if (n == (ret ? callee->nparams + i : i))
            at = off;
        off += (uint32_t)p->size;
    }
    if (size != NULL)
        *size = lw_align_up(off, 16);
    return at;
}

/* Assigns the .param variables of call list `list` their offsets. */
static bool place_list(lw_fn *f, const ptx_insn *in, const ptx_operand *list,
                       const ptx_func *callee, bool ret)
{
    uint32_t want = ret ? callee->nrets : callee->nparams;
    uint32_t have = list != NULL ? list->nelems : 0;
    if (have != want)
        return lw_fail(f, in->line, "the call of '%s' passes %u %s, the function declares %u",
                       callee->name, have, ret ? "results" : "arguments", want);
    for (uint32_t i = 0; i < have; i++) {
        const ptx_operand *o = &list->elems[i];
        const ptx_param *p = ret ? &callee->rets[i] : &callee->params[i];
        if (o->kind != PTX_OPND_SYM || o->sym.kind != PTX_SYM_LOCAL_VAR ||
            o->sym.index >= f->fn->nvars || f->fn->vars[o->sym.index].space != PTX_SPACE_PARAM)
            return lw_fail_unsupported(f, in->line, "%s %u of the call of '%s' is not a .param variable "
                           "(not supported yet)", ret ? "result" : "argument", i + 1,
                           callee->name);
        const ptx_var *v = &f->fn->vars[o->sym.index];
        if (v->size != p->size)
            return lw_fail(f, in->line, "%s %u of the call of '%s' has %llu bytes, the function "
                           "declares %llu", ret ? "result" : "argument", i + 1, callee->name,
                           (unsigned long long)v->size, (unsigned long long)p->size);
        uint32_t off = lw_func_arg_off(callee, ret, i, NULL) + 1;
        uint32_t *slot = &f->callout[o->sym.index];
        if (*slot != 0 && *slot != off)
            return lw_fail_unsupported(f, in->line, ".param variable '%s' is used by calls with different "
                           "signatures (not supported yet)", v->name);
        *slot = off;
    }
    return true;
}

bool lw_func_scan_calls(lw_fn *f)
{
    f->callout = calloc(f->fn->nvars + 1, sizeof *f->callout);
    if (f->callout == NULL)
        return lw_fail(f, f->fn->line, "out of memory lowering '%s'", f->fn->name);
    for (uint32_t s = 0; s < f->fn->nbody; s++) {
        const ptx_stmt *st = &f->fn->body[s];
        if (st->kind != PTX_STMT_INSN)
            continue;
        const ptx_insn *in = &st->insn;
        const ptx_func *callee = lw_func_callee(f->m, in, NULL);
        const ptx_func *proto = callee == NULL ? lw_func_proto(f->m, in) : NULL;
        if (proto != NULL)
            callee = proto;   /* an indirect call: the prototype gives the layout */
        if (callee == NULL)
            continue;
        unsigned k = in->ops[0].kind == PTX_OPND_LIST ? 1 : 0;
        const ptx_operand *args = k + 1 < in->nops ? &in->ops[k + 1] : NULL;
        if (args != NULL && args->kind != PTX_OPND_LIST)
            return lw_fail(f, in->line, "the call of '%s' needs a parenthesised argument list",
                           callee->name);
        if (k + 2 < in->nops && (proto == NULL || k + 3 < in->nops))
            return lw_fail_unsupported(f, in->line, "a call with a target list is not supported yet");
        uint32_t size;
        lw_func_arg_off(callee, false, 0, &size);
        if (!place_list(f, in, args, callee, false) ||
            !place_list(f, in, k ? &in->ops[0] : NULL, callee, true))
            return false;
        if (size > f->out_size)
            f->out_size = size;
    }
    return true;
}

bool lw_isel_call_indirect(lw_fn *f, unsigned k)
{
    lw_reg r;
    if (f->callout == NULL)
        return lw_fail(f, f->ci->line, "internal error: indirect call outside a calling kernel");
    if (!lw_reg_of(f, k, PTX_T_U64, &r))
        return false;
    lw_insn *i = lw_emit(f, OP_CALLR);
    if (i == NULL)
        return false;
    /* the pair's low register: CALLR reads the whole 64-bit function id */
    lw_set(i, LW_A, lw_word(r, 0));
    return true;
}

bool lw_func_addr(lw_fn *f, uint32_t index, unsigned words, lw_reg d)
{
    lw_insn *i = lw_emit(f, OP_MOV);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, lw_word(d, 0));
    lw_setb(i, lw_imm(index));
    i->in.imm2 = LW_FUNC_ADDR;   /* relocated by lower_func_link.c */
    /* the high word tags the value as a function id (isa/module.h) */
    return words == 1 || lw_mov32(f, lw_word(d, 1), lw_imm(ISA_FUNC_ID_HI));
}

bool lw_isel_call_func(lw_fn *f, const ptx_func *callee, uint32_t index)
{
    (void)callee;
    lw_insn *i = lw_emit(f, OP_CALL);
    if (i == NULL)
        return false;
    i->in.imm = index;   /* the function's module index until linking */
    return true;
}

uint32_t lw_func_local_base(const lw_fn *f)
{
    return lw_align_up(f->out_size, 16);
}

/* d = R1 + the frame offset of local window offset `off` (high word 0). */
bool lw_func_local_addr(lw_fn *f, uint32_t off, unsigned words, lw_reg d)
{
    lw_insn *i = lw_emit(f, OP_IADD);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, lw_word(d, 0));
    lw_set(i, LW_A, lw_rz());
    i->in.a = LW_SP;
    lw_setb(i, lw_imm(lw_func_local_base(f) + off));
    return words == 1 || lw_mov32(f, lw_word(d, 1), lw_imm(0));
}
