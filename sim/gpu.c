/* sim/gpu.c — the GPU: launch checks, occupancy, CTA distribution and the
 * SM loop.
 *
 * Execution is deterministic and single-threaded for now: SMs take turns,
 * each issuing up to SM_QUANTUM instructions. CTAs are first spread over
 * the SMs round robin (one per SM per round, as the hardware's block
 * scheduler does), then a finished CTA's slot takes the next one. All
 * mutable state of an SM lives in its sim_sm; only the grid's next-CTA
 * counter and the first fault are shared.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/internal.h"

struct sim_gpu {
    sim_config cfg;
    sim_mem   *mem;
};

sim_gpu *sim_gpu_create(const sim_config *cfg, sim_mem *mem)
{
    if (cfg == NULL || mem == NULL || cfg->num_sms == 0 || cfg->max_warps_per_sm == 0 ||
        cfg->max_ctas_per_sm == 0 || cfg->max_threads_per_block == 0 ||
        (unsigned)cfg->sched > SIM_SCHED_RANDOM || cfg->subcores > SIM_MAX_SUBCORES)
        return NULL;
    sim_gpu *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    g->cfg = *cfg;
    g->mem = mem;
    return g;
}

void sim_gpu_destroy(sim_gpu *g)
{
    free(g);
}

const sim_config *sim_gpu_config(const sim_gpu *g)
{
    return &g->cfg;
}

/* Static shared memory, then dynamic from the next 16-byte boundary. */
static uint64_t smem_total(uint32_t shared_size, uint32_t dyn)
{
    if (dyn == 0)
        return shared_size;
    return ((uint64_t)shared_size + 15) / 16 * 16 + dyn;
}

static unsigned min_u(unsigned a, unsigned b) { return a < b ? a : b; }

