/* runtime/memory_hint.c — cudaMemAdvise, cudaMemPrefetchAsync and
 * cudaMemRangeGetAttribute(s) on managed memory.
 *
 * Managed memory is host memory the simulated device reads directly, so
 * advice and prefetches move no data and change no timing: they are
 * validated, and remembered only so cudaMemRangeGetAttribute can answer.
 * The answers are kept per allocation; advice on part of an allocation
 * makes its answers unknowable here, and the query then fails loudly. */
#include "runtime/internal.h"

#include <stdlib.h>

enum { ADV_SET_READ_MOSTLY = 1, ADV_UNSET_READ_MOSTLY, ADV_SET_PREFERRED,
       ADV_UNSET_PREFERRED, ADV_SET_ACCESSED_BY, ADV_UNSET_ACCESSED_BY };
enum { ATTR_READ_MOSTLY = 1, ATTR_PREFERRED, ATTR_ACCESSED_BY, ATTR_LAST_PREFETCH,
       ATTR_PREFERRED_TYPE, ATTR_PREFERRED_ID, ATTR_LAST_PREFETCH_TYPE, ATTR_LAST_PREFETCH_ID };
#define CPU_DEVICE_ID   (-1)   /* cudaCpuDeviceId */
#define INVALID_DEVICE  (-2)   /* cudaInvalidDeviceId */

typedef struct rt_mem_hints {
    bool read_mostly, accessed_by_dev, accessed_by_host, partial;
    int  pref_type, pref_id;          /* RT_LOC_*; RT_LOC_NONE: unset */
    int  prefetch_type, prefetch_id;  /* RT_LOC_NONE: never prefetched */
} rt_mem_hints;

/* The managed allocation holding [p, p+count). */
static rt_error managed_range(rt_context *ctx, const void *p, size_t count, sim_alloc_info *info)
{
    if (!p || count == 0)
        return RT_cudaErrorInvalidValue;
    uint64_t a = (uint64_t)(uintptr_t)p;
    if (!sim_mem_find(ctx->mem, a, info) || info->kind != SIM_ALLOC_MANAGED ||
        count > info->size - (a - info->base))
        return RT_cudaErrorInvalidValue;   /* pageableMemoryAccess is 0 */
    return RT_cudaSuccess;
}

static rt_error check_location(int type, int id)
{
    switch (type) {
    case RT_LOC_DEVICE:             return id == 0 ? RT_cudaSuccess : RT_cudaErrorInvalidDevice;
    case RT_LOC_HOST:
    case RT_LOC_HOST_NUMA_CURRENT:  return RT_cudaSuccess;
    case RT_LOC_HOST_NUMA:          return id == 0 ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
    default:                        return RT_cudaErrorInvalidValue;
    }
}

/* mem_lock held: the record of a managed allocation, made on first use. */
static rt_mem_hints *hints_of(rt_context *ctx, uint64_t base)
{
    void *key = (void *)(uintptr_t)base;
    rt_mem_hints *h = rt_ptrmap_get(&ctx->hints, key);
    if (!h && (h = calloc(1, sizeof *h)) && !rt_ptrmap_put(&ctx->hints, key, h)) {
        free(h);
        h = NULL;
    }
    return h;
}

static rt_error record(rt_context *ctx, const sim_alloc_info *info, const void *p, size_t count,
                       int advice, int type, int id)
{
    rt_error e = RT_cudaSuccess;
    pthread_mutex_lock(&ctx->mem_lock);
    rt_mem_hints *h = hints_of(ctx, info->base);
    if (!h) {
        e = RT_cudaErrorMemoryAllocation;
        goto out;
    }
    if ((uint64_t)(uintptr_t)p != info->base || count != info->size)
        h->partial = true;
    bool host = type != RT_LOC_DEVICE;
    switch (advice) {
    case ADV_SET_READ_MOSTLY:   h->read_mostly = true; break;
    case ADV_UNSET_READ_MOSTLY: h->read_mostly = false; break;
    case ADV_SET_PREFERRED:     h->pref_type = type; h->pref_id = host ? CPU_DEVICE_ID : id; break;
    case ADV_UNSET_PREFERRED:   h->pref_type = RT_LOC_NONE; break;
    case ADV_SET_ACCESSED_BY:   *(host ? &h->accessed_by_host : &h->accessed_by_dev) = true; break;
    case ADV_UNSET_ACCESSED_BY: *(host ? &h->accessed_by_host : &h->accessed_by_dev) = false; break;
    default: /* prefetch */     h->prefetch_type = type; h->prefetch_id = host ? CPU_DEVICE_ID : id;
    }
out:
    pthread_mutex_unlock(&ctx->mem_lock);
    return e;
}

rt_error rt_mem_advise(rt_context *ctx, const void *p, size_t count, int advice, int loc_type,
                       int loc_id)
{
    sim_alloc_info info;
    if (advice < ADV_SET_READ_MOSTLY || advice > ADV_UNSET_ACCESSED_BY)
        return RT_cudaErrorInvalidValue;
    rt_error e = managed_range(ctx, p, count, &info);
    /* read-mostly and the unset of a preferred location ignore the location */
    bool needs_loc = advice == ADV_SET_PREFERRED || advice == ADV_SET_ACCESSED_BY ||
                     advice == ADV_UNSET_ACCESSED_BY;
    if (!e && needs_loc)
        e = check_location(loc_type, loc_id);
    return e ? e : record(ctx, &info, p, count, advice, loc_type, loc_id);
}

