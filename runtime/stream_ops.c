/* runtime/stream_ops.c — asynchronous copies and sets, 2D copies and
 * pitched allocations. */
#include "runtime/internal.h"

#include <stdlib.h>
#include <string.h>

#define RT_PITCH_ALIGN 512   /* the row alignment cudaMallocPitch gives on sm_80 */

/* Pageable host memory: not in the UVA table (pinned and managed are). */
static bool pageable(rt_context *ctx, const void *p)
{
    int type;
    void *dev, *host;
    return rt_pointer_info(ctx, p, &type, &dev, &host) == RT_cudaSuccess &&
           type == RT_PTR_UNREGISTERED;
}

/* CUDA semantics for pageable memory: a copy from it may return once the
 * source is staged (so we stage it now); a copy to it returns once done. */
rt_error rt_memcpy_async(rt_context *ctx, void *dst, const void *src, size_t n, int kind,
                         uintptr_t stream)
{
    rt_error e = rt_memcpy_check(ctx, dst, src, n, kind);
    if (e || n == 0)
        return e;
    rt_op *op = calloc(1, sizeof *op);
    if (!op)
        return RT_cudaErrorMemoryAllocation;
    *op = (rt_op){ .kind = RT_OP_COPY, .dst = dst, .src = src, .n = n, .copy_kind = kind };
    if (pageable(ctx, src)) {
        if (!(op->staged = malloc(n))) {
            free(op);
            return RT_cudaErrorMemoryAllocation;
        }
        memcpy(op->staged, src, n);
    }
    bool wait = pageable(ctx, dst);
    uint64_t seq;
    e = rt_queue_submit(ctx, stream, op, &seq);
    if (!e && wait)
        e = rt_queue_wait(ctx, seq);
    return e;
}

rt_error rt_memset_async(rt_context *ctx, void *dst, int value, size_t n, uintptr_t stream)
{
    rt_error e = rt_sticky_error(ctx);
    if (e || n == 0)
        return e;
    if (!dst || !sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)dst, n))
        return RT_cudaErrorInvalidValue;
    rt_op *op = calloc(1, sizeof *op);
    if (!op)
        return RT_cudaErrorMemoryAllocation;
    *op = (rt_op){ .kind = RT_OP_SET, .dst = dst, .value = value, .n = n };
    return rt_queue_submit(ctx, stream, op, NULL);
}

/* The byte range a 2D copy touches on one side: (height-1) rows of pitch
 * plus one of width. */
static size_t span2d(size_t pitch, size_t width, size_t height)
{
    return (height - 1) * pitch + width;
}

static rt_error check2d(rt_context *ctx, void *dst, size_t dpitch, const void *src,
                        size_t spitch, size_t width, size_t height, int kind)
{
    if (width > dpitch || width > spitch)
        return RT_cudaErrorInvalidPitchValue;
    if (width == 0 || height == 0)
        return rt_sticky_error(ctx);
    if ((height - 1) > (SIZE_MAX - width) / (dpitch > spitch ? dpitch : spitch))
        return RT_cudaErrorInvalidValue;
    size_t dn = span2d(dpitch, width, height), sn = span2d(spitch, width, height);
    if (kind < RT_MEMCPY_H2H || kind > RT_MEMCPY_DEFAULT)
        return RT_cudaErrorInvalidMemcpyDirection;
    if (!dst || !src)
        return RT_cudaErrorInvalidValue;
    if (kind == RT_MEMCPY_DEFAULT) {   /* each side's whole span: one allocation or host */
        rt_error e = rt_memcpy_check(ctx, dst, dst, dn, kind);
        return e ? e : rt_memcpy_check(ctx, (void *)(uintptr_t)src, src, sn, kind);
    }
    bool dst_dev = kind == RT_MEMCPY_H2D || kind == RT_MEMCPY_D2D;
    bool src_dev = kind == RT_MEMCPY_D2H || kind == RT_MEMCPY_D2D;
    if ((dst_dev && !sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)dst, dn)) ||
        (src_dev && !sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)src, sn)))
        return RT_cudaErrorInvalidValue;
    return rt_sticky_error(ctx);
}

rt_error rt_memcpy2d_now(rt_context *ctx, void *dst, size_t dpitch, const void *src,
                         size_t spitch, size_t width, size_t height, int kind)
{
    rt_error e = check2d(ctx, dst, dpitch, src, spitch, width, height, kind);
    if (e || width == 0 || height == 0)
        return e;
    for (size_t r = 0; r < height; r++)
        memmove((uint8_t *)dst + r * dpitch, (const uint8_t *)src + r * spitch, width);
    return RT_cudaSuccess;
}

rt_error rt_memcpy2d(rt_context *ctx, void *dst, size_t dpitch, const void *src, size_t spitch,
                     size_t width, size_t height, int kind)
{
    rt_error e = rt_queue_drain(ctx);
    return e ? e : rt_memcpy2d_now(ctx, dst, dpitch, src, spitch, width, height, kind);
}

rt_error rt_memcpy2d_async(rt_context *ctx, void *dst, size_t dpitch, const void *src,
                           size_t spitch, size_t width, size_t height, int kind,
                           uintptr_t stream)
{
    rt_error e = check2d(ctx, dst, dpitch, src, spitch, width, height, kind);
    if (e || width == 0 || height == 0)
        return e;
    /* pageable memory on either side: done synchronously (as CUDA may) */
    if (pageable(ctx, dst) || pageable(ctx, src)) {
        rt_stream *s;
        pthread_mutex_lock(&ctx->q.lock);
        s = rt_stream_lookup(&ctx->q, stream);
        pthread_mutex_unlock(&ctx->q.lock);
        if (!s)
            return RT_cudaErrorInvalidResourceHandle;
        return rt_memcpy2d(ctx, dst, dpitch, src, spitch, width, height, kind);
    }
    rt_op *op = calloc(1, sizeof *op);
    if (!op)
        return RT_cudaErrorMemoryAllocation;
    *op = (rt_op){ .kind = RT_OP_COPY2D, .dst = dst, .dpitch = dpitch, .src = src,
                   .spitch = spitch, .width = width, .height = height, .copy_kind = kind };
    return rt_queue_submit(ctx, stream, op, NULL);
}

rt_error rt_malloc_pitch(rt_context *ctx, void **out, size_t *pitch, size_t width,
                         size_t height)
{
    if (!out || !pitch)
        return RT_cudaErrorInvalidValue;
    if (width > SIZE_MAX - RT_PITCH_ALIGN)
        return RT_cudaErrorMemoryAllocation;
    size_t p = (width + RT_PITCH_ALIGN - 1) / RT_PITCH_ALIGN * RT_PITCH_ALIGN;
    if (height && p > SIZE_MAX / height)
        return RT_cudaErrorMemoryAllocation;
    rt_error e = rt_malloc(ctx, out, p * height, RT_MEM_DEVICE);
    if (!e)
        *pitch = p;
    return e;
}
