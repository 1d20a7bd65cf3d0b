/* libcudart-shim/memory_pool.c — memory pools and stream-ordered
 * allocation (runtime/pool.c). One device, so only device 0 and device
 * locations are accepted. */
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/ptsz_mem.h"
#include "libcudart-shim/state.h"

#define RET(e) return (cudaError_t)shim_ret(e)

cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t *memPool, int device)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (device != 0)
        RET(RT_cudaErrorInvalidDevice);
    RET(rt_pool_default(ctx, (rt_pool **)memPool));
}

cudaError_t cudaDeviceGetMemPool(cudaMemPool_t *memPool, int device)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (device != 0)
        RET(RT_cudaErrorInvalidDevice);
    RET(rt_pool_current(ctx, (rt_pool **)memPool));
}

cudaError_t cudaDeviceSetMemPool(int device, cudaMemPool_t memPool)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (device != 0)
        RET(RT_cudaErrorInvalidDevice);
    RET(rt_pool_set_current(ctx, (rt_pool *)memPool));
}

/* Only pinned device-located pools without export handles exist here. */
static rt_error location_ok(const struct cudaMemLocation *loc, enum cudaMemAllocationType type)
{
    if (!loc || type != cudaMemAllocationTypePinned || loc->type != cudaMemLocationTypeDevice)
        return RT_cudaErrorInvalidValue;
    return loc->id == 0 ? RT_cudaSuccess : RT_cudaErrorInvalidDevice;
}

cudaError_t cudaMemGetDefaultMemPool(cudaMemPool_t *memPool, struct cudaMemLocation *location,
                                     enum cudaMemAllocationType type)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_error e = location_ok(location, type);
    RET(e ? e : rt_pool_default(ctx, (rt_pool **)memPool));
}

cudaError_t cudaMemGetMemPool(cudaMemPool_t *memPool, struct cudaMemLocation *location,
                              enum cudaMemAllocationType type)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_error e = location_ok(location, type);
    RET(e ? e : rt_pool_current(ctx, (rt_pool **)memPool));
}

cudaError_t cudaMemSetMemPool(struct cudaMemLocation *location, enum cudaMemAllocationType type,
                              cudaMemPool_t memPool)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_error e = location_ok(location, type);
    RET(e ? e : rt_pool_set_current(ctx, (rt_pool *)memPool));
}

cudaError_t cudaMemPoolCreate(cudaMemPool_t *memPool, const struct cudaMemPoolProps *poolProps)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!memPool || !poolProps)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = location_ok(&poolProps->location, poolProps->allocType);
    if (!e && poolProps->handleTypes != cudaMemHandleTypeNone) {
        fprintf(stderr, "cobalt: cudaMemPoolCreate: shareable handle types are not simulated "
                "(handleTypes must be cudaMemHandleTypeNone)\n");
        e = RT_cudaErrorNotSupported;
    }
    RET(e ? e : rt_pool_create(ctx, (rt_pool **)memPool, poolProps->maxSize));
}

cudaError_t cudaMemPoolDestroy(cudaMemPool_t memPool)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_pool_destroy(ctx, (rt_pool *)memPool));
}

cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t memPool, enum cudaMemPoolAttr attr, void *value)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_pool_set_attr(ctx, (rt_pool *)memPool, (int)attr, value));
}

cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t memPool, enum cudaMemPoolAttr attr, void *value)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_pool_get_attr(ctx, (rt_pool *)memPool, (int)attr, value));
}

cudaError_t cudaMemPoolTrimTo(cudaMemPool_t memPool, size_t minBytesToKeep)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_pool_trim(ctx, (rt_pool *)memPool, minBytesToKeep));
}

cudaError_t cudaMallocAsync(void **devPtr, size_t size, cudaStream_t hStream)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_malloc_async(ctx, devPtr, size, NULL, shim_stream(hStream, 0)));
}

cudaError_t cudaMallocAsync_ptsz(void **devPtr, size_t size, cudaStream_t hStream)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_malloc_async(ctx, devPtr, size, NULL, shim_stream(hStream, 1)));
}

cudaError_t cudaMallocFromPoolAsync(void **ptr, size_t size, cudaMemPool_t memPool,
                                    cudaStream_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!memPool)
        RET(RT_cudaErrorInvalidValue);
    RET(rt_malloc_async(ctx, ptr, size, (rt_pool *)memPool, shim_stream(stream, 0)));
}

cudaError_t cudaMallocFromPoolAsync_ptsz(void **ptr, size_t size, cudaMemPool_t memPool,
                                         cudaStream_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!memPool)
        RET(RT_cudaErrorInvalidValue);
    RET(rt_malloc_async(ctx, ptr, size, (rt_pool *)memPool, shim_stream(stream, 1)));
}

cudaError_t cudaFreeAsync(void *devPtr, cudaStream_t hStream)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_free_async(ctx, devPtr, shim_stream(hStream, 0)));
}

cudaError_t cudaFreeAsync_ptsz(void *devPtr, cudaStream_t hStream)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_free_async(ctx, devPtr, shim_stream(hStream, 1)));
}
