/* tests/unit/test_sim_pspill.c — predicate spilling end to end: PTX with
 * 17 predicates live at once is lowered (the excess kept as 0/1 words in
 * general registers, isa/ptx/lower_regalloc_pspill.c) and run on the
 * simulator over divergent warps; every lane's results are compared with
 * a C reference. Exercises spilled predicates as guards, as selp/PLOP
 * sources, as branch conditions, live around a loop, and a guarded
 * redefinition (lanes the guard excludes keep the old value). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "isa/ptx/lower.h"
#include "tests/unit/sim_harness.h"

#define NBITS 16   /* p1..p16 from the bits of x, p17 = p1 ^ p16 */

static int put(char *buf, size_t cap, int n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int put(char *buf, size_t cap, int n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + n, cap - (size_t)n, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)(n + k) < cap);
    return n + k;
}

/* mix(y) = y & 0x1FF through nine predicates of its own: called with
 * the kernel's seventeen live, its frame saves the predicates and the
 * registers (spill words included) it uses. */
static int mix_func(char *s, size_t cap, int n)
{
    n = put(s, cap, n, ".func (.param .b32 func_retval0) mix(.param .b32 mix_param_0)\n{\n"
            ".reg .pred %%p<12>;\n.reg .b32 %%r<8>;\nld.param.u32 %%r1, [mix_param_0];\n");
    for (int k = 1; k <= 9; k++)
        n = put(s, cap, n, "and.b32 %%r2, %%r1, %d;\nsetp.ne.u32 %%p%d, %%r2, 0;\n",
                1 << (k - 1), k);
    n = put(s, cap, n, "mov.u32 %%r3, 0;\n");
    for (int k = 1; k <= 9; k++)
        n = put(s, cap, n, "selp.b32 %%r4, %d, 0, %%p%d;\nor.b32 %%r3, %%r3, %%r4;\n",
                1 << (k - 1), k);
    return put(s, cap, n, "st.param.b32 [func_retval0], %%r3;\nret;\n}\n\n");
}

/* io[i] = { x, y, acc (out), mask (out) } for i < n; with_call: acc
 * starts from mix(y) instead of 0. */
static char *many_preds_ptx(bool with_call)
{
    size_t cap = 16384;
    char *s = malloc(cap);
    assert_non_null(s);
    int n = put(s, cap, 0, ".version 8.0\n.target sm_80\n.address_size 64\n\n");
    if (with_call)
        n = mix_func(s, cap, n);
    n = put(s, cap, n, ".visible .entry many(.param .u64 io, .param .u32 n)\n{\n"
                ".reg .pred %%p<20>;\n.reg .b32 %%r<40>;\n.reg .b64 %%rd<4>;\n"
                "ld.param.u64 %%rd1, [io];\nld.param.u32 %%r1, [n];\n"
                "mov.u32 %%r2, %%tid.x;\nmov.u32 %%r3, %%ctaid.x;\nmov.u32 %%r4, %%ntid.x;\n"
                "mad.lo.s32 %%r5, %%r3, %%r4, %%r2;\n"
                "setp.ge.u32 %%p0, %%r5, %%r1;\n@%%p0 bra DONE;\n"
                "mul.wide.u32 %%rd2, %%r5, 16;\nadd.s64 %%rd3, %%rd1, %%rd2;\n"
                "ld.global.u32 %%r6, [%%rd3];\nld.global.u32 %%r7, [%%rd3+4];\n");
    for (int k = 1; k <= NBITS; k++)
        n = put(s, cap, n, "and.b32 %%r10, %%r6, %d;\nsetp.ne.u32 %%p%d, %%r10, 0;\n",
                1 << (k - 1), k);
    n = put(s, cap, n, "xor.pred %%p17, %%p1, %%p16;\n"
            "@%%p2 setp.lt.u32 %%p3, %%r7, 100;\n"    /* guarded redefinitions */
            "@!%%p13 setp.lt.u32 %%p12, %%r7, 50;\n"
            "and.pred %%p19, %%p14, %%p15;\n@%%p19 add.s32 %%r7, %%r7, 1;\n");
    if (with_call)
        n = put(s, cap, n, "{\n.param .b32 param0;\nst.param.b32 [param0], %%r7;\n"
                ".param .b32 retval0;\ncall.uni (retval0), mix, (param0);\n"
                "ld.param.b32 %%r20, [retval0];\n}\n");
    else
        n = put(s, cap, n, "mov.u32 %%r20, 0;\n");
    for (int k = 1; k <= NBITS + 1; k++)
        n = put(s, cap, n, "@%%p%d add.s32 %%r20, %%r20, %d;\n", k, k * k);
    n = put(s, cap, n, "@!%%p5 bra SKIP;\nadd.s32 %%r20, %%r20, 1000;\nSKIP:\n"
            "and.b32 %%r11, %%r7, 3;\nmov.u32 %%r21, 0;\n"
            "LOOP:\n@%%p4 add.s32 %%r20, %%r20, 7;\nadd.s32 %%r21, %%r21, 1;\n"
            "setp.le.u32 %%p18, %%r21, %%r11;\n@%%p18 bra LOOP;\n"
            "mov.u32 %%r30, 0;\n");
    for (int k = 1; k <= NBITS + 1; k++)
        n = put(s, cap, n, "selp.b32 %%r31, %d, 0, %%p%d;\nor.b32 %%r30, %%r30, %%r31;\n",
                1 << (k - 1), k);
    put(s, cap, n, "st.global.u32 [%%rd3+8], %%r20;\nst.global.u32 [%%rd3+12], %%r30;\n"
        "DONE:\nret;\n}\n");
    return s;
}

