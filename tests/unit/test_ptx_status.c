/* tests/unit/test_ptx_status.c — the kind of failure ptx_compile_ex gives:
 * invalid PTX, a feature not supported yet (parser and lowering), or a
 * lowering limit; the runtime maps it without reading the message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "isa/ptx/lower.h"

#define HEAD ".version 8.0\n.target sm_80\n.address_size 64\n"

static ptx_status compile_status(const char *text, char *err, size_t errlen)
{
    ptx_status st = PTX_OK;
    isa_module *m = ptx_compile_ex(text, strlen(text), "t.ptx", err, errlen, &st);
    if (m != NULL)
        isa_module_free(m);
    return st;
}

static void test_ok(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(compile_status(HEAD ".visible .entry k()\n{\n ret;\n}\n", err, sizeof err),
                     PTX_OK);
}

static void test_syntax_is_invalid(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(compile_status(HEAD ".visible .entry k(\n{\n ret;\n}\n", err, sizeof err),
                     PTX_ERR_INVALID);
    assert_non_null(strstr(err, "t.ptx:"));
}

static void test_parser_unsupported(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(compile_status(HEAD ".global .texref tex;\n", err, sizeof err),
                     PTX_ERR_UNSUPPORTED);
    assert_non_null(strstr(err, "not supported yet"));
}

static void test_lowering_unsupported(void **state)
{
    (void)state;
    char err[256];
    /* surface reductions are a lowering gap (no sured handler) */
    const char *ptx = HEAD ".visible .entry k()\n{\n .reg .b32 %r<3>;\n .reg .b64 %rd<2>;\n"
                      " mov.u32 %r1, 0;\n sured.b.add.1d.u32.trap [%rd1, {%r1}], %r1;\n ret;\n}\n";
    assert_int_equal(compile_status(ptx, err, sizeof err), PTX_ERR_UNSUPPORTED);
    assert_non_null(strstr(err, "t.ptx:9:"));
}

static void test_lowering_invalid(void **state)
{
    (void)state;
    char err[256];
    /* a parsed but ill-formed barrier number: invalid, not unsupported */
    const char *ptx = HEAD ".visible .entry k()\n{\n bar.sync 99;\n ret;\n}\n";
    assert_int_equal(compile_status(ptx, err, sizeof err), PTX_ERR_INVALID);
    assert_non_null(strstr(err, "barrier number"));
}

static void test_null_status_still_works(void **state)
{
    (void)state;
    char err[256];
    const char *bad = HEAD ".visible .entry k(\n";
    assert_null(ptx_compile_ex(bad, strlen(bad), "t.ptx", err, sizeof err, NULL));
    assert_null(ptx_compile(bad, strlen(bad), "t.ptx", err, sizeof err));
    assert_true(err[0] != '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ok),
        cmocka_unit_test(test_syntax_is_invalid),
        cmocka_unit_test(test_parser_unsupported),
        cmocka_unit_test(test_lowering_unsupported),
        cmocka_unit_test(test_lowering_invalid),
        cmocka_unit_test(test_null_status_still_works),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
