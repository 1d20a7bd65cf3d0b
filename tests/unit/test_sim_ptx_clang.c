/* tests/unit/test_sim_ptx_clang.c — PTX from clang's CUDA device compilation
 * (LLVM NVPTX back end: `LBB` labels, `%SP`/`__local_depot` frames,
 * `.version 7.0`, demoted shared variables, cvta.to.global on parameters)
 * parses, lowers and runs on the simulator with the right results.
 * tests/ptx/clang_ops.ptx (-O2) and clang_ops_O0.ptx (-O0: cvta.const of a
 * __constant__ array, every value through the %SP frame) come from
 * tests/ptx/src/clang_ops.cu (commands in tests/ptx/README.md); each test
 * runs on both. clang_param loads a struct parameter through its address.
 * Hand-written kernels cover the generic constant window (cvta.param,
 * cvta.const, ISA_CONST_WINDOW): loads work, stores fault. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "isa/ptx/lower.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "isa/module.h"
#include "sim/sim.h"

typedef struct cl {
    isa_module *mod;
    sim_mem    *mem;
    sim_config  cfg;
    uint8_t    *bank1, *bank2;
    void      **addr;     /* per symbol: device address */
    uint8_t     params[64];
} cl;

static char *read_ptx(const char *name, size_t *len)
{
    const char *dir = getenv("COBALT_TEST_PTX_DIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "tests/ptx", name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot read %s (run from the repository root)", path);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* Compiles the module (from `text`, or the file when text is NULL) and
 * places its symbols the way the runtime does. */
static void cl_open_text(cl *c, const char *file, const char *src)
{
    char err[512];
    size_t len;
    memset(c, 0, sizeof *c);
    char *text = src != NULL ? strdup(src) : read_ptx(file, &len);
    assert_non_null(text);
    if (src != NULL)
        len = strlen(src);
    c->mod = ptx_compile(text, len, file, err, sizeof err);
    free(text);
    if (c->mod == NULL)
        fail_msg("compile %s: %s", file, err);
    c->mem = sim_mem_create();
    sim_config_default(&c->cfg);
    const isa_module *m = c->mod;
    c->bank1 = calloc(m->const_size + 1, 1);
    c->bank2 = calloc(m->globals_size + 1, 1);
    c->addr = calloc(m->nsymbols + 1, sizeof *c->addr);
    assert_true(c->bank1 && c->bank2 && c->addr);
    for (uint32_t i = 0; i < m->nsymbols; i++) {
        const isa_symbol *s = &m->symbols[i];
        if (s->space == ISA_SPACE_CONST) {
            if (s->init)
                memcpy(c->bank1 + s->offset, s->init, s->size);
            continue;
        }
        c->addr[i] = sim_mem_alloc(c->mem, s->size, SIM_ALLOC_SYMBOL, s->name);
        assert_non_null(c->addr[i]);
        if (s->init)
            memcpy(c->addr[i], s->init, s->size);
        uint64_t a = (uint64_t)(uintptr_t)c->addr[i];
        memcpy(c->bank2 + s->offset, &a, 8);
    }
}

static void cl_open(cl *c, const char *file) { cl_open_text(c, file, NULL); }

static void *cl_sym(cl *c, const char *name)
{
    for (uint32_t i = 0; i < c->mod->nsymbols; i++)
        if (strcmp(c->mod->symbols[i].name, name) == 0)
            return c->addr[i];
    fail_msg("no symbol %s", name);
    return NULL;
}

/* Runs the kernel; returns the status and leaves the fault in *fault. */
static sim_status cl_try(cl *c, const char *kernel, uint32_t grid, uint32_t block,
                         uint32_t nparams, sim_fault *fault)
{
    char err[512];
    const isa_kernel *k = isa_module_find_kernel(c->mod, kernel);
    if (k == NULL)
        fail_msg("no kernel %s", kernel);
    sim_program *prog = sim_program_create(k, err, sizeof err);
    if (prog == NULL)
        fail_msg("predecode %s: %s", kernel, err);
    sim_gpu *gpu = sim_gpu_create(&c->cfg, c->mem);
    sim_launch l = { .prog = prog, .kernel = k, .grid = { grid, 1, 1 }, .block = { block, 1, 1 } };
    l.bank[ISA_BANK_PARAM] = c->params;
    l.bank_size[ISA_BANK_PARAM] = nparams;
    l.bank[1] = c->bank1;
    l.bank_size[1] = c->mod->const_size;
    l.bank[2] = c->bank2;
    l.bank_size[2] = c->mod->globals_size;
    sim_stats st;
    sim_status s = sim_run(gpu, &l, &st, fault);
    sim_gpu_destroy(gpu);
    sim_program_destroy(prog);
    return s;
}

static void cl_run(cl *c, const char *kernel, uint32_t grid, uint32_t block, uint32_t nparams)
{
    sim_fault fault;
    sim_status s = cl_try(c, kernel, grid, block, nparams, &fault);
    if (s != SIM_OK)
        fail_msg("%s: sim_run status %d: %s", kernel, (int)s, fault.message);
}

static void cl_close(cl *c)
{
    free(c->bank1);
    free(c->bank2);
    free(c->addr);
    sim_mem_destroy(c->mem);
    isa_module_free(c->mod);
}

static void *dev_alloc(sim_mem *m, size_t size)
{
    void *p = sim_mem_alloc(m, size, SIM_ALLOC_DEVICE, NULL);
    assert_non_null(p);
    return p;
}

static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void test_saxpy(void **state)
{
    cl c;
    cl_open(&c, *state);
    enum { N = 100 };
    float *x = dev_alloc(c.mem, N * sizeof(float)), *y = dev_alloc(c.mem, N * sizeof(float));
    float yin[N];
    for (int i = 0; i < N; i++) {
        x[i] = (float)i * 0.25f;
        y[i] = yin[i] = (float)(i % 7) - 3.0f;
    }
    uint32_t n = N;
    float a = 1.5f;
    memcpy(c.params, &n, 4);
    memcpy(c.params + 4, &a, 4);
    put64(c.params + 8, (uint64_t)(uintptr_t)x);
    put64(c.params + 16, (uint64_t)(uintptr_t)y);
    cl_run(&c, "clang_saxpy", 4, 32, 24);
    static const int tab[4] = { 3, 5, 7, 9 };
    static const float scale[2] = { 0.5f, 4.0f };
    for (int i = 0; i < N; i++) {
        float want = a * x[i] + (yin[i] * yin[i] + 1.0f) + (float)tab[i & 3] * scale[i & 1];
        assert_float_equal(y[i], want, 1e-4);
    }
    cl_close(&c);
}

static void test_reduce(void **state)
{
    cl c;
    cl_open(&c, *state);
    int *in = dev_alloc(c.mem, 64 * sizeof(int)), *out = dev_alloc(c.mem, sizeof(int));
    int want = 0;
    for (int i = 0; i < 50; i++)
        want += in[i] = i * i - 40;
    uint32_t n = 50;
    put64(c.params, (uint64_t)(uintptr_t)in);
    put64(c.params + 8, (uint64_t)(uintptr_t)out);
    memcpy(c.params + 16, &n, 4);
    cl_run(&c, "clang_reduce", 3, 64, 20);
    assert_int_equal(*out, want);
    assert_int_equal(*(int *)cl_sym(&c, "g_count"), 3);
    cl_close(&c);
}

static void test_local_switch(void **state)
{
    cl c;
    cl_open(&c, *state);
    enum { N = 64 };
    int *in = dev_alloc(c.mem, N * sizeof(int));
    long long *out = dev_alloc(c.mem, N * sizeof(long long));
    for (int i = 0; i < N; i++)
        in[i] = i * 37 - 500;
    put64(c.params, (uint64_t)(uintptr_t)in);
    put64(c.params + 8, (uint64_t)(uintptr_t)out);
    cl_run(&c, "clang_local", 2, 32, 16);
    for (int i = 0; i < N; i++) {
        int v = in[i] + (in[i] & 7);
        long long r = (long long)v * (1 << 20) * 3 + i; /* v << 20, without UB */
        switch (i & 3) {
        case 0: r += 11; break;
        case 1: r -= 7; break;
        case 2: r ^= 0x55; break;
        default: r = -r; break;
        }
        assert_int_equal(out[i], r);
    }
    cl_close(&c);
}

static void test_param_index(void **state)
{
    cl c;
    cl_open(&c, *state);
    enum { N = 64 };
    int *out = dev_alloc(c.mem, N * sizeof(int));
    static const int k[5] = { 4, -7, 12, 30, 1000 };   /* k[0..3], bias */
    memcpy(c.params, k, sizeof k);
    put64(c.params + 24, (uint64_t)(uintptr_t)out);
    cl_run(&c, "clang_param", 2, 32, 32);
    for (int i = 0; i < N; i++)
        assert_int_equal(out[i], k[i & 3] * 10 + k[4]);
    cl_close(&c);
}

/* Generic addresses of a kernel parameter and of .const data. */
static const char generic_const_ptx[] =
    ".version 7.7\n.target sm_80\n.address_size 64\n"
    ".const .align 4 .b32 c_tab[2] = {11, 22};\n"
    ".visible .entry gen(.param .u32 p_n, .param .u64 p_out)\n{\n"
    "  .reg .b32 %r<8>;\n  .reg .b64 %rd<8>;\n"
    "  mov.b64 %rd1, p_n;\n"
    "  cvta.param.u64 %rd2, %rd1;\n"
    "  ld.u32 %r1, [%rd2];\n"            /* generic load of the parameter */
    "  ld.param.u64 %rd3, [p_out];\n"
    "  mov.u64 %rd4, c_tab;\n"
    "  cvta.const.u64 %rd5, %rd4;\n"
    "  ld.u32 %r2, [%rd5+4];\n"          /* generic load of .const data */
    "  ld.u32 %r3, [c_tab];\n"           /* a .const symbol, generic */
    "  cvta.to.const.u64 %rd6, %rd5;\n"
    "  ld.const.u32 %r4, [%rd6+4];\n"    /* and back to a bank offset */
    "  ld.u32 %r5, [p_n];\n"             /* a parameter symbol, generic */
    "  st.global.u32 [%rd3], %r1;\n  st.global.u32 [%rd3+4], %r2;\n"
    "  st.global.u32 [%rd3+8], %r3;\n  st.global.u32 [%rd3+12], %r4;\n"
    "  st.global.u32 [%rd3+16], %r5;\n"
    "  st.global.u64 [%rd3+24], %rd5;\n"
    "  ret;\n}\n"
    ".visible .entry gen_store(.param .u32 p_n)\n{\n"
    "  .reg .b64 %rd<4>;\n  .reg .b32 %r<2>;\n"
    "  mov.u64 %rd1, c_tab;\n  cvta.const.u64 %rd2, %rd1;\n"
    "  mov.u32 %r1, 5;\n  st.u32 [%rd2], %r1;\n  ret;\n}\n";

static void test_generic_const(void **state)
{
    (void)state;
    cl c;
    cl_open_text(&c, "generic_const.ptx", generic_const_ptx);
    uint32_t *out = dev_alloc(c.mem, 32);
    uint32_t n = 0x1234567;
    memcpy(c.params, &n, 4);
    put64(c.params + 8, (uint64_t)(uintptr_t)out);
    cl_run(&c, "gen", 1, 1, 16);
    assert_int_equal(out[0], n);
    assert_int_equal(out[1], 22);
    assert_int_equal(out[2], 11);
    assert_int_equal(out[3], 22);
    assert_int_equal(out[4], n);
    uint64_t ga;
    memcpy(&ga, out + 6, 8);
    assert_true(ga == ISA_CONST_WINDOW + ISA_BANK_CONST * ISA_WINDOW_SIZE);
    /* constant memory is read-only, also through a generic address */
    sim_fault fault;
    assert_int_not_equal(cl_try(&c, "gen_store", 1, 1, 4, &fault), SIM_OK);
    assert_non_null(strstr(fault.message, "c[0x1][0x0]"));
    assert_non_null(strstr(fault.message, "read-only"));
    cl_close(&c);
}

/* Each test on the -O2 and the -O0 sample, named for the sample. */
#define BOTH(t) { #t " -O2", t, NULL, NULL, (void *)"clang_ops.ptx" }, \
                { #t " -O0", t, NULL, NULL, (void *)"clang_ops_O0.ptx" }

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(test_saxpy),
        BOTH(test_reduce),
        BOTH(test_local_switch),
        BOTH(test_param_index),
        cmocka_unit_test(test_generic_const),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
