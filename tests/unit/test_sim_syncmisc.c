/* tests/unit/test_sim_syncmisc.c — bar.red with a thread count or a
 * register id (BARREDN), barrier.cluster split phases (BARCL), and the
 * forms lowered to a fence or to nothing: griddepcontrol, setmaxnreg,
 * pmevent, fence.proxy / mbarrier_init / .cluster, membar.proxy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "isa/ptx/lower.h"
#include "tests/unit/sim_harness.h"

#define HEAD ".version 8.0\n.target sm_90a\n.address_size 64\n"

static const sim_sched_policy policies[] = { SIM_SCHED_GTO, SIM_SCHED_LRR, SIM_SCHED_RANDOM };

/* Compiles src, runs its first kernel on `threads` threads of one block
 * under scheduler p with out as the only parameter. */
static sim_status run_ptx(const char *src, unsigned p, uint32_t threads, uint32_t words,
                          uint32_t *host_out, char *msg, size_t msglen)
{
    char err[512];
    isa_module *mod = ptx_compile(src, strlen(src), "t.ptx", err, sizeof err);
    if (mod == NULL)
        fail_msg("%s", err);
    sim_program *prog = sim_program_create(&mod->kernels[0], err, sizeof err);
    if (prog == NULL)
        fail_msg("%s", err);
    sim_config cfg;
    sim_config_default(&cfg);
    cfg.sched = policies[p];
    sim_mem *mem = sim_mem_create();
    sim_gpu *gpu = sim_gpu_create(&cfg, mem);
    uint32_t *out = sim_mem_alloc(mem, words * 4, SIM_ALLOC_DEVICE, "out");
    assert_non_null(out);
    memset(out, 0xff, words * 4);
    uint8_t params[8];
    uint64_t a = (uint64_t)(uintptr_t)out;
    memcpy(params, &a, 8);
    sim_launch l = { .prog = prog, .kernel = &mod->kernels[0], .grid = { 1, 1, 1 },
                     .block = { threads, 1, 1 } };
    l.bank[ISA_BANK_PARAM] = params;
    l.bank_size[ISA_BANK_PARAM] = 8;
    sim_fault f;
    sim_status st = sim_run(gpu, &l, NULL, &f);
    snprintf(msg, msglen, "%.400s", st == SIM_OK ? "" : f.message);
    memcpy(host_out, out, words * 4);
    sim_gpu_destroy(gpu);
    sim_mem_destroy(mem);
    sim_program_destroy(prog);
    isa_module_free(mod);
    return st;
}

/* Counts of each op in the first kernel of src; fails on a compile error. */
static void count_ops(const char *src, unsigned *counts)
{
    char err[512];
    isa_module *mod = ptx_compile(src, strlen(src), "t.ptx", err, sizeof err);
    if (mod == NULL)
        fail_msg("%s", err);
    memset(counts, 0, (OP__COUNT + 4) * sizeof *counts);
    for (uint32_t i = 0; i < mod->kernels[0].ninsns; i++) {
        isa_insn in;
        assert_true(isa_decode(mod->kernels[0].code[i], &in, err, sizeof err));
        counts[in.op]++;
        if (in.op == OP_MEMBAR)
            counts[OP__COUNT + in.mod[0]]++;   /* scopes after the ops */
    }
    isa_module_free(mod);
}

/* ---- bar.red with a thread count ---------------------------------------- */
/* 128 threads: halves 0..63 / 64..127 each reduce on their own barrier
 * (id 1 + tid/64 from a register, 64 threads); then all on id 5 (constant
 * id with a count: BARREDN with a = RZ). */
