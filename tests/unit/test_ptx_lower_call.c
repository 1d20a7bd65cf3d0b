/* tests/unit/test_ptx_lower_call.c — lowering of .func definitions and calls:
 * the calling convention (R1 reserved as the stack pointer, arguments in the
 * caller's outgoing area, the callee's frame, prologue and epilogue), CALL
 * targets after linking, register counts that cover the callees, and the
 * precise errors of what is not supported yet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/ptx_lower_testutil.h"

/* k calls twice(tid) (which calls inc) and stores the result; inc has a
 * local array, so its frame has .local storage. */
static const char k_calls[] = PTX_HEAD
    ".func (.param .b32 func_retval0) inc(.param .b32 inc_param_0)\n"
    "{\n"
    "  .local .align 4 .b8 __local_depot0[8];\n"
    "  .reg .b32 %r<4>;\n"
    "  ld.param.u32 %r1, [inc_param_0];\n"
    "  st.local.u32 [__local_depot0+4], %r1;\n"
    "  ld.local.u32 %r2, [__local_depot0+4];\n"
    "  add.s32 %r3, %r2, 1;\n"
    "  st.param.b32 [func_retval0+0], %r3;\n"
    "  ret;\n"
    "}\n"
    ".func (.param .b32 func_retval0) twice(.param .b32 twice_param_0)\n"
    "{\n"
    "  .reg .pred %p<2>;\n"
    "  .reg .b32 %r<4>;\n"
    "  ld.param.u32 %r1, [twice_param_0];\n"
    "  setp.eq.s32 %p1, %r1, 0;\n"
    "  shl.b32 %r2, %r1, 1;\n"
    "  @%p1 ret;\n"
    "  {\n"
    "  .param .b32 param0;\n"
    "  st.param.b32 [param0+0], %r2;\n"
    "  .param .b32 retval0;\n"
    "  call.uni (retval0), inc, (param0);\n"
    "  ld.param.b32 %r3, [retval0+0];\n"
    "  }\n"
    "  st.param.b32 [func_retval0+0], %r3;\n"
    "}\n"
    ".visible .entry k(.param .u64 k_param_0)\n"
    "{\n"
    "  .local .align 4 .b8 __local_depot1[16];\n"
    "  .reg .b32 %r<4>;\n"
    "  .reg .b64 %rd<3>;\n"
    "  ld.param.u64 %rd1, [k_param_0];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  st.local.u32 [__local_depot1+12], %r1;\n"
    "  {\n"
    "  .param .b32 param0;\n"
    "  st.param.b32 [param0+0], %r1;\n"
    "  .param .b32 retval0;\n"
    "  call.uni (retval0), twice, (param0);\n"
    "  ld.param.b32 %r2, [retval0+0];\n"
    "  }\n"
    "  st.global.u32 [%rd1], %r2;\n"
    "  ret;\n"
    "}\n";

static void test_convention(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, k_calls);
    assert_int_equal(m->nkernels, 1);   /* functions are not kernels */
    const isa_kernel *k = &m->kernels[0];
    char buf[160];
    /* the kernel sets the stack pointer up and reserves its argument area */
    assert_string_equal(lt_text(k, 0, buf, sizeof buf), "S2R R1, SR_STACKTOP");
    assert_string_equal(lt_text(k, 1, buf, sizeof buf), "ENTER R1, R1, 0x10");
    /* the kernel's locals come first; the stack (sized at launch) above */
    assert_int_equal(k->local_size, 16);
    assert_true(lt_find(k, "STL.32 [RZ+0xc]", 0) != UINT32_MAX ||
                lt_find(k, "STL.32 [0xc]", 0) != UINT32_MAX);
    /* argument stored in the outgoing area, result read back after CALL */
    uint32_t call = lt_find(k, "CALL", 0);
    assert_true(call != UINT32_MAX);
    assert_string_equal(lt_text(k, call - 1, buf, sizeof buf), "STL.32 [R1], R0");
    assert_true(strncmp(lt_text(k, call + 1, buf, sizeof buf), "LDL.32 ", 7) == 0);
    assert_non_null(strstr(buf, "[R1+0x4]"));
    /* two functions, each with a prologue ENTER and a RET */
    assert_int_equal(lt_count(k, OP_CALL), 2);
    assert_int_equal(lt_count(k, OP_ENTER), 3);
    assert_int_equal(lt_count(k, OP_RET), 3);   /* inc, and twice: one guarded, one at the end */
    /* every CALL names the first instruction of a function: its ENTER */
    for (unsigned n = 0; n < 2; n++) {
        isa_insn in = lt_insn(k, lt_find(k, "CALL", n));
        assert_int_equal(lt_insn(k, in.imm).op, OP_ENTER);
    }
    /* nothing but the stack-pointer arithmetic writes R1 */
    for (uint32_t i = 0; i < k->ninsns; i++) {
        isa_insn in = lt_insn(k, i);
        if (in.d == 1 && in.op != OP_ENTER && in.op != OP_IADD && in.op != OP_LDL &&
            !(in.op == OP_S2R && in.imm == ISA_SR_STACKTOP))
            fail_msg("instruction %u writes R1: %s", i, lt_text(k, i, buf, sizeof buf));
    }
    /* the guarded `@%p1 ret` branches around the epilogue */
    uint32_t ret0 = lt_find(k, "RET", 0);
    uint32_t skip = ret0;
    while (skip > 0 && lt_insn(k, skip).op != OP_BRA)
        skip--;
    assert_int_equal(lt_insn(k, skip).imm, ret0 + 1);
    assert_true(k->nregs >= 4);   /* the callees' saved quad */
    isa_module_free(m);
}

