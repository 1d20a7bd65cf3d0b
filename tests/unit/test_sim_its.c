/* tests/unit/test_sim_its.c — the two reconvergence engines: independent
 * thread scheduling (the default) completes an intra-warp spin lock, the
 * IPDOM stack reports it as a livelock; reconvergence seen by a ballot
 * after if/else, loops with divergent trip counts, EXIT and calls in
 * divergent code; WARPSYNC member masks (waiting, exited lanes, a mask
 * without the executing lane, a deadlock); and both engines giving the same
 * results for a race-free program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

/* c[0][0x0] = out (4 words per thread: R12..R15), c[0][0x8] = a scratch
 * buffer; R0 = tid.x, R1 = lane, R12..R15 start at 0. */
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

enum { MAX_THREADS = 256 };

typedef struct run {
    th       t;
    uint32_t (*out)[4];
    uint32_t *scratch;
    sim_status st;
} run;

static run *run_new(sim_reconv engine)
{
    run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    th_init(&r->t);
    r->t.cfg.reconv = engine;
    r->out = th_alloc(&r->t, MAX_THREADS * 16);
    r->scratch = th_alloc(&r->t, 1024);
    assert_non_null(r->out);
    assert_non_null(r->scratch);
    return r;
}

static void run_go(run *r, const char *src, uint32_t threads)
{
    memset(r->out, 0xEE, MAX_THREADS * 16);
    memset(r->scratch, 0, 1024);
    th_must_asm(&r->t, src, 24);
    th_param_ptr(&r->t, 0, r->out);
    th_param_ptr(&r->t, 8, r->scratch);
    r->st = th_run(&r->t, 1, threads);
}

static void run_ok(run *r, const char *src, uint32_t threads)
{
    run_go(r, src, threads);
    if (r->st != SIM_OK)
        fail_msg("status %d: %s", r->st, r->t.fault.message);
}

static void run_free(run *r)
{
    th_fini(&r->t);
    free(r);
}

/* ---- spin lock among the lanes of one warp ----------------------------------- */

/* scratch[0] = lock, scratch[1] = counter (a plain load/add/store: only
 * mutual exclusion makes it right); then a block barrier and every thread
 * reads the counter. */
static const char k_spinlock[] =
    PROLOGUE
    "MOV R7, 0x1\n"
    "spin:\n"
    "ATOM.CAS.U32.GPU R6, [R2], RZ, R7\n"
    "ISETP.NE.U32.AND P0, R6, RZ, PT\n"
    "@P0 BRA spin, crit\n"                  /* line 12 */
    "crit:\n"
    "LDG.32 R8, [R2+0x4]\n"                 /* line 14 */
    "IADD R8, R8, 0x1\n"
    "STG.32 [R2+0x4], R8\n"
    "MEMBAR.GPU\n"
    "ATOM.EXCH.U32.GPU RZ, [R2], RZ, RZ\n"
    "BAR.SYNC 0x0\n"
    "LDG.32 R12, [R2+0x4]\n"
    EPILOGUE;

static void test_its_spinlock(void **state)
{
    (void)state;
    static const uint32_t sizes[] = { 32, 64, 96, 256 };
    for (unsigned i = 0; i < 4; i++) {
        run *r = run_new(SIM_RECONV_ITS);
        run_ok(r, k_spinlock, sizes[i]);
        assert_int_equal(r->scratch[0], 0);            /* released */
        assert_int_equal(r->scratch[1], sizes[i]);     /* every thread, one at a time */
        for (unsigned t = 0; t < sizes[i]; t++)
            assert_int_equal(r->out[t][0], sizes[i]);  /* the barrier saw them all */
        run_free(r);
    }
}

