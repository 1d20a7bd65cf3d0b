/* tests/unit/test_sim_barrier.c — barriers beyond __syncthreads: reductions
 * (BARRED, __syncthreads_count/and/or), barriers over a thread count
 * (BARN: bar.sync 1, 64 / bar.arrive), barrier ids from a register,
 * deadlocks of counted barriers, and the PTX spellings that lower to them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "isa/ptx/lower.h"
#include "tests/unit/sim_harness.h"

static th *new_th(void)
{
    th *t = th_new();
    assert_non_null(t);
    return t;
}

static const sim_sched_policy policies[] = { SIM_SCHED_GTO, SIM_SCHED_LRR, SIM_SCHED_RANDOM };

/* out[tid] = { popc of (tid & 3) == 0, and of tid != K, or of tid == K, popc again } */
static const char *const k_reduce =
    "S2R R0, SR_TID.X\n"
    "LDC.32 R9, c[0x0][0x8]\n"                      /* K */
    "LOP.AND R1, R0, 0x3\n"
    "ISETP.EQ.U32.AND P0, R1, RZ, PT\n"
    "BARRED.POPC R4, PT, 0x0, P0\n"
    "ISETP.NE.U32.AND P1, R0, R9, PT\n"
    "BARRED.AND RZ, P2, 0x0, P1\n"
    "P2R R5, P2\n"
    "BARRED.OR RZ, P3, 0x0, !P1\n"
    "P2R R6, P3\n"
    "BARRED.POPC R7, PT, 0x3, PT\n"              /* every thread, another barrier */
    "LDC.64 R2, c[0x0][0x0]\n"
    "IMAD.WIDE.U32 R2, R0, 0x10, R2\n"
    "STG.128 [R2], R4\n"
    "EXIT\n";

static void check_reduce(uint32_t threads, uint32_t k, uint32_t popc, uint32_t all)
{
    for (unsigned p = 0; p < 3; p++) {
        th *t = new_th();
        t->cfg.sched = policies[p];
        th_must_asm(t, k_reduce, 12);
        uint32_t *out = th_alloc(t, threads * 16);
        th_param_ptr(t, 0, out);
        th_param_u32(t, 8, k);
        if (th_run(t, 2, threads) != SIM_OK)
            fail_msg("%s", t->fault.message);
        for (uint32_t i = 0; i < threads; i++) {
            assert_int_equal(out[4 * i], popc);
            assert_int_equal(out[4 * i + 1], all);
            assert_int_equal(out[4 * i + 2], !all);
            assert_int_equal(out[4 * i + 3], threads);
        }
        th_free(t);
    }
}

static void test_barred_full_block(void **state)
{
    (void)state;
    check_reduce(128, 77, 32, 0);     /* thread 77 breaks the AND, makes the OR */
    check_reduce(128, 500, 32, 1);    /* no such thread */
}

static void test_barred_partial_warp(void **state)
{
    (void)state;
    check_reduce(100, 99, 25, 0);     /* lanes 4..31 of warp 3 do not exist */
    check_reduce(33, 1000, 9, 1);
}

/* Warp 1 produces into shared memory and arrives (BARN.ARRIVE 1, 64), warp 0
 * waits on the same barrier and consumes; warps 2 and 3 meet at barrier 2
 * among themselves; then everyone meets at BAR 0. Under gto warp 0 runs
 * first and must really wait for warp 1. */
static const char *const k_named =
    "S2R R0, SR_TID.X\n"
    "S2R R1, SR_WARPID\n"
    "S2R R8, SR_LANEID\n"
    "SHL R5, R8, 0x2\n"
    "MOV R11, 0x40\n"
    "ISETP.EQ.U32.AND P0, R1, 0x1, PT\n"
    "@P0 BRA producer\n"
    "ISETP.GE.U32.AND P1, R1, 0x2, PT\n"
    "@P1 BRA pair\n"
    "BARN.SYNC RZ, 0x1, R11\n"
    "LDS.32 R7, [R5]\n"
    "BRA done\n"
    "producer:\n"
    "IADD R7, R0, 0x64\n"
    "STS.32 [R5], R7\n"
    "BARN.ARRIVE RZ, 0x1, R11\n"
    "BRA done\n"
    "pair:\n"
    "MOV R10, 0x2\n"
    "MOV R11, 0x3f\n"
    "BARN.SYNC R10, 0x0, R11\n"            /* barrier 2 from a register, 63 -> 2 warps */
    "MOV R7, R1\n"
    "done:\n"
    "BAR.SYNC 0x0\n"
    "LDC.64 R2, c[0x0][0x0]\n"
    "IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
    "STG.32 [R2], R7\n"
    "EXIT\n";

