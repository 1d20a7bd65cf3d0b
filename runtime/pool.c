/* runtime/pool.c — memory pools and stream-ordered allocation
 * (cudaMallocAsync / cudaFreeAsync).
 *
 * Every allocation is its own sim_mem entry, and a free releases it at once
 * when the stream reaches it: the pool keeps no cache, so a use after
 * cudaFreeAsync is still caught by the UVA table. Hence reserved memory
 * always equals used memory, the release threshold is recorded but never
 * needs to release anything, and cudaMemPoolTrimTo has nothing to trim.
 * The counters are honest for that policy. */
#include "runtime/internal.h"

#include <stdlib.h>

struct rt_pool {
    bool     is_default, destroyed;   /* destroyed: waits for its last free */
    uint64_t max_size;                /* 0: no limit but the device's */
    uint64_t threshold;
    int      reuse[4];                /* indexed by RT_POOL_REUSE_* */
    uint64_t used, used_high;
    unsigned pending_frees;
    rt_pool *next;
};

static rt_pool *pool_new(bool is_default, uint64_t max_size)
{
    rt_pool *p = calloc(1, sizeof *p);
    if (p) {
        p->is_default = is_default;
        p->max_size = max_size;
        p->reuse[1] = p->reuse[2] = p->reuse[3] = 1;   /* CUDA's defaults: all enabled */
    }
    return p;
}

/* mem_lock held. */
static rt_pool *default_locked(rt_context *ctx)
{
    for (rt_pool *p = ctx->pools; p; p = p->next)
        if (p->is_default)
            return p;
    rt_pool *p = pool_new(true, 0);
    if (p) {
        p->next = ctx->pools;
        ctx->pools = p;
    }
    return p;
}

/* mem_lock held: a handle names a live pool. */
static bool valid_locked(rt_context *ctx, const rt_pool *pool)
{
    for (rt_pool *p = ctx->pools; p; p = p->next)
        if (p == pool)
            return !p->destroyed;
    return false;
}

/* mem_lock held: frees a destroyed pool once nothing refers to it. */
static void maybe_release_locked(rt_context *ctx, rt_pool *pool)
{
    if (!pool->destroyed || pool->used || pool->pending_frees)
        return;
    for (rt_pool **pp = &ctx->pools; *pp; pp = &(*pp)->next)
        if (*pp == pool) {
            *pp = pool->next;
            free(pool);
            return;
        }
}

rt_error rt_pool_default(rt_context *ctx, rt_pool **out)
{
    if (!out)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->mem_lock);
    *out = default_locked(ctx);
    pthread_mutex_unlock(&ctx->mem_lock);
    return *out ? RT_cudaSuccess : RT_cudaErrorMemoryAllocation;
}

rt_error rt_pool_current(rt_context *ctx, rt_pool **out)
{
    if (!out)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->mem_lock);
    *out = ctx->cur_pool ? ctx->cur_pool : default_locked(ctx);
    pthread_mutex_unlock(&ctx->mem_lock);
    return *out ? RT_cudaSuccess : RT_cudaErrorMemoryAllocation;
}

rt_error rt_pool_set_current(rt_context *ctx, rt_pool *pool)
{
    rt_error e = RT_cudaSuccess;
    pthread_mutex_lock(&ctx->mem_lock);
    if (!pool || !valid_locked(ctx, pool))
        e = RT_cudaErrorInvalidValue;
    else
        ctx->cur_pool = pool->is_default ? NULL : pool;
    pthread_mutex_unlock(&ctx->mem_lock);
    return e;
}

rt_error rt_pool_create(rt_context *ctx, rt_pool **out, size_t max_size)
{
    if (!out)
        return RT_cudaErrorInvalidValue;
    rt_pool *p = pool_new(false, max_size);
    if (!p)
        return RT_cudaErrorMemoryAllocation;
    pthread_mutex_lock(&ctx->mem_lock);
    p->next = ctx->pools;
    ctx->pools = p;
    pthread_mutex_unlock(&ctx->mem_lock);
    *out = p;
    return RT_cudaSuccess;
}

/* Outstanding allocations keep the pool's memory until they are freed, as
 * in CUDA; the handle is invalid at once. */
