/* tests/unit/test_sim_ptx.c — end to end from PTX text: the front end
 * lowers nvcc-style PTX, the simulator runs it. Checks that the two agree on
 * the ISA conventions (registers, parameters, shared memory, reconvergence
 * points, barriers) and that a fault names the PTX line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "isa/ptx/lower.h"
#include "tests/unit/sim_harness.h"

/* vecadd: c[i] = a[i] + b[i] for i < n (line 32 is the load of b[i]) */
static const char k_vecadd[] =
    ".version 8.0\n"
    ".target sm_80\n"
    ".address_size 64\n"
    "\n"
    ".visible .entry _Z6vecaddPKfS0_Pfi(\n"
    "  .param .u64 _Z6vecaddPKfS0_Pfi_param_0,\n"
    "  .param .u64 _Z6vecaddPKfS0_Pfi_param_1,\n"
    "  .param .u64 _Z6vecaddPKfS0_Pfi_param_2,\n"
    "  .param .u32 _Z6vecaddPKfS0_Pfi_param_3\n"
    ")\n"
    "{\n"
    "  .reg .pred %p<2>;\n"
    "  .reg .f32 %f<4>;\n"
    "  .reg .b32 %r<6>;\n"
    "  .reg .b64 %rd<11>;\n"
    "\n"
    "  ld.param.u64 %rd1, [_Z6vecaddPKfS0_Pfi_param_0];\n"
    "  ld.param.u64 %rd2, [_Z6vecaddPKfS0_Pfi_param_1];\n"
    "  ld.param.u64 %rd3, [_Z6vecaddPKfS0_Pfi_param_2];\n"
    "  ld.param.u32 %r2, [_Z6vecaddPKfS0_Pfi_param_3];\n"
    "  mov.u32 %r3, %ctaid.x;\n"
    "  mov.u32 %r4, %ntid.x;\n"
    "  mov.u32 %r5, %tid.x;\n"
    "  mad.lo.s32 %r1, %r3, %r4, %r5;\n"
    "  setp.ge.s32 %p1, %r1, %r2;\n"
    "  @%p1 bra $L__BB0_2;\n"
    "  cvta.to.global.u64 %rd4, %rd1;\n"
    "  mul.wide.s32 %rd5, %r1, 4;\n"
    "  add.s64 %rd6, %rd4, %rd5;\n"
    "  cvta.to.global.u64 %rd7, %rd2;\n"
    "  add.s64 %rd8, %rd7, %rd5;\n"
    "  ld.global.f32 %f1, [%rd8];\n"
    "  ld.global.f32 %f2, [%rd6];\n"
    "  add.f32 %f3, %f2, %f1;\n"
    "  cvta.to.global.u64 %rd9, %rd3;\n"
    "  add.s64 %rd10, %rd9, %rd5;\n"
    "  st.global.f32 [%rd10], %f3;\n"
    "$L__BB0_2:\n"
    "  ret;\n"
    "}\n";

