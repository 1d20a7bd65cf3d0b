/* tests/unit/test_ptx_parse.c — the parser on real nvcc / clang output
 * (the modules in tests/ptx/): concrete facts about functions, parameters,
 * registers, variables, initializers, instructions and name resolution. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/ptx_testutil.h"

static ptx_module *load(const char *name)
{
    size_t len = 0;
    char *text = ptx_test_read(name, &len);
    if (!text)
        fail_msg("cannot read tests/ptx/%s (run from the repository root)", name);
    char err[512];
    ptx_module *m = ptx_parse(text, len, name, err, sizeof err);
    free(text);
    if (!m)
        fail_msg("%s", err);
    return m;
}

/* Byte offset of each parameter in the kernel's parameter block. */
static uint64_t param_offset(const ptx_func *f, uint32_t idx)
{
    uint64_t off = 0;
    for (uint32_t i = 0;; i++) {
        off = (off + f->params[i].align - 1) / f->params[i].align * f->params[i].align;
        if (i == idx)
            return off;
        off += f->params[i].size;
    }
}

static void test_vecadd(void **state)
{
    (void)state;
    ptx_module *m = load("vecadd.ptx");
    assert_int_equal(m->version_major, 9);
    assert_int_equal(m->version_minor, 0);
    assert_string_equal(m->target, "sm_80");
    assert_int_equal(m->target_debug, 0);
    assert_int_equal(m->address_size, 64);
    assert_int_equal(m->nvars, 0);
    assert_int_equal(m->nfuncs, 1);
    const ptx_func *f = &m->funcs[0];
    assert_string_equal(f->name, "_Z6vecaddPKfS0_Pfi");
    assert_true(f->is_entry);
    assert_true(f->has_body);
    assert_int_equal(f->linkage, PTX_LINK_VISIBLE);
    assert_int_equal(f->nparams, 4);
    assert_int_equal(f->params[0].type, PTX_T_U64);
    assert_int_equal(f->params[0].size, 8);
    assert_int_equal(f->params[3].type, PTX_T_U32);
    assert_int_equal(param_offset(f, 3), 24);
    /* %p<2> %f<4> %r<6> %rd<11> */
    assert_int_equal(f->nregs, 2 + 4 + 6 + 11);
    assert_int_equal(f->regs[ptx_test_reg(f, "%rd10")].type, PTX_T_B64);
    assert_int_equal(f->regs[ptx_test_reg(f, "%p1")].type, PTX_T_PRED);
    assert_int_equal(f->regs[ptx_test_reg(f, "%f0")].type, PTX_T_F32);

    const ptx_insn *mad = ptx_test_insn(f, "mad.lo.s32", 0);
    assert_non_null(mad);
    assert_int_equal(mad->line, 35);
    assert_int_equal(mad->col, 2);
    assert_string_equal(mad->opcode, "mad");
    assert_int_equal(mad->nmods, 2);
    assert_string_equal(mad->mods[0], "lo");
    assert_string_equal(mad->mods[1], "s32");
    assert_int_equal(mad->nops, 4);
    assert_int_equal(mad->ops[0].kind, PTX_OPND_REG);
    assert_int_equal(mad->ops[0].reg, ptx_test_reg(f, "%r1"));
    assert_int_equal(mad->ops[3].reg, ptx_test_reg(f, "%r5"));

    const ptx_insn *ctaid = ptx_test_insn(f, "mov.u32", 0);
    assert_int_equal(ctaid->line, 32);
    assert_int_equal(ctaid->ops[1].kind, PTX_OPND_SREG);
    assert_string_equal(ctaid->ops[1].sreg, "ctaid.x");

    const ptx_insn *bra = ptx_test_insn(f, "bra", 0);
    assert_int_equal(bra->line, 37);
    assert_true(bra->has_guard);
    assert_false(bra->guard_neg);
    assert_int_equal(bra->guard_reg, ptx_test_reg(f, "%p1"));
    assert_int_equal(bra->ops[0].kind, PTX_OPND_SYM);
    assert_int_equal(bra->ops[0].sym.kind, PTX_SYM_LABEL);
    uint32_t lbl = ptx_test_label(f, "$L__BB0_2");
    assert_int_equal(bra->ops[0].sym.index, lbl);
    assert_int_equal(f->body[lbl].line, 51);
    assert_int_equal(f->body[lbl].kind, PTX_STMT_LABEL);

    const ptx_insn *ldp = ptx_test_insn(f, "ld.param.u64", 1);
    assert_int_equal(ldp->ops[1].kind, PTX_OPND_ADDR);
    assert_int_equal(ldp->ops[1].base_kind, PTX_OPND_SYM);
    assert_int_equal(ldp->ops[1].sym.kind, PTX_SYM_PARAM);
    assert_int_equal(ldp->ops[1].sym.index, 1);
    assert_int_equal(ldp->ops[1].offset, 0);

    const ptx_insn *st = ptx_test_insn(f, "st.global.f32", 0);
    assert_int_equal(st->ops[0].kind, PTX_OPND_ADDR);
    assert_int_equal(st->ops[0].base_kind, PTX_OPND_REG);
    assert_int_equal(st->ops[0].reg, ptx_test_reg(f, "%rd10"));
    const ptx_insn *mul = ptx_test_insn(f, "mul.wide.s32", 0);
    assert_int_equal(mul->ops[2].kind, PTX_OPND_IMM_INT);
    assert_int_equal(mul->ops[2].ival, 4);
    assert_string_equal(f->body[f->nbody - 1].insn.opcode, "ret");
    ptx_module_free(m);
}

