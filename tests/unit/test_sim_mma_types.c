/* tests/unit/test_sim_mma_types.c — MMAS (the generic 4x4x4 unit step) and
 * MMAC for every type combination, against CPU references.
 *
 * Fragments are packed from the PTX ISA manual's per-element descriptions
 * ("Matrix fragments for mma.m16n8k*": element i of each lane's a, b, c
 * registers), independently of the executor's maps in isa/mma_frag.h. The
 * references follow the documented order (docs/architecture.md, Tensor
 * cores): f32 accumulators add exact products in k order with f32
 * round-to-nearest; f16 accumulators do the same per 4-k step and round to
 * f16 after each; integers are exact, then wrapped or clamped (.SAT) by
 * MMAC; f64 is an fma chain in k order. Results must match bit for bit. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"
#include "isa/mma_frag.h"

typedef struct tcase {
    unsigned shape, ta, tb, acc, M, K;
    bool sat;
    double A[16][64], B[64][8], C[16][8];
    uint32_t in[32][16];     /* per lane: A (4 words), B (4), C (8) */
} tcase;

static uint32_t rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static float h2f(uint16_t h) { _Float16 f; memcpy(&f, &h, 2); return (float)f; }
static uint16_t f2h(float f) { _Float16 h = (_Float16)f; uint16_t u; memcpy(&u, &h, 2); return u; }

/* Position (row or k, col or n) of element i of a lane's A / B / C, from
 * the manual's tables. */
static void a_pos(unsigned ty, unsigned l, unsigned i, unsigned *r, unsigned *k)
{
    unsigned g = l / 4, t = l % 4;
    switch (ty) {
    case MOD_MT_F16: case MOD_MT_BF16: *r = g + 8 * (i / 2 % 2); *k = 2 * t + i % 2 + 8 * (i / 4); break;
    case MOD_MT_TF32: *r = g + 8 * (i % 2); *k = t + 4 * (i / 2); break;
    case MOD_MT_S8: case MOD_MT_U8: *r = g + 8 * (i / 4 % 2); *k = 4 * t + i % 4 + 16 * (i / 8); break;
    case MOD_MT_S4: case MOD_MT_U4: *r = g + 8 * (i / 8 % 2); *k = 8 * t + i % 8 + 32 * (i / 16); break;
    default: *r = g + 8 * (i % 2); *k = t + 4 * (i / 2); break;   /* f64 */
    }
}

static void b_pos(unsigned ty, unsigned l, unsigned i, unsigned *k, unsigned *n)
{
    unsigned g = l / 4, t = l % 4;
    *n = g;
    switch (ty) {
    case MOD_MT_F16: case MOD_MT_BF16: *k = 2 * t + i % 2 + 8 * (i / 2); break;
    case MOD_MT_TF32: *k = t + 4 * i; break;
    case MOD_MT_S8: case MOD_MT_U8: *k = 4 * t + i % 4 + 16 * (i / 4); break;
    case MOD_MT_S4: case MOD_MT_U4: *k = 8 * t + i % 8 + 32 * (i / 8); break;
    default: *k = t; break;
    }
}

/* A random input of type ty: its bits (low bits of *bits) and its value. */
static double rnd_in(unsigned ty, unsigned *s, uint64_t *bits)
{
    uint32_t r = rnd(s);
    switch (ty) {
    case MOD_MT_F16: {
        uint16_t h = (uint16_t)((r & 0x8000) | (8 + (r >> 16) % 14) << 10 | (r & 0x3FF));
        *bits = h;
        return h2f(h);
    }
    case MOD_MT_BF16: {
        uint16_t h = (uint16_t)((r & 0x8000) | (uint32_t)(110 + (r >> 16) % 30) << 7 | (r & 0x7F));
        *bits = h;
        return th_u2f((uint32_t)h << 16);
    }
    case MOD_MT_TF32: {   /* random low 13 bits: ignored */
        uint32_t u = (r << 8 & 0x80000000u) | (uint32_t)(110 + r % 30) << 23 | (rnd(s) & 0x7FFFFF);
        *bits = u;
        return th_u2f(u & 0xFFFFE000u);
    }
    case MOD_MT_S8: *bits = r & 0xFF; return (int8_t)(r & 0xFF);
    case MOD_MT_U8: *bits = r & 0xFF; return r & 0xFF;
    case MOD_MT_S4: *bits = r & 0xF; return (r & 8) ? (double)(r & 0xF) - 16 : r & 0xF;
    case MOD_MT_U4: *bits = r & 0xF; return r & 0xF;
    default: {
        double v = ldexp((double)((uint64_t)r << 20 | rnd(s)), -44) - 0.5;
        *bits = th_d2u(v);
        return v;
    }
    }
}

