/* libcudart-shim/memory_managed.c — unified-memory hints. In the simulator
 * managed memory is host memory the device reads directly: advice and
 * prefetches are validated and change no data (runtime/memory_hint.c). */
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/ptsz_mem.h"
#include "libcudart-shim/state.h"

#define RET(e) return (cudaError_t)shim_ret(e)

cudaError_t cudaMemAdvise(const void *devPtr, size_t count, enum cudaMemoryAdvise advice,
                          struct cudaMemLocation location)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_mem_advise(ctx, devPtr, count, (int)advice, (int)location.type, location.id));
}

static cudaError_t prefetch(const void *p, size_t count, struct cudaMemLocation loc,
                            unsigned flags, uintptr_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_mem_prefetch(ctx, p, count, (int)loc.type, loc.id, flags, stream));
}

cudaError_t cudaMemPrefetchAsync(const void *devPtr, size_t count,
                                 struct cudaMemLocation location, unsigned int flags,
                                 cudaStream_t stream)
{
    return prefetch(devPtr, count, location, flags, shim_stream(stream, 0));
}

cudaError_t cudaMemPrefetchAsync_ptsz(const void *devPtr, size_t count,
                                      struct cudaMemLocation location, unsigned int flags,
                                      cudaStream_t stream)
{
    return prefetch(devPtr, count, location, flags, shim_stream(stream, 1));
}

cudaError_t cudaMemRangeGetAttribute(void *data, size_t dataSize,
                                     enum cudaMemRangeAttribute attribute, const void *devPtr,
                                     size_t count)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_mem_range_attr(ctx, data, dataSize, (int)attribute, devPtr, count));
}

cudaError_t cudaMemRangeGetAttributes(void **data, size_t *dataSizes,
                                      enum cudaMemRangeAttribute *attributes,
                                      size_t numAttributes, const void *devPtr, size_t count)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!data || !dataSizes || !attributes || numAttributes == 0)
        RET(RT_cudaErrorInvalidValue);
    for (size_t i = 0; i < numAttributes; i++) {
        rt_error e = rt_mem_range_attr(ctx, data[i], dataSizes[i], (int)attributes[i], devPtr,
                                       count);
        if (e)
            RET(e);
    }
    return cudaSuccess;
}
