/* runtime/context.c — creating, resetting and destroying the context; the
 * sticky error; device limits. */
#include "runtime/internal.h"

#include <stdlib.h>

static void default_limits(size_t *l)
{
    l[RT_LIMIT_STACK_SIZE] = SIM_DEFAULT_STACK_SIZE;   /* not CUDA's 1 KiB: see sim.h */
    l[RT_LIMIT_PRINTF_FIFO_SIZE] = 1 << 20;
    l[RT_LIMIT_MALLOC_HEAP_SIZE] = 8 << 20;
    l[RT_LIMIT_SYNC_DEPTH] = 2;
    l[RT_LIMIT_PENDING_LAUNCHES] = 2048;
    l[RT_LIMIT_L2_FETCH_GRANULARITY] = 64;
    l[RT_LIMIT_PERSISTING_L2_SIZE] = 0;
}

rt_context *rt_create(FILE *diag)
{
    rt_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->diag = diag ? diag : stderr;
    sim_config_default(&ctx->cfg);
    rt_profile_spec prof;   /* COBALT_DEVICE; COBALT_SMS below still overrides */
    rt_profile_select(getenv("COBALT_DEVICE"), &prof, ctx->diag);
    rt_profile_apply_config(&prof, &ctx->cfg);
    rt_options_apply_tensor_units(&ctx->cfg, getenv("COBALT_TENSOR_UNITS"), ctx->diag);
    ctx->opt.num_sms = ctx->cfg.num_sms;
    ctx->opt.sched = ctx->cfg.sched;
    ctx->opt.seed = ctx->cfg.seed;
    ctx->opt.reconv = ctx->cfg.reconv;
    ctx->opt.spin_limit = ctx->cfg.spin_limit;
    rt_options_apply(&ctx->opt, getenv("COBALT_SMS"), getenv("COBALT_SCHED"),
                     getenv("COBALT_STATS"), ctx->diag);
    rt_options_apply_seed(&ctx->opt, getenv("COBALT_SEED"), ctx->diag);
    /* COBALT_THREADS: host threads for the SMs; by default one per online
     * core, as a CUDA user expects a fast run. 1 is the deterministic mode. */
    ctx->opt.threads = 0;
    rt_options_apply_threads(&ctx->opt, getenv("COBALT_THREADS"), ctx->diag);
    ctx->cfg.threads = ctx->opt.threads;
    rt_options_apply_reconv(&ctx->opt, getenv("COBALT_RECONV"), getenv("COBALT_SPIN_LIMIT"),
                            ctx->diag);
    ctx->cfg.num_sms = ctx->opt.num_sms;
    ctx->cfg.sched = ctx->opt.sched;
    ctx->cfg.seed = ctx->opt.seed;
    ctx->cfg.reconv = ctx->opt.reconv;
    ctx->cfg.spin_limit = ctx->opt.spin_limit;
    rt_device_profile_init(&ctx->dev, &ctx->cfg, &prof);
    default_limits(ctx->limits);
    atomic_init(&ctx->sticky, RT_cudaSuccess);
    if (pthread_mutex_init(&ctx->lock, NULL) != 0)
        goto err_free_ctx;
    if (pthread_mutex_init(&ctx->mem_lock, NULL) != 0)
        goto err_destroy_lock;
    ctx->mem = sim_mem_create();
    if (!ctx->mem)
        goto err_destroy_mem_lock;
    if (!rt_queue_init(&ctx->q, &ctx->dev))
        goto err_destroy_mem;
    return ctx;

err_destroy_mem:
    sim_mem_destroy(ctx->mem);

err_destroy_mem_lock:
    pthread_mutex_destroy(&ctx->mem_lock);
err_destroy_lock:
    pthread_mutex_destroy(&ctx->lock);
err_free_ctx:
    free(ctx);
    return NULL;
}

void rt_destroy(rt_context *ctx)
{
    if (!ctx)
        return;
    rt_queue_fini(ctx);   /* finishes queued work first */
    if (ctx->opt.totals)
        rt_print_totals(ctx->diag, &ctx->totals);
    while (ctx->fatbins) {
        rt_fatbin *fb = ctx->fatbins;
        ctx->fatbins = fb->next;
        rt_fatbin_free(ctx, fb);
    }
    rt_ptrmap_free(&ctx->by_stub);
    rt_ptrmap_free(&ctx->by_handle);
    rt_ptrmap_free(&ctx->vars);
    if (ctx->gpu)
        sim_gpu_destroy(ctx->gpu);
    sim_heap_destroy(ctx->heap);   /* its blocks live in ctx->mem */
    rt_memx_fini(ctx);             /* registered ranges leave the table first */
    sim_mem_destroy(ctx->mem);
    pthread_mutex_destroy(&ctx->mem_lock);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx);
}

