/* tests/unit/test_sim_fp.c — FP class semantics and the exact rounding core.
 *
 * Three kinds of evidence:
 *   - hand-picked cases through the simulator with exact expected bits
 *     (ties, directed modes, overflow, FTZ, SAT, NaN, min/max of -0/+0,
 *     ordered/unordered compares);
 *   - softfp in round-to-nearest against the host's IEEE arithmetic on
 *     random operands of every class;
 *   - softfp in RZ/RM/RP against exact oracles: f32 add/mul results are
 *     exact in double, and for the rest error-free transformations (TwoSum,
 *     fma residuals) tell on which side of each result the exact value lies.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"
#include "sim/exec/softfp.h"

enum { RN = MOD_RN, RZ = MOD_RZ, RM = MOD_RM, RP = MOD_RP };

typedef struct rng { uint64_t s; } rng;

static uint64_t rnext(rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1Dull;
}

/* Random f32 bits: specials, subnormals, near-equal exponents, anything. */
static uint32_t rand_f32(rng *r, uint32_t near)
{
    static const uint32_t special[] = { 0, 0x80000000u, 0x7F800000u, 0xFF800000u, 0x7FC00001u,
                                        0x00000001u, 0x807FFFFFu, 0x7F7FFFFFu, 0x3F800000u,
                                        0x00800000u };
    uint64_t v = rnext(r);
    switch (v % 8) {
    case 0: return special[(v >> 8) % (sizeof special / sizeof special[0])];
    case 1: return (uint32_t)(v >> 16) & 0x807FFFFFu;                          /* subnormal */
    case 2: case 3: case 4:                                                     /* near `near` */
        return (near & 0x7F800000u) + ((uint32_t)((v >> 20) % 60) << 23) - (30u << 23) +
               ((uint32_t)(v >> 40) & 0x807FFFFFu);
    default: return (uint32_t)(v >> 32);
    }
}

static uint64_t rand_f64(rng *r, uint64_t near)
{
    static const uint64_t special[] = { 0, 1ull << 63, 0x7FF0000000000000ull,
                                        0xFFF0000000000000ull, 0x7FF8000000000001ull, 1,
                                        0x800FFFFFFFFFFFFFull, 0x7FEFFFFFFFFFFFFFull,
                                        0x3FF0000000000000ull, 0x0010000000000000ull };
    uint64_t v = rnext(r);
    switch (v % 8) {
    case 0: return special[(v >> 8) % (sizeof special / sizeof special[0])];
    case 1: return rnext(r) & 0x800FFFFFFFFFFFFFull;
    case 2: case 3: case 4: {
        int64_t e = (int64_t)((near >> 52) & 0x7FF) + (int64_t)((v >> 20) % 120) - 60;
        if (e < 1) e = 1;
        if (e > 0x7FE) e = 0x7FE;
        return (uint64_t)e << 52 | (rnext(r) & 0x800FFFFFFFFFFFFFull);
    }
    default: return rnext(r);
    }
}

static uint32_t canon32(float f) { return f != f ? 0x7FFFFFFFu : th_f2u(f); }
static uint64_t canon64(double f) { return f != f ? 0x7FFFFFFFFFFFFFFFull : th_d2u(f); }

static void test_softfp_rn_matches_host(void **state)
{
    (void)state;
    rng r = { 0x9E3779B97F4A7C15ull };
    for (unsigned i = 0; i < 200000; i++) {
        uint32_t a = rand_f32(&r, 0x3F800000u);
        uint32_t b = rand_f32(&r, a), c = rand_f32(&r, a);
        float fa = th_u2f(a), fb = th_u2f(b), fc = th_u2f(c);
        assert_int_equal(sf_add(MOD_F32, RN, a, b), canon32(fa + fb));
        assert_int_equal(sf_mul(MOD_F32, RN, a, b), canon32(fa * fb));
        assert_int_equal(sf_div(MOD_F32, RN, a, b), canon32(fa / fb));
        assert_int_equal(sf_fma(MOD_F32, RN, a, b, c), canon32(fmaf(fa, fb, fc)));
        assert_int_equal(sf_sqrt(MOD_F32, RN, a), canon32(sqrtf(fa)));
        /* narrowing conversion f64 -> f32 */
        uint64_t d = rand_f64(&r, 0x3FF0000000000000ull);
        assert_int_equal(sf_convert(MOD_F32, RN, MOD_F64, d), canon32((float)th_u2d(d)));
    }
    for (unsigned i = 0; i < 200000; i++) {
        uint64_t a = rand_f64(&r, 0x3FF0000000000000ull);
        uint64_t b = rand_f64(&r, a), c = rand_f64(&r, a);
        double fa = th_u2d(a), fb = th_u2d(b), fc = th_u2d(c);
        assert_int_equal(sf_add(MOD_F64, RN, a, b), canon64(fa + fb));
        assert_int_equal(sf_mul(MOD_F64, RN, a, b), canon64(fa * fb));
        assert_int_equal(sf_div(MOD_F64, RN, a, b), canon64(fa / fb));
        assert_int_equal(sf_fma(MOD_F64, RN, a, b, c), canon64(fma(fa, fb, fc)));
        assert_int_equal(sf_sqrt(MOD_F64, RN, a), canon64(sqrt(fa)));
    }
}

