/* tests/unit/test_sim_timing.c — the issue model of sim/timing.c: sub-cores
 * issue one instruction per cycle each, tensor units shorten matrix work,
 * %clock never goes back within a warp, a barrier lines the CTA's
 * sub-cores up. Expected cycle counts are worked out from the rules in the
 * comments next to them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

/* One CTA of `threads` threads on one SM. */
static sim_stats run_k(const char *src, uint32_t nregs, uint32_t threads, unsigned subcores,
                       unsigned units)
{
    th *t = th_new();
    assert_non_null(t);
    t->cfg.num_sms = 1;
    t->cfg.subcores = subcores;
    t->cfg.tensor_units = units;
    th_must_asm(t, src, nregs);
    sim_status st = th_run(t, 1, threads);
    if (st != SIM_OK)
        fail_msg("status %d: %s", st, t->fault.message);
    sim_stats s = t->stats;
    th_free(t);
    return s;
}

/* n copies of `line` (with %u = copy index), then EXIT. */
static void repeat(char *buf, size_t len, const char *line, unsigned n)
{
    int at = 0;
    for (unsigned i = 0; i < n; i++)
        at += snprintf(buf + at, len - (size_t)at, line, i);
    snprintf(buf + at, len - (size_t)at, "EXIT\n");
}

static void test_defaults(void **state)
{
    (void)state;
    sim_config c;
    sim_config_default(&c);
    assert_int_equal(c.subcores, 4);
    assert_int_equal(c.tensor_units, 4);
    sim_mem *m = sim_mem_create();
    c.subcores = SIM_MAX_SUBCORES + 1;
    assert_null(sim_gpu_create(&c, m));   /* refused, not clamped */
    c.subcores = SIM_MAX_SUBCORES;
    sim_gpu *g = sim_gpu_create(&c, m);
    assert_non_null(g);
    sim_gpu_destroy(g);
    sim_mem_destroy(m);
}

/* N = 20 IADDs and EXIT: 21 issue cycles per warp. Warps 0..3 land on
 * sub-cores 0..3 and issue side by side; warps 4..7 share them again. */
static void test_straight_line(void **state)
{
    (void)state;
    char src[2048];
    repeat(src, sizeof src, "IADD R4, R4, 0x1\n", 20);
    sim_stats s = run_k(src, 8, 32, 4, 4);
    assert_int_equal(s.warp_insns, 21);
    assert_int_equal(s.cycles, 21);
    s = run_k(src, 8, 128, 4, 4);
    assert_int_equal(s.warp_insns, 4 * 21);
    assert_int_equal(s.cycles, 21);
    s = run_k(src, 8, 256, 4, 4);
    assert_int_equal(s.cycles, 2 * 21);
    s = run_k(src, 8, 128, 1, 4);   /* one sub-core: the old one-issue-per-SM model */
    assert_int_equal(s.cycles, 4 * 21);
    s = run_k(src, 8, 96, 2, 4);     /* 3 warps on 2 sub-cores: 2 on sub-core 0 */
    assert_int_equal(s.cycles, 2 * 21);
    assert_int_equal(s.mma_steps, 0);
    assert_int_equal(s.tensor_cycles, 0);
}

/* Five per-group HMMAs (8 unit steps each with 32 lanes), then EXIT, one
 * warp. HMMA k starts at max(issue, tensor_free) and holds u units for
 * 8/u cycles:
 *   u = 1: starts 0, 8, ..., 32; units free at 40         -> 40 cycles
 *   u = 4: starts 0, 2, ..., 8; free at 10; EXIT at 9      -> 10 cycles
 *   u = 8: starts 0, 1, ..., 4 (issue-bound); EXIT at 5     ->  6 cycles */
static void test_hmma_units(void **state)
{
    (void)state;
    char src[2048];
    repeat(src, sizeof src, "HMMA.F32F16 R12, R4, R6, R8\n", 5);
    static const struct { unsigned u; uint64_t cycles, busy; } want[] = {
        { 1, 40, 40 }, { 4, 10, 10 }, { 8, 6, 5 },
    };
    for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++) {
        sim_stats s = run_k(src, 16, 32, 4, want[i].u);
        assert_int_equal(s.mma_steps, 40);
        assert_int_equal(s.cycles, want[i].cycles);
        assert_int_equal(s.tensor_cycles, want[i].busy);
        assert_int_equal(s.tensor_units, 4 * want[i].u);
    }
}

