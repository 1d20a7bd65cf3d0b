/* tests/unit/test_sim_cvt.c — CVT class: f16/bf16 rounding, float <-> int
 * with saturation, integer width changes, FRND. Exact expected bits. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"
#include "sim/exec/softfp.h"

typedef struct ccase {
    th       t;
    uint32_t in[32][8];
    uint32_t out[32][4];
} ccase;

static ccase *cc_new(void)
{
    ccase *c = calloc(1, sizeof *c);
    assert_non_null(c);
    th_init(&c->t);
    return c;
}

static void cc_run(ccase *c, const char *body)
{
    sim_status st = th_lanes(&c->t, body, c->in, c->out);
    if (st != SIM_OK)
        fail_msg("status %d: %s%s", st, c->t.err, c->t.fault.message);
}

static void cc_free(ccase *c)
{
    th_fini(&c->t);
    free(c);
}

static void set64(uint32_t *r, uint64_t v) { r[0] = (uint32_t)v; r[1] = (uint32_t)(v >> 32); }
static uint64_t get64(const uint32_t *r) { return r[0] | (uint64_t)r[1] << 32; }

static void test_f32_to_f16(void **state)
{
    (void)state;
    ccase *c = cc_new();
    float v[] = { 1.0f, 65504.0f, 65520.0f, 1.0f + 0x1p-11f, 1.0f + 0x1p-10f + 0x1p-11f,
                  0x1p-24f, 0x1p-25f, -0.0f, -2.5f, 0x1.8p-25f };
    for (unsigned i = 0; i < 10; i++)
        c->in[i][0] = th_f2u(v[i]);
    c->in[10][0] = 0x7FC00001u;   /* NaN */
    c->in[11][0] = 0xFF800000u;   /* -inf */
    cc_run(c, "F2F.F16.F32.RN R12, R4\n"
              "F2F.F16.F32.RZ R13, R4\n"
              "F2F.F16.F32.RM R14, R4\n"
              "F2F.F16.F32.RP R15, R4\n");
    const uint32_t want[12][4] = {
        { 0x3C00, 0x3C00, 0x3C00, 0x3C00 },
        { 0x7BFF, 0x7BFF, 0x7BFF, 0x7BFF },   /* largest f16 */
        { 0x7C00, 0x7BFF, 0x7BFF, 0x7C00 },   /* a tie above the largest: RN overflows */
        { 0x3C00, 0x3C00, 0x3C00, 0x3C01 },   /* tie to even */
        { 0x3C02, 0x3C01, 0x3C01, 0x3C02 },   /* tie to even, upward */
        { 0x0001, 0x0001, 0x0001, 0x0001 },   /* smallest subnormal */
        { 0x0000, 0x0000, 0x0000, 0x0001 },   /* half of it: tie to even (0) */
        { 0x8000, 0x8000, 0x8000, 0x8000 },
        { 0xC100, 0xC100, 0xC100, 0xC100 },
        { 0x0001, 0x0000, 0x0000, 0x0001 },   /* 0.75 of the smallest subnormal */
        { 0x7FFF, 0x7FFF, 0x7FFF, 0x7FFF },   /* canonical NaN */
        { 0xFC00, 0xFC00, 0xFC00, 0xFC00 },
    };
    for (unsigned l = 0; l < 12; l++)
        for (unsigned m = 0; m < 4; m++)
            assert_int_equal(c->out[l][m], want[l][m]);
    /* f16 -> f32 is exact; the upper half of the source register is ignored */
    c->in[0][0] = 0xABCD3555u;
    c->in[1][0] = 0x00000001u;
    c->in[2][0] = 0x7C00u;
    c->in[3][0] = 0x83FFu;
    cc_run(c, "F2F.F32.F16.RN R12, R4\n"
              "F2F.F64.F16.RN R14, R4\n"
              "MOV R13, RZ\n");
    assert_true(th_u2f(c->out[0][0]) == 0.333251953125f);
    assert_true(th_u2f(c->out[1][0]) == 0x1p-24f);
    assert_int_equal(c->out[2][0], 0x7F800000u);
    assert_true(th_u2f(c->out[3][0]) == -0x3FFp-24f);
    assert_true(th_u2d(get64(&c->out[0][2])) == 0.333251953125);
    cc_free(c);
}