static void test_stack_spinlock_reported(void **state)
{
    (void)state;
    run *r = run_new(SIM_RECONV_STACK);
    r->t.cfg.spin_limit = 5000;
    run_go(r, k_spinlock, 32);
    assert_int_equal(r->st, SIM_FAULT_DEADLOCK);
    const char *m = r->t.fault.message;
    assert_non_null(strstr(m, "intra-warp livelock in kernel 'test_kernel'"));
    assert_non_null(strstr(m, "block (0,0,0) warp 0"));
    assert_non_null(strstr(m, "lanes 0xfffffffe spin on the backward branch at PTX line 12"));
    assert_non_null(strstr(m, "lanes 0x00000001 wait to reconverge at PTX line 14"));
    assert_non_null(strstr(m, "COBALT_RECONV=its"));
    assert_non_null(strstr(m, "5001 trips"));
    assert_int_equal(r->t.fault.ptx_line, 12);
    run_free(r);
}

/* A lane-dependent loop in one lane of the warp is no livelock while it
 * stays under the limit, and the stack engine runs it to the end. */
static void test_stack_long_loop_under_limit(void **state)
{
    (void)state;
    run *r = run_new(SIM_RECONV_STACK);
    r->t.cfg.spin_limit = 3000;
    run_ok(r, PROLOGUE
              "ISETP.NE.U32.AND P0, R1, RZ, PT\n"
              "@P0 BRA done, done\n"
              "loop:\n"
              "IADD R12, R12, 0x1\n"
              "ISETP.LT.U32.AND P1, R12, 0x9c4, PT\n"   /* 2500 trips */
              "@P1 BRA loop, done\n"
              "done:\n"
              EPILOGUE, 32);
    assert_int_equal(r->out[0][0], 2500);
    assert_int_equal(r->out[1][0], 0);
    run_free(r);
}

/* ---- reconvergence ------------------------------------------------------------- */

static const char k_reconverge[] =
    PROLOGUE
    /* if/else on lane < 10, then a ballot and the group's active mask */
    "ISETP.LT.U32.AND P0, R1, 0xa, PT\n"
    "@!P0 BRA else, end\n"
    "IADD R13, R13, 0x1\n"
    "BRA end\n"
    "else:\n"
    "IADD R13, R13, 0x2\n"
    "end:\n"
    "VOTE.BALLOT R12, PT, PT, 0xffffffff\n"
    /* a loop with lane + 1 trips, nested if on odd trips, then a ballot */
    "MOV R8, 0x0\n"
    "loop:\n"
    "LOP.AND R9, R8, 0x1\n"
    "ISETP.NE.U32.AND P1, R9, RZ, PT\n"
    "@!P1 BRA even, next\n"
    "IADD R14, R14, R8\n"
    "BRA next\n"
    "even:\n"
    "IADD R14, R14, 0x64\n"
    "next:\n"
    "IADD R8, R8, 0x1\n"
    "ISETP.LE.U32.AND P2, R8, R1, PT\n"
    "@P2 BRA loop, after\n"
    "after:\n"
    "VOTE.BALLOT R15, PT, PT, 0xffffffff\n"
    EPILOGUE;

static void check_reconverge(sim_reconv engine)
{
    run *r = run_new(engine);
    run_ok(r, k_reconverge, 64);
    for (unsigned t = 0; t < 64; t++) {
        unsigned l = t % 32;
        uint32_t sum = 0;
        for (unsigned i = 0; i <= l; i++)
            sum += (i & 1) ? i : 100;
        assert_int_equal(r->out[t][0], 0xFFFFFFFFu);   /* all 32 after the if/else */
        assert_int_equal(r->out[t][1], l < 10 ? 1 : 2);
        assert_int_equal(r->out[t][2], sum);
        assert_int_equal(r->out[t][3], 0xFFFFFFFFu);   /* all 32 after the loop */
    }
    run_free(r);
}

static void test_reconverge_its(void **state)
{
    (void)state;
    check_reconverge(SIM_RECONV_ITS);
}

static void test_reconverge_stack(void **state)
{
    (void)state;
    check_reconverge(SIM_RECONV_STACK);
}

