/* tests/unit/test_sim_call.c — device function calls: CALL/RET/ENTER on
 * their own (calls in divergent code, early return, EXIT inside a callee,
 * recursion to a lane-dependent depth, stack overflow), and PTX .func
 * calls lowered by the front end (arguments of every size, a struct passed
 * by value and one returned, recursion, a callee with .local storage). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "isa/ptx/lower.h"
#include "sim/simt.h"
#include "tests/unit/sim_harness.h"

/* ---- the reconvergence engine alone ------------------------------------------ */

static void test_simt_call_ret(void **state)
{
    (void)state;
    sim_simt s;
    assert_true(sim_simt_init(&s));
    sim_simt_reset(&s, 4, 0xFFFFFFFFu);
    /* pc 4: the low half calls the function at 20 */
    assert_int_equal(sim_simt_call(&s, 0x0000FFFFu, 20), SIM_SIMT_UNIFORM);
    assert_int_equal(sim_simt_pc(&s), 20);
    assert_int_equal(sim_simt_mask(&s), 0x0000FFFFu);
    /* a guarded RET: lanes 0..7 return, the others go on */
    assert_true(sim_simt_ret(&s, 0x000000FFu));
    assert_int_equal(sim_simt_pc(&s), 21);
    assert_int_equal(sim_simt_mask(&s), 0x0000FF00u);
    assert_true(sim_simt_ret(&s, 0x0000FF00u));
    /* every caller lane resumes after the CALL together */
    assert_int_equal(sim_simt_pc(&s), 5);
    assert_int_equal(sim_simt_mask(&s), 0xFFFFFFFFu);
    assert_int_equal(s.depth, 1);
    assert_false(sim_simt_ret(&s, 1));   /* no call open */
    sim_simt_free(&s);
}

static void test_simt_divergence_inside_callee(void **state)
{
    (void)state;
    sim_simt s;
    assert_true(sim_simt_init(&s));
    sim_simt_reset(&s, 0, 0xFFFFFFFFu);
    sim_simt_call(&s, 0xFFFFFFFFu, 10);
    /* pc 10: branch to 15 for the odd lanes, reconverge at 18 */
    assert_int_equal(sim_simt_branch(&s, 0xAAAAAAAAu, 15, 18), SIM_SIMT_DIVERGED);
    assert_int_equal(sim_simt_pc(&s), 15);
    assert_true(sim_simt_ret(&s, 0xAAAAAAAAu));   /* the odd lanes return early */
    assert_int_equal(sim_simt_pc(&s), 11);
    assert_int_equal(sim_simt_mask(&s), 0x55555555u);
    sim_simt_jump(&s, 18);                         /* the even lanes reach 18 ... */
    assert_int_equal(sim_simt_pc(&s), 18);
    assert_int_equal(sim_simt_mask(&s), 0x55555555u);   /* ... without the returned ones */
    assert_true(sim_simt_ret(&s, 0x55555555u));
    assert_int_equal(sim_simt_pc(&s), 1);
    assert_int_equal(sim_simt_mask(&s), 0xFFFFFFFFu);
    /* EXIT inside a callee ends those lanes everywhere */
    sim_simt_call(&s, 0xFFFFFFFFu, 10);
    sim_simt_exit(&s, 0x0000000Fu);
    assert_int_equal(sim_simt_pc(&s), 11);
    assert_true(sim_simt_ret(&s, 0xFFFFFFF0u));
    assert_int_equal(sim_simt_pc(&s), 2);
    assert_int_equal(sim_simt_mask(&s), 0xFFFFFFF0u);
    sim_simt_free(&s);
}

/* ---- assembly ---------------------------------------------------------------- */

/* out[tid] = R4 at the end; odd lanes call f, which returns early for
 * tid < 16 and exits for tid == 31. */
static const char k_divergent[] =
    "S2R R0, SR_TID.X\n"
    "LDC.64 R2, c[0x0][0x0]\n"
    "IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
    "MOV R4, 0x0\n"
    "LOP.AND R5, R0, 0x1\n"
    "ISETP.NE.U32.AND P0, R5, 0x0, PT\n"
    "@P0 CALL f\n"
    "IADD R4, R4, 0x100\n"
    "STG.32 [R2], R4\n"
    "EXIT\n"
    "f:\n"
    "IADD R4, R0, 0x7\n"
    "ISETP.LT.U32.AND P1, R0, 0x10, PT\n"
    "@P1 RET\n"
    "ISETP.EQ.U32.AND P1, R0, 0x1f, PT\n"
    "@P1 EXIT\n"
    "IMUL.LO.S32 R4, R4, 0x3\n"
    "RET\n";

