/* tests/unit/test_sim_simt.c — SIMT reconvergence: the IPDOM stack on its
 * own, and whole programs (if/else, nested, loops with break and continue,
 * lane-dependent trip counts, early exit in divergent code) checked lane by
 * lane. A clock read after a reconvergence point proves the lanes really
 * executed it together: every lane of the warp sees the same cycle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"
#include "sim/simt.h"

/* ---- the engine alone ------------------------------------------------------- */

static void test_stack_if_else(void **state)
{
    (void)state;
    sim_simt s;
    assert_true(sim_simt_init(&s));
    sim_simt_reset(&s, 0, 0xFFFFFFFFu);
    sim_simt_next(&s);
    assert_int_equal(sim_simt_pc(&s), 1);
    /* pc 1: branch to 5 for the low half, reconverge at 8 */
    assert_int_equal(sim_simt_branch(&s, 0x0000FFFFu, 5, 8), SIM_SIMT_DIVERGED);
    assert_int_equal(sim_simt_pc(&s), 5);               /* taken path first */
    assert_int_equal(sim_simt_mask(&s), 0x0000FFFFu);
    sim_simt_next(&s); sim_simt_next(&s);               /* 5, 6 */
    sim_simt_next(&s);                                  /* 7 -> 8 = rpc: pop */
    assert_int_equal(sim_simt_pc(&s), 2);               /* not-taken path */
    assert_int_equal(sim_simt_mask(&s), 0xFFFF0000u);
    sim_simt_jump(&s, 8);                               /* its BRA to the end */
    assert_int_equal(sim_simt_pc(&s), 8);
    assert_int_equal(sim_simt_mask(&s), 0xFFFFFFFFu);   /* reconverged */
    assert_int_equal(s.depth, 1);
    /* uniform branches just move the pc */
    assert_int_equal(sim_simt_branch(&s, 0xFFFFFFFFu, 20, 30), SIM_SIMT_UNIFORM);
    assert_int_equal(sim_simt_pc(&s), 20);
    assert_int_equal(sim_simt_branch(&s, 0, 2, 30), SIM_SIMT_UNIFORM);
    assert_int_equal(sim_simt_pc(&s), 21);
    sim_simt_free(&s);
}

static void test_stack_loop_depth_bounded(void **state)
{
    (void)state;
    sim_simt s;
    assert_true(sim_simt_init(&s));
    sim_simt_reset(&s, 0, 0xFFFFFFFFu);
    /* loop body at 1..3, pc 3 is "@p BRA 1, 4": one lane leaves per trip */
    uint32_t mask = 0xFFFFFFFFu;
    for (unsigned trip = 0; trip < 31; trip++) {
        sim_simt_jump(&s, 3);
        mask &= ~(1u << trip);
        sim_simt_branch(&s, mask, 1, 4);
        assert_int_equal(sim_simt_pc(&s), 1);
        assert_int_equal(sim_simt_mask(&s), mask);
        assert_true(s.depth <= 3);
    }
    sim_simt_jump(&s, 3);
    sim_simt_branch(&s, 0, 1, 4);      /* the last lane leaves */
    assert_int_equal(sim_simt_pc(&s), 4);
    assert_int_equal(sim_simt_mask(&s), 0xFFFFFFFFu);
    assert_int_equal(s.depth, 1);
    sim_simt_free(&s);
}

static void test_stack_exit(void **state)
{
    (void)state;
    sim_simt s;
    assert_true(sim_simt_init(&s));
    sim_simt_reset(&s, 0, 0xFFu);
    sim_simt_branch(&s, 0x0Fu, 10, 20);
    assert_int_equal(sim_simt_pc(&s), 10);
    sim_simt_exit(&s, 0x03u);            /* two of the taken lanes exit */
    assert_int_equal(sim_simt_pc(&s), 11);
    assert_int_equal(sim_simt_mask(&s), 0x0Cu);
    sim_simt_exit(&s, 0x0Cu);            /* the rest of the taken path exits */
    assert_int_equal(sim_simt_pc(&s), 1);
    assert_int_equal(sim_simt_mask(&s), 0xF0u);
    assert_int_equal(sim_simt_live(&s), 0xF0u);
    sim_simt_jump(&s, 20);
    assert_int_equal(sim_simt_mask(&s), 0xF0u);   /* exited lanes are gone */
    sim_simt_exit(&s, 0xF0u);
    assert_true(sim_simt_done(&s));
    sim_simt_free(&s);
}

