/* tests/unit/test_ptx_lower_int2.c — lowering of the less common integer
 * instructions (isa/ptx/lower_isel_int2.c, the mad.cc / madc chain of
 * lower_isel_carry.c, sad on 16/64 bits): the ops chosen and the precise
 * errors for malformed forms. Values are checked end to end by
 * tests/cuda/ptx_conformance_int2.cu. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/ptx_lower_testutil.h"

#define KERNEL(body)                                                          \
    ".version 8.6\n.target sm_90\n.address_size 64\n"                         \
    ".visible .entry k(.param .u64 out)\n{\n"                                 \
    ".reg .pred %p<4>;\n.reg .b32 %r<12>;\n.reg .b64 %rd<6>;\n"               \
    ".reg .b16 %rs<4>;\n"                                                     \
    "ld.param.u64 %rd1, [out];\n"                                             \
    "ld.global.u32 %r2, [%rd1];\n"                                            \
    "ld.global.u64 %rd2, [%rd1+8];\n"                                         \
    body                                                                      \
    "st.global.u32 [%rd1], %r3;\n"                                            \
    "ret;\n}\n"

static void test_one_op_forms(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, KERNEL(
        "lop3.b32 %r3, %r2, 7, %r3, 0xe8;\n"
        "dp4a.u32.s32 %r3, %r2, %r3, %r2;\n"
        "dp2a.hi.s32.s32 %r3, %r2, 0x01020304, %r3;\n"
        "bmsk.wrap.b32 %r4, %r2, 5;\n"
        "szext.clamp.s32 %r5, %r2, %r4;\n"
        "add.sat.s32 %r3, %r3, %r5;\n"
        "sub.sat.s32 %r3, %r3, 1;\n"
        "max.relu.s16x2 %r3, %r3, %r2;\n"
        "add.u16x2 %r3, %r3, %r2;\n"));
    const isa_kernel *k = &m->kernels[0];
    char buf[160];
    uint32_t i = lt_find(k, "LOP3", 0);
    assert_true(i != UINT32_MAX);
    assert_int_equal(lt_insn(k, i).imm, 0xe8);
    assert_int_equal(lt_count(k, OP_IDP), 2);
    assert_non_null(strstr(lt_text(k, lt_find(k, "IDP", 0), buf, sizeof buf), "IDP.4A.U32.S32"));
    assert_non_null(strstr(lt_text(k, lt_find(k, "IDP", 1), buf, sizeof buf), "IDP.2HI.S32.S32"));
    assert_non_null(strstr(lt_text(k, lt_find(k, "BMSK", 0), buf, sizeof buf), "BMSK.WRAP"));
    assert_non_null(strstr(lt_text(k, lt_find(k, "SZEXT", 0), buf, sizeof buf), "SZEXT.CLAMP.S32"));
    assert_int_equal(lt_count(k, OP_IADDSAT), 2);
    assert_non_null(strstr(lt_text(k, lt_find(k, "I16X2", 0), buf, sizeof buf),
                           "I16X2.MAX.S16.RELU"));
    assert_non_null(strstr(lt_text(k, lt_find(k, "I16X2", 1), buf, sizeof buf), "I16X2.ADD.U16"));
    isa_module_free(m);
}

static void test_sequences(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, KERNEL(
        "lop3.or.b32 %r3|%p1, %r2, %r2, %r2, 0x80, %p2;\n"
        "cnot.b64 %rd3, %rd2;\n"
        "cvt.u32.u64 %r4, %rd3;\n"
        "selp.u32 %r5, 1, 0, %p1;\n"
        "min.relu.s32 %r6, %r4, %r5;\n"
        "mad.hi.sat.s32 %r3, %r3, %r6, %r4;\n"
        "mad24.hi.sat.s32 %r3, %r3, %r6, %r4;\n"
        "sad.s64 %rd4, %rd2, %rd3, %rd2;\n"
        "sad.u16 %rs1, %rs2, %rs3, %rs2;\n"
        "cvt.u32.u64 %r7, %rd4;\n"
        "add.u32 %r3, %r3, %r7;\n"));
    const isa_kernel *k = &m->kernels[0];
    char buf[160];
    /* lop3.or: LOP3, then p = (d != 0) OR q */
    uint32_t i = lt_find(k, "LOP3", 0);
    assert_true(i != UINT32_MAX);
    assert_non_null(strstr(lt_text(k, i + 1, buf, sizeof buf), "ISETP.NE.U32.OR"));
    assert_true(lt_find(k, "ISETP.EQ.U64", 0) != UINT32_MAX);   /* cnot.b64 */
    assert_int_equal(lt_count(k, OP_IADDSAT), 2);                /* the two .hi.sat */
    assert_true(lt_find(k, "IMUL.HI.S32", 0) != UINT32_MAX);
    assert_true(lt_find(k, "ISETP.LT.S64", 0) != UINT32_MAX);    /* sad.s64 */
    assert_true(lt_find(k, "ISETP.LT.U16", 0) != UINT32_MAX);    /* sad.u16 */
    assert_true(lt_find(k, "IMNMX.MAX.S32", 0) != UINT32_MAX);   /* .relu */
    isa_module_free(m);
}