/* per-block tree reduction in shared memory, bar.sync inside a loop */
static const char k_reduce[] =
    ".version 8.0\n"
    ".target sm_80\n"
    ".address_size 64\n"
    "\n"
    ".visible .entry _Z6reducePKfPfi(\n"
    "  .param .u64 _Z6reducePKfPfi_param_0,\n"
    "  .param .u64 _Z6reducePKfPfi_param_1,\n"
    "  .param .u32 _Z6reducePKfPfi_param_2\n"
    ")\n"
    "{\n"
    "  .reg .pred %p<6>;\n"
    "  .reg .f32 %f<8>;\n"
    "  .reg .b32 %r<16>;\n"
    "  .reg .b64 %rd<9>;\n"
    "  .shared .align 4 .b8 _ZZ6reducePKfPfiE1s[1024];\n"
    "\n"
    "  ld.param.u64 %rd2, [_Z6reducePKfPfi_param_0];\n"
    "  ld.param.u64 %rd3, [_Z6reducePKfPfi_param_1];\n"
    "  ld.param.u32 %r8, [_Z6reducePKfPfi_param_2];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  mov.u32 %r9, %ctaid.x;\n"
    "  mov.u32 %r2, %ntid.x;\n"
    "  mad.lo.s32 %r3, %r9, %r2, %r1;\n"
    "  mov.f32 %f7, 0f00000000;\n"
    "  setp.ge.s32 %p1, %r3, %r8;\n"
    "  @%p1 bra $L__BB0_2;\n"
    "  cvta.to.global.u64 %rd4, %rd2;\n"
    "  mul.wide.s32 %rd5, %r3, 4;\n"
    "  add.s64 %rd6, %rd4, %rd5;\n"
    "  ld.global.f32 %f7, [%rd6];\n"
    "$L__BB0_2:\n"
    "  shl.b32 %r10, %r1, 2;\n"
    "  mov.u32 %r11, _ZZ6reducePKfPfiE1s;\n"
    "  add.s32 %r4, %r11, %r10;\n"
    "  st.shared.f32 [%r4], %f7;\n"
    "  bar.sync 0;\n"
    "  shr.u32 %r15, %r2, 1;\n"
    "  setp.eq.s32 %p2, %r15, 0;\n"
    "  @%p2 bra $L__BB0_6;\n"
    "$L__BB0_3:\n"
    "  setp.ge.u32 %p3, %r1, %r15;\n"
    "  @%p3 bra $L__BB0_5;\n"
    "  shl.b32 %r12, %r15, 2;\n"
    "  add.s32 %r13, %r4, %r12;\n"
    "  ld.shared.f32 %f4, [%r13];\n"
    "  ld.shared.f32 %f5, [%r4];\n"
    "  add.f32 %f6, %f5, %f4;\n"
    "  st.shared.f32 [%r4], %f6;\n"
    "$L__BB0_5:\n"
    "  bar.sync 0;\n"
    "  shr.u32 %r15, %r15, 1;\n"
    "  setp.ne.s32 %p4, %r15, 0;\n"
    "  @%p4 bra $L__BB0_3;\n"
    "$L__BB0_6:\n"
    "  setp.ne.s32 %p5, %r1, 0;\n"
    "  @%p5 bra $L__BB0_8;\n"
    "  ld.shared.f32 %f3, [_ZZ6reducePKfPfiE1s];\n"
    "  cvta.to.global.u64 %rd7, %rd3;\n"
    "  mul.wide.u32 %rd8, %r9, 4;\n"
    "  add.s64 %rd1, %rd7, %rd8;\n"
    "  st.global.f32 [%rd1], %f3;\n"
    "$L__BB0_8:\n"
    "  ret;\n"
    "}\n";

typedef struct e2e {
    isa_module  *mod;
    sim_program *prog;
    sim_mem     *mem;
    sim_gpu     *gpu;
    sim_config   cfg;
    uint8_t      params[64];
    sim_stats    stats;
    sim_fault    fault;
} e2e;

static void e2e_open(e2e *e, const char *ptx, size_t len)
{
    char err[512];
    memset(e, 0, sizeof *e);
    e->mod = ptx_compile(ptx, len, "test.ptx", err, sizeof err);
    if (e->mod == NULL)
        fail_msg("compile: %s", err);
    e->prog = sim_program_create(&e->mod->kernels[0], err, sizeof err);
    if (e->prog == NULL)
        fail_msg("predecode: %s", err);
    e->mem = sim_mem_create();
    sim_config_default(&e->cfg);
}

static sim_status e2e_run(e2e *e, uint32_t grid, uint32_t block, uint32_t nparams)
{
    sim_gpu_destroy(e->gpu);
    e->gpu = sim_gpu_create(&e->cfg, e->mem);
    sim_launch l = { .prog = e->prog, .kernel = &e->mod->kernels[0], .grid = { grid, 1, 1 },
                     .block = { block, 1, 1 } };
    l.bank[ISA_BANK_PARAM] = e->params;
    l.bank_size[ISA_BANK_PARAM] = nparams;
    return sim_run(e->gpu, &l, &e->stats, &e->fault);
}

