/* tests/unit/test_ptx_lower_warp.c — lowering of the warp-level .sync
 * instructions (a WARPSYNC of the membermask right before each op, the mask
 * as VOTE/REDUX/MATCH operand b, none for activemask and the pre-Volta
 * forms) and of mov.pred with an integer immediate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/ptx_lower_testutil.h"

#define KERNEL(body)                                                          \
    PTX_HEAD                                                                  \
    ".visible .entry k(.param .u64 out)\n{\n"                                 \
    ".reg .pred %p<4>;\n.reg .b32 %r<12>;\n.reg .b64 %rd<4>;\n"               \
    "ld.param.u64 %rd1, [out];\n"                                             \
    "mov.u32 %r1, %laneid;\n"                                                 \
    "ld.global.u32 %r2, [%rd1];\n"                                            \
    body                                                                      \
    "st.global.u32 [%rd1], %r3;\n"                                            \
    "ret;\n}\n"

static const char *text_at(const isa_kernel *k, uint32_t i, char *buf)
{
    return lt_text(k, i, buf, 160);
}

/* The instruction right before the n-th one starting with `prefix` is
 * `WARPSYNC <mask>`, and that one reads as `want`. */
static void expect_synced(const isa_kernel *k, const char *prefix, unsigned n, const char *mask,
                          const char *want)
{
    char buf[160], ws[64];
    uint32_t i = lt_find(k, prefix, n);
    assert_true(i != UINT32_MAX && i > 0);
    snprintf(ws, sizeof ws, "WARPSYNC %s", mask);
    assert_string_equal(text_at(k, i - 1, buf), ws);
    assert_string_equal(text_at(k, i, buf), want);
}

static void test_sync_ops_wait_for_mask(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, KERNEL(
        "shfl.sync.bfly.b32 %r3, %r2, 1, 31, %r2;\n"
        "vote.sync.ballot.b32 %r4, %p1, 0x0000ffff;\n"
        "vote.sync.any.pred %p2, %p1, %r2;\n"
        "redux.sync.add.u32 %r5, %r2, 0xffffffff;\n"
        "match.any.sync.b32 %r6, %r2, %r4;\n"
        "add.u32 %r3, %r3, %r4;\n"
        "add.u32 %r3, %r3, %r5;\n"
        "add.u32 %r3, %r3, %r6;\n"));
    const isa_kernel *k = &m->kernels[0];
    char buf[160], want[160];
    uint32_t i = lt_find(k, "SHFL.BFLY", 0);
    assert_true(i != UINT32_MAX);
    isa_insn sh = lt_insn(k, i), ws = lt_insn(k, i - 1);
    assert_int_equal(ws.op, OP_WARPSYNC);
    assert_int_equal(ws.bimm, 0);
    assert_int_equal(ws.b, sh.a);   /* shfl's source register is also the mask */
    uint32_t v = lt_find(k, "VOTE.BALLOT", 0);
    isa_insn vb = lt_insn(k, v);
    snprintf(want, sizeof want, "VOTE.BALLOT R%u, PT, P%u, 0xffff", vb.d, vb.c);
    expect_synced(k, "VOTE.BALLOT", 0, "0xffff", want);
    isa_insn va = lt_insn(k, lt_find(k, "VOTE.ANY", 0));
    assert_int_equal(va.bimm, 0);
    assert_int_equal(va.b, sh.a);
    assert_int_equal(lt_insn(k, lt_find(k, "VOTE.ANY", 0) - 1).op, OP_WARPSYNC);
    isa_insn rx = lt_insn(k, lt_find(k, "REDUX.ADD.U32", 0));
    snprintf(want, sizeof want, "REDUX.ADD.U32 R%u, R%u, 0xffffffff", rx.d, rx.a);
    expect_synced(k, "REDUX.ADD.U32", 0, "0xffffffff", want);
    isa_insn mt = lt_insn(k, lt_find(k, "MATCH.ANY", 0));
    assert_int_equal(mt.bimm, 0);
    assert_int_equal(mt.b, vb.d);   /* the ballot's result is the mask */
    assert_int_equal(lt_insn(k, lt_find(k, "MATCH.ANY", 0) - 1).op, OP_WARPSYNC);
    assert_int_equal(lt_count(k, OP_WARPSYNC), 5);
    (void)buf;
    isa_module_free(m);
}

/* activemask and the pre-Volta shfl/vote wait for nobody. */
static void test_no_wait_forms(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, KERNEL(
        "activemask.b32 %r3;\n"
        "vote.ballot.b32 %r4, %p1;\n"
        "shfl.down.b32 %r5, %r2, 1, 31;\n"
        "add.u32 %r3, %r3, %r4;\n"
        "add.u32 %r3, %r3, %r5;\n"));
    const isa_kernel *k = &m->kernels[0];
    char buf[160];
    assert_int_equal(lt_count(k, OP_WARPSYNC), 0);
    uint32_t i = lt_find(k, "VOTE.BALLOT", 0);
    assert_true(i != UINT32_MAX);
    isa_insn in = lt_insn(k, i);
    char want[96];
    snprintf(want, sizeof want, "VOTE.BALLOT R%u, PT, PT, 0xffffffff", in.d);
    assert_string_equal(text_at(k, i, buf), want);
    isa_module_free(m);
}

/* mov.pred with an integer immediate: nonzero is true (nvcc writes -1). */
static void test_mov_pred_immediate(void **state)
{
    (void)state;
    static const struct { const char *imm; bool value; } cases[] = {
        { "-1", true }, { "1", true }, { "0", false }, { "7", true },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char text[1024], body[160];
        snprintf(body, sizeof body, "mov.pred %%p1, %s;\nselp.u32 %%r3, 5, 9, %%p1;\n",
                 cases[c].imm);
        snprintf(text, sizeof text, PTX_HEAD
                 ".visible .entry k(.param .u64 out)\n{\n"
                 ".reg .pred %%p<4>;\n.reg .b32 %%r<12>;\n.reg .b64 %%rd<4>;\n"
                 "ld.param.u64 %%rd1, [out];\n%s"
                 "st.global.u32 [%%rd1], %%r3;\nret;\n}\n", body);
        isa_module *m;
        LT_COMPILE(m, text);
        const isa_kernel *k = &m->kernels[0];
        uint32_t i = lt_find(k, "PLOP.AND", 0);
        assert_true(i != UINT32_MAX);
        isa_insn in = lt_insn(k, i);
        /* E = PT-or-!PT AND PT */
        assert_int_equal(in.a, cases[c].value ? ISA_PT : (ISA_PT | ISA_PRED_NEG));
        assert_int_equal(in.b, ISA_PT);
        isa_module_free(m);
    }
    /* a register that is not a predicate is still refused */
    char err[512];
    const char *msg = lt_error(PTX_HEAD
                               ".visible .entry k()\n{\n.reg .pred %p<2>;\n.reg .b32 %r<2>;\n"
                               "mov.pred %p1, %r1;\nret;\n}\n", err, sizeof err);
    assert_non_null(strstr(msg, "predicate"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sync_ops_wait_for_mask),
        cmocka_unit_test(test_no_wait_forms),
        cmocka_unit_test(test_mov_pred_immediate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
