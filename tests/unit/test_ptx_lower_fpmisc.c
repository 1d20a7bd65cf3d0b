/* tests/unit/test_ptx_lower_fpmisc.c — lowering of the half-precision
 * comparisons, slct, cvt.pack.sat, the f32x2 / three-source / mixed
 * precision forms, redux .f32 and rcp.approx.ftz.f64: which ops they become
 * and the precise errors for malformed or not-yet forms. Their values are
 * checked end to end (tests/cuda/ptx_conformance_half2.cu, _fp2.cu,
 * _fp2_sm100.cu) and in test_sim_fpmisc.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/ptx_lower_testutil.h"

#define K_HEAD PTX_HEAD ".visible .entry k()\n{\n.reg .b16 %h<4>;\n.reg .b32 %r<6>;\n" \
               ".reg .f32 %f<6>;\n.reg .b64 %rd<6>;\n.reg .f64 %fd<4>;\n.reg .pred %p<4>;\n"
#define K_TAIL "ret;\n}\n"

static void test_ops_chosen(void **state)
{
    (void)state;
    static const struct { const char *insn; unsigned op, min; } cases[] = {
        { "setp.lt.f16 %p1, %h1, %h2;", OP_FSETP, 1 },
        { "setp.lt.ftz.f16x2 %p1|%p2, %r1, %r2;", OP_HADD2, 2 },   /* the flushes */
        { "setp.gtu.or.bf16x2 %p1|%p2, %r1, %r2, %p3;", OP_FSETP, 2 },
        { "set.lt.u32.f16x2 %r3, %r1, %r2;", OP_SEL, 2 },
        { "set.nan.f16.f16 %h3, %h1, %h2;", OP_F2F, 2 },
        { "slct.b64.f32 %rd3, %rd1, %rd2, %f1;", OP_SEL, 2 },
        { "cvt.pack.sat.s8.s32.b32 %r3, %r1, %r2, %r4;", OP_IMNMX, 4 },
        { "cvt.rn.satfinite.e4m3x2.f16x2 %h3, %r1;", OP_F2FP, 1 },
        { "add.rz.ftz.f32x2 %rd3, %rd1, %rd2;", OP_FADD, 2 },
        { "fma.rn.f32x2 %rd3, %rd1, %rd2, %rd4;", OP_FFMA, 2 },
        { "max.NaN.abs.f32 %f3, %f1, %f2, %f4;", OP_FMNMX, 2 },
        { "fma.rp.sat.f32.bf16 %f3, %h1, %h2, %f1;", OP_FFMA, 1 },
        { "redux.sync.min.abs.f32 %f3, %f1, 0xffffffff;", OP_FREDUX, 1 },
        { "rcp.approx.ftz.f64 %fd2, %fd1;", OP_DRCPA, 1 },
    };
    char text[1024];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        snprintf(text, sizeof text, "%s%s\n%s", K_HEAD, cases[c].insn, K_TAIL);
        isa_module *m;
        LT_COMPILE(m, text);
        unsigned n = lt_count(&m->kernels[0], cases[c].op);
        if (n < cases[c].min)
            fail_msg("'%s': %u of op %u, expected at least %u", cases[c].insn, n, cases[c].op,
                     cases[c].min);
        isa_module_free(m);
    }
}

static void test_errors(void **state)
{
    (void)state;
    static const struct { const char *insn, *want; } cases[] = {
        { "setp.lt.f16x2 %p1, %r1, %r2;",
          "t.ptx:12: 'setp' on .f16x2/.bf16x2 takes two destinations p|q" },
        { "setp.lt.f16 %p1|%p2, %h1, %h2;",
          "t.ptx:12: 'setp' on .f16/.bf16 takes one destination predicate" },
        { "setp.lo.f16 %p1, %h1, %h2;", "t.ptx:12: 'setp.lo.f16' is not supported yet" },
        { "setp.lt.ftz.bf16 %p1, %h1, %h2;", "t.ptx:12: 'setp.lt.ftz.bf16' is not supported yet" },
        { "slct.u32.u32 %r3, %r1, %r2, %r4;", "t.ptx:12: 'slct.u32.u32' is not supported yet" },
        { "cvt.pack.u8.s32.b32 %r3, %r1, %r2, %r4;",
          "t.ptx:12: 'cvt.pack.u8.s32.b32' is not supported yet" },
        { "add.rn.sat.f32x2 %rd3, %rd1, %rd2;",
          "t.ptx:12: 'add.rn.sat.f32x2' is not supported yet" },
        { "fma.f32x2 %rd3, %rd1, %rd2, %rd4;", "t.ptx:12: 'fma.f32x2' is not supported yet" },
        { "min.xorsign.abs.f32 %f3, %f1, %f2, %f4;",
          "t.ptx:12: 'min.xorsign.abs.f32' is not supported yet" },
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
        cmocka_unit_test(test_ops_chosen),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
