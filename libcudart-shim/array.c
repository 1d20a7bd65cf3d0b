/* libcudart-shim/array.c — CUDA arrays: allocation, queries and the array
 * copies (runtime/array.c). A cudaArray_t is the base address of the
 * array's device allocation. */
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/state.h"
#include "runtime/texture.h"

#define RET(e) return (cudaError_t)shim_ret(e)

/* The per-thread-default-stream names the headers declare only by renaming. */
cudaError_t cudaMemcpy2DToArray_ptds(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                     const void *src, size_t spitch, size_t width, size_t height,
                                     enum cudaMemcpyKind kind);
cudaError_t cudaMemcpy2DToArrayAsync_ptsz(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                          const void *src, size_t spitch, size_t width,
                                          size_t height, enum cudaMemcpyKind kind,
                                          cudaStream_t stream);
cudaError_t cudaMemcpy2DFromArray_ptds(void *dst, size_t dpitch, cudaArray_const_t src,
                                       size_t wOffset, size_t hOffset, size_t width,
                                       size_t height, enum cudaMemcpyKind kind);
cudaError_t cudaMemcpy2DFromArrayAsync_ptsz(void *dst, size_t dpitch, cudaArray_const_t src,
                                            size_t wOffset, size_t hOffset, size_t width,
                                            size_t height, enum cudaMemcpyKind kind,
                                            cudaStream_t stream);
cudaError_t cudaMemcpyToArray_ptds(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                   const void *src, size_t count, enum cudaMemcpyKind kind);
cudaError_t cudaMemcpyToArrayAsync_ptsz(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                        const void *src, size_t count, enum cudaMemcpyKind kind,
                                        cudaStream_t stream);
cudaError_t cudaMemcpyFromArray_ptds(void *dst, cudaArray_const_t src, size_t wOffset,
                                     size_t hOffset, size_t count, enum cudaMemcpyKind kind);
cudaError_t cudaMemcpyFromArrayAsync_ptsz(void *dst, cudaArray_const_t src, size_t wOffset,
                                          size_t hOffset, size_t count,
                                          enum cudaMemcpyKind kind, cudaStream_t stream);
cudaError_t cudaMemcpyArrayToArray_ptds(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst,
                                        cudaArray_const_t src, size_t wOffsetSrc,
                                        size_t hOffsetSrc, size_t count,
                                        enum cudaMemcpyKind kind);
cudaError_t cudaMemcpy2DArrayToArray_ptds(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst,
                                          cudaArray_const_t src, size_t wOffsetSrc,
                                          size_t hOffsetSrc, size_t width, size_t height,
                                          enum cudaMemcpyKind kind);

static rt_chan chan_of(const struct cudaChannelFormatDesc *d)
{
    return (rt_chan){ d->x, d->y, d->z, d->w, (int)d->f };
}

cudaError_t cudaMalloc3DArray(cudaArray_t *array, const struct cudaChannelFormatDesc *desc,
                              struct cudaExtent extent, unsigned int flags)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!array || !desc)
        RET(RT_cudaErrorInvalidValue);
    rt_chan ch = chan_of(desc);
    void *p = NULL;
    rt_error e = rt_array_create(ctx, &p, &ch, extent.width, extent.height, extent.depth, flags);
    if (!e)
        *array = p;
    RET(e);
}

cudaError_t cudaMallocArray(cudaArray_t *array, const struct cudaChannelFormatDesc *desc,
                            size_t width, size_t height, unsigned int flags)
{
    if (flags & cudaArrayLayered) {   /* layers need cudaMalloc3DArray's depth */
        SHIM_CTX_OR_RETURN(ctx);
        (void)ctx;
        RET(RT_cudaErrorInvalidValue);
    }
    return cudaMalloc3DArray(array, desc, (struct cudaExtent){ width, height, 0 }, flags);
}

cudaError_t cudaFreeArray(cudaArray_t array)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_array_free(ctx, array));
}

cudaError_t cudaArrayGetInfo(struct cudaChannelFormatDesc *desc, struct cudaExtent *extent,
                             unsigned int *flags, cudaArray_t array)
{
    SHIM_CTX_OR_RETURN(ctx);
    const rt_array *a;
    rt_error e = rt_array_get(ctx, array, &a);
    if (e)
        RET(e);
    if (desc)
        *desc = (struct cudaChannelFormatDesc){ a->ch.x, a->ch.y, a->ch.z, a->ch.w,
                                                (enum cudaChannelFormatKind)a->ch.kind };
    if (extent)
        *extent = (struct cudaExtent){ a->ext[0], a->ext[1], a->ext[2] };
    if (flags)
        *flags = a->flags;
    return cudaSuccess;
}

