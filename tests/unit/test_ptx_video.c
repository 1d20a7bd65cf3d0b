/* tests/unit/test_ptx_video.c — lowering of the PTX video instructions
 * (isa/ptx/lower_isel_video.c): the parser's operand selectors and vmad
 * negation, the VOP control word (isa/video.h), and precise errors for the
 * forms the manual does not have. Semantics are checked end to end by
 * tests/cuda/video_ptx.cu and tests/cuda/video_simd.cu. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "isa/video.h"
#include "ptx_lower_testutil.h"

/* A kernel whose line 12 is `insn`. */
static void kernel_text(const char *insn, char *text, size_t len)
{
    snprintf(text, len,
             PTX_HEAD ".visible .entry k(.param .u64 a)\n{\n"
             ".reg .b32 %%r<8>;\n.reg .b64 %%rd<4>;\n.reg .pred %%p<3>;\n\n\n"
             "ld.param.u64 %%rd1, [a];\n%s\nst.global.u32 [%%rd1], %%r1;\nret;\n}\n", insn);
}

/* The single VOP of the kernel built around insn. */
static isa_insn vop_of(const char *insn)
{
    char text[1024];
    kernel_text(insn, text, sizeof text);
    isa_module *m;
    LT_COMPILE(m, text);
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(lt_count(k, OP_VOP), 1);
    isa_insn in = lt_insn(k, lt_find(k, "VOP", 0));
    isa_module_free(m);
    return in;
}

static const char *error_of(const char *insn, char *err, size_t len)
{
    char text[1024];
    kernel_text(insn, text, sizeof text);
    return lt_error(text, err, len);
}

static void test_scalar_selectors(void **state)
{
    (void)state;
    isa_insn in = vop_of("vadd.s32.u32.s32.sat.min %r1, %r2.b1, %r3.h1, %r4;");
    assert_int_equal(in.mod[0], MOD_VOP_ADD);
    assert_int_equal(in.mod[1], MOD_VSIMD_1);
    assert_int_equal(in.mod[2], 1);
    assert_int_equal(in.mod[3], MOD_VSEC_MIN);
    assert_int_equal(in.imm, VSEL_B1 | VSEL_H1 << 12 | VIMM_BSIGNED | VIMM_DSIGNED);
    /* merge form: d selector in [27:24] */
    in = vop_of("vsub.u32.s32.u32 %r1.b3, %r2, %r3.b0, %r4;");
    assert_int_equal(in.mod[3], MOD_VSEC_NONE);
    assert_int_equal(in.imm, VSEL_B3 << 24 | VSEL_B0 << 12 | VIMM_ASIGNED);
    in = vop_of("vset.s32.u32.ge %r1, %r2.h0, %r3;");
    assert_int_equal(in.mod[0], MOD_VOP_SET);
    assert_int_equal(in.mod[4], MOD_CMP_GE);
    assert_int_equal(in.imm, VSEL_H0 | VIMM_ASIGNED);
    /* immediates (b negative) go through a register */
    in = vop_of("vadd.s32.s32.s32 %r1, %r2, -5;");
    assert_int_equal(in.bimm, 0);
    assert_int_equal(in.imm, VIMM_ASIGNED | VIMM_BSIGNED | VIMM_DSIGNED);
    in = vop_of("vshr.s32.s32.u32.clamp %r1, %r2, %r3;");
    assert_int_equal(in.imm, VIMM_ASIGNED | VIMM_DSIGNED | VIMM_CLAMP_PO);
}

static void test_vmad_options(void **state)
{
    (void)state;
    isa_insn in = vop_of("vmad.s32.u32.s32.sat.shr15 %r1, -%r2.h1, %r3.b2, %r4;");
    assert_int_equal(in.mod[0], MOD_VOP_MAD);
    assert_int_equal(in.mod[2], 1);
    assert_int_equal(in.imm, VSEL_H1 | VSEL_B2 << 12 | VIMM_BSIGNED | VIMM_DSIGNED | VIMM_NEGPROD |
                                 VSCALE_SHR15 << 3);
    in = vop_of("vmad.u32.u32.u32 %r1, -%r2, -%r3, %r4;");   /* negations cancel */
    assert_int_equal(in.imm, 0);
    in = vop_of("vmad.u32.u32.u32 %r1, %r2, %r3, -%r4;");
    assert_int_equal(in.imm, VIMM_NEGC);
    in = vop_of("vmad.u32.u32.u32.po.shr7 %r1, %r2, %r3, %r4;");
    assert_int_equal(in.imm, VIMM_CLAMP_PO | VSCALE_SHR7 << 3);
}

