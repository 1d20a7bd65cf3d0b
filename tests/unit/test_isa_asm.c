/* tests/unit/test_isa_asm.c — the assembler's error paths: precise messages
 * with columns for bad input, and no crash on garbage or mutated lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"
#include "isa_testgen.h"

static void expect_error(const char *line, const char *want)
{
    char err[256] = "";
    isa_insn in;
    if (isa_asm_line(line, &in, NULL, NULL, err, sizeof err))
        fail_msg("'%s' assembled but should fail with '%s'", line, want);
    if (strcmp(err, want) != 0)
        fail_msg("'%s': got error '%s', want '%s'", line, err, want);
}

static void test_error_messages(void **state)
{
    (void)state;
    expect_error("", "expected mnemonic, found end of line at column 1");
    expect_error("IADD R1, X5, R3", "expected register, found 'X5' at column 10");
    expect_error("FOO R1", "unknown mnemonic 'FOO' at column 1");
    expect_error("IADDX R1, R2, R3", "unknown mnemonic 'IADDX' at column 1");
    expect_error("IADD R1, R2", "expected ',', found end of line at column 12");
    expect_error("IADD R1, R2, R3, R4", "unexpected ',' after the operands of IADD at column 16");
    expect_error("IADD.32 R1, R2, R3", "unexpected modifier '32' for IADD at column 6");
    expect_error("LDG.33 R1, [R2]",
                 "expected modifier .MW (one of U8,S8,U16,S16,32,64,128), found '33' at column 5");
    expect_error("LDG R1, [R2]", "expected modifier .MW (one of U8,S8,U16,S16,32,64,128) "
                                 "after LDG, found no modifier at column 4");
    expect_error("LDG.32 R1, [R2", "expected ']', found end of line at column 15");
    expect_error("LDG.32 R1, R2", "expected '[', found 'R2' at column 12");
    expect_error("LDG.32 R1, [R2*4]", "expected ']', found '*' at column 15");
    expect_error("MOV R255, R1", "register R255 out of range (R0..R254 or RZ) at column 5");
    expect_error("MOV R1, 0x100000000",
                 "register or immediate '0x100000000' out of range (at most 0xffffffff) at column 9");
    expect_error("MOV R1, -0x80000001",
                 "register or immediate '0x80000001' out of range (at most 0x80000000) at column 10");
    expect_error("MOV R1, 0xg", "expected register or immediate, found '0xg' at column 9");
    expect_error("MOV R1, x", "expected register or immediate, found 'x' at column 9");
    expect_error("@P7 EXIT", "expected predicate (P0..P6, PT, optionally negated with '!'), "
                             "found 'P7' at column 2");
    expect_error("@P0EXIT", "expected predicate (P0..P6, PT, optionally negated with '!'), "
                            "found 'P0EXIT' at column 2");
    expect_error("PLOP.AND !P1, P2, P3", "a predicate destination cannot be negated at column 10");
    expect_error("EXIT now", "unexpected 'now' after the operands of EXIT at column 6");
    expect_error("BRA", "missing operands: BRA takes 't, r' at column 4");
    expect_error("BRA loop", "unknown label 'loop' at column 5");
    expect_error("BRA .L1, .L16777215",
                 "branch target '.L16777215' out of range (at most 16777214) at column 10");
    expect_error("S2R R1, SR_FOO", "expected special register (SR_TID.X, SR_LANEID, ...), "
                                   "found 'SR_FOO' at column 9");
    expect_error("LDC.32 R1, c[0x1000000][0x0]",
                 "constant bank '0x1000000' out of range (at most 0xffffff) at column 14");
    expect_error("LDC.32 R1, [0x0]", "expected constant operand c[bank][offset], found '[' at column 12");
    expect_error("ISETP.GE.S32.AND P0, R1, R2, R3",
                 "expected predicate (P0..P6, PT, optionally negated with '!'), found 'R3' at column 30");
}

static void test_long_and_odd_input(void **state)
{
    (void)state;
    char line[2048];
    char err[64];   /* small: messages must truncate, not overflow */
    isa_insn in;
    memset(line, 'R', sizeof line - 1);
    line[sizeof line - 1] = '\0';
    assert_false(isa_asm_line(line, &in, NULL, NULL, err, sizeof err));
    assert_true(strlen(err) < sizeof err);
    memcpy(line, "MOV R1, ", 8);
    assert_false(isa_asm_line(line, &in, NULL, NULL, err, sizeof err));
    assert_false(isa_asm_line("MOV R1, R99999999999999999999", &in, NULL, NULL, err, sizeof err));
    assert_false(isa_asm_line("BRA .L99999999999999999999", &in, NULL, NULL, err, sizeof err));
    assert_false(isa_asm_line("\t\r\n", &in, NULL, NULL, err, sizeof err));
    assert_false(isa_asm_line("@", &in, NULL, NULL, err, sizeof err));
    assert_false(isa_asm_line("@!", &in, NULL, NULL, err, sizeof err));
    assert_false(isa_asm_line("IADD.", &in, NULL, NULL, err, sizeof err));
    assert_false(isa_asm_line("LDC.32 R1, c[", &in, NULL, NULL, err, sizeof err));
    assert_false(isa_asm_line("LDC.32 R1, c[0x0][R2+", &in, NULL, NULL, err, sizeof err));
    assert_false(isa_asm_line("LDC.32 R1, c[0x0][R2+]", &in, NULL, NULL, err, sizeof err));
    /* errlen 0 must not write */
    assert_false(isa_asm_line("FOO", &in, NULL, NULL, NULL, 0));
    /* trailing whitespace and tabs are fine */
    assert_true(isa_asm_line("\tEXIT \t", &in, NULL, NULL, err, sizeof err));
    assert_int_equal(in.op, OP_EXIT);
}