static void test_bf16(void **state)
{
    (void)state;
    ccase *c = cc_new();
    c->in[0][0] = 0x3F800000u;
    c->in[1][0] = 0x3F808000u;   /* tie: to even (down) */
    c->in[2][0] = 0x3F818000u;   /* tie: to even (up) */
    c->in[3][0] = 0x3F80C000u;
    c->in[4][0] = 0xBF80C000u;
    c->in[5][0] = 0x7F7FFFFFu;   /* rounds up to infinity in RN */
    cc_run(c, "F2F.BF16.F32.RN R12, R4\n"
              "F2F.BF16.F32.RZ R13, R4\n"
              "F2F.BF16.F32.RM R14, R4\n"
              "F2F.F32.BF16.RN R15, R4\n");
    assert_int_equal(c->out[0][0], 0x3F80);
    assert_int_equal(c->out[1][0], 0x3F80);
    assert_int_equal(c->out[2][0], 0x3F82);
    assert_int_equal(c->out[3][0], 0x3F81);
    assert_int_equal(c->out[3][1], 0x3F80);
    assert_int_equal(c->out[4][2], 0xBF81);
    assert_int_equal(c->out[5][0], 0x7F80);
    assert_int_equal(c->out[5][1], 0x7F7F);
    /* bf16 -> f32 takes the low 16 bits */
    assert_int_equal(c->out[0][3], 0);           /* low half of 0x3F800000 is 0 */
    c->in[6][0] = 0x00004049u;
    cc_run(c, "F2F.F32.BF16.RN R12, R4\nMOV R13, RZ\nMOV R14, RZ\nMOV R15, RZ\n");
    assert_int_equal(c->out[6][0], 0x40490000u);
    cc_free(c);
}

static void test_f64_f32(void **state)
{
    (void)state;
    ccase *c = cc_new();
    set64(&c->in[0][0], th_d2u(1.0 / 3.0));
    set64(&c->in[1][0], th_d2u(-1.0 / 3.0));
    set64(&c->in[2][0], th_d2u(1e300));
    set64(&c->in[3][0], th_d2u(0x1p-140));     /* subnormal in f32 */
    cc_run(c, "F2F.F32.F64.RN R12, R4\n"
              "F2F.F32.F64.RZ R13, R4\n"
              "F2F.F32.F64.RP R14, R4\n"
              "F2F.F32.F64.RN.FTZ R15, R4\n");
    assert_int_equal(c->out[0][0], 0x3EAAAAABu);
    assert_int_equal(c->out[0][1], 0x3EAAAAAAu);
    assert_int_equal(c->out[0][2], 0x3EAAAAABu);
    assert_int_equal(c->out[1][1], 0xBEAAAAAAu);
    assert_int_equal(c->out[1][2], 0xBEAAAAAAu);
    assert_int_equal(c->out[2][0], 0x7F800000u);
    assert_int_equal(c->out[2][1], 0x7F7FFFFFu);
    assert_int_equal(c->out[3][0], 0x00000200u);  /* 2^-140 = 2^9 * 2^-149 */
    assert_int_equal(c->out[3][3], 0);            /* flushed */
    c->in[4][0] = th_f2u(0.1f);
    c->in[5][0] = th_f2u(-3.0f);
    c->in[6][0] = th_f2u(7.5f);
    cc_run(c, "F2F.F64.F32.RN R12, R4\n"
              "F2F.F32.F32.RN.SAT R14, R4\n"
              "F2F.F16.F32.RN.SAT R15, R4\n");
    assert_true(th_u2d(get64(&c->out[4][0])) == (double)0.1f);
    assert_true(th_u2f(c->out[4][2]) == 0.1f);
    assert_int_equal(c->out[5][2], 0);
    assert_int_equal(c->out[6][2], 0x3F800000u);
    assert_int_equal(c->out[6][3], 0x3C00);
    assert_int_equal(c->out[5][3], 0);
    cc_free(c);
}

