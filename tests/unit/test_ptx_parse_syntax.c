/* tests/unit/test_ptx_parse_syntax.c — the parser on hand-written snippets:
 * literals, operand forms, declarations, scoping, initializers, directives
 * that must be skipped. Each test checks the values in the AST. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/ptx_testutil.h"

#define HEAD ".version 9.0\n.target sm_80\n.address_size 64\n"

static ptx_module *parse_ok(const char *text)
{
    char err[512];
    ptx_module *m = ptx_test_parse(text, err, sizeof err);
    if (!m)
        fail_msg("unexpected parse error: %s", err);
    assert_string_equal(err, "");
    return m;
}

static uint64_t f64_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}

static void test_int_literals(void **state)
{
    (void)state;
    ptx_module *m = parse_ok(HEAD
        ".entry k()\n{\n.reg .b64 %rd<2>;\n"
        "mov.b64 %rd1, 42;\n"
        "mov.b64 %rd1, 0x1F;\n"
        "mov.b64 %rd1, 017;\n"
        "mov.b64 %rd1, 0b101;\n"
        "mov.b64 %rd1, 7U;\n"
        "mov.b64 %rd1, -5;\n"
        "mov.b64 %rd1, -0x10;\n"
        "mov.b64 %rd1, 0xFFFFFFFFFFFFFFFF;\n"
        "mov.b64 %rd1, 0;\n"
        "mov.b64 %rd1, 0XABCDu;\n"
        "}\n");
    static const int64_t want[] = { 42, 0x1F, 15, 5, 7, -5, -16, -1, 0, 0xABCD };
    const ptx_func *f = &m->funcs[0];
    assert_int_equal(f->nbody, 10);
    for (unsigned i = 0; i < 10; i++) {
        assert_int_equal(f->body[i].insn.ops[1].kind, PTX_OPND_IMM_INT);
        assert_int_equal(f->body[i].insn.ops[1].ival, want[i]);
    }
    ptx_module_free(m);
}

static void test_float_literals(void **state)
{
    (void)state;
    ptx_module *m = parse_ok(HEAD
        ".entry k()\n{\n.reg .f64 %fd<2>;\n.reg .f32 %f<2>;\n"
        "mov.f32 %f1, 0f3F800000;\n"
        "mov.f32 %f1, 0FBF800000;\n"
        "mov.f32 %f1, -0f3F800000;\n"
        "mov.f64 %fd1, 0d400A000000000000;\n"
        "mov.f64 %fd1, 1.5;\n"
        "mov.f64 %fd1, -2.25;\n"
        "mov.f64 %fd1, 1e3;\n"
        "mov.f64 %fd1, 2.5E-1;\n"
        "}\n");
    const ptx_func *f = &m->funcs[0];
    const struct { uint8_t f64; uint64_t bits; } want[] = {
        { 0, 0x3F800000 }, { 0, 0xBF800000 }, { 0, 0xBF800000 },
        { 1, 0x400A000000000000ull }, { 1, f64_bits(1.5) }, { 1, f64_bits(-2.25) },
        { 1, f64_bits(1000.0) }, { 1, f64_bits(0.25) },
    };
    assert_int_equal(f->nbody, 8);
    for (unsigned i = 0; i < 8; i++) {
        const ptx_operand *o = &f->body[i].insn.ops[1];
        assert_int_equal(o->kind, PTX_OPND_IMM_FLOAT);
        assert_int_equal(o->is_f64, want[i].f64);
        assert_int_equal(o->fbits, want[i].bits);
    }
    ptx_module_free(m);
}

static void test_operands(void **state)
{
    (void)state;
    ptx_module *m = parse_ok(HEAD
        ".global .align 4 .b8 arr[64];\n"
        ".entry k(.param .u64 k_p)\n{\n"
        ".reg .b64 %rd<3>;\n.reg .b32 %r<4>;\n.reg .pred %p<4>;\n.reg .f32 %f<3>;\n"
        "ld.global.u32 %r1, [%rd1];\n"          /* 0 */
        "ld.global.u32 %r1, [%rd1+8];\n"        /* 1 */
        "ld.global.u32 %r1, [%rd1+-4];\n"       /* 2 */
        "ld.global.u32 %r1, [%rd1 - 12];\n"     /* 3 */
        "ld.global.u32 %r1, [arr];\n"           /* 4 */
        "ld.global.u32 %r1, [arr+8];\n"         /* 5 */
        "ld.global.u32 %r1, [0x100];\n"         /* 6 */
        "mov.u64 %rd2, arr+4;\n"                /* 7 */
        "selp.b32 %r1, %r2, %r3, !%p1;\n"       /* 8 */
        "@!%p2 and.pred %p1, !%p2, %p3;\n"      /* 9 */
        "ld.global.v4.f32 {%f1, _, %f2, _}, [%rd1];\n" /* 10 */
        "setp.lt.and.s32 %p1|%p2, %r1, %r2, %p3;\n"   /* 11 */
        "st.global.v2.u32 [%rd1], {%r1, 0};\n"  /* 12 */
        "ld.global.nc.L2::128B.v4.f32 {%f0, %f1, %f2, %f0}, [%rd1];\n" /* 13 */
        "ld.param.u64 %rd1, [k_p];\n"           /* 14 */
        "}\n");
    const ptx_func *f = &m->funcs[0];
    const ptx_stmt *b = f->body;
    uint32_t rd1 = ptx_test_reg(f, "%rd1");
    assert_int_equal(b[0].insn.ops[1].kind, PTX_OPND_ADDR);
    assert_int_equal(b[0].insn.ops[1].base_kind, PTX_OPND_REG);
    assert_int_equal(b[0].insn.ops[1].reg, rd1);
    assert_int_equal(b[0].insn.ops[1].offset, 0);
    assert_int_equal(b[1].insn.ops[1].offset, 8);
    assert_int_equal(b[2].insn.ops[1].offset, -4);
    assert_int_equal(b[3].insn.ops[1].offset, -12);
    assert_int_equal(b[4].insn.ops[1].base_kind, PTX_OPND_SYM);
    assert_int_equal(b[4].insn.ops[1].sym.kind, PTX_SYM_GLOBAL_VAR);
    assert_int_equal(b[4].insn.ops[1].sym.index, 0);
    assert_int_equal(b[5].insn.ops[1].offset, 8);
    assert_int_equal(b[6].insn.ops[1].base_kind, PTX_OPND_NONE);
    assert_int_equal(b[6].insn.ops[1].offset, 0x100);
    assert_int_equal(b[7].insn.ops[1].kind, PTX_OPND_SYM);
    assert_string_equal(b[7].insn.ops[1].sym.name, "arr");
    assert_int_equal(b[7].insn.ops[1].offset, 4);
    assert_int_equal(b[8].insn.ops[3].kind, PTX_OPND_REG);
    assert_true(b[8].insn.ops[3].neg);
    assert_int_equal(b[8].insn.ops[3].reg, ptx_test_reg(f, "%p1"));
    assert_false(b[8].insn.ops[2].neg);
    assert_true(b[9].insn.has_guard);
    assert_true(b[9].insn.guard_neg);
    assert_int_equal(b[9].insn.guard_reg, ptx_test_reg(f, "%p2"));
    assert_true(b[9].insn.ops[1].neg);
    assert_int_equal(b[9].insn.col, 1);
    const ptx_operand *v = &b[10].insn.ops[0];
    assert_int_equal(v->kind, PTX_OPND_VEC);
    assert_int_equal(v->nelems, 4);
    assert_int_equal(v->elems[0].kind, PTX_OPND_REG);
    assert_int_equal(v->elems[1].kind, PTX_OPND_SINK);
    assert_int_equal(v->elems[3].kind, PTX_OPND_SINK);
    assert_true(b[11].insn.ops[0].has_reg2);
    assert_int_equal(b[11].insn.ops[0].reg, ptx_test_reg(f, "%p1"));
    assert_int_equal(b[11].insn.ops[0].reg2, ptx_test_reg(f, "%p2"));
    assert_int_equal(b[11].insn.nops, 4);
    assert_int_equal(b[12].insn.ops[1].elems[1].kind, PTX_OPND_IMM_INT);
    assert_int_equal(b[13].insn.nmods, 5);
    assert_string_equal(b[13].insn.mods[2], "L2::128B");
    assert_int_equal(b[14].insn.ops[1].sym.kind, PTX_SYM_PARAM);
    ptx_module_free(m);
}