/* Rounds an exact double to f32 in `mode` (the oracle). */
static uint32_t round_exact_double(double d, unsigned mode)
{
    float r = (float)d;
    if (d != d)
        return 0x7FFFFFFFu;
    if ((double)r == d)
        return th_f2u(r);
    float lo = (double)r < d ? r : nextafterf(r, -INFINITY);
    float hi = nextafterf(lo, INFINITY);
    switch (mode) {
    case RN: return th_f2u(r);
    case RZ: return th_f2u(d > 0 ? lo : hi);
    case RM: return th_f2u(lo);
    default: return th_f2u(hi);
    }
}

static void test_softfp_f32_directed_exact(void **state)
{
    (void)state;
    rng r = { 12345 };
    for (unsigned i = 0; i < 200000; i++) {
        uint32_t a = rand_f32(&r, 0x3F800000u);
        uint32_t b = rand_f32(&r, a);
        double da = th_u2f(a), db = th_u2f(b);
        for (unsigned m = RN; m <= RP; m++) {
            /* products of floats are exact in double */
            if (!isinf(da) && !isinf(db))
                assert_int_equal(sf_mul(MOD_F32, m, a, b), round_exact_double(da * db, m));
            /* sums are exact in double when the exponents are close */
            int ea, eb;
            frexp(da, &ea);
            frexp(db, &eb);
            if (!isinf(da) && !isinf(db) && abs(ea - eb) < 28 && da + db != 0)
                assert_int_equal(sf_add(MOD_F32, m, a, b), round_exact_double(da + db, m));
        }
    }
}

/* Sign of v - (s + e), where s + e is exact with |e| <= ulp(s) / 2. */
static int cmp_dd(double v, double s, double e)
{
    if (v < s) return -1;
    if (v > s) return 1;
    return e > 0 ? -1 : e < 0 ? 1 : 0;
}

/* The four results bracket the exact value and are adjacent. */
static void check_bracket64(uint64_t rn, uint64_t rz, uint64_t rm, uint64_t rp, int cm, int cp)
{
    double n = th_u2d(rn), z = th_u2d(rz), lo = th_u2d(rm), hi = th_u2d(rp);
    assert_true(cm <= 0);                 /* RM result <= exact */
    assert_true(cp >= 0);                 /* RP result >= exact */
    assert_true(rn == rm || rn == rp);
    if (rm != rp) {
        assert_true(nextafter(lo, INFINITY) == hi);
        assert_true(z == (lo >= 0 && !signbit(lo) ? lo : hi));
    } else {
        assert_true(n == z);
    }
}