static void fill(tcase *c, unsigned shape, unsigned ta, unsigned tb, unsigned acc, bool sat,
                 unsigned seed)
{
    memset(c, 0, sizeof *c);
    c->shape = shape;
    c->ta = ta;
    c->tb = tb;
    c->acc = acc;
    c->sat = sat;
    c->M = mmas_m(shape);
    c->K = mmas_k(shape);
    unsigned bits = mmas_bits(ta), per = ta == MOD_MT_F64 ? 1 : 32 / bits;
    unsigned na = mmas_a_regs(shape, ta) / (ta == MOD_MT_F64 ? 2 : 1) * per;
    unsigned nb = mmas_b_regs(shape, tb) / (tb == MOD_MT_F64 ? 2 : 1) * per;
    for (unsigned l = 0; l < 32; l++) {
        for (unsigned i = 0; i < na; i++) {
            unsigned r, k;
            uint64_t v;
            a_pos(ta, l, i, &r, &k);
            c->A[r][k] = rnd_in(ta, &seed, &v);
            if (ta == MOD_MT_F64) {
                c->in[l][2 * i] = (uint32_t)v;
                c->in[l][2 * i + 1] = (uint32_t)(v >> 32);
            } else {
                c->in[l][i / per] |= (uint32_t)v << (bits * (i % per));
            }
        }
        for (unsigned i = 0; i < nb; i++) {
            unsigned k, n;
            uint64_t v;
            b_pos(tb, l, i, &k, &n);
            c->B[k][n] = rnd_in(tb, &seed, &v);
            if (tb == MOD_MT_F64) {
                c->in[l][4] = (uint32_t)v;
                c->in[l][5] = (uint32_t)(v >> 32);
            } else {
                c->in[l][4 + i / per] |= (uint32_t)v << (bits * (i % per));
            }
        }
        unsigned g = l / 4, t = l % 4;
        for (unsigned i = 0; i < 4; i++) {
            unsigned r = g + 8 * (i / 2), n = 2 * t + i % 2;
            uint32_t x = rnd(&seed);
            if (acc == MOD_MACC_F64) {
                if (i >= 2 && c->M == 8)
                    break;
                double v = ldexp((double)x, -20) - 4;
                c->C[r][n] = v;
                c->in[l][8 + 2 * i] = (uint32_t)th_d2u(v);
                c->in[l][9 + 2 * i] = (uint32_t)(th_d2u(v) >> 32);
            } else if (acc == MOD_MACC_S64) {   /* a third near each end of the range */
                int32_t v = x % 3 == 0 ? INT32_MAX - (int32_t)(x % 5000)
                          : x % 3 == 1 ? INT32_MIN + (int32_t)(x % 5000) : (int32_t)(x % 20001) - 10000;
                c->C[r][n] = v;
                c->in[l][8 + i] = (uint32_t)v;
            } else if (acc == MOD_MACC_F16) {
                uint16_t h = f2h(ldexpf((float)(x % 4001) - 2000.0f, -8));
                c->C[r][n] = h2f(h);
                c->in[l][8 + i / 2] |= (uint32_t)h << (16 * (i % 2));
            } else {
                float v = ldexpf((float)(x % 4000001) - 2000000.0f, -16);
                c->C[r][n] = v;
                c->in[l][8 + i] = th_f2u(v);
            }
        }
    }
}

