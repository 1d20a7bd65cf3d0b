/* runtime/memory.c — device, pinned host and managed allocations in the UVA
 * table, and copies/sets with their device ranges checked against it. */
#include "runtime/internal.h"

#include <string.h>

static const sim_alloc_kind sim_kind_of[] = {
    [RT_MEM_DEVICE] = SIM_ALLOC_DEVICE,
    [RT_MEM_HOST] = SIM_ALLOC_HOST,
    [RT_MEM_MANAGED] = SIM_ALLOC_MANAGED,
};

static const char *const kind_tag[] = {
    [RT_MEM_DEVICE] = "cudaMalloc",
    [RT_MEM_HOST] = "cudaMallocHost",
    [RT_MEM_MANAGED] = "cudaMallocManaged",
};

rt_error rt_malloc(rt_context *ctx, void **out, size_t size, rt_mem_kind kind)
{
    if (!out || (unsigned)kind > RT_MEM_MANAGED)
        return RT_cudaErrorInvalidValue;
    rt_error e = rt_sticky_error(ctx);
    if (e)
        return e;
    *out = NULL;
    if (size == 0)
        return RT_cudaSuccess;
    uint64_t used = rt_device_bytes_used(ctx), total = ctx->dev.total_global_mem;
    if (kind != RT_MEM_HOST && (used >= total || size > total - used))
        return RT_cudaErrorMemoryAllocation;
    *out = sim_mem_alloc(ctx->mem, size, sim_kind_of[kind], kind_tag[kind]);
    if (*out && kind == RT_MEM_HOST) {   /* pinned memory is not device memory */
        pthread_mutex_lock(&ctx->mem_lock);
        ctx->host_bytes += size;
        pthread_mutex_unlock(&ctx->mem_lock);
    }
    return *out ? RT_cudaSuccess : RT_cudaErrorMemoryAllocation;
}

rt_error rt_free(rt_context *ctx, void *p, rt_mem_kind kind)
{
    if (!p)
        return RT_cudaSuccess;
    rt_error e = rt_queue_drain(ctx);   /* cudaFree synchronises, as in CUDA */
    if (!e)
        e = rt_sticky_error(ctx);
    if (e)
        return e;
    sim_alloc_info info;
    if (!sim_mem_find(ctx->mem, (uint64_t)(uintptr_t)p, &info) || info.base != (uintptr_t)p)
        return RT_cudaErrorInvalidValue;
    /* a cudaHostRegister range is the application's memory, not ours */
    bool ok = kind == RT_MEM_HOST ? info.kind == SIM_ALLOC_HOST && !rt_host_is_registered(ctx, p)
                                  : info.kind == SIM_ALLOC_DEVICE || info.kind == SIM_ALLOC_MANAGED;
    if (!ok)
        return RT_cudaErrorInvalidValue;
    if (kind != RT_MEM_HOST)
        rt_pool_forget(ctx, p);
    if (info.kind == SIM_ALLOC_MANAGED)
        rt_hints_forget(ctx, p);   /* cudaFree of a cudaMallocAsync pointer is allowed */
    if (!sim_mem_free(ctx->mem, p))
        return RT_cudaErrorInvalidValue;
    if (kind == RT_MEM_HOST) {
        pthread_mutex_lock(&ctx->mem_lock);
        ctx->host_bytes -= info.size;
        pthread_mutex_unlock(&ctx->mem_lock);
    }
    return RT_cudaSuccess;
}

/* A range is device memory when one live allocation holds all of it. */
static bool device_range(rt_context *ctx, const void *p, size_t n)
{
    return p && sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)p, n);
}

/* cudaMemcpyDefault: a pointer inside an allocation must fit in it; one
 * inside a freed allocation is a use after free; anything else is host. */
static bool default_side_ok(rt_context *ctx, const void *p, size_t n)
{
    sim_alloc_info info;
    uint64_t a = (uint64_t)(uintptr_t)p;
    if (sim_mem_find(ctx->mem, a, &info))
        return sim_mem_check(ctx->mem, a, n);
    if (sim_mem_nearest(ctx->mem, a, &info) && info.freed && a >= info.base &&
        a - info.base < info.size)
        return false;
    return true;
}