static void test_softfp_f64_directed(void **state)
{
    (void)state;
    rng r = { 777 };
    unsigned checked = 0;
    for (unsigned i = 0; i < 200000; i++) {
        uint64_t a = rand_f64(&r, 0x3FF0000000000000ull);
        uint64_t b = rand_f64(&r, a);
        double da = th_u2d(a), db = th_u2d(b);
        /* error-free transformations need results far from underflow */
        if (!isfinite(da) || !isfinite(db) || fabs(da) < 0x1p-400 || fabs(db) < 0x1p-400 ||
            fabs(da) > 0x1p400 || fabs(db) > 0x1p400)
            continue;
        uint64_t v[4];
        /* add: TwoSum gives the exact error */
        for (unsigned m = 0; m < 4; m++)
            v[m] = sf_add(MOD_F64, m, a, b);
        double s = da + db, bb = s - da, e = (da - (s - bb)) + (db - bb);
        check_bracket64(v[RN], v[RZ], v[RM], v[RP], cmp_dd(th_u2d(v[RM]), s, e),
                        cmp_dd(th_u2d(v[RP]), s, e));
        assert_int_equal(v[RN], th_d2u(s));
        /* mul: fma gives the exact error of the product */
        for (unsigned m = 0; m < 4; m++)
            v[m] = sf_mul(MOD_F64, m, a, b);
        double p = da * db, pe = fma(da, db, -p);
        check_bracket64(v[RN], v[RZ], v[RM], v[RP], cmp_dd(th_u2d(v[RM]), p, pe),
                        cmp_dd(th_u2d(v[RP]), p, pe));
        /* div: a - q*b is exact for a faithful q; its sign tells the side */
        for (unsigned m = 0; m < 4; m++)
            v[m] = sf_div(MOD_F64, m, a, b);
        double sb = db > 0 ? 1 : -1;
        double resm = fma(-th_u2d(v[RM]), db, da) * sb, resp = fma(-th_u2d(v[RP]), db, da) * sb;
        check_bracket64(v[RN], v[RZ], v[RM], v[RP], resm > 0 ? -1 : resm < 0 ? 1 : 0,
                        resp > 0 ? -1 : resp < 0 ? 1 : 0);
        /* sqrt of |a| */
        uint64_t aa = a & ~(1ull << 63);
        for (unsigned m = 0; m < 4; m++)
            v[m] = sf_sqrt(MOD_F64, m, aa);
        double qa = fabs(da), rm = th_u2d(v[RM]), rp = th_u2d(v[RP]);
        double sm = fma(-rm, rm, qa), sp = fma(-rp, rp, qa);
        check_bracket64(v[RN], v[RZ], v[RM], v[RP], sm > 0 ? -1 : sm < 0 ? 1 : 0,
                        sp > 0 ? -1 : sp < 0 ? 1 : 0);
        checked++;
    }
    assert_true(checked > 30000);
}

static void test_softfp_f32_fma_div_sqrt_directed(void **state)
{
    (void)state;
    rng r = { 4242 };
    for (unsigned i = 0; i < 200000; i++) {
        uint32_t a = rand_f32(&r, 0x3F800000u), b = rand_f32(&r, a), c = rand_f32(&r, a);
        double da = th_u2f(a), db = th_u2f(b), dc = th_u2f(c);
        if (!isfinite(da) || !isfinite(db) || !isfinite(dc))
            continue;
        uint32_t v[4];
        /* fma: a*b is exact in double; TwoSum with c gives the exact value */
        for (unsigned m = 0; m < 4; m++)
            v[m] = (uint32_t)sf_fma(MOD_F32, m, a, b, c);
        double p = da * db, s = p + dc, bb = s - p, e = (p - (s - bb)) + (dc - bb);
        if (isfinite(th_u2f(v[RM])) && isfinite(th_u2f(v[RP]))) {
            assert_true(cmp_dd(th_u2f(v[RM]), s, e) <= 0);
            assert_true(cmp_dd(th_u2f(v[RP]), s, e) >= 0);
            /* equal values (an exact zero is -0 in RM only) or neighbours */
            assert_true(th_u2f(v[RM]) == th_u2f(v[RP]) ||
                        nextafterf(th_u2f(v[RM]), INFINITY) == th_u2f(v[RP]));
        }
        assert_true(v[RN] == v[RM] || v[RN] == v[RP]);
        /* div and sqrt: residuals of f32 results are exact in double */
        if (db != 0) {
            for (unsigned m = 0; m < 4; m++)
                v[m] = (uint32_t)sf_div(MOD_F32, m, a, b);
            if (isfinite(th_u2f(v[RM])) && isfinite(th_u2f(v[RP]))) {
                double sb = db > 0 ? 1 : -1;
                assert_true((da - (double)th_u2f(v[RM]) * db) * sb >= 0);
                assert_true((da - (double)th_u2f(v[RP]) * db) * sb <= 0);
            }
        }
        uint32_t aa = a & 0x7FFFFFFFu;
        for (unsigned m = 0; m < 4; m++)
            v[m] = (uint32_t)sf_sqrt(MOD_F32, m, aa);
        double q = th_u2f(aa), lo = th_u2f(v[RM]), hi = th_u2f(v[RP]);
        if (q != q)
            continue;
        assert_true(lo * lo <= q && hi * hi >= q);
        assert_true(v[RM] == v[RP] || nextafterf((float)lo, INFINITY) == (float)hi);
        assert_int_equal(v[RZ], v[RM]);
    }
}

