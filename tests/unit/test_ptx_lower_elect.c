/* tests/unit/test_ptx_lower_elect.c — lowering of elect.sync (sm_90:
 * WARPSYNC of the membermask, then ELECT d, p, mask; the sink "_|%p" form
 * parses) and of fns.b32 (FNS, base may be an immediate), and the precise
 * errors for malformed forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/ptx_lower_testutil.h"

#define KERNEL(body)                                                          \
    ".version 8.0\n.target sm_90\n.address_size 64\n"                         \
    ".visible .entry k(.param .u64 out)\n{\n"                                 \
    ".reg .pred %p<4>;\n.reg .b32 %r<12>;\n.reg .b64 %rd<4>;\n"               \
    "ld.param.u64 %rd1, [out];\n"                                             \
    "ld.global.u32 %r2, [%rd1];\n"                                            \
    body                                                                      \
    "st.global.u32 [%rd1], %r3;\n"                                            \
    "ret;\n}\n"

static void test_elect(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, KERNEL(
        "elect.sync %r3|%p1, 0xffffffff;\n"
        "elect.sync _|%p2, %r2;\n"
        "selp.u32 %r4, 1, 0, %p1;\n"
        "selp.u32 %r5, 1, 0, %p2;\n"
        "add.u32 %r3, %r3, %r4;\n"
        "add.u32 %r3, %r3, %r5;\n"));
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(lt_count(k, OP_ELECT), 2);
    char buf[160];
    uint32_t i = lt_find(k, "ELECT", 0);
    assert_true(i != UINT32_MAX && i > 0);
    assert_string_equal(lt_text(k, i - 1, buf, sizeof buf), "WARPSYNC 0xffffffff");
    isa_insn e = lt_insn(k, i);
    assert_true(e.bimm);
    assert_int_equal(e.imm, 0xffffffffu);
    assert_true(e.e < ISA_PT);   /* a real predicate */
    uint32_t j = lt_find(k, "ELECT", 1);
    assert_true(j != UINT32_MAX);
    isa_insn e2 = lt_insn(k, j), ws = lt_insn(k, j - 1);
    assert_int_equal(ws.op, OP_WARPSYNC);
    assert_false(e2.bimm);
    assert_int_equal(ws.b, e2.b);   /* the register mask, waited for */
    assert_true(e2.e < ISA_PT && e2.e != e.e);
    isa_module_free(m);
}

static void test_fns(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, KERNEL(
        "fns.b32 %r3, %r2, 3, -1;\n"
        "fns.b32 %r4, 0xaaaaaaaa, %r2, %r3;\n"
        "add.u32 %r3, %r3, %r4;\n"));
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(lt_count(k, OP_FNS), 2);
    isa_insn a = lt_insn(k, lt_find(k, "FNS", 0)), b = lt_insn(k, lt_find(k, "FNS", 1));
    assert_true(a.bimm);
    assert_int_equal(a.imm, 3);
    assert_false(b.bimm);
    isa_module_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    char err[512];
    /* elect.sync needs the predicate destination */
    assert_non_null(lt_error(KERNEL("elect.sync %r3, 0xffffffff;\n"), err, sizeof err));
    assert_non_null(strstr(err, "elect.sync"));
    assert_non_null(lt_error(KERNEL("fns.b64 %r3, %r2, 3, 1;\n"), err, sizeof err));
    assert_non_null(strstr(err, "fns.b64"));
    assert_non_null(lt_error(KERNEL("elect.sync %r3|%r4, 0xffffffff;\n"), err, sizeof err));
    assert_non_null(strstr(err, "predicate"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elect),
        cmocka_unit_test(test_fns),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