cudaError_t cudaGetChannelDesc(struct cudaChannelFormatDesc *desc, cudaArray_const_t array)
{
    if (!desc) {
        SHIM_CTX_OR_RETURN(ctx);
        (void)ctx;
        RET(RT_cudaErrorInvalidValue);
    }
    return cudaArrayGetInfo(desc, NULL, NULL, (cudaArray_t)array);
}

static const rt_pitched no_ptr;

static cudaError_t to2d(cudaArray_t dst, size_t wo, size_t ho, const void *src, size_t spitch,
                        size_t w, size_t h, enum cudaMemcpyKind kind, uintptr_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_pitched s = { (void *)src, spitch, w, h };
    RET(rt_memcpy2d_arrays(ctx, dst, no_ptr, (rt_pos3){ wo, ho, 0 }, NULL, s,
                           (rt_pos3){ 0, 0, 0 }, w, h, (int)kind, stream));
}

static cudaError_t from2d(void *dst, size_t dpitch, cudaArray_const_t src, size_t wo, size_t ho,
                          size_t w, size_t h, enum cudaMemcpyKind kind, uintptr_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_pitched d = { dst, dpitch, w, h };
    RET(rt_memcpy2d_arrays(ctx, NULL, d, (rt_pos3){ 0, 0, 0 }, src, no_ptr,
                           (rt_pos3){ wo, ho, 0 }, w, h, (int)kind, stream));
}

static cudaError_t a2a(cudaArray_t dst, size_t dwo, size_t dho, cudaArray_const_t src,
                       size_t swo, size_t sho, size_t w, size_t h, enum cudaMemcpyKind kind)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_memcpy2d_arrays(ctx, dst, no_ptr, (rt_pos3){ dwo, dho, 0 }, src, no_ptr,
                           (rt_pos3){ swo, sho, 0 }, w, h, (int)kind, RT_STREAM_SYNC));
}

cudaError_t cudaMemcpy2DToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void *src,
                                size_t spitch, size_t width, size_t height,
                                enum cudaMemcpyKind kind)
{
    return to2d(dst, wOffset, hOffset, src, spitch, width, height, kind, RT_STREAM_SYNC);
}

cudaError_t cudaMemcpy2DToArray_ptds(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                     const void *src, size_t spitch, size_t width, size_t height,
                                     enum cudaMemcpyKind kind)
{
    return to2d(dst, wOffset, hOffset, src, spitch, width, height, kind, RT_STREAM_SYNC);
}

cudaError_t cudaMemcpy2DToArrayAsync(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                     const void *src, size_t spitch, size_t width, size_t height,
                                     enum cudaMemcpyKind kind, cudaStream_t stream)
{
    return to2d(dst, wOffset, hOffset, src, spitch, width, height, kind, shim_stream(stream, 0));
}

cudaError_t cudaMemcpy2DToArrayAsync_ptsz(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                          const void *src, size_t spitch, size_t width,
                                          size_t height, enum cudaMemcpyKind kind,
                                          cudaStream_t stream)
{
    return to2d(dst, wOffset, hOffset, src, spitch, width, height, kind, shim_stream(stream, 1));
}

cudaError_t cudaMemcpy2DFromArray(void *dst, size_t dpitch, cudaArray_const_t src, size_t wOffset,
                                  size_t hOffset, size_t width, size_t height,
                                  enum cudaMemcpyKind kind)
{
    return from2d(dst, dpitch, src, wOffset, hOffset, width, height, kind, RT_STREAM_SYNC);
}

cudaError_t cudaMemcpy2DFromArray_ptds(void *dst, size_t dpitch, cudaArray_const_t src,
                                       size_t wOffset, size_t hOffset, size_t width,
                                       size_t height, enum cudaMemcpyKind kind)
{
    return from2d(dst, dpitch, src, wOffset, hOffset, width, height, kind, RT_STREAM_SYNC);
}

cudaError_t cudaMemcpy2DFromArrayAsync(void *dst, size_t dpitch, cudaArray_const_t src,
                                       size_t wOffset, size_t hOffset, size_t width,
                                       size_t height, enum cudaMemcpyKind kind,
                                       cudaStream_t stream)
{
    return from2d(dst, dpitch, src, wOffset, hOffset, width, height, kind,
                  shim_stream(stream, 0));
}

cudaError_t cudaMemcpy2DFromArrayAsync_ptsz(void *dst, size_t dpitch, cudaArray_const_t src,
                                            size_t wOffset, size_t hOffset, size_t width,
                                            size_t height, enum cudaMemcpyKind kind,
                                            cudaStream_t stream)
{
    return from2d(dst, dpitch, src, wOffset, hOffset, width, height, kind,
                  shim_stream(stream, 1));
}

