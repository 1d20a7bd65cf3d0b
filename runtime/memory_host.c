/* runtime/memory_host.c — pinned host memory with its cudaHostAlloc flags,
 * cudaHostRegister ranges and their device aliases.
 *
 * In UVA a device pointer is a host address, so mapping changes nothing:
 * the device alias of pinned, registered or managed memory is the pointer
 * itself. What matters is that the range is in the sim_mem table, which is
 * what lets kernels touch it (and reports accesses after unregistering). */
#include "runtime/internal.h"

#define FLAGS_KEY(f) ((void *)(uintptr_t)((f) + 1u))   /* ptrmap values must not be NULL */
#define FLAGS_OF(v)  ((unsigned)((uintptr_t)(v) - 1u))

uint64_t rt_device_bytes_used(rt_context *ctx)
{
    uint64_t all = sim_mem_bytes_in_use(ctx->mem);
    pthread_mutex_lock(&ctx->mem_lock);
    uint64_t host = ctx->host_bytes;
    pthread_mutex_unlock(&ctx->mem_lock);
    return all > host ? all - host : 0;
}

rt_error rt_host_alloc(rt_context *ctx, void **out, size_t size, unsigned flags)
{
    if (flags & ~(unsigned)(RT_HOST_ALLOC_PORTABLE | RT_HOST_ALLOC_MAPPED |
                            RT_HOST_ALLOC_WRITE_COMBINED))
        return RT_cudaErrorInvalidValue;
    rt_error e = rt_malloc(ctx, out, size, RT_MEM_HOST);
    if (e || !*out)
        return e;
    pthread_mutex_lock(&ctx->mem_lock);
    bool ok = rt_ptrmap_put(&ctx->host_flags, *out, FLAGS_KEY(flags));
    pthread_mutex_unlock(&ctx->mem_lock);
    if (!ok) {
        rt_free(ctx, *out, RT_MEM_HOST);
        *out = NULL;
        return RT_cudaErrorMemoryAllocation;
    }
    return RT_cudaSuccess;
}

rt_error rt_host_free(rt_context *ctx, void *p)
{
    rt_error e = rt_free(ctx, p, RT_MEM_HOST);
    if (!e && p) {
        pthread_mutex_lock(&ctx->mem_lock);
        rt_ptrmap_remove(&ctx->host_flags, p);
        pthread_mutex_unlock(&ctx->mem_lock);
    }
    return e;
}

/* Any address inside a pinned allocation or a registered range. */
rt_error rt_host_get_flags(rt_context *ctx, unsigned *flags, void *p)
{
    sim_alloc_info info;
    if (!flags || !p || !sim_mem_find(ctx->mem, (uint64_t)(uintptr_t)p, &info) ||
        info.kind != SIM_ALLOC_HOST)
        return RT_cudaErrorInvalidValue;
    void *base = (void *)(uintptr_t)info.base;
    pthread_mutex_lock(&ctx->mem_lock);
    void *v = rt_ptrmap_get(&ctx->host_flags, base);
    if (!v)
        v = rt_ptrmap_get(&ctx->registered, base);
    pthread_mutex_unlock(&ctx->mem_lock);
    *flags = v ? FLAGS_OF(v) : 0;   /* absent: rt_malloc(RT_MEM_HOST) = cudaMallocHost */
    return RT_cudaSuccess;
}

rt_error rt_host_register(rt_context *ctx, void *p, size_t size, unsigned flags)
{
    if (!p || size == 0 || (flags & ~15u))
        return RT_cudaErrorInvalidValue;
    /* the device reports hostRegisterReadOnlySupported = 0, and a host
     * range is never I/O memory here */
    if (flags & (RT_HOST_REGISTER_IOMEMORY | RT_HOST_REGISTER_READONLY)) {
        fprintf(ctx->diag, "cobalt: cudaHostRegister: %s is not supported by the simulated "
                "device\n", flags & RT_HOST_REGISTER_IOMEMORY ? "cudaHostRegisterIoMemory"
                                                              : "cudaHostRegisterReadOnly");
        return RT_cudaErrorNotSupported;
    }
    rt_error e = rt_sticky_error(ctx);
    if (e)
        return e;
    pthread_mutex_lock(&ctx->mem_lock);
    if (rt_ptrmap_get(&ctx->registered, p)) {
        e = RT_cudaErrorHostMemoryAlreadyRegistered;
    } else if (!rt_ptrmap_put(&ctx->registered, p, FLAGS_KEY(flags))) {
        e = RT_cudaErrorMemoryAllocation;
    } else if (!sim_mem_register(ctx->mem, p, size, "cudaHostRegister")) {
        rt_ptrmap_remove(&ctx->registered, p);
        e = RT_cudaErrorHostMemoryAlreadyRegistered;   /* overlaps a known range */
    }
    pthread_mutex_unlock(&ctx->mem_lock);
    return e;
}

rt_error rt_host_unregister(rt_context *ctx, void *p)
{
    if (!p)
        return RT_cudaErrorInvalidValue;
    /* queued work may still use the range: finish it first (CUDA
     * synchronises here too) */
    rt_error e = rt_queue_drain(ctx);
    if (e)
        return e;
    pthread_mutex_lock(&ctx->mem_lock);
    if (!rt_ptrmap_remove(&ctx->registered, p))
        e = RT_cudaErrorHostMemoryNotRegistered;
    else
        sim_mem_unregister(ctx->mem, p);
    pthread_mutex_unlock(&ctx->mem_lock);
    return e;
}

bool rt_host_is_registered(rt_context *ctx, void *p)
{
    pthread_mutex_lock(&ctx->mem_lock);
    bool r = rt_ptrmap_get(&ctx->registered, p) != NULL;
    pthread_mutex_unlock(&ctx->mem_lock);
    return r;
}

rt_error rt_host_device_pointer(rt_context *ctx, void **dev, void *host, unsigned flags)
{
    sim_alloc_info info;
    if (!dev || !host || flags != 0 || !sim_mem_find(ctx->mem, (uint64_t)(uintptr_t)host, &info) ||
        (info.kind != SIM_ALLOC_HOST && info.kind != SIM_ALLOC_MANAGED))
        return RT_cudaErrorInvalidValue;
    *dev = host;   /* UVA: the same address on both sides */
    return RT_cudaSuccess;
}

/* Registered ranges are not the table's to free: take them out before it
 * is destroyed. */
static void unregister_all(rt_context *ctx)
{
    void *key;
    for (size_t i = 0; rt_ptrmap_next(&ctx->registered, &i, &key, NULL);)
        sim_mem_unregister(ctx->mem, key);
    rt_ptrmap_free(&ctx->registered);
}

void rt_memx_reset(rt_context *ctx)
{
    pthread_mutex_lock(&ctx->mem_lock);
    unregister_all(ctx);
    rt_ptrmap_free(&ctx->host_flags);
    ctx->host_bytes = 0;
    pthread_mutex_unlock(&ctx->mem_lock);
    rt_hints_clear(ctx);
    rt_pools_reset(ctx, false);
}

void rt_memx_fini(rt_context *ctx)
{
    rt_memx_reset(ctx);
    rt_pools_reset(ctx, true);
}