/* ---- through the simulator ------------------------------------------------------ */

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

static void test_fadd_rounding_modes(void **state)
{
    (void)state;
    fcase *c = fc_new();
    c->in[0][0] = 0x3F800000u; c->in[0][1] = 0x33800000u;   /* 1 + 2^-24: a tie */
    c->in[1][0] = 0xBF800000u; c->in[1][1] = 0xB3800000u;   /* -1 - 2^-24 */
    c->in[2][0] = 0x3F800000u; c->in[2][1] = 0x33C00000u;   /* 1 + 1.5*2^-24 */
    c->in[3][0] = 0x7F7FFFFFu; c->in[3][1] = 0x7F7FFFFFu;   /* overflow */
    c->in[4][0] = 0xFF7FFFFFu; c->in[4][1] = 0xFF7FFFFFu;
    c->in[5][0] = 0x3F800000u; c->in[5][1] = 0xBF800000u;   /* exact zero */
    fc_run(c, "FADD.RN R12, R4, R5\n"
              "FADD.RZ R13, R4, R5\n"
              "FADD.RM R14, R4, R5\n"
              "FADD.RP R15, R4, R5\n");
    const uint32_t want[6][4] = {
        { 0x3F800000u, 0x3F800000u, 0x3F800000u, 0x3F800001u },
        { 0xBF800000u, 0xBF800000u, 0xBF800001u, 0xBF800000u },
        { 0x3F800001u, 0x3F800000u, 0x3F800000u, 0x3F800001u },
        { 0x7F800000u, 0x7F7FFFFFu, 0x7F7FFFFFu, 0x7F800000u },
        { 0xFF800000u, 0xFF7FFFFFu, 0xFF800000u, 0xFF7FFFFFu },
        { 0x00000000u, 0x00000000u, 0x80000000u, 0x00000000u },   /* x - x is -0 only in RM */
    };
    for (unsigned l = 0; l < 6; l++)
        for (unsigned m = 0; m < 4; m++)
            assert_int_equal(c->out[l][m], want[l][m]);
    fc_run(c, "FSUB.RN R12, R4, R5\n"
              "FSUB.RZ R13, R4, R5\n"
              "FSUB.RM R14, R4, R5\n"
              "FSUB.RP R15, R4, R5\n");
    /* 1 - (-1 - 2^-24) ... lane 1: -1 - (-2^-24) = -(1 - 2^-24), exact */
    for (unsigned m = 0; m < 4; m++)
        assert_int_equal(c->out[1][m], 0xBF7FFFFFu);
    assert_int_equal(c->out[5][0], 0x40000000u);
    fc_free(c);
}

