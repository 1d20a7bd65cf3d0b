/* tests/unit/test_isa_encode.c — isa_encode / isa_decode: bit layout, round
 * trips for every op, and rejection of words and instructions that do not fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"
#include "isa_testgen.h"

static void test_layout_iadd(void **state)
{
    (void)state;
    char err[256];
    isa_insn in = isa_insn_make(OP_IADD);
    in.guard = 0x8 | 2;   /* @!P2 */
    in.d = 4; in.a = 2; in.bimm = 1; in.imm = 0xdeadbeef; in.mod[0] = MOD_W64;
    isa_word w;
    assert_true(isa_encode(&in, &w, err, sizeof err));
    /* class 1, sub 0, guard 0xa, d 4, a 2, b RZ, c RZ, e PT, bimm, W at bit 57 */
    uint64_t lo = 0x1ull | (0xAull << 12) | (4ull << 16) | (2ull << 24) | (0xFFull << 32) |
                  (0xFFull << 40) | (7ull << 48) | (1ull << 56) | (1ull << 57);
    assert_int_equal(w.lo, lo);
    /* imm at 72 (hi bit 8), imm2 = NO_RECONV at 104 (hi bit 40) */
    assert_int_equal(w.hi, (0xdeadbeefull << 8) | (0xFFFFFFull << 40));
}

static void test_layout_mods_straddle(void **state)
{
    (void)state;
    char err[256];
    /* F2F.F64.F16.RP.FTZ.SAT: groups FTYPE(2) FTYPE(2) RND(2) FTZ(1) SAT(1) */
    isa_insn in = isa_insn_make(OP_F2F);
    in.mod[0] = MOD_F64; in.mod[1] = MOD_F16; in.mod[2] = MOD_RP; in.mod[3] = 1; in.mod[4] = 1;
    isa_word w;
    assert_true(isa_encode(&in, &w, err, sizeof err));
    uint64_t mods = 1 | (2 << 2) | (3 << 4) | (1 << 6) | (1 << 7);
    assert_int_equal(w.lo >> 57, mods & 0x7F);
    assert_int_equal(w.hi & 0xFF, mods >> 7);
    assert_int_equal(w.lo & 0xFFF, ISA_CLASS_CVT | (0x03 << 4));
    isa_insn back;
    assert_true(isa_decode(w, &back, err, sizeof err));
    assert_memory_equal(back.mod, in.mod, ISA_MAX_MODS);
}

static void test_roundtrip_every_op(void **state)
{
    (void)state;
    test_rng rng = { 0x9E3779B97F4A7C15ull };
    char err[256], why[128];
    for (unsigned op = 0; op < isa_num_ops(); op++) {
        for (int iter = 0; iter < 2000; iter++) {
            isa_insn in = rng_insn(&rng, op, iter & 1);
            isa_word w;
            if (!isa_encode(&in, &w, err, sizeof err))
                fail_msg("encode %s: %s", isa_op_info_of(op)->mnem, err);
            isa_insn back;
            if (!isa_decode(w, &back, err, sizeof err))
                fail_msg("decode %s: %s", isa_op_info_of(op)->mnem, err);
            if (!insn_equal(&in, &back, why, sizeof why))
                fail_msg("%s: decode(encode(x)) differs in %s", isa_op_info_of(op)->mnem, why);
        }
    }
}

/* Any word that decodes re-encodes to itself. */
static void test_random_words(void **state)
{
    (void)state;
    test_rng rng = { 12345 };
    char err[256];
    unsigned decoded = 0;
    for (int iter = 0; iter < 200000; iter++) {
        isa_word w = { rng_next(&rng), rng_next(&rng) };
        /* steer half of the words to a valid class/sub so some decode */
        if (iter & 1) {
            const isa_op_info *info = isa_op_info_of(rng_below(&rng, isa_num_ops()));
            w.lo = (w.lo & ~0xFFFull) | info->cls | ((uint64_t)info->sub << 4);
            if (iter & 2)
                w.lo &= ~(0x7FFFull << 57) | (1ull << 57);   /* mostly zero modifiers */
            if (iter & 2)
                w.hi &= ~0xFFull;
            if (iter & 4)
                w.lo = (w.lo & ~(0xFFull << 48)) | (7ull << 48);   /* e = PT */
        }
        isa_insn in;
        if (!isa_decode(w, &in, err, sizeof err)) {
            assert_true(err[0] != '\0');
            continue;
        }
        decoded++;
        isa_word back;
        assert_true(isa_encode(&in, &back, err, sizeof err));
        assert_int_equal(back.lo, w.lo);
        assert_int_equal(back.hi, w.hi);
    }
    assert_true(decoded > 1000);
}