cudaError_t cudaMemcpy2DArrayToArray(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst,
                                     cudaArray_const_t src, size_t wOffsetSrc, size_t hOffsetSrc,
                                     size_t width, size_t height, enum cudaMemcpyKind kind)
{
    return a2a(dst, wOffsetDst, hOffsetDst, src, wOffsetSrc, hOffsetSrc, width, height, kind);
}

cudaError_t cudaMemcpy2DArrayToArray_ptds(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst,
                                          cudaArray_const_t src, size_t wOffsetSrc,
                                          size_t hOffsetSrc, size_t width, size_t height,
                                          enum cudaMemcpyKind kind)
{
    return a2a(dst, wOffsetDst, hOffsetDst, src, wOffsetSrc, hOffsetSrc, width, height, kind);
}

static cudaError_t linear(cudaArray_const_t arr, size_t wo, size_t ho, void *buf, size_t count,
                          bool to, enum cudaMemcpyKind kind, uintptr_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_memcpy_array_linear(ctx, (void *)arr, wo, ho, buf, count, to, (int)kind, stream));
}

cudaError_t cudaMemcpyToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void *src,
                              size_t count, enum cudaMemcpyKind kind)
{
    return linear(dst, wOffset, hOffset, (void *)src, count, true, kind, RT_STREAM_SYNC);
}

cudaError_t cudaMemcpyToArrayAsync(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                   const void *src, size_t count, enum cudaMemcpyKind kind,
                                   cudaStream_t stream)
{
    return linear(dst, wOffset, hOffset, (void *)src, count, true, kind, shim_stream(stream, 0));
}

cudaError_t cudaMemcpyFromArray(void *dst, cudaArray_const_t src, size_t wOffset, size_t hOffset,
                                size_t count, enum cudaMemcpyKind kind)
{
    return linear(src, wOffset, hOffset, dst, count, false, kind, RT_STREAM_SYNC);
}

cudaError_t cudaMemcpyFromArrayAsync(void *dst, cudaArray_const_t src, size_t wOffset,
                                     size_t hOffset, size_t count, enum cudaMemcpyKind kind,
                                     cudaStream_t stream)
{
    return linear(src, wOffset, hOffset, dst, count, false, kind, shim_stream(stream, 0));
}

cudaError_t cudaMemcpyToArray_ptds(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                   const void *src, size_t count, enum cudaMemcpyKind kind)
{
    return linear(dst, wOffset, hOffset, (void *)src, count, true, kind, RT_STREAM_SYNC);
}

cudaError_t cudaMemcpyToArrayAsync_ptsz(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                        const void *src, size_t count, enum cudaMemcpyKind kind,
                                        cudaStream_t stream)
{
    return linear(dst, wOffset, hOffset, (void *)src, count, true, kind, shim_stream(stream, 1));
}

cudaError_t cudaMemcpyFromArray_ptds(void *dst, cudaArray_const_t src, size_t wOffset,
                                     size_t hOffset, size_t count, enum cudaMemcpyKind kind)
{
    return linear(src, wOffset, hOffset, dst, count, false, kind, RT_STREAM_SYNC);
}

cudaError_t cudaMemcpyFromArrayAsync_ptsz(void *dst, cudaArray_const_t src, size_t wOffset,
                                          size_t hOffset, size_t count,
                                          enum cudaMemcpyKind kind, cudaStream_t stream)
{
    return linear(src, wOffset, hOffset, dst, count, false, kind, shim_stream(stream, 1));
}

/* Deprecated linear array-to-array copy: count bytes from each position. */
static cudaError_t a2a_linear(cudaArray_t dst, size_t dwo, size_t dho, cudaArray_const_t src,
                              size_t swo, size_t sho, size_t count, enum cudaMemcpyKind kind)
{
    SHIM_CTX_OR_RETURN(ctx);
    void *s = NULL;
    rt_error e = rt_array_range(ctx, src, swo, sho, count, &s);
    if (!e)
        e = rt_memcpy_array_linear(ctx, dst, dwo, dho, s, count, true, (int)kind, RT_STREAM_SYNC);
    RET(e);
}

cudaError_t cudaMemcpyArrayToArray(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst,
                                   cudaArray_const_t src, size_t wOffsetSrc, size_t hOffsetSrc,
                                   size_t count, enum cudaMemcpyKind kind)
{
    return a2a_linear(dst, wOffsetDst, hOffsetDst, src, wOffsetSrc, hOffsetSrc, count, kind);
}

cudaError_t cudaMemcpyArrayToArray_ptds(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst,
                                        cudaArray_const_t src, size_t wOffsetSrc,
                                        size_t hOffsetSrc, size_t count,
                                        enum cudaMemcpyKind kind)
{
    return a2a_linear(dst, wOffsetDst, hOffsetDst, src, wOffsetSrc, hOffsetSrc, count, kind);
}