static void test_fmul_ffma_fdiv_fsqrt_modes(void **state)
{
    (void)state;
    fcase *c = fc_new();
    c->in[0][0] = 0x3F800001u; c->in[0][1] = 0x3F800001u; c->in[0][2] = 0x30800000u;
    c->in[1][0] = 0x3F800000u; c->in[1][1] = 0x3F800000u; c->in[1][2] = 0xB0800000u; /* 1 - 2^-30 */
    fc_run(c, "FMUL.RN R12, R4, R5\n"
              "FMUL.RP R13, R4, R5\n"
              "FFMA.RZ R14, R4, R5, R6\n"
              "FFMA.RM R15, R4, R5, R6\n");
    /* (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46 */
    assert_int_equal(c->out[0][0], 0x3F800002u);
    assert_int_equal(c->out[0][1], 0x3F800003u);
    assert_int_equal(c->out[0][2], 0x3F800002u);
    assert_int_equal(c->out[0][3], 0x3F800002u);
    assert_int_equal(c->out[1][2], 0x3F7FFFFFu);   /* 1 - 2^-30 toward zero */
    assert_int_equal(c->out[1][3], 0x3F7FFFFFu);
    fc_run(c, "FFMA.RN R12, R4, R5, R6\n"
              "FFMA.RP R13, R4, R5, R6\n"
              "MOV R14, RZ\nMOV R15, RZ\n");
    assert_int_equal(c->out[1][0], 0x3F800000u);
    assert_int_equal(c->out[1][1], 0x3F800000u);
    assert_int_equal(c->out[0][1], 0x3F800003u);
    c->in[2][0] = 0x3F800000u; c->in[2][1] = 0x40400000u;   /* 1/3 */
    c->in[3][0] = 0xBF800000u; c->in[3][1] = 0x40400000u;   /* -1/3 */
    c->in[4][0] = 0x40000000u;                              /* sqrt(2) */
    fc_run(c, "FDIV.RN R12, R4, R5\n"
              "FDIV.RZ R13, R4, R5\n"
              "FDIV.RM R14, R4, R5\n"
              "FDIV.RP R15, R4, R5\n");
    assert_int_equal(c->out[2][0], 0x3EAAAAABu);
    assert_int_equal(c->out[2][1], 0x3EAAAAAAu);
    assert_int_equal(c->out[2][2], 0x3EAAAAAAu);
    assert_int_equal(c->out[2][3], 0x3EAAAAABu);
    assert_int_equal(c->out[3][1], 0xBEAAAAAAu);
    assert_int_equal(c->out[3][2], 0xBEAAAAABu);
    fc_run(c, "FSQRT.RN R12, R4\n"
              "FSQRT.RZ R13, R4\n"
              "FSQRT.RP R14, R4\n"
              "FDIV.APPROX R15, R4, R5\n");
    assert_int_equal(c->out[4][0], 0x3FB504F3u);
    assert_int_equal(c->out[4][1], 0x3FB504F3u);
    assert_int_equal(c->out[4][2], 0x3FB504F4u);
    assert_true(fabsf(th_u2f(c->out[2][3]) - 1.0f / 3.0f) < 1e-7f);
    fc_free(c);
}

static void test_ftz_sat_nan(void **state)
{
    (void)state;
    fcase *c = fc_new();
    c->in[0][0] = 0x00000001u; c->in[0][1] = 0;            /* subnormal + 0 */
    c->in[1][0] = 0x80400000u; c->in[1][1] = 0x80000000u;  /* -subnormal */
    c->in[2][0] = 0x00800000u; c->in[2][1] = 0x3F000000u;  /* 2^-126 * 0.5: subnormal result */
    c->in[3][0] = 0x7F800000u; c->in[3][1] = 0xFF800000u;  /* inf - inf */
    c->in[4][0] = 0x7FC12345u; c->in[4][1] = 0x3F800000u;  /* NaN with payload */
    fc_run(c, "FADD.RN R12, R4, R5\n"
              "FADD.RN.FTZ R13, R4, R5\n"
              "FMUL.RN R14, R4, R5\n"
              "FMUL.RN.FTZ R15, R4, R5\n");
    assert_int_equal(c->out[0][0], 1);
    assert_int_equal(c->out[0][1], 0);
    assert_int_equal(c->out[1][1], 0x80000000u);           /* sign kept */
    assert_int_equal(c->out[2][2], 0x00400000u);
    assert_int_equal(c->out[2][3], 0);                     /* output flushed */
    assert_int_equal(c->out[3][0], 0x7FFFFFFFu);           /* canonical NaN */
    assert_int_equal(c->out[4][0], 0x7FFFFFFFu);
    assert_int_equal(c->out[4][2], 0x7FFFFFFFu);
    c->in[5][0] = 0x40000000u; c->in[5][1] = 0x3F800000u;  /* 2 * 1 */
    c->in[6][0] = 0xBF800000u; c->in[6][1] = 0x3F800000u;  /* -1 * 1 */
    c->in[7][0] = 0x3F000000u; c->in[7][1] = 0x3F800000u;  /* 0.5 */
    fc_run(c, "FMUL.RN.SAT R12, R4, R5\n"
              "FADD.RZ.SAT R13, R4, R5\n"
              "FFMA.RN.SAT R14, R4, R5, RZ\n"
              "MOV R15, RZ\n");
    assert_int_equal(c->out[5][0], 0x3F800000u);
    assert_int_equal(c->out[6][0], 0);
    assert_int_equal(c->out[7][0], 0x3F000000u);
    assert_int_equal(c->out[4][0], 0);                     /* NaN saturates to 0 */
    assert_int_equal(c->out[3][1], 0);
    assert_int_equal(c->out[6][2], 0);
    fc_free(c);
}

