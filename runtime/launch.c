/* runtime/launch.c — kernel launch: configuration checks, bank 0 from the
 * arguments (queued on a stream), sim_run on the device worker, statistics,
 * and device faults turned into sticky errors. */
#include "runtime/internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool dims_le(rt_dim3 d, const int *max)
{
    return d.x <= (uint32_t)max[0] && d.y <= (uint32_t)max[1] && d.z <= (uint32_t)max[2];
}

/* Largest dynamic shared memory the kernel may ask for. */
uint32_t rt_kernel_max_dyn_smem(const rt_context *ctx, const rt_kernel *k)
{
    if (k->max_dyn_smem >= 0)
        return (uint32_t)k->max_dyn_smem;
    uint32_t stat = k->isa->shared_size;
    return stat < ctx->dev.smem_per_block ? ctx->dev.smem_per_block - stat : 0;
}

rt_error rt_check_launch(const rt_context *ctx, const rt_kernel *k, rt_dim3 grid, rt_dim3 block,
                         size_t dyn, char *why, size_t len)
{
    const rt_device_profile *d = &ctx->dev;
    const isa_kernel *isa = k->isa;
    uint64_t threads = (uint64_t)block.x * block.y * block.z;
    if (!grid.x || !grid.y || !grid.z || !dims_le(grid, d->max_grid_dim)) {
        snprintf(why, len, "grid (%u,%u,%u) is outside (1..%d, 1..%d, 1..%d)", grid.x, grid.y,
                 grid.z, d->max_grid_dim[0], d->max_grid_dim[1], d->max_grid_dim[2]);
        return RT_cudaErrorInvalidConfiguration;
    }
    if (!block.x || !block.y || !block.z || !dims_le(block, d->max_block_dim) ||
        threads > (uint64_t)d->max_threads_per_block) {
        snprintf(why, len, "block (%u,%u,%u) is outside (1..%d, 1..%d, 1..%d) or has more than "
                 "%d threads", block.x, block.y, block.z, d->max_block_dim[0],
                 d->max_block_dim[1], d->max_block_dim[2], d->max_threads_per_block);
        return RT_cudaErrorInvalidConfiguration;
    }
    if (isa->reqntid[0] && (block.x != isa->reqntid[0] || block.y != isa->reqntid[1] ||
                            block.z != isa->reqntid[2])) {
        snprintf(why, len, "block (%u,%u,%u) differs from the kernel's .reqntid %u,%u,%u",
                 block.x, block.y, block.z, isa->reqntid[0], isa->reqntid[1], isa->reqntid[2]);
        return RT_cudaErrorInvalidConfiguration;
    }
    if (isa->maxntid && threads > isa->maxntid) {
        snprintf(why, len, "block of %llu threads exceeds the kernel's .maxntid %u "
                 "(__launch_bounds__)", (unsigned long long)threads, isa->maxntid);
        return RT_cudaErrorLaunchOutOfResources;
    }
    uint32_t max_dyn = rt_kernel_max_dyn_smem(ctx, k);
    if (dyn > max_dyn) {
        snprintf(why, len, "%zu bytes of dynamic shared memory exceed the kernel's limit of %u "
                 "(static %u; raise it with cudaFuncSetAttribute(kernel, "
                 "cudaFuncAttributeMaxDynamicSharedMemorySize, bytes))", dyn, max_dyn,
                 isa->shared_size);
        return RT_cudaErrorInvalidValue;   /* what CUDA reports ("invalid argument") */
    }
    if (sim_occupancy(&ctx->cfg, isa, (unsigned)threads, (unsigned)dyn) == 0) {
        snprintf(why, len, "a block of %llu threads x %u registers with %zu bytes of shared "
                 "memory does not fit on one SM (%u registers, %u bytes of shared memory)",
                 (unsigned long long)threads, isa->nregs, isa->shared_size + dyn,
                 ctx->cfg.regs_per_sm, ctx->cfg.smem_per_sm);
        return RT_cudaErrorLaunchOutOfResources;
    }
    return RT_cudaSuccess;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Device faults corrupt the context (sticky); configuration problems the
 * simulator finds are plain launch errors. */
static rt_error status_error(sim_status s, bool *sticky)
{
    *sticky = true;
    switch (s) {
    case SIM_OK:                    *sticky = false; return RT_cudaSuccess;
    case SIM_ERR_CONFIG:            *sticky = false; return RT_cudaErrorInvalidConfiguration;
    case SIM_ERR_RESOURCES:         *sticky = false; return RT_cudaErrorLaunchOutOfResources;
    case SIM_FAULT_ILLEGAL_ADDRESS: return RT_cudaErrorIllegalAddress;
    case SIM_FAULT_MISALIGNED:      return RT_cudaErrorMisalignedAddress;
    case SIM_FAULT_ILLEGAL_INSN:    return RT_cudaErrorIllegalInstruction;
    case SIM_FAULT_TRAP:            return RT_cudaErrorLaunchFailure;
    case SIM_FAULT_DEADLOCK:        return RT_cudaErrorLaunchFailure;
    case SIM_FAULT_ASSERT:          return RT_cudaErrorAssert;
    }
    return RT_cudaErrorLaunchFailure;
}

static void print_report(FILE *out, const char *msg)
{
    size_t n = strlen(msg);
    if (n == 0)
        return;
    fputs(msg, out);
    if (msg[n - 1] != '\n')
        fputc('\n', out);
}

typedef struct launch_result {
    sim_status status;
    sim_stats  stats;
    sim_fault  fault;
    double     seconds;
} launch_result;

/* Device printf output goes to stdout, flushed around it so it keeps its
 * place among the host's own printf; failed assertions go to stderr. */
static void flush_output(rt_context *ctx, sim_output *out, sim_output *err)
{
    size_t n;
    const char *s = sim_output_data(out, &n);
    if (n > 0) {
        fflush(stdout);
        fwrite(s, 1, n, stdout);
        fflush(stdout);
    }
    s = sim_output_data(err, &n);
    if (n > 0) {
        fwrite(s, 1, n, ctx->diag);
        fflush(ctx->diag);
    }
}

/* The device heap, made at the first launch with the current limit. */
static bool ensure_heap(rt_context *ctx)
{
    if (!ctx->heap)
        ctx->heap = sim_heap_create(ctx->mem, ctx->limits[RT_LIMIT_MALLOC_HEAP_SIZE]);
    return ctx->heap != NULL;
}

/* With ctx->lock held; the kernel is prepared and the configuration valid.
 * coop_ws: the grid-sync workspace of a cooperative launch, else 0. */
static rt_error run_grid(rt_context *ctx, rt_kernel *k, rt_dim3 grid, rt_dim3 block,
                         uint8_t *bank0, size_t dyn, uint64_t coop_ws, launch_result *r)
{
    const isa_kernel *isa = k->isa;
    if (!ctx->gpu && !(ctx->gpu = sim_gpu_create(&ctx->cfg, ctx->mem))) {
        fprintf(ctx->diag, "cobalt: cannot create the simulated GPU (out of memory)\n");
        return RT_cudaErrorInitializationError;
    }
    sim_output *out = sim_output_create(), *err = sim_output_create();
    if (!out || !err || !ensure_heap(ctx)) {
        fprintf(ctx->diag, "cobalt: out of host memory launching %s\n", k->name);
        sim_output_destroy(out);
        sim_output_destroy(err);
        return RT_cudaErrorMemoryAllocation;
    }
    sim_launch l;
    memset(&l, 0, sizeof l);
    l.prog = k->prog;
    l.kernel = isa;
    l.grid = (sim_dim3){ grid.x, grid.y, grid.z };
    l.block = (sim_dim3){ block.x, block.y, block.z };
    l.dyn_smem = (uint32_t)dyn;
    l.bank[ISA_BANK_PARAM] = bank0;
    l.bank_size[ISA_BANK_PARAM] = isa->param_size;
    l.bank[ISA_BANK_CONST] = k->img->bank1;
    l.bank_size[ISA_BANK_CONST] = k->img->mod->const_size;
    l.bank[ISA_BANK_GLOBALS] = k->img->bank2;
    l.bank_size[ISA_BANK_GLOBALS] = k->img->mod->globals_size;
    l.grid_id = ++ctx->next_grid_id;
    /* cudaLimitStackSize as in force now (sim: 0 would mean its default) */
    size_t stack = ctx->limits[RT_LIMIT_STACK_SIZE];
    l.stack_size = stack ? (uint32_t)stack : 16;
    l.out = out;
    l.err = err;
    l.heap = ctx->heap;
    l.cooperative = coop_ws != 0;
    l.envreg[1] = (uint32_t)(coop_ws >> 32);   /* what cooperative_groups reads */
    l.envreg[2] = (uint32_t)coop_ws;
    double t0 = now_seconds();
    r->status = sim_run(ctx->gpu, &l, &r->stats, &r->fault);
    r->seconds = now_seconds() - t0;
    flush_output(ctx, out, err);   /* also what ran before a fault */
    sim_output_destroy(out);
    sim_output_destroy(err);
    return RT_cudaSuccess;
}

/* Packs the arguments now: they live in the caller's frame. */
static uint8_t *pack_bank0(rt_context *ctx, rt_kernel *k, void **args, rt_error *e)
{
    char why[512];
    const isa_kernel *isa = k->isa;
    uint8_t *bank0 = malloc(isa->param_size ? isa->param_size : 1);
    *e = RT_cudaErrorMemoryAllocation;
    if (!bank0)
        return NULL;
    if (!rt_pack_params(isa, args, bank0, isa->param_size, why, sizeof why)) {
        fprintf(ctx->diag, "cobalt: launch of %s: %s\n", k->name, why);
        free(bank0);
        *e = RT_cudaErrorInvalidValue;
        return NULL;
    }
    *e = RT_cudaSuccess;
    return bank0;
}

/* Loads k if needed and checks the configuration (ctx->lock held); a
 * refusal is explained on the diagnostic stream. */
static rt_error prepare_checked(rt_context *ctx, rt_kernel *k, rt_dim3 grid, rt_dim3 block,
                                size_t dyn_smem)
{
    char why[512];
    rt_error e = rt_kernel_prepare(ctx, k);
    if (!e) {
        e = rt_check_launch(ctx, k, grid, block, dyn_smem, why, sizeof why);
        if (e)
            fprintf(ctx->diag, "cobalt: launch of %s: %s\n", k->name, why);
    }
    return e;
}

rt_error rt_launch(rt_context *ctx, rt_kernel *k, rt_dim3 grid, rt_dim3 block, void **args,
                   size_t dyn_smem, uintptr_t stream)
{
    rt_error e = rt_sticky_error(ctx);
    if (e)
        return e;
    if (!k)
        return RT_cudaErrorInvalidDeviceFunction;
    rt_op *op = calloc(1, sizeof *op);
    if (!op)
        return RT_cudaErrorMemoryAllocation;
    pthread_mutex_lock(&ctx->lock);
    e = prepare_checked(ctx, k, grid, block, dyn_smem);
    if (!e)
        op->bank0 = pack_bank0(ctx, k, args, &e);
    pthread_mutex_unlock(&ctx->lock);
    if (e) {
        free(op);
        return e;
    }
    op->kind = RT_OP_KERNEL;
    op->kernel = k;
    op->grid = grid;
    op->block = block;
    op->dyn = dyn_smem;
    e = rt_queue_submit(ctx, stream, op, NULL);
    if (e == RT_cudaErrorInvalidResourceHandle)
        fprintf(ctx->diag, "cobalt: launch of %s on stream %#lx: not a live stream\n",
                k->name, (unsigned long)stream);
    return e;
}

/* On the device worker: one grid, serialised with module loading and other
 * grids by ctx->lock; faults become the sticky error. */
static rt_error run_kernel(rt_context *ctx, rt_kernel *k, rt_dim3 grid, rt_dim3 block,
                           uint8_t *bank0, size_t dyn, uint64_t coop_ws, double *ms)
{
    *ms = 0;
    launch_result *r = calloc(1, sizeof *r);
    if (!r)
        return RT_cudaErrorMemoryAllocation;
    pthread_mutex_lock(&ctx->lock);
    rt_error e = run_grid(ctx, k, grid, block, bank0, dyn, coop_ws, r);
    pthread_mutex_unlock(&ctx->lock);
    if (e)
        goto out_free;
    bool sticky;
    e = status_error(r->status, &sticky);
    if (e)
        print_report(ctx->diag, r->fault.message);
    if (sticky)
        rt_set_sticky(ctx, e);
    if (ctx->opt.stats)
        rt_print_launch_stats(ctx->diag, k->name, grid, block, &r->stats, r->seconds);
    if (ctx->opt.totals)
        rt_stats_add_launch(&ctx->totals, &r->stats, r->seconds);
    /* simulated time: the busiest SM's cycles at the device clock */
    *ms = (double)r->stats.cycles / (double)(ctx->dev.clock_khz > 0 ? ctx->dev.clock_khz : 1);
out_free:
    free(r);
    return e;
}

rt_error rt_run_kernel(rt_context *ctx, rt_kernel *k, rt_dim3 grid, rt_dim3 block,
                       uint8_t *bank0, size_t dyn, double *ms)
{
    return run_kernel(ctx, k, grid, block, bank0, dyn, 0, ms);
}

/* ---- cooperative launch ----
 * CUDA 13's cooperative_groups code (cg::this_grid()) reads a workspace
 * address from %envreg1 (high half) and %envreg2 (low half): 0 means "not
 * a cooperative launch" (grid.is_valid() is false). grid.sync() makes one
 * thread per block atom.add.release.gpu the 32-bit word at workspace + 4
 * (block 0 adds 0x80000001 - nblocks, the others 1) and spin with
 * ld.acquire.gpu until the word's top bit flips. So the workspace is 8
 * zeroed bytes that live for the grid; every block must be resident. The
 * grid runs from a host-function op so that it keeps its stream order. */
typedef struct coop_launch {
    rt_context *ctx;
    rt_kernel  *k;
    rt_dim3     grid, block;
    size_t      dyn;
    uint8_t    *bank0;
} coop_launch;

static void coop_run(void *user, int status)
{
    coop_launch *c = user;
    rt_context *ctx = c->ctx;
    if (status == RT_cudaSuccess && !rt_sticky_error(ctx)) {
        void *ws = sim_mem_alloc(ctx->mem, 64, SIM_ALLOC_DEVICE, "grid-sync workspace");
        double ms;
        if (!ws) {
            fprintf(ctx->diag, "cobalt: cooperative launch of %s: out of memory for the "
                    "grid-sync workspace\n", c->k->name);
            rt_set_sticky(ctx, RT_cudaErrorMemoryAllocation);
        } else {
            run_kernel(ctx, c->k, c->grid, c->block, c->bank0, c->dyn,
                       (uint64_t)(uintptr_t)ws, &ms);
            sim_mem_free(ctx->mem, ws);
        }
    }
    free(c->bank0);
    free(c);
}

rt_error rt_launch_cooperative(rt_context *ctx, rt_kernel *k, rt_dim3 grid, rt_dim3 block,
                               void **args, size_t dyn_smem, uintptr_t stream)
{
    rt_error e = rt_sticky_error(ctx);
    if (e)
        return e;
    if (!k)
        return RT_cudaErrorInvalidDeviceFunction;
    coop_launch *c = calloc(1, sizeof *c);
    if (!c)
        return RT_cudaErrorMemoryAllocation;
    pthread_mutex_lock(&ctx->lock);
    e = prepare_checked(ctx, k, grid, block, dyn_smem);
    if (!e) {
        unsigned threads = block.x * block.y * block.z;
        uint64_t per_sm = sim_occupancy(&ctx->cfg, k->isa, threads, (unsigned)dyn_smem);
        uint64_t blocks = (uint64_t)grid.x * grid.y * grid.z;
        if (blocks > per_sm * ctx->cfg.num_sms) {
            fprintf(ctx->diag, "cobalt: cooperative launch of %s: %llu blocks cannot all be "
                    "resident (%llu per SM x %u SMs; see "
                    "cudaOccupancyMaxActiveBlocksPerMultiprocessor)\n", k->name,
                    (unsigned long long)blocks, (unsigned long long)per_sm, ctx->cfg.num_sms);
            e = RT_cudaErrorCooperativeLaunchTooLarge;
        }
    }
    if (!e)
        c->bank0 = pack_bank0(ctx, k, args, &e);
    pthread_mutex_unlock(&ctx->lock);
    if (e) {
        free(c);
        return e;
    }
    *c = (coop_launch){ ctx, k, grid, block, dyn_smem, c->bank0 };
    e = rt_launch_host_fn(ctx, stream, coop_run, c);
    if (e) {
        if (e == RT_cudaErrorInvalidResourceHandle)
            fprintf(ctx->diag, "cobalt: launch of %s on stream %#lx: not a live stream\n",
                    k->name, (unsigned long)stream);
        free(c->bank0);
        free(c);
    }
    return e;
}