/* ---- whole programs ------------------------------------------------------------ */

#define PROLOGUE "S2R R0, SR_TID.X\n"                    \
                 "LDC.64 R2, c[0x0][0x0]\n"              \
                 "IMAD.WIDE.U32 R2, R0, 0x10, R2\n"      \
                 "MOV R4, RZ\nMOV R5, RZ\nMOV R6, RZ\nMOV R7, RZ\n"
#define EPILOGUE "STG.128 [R2], R4\nEXIT\n"

typedef struct prog_run {
    th       t;
    uint32_t out[32][4];
} prog_run;

static prog_run *run_prog(const char *src, uint32_t nthreads)
{
    prog_run *p = calloc(1, sizeof *p);
    assert_non_null(p);
    th_init(&p->t);
    if (!th_asm(&p->t, src, 16))
        fail_msg("%s", p->t.err);
    uint32_t *out = th_alloc(&p->t, sizeof p->out);
    th_param_ptr(&p->t, 0, out);
    sim_status st = th_run(&p->t, 1, nthreads);
    if (st != SIM_OK)
        fail_msg("status %d: %s", st, p->t.fault.message);
    memcpy(p->out, out, sizeof p->out);
    return p;
}

static void done(prog_run *p)
{
    th_fini(&p->t);
    free(p);
}

static void test_if_else(void **state)
{
    (void)state;
    prog_run *p = run_prog(PROLOGUE
                           "ISETP.LT.U32.AND P0, R0, 0xa, PT\n"
                           "@!P0 BRA else, end\n"
                           "MOV R4, 0x1\n"
                           "S2R R6, SR_CLOCK.LO\n"
                           "BRA end\n"
                           "else:\n"
                           "MOV R4, 0x2\n"
                           "S2R R6, SR_CLOCK.LO\n"
                           "end:\n"
                           "S2R R5, SR_CLOCK.LO\n"
                           "IADD R4, R4, 0x64\n"
                           EPILOGUE, 32);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(p->out[l][0], l < 10 ? 101 : 102);
        assert_int_equal(p->out[l][1], p->out[0][1]);              /* together after */
        assert_int_equal(p->out[l][2], p->out[l < 10 ? 0 : 31][2]); /* together per path */
        assert_true(p->out[l][1] > p->out[l][2]);
    }
    assert_true(p->out[0][2] != p->out[31][2]);                     /* paths apart */
    assert_true(p->out[31][2] < p->out[0][2]);                      /* taken path first */
    assert_int_equal(p->t.stats.divergent_branches, 1);
    assert_int_equal(p->t.stats.branches, 2);
    assert_true(p->t.stats.thread_insns < 32 * p->t.stats.warp_insns);
    done(p);
}

static void test_nested_if(void **state)
{
    (void)state;
    prog_run *p = run_prog(PROLOGUE
                           "ISETP.LT.U32.AND P0, R0, 0x10, PT\n"
                           "@!P0 BRA outer_else, outer_end\n"
                           "LOP.AND R8, R0, 0x1\n"
                           "ISETP.EQ.U32.AND P1, R8, RZ, PT\n"
                           "@!P1 BRA inner_else, inner_end\n"
                           "MOV R4, 0x1\n"
                           "BRA inner_end\n"
                           "inner_else:\n"
                           "MOV R4, 0x2\n"
                           "inner_end:\n"
                           "IADD R4, R4, 0xa\n"
                           "S2R R5, SR_CLOCK.LO\n"
                           "BRA outer_end\n"
                           "outer_else:\n"
                           "MOV R4, 0x3\n"
                           "outer_end:\n"
                           "S2R R6, SR_CLOCK.LO\n"
                           EPILOGUE, 32);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(p->out[l][0], l >= 16 ? 3 : (l & 1) ? 12 : 11);
        if (l < 16)
            assert_int_equal(p->out[l][1], p->out[0][1]);
        assert_int_equal(p->out[l][2], p->out[0][2]);
    }
    assert_int_equal(p->t.stats.divergent_branches, 2);
    done(p);
}

