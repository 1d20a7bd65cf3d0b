/* tests/unit/test_sim_cta.c — CTAs, SMs and the scheduler: barriers with
 * shared memory across warps, deadlock detection, occupancy, grids spread
 * over SMs, gto vs lrr, special registers, local/generic/dynamic-shared
 * memory, launch checks and statistics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

static th *new_th(void)
{
    th *t = th_new();
    assert_non_null(t);
    return t;
}

/* smem[tid] = 3 * tid; barrier; out[tid] = smem[(tid + 37) % 128] */
static const char *const k_shared_rotate =
    "S2R R0, SR_TID.X\n"
    "IMUL.LO.U32 R4, R0, 0x3\n"
    "SHL R5, R0, 0x2\n"
    "STS.32 [R5], R4\n"
    "BAR.SYNC 0x0\n"
    "IADD R6, R0, 0x25\n"
    "LOP.AND R6, R6, 0x7f\n"
    "SHL R6, R6, 0x2\n"
    "LDS.32 R7, [R6]\n"
    "LDC.64 R2, c[0x0][0x0]\n"
    "IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
    "STG.32 [R2], R7\n"
    "EXIT\n";

static void run_shared_rotate(sim_sched_policy pol, uint32_t *out_copy, sim_stats *st)
{
    th *t = new_th();
    t->cfg.sched = pol;
    t->k.shared_size = 512;
    t->cfg.subcores = 1;   /* one issue per SM cycle, which the cycle checks count on */
    th_must_asm(t, k_shared_rotate, 8);
    uint32_t *out = th_alloc(t, 128 * 4);
    th_param_ptr(t, 0, out);
    sim_status s = th_run(t, 1, 128);
    if (s != SIM_OK)
        fail_msg("%s", t->fault.message);
    for (unsigned i = 0; i < 128; i++)
        assert_int_equal(out[i], 3 * ((i + 37) % 128));
    memcpy(out_copy, out, 128 * 4);
    *st = t->stats;
    th_free(t);
}

static void test_barrier_shared_gto_lrr(void **state)
{
    (void)state;
    uint32_t a[128], b[128];
    sim_stats sa, sb;
    run_shared_rotate(SIM_SCHED_GTO, a, &sa);
    run_shared_rotate(SIM_SCHED_LRR, b, &sb);
    assert_memory_equal(a, b, sizeof a);
    /* gto: warps 0..2 each wait for warp 3; lrr: everyone waits but the last */
    assert_int_equal(sa.barrier_waits, 3);
    assert_int_equal(sb.barrier_waits, 3);
    assert_int_equal(sa.warp_insns, sb.warp_insns);
    assert_int_equal(sa.cycles, sa.warp_insns);   /* one SM, one instruction per cycle */
    assert_int_equal(sa.shared_loads, 4);
    assert_int_equal(sa.shared_stores, 4);
    assert_int_equal(sa.global_stores, 4);
}

/* Under gto warp 0 runs its whole prologue before warp 1 issues; under
 * lrr they interleave one instruction at a time. */
static void test_policies_differ_in_order(void **state)
{
    (void)state;
    const char *src = "S2R R4, SR_CLOCK.LO\n"
                      "IADD R5, R4, 0x1\nIADD R5, R5, 0x1\nIADD R5, R5, 0x1\n"
                      "S2R R0, SR_TID.X\n"
                      "LDC.64 R2, c[0x0][0x0]\n"
                      "IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
                      "STG.32 [R2], R4\n"
                      "EXIT\n";
    for (int pol = 0; pol < 2; pol++) {
        th *t = new_th();
        t->cfg.sched = pol == 0 ? SIM_SCHED_GTO : SIM_SCHED_LRR;
        t->cfg.subcores = 1;   /* one SM clock: it shows the issue order */
        th_must_asm(t, src, 8);
        uint32_t *out = th_alloc(t, 64 * 4);
        th_param_ptr(t, 0, out);
        assert_int_equal(th_run(t, 1, 64), SIM_OK);
        if (pol == 0)
            assert_int_equal(out[32] - out[0], 9);   /* warp 1 starts after warp 0's 9 */
        else
            assert_int_equal(out[32] - out[0], 1);   /* next cycle */
        th_free(t);
    }
}