static const char *const shp[] = { "M16N8K4", "M16N8K8", "M16N8K16", "M16N8K32", "M16N8K64", "M8N8K4",
                                   "M8N8K16", "M8N8K32" };
static const char *const tyn[] = { "F16", "BF16", "TF32", "S8", "U8", "S4", "U4", "F64" };
static const char *const accn[] = { "F32", "F16", "S64", "F64" };

/* Runs the lowering's sequence on one warp; out[l] gets lane l's D words. */
static void run_case(const tcase *c, uint32_t (*out)[8])
{
    th *t = th_new();
    assert_non_null(t);
    char src[16384];
    bool in = c->acc == MOD_MACC_S64;
    unsigned steps = c->M / 4 * 2 * (c->K / 4);
    int n = snprintf(src, sizeof src,
                     "S2R R0, SR_TID.X\n"
                     "LDC.64 R2, c[0x0][0x0]\n"
                     "IMAD.WIDE.U32 R2, R0, 0x40, R2\n"
                     "LDG.128 R4, [R2]\n"
                     "LDG.128 R8, [R2+0x10]\n"
                     "LDG.128 R12, [R2+0x20]\n"
                     "LDG.128 R16, [R2+0x30]\n%s", in ? "MMAC.S64.S32 R24, R12\n" : "");
    for (unsigned s = 0; s < steps; s++)
        n += snprintf(src + n, sizeof src - (size_t)n, "MMAS.%s.%s.%s.%s %s, R4, R8, %s, 0x%x\n",
                      shp[c->shape], tyn[c->ta], tyn[c->tb], accn[c->acc], in ? "R24" : "R12",
                      in ? "R24" : "R12", s);
    snprintf(src + n, sizeof src - (size_t)n,
             "%s"
             "LDC.64 R2, c[0x0][0x8]\n"
             "IMAD.WIDE.U32 R2, R0, 0x20, R2\n"
             "STG.128 [R2], R12\n"
             "STG.128 [R2+0x10], R16\n"
             "EXIT\n", in ? (c->sat ? "MMAC.S32.S64.SAT R12, R24\n" : "MMAC.S32.S64 R12, R24\n") : "");
    th_must_asm(t, src, 32);
    uint32_t *din = th_alloc(t, sizeof c->in), *dout = th_alloc(t, 32 * 32);
    memcpy(din, c->in, sizeof c->in);
    memset(dout, 0, 32 * 32);
    th_param_ptr(t, 0, din);
    th_param_ptr(t, 8, dout);
    sim_status st = th_run(t, 1, 32);
    if (st != SIM_OK)
        fail_msg("status %d: %s", st, t->fault.message);
    assert_int_equal(t->stats.mma_steps, steps);
    memcpy(out, dout, 32 * 32);
    sim_mem_free(t->mem, din);
    sim_mem_free(t->mem, dout);
    th_free(t);
}

/* The reference for element [r][n] as D's bits (f64: 64 bits). */
static uint64_t reference(const tcase *c, unsigned r, unsigned n)
{
    switch (c->acc) {
    case MOD_MACC_F32: {
        float acc = (float)c->C[r][n];
        for (unsigned k = 0; k < c->K; k++)
            acc += (float)(c->A[r][k] * c->B[k][n]);
        return th_f2u(acc);
    }
    case MOD_MACC_F16: {
        uint16_t h = f2h((float)c->C[r][n]);
        for (unsigned k0 = 0; k0 < c->K; k0 += 4) {
            float acc = h2f(h);
            for (unsigned k = k0; k < k0 + 4; k++)
                acc += (float)(c->A[r][k] * c->B[k][n]);
            h = f2h(acc);
        }
        return h;
    }
    case MOD_MACC_S64: {
        int64_t acc = (int64_t)c->C[r][n];
        for (unsigned k = 0; k < c->K; k++)
            acc += (int64_t)c->A[r][k] * (int64_t)c->B[k][n];
        if (c->sat)
            acc = acc > INT32_MAX ? INT32_MAX : acc < INT32_MIN ? INT32_MIN : acc;
        return (uint32_t)acc;
    }
    default: {
        double acc = c->C[r][n];
        for (unsigned k = 0; k < c->K; k++)
            acc = fma(c->A[r][k], c->B[k][n], acc);
        return th_d2u(acc);
    }
    }
}