/* Lanes 0..7 exit inside the if; the others wait at its end for them only
 * until they are gone, then ballot together. */
static void test_exit_in_divergence(void **state)
{
    (void)state;
    for (int e = 0; e < 2; e++) {
        run *r = run_new(e ? SIM_RECONV_STACK : SIM_RECONV_ITS);
        run_ok(r, PROLOGUE
                  "ISETP.LT.U32.AND P0, R1, 0x10, PT\n"
                  "@!P0 BRA join, join\n"
                  "ISETP.LT.U32.AND P1, R1, 0x8, PT\n"
                  "@P1 EXIT\n"
                  "IADD R13, R13, 0x5\n"
                  "join:\n"
                  "VOTE.BALLOT R12, PT, PT, 0xffffffff\n"
                  EPILOGUE, 32);
        for (unsigned l = 0; l < 32; l++) {
            if (l < 8) {
                assert_int_equal(r->out[l][0], 0xEEEEEEEEu);   /* exited: nothing stored */
                continue;
            }
            assert_int_equal(r->out[l][0], 0xFFFFFF00u);
            assert_int_equal(r->out[l][1], l < 16 ? 5 : 0);
        }
        run_free(r);
    }
}

/* Odd lanes call f (divergent inside: early RET, EXIT of lane 31); every
 * remaining lane ballots together after the call. */
static const char k_call[] =
    PROLOGUE
    "LOP.AND R5, R1, 0x1\n"
    "ISETP.NE.U32.AND P0, R5, 0x0, PT\n"
    "MOV R13, 0x0\n"
    "@P0 CALL f\n"
    "VOTE.BALLOT R12, PT, PT, 0xffffffff\n"
    EPILOGUE
    "f:\n"
    "IADD R13, R1, 0x7\n"
    "ISETP.LT.U32.AND P1, R1, 0x10, PT\n"
    "@P1 RET\n"
    "ISETP.EQ.U32.AND P1, R1, 0x1f, PT\n"
    "@P1 EXIT\n"
    "IMUL.LO.S32 R13, R13, 0x3\n"
    "RET\n";

static void test_call_in_divergence(void **state)
{
    (void)state;
    for (int e = 0; e < 2; e++) {
        run *r = run_new(e ? SIM_RECONV_STACK : SIM_RECONV_ITS);
        run_ok(r, k_call, 32);
        for (unsigned l = 0; l < 31; l++) {
            assert_int_equal(r->out[l][0], 0x7FFFFFFFu);
            uint32_t want = (l & 1) == 0 ? 0 : l < 16 ? l + 7 : (l + 7) * 3;
            assert_int_equal(r->out[l][1], want);
        }
        assert_int_equal(r->out[31][0], 0xEEEEEEEEu);
        run_free(r);
    }
}

/* ---- warp-synchronous member masks ---------------------------------------------- */

/* The else side (lanes 16..31) runs first and reaches WARPSYNC 0xffffffff;
 * under ITS it waits for lanes 0..15, which store a flag before their own
 * WARPSYNC, so it reads 1. The stack engine runs the paths one after the
 * other and keeps today's behaviour (no wait): it reads 0. */
static const char k_warpsync_wait[] =
    PROLOGUE
    "ISETP.LT.U32.AND P0, R1, 0x10, PT\n"
    "@!P0 BRA else, end\n"
    "MOV R9, 0x1\n"
    "STG.32 [R2+0x8], R9\n"
    "WARPSYNC 0xffffffff\n"
    "BRA end\n"
    "else:\n"
    "WARPSYNC 0xffffffff\n"
    "LDG.32 R12, [R2+0x8]\n"
    "end:\n"
    "VOTE.BALLOT R13, PT, PT, 0xffffffff\n"
    EPILOGUE;

