/* runtime/funcattr.c — cudaFuncGetAttributes / cudaFuncSetAttribute from the
 * lowered kernel: real register counts and sizes. */
#include "runtime/internal.h"

#include <string.h>

/* The biggest block the kernel can run: limited by the device, .maxntid and
 * the registers it needs (the simulator's own occupancy rule). */
static int max_block_threads(const rt_context *ctx, const isa_kernel *isa)
{
    unsigned t = (unsigned)ctx->dev.max_threads_per_block;
    if (isa->maxntid && isa->maxntid < t)
        t = isa->maxntid;
    while (t > 0 && sim_occupancy(&ctx->cfg, isa, t, 0) == 0)
        t = t % ISA_WARP_SIZE ? t - t % ISA_WARP_SIZE : t - ISA_WARP_SIZE;
    return (int)t;
}

rt_error rt_func_attributes(rt_context *ctx, rt_kernel *k, rt_func_attrs *out)
{
    if (!out)
        return RT_cudaErrorInvalidValue;
    if (!k)
        return RT_cudaErrorInvalidDeviceFunction;
    pthread_mutex_lock(&ctx->lock);
    rt_error e = rt_kernel_prepare(ctx, k);
    if (e)
        goto out_unlock;
    const isa_kernel *isa = k->isa;
    memset(out, 0, sizeof *out);
    out->shared_size = isa->shared_size;
    out->const_size = k->img->mod->const_size;
    out->local_size = isa->local_size;
    out->num_regs = (int)isa->nregs;
    out->max_threads_per_block = max_block_threads(ctx, isa);
    out->ptx_version = k->img->entry.ptx_major * 10 + k->img->entry.ptx_minor;
    out->binary_version = RT_SIM_SM_ARCH;
    out->max_dyn_smem = (int)rt_kernel_max_dyn_smem(ctx, k);
    out->preferred_carveout = k->carveout;
out_unlock:
    pthread_mutex_unlock(&ctx->lock);
    return e;
}

rt_error rt_func_set_max_dyn_smem(rt_context *ctx, rt_kernel *k, int bytes)
{
    if (!k)
        return RT_cudaErrorInvalidDeviceFunction;
    pthread_mutex_lock(&ctx->lock);
    rt_error e = rt_kernel_prepare(ctx, k);
    if (e)
        goto out_unlock;
    if (bytes < 0 || (uint64_t)k->isa->shared_size + (uint64_t)bytes > ctx->dev.smem_per_block_optin)
        e = RT_cudaErrorInvalidValue;
    else
        k->max_dyn_smem = bytes;
out_unlock:
    pthread_mutex_unlock(&ctx->lock);
    return e;
}

rt_error rt_func_set_carveout(rt_context *ctx, rt_kernel *k, int percent)
{
    if (!k)
        return RT_cudaErrorInvalidDeviceFunction;
    if (percent < -1 || percent > 100)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->lock);
    k->carveout = percent;   /* a hint: the simulator's shared memory is not carved */
    pthread_mutex_unlock(&ctx->lock);
    return RT_cudaSuccess;
}

rt_error rt_func_set_cache_config(rt_context *ctx, rt_kernel *k, int config)
{
    if (!k)
        return RT_cudaErrorInvalidDeviceFunction;
    if (config < 0 || config > 3)    /* cudaFuncCachePreferNone..PreferEqual */
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->lock);
    k->cache_config = config;   /* a hint: the simulator has no L1/shared split */
    pthread_mutex_unlock(&ctx->lock);
    return RT_cudaSuccess;
}

rt_error rt_set_cache_config(rt_context *ctx, int config)
{
    if (config < 0 || config > 3)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->lock);
    ctx->cache_config = config;
    pthread_mutex_unlock(&ctx->lock);
    return RT_cudaSuccess;
}

rt_error rt_get_cache_config(rt_context *ctx, int *config)
{
    if (!config)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->lock);
    *config = ctx->cache_config;
    pthread_mutex_unlock(&ctx->lock);
    return RT_cudaSuccess;
}

rt_error rt_func_param_info(rt_context *ctx, rt_kernel *k, size_t index, size_t *offset,
                            size_t *size)
{
    if (!k)
        return RT_cudaErrorInvalidDeviceFunction;
    if (!offset || !size)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->lock);
    rt_error e = rt_kernel_prepare(ctx, k);
    if (e)
        goto out_unlock;
    if (index >= k->isa->nparams) {
        e = RT_cudaErrorInvalidValue;
        goto out_unlock;
    }
    *offset = k->isa->params[index].offset;
    *size = k->isa->params[index].size;
out_unlock:
    pthread_mutex_unlock(&ctx->lock);
    return e;
}