static void check(unsigned shape, unsigned ta, unsigned tb, unsigned acc, bool sat)
{
    tcase *c = calloc(1, sizeof *c);
    uint32_t out[32][8];
    assert_non_null(c);
    assert_true(mmas_valid(shape, ta, tb, acc));
    unsigned clamped = 0;
    for (unsigned rep = 0; rep < 8; rep++) {
        fill(c, shape, ta, tb, acc, sat, 977 * rep + 31 * shape + 7 * ta + tb);
        run_case(c, out);
        for (unsigned r = 0; r < c->M; r++)
            for (unsigned n = 0; n < 8; n++) {
                unsigned lane = 4 * (r % 8) + n / 2;
                uint64_t want = reference(c, r, n), got;
                if (acc == MOD_MACC_F64)
                    got = out[lane][2 * (2 * (r / 8) + n % 2)] |
                          (uint64_t)out[lane][2 * (2 * (r / 8) + n % 2) + 1] << 32;
                else if (acc == MOD_MACC_F16)
                    got = (out[lane][r / 8] >> (16 * (n % 2))) & 0xFFFF;
                else
                    got = out[lane][2 * (r / 8) + n % 2];
                if (got != want)
                    fail_msg("MMAS.%s.%s.%s.%s%s rep %u D[%u][%u] = 0x%llx, reference 0x%llx",
                             shp[shape], tyn[ta], tyn[tb], accn[acc], sat ? " SAT" : "", rep, r, n,
                             (unsigned long long)got, (unsigned long long)want);
                if (acc == MOD_MACC_S64) {
                    int64_t exact = (int64_t)c->C[r][n];
                    for (unsigned k = 0; k < c->K; k++)
                        exact += (int64_t)c->A[r][k] * (int64_t)c->B[k][n];
                    clamped += exact > INT32_MAX || exact < INT32_MIN;
                }
            }
    }
    if (acc == MOD_MACC_S64)
        assert_true(clamped > 0);   /* the data reaches the saturating / wrapping path */
    free(c);
}

static void test_f16_f16acc(void **st)
{
    (void)st;
    check(MOD_MS_M16N8K16, MOD_MT_F16, MOD_MT_F16, MOD_MACC_F16, false);
    check(MOD_MS_M16N8K8, MOD_MT_F16, MOD_MT_F16, MOD_MACC_F16, false);
}

static void test_f32acc_generic(void **st)
{
    (void)st;
    check(MOD_MS_M16N8K16, MOD_MT_F16, MOD_MT_F16, MOD_MACC_F32, false);
    check(MOD_MS_M16N8K8, MOD_MT_BF16, MOD_MT_BF16, MOD_MACC_F32, false);
}

static void test_tf32(void **st)
{
    (void)st;
    check(MOD_MS_M16N8K8, MOD_MT_TF32, MOD_MT_TF32, MOD_MACC_F32, false);
    check(MOD_MS_M16N8K4, MOD_MT_TF32, MOD_MT_TF32, MOD_MACC_F32, false);
}

