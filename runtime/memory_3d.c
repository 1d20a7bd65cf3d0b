/* runtime/memory_3d.c — pitched 3D allocations, 3D copies and 2D/3D sets on
 * linear memory. A 3D copy is `depth` 2D copies and a set is one set per
 * row, submitted through the ordinary 2D-copy and set paths so they are
 * ordered (and captured) like any other stream work. */
#include "runtime/internal.h"

#define RT_PITCH_ALIGN 512   /* as cudaMallocPitch */

rt_error rt_malloc3d(rt_context *ctx, rt_pitched *out, size_t width, size_t height,
                     size_t depth)
{
    if (!out)
        return RT_cudaErrorInvalidValue;
    size_t pitch = 0;
    void *p = NULL;
    if (width > SIZE_MAX - RT_PITCH_ALIGN)
        return RT_cudaErrorMemoryAllocation;
    pitch = (width + RT_PITCH_ALIGN - 1) / RT_PITCH_ALIGN * RT_PITCH_ALIGN;
    if (height && depth && (pitch > SIZE_MAX / height || pitch * height > SIZE_MAX / depth))
        return RT_cudaErrorMemoryAllocation;
    rt_error e = rt_malloc(ctx, &p, pitch * height * depth, RT_MEM_DEVICE);
    if (e)
        return e;
    *out = (rt_pitched){ .ptr = p, .pitch = pitch, .xsize = width, .ysize = height };
    return RT_cudaSuccess;
}

/* Address of byte x of row y of slice z, and the span the box touches;
 * false when the box does not fit the pitched object or overflows. */
static bool box(const rt_pitched *o, rt_pos3 pos, rt_pos3 ext, uint8_t **first, size_t *span)
{
    size_t slice, a, b, off, len;
    if (ext.x > o->pitch || pos.x > o->pitch - ext.x)   /* each row within the pitch */
        return false;
    /* slices are ysize rows apart: rows past ysize would run into the next */
    if ((ext.z > 1 || pos.z > 0) && (ext.y > o->ysize || pos.y > o->ysize - ext.y))
        return false;
    if (__builtin_mul_overflow(o->pitch, o->ysize, &slice) ||
        __builtin_mul_overflow(pos.z, slice, &a) || __builtin_mul_overflow(pos.y, o->pitch, &b) ||
        __builtin_add_overflow(a, b, &off) || __builtin_add_overflow(off, pos.x, &off) ||
        __builtin_mul_overflow(ext.z - 1, slice, &a) ||
        __builtin_mul_overflow(ext.y - 1, o->pitch, &b) || __builtin_add_overflow(a, b, &len) ||
        __builtin_add_overflow(len, ext.x, &len) ||
        __builtin_add_overflow((uintptr_t)o->ptr, off, &a))
        return false;
    *first = (uint8_t *)o->ptr + off;
    *span = len;
    return true;
}

static rt_error side_ok(rt_context *ctx, void *p, size_t span, bool device, int kind)
{
    if (kind == RT_MEMCPY_DEFAULT)
        return rt_memcpy_check(ctx, p, p, span, kind);
    return device && !sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)p, span)
               ? RT_cudaErrorInvalidValue : RT_cudaSuccess;
}

rt_error rt_memcpy3d(rt_context *ctx, rt_pitched dst, rt_pos3 dpos, rt_pitched src,
                     rt_pos3 spos, rt_pos3 ext, int kind, uintptr_t stream)
{
    if (kind < RT_MEMCPY_H2H || kind > RT_MEMCPY_DEFAULT)
        return RT_cudaErrorInvalidMemcpyDirection;
    if (ext.x == 0 || ext.y == 0 || ext.z == 0)
        return rt_sticky_error(ctx);
    if (!dst.ptr || !src.ptr)
        return RT_cudaErrorInvalidValue;
    uint8_t *d, *s;
    size_t dn, sn;
    if (!box(&dst, dpos, ext, &d, &dn) || !box(&src, spos, ext, &s, &sn))
        return RT_cudaErrorInvalidValue;
    rt_error e = side_ok(ctx, d, dn, kind == RT_MEMCPY_H2D || kind == RT_MEMCPY_D2D, kind);
    if (!e)
        e = side_ok(ctx, s, sn, kind == RT_MEMCPY_D2H || kind == RT_MEMCPY_D2D, kind);
    if (e)
        return e;
    size_t dslice = dst.pitch * dst.ysize, sslice = src.pitch * src.ysize;
    for (size_t z = 0; !e && z < ext.z; z++) {
        uint8_t *dz = d + z * dslice;
        const uint8_t *sz = s + z * sslice;
        e = stream == RT_STREAM_SYNC
                ? rt_memcpy2d(ctx, dz, dst.pitch, sz, src.pitch, ext.x, ext.y, kind)
                : rt_memcpy2d_async(ctx, dz, dst.pitch, sz, src.pitch, ext.x, ext.y, kind,
                                    stream);
    }
    return e;
}

rt_error rt_memset3d(rt_context *ctx, rt_pitched dst, int value, rt_pos3 ext, uintptr_t stream)
{
    uint8_t *d;
    size_t n;
    if (ext.x == 0 || ext.y == 0 || ext.z == 0)
        return rt_sticky_error(ctx);
    if (!dst.ptr || !box(&dst, (rt_pos3){ 0, 0, 0 }, ext, &d, &n) ||
        !sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)d, n))
        return RT_cudaErrorInvalidValue;
    rt_error e = stream == RT_STREAM_SYNC ? rt_queue_drain(ctx) : RT_cudaSuccess;
    size_t slice = dst.pitch * dst.ysize;
    bool whole_rows = ext.x == dst.pitch;   /* a slice is one contiguous range */
    for (size_t z = 0; !e && z < ext.z; z++) {
        for (size_t y = 0; !e && y < (whole_rows ? 1 : ext.y); y++) {
            uint8_t *row = d + z * slice + y * dst.pitch;
            size_t len = whole_rows ? ext.x * ext.y : ext.x;
            e = stream == RT_STREAM_SYNC ? rt_memset_now(ctx, row, value, len)
                                         : rt_memset_async(ctx, row, value, len, stream);
        }
    }
    return e;
}