static void test_special_registers(void **state)
{
    (void)state;
    static const char *const names[] = {
        "tid.x", "ntid.y", "ctaid.z", "nctaid.x", "laneid", "warpid", "nwarpid", "smid",
        "nsmid", "gridid", "clock", "clock64", "clock_hi", "globaltimer", "lanemask_lt",
        "lanemask_ge", "envreg3", "envreg31", "dynamic_smem_size", "total_smem_size",
        "pm0", "pm7_64", "tid",
    };
    char text[4096];
    size_t o = (size_t)snprintf(text, sizeof text, HEAD ".entry k()\n{\n.reg .b64 %%rd1;\n");
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "mov.u64 %%rd1, %%%s;\n", names[i]);
    snprintf(text + o, sizeof text - o, "}\n");
    ptx_module *m = parse_ok(text);
    const ptx_func *f = &m->funcs[0];
    assert_int_equal(f->nbody, sizeof names / sizeof *names);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        assert_int_equal(f->body[i].insn.ops[1].kind, PTX_OPND_SREG);
        assert_string_equal(f->body[i].insn.ops[1].sreg, names[i]);
    }
    ptx_module_free(m);
}

static void test_declarations(void **state)
{
    (void)state;
    ptx_module *m = parse_ok(HEAD
        ".weak .func (.reg .b32 r) f1(.param .u64 .ptr .global .align 4 a,\n"
        "    .param .u64 .ptr .align 16 b, .param .align 16 .b8 c[2][8], .param .v2 .f32 d)\n"
        ".noreturn\n{\nret;\n}\n"
        ".visible .entry k()\n.maxntid 128\n.reqntid 64, 2\n.maxnreg 32\n"
        ".minnctapersm 4\n.pragma \"nounroll\";\n{\n"
        ".reg .v2 .f32 %v;\n.reg .b32 a, b;\n.reg .pred p;\n.reg .b16 %h<3>, %x;\n"
        "ret;\n}\n");
    const ptx_func *f1 = ptx_test_func(m, "f1");
    assert_int_equal(f1->linkage, PTX_LINK_WEAK);
    assert_int_equal(f1->nrets, 1);
    assert_int_equal(f1->rets[0].type, PTX_T_B32);
    assert_int_equal(f1->nparams, 4);
    assert_int_equal(f1->params[0].ptr_space, PTX_SPACE_GLOBAL);
    assert_int_equal(f1->params[0].align, 8); /* .align 4 is the pointee's */
    assert_int_equal(f1->params[1].ptr_space, PTX_SPACE_NONE);
    assert_int_equal(f1->params[2].align, 16);
    assert_int_equal(f1->params[2].count, 16);
    assert_int_equal(f1->params[2].size, 16);
    assert_int_equal(f1->params[3].type, PTX_T_F32);
    assert_int_equal(f1->params[3].size, 8);
    assert_int_equal(f1->params[3].align, 8);
    const ptx_func *k = ptx_test_func(m, "k");
    assert_int_equal(k->maxntid[0], 128);
    assert_int_equal(k->maxntid[1], 1);
    assert_int_equal(k->reqntid[0], 64);
    assert_int_equal(k->reqntid[1], 2);
    assert_int_equal(k->reqntid[2], 1);
    assert_int_equal(k->maxnreg, 32);
    assert_int_equal(k->minnctapersm, 4);
    assert_int_equal(k->nregs, 1 + 2 + 1 + 3 + 1);
    assert_int_equal(k->regs[ptx_test_reg(k, "%v")].vec, 2);
    assert_int_equal(k->regs[ptx_test_reg(k, "%v")].type, PTX_T_F32);
    assert_int_equal(k->regs[ptx_test_reg(k, "b")].type, PTX_T_B32);
    assert_int_equal(k->regs[ptx_test_reg(k, "p")].type, PTX_T_PRED);
    assert_int_not_equal(ptx_test_reg(k, "%h2"), UINT32_MAX);
    assert_int_equal(ptx_test_reg(k, "%h3"), UINT32_MAX);
    assert_int_equal(k->regs[ptx_test_reg(k, "%x")].type, PTX_T_B16);
    ptx_module_free(m);
}