rt_error rt_mem_prefetch(rt_context *ctx, const void *p, size_t count, int loc_type, int loc_id,
                         unsigned flags, uintptr_t stream)
{
    sim_alloc_info info;
    if (flags != 0)
        return RT_cudaErrorInvalidValue;
    rt_error e = managed_range(ctx, p, count, &info);
    if (!e)
        e = check_location(loc_type, loc_id);
    if (e)
        return e;
    pthread_mutex_lock(&ctx->q.lock);
    bool ok = rt_stream_lookup(&ctx->q, stream) != NULL;
    pthread_mutex_unlock(&ctx->q.lock);
    if (!ok)
        return RT_cudaErrorInvalidResourceHandle;
    return record(ctx, &info, p, count, 0, loc_type, loc_id);
}

static rt_error put_int(void *data, size_t size, int v)
{
    if (size < sizeof v)   /* CUDA wants exactly 4 bytes for the scalar attributes */
        return RT_cudaErrorInvalidValue;
    *(int *)data = v;
    return RT_cudaSuccess;
}

/* The answer for one managed allocation's record (NULL: no advice). */
static rt_error answer(const rt_mem_hints *h, int attr, void *data, size_t size)
{
    rt_mem_hints none = { .pref_type = RT_LOC_NONE, .prefetch_type = RT_LOC_NONE };
    if (!h)
        h = &none;
    bool pref = h->pref_type != RT_LOC_NONE, pf = h->prefetch_type != RT_LOC_NONE;
    switch (attr) {
    case ATTR_READ_MOSTLY:        return put_int(data, size, h->read_mostly);
    case ATTR_PREFERRED:          return put_int(data, size, pref ? h->pref_id : INVALID_DEVICE);
    case ATTR_PREFERRED_TYPE:     return put_int(data, size, pref ? h->pref_type : RT_LOC_NONE);
    case ATTR_PREFERRED_ID:       return put_int(data, size, pref ? h->pref_id : INVALID_DEVICE);
    case ATTR_LAST_PREFETCH:      return put_int(data, size, pf ? h->prefetch_id : INVALID_DEVICE);
    case ATTR_LAST_PREFETCH_TYPE: return put_int(data, size, pf ? h->prefetch_type : RT_LOC_NONE);
    case ATTR_LAST_PREFETCH_ID:   return put_int(data, size, pf ? h->prefetch_id : INVALID_DEVICE);
    case ATTR_ACCESSED_BY: {
        /* an array of device ids, padded with cudaInvalidDeviceId */
        if (size == 0 || size % sizeof(int))
            return RT_cudaErrorInvalidValue;
        int *ids = data;
        size_t n = size / sizeof(int), k = 0;
        if (h->accessed_by_host && k < n)
            ids[k++] = CPU_DEVICE_ID;
        if (h->accessed_by_dev && k < n)
            ids[k++] = 0;
        while (k < n)
            ids[k++] = INVALID_DEVICE;
        return RT_cudaSuccess;
    }
    default:
        return RT_cudaErrorInvalidValue;
    }
}

rt_error rt_mem_range_attr(rt_context *ctx, void *data, size_t data_size, int attr,
                           const void *p, size_t count)
{
    sim_alloc_info info;
    if (!data)
        return RT_cudaErrorInvalidValue;
    rt_error e = managed_range(ctx, p, count, &info);
    if (e)
        return e;
    pthread_mutex_lock(&ctx->mem_lock);
    const rt_mem_hints *h = rt_ptrmap_get(&ctx->hints, (void *)(uintptr_t)info.base);
    rt_mem_hints copy = h ? *h : (rt_mem_hints){ 0 };
    pthread_mutex_unlock(&ctx->mem_lock);
    if (h && copy.partial) {
        fprintf(ctx->diag, "cobalt: cudaMemRangeGetAttribute: advice or a prefetch was applied "
                "to part of the managed allocation at %p; per-page answers are not kept\n",
                (void *)(uintptr_t)info.base);
        return RT_cudaErrorNotSupported;
    }
    return answer(h ? &copy : NULL, attr, data, data_size);
}

void rt_hints_forget(rt_context *ctx, void *base)
{
    pthread_mutex_lock(&ctx->mem_lock);
    void *h = rt_ptrmap_get(&ctx->hints, base);
    if (h) {
        rt_ptrmap_remove(&ctx->hints, base);
        free(h);
    }
    pthread_mutex_unlock(&ctx->mem_lock);
}

void rt_hints_clear(rt_context *ctx)
{
    void *key, *val;
    pthread_mutex_lock(&ctx->mem_lock);
    for (size_t i = 0; rt_ptrmap_next(&ctx->hints, &i, &key, &val);)
        free(val);
    rt_ptrmap_free(&ctx->hints);
    pthread_mutex_unlock(&ctx->mem_lock);
}
