/* tests/unit/sim_harness.h — builds kernels from assembly text and runs
 * them on the simulator, for the test_sim_* suites.
 *
 * Source text: one instruction per line, "name:" lines define labels that
 * branches may name, "//" starts a comment. The PTX line recorded for each
 * instruction is its line number in the source text, so fault reports can
 * be checked against it.
 *
 * th_lanes() runs one warp of 32 threads around a test body: before it,
 * R4..R11 of thread t hold in[t][0..7]; after it, R12..R15 are stored to
 * out[t][0..3].
 */
#ifndef COBALT_TEST_SIM_HARNESS_H
#define COBALT_TEST_SIM_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "isa/isa.h"
#include "isa/module.h"
#include "sim/sim.h"

#define TH_MAX_INSNS  512
#define TH_MAX_LABELS 64

typedef struct th_label {
    char     name[48];
    uint32_t index;
} th_label;

typedef struct th {
    sim_config   cfg;
    sim_mem     *mem;
    sim_gpu     *gpu;
    isa_kernel   k;
    isa_word     code[TH_MAX_INSNS];
    uint32_t     lines[TH_MAX_INSNS];
    sim_program *prog;
    uint8_t      params[256];
    sim_launch   launch;
    uint32_t     stack_size;   /* the launch's call stack; 0: the simulator's default */
    sim_stats    stats;
    sim_fault    fault;
    th_label     labels[TH_MAX_LABELS];
    unsigned     nlabels;
    char         err[1024];
} th;

static inline void th_init(th *t)
{
    memset(t, 0, sizeof *t);
    sim_config_default(&t->cfg);
    t->mem = sim_mem_create();
    t->k.name = (char *)"test_kernel";
    t->k.code = t->code;
    t->k.ptx_line = t->lines;
    t->k.param_size = sizeof t->params;
}

static inline void th_fini(th *t)
{
    sim_program_destroy(t->prog);
    sim_gpu_destroy(t->gpu);
    sim_mem_destroy(t->mem);
    t->prog = NULL;
    t->gpu = NULL;
    t->mem = NULL;
}

static inline bool th_resolve(void *ctx, const char *name, uint32_t *index)
{
    const th *t = ctx;
    for (unsigned i = 0; i < t->nlabels; i++)
        if (strcmp(t->labels[i].name, name) == 0) {
            *index = t->labels[i].index;
            return true;
        }
    return false;
}

/* Copies line `n` of src (without comment and surrounding blanks) to buf. */
static inline const char *th_line(const char *src, char *buf, size_t len)
{
    const char *end = strchr(src, '\n');
    size_t n = end ? (size_t)(end - src) : strlen(src);
    const char *cmt = strstr(src, "//");
    if (cmt != NULL && cmt < src + n)
        n = (size_t)(cmt - src);
    while (n > 0 && (src[0] == ' ' || src[0] == '\t')) {
        src++;
        n--;
    }
    while (n > 0 && (src[n - 1] == ' ' || src[n - 1] == '\t' || src[n - 1] == '\r'))
        n--;
    if (n >= len)
        n = len - 1;
    memcpy(buf, src, n);
    buf[n] = '\0';
    return end ? end + 1 : NULL;
}

/* Assembles src into t->k (nregs registers) and predecodes it. */
static inline bool th_asm(th *t, const char *src, uint32_t nregs)
{
    char buf[256];
    uint32_t n = 0;
    t->nlabels = 0;
    for (const char *p = src; p != NULL;) {   /* pass 1: labels */
        p = th_line(p, buf, sizeof buf);
        size_t len = strlen(buf);
        if (len > 0 && buf[len - 1] == ':') {
            if (t->nlabels == TH_MAX_LABELS || len > sizeof t->labels[0].name) {
                snprintf(t->err, sizeof t->err, "too many labels or label too long");
                return false;
            }
            memcpy(t->labels[t->nlabels].name, buf, len - 1);
            t->labels[t->nlabels].name[len - 1] = '\0';
            t->labels[t->nlabels++].index = n;
        } else if (len > 0) {
            n++;
        }
    }
    n = 0;
    uint32_t line = 0;
    for (const char *p = src; p != NULL;) {   /* pass 2: instructions */
        p = th_line(p, buf, sizeof buf);
        line++;
        size_t len = strlen(buf);
        if (len == 0 || buf[len - 1] == ':')
            continue;
        isa_insn in;
        char err[256];   /* line (<= 256) + err (<= 256) fit t->err */
        if (n == TH_MAX_INSNS || !isa_asm_line(buf, &in, th_resolve, t, err, sizeof err) ||
            !isa_encode(&in, &t->code[n], err, sizeof err)) {
            snprintf(t->err, sizeof t->err, "line %u '%s': %s", line, buf, err);
            return false;
        }
        t->lines[n++] = line;
    }
    t->k.ninsns = n;
    t->k.nregs = nregs;
    sim_program_destroy(t->prog);
    t->prog = sim_program_create(&t->k, t->err, sizeof t->err);
    return t->prog != NULL;
}