static void test_f2i(void **state)
{
    (void)state;
    ccase *c = cc_new();
    float v[] = { 2.5f, 3.5f, -2.5f, -2.7f, -2.1f, 2.1f, NAN, 1e10f, -1e10f, -0.5f, 0.5f };
    for (unsigned i = 0; i < 11; i++)
        c->in[i][0] = th_f2u(v[i]);
    cc_run(c, "F2I.S32.F32.RNI R12, R4\n"
              "F2I.S32.F32.RZI R13, R4\n"
              "F2I.S32.F32.RMI R14, R4\n"
              "F2I.S32.F32.RPI R15, R4\n");
    const int32_t want[11][4] = {
        { 2, 2, 2, 3 },      { 4, 3, 3, 4 },      { -2, -2, -3, -2 }, { -3, -2, -3, -2 },
        { -2, -2, -3, -2 },  { 2, 2, 2, 3 },      { 0, 0, 0, 0 },
        { INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX },
        { INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN },
        { 0, 0, -1, 0 },     { 0, 0, 0, 1 },
    };
    for (unsigned l = 0; l < 11; l++)
        for (unsigned m = 0; m < 4; m++)
            assert_int_equal((int32_t)c->out[l][m], want[l][m]);
    c->in[0][0] = th_f2u(-1.0f);
    c->in[1][0] = th_f2u(4e9f);
    c->in[2][0] = th_f2u(300.0f);
    c->in[3][0] = th_f2u(-40000.0f);
    c->in[4][0] = 0xFF800000u;   /* -inf */
    cc_run(c, "F2I.U32.F32.RZI R12, R4\n"
              "F2I.U8.F32.RNI R13, R4\n"
              "F2I.S16.F32.RZI R14, R4\n"
              "F2I.S8.F32.RZI R15, R4\n");
    assert_int_equal(c->out[0][0], 0);
    assert_int_equal(c->out[1][0], 4000000000u);
    assert_int_equal(c->out[2][1], 255);
    assert_int_equal(c->out[3][2], 0xFFFF8000u);    /* -32768, sign-extended */
    assert_int_equal(c->out[2][2], 300);
    assert_int_equal(c->out[2][3], 127);
    assert_int_equal(c->out[4][0], 0);
    assert_int_equal(c->out[4][3], 0xFFFFFF80u);
    set64(&c->in[5][0], th_d2u(-9.2e18));
    set64(&c->in[6][0], th_d2u(1.8e19));
    set64(&c->in[7][0], th_d2u(123456789012.75));
    cc_run(c, "F2I.S64.F64.RZI R12, R4\n"
              "F2I.U64.F64.RPI R14, R4\n");
    assert_int_equal(get64(&c->out[5][0]), (uint64_t)-9200000000000000000LL);
    assert_int_equal(get64(&c->out[5][2]), 0);
    assert_int_equal(get64(&c->out[6][0]), (uint64_t)INT64_MAX);
    assert_int_equal(get64(&c->out[6][2]), 18000000000000000000ull);
    assert_int_equal(get64(&c->out[7][0]), 123456789012ull);
    assert_int_equal(get64(&c->out[7][2]), 123456789013ull);
    cc_free(c);
}

