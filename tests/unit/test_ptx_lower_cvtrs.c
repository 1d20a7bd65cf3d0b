/* tests/unit/test_ptx_lower_cvtrs.c — lowering of cvt.rs (stochastic
 * rounding) to F2FPRS: the target kind and modifiers chosen, the x4 forms'
 * sources gathered into a quad, and the precise errors for malformed forms.
 * Values: test_sim_cvtrs.c and tests/cuda/cvt_rs.cu. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "isa/f2fp.h"
#include "tests/unit/ptx_lower_testutil.h"

#define K_HEAD PTX_HEAD ".visible .entry k()\n{\n.reg .b16 %h<4>;\n.reg .b32 %r<6>;\n" \
               ".reg .f32 %f<6>;\n"
#define K_TAIL "ret;\n}\n"

static void test_forms(void **state)
{
    (void)state;
    static const struct { const char *insn; unsigned kind, relu, satf; } cases[] = {
        { "cvt.rs.f16x2.f32 %r1, %f1, %f2, %r2;", MOD_RS_F16X2, 0, 0 },
        { "cvt.rs.relu.satfinite.f16x2.f32 %r1, %f1, %f2, %r2;", MOD_RS_F16X2, 1, 1 },
        { "cvt.rs.satfinite.bf16x2.f32 %r1, %f1, %f2, %r2;", MOD_RS_BF16X2, 0, 1 },
        { "cvt.rs.satfinite.e4m3x4.f32 %r1, {%f1, %f2, %f3, %f4}, %r2;", MOD_RS_E4M3X4, 0, 1 },
        { "cvt.rs.relu.satfinite.e5m2x4.f32 %r1, {%f1, %f2, %f3, %f4}, %r2;", MOD_RS_E5M2X4, 1, 1 },
        { "cvt.rs.satfinite.e2m3x4.f32 %r1, {%f1, %f2, %f3, %f4}, %r2;", MOD_RS_E2M3X4, 0, 1 },
        { "cvt.rs.satfinite.e3m2x4.f32 %r1, {%f1, %f2, %f3, %f4}, %r2;", MOD_RS_E3M2X4, 0, 1 },
        { "cvt.rs.relu.satfinite.e2m1x4.f32 %h1, {%f1, %f2, %f3, %f4}, %r2;", MOD_RS_E2M1X4, 1, 1 },
    };
    char text[1024];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        snprintf(text, sizeof text, "%s%s\n%s", K_HEAD, cases[c].insn, K_TAIL);
        isa_module *m;
        LT_COMPILE(m, text);
        const isa_kernel *k = &m->kernels[0];
        if (lt_count(k, OP_F2FPRS) != 1)
            fail_msg("'%s': %u F2FPRS", cases[c].insn, lt_count(k, OP_F2FPRS));
        for (uint32_t i = 0; i < k->ninsns; i++) {
            isa_insn in = lt_insn(k, i);
            if (in.op != OP_F2FPRS)
                continue;
            if (in.mod[0] != cases[c].kind || in.mod[1] != cases[c].relu ||
                in.mod[2] != cases[c].satf)
                fail_msg("'%s': mods %u %u %u", cases[c].insn, in.mod[0], in.mod[1], in.mod[2]);
            if (cases[c].kind > MOD_RS_BF16X2 && (in.a % 4 != 0 || in.b != ISA_RZ))
                fail_msg("'%s': quad R%u (b R%u)", cases[c].insn, in.a, in.b);
        }
        isa_module_free(m);
    }
}

static void test_errors(void **state)
{
    (void)state;
    static const struct { const char *insn, *want; } cases[] = {
        { "cvt.rs.e4m3x4.f32 %r1, {%f1, %f2, %f3, %f4}, %r2;",
          "t.ptx:9: 'cvt.rs.e4m3x4.f32' is not supported yet" },
        { "cvt.rs.f16.f32 %h1, %f1, %r2;", "t.ptx:9: 'cvt.rs.f16.f32' is not supported yet" },
        { "cvt.rs.rn.f16x2.f32 %r1, %f1, %f2, %r2;",
          "t.ptx:9: 'cvt.rs.rn.f16x2.f32' is not supported yet" },
        { "cvt.rs.satfinite.e2m1x4.f32 %h1, {%f1, %f2, %f3}, %r2;",
          "t.ptx:9: operand 2 of 'cvt.rs' must be a vector {a, b, e, f} of 4 f32 registers" },
    };
    char text[1024], err[512];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        snprintf(text, sizeof text, "%s%s\n%s", K_HEAD, cases[c].insn, K_TAIL);
        const char *got = lt_error(text, err, sizeof err);
        if (strcmp(got, cases[c].want) != 0)
            fail_msg("'%s': got \"%s\", want \"%s\"", cases[c].insn, got, cases[c].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
