/* tests/unit/test_sim_int2.c — LOP3, IDP, BMSK, SZEXT, IADDSAT and I16X2
 * (sim/exec/int2.c) through assembler, encoder, predecode and warp, with
 * expected values worked out by hand from the PTX manual's pseudo-code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

typedef struct lane_case {
    th       t;
    uint32_t in[32][8];
    uint32_t out[32][4];
} lane_case;

static lane_case *lc_new(void)
{
    lane_case *c = calloc(1, sizeof *c);
    assert_non_null(c);
    th_init(&c->t);
    return c;
}

static void lc_run(lane_case *c, const char *body)
{
    sim_status st = th_lanes(&c->t, body, c->in, c->out);
    if (st != SIM_OK)
        fail_msg("status %d: %s%s", st, c->t.err, c->t.fault.message);
}

static void lc_free(lane_case *c)
{
    th_fini(&c->t);
    free(c);
}

static void test_lop3(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    c->in[0][0] = 0xf0f0f0f0u; c->in[0][1] = 0xccccccccu; c->in[0][2] = 0xaaaaaaaau;
    c->in[1][0] = 0x12345678u; c->in[1][1] = 0xffff0000u; c->in[1][2] = 0x0f0f0f0fu;
    /* with a = 0xf0.., b = 0xcc.., c = 0xaa.. the result is the table itself */
    lc_run(c, "LOP3 R12, R4, R5, R6, 0x96\n"
              "LOP3 R13, R4, R5, R6, 0xe8\n"
              "LOP3 R14, R4, R5, R6, 0xca\n"
              "LOP3 R15, R4, R5, R6, 0x0\n");
    assert_int_equal(c->out[0][0], 0x96969696u);
    assert_int_equal(c->out[0][1], 0xe8e8e8e8u);
    assert_int_equal(c->out[0][2], 0xcacacacau);
    assert_int_equal(c->out[0][3], 0);
    assert_int_equal(c->out[1][0], 0x12345678u ^ 0xffff0000u ^ 0x0f0f0f0fu);
    /* 0xca = a ? b : c, bitwise */
    assert_int_equal(c->out[1][2], (0x12345678u & 0xffff0000u) | (~0x12345678u & 0x0f0f0f0fu));
    lc_free(c);
}

static void test_idp(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    c->in[0][0] = 0x80ff7f01u; c->in[0][1] = 0xff020380u; c->in[0][2] = 10;
    lc_run(c, "IDP.4A.U32.U32 R12, R4, R5, R6\n"
              "IDP.4A.S32.S32 R13, R4, R5, R6\n"
              "IDP.2LO.S32.U32 R14, R4, R5, R6\n"
              "IDP.2HI.U32.S32 R15, R4, R5, R6\n");
    /* bytes a = {0x01, 0x7f, 0xff, 0x80}, b = {0x80, 0x03, 0x02, 0xff} */
    assert_int_equal(c->out[0][0], 10u + 1 * 128 + 127 * 3 + 255 * 2 + 128 * 255);
    assert_int_equal(c->out[0][1], (uint32_t)(10 + 1 * -128 + 127 * 3 + -1 * 2 + -128 * -1));
    /* halves a = {0x7f01, 0x80ff} signed; b bytes 0, 1 unsigned */
    assert_int_equal(c->out[0][2], (uint32_t)(10 + 0x7f01 * 128 + (0x80ff - 0x10000) * 3));
    /* halves unsigned; b bytes 2, 3 signed */
    assert_int_equal(c->out[0][3], (uint32_t)(10 + 0x7f01 * 2 + 0x80ff * -1));
    lc_free(c);
}