static void say(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Explains a refusal, when the caller wants to know. */
static void say(char *why, size_t len, const char *fmt, ...)
{
    if (why == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
}

/* CTAs per SM; when 0, `why` (may be NULL) says which limit refuses one. */
static unsigned occupancy(const sim_config *cfg, uint32_t nregs, uint32_t shared,
                          unsigned threads, unsigned dyn, char *why, size_t len)
{
    if (threads == 0 || threads > cfg->max_threads_per_block) {
        say(why, len, "%u threads per block (the limit is %u)", threads,
                 cfg->max_threads_per_block);
        return 0;
    }
    if (nregs > cfg->max_regs_per_thread) {
        say(why, len, "%u registers per thread (the limit is %u)", nregs,
                 cfg->max_regs_per_thread);
        return 0;
    }
    unsigned warps = (threads + ISA_WARP_SIZE - 1) / ISA_WARP_SIZE;
    unsigned n = cfg->max_ctas_per_sm;
    n = min_u(n, cfg->max_threads_per_sm / threads);
    n = min_u(n, cfg->max_warps_per_sm / warps);
    uint64_t regs = (uint64_t)nregs * ISA_WARP_SIZE * warps;   /* allocated per warp */
    if (regs > 0)
        n = (unsigned)(regs > cfg->regs_per_sm ? 0 : min_u(n, (unsigned)(cfg->regs_per_sm / regs)));
    uint64_t smem = smem_total(shared, dyn);
    if (smem > 0)
        n = smem > cfg->smem_per_sm ? 0 : min_u(n, (unsigned)(cfg->smem_per_sm / smem));
    if (n == 0)
        say(why, len,
                 "one block needs %u threads (%u warps), %llu registers and %llu bytes of shared "
                 "memory; an SM has %u threads, %u warps, %u registers and %u bytes",
                 threads, warps, (unsigned long long)regs, (unsigned long long)smem,
                 cfg->max_threads_per_sm, cfg->max_warps_per_sm, cfg->regs_per_sm,
                 cfg->smem_per_sm);
    return n;
}

unsigned sim_occupancy(const sim_config *cfg, const isa_kernel *k, unsigned threads_per_block,
                       unsigned dyn_smem)
{
    if (cfg == NULL || k == NULL)
        return 0;
    return occupancy(cfg, k->nregs, k->shared_size, threads_per_block, dyn_smem, NULL, 0);
}

/* Launch checks that do not depend on occupancy. */
static bool check_launch(sim_grid *run)
{
    const sim_launch *l = run->l;
    const sim_program *p = run->prog;
    if (l->grid.x == 0 || l->grid.y == 0 || l->grid.z == 0 || l->block.x == 0 ||
        l->block.y == 0 || l->block.z == 0) {
        sim_fault_setf(run, SIM_ERR_CONFIG,
                       "cobalt: invalid launch of kernel '%s': grid (%u,%u,%u) block (%u,%u,%u) "
                       "has a zero dimension", p->name, l->grid.x, l->grid.y, l->grid.z,
                       l->block.x, l->block.y, l->block.z);
        return false;
    }
    uint64_t threads = (uint64_t)l->block.x * l->block.y * l->block.z;
    if (threads > run->cfg->max_threads_per_block) {
        sim_fault_setf(run, SIM_ERR_CONFIG,
                       "cobalt: invalid launch of kernel '%s': block (%u,%u,%u) has %llu threads, "
                       "more than %u", p->name, l->block.x, l->block.y, l->block.z,
                       (unsigned long long)threads, run->cfg->max_threads_per_block);
        return false;
    }
    if ((p->reqntid[0] | p->reqntid[1] | p->reqntid[2]) != 0 &&
        (p->reqntid[0] != l->block.x || p->reqntid[1] != l->block.y ||
         p->reqntid[2] != l->block.z)) {
        sim_fault_setf(run, SIM_ERR_CONFIG,
                       "cobalt: invalid launch of kernel '%s': it requires a block of (%u,%u,%u) "
                       "threads (.reqntid), got (%u,%u,%u)", p->name, p->reqntid[0],
                       p->reqntid[1], p->reqntid[2], l->block.x, l->block.y, l->block.z);
        return false;
    }
    if (p->maxntid != 0 && threads > p->maxntid) {
        sim_fault_setf(run, SIM_ERR_CONFIG,
                       "cobalt: invalid launch of kernel '%s': %llu threads per block, more than "
                       "its .maxntid %u", p->name, (unsigned long long)threads, p->maxntid);
        return false;
    }
    if (l->bank_size[ISA_BANK_PARAM] < p->param_size ||
        (p->param_size > 0 && l->bank[ISA_BANK_PARAM] == NULL)) {
        sim_fault_setf(run, SIM_ERR_CONFIG,
                       "cobalt: invalid launch of kernel '%s': %u bytes of parameters given, "
                       "the kernel takes %u", p->name, l->bank_size[ISA_BANK_PARAM],
                       p->param_size);
        return false;
    }
    run->threads = (uint32_t)threads;
    run->nwarps = (run->threads + ISA_WARP_SIZE - 1) / ISA_WARP_SIZE;
    run->nctas = (uint64_t)l->grid.x * l->grid.y * l->grid.z;
    uint64_t smem = smem_total(p->shared_size, l->dyn_smem);
    if (smem > UINT32_MAX) {
        sim_fault_setf(run, SIM_ERR_RESOURCES, "cobalt: kernel '%s' asks for %llu bytes of "
                       "shared memory", p->name, (unsigned long long)smem);
        return false;
    }
    run->smem_size = (uint32_t)smem;
    /* The stack sits above the locals; its top is 16-byte aligned for the
     * 128-bit register saves of the frames. */
    uint64_t local = p->local_size, stack = 0;
    if (p->uses_stack) {
        stack = l->stack_size ? l->stack_size : SIM_DEFAULT_STACK_SIZE;
        local = (local + 15) & ~(uint64_t)15;
        stack = (stack + 15) & ~(uint64_t)15;
    }
    if (local + stack > UINT32_MAX) {
        sim_fault_setf(run, SIM_ERR_RESOURCES, "cobalt: kernel '%s' asks for %llu bytes of "
                       "local memory per thread", p->name, (unsigned long long)(local + stack));
        return false;
    }
    run->lmem_size = (uint32_t)(local + stack);
    return true;
}

static void free_sms(sim_sm *sms, unsigned n)
{
    for (unsigned i = 0; sms != NULL && i < n; i++) {
        for (uint32_t s = 0; sms[i].slots != NULL && s < sms[i].nslots; s++)
            sim_cta_free(&sms[i].slots[s]);
        free(sms[i].slots);
        free(sms[i].order);
    }
    free(sms);
}

static bool setup_sms(sim_grid *run, sim_sm *sms, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        sim_sm *sm = &sms[i];
        sm->id = i;
        sm->run = run;
        sm->nslots = run->occ;
        sm->slots = calloc(run->occ, sizeof *sm->slots);
        sm->order = calloc((size_t)run->occ * run->nwarps, sizeof *sm->order);
        if (sm->slots == NULL || sm->order == NULL)
            return false;
        sm->x = (sim_exec){ .k = run->prog->krows, .sm = sm, .run = run };
        sm->rng = run->cfg->seed ^ (0x9E3779B97F4A7C15ull * (i + 1));   /* one stream per SM */
    }
    return true;
}

sim_status sim_run(sim_gpu *g, const sim_launch *l, sim_stats *stats, sim_fault *fault)
{
    sim_fault local_fault;
    if (fault == NULL)
        fault = &local_fault;
    memset(fault, 0, sizeof *fault);
    if (stats != NULL)
        memset(stats, 0, sizeof *stats);
    if (g == NULL) {
        fault->status = SIM_ERR_CONFIG;
        snprintf(fault->message, sizeof fault->message, "cobalt: launch without a GPU");
        return SIM_ERR_CONFIG;
    }
    uint64_t next_cta = 0;
    sim_grid run = { .cfg = &g->cfg, .l = l, .mem = g->mem, .fault = fault,
                     .next_cta = &next_cta };
    sim_sm *sms = NULL;
    unsigned nsms = g->cfg.num_sms;
    if (l == NULL || l->prog == NULL) {
        sim_fault_setf(&run, SIM_ERR_CONFIG, "cobalt: launch without a program");
        goto done;
    }
    run.prog = l->prog;
    if (!check_launch(&run))
        goto done;
    char why[320];
    run.occ = occupancy(&g->cfg, run.prog->nregs, run.prog->shared_size, run.threads,
                        l->dyn_smem, why, sizeof why);
    if (run.occ == 0) {
        sim_fault_setf(&run, SIM_ERR_RESOURCES, "cobalt: kernel '%s' cannot run: %s",
                       run.prog->name, why);
        goto done;
    }
    if (l->cooperative && run.nctas > (uint64_t)run.occ * nsms) {
        sim_fault_setf(&run, SIM_ERR_CONFIG,
                       "cobalt: cooperative launch of kernel '%s': %llu blocks cannot all be "
                       "resident (%u per SM x %u SMs)", run.prog->name,
                       (unsigned long long)run.nctas, run.occ, nsms);
        goto done;
    }
    sms = calloc(nsms, sizeof *sms);
    if (sms == NULL || !setup_sms(&run, sms, nsms)) {
        sim_fault_setf(&run, SIM_ERR_RESOURCES, "cobalt: out of host memory setting up %u SMs",
                       nsms);
        goto done;
    }
    sim_run_threads(&run, sms, nsms, sim_thread_count(&g->cfg));
done:
    if (stats != NULL) {
        memset(stats, 0, sizeof *stats);
        for (unsigned i = 0; sms != NULL && i < nsms; i++) {
            sim_stats_add(stats, &sms[i].stats);
            if (sms[i].cycles > stats->cycles)
                stats->cycles = sms[i].cycles;
        }
        stats->ctas_per_sm = run.occ;
        stats->tensor_units = (uint64_t)nsms * sim_timing_subcores(&g->cfg) *
                              sim_timing_tensor_units(&g->cfg);
    }
    free_sms(sms, nsms);
    fault->status = run.status;
    return run.status;
}