static void test_deadlock_reported(void **state)
{
    (void)state;
    th *t = new_th();
    /* warp 0 waits at barrier 0, warp 1 at barrier 1: nobody can finish */
    th_must_asm(t, "S2R R0, SR_WARPID\n"
                "ISETP.EQ.U32.AND P0, R0, RZ, PT\n"
                "@P0 BRA first\n"
                "BAR.SYNC 0x1\n"
                "EXIT\n"
                "first:\n"
                "BAR.SYNC 0x0\n"
                "EXIT\n", 4);
    assert_int_equal(th_run(t, 1, 64), SIM_FAULT_DEADLOCK);
    const char *m = t->fault.message;
    assert_non_null(strstr(m, "barrier deadlock in kernel 'test_kernel'"));
    assert_non_null(strstr(m, "block (0,0,0)"));
    assert_non_null(strstr(m, "warp 0 waits at barrier 0: PTX line 7 (.L5: BAR.SYNC 0x0)"));
    assert_non_null(strstr(m, "warp 1 waits at barrier 1: PTX line 4 (.L3: BAR.SYNC 0x1)"));
    assert_int_equal(t->fault.status, SIM_FAULT_DEADLOCK);
    th_free(t);
}

static void test_barrier_with_exited_warps(void **state)
{
    (void)state;
    th *t = new_th();
    /* warps 1..3 exit early; warp 0's barrier then only waits for itself */
    th_must_asm(t, "S2R R0, SR_WARPID\n"
                "ISETP.NE.U32.AND P0, R0, RZ, PT\n"
                "@P0 EXIT\n"
                "BAR.SYNC 0x0\n"
                "S2R R1, SR_TID.X\n"
                "LDC.64 R2, c[0x0][0x0]\n"
                "IMAD.WIDE.U32 R2, R1, 0x4, R2\n"
                "STG.32 [R2], R1\n"
                "EXIT\n", 4);
    uint32_t *out = th_alloc(t, 128 * 4);
    th_param_ptr(t, 0, out);
    for (int pol = 0; pol < 2; pol++) {
        t->cfg.sched = pol ? SIM_SCHED_LRR : SIM_SCHED_GTO;
        memset(out, 0, 128 * 4);
        assert_int_equal(th_run(t, 1, 128), SIM_OK);
        for (unsigned i = 0; i < 128; i++)
            assert_int_equal(out[i], i < 32 ? i : 0);
    }
    th_free(t);
}

static void test_occupancy_numbers(void **state)
{
    (void)state;
    sim_config c;
    sim_config_default(&c);
    isa_kernel k = { .nregs = 32 };
    assert_int_equal(sim_occupancy(&c, &k, 256, 0), 8);     /* threads and warps */
    assert_int_equal(sim_occupancy(&c, &k, 32, 0), 32);     /* CTA slots */
    k.nregs = 64;
    assert_int_equal(sim_occupancy(&c, &k, 256, 0), 4);     /* 65536 / (64 * 256) */
    assert_int_equal(sim_occupancy(&c, &k, 1024, 0), 1);
    k.nregs = 65;
    assert_int_equal(sim_occupancy(&c, &k, 1024, 0), 0);    /* registers do not fit */
    assert_int_equal(sim_occupancy(&c, &k, 40, 0), 15);     /* 40 threads use 2 warps of regs */
    k.nregs = 256;
    assert_int_equal(sim_occupancy(&c, &k, 32, 0), 0);      /* more than 255 per thread */
    k.nregs = 16;
    k.shared_size = 48 * 1024;
    assert_int_equal(sim_occupancy(&c, &k, 128, 0), 3);     /* 164 KB / 48 KB */
    k.shared_size = 100;
    assert_int_equal(sim_occupancy(&c, &k, 32, 40000), 4);  /* 112 + 40000 bytes each */
    k.shared_size = 0;
    assert_int_equal(sim_occupancy(&c, &k, 1025, 0), 0);
    assert_int_equal(sim_occupancy(&c, &k, 0, 0), 0);
    assert_int_equal(sim_occupancy(&c, &k, 96, 0), 21);     /* 2048 / 96 */
}