static void test_initializers(void **state)
{
    (void)state;
    ptx_module *m = parse_ok(HEAD
        ".global .u32 g2[2][3] = {{1, 2, 3}, {4}};\n"
        ".global .b8 unsz[] = {1, 2, 3};\n"
        ".global .u16 elide[2][2] = {1, 2, 3};\n"
        ".global .f32 fl[3] = {1.5, 0f40000000, 3};\n"
        ".global .f64 dd = 2;\n"
        ".const .s8 neg = -1;\n"
        ".global .v2 .u32 vv = {5, 6};\n"
        ".global .u64 big[2] = {-1, 0x10};\n"
        ".global .u32 braced = {7};\n"
        ".global .u32 a1, a2 = 9, a3[2];\n"
        ".global .u32 rows[][2] = {{1, 2}, {3}};\n");
    static const uint8_t g2[24] = { 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4 };
    assert_memory_equal(ptx_test_var(m, "g2")->init, g2, 24);
    const ptx_var *u = ptx_test_var(m, "unsz");
    assert_int_equal(u->count, 3);
    assert_int_equal(u->size, 3);
    assert_memory_equal(u->init, "\1\2\3", 3);
    assert_memory_equal(ptx_test_var(m, "elide")->init, "\1\0\2\0\3\0\0\0", 8);
    assert_memory_equal(ptx_test_var(m, "fl")->init,
                        "\x00\x00\xc0\x3f\x00\x00\x00\x40\x00\x00\x40\x40", 12);
    assert_memory_equal(ptx_test_var(m, "dd")->init, "\0\0\0\0\0\0\0\x40", 8);
    assert_int_equal(ptx_test_var(m, "neg")->init[0], 0xff);
    assert_int_equal(ptx_test_var(m, "neg")->space, PTX_SPACE_CONST);
    const ptx_var *vv = ptx_test_var(m, "vv");
    assert_int_equal(vv->vec, 2);
    assert_int_equal(vv->size, 8);
    assert_int_equal(vv->align, 8);
    assert_memory_equal(vv->init, "\5\0\0\0\6\0\0\0", 8);
    assert_memory_equal(ptx_test_var(m, "big")->init,
                        "\xff\xff\xff\xff\xff\xff\xff\xff\x10\0\0\0\0\0\0\0", 16);
    assert_int_equal(ptx_test_var(m, "braced")->init[0], 7);
    assert_null(ptx_test_var(m, "a1")->init);
    assert_int_equal(ptx_test_var(m, "a2")->init[0], 9);
    assert_int_equal(ptx_test_var(m, "a3")->size, 8);
    const ptx_var *rows = ptx_test_var(m, "rows");
    assert_int_equal(rows->count, 4);
    assert_int_equal(rows->size, 16);
    assert_memory_equal(rows->init, "\1\0\0\0\2\0\0\0\3\0\0\0\0\0\0\0", 16);
    ptx_module_free(m);
}