/* One mma.sync.m16n8k16 as Cobalt runs it: 32 HMMAS steps (imm 0..31).
 * Step 0 issues at cycle 0; steps 1..31 queue behind it in the units
 * (step k in unit slot k) and give their issue cycles back:
 *   u = 1: step k in cycle k; EXIT at 31          -> 32 cycles, 32 busy
 *   u = 4: step k in cycle k/4 (0..7); EXIT at 7   ->  8 cycles,  8 busy
 * Four warps on four sub-cores run side by side; on one sub-core they
 * queue for the same units. */
static void test_hmmas_units(void **state)
{
    (void)state;
    char src[4096];
    repeat(src, sizeof src, "HMMAS.M16N8K16.F16 R12, R4, R8, R12, 0x%x\n", 32);
    sim_stats s = run_k(src, 16, 32, 4, 1);
    assert_int_equal(s.mma_steps, 32);
    assert_int_equal(s.cycles, 32);
    assert_int_equal(s.tensor_cycles, 32);
    s = run_k(src, 16, 32, 4, 4);
    assert_int_equal(s.cycles, 8);
    assert_int_equal(s.tensor_cycles, 8);
    /* one warp keeps one of 4 sub-cores' units busy: 32 / (8 x 16) */
    assert_int_equal(s.tensor_units, 16);
    assert_int_equal(s.mma_steps * 100 / (s.cycles * s.tensor_units), 25);
    s = run_k(src, 16, 128, 4, 4);
    assert_int_equal(s.mma_steps, 4 * 32);
    assert_int_equal(s.cycles, 8);
    assert_int_equal(s.tensor_cycles, 4 * 8);
    s = run_k(src, 16, 128, 1, 4);   /* 128 steps through 4 units */
    assert_int_equal(s.cycles, 32);
    assert_int_equal(s.tensor_cycles, 32);
    s = run_k(src, 16, 128, 1, 1);
    assert_int_equal(s.cycles, 128);
}

/* Every thread records %clock four times: around plain instructions, a
 * run of tensor steps and a barrier. Within a warp the values only grow;
 * after the barrier every warp reads a later time than any warp read
 * before it. */
static void check_clocks(sim_sched_policy sched, unsigned subcores)
{
    th *t = th_new();
    assert_non_null(t);
    t->cfg.num_sms = 1;
    t->cfg.sched = sched;
    t->cfg.subcores = subcores;
    th_must_asm(t, "S2R R0, SR_TID.X\n"
                   "S2R R16, SR_CLOCK.LO\n"
                   "IADD R4, R0, 0x1\n"
                   "IADD R4, R4, 0x1\n"
                   "S2R R17, SR_CLOCK.LO\n"
                   "HMMAS.M16N8K16.F16 R12, R4, R8, R12, 0x0\n"
                   "HMMAS.M16N8K16.F16 R12, R4, R8, R12, 0x1\n"
                   "HMMAS.M16N8K16.F16 R12, R4, R8, R12, 0x2\n"
                   "HMMAS.M16N8K16.F16 R12, R4, R8, R12, 0x3\n"
                   "S2R R18, SR_CLOCK.LO\n"
                   "BAR.SYNC 0x0\n"
                   "S2R R19, SR_CLOCK.LO\n"
                   "LDC.64 R2, c[0x0][0x0]\n"
                   "IMAD.WIDE.U32 R2, R0, 0x10, R2\n"
                   "STG.128 [R2], R16\n"
                   "EXIT\n", 20);
    enum { THREADS = 256 };
    uint32_t *out = th_alloc(t, THREADS * 16);
    th_param_ptr(t, 0, out);
    sim_status st = th_run(t, 1, THREADS);
    if (st != SIM_OK)
        fail_msg("status %d: %s", st, t->fault.message);
    uint32_t before = 0, after = UINT32_MAX;
    for (unsigned i = 0; i < THREADS; i++) {
        const uint32_t *c = out + 4 * i, *lane0 = out + 4 * (i / 32 * 32);
        assert_true(c[0] < c[1]);
        assert_true(c[1] < c[2]);
        assert_true(c[2] < c[3]);
        assert_memory_equal(c, lane0, 16);   /* one value per warp */
        before = c[2] > before ? c[2] : before;
        after = c[3] < after ? c[3] : after;
    }
    assert_true(after > before);
    th_free(t);
}

static void test_clock_monotonic(void **state)
{
    (void)state;
    check_clocks(SIM_SCHED_GTO, 4);
    check_clocks(SIM_SCHED_LRR, 4);
    check_clocks(SIM_SCHED_RANDOM, 2);
    check_clocks(SIM_SCHED_GTO, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_straight_line),
        cmocka_unit_test(test_hmma_units),
        cmocka_unit_test(test_hmmas_units),
        cmocka_unit_test(test_clock_monotonic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
