/* tests/unit/test_sim_threads.c — SMs on several host threads: a race-free
 * grid gives the same memory and statistics on 1, 2 and 4 threads; global
 * atomics from every SM are counted exactly; a fault on one thread stops
 * the others (which would otherwise spin forever); GTO lets a spinning
 * warp's partner run; %envreg and the cooperative residency check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

static th *new_th(unsigned threads)
{
    th *t = th_new();
    assert_non_null(t);
    t->cfg.threads = threads;
    return t;
}

/* out[gid] = in[gid] + f(gid), f a 32-step loop: no two threads share data. */
static const char *const k_work =
    "S2R R0, SR_TID.X\n"
    "S2R R8, SR_CTAID.X\n"
    "IMUL.LO.U32 R9, R8, 0x40\n"
    "IADD R9, R9, R0\n"
    "IADD R4, R9, RZ\n"
    "IADD R5, RZ, 0x20\n"
    "loop:\n"
    "IMUL.LO.U32 R4, R4, 0x3\n"
    "IADD R4, R4, 0x7\n"
    "IADD R5, R5, 0xffffffff\n"
    "ISETP.NE.U32.AND P0, R5, RZ, PT\n"
    "@P0 BRA loop\n"
    "LDC.64 R2, c[0x0][0x0]\n"
    "IMAD.WIDE.U32 R2, R9, 0x4, R2\n"
    "LDG.32 R6, [R2]\n"
    "IADD R4, R4, R6\n"
    "LDC.64 R2, c[0x0][0x8]\n"
    "IMAD.WIDE.U32 R2, R9, 0x4, R2\n"
    "STG.32 [R2], R4\n"
    "EXIT\n";

enum { WORK_CTAS = 200, WORK_THREADS = 64, WORK_N = WORK_CTAS * WORK_THREADS };

static void run_work(unsigned threads, uint32_t *out_copy, sim_stats *stats)
{
    th *t = new_th(threads);
    th_must_asm(t, k_work, 16);
    uint32_t *in = th_alloc(t, WORK_N * 4), *out = th_alloc(t, WORK_N * 4);
    assert_non_null(in);
    assert_non_null(out);
    for (uint32_t i = 0; i < WORK_N; i++)
        in[i] = i * 5;
    th_param_ptr(t, 0, in);
    th_param_ptr(t, 8, out);
    if (th_run(t, WORK_CTAS, WORK_THREADS) != SIM_OK)
        fail_msg("%s", t->fault.message);
    memcpy(out_copy, out, WORK_N * 4);
    *stats = t->stats;
    th_free(t);
}

static void test_same_results_and_stats(void **state)
{
    (void)state;
    static uint32_t ref[WORK_N], got[WORK_N];
    sim_stats s1, sn;
    run_work(1, ref, &s1);
    for (uint32_t i = 0; i < WORK_N; i++) {   /* the CPU's answer */
        uint32_t v = i;
        for (int k = 0; k < 32; k++)
            v = v * 3 + 7;
        assert_int_equal(ref[i], v + i * 5);
    }
    const unsigned counts[] = { 2, 4, 0 };
    for (unsigned c = 0; c < 3; c++) {
        run_work(counts[c], got, &sn);
        assert_memory_equal(ref, got, sizeof ref);
        /* Which SM ran which CTA depends on timing, so the busiest SM's
         * cycles may differ; every summed counter may not. */
        sn.cycles = s1.cycles;
        assert_memory_equal(&s1, &sn, sizeof s1);
    }
    assert_int_equal(s1.ctas, WORK_CTAS);
}

/* Single-thread mode replays exactly, cycles included. */
static void test_single_thread_replays(void **state)
{
    (void)state;
    static uint32_t a[WORK_N], b[WORK_N];
    sim_stats sa, sb;
    run_work(1, a, &sa);
    run_work(1, b, &sb);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_equal(&sa, &sb, sizeof sa);
    sim_config c;
    sim_config_default(&c);
    assert_int_equal(c.threads, 1);   /* the default is deterministic */
}

