/* tests/unit/test_sim_fpmisc.c — DRCPA (PTX rcp.approx.ftz.f64) and FREDUX
 * (redux.sync.{min,max}{.NaN}.f32) through the simulator, with exact
 * expected bits: DRCPA's special cases, flushing, zero low word and the
 * 20-bit rounding; FREDUX over the whole warp and over per-lane member
 * masks, with NaN, -0/+0. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

typedef struct fcase {
    th       t;
    uint32_t in[32][8];
    uint32_t out[32][4];
} fcase;

static fcase *fc_new(void)
{
    fcase *c = calloc(1, sizeof *c);
    assert_non_null(c);
    th_init(&c->t);
    return c;
}

static void fc_run(fcase *c, const char *body)
{
    sim_status st = th_lanes(&c->t, body, c->in, c->out);
    if (st != SIM_OK)
        fail_msg("status %d: %s%s", st, c->t.err, c->t.fault.message);
}

static void fc_free(fcase *c)
{
    th_fini(&c->t);
    free(c);
}

static void test_drcpa(void **state)
{
    (void)state;
    static const struct { uint64_t a, want; } cases[] = {
        { 0x0000000000000000ull, 0x7ff0000000000000ull },   /* +0 -> +Inf */
        { 0x8000000000000000ull, 0xfff0000000000000ull },   /* -0 -> -Inf */
        { 0x000fffffffffffffull, 0x7ff0000000000000ull },   /* subnormal -> +Inf */
        { 0x8000000000000001ull, 0xfff0000000000000ull },
        { 0x7ff0000000000000ull, 0x0000000000000000ull },   /* +Inf -> +0 */
        { 0xfff0000000000000ull, 0x8000000000000000ull },
        { 0x7ff0000000000001ull, 0x0000000000000000ull },   /* high word +Inf: low-word NaN payload ignored */
        { 0x7ff8000000000000ull, 0x7fffffff00000000ull },   /* NaN -> the manual's canonical NaN */
        { 0xfff0000100000000ull, 0x7fffffff00000000ull },   /* NaN in the high word */
        { 0x3ff0000000000000ull, 0x3ff0000000000000ull },   /* 1 -> 1 */
        { 0x3ff00000ffffffffull, 0x3ff0000000000000ull },   /* low word ignored */
        { 0xc000000000000000ull, 0xbfe0000000000000ull },   /* -2 -> -0.5 */
        { 0x4008000000000000ull, 0x3fd5555500000000ull },   /* 1/3: low word 0x55.. rounds down */
        { 0x401c000000000000ull, 0x3fc2492500000000ull },   /* 1/7: low word 0x92.. rounds up */
        { 0x7fd0000000000000ull, 0x0010000000000000ull },   /* 2^1022 -> 2^-1022 (normal) */
        { 0x7fd8000000000000ull, 0x0000000000000000ull },   /* result subnormal: +0 */
        { 0xffe0000000000000ull, 0x8000000000000000ull },   /* -2^1023: -0 */
        { 0x0010000000000000ull, 0x7fd0000000000000ull },   /* 2^-1022 -> 2^1022 */
    };
    fcase *c = fc_new();
    unsigned n = sizeof cases / sizeof cases[0];
    for (unsigned l = 0; l < n; l++) {
        c->in[l][0] = (uint32_t)cases[l].a;
        c->in[l][1] = (uint32_t)(cases[l].a >> 32);
    }
    fc_run(c, "DRCPA R12, R4\n");
    for (unsigned l = 0; l < n; l++) {
        uint64_t got = c->out[l][0] | (uint64_t)c->out[l][1] << 32;
        if (got != cases[l].want)
            fail_msg("DRCPA %016llx: got %016llx want %016llx", (unsigned long long)cases[l].a,
                     (unsigned long long)got, (unsigned long long)cases[l].want);
    }
    fc_free(c);
}

static void test_fredux(void **state)
{
    (void)state;
    fcase *c = fc_new();
    for (unsigned l = 0; l < 32; l++) {
        c->in[l][0] = th_f2u((float)l - 10.0f);            /* -10 .. 21 */
        c->in[l][1] = l < 16 ? 0x0000ffffu : 0xffff0000u;  /* member masks: halves */
        c->in[l][2] = l == 3 ? 0x7fc00000u : l == 20 ? 0x80000000u : l >= 16 ? 0 : th_f2u(1.0f);
    }
    fc_run(c, "FREDUX.MIN R12, R4, 0xffffffff\n"
              "FREDUX.MAX R13, R4, R5\n"
              "FREDUX.MIN R14, R6, R5\n"
              "FREDUX.MIN.NAN R15, R6, R5\n");
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], th_f2u(-10.0f));
        assert_int_equal(c->out[l][1], th_f2u(l < 16 ? 5.0f : 21.0f));
        /* low half: NaN ignored, min 1.0; high half: -0 < +0 */
        assert_int_equal(c->out[l][2], l < 16 ? th_f2u(1.0f) : 0x80000000u);
        assert_int_equal(c->out[l][3], l < 16 ? 0x7fffffffu : 0x80000000u);
    }
    fc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drcpa),
        cmocka_unit_test(test_fredux),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