static void e2e_close(e2e *e)
{
    sim_gpu_destroy(e->gpu);
    sim_program_destroy(e->prog);
    sim_mem_destroy(e->mem);
    isa_module_free(e->mod);
}

static void put_ptr(uint8_t *p, const void *v)
{
    uint64_t u = (uint64_t)(uintptr_t)v;
    memcpy(p, &u, 8);
}

static void test_vecadd(void **state)
{
    (void)state;
    e2e e;
    e2e_open(&e, k_vecadd, sizeof k_vecadd - 1);
    int n = 1000;
    float *a = sim_mem_alloc(e.mem, 4 * n, SIM_ALLOC_DEVICE, NULL);
    float *b = sim_mem_alloc(e.mem, 4 * n, SIM_ALLOC_DEVICE, NULL);
    float *c = sim_mem_alloc(e.mem, 4 * n, SIM_ALLOC_DEVICE, NULL);
    for (int i = 0; i < n; i++) {
        a[i] = (float)i * 0.5f;
        b[i] = (float)(3 * i);
    }
    put_ptr(e.params, a);
    put_ptr(e.params + 8, b);
    put_ptr(e.params + 16, c);
    memcpy(e.params + 24, &n, 4);
    assert_int_equal(e2e_run(&e, 4, 256, 28), SIM_OK);
    for (int i = 0; i < n; i++)
        assert_true(c[i] == (float)i * 0.5f + (float)(3 * i));
    /* n larger than the arrays: the first thread past them faults at the load */
    n = 1100;
    memcpy(e.params + 24, &n, 4);
    assert_int_equal(e2e_run(&e, 5, 256, 28), SIM_FAULT_ILLEGAL_ADDRESS);
    if (strstr(e.fault.message, "at PTX line 32 (") == NULL ||
        strstr(e.fault.message, "thread (232,0,0): 4-byte load from") == NULL ||
        strstr(e.fault.message, "(4000 bytes, device): the address is 0 bytes past its end") == NULL)
        fail_msg("unexpected report:\n%s", e.fault.message);
    assert_int_equal(e.fault.ctaid.x, 3);
    e2e_close(&e);
}

static void test_reduce_gto_lrr(void **state)
{
    (void)state;
    e2e e;
    e2e_open(&e, k_reduce, sizeof k_reduce - 1);
    assert_int_equal(e.mod->kernels[0].shared_size, 1024);
    int n = 1000, nb = 4;
    float *in = sim_mem_alloc(e.mem, 4 * n, SIM_ALLOC_DEVICE, NULL);
    float *out = sim_mem_alloc(e.mem, 4 * nb, SIM_ALLOC_DEVICE, NULL);
    for (int i = 0; i < n; i++)
        in[i] = (float)(i % 7);
    put_ptr(e.params, in);
    put_ptr(e.params + 8, out);
    memcpy(e.params + 16, &n, 4);
    sim_stats first;
    for (int pol = 0; pol < 2; pol++) {
        e.cfg.sched = pol ? SIM_SCHED_LRR : SIM_SCHED_GTO;
        memset(out, 0, 4 * nb);
        if (e2e_run(&e, nb, 256, 20) != SIM_OK)
            fail_msg("%s", e.fault.message);
        for (int bl = 0; bl < nb; bl++) {
            float want = 0;
            for (int i = bl * 256; i < bl * 256 + 256 && i < n; i++)
                want += (float)(i % 7);
            assert_true(out[bl] == want);
        }
        if (pol == 0)
            first = e.stats;
        else
            assert_int_equal(e.stats.warp_insns, first.warp_insns);
    }
    assert_true(first.divergent_branches > 0);
    assert_true(first.barrier_waits > 0);
    e2e_close(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vecadd),
        cmocka_unit_test(test_reduce_gto_lrr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