static void test_call_divergent(void **state)
{
    (void)state;
    th *t = th_new();
    th_must_asm(t, k_divergent, 8);
    uint32_t *out = th_alloc(t, 32 * 4);
    for (unsigned i = 0; i < 32; i++)
        out[i] = 0xdead;
    th_param_ptr(t, 0, out);
    assert_int_equal(th_run(t, 1, 32), SIM_OK);
    for (uint32_t i = 0; i < 32; i++) {
        uint32_t want = (i & 1) == 0 ? 0x100 : i < 16 ? i + 7 + 0x100 : (i + 7) * 3 + 0x100;
        if (i == 31)
            want = 0xdead;   /* exited inside the callee */
        assert_int_equal(out[i], want);
    }
    sim_mem_free(t->mem, out);
    th_free(t);
}

/* sum(n) = n + sum(n - 1) with real frames: the argument and result in the
 * caller's outgoing area, R4..R7 saved by the callee. n = tid + c[0][8]. */
static const char k_sum[] =
    "S2R R0, SR_TID.X\n"
    "LDC.64 R2, c[0x0][0x0]\n"
    "IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
    "LDC.32 R4, c[0x0][0x8]\n"
    "IADD R0, R0, R4\n"
    "S2R R1, SR_STACKTOP\n"
    "ENTER R1, R1, 0x10\n"
    "STL.32 [R1], R0\n"
    "CALL sum\n"
    "LDL.32 R4, [R1+0x4]\n"
    "STG.32 [R2], R4\n"
    "EXIT\n"
    "sum:\n"
    "ENTER R1, R1, 0x20\n"
    "STL.128 [R1+0x10], R4\n"
    "LDL.32 R4, [R1+0x20]\n"
    "MOV R5, 0x0\n"
    "ISETP.EQ.U32.AND P0, R4, 0x0, PT\n"
    "@P0 BRA done, done\n"
    "IADD R6, R4, -0x1\n"
    "STL.32 [R1], R6\n"
    "CALL sum\n"
    "LDL.32 R5, [R1+0x4]\n"
    "IADD R5, R5, R4\n"
    "done:\n"
    "STL.32 [R1+0x24], R5\n"
    "LDL.128 R4, [R1+0x10]\n"
    "IADD R1, R1, 0x20\n"
    "RET\n";

static void test_recursion_depth(void **state)
{
    (void)state;
    th *t = th_new();
    t->stack_size = 0x1000;   /* the launch's stack, above no locals */
    th_must_asm(t, k_sum, 8);
    uint32_t *out = th_alloc(t, 32 * 4);
    th_param_ptr(t, 0, out);
    th_param_u32(t, 8, 50);   /* depth 50 .. 81: 32 bytes a frame */
    assert_int_equal(th_run(t, 1, 32), SIM_OK);
    for (uint32_t i = 0; i < 32; i++)
        assert_int_equal(out[i], (i + 50) * (i + 51) / 2);
    assert_true(t->stats.warp_insns > 0);
    sim_mem_free(t->mem, out);
    th_free(t);
}

static void test_stack_overflow(void **state)
{
    (void)state;
    th *t = th_new();
    t->stack_size = 0x1000;   /* the launch's stack, above no locals */
    th_must_asm(t, k_sum, 8);
    uint32_t *out = th_alloc(t, 32 * 4);
    th_param_ptr(t, 0, out);
    th_param_u32(t, 8, 200);  /* 200 frames of 32 bytes > 4 KiB */
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_ADDRESS);
    assert_non_null(strstr(t->fault.message, "stack overflow in kernel 'test_kernel'"));
    assert_non_null(strstr(t->fault.message, "ENTER R1, R1, 0x20"));
    assert_non_null(strstr(t->fault.message, "a frame of 32 bytes does not fit in the 16 bytes"));
    assert_int_equal(t->fault.ptx_line, 14);   /* the callee's ENTER */
    sim_mem_free(t->mem, out);
    th_free(t);
}

