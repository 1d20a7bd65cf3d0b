/* runtime/array.c — CUDA arrays: one device allocation holding an rt_array
 * header and the row-major data after it (layout in runtime/texture.h).
 * Keeping the header in the simulated memory means a handle is checked
 * against the UVA table (a freed or foreign pointer is refused, not read)
 * and needs no registry of its own. */
#include "runtime/internal.h"
#include "runtime/texture.h"

#include <string.h>

rt_error rt_chan_check(rt_context *ctx, const char *who, const rt_chan *ch, uint32_t *elem,
                       unsigned *nchan)
{
    const int b[4] = { ch->x, ch->y, ch->z, ch->w };
    unsigned n = 0;
    while (n < 4 && b[n] != 0)
        n++;
    for (unsigned i = n; i < 4; i++)
        if (b[i] != 0)
            goto bad;   /* a gap: channels are x, xy, xyzw */
    if (ch->kind < 0 || ch->kind > 2) {
        fprintf(ctx->diag, "cobalt: %s: channel format kind %d is not simulated (only "
                "cudaChannelFormatKindSigned, Unsigned and Float)\n", who, ch->kind);
        return RT_cudaErrorNotSupported;
    }
    if (n == 0 || n == 3)
        goto bad;
    for (unsigned i = 1; i < n; i++)
        if (b[i] != b[0])
            goto bad;
    if (b[0] != 8 && b[0] != 16 && b[0] != 32)
        goto bad;
    if (ch->kind == 2 && b[0] == 8)
        goto bad;
    *elem = (uint32_t)(n * (unsigned)b[0] / 8);
    if (nchan)
        *nchan = n;
    return RT_cudaSuccess;
bad:
    fprintf(ctx->diag, "cobalt: %s: channel format {%d, %d, %d, %d, kind %d} is invalid: "
            "expected 1, 2 or 4 channels of equal width 8, 16 or 32 bits (float: 16 or 32)\n",
            who, ch->x, ch->y, ch->z, ch->w, ch->kind);
    return RT_cudaErrorInvalidChannelDescriptor;
}

/* The device's limit for an array of this shape (0: no such shape). */
static bool within_limits(const rt_device_profile *d, unsigned flags, uint64_t w, uint64_t h,
                          uint64_t l)
{
    bool layered = flags & RT_ARRAY_LAYERED;
    if (layered)
        return h == 0 ? w <= (uint64_t)d->tex1d_layered[0] && l <= (uint64_t)d->tex1d_layered[1]
                      : w <= (uint64_t)d->tex2d_layered[0] &&
                            h <= (uint64_t)d->tex2d_layered[1] &&
                            l <= (uint64_t)d->tex2d_layered[2];
    if (l)
        return w <= (uint64_t)d->tex3d[0] && h <= (uint64_t)d->tex3d[1] &&
               l <= (uint64_t)d->tex3d[2];
    if (h)
        return w <= (uint64_t)d->tex2d[0] && h <= (uint64_t)d->tex2d[1];
    return w <= (uint64_t)d->tex1d;
}

rt_error rt_array_create(rt_context *ctx, void **out, const rt_chan *ch, uint64_t width,
                         uint64_t height, uint64_t depth, unsigned flags)
{
    const char *who = "cudaMalloc3DArray";
    uint32_t elem;
    if (!out || !ch)
        return RT_cudaErrorInvalidValue;
    *out = NULL;
    if (flags & RT_ARRAY_CUBEMAP) {
        fprintf(ctx->diag, "cobalt: %s: cubemap arrays (cudaArrayCubemap) are not simulated\n",
                who);
        return RT_cudaErrorNotSupported;
    }
    if (flags & ~(unsigned)(RT_ARRAY_LAYERED | RT_ARRAY_SURFACE | RT_ARRAY_GATHER)) {
        fprintf(ctx->diag, "cobalt: %s: flags 0x%x are not simulated (only cudaArrayLayered, "
                "cudaArraySurfaceLoadStore, cudaArrayTextureGather)\n", who, flags);
        return RT_cudaErrorNotSupported;
    }
    rt_error e = rt_chan_check(ctx, who, ch, &elem, NULL);
    if (e)
        return e;
    bool layered = flags & RT_ARRAY_LAYERED;
    /* shapes: (w), (w,h), (w,h,d); layered (w,0,l), (w,h,l); no (w,0,d) */
    if (width == 0 || (!layered && height == 0 && depth != 0) || (layered && depth == 0) ||
        ((flags & RT_ARRAY_GATHER) && (height == 0 || depth != 0)))
        return RT_cudaErrorInvalidValue;
    if (!within_limits(&ctx->dev, flags, width, height, depth))
        return RT_cudaErrorInvalidValue;
    uint64_t h = height ? height : 1, d = depth ? depth : 1, pitch = width * elem, bytes;
    if (__builtin_mul_overflow(pitch * h, d, &bytes) ||
        __builtin_add_overflow(bytes, (uint64_t)RT_ARRAY_HEADER, &bytes))
        return RT_cudaErrorMemoryAllocation;
    void *p = NULL;
    e = rt_malloc(ctx, &p, bytes, RT_MEM_DEVICE);
    if (e)
        return e;
    rt_array *a = p;
    memset(a, 0, RT_ARRAY_HEADER);
    *a = (rt_array){
        .magic = RT_ARRAY_MAGIC, .flags = flags, .ch = *ch, .elem = elem,
        .dims = 1u + (height != 0 || layered) + (depth != 0 && height != 0),
        .ext = { width, height, depth }, .w = width, .h = h, .d = d,
        .pitch = pitch, .slice = pitch * h,
        .data = (uint64_t)(uintptr_t)p + RT_ARRAY_HEADER,
    };
    *out = p;
    return RT_cudaSuccess;
}