static void test_scopes_and_labels(void **state)
{
    (void)state;
    ptx_module *m = parse_ok(HEAD
        ".func (.param .b32 rv) g(.param .b32 x);\n"   /* prototype, defined below */
        ".entry k()\n{\n.reg .b32 t;\n.reg .pred %p1;\n.reg .b64 %rd9;\n"
        "top:\n"                                        /* 0 */
        "{\n.reg .b32 t;\n.param .b32 param0;\n"
        "mov.b32 t, 1;\n"                               /* 1: inner t */
        "st.param.b32 [param0], t;\n"                   /* 2 */
        "}\n"
        "{\n.param .b32 param0;\n.param .b32 rv0;\n"
        "st.param.b32 [param0+0], t;\n"                 /* 3: outer t */
        "call.uni (rv0), g, (param0);\n"                /* 4 */
        "}\n"
        "@%p1 bra top;\n"                               /* 5 */
        "bra.uni fwd;\n"                                /* 6 */
        "mov.u64 %rd9, later;\n"                        /* 7 */
        "fwd:\n"                                        /* 8 */
        "ret;\n}\n"
        ".global .u64 later;\n"
        ".func (.param .b32 rv) g(.param .b32 x)\n{\n.reg .b32 %r1;\n"
        "ld.param.b32 %r1, [x];\nst.param.b32 [rv], %r1;\n"
        "call.uni (rv), g, ();\nret;\n}\n");
    assert_int_equal(m->nfuncs, 2);
    uint32_t gi = ptx_test_func_index(m, "g");
    assert_true(m->funcs[gi].has_body);
    const ptx_func *k = ptx_test_func(m, "k");
    const ptx_stmt *b = k->body;
    assert_int_equal(k->nbody, 10);
    /* two registers named t: outer (declared first) and inner */
    assert_int_equal(k->nregs, 4);
    assert_string_equal(k->regs[0].name, "t");
    assert_string_equal(k->regs[3].name, "t");
    assert_int_equal(b[1].insn.ops[0].reg, 3);
    assert_int_equal(b[2].insn.ops[1].reg, 3);
    assert_int_equal(b[3].insn.ops[1].reg, 0);
    /* three .param variables, the two param0 are distinct */
    assert_int_equal(k->nvars, 3);
    assert_int_equal(b[2].insn.ops[0].sym.kind, PTX_SYM_LOCAL_VAR);
    assert_int_equal(b[2].insn.ops[0].sym.index, 0);
    assert_int_equal(b[3].insn.ops[0].sym.index, 1);
    assert_int_equal(b[4].insn.ops[0].elems[0].sym.index, 2);
    assert_int_equal(b[4].insn.ops[1].sym.kind, PTX_SYM_FUNC);
    assert_int_equal(b[4].insn.ops[1].sym.index, gi);
    assert_int_equal(b[4].insn.ops[2].elems[0].sym.index, 1);
    /* backward and forward labels, forward module variable */
    assert_int_equal(b[0].kind, PTX_STMT_LABEL);
    assert_int_equal(b[5].insn.ops[0].sym.kind, PTX_SYM_LABEL);
    assert_int_equal(b[5].insn.ops[0].sym.index, 0);
    assert_int_equal(b[6].insn.ops[0].sym.kind, PTX_SYM_LABEL);
    assert_int_equal(b[6].insn.ops[0].sym.index, 8);
    assert_int_equal(b[7].insn.ops[1].sym.kind, PTX_SYM_GLOBAL_VAR);
    assert_int_equal(b[7].insn.ops[1].sym.index, 0);
    /* g: params, rets, recursion, empty argument list */
    const ptx_func *g = &m->funcs[gi];
    assert_int_equal(g->body[0].insn.ops[1].sym.kind, PTX_SYM_PARAM);
    assert_int_equal(g->body[1].insn.ops[0].sym.kind, PTX_SYM_RET);
    assert_int_equal(g->body[2].insn.ops[0].elems[0].sym.kind, PTX_SYM_RET);
    assert_int_equal(g->body[2].insn.ops[1].sym.index, gi);
    assert_int_equal(g->body[2].insn.ops[2].kind, PTX_OPND_LIST);
    assert_int_equal(g->body[2].insn.ops[2].nelems, 0);
    ptx_module_free(m);
}