static void test_int8(void **st)
{
    (void)st;
    check(MOD_MS_M16N8K32, MOD_MT_S8, MOD_MT_S8, MOD_MACC_S64, false);
    check(MOD_MS_M16N8K32, MOD_MT_S8, MOD_MT_U8, MOD_MACC_S64, true);
    check(MOD_MS_M16N8K16, MOD_MT_U8, MOD_MT_S8, MOD_MACC_S64, true);
    check(MOD_MS_M16N8K16, MOD_MT_U8, MOD_MT_U8, MOD_MACC_S64, false);
}

static void test_int4(void **st)
{
    (void)st;
    check(MOD_MS_M16N8K64, MOD_MT_S4, MOD_MT_S4, MOD_MACC_S64, true);
    check(MOD_MS_M16N8K32, MOD_MT_U4, MOD_MT_S4, MOD_MACC_S64, false);
}

static void test_f64(void **st)
{
    (void)st;
    check(MOD_MS_M8N8K4, MOD_MT_F64, MOD_MT_F64, MOD_MACC_F64, false);
    check(MOD_MS_M16N8K4, MOD_MT_F64, MOD_MT_F64, MOD_MACC_F64, false);   /* sm_90 */
}

/* The sm_75 m8n8 integer shapes: rows 0..7 of the m16n8 fragments. */
static void test_int_m8n8(void **st)
{
    (void)st;
    check(MOD_MS_M8N8K16, MOD_MT_S8, MOD_MT_S8, MOD_MACC_S64, false);
    check(MOD_MS_M8N8K16, MOD_MT_U8, MOD_MT_S8, MOD_MACC_S64, true);
    check(MOD_MS_M8N8K32, MOD_MT_S4, MOD_MT_U4, MOD_MACC_S64, true);
    check(MOD_MS_M8N8K32, MOD_MT_U4, MOD_MT_U4, MOD_MACC_S64, false);
    assert_false(mmas_valid(MOD_MS_M8N8K16, MOD_MT_S4, MOD_MT_S4, MOD_MACC_S64));
    assert_false(mmas_valid(MOD_MS_M8N8K32, MOD_MT_S8, MOD_MT_S8, MOD_MACC_S64));
    assert_false(mmas_valid(MOD_MS_M16N8K32, MOD_MT_F64, MOD_MT_F64, MOD_MACC_F64));
}

/* Saturation applies to the exact sum: C = INT32_MAX, products that first
 * overflow and then come back must give the exact value, not a clamp. */
static void test_sat_exact_sum(void **st)
{
    (void)st;
    tcase *c = calloc(1, sizeof *c);
    uint32_t out[32][8];
    assert_non_null(c);
    fill(c, MOD_MS_M16N8K32, MOD_MT_S8, MOD_MT_S8, MOD_MACC_S64, true, 5);
    for (unsigned l = 0; l < 32; l++) {
        c->in[l][0] = 0x7F7F7F7Fu;           /* A rows g: k 4t..4t+3 = 127 */
        c->in[l][2] = 0x81818181u;           /* k 16+4t.. = -127 */
        c->in[l][4] = 0x7F7F7F7Fu;           /* B k 4t.. = 127 */
        c->in[l][5] = 0x7F7F7F7Fu;           /* B k 16+4t.. = 127 */
        c->in[l][8] = (uint32_t)INT32_MAX;   /* C (g, 2t) */
    }
    run_case(c, out);
    for (unsigned l = 0; l < 32; l++)
        if (out[l][0] != (uint32_t)INT32_MAX)   /* + 16*127*127 - 16*127*127 */
            fail_msg("lane %u: 0x%08x, expected INT32_MAX (the exact sum)", l, out[l][0]);
    free(c);
}

/* A step of a combination that does not exist faults with a message. */
static void test_invalid_combination(void **st)
{
    (void)st;
    th *t = th_new();
    assert_non_null(t);
    th_must_asm(t, "MMAS.M16N8K32.F16.F16.F32 R12, R4, R8, R12, 0x0\nEXIT\n", 32);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "not a step of a defined shape/type combination"));
    th_free(t);
}

/* ---- WLD / WST ---- */

