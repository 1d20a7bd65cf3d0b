/* tests/unit/test_sim_mma.c — HMMAS (the 4x4x4 unit steps of a PTX
 * mma.sync) and LDSM (ldmatrix) against CPU references.
 *
 * The fragments are packed here from the PTX ISA manual's per-element
 * description (a_i, b_i, c_i of each lane), independently of the
 * executor's inverse maps. The reference adds the K exact products of each
 * element to C one after another in k order with f32 round-to-nearest, the
 * order docs/isa.md documents, so results must match bit for bit. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

/* f16 / bf16 bits -> float (finite inputs only). */
static float h2f(uint16_t h, bool bf)
{
    if (bf)
        return th_u2f((uint32_t)h << 16);
    int e = (h >> 10) & 0x1F;
    float m = (float)(h & 0x3FF);
    float v = e == 0 ? ldexpf(m, -24) : ldexpf(1024.0f + m, e - 25);
    return (h & 0x8000) ? -v : v;
}

/* A random finite value with a spread of exponents (and some subnormals). */
static uint16_t rnd16(unsigned *seed, bool bf)
{
    *seed = *seed * 1103515245u + 12345u;
    uint32_t r = *seed >> 8;
    if (bf)   /* exponent 100..150 */
        return (uint16_t)((r & 0x8000) | (uint32_t)(100 + (r >> 16) % 51) << 7 | (r & 0x7F));
    return (uint16_t)((r & 0x8000) | ((r >> 16) % 24) << 10 | (r & 0x3FF));
}

typedef struct mma_case {
    bool     k16, bf;
    unsigned K;
    uint16_t A[16][16], B[16][8];
    float    C[16][8];
    uint32_t in[32][12];   /* per lane: A (4), B (2, padded to 4), C (4) */
} mma_case;

static uint32_t pack(uint16_t lo, uint16_t hi) { return lo | (uint32_t)hi << 16; }

static void mma_fill(mma_case *m, bool k16, bool bf, unsigned seed)
{
    memset(m, 0, sizeof *m);
    m->k16 = k16;
    m->bf = bf;
    m->K = k16 ? 16 : 8;
    for (unsigned i = 0; i < 16; i++)
        for (unsigned k = 0; k < m->K; k++)
            m->A[i][k] = rnd16(&seed, bf);
    for (unsigned k = 0; k < m->K; k++)
        for (unsigned j = 0; j < 8; j++)
            m->B[k][j] = rnd16(&seed, bf);
    for (unsigned i = 0; i < 16; i++)
        for (unsigned j = 0; j < 8; j++)
            m->C[i][j] = h2f(rnd16(&seed, false), false) * 4.0f;
    for (unsigned l = 0; l < 32; l++) {
        unsigned g = l / 4, t = l % 4;
        uint32_t *r = m->in[l];
        /* a0,a1: (g, 2t), (g, 2t+1); a2,a3: row g+8; a4..a7 (k16): columns +8 */
        r[0] = pack(m->A[g][2 * t], m->A[g][2 * t + 1]);
        r[1] = pack(m->A[g + 8][2 * t], m->A[g + 8][2 * t + 1]);
        if (k16) {
            r[2] = pack(m->A[g][2 * t + 8], m->A[g][2 * t + 9]);
            r[3] = pack(m->A[g + 8][2 * t + 8], m->A[g + 8][2 * t + 9]);
        }
        /* b0,b1: (k 2t, n g), (2t+1, g); b2,b3 (k16): k + 8 */
        r[4] = pack(m->B[2 * t][g], m->B[2 * t + 1][g]);
        if (k16)
            r[5] = pack(m->B[2 * t + 8][g], m->B[2 * t + 9][g]);
        /* c0,c1: (g, 2t), (g, 2t+1); c2,c3: row g+8 */
        r[8] = th_f2u(m->C[g][2 * t]);
        r[9] = th_f2u(m->C[g][2 * t + 1]);
        r[10] = th_f2u(m->C[g + 8][2 * t]);
        r[11] = th_f2u(m->C[g + 8][2 * t + 1]);
    }
}

/* Runs the HMMAS expansion (steps in lowering order) on one warp; D of
 * lane l goes to out[l]. */