static void test_named_barriers(void **state)
{
    (void)state;
    for (unsigned p = 0; p < 3; p++) {
        th *t = new_th();
        t->cfg.sched = policies[p];
        t->k.shared_size = 128;
        th_must_asm(t, k_named, 12);
        uint32_t *out = th_alloc(t, 128 * 4);
        th_param_ptr(t, 0, out);
        if (th_run(t, 3, 128) != SIM_OK)
            fail_msg("%s", t->fault.message);
        for (uint32_t i = 0; i < 128; i++) {
            uint32_t want = i < 32 ? 32 + i + 100 : i < 64 ? i + 100 : i / 32;
            assert_int_equal(out[i], want);
        }
        /* gto, per CTA: warp 0 waits at 1, warp 1 arrives and waits at 0,
         * warp 2 waits at 2, warp 3 releases it and waits at 0, warp 0
         * waits at 0, warp 2 completes 0: five waits */
        if (policies[p] == SIM_SCHED_GTO)
            assert_int_equal(t->stats.barrier_waits, 3 * 5);
        th_free(t);
    }
}

/* A counted barrier does not complete because other warps exit: warp 0
 * waits for 64 threads, warp 1 leaves. */
static void test_counted_barrier_deadlock(void **state)
{
    (void)state;
    th *t = new_th();
    th_must_asm(t, "S2R R0, SR_WARPID\n"
                "ISETP.NE.U32.AND P0, R0, RZ, PT\n"
                "@P0 EXIT\n"
                "MOV R1, 0x40\n"
                "BARN.SYNC RZ, 0x1, R1\n"
                "EXIT\n", 4);
    assert_int_equal(th_run(t, 1, 96), SIM_FAULT_DEADLOCK);
    assert_string_equal(t->fault.message,
                        "cobalt: barrier deadlock in kernel 'test_kernel': block (0,0,0) can make "
                        "no progress\n"
                        "  warp 0 waits at barrier 1: PTX line 5 (.L4: BARN.SYNC RZ, 0x1, R1)\n"
                        "  warps 1-2 have exited");
    th_free(t);
}

/* Warps at different barrier ids, one of them reducing: reported, no hang. */
static void test_mixed_ids_deadlock(void **state)
{
    (void)state;
    for (unsigned p = 0; p < 3; p++) {
        th *t = new_th();
        t->cfg.sched = policies[p];
        th_must_asm(t, "S2R R0, SR_WARPID\n"
                    "ISETP.EQ.U32.AND P0, R0, 0x2, PT\n"
                    "@P0 BRA other\n"
                    "BARRED.POPC R1, PT, 0x0, PT\n"
                    "EXIT\n"
                    "other:\n"
                    "BAR.SYNC 0x5\n"
                    "EXIT\n", 4);
        assert_int_equal(th_run(t, 1, 128), SIM_FAULT_DEADLOCK);
        const char *m = t->fault.message;
        assert_non_null(strstr(m, "warps 0-1, 3 wait at barrier 0: PTX line 4 (.L3: BARRED.POPC "
                                  "R1, PT, 0x0, PT)"));
        assert_non_null(strstr(m, "warp 2 waits at barrier 5: PTX line 7 (.L5: BAR.SYNC 0x5)"));
        th_free(t);
    }
}

static void test_barn_bad_operands(void **state)
{
    (void)state;
    th *t = new_th();
    th_must_asm(t, "MOV R2, 0x60\nBARN.SYNC RZ, 0x1, R2\nEXIT\n", 4);
    assert_int_equal(th_run(t, 1, 64), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "barrier 1 is given a thread count of 96; the block "
                                             "has 2 warps (64 threads at most)"));
    th_must_asm(t, "MOV R1, 0xe\nMOV R2, 0x20\nBARN.SYNC R1, 0x2, R2\nEXIT\n", 4);
    assert_int_equal(th_run(t, 1, 64), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "barrier number 16 is out of range (0..15)"));
    assert_false(th_asm(t, "BARRED.AND RZ, P0, 0x10, PT\nEXIT\n", 4));
    assert_non_null(strstr(t->err, "BARRED 16: barrier ids are 0..15"));
    th_free(t);
}

/* ---- from PTX ---------------------------------------------------------- */
#define PTX_HEAD ".version 8.0\n.target sm_80\n.address_size 64\n"

static const char k_ptx[] =
    PTX_HEAD
    ".visible .entry k(.param .u64 out)\n"
    "{\n"
    "  .reg .pred %p<4>;\n"
    "  .reg .b32 %r<12>;\n"
    "  .reg .b64 %rd<4>;\n"
    "  ld.param.u64 %rd1, [out];\n"
    "  cvta.to.global.u64 %rd2, %rd1;\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  and.b32 %r2, %r1, 1;\n"
    "  setp.eq.s32 %p1, %r2, 0;\n"
    "  bar.red.popc.u32 %r3, 0, %p1;\n"
    "  barrier.cta.red.and.aligned.pred %p2, 1, %p1;\n"
    "  selp.u32 %r4, 1, 0, %p2;\n"
    "  bar.red.or.pred %p3, 0, !%p1;\n"
    "  selp.u32 %r5, 1, 0, %p3;\n"
    "  shr.u32 %r6, %r1, 6;\n"
    "  add.s32 %r7, %r6, 1;\n"
    "  bar.sync %r7, 64;\n"
    "  barrier.cta.sync.aligned 0;\n"
    "  barrier.sync 3, 128;\n"
    "  bar.cta.arrive 4, 128;\n"
    "  mul.wide.u32 %rd3, %r1, 16;\n"
    "  add.s64 %rd3, %rd2, %rd3;\n"
    "  st.global.v2.u32 [%rd3], {%r3, %r4};\n"
    "  st.global.u32 [%rd3+8], %r5;\n"
    "  ret;\n"
    "}\n";

