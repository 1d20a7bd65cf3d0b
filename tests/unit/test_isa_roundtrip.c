/* tests/unit/test_isa_roundtrip.c — text forms: golden disassembly, and
 * asm(disasm(x)) == x for every op with random operands and modifiers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"
#include "isa_testgen.h"

static void expect_text(const isa_insn *in, const char *want)
{
    char buf[160];
    int n = isa_disasm(in, buf, sizeof buf);
    assert_int_equal(n, (int)strlen(want));
    assert_string_equal(buf, want);
    /* and back */
    char err[256], why[128];
    isa_insn back;
    if (!isa_asm_line(want, &back, NULL, NULL, err, sizeof err))
        fail_msg("asm '%s': %s", want, err);
    if (!insn_equal(in, &back, why, sizeof why))
        fail_msg("asm '%s' differs in %s", want, why);
}

static void test_golden_disasm(void **state)
{
    (void)state;
    isa_insn in = isa_insn_make(OP_IADD);
    in.mod[0] = MOD_W64; in.d = 4; in.a = 2; in.bimm = 1; in.imm = 0x10;
    expect_text(&in, "IADD.64 R4, R2, 0x10");
    in.imm = (uint32_t)-4; in.mod[0] = MOD_W32; in.guard = ISA_PRED_NEG | 0;
    expect_text(&in, "@!P0 IADD R4, R2, -0x4");

    in = isa_insn_make(OP_ISETP);
    in.mod[0] = MOD_CMP_GE; in.mod[1] = MOD_S32; in.mod[2] = MOD_AND;
    in.e = 0; in.a = 3; in.b = 5;
    expect_text(&in, "ISETP.GE.S32.AND P0, R3, R5, PT");

    in = isa_insn_make(OP_BRA);
    in.guard = 0; in.imm = 12; in.imm2 = 20;
    expect_text(&in, "@P0 BRA .L12, .L20");
    in.guard = ISA_PT; in.imm2 = ISA_NO_RECONV;
    expect_text(&in, "BRA .L12");

    in = isa_insn_make(OP_LDG);
    in.mod[0] = MOD_MW_32; in.d = 5; in.a = 2; in.imm = 4;
    expect_text(&in, "LDG.32 R5, [R2+0x4]");
    in.imm = 0; in.mod[0] = MOD_MW_128; in.d = 8;
    expect_text(&in, "LDG.128 R8, [R2]");

    in = isa_insn_make(OP_STS);
    in.mod[0] = MOD_MW_S16; in.a = 4; in.imm = (uint32_t)-8; in.b = 6;
    expect_text(&in, "STS.S16 [R4-0x8], R6");
    in.a = ISA_RZ; in.imm = 0x10;
    expect_text(&in, "STS.S16 [RZ+0x10], R6");

    in = isa_insn_make(OP_LDC);
    in.mod[0] = MOD_MW_64; in.d = 2; in.imm2 = 0; in.imm = 8;
    expect_text(&in, "LDC.64 R2, c[0x0][0x8]");
    in.mod[0] = MOD_MW_32; in.imm2 = 1; in.a = 3;
    expect_text(&in, "LDC.32 R2, c[0x1][R3+0x8]");

    in = isa_insn_make(OP_S2R);
    in.d = 1; in.imm = ISA_SR_TID_X;
    expect_text(&in, "S2R R1, SR_TID.X");

    in = isa_insn_make(OP_F2F);
    in.mod[0] = MOD_F64; in.mod[1] = MOD_F32; in.mod[2] = MOD_RN; in.d = 4; in.a = 3;
    expect_text(&in, "F2F.F64.F32.RN R4, R3");
    in.mod[3] = 1; in.mod[4] = 1;
    expect_text(&in, "F2F.F64.F32.RN.FTZ.SAT R4, R3");

    in = isa_insn_make(OP_EXIT);
    expect_text(&in, "EXIT");
    in.guard = ISA_PRED_NEG | 3;
    expect_text(&in, "@!P3 EXIT");

    in = isa_insn_make(OP_MOV);
    in.d = 1; in.bimm = 1; in.imm = 0xbf800000;   /* -1.0f: raw hex outside INT */
    expect_text(&in, "MOV R1, 0xbf800000");

    in = isa_insn_make(OP_PLOP);
    in.mod[0] = MOD_OR; in.e = 1; in.a = ISA_PRED_NEG | 2;
    expect_text(&in, "PLOP.OR P1, !P2, PT");

    in = isa_insn_make(OP_FMNMX);
    in.mod[0] = MOD_MAX; in.mod[2] = 1; in.d = 0; in.a = 1; in.b = 2;
    expect_text(&in, "FMNMX.MAX.NAN R0, R1, R2");

    in = isa_insn_make(OP_BAR);
    in.imm = 0;
    expect_text(&in, "BAR.SYNC 0x0");

    in = isa_insn_make(OP_HMMA);
    in.d = 8; in.a = 0; in.b = 2; in.c = 4;
    expect_text(&in, "HMMA.F32F16 R8, R0, R2, R4");

    in = isa_insn_make(OP_HMMAS);
    in.mod[0] = MOD_MMA_M16N8K8; in.mod[1] = MOD_MMA_IN_BF16;
    in.d = 12; in.a = 4; in.b = 8; in.c = 12; in.imm = 15;
    expect_text(&in, "HMMAS.M16N8K8.BF16 R12, R4, R8, R12, 0xf");

    in = isa_insn_make(OP_LDSM);
    in.mod[0] = MOD_LDSM_X4; in.mod[1] = 1; in.d = 8; in.a = 5; in.imm = 0x20;
    expect_text(&in, "LDSM.X4.TRANS R8, [R5+0x20]");

    in = isa_insn_make(OP_IMAD);
    in.mod[0] = MOD_MUL_WIDE; in.mod[1] = MOD_U32; in.d = 6; in.a = 1; in.b = 2;
    expect_text(&in, "IMAD.WIDE.U32 R6, R1, R2, RZ");
}