static void test_loop_break(void **state)
{
    (void)state;
    prog_run *p = run_prog(PROLOGUE
                           "loop:\n"
                           "ISETP.EQ.U32.AND P0, R4, R0, PT\n"
                           "@P0 BRA exit_loop, exit_loop\n"      /* break */
                           "IADD R5, R5, R4\n"
                           "IADD R4, R4, 0x1\n"
                           "ISETP.LT.U32.AND P1, R4, 0x64, PT\n"
                           "@P1 BRA loop, exit_loop\n"
                           "exit_loop:\n"
                           "S2R R6, SR_CLOCK.LO\n"
                           EPILOGUE, 32);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(p->out[l][0], l);
        assert_int_equal(p->out[l][1], l * (l - 1) / 2);
        assert_int_equal(p->out[l][2], p->out[0][2]);
    }
    assert_int_equal(p->t.stats.divergent_branches, 31);
    done(p);
}

static void test_loop_continue(void **state)
{
    (void)state;
    prog_run *p = run_prog(PROLOGUE
                           "loop:\n"
                           "IADD R8, R4, R0\n"
                           "LOP.AND R8, R8, 0x1\n"
                           "ISETP.NE.U32.AND P0, R8, RZ, PT\n"
                           "@P0 BRA cont, cont\n"                /* continue */
                           "IADD R5, R5, R4\n"
                           "cont:\n"
                           "S2R R7, SR_CLOCK.LO\n"
                           "IADD R4, R4, 0x1\n"
                           "ISETP.LT.U32.AND P1, R4, 0x20, PT\n"
                           "@P1 BRA loop, exit_loop\n"
                           "exit_loop:\n"
                           "S2R R6, SR_CLOCK.LO\n"
                           EPILOGUE, 32);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(p->out[l][0], 32);
        assert_int_equal(p->out[l][1], (l & 1) ? 256 : 240);
        assert_int_equal(p->out[l][2], p->out[0][2]);
        assert_int_equal(p->out[l][3], p->out[0][3]);   /* reconverged at the latch */
    }
    assert_int_equal(p->t.stats.divergent_branches, 32);
    done(p);
}

static void test_lane_dependent_trip_count(void **state)
{
    (void)state;
    prog_run *p = run_prog(PROLOGUE
                           "ISETP.EQ.U32.AND P0, R0, RZ, PT\n"
                           "@P0 BRA after, after\n"
                           "loop:\n"
                           "IADD R5, R5, 0x2\n"
                           "IADD R4, R4, 0x1\n"
                           "ISETP.LT.U32.AND P1, R4, R0, PT\n"
                           "@P1 BRA loop, after\n"
                           "after:\n"
                           "S2R R6, SR_CLOCK.LO\n"
                           EPILOGUE, 32);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(p->out[l][0], l);
        assert_int_equal(p->out[l][1], 2 * l);
        assert_int_equal(p->out[l][2], p->out[0][2]);
    }
    done(p);
}