static void mma_run(th *t, const mma_case *m, uint32_t (*out)[4], unsigned lanes)
{
    char src[8192];
    int n = snprintf(src, sizeof src,
                     "S2R R0, SR_TID.X\n"
                     "LDC.64 R2, c[0x0][0x0]\n"
                     "IMAD.WIDE.U32 R2, R0, 0x30, R2\n"
                     "LDG.128 R4, [R2]\n"
                     "LDG.128 R8, [R2+0x10]\n"
                     "LDG.128 R12, [R2+0x20]\n");
    for (unsigned s = 0; s < 2 * m->K; s++)
        n += snprintf(src + n, sizeof src - (size_t)n, "HMMAS.%s.%s R12, R4, R8, R12, 0x%x\n",
                      m->k16 ? "M16N8K16" : "M16N8K8", m->bf ? "BF16" : "F16", s);
    snprintf(src + n, sizeof src - (size_t)n,
             "LDC.64 R2, c[0x0][0x8]\n"
             "IMAD.WIDE.U32 R2, R0, 0x10, R2\n"
             "STG.128 [R2], R12\n"
             "EXIT\n");
    th_must_asm(t, src, 16);
    uint32_t *din = th_alloc(t, sizeof m->in), *dout = th_alloc(t, 32 * 16);
    memcpy(din, m->in, sizeof m->in);
    memset(dout, 0, 32 * 16);
    th_param_ptr(t, 0, din);
    th_param_ptr(t, 8, dout);
    sim_status st = th_run(t, 1, lanes);
    if (lanes == 32 && st != SIM_OK)
        fail_msg("status %d: %s", st, t->fault.message);
    if (lanes != 32) {
        assert_int_equal(st, SIM_FAULT_ILLEGAL_INSN);
        assert_non_null(strstr(t->fault.message, "needs all 32 lanes"));
    }
    memcpy(out, dout, 32 * 16);
    sim_mem_free(t->mem, din);
    sim_mem_free(t->mem, dout);
}

static void check_shape(bool k16, bool bf)
{
    th *t = th_new();
    mma_case *m = calloc(1, sizeof *m);
    uint32_t out[32][4];
    assert_non_null(t);
    assert_non_null(m);
    for (unsigned rep = 0; rep < 20; rep++) {
        mma_fill(m, k16, bf, 1000 * rep + 7 * k16 + bf);
        mma_run(t, m, out, 32);
        assert_int_equal(t->stats.mma_steps, 2 * m->K);   /* 16*8*K / 64 */
        for (unsigned i = 0; i < 16; i++)
            for (unsigned j = 0; j < 8; j++) {
                float acc = m->C[i][j];
                for (unsigned k = 0; k < m->K; k++)
                    acc += h2f(m->A[i][k], bf) * h2f(m->B[k][j], bf);
                unsigned lane = 4 * (i % 8) + j / 2, reg = 2 * (i / 8) + j % 2;
                if (out[lane][reg] != th_f2u(acc))
                    fail_msg("rep %u D[%u][%u] = %a, reference %a", rep, i, j,
                             (double)th_u2f(out[lane][reg]), (double)acc);
            }
    }
    free(m);
    th_free(t);
}

static void test_m16n8k16_f16(void **state) { (void)state; check_shape(true, false); }
static void test_m16n8k16_bf16(void **state) { (void)state; check_shape(true, true); }
static void test_m16n8k8_f16(void **state) { (void)state; check_shape(false, false); }
static void test_m16n8k8_bf16(void **state) { (void)state; check_shape(false, true); }

/* The sequential order is observable: 1 + 2^-24 - 1 ... in k order. */
static void test_order(void **state)
{
    (void)state;
    th *t = th_new();
    mma_case *m = calloc(1, sizeof *m);
    uint32_t out[32][4];
    assert_non_null(t);
    assert_non_null(m);
    mma_fill(m, true, false, 1);
    memset(m->A, 0, sizeof m->A);
    memset(m->B, 0, sizeof m->B);
    for (unsigned l = 0; l < 32; l++)
        m->in[l][8] = m->in[l][9] = m->in[l][10] = m->in[l][11] = th_f2u(1.0f);
    /* row 0: products 2^-12 * 2^-12 = 2^-24 at k = 0..3, then 1 * -1 at k = 4 */
    for (unsigned k = 0; k < 4; k++) {
        m->A[0][k] = 0x0C00;   /* 2^-12 */
        m->B[k][0] = 0x0C00;
    }
    m->A[0][4] = 0x3C00;       /* 1 */
    m->B[4][0] = 0xBC00;       /* -1 */
    for (unsigned l = 0; l < 32; l++) {
        unsigned g = l / 4, tg = l % 4;
        m->in[l][0] = pack(m->A[g][2 * tg], m->A[g][2 * tg + 1]);
        m->in[l][2] = pack(m->A[g][2 * tg + 8], m->A[g][2 * tg + 9]);
        m->in[l][1] = m->in[l][3] = 0;
        m->in[l][4] = pack(m->B[2 * tg][g], m->B[2 * tg + 1][g]);
        m->in[l][5] = pack(m->B[2 * tg + 8][g], m->B[2 * tg + 9][g]);
    }
    mma_run(t, m, out, 32);
    /* 1 + 2^-24 rounds to 1 four times (ties to even), then 1 - 1 = 0 */
    assert_int_equal(out[0][0], th_f2u(0.0f));
    assert_int_equal(out[1][0], th_f2u(1.0f));   /* D[0][2] = C */
    free(m);
    th_free(t);
}