static void test_struct_params(void **state)
{
    (void)state;
    ptx_module *m = load("structparam.ptx");
    const ptx_func *w = ptx_test_func(m, "_Z5weigh2Pti");
    assert_non_null(w);
    assert_false(w->is_entry);
    assert_int_equal(w->nrets, 1);
    assert_string_equal(w->rets[0].name, "func_retval0");
    assert_int_equal(w->rets[0].type, PTX_T_B64);
    assert_int_equal(w->params[0].type, PTX_T_B8);
    assert_int_equal(w->params[0].align, 8);
    assert_int_equal(w->params[0].count, 24);
    assert_int_equal(w->params[0].size, 24);

    const ptx_func *k = ptx_test_func(m, "_Z7structs2Pt5SmallPdx");
    assert_non_null(k);
    assert_int_equal(k->nparams, 4);
    assert_int_equal(k->params[1].align, 2);
    assert_int_equal(k->params[1].size, 4);
    assert_int_equal(param_offset(k, 1), 24);
    assert_int_equal(param_offset(k, 2), 32);
    assert_int_equal(param_offset(k, 3), 40);

    const ptx_insn *ldv = ptx_test_insn(k, "ld.param.v4.u8", 0);
    assert_int_equal(ldv->ops[0].kind, PTX_OPND_VEC);
    assert_int_equal(ldv->ops[0].nelems, 4);
    assert_int_equal(ldv->ops[0].elems[3].reg, ptx_test_reg(k, "%rs4"));
    assert_int_equal(ldv->ops[1].sym.kind, PTX_SYM_PARAM);
    assert_int_equal(ldv->ops[1].sym.index, 0);
    assert_int_equal(ldv->ops[1].offset, 20);

    /* the call block declares .param .align 8 .b8 param0[24] */
    const ptx_var *p0 = NULL;
    for (uint32_t i = 0; i < k->nvars; i++)
        if (strcmp(k->vars[i].name, "param0") == 0)
            p0 = &k->vars[i];
    assert_non_null(p0);
    assert_int_equal(p0->space, PTX_SPACE_PARAM);
    assert_int_equal(p0->align, 8);
    assert_int_equal(p0->size, 24);
    const ptx_insn *call = ptx_test_insn(k, "call.uni", 0);
    assert_int_equal(call->nops, 3);
    assert_int_equal(call->ops[1].sym.kind, PTX_SYM_FUNC);
    assert_int_equal(call->ops[1].sym.index, ptx_test_func_index(m, "_Z5weigh2Pti"));
    ptx_module_free(m);
}