static void test_ret_outside_call(void **state)
{
    (void)state;
    th *t = th_new();
    th_must_asm(t, "RET\nEXIT\n", 4);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "RET outside a function call"));
    th_free(t);
}

/* indirect calls: even lanes call f (id 0, at 16), odd lanes g (id 3, at
 * 18) through 64-bit function ids in R8:R9; lanes 28..31 do not call; all
 * meet after the CALLR */
static const char k_callr[] =
    "S2R R0, SR_TID.X\n"                    /* 0 */
    "LDC.64 R2, c[0x0][0x0]\n"
    "IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
    "MOV R6, 0x0\n"
    "LOP.AND R5, R0, 0x1\n"
    "ISETP.EQ.U32.AND P0, R5, 0x0, PT\n"    /* 5 */
    "SEL R8, RZ, 0x3, P0\n"
    "MOV R9, 0xf0c00000\n"
    "ISETP.LT.U32.AND P1, R0, 0x1c, PT\n"
    "@P1 CALLR R8\n"
    "IADD R6, R6, 0x1000\n"                 /* 10 */
    "STG.32 [R2], R6\n"
    "EXIT\n"
    "NOP\n"
    "NOP\n"
    "NOP\n"                                 /* 15 */
    "f:\n"
    "IADD R6, R0, 0x64\n"                   /* 16 */
    "RET\n"
    "g:\n"
    "IMUL.LO.S32 R6, R0, 0x3\n"             /* 18 */
    "RET\n";

/* Gives t's kernel the function table ids -> pcs and predecodes it again. */
static void with_table(th *t, const isa_fn_entry *tbl, uint32_t n)
{
    t->k.fn_table = (isa_fn_entry *)tbl;
    t->k.nfn_table = n;
    sim_program_destroy(t->prog);
    t->prog = sim_program_create(&t->k, t->err, sizeof t->err);
    t->k.fn_table = NULL;   /* borrowed: the program keeps its own copy */
    t->k.nfn_table = 0;
    if (t->prog == NULL)
        fail_msg("%s", t->err);
}

static void test_callr_lanes_to_different_functions(void **state)
{
    (void)state;
    th *t = th_new();
    th_must_asm(t, k_callr, 10);
    uint32_t f, g;
    assert_true(th_resolve(t, "f", &f) && f == 16);
    assert_true(th_resolve(t, "g", &g) && g == 18);
    static const isa_fn_entry tbl[] = { { 0, 16 }, { 3, 18 } };
    with_table(t, tbl, 2);
    uint32_t *out = th_alloc(t, 32 * 4);
    th_param_ptr(t, 0, out);
    assert_int_equal(th_run(t, 1, 32), SIM_OK);
    for (uint32_t i = 0; i < 32; i++)
        assert_int_equal(out[i], i >= 28 ? 0x1000 : (i & 1) ? i * 3 + 0x1000 : i + 100 + 0x1000);
    sim_mem_free(t->mem, out);
    th_free(t);
}

/* an id missing from the table, a raw pc (no tag) and a kernel without a
 * table all fault, naming the lane and the value */
static void test_callr_bad_target(void **state)
{
    (void)state;
    static const isa_fn_entry tbl[] = { { 0, 3 }, { 2, 3 } };
    static const struct { const char *src; uint32_t ntbl; const char *want; } cases[] = {
        { "S2R R4, SR_TID.X\nMOV R5, 0xf0c00000\nCALLR R4\nEXIT\n", 2,
          "thread (1,0,0) (lane 1): indirect call through 0xf0c0000000000001" },
        { "S2R R0, SR_TID.X\nIADD R4, R0, 0x3\nMOV R5, RZ\nCALLR R4\nEXIT\n", 2,
          "thread (0,0,0) (lane 0): indirect call through 0x0000000000000003" },
        { "MOV R4, RZ\nMOV R5, 0xf0c00000\nCALLR R4\nEXIT\n", 0,
          "indirect call through 0xf0c0000000000000, which is not the address of a function" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th *t = th_new();
        th_must_asm(t, cases[i].src, 8);
        with_table(t, tbl, cases[i].ntbl);
        assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_INSN);
        if (strstr(t->fault.message, cases[i].want) == NULL ||
            strstr(t->fault.message, "bad function pointer in kernel") == NULL)
            fail_msg("case %zu: %s", i, t->fault.message);
        th_free(t);
    }
}