static void test_asm_alternate_spellings(void **state)
{
    (void)state;
    /* decimal, explicit signs, extra spaces and a missing optional group */
    static const struct { const char *in, *canon; } cases[] = {
        { "IADD R1, R2, 16", "IADD R1, R2, 0x10" },
        { "  IADD   R1 ,R2,  -1 ", "IADD R1, R2, -0x1" },
        { "IADD R1, R2, 0xffffffff", "IADD R1, R2, -0x1" },
        { "LDG.32 R1, [ R2 + 0x4 ]", "LDG.32 R1, [R2+0x4]" },
        { "LDG.32 R1, [R2+0xfffffffc]", "LDG.32 R1, [R2-0x4]" },
        { "LDG.32 R1, [0x40]", "LDG.32 R1, [RZ+0x40]" },
        { "LDC.32 R1, c[1][RZ+8]", "LDC.32 R1, c[0x1][0x8]" },
        { "LDC.32 R1, c[0x2][R4+0]", "LDC.32 R1, c[0x2][R4]" },
        { "FADD.RN R1, R2, R3", "FADD.RN R1, R2, R3" },
        { "BRA .L7 , .L9", "BRA .L7, .L9" },
        { "@PT EXIT", "EXIT" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256], buf[160];
        isa_insn in;
        if (!isa_asm_line(cases[i].in, &in, NULL, NULL, err, sizeof err))
            fail_msg("asm '%s': %s", cases[i].in, err);
        isa_disasm(&in, buf, sizeof buf);
        assert_string_equal(buf, cases[i].canon);
    }
}

static bool resolve_test(void *ctx, const char *name, uint32_t *index)
{
    (void)ctx;
    if (strcmp(name, "loop") == 0) { *index = 3; return true; }
    if (strcmp(name, "$L__BB0_2") == 0) { *index = 17; return true; }
    return false;
}

static void test_asm_labels(void **state)
{
    (void)state;
    char err[256];
    isa_insn in;
    assert_true(isa_asm_line("@P1 BRA loop, $L__BB0_2", &in, resolve_test, NULL, err, sizeof err));
    assert_int_equal(in.op, OP_BRA);
    assert_int_equal(in.guard, 1);
    assert_int_equal(in.imm, 3);
    assert_int_equal(in.imm2, 17);
    assert_false(isa_asm_line("BRA nowhere", &in, resolve_test, NULL, err, sizeof err));
    assert_string_equal(err, "unknown label 'nowhere' at column 5");
}

static void test_roundtrip_every_op(void **state)
{
    (void)state;
    test_rng rng = { 0xC0BA17ull };
    char buf[160], err[256], why[128];
    for (unsigned op = 0; op < isa_num_ops(); op++) {
        for (int iter = 0; iter < 3000; iter++) {
            isa_insn in = rng_insn(&rng, op, 1);
            int n = isa_disasm(&in, buf, sizeof buf);
            assert_true(n > 0 && (size_t)n < sizeof buf);
            isa_insn back;
            if (!isa_asm_line(buf, &back, NULL, NULL, err, sizeof err))
                fail_msg("asm '%s': %s", buf, err);
            if (!insn_equal(&in, &back, why, sizeof why))
                fail_msg("'%s': asm(disasm(x)) differs in %s", buf, why);
        }
    }
}

static void test_disasm_truncates_like_snprintf(void **state)
{
    (void)state;
    isa_insn in = isa_insn_make(OP_ISETP);
    char full[160], small[8];
    int n = isa_disasm(&in, full, sizeof full);
    assert_int_equal(isa_disasm(&in, small, sizeof small), n);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_memory_equal(small, full, sizeof small - 1);
    assert_int_equal(isa_disasm(&in, NULL, 0), n);
    /* the optional reconvergence point dropped near the buffer end */
    in = isa_insn_make(OP_BRA);
    in.imm = 123456;
    n = isa_disasm(&in, small, sizeof small);
    assert_int_equal(n, (int)strlen("BRA .L123456"));
    assert_string_equal(small, "BRA .L1");
    in = isa_insn_make(OP_IADD);
    in.op = OP__COUNT;
    isa_disasm(&in, full, sizeof full);
    assert_memory_equal(full, "<illegal op ", 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_disasm),
        cmocka_unit_test(test_asm_alternate_spellings),
        cmocka_unit_test(test_asm_labels),
        cmocka_unit_test(test_roundtrip_every_op),
        cmocka_unit_test(test_disasm_truncates_like_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