static void test_warpsync_waits_its(void **state)
{
    (void)state;
    run *r = run_new(SIM_RECONV_ITS);
    run_ok(r, k_warpsync_wait, 32);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(r->out[l][0], l < 16 ? 0 : 1);
        assert_int_equal(r->out[l][1], 0xFFFFFFFFu);
    }
    run_free(r);
    r = run_new(SIM_RECONV_STACK);
    run_ok(r, k_warpsync_wait, 32);
    for (unsigned l = 16; l < 32; l++)
        assert_int_equal(r->out[l][0], 0);
    run_free(r);
}

/* Lanes released from a WARPSYNC just before the join (resuming at the
 * reconvergence point itself) still wait there for the other side. */
static void test_warpsync_release_at_join(void **state)
{
    (void)state;
    run *r = run_new(SIM_RECONV_ITS);
    run_ok(r, PROLOGUE
              "ISETP.LT.U32.AND P0, R1, 0x10, PT\n"
              "@P0 BRA low, end\n"
              "WARPSYNC 0xffffffff\n"
              "IADD R13, R13, 0x2\n"
              "WARPSYNC 0xffffffff\n"
              "end:\n"
              "VOTE.BALLOT R12, PT, PT, 0xffffffff\n"
              EPILOGUE
              "low:\n"
              "WARPSYNC 0xffffffff\n"
              "IADD R13, R13, 0x1\n"
              "WARPSYNC 0xffffffff\n"
              "BRA end\n", 32);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(r->out[l][0], 0xFFFFFFFFu);
        assert_int_equal(r->out[l][1], l < 16 ? 1 : 2);
    }
    run_free(r);
}

/* Exited lanes named in the mask are not waited for. */
static void test_warpsync_exited_lanes(void **state)
{
    (void)state;
    run *r = run_new(SIM_RECONV_ITS);
    run_ok(r, PROLOGUE
              "ISETP.GE.U32.AND P0, R1, 0x10, PT\n"
              "@P0 EXIT\n"
              "WARPSYNC 0xffffffff\n"
              "MOV R12, 0x7\n"
              EPILOGUE, 32);
    for (unsigned l = 0; l < 32; l++)
        assert_int_equal(r->out[l][0], l < 16 ? 7 : 0xEEEEEEEEu);
    run_free(r);
}

/* A mask that does not name the executing lane is undefined in PTX. */
static void test_warpsync_mask_without_self(void **state)
{
    (void)state;
    run *r = run_new(SIM_RECONV_ITS);
    run_go(r, PROLOGUE
              "WARPSYNC 0x1\n"        /* line 8 */
              EPILOGUE, 32);
    assert_int_equal(r->st, SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(r->t.fault.message, "lane 1 executes a warp-synchronous instruction "
                                               "whose member mask 0x00000001 does not name it"));
    assert_non_null(strstr(r->t.fault.message, "PTX line 8"));
    run_free(r);
}

/* Lanes 0..15 wait in WARPSYNC for lanes 16..31, which wait for them at
 * the if's reconvergence point: reported, not hung. */
static void test_warpsync_deadlock(void **state)
{
    (void)state;
    run *r = run_new(SIM_RECONV_ITS);
    run_go(r, PROLOGUE
              "ISETP.LT.U32.AND P0, R1, 0x10, PT\n"
              "@!P0 BRA end, end\n"
              "WARPSYNC 0xffffffff\n"
              "end:\n"
              EPILOGUE, 32);
    assert_int_equal(r->st, SIM_FAULT_DEADLOCK);
    const char *m = r->t.fault.message;
    assert_non_null(strstr(m, "warp deadlock in kernel 'test_kernel': block (0,0,0) warp 0"));
    assert_non_null(strstr(m, "lanes 0xffff0000 wait to reconverge"));
    assert_non_null(strstr(m, "lane 0 waits at a warp-synchronous point"));
    run_free(r);
}

/* ---- both engines, one answer ------------------------------------------------- */

