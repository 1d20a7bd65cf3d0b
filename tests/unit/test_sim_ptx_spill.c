/* tests/unit/test_sim_ptx_spill.c — general-register spilling
 * (isa/ptx/lower_regalloc_spill.c), end to end: generated PTX keeps more
 * values live than R0..R254 (or a .maxnreg limit) hold, the lowering spills
 * them to local memory, the simulator runs the result and the checksum must
 * equal the one computed here in C. Covers 32-bit values, 64-bit pairs,
 * predicates spilled at the same time (into general registers that may be
 * spilled in turn), and spills around a recursive .func call whose own
 * frame spills too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "isa/ptx/lower.h"
#include "tests/unit/sim_harness.h"

#define NT 64   /* threads: two warps, one CTA */

/* ---- a growable text buffer for the generated PTX ---- */

typedef struct sb {
    char  *p;
    size_t n, cap;
} sb;

static void sb_add(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sb *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->p != NULL ? b->p + b->n : NULL, b->cap - b->n, fmt, ap);
        va_end(ap);
        assert_true(k >= 0);
        if (b->n + (size_t)k < b->cap) {
            b->n += (size_t)k;
            return;
        }
        size_t cap = b->cap != 0 ? b->cap * 2 : 1 << 16;
        while (cap <= b->n + (size_t)k)
            cap *= 2;
        char *q = realloc(b->p, cap);
        assert_non_null(q);
        b->p = q;
        b->cap = cap;
    }
}

/* ---- the generated kernel ---- */

typedef struct gen {
    unsigned n32, n64;   /* 32-bit and 64-bit values live at once */
    unsigned npred;      /* predicates live at once (over P0..P6 when > 7) */
    unsigned maxnreg;    /* .maxnreg, 0: none */
    unsigned depth;      /* > 0: call rec(depth - 1) while the values are live */
    unsigned rec_k;      /* values rec keeps live across its own call */
} gen;

/* rec(n, p): loads rec_k values at p (xor n), calls rec(n - 1, p) unless n
 * is 0, then folds the values into the result: they live across the call. */
static void gen_rec(sb *b, const gen *g)
{
    sb_add(b, ".func (.param .b32 rv) rec(.param .b32 rn, .param .b64 rp)\n{\n"
              "  .reg .pred %%p<2>;\n  .reg .b32 %%r<%u>;\n  .reg .b32 %%t<4>;\n"
              "  .reg .b64 %%q<2>;\n"
              "  ld.param.u32 %%t1, [rn];\n  ld.param.u64 %%q1, [rp];\n", g->rec_k + 1);
    for (unsigned i = 0; i < g->rec_k; i++)
        sb_add(b, "  ld.global.u32 %%r%u, [%%q1+%u];\n  xor.b32 %%r%u, %%r%u, %%t1;\n", i,
               4 * NT * i, i, i);
    sb_add(b, "  mov.u32 %%t3, 0;\n  setp.eq.s32 %%p1, %%t1, 0;\n  @%%p1 bra $DONE;\n"
              "  add.s32 %%t2, %%t1, -1;\n  {\n  .param .b32 a0;\n  st.param.b32 [a0], %%t2;\n"
              "  .param .b64 a1;\n  st.param.b64 [a1], %%q1;\n  .param .b32 r0;\n"
              "  call.uni (r0), rec, (a0, a1);\n  ld.param.b32 %%t3, [r0];\n  }\n$DONE:\n");
    for (unsigned i = g->rec_k; i-- > 0;)
        sb_add(b, "  mad.lo.u32 %%t3, %%t3, 31, %%r%u;\n", i);
    sb_add(b, "  add.s32 %%t3, %%t3, %%t1;\n  st.param.b32 [rv], %%t3;\n  ret;\n}\n");
}