static void test_carry_chain(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, KERNEL(
        "mad.lo.cc.u32 %r3, %r2, %r2, %r2;\n"
        "madc.hi.cc.s32 %r4, %r2, %r3, 0;\n"
        "madc.lo.u64 %rd3, %rd2, %rd2, %rd2;\n"
        "cvt.u32.u64 %r5, %rd3;\n"
        "add.u32 %r3, %r3, %r4;\n"
        "add.u32 %r3, %r3, %r5;\n"));
    const isa_kernel *k = &m->kernels[0];
    assert_true(lt_find(k, "IMUL.LO.U32", 0) != UINT32_MAX);
    assert_true(lt_find(k, "IMUL.HI.S32", 0) != UINT32_MAX);
    assert_true(lt_find(k, "IMUL.LO.U64", 0) != UINT32_MAX);
    assert_true(lt_count(k, OP_P2R) >= 2);   /* two carry-ins */
    isa_module_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    char err[512];
    assert_non_null(lt_error(KERNEL("lop3.b32 %r3, %r2, %r2, %r2, %r2;\n"), err, sizeof err));
    assert_non_null(strstr(err, "immLut"));
    assert_non_null(lt_error(KERNEL("lop3.b32 %r3, %r2, %r2, %r2, 256;\n"), err, sizeof err));
    assert_non_null(strstr(err, "0..255"));
    assert_non_null(lt_error(KERNEL("lop3.and.b32 %r3, %r2, %r2, %r2, 1, %p1;\n"), err, sizeof err));
    assert_non_null(strstr(err, "d|p"));
    assert_non_null(lt_error(KERNEL("lop3.b32 %r3|%p1, %r2, %r2, %r2, 1;\n"), err, sizeof err));
    assert_non_null(strstr(err, "no predicate destination"));
    assert_non_null(lt_error(KERNEL("sub.u16x2 %r3, %r2, %r2;\n"), err, sizeof err));
    assert_non_null(strstr(err, "no .u16x2/.s16x2 form"));
    assert_non_null(lt_error(KERNEL("madc.cc.u32 %r3, %r2, %r2, %r2;\n"), err, sizeof err));
    assert_non_null(strstr(err, ".lo or .hi"));
    assert_non_null(lt_error(KERNEL("min.relu.u32 %r3, %r2, %r2;\n"), err, sizeof err));
    assert_non_null(strstr(err, "min.relu.u32"));
    assert_non_null(lt_error(KERNEL("bmsk.b32 %r3, %r2, %r2;\n"), err, sizeof err));
    assert_non_null(strstr(err, "bmsk.b32"));
    assert_non_null(lt_error(KERNEL("dp2a.u32.u32 %r3, %r2, %r2, %r2;\n"), err, sizeof err));
    assert_non_null(strstr(err, "dp2a.u32.u32"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_op_forms),
        cmocka_unit_test(test_sequences),
        cmocka_unit_test(test_carry_chain),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