rt_error rt_pool_destroy(rt_context *ctx, rt_pool *pool)
{
    rt_error e = RT_cudaSuccess;
    pthread_mutex_lock(&ctx->mem_lock);
    if (!pool || !valid_locked(ctx, pool) || pool->is_default) {
        e = RT_cudaErrorInvalidValue;
    } else {
        if (ctx->cur_pool == pool)
            ctx->cur_pool = NULL;   /* the default becomes current again */
        pool->destroyed = true;
        maybe_release_locked(ctx, pool);
    }
    pthread_mutex_unlock(&ctx->mem_lock);
    return e;
}

rt_error rt_pool_set_attr(rt_context *ctx, rt_pool *pool, int attr, const void *value)
{
    rt_error e = RT_cudaSuccess;
    if (!value)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->mem_lock);
    if (!pool || !valid_locked(ctx, pool)) {
        e = RT_cudaErrorInvalidValue;
        goto out;
    }
    switch (attr) {
    case RT_POOL_REUSE_FOLLOW_EVENTS:
    case RT_POOL_REUSE_OPPORTUNISTIC:
    case RT_POOL_REUSE_INTERNAL_DEPS:
        pool->reuse[attr] = *(const int *)value != 0;   /* no reuse happens either way */
        break;
    case RT_POOL_RELEASE_THRESHOLD:
        pool->threshold = *(const uint64_t *)value;
        break;
    case RT_POOL_RESERVED_HIGH:   /* only a reset to 0 is allowed */
    case RT_POOL_USED_HIGH:
        if (*(const uint64_t *)value != 0)
            e = RT_cudaErrorInvalidValue;
        else
            pool->used_high = pool->used;
        break;
    default:   /* the current counters are read-only */
        e = RT_cudaErrorInvalidValue;
    }
out:
    pthread_mutex_unlock(&ctx->mem_lock);
    return e;
}

rt_error rt_pool_get_attr(rt_context *ctx, rt_pool *pool, int attr, void *value)
{
    rt_error e = RT_cudaSuccess;
    if (!value)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->mem_lock);
    if (!pool || !valid_locked(ctx, pool)) {
        e = RT_cudaErrorInvalidValue;
        goto out;
    }
    switch (attr) {
    case RT_POOL_REUSE_FOLLOW_EVENTS:
    case RT_POOL_REUSE_OPPORTUNISTIC:
    case RT_POOL_REUSE_INTERNAL_DEPS: *(int *)value = pool->reuse[attr]; break;
    case RT_POOL_RELEASE_THRESHOLD:   *(uint64_t *)value = pool->threshold; break;
    case RT_POOL_RESERVED_CURRENT:    /* no cache: reserved = used */
    case RT_POOL_USED_CURRENT:        *(uint64_t *)value = pool->used; break;
    case RT_POOL_RESERVED_HIGH:
    case RT_POOL_USED_HIGH:           *(uint64_t *)value = pool->used_high; break;
    default:                          e = RT_cudaErrorInvalidValue;
    }
out:
    pthread_mutex_unlock(&ctx->mem_lock);
    return e;
}