static void test_fmnmx_fsetp(void **state)
{
    (void)state;
    fcase *c = fc_new();
    c->in[0][0] = 0x7FC00000u; c->in[0][1] = 0x3F800000u;  /* NaN, 1 */
    c->in[1][0] = 0x80000000u; c->in[1][1] = 0x00000000u;  /* -0, +0 */
    c->in[2][0] = 0x00000000u; c->in[2][1] = 0x80000000u;  /* +0, -0 */
    c->in[3][0] = 0x7FC00000u; c->in[3][1] = 0xFFC00000u;  /* NaN, NaN */
    c->in[4][0] = 0xC0000000u; c->in[4][1] = 0x3F800000u;  /* -2, 1 */
    fc_run(c, "FMNMX.MIN R12, R4, R5\n"
              "FMNMX.MAX R13, R4, R5\n"
              "FMNMX.MIN.NAN R14, R4, R5\n"
              "FMNMX.MAX.FTZ R15, R4, R5\n");
    assert_int_equal(c->out[0][0], 0x3F800000u);
    assert_int_equal(c->out[0][1], 0x3F800000u);
    assert_int_equal(c->out[0][2], 0x7FFFFFFFu);
    assert_int_equal(c->out[1][0], 0x80000000u);
    assert_int_equal(c->out[1][1], 0x00000000u);
    assert_int_equal(c->out[2][0], 0x80000000u);
    assert_int_equal(c->out[2][1], 0x00000000u);
    assert_int_equal(c->out[3][0], 0x7FFFFFFFu);
    assert_int_equal(c->out[4][0], 0xC0000000u);
    assert_int_equal(c->out[4][1], 0x3F800000u);
    fc_run(c, "FSETP.LT.AND P0, R4, R5, PT\n"
              "FSETP.LTU.AND P1, R4, R5, PT\n"
              "FSETP.NE.AND P2, R4, R5, PT\n"
              "FSETP.NEU.AND P3, R4, R5, PT\n"
              "P2R R12, P0\nP2R R13, P1\nP2R R14, P2\nP2R R15, P3\n");
    const uint32_t want[5][4] = {
        { 0, 1, 0, 1 },   /* NaN vs 1: ordered false, unordered true */
        { 0, 0, 0, 0 },   /* -0 == +0 */
        { 0, 0, 0, 0 },
        { 0, 1, 0, 1 },
        { 1, 1, 1, 1 },
    };
    for (unsigned l = 0; l < 5; l++)
        for (unsigned k = 0; k < 4; k++)
            assert_int_equal(c->out[l][k], want[l][k]);
    fc_run(c, "FSETP.NUM.AND P0, R4, R5, PT\n"
              "FSETP.NAN.AND P1, R4, R5, PT\n"
              "FSETP.EQ.XOR P2, R4, R5, PT\n"
              "FSETP.GE.OR P3, R4, R5, P0\n"
              "P2R R12, P0\nP2R R13, P1\nP2R R14, P2\nP2R R15, P3\n");
    assert_int_equal(c->out[0][0], 0);
    assert_int_equal(c->out[0][1], 1);
    assert_int_equal(c->out[1][2], 0);     /* EQ true, XOR with PT */
    assert_int_equal(c->out[4][2], 1);
    assert_int_equal(c->out[4][3], 1);     /* GE false OR NUM true */
    assert_int_equal(c->out[0][3], 0);     /* GE false OR NUM false */
    fc_run(c, "FABS R12, R4\nFNEG R13, R4\nFABS.FTZ R14, R5\nFNEG R15, R5\n");
    assert_int_equal(c->out[4][0], 0x40000000u);
    assert_int_equal(c->out[4][1], 0x40000000u);
    assert_int_equal(c->out[1][1], 0x00000000u);
    assert_int_equal(c->out[2][3], 0x00000000u);
    fc_free(c);
}

static void set64(uint32_t *r, uint64_t v) { r[0] = (uint32_t)v; r[1] = (uint32_t)(v >> 32); }
static uint64_t get64(const uint32_t *r) { return r[0] | (uint64_t)r[1] << 32; }