/* The wmma A fragment of m16n16k16 f16: registers 0..3 are the mma.sync
 * m16n8k16 A fragment (the manual's a0..a7), registers 4..7 repeat them. */
static void test_wld_a_layout(void **st)
{
    (void)st;
    th *t = th_new();
    assert_non_null(t);
    th_must_asm(t, "S2R R0, SR_TID.X\n"
                   "LDC.64 R2, c[0x0][0x0]\n"
                   "MOV R1, 0x18\n"
                   "WLD.A.ROW.M16N16K16.F16.GLOBAL R8, [R2+0x10], R1\n"
                   "LDC.64 R4, c[0x0][0x8]\n"
                   "IMAD.WIDE.U32 R4, R0, 0x20, R4\n"
                   "STG.128 [R4], R8\n"
                   "STG.128 [R4+0x10], R12\n"
                   "EXIT\n", 16);
    enum { LD = 24 };   /* a stride wider than the tile, a base 16 bytes in */
    uint16_t *m = th_alloc(t, 16 * LD * 2 + 16);
    uint32_t *out = th_alloc(t, 32 * 32);
    for (unsigned i = 0; i < 16 * LD + 8; i++)
        m[i] = (uint16_t)(0x1000 + i);
    th_param_ptr(t, 0, m);
    th_param_ptr(t, 8, out);
    sim_status r = th_run(t, 1, 32);
    if (r != SIM_OK)
        fail_msg("status %d: %s", r, t->fault.message);
    const uint16_t *a = m + 8;   /* [R2+0x10] */
    for (unsigned l = 0; l < 32; l++)
        for (unsigned j = 0; j < 8; j++) {
            unsigned g = l / 4, tg = l % 4, row = g + 8 * (j % 2), col = 2 * tg + 8 * (j / 2 % 2);
            uint32_t want = a[row * LD + col] | (uint32_t)a[row * LD + col + 1] << 16;
            if (out[l * 8 + j] != want)
                fail_msg("lane %u reg %u: 0x%08x, expected 0x%08x", l, j, out[l * 8 + j], want);
        }
    th_free(t);
}

/* Loading C row-major and storing it column-major transposes it, whatever
 * the fragment layout; a matrix one row short faults like a load. */
static void test_wld_wst_transpose_and_fault(void **st)
{
    (void)st;
    static const char *const shapes[] = { "M16N16K16", "M32N8K16", "M8N32K16" };
    static const unsigned rows[] = { 16, 32, 8 }, cols[] = { 16, 8, 32 };
    for (unsigned s = 0; s < 3; s++) {
        th *t = th_new();
        assert_non_null(t);
        char src[1024];
        snprintf(src, sizeof src,
                 "LDC.64 R2, c[0x0][0x0]\n"
                 "LDC.64 R4, c[0x0][0x8]\n"
                 "MOV R1, 0x%x\n"
                 "MOV R6, 0x%x\n"
                 "WLD.C.ROW.%s.F32.GLOBAL R8, [R2], R1\n"
                 "WST.C.COL.%s.F32 [R4], R6, R8\n"
                 "EXIT\n", cols[s], rows[s], shapes[s], shapes[s]);
        th_must_asm(t, src, 16);
        unsigned n = rows[s] * cols[s];
        float *in = th_alloc(t, n * 4), *out = th_alloc(t, n * 4);
        for (unsigned i = 0; i < n; i++)
            in[i] = (float)i + 0.5f;
        th_param_ptr(t, 0, in);
        th_param_ptr(t, 8, out);
        sim_status r = th_run(t, 1, 32);
        if (r != SIM_OK)
            fail_msg("%s: status %d: %s", shapes[s], r, t->fault.message);
        for (unsigned i = 0; i < rows[s]; i++)
            for (unsigned j = 0; j < cols[s]; j++)
                if (out[j * rows[s] + i] != in[i * cols[s] + j])
                    fail_msg("%s: [%u][%u] = %g, expected %g", shapes[s], i, j,
                             (double)out[j * rows[s] + i], (double)in[i * cols[s] + j]);
        /* the same load from a buffer one row short */
        float *small = th_alloc(t, (n - cols[s]) * 4);
        th_param_ptr(t, 0, small);
        assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_ADDRESS);
        assert_non_null(strstr(t->fault.message, "illegal memory access"));
        th_free(t);
    }
}