rt_error rt_array_get(rt_context *ctx, const void *arr, const rt_array **out)
{
    sim_alloc_info info;
    if (!arr || !sim_mem_find(ctx->mem, (uint64_t)(uintptr_t)arr, &info) ||
        info.base != (uintptr_t)arr || info.size < RT_ARRAY_HEADER ||
        ((const rt_array *)arr)->magic != RT_ARRAY_MAGIC)
        return RT_cudaErrorInvalidValue;
    *out = arr;
    return RT_cudaSuccess;
}

rt_error rt_array_free(rt_context *ctx, void *arr)
{
    const rt_array *a;
    if (!arr)
        return RT_cudaSuccess;
    rt_error e = rt_queue_drain(ctx);   /* like cudaFree, it waits for queued work */
    if (!e)
        e = rt_array_get(ctx, arr, &a);
    if (e)
        return e;
    ((rt_array *)arr)->magic = 0;
    return rt_free(ctx, arr, RT_MEM_DEVICE);
}

rt_error rt_array_side(rt_context *ctx, const void *arr, rt_pos3 pos, rt_pos3 ext,
                       rt_pitched *out)
{
    const rt_array *a;
    rt_error e = rt_array_get(ctx, arr, &a);
    if (e)
        return e;
    if (ext.x > a->pitch || pos.x > a->pitch - ext.x || ext.y > a->h || pos.y > a->h - ext.y ||
        ext.z > a->d || pos.z > a->d - ext.z)
        return RT_cudaErrorInvalidValue;
    *out = (rt_pitched){ .ptr = (void *)(uintptr_t)a->data, .pitch = a->pitch,
                         .xsize = a->pitch, .ysize = a->h };
    return RT_cudaSuccess;
}

/* One side of a copy that names an array: x (pos and extent) arrive in
 * elements when elems != 0 (cudaMemcpy3D), in bytes otherwise. */
static rt_error arr_side(rt_context *ctx, const void *arr, rt_pos3 *pos, rt_pos3 *ext,
                         bool elems, rt_pitched *out)
{
    const rt_array *a;
    rt_error e = rt_array_get(ctx, arr, &a);
    if (e)
        return e;
    if (elems && (__builtin_mul_overflow(pos->x, a->elem, &pos->x)))
        return RT_cudaErrorInvalidValue;
    return rt_array_side(ctx, arr, *pos, *ext, out);
}

rt_error rt_memcpy3d_arrays(rt_context *ctx, const void *darr, rt_pitched dst, rt_pos3 dpos,
                            const void *sarr, rt_pitched src, rt_pos3 spos, rt_pos3 ext,
                            int kind, uintptr_t stream)
{
    const rt_array *a = NULL, *b = NULL;
    rt_error e = RT_cudaSuccess;
    if ((darr && (e = rt_array_get(ctx, darr, &a))) || (sarr && (e = rt_array_get(ctx, sarr, &b))))
        return e;
    if (a && b && a->elem != b->elem)
        return RT_cudaErrorInvalidValue;
    uint32_t elem = a ? a->elem : b ? b->elem : 1;
    if ((a || b) && __builtin_mul_overflow(ext.x, elem, &ext.x))   /* width in elements */
        return RT_cudaErrorInvalidValue;
    if (a && (e = arr_side(ctx, darr, &dpos, &ext, true, &dst)))
        return e;
    if (b && (e = arr_side(ctx, sarr, &spos, &ext, true, &src)))
        return e;
    return rt_memcpy3d(ctx, dst, dpos, src, spos, ext, kind, stream);
}

rt_error rt_memcpy2d_arrays(rt_context *ctx, const void *darr, rt_pitched dst, rt_pos3 dpos,
                            const void *sarr, rt_pitched src, rt_pos3 spos, size_t width,
                            size_t height, int kind, uintptr_t stream)
{
    rt_pos3 ext = { width, height, 1 };
    rt_error e;
    if ((!darr && dst.pitch < width) || (!sarr && src.pitch < width))
        return RT_cudaErrorInvalidPitchValue;
    if (darr && (e = arr_side(ctx, darr, &dpos, &ext, false, &dst)))
        return e;
    if (sarr && (e = arr_side(ctx, sarr, &spos, &ext, false, &src)))
        return e;
    return rt_memcpy3d(ctx, dst, dpos, src, spos, ext, kind, stream);
}

rt_error rt_array_range(rt_context *ctx, const void *arr, size_t woff, size_t hoff, size_t count,
                        void **p)
{
    const rt_array *a;
    rt_error e = rt_array_get(ctx, arr, &a);
    if (e)
        return e;
    uint64_t total = a->slice * a->d, off;
    /* the rows are unpadded, so the range from (woff, hoff) is contiguous */
    if (woff > a->pitch || __builtin_mul_overflow(hoff, a->pitch, &off) ||
        __builtin_add_overflow(off, woff, &off) || off > total || count > total - off)
        return RT_cudaErrorInvalidValue;
    *p = (void *)(uintptr_t)(a->data + off);
    return RT_cudaSuccess;
}

rt_error rt_memcpy_array_linear(rt_context *ctx, void *arr, size_t woff, size_t hoff, void *buf,
                                size_t count, bool to_array, int kind, uintptr_t stream)
{
    void *p;
    rt_error e = rt_array_range(ctx, arr, woff, hoff, count, &p);
    if (e)
        return e;
    void *d = to_array ? p : buf;
    const void *s = to_array ? buf : p;
    return stream == RT_STREAM_SYNC ? rt_memcpy(ctx, d, s, count, kind)
                                    : rt_memcpy_async(ctx, d, s, count, kind, stream);
}