static const char k_red[] =
    HEAD
    ".visible .entry k(.param .u64 out)\n{\n"
    "  .reg .pred %p<6>;\n  .reg .b32 %r<12>;\n  .reg .b64 %rd<4>;\n"
    "  ld.param.u64 %rd1, [out];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  and.b32 %r2, %r1, 3;\n"
    "  setp.eq.s32 %p1, %r2, 0;\n"            /* a quarter of the threads */
    "  shr.u32 %r6, %r1, 6;\n"
    "  add.s32 %r7, %r6, 1;\n"
    "  bar.red.popc.u32 %r3, %r7, 64, %p1;\n"
    "  setp.ne.s32 %p2, %r1, 70;\n"
    "  bar.red.and.pred %p3, %r7, 64, %p2;\n"
    "  selp.u32 %r4, 1, 0, %p3;\n"
    "  bar.red.or.pred %p4, 5, 128, !%p2;\n"
    "  selp.u32 %r5, 1, 0, %p4;\n"
    "  mov.u32 %r9, 6;\n"
    "  barrier.red.popc.u32 %r8, %r9, %p1;\n"  /* register id, every live thread */
    "  mul.wide.u32 %rd2, %r1, 16;\n"
    "  add.s64 %rd3, %rd1, %rd2;\n"
    "  st.global.v4.u32 [%rd3], {%r3, %r4, %r5, %r8};\n"
    "  ret;\n}\n";

static void test_bar_red_counted(void **state)
{
    (void)state;
    unsigned c[OP__COUNT + 4];
    count_ops(k_red, c);
    assert_int_equal(c[OP_BARREDN], 4);
    assert_int_equal(c[OP_BARRED], 0);
    for (unsigned p = 0; p < 3; p++) {
        uint32_t out[128 * 4];
        char msg[512];
        if (run_ptx(k_red, p, 128, 128 * 4, out, msg, sizeof msg) != SIM_OK)
            fail_msg("%s", msg);
        for (uint32_t t = 0; t < 128; t++) {
            assert_int_equal(out[4 * t], 16);             /* popc of its half */
            assert_int_equal(out[4 * t + 1], t < 64);     /* thread 70 is in the upper half */
            assert_int_equal(out[4 * t + 2], 1);          /* or over all 128 */
            assert_int_equal(out[4 * t + 3], 32);         /* 128/4 threads, all live */
        }
    }
}

/* ---- barrier.cluster --------------------------------------------------- */
/* 96 threads, two phases through shared memory: write, arrive, (other
 * work), wait, read a thread of another warp. */
static const char k_cluster[] =
    HEAD
    ".visible .entry k(.param .u64 out)\n{\n"
    "  .reg .pred %p<2>;\n  .reg .b32 %r<16>;\n  .reg .b64 %rd<4>;\n"
    "  .shared .align 4 .b32 s[96];\n"
    "  ld.param.u64 %rd1, [out];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  shl.b32 %r2, %r1, 2;\n"
    "  mov.u32 %r3, s;\n"
    "  add.s32 %r4, %r3, %r2;\n"
    "  add.s32 %r5, %r1, 1;\n"
    "  st.shared.u32 [%r4], %r5;\n"
    "  barrier.cluster.arrive.release.aligned;\n"
    "  mov.u32 %r9, 0;\n"                       /* work between the phases */
    "L1:\n"
    "  add.s32 %r9, %r9, 1;\n"
    "  setp.lt.u32 %p1, %r9, %r1;\n"
    "  @%p1 bra L1;\n"
    "  barrier.cluster.wait.acquire.aligned;\n"
    "  add.s32 %r6, %r1, 32;\n"
    "  rem.u32 %r6, %r6, 96;\n"
    "  shl.b32 %r6, %r6, 2;\n"
    "  add.s32 %r6, %r3, %r6;\n"
    "  ld.shared.u32 %r7, [%r6];\n"
    "  barrier.cluster.arrive.relaxed;\n"       /* everyone has read phase 1 */
    "  barrier.cluster.wait;\n"
    "  mul.lo.u32 %r8, %r5, 3;\n"
    "  st.shared.u32 [%r4], %r8;\n"
    "  barrier.cluster.arrive;\n"
    "  barrier.cluster.wait.aligned;\n"
    "  add.s32 %r6, %r1, 64;\n"
    "  rem.u32 %r6, %r6, 96;\n"
    "  shl.b32 %r6, %r6, 2;\n"
    "  add.s32 %r6, %r3, %r6;\n"
    "  ld.shared.u32 %r10, [%r6];\n"
    "  mul.wide.u32 %rd2, %r1, 8;\n"
    "  add.s64 %rd3, %rd1, %rd2;\n"
    "  st.global.v2.u32 [%rd3], {%r7, %r10};\n"
    "  ret;\n}\n";

