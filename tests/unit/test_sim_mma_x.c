/* tests/unit/test_sim_mma_x.c — MMAX (one whole mma.sync of the quad-pair
 * f16, fp8 and b1 forms): fp8 decoding of every special encoding, f16
 * accumulator rounding per 4 products, b1 popc wrap-around, the unit-step
 * count, and the faults for a partial warp or an undefined combination.
 *
 * Uses th_lanes (R4..R11 in, R12..R15 out). The m16n8k16 fp8 fragments
 * (PTX ISA, the .s8 layout): A row g (R4) / g+8 (R5) with k 4t..4t+3 in
 * bytes 0..3, B column g with k 4t.. (R6), C/D f32 [r][n] in R8+2(r/8)+n%2
 * (D: R12+...) of lane 4(r%8) + n/2. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"
#include "isa/mma_frag.h"

/* Runs `body` on one warp with A[r][0] = code_r (every other A zero), B[0][n]
 * = one (every n), C = 0: D[r][n] is the decoded code_r times one. */
static sim_status run_decode(th *t, const char *body, const uint8_t code[16], uint8_t one,
                             uint32_t (*out)[4])
{
    uint32_t in[32][8];
    memset(in, 0, sizeof in);
    for (unsigned g = 0; g < 8; g++) {
        in[4 * g][0] = code[g];       /* lane 4g (t = 0): A[g][0] */
        in[4 * g][1] = code[g + 8];   /* A[g+8][0] */
        in[4 * g][2] = one;           /* B[0][g] */
    }
    return th_lanes(t, body, (const uint32_t (*)[8])in, out);
}

static float d_at(uint32_t (*out)[4], unsigned r, unsigned n)
{
    return th_u2f(out[4 * (r % 8) + n / 2][2 * (r / 8) + n % 2]);
}

static void test_fp8_decode(void **state)
{
    (void)state;
    /* e4m3: bias 7, 3 mantissa bits, S.1111.111 NaN, no infinity */
    static const uint8_t e4[16] = { 0x01, 0x07, 0x08, 0x7E, 0xFE, 0x7F, 0x38, 0x80,
                                    0x3C, 0x47, 0x00, 0xFF, 0x30, 0x09, 0x81, 0x77 };
    const float e4v[16] = { ldexpf(1, -9), ldexpf(7, -9), ldexpf(1, -6), 448, -448, NAN, 1, 0,
                            1.5f, 3.75f, 0, NAN, 0.5f, ldexpf(9, -9), -ldexpf(1, -9), 240 };
    /* e5m2: bias 15, 2 mantissa bits, infinities and NaNs at exponent 31 */
    static const uint8_t e5[16] = { 0x01, 0x03, 0x04, 0x7B, 0xFB, 0x7C, 0xFC, 0x7D,
                                    0x3C, 0x3E, 0x00, 0x80, 0x7F, 0x38, 0x83, 0x42 };
    const float e5v[16] = { ldexpf(1, -16), ldexpf(3, -16), ldexpf(1, -14), 57344, -57344,
                            INFINITY, -INFINITY, NAN, 1, 1.5f, 0, 0, NAN, 0.5f, -ldexpf(3, -16),
                            3 };
    th *t = th_new();
    assert_non_null(t);
    uint32_t out[32][4];
    for (unsigned e5m2 = 0; e5m2 < 2; e5m2++) {
        sim_status st = run_decode(t, e5m2 ? "MMAX.M16N8K16.E5M2.E5M2.F32.RC R12, R4, R6, R8"
                                           : "MMAX.M16N8K16.E4M3.E4M3.F32.RC R12, R4, R6, R8",
                                   e5m2 ? e5 : e4, e5m2 ? 0x3C : 0x38, out);
        if (st != SIM_OK)
            fail_msg("status %d: %s", st, t->fault.message);
        assert_int_equal(t->stats.mma_steps, 32);
        for (unsigned r = 0; r < 16; r++)
            for (unsigned n = 0; n < 8; n++) {
                float want = (e5m2 ? e5v : e4v)[r], got = d_at(out, r, n);
                if (isnan(want) ? !isnan(got) : got != want)
                    fail_msg("%s code 0x%02x: D[%u][%u] = %a, expected %a", e5m2 ? "e5m2" : "e4m3",
                             (e5m2 ? e5 : e4)[r], r, n, (double)got, (double)want);
            }
    }
    th_free(t);
}

/* f16 accumulator: rounded to f16 after every 4 products. Row r: A[r][k] =
 * 1 for k < 8, B[k][n] = 2^-11 for k = 0, 4 (the others 0), C = 1: in f32
 * the sum 1 + 2^-11 + 2^-11 is exact, but per step 1 + 2^-11 rounds (ties
 * to even) to 1 twice, so D = 1. */
static void test_f16_acc_rounds_per_step(void **state)
{
    (void)state;
    th *t = th_new();
    assert_non_null(t);
    uint32_t in[32][8], out[32][4];
    memset(in, 0, sizeof in);
    for (unsigned l = 0; l < 32; l++) {
        unsigned t4 = l % 4;
        if (t4 < 2) {   /* k 0..7: e4m3 1.0 = 0x38 */
            in[l][0] = 0x38383838u;
            in[l][1] = 0x38383838u;
        }
        /* e4m3 2^-11 is not representable (min 2^-9): use e5m2 B = 2^-11 = 0x10 */
        in[l][2] = t4 < 2 ? 0x10u : 0;   /* B[4t][n] = 2^-11 for t = 0, 1 */
        in[l][4] = 0x3C003C00u;         /* C f16 = 1.0 (both halves) */
        in[l][5] = 0x3C003C00u;
    }
    sim_status st = th_lanes(t, "MMAX.M16N8K16.E4M3.E5M2.F16.RC R12, R4, R6, R8\n"
                                "MOV R14, RZ\nMOV R15, RZ",
                             (const uint32_t (*)[8])in, out);
    if (st != SIM_OK)
        fail_msg("status %d: %s", st, t->fault.message);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(out[l][0], 0x3C003C00u);
        assert_int_equal(out[l][1], 0x3C003C00u);
    }
    th_free(t);
}