const rt_device_profile *rt_device(const rt_context *ctx)
{
    return &ctx->dev;
}

rt_error rt_sticky_error(rt_context *ctx)
{
    return (rt_error)atomic_load(&ctx->sticky);
}

/* The first fault wins: later ones are consequences. */
void rt_set_sticky(rt_context *ctx, rt_error e)
{
    int expected = RT_cudaSuccess;
    atomic_compare_exchange_strong(&ctx->sticky, &expected, (int)e);
}

/* rt_synchronize: stream.c (it waits for the device worker) */

rt_error rt_reset(rt_context *ctx)
{
    rt_error ret = rt_queue_drain(ctx);
    if (ret)
        return ret;
    rt_stream_forget_errors(ctx);
    pthread_mutex_lock(&ctx->lock);
    for (rt_fatbin *fb = ctx->fatbins; fb; fb = fb->next)
        rt_fatbin_unload(ctx, fb);
    if (ctx->gpu) {
        sim_gpu_destroy(ctx->gpu);
        ctx->gpu = NULL;
    }
    sim_heap_destroy(ctx->heap);
    ctx->heap = NULL;
    sim_mem *fresh = sim_mem_create();
    if (!fresh) {
        ret = RT_cudaErrorMemoryAllocation;
        goto out_unlock;
    }
    rt_memx_reset(ctx);
    sim_mem_destroy(ctx->mem);
    ctx->mem = fresh;
    for (rt_fatbin *fb = ctx->fatbins; fb; fb = fb->next)
        if (!rt_managed_realloc(ctx, fb))
            ret = RT_cudaErrorMemoryAllocation;
    default_limits(ctx->limits);
    atomic_store(&ctx->sticky, RT_cudaSuccess);
out_unlock:
    pthread_mutex_unlock(&ctx->lock);
    return ret;
}

rt_error rt_set_limit(rt_context *ctx, int limit, size_t value)
{
    if (limit < 0 || limit >= RT_NUM_LIMITS)
        return RT_cudaErrorUnsupportedLimit;
    if (limit == RT_LIMIT_L2_FETCH_GRANULARITY && value > 128)
        return RT_cudaErrorInvalidValue;
    /* 512 KiB: the most local memory a CUDA thread may have */
    if (limit == RT_LIMIT_STACK_SIZE && value > RT_MAX_STACK_SIZE)
        return RT_cudaErrorInvalidValue;
    if (limit == RT_LIMIT_PERSISTING_L2_SIZE && value > (size_t)ctx->dev.persisting_l2_max)
        return RT_cudaErrorInvalidValue;
    rt_error ret = RT_cudaSuccess;
    pthread_mutex_lock(&ctx->lock);
    if (limit == RT_LIMIT_MALLOC_HEAP_SIZE && ctx->heap) {
        /* CUDA: the heap size is fixed once a kernel used malloc/free */
        if (sim_heap_touched(ctx->heap)) {
            fprintf(ctx->diag, "cobalt: cudaLimitMallocHeapSize cannot change after a kernel "
                    "used device malloc/free\n");
            ret = RT_cudaErrorInvalidValue;
            goto out_unlock;
        }
        sim_heap_destroy(ctx->heap);   /* unused: made again at the next launch */
        ctx->heap = NULL;
    }
    ctx->limits[limit] = value;
out_unlock:
    pthread_mutex_unlock(&ctx->lock);
    return ret;
}

rt_error rt_get_limit(rt_context *ctx, int limit, size_t *value)
{
    if (!value)
        return RT_cudaErrorInvalidValue;
    if (limit < 0 || limit >= RT_NUM_LIMITS)
        return RT_cudaErrorUnsupportedLimit;
    pthread_mutex_lock(&ctx->lock);
    *value = ctx->limits[limit];
    pthread_mutex_unlock(&ctx->lock);
    return RT_cudaSuccess;
}
