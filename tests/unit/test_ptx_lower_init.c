/* tests/unit/test_ptx_lower_init.c — addresses in initializers of module
 * data become isa_reloc entries (offset, target symbol, addend), and the
 * forms Cobalt cannot serve fail with their precise messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "isa/module.h"
#include "isa/ptx/lower.h"

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

static void test_rejected(void **state)
{
    (void)state;
    static const struct { const char *src, *err; } cases[] = {
        { ".func f()\n{\nret;\n}\n.global .u64 p = f;\n",
          "t.ptx:8:18: the address of function 'f' in the initializer of 'p' is not supported "
          "yet (a function address is an instruction index of the calling kernel's code)" },
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
        cmocka_unit_test(test_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
