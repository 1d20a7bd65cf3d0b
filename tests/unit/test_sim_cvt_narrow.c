/* tests/unit/test_sim_cvt_narrow.c — F2FP's sm_100 forms: f32 pairs to
 * e2m1x2 / e2m3x2 / e3m2x2 (round to nearest even, always saturating, NaN
 * -> +max), those formats to f16x2 (exact), ue8m0x2 from f32 pairs and
 * bf16x2 (RZ / RP, SATFINITE) and back to bf16x2. Expected bits worked out
 * by hand from the format definitions (e2m1: bias 1, 1 fraction bit;
 * e2m3: bias 1, 3 bits; e3m2: bias 3, 2 bits; ue8m0: 2^(v - 127)). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

typedef struct ncase {
    th       t;
    uint32_t in[32][8];
    uint32_t out[32][4];
} ncase;

static ncase *nc_new(void)
{
    ncase *c = calloc(1, sizeof *c);
    assert_non_null(c);
    th_init(&c->t);
    return c;
}

static void nc_run(ncase *c, const char *body)
{
    sim_status st = th_lanes(&c->t, body, c->in, c->out);
    if (st != SIM_OK)
        fail_msg("status %d: %s%s", st, c->t.err, c->t.fault.message);
}

static void nc_free(ncase *c)
{
    th_fini(&c->t);
    free(c);
}

/* Lane l: R4 = a[l], R5 = b[l]; checks R12..R14 against want[l]. */
static void check(ncase *c, unsigned n, const uint32_t (*want)[3])
{
    for (unsigned l = 0; l < n; l++)
        for (unsigned k = 0; k < 3; k++)
            if (c->out[l][k] != want[l][k])
                fail_msg("lane %u R%u: got 0x%08x, want 0x%08x", l, 12 + k, c->out[l][k],
                         want[l][k]);
}

static void test_to_mini(void **state)
{
    (void)state;
    ncase *c = nc_new();
    const float a[] = { 1.0f, 5.0f, 0.0f, 100.0f, 7.5f, 1.1875f, 28.0f, 0.0625f };
    const float b[] = { 0.25f, -0.75f, 0.0f, -0.0f, 0.0625f, -3.0f, 30.0f, 0.25f };
    for (unsigned l = 0; l < 8; l++) {
        c->in[l][0] = th_f2u(a[l]);
        c->in[l][1] = th_f2u(b[l]);
    }
    c->in[2][0] = 0x7fc00000u;   /* NaN -> +max */
    c->in[2][1] = 0xff800000u;   /* -Inf -> -max */
    nc_run(c, "F2FP.E2M1_F32.RN.SATFINITE R12, R4, R5\n"
              "F2FP.E2M3_F32.RN.SATFINITE R13, R4, R5\n"
              "F2FP.E3M2_F32.RN.RELU.SATFINITE R14, R4, R5\n");
    const uint32_t want[8][3] = {
        { 0x20, 0x0802, 0x0c04 },   /* 1.0; 0.25 a tie in e2m1 (-> 0), exact elsewhere */
        { 0x6a, 0x1a26, 0x1500 },   /* 5 ties to 4 in e2m1; -0.75 ties to -1 there; relu */
        { 0x7f, 0x1f3f, 0x1f00 },   /* NaN +max, -Inf -max (relu: +0) */
        { 0x78, 0x1f20, 0x1f00 },   /* 100 saturates; -0 keeps its sign (relu: +0) */
        { 0x70, 0x1f00, 0x1801 },   /* 7.5 ties to 8 in e3m2; 2^-4 ties to 0 / e3m2 min */
        { 0x2d, 0x0a34, 0x0d00 },   /* 1.1875 ties to 1.25 (e2m3); -3.0 */
        { 0x77, 0x1f1f, 0x1f1f },   /* 28, 30: e3m2 max */
        { 0x00, 0x0002, 0x0104 },   /* 2^-4 ties to 0 in e2m1/e2m3; 0.25 */
    };
    check(c, 8, want);
    nc_free(c);
}

static void test_mini_to_f16(void **state)
{
    (void)state;
    ncase *c = nc_new();
    const uint32_t v[][2] = { { 0x7f, 0x1f01 }, { 0x19, 0x3f20 }, { 0x00, 0x0000 } };
    for (unsigned l = 0; l < 3; l++) {
        c->in[l][0] = v[l][0];
        c->in[l][1] = v[l][1];
    }
    nc_run(c, "F2FP.F16_E2M1.RN R12, R4, RZ\n"
              "F2FP.F16_E2M3.RN R13, R5, RZ\n"
              "F2FP.F16_E3M2.RN.RELU R14, R5, RZ\n");
    const uint32_t want[3][3] = {
        { 0x4600c600, 0x47803000, 0x4f002c00 },   /* 6, -6 | 7.5, 0.125 | 28, 2^-4 */
        { 0x3800b800, 0xc7808000, 0x00000000 },   /* .5, -.5 | -7.5, -0 | relu: 0, 0 */
        { 0x00000000, 0x00000000, 0x00000000 },
    };
    check(c, 3, want);
    nc_free(c);
}

static void test_ue8m0(void **state)
{
    (void)state;
    ncase *c = nc_new();
    const uint32_t v[][2] = {
        { 0x3f800000u, 0x40400000u },   /* 1.0, 3.0 */
        { 0x7f800000u, 0x7fc00000u },   /* Inf, NaN */
        { 0xbf000000u, 0x00000000u },   /* -0.5, 0 */
        { 0x7f000001u, 0x00400001u },   /* just above 2^127, just above 2^-127 */
    };
    for (unsigned l = 0; l < 4; l++) {
        c->in[l][0] = v[l][0];
        c->in[l][1] = v[l][1];
    }
    nc_run(c, "F2FP.UE8_F32.RZ R12, R4, R5\n"
              "F2FP.UE8_F32.RP R13, R4, R5\n"
              "F2FP.UE8_F32.RP.SATFINITE R14, R4, R5\n");
    const uint32_t want[4][3] = {
        { 0x7f80, 0x7f81, 0x7f81 },
        { 0xffff, 0xffff, 0xfeff },
        { 0x7e00, 0x7e00, 0x7e00 },
        { 0xfe00, 0xff01, 0xfe01 },
    };
    check(c, 4, want);
    nc_free(c);
}

static void test_ue8m0_bf16(void **state)
{
    (void)state;
    ncase *c = nc_new();
    c->in[0][0] = 0x3fc00041u;   /* 1.5 | just above 2^-127 */
    c->in[0][1] = 0xff00u;       /* NaN | 2^-127 */
    c->in[1][0] = 0x7f80ff80u;   /* Inf | -Inf */
    c->in[1][1] = 0x7f80u;       /* 1.0 | 2.0 */
    nc_run(c, "F2FP.UE8_BF16.RZ.SATFINITE R12, R4, RZ\n"
              "F2FP.UE8_BF16.RP R13, R4, RZ\n"
              "F2FP.BF16_UE8.RN R14, R5, RZ\n");
    const uint32_t want[2][3] = {
        { 0x7f00, 0x8001, 0x7fff0040 },
        { 0xfefe, 0xffff, 0x3f804000 },
    };
    check(c, 2, want);
    nc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_to_mini),
        cmocka_unit_test(test_mini_to_f16),
        cmocka_unit_test(test_ue8m0),
        cmocka_unit_test(test_ue8m0_bf16),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
