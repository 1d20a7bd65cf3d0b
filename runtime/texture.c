/* runtime/texture.c — texture and surface objects: a sim_texdesc written
 * into simulated global memory (sim/texdesc.h), its address the handle, so
 * the TEX/SULD/SUST executors need nothing but the handle. The validation
 * follows the CUDA runtime documentation of cudaCreateTextureObject. */
#include "runtime/internal.h"
#include "runtime/texture.h"

#include <string.h>

#define WHO(opts) ((opts) ? "cudaCreateTextureObject" : "cudaCreateSurfaceObject")

/* The allocation holding the descriptor and the blob, rounded to 16 so the
 * descriptor's 64-bit fields stay aligned. */
static size_t obj_bytes(size_t n) { return (sizeof(sim_texdesc) + n + 15) & ~(size_t)15; }

static bool aligned(uint64_t v, uint64_t a) { return a == 0 || v % a == 0; }

static rt_error fill_array(rt_context *ctx, sim_texdesc *t, const rt_res *r, bool surface)
{
    const rt_array *a;
    if (rt_array_get(ctx, r->array, &a)) {
        fprintf(ctx->diag, "cobalt: %s: resDesc.res.array.array %p is not a live CUDA array\n",
                surface ? "cudaCreateSurfaceObject" : "cudaCreateTextureObject", r->array);
        return RT_cudaErrorInvalidValue;   /* pass the real API's code, not ResourceHandle */
    }
    if (surface && !(a->flags & RT_ARRAY_SURFACE)) {
        fprintf(ctx->diag, "cobalt: cudaCreateSurfaceObject: the array was not allocated with "
                "cudaArraySurfaceLoadStore\n");
        return RT_cudaErrorInvalidValue;
    }
    t->kind = SIM_TEX_ARRAY;
    t->dims = (uint8_t)a->dims;
    t->data = a->data;
    t->width = a->w;
    /* a layered array's last dimension is the layer: 1D layered = (w, layers) */
    bool l1 = (a->flags & RT_ARRAY_LAYERED) && a->ext[1] == 0;
    t->height = l1 ? a->d : a->h;
    t->depth = l1 ? 1 : a->d;
    t->pitch = a->pitch;
    t->slice_pitch = a->slice;
    if (a->flags & RT_ARRAY_LAYERED)
        t->flags |= SIM_TEXD_LAYERED;
    return RT_cudaSuccess;
}

static rt_error fill_linear(rt_context *ctx, sim_texdesc *t, const rt_res *r, uint32_t elem)
{
    const rt_device_profile *d = &ctx->dev;
    uint64_t addr = (uint64_t)(uintptr_t)r->ptr;
    if (r->type == RT_RES_LINEAR) {
        if (!r->ptr || r->size == 0 || r->size % elem || !aligned(addr, d->texture_align) ||
            r->size / elem > (uint64_t)d->tex1d_linear || !sim_mem_check(ctx->mem, addr, r->size)) {
            fprintf(ctx->diag, "cobalt: cudaCreateTextureObject: linear resource %p of %zu bytes: "
                    "expected device memory aligned to %u bytes, a size that is a non-zero "
                    "multiple of the %u-byte element and at most %d elements\n",
                    r->ptr, r->size, d->texture_align, elem, d->tex1d_linear);
            return RT_cudaErrorInvalidValue;
        }
        t->kind = SIM_TEX_LINEAR;
        t->dims = 1;
        t->width = r->size / elem;
        t->height = t->depth = 1;
        t->pitch = r->size;
        t->slice_pitch = r->size;
    } else {
        uint64_t span = r->height ? (r->height - 1) * (uint64_t)r->pitch + r->width * elem : 0;
        if (!r->ptr || r->width == 0 || r->height == 0 || !aligned(addr, d->texture_align) ||
            !aligned(r->pitch, d->texture_pitch_align) || r->width * elem > r->pitch ||
            r->width > (uint64_t)d->tex2d_linear[0] || r->height > (uint64_t)d->tex2d_linear[1] ||
            r->pitch > (uint64_t)d->tex2d_linear[2] || !sim_mem_check(ctx->mem, addr, span)) {
            fprintf(ctx->diag, "cobalt: cudaCreateTextureObject: pitch2D resource %p %zux%zu "
                    "pitch %zu: expected device memory aligned to %u bytes, a pitch that is a "
                    "multiple of %u and holds a row, and sizes within %dx%d (pitch %d)\n",
                    r->ptr, r->width, r->height, r->pitch, d->texture_align,
                    d->texture_pitch_align, d->tex2d_linear[0], d->tex2d_linear[1],
                    d->tex2d_linear[2]);
            return RT_cudaErrorInvalidValue;
        }
        t->kind = SIM_TEX_PITCH2D;
        t->dims = 2;
        t->width = r->width;
        t->height = r->height;
        t->depth = 1;
        t->pitch = r->pitch;
        t->slice_pitch = r->pitch * r->height;
    }
    t->data = addr;
    return RT_cudaSuccess;
}

