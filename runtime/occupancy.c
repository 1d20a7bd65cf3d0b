/* runtime/occupancy.c — the cudaOccupancy* queries, answered by the
 * simulator's own residency rule (sim_occupancy) so that what is reported is
 * what a launch gets. */
#include "runtime/internal.h"

/* Checks the common arguments and binds the kernel (ctx->lock held). */
static rt_error occupancy_prepare(rt_context *ctx, rt_kernel *k, int block_size)
{
    if (!k)
        return RT_cudaErrorInvalidDeviceFunction;
    if (block_size <= 0)
        return RT_cudaErrorInvalidValue;
    return rt_kernel_prepare(ctx, k);
}

rt_error rt_occupancy_max_blocks(rt_context *ctx, rt_kernel *k, int block_size,
                                 size_t dyn_smem, unsigned flags, int *num_blocks)
{
    if (!num_blocks || (flags & ~(unsigned)RT_OCCUPANCY_DISABLE_CACHING_OVERRIDE))
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->lock);
    rt_error e = occupancy_prepare(ctx, k, block_size);
    if (e)
        goto out_unlock;
    /* A block the kernel could never launch has no resident blocks. */
    const isa_kernel *isa = k->isa;
    if (block_size > ctx->dev.max_threads_per_block ||
        (isa->maxntid && (unsigned)block_size > isa->maxntid) ||
        dyn_smem > rt_kernel_max_dyn_smem(ctx, k))
        *num_blocks = 0;
    else
        *num_blocks = (int)sim_occupancy(&ctx->cfg, isa, (unsigned)block_size,
                                         (unsigned)dyn_smem);
out_unlock:
    pthread_mutex_unlock(&ctx->lock);
    return e;
}

rt_error rt_occupancy_avail_dyn_smem(rt_context *ctx, rt_kernel *k, int num_blocks,
                                     int block_size, size_t *bytes)
{
    if (!bytes || num_blocks <= 0)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->lock);
    rt_error e = occupancy_prepare(ctx, k, block_size);
    if (e)
        goto out_unlock;
    const isa_kernel *isa = k->isa;
    *bytes = 0;
    if (block_size > ctx->dev.max_threads_per_block ||
        (isa->maxntid && (unsigned)block_size > isa->maxntid) ||
        sim_occupancy(&ctx->cfg, isa, (unsigned)block_size, 0) < (unsigned)num_blocks)
        goto out_unlock;
    /* Residency only falls as shared memory grows: binary search for the
     * largest size that keeps num_blocks resident, within the kernel's limit. */
    uint32_t lo = 0, hi = rt_kernel_max_dyn_smem(ctx, k);
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (sim_occupancy(&ctx->cfg, isa, (unsigned)block_size, mid) >= (unsigned)num_blocks)
            lo = mid;
        else
            hi = mid - 1;
    }
    *bytes = lo;
out_unlock:
    pthread_mutex_unlock(&ctx->lock);
    return e;
}