static char *gen_ptx(const gen *g)
{
    sb b = { 0 };
    sb_add(&b, ".version 8.0\n.target sm_80\n.address_size 64\n\n");
    if (g->depth > 0)
        gen_rec(&b, g);
    sb_add(&b, ".visible .entry spill(.param .u64 pa, .param .u64 pb, .param .u64 pout)\n");
    if (g->maxnreg != 0)
        sb_add(&b, ".maxnreg %u\n", g->maxnreg);
    sb_add(&b, "{\n  .reg .pred %%p<%u>;\n  .reg .b32 %%r<%u>;\n  .reg .b64 %%rd<%u>;\n"
               "  .reg .b32 %%t<8>;\n  .reg .b64 %%q<8>;\n",
           g->npred + 1, g->n32 + 1, g->n64 + 1);
    sb_add(&b, "  ld.param.u64 %%q1, [pa];\n  ld.param.u64 %%q2, [pb];\n"
               "  ld.param.u64 %%q3, [pout];\n  mov.u32 %%t1, %%tid.x;\n"
               "  mul.wide.u32 %%q4, %%t1, 4;\n  add.s64 %%q1, %%q1, %%q4;\n"
               "  mul.wide.u32 %%q4, %%t1, 8;\n  add.s64 %%q2, %%q2, %%q4;\n"
               "  add.s64 %%q3, %%q3, %%q4;\n");
    for (unsigned i = 0; i < g->n32; i++)
        sb_add(&b, "  ld.global.u32 %%r%u, [%%q1+%u];\n", i, 4 * NT * i);
    for (unsigned i = 0; i < g->n64; i++)
        sb_add(&b, "  ld.global.u64 %%rd%u, [%%q2+%u];\n", i, 8 * NT * i);
    for (unsigned j = 0; j < g->npred; j++)
        sb_add(&b, "  and.b32 %%t4, %%r%u, %u;\n  setp.ne.u32 %%p%u, %%t4, 0;\n", j,
               1u << (j % 5), j);
    sb_add(&b, "  mov.u32 %%t2, 7;\n  mov.u64 %%q5, 11;\n");
    if (g->depth > 0)
        sb_add(&b, "  {\n  .param .b32 a0;\n  st.param.b32 [a0], %u;\n  .param .b64 a1;\n"
                   "  st.param.b64 [a1], %%q1;\n  .param .b32 r0;\n"
                   "  call.uni (r0), rec, (a0, a1);\n  ld.param.b32 %%t2, [r0];\n  }\n",
               g->depth - 1);
    for (unsigned i = g->n32; i-- > 0;)
        sb_add(&b, "  mad.lo.u32 %%t2, %%t2, 31, %%r%u;\n", i);
    for (unsigned i = g->n64; i-- > 0;)
        sb_add(&b, "  mul.lo.u64 %%q5, %%q5, 1000003;\n  xor.b64 %%q5, %%q5, %%rd%u;\n", i);
    for (unsigned j = 0; j < g->npred; j++)
        sb_add(&b, "  selp.u32 %%t4, %u, 0, %%p%u;\n  add.s32 %%t2, %%t2, %%t4;\n", j + 1, j);
    sb_add(&b, "  cvt.u64.u32 %%q6, %%t2;\n  add.s64 %%q5, %%q5, %%q6;\n"
               "  st.global.u64 [%%q3], %%q5;\n  ret;\n}\n");
    return b.p;
}

/* ---- the same in C ---- */

static uint32_t ref_rec(const gen *g, const uint32_t *a, unsigned tid, unsigned n)
{
    uint32_t t = n == 0 ? 0 : ref_rec(g, a, tid, n - 1);
    for (unsigned i = g->rec_k; i-- > 0;)
        t = t * 31 + (a[i * NT + tid] ^ n);
    return t + n;
}

static uint64_t ref_thread(const gen *g, const uint32_t *a, const uint64_t *b, unsigned tid)
{
    uint32_t t = g->depth > 0 ? ref_rec(g, a, tid, g->depth - 1) : 7;
    uint64_t q = 11;
    for (unsigned i = g->n32; i-- > 0;)
        t = t * 31 + a[i * NT + tid];
    for (unsigned i = g->n64; i-- > 0;)
        q = (q * 1000003) ^ b[i * NT + tid];
    for (unsigned j = 0; j < g->npred; j++)
        if (a[j * NT + tid] & (1u << (j % 5)))
            t += j + 1;
    return q + t;
}

/* Lowers, runs one CTA of NT threads and compares every thread's result;
 * returns the lowered kernel's header numbers through k (copied). */