static void test_callee_frame(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, k_calls);
    const isa_kernel *k = &m->kernels[0];
    char buf[160];
    /* inc: no calls, 8 bytes of locals, R0..R3 saved: frame 0x20; its
     * parameter is just above the frame, its local array at R1 + 0 */
    isa_insn call = lt_insn(k, lt_find(k, "CALL", 1));
    uint32_t inc = call.imm;
    assert_string_equal(lt_text(k, inc, buf, sizeof buf), "ENTER R1, R1, 0x20");
    assert_string_equal(lt_text(k, inc + 1, buf, sizeof buf), "STL.128 [R1+0x10], R0");
    assert_string_equal(lt_text(k, inc + 2, buf, sizeof buf), "LDL.32 R0, [R1+0x20]");
    assert_string_equal(lt_text(k, inc + 3, buf, sizeof buf), "STL.32 [R1+0x4], R0");
    isa_module_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    char err[512];
    /* an argument count that differs from the definition */
    const char *bad_args = PTX_HEAD
        ".func f(.param .b32 f_param_0)\n{\n  ret;\n}\n"
        ".visible .entry k()\n{\n"
        "  {\n  .param .b32 param0;\n  .param .b32 param1;\n"
        "  call.uni f, (param0, param1);\n  }\n  ret;\n}\n";
    assert_string_equal(lt_error(bad_args, err, sizeof err),
                        "t.ptx:13: the call of 'f' passes 2 arguments, the function declares 1");
    /* a size that differs */
    const char *bad_size = PTX_HEAD
        ".func f(.param .b32 f_param_0)\n{\n  ret;\n}\n"
        ".visible .entry k()\n{\n"
        "  {\n  .param .b64 param0;\n"
        "  call.uni f, (param0);\n  }\n  ret;\n}\n";
    assert_string_equal(lt_error(bad_size, err, sizeof err),
                        "t.ptx:12: argument 1 of the call of 'f' has 8 bytes, the function declares 4");
    /* a dynamic .shared variable inside a .func */
    const char *dyn = PTX_HEAD
        ".func f()\n{\n  .shared .align 16 .b8 s[];\n  ret;\n}\n"
        ".visible .entry k()\n{\n  call.uni f, ();\n  ret;\n}\n";
    assert_string_equal(lt_error(dyn, err, sizeof err),
                        "t.ptx:6: dynamic .shared variable 's' declared in the .func 'f' is not "
                        "supported yet");
}

/* a .shared array declared in a .func (nvcc's "demoted variable") goes after
 * the kernel's own shared memory, in the kernel's window */
static void test_shared_in_func(void **state)
{
    (void)state;
    const char *text = PTX_HEAD
        ".func f()\n{\n  .shared .align 8 .b8 s[24];\n  .reg .b32 %r<2>;\n"
        "  mov.u32 %r1, 7;\n  st.shared.u32 [s+4], %r1;\n  ret;\n}\n"
        ".visible .entry k()\n{\n  .shared .align 4 .b8 t[12];\n  .reg .b32 %r<2>;\n"
        "  mov.u32 %r1, 5;\n  st.shared.u32 [t], %r1;\n  call.uni f, ();\n  ret;\n}\n";
    isa_module *m;
    LT_COMPILE(m, text);
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(k->shared_size, 16 + 24);   /* t at 0, s at 16 (8-aligned) */
    assert_true(lt_find(k, "STS.32 [RZ+0x14]", 0) != UINT32_MAX);   /* s + 4 */
    assert_true(lt_find(k, "STS.32 [RZ]", 0) != UINT32_MAX);        /* t */
    isa_module_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_convention),
        cmocka_unit_test(test_callee_frame),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_shared_in_func),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