static inline void *th_alloc(th *t, size_t size)
{
    return sim_mem_alloc(t->mem, size, SIM_ALLOC_DEVICE, NULL);
}

static inline void th_param_ptr(th *t, uint32_t offset, const void *p)
{
    uint64_t v = (uint64_t)(uintptr_t)p;
    memcpy(t->params + offset, &v, 8);
}

static inline void th_param_u32(th *t, uint32_t offset, uint32_t v)
{
    memcpy(t->params + offset, &v, 4);
}

/* Runs the grid; the GPU is (re)created from t->cfg. */
static inline sim_status th_run3(th *t, sim_dim3 grid, sim_dim3 block, uint32_t dyn)
{
    sim_gpu_destroy(t->gpu);
    t->gpu = sim_gpu_create(&t->cfg, t->mem);
    if (t->gpu == NULL)
        return SIM_ERR_CONFIG;
    t->launch = (sim_launch){ .prog = t->prog, .kernel = &t->k, .grid = grid, .block = block,
                              .dyn_smem = dyn, .grid_id = 1, .stack_size = t->stack_size };
    t->launch.bank[ISA_BANK_PARAM] = t->params;
    t->launch.bank_size[ISA_BANK_PARAM] = sizeof t->params;
    return sim_run(t->gpu, &t->launch, &t->stats, &t->fault);
}

static inline sim_status th_run(th *t, uint32_t grid, uint32_t block)
{
    return th_run3(t, (sim_dim3){ grid, 1, 1 }, (sim_dim3){ block, 1, 1 }, 0);
}

/* One warp around `body` (see the top of this file). */
static inline sim_status th_lanes(th *t, const char *body, const uint32_t (*in)[8],
                                  uint32_t (*out)[4])
{
    char src[4096];
    snprintf(src, sizeof src,
             "S2R R0, SR_TID.X\n"
             "LDC.64 R2, c[0x0][0x0]\n"
             "IMAD.WIDE.U32 R2, R0, 0x20, R2\n"
             "LDG.128 R4, [R2]\n"
             "LDG.128 R8, [R2+0x10]\n"
             "%s\n"
             "LDC.64 R2, c[0x0][0x8]\n"
             "IMAD.WIDE.U32 R2, R0, 0x10, R2\n"
             "STG.128 [R2], R12\n"
             "EXIT\n", body);
    if (!th_asm(t, src, 16))
        return SIM_ERR_CONFIG;
    uint32_t *din = th_alloc(t, 32 * 8 * 4), *dout = th_alloc(t, 32 * 4 * 4);
    memcpy(din, in, 32 * 8 * 4);
    th_param_ptr(t, 0, din);
    th_param_ptr(t, 8, dout);
    sim_status st = th_run(t, 1, 32);
    memcpy(out, dout, 32 * 4 * 4);
    sim_mem_free(t->mem, din);
    sim_mem_free(t->mem, dout);
    return st;
}

static inline uint32_t th_f2u(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline float th_u2f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint64_t th_d2u(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }
static inline double th_u2d(uint64_t u) { double f; memcpy(&f, &u, 8); return f; }

/* Heap-allocated harness (large: keeps test stacks small). */
static inline th *th_new(void)
{
    th *t = calloc(1, sizeof *t);
    if (t != NULL)
        th_init(t);
    return t;
}

static inline void th_free(th *t)
{
    th_fini(t);
    free(t);
}

#ifdef fail_msg /* cmocka is included: assembly errors fail the test */
static inline void th_must_asm(th *t, const char *src, uint32_t nregs)
{
    if (!th_asm(t, src, nregs))
        fail_msg("%s", t->err);
}
#endif

#endif
