/* tests/unit/test_ptx_link.c — the PTX linker (isa/ptx/link.h): .extern
 * functions and variables resolve to another module's .visible definition,
 * file-scope names stay per module (renamed on a clash), .weak yields to a
 * strong definition, and every link error names the symbol and both
 * modules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "isa/ptx/link.h"
#include "isa/ptx/lower.h"

#define HDR ".version 8.0\n.target sm_80\n.address_size 64\n"

/* a.ptx: defines f (adds 1), g, a static helper and a static counter. */
static const char k_a[] =
    HDR
    ".visible .global .align 4 .u32 g = 7;\n"
    ".global .align 4 .u32 cnt;\n"
    ".func (.param .b32 r) helper(.param .b32 x)\n"
    "{\n .reg .b32 %r<3>;\n ld.param.u32 %r1, [x];\n add.s32 %r2, %r1, 1;\n"
    " st.param.b32 [r], %r2;\n ret;\n}\n"
    ".visible .func (.param .b32 r) f(.param .b32 x)\n"
    "{\n .reg .b32 %r<3>;\n ld.param.u32 %r1, [x];\n"
    " { .param .b32 p0; .param .b32 r0; st.param.b32 [p0], %r1;\n"
    "   call.uni (r0), helper, (p0); ld.param.b32 %r2, [r0]; }\n"
    " st.param.b32 [r], %r2;\n ret;\n}\n"
    ".visible .entry ka(.param .u64 out)\n"
    "{\n .reg .b32 %r<3>;\n .reg .b64 %rd<3>;\n ld.param.u64 %rd1, [out];\n"
    " ld.global.u32 %r1, [cnt];\n st.global.u32 [%rd1], %r1;\n ret;\n}\n";

/* b.ptx: uses f and g from a; its own helper and cnt. */
static const char k_b[] =
    HDR
    ".extern .func (.param .b32 r) f(.param .b32 x);\n"
    ".extern .global .align 4 .u32 g;\n"
    ".global .align 4 .u32 cnt;\n"
    ".func (.param .b32 r) helper(.param .b32 x)\n"
    "{\n .reg .b32 %r<3>;\n ld.param.u32 %r1, [x];\n add.s32 %r2, %r1, 100;\n"
    " st.param.b32 [r], %r2;\n ret;\n}\n"
    ".visible .entry kb(.param .u64 out)\n"
    "{\n .reg .b32 %r<5>;\n .reg .b64 %rd<3>;\n ld.param.u64 %rd1, [out];\n"
    " ld.global.u32 %r1, [g];\n"
    " { .param .b32 p0; .param .b32 r0; st.param.b32 [p0], %r1;\n"
    "   call.uni (r0), f, (p0); ld.param.b32 %r2, [r0]; }\n"
    " { .param .b32 p0; .param .b32 r0; st.param.b32 [p0], %r2;\n"
    "   call.uni (r0), helper, (p0); ld.param.b32 %r3, [r0]; }\n"
    " st.global.u32 [cnt], %r3;\n st.global.u32 [%rd1], %r3;\n ret;\n}\n";

static ptx_module *parse(const char *text, const char *name)
{
    char err[512];
    ptx_module *m = ptx_parse(text, strlen(text), name, err, sizeof err);
    if (m == NULL)
        fail_msg("parse %s: %s", name, err);
    return m;
}

/* Links the texts; returns the result, or NULL with the message in err. */
static ptx_module *link2(const char *a, const char *b, char *err, size_t errlen)
{
    ptx_module *mods[2] = { parse(a, "a.ptx"), parse(b, "b.ptx") };
    ptx_status st = PTX_OK;
    ptx_module *m = ptx_link(mods, 2, err, errlen, &st);
    assert_int_equal(st, m ? PTX_OK : PTX_ERR_INVALID);
    return m;
}

static const ptx_func *func(const ptx_module *m, const char *name)
{
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (strcmp(m->funcs[i].name, name) == 0)
            return &m->funcs[i];
    fail_msg("no function %s in the linked module", name);
    return NULL;
}