static void test_ptx_spellings(void **state)
{
    (void)state;
    char err[512];
    isa_module *mod = ptx_compile(k_ptx, sizeof k_ptx - 1, "bar.ptx", err, sizeof err);
    if (mod == NULL)
        fail_msg("%s", err);
    sim_program *prog = sim_program_create(&mod->kernels[0], err, sizeof err);
    if (prog == NULL)
        fail_msg("%s", err);
    unsigned nred = 0, nbarn = 0, nbar = 0;
    for (uint32_t i = 0; i < mod->kernels[0].ninsns; i++) {
        isa_insn in;
        assert_true(isa_decode(mod->kernels[0].code[i], &in, err, sizeof err));
        nred += in.op == OP_BARRED;
        nbarn += in.op == OP_BARN;
        nbar += in.op == OP_BAR;
    }
    assert_int_equal(nred, 3);
    assert_int_equal(nbarn, 3);   /* register id; count 128 twice */
    assert_int_equal(nbar, 1);
    for (unsigned p = 0; p < 3; p++) {
        sim_config cfg;
        sim_config_default(&cfg);
        cfg.sched = policies[p];
        sim_mem *mem = sim_mem_create();
        sim_gpu *gpu = sim_gpu_create(&cfg, mem);
        uint32_t *out = sim_mem_alloc(mem, 128 * 16, SIM_ALLOC_DEVICE, "out");
        uint8_t params[8];
        uint64_t a = (uint64_t)(uintptr_t)out;
        memcpy(params, &a, 8);
        sim_launch l = { .prog = prog, .kernel = &mod->kernels[0], .grid = { 2, 1, 1 },
                         .block = { 128, 1, 1 } };
        l.bank[ISA_BANK_PARAM] = params;
        l.bank_size[ISA_BANK_PARAM] = 8;
        sim_fault f;
        if (sim_run(gpu, &l, NULL, &f) != SIM_OK)
            fail_msg("%s", f.message);
        for (unsigned i = 0; i < 128; i++) {
            assert_int_equal(out[4 * i], 64);
            assert_int_equal(out[4 * i + 1], 0);
            assert_int_equal(out[4 * i + 2], 1);
        }
        sim_gpu_destroy(gpu);
        sim_mem_destroy(mem);
    }
    sim_program_destroy(prog);
    isa_module_free(mod);
}

static void expect_lower_error(const char *body, const char *want)
{
    char src[1024], err[512];
    snprintf(src, sizeof src,
             PTX_HEAD ".visible .entry k()\n{\n  .reg .pred %%p<2>;\n  .reg .b32 %%r<4>;\n"
             "  %s\n  ret;\n}\n", body);
    isa_module *mod = ptx_compile(src, strlen(src), "bad.ptx", err, sizeof err);
    assert_null(mod);
    if (strstr(err, want) == NULL)
        fail_msg("error '%s' lacks '%s'", err, want);
}

static void test_ptx_errors(void **state)
{
    (void)state;
    expect_lower_error("bar.arrive 1;", "bad.ptx:8: 'bar.arrive' needs a thread count");
    expect_lower_error("bar.sync 1, 48;", "the thread count must be a multiple of 32 from 32 "
                                          "to 1024, not 48");
    expect_lower_error("bar.red.popc.u32 %r1, 0, 48, %p1;", "'bar.red': the thread count must "
                       "be a multiple of 32 from 32 to 1024, not 48");
    expect_lower_error("bar.red.popc.u32 %r1, 16, %p1;", "'bar' needs a barrier number 0..15 "
                       "or a register");
    expect_lower_error("bar.red.and.u32 %r1, 0, %p1;",
                       "'bar.red' needs .popc.u32, .and.pred or .or.pred");
    expect_lower_error("bar.sync.foo 0;", "'bar': unexpected modifier '.foo'");
    expect_lower_error("barrier.sync 16;", "'barrier' needs a barrier number 0..15");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_barred_full_block),
        cmocka_unit_test(test_barred_partial_warp),
        cmocka_unit_test(test_named_barriers),
        cmocka_unit_test(test_counted_barrier_deadlock),
        cmocka_unit_test(test_mixed_ids_deadlock),
        cmocka_unit_test(test_barn_bad_operands),
        cmocka_unit_test(test_ptx_spellings),
        cmocka_unit_test(test_ptx_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