static void test_barrier_cluster(void **state)
{
    (void)state;
    unsigned c[OP__COUNT + 4];
    count_ops(k_cluster, c);
    assert_int_equal(c[OP_BARCL], 6);
    for (unsigned p = 0; p < 3; p++) {
        uint32_t out[96 * 2];
        char msg[512];
        if (run_ptx(k_cluster, p, 96, 96 * 2, out, msg, sizeof msg) != SIM_OK)
            fail_msg("%s", msg);
        for (uint32_t t = 0; t < 96; t++) {
            assert_int_equal(out[2 * t], (t + 32) % 96 + 1);
            assert_int_equal(out[2 * t + 1], 3 * ((t + 64) % 96 + 1));
        }
    }
}

/* Exited warps do not hold the cluster barrier; misuse faults. */
static void test_barcl_asm(void **state)
{
    (void)state;
    th *t = th_new();
    assert_non_null(t);
    /* warp 1 exits; warp 0 arrives, waits and stores 7 */
    th_must_asm(t,
                "S2R R0, SR_TID.X\n"
                "ISETP.GE.U32.AND P0, R0, 0x20, PT\n"
                "@P0 EXIT\n"
                "BARCL.ARRIVE\n"
                "BARCL.WAIT\n"
                "LDC.64 R2, c[0x0][0x0]\n"
                "IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
                "MOV R4, 0x7\n"
                "STG.32 [R2], R4\n"
                "EXIT\n", 8);
    uint32_t *out = th_alloc(t, 64 * 4);
    th_param_ptr(t, 0, out);
    if (th_run(t, 1, 64) != SIM_OK)
        fail_msg("%s", t->fault.message);
    assert_int_equal(out[0], 7);
    assert_int_equal(out[31], 7);
    th_must_asm(t, "BARCL.WAIT\nEXIT\n", 4);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "barrier.cluster.wait without a "
                                             "barrier.cluster.arrive before it"));
    th_must_asm(t, "BARCL.ARRIVE\nBARCL.ARRIVE\nEXIT\n", 4);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "barrier.cluster.arrive again before "
                                             "barrier.cluster.wait"));
    /* a wait whose phase cannot complete: the other warp waits at BAR 0 */
    th_must_asm(t,
                "S2R R0, SR_TID.X\n"
                "ISETP.GE.U32.AND P0, R0, 0x20, PT\n"
                "@P0 BAR.SYNC 0x0\n"
                "@P0 EXIT\n"
                "BARCL.ARRIVE\n"
                "BARCL.WAIT\n"
                "EXIT\n", 4);
    assert_int_equal(th_run(t, 1, 64), SIM_FAULT_DEADLOCK);
    th_free(t);
}

/* ---- no-op and fence forms --------------------------------------------- */
static const char k_forms[] =
    HEAD
    ".visible .entry k(.param .u64 out)\n{\n"
    "  .reg .b64 %rd<2>;\n"
    "  ld.param.u64 %rd1, [out];\n"
    "  griddepcontrol.wait;\n"
    "  griddepcontrol.launch_dependents;\n"
    "  setmaxnreg.inc.sync.aligned.u32 240;\n"
    "  setmaxnreg.dec.sync.aligned.u32 24;\n"
    "  pmevent 3;\n"
    "  pmevent.mask 0x8001;\n"
    "  fence.proxy.alias;\n"                                          /* CTA */
    "  membar.proxy.alias;\n"                                         /* CTA */
    "  fence.proxy.async;\n"                                          /* CTA */
    "  fence.proxy.async.global;\n"                                   /* CTA */
    "  fence.proxy.async.shared::cta;\n"                              /* CTA */
    "  fence.proxy.async.shared::cluster;\n"                          /* CTA */
    "  fence.mbarrier_init.release.cluster;\n"                        /* GPU */
    "  fence.sc.cluster;\n"                                           /* GPU */
    "  fence.acq_rel.cluster;\n"                                      /* GPU */
    "  fence.release.cta;\n"                                          /* CTA */
    "  fence.acquire.sync_restrict::shared::cluster.cluster;\n"       /* GPU */
    "  fence.release.sync_restrict::shared::cta.cluster;\n"           /* GPU */
    "  fence.proxy.tensormap::generic.release.sys;\n"                 /* SYS */
    "  fence.proxy.tensormap::generic.acquire.gpu [%rd1], 128;\n"     /* GPU */
    "  fence.proxy.async::generic.release.sync_restrict::shared::cta.cluster;\n" /* GPU */
    "  fence.sc.gpu;\n"                                               /* GPU */
    "  membar.cta;\n"                                                 /* CTA */
    "  ret;\n}\n";