/* Sub-byte fragments: each lane's register is one 32-bit word of memory,
 * A[g][e t..] (row major) or B[e t..][g] (column major); a leading
 * dimension that does not keep those words aligned, or the other layout,
 * faults. */
static void test_wld_subbyte(void **st)
{
    (void)st;
    static const char *const loads[] = { "WLD.A.ROW.M8N8K32.S4.GLOBAL", "WLD.B.COL.M8N8K128.B1.GLOBAL" };
    static const unsigned bits[] = { 4, 1 }, ld[] = { 72, 160 };   /* elements, wider than k */
    for (unsigned v = 0; v < 2; v++) {
        th *t = th_new();
        assert_non_null(t);
        char src[512];
        snprintf(src, sizeof src,
                 "S2R R0, SR_TID.X\n"
                 "LDC.64 R2, c[0x0][0x0]\n"
                 "LDC.32 R1, c[0x0][0x10]\n"
                 "%s R8, [R2+0x8], R1\n"
                 "LDC.64 R4, c[0x0][0x8]\n"
                 "IMAD.WIDE.U32 R4, R0, 0x4, R4\n"
                 "STG.32 [R4], R8\n"
                 "EXIT\n", loads[v]);
        th_must_asm(t, src, 16);
        unsigned words = 8 * ld[v] * bits[v] / 32 + 2;
        uint32_t *m = th_alloc(t, words * 4), *out = th_alloc(t, 32 * 4);
        for (unsigned i = 0; i < words; i++)
            m[i] = 0x9E3779B9u * (i + 1);
        th_param_ptr(t, 0, m);
        th_param_ptr(t, 8, out);
        th_param_u32(t, 16, ld[v]);
        sim_status r = th_run(t, 1, 32);
        if (r != SIM_OK)
            fail_msg("%s: status %d: %s", loads[v], r, t->fault.message);
        for (unsigned l = 0; l < 32; l++) {   /* word of row/column g, elements from e t */
            unsigned g = l / 4, tg = l % 4, e = 32 / bits[v];
            uint32_t want = m[2 + (g * ld[v] + e * tg) * bits[v] / 32];
            if (out[l] != want)
                fail_msg("%s lane %u: 0x%08x, expected 0x%08x", loads[v], l, out[l], want);
        }
        th_param_u32(t, 16, ld[v] + 32 / bits[v] / 2);   /* half a word more per row */
        assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_INSN);
        assert_non_null(strstr(t->fault.message, "not a multiple of"));
        th_free(t);
    }
    th *t = th_new();
    assert_non_null(t);
    th_must_asm(t, "LDC.64 R2, c[0x0][0x0]\n"
                   "MOV R1, 0x40\n"
                   "WLD.A.COL.M8N8K32.U4.GLOBAL R8, [R2], R1\n"
                   "EXIT\n", 16);
    th_param_ptr(t, 0, th_alloc(t, 1024));
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "must be row major"));
    th_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_f16_f16acc),
        cmocka_unit_test(test_f32acc_generic),
        cmocka_unit_test(test_tf32),
        cmocka_unit_test(test_int8),
        cmocka_unit_test(test_int4),
        cmocka_unit_test(test_f64),
        cmocka_unit_test(test_int_m8n8),
        cmocka_unit_test(test_sat_exact_sum),
        cmocka_unit_test(test_invalid_combination),
        cmocka_unit_test(test_wld_a_layout),
        cmocka_unit_test(test_wld_wst_transpose_and_fault),
        cmocka_unit_test(test_wld_subbyte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