static void expect_decode_error(isa_word w, const char *needle)
{
    char err[256] = "";
    isa_insn in;
    assert_false(isa_decode(w, &in, err, sizeof err));
    if (strstr(err, needle) == NULL)
        fail_msg("decode error '%s' does not mention '%s'", err, needle);
}

static isa_word encode_ok(const isa_insn *in)
{
    char err[256];
    isa_word w;
    if (!isa_encode(in, &w, err, sizeof err))
        fail_msg("encode: %s", err);
    return w;
}

static void test_illegal_words(void **state)
{
    (void)state;
    expect_decode_error((isa_word){ 0, 0 }, "all-zero");
    expect_decode_error((isa_word){ 0xFF0, 0 }, "unknown class 0x0");
    expect_decode_error((isa_word){ 0xF, 0 }, "unknown class 0xf");
    expect_decode_error((isa_word){ ISA_CLASS_INT | (0xFFull << 4), 0 }, "unknown sub-opcode 0xff");

    isa_insn ldg = isa_insn_make(OP_LDG);
    isa_word w = encode_ok(&ldg);
    /* MW has 7 values: 7 in its 3 bits is out of range */
    w.lo |= 7ull << 57;
    expect_decode_error(w, "out of range");
    /* a bit beyond the op's 3 modifier bits */
    w = encode_ok(&ldg);
    w.lo |= 1ull << (57 + 3);
    expect_decode_error(w, "beyond");
    /* bimm on an op without a B operand */
    w = encode_ok(&ldg);
    w.lo |= 1ull << 56;
    expect_decode_error(w, "bimm");

    /* predicate destination with the negate bit / out of range */
    isa_insn setp = isa_insn_make(OP_ISETP);
    w = encode_ok(&setp);
    w.lo = (w.lo & ~(0xFFull << 48)) | (0x9ull << 48);
    expect_decode_error(w, "predicate destination");
    /* predicate source wider than 4 bits */
    w = encode_ok(&setp);
    w.lo = (w.lo & ~(0xFFull << 40)) | (0x10ull << 40);
    expect_decode_error(w, "field c");

    isa_insn s2r = isa_insn_make(OP_S2R);
    w = encode_ok(&s2r);
    w.hi |= (uint64_t)ISA_SR__COUNT << 8;
    expect_decode_error(w, "special register");
}

static void expect_encode_error(const isa_insn *in, const char *needle)
{
    char err[256] = "";
    isa_word w;
    assert_false(isa_encode(in, &w, err, sizeof err));
    if (strstr(err, needle) == NULL)
        fail_msg("encode error '%s' does not mention '%s'", err, needle);
}

static void test_encode_rejects(void **state)
{
    (void)state;
    isa_insn in = isa_insn_make(OP_IADD);
    in.op = OP__COUNT;
    expect_encode_error(&in, "out of range");
    in = isa_insn_make(OP_IADD);
    in.guard = 16;
    expect_encode_error(&in, "guard");
    in = isa_insn_make(OP_IADD);
    in.mod[0] = 2;
    expect_encode_error(&in, "value 2 out of range");
    in = isa_insn_make(OP_IADD);
    in.mod[1] = 1;
    expect_encode_error(&in, "modifier slot 1");
    in = isa_insn_make(OP_BRA);
    in.imm2 = ISA_IMM2_MAX + 1;
    expect_encode_error(&in, "24 bits");
    in = isa_insn_make(OP_IADD);
    in.bimm = 2;
    expect_encode_error(&in, "bimm");
    in = isa_insn_make(OP_MOV);
    in.e = 8;
    expect_encode_error(&in, "field e");
    in = isa_insn_make(OP_PLOP);
    in.a = 16;
    expect_encode_error(&in, "field a");
    in = isa_insn_make(OP_S2R);
    in.imm = 1000;
    expect_encode_error(&in, "special register 1000");
    in = isa_insn_make(OP_FADD);
    in.mod[0] = 3;   /* RP: in range */
    in.mod[1] = 1;
    char err[256];
    isa_word w;
    assert_true(isa_encode(&in, &w, err, sizeof err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_iadd),
        cmocka_unit_test(test_layout_mods_straddle),
        cmocka_unit_test(test_roundtrip_every_op),
        cmocka_unit_test(test_random_words),
        cmocka_unit_test(test_illegal_words),
        cmocka_unit_test(test_encode_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