static void run_case(const gen *g, isa_kernel *k)
{
    char *ptx = gen_ptx(g), err[512];
    isa_module *mod = ptx_compile(ptx, strlen(ptx), "spill.ptx", err, sizeof err);
    free(ptx);
    if (mod == NULL)
        fail_msg("compile: %s", err);
    *k = mod->kernels[0];
    sim_program *prog = sim_program_create(&mod->kernels[0], err, sizeof err);
    if (prog == NULL)
        fail_msg("predecode: %s", err);
    sim_mem *mem = sim_mem_create();
    sim_config cfg;
    sim_config_default(&cfg);
    unsigned rows = g->n32 > g->rec_k ? g->n32 : g->rec_k;
    uint32_t *a = sim_mem_alloc(mem, 4 * NT * (rows + 1), SIM_ALLOC_DEVICE, NULL);
    uint64_t *b = sim_mem_alloc(mem, 8 * NT * (g->n64 + 1), SIM_ALLOC_DEVICE, NULL);
    uint64_t *out = sim_mem_alloc(mem, 8 * NT, SIM_ALLOC_DEVICE, NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(out);
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (unsigned i = 0; i < NT * (rows + 1); i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        a[i] = (uint32_t)(x >> 29);
    }
    for (unsigned i = 0; i < NT * (g->n64 + 1); i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        b[i] = x ^ (x >> 31);
    }
    memset(out, 0, 8 * NT);
    uint8_t params[24];
    uint64_t ptrs[3] = { (uintptr_t)a, (uintptr_t)b, (uintptr_t)out };
    memcpy(params, ptrs, sizeof params);
    sim_gpu *gpu = sim_gpu_create(&cfg, mem);
    sim_launch l = { .prog = prog, .kernel = &mod->kernels[0], .grid = { 1, 1, 1 },
                     .block = { NT, 1, 1 }, .stack_size = 64 * 1024 };
    l.bank[ISA_BANK_PARAM] = params;
    l.bank_size[ISA_BANK_PARAM] = sizeof params;
    sim_stats stats;
    sim_fault fault;
    memset(&fault, 0, sizeof fault);
    sim_status st = sim_run(gpu, &l, &stats, &fault);
    if (st != SIM_OK)
        fail_msg("run: status %d: %s", (int)st, fault.message);
    for (unsigned t = 0; t < NT; t++)
        assert_int_equal(out[t], ref_thread(g, a, b, t));
    k->name = NULL;   /* the copy keeps only numbers */
    k->code = NULL;
    k->ptx_line = NULL;
    k->params = NULL;
    k->fn_table = NULL;
    sim_gpu_destroy(gpu);
    sim_program_destroy(prog);
    sim_mem_destroy(mem);
    isa_module_free(mod);
}

/* 300 32-bit and 140 64-bit values live at once: 580 words for 255 registers */
static void test_spill_many(void **state)
{
    (void)state;
    gen g = { .n32 = 300, .n64 = 140 };
    isa_kernel k;
    run_case(&g, &k);
    assert_true(k.nregs <= ISA_NUM_REGS);
    assert_true(k.spill_size >= 4 * (580 - ISA_NUM_REGS));
    assert_true(k.spill_size % 16 == 0);
    assert_true(k.local_size >= k.spill_size);
    assert_true(k.spill_stores > 0 && k.spill_loads > 0);
}

/* nothing spills when everything fits */
static void test_spill_none(void **state)
{
    (void)state;
    gen g = { .n32 = 100, .n64 = 40 };
    isa_kernel k;
    run_case(&g, &k);
    assert_int_equal(k.spill_size, 0);
    assert_int_equal(k.spill_stores, 0);
    assert_int_equal(k.spill_loads, 0);
    assert_int_equal(k.local_size, 0);
}

/* .maxnreg caps the registers: the same program spills in a small file */
static void test_spill_maxnreg(void **state)
{
    (void)state;
    gen g = { .n32 = 40, .n64 = 12, .maxnreg = 32 };
    isa_kernel k;
    run_case(&g, &k);
    assert_true(k.nregs <= 32);
    assert_true(k.spill_size > 0);
}

/* 12 predicates (P0..P6 hold 7) and 300 words: predicate spills go to
 * general registers, which are spilled in turn */
static void test_spill_with_predicates(void **state)
{
    (void)state;
    gen g = { .n32 = 300, .n64 = 0, .npred = 12 };
    isa_kernel k;
    run_case(&g, &k);
    assert_true(k.npreds <= 7);
    assert_true(k.spill_size > 0);
    gen small = { .n32 = 40, .n64 = 4, .npred = 10, .maxnreg = 24 };
    run_case(&small, &k);
    assert_true(k.nregs <= 24);
}

/* values spilled around a call of a recursive .func whose frame spills its
 * own 260 values around its own call: the slots of each level stay apart */
static void test_spill_recursion(void **state)
{
    (void)state;
    gen g = { .n32 = 270, .n64 = 8, .depth = 4, .rec_k = 260 };
    isa_kernel k;
    run_case(&g, &k);
    assert_true(k.spill_size > 0);
    gen small = { .n32 = 40, .n64 = 6, .npred = 9, .maxnreg = 32, .depth = 3, .rec_k = 20 };
    run_case(&small, &k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spill_many),
        cmocka_unit_test(test_spill_none),
        cmocka_unit_test(test_spill_maxnreg),
        cmocka_unit_test(test_spill_with_predicates),
        cmocka_unit_test(test_spill_recursion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