/* Debug sections, .loc/.file with extra arguments, @@DWARF lines, pragmas
 * and both comment styles leave no trace in the AST. */
static void test_skipped_content(void **state)
{
    (void)state;
    ptx_module *m = parse_ok(
        "/* block\n comment */ .version 8.5 // trailing\n"
        ".target sm_90a, debug\n.address_size 64\n"
        ".pragma \"nounroll\";\n"
        "@@DWARF .section .debug_abbrev, \"\", @progbits\n"
        ".entry k()\n{\n"
        ".loc 1 4 0, function_name $L__info_string0, inlined_at 1 2 3\n"
        "$L__func_begin0:\n"
        ".pragma \"nounroll\";\n"
        "ret; /* { not a block } */\n"
        "}\n"
        ".file 1 \"/tmp/a.cu\", 1700000000, 1234\n"
        ".file 2 \"b.h\"\n"
        ".section .debug_str\n{\n$L__info_string0:\n.b8 95,90,0\n"
        ".b32 .debug_abbrev\n.b64 $L__func_begin0+4\n{ nested }\n}\n"
        ".section .debug_info { .b8 1 }\n");
    assert_int_equal(m->version_major, 8);
    assert_int_equal(m->version_minor, 5);
    assert_string_equal(m->target, "sm_90a");
    assert_true(m->target_debug);
    assert_int_equal(m->nfuncs, 1);
    assert_int_equal(m->funcs[0].nbody, 2);
    assert_int_equal(m->funcs[0].body[0].kind, PTX_STMT_LABEL);
    assert_string_equal(m->funcs[0].body[1].insn.opcode, "ret");
    assert_int_equal(m->funcs[0].body[1].line, 12);
    ptx_module_free(m);

    /* an empty module is a valid module */
    m = parse_ok("");
    assert_int_equal(m->nfuncs, 0);
    ptx_module_free(m);
}