/* The symbol the first operand naming a function/variable in fn refers to. */
static const ptx_symref *nth_ref(const ptx_func *fn, ptx_sym_kind kind, unsigned nth)
{
    for (uint32_t s = 0; s < fn->nbody; s++) {
        const ptx_insn *in = &fn->body[s].insn;
        for (unsigned k = 0; fn->body[s].kind == PTX_STMT_INSN && k < in->nops; k++) {
            const ptx_operand *o = &in->ops[k];
            if ((o->kind == PTX_OPND_SYM || (o->kind == PTX_OPND_ADDR &&
                                             o->base_kind == PTX_OPND_SYM)) &&
                o->sym.kind == kind && nth-- == 0)
                return &o->sym;
        }
    }
    fail_msg("%s: no such reference", fn->name);
    return NULL;
}

static void test_resolve_and_rename(void **state)
{
    (void)state;
    char err[512];
    ptx_module *m = link2(k_a, k_b, err, sizeof err);
    if (m == NULL)
        fail_msg("%s", err);
    assert_string_equal(m->filename, "a.ptx+b.ptx");
    /* f, ka, kb, a's helper, b's helper: the declaration of f is gone */
    assert_int_equal(m->nfuncs, 5);
    assert_non_null(func(m, "helper$1"));
    assert_int_equal(m->nvars, 3);   /* g, cnt, cnt$1 */
    const ptx_func *kb = func(m, "kb");
    const ptx_symref *g = nth_ref(kb, PTX_SYM_GLOBAL_VAR, 0);
    assert_string_equal(g->name, "g");
    assert_int_equal(m->vars[g->index].linkage, PTX_LINK_VISIBLE);
    const ptx_symref *f = nth_ref(kb, PTX_SYM_FUNC, 0);
    assert_string_equal(m->funcs[f->index].name, "f");
    assert_true(m->funcs[f->index].has_body);
    assert_string_equal(m->funcs[nth_ref(kb, PTX_SYM_FUNC, 1)->index].name, "helper$1");
    assert_string_equal(m->vars[nth_ref(kb, PTX_SYM_GLOBAL_VAR, 1)->index].name, "cnt$1");
    /* f (from a) still calls a's helper, ka reads a's cnt */
    assert_string_equal(m->funcs[nth_ref(func(m, "f"), PTX_SYM_FUNC, 0)->index].name, "helper");
    assert_string_equal(m->vars[nth_ref(func(m, "ka"), PTX_SYM_GLOBAL_VAR, 0)->index].name,
                        "cnt");
    isa_module *isa = ptx_lower(m, err, sizeof err);
    if (isa == NULL)
        fail_msg("lower: %s", err);
    assert_non_null(isa_module_find_kernel(isa, "ka"));
    assert_non_null(isa_module_find_kernel(isa, "kb"));
    const isa_symbol *sg = isa_module_find_symbol(isa, "g");
    assert_non_null(sg);
    assert_false(sg->is_extern);
    assert_non_null(sg->init);
    assert_non_null(isa_module_find_symbol(isa, "cnt$1"));
    isa_module_free(isa);
    ptx_module_free(m);
}

static void test_link_compile(void **state)
{
    (void)state;
    char err[512];
    const char *texts[] = { k_b, k_a };
    const size_t lens[] = { strlen(k_b), strlen(k_a) };
    const char *names[] = { "b.ptx", "a.ptx" };
    ptx_status st;
    isa_module *isa = ptx_link_compile(texts, lens, names, 2, err, sizeof err, &st);
    if (isa == NULL)
        fail_msg("%s", err);
    assert_int_equal(st, PTX_OK);
    assert_int_equal(isa->nkernels, 2);
    /* b came first: its statics keep their names, a's are renamed */
    assert_non_null(isa_module_find_symbol(isa, "cnt$1"));
    isa_module_free(isa);
}

static const char k_weak1[] = HDR ".weak .global .align 4 .u32 w = 1;\n"
                                  ".weak .func (.param .b32 r) wf() { st.param.b32 [r], 1; ret; }\n";
static const char k_weak2[] = HDR ".weak .global .align 4 .u32 w = 2;\n"
                                  ".visible .func (.param .b32 r) wf() { st.param.b32 [r], 2; ret; }\n";

