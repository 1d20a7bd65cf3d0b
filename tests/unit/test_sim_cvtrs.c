/* tests/unit/test_sim_cvtrs.c — F2FPRS (PTX cvt.rs): stochastic rounding
 * of f32 to f16x2 / bf16x2 and to the x4 narrow formats. Expected bits
 * worked out by hand: the result rounds away from zero iff the discarded
 * fraction (in destination ulps) plus rbits / 2^k reaches 1 (k = 13 for
 * f16, 16 for bf16/e4m3/e5m2/e2m3/e3m2, 8 for e2m1); rbits 0 truncates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

typedef struct rcase {
    th       t;
    uint32_t in[32][8];
    uint32_t out[32][4];
} rcase;

static rcase *rc_new(void)
{
    rcase *c = calloc(1, sizeof *c);
    assert_non_null(c);
    th_init(&c->t);
    return c;
}

static void rc_run(rcase *c, const char *body)
{
    sim_status st = th_lanes(&c->t, body, c->in, c->out);
    if (st != SIM_OK)
        fail_msg("status %d: %s%s", st, c->t.err, c->t.fault.message);
}

static void rc_free(rcase *c)
{
    th_fini(&c->t);
    free(c);
}

/* Checks R12..R12+nr-1 of lanes 0..n-1. */
static void check(const rcase *c, unsigned n, unsigned nr, const uint32_t (*want)[4])
{
    for (unsigned l = 0; l < n; l++)
        for (unsigned k = 0; k < nr; k++)
            if (c->out[l][k] != want[l][k])
                fail_msg("lane %u R%u: got 0x%08x, want 0x%08x", l, 12 + k, c->out[l][k],
                         want[l][k]);
}

#define ONE_ULP23 0x3f800001u   /* 1 + 2^-23 */

static void test_half_pairs(void **state)
{
    (void)state;
    rcase *c = rc_new();
    /* a (R4), b (R5), rbits (R8) per lane */
    static const uint32_t in[10][3] = {
        { ONE_ULP23, ONE_ULP23, 0 },                /* truncation */
        { ONE_ULP23, ONE_ULP23, 0xffffffffu },      /* all ones: any discarded bit carries */
        { 0x3f801000u, 0x3f801000u, 0x10000fffu },  /* f16 halfway: 0x1000 carries, 0xfff not */
        { 0xbfc00000u, 0x477ff000u, 0xffffffffu },  /* -1.5 exact; 65520 rounds away: f16 Inf */
        { 0x7fc00000u, 0x477ff000u, 0 },            /* NaN; 65520 toward zero: f16 max */
        { 0xff800000u, 0x7f800000u, 0 },            /* -Inf, +Inf */
        { 0x33a00000u, 0x33a00000u, 0x180017ffu },  /* 1.25 f16 subnormal ulps: .25+.75 carries */
        { ONE_ULP23, ONE_ULP23, 0xe0001fffu },      /* f16 ignores the 3 MSBs of each half */
        { 0x3f808000u, 0x3f808000u, 0x80007fffu },  /* bf16 halfway */
        { 0x7f7fffffu, 0x7f7fffffu, 0xffff0000u },  /* f32 max: away -> Inf, toward -> max */
    };
    for (unsigned l = 0; l < 10; l++) {
        c->in[l][0] = in[l][0];
        c->in[l][1] = in[l][1];
        c->in[l][4] = in[l][2];
    }
    rc_run(c, "F2FPRS.F16X2 R12, R4, R5, R8\n"
              "F2FPRS.F16X2.RELU.SATFINITE R13, R4, R5, R8\n"
              "F2FPRS.BF16X2 R14, R4, R5, R8\n"
              "F2FPRS.BF16X2.RELU.SATFINITE R15, R4, R5, R8\n");
    const uint32_t want[10][4] = {
        { 0x3c003c00u, 0x3c003c00u, 0x3f803f80u, 0x3f803f80u },
        { 0x3c013c01u, 0x3c013c01u, 0x3f813f81u, 0x3f813f81u },
        { 0x3c013c00u, 0x3c013c00u, 0x3f803f80u, 0x3f803f80u },
        { 0xbe007c00u, 0x00007bffu, 0xbfc04780u, 0x00004780u },
        { 0x7fff7bffu, 0x7fff7bffu, 0x7fff477fu, 0x7fff477fu },
        { 0xfc007c00u, 0x00007bffu, 0xff807f80u, 0x00007f7fu },
        { 0x00020001u, 0x00020001u, 0x33a033a0u, 0x33a033a0u },
        { 0x3c003c01u, 0x3c003c01u, 0x3f803f80u, 0x3f803f80u },
        { 0x3c043c04u, 0x3c043c04u, 0x3f813f80u, 0x3f813f80u },
        { 0x7c007bffu, 0x7bff7bffu, 0x7f807f7fu, 0x7f7f7f7fu },
    };
    check(c, 10, 4, want);
    rc_free(c);
}