static rt_error fill_opts(rt_context *ctx, sim_texdesc *t, const rt_texopts *o)
{
    for (int i = 0; i < 3; i++) {
        if (o->addr[i] < 0 || o->addr[i] > 3)
            goto bad;
        t->addr_mode[i] = (uint8_t)o->addr[i];
    }
    if (o->filter < 0 || o->filter > 1 || o->read < 0 || o->read > 1)
        goto bad;
    bool int_chan = t->fmt != SIM_TEXF_FLOAT;
    if (o->read == 1 && int_chan && t->chan_bits[0] == 32) {
        fprintf(ctx->diag, "cobalt: cudaCreateTextureObject: cudaReadModeNormalizedFloat needs "
                "8- or 16-bit integer channels, not 32-bit\n");
        return RT_cudaErrorInvalidValue;
    }
    bool float_result = !int_chan || o->read == 1;
    if (o->filter == 1 && !float_result) {
        fprintf(ctx->diag, "cobalt: cudaCreateTextureObject: cudaFilterModeLinear needs a "
                "floating-point result (float channels or cudaReadModeNormalizedFloat)\n");
        return RT_cudaErrorInvalidValue;
    }
    if (o->filter == 1)
        t->flags |= SIM_TEXD_LINEAR;
    if (o->read == 1 && int_chan)
        t->flags |= SIM_TEXD_NORMFLOAT;
    if (o->norm)
        t->flags |= SIM_TEXD_NORMCOORDS;
    if (o->srgb) {   /* the TEX executor does not convert: refuse rather than misread */
        fprintf(ctx->diag, "cobalt: cudaCreateTextureObject: sRGB-to-linear conversion "
                "(texDesc.sRGB) is not simulated\n");
        return RT_cudaErrorNotSupported;
    }
    memcpy(t->border, o->border, sizeof t->border);
    return RT_cudaSuccess;
bad:
    fprintf(ctx->diag, "cobalt: cudaCreateTextureObject: texDesc has an invalid addressMode "
            "(%d, %d, %d), filterMode %d or readMode %d\n", o->addr[0], o->addr[1], o->addr[2],
            o->filter, o->read);
    return RT_cudaErrorInvalidValue;
}

rt_error rt_texobj_create(rt_context *ctx, uint64_t *out, const rt_res *res,
                          const rt_texopts *opts, const void *blob, size_t n)
{
    if (!out || !res)
        return RT_cudaErrorInvalidValue;
    rt_error e = rt_sticky_error(ctx);
    if (e)
        return e;
    sim_texdesc t;
    memset(&t, 0, sizeof t);
    t.magic = SIM_TEXDESC_MAGIC;
    if (!opts)
        t.flags |= SIM_TEXD_SURFACE;
    const rt_chan *ch = &res->ch;
    switch (res->type) {
    case RT_RES_ARRAY:
        e = fill_array(ctx, &t, res, !opts);
        if (!e)
            ch = &((const rt_array *)res->array)->ch;
        break;
    case RT_RES_LINEAR:
    case RT_RES_PITCH2D:
        if (!opts) {
            fprintf(ctx->diag, "cobalt: cudaCreateSurfaceObject: the resource must be a CUDA "
                    "array (cudaResourceTypeArray), not type %d\n", res->type);
            return RT_cudaErrorInvalidValue;
        }
        break;
    case RT_RES_MIPMAPPED:
        fprintf(ctx->diag, "cobalt: %s: mipmapped arrays are not simulated\n", WHO(opts));
        return RT_cudaErrorNotSupported;
    default:
        fprintf(ctx->diag, "cobalt: %s: resDesc.resType %d is not a resource type\n", WHO(opts),
                res->type);
        return RT_cudaErrorInvalidValue;
    }
    if (e)
        return e;
    uint32_t elem;
    unsigned nchan;
    e = rt_chan_check(ctx, WHO(opts), ch, &elem, &nchan);
    if (e)
        return e;
    t.fmt = (uint8_t)ch->kind;   /* rt_chan kinds 0/1/2 are sim_tex_fmt's */
    t.nchan = (uint8_t)nchan;
    t.elem_size = (uint8_t)elem;
    for (unsigned i = 0; i < nchan; i++)
        t.chan_bits[i] = (uint8_t)ch->x;
    if (res->type != RT_RES_ARRAY && (e = fill_linear(ctx, &t, res, elem)))
        return e;
    if (opts && (e = fill_opts(ctx, &t, opts)))
        return e;
    void *p = NULL;
    e = rt_malloc(ctx, &p, obj_bytes(n), RT_MEM_DEVICE);
    if (e)
        return e;
    memcpy(p, &t, sizeof t);
    if (n)
        memcpy((uint8_t *)p + sizeof t, blob, n);
    *out = (uint64_t)(uintptr_t)p;
    return RT_cudaSuccess;
}

rt_error rt_texobj_get(rt_context *ctx, uint64_t h, bool surface, const sim_texdesc **d,
                       const void **blob)
{
    sim_alloc_info info;
    if (!h || !sim_mem_find(ctx->mem, h, &info) || info.base != h ||
        info.size < sizeof(sim_texdesc))
        return RT_cudaErrorInvalidValue;
    const sim_texdesc *t = (const sim_texdesc *)(uintptr_t)h;
    if (t->magic != SIM_TEXDESC_MAGIC || !(t->flags & SIM_TEXD_SURFACE) != !surface)
        return RT_cudaErrorInvalidValue;
    if (d)
        *d = t;
    if (blob)
        *blob = t + 1;
    return RT_cudaSuccess;
}

rt_error rt_texobj_destroy(rt_context *ctx, uint64_t h, bool surface)
{
    if (!h)
        return RT_cudaSuccess;   /* destroying handle 0 is a no-op, as in CUDA */
    rt_error e = rt_queue_drain(ctx);   /* queued kernels may still read it */
    if (!e)
        e = rt_texobj_get(ctx, h, surface, NULL, NULL);
    if (e)
        return e;
    ((sim_texdesc *)(uintptr_t)h)->magic = 0;
    return rt_free(ctx, (void *)(uintptr_t)h, RT_MEM_DEVICE);
}
