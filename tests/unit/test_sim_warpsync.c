/* tests/unit/test_sim_warpsync.c — member masks of the warp-level .sync
 * ops under independent thread scheduling: per-lane masks in one converged
 * group (tiles), lanes that reach one WARPSYNC + op on different paths run
 * the op as one group, and a waiter is released only by lanes waiting with
 * the same member mask (PTX "the same membermask value"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

/* c[0][0x0] = out (4 words per thread: R12..R15), c[0][0x8] = scratch;
 * R0 = tid.x, R1 = lane, R12..R15 start at 0. */
#define PROLOGUE                      \
    "S2R R0, SR_TID.X\n"              \
    "S2R R1, SR_LANEID\n"             \
    "LDC.64 R2, c[0x0][0x8]\n"        \
    "MOV R12, 0x0\n"                  \
    "MOV R13, 0x0\n"                  \
    "MOV R14, 0x0\n"                  \
    "MOV R15, 0x0\n"
#define EPILOGUE                      \
    "LDC.64 R10, c[0x0][0x0]\n"       \
    "IMAD.WIDE.U32 R10, R0, 0x10, R10\n" \
    "STG.128 [R10], R12\n"            \
    "EXIT\n"

typedef struct run {
    th        t;
    uint32_t (*out)[4];
    uint32_t *scratch;
} run;

static run *run_its(const char *src, uint32_t threads)
{
    run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    th_init(&r->t);
    r->t.cfg.reconv = SIM_RECONV_ITS;
    r->out = th_alloc(&r->t, 32 * 16);
    r->scratch = th_alloc(&r->t, 64);
    assert_non_null(r->out);
    assert_non_null(r->scratch);
    memset(r->out, 0xEE, 32 * 16);
    memset(r->scratch, 0, 64);
    th_must_asm(&r->t, src, 24);
    th_param_ptr(&r->t, 0, r->out);
    th_param_ptr(&r->t, 8, r->scratch);
    sim_status st = th_run(&r->t, 1, threads);
    if (st != SIM_OK)
        fail_msg("status %d: %s", st, r->t.fault.message);
    return r;
}

static void run_free(run *r)
{
    th_fini(&r->t);
    free(r);
}

/* One converged warp, two 16-lane tiles passing their own masks (R5):
 * ballot, reduction and match see only the lane's tile. */
static void test_tiles_per_lane_mask(void **state)
{
    (void)state;
    run *r = run_its(PROLOGUE
                     "ISETP.LT.U32.AND P0, R1, 0x10, PT\n"
                     "MOV R6, 0xffff0000\n"
                     "SEL R5, R6, 0xffff, !P0\n"          /* lane < 16 ? 0xffff : 0xffff0000 */
                     "IMUL.LO.U32 R4, R1, 0x7\n"
                     "LOP.AND R7, R4, 0x1\n"
                     "ISETP.NE.U32.AND P1, R7, RZ, PT\n"  /* P1 = lane odd */
                     "SHR.U32 R8, R1, 0x4\n"              /* tile number */
                     "WARPSYNC R5\n"
                     "VOTE.BALLOT R12, PT, P1, R5\n"
                     "REDUX.ADD.U32 R13, R4, R5\n"
                     "MATCH.ALL R14, P2, R8, R5\n"
                     "MATCH.ANY R15, PT, R7, R5\n"
                     EPILOGUE, 32);
    uint32_t sum[2] = { 0, 0 };
    for (unsigned l = 0; l < 32; l++)
        sum[l / 16] += l * 7;
    for (unsigned l = 0; l < 32; l++) {
        uint32_t tile = l < 16 ? 0x0000FFFFu : 0xFFFF0000u;
        assert_int_equal(r->out[l][0], 0xAAAAAAAAu & tile);
        assert_int_equal(r->out[l][1], sum[l / 16]);
        assert_int_equal(r->out[l][2], tile);
        assert_int_equal(r->out[l][3], (l & 1 ? 0xAAAAAAAAu : 0x55555555u) & tile);
    }
    run_free(r);
}

/* Odd and even lanes reach `meet` on different paths (its reconvergence
 * point is further down): they meet in the full-mask WARPSYNC and the
 * shuffle, ballot and reduction after it run over the whole warp. */
static void test_meet_on_different_paths(void **state)
{
    (void)state;
    run *r = run_its(PROLOGUE
                     "MOV R10, 0x1f\n"
                     "LOP.AND R9, R1, 0x1\n"
                     "ISETP.NE.U32.AND P0, R9, RZ, PT\n"
                     "@P0 BRA odd, end\n"
                     "IADD R4, R1, 0x64\n"                /* even lanes: lane + 100 */
                     "BRA meet\n"
                     "odd:\n"
                     "IADD R4, R1, 0xc8\n"                /* odd lanes: lane + 200 */
                     "meet:\n"
                     "LOP.XOR R8, R1, 0x1\n"
                     "WARPSYNC 0xffffffff\n"
                     "SHFL.IDX R12, PT, R4, R8, R10\n"
                     "WARPSYNC 0xffffffff\n"
                     "VOTE.BALLOT R13, PT, PT, 0xffffffff\n"
                     "WARPSYNC 0xffffffff\n"
                     "REDUX.ADD.U32 R14, R4, 0xffffffff\n"
                     "end:\n"
                     EPILOGUE, 32);
    uint32_t sum = 0;
    for (unsigned l = 0; l < 32; l++)
        sum += l + (l & 1 ? 200 : 100);
    for (unsigned l = 0; l < 32; l++) {
        unsigned p = l ^ 1;
        assert_int_equal(r->out[l][0], p + (p & 1 ? 200 : 100));
        assert_int_equal(r->out[l][1], 0xFFFFFFFFu);
        assert_int_equal(r->out[l][2], sum);
    }
    run_free(r);
}

/* Lanes 0..15 run first and wait in a full-mask WARPSYNC; lanes 16..31
 * pass a WARPSYNC of their own half (a shfl.sync's) before they store the
 * flag and reach their full-mask one. Only that one releases lanes 0..15,
 * so they read the flag. */
static void test_release_needs_same_mask(void **state)
{
    (void)state;
    run *r = run_its(PROLOGUE
                     "ISETP.LT.U32.AND P0, R1, 0x10, PT\n"
                     "@P0 BRA lo, end\n"
                     "WARPSYNC 0xffff0000\n"
                     "VOTE.BALLOT R13, PT, PT, 0xffff0000\n"
                     "MOV R9, 0x7\n"
                     "STG.32 [R2+0x8], R9\n"
                     "WARPSYNC 0xffffffff\n"
                     "BRA end\n"
                     "lo:\n"
                     "WARPSYNC 0xffffffff\n"
                     "LDG.32 R12, [R2+0x8]\n"
                     "end:\n"
                     EPILOGUE, 32);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(r->out[l][0], l < 16 ? 7 : 0);
        assert_int_equal(r->out[l][1], l < 16 ? 0 : 0xFFFF0000u);
    }
    run_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiles_per_lane_mask),
        cmocka_unit_test(test_meet_on_different_paths),
        cmocka_unit_test(test_release_needs_same_mask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