static void test_bmsk_szext(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    c->in[0][0] = 1; c->in[0][1] = 2;                  /* the manual's example: 0x6 */
    c->in[1][0] = 28; c->in[1][1] = 8;                 /* cut at bit 31 */
    c->in[2][0] = 33; c->in[2][1] = 3;                 /* position past 31 */
    c->in[3][0] = 0; c->in[3][1] = 32;                 /* width 32 */
    lc_run(c, "BMSK.CLAMP R12, R4, R5\n"
              "BMSK.WRAP R13, R4, R5\n");
    assert_int_equal(c->out[0][0], 0x6);
    assert_int_equal(c->out[0][1], 0x6);
    assert_int_equal(c->out[1][0], 0xf0000000u);
    assert_int_equal(c->out[1][1], 0xf0000000u);
    assert_int_equal(c->out[2][0], 0);
    assert_int_equal(c->out[2][1], 0xe);               /* 33 & 31 = 1, width 3 */
    assert_int_equal(c->out[3][0], 0xffffffffu);
    assert_int_equal(c->out[3][1], 0);                 /* width 32 & 31 = 0 */

    c->in[0][0] = 0x1f0; c->in[0][1] = 9;              /* 9-bit field 0x1f0: negative */
    c->in[1][0] = 0xffffffffu; c->in[1][1] = 0;
    c->in[2][0] = 0x80000000u; c->in[2][1] = 40;
    c->in[3][0] = 0x12345678u; c->in[3][1] = 36;
    lc_run(c, "SZEXT.CLAMP.S32 R12, R4, R5\n"
              "SZEXT.WRAP.S32 R13, R4, R5\n"
              "SZEXT.CLAMP.U32 R14, R4, R5\n"
              "SZEXT.WRAP.U32 R15, R4, R5\n");
    assert_int_equal(c->out[0][0], 0xfffffff0u);
    assert_int_equal(c->out[0][2], 0x1f0);
    assert_int_equal(c->out[1][0], 0);
    assert_int_equal(c->out[1][3], 0);
    assert_int_equal(c->out[2][0], 0x80000000u);       /* clamp: N = 32 keeps a */
    assert_int_equal(c->out[2][1], 0);                 /* wrap: N = 8 */
    assert_int_equal(c->out[3][0], 0x12345678u);
    assert_int_equal(c->out[3][1], 0xfffffff8u);       /* wrap: N = 4, 0x8 is negative */
    assert_int_equal(c->out[3][3], 0x8);
    lc_free(c);
}

static void test_iaddsat_i16x2(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    c->in[0][0] = 0x7fffffffu; c->in[0][1] = 1;
    c->in[1][0] = 0x80000000u; c->in[1][1] = 1;
    c->in[2][0] = 5; c->in[2][1] = 0xfffffff9u;
    lc_run(c, "IADDSAT.ADD R12, R4, R5\n"
              "IADDSAT.SUB R13, R4, R5\n");
    assert_int_equal(c->out[0][0], 0x7fffffffu);
    assert_int_equal(c->out[0][1], 0x7ffffffeu);
    assert_int_equal(c->out[1][0], 0x80000001u);
    assert_int_equal(c->out[1][1], 0x80000000u);
    assert_int_equal(c->out[2][0], 0xfffffffeu);
    assert_int_equal(c->out[2][1], 12);

    c->in[0][0] = 0x7fff8000u; c->in[0][1] = 0x00018001u;
    lc_run(c, "I16X2.ADD.U16 R12, R4, R5\n"
              "I16X2.MIN.S16 R13, R4, R5\n"
              "I16X2.MAX.U16.RELU R14, R4, R5\n"
              "I16X2.MIN.S16.RELU R15, R4, R5\n");
    assert_int_equal(c->out[0][0], 0x80000001u);       /* halves wrap separately */
    assert_int_equal(c->out[0][1], 0x00018000u);
    assert_int_equal(c->out[0][2], 0x7fff8001u);
    assert_int_equal(c->out[0][3], 0x00010000u);       /* -32768 clamps to 0 */
    lc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lop3),
        cmocka_unit_test(test_idp),
        cmocka_unit_test(test_bmsk_szext),
        cmocka_unit_test(test_iaddsat_i16x2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