static void test_printf_assert(void **state)
{
    (void)state;
    ptx_module *m = load("printf_assert.ptx");
    assert_int_equal(m->nfuncs, 3);
    const ptx_func *vp = ptx_test_func(m, "vprintf");
    assert_non_null(vp);
    assert_false(vp->has_body);
    assert_int_equal(vp->linkage, PTX_LINK_EXTERN);
    assert_int_equal(vp->nrets, 1);
    assert_int_equal(vp->nparams, 2);
    assert_int_equal(vp->line, 14);
    const ptx_func *af = ptx_test_func(m, "__assertfail");
    assert_int_equal(af->nparams, 5);
    assert_int_equal(af->params[2].type, PTX_T_B32);

    const ptx_var *s = ptx_test_var(m, "$str");
    assert_non_null(s);
    assert_int_equal(s->size, 21);
    assert_memory_equal(s->init, "thread %d of %d: %f\n", 21); /* incl. the NUL */
    const ptx_var *s1 = ptx_test_var(m, "$str$1");
    assert_int_equal(s1->size, 13);
    assert_memory_equal(s1->init, "data[i] >= 0", 13);

    const ptx_func *k = ptx_test_func(m, "_Z5helloPii");
    assert_int_equal(k->regs[ptx_test_reg(k, "%SPL")].type, PTX_T_B64);
    assert_int_equal(k->vars[0].space, PTX_SPACE_LOCAL);
    assert_string_equal(k->vars[0].name, "__local_depot0");
    assert_int_equal(k->vars[0].align, 16);
    const ptx_insn *mv = ptx_test_insn(k, "mov.u64", 0);
    assert_int_equal(mv->line, 48);
    assert_int_equal(mv->ops[1].sym.kind, PTX_SYM_LOCAL_VAR);
    assert_int_equal(mv->ops[1].sym.index, 0);

    const ptx_insn *c0 = ptx_test_insn(k, "call.uni", 0);
    assert_int_equal(c0->line, 72);
    assert_int_equal(c0->nops, 3);
    assert_int_equal(c0->ops[0].kind, PTX_OPND_LIST);
    assert_int_equal(c0->ops[0].nelems, 1);
    assert_int_equal(c0->ops[0].elems[0].sym.kind, PTX_SYM_LOCAL_VAR);
    assert_string_equal(c0->ops[0].elems[0].sym.name, "retval0");
    assert_int_equal(c0->ops[1].kind, PTX_OPND_SYM);
    assert_int_equal(c0->ops[1].sym.kind, PTX_SYM_FUNC);
    assert_int_equal(c0->ops[1].sym.index, ptx_test_func_index(m, "vprintf"));
    assert_int_equal(c0->ops[2].kind, PTX_OPND_LIST);
    assert_int_equal(c0->ops[2].nelems, 2);

    /* both call blocks declare their own param0: distinct variables */
    const ptx_insn *c1 = ptx_test_insn(k, "call.uni", 1);
    assert_int_equal(c1->nops, 2);
    assert_int_equal(c1->ops[0].sym.index, ptx_test_func_index(m, "__assertfail"));
    assert_int_equal(c1->ops[1].nelems, 5);
    assert_string_equal(c1->ops[1].elems[0].sym.name, "param0");
    assert_int_not_equal(c1->ops[1].elems[0].sym.index, c0->ops[2].elems[0].sym.index);
    assert_string_equal(k->vars[c1->ops[1].elems[0].sym.index].name, "param0");

    const ptx_insn *st8 = ptx_test_insn(k, "st.param.b32", 0);
    assert_int_equal(st8->line, 97);
    assert_int_equal(st8->ops[0].sym.index, c1->ops[1].elems[2].sym.index);
    assert_int_equal(st8->ops[1].ival, 8);
    const ptx_insn *setp = ptx_test_insn(k, "setp.gt.s32", 0);
    assert_int_equal(setp->ops[2].kind, PTX_OPND_IMM_INT);
    assert_int_equal(setp->ops[2].ival, -1);
    const ptx_insn *mulf = ptx_test_insn(k, "mul.f64", 0);
    assert_int_equal(mulf->line, 59);
    assert_int_equal(mulf->ops[2].kind, PTX_OPND_IMM_FLOAT);
    assert_true(mulf->ops[2].is_f64);
    assert_int_equal(mulf->ops[2].fbits, 0x3FE0000000000000ull);
    ptx_module_free(m);
}