static void test_partial_warp_faults(void **state)
{
    (void)state;
    th *t = th_new();
    mma_case *m = calloc(1, sizeof *m);
    uint32_t out[32][4];
    assert_non_null(t);
    assert_non_null(m);
    mma_fill(m, false, false, 3);
    mma_run(t, m, out, 16);
    free(m);
    th_free(t);
}

/* LDSM: 4 matrices of 8x8 b16 in shared memory; lane 8q + r names row r of
 * matrix q at shared[(8q + r) * 16]. */
static void test_ldsm(void **state)
{
    (void)state;
    static const char *const forms[] = { "X1", "X2", "X4", "X4.TRANS" };
    th *t = th_new();
    assert_non_null(t);
    uint16_t mat[4][8][8];
    for (unsigned q = 0; q < 4; q++)
        for (unsigned r = 0; r < 8; r++)
            for (unsigned c = 0; c < 8; c++)
                mat[q][r][c] = (uint16_t)(q * 1000 + r * 10 + c);
    for (unsigned f = 0; f < 4; f++) {
        char src[1024];
        snprintf(src, sizeof src,
                 "S2R R0, SR_TID.X\n"
                 "LDC.64 R2, c[0x0][0x0]\n"
                 "IMAD.WIDE.U32 R2, R0, 0x10, R2\n"
                 "LDG.128 R4, [R2]\n"
                 "SHL R1, R0, 0x4\n"
                 "STS.128 [R1], R4\n"
                 "BAR.SYNC 0x0\n"
                 "MOV R8, RZ\nMOV R9, RZ\nMOV R10, RZ\nMOV R11, RZ\n"
                 "LDSM.%s R8, [R1]\n"
                 "LDC.64 R2, c[0x0][0x8]\n"
                 "IMAD.WIDE.U32 R2, R0, 0x10, R2\n"
                 "STG.128 [R2], R8\n"
                 "EXIT\n", forms[f]);
        th_must_asm(t, src, 12);
        t->k.shared_size = 512;
        sim_program_destroy(t->prog);
        t->prog = sim_program_create(&t->k, t->err, sizeof t->err);
        assert_non_null(t->prog);
        uint16_t *din = th_alloc(t, 512);
        uint32_t *dout = th_alloc(t, 512);
        memcpy(din, mat, 512);
        th_param_ptr(t, 0, din);
        th_param_ptr(t, 8, dout);
        sim_status st = th_run(t, 1, 32);
        if (st != SIM_OK)
            fail_msg("status %d: %s", st, t->fault.message);
        unsigned nm = f == 0 ? 1 : f == 1 ? 2 : 4;
        for (unsigned l = 0; l < 32; l++)
            for (unsigned q = 0; q < 4; q++) {
                unsigned g = l / 4, tg = l % 4;
                uint32_t want = q >= nm ? 0
                              : f < 3 ? pack(mat[q][g][2 * tg], mat[q][g][2 * tg + 1])
                                      : pack(mat[q][2 * tg][g], mat[q][2 * tg + 1][g]);
                if (dout[l * 4 + q] != want)
                    fail_msg("LDSM.%s lane %u reg %u: 0x%08x, expected 0x%08x", forms[f], l, q,
                             dout[l * 4 + q], want);
            }
        sim_mem_free(t->mem, din);
        sim_mem_free(t->mem, dout);
    }
    th_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_m16n8k16_f16),
        cmocka_unit_test(test_m16n8k16_bf16),
        cmocka_unit_test(test_m16n8k8_f16),
        cmocka_unit_test(test_m16n8k8_bf16),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_partial_warp_faults),
        cmocka_unit_test(test_ldsm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