static void many_ref(uint32_t x, uint32_t y, bool with_call, uint32_t *acc, uint32_t *mask)
{
    bool b[NBITS + 2];
    for (int k = 1; k <= NBITS; k++)
        b[k] = (x >> (k - 1)) & 1;
    b[NBITS + 1] = b[1] ^ b[NBITS];
    if (b[2])
        b[3] = y < 100;
    if (!b[13])
        b[12] = y < 50;
    y += b[14] && b[15];
    *acc = with_call ? y & 0x1FF : 0;
    *mask = 0;
    for (int k = 1; k <= NBITS + 1; k++) {
        *acc += b[k] ? (uint32_t)(k * k) : 0;
        *mask |= b[k] ? 1u << (k - 1) : 0;
    }
    if (b[5])
        *acc += 1000;
    for (uint32_t j = 0; j <= (y & 3); j++)
        *acc += b[4] ? 7 : 0;
}

static unsigned count_op(const isa_kernel *k, isa_op op)
{
    unsigned c = 0;
    for (uint32_t i = 0; i < k->ninsns; i++) {
        isa_insn in;
        char err[128];
        if (!isa_decode(k->code[i], &in, err, sizeof err))
            fail_msg("decode %u: %s", i, err);
        c += in.op == op;
    }
    return c;
}

static void run_many(bool with_call)
{
    char *ptx = many_preds_ptx(with_call);
    char err[512];
    isa_module *mod = ptx_compile(ptx, strlen(ptx), "many.ptx", err, sizeof err);
    free(ptx);
    if (mod == NULL)
        fail_msg("compile: %s", err);
    const isa_kernel *k = isa_module_find_kernel(mod, "many");
    assert_non_null(k);
    assert_true(k->npreds <= ISA_PT);
    assert_true(count_op(k, OP_P2R) > 0);     /* some predicates were spilled */
    sim_program *prog = sim_program_create(k, err, sizeof err);
    if (prog == NULL)
        fail_msg("predecode: %s", err);
    sim_mem *mem = sim_mem_create();
    sim_config cfg;
    sim_config_default(&cfg);
    sim_gpu *gpu = sim_gpu_create(&cfg, mem);
    assert_non_null(gpu);
    const uint32_t n = 100, threads = 128;
    uint32_t *io = sim_mem_alloc(mem, 16 * threads, SIM_ALLOC_DEVICE, NULL);
    assert_non_null(io);
    uint64_t seed = 12345;
    for (uint32_t i = 0; i < threads; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        io[4 * i] = (uint32_t)(seed >> 29);
        io[4 * i + 1] = (uint32_t)(seed >> 13) % 200;
        io[4 * i + 2] = io[4 * i + 3] = 0xdeadbeef;
    }
    io[0] = 0xFFFF;   /* every predicate true */
    io[4] = 0;        /* every predicate false */
    uint8_t params[16];
    uint64_t p = (uint64_t)(uintptr_t)io;
    memcpy(params, &p, 8);
    memcpy(params + 8, &n, 4);
    sim_launch l = { .prog = prog, .kernel = k, .grid = { 2, 1, 1 }, .block = { 64, 1, 1 } };
    l.bank[ISA_BANK_PARAM] = params;
    l.bank_size[ISA_BANK_PARAM] = sizeof params;
    sim_stats stats;
    sim_fault fault;
    assert_int_equal(sim_run(gpu, &l, &stats, &fault), SIM_OK);
    for (uint32_t i = 0; i < threads; i++) {
        uint32_t acc = 0xdeadbeef, mask = 0xdeadbeef;
        if (i < n)
            many_ref(io[4 * i], io[4 * i + 1], with_call, &acc, &mask);
        if (io[4 * i + 2] != acc || io[4 * i + 3] != mask)
            fail_msg("thread %u (x=%#x y=%u): acc %u mask %#x, expected %u %#x", i, io[4 * i],
                     io[4 * i + 1], io[4 * i + 2], io[4 * i + 3], acc, mask);
    }
    sim_mem_free(mem, io);
    sim_gpu_destroy(gpu);
    sim_mem_destroy(mem);
    sim_program_destroy(prog);
    isa_module_free(mod);
}

static void test_many_live_predicates(void **state)
{
    (void)state;
    run_many(false);
}

/* The same live across a call of a .func that spills predicates too. */
static void test_spilled_predicates_across_call(void **state)
{
    (void)state;
    run_many(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_live_predicates),
        cmocka_unit_test(test_spilled_predicates_across_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