static void test_globals(void **state)
{
    (void)state;
    ptx_module *m = load("globals.ptx");
    assert_int_equal(m->nvars, 7);
    const ptx_var *c = ptx_test_var(m, "counter");
    assert_int_equal(c->space, PTX_SPACE_GLOBAL);
    assert_int_equal(c->type, PTX_T_U32);
    assert_int_equal(c->size, 4);
    assert_false(c->is_array);
    assert_memory_equal(c->init, "\x07\0\0\0", 4);
    const ptx_var *t = ptx_test_var(m, "table");
    static const uint8_t table[16] = { 0, 0, 128, 63, 0, 0, 32, 64, 0, 0, 64, 192, 0, 0, 0, 62 };
    assert_int_equal(t->count, 16);
    assert_true(t->is_array);
    assert_memory_equal(t->init, table, 16);
    const ptx_var *d = ptx_test_var(m, "dval");
    assert_int_equal(d->type, PTX_T_F64);
    assert_int_equal(d->align, 8);
    uint64_t bits = 0;
    for (int i = 7; i >= 0; i--)
        bits = bits << 8 | d->init[i];
    assert_int_equal(bits, 0x400A000000000000ull); /* 3.25 */
    const ptx_var *co = ptx_test_var(m, "coeffs");
    assert_int_equal(co->space, PTX_SPACE_CONST);
    assert_int_equal(co->size, 12);
    assert_memory_equal(co->init, "\x0a\0\0\0\x14\0\0\0\x1e\0\0\0", 12);
    const ptx_var *msg = ptx_test_var(m, "msg");
    assert_int_equal(msg->size, 16);
    assert_memory_equal(msg->init, "hi\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    const ptx_var *mv = ptx_test_var(m, "managed_val");
    assert_true(mv->is_managed);
    assert_int_equal(mv->init[0], 42);
    const ptx_var *z = ptx_test_var(m, "zeros");
    assert_null(z->init);
    assert_int_equal(z->size, 16);
    assert_int_equal(z->align, 2);

    const ptx_func *k = &m->funcs[0];
    const ptx_insn *mv0 = ptx_test_insn(k, "mov.u64", 0);
    assert_int_equal(mv0->ops[1].kind, PTX_OPND_SYM);
    assert_int_equal(mv0->ops[1].sym.kind, PTX_SYM_GLOBAL_VAR);
    assert_string_equal(m->vars[mv0->ops[1].sym.index].name, "counter");
    const ptx_insn *ldc = ptx_test_insn(k, "ld.const.s8", 0);
    assert_int_equal(ldc->ops[1].base_kind, PTX_OPND_SYM);
    assert_string_equal(m->vars[ldc->ops[1].sym.index].name, "msg");
    const ptx_insn *atom = ptx_test_insn(k, "atom.global.add.u32", 0);
    assert_non_null(atom);
    assert_int_equal(atom->ops[2].ival, 1);
    ptx_module_free(m);
}

static void test_reduce(void **state)
{
    (void)state;
    ptx_module *m = load("reduce.ptx");
    const ptx_var *tmp = ptx_test_var(m, "tmp");
    assert_int_equal(tmp->linkage, PTX_LINK_EXTERN);
    assert_int_equal(tmp->space, PTX_SPACE_SHARED);
    assert_int_equal(tmp->count, 0);
    assert_int_equal(tmp->size, 0);
    assert_true(tmp->is_array);
    assert_int_equal(tmp->align, 16);
    const ptx_func *k = ptx_test_func(m, "_Z10reduce_sumPKiPij");
    assert_int_equal(k->maxntid[0], 256);
    assert_int_equal(k->maxntid[1], 1);
    assert_int_equal(k->maxntid[2], 1);
    assert_int_equal(k->minnctapersm, 2);
    assert_int_equal(k->reqntid[0], 0);
    assert_int_equal(k->nvars, 1);
    assert_int_equal(k->vars[0].space, PTX_SPACE_SHARED);
    assert_int_equal(k->vars[0].size, 1024);
    const ptx_insn *bar = ptx_test_insn(k, "bar.sync", 0);
    assert_int_equal(bar->ops[0].ival, 0);
    ptx_module_free(m);
}

static void test_debug_build(void **state)
{
    (void)state;
    ptx_module *m = load("reduce_debug.ptx");
    assert_true(m->target_debug);
    assert_string_equal(m->target, "sm_80");
    assert_int_equal(m->nfuncs, 4);
    /* declared at the top, defined after the kernels: one function */
    const ptx_func *a = ptx_test_func(m, "__iAtomicAdd");
    assert_true(a->has_body);
    assert_int_equal(a->nparams, 2);
    const ptx_func *k = ptx_test_func(m, "_Z10reduce_sumPKiPij");
    assert_true(k->has_body);
    assert_int_not_equal(ptx_test_label(k, "$L__func_begin1"), UINT32_MAX);
    const ptx_insn *call = ptx_test_insn(ptx_test_func(m,
        "_ZN39_INTERNAL_476a8e1b_9_reduce_cu_da73cc889atomicAddEPii"), "call.uni", 0);
    assert_int_equal(call->ops[1].sym.index, ptx_test_func_index(m, "__iAtomicAdd"));
    ptx_module_free(m);

    /* -lineinfo: same code as the plain build, plus .loc/.file */
    ptx_module *li = load("printf_lineinfo.ptx");
    ptx_module *pl = load("printf_assert.ptx");
    const ptx_func *fl = ptx_test_func(li, "_Z5helloPii");
    const ptx_func *fp = ptx_test_func(pl, "_Z5helloPii");
    assert_int_equal(fl->nbody, fp->nbody);
    assert_int_equal(fl->nregs, fp->nregs);
    ptx_module_free(li);
    ptx_module_free(pl);
}

static void test_vecsum(void **state)
{
    (void)state;
    ptx_module *m = load("vecsum.ptx");
    const ptx_func *f = &m->funcs[0];
    const ptx_insn *ld = ptx_test_insn(f, "ld.global.nc.v4.f32", 0);
    assert_int_equal(ld->line, 41);
    assert_int_equal(ld->col, 2);
    assert_int_equal(ld->nmods, 4);
    assert_int_equal(ld->ops[0].nelems, 4);
    const ptx_insn *sh = ptx_test_insn(f, "shfl.sync.down.b32", 0);
    assert_int_equal(sh->line, 51);
    assert_int_equal(sh->nops, 5);
    assert_int_equal(sh->ops[0].reg, ptx_test_reg(f, "%r11"));
    assert_true(sh->ops[0].has_reg2);
    assert_int_equal(sh->ops[0].reg2, ptx_test_reg(f, "%p2"));
    assert_false(sh->ops[1].has_reg2);
    const ptx_insn *add = ptx_test_insn(f, "add.f32", 7);
    assert_int_equal(add->line, 73);
    assert_int_equal(add->ops[2].kind, PTX_OPND_IMM_FLOAT);
    assert_false(add->ops[2].is_f64);
    assert_int_equal(add->ops[2].fbits, 0x3F800000);
    ptx_module_free(m);

    ptx_module *m90 = load("vecsum_sm90.ptx");
    assert_string_equal(m90->target, "sm_90");
    ptx_module_free(m90);
}

static void test_indirect_call(void **state)
{
    (void)state;
    ptx_module *m = load("indirect.ptx");
    uint32_t proto = ptx_test_func_index(m, "prototype_0");
    assert_int_not_equal(proto, UINT32_MAX);
    assert_false(m->funcs[proto].has_body);
    assert_int_equal(m->funcs[proto].nrets, 1);
    assert_int_equal(m->funcs[proto].nparams, 2);
    assert_int_equal(m->funcs[proto].params[1].type, PTX_T_B32);
    const ptx_func *k = ptx_test_func(m, "_Z8indirectPii");
    const ptx_insn *call = ptx_test_insn(k, "call", 0);
    assert_int_equal(call->nops, 4);
    assert_int_equal(call->ops[1].kind, PTX_OPND_REG);
    assert_int_equal(call->ops[1].reg, ptx_test_reg(k, "%rd5"));
    assert_int_equal(call->ops[3].kind, PTX_OPND_SYM);
    assert_int_equal(call->ops[3].sym.kind, PTX_SYM_FUNC);
    assert_int_equal(call->ops[3].sym.index, proto);
    const ptx_insn *mv = ptx_test_insn(k, "mov.u64", 0);
    assert_int_equal(mv->ops[1].sym.kind, PTX_SYM_FUNC);
    assert_int_equal(mv->ops[1].sym.index, ptx_test_func_index(m, "_Z6mul_opii"));
    /* the two blocks' "temp_param_reg" are distinct registers */
    unsigned n = 0;
    for (uint32_t i = 0; i < k->nregs; i++)
        n += strcmp(k->regs[i].name, "temp_param_reg") == 0;
    assert_int_equal(n, 2);
    const ptx_func *fact = ptx_test_func(m, "_Z4facti");
    const ptx_insn *loop = ptx_test_insn(fact, "bra", 1);
    assert_int_equal(loop->ops[0].sym.index, ptx_test_label(fact, "$L__BB2_4"));
    ptx_module_free(m);
}

static void test_tensor(void **state)
{
    (void)state;
    ptx_module *m = load("wmma.ptx");
    const ptx_insn *mma = ptx_test_insn(&m->funcs[0], "wmma.mma.sync.aligned.row.col.m16n16k16.f32.f32", 0);
    assert_non_null(mma);
    assert_int_equal(mma->nops, 4);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(mma->ops[i].kind, PTX_OPND_VEC);
        assert_int_equal(mma->ops[i].nelems, 8);
    }
    ptx_module_free(m);

    m = load("mma_asm.ptx");
    const ptx_func *f = &m->funcs[0];
    const ptx_insn *ms = ptx_test_insn(f, "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32", 0);
    assert_non_null(ms);
    assert_int_equal(ms->nmods, 9);
    assert_int_equal(ms->ops[2].nelems, 2);
    const ptx_insn *cp = ptx_test_insn(f, "cp.async.ca.shared.global", 0);
    assert_int_equal(cp->ops[0].kind, PTX_OPND_ADDR);
    assert_int_equal(cp->ops[2].ival, 16);
    assert_non_null(ptx_test_insn(f, "ldmatrix.sync.aligned.m8n8.x4.shared.b16", 0));
    assert_non_null(ptx_test_insn(f, "cp.async.wait_all", 0));
    ptx_module_free(m);
}

