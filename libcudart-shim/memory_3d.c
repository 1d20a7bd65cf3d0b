/* libcudart-shim/memory_3d.c — cudaMalloc3D, cudaMemcpy3D, cudaMemset2D/3D,
 * peer copies and asynchronous symbol copies. A 3D copy naming a CUDA
 * array goes through runtime/array.c. */
#include <stdio.h>

#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/ptsz_mem.h"
#include "libcudart-shim/state.h"
#include "runtime/texture.h"

#define RET(e) return (cudaError_t)shim_ret(e)

static rt_pitched pitched(struct cudaPitchedPtr p)
{
    return (rt_pitched){ .ptr = p.ptr, .pitch = p.pitch, .xsize = p.xsize, .ysize = p.ysize };
}

static rt_pos3 pos3(struct cudaPos p) { return (rt_pos3){ p.x, p.y, p.z }; }
static rt_pos3 ext3(struct cudaExtent e) { return (rt_pos3){ e.width, e.height, e.depth }; }

cudaError_t cudaMalloc3D(struct cudaPitchedPtr *pitchedDevPtr, struct cudaExtent extent)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_pitched p;
    if (!pitchedDevPtr)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_malloc3d(ctx, &p, extent.width, extent.height, extent.depth);
    if (!e)
        *pitchedDevPtr = (struct cudaPitchedPtr){ p.ptr, p.pitch, p.xsize, p.ysize };
    RET(e);
}

static cudaError_t copy3d(const struct cudaMemcpy3DParms *p, uintptr_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!p)
        RET(RT_cudaErrorInvalidValue);
    if ((p->srcArray && p->srcPtr.ptr) || (p->dstArray && p->dstPtr.ptr))
        RET(RT_cudaErrorInvalidValue);   /* a side is an array or a pointer, not both */
    if (p->srcArray || p->dstArray)   /* runtime/array.c: extent.width in elements */
        RET(rt_memcpy3d_arrays(ctx, p->dstArray, pitched(p->dstPtr), pos3(p->dstPos),
                               p->srcArray, pitched(p->srcPtr), pos3(p->srcPos),
                               ext3(p->extent), (int)p->kind, stream));
    RET(rt_memcpy3d(ctx, pitched(p->dstPtr), pos3(p->dstPos), pitched(p->srcPtr),
                    pos3(p->srcPos), ext3(p->extent), (int)p->kind, stream));
}

cudaError_t cudaMemcpy3D(const struct cudaMemcpy3DParms *p)
{
    return copy3d(p, RT_STREAM_SYNC);
}

cudaError_t cudaMemcpy3D_ptds(const struct cudaMemcpy3DParms *p)
{
    return copy3d(p, RT_STREAM_SYNC);
}

cudaError_t cudaMemcpy3DAsync(const struct cudaMemcpy3DParms *p, cudaStream_t stream)
{
    return copy3d(p, shim_stream(stream, 0));
}

cudaError_t cudaMemcpy3DAsync_ptsz(const struct cudaMemcpy3DParms *p, cudaStream_t stream)
{
    return copy3d(p, shim_stream(stream, 1));
}

static cudaError_t set3d(struct cudaPitchedPtr p, int value, struct cudaExtent e,
                         uintptr_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_memset3d(ctx, pitched(p), value, ext3(e), stream));
}

/* A 2D set is a 3D set of depth 1 (ysize only matters between slices). */
static cudaError_t set2d(void *p, size_t pitch, int value, size_t w, size_t h, uintptr_t s)
{
    if (w > pitch)
        RET(RT_cudaErrorInvalidValue);
    return set3d((struct cudaPitchedPtr){ p, pitch, w, h }, value,
                 (struct cudaExtent){ w, h, 1 }, s);
}

cudaError_t cudaMemset2D(void *devPtr, size_t pitch, int value, size_t width, size_t height)
{
    return set2d(devPtr, pitch, value, width, height, RT_STREAM_SYNC);
}