/* Nested divergence, a loop with lane-dependent trips and a data-dependent
 * break, a call from divergent code and a shared-free reduction. */
static const char k_mixed[] =
    PROLOGUE
    "MOV R8, R1\n"
    "loop:\n"
    "LOP.AND R9, R8, 0x3\n"
    "ISETP.EQ.U32.AND P0, R9, RZ, PT\n"
    "@P0 BRA quad, out\n"
    "ISETP.GT.U32.AND P1, R9, 0x1, PT\n"
    "@P1 BRA big, cont\n"
    "IADD R12, R12, 0x1\n"
    "BRA cont\n"
    "big:\n"
    "IMAD.LO.U32 R12, R12, 0x3, R9\n"
    "BRA cont\n"
    "quad:\n"
    "CALL g\n"
    "ISETP.GT.U32.AND P2, R12, 0x3e8, PT\n"
    "@P2 BRA out, out\n"
    "cont:\n"
    "IADD R8, R8, 0x7\n"
    "IADD R13, R13, 0x1\n"
    "ISETP.LT.U32.AND P3, R13, R1, PT\n"
    "@P3 BRA loop, out\n"
    "out:\n"
    "VOTE.BALLOT R14, PT, PT, 0xffffffff\n"
    "REDUX.ADD.U32 R15, R12, 0xffffffff\n"
    EPILOGUE
    "g:\n"
    "IMAD.LO.U32 R12, R12, 0x5, R8\n"
    "LOP.AND R10, R12, 0x1\n"
    "ISETP.EQ.U32.AND P4, R10, RZ, PT\n"
    "@P4 RET\n"
    "IADD R12, R12, 0x11\n"
    "RET\n";

static void test_engines_agree(void **state)
{
    (void)state;
    run *a = run_new(SIM_RECONV_ITS), *b = run_new(SIM_RECONV_STACK);
    run_ok(a, k_mixed, 96);
    run_ok(b, k_mixed, 96);
    for (unsigned t = 0; t < 96; t++) {
        for (unsigned k = 0; k < 4; k++)
            assert_int_equal(a->out[t][k], b->out[t][k]);
        assert_int_equal(a->out[t][2], 0xFFFFFFFFu);
    }
    assert_true(a->out[31][1] > 0);
    run_free(a);
    run_free(b);
}

/* ---- names --------------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    sim_reconv r = SIM_RECONV_STACK;
    assert_true(sim_reconv_from_name("its", &r));
    assert_int_equal(r, SIM_RECONV_ITS);
    assert_true(sim_reconv_from_name("stack", &r));
    assert_int_equal(r, SIM_RECONV_STACK);
    assert_false(sim_reconv_from_name("ipdom", &r));
    assert_false(sim_reconv_from_name(NULL, &r));
    assert_string_equal(sim_reconv_name(SIM_RECONV_ITS), "its");
    assert_string_equal(sim_reconv_name(SIM_RECONV_STACK), "stack");
    sim_config c;
    sim_config_default(&c);
    assert_int_equal(c.reconv, SIM_RECONV_ITS);
    assert_true(c.spin_limit == SIM_DEFAULT_SPIN_LIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_its_spinlock),
        cmocka_unit_test(test_stack_spinlock_reported),
        cmocka_unit_test(test_stack_long_loop_under_limit),
        cmocka_unit_test(test_reconverge_its),
        cmocka_unit_test(test_reconverge_stack),
        cmocka_unit_test(test_exit_in_divergence),
        cmocka_unit_test(test_call_in_divergence),
        cmocka_unit_test(test_warpsync_waits_its),
        cmocka_unit_test(test_warpsync_release_at_join),
        cmocka_unit_test(test_warpsync_exited_lanes),
        cmocka_unit_test(test_warpsync_mask_without_self),
        cmocka_unit_test(test_warpsync_deadlock),
        cmocka_unit_test(test_engines_agree),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