static void test_other_samples(void **state)
{
    (void)state;
    ptx_module *m = load("dmath.ptx");
    const ptx_func *slow = ptx_test_func(m, "__internal_trig_reduction_slowpathd");
    assert_int_equal(slow->nrets, 1);
    assert_int_equal(slow->rets[0].size, 16);
    assert_int_equal(slow->rets[0].align, 8);
    assert_non_null(ptx_test_insn(ptx_test_func(m, "_Z5dmathPKdPdPfi"), "fma.rn.f64", 0));
    ptx_module_free(m);

    m = load("dmath_sm100.ptx");
    assert_string_equal(m->target, "sm_100");
    ptx_module_free(m);

    m = load("clang_kernel.ptx");
    assert_int_equal(m->version_major, 7);
    assert_int_equal(ptx_test_var(m, "counter")->linkage, PTX_LINK_VISIBLE);
    const ptx_func *stub = ptx_test_func(m, "__syncthreads_stub");
    assert_int_equal(stub->nparams, 0);
    assert_int_equal(stub->nbody, 2);
    const ptx_func *k = ptx_test_func(m, "_Z4kernPKfPfi");
    const ptx_insn *ld = ptx_test_insn(k, "ld.shared.f32", 0);
    assert_int_equal(ld->ops[1].offset, 252);
    assert_int_equal(ptx_test_insn(k, "bra", 0)->ops[0].sym.index, ptx_test_label(k, "LBB2_2"));
    ptx_module_free(m);
}