cudaError_t cudaMemset2D_ptds(void *devPtr, size_t pitch, int value, size_t width,
                              size_t height)
{
    return set2d(devPtr, pitch, value, width, height, RT_STREAM_SYNC);
}

cudaError_t cudaMemset2DAsync(void *devPtr, size_t pitch, int value, size_t width,
                              size_t height, cudaStream_t stream)
{
    return set2d(devPtr, pitch, value, width, height, shim_stream(stream, 0));
}

cudaError_t cudaMemset2DAsync_ptsz(void *devPtr, size_t pitch, int value, size_t width,
                                   size_t height, cudaStream_t stream)
{
    return set2d(devPtr, pitch, value, width, height, shim_stream(stream, 1));
}

cudaError_t cudaMemset3D(struct cudaPitchedPtr pitchedDevPtr, int value, struct cudaExtent extent)
{
    return set3d(pitchedDevPtr, value, extent, RT_STREAM_SYNC);
}

cudaError_t cudaMemset3D_ptds(struct cudaPitchedPtr pitchedDevPtr, int value,
                              struct cudaExtent extent)
{
    return set3d(pitchedDevPtr, value, extent, RT_STREAM_SYNC);
}

cudaError_t cudaMemset3DAsync(struct cudaPitchedPtr pitchedDevPtr, int value,
                              struct cudaExtent extent, cudaStream_t stream)
{
    return set3d(pitchedDevPtr, value, extent, shim_stream(stream, 0));
}

cudaError_t cudaMemset3DAsync_ptsz(struct cudaPitchedPtr pitchedDevPtr, int value,
                                   struct cudaExtent extent, cudaStream_t stream)
{
    return set3d(pitchedDevPtr, value, extent, shim_stream(stream, 1));
}

/* One simulated device: device 0 to device 0 is a device-to-device copy. */
cudaError_t cudaMemcpyPeer(void *dst, int dstDevice, const void *src, int srcDevice,
                           size_t count)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (dstDevice != 0 || srcDevice != 0)
        RET(RT_cudaErrorInvalidDevice);
    RET(rt_memcpy(ctx, dst, src, count, RT_MEMCPY_D2D));
}

cudaError_t cudaMemcpyPeerAsync(void *dst, int dstDevice, const void *src, int srcDevice,
                                size_t count, cudaStream_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (dstDevice != 0 || srcDevice != 0)
        RET(RT_cudaErrorInvalidDevice);
    RET(rt_memcpy_async(ctx, dst, src, count, RT_MEMCPY_D2D, shim_stream(stream, 0)));
}

static cudaError_t symbol_async(const void *symbol, void *buf, size_t count, size_t offset,
                                enum cudaMemcpyKind kind, bool to, uintptr_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_memcpy_symbol_async(ctx, symbol, offset, buf, count, to, (int)kind, stream));
}

cudaError_t cudaMemcpyToSymbolAsync(const void *symbol, const void *src, size_t count,
                                    size_t offset, enum cudaMemcpyKind kind, cudaStream_t stream)
{
    return symbol_async(symbol, (void *)src, count, offset, kind, true, shim_stream(stream, 0));
}

cudaError_t cudaMemcpyToSymbolAsync_ptsz(const void *symbol, const void *src, size_t count,
                                         size_t offset, enum cudaMemcpyKind kind,
                                         cudaStream_t stream)
{
    return symbol_async(symbol, (void *)src, count, offset, kind, true, shim_stream(stream, 1));
}

cudaError_t cudaMemcpyFromSymbolAsync(void *dst, const void *symbol, size_t count, size_t offset,
                                      enum cudaMemcpyKind kind, cudaStream_t stream)
{
    return symbol_async(symbol, dst, count, offset, kind, false, shim_stream(stream, 0));
}

cudaError_t cudaMemcpyFromSymbolAsync_ptsz(void *dst, const void *symbol, size_t count,
                                           size_t offset, enum cudaMemcpyKind kind,
                                           cudaStream_t stream)
{
    return symbol_async(symbol, dst, count, offset, kind, false, shim_stream(stream, 1));
}