/* out[gid] = ctaid.x * 1000 + tid.x, with smid < nsmid recorded */
static void test_grid_over_sms(void **state)
{
    (void)state;
    th *t = new_th();
    th_must_asm(t, "S2R R0, SR_TID.X\n"
                "S2R R1, SR_CTAID.X\n"
                "S2R R4, SR_NTID.X\n"
                "IMAD.LO.U32 R5, R1, R4, R0\n"          /* global id */
                "IMAD.LO.U32 R6, R1, 0x3e8, R0\n"
                "S2R R7, SR_SMID\n"
                "S2R R8, SR_NSMID\n"
                "ISETP.LT.U32.AND P0, R7, R8, PT\n"
                "@!P0 MOV R6, RZ\n"
                "LDC.64 R2, c[0x0][0x0]\n"
                "IMAD.WIDE.U32 R2, R5, 0x4, R2\n"
                "STG.32 [R2], R6\n"
                "EXIT\n", 10);
    uint32_t *out = th_alloc(t, 100 * 64 * 4);
    th_param_ptr(t, 0, out);
    t->cfg.num_sms = 4;
    t->cfg.subcores = 1;   /* cycles = the busiest SM's instructions */
    assert_int_equal(th_run(t, 100, 64), SIM_OK);
    for (unsigned b = 0; b < 100; b++)
        for (unsigned i = 0; i < 64; i++)
            assert_int_equal(out[b * 64 + i], b * 1000 + i);
    assert_int_equal(t->stats.ctas, 100);
    assert_int_equal(t->stats.warps, 200);
    assert_int_equal(t->stats.ctas_per_sm, 32);
    assert_int_equal(t->stats.warp_insns, 200 * 13);
    /* 4 SMs share the work: the busiest ran about a quarter of it */
    assert_true(t->stats.cycles < t->stats.warp_insns / 3);
    assert_true(t->stats.cycles >= t->stats.warp_insns / 4);
    th_free(t);
}

static void test_special_registers_3d(void **state)
{
    (void)state;
    th *t = new_th();
    t->k.shared_size = 20;
    /* one warp per CTA: block (4,2,2), grid (2,3,2); each thread writes 12 words */
    th_must_asm(t, "S2R R4, SR_TID.X\nS2R R5, SR_TID.Y\nS2R R6, SR_TID.Z\n"
                "S2R R7, SR_CTAID.X\nS2R R8, SR_CTAID.Y\nS2R R9, SR_CTAID.Z\n"
                "S2R R10, SR_NCTAID.Y\nS2R R11, SR_NTID.Z\nS2R R12, SR_GRIDID.LO\n"
                "S2R R13, SR_DYNSMEM\nS2R R14, SR_TOTALSMEM\nS2R R15, SR_NWARPID\n"
                "S2R R0, SR_LANEID\n"
                /* (linear CTA id) * 32 + lane */
                "IMAD.LO.U32 R1, R9, 0x3, R8\n"
                "IMAD.LO.U32 R1, R1, 0x2, R7\n"
                "IMAD.LO.U32 R1, R1, 0x20, R0\n"
                "LDC.64 R2, c[0x0][0x0]\n"
                "IMAD.WIDE.U32 R2, R1, 0x40, R2\n"
                "STG.128 [R2], R4\n"
                "STG.128 [R2+0x10], R8\n"
                "STG.128 [R2+0x20], R12\n"
                "EXIT\n", 16);
    uint32_t *out = th_alloc(t, 12 * 32 * 64);
    th_param_ptr(t, 0, out);
    assert_int_equal(th_run3(t, (sim_dim3){ 2, 3, 2 }, (sim_dim3){ 4, 2, 2 }, 100), SIM_OK);
    for (unsigned z = 0; z < 2; z++)
        for (unsigned y = 0; y < 3; y++)
            for (unsigned x = 0; x < 2; x++)
                for (unsigned l = 0; l < 16; l++) {
                    const uint32_t *o = out + (((z * 3 + y) * 2 + x) * 32 + l) * 16;
                    const uint32_t want[12] = { l % 4, (l / 4) % 2, l / 8, x, y, z, 3, 2,
                                                1, 100, 32 + 100, 64 };
                    /* ... grid id 1, dynamic 100, total = static 20 rounded to 16 + 100,
                     * nwarpid = warps per SM */
                    for (unsigned k = 0; k < 12; k++)
                        assert_int_equal(o[k], want[k]);
                }
    th_free(t);
}

static void test_local_generic_dynamic(void **state)
{
    (void)state;
    th *t = new_th();
    t->k.local_size = 16;
    t->k.shared_size = 8;
    /* local: each thread keeps its own value; generic: a shared-window
     * address reaches the same bytes as STS/LDS; dynamic shared starts at 16 */
    th_must_asm(t, "S2R R0, SR_TID.X\n"
                "IADD R4, R0, 0x1000\n"
                "STL.32 [RZ+0x4], R4\n"
                "BAR.SYNC 0x0\n"
                "LDL.32 R5, [RZ+0x4]\n"
                "SHL R6, R0, 0x2\n"
                "IADD R6, R6, 0x10\n"                 /* dynamic area */
                "MOV R8, R6\n"
                "MOV R9, 0x10000\n"                   /* shared window: 1 << 48 */
                "IADD R10, R0, 0x2000\n"
                "ST.32 [R8], R10\n"                   /* generic store */
                "LDS.32 R7, [R6]\n"
                "MOV R9, 0x20000\n"                   /* local window */
                "MOV R8, 0x4\n"
                "LD.32 R11, [R8]\n"                   /* generic load of local */
                "LDC.64 R2, c[0x0][0x0]\n"
                "IMAD.WIDE.U32 R2, R0, 0x10, R2\n"
                "MOV R4, R11\n"
                "STG.128 [R2], R4\n"
                "EXIT\n", 12);
    uint32_t *out = th_alloc(t, 64 * 16);
    th_param_ptr(t, 0, out);
    assert_int_equal(th_run3(t, (sim_dim3){ 1, 1, 1 }, (sim_dim3){ 64, 1, 1 }, 256), SIM_OK);
    for (unsigned i = 0; i < 64; i++) {
        assert_int_equal(out[i * 4 + 0], 0x1000 + i);
        assert_int_equal(out[i * 4 + 1], 0x1000 + i);
        assert_int_equal(out[i * 4 + 3], 0x2000 + i);
    }
    assert_int_equal(t->stats.shared_stores, 2);   /* one generic ST per warp */
    th_free(t);
}