static void test_misc_features(void **state)
{
    (void)state;
    ptx_module *m = load("misc.ptx");
    const ptx_func *mal = ptx_test_func(m, "malloc");
    assert_false(mal->has_body);
    assert_int_equal(mal->nrets, 1);
    assert_int_equal(mal->rets[0].type, PTX_T_B64);
    assert_int_equal(ptx_test_func(m, "free")->nparams, 1);
    assert_int_equal(ptx_test_func(m, "_Z2mki")->rets[0].size, 80);
    const ptx_func *k1 = ptx_test_func(m, "_Z2k1P7__half2P13__nv_bfloat16Pfi");
    assert_non_null(ptx_test_insn(k1, "fma.rn.f16x2", 0));
    assert_non_null(ptx_test_insn(k1, "cvt.rn.bf16.f32", 0));
    assert_non_null(ptx_test_insn(k1, "atom.global.add.f32", 0));
    assert_non_null(ptx_test_insn(k1, "vote.sync.ballot.b32", 0));
    /* texture fetches: [tex, {coordinates}] */
    const ptx_func *k3 = ptx_test_func(m, "_Z2k3yPf");
    const ptx_insn *t1 = ptx_test_insn(k3, "tex.1d.v4.f32.s32", 0);
    assert_int_equal(t1->line, 846);
    assert_int_equal(t1->ops[1].kind, PTX_OPND_ADDR);
    assert_int_equal(t1->ops[1].base_kind, PTX_OPND_REG);
    assert_int_equal(t1->ops[1].reg, ptx_test_reg(k3, "%rd1"));
    assert_int_equal(t1->ops[1].nelems, 1);
    assert_int_equal(t1->ops[1].elems[0].reg, ptx_test_reg(k3, "%r1"));
    const ptx_insn *t2 = ptx_test_insn(k3, "tex.2d.v4.f32.f32", 0);
    assert_int_equal(t2->ops[1].nelems, 2);
    assert_int_equal(t2->ops[1].elems[1].reg, ptx_test_reg(k3, "%f5"));
    assert_non_null(ptx_test_insn(ptx_test_func(m, "_Z2k6Pii"), "trap", 0));
    const ptx_func *empty = ptx_test_func(m, "_ZN3cub17CUB_300001_SM_8006detail11EmptyKernelIvEEvv");
    assert_true(empty->is_entry);
    assert_int_equal(empty->nparams, 0);
    assert_int_equal(empty->nbody, 1);
    ptx_module_free(m);
}