/* Every thread adds 1 and 2^32 (64-bit), maxes its gid and CASes its own
 * slot from 0 to gid + 1. */
static const char *const k_atomics =
    "S2R R0, SR_TID.X\n"
    "S2R R8, SR_CTAID.X\n"
    "IMUL.LO.U32 R9, R8, 0x80\n"
    "IADD R9, R9, R0\n"
    "LDC.64 R2, c[0x0][0x0]\n"
    "IADD R5, RZ, 0x1\n"
    "ATOM.ADD.U32.GPU RZ, [R2], R5, RZ\n"
    "ATOM.MAX.S32.GPU RZ, [R2+0x4], R9, RZ\n"
    "IADD R6, RZ, RZ\n"
    "IADD R7, RZ, 0x1\n"
    "ATOM.ADD.U64.GPU RZ, [R2+0x8], R6, RZ\n"
    "LDC.64 R2, c[0x0][0x8]\n"
    "IMAD.WIDE.U32 R2, R9, 0x4, R2\n"
    "IADD R10, R9, 0x1\n"
    "ATOM.CAS.U32.GPU R11, [R2], RZ, R10\n"
    "EXIT\n";

static void test_global_atomics_exact(void **state)
{
    (void)state;
    enum { CTAS = 300, THREADS = 128, N = CTAS * THREADS };
    const unsigned counts[] = { 1, 2, 4 };
    for (unsigned c = 0; c < 3; c++) {
        th *t = new_th(counts[c]);
        th_must_asm(t, k_atomics, 16);
        uint32_t *acc = th_alloc(t, 16), *slots = th_alloc(t, N * 4);
        assert_non_null(acc);
        assert_non_null(slots);
        th_param_ptr(t, 0, acc);
        th_param_ptr(t, 8, slots);
        if (th_run(t, CTAS, THREADS) != SIM_OK)
            fail_msg("%s", t->fault.message);
        assert_int_equal(acc[0], N);
        assert_int_equal(acc[1], N - 1);
        uint64_t wide;
        memcpy(&wide, &acc[2], 8);
        assert_true(wide == (uint64_t)N << 32);
        for (uint32_t i = 0; i < N; i++)
            assert_int_equal(slots[i], i + 1);
        assert_int_equal(t->stats.atomics, 4 * N / 32);
        th_free(t);
    }
}

/* CTA 1 faults; the others spin forever on a flag nobody sets. */
static const char *const k_fault_or_spin =
    "S2R R8, SR_CTAID.X\n"
    "ISETP.NE.U32.AND P0, R8, 0x1, PT\n"
    "@P0 BRA spin\n"
    "LDG.32 R4, [RZ]\n"
    "EXIT\n"
    "spin:\n"
    "LDC.64 R2, c[0x0][0x0]\n"
    "again:\n"
    "LDG.32 R4, [R2]\n"
    "ISETP.EQ.U32.AND P1, R4, RZ, PT\n"
    "@P1 BRA again\n"
    "EXIT\n";

static void test_fault_stops_every_thread(void **state)
{
    (void)state;
    const unsigned counts[] = { 1, 2, 4 };
    for (unsigned c = 0; c < 3; c++) {
        th *t = new_th(counts[c]);
        th_must_asm(t, k_fault_or_spin, 16);
        uint32_t *flag = th_alloc(t, 4);
        th_param_ptr(t, 0, flag);
        assert_int_equal(th_run(t, 8, 64), SIM_FAULT_ILLEGAL_ADDRESS);
        assert_int_equal(t->fault.status, SIM_FAULT_ILLEGAL_ADDRESS);
        assert_int_equal(t->fault.ctaid.x, 1);
        assert_non_null(strstr(t->fault.message, "illegal"));
        th_free(t);
    }
}

/* One SM: CTA 0 waits for a flag that CTA 1 sets. GTO used to keep
 * issuing the spinning (older) warp forever. */