static void test_i2f(void **state)
{
    (void)state;
    ccase *c = cc_new();
    c->in[0][0] = (uint32_t)-1;
    c->in[1][0] = 0xFFFFFFFFu;
    c->in[2][0] = 16777217;      /* 2^24 + 1: a tie in f32 */
    c->in[3][0] = 2049;          /* a tie in f16 */
    cc_run(c, "I2F.F32.S32.RN R12, R4\n"
              "I2F.F32.U32.RN R13, R4\n"
              "I2F.F32.U32.RZ R14, R4\n"
              "I2F.F16.S32.RP R15, R4\n");
    assert_true(th_u2f(c->out[0][0]) == -1.0f);
    assert_true(th_u2f(c->out[1][1]) == 4294967296.0f);
    assert_int_equal(c->out[1][2], 0x4F7FFFFFu);
    assert_true(th_u2f(c->out[2][1]) == 16777216.0f);
    assert_true(th_u2f(c->out[2][2]) == 16777216.0f);
    assert_int_equal(c->out[3][3], 0x6801);   /* 2050 */
    assert_int_equal(c->out[0][3], 0xBC00);   /* -1 */
    cc_run(c, "I2F.F16.S32.RN R12, R4\n"
              "I2F.F32.S32.RM R13, R4\n"
              "I2F.F64.S32.RN R14, R4\n");
    assert_int_equal(c->out[3][0], 0x6800);   /* 2048: tie to even */
    assert_true(th_u2f(c->out[2][1]) == 16777216.0f);
    assert_true(th_u2d(get64(&c->out[0][2])) == -1.0);
    set64(&c->in[4][0], (1ull << 53) + 1);
    set64(&c->in[5][0], (uint64_t)INT64_MIN);
    set64(&c->in[6][0], UINT64_MAX);
    cc_run(c, "I2F.F64.S64.RN R12, R4\n"
              "I2F.F64.U64.RP R14, R4\n");
    assert_int_equal(get64(&c->out[4][0]), th_d2u(0x1p53));
    assert_int_equal(get64(&c->out[4][2]), th_d2u(0x1p53) + 1);
    assert_true(th_u2d(get64(&c->out[5][0])) == -0x1p63);
    assert_true(th_u2d(get64(&c->out[6][2])) == 0x1p64);
    assert_true(th_u2d(get64(&c->out[6][0])) == -1.0);
    c->in[7][0] = 0x80;          /* S8 -128 in the low byte */
    cc_run(c, "I2F.F32.S8.RN R12, R4\nI2F.BF16.U16.RZ R13, R4\nMOV R14, RZ\nMOV R15, RZ\n");
    assert_true(th_u2f(c->out[7][0]) == -128.0f);
    assert_int_equal(c->out[7][1], 0x4300);  /* 128 */
    assert_int_equal(c->out[2][1], 0x3F80);  /* low 16 bits of 2^24 + 1: 1.0 */
    cc_free(c);
}