/* Mutated disassembly and random bytes: the assembler either succeeds with
 * an encodable instruction or fails with a message. */
static void test_fuzz(void **state)
{
    (void)state;
    test_rng rng = { 0xF00Dull };
    static const char alphabet[] = "RPZT!@.,[]+-0x19afLc SR_ABDMGEX#";
    unsigned ok = 0;
    for (int iter = 0; iter < 100000; iter++) {
        char line[160], err[256];
        isa_insn in = rng_insn(&rng, rng_below(&rng, isa_num_ops()), 1);
        isa_disasm(&in, line, sizeof line);
        size_t len = strlen(line);
        int edits = 1 + (int)rng_below(&rng, 3);
        for (int e = 0; e < edits && len > 0; e++) {
            size_t pos = rng_below(&rng, (uint32_t)len);
            switch (rng_below(&rng, 3)) {
            case 0: line[pos] = alphabet[rng_below(&rng, sizeof alphabet - 1)]; break;
            case 1: memmove(line + pos, line + pos + 1, len - pos); len--; break;
            default: line[pos] = '\0'; len = pos; break;
            }
        }
        isa_insn out;
        err[0] = '\0';
        /* an exact-size heap copy lets ASan catch any read past the end */
        char *exact = malloc(len + 1);
        assert_non_null(exact);
        memcpy(exact, line, len + 1);
        bool assembled = isa_asm_line(exact, &out, NULL, NULL, err, sizeof err);
        free(exact);
        if (assembled) {
            isa_word w;
            assert_true(isa_encode(&out, &w, err, sizeof err));
            ok++;
        } else {
            assert_true(err[0] != '\0');
            assert_non_null(strstr(err, " at column "));
        }
    }
    assert_true(ok > 100);
}

/* Every prefix of valid lines, each in an exact-size heap buffer: a read
 * past the terminator is an ASan error. */
static void test_prefixes(void **state)
{
    (void)state;
    test_rng rng = { 0xBEEFull };
    for (int iter = 0; iter < 3000; iter++) {
        char line[160], err[256];
        isa_insn in = rng_insn(&rng, (unsigned)iter % isa_num_ops(), 1);
        isa_disasm(&in, line, sizeof line);
        size_t len = strlen(line);
        for (size_t cut = 0; cut <= len; cut++) {
            char *exact = malloc(cut + 1);
            assert_non_null(exact);
            memcpy(exact, line, cut);
            exact[cut] = '\0';
            isa_insn out;
            if (!isa_asm_line(exact, &out, NULL, NULL, err, sizeof err))
                assert_non_null(strstr(err, " at column "));
            free(exact);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_messages),
        cmocka_unit_test(test_long_and_odd_input),
        cmocka_unit_test(test_fuzz),
        cmocka_unit_test(test_prefixes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