static const char *const k_spin_pair =
    "S2R R8, SR_CTAID.X\n"
    "LDC.64 R2, c[0x0][0x0]\n"
    "ISETP.NE.U32.AND P0, R8, RZ, PT\n"
    "@P0 BRA setter\n"
    "again:\n"
    "LDG.32 R4, [R2]\n"
    "ISETP.EQ.U32.AND P1, R4, RZ, PT\n"
    "@P1 BRA again\n"
    "STG.32 [R2+0x4], R4\n"
    "EXIT\n"
    "setter:\n"
    "IADD R5, RZ, 0x2a\n"
    "STG.32 [R2], R5\n"
    "EXIT\n";

static void test_gto_does_not_starve_spinner(void **state)
{
    (void)state;
    const sim_sched_policy pols[] = { SIM_SCHED_GTO, SIM_SCHED_LRR, SIM_SCHED_RANDOM };
    for (unsigned p = 0; p < 3; p++) {
        th *t = new_th(1);
        t->cfg.num_sms = 1;
        t->cfg.sched = pols[p];
        th_must_asm(t, k_spin_pair, 16);
        uint32_t *flag = th_alloc(t, 8);
        th_param_ptr(t, 0, flag);
        if (th_run(t, 2, 32) != SIM_OK)
            fail_msg("%s", t->fault.message);
        assert_int_equal(flag[1], 42);
        th_free(t);
    }
}

/* Runs with launch fields th_run3 does not set. */
static sim_status run_env(th *t, uint32_t grid, uint32_t block, bool coop)
{
    sim_gpu_destroy(t->gpu);
    t->gpu = sim_gpu_create(&t->cfg, t->mem);
    assert_non_null(t->gpu);
    t->launch = (sim_launch){ .prog = t->prog, .kernel = &t->k, .grid = { grid, 1, 1 },
                              .block = { block, 1, 1 }, .grid_id = 1, .cooperative = coop };
    t->launch.bank[ISA_BANK_PARAM] = t->params;
    t->launch.bank_size[ISA_BANK_PARAM] = sizeof t->params;
    for (uint32_t i = 0; i < 32; i++)
        t->launch.envreg[i] = 0x1000 + i;
    return sim_run(t->gpu, &t->launch, &t->stats, &t->fault);
}

static void test_envreg_and_cooperative_residency(void **state)
{
    (void)state;
    th *t = new_th(2);
    th_must_asm(t, "S2R R4, SR_ENVREG1\n"
                   "S2R R5, SR_ENVREG2\n"
                   "S2R R6, SR_ENVREG31\n"
                   "LDC.64 R2, c[0x0][0x0]\n"
                   "STG.32 [R2], R4\n"
                   "STG.32 [R2+0x4], R5\n"
                   "STG.32 [R2+0x8], R6\n"
                   "EXIT\n", 8);
    uint32_t *out = th_alloc(t, 16);
    th_param_ptr(t, 0, out);
    assert_int_equal(run_env(t, 1, 32, true), SIM_OK);
    assert_int_equal(out[0], 0x1001);
    assert_int_equal(out[1], 0x1002);
    assert_int_equal(out[2], 0x101f);
    /* 1024-thread blocks: 2 per SM x 16 SMs fit, 33 do not */
    assert_int_equal(run_env(t, 32, 1024, true), SIM_OK);
    assert_int_equal(run_env(t, 33, 1024, true), SIM_ERR_CONFIG);
    assert_non_null(strstr(t->fault.message, "cannot all be resident"));
    assert_int_equal(run_env(t, 33, 1024, false), SIM_OK);
    th_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_results_and_stats),
        cmocka_unit_test(test_single_thread_replays),
        cmocka_unit_test(test_global_atomics_exact),
        cmocka_unit_test(test_fault_stops_every_thread),
        cmocka_unit_test(test_gto_does_not_starve_spinner),
        cmocka_unit_test(test_envreg_and_cooperative_residency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