/* b1 m8n8k128: D[r][n] = C + popc(A[r] op B[n]), wrapping in s32. */
static void test_b1_popc_wraps(void **state)
{
    (void)state;
    th *t = th_new();
    assert_non_null(t);
    uint32_t in[32][8], out[32][4];
    for (unsigned op = 0; op < 2; op++) {
        for (unsigned l = 0; l < 32; l++) {
            in[l][0] = 0x0F0F0F0Fu * (l + 1);           /* A: row l/4, k 32(l%4).. */
            in[l][2] = 0x33333333u ^ (l * 0x01010101u); /* B: column l/4 */
            in[l][4] = l % 3 == 0 ? 0x7FFFFFF0u : l;    /* C[g][2t], C[g][2t+1] */
            in[l][5] = 0xFFFFFFF0u + l;
        }
        sim_status st = th_lanes(t, op ? "MMAX.M8N8K128.B1.B1.S32.XOR R12, R4, R6, R8"
                                       : "MMAX.M8N8K128.B1.B1.S32.AND R12, R4, R6, R8",
                                 (const uint32_t (*)[8])in, out);
        if (st != SIM_OK)
            fail_msg("status %d: %s", st, t->fault.message);
        assert_int_equal(t->stats.mma_steps, 4);
        for (unsigned r = 0; r < 8; r++)
            for (unsigned n = 0; n < 8; n++) {
                unsigned cl = 4 * r + n / 2;
                uint32_t want = in[cl][4 + n % 2];
                for (unsigned w = 0; w < 4; w++) {
                    uint32_t a = in[4 * r + w][0], b = in[4 * n + w][2];
                    want += (uint32_t)__builtin_popcount(op ? a ^ b : a & b);
                }
                assert_int_equal(out[cl][n % 2], want);
            }
    }
    th_free(t);
}

static void test_faults(void **state)
{
    (void)state;
    th *t = th_new();
    assert_non_null(t);
    uint32_t in[32][8], out[32][4];
    memset(in, 0, sizeof in);
    /* fp8 inputs are not an m8n8k4 form: the executor refuses the combination */
    sim_status st = th_lanes(t, "MMAX.M8N8K4.E4M3.E4M3.F32.RC R8, R4, R6, R8",
                             (const uint32_t (*)[8])in, out);
    assert_int_equal(st, SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "MMAX: not a defined shape/type combination"));
    th_free(t);
    t = th_new();
    assert_non_null(t);
    /* a partial warp */
    th_must_asm(t, "S2R R0, SR_TID.X\n"
                   "MMAX.M8N8K4.F16.F16.F32.RC R8, R4, R6, R8\n"
                   "EXIT\n", 16);
    st = th_run(t, 1, 16);
    assert_int_equal(st, SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "needs all 32 lanes"));
    th_free(t);
}

/* The register counts sim/operands.c and the lowering rely on. */
static void test_operand_regs(void **state)
{
    (void)state;
    static const struct { unsigned shape, ty, acc, a, b, c, d; } cases[] = {
        { MOD_MX_M8N8K4, MOD_MXT_F16, MOD_MXA_F32, 2, 2, 8, 8 },
        { MOD_MX_M8N8K4, MOD_MXT_F16, MOD_MXA_F32F16, 2, 2, 4, 8 },
        { MOD_MX_M8N8K4, MOD_MXT_F16, MOD_MXA_F16, 2, 2, 4, 4 },
        { MOD_MX_M16N8K16, MOD_MXT_E4M3, MOD_MXA_F32, 2, 1, 4, 4 },
        { MOD_MX_M16N8K32, MOD_MXT_E5M2, MOD_MXA_F16, 4, 2, 2, 2 },
        { MOD_MX_M8N8K128, MOD_MXT_B1, MOD_MXA_S32, 1, 1, 2, 2 },
        { MOD_MX_M16N8K128, MOD_MXT_B1, MOD_MXA_S32, 2, 1, 4, 4 },
        { MOD_MX_M16N8K256, MOD_MXT_B1, MOD_MXA_S32, 4, 2, 4, 4 },
    };
    static const unsigned steps[] = { 16, 32, 64, 4, 8, 16 };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        isa_insn in = isa_insn_make(OP_MMAX);
        in.mod[0] = (uint8_t)cases[i].shape;
        in.mod[1] = in.mod[2] = (uint8_t)cases[i].ty;
        in.mod[3] = (uint8_t)cases[i].acc;
        in.mod[4] = cases[i].ty == MOD_MXT_B1 ? MOD_MXO_XOR : MOD_MXO_RC;
        assert_true(mmax_valid(in.mod[0], in.mod[1], in.mod[2], in.mod[3], in.mod[4]));
        assert_int_equal(mma_operand_regs(&in, 'a'), cases[i].a);
        assert_int_equal(mma_operand_regs(&in, 'b'), cases[i].b);
        assert_int_equal(mma_operand_regs(&in, 'c'), cases[i].c);
        assert_int_equal(mma_operand_regs(&in, 'd'), cases[i].d);
    }
    for (unsigned s = 0; s < 6; s++)
        assert_int_equal(mmax_steps(s), steps[s]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fp8_decode),
        cmocka_unit_test(test_f16_acc_rounds_per_step),
        cmocka_unit_test(test_b1_popc_wraps),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_operand_regs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