rt_error rt_pool_trim(rt_context *ctx, rt_pool *pool, size_t keep)
{
    (void)keep;   /* nothing is ever kept beyond what is in use */
    pthread_mutex_lock(&ctx->mem_lock);
    bool ok = pool && valid_locked(ctx, pool);
    pthread_mutex_unlock(&ctx->mem_lock);
    return ok ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

static bool stream_ok(rt_context *ctx, uintptr_t stream)
{
    pthread_mutex_lock(&ctx->q.lock);
    bool ok = rt_stream_lookup(&ctx->q, stream) != NULL;
    pthread_mutex_unlock(&ctx->q.lock);
    return ok;
}

/* The memory is ready at once, which is before the stream reaches the
 * allocation: a valid ordering of a stream-ordered allocation. */
rt_error rt_malloc_async(rt_context *ctx, void **out, size_t size, rt_pool *pool,
                         uintptr_t stream)
{
    if (!out || size == 0)
        return RT_cudaErrorInvalidValue;
    if (!stream_ok(ctx, stream))
        return RT_cudaErrorInvalidResourceHandle;
    rt_error e = rt_sticky_error(ctx);
    if (e)
        return e;
    uint64_t used = rt_device_bytes_used(ctx), total = ctx->dev.total_global_mem;
    if (used >= total || size > total - used)
        return RT_cudaErrorMemoryAllocation;
    pthread_mutex_lock(&ctx->mem_lock);
    rt_pool *p = pool ? pool : ctx->cur_pool ? ctx->cur_pool : default_locked(ctx);
    if (!p || !valid_locked(ctx, p)) {
        e = p ? RT_cudaErrorInvalidValue : RT_cudaErrorMemoryAllocation;
        goto out;
    }
    if (p->max_size && (p->used >= p->max_size || size > p->max_size - p->used)) {
        e = RT_cudaErrorMemoryAllocation;
        goto out;
    }
    void *mem = sim_mem_alloc(ctx->mem, size, SIM_ALLOC_DEVICE, "cudaMallocAsync");
    if (!mem || !rt_ptrmap_put(&ctx->pool_ptrs, mem, p)) {
        if (mem)
            sim_mem_free(ctx->mem, mem);
        e = RT_cudaErrorMemoryAllocation;
        goto out;
    }
    p->used += size;
    if (p->used > p->used_high)
        p->used_high = p->used;
    *out = mem;
out:
    pthread_mutex_unlock(&ctx->mem_lock);
    return e;
}

typedef struct pending_free {
    rt_context *ctx;
    rt_pool    *pool;
    void       *p;
    uint64_t    size;
} pending_free;

/* Runs when the stream reaches the free (its status does not matter: the
 * memory is released either way). */
static void free_in_order(void *user, int status)
{
    (void)status;
    pending_free *f = user;
    rt_context *ctx = f->ctx;
    sim_mem_free(ctx->mem, f->p);
    pthread_mutex_lock(&ctx->mem_lock);
    f->pool->used -= f->size;
    f->pool->pending_frees--;
    maybe_release_locked(ctx, f->pool);
    pthread_mutex_unlock(&ctx->mem_lock);
    free(f);
}

rt_error rt_free_async(rt_context *ctx, void *p, uintptr_t stream)
{
    sim_alloc_info info;
    if (!p)
        return RT_cudaErrorInvalidValue;
    if (!stream_ok(ctx, stream))
        return RT_cudaErrorInvalidResourceHandle;
    pending_free *f = malloc(sizeof *f);
    if (!f)
        return RT_cudaErrorMemoryAllocation;
    pthread_mutex_lock(&ctx->mem_lock);
    rt_pool *pool = rt_ptrmap_get(&ctx->pool_ptrs, p);
    if (!pool || !sim_mem_find(ctx->mem, (uint64_t)(uintptr_t)p, &info)) {
        pthread_mutex_unlock(&ctx->mem_lock);
        free(f);
        return RT_cudaErrorInvalidValue;   /* not (or no longer) a stream-ordered allocation */
    }
    rt_ptrmap_remove(&ctx->pool_ptrs, p);   /* a second cudaFreeAsync is an error now */
    pool->pending_frees++;
    pthread_mutex_unlock(&ctx->mem_lock);
    *f = (pending_free){ .ctx = ctx, .pool = pool, .p = p, .size = info.size };
    rt_error e = rt_launch_host_fn(ctx, stream, free_in_order, f);
    if (e) {
        pthread_mutex_lock(&ctx->mem_lock);
        pool->pending_frees--;
        rt_ptrmap_put(&ctx->pool_ptrs, p, pool);
        pthread_mutex_unlock(&ctx->mem_lock);
        free(f);
    }
    return e;
}

bool rt_pool_forget(rt_context *ctx, void *p)
{
    sim_alloc_info info;
    pthread_mutex_lock(&ctx->mem_lock);
    rt_pool *pool = rt_ptrmap_get(&ctx->pool_ptrs, p);
    if (pool && sim_mem_find(ctx->mem, (uint64_t)(uintptr_t)p, &info)) {
        rt_ptrmap_remove(&ctx->pool_ptrs, p);
        pool->used -= info.size;
        maybe_release_locked(ctx, pool);
    }
    pthread_mutex_unlock(&ctx->mem_lock);
    return pool != NULL;
}

/* Reset: the allocations vanish with the UVA table. Destroy also frees
 * the pools. */
void rt_pools_reset(rt_context *ctx, bool destroy)
{
    pthread_mutex_lock(&ctx->mem_lock);
    rt_ptrmap_free(&ctx->pool_ptrs);
    for (rt_pool **pp = &ctx->pools; *pp;) {
        rt_pool *p = *pp;
        p->used = 0;
        if (destroy || p->destroyed) {
            *pp = p->next;
            free(p);
        } else {
            pp = &p->next;
        }
    }
    if (destroy)
        ctx->cur_pool = NULL;
    pthread_mutex_unlock(&ctx->mem_lock);
}