/* a table entry outside the code or out of order is refused at predecode */
static void test_callr_bad_table(void **state)
{
    (void)state;
    th *t = th_new();
    th_must_asm(t, "EXIT\n", 4);
    static const isa_fn_entry outside[] = { { 0, 7 } }, unordered[] = { { 2, 0 }, { 1, 0 } };
    const isa_fn_entry *bad[] = { outside, unordered };
    uint32_t n[] = { 1, 2 };
    for (unsigned i = 0; i < 2; i++) {
        t->k.fn_table = (isa_fn_entry *)bad[i];
        t->k.nfn_table = n[i];
        assert_null(sim_program_create(&t->k, t->err, sizeof t->err));
        assert_non_null(strstr(t->err, "function table entry"));
    }
    t->k.fn_table = NULL;
    t->k.nfn_table = 0;
    th_free(t);
}

static void test_simt_call_each(void **state)
{
    (void)state;
    sim_simt s;
    uint32_t target[32];
    assert_true(sim_simt_init(&s));
    sim_simt_reset(&s, 7, 0xFFFFFFFFu);
    for (unsigned l = 0; l < 32; l++)
        target[l] = l < 8 ? 40 : 50;
    assert_int_equal(sim_simt_call_each(&s, 0x0000FFFFu, target), SIM_SIMT_DIVERGED);
    assert_int_equal(sim_simt_pc(&s), 40);              /* the lowest lane's target first */
    assert_int_equal(sim_simt_mask(&s), 0x000000FFu);
    assert_true(sim_simt_ret(&s, 0x000000FFu));
    assert_int_equal(sim_simt_pc(&s), 50);
    assert_int_equal(sim_simt_mask(&s), 0x0000FF00u);
    assert_true(sim_simt_ret(&s, 0x0000FF00u));
    assert_int_equal(sim_simt_pc(&s), 8);               /* all together after the call */
    assert_int_equal(sim_simt_mask(&s), 0xFFFFFFFFu);
    assert_int_equal(s.depth, 1);
    sim_simt_free(&s);
}

/* ---- PTX .func calls through the front end ----------------------------------- */

/* f takes a u8, u16, u32, u64 and a 24-byte struct by value and returns a
 * 16-byte struct; k calls it once per thread and stores both members. */
