/* tests/unit/test_ptx_lower_init.c — addresses in initializers of module
 * data become isa_reloc entries (offset, target symbol, addend), function
 * addresses become function ids with per-kernel id tables, and the forms
 * Cobalt cannot serve fail with their precise messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "isa/module.h"
#include "isa/ptx/lower.h"
#include "ptx_testutil.h"

#define HEAD ".version 8.0\n.target sm_80\n.address_size 64\n"

static isa_module *compile(const char *text, char *err, size_t n)
{
    return ptx_compile(text, strlen(text), "t.ptx", err, n);
}

static const isa_symbol *sym(const isa_module *m, const char *name)
{
    const isa_symbol *s = isa_module_find_symbol(m, name);
    if (s == NULL)
        fail_msg("no symbol %s", name);
    return s;
}

static void test_data_addresses(void **state)
{
    (void)state;
    char err[256] = "";
    isa_module *m = compile(HEAD
        ".global .align 4 .b8 g[16];\n"
        ".const .align 4 .b8 c[8] = {1, 2};\n"
        ".global .align 8 .u64 s[4] = {5, generic(g)+8, generic(c), 7};\n"
        ".const .align 8 .u64 t[2] = {g, c - 4};\n"
        ".global .u64 u;\n", err, sizeof err);
    if (m == NULL)
        fail_msg("%s", err);
    const isa_symbol *s = sym(m, "s"), *t = sym(m, "t");
    assert_int_equal(s->nrelocs, 2);
    assert_int_equal(s->relocs[0].offset, 8);
    assert_string_equal(m->symbols[s->relocs[0].target].name, "g");
    assert_int_equal(s->relocs[0].addend, 8);
    assert_int_equal(s->relocs[1].offset, 16);
    assert_string_equal(m->symbols[s->relocs[1].target].name, "c");
    assert_int_equal(s->relocs[1].addend, 0);
    /* the constants around the addresses are kept; the address bytes stay 0 */
    uint64_t w[4];
    memcpy(w, s->init, sizeof w);
    assert_int_equal(w[0], 5);
    assert_int_equal(w[1], 0);
    assert_int_equal(w[3], 7);
    assert_int_equal(t->nrelocs, 2);
    assert_int_equal(t->relocs[1].offset, 8);
    assert_int_equal(t->relocs[1].addend, -4);
    assert_string_equal(m->symbols[t->relocs[1].target].name, "c");
    assert_int_equal(sym(m, "u")->nrelocs, 0);
    isa_module_free(m);
}

/* Function addresses in data are module-wide ids written at lowering time;
 * a kernel with an indirect call links every address-taken function in
 * and maps the ids to its own code; `mov` of a function gives the same id. */