/* fatbinary-embedded PTX has comments removed and leading blanks stripped */
static char *strip_like_fatbin(const char *in, size_t len, size_t *outlen)
{
    char *out = malloc(len + 1);
    size_t o = 0;
    bool bol = true;
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '/' && i + 1 < len && in[i + 1] == '/') {
            while (i < len && in[i] != '\n')
                i++;
            if (i == len)
                break;
        }
        if (bol && (in[i] == ' ' || in[i] == '\t'))
            continue;
        out[o++] = in[i];
        bol = in[i] == '\n';
    }
    *outlen = o;
    return out;
}

static void test_fatbin_form(void **state)
{
    (void)state;
    static const char *const names[] = { "printf_assert.ptx", "reduce_debug.ptx", "indirect.ptx",
                                         "misc.ptx" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t len = 0, slen = 0;
        char *text = ptx_test_read(names[i], &len);
        assert_non_null(text);
        char *stripped = strip_like_fatbin(text, len, &slen);
        char err[512];
        ptx_module *a = ptx_parse(text, len, names[i], err, sizeof err);
        ptx_module *b = ptx_parse(stripped, slen, names[i], err, sizeof err);
        if (!a || !b)
            fail_msg("%s", err);
        assert_int_equal(a->nfuncs, b->nfuncs);
        for (uint32_t f = 0; f < a->nfuncs; f++) {
            assert_int_equal(a->funcs[f].nbody, b->funcs[f].nbody);
            assert_int_equal(a->funcs[f].nregs, b->funcs[f].nregs);
            for (uint32_t s = 0; s < a->funcs[f].nbody; s++)
                assert_int_equal(a->funcs[f].body[s].line, b->funcs[f].body[s].line);
        }
        ptx_module_free(a);
        ptx_module_free(b);
        free(stripped);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vecadd),
        cmocka_unit_test(test_struct_params),
        cmocka_unit_test(test_printf_assert),
        cmocka_unit_test(test_globals),
        cmocka_unit_test(test_reduce),
        cmocka_unit_test(test_debug_build),
        cmocka_unit_test(test_vecsum),
        cmocka_unit_test(test_indirect_call),
        cmocka_unit_test(test_tensor),
        cmocka_unit_test(test_other_samples),
        cmocka_unit_test(test_misc_features),
        cmocka_unit_test(test_fatbin_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