static const char k_args[] =
    ".version 8.0\n"
    ".target sm_80\n"
    ".address_size 64\n"
    ".func (.param .align 8 .b8 func_retval0[16]) f(\n"
    "  .param .b8 f_param_0,\n"
    "  .param .b16 f_param_1,\n"
    "  .param .b32 f_param_2,\n"
    "  .param .b64 f_param_3,\n"
    "  .param .align 8 .b8 f_param_4[24]\n"
    ")\n"
    "{\n"
    "  .reg .b16 %rs<3>;\n"
    "  .reg .b32 %r<8>;\n"
    "  .reg .b64 %rd<8>;\n"
    "  ld.param.u8 %rs1, [f_param_0];\n"
    "  ld.param.u16 %rs2, [f_param_1];\n"
    "  ld.param.u32 %r1, [f_param_2];\n"
    "  ld.param.u64 %rd1, [f_param_3];\n"
    "  ld.param.u64 %rd2, [f_param_4];\n"
    "  ld.param.u32 %r2, [f_param_4+8];\n"
    "  ld.param.u64 %rd3, [f_param_4+16];\n"
    "  cvt.u32.u16 %r3, %rs1;\n"
    "  cvt.u32.u16 %r4, %rs2;\n"
    "  add.s32 %r5, %r3, %r4;\n"
    "  add.s32 %r6, %r5, %r1;\n"
    "  add.s32 %r7, %r6, %r2;\n"
    "  add.s64 %rd4, %rd1, %rd2;\n"
    "  add.s64 %rd5, %rd4, %rd3;\n"
    "  st.param.b32 [func_retval0+0], %r7;\n"
    "  st.param.b64 [func_retval0+8], %rd5;\n"
    "  ret;\n"
    "}\n"
    ".visible .entry k(.param .u64 k_param_0)\n"
    "{\n"
    "  .reg .b16 %rs<3>;\n"
    "  .reg .b32 %r<8>;\n"
    "  .reg .b64 %rd<12>;\n"
    "  ld.param.u64 %rd1, [k_param_0];\n"
    "  cvta.to.global.u64 %rd2, %rd1;\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  add.s32 %r5, %r1, 250;\n"
    "  cvt.u16.u32 %rs1, %r5;\n"
    "  mul.lo.s32 %r6, %r1, 3000;\n"
    "  cvt.u16.u32 %rs2, %r6;\n"
    "  mul.lo.s32 %r2, %r1, 100000;\n"
    "  cvt.u64.u32 %rd3, %r1;\n"
    "  shl.b64 %rd7, %rd3, 40;\n"
    "  mul.lo.s64 %rd4, %rd3, 7;\n"
    "  add.s32 %r3, %r1, 5;\n"
    "  not.b64 %rd5, %rd3;\n"
    "  {\n"
    "  .param .b8 param0;\n"
    "  st.param.b8 [param0+0], %rs1;\n"
    "  .param .b16 param1;\n"
    "  st.param.b16 [param1+0], %rs2;\n"
    "  .param .b32 param2;\n"
    "  st.param.b32 [param2+0], %r2;\n"
    "  .param .b64 param3;\n"
    "  st.param.b64 [param3+0], %rd7;\n"
    "  .param .align 8 .b8 param4[24];\n"
    "  st.param.b64 [param4+0], %rd4;\n"
    "  st.param.b32 [param4+8], %r3;\n"
    "  st.param.b64 [param4+16], %rd5;\n"
    "  .param .align 8 .b8 retval0[16];\n"
    "  call.uni (retval0), f, (param0, param1, param2, param3, param4);\n"
    "  ld.param.b32 %r4, [retval0+0];\n"
    "  ld.param.b64 %rd6, [retval0+8];\n"
    "  }\n"
    "  mul.wide.u32 %rd8, %r1, 16;\n"
    "  add.s64 %rd9, %rd2, %rd8;\n"
    "  cvt.u64.u32 %rd10, %r4;\n"
    "  st.global.u64 [%rd9], %rd10;\n"
    "  st.global.u64 [%rd9+8], %rd6;\n"
    "  ret;\n"
    "}\n";

/* Lowers `ptx`, runs its first kernel on one warp with one pointer
 * parameter to `out`; returns the status. */
static sim_status run_ptx(th *t, const char *ptx, void *out)
{
    char err[512];
    isa_module *m = ptx_compile(ptx, strlen(ptx), "test.ptx", err, sizeof err);
    if (m == NULL)
        fail_msg("%s", err);
    sim_program *p = sim_program_create(&m->kernels[0], err, sizeof err);
    if (p == NULL)
        fail_msg("%s", err);
    th_param_ptr(t, 0, out);
    sim_gpu_destroy(t->gpu);
    t->gpu = sim_gpu_create(&t->cfg, t->mem);
    t->launch = (sim_launch){ .prog = p, .kernel = &m->kernels[0], .grid = { 1, 1, 1 },
                              .block = { 32, 1, 1 }, .grid_id = 1 };
    t->launch.bank[ISA_BANK_PARAM] = t->params;
    t->launch.bank_size[ISA_BANK_PARAM] = sizeof t->params;
    sim_status st = sim_run(t->gpu, &t->launch, &t->stats, &t->fault);
    sim_program_destroy(p);
    isa_module_free(m);
    return st;
}

static void test_ptx_args_of_every_size(void **state)
{
    (void)state;
    th *t = th_new();
    uint64_t *out = th_alloc(t, 32 * 16);
    assert_int_equal(run_ptx(t, k_args, out), SIM_OK);
    for (uint64_t i = 0; i < 32; i++) {
        uint32_t a = (uint32_t)(((i + 250) & 0xff) + ((i * 3000) & 0xffff) + i * 100000 + i + 5);
        uint64_t b = (i << 40) + i * 7 + ~i;
        assert_int_equal(out[2 * i], a);
        assert_int_equal(out[2 * i + 1], b);
    }
    sim_mem_free(t->mem, out);
    th_free(t);
}