static void test_x4(void **state)
{
    (void)state;
    rcase *c = rc_new();
    /* a, b, e, f (R4..R7), rbits (R8) per lane */
    static const uint32_t in[5][5] = {
        { ONE_ULP23, ONE_ULP23, ONE_ULP23, ONE_ULP23, 0 },
        { 0x3f800080u, ONE_ULP23, 0x3f800080u, ONE_ULP23, 0xffffffffu },
        { 0x3f880000u, 0x3f880000u, 0x3f880000u, 0x3f880000u, 0x80007fffu },  /* 1.0625 */
        { 0x43e00000u, 0x43e80000u, 0xff800000u, 0x7fc00000u, 0xffff0000u },  /* 448 464 -Inf NaN */
        { 0x3a800000u, 0x3a800000u, 0xba800000u, 0, 0x80007fffu },            /* 2^-10 */
    };
    for (unsigned l = 0; l < 5; l++) {
        for (unsigned i = 0; i < 4; i++)
            c->in[l][i] = in[l][i];
        c->in[l][4] = in[l][4];
    }
    rc_run(c, "F2FPRS.E4M3X4.SATFINITE R12, R4, RZ, R8\n"
              "F2FPRS.E5M2X4.RELU.SATFINITE R13, R4, RZ, R8\n"
              "F2FPRS.E2M1X4.SATFINITE R14, R4, RZ, R8\n"
              "F2FPRS.E2M3X4.RELU.SATFINITE R15, R4, RZ, R8\n");
    const uint32_t want[5][4] = {
        { 0x38383838u, 0x3c3c3c3cu, 0x2222u, 0x08080808u },
        /* 2^-16 above 1 carries with 16 ones; 2^-23 does not (below the random bits) */
        { 0x39383938u, 0x3d3c3d3cu, 0x2222u, 0x09080908u },
        /* halfway in e4m3/e2m3 (.5 + .5 carries); .25 in e5m2; .125 in e2m1 (f: 0xff) */
        { 0x39393838u, 0x3c3c3c3cu, 0x2223u, 0x09090808u },
        /* saturation; -Inf -> -max (relu +0); NaN -> 0x7f (e2m1/e2m3: +max) */
        { 0x7e7efe7fu, 0x5f60007fu, 0x77f7u, 0x1f1f001fu },
        /* e4m3 subnormal half-ulp: 0x8000 carries; -2^-10 truncates to -0 */
        { 0x01018000u, 0x14140000u, 0x0080u, 0x00000000u },
    };
    check(c, 5, 4, want);
    rc_free(c);
}

static void test_asm_roundtrip(void **state)
{
    (void)state;
    th *t = th_new();
    th_must_asm(t, "F2FPRS.E2M1X4.RELU.SATFINITE R12, R4, RZ, R8\nEXIT\n", 16);
    th_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half_pairs),
        cmocka_unit_test(test_x4),
        cmocka_unit_test(test_asm_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