static void test_launch_checks(void **state)
{
    (void)state;
    th *t = new_th();
    th_must_asm(t, "EXIT\n", 0);
    assert_int_equal(th_run(t, 1, 1025), SIM_ERR_CONFIG);
    assert_non_null(strstr(t->fault.message, "1025 threads"));
    assert_int_equal(th_run(t, 0, 32), SIM_ERR_CONFIG);
    assert_non_null(strstr(t->fault.message, "zero dimension"));
    t->k.nregs = 200;
    th_must_asm(t, "EXIT\n", 200);
    assert_int_equal(th_run(t, 1, 1024), SIM_ERR_RESOURCES);
    assert_non_null(strstr(t->fault.message, "cannot run"));
    th_must_asm(t, "EXIT\n", 8);
    t->k.reqntid[0] = 64; t->k.reqntid[1] = 1; t->k.reqntid[2] = 1;
    th_must_asm(t, "EXIT\n", 8);
    assert_int_equal(th_run(t, 1, 32), SIM_ERR_CONFIG);
    assert_non_null(strstr(t->fault.message, ".reqntid"));
    assert_int_equal(th_run(t, 1, 64), SIM_OK);
    memset(t->k.reqntid, 0, sizeof t->k.reqntid);
    t->k.param_size = 4096;
    th_must_asm(t, "EXIT\n", 8);
    assert_int_equal(th_run(t, 1, 32), SIM_ERR_CONFIG);
    assert_non_null(strstr(t->fault.message, "parameters"));
    th_free(t);
}

/* A long integer loop on a full grid: reports the simulated rate. */
static void test_throughput(void **state)
{
    (void)state;
    th *t = new_th();
    th_must_asm(t, "S2R R0, SR_TID.X\n"
                "MOV R4, RZ\nMOV R5, 0x1\n"
                "loop:\n"
                "IMAD.LO.U32 R5, R5, 0x3, R4\n"
                "LOP.XOR R5, R5, R0\n"
                "IADD R4, R4, 0x1\n"
                "ISETP.LT.U32.AND P0, R4, 0x3e8, PT\n"
                "@P0 BRA loop, done\n"
                "done:\n"
                "LDC.64 R2, c[0x0][0x0]\n"
                "S2R R1, SR_CTAID.X\n"
                "IMAD.LO.U32 R1, R1, 0x100, R0\n"
                "IMAD.WIDE.U32 R2, R1, 0x4, R2\n"
                "STG.32 [R2], R5\n"
                "EXIT\n", 8);
    uint32_t *out = th_alloc(t, 64 * 256 * 4);
    th_param_ptr(t, 0, out);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(th_run(t, 64, 256), SIM_OK);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    for (unsigned i = 0; i < 64 * 256; i += 97) {
        uint32_t v = 1, tid = i % 256;
        for (uint32_t k = 0; k < 1000; k++)
            v = (v * 3 + k) ^ tid;
        assert_int_equal(out[i], v);
    }
    print_message("throughput: %.1f M thread-instructions/s (%llu in %.3f s)\n",
                  (double)t->stats.thread_insns / s / 1e6,
                  (unsigned long long)t->stats.thread_insns, s);
    th_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_barrier_shared_gto_lrr),
        cmocka_unit_test(test_policies_differ_in_order),
        cmocka_unit_test(test_deadlock_reported),
        cmocka_unit_test(test_barrier_with_exited_warps),
        cmocka_unit_test(test_occupancy_numbers),
        cmocka_unit_test(test_grid_over_sms),
        cmocka_unit_test(test_special_registers_3d),
        cmocka_unit_test(test_local_generic_dynamic),
        cmocka_unit_test(test_launch_checks),
        cmocka_unit_test(test_throughput),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
