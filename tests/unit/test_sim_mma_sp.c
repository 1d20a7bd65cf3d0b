/* tests/unit/test_sim_mma_sp.c — MMASP (a whole PTX mma.sp, A 2:4 sparse):
 * the sparsity selector picks which lanes' metadata count, the stored
 * elements land where the index pairs say, the unit-step count is K, and
 * undefined metadata, a selector out of range or a partial warp fault;
 * where each chunk's metadata field lies (16/32-bit vs 8/4-bit types).
 *
 * Uses th_lanes (R4..R11 in, R12..R15 out): an f16 m16n8k16 with A (R4, R5)
 * all ones, B (R8, R9) B[k][n] = k + 1 (PTX m16n8k16 B: k = 8j + 2t + half
 * in register j of lane 4n + t), the metadata word in R10 and C = 0, so each
 * element of D is the sum of B[k][n] over the 8 positions k the metadata of
 * its row names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"
#include "isa/mma_frag.h"

/* The lanes' inputs: metadata `sel_meta` in lanes whose t is `t_sel`, `other`
 * elsewhere. */
static void inputs(uint32_t in[32][8], unsigned t_sel, uint32_t sel_meta, uint32_t other)
{
    static const uint16_t small[17] = { 0,      0x3C00, 0x4000, 0x4200, 0x4400, 0x4500,
                                        0x4600, 0x4700, 0x4800, 0x4880, 0x4900, 0x4980,
                                        0x4A00, 0x4A80, 0x4B00, 0x4B80, 0x4C00 };   /* f16 0..16 */
    memset(in, 0, 32 * 8 * sizeof in[0][0]);
    for (unsigned l = 0; l < 32; l++) {
        unsigned t = l % 4;
        in[l][0] = in[l][1] = 0x3C003C00u;
        for (unsigned j = 0; j < 2; j++)
            in[l][4 + j] = small[8 * j + 2 * t + 1] | (uint32_t)small[8 * j + 2 * t + 2] << 16;
        in[l][6] = t == t_sel ? sel_meta : other;
    }
}

static const char *const body_fmt = "MOV R12, 0x0\nMOV R13, 0x0\nMOV R14, 0x0\nMOV R15, 0x0\n"
                                    "MMASP.M16N8K16.F16.F16.F32 R12, R4, R8, R12, 0x%x";

static void test_selector_and_positions(void **state)
{
    (void)state;
    /* every chunk 0b1110 (k 4c+2, 4c+3): sum (4c+3)+(4c+4) = 76 in the
     * selected lane; 0b0100 (k 4c, 4c+1: 60) in the others; rows g+8 get
     * 0b1001 (k 4c+1, 4c+2: 68) from the high half */
    for (unsigned sel = 0; sel < 4; sel++) {
        th *t = th_new();
        assert_non_null(t);
        uint32_t in[32][8], out[32][4];
        char body[256];
        inputs(in, sel, 0x9999EEEEu, 0x44444444u);
        snprintf(body, sizeof body, body_fmt, sel);
        sim_status st = th_lanes(t, body, (const uint32_t (*)[8])in, out);
        if (st != SIM_OK)
            fail_msg("selector %u: status %d: %s", sel, st, t->fault.message);
        for (unsigned l = 0; l < 32; l++)
            for (unsigned i = 0; i < 4; i++) {
                float want = i < 2 ? 76.0f : 68.0f;
                if (th_u2f(out[l][i]) != want)
                    fail_msg("selector %u lane %u c%u = %g, expected %g", sel, l, i,
                             (double)th_u2f(out[l][i]), (double)want);
            }
        assert_int_equal(t->stats.mma_steps, 16);   /* K: 16*8*(K/2)/64 computed */
        th_free(t);
    }
}

/* 8-bit types: each metadata word is one row's 8 fields (thread 2 sel: row
 * g, 2 sel + 1: row g+8). An s8 m16n8k32 with A all ones, B[k][n] = k (PTX
 * m16n8k32 B: k = 16j + 4t + byte in register j of lane 4n + t). */
static void test_s8_metadata_rows(void **state)
{
    (void)state;
    /* 16 registers: A to R2, B and the metadata to R12.., C/D in R4..R11 */
    static const char *const fmt =
        "MOV R2, R4\nMOV R3, R5\nMOV R12, R8\nMOV R13, R9\nMOV R14, R10\n"
        "MOV R4, 0x0\nMOV R5, 0x0\nMOV R6, 0x0\nMOV R7, 0x0\n"
        "MOV R8, 0x0\nMOV R9, 0x0\nMOV R10, 0x0\nMOV R11, 0x0\n"
        "MMASP.M16N8K32.S8.S8.S64 R4, R2, R12, R4, 0x%x\nMMAC.S32.S64 R12, R4";
    for (unsigned sel = 0; sel < 2; sel++) {
        th *t = th_new();
        assert_non_null(t);
        uint32_t in[32][8], out[32][4];
        char body[512];
        memset(in, 0, sizeof in);
        for (unsigned l = 0; l < 32; l++) {
            unsigned q = l % 4;
            in[l][0] = in[l][1] = 0x01010101u;
            for (unsigned j = 0; j < 2; j++)
                for (unsigned b = 0; b < 4; b++)
                    in[l][4 + j] |= (16 * j + 4 * q + b) << (8 * b);
            /* 0xE: k 4c+2, 4c+3 (row sum 264); 0x4: 4c, 4c+1 (232); 0x9: 4c+1, 4c+2 */
            in[l][6] = q == 2 * sel ? 0xEEEEEEEEu : q == 2 * sel + 1 ? 0x44444444u : 0x99999999u;
        }
        snprintf(body, sizeof body, fmt, sel);
        sim_status st = th_lanes(t, body, (const uint32_t (*)[8])in, out);
        if (st != SIM_OK)
            fail_msg("selector %u: status %d: %s", sel, st, t->fault.message);
        for (unsigned l = 0; l < 32; l++)
            for (unsigned i = 0; i < 4; i++) {
                uint32_t want = i < 2 ? 264 : 232;
                if (out[l][i] != want)
                    fail_msg("selector %u lane %u c%u = %u, expected %u", sel, l, i, out[l][i],
                             want);
            }
        th_free(t);
    }
}