/* A module of 10k+ lines: linear-time parse, every name resolved. */
static void test_large_module(void **state)
{
    (void)state;
    enum { N = 20000 };
    size_t cap = (size_t)N * 64 + 4096, o = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    o += (size_t)snprintf(text + o, cap - o,
                          HEAD ".entry big(.param .u32 n)\n{\n.reg .b32 %%r<%d>;\n"
                               ".reg .pred %%p1;\n", N + 1);
    for (int i = 1; i <= N; i++) {
        if (i % 10 == 0)
            o += (size_t)snprintf(text + o, cap - o, "L%d:\n@%%p1 bra L%d;\n", i, N - i + 10);
        else
            o += (size_t)snprintf(text + o, cap - o, "add.s32 %%r%d, %%r%d, %d;\n", i, i - 1, i);
    }
    snprintf(text + o, cap - o, "ret;\n}\n");
    char err[256];
    ptx_module *m = ptx_test_parse(text, err, sizeof err);
    if (!m)
        fail_msg("%s", err);
    const ptx_func *f = &m->funcs[0];
    assert_int_equal(f->nregs, N + 2);
    assert_int_equal(f->nbody, N + N / 10 + 1);
    for (uint32_t i = 0; i < f->nbody; i++) {
        const ptx_stmt *s = &f->body[i];
        if (s->kind == PTX_STMT_INSN && strcmp(s->insn.opcode, "bra") == 0) {
            assert_int_equal(s->insn.ops[0].sym.kind, PTX_SYM_LABEL);
            uint32_t t = s->insn.ops[0].sym.index;
            assert_int_equal(f->body[t].kind, PTX_STMT_LABEL);
        }
    }
    ptx_module_free(m);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_literals),
        cmocka_unit_test(test_float_literals),
        cmocka_unit_test(test_operands),
        cmocka_unit_test(test_special_registers),
        cmocka_unit_test(test_declarations),
        cmocka_unit_test(test_initializers),
        cmocka_unit_test(test_scopes_and_labels),
        cmocka_unit_test(test_skipped_content),
        cmocka_unit_test(test_large_module),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