static void test_function_ids(void **state)
{
    (void)state;
    char err[256] = "";
    isa_module *m = compile(HEAD
        ".func (.param .b32 r) f(.param .b32 a)\n{\n.reg .b32 %r<2>;\n"
        "ld.param.u32 %r1, [a];\nst.param.b32 [r], %r1;\nret;\n}\n"
        ".func (.param .b32 r) g(.param .b32 a)\n{\n.reg .b32 %r<2>;\n"
        "ld.param.u32 %r1, [a];\nst.param.b32 [r], %r1;\nret;\n}\n"
        ".global .align 8 .u64 tbl[3] = {7, g, f + 0};\n"
        ".visible .entry caller()\n{\n.reg .b32 %r<2>;\n.reg .b64 %rd<3>;\n"
        "mov.u32 %r1, 3;\nld.global.u64 %rd1, [tbl+8];\n"
        "{\n.param .b32 p0;\nst.param.b32 [p0], %r1;\n.param .b32 r0;\n"
        "proto : .callprototype (.param .b32 _) _ (.param .b32 _);\n"
        "call (r0), %rd1, (p0), proto;\n}\nret;\n}\n"
        ".visible .entry taker(.param .u64 out)\n{\n.reg .b64 %rd<3>;\n"
        "mov.u64 %rd1, g;\nld.param.u64 %rd2, [out];\nst.global.u64 [%rd2], %rd1;\nret;\n}\n"
        ".visible .entry plain()\n{\nret;\n}\n", err, sizeof err);
    if (m == NULL)
        fail_msg("%s", err);
    const isa_symbol *t = sym(m, "tbl");
    assert_int_equal(t->nrelocs, 0);
    uint64_t w[3];
    memcpy(w, t->init, sizeof w);
    assert_int_equal(w[0], 7);
    assert_int_equal(w[1], (uint64_t)ISA_FUNC_ID_HI << 32 | 1);   /* g: function 1 */
    assert_int_equal(w[2], (uint64_t)ISA_FUNC_ID_HI << 32 | 0);   /* f: function 0 */
    const isa_kernel *k = isa_module_find_kernel(m, "caller");
    assert_non_null(k);
    assert_int_equal(k->nfn_table, 2);
    assert_int_equal(k->fn_table[0].id, 0);
    assert_int_equal(k->fn_table[1].id, 1);
    for (uint32_t i = 0; i < 2; i++) {   /* each entry is a function's ENTER */
        isa_insn in;
        char why[128];
        assert_true(k->fn_table[i].pc < k->ninsns);
        assert_true(isa_decode(k->code[k->fn_table[i].pc], &in, why, sizeof why));
        assert_int_equal(in.op, OP_ENTER);
    }
    /* taker materialises g's id in code: the same value as in tbl */
    k = isa_module_find_kernel(m, "taker");
    assert_non_null(k);
    assert_int_equal(k->nfn_table, 1);
    assert_int_equal(k->fn_table[0].id, 1);
    bool lo = false, hi = false;
    for (uint32_t i = 0; i < k->ninsns; i++) {
        isa_insn in;
        char why[128];
        assert_true(isa_decode(k->code[i], &in, why, sizeof why));
        if (in.op == OP_MOV && in.bimm) {
            lo |= in.imm == 1;
            hi |= in.imm == ISA_FUNC_ID_HI;
        }
    }
    assert_true(lo && hi);
    k = isa_module_find_kernel(m, "plain");
    assert_non_null(k);
    assert_int_equal(k->nfn_table, 0);
    assert_null(k->fn_table);
    isa_module_free(m);
}

/* nvcc's output for a static __device__ table of two function pointers */
static void test_nvcc_function_table(void **state)
{
    (void)state;
    size_t len = 0;
    char err[512] = "", *text = ptx_test_read("fnptr_table.ptx", &len);
    if (text == NULL)
        fail_msg("cannot read tests/ptx/fnptr_table.ptx");
    isa_module *m = ptx_compile(text, len, "fnptr_table.ptx", err, sizeof err);
    free(text);
    if (m == NULL)
        fail_msg("%s", err);
    const isa_symbol *ops = sym(m, "ops");
    uint64_t w[2];
    memcpy(w, ops->init, sizeof w);
    assert_int_equal(w[0] >> 32, ISA_FUNC_ID_HI);
    assert_int_equal(w[1] >> 32, ISA_FUNC_ID_HI);
    assert_true(w[0] != w[1]);
    const isa_kernel *k = isa_module_find_kernel(m, "_Z9use_tablePii");
    assert_non_null(k);
    assert_int_equal(k->nfn_table, 2);
    assert_int_equal(k->fn_table[0].id, (uint32_t)w[0]);
    assert_int_equal(k->fn_table[1].id, (uint32_t)w[1]);
    isa_module_free(m);
}

static void test_rejected(void **state)
{
    (void)state;
    static const struct { const char *src, *err; } cases[] = {
        { ".extern .func f();\n.global .u64 p = f;\n",
          "t.ptx:5:18: the address of function 'f' in the initializer of 'p' (a function "
          "without a body here: declared .extern, or a prototype)" },
        { ".global .u64 p = q;\n",
          "t.ptx:4:18: 'q' in the initializer of 'p' is not a module variable or function "
          "declared before it" },
        { ".global .u8 x;\n.global .u16 p = generic(x);\n",
          "t.ptx:5:26: the address of 'x' needs a 64-bit element, not .u16" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char src[512], err[256] = "";
        snprintf(src, sizeof src, HEAD "%s", cases[i].src);
        isa_module *m = compile(src, err, sizeof err);
        if (m != NULL) {
            isa_module_free(m);
            fail_msg("case %zu compiled", i);
        }
        if (strcmp(err, cases[i].err) != 0)
            fail_msg("case %zu:\n  got  \"%s\"\n  want \"%s\"", i, err, cases[i].err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_addresses),
        cmocka_unit_test(test_function_ids),
        cmocka_unit_test(test_nvcc_function_table),
        cmocka_unit_test(test_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