static void test_meta_at(void **state)
{
    (void)state;
    unsigned t, sh;
    mmasp_meta_at(MOD_SP_M16N8K32, MOD_MT_F16, 1, 9, 6, &t, &sh);   /* pair 2, 3 */
    assert_int_equal(t, 3);
    assert_int_equal(sh, 16 + 8);
    mmasp_meta_at(MOD_SP_M16N8K16, MOD_MT_TF32, 0, 2, 5, &t, &sh);
    assert_int_equal(t, 1);
    assert_int_equal(sh, 4);
    mmasp_meta_at(MOD_SP_M16N8K64, MOD_MT_S8, 0, 9, 13, &t, &sh);    /* all four */
    assert_int_equal(t, 3);
    assert_int_equal(sh, 20);
    mmasp_meta_at(MOD_SP_M16N8K64, MOD_MT_U4, 1, 4, 7, &t, &sh);     /* pair 2, 3 */
    assert_int_equal(t, 2);
    assert_int_equal(sh, 28);
    mmasp_meta_at(MOD_SP_M16N8K64, MOD_MT_E4M3, 0, 3, 8, &t, &sh);
    assert_int_equal(t, 2);
    assert_int_equal(sh, 0);
}

static void test_faults(void **state)
{
    (void)state;
    static const struct {
        uint32_t meta;
        unsigned sel;
        const char *body, *msg;
    } cases[] = {
        { 0x44454444u, 0, NULL, "metadata 0x5 of row" },                 /* i0 == i1 */
        { 0x44444444u, 4, NULL, "sparsity selector" },                   /* one thread: 0..3 */
        { 0x44448444u, 0, "MMASP.M16N8K8.TF32.TF32.F32 R12, R4, R8, R12, 0x0", "metadata 0x8" },
        { 0x44444444u, 0, "@P0 MMASP.M16N8K16.F16.F16.F32 R12, R4, R8, R12, 0x0", "all 32 lanes" },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th *t = th_new();
        assert_non_null(t);
        uint32_t in[32][8], out[32][4];
        char body[256];
        inputs(in, 0, cases[i].meta, 0x44444444u);   /* tf32: 0b0100 is valid, 0b1000 not */
        if (cases[i].body != NULL)
            snprintf(body, sizeof body, "%s", cases[i].body);
        else
            snprintf(body, sizeof body, body_fmt, cases[i].sel);
        if (i == 3)
            snprintf(body, sizeof body, "ISETP.LT.U32.AND P0, R0, 0x10, PT\n%s", cases[i].body);
        sim_status st = th_lanes(t, body, (const uint32_t (*)[8])in, out);
        if (st != SIM_FAULT_ILLEGAL_INSN)
            fail_msg("case %u: status %d: %s", i, st, t->fault.message);
        if (strstr(t->fault.message, cases[i].msg) == NULL)
            fail_msg("case %u: '%s' lacks '%s'", i, t->fault.message, cases[i].msg);
        th_free(t);
    }
}

static void test_operand_regs(void **state)
{
    (void)state;
    isa_insn in = isa_insn_make(OP_MMASP);
    in.mod[0] = MOD_SP_M16N8K64;
    in.mod[1] = in.mod[2] = MOD_MT_S8;
    in.mod[3] = MOD_MACC_S64;
    assert_int_equal(mma_operand_regs(&in, 'a'), 4);
    assert_int_equal(mma_operand_regs(&in, 'b'), 8);   /* 4 + metadata + padding */
    assert_int_equal(mma_operand_regs(&in, 'd'), 8);
    in.mod[0] = MOD_SP_M16N8K8;
    in.mod[1] = in.mod[2] = MOD_MT_TF32;
    in.mod[3] = MOD_MACC_F32;
    assert_int_equal(mma_operand_regs(&in, 'a'), 2);
    assert_int_equal(mma_operand_regs(&in, 'b'), 4);
    assert_int_equal(mmasp_meta_threads(MOD_SP_M16N8K8, MOD_MT_TF32), 1);
    assert_int_equal(mmasp_meta_threads(MOD_SP_M16N8K128, MOD_MT_U4), 4);
    assert_false(mmasp_valid(MOD_SP_M16N8K32, MOD_MT_BF16, MOD_MT_BF16, MOD_MACC_F16));
    assert_false(mmasp_valid(MOD_SP_M16N8K128, MOD_MT_S8, MOD_MT_S8, MOD_MACC_S64));
    assert_true(mmasp_valid(MOD_SP_M16N8K64, MOD_MT_E4M3, MOD_MT_E5M2, MOD_MACC_F32));   /* sm_89 */
    assert_false(mmasp_valid(MOD_SP_M16N8K64, MOD_MT_E4M3, MOD_MT_E4M3, MOD_MACC_F16));
    assert_false(mmas_valid(MOD_MS_M16N8K32, MOD_MT_E4M3, MOD_MT_E4M3, MOD_MACC_F32));   /* dense fp8: MMAX */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_selector_and_positions),
        cmocka_unit_test(test_s8_metadata_rows),
        cmocka_unit_test(test_meta_at),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_operand_regs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