static void test_weak(void **state)
{
    (void)state;
    char err[512];
    /* weak + strong: the strong function; weak + weak: the first variable */
    ptx_module *m = link2(k_weak1, k_weak2, err, sizeof err);
    if (m == NULL)
        fail_msg("%s", err);
    assert_int_equal(m->nfuncs, 1);
    assert_int_equal(m->funcs[0].linkage, PTX_LINK_VISIBLE);
    assert_int_equal(m->nvars, 1);
    assert_int_equal(m->vars[0].init[0], 1);
    ptx_module_free(m);
}

/* The link fails with exactly `want`. */
static void expect_error(const char *a, const char *b, const char *want)
{
    char err[512];
    ptx_module *m = link2(a, b, err, sizeof err);
    if (m != NULL) {
        ptx_module_free(m);
        fail_msg("linked, expected: %s", want);
    }
    assert_string_equal(err, want);
}

static const char k_def_g[] = HDR ".visible .global .align 4 .u32 g;\n";
static const char k_def_f[] = HDR ".visible .func (.param .b32 r) f(.param .b32 x) { ret; }\n";

static void test_errors(void **state)
{
    (void)state;
    expect_error(k_def_g, k_def_g, "link: duplicate definition of g in a.ptx and b.ptx");
    expect_error(k_def_f, k_def_f, "link: duplicate definition of f in a.ptx and b.ptx");
    expect_error(k_def_g, HDR ".extern .global .align 4 .u32 h;\n",
                 "link: unresolved variable h: declared .extern .global in b.ptx, defined "
                 "(.visible or .weak) in no module");
    expect_error(k_def_g, HDR ".extern .func (.param .b32 r) nothere();\n",
                 "link: unresolved function nothere: declared in b.ptx, defined (.visible or "
                 ".weak) in no module");
    expect_error(k_def_f, HDR ".extern .func (.param .b32 r) f(.param .b32 x, .param .b32 y);\n",
                 "link: signature of f declared in b.ptx (2 params, 1 results) differs from its "
                 "definition in a.ptx (1 params, 1 results)");
    expect_error(k_def_f, HDR ".extern .func (.param .b64 r) f(.param .b32 x);\n",
                 "link: signature of f declared in b.ptx (1 params, 1 results) differs from its "
                 "definition in a.ptx (1 params, 1 results)");
    expect_error(k_def_g, HDR ".extern .global .align 8 .u64 g;\n",
                 "link: g is declared with 8 bytes in b.ptx but defined with 4 bytes in a.ptx");
    expect_error(k_def_g, HDR ".extern .const .align 4 .u32 g;\n",
                 "link: g is declared .const in b.ptx but defined .global in a.ptx");
    expect_error(k_def_g, HDR ".visible .func g() { ret; }\n",
                 "link: g is a variable in a.ptx but a function in b.ptx");
    expect_error(k_def_f, HDR ".extern .global .align 4 .u32 f;\n",
                 "link: f is a variable in b.ptx but a function in a.ptx");
    expect_error(k_def_g, ".version 8.0\n.target sm_80\n.address_size 32\n",
                 "link: b.ptx has .address_size 32 but a.ptx has 64");
}

/* Declarations that need no definition: the runtime built-ins and dynamic
 * shared memory. */
static void test_builtins_and_dynamic_shared(void **state)
{
    (void)state;
    static const char k_p[] =
        HDR ".extern .func (.param .b32 r) vprintf(.param .b64 f, .param .b64 a);\n"
        ".extern .shared .align 16 .b8 dyn[];\n";
    char err[512];
    ptx_module *m = link2(k_p, k_p, err, sizeof err);
    if (m == NULL)
        fail_msg("%s", err);
    assert_int_equal(m->nfuncs, 1);
    assert_false(m->funcs[0].has_body);
    assert_int_equal(m->nvars, 1);
    ptx_module_free(m);
}

static void test_bad_input(void **state)
{
    (void)state;
    char err[128];
    ptx_status st = PTX_OK;
    assert_null(ptx_link(NULL, 0, err, sizeof err, &st));
    assert_int_equal(st, PTX_ERR_INVALID);
    assert_string_equal(err, "link: 0 modules to link (need at least one)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve_and_rename),
        cmocka_unit_test(test_link_compile),
        cmocka_unit_test(test_weak),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_builtins_and_dynamic_shared),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
