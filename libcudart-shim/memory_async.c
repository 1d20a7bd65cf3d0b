/* libcudart-shim/memory_async.c — stream-ordered copies and sets, 2D copies
 * and pitched allocations. */
#include "libcudart-shim/abi.h"
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/state.h"

#define RET(e) return shim_err(shim_ret(e))

static cudaError_t copy_async(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind,
                              cudaStream_t s, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_memcpy_async(ctx, dst, src, count, (int)kind, shim_stream(s, ptsz)));
}

cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind,
                            cudaStream_t stream)
{
    return copy_async(dst, src, count, kind, stream, 0);
}

cudaError_t cudaMemcpyAsync_ptsz(void *dst, const void *src, size_t count,
                                 enum cudaMemcpyKind kind, cudaStream_t stream)
{
    return copy_async(dst, src, count, kind, stream, 1);
}

static cudaError_t set_async(void *p, int value, size_t count, cudaStream_t s, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_memset_async(ctx, p, value, count, shim_stream(s, ptsz)));
}

cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count, cudaStream_t stream)
{
    return set_async(devPtr, value, count, stream, 0);
}

cudaError_t cudaMemsetAsync_ptsz(void *devPtr, int value, size_t count, cudaStream_t stream)
{
    return set_async(devPtr, value, count, stream, 1);
}

cudaError_t cudaMemcpy2D(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
                         size_t height, enum cudaMemcpyKind kind)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_memcpy2d(ctx, dst, dpitch, src, spitch, width, height, (int)kind));
}

cudaError_t cudaMemcpy2D_ptds(void *dst, size_t dpitch, const void *src, size_t spitch,
                              size_t width, size_t height, enum cudaMemcpyKind kind)
{
    return cudaMemcpy2D(dst, dpitch, src, spitch, width, height, kind);
}

static cudaError_t copy2d_async(void *dst, size_t dpitch, const void *src, size_t spitch,
                                size_t width, size_t height, enum cudaMemcpyKind kind,
                                cudaStream_t s, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_memcpy2d_async(ctx, dst, dpitch, src, spitch, width, height, (int)kind,
                          shim_stream(s, ptsz)));
}

cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch,
                              size_t width, size_t height, enum cudaMemcpyKind kind,
                              cudaStream_t stream)
{
    return copy2d_async(dst, dpitch, src, spitch, width, height, kind, stream, 0);
}

cudaError_t cudaMemcpy2DAsync_ptsz(void *dst, size_t dpitch, const void *src, size_t spitch,
                                   size_t width, size_t height, enum cudaMemcpyKind kind,
                                   cudaStream_t stream)
{
    return copy2d_async(dst, dpitch, src, spitch, width, height, kind, stream, 1);
}

cudaError_t cudaMallocPitch(void **devPtr, size_t *pitch, size_t width, size_t height)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_malloc_pitch(ctx, devPtr, pitch, width, height));
}