static void test_forms(void **state)
{
    (void)state;
    unsigned c[OP__COUNT + 4];
    count_ops(k_forms, c);
    assert_int_equal(c[OP_MEMBAR], 17);
    assert_int_equal(c[OP__COUNT + MOD_SCOPE_CTA], 8);
    assert_int_equal(c[OP__COUNT + MOD_SCOPE_GPU], 8);
    assert_int_equal(c[OP__COUNT + MOD_SCOPE_SYS], 1);
    /* nothing else but the parameter load and EXIT */
    unsigned other = 0;
    for (unsigned op = 0; op < OP__COUNT; op++)
        if (op != OP_MEMBAR && op != OP_LDC && op != OP_EXIT)
            other += c[op];
    assert_int_equal(other, 0);
}

static void expect_error(const char *body, const char *want)
{
    char src[1024], err[512];
    snprintf(src, sizeof src, HEAD ".visible .entry k()\n{\n  .reg .pred %%p<2>;\n"
             "  .reg .b32 %%r<4>;\n  %s\n  ret;\n}\n", body);
    isa_module *mod = ptx_compile(src, strlen(src), "bad.ptx", err, sizeof err);
    assert_null(mod);
    if (strstr(err, want) == NULL)
        fail_msg("error '%s' lacks '%s'", err, want);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("setmaxnreg.inc.sync.aligned.u32 20;", "bad.ptx:8: 'setmaxnreg' needs a register "
                 "count that is a constant multiple of 8 from 24 to 256");
    expect_error("setmaxnreg.dec.sync.aligned.u32 100;", "multiple of 8 from 24 to 256");
    expect_error("setmaxnreg.inc.sync.aligned.u32 %r1;", "multiple of 8 from 24 to 256");
    expect_error("setmaxnreg.inc.dec.sync.aligned.u32 32;", "'setmaxnreg' needs .inc or .dec");
    expect_error("griddepcontrol;", "'griddepcontrol' needs .launch_dependents or .wait");
    expect_error("griddepcontrol.wait %r1;", "bad.ptx:8:");
    expect_error("pmevent 16;", "'pmevent' needs a constant event number 0..15");
    expect_error("pmevent.mask 0x10000;", "'pmevent.mask' needs a constant 16-bit event mask");
    expect_error("fence.proxy.async.global.shared::cta;", "is not supported yet");
    expect_error("fence.mbarrier_init.release.gpu;", "is not supported yet");
    expect_error("fence.acquire.sync_restrict::shared::cta.cluster;", "is not supported yet");
    expect_error("barrier.cluster.arrive.acquire;", "'barrier.cluster' needs "
                 ".arrive{.release,.relaxed}{.aligned} or .wait{.acquire}{.aligned}");
    expect_error("barrier.cluster.wait.release;", "'barrier.cluster' needs");
    expect_error("barrier.cluster.arrive.relaxed.release;", "'barrier.cluster' needs");
    expect_error("bar.red.popc.u32 %r1, 1, 2000, %p1;", "not 2000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bar_red_counted),
        cmocka_unit_test(test_barrier_cluster),
        cmocka_unit_test(test_barcl_asm),
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