static void test_simd_defaults_and_masks(void **state)
{
    (void)state;
    /* asel .b3210, bsel .b7654, mask .b3210 */
    isa_insn in = vop_of("vabsdiff4.u32.u32.u32.add %r1, %r2, %r3, %r4;");
    assert_int_equal(in.mod[1], MOD_VSIMD_4);
    assert_int_equal(in.mod[3], MOD_VSEC_ADD);
    assert_int_equal(in.imm, 0x688u | 0xfacu << 12 | 0xfu << 24);
    in = vop_of("vmin4.u32.u32.u32 %r1.b31, %r2.b0123, %r3.b7777, %r4;");
    assert_int_equal(in.imm, (3u | 2u << 3 | 1u << 6 | 0u << 9) | 0xfffu << 12 | 0xau << 24);
    /* x2: asel .h10, bsel .h32, mask .h10 by default */
    in = vop_of("vavrg2.s32.s32.s32 %r1, %r2, %r3, %r4;");
    assert_int_equal(in.mod[0], MOD_VOP_AVRG);
    assert_int_equal(in.imm, 0x4u | 0xeu << 12 | 0x3u << 24 | VIMM_ASIGNED | VIMM_BSIGNED |
                                 VIMM_DSIGNED);
    in = vop_of("vset2.u32.u32.ne %r1.h1, %r2.h03, %r3.h21, %r4;");
    assert_int_equal(in.imm, 0x3u | 0x9u << 12 | 0x2u << 24);   /* .hxy: y is element 0 */
}

static void test_errors(void **state)
{
    (void)state;
    char err[512];
    assert_string_equal(error_of("vadd4.u32.u32.u32 %r1, %r2.b0129, %r3, %r4;", err, sizeof err),
                        "t.ptx:12: 'vadd4' operand 2: selector '.b0129' is not a selector .bxyzw "
                        "(x..w in 0..7)");
    assert_string_equal(error_of("vadd.u32.u32.u32 %r1, %r2.b4, %r3;", err, sizeof err),
                        "t.ptx:12: 'vadd' operand 2: selector '.b4' is not one of .b0 .b1 .b2 "
                        ".b3 .h0 .h1");
    assert_string_equal(error_of("vadd2.u32.u32.u32 %r1.h01, %r2, %r3, %r4;", err, sizeof err),
                        "t.ptx:12: 'vadd2' operand 1: selector '.h01' is not a mask .h0 .h1 .h10");
    assert_string_equal(error_of("vadd.u32.u32.u32 %r1, %r2, %r3, %r4;", err, sizeof err),
                        "t.ptx:12: 'vadd' with operand c needs a secondary operation (.add .min "
                        ".max) or a d selector");
    assert_string_equal(error_of("vshl.u32.u32.u32 %r1, %r2, %r3;", err, sizeof err),
                        "t.ptx:12: 'vshl' needs .clamp or .wrap and a .u32 shift count type");
    assert_string_equal(error_of("vadd4.u32.u32.u32.sat.add %r1, %r2, %r3, %r4;", err, sizeof err),
                        "t.ptx:12: 'vadd4': .sat is not allowed with .add");
    assert_string_equal(error_of("vmad.u32.u32.u32.po %r1, -%r2, %r3, %r4;", err, sizeof err),
                        "t.ptx:12: 'vmad' operand 2: '-' is allowed only on vmad's a, b and c "
                        "(not with .po)");
    assert_string_equal(error_of("vadd.u32.u32.u32 %r1, -%r2, %r3;", err, sizeof err),
                        "t.ptx:12: 'vadd' operand 2: '-' is allowed only on vmad's a, b and c "
                        "(not with .po)");
    assert_string_equal(error_of("vmad.s32.s32.s32 %r1, -%r2, %r3, -%r4;", err, sizeof err),
                        "t.ptx:12: 'vmad': negating both a*b and c is not a form of the PTX "
                        "manual");
    assert_string_equal(error_of("vset.u32.u32 %r1, %r2, %r3;", err, sizeof err),
                        "t.ptx:12: 'vset' needs a comparison (.eq .ne .lt .le .gt .ge)");
    assert_string_equal(error_of("vavrg.u32.u32.u32 %r1, %r2, %r3;", err, sizeof err),
                        "t.ptx:12: 'vavrg.u32.u32.u32' is not supported yet");
    /* selectors stay a video-only syntax */
    error_of("mov.b32 %r1, %r2.b0;", err, sizeof err);
    assert_non_null(strstr(err, "vector register components ('%r2.b0') are not supported yet"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalar_selectors),
        cmocka_unit_test(test_vmad_options),
        cmocka_unit_test(test_simd_defaults_and_masks),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
