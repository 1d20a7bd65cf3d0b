/* libcudart-shim/texture.c — texture and surface objects (runtime/texture.c).
 * The handle is the device address of a sim_texdesc; the CUDA descriptors
 * the application passed ride after it (shim_tex_blob), so the Get*Desc
 * calls return them as given. Resource views are not simulated. */
#include <stdio.h>
#include <string.h>

#include <cuda_runtime_api.h>

#include "libcudart-shim/state.h"
#include "runtime/texture.h"

#define RET(e) return (cudaError_t)shim_ret(e)

typedef struct shim_tex_blob {
    struct cudaResourceDesc res;
    struct cudaTextureDesc  tex;   /* zero for a surface */
} shim_tex_blob;

static rt_chan chan_of(const struct cudaChannelFormatDesc *d)
{
    return (rt_chan){ d->x, d->y, d->z, d->w, (int)d->f };
}

static rt_res res_of(const struct cudaResourceDesc *r)
{
    rt_res o = { .type = (int)r->resType };
    switch (r->resType) {
    case cudaResourceTypeArray:
        o.array = r->res.array.array;
        break;
    case cudaResourceTypeLinear:
        o.ptr = r->res.linear.devPtr;
        o.ch = chan_of(&r->res.linear.desc);
        o.size = r->res.linear.sizeInBytes;
        break;
    case cudaResourceTypePitch2D:
        o.ptr = r->res.pitch2D.devPtr;
        o.ch = chan_of(&r->res.pitch2D.desc);
        o.width = r->res.pitch2D.width;
        o.height = r->res.pitch2D.height;
        o.pitch = r->res.pitch2D.pitchInBytes;
        break;
    default:
        break;
    }
    return o;
}

cudaError_t cudaCreateTextureObject(cudaTextureObject_t *pTexObject,
                                    const struct cudaResourceDesc *pResDesc,
                                    const struct cudaTextureDesc *pTexDesc,
                                    const struct cudaResourceViewDesc *pResViewDesc)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!pTexObject || !pResDesc || !pTexDesc || pResDesc->flags != 0)
        RET(RT_cudaErrorInvalidValue);
    if (pResViewDesc) {
        fprintf(stderr, "cobalt: cudaCreateTextureObject: resource views (pResViewDesc) are "
                "not simulated; pass NULL\n");
        RET(RT_cudaErrorNotSupported);
    }
    const struct cudaTextureDesc *t = pTexDesc;
    rt_texopts o = {
        .addr = { (int)t->addressMode[0], (int)t->addressMode[1], (int)t->addressMode[2] },
        .filter = (int)t->filterMode, .read = (int)t->readMode,
        .srgb = t->sRGB, .norm = t->normalizedCoords,
        .border = { t->borderColor[0], t->borderColor[1], t->borderColor[2], t->borderColor[3] },
    };
    shim_tex_blob b;
    memset(&b, 0, sizeof b);
    b.res = *pResDesc;
    b.tex = *pTexDesc;
    rt_res r = res_of(pResDesc);
    uint64_t h = 0;
    rt_error e = rt_texobj_create(ctx, &h, &r, &o, &b, sizeof b);
    if (!e)
        *pTexObject = h;
    RET(e);
}

cudaError_t cudaCreateSurfaceObject(cudaSurfaceObject_t *pSurfObject,
                                    const struct cudaResourceDesc *pResDesc)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!pSurfObject || !pResDesc || pResDesc->flags != 0)
        RET(RT_cudaErrorInvalidValue);
    shim_tex_blob b;
    memset(&b, 0, sizeof b);
    b.res = *pResDesc;
    rt_res r = res_of(pResDesc);
    uint64_t h = 0;
    rt_error e = rt_texobj_create(ctx, &h, &r, NULL, &b, sizeof b);
    if (!e)
        *pSurfObject = h;
    RET(e);
}

cudaError_t cudaDestroyTextureObject(cudaTextureObject_t texObject)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_texobj_destroy(ctx, texObject, false));
}

cudaError_t cudaDestroySurfaceObject(cudaSurfaceObject_t surfObject)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_texobj_destroy(ctx, surfObject, true));
}

static cudaError_t blob_of(uint64_t h, bool surface, const shim_tex_blob **out)
{
    SHIM_CTX_OR_RETURN(ctx);
    const void *blob = NULL;
    rt_error e = rt_texobj_get(ctx, h, surface, NULL, &blob);
    if (!e)
        *out = blob;
    RET(e);
}

cudaError_t cudaGetTextureObjectResourceDesc(struct cudaResourceDesc *pResDesc,
                                             cudaTextureObject_t texObject)
{
    const shim_tex_blob *b = NULL;
    if (!pResDesc)
        RET(RT_cudaErrorInvalidValue);
    cudaError_t e = blob_of(texObject, false, &b);
    if (!e)
        *pResDesc = b->res;
    return e;
}

cudaError_t cudaGetTextureObjectTextureDesc(struct cudaTextureDesc *pTexDesc,
                                            cudaTextureObject_t texObject)
{
    const shim_tex_blob *b = NULL;
    if (!pTexDesc)
        RET(RT_cudaErrorInvalidValue);
    cudaError_t e = blob_of(texObject, false, &b);
    if (!e)
        *pTexDesc = b->tex;
    return e;
}

/* No object has a view (creation refuses one): as documented, a texture
 * object without a resource view answers cudaErrorInvalidValue. */
cudaError_t cudaGetTextureObjectResourceViewDesc(struct cudaResourceViewDesc *pResViewDesc,
                                                 cudaTextureObject_t texObject)
{
    const shim_tex_blob *b = NULL;
    if (!pResViewDesc)
        RET(RT_cudaErrorInvalidValue);
    cudaError_t e = blob_of(texObject, false, &b);
    if (e)
        return e;
    RET(RT_cudaErrorInvalidValue);
}

cudaError_t cudaGetSurfaceObjectResourceDesc(struct cudaResourceDesc *pResDesc,
                                             cudaSurfaceObject_t surfObject)
{
    const shim_tex_blob *b = NULL;
    if (!pResDesc)
        RET(RT_cudaErrorInvalidValue);
    cudaError_t e = blob_of(surfObject, true, &b);
    if (!e)
        *pResDesc = b->res;
    return e;
}