static void test_i2i_frnd(void **state)
{
    (void)state;
    ccase *c = cc_new();
    c->in[0][0] = 40000;
    c->in[1][0] = (uint32_t)-40000;
    c->in[2][0] = 0xFFFFFFFFu;
    c->in[3][0] = (uint32_t)-5;
    c->in[4][0] = 0x180;
    cc_run(c, "I2I.S16.S32 R12, R4\n"
              "I2I.S16.S32.SAT R13, R4\n"
              "I2I.S32.U32.SAT R14, R4\n"
              "I2I.U8.S32.SAT R15, R4\n");
    assert_int_equal(c->out[0][0], (uint32_t)(int16_t)40000);
    assert_int_equal(c->out[0][1], 32767);
    assert_int_equal(c->out[1][1], (uint32_t)-32768);
    assert_int_equal(c->out[2][2], 0x7FFFFFFFu);
    assert_int_equal(c->out[0][2], 40000);
    assert_int_equal(c->out[3][3], 0);
    assert_int_equal(c->out[0][3], 255);
    assert_int_equal(c->out[4][0], 0x180);
    cc_run(c, "I2I.S32.S8 R12, R4\n"
              "I2I.U64.S32 R14, R4\n"
              "I2I.U32.U8 R13, R4\n");
    assert_int_equal(c->out[4][0], 0xFFFFFF80u);
    assert_int_equal(c->out[4][1], 0x80);
    assert_int_equal(get64(&c->out[3][2]), (uint64_t)-5);
    float v[] = { 2.5f, -1.5f, -0.5f, 0.3f, 1e20f, -2.5f };
    for (unsigned i = 0; i < 6; i++)
        c->in[i][0] = th_f2u(v[i]);
    cc_run(c, "FRND.F32.RNI R12, R4\n"
              "FRND.F32.RZI R13, R4\n"
              "FRND.F32.RMI R14, R4\n"
              "FRND.F32.RPI R15, R4\n");
    const float want[6][4] = {
        { 2, 2, 2, 3 }, { -2, -1, -2, -1 }, { -0.0f, -0.0f, -1, -0.0f },
        { 0, 0, 0, 1 }, { 1e20f, 1e20f, 1e20f, 1e20f }, { -2, -2, -3, -2 },
    };
    for (unsigned l = 0; l < 6; l++)
        for (unsigned m = 0; m < 4; m++)
            assert_int_equal(c->out[l][m], th_f2u(want[l][m]));
    set64(&c->in[0][0], th_d2u(-2.5));
    set64(&c->in[1][0], th_d2u(4503599627370497.5));   /* 2^52 + 1.5 is not representable */
    set64(&c->in[2][0], th_d2u(0.5 + 0x1p-30));
    cc_run(c, "FRND.F64.RNI R12, R4\n"
              "FRND.F64.RPI R14, R4\n");
    assert_true(th_u2d(get64(&c->out[0][0])) == -2.0);
    assert_true(th_u2d(get64(&c->out[0][2])) == -2.0);
    assert_true(th_u2d(get64(&c->out[2][0])) == 1.0);
    assert_true(th_u2d(get64(&c->out[2][2])) == 1.0);
    cc_free(c);
}

/* softfp f16 against a direct reference: every f16 value round-trips and
 * every f32 rounds to one of its two f16 neighbours. */
static void test_f16_exhaustive(void **state)
{
    (void)state;
    for (uint32_t hb = 0; hb < 0x10000; hb++) {
        uint64_t f = sf_convert(MOD_F32, MOD_RN, MOD_F16, hb);
        bool nan = (hb & 0x7C00) == 0x7C00 && (hb & 0x3FF);
        if (nan) {
            assert_int_equal(f, 0x7FFFFFFFu);
            continue;
        }
        for (unsigned m = MOD_RN; m <= MOD_RP; m++)
            assert_int_equal(sf_convert(MOD_F16, m, MOD_F32, f), hb);
    }
    for (uint32_t i = 0; i < 0x10000; i++) {
        uint32_t f = i * 0x10001u + 0x1234u;
        float x = th_u2f(f);
        if (x != x)
            continue;
        double lo = sf_to_double(MOD_F16, sf_convert(MOD_F16, MOD_RM, MOD_F32, f));
        double hi = sf_to_double(MOD_F16, sf_convert(MOD_F16, MOD_RP, MOD_F32, f));
        assert_true(lo <= x && x <= hi);
        double n = sf_to_double(MOD_F16, sf_convert(MOD_F16, MOD_RN, MOD_F32, f));
        assert_true(n == lo || n == hi);
        if (isfinite(lo) && isfinite(hi) && n == lo && lo != hi)
            assert_true(x - lo <= hi - x);
        if (isfinite(lo) && isfinite(hi) && n == hi && lo != hi)
            assert_true(hi - x <= x - lo);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_f32_to_f16),
        cmocka_unit_test(test_bf16),
        cmocka_unit_test(test_f64_f32),
        cmocka_unit_test(test_f2i),
        cmocka_unit_test(test_i2f),
        cmocka_unit_test(test_i2i_frnd),
        cmocka_unit_test(test_f16_exhaustive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