static void check_early_exit(const char *branch)
{
    char src[2048];
    snprintf(src, sizeof src, PROLOGUE
             "IREM.U32 R8, R0, 0x3\n"
             "ISETP.EQ.U32.AND P0, R8, RZ, PT\n"
             "%s\n"
             "MOV R4, 0xdead\n"
             "STG.128 [R2], R4\n"
             "EXIT\n"
             "cont:\n"
             "IMUL.LO.U32 R4, R0, 0x2\n"
             "S2R R5, SR_CLOCK.LO\n"
             EPILOGUE, branch);
    prog_run *p = run_prog(src, 32);
    uint32_t clock = p->out[1][1];
    for (unsigned l = 0; l < 32; l++) {
        if (l % 3 == 0) {
            assert_int_equal(p->out[l][0], 0xDEAD);
            assert_int_equal(p->out[l][1], 0);
        } else {
            assert_int_equal(p->out[l][0], 2 * l);
            assert_int_equal(p->out[l][1], clock);
        }
    }
    done(p);
}

static void test_early_exit(void **state)
{
    (void)state;
    check_early_exit("@!P0 BRA cont, cont");   /* reconvergence at cont */
    check_early_exit("@!P0 BRA cont");         /* none: the exiting path never returns */
}

static void check_exit_in_loop(const char *branch)
{
    char src[2048];
    snprintf(src, sizeof src, PROLOGUE
             "loop:\n"
             "IADD R4, R4, 0x1\n"
             "ISETP.EQ.U32.AND P0, R4, R0, PT\n"
             "%s\n"
             "MOV R5, 0x77\n"
             "STG.128 [R2], R4\n"
             "EXIT\n"
             "skip:\n"
             "ISETP.LT.U32.AND P1, R4, 0x10, PT\n"
             "@P1 BRA loop, after\n"
             "after:\n"
             "MOV R5, 0x99\n"
             "S2R R6, SR_CLOCK.LO\n"
             EPILOGUE, branch);
    prog_run *p = run_prog(src, 32);
    for (unsigned l = 0; l < 32; l++) {
        bool exits = l >= 1 && l <= 16;
        assert_int_equal(p->out[l][0], exits ? l : 16);
        assert_int_equal(p->out[l][1], exits ? 0x77 : 0x99);
        if (!exits)
            assert_int_equal(p->out[l][2], p->out[0][2]);
    }
    done(p);
}

static void test_exit_inside_loop(void **state)
{
    (void)state;
    check_exit_in_loop("@!P0 BRA skip, skip");
    check_exit_in_loop("@!P0 BRA skip");
}

static void test_partial_warp_and_two_warps(void **state)
{
    (void)state;
    prog_run *p = run_prog(PROLOGUE
                           "ISETP.LT.U32.AND P0, R0, 0x5, PT\n"
                           "@P0 BRA small, join\n"
                           "MOV R4, 0x1\n"
                           "BRA join\n"
                           "small:\n"
                           "MOV R4, 0x2\n"
                           "join:\n"
                           "S2R R5, SR_WARPID\n"
                           "S2R R6, SR_LANEID\n"
                           EPILOGUE, 20);
    for (unsigned l = 0; l < 32; l++) {
        if (l >= 20) {   /* no thread: nothing stored */
            assert_int_equal(p->out[l][0], 0);
            continue;
        }
        assert_int_equal(p->out[l][0], l < 5 ? 2 : 1);
        assert_int_equal(p->out[l][2], l);
    }
    assert_int_equal(p->t.stats.warps, 1);
    assert_int_equal(p->t.stats.thread_insns_by_class[ISA_CLASS_MEM], 20 * 2);  /* LDC + STG */
    done(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stack_if_else),
        cmocka_unit_test(test_stack_loop_depth_bounded),
        cmocka_unit_test(test_stack_exit),
        cmocka_unit_test(test_if_else),
        cmocka_unit_test(test_nested_if),
        cmocka_unit_test(test_loop_break),
        cmocka_unit_test(test_loop_continue),
        cmocka_unit_test(test_lane_dependent_trip_count),
        cmocka_unit_test(test_early_exit),
        cmocka_unit_test(test_exit_inside_loop),
        cmocka_unit_test(test_partial_warp_and_two_warps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