static bool memcpy_ranges_ok(rt_context *ctx, void *dst, const void *src, size_t n, int kind)
{
    switch (kind) {
    case RT_MEMCPY_H2H: return true;
    case RT_MEMCPY_H2D: return device_range(ctx, dst, n);
    case RT_MEMCPY_D2H: return device_range(ctx, src, n);
    case RT_MEMCPY_D2D: return device_range(ctx, dst, n) && device_range(ctx, src, n);
    default:            return default_side_ok(ctx, dst, n) && default_side_ok(ctx, src, n);
    }
}

rt_error rt_memcpy_check(rt_context *ctx, void *dst, const void *src, size_t n, int kind)
{
    rt_error e = rt_sticky_error(ctx);
    if (e)
        return e;
    if (kind < RT_MEMCPY_H2H || kind > RT_MEMCPY_DEFAULT)
        return RT_cudaErrorInvalidMemcpyDirection;
    if (n == 0)
        return RT_cudaSuccess;
    if (!dst || !src || !memcpy_ranges_ok(ctx, dst, src, n, kind))
        return RT_cudaErrorInvalidValue;
    return RT_cudaSuccess;
}

rt_error rt_memcpy_now(rt_context *ctx, void *dst, const void *src, size_t n, int kind)
{
    rt_error e = rt_memcpy_check(ctx, dst, src, n, kind);
    if (!e && n)
        memmove(dst, src, n);
    return e;
}

/* Synchronous copies are ordered after all queued work (legacy stream). */
rt_error rt_memcpy(rt_context *ctx, void *dst, const void *src, size_t n, int kind)
{
    rt_error e = rt_queue_drain(ctx);
    return e ? e : rt_memcpy_now(ctx, dst, src, n, kind);
}

rt_error rt_memset(rt_context *ctx, void *dst, int value, size_t n)
{
    rt_error e = rt_queue_drain(ctx);
    return e ? e : rt_memset_now(ctx, dst, value, n);
}

rt_error rt_memset_now(rt_context *ctx, void *dst, int value, size_t n)
{
    rt_error e = rt_sticky_error(ctx);
    if (e)
        return e;
    if (n == 0)
        return RT_cudaSuccess;
    if (!device_range(ctx, dst, n))
        return RT_cudaErrorInvalidValue;
    memset(dst, value, n);
    return RT_cudaSuccess;
}

rt_error rt_mem_info(rt_context *ctx, size_t *free_bytes, size_t *total_bytes)
{
    if (!free_bytes || !total_bytes)
        return RT_cudaErrorInvalidValue;
    uint64_t used = rt_device_bytes_used(ctx);   /* device and managed, not pinned */
    uint64_t total = ctx->dev.total_global_mem;
    *total_bytes = (size_t)total;
    *free_bytes = (size_t)(used < total ? total - used : 0);
    return RT_cudaSuccess;
}

rt_error rt_pointer_info(rt_context *ctx, const void *p, int *type, void **dev, void **host)
{
    if (!type || !dev || !host)
        return RT_cudaErrorInvalidValue;
    sim_alloc_info info;
    void *q = (void *)(uintptr_t)p;
    *type = RT_PTR_UNREGISTERED;
    *dev = *host = NULL;
    if (!p || !sim_mem_find(ctx->mem, (uint64_t)(uintptr_t)p, &info))
        return RT_cudaSuccess;
    switch (info.kind) {
    case SIM_ALLOC_HOST:    *type = RT_PTR_HOST; *dev = *host = q; break;
    case SIM_ALLOC_MANAGED: *type = RT_PTR_MANAGED; *dev = *host = q; break;
    case SIM_ALLOC_DEVICE:
    case SIM_ALLOC_SYMBOL:  *type = RT_PTR_DEVICE; *dev = q; break;
    }
    return RT_cudaSuccess;
}