static void test_double_ops(void **state)
{
    (void)state;
    fcase *c = fc_new();
    set64(&c->in[0][0], th_d2u(1.0)); set64(&c->in[0][2], th_d2u(0x1p-53));   /* tie */
    set64(&c->in[1][0], th_d2u(1.0)); set64(&c->in[1][2], th_d2u(3.0));
    set64(&c->in[2][0], th_d2u(2.0)); set64(&c->in[2][2], th_d2u(-0.0));
    fc_run(c, "DADD.RN R12, R4, R6\n"
              "DADD.RP R14, R4, R6\n");
    assert_int_equal(get64(&c->out[0][0]), th_d2u(1.0));
    assert_int_equal(get64(&c->out[0][2]), th_d2u(1.0) + 1);
    fc_run(c, "DDIV.RZ R12, R4, R6\n"
              "DDIV.RP R14, R4, R6\n");
    assert_int_equal(get64(&c->out[1][0]), 0x3FD5555555555555ull);
    assert_int_equal(get64(&c->out[1][2]), 0x3FD5555555555556ull);
    assert_int_equal(get64(&c->out[2][0]), 0xFFF0000000000000ull);   /* 2 / -0 */
    fc_run(c, "DSQRT.RN R12, R4\n"
              "DSQRT.RP R14, R4\n");
    assert_int_equal(get64(&c->out[2][0]), 0x3FF6A09E667F3BCDull);
    assert_int_equal(get64(&c->out[2][2]), 0x3FF6A09E667F3BCDull);   /* RN rounded up */
    fc_run(c, "DSQRT.RZ R12, R4\n"
              "DFMA.RM R14, R4, R6, R4\n");
    assert_int_equal(get64(&c->out[2][0]), 0x3FF6A09E667F3BCCull);
    assert_int_equal(get64(&c->out[1][2]), th_d2u(4.0));            /* 1*3 + 1 */
    fc_run(c, "DMUL.RN R12, R4, R6\n"
              "DSUB.RM R14, R4, R4\n");
    assert_int_equal(get64(&c->out[1][0]), th_d2u(3.0));
    assert_int_equal(get64(&c->out[1][2]), 1ull << 63);             /* x - x = -0 in RM */
    set64(&c->in[3][0], 0x7FF8000000000123ull); set64(&c->in[3][2], th_d2u(1.0));
    fc_run(c, "DMNMX.MIN R12, R4, R6\n"
              "DMNMX.MAX.NAN R14, R4, R6\n");
    assert_int_equal(get64(&c->out[3][0]), th_d2u(1.0));
    assert_int_equal(get64(&c->out[3][2]), 0x7FFFFFFFFFFFFFFFull);
    assert_int_equal(get64(&c->out[2][0]), th_d2u(-0.0));
    assert_int_equal(get64(&c->out[2][2]), th_d2u(2.0));
    fc_run(c, "DSETP.GTU.AND P0, R4, R6, PT\n"
              "DSETP.GT.AND P1, R4, R6, PT\n"
              "P2R R12, P0\nP2R R13, P1\n"
              "DNEG R14, R4\n");
    assert_int_equal(c->out[3][0], 1);
    assert_int_equal(c->out[3][1], 0);
    assert_int_equal(c->out[2][1], 1);
    assert_int_equal(get64(&c->out[1][2]), th_d2u(-1.0));
    fc_run(c, "DABS R12, R6\nDADD.RN R14, R4, R6\n");
    assert_int_equal(get64(&c->out[2][0]), 0);
    assert_int_equal(get64(&c->out[3][2]), 0x7FFFFFFFFFFFFFFFull);  /* NaN canonical */
    fc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_softfp_rn_matches_host),
        cmocka_unit_test(test_softfp_f32_directed_exact),
        cmocka_unit_test(test_softfp_f64_directed),
        cmocka_unit_test(test_softfp_f32_fma_div_sqrt_directed),
        cmocka_unit_test(test_fadd_rounding_modes),
        cmocka_unit_test(test_fmul_ffma_fdiv_fsqrt_modes),
        cmocka_unit_test(test_ftz_sat_nan),
        cmocka_unit_test(test_fmnmx_fsetp),
        cmocka_unit_test(test_double_ops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