/* fib through a prototype declared before the definition; odd lanes only */
static const char k_fib[] =
    ".version 8.0\n"
    ".target sm_80\n"
    ".address_size 64\n"
    ".func (.param .b32 func_retval0) fib(.param .b32 fib_param_0);\n"
    ".visible .entry k(.param .u64 k_param_0)\n"
    "{\n"
    "  .reg .pred %p<2>;\n"
    "  .reg .b32 %r<6>;\n"
    "  .reg .b64 %rd<5>;\n"
    "  ld.param.u64 %rd1, [k_param_0];\n"
    "  cvta.to.global.u64 %rd2, %rd1;\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  mul.wide.u32 %rd3, %r1, 4;\n"
    "  add.s64 %rd4, %rd2, %rd3;\n"
    "  and.b32 %r2, %r1, 1;\n"
    "  setp.eq.s32 %p1, %r2, 0;\n"
    "  @%p1 bra $L_done;\n"
    "  shr.u32 %r3, %r1, 1;\n"
    "  {\n"
    "  .param .b32 param0;\n"
    "  st.param.b32 [param0+0], %r3;\n"
    "  .param .b32 retval0;\n"
    "  call (retval0), fib, (param0);\n"
    "  ld.param.b32 %r4, [retval0+0];\n"
    "  }\n"
    "  st.global.u32 [%rd4], %r4;\n"
    "$L_done:\n"
    "  ret;\n"
    "}\n"
    ".func (.param .b32 func_retval0) fib(.param .b32 fib_param_0)\n"
    "{\n"
    "  .reg .pred %p<2>;\n"
    "  .reg .b32 %r<8>;\n"
    "  ld.param.u32 %r1, [fib_param_0];\n"
    "  setp.lt.s32 %p1, %r1, 2;\n"
    "  mov.u32 %r7, %r1;\n"
    "  @%p1 bra $L_ret;\n"
    "  add.s32 %r2, %r1, -1;\n"
    "  {\n"
    "  .param .b32 param0;\n"
    "  st.param.b32 [param0+0], %r2;\n"
    "  .param .b32 retval0;\n"
    "  call.uni (retval0), fib, (param0);\n"
    "  ld.param.b32 %r3, [retval0+0];\n"
    "  }\n"
    "  add.s32 %r4, %r1, -2;\n"
    "  {\n"
    "  .param .b32 param0;\n"
    "  st.param.b32 [param0+0], %r4;\n"
    "  .param .b32 retval0;\n"
    "  call.uni (retval0), fib, (param0);\n"
    "  ld.param.b32 %r5, [retval0+0];\n"
    "  }\n"
    "  add.s32 %r7, %r5, %r3;\n"
    "$L_ret:\n"
    "  st.param.b32 [func_retval0+0], %r7;\n"
    "  ret;\n"
    "}\n";

static void test_ptx_recursion_in_divergent_code(void **state)
{
    (void)state;
    static const uint32_t fib[16] = { 0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610 };
    th *t = th_new();
    uint32_t *out = th_alloc(t, 32 * 4);
    for (unsigned i = 0; i < 32; i++)
        out[i] = 0xdead;
    assert_int_equal(run_ptx(t, k_fib, out), SIM_OK);
    for (unsigned i = 0; i < 32; i++)
        assert_int_equal(out[i], (i & 1) ? fib[i / 2] : 0xdead);
    sim_mem_free(t->mem, out);
    th_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simt_call_ret),
        cmocka_unit_test(test_simt_divergence_inside_callee),
        cmocka_unit_test(test_call_divergent),
        cmocka_unit_test(test_recursion_depth),
        cmocka_unit_test(test_stack_overflow),
        cmocka_unit_test(test_ret_outside_call),
        cmocka_unit_test(test_callr_lanes_to_different_functions),
        cmocka_unit_test(test_callr_bad_target),
        cmocka_unit_test(test_callr_bad_table),
        cmocka_unit_test(test_simt_call_each),
        cmocka_unit_test(test_ptx_args_of_every_size),
        cmocka_unit_test(test_ptx_recursion_in_divergent_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
