/* runtime/texture.h — CUDA arrays, texture objects and surface objects
 * (runtime/array.c, runtime/texture.c), without CUDA types so the unit
 * tests can drive them. The shim translates the CUDA structs.
 *
 * A CUDA array is one device allocation: an rt_array header (RT_ARRAY_HEADER
 * bytes) followed by the data, row-major, pitch = width x element size,
 * slices (3D depth or layers) contiguous, pitch x rows apart. cudaArray_t is
 * the allocation's base address; a handle is valid while that allocation
 * lives and carries RT_ARRAY_MAGIC.
 *
 * A texture or surface object is one device allocation holding a
 * sim_texdesc (sim/texdesc.h) followed by an opaque blob the shim keeps (its
 * copies of the CUDA descriptors, returned by the Get*Desc calls); the
 * 64-bit handle is the descriptor's address. */
#ifndef COBALT_RT_TEXTURE_H
#define COBALT_RT_TEXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/runtime.h"
#include "sim/texdesc.h"

#define RT_ARRAY_MAGIC  0x43424152u   /* "CBAR" */
#define RT_ARRAY_HEADER 512           /* data starts textureAlignment bytes in */

/* cudaArray* flags (driver_types.h values). */
enum {
    RT_ARRAY_LAYERED = 0x01,
    RT_ARRAY_SURFACE = 0x02,
    RT_ARRAY_CUBEMAP = 0x04,
    RT_ARRAY_GATHER = 0x08,
};

/* cudaChannelFormatDesc: bits per channel and cudaChannelFormatKind
 * (0 signed, 1 unsigned, 2 float; other kinds are not simulated). */
typedef struct rt_chan {
    int x, y, z, w;
    int kind;
} rt_chan;

typedef struct rt_array {
    uint32_t magic;
    uint32_t flags;      /* RT_ARRAY_* */
    rt_chan  ch;
    uint32_t elem;       /* bytes per element */
    uint32_t dims;       /* 1, 2, 3 (layers counted as a dimension) */
    uint64_t ext[3];     /* the extent as allocated (0 = absent), for cudaArrayGetInfo */
    uint64_t w, h, d;    /* elements, rows per slice (>= 1), slices/layers (>= 1) */
    uint64_t pitch;      /* bytes per row = w * elem */
    uint64_t slice;      /* bytes per slice = pitch * h */
    uint64_t data;       /* device address of element (0,0,0) */
} rt_array;

/* Checks a channel description; *elem receives the element size. A precise
 * reason goes to ctx->diag, prefixed by `who`. */
rt_error rt_chan_check(rt_context *ctx, const char *who, const rt_chan *ch, uint32_t *elem,
                       unsigned *nchan);
/* cudaMalloc3DArray / cudaMallocArray: extent as CUDA gives it (height and
 * depth 0 when absent; depth = layers with RT_ARRAY_LAYERED). */
rt_error rt_array_create(rt_context *ctx, void **out, const rt_chan *ch, uint64_t width,
                         uint64_t height, uint64_t depth, unsigned flags);
/* The header of a live array (cudaErrorInvalidValue for anything else). */
rt_error rt_array_get(rt_context *ctx, const void *arr, const rt_array **out);
rt_error rt_array_free(rt_context *ctx, void *arr);
/* The array as a pitched object for rt_memcpy3d, after checking that the
 * box at `pos` (x in bytes) of `ext` (x in bytes) lies inside it. */
rt_error rt_array_side(rt_context *ctx, const void *arr, rt_pos3 pos, rt_pos3 ext,
                       rt_pitched *out);

/* cudaMemcpy3D when srcArray or dstArray is set (NULL when not): extent.x
 * and an array side's pos.x count elements, a pitched side's pos.x bytes. */
rt_error rt_memcpy3d_arrays(rt_context *ctx, const void *darr, rt_pitched dst, rt_pos3 dpos,
                            const void *sarr, rt_pitched src, rt_pos3 spos, rt_pos3 ext,
                            int kind, uintptr_t stream);
/* cudaMemcpy2D{To,From}Array / 2DArrayToArray: offsets and width in bytes. */
rt_error rt_memcpy2d_arrays(rt_context *ctx, const void *darr, rt_pitched dst, rt_pos3 dpos,
                            const void *sarr, rt_pitched src, rt_pos3 spos, size_t width,
                            size_t height, int kind, uintptr_t stream);
/* The address of byte woff of row hoff, checking that count bytes from
 * there lie in the array (cudaMemcpyArrayToArray). */
rt_error rt_array_range(rt_context *ctx, const void *arr, size_t woff, size_t hoff, size_t count,
                        void **p);
/* cudaMemcpy{To,From}Array: count bytes from (woff bytes, hoff rows) on. */
rt_error rt_memcpy_array_linear(rt_context *ctx, void *arr, size_t woff, size_t hoff, void *buf,
                                size_t count, bool to_array, int kind, uintptr_t stream);

/* A resource (cudaResourceDesc). */
enum { RT_RES_ARRAY = 0, RT_RES_MIPMAPPED = 1, RT_RES_LINEAR = 2, RT_RES_PITCH2D = 3 };
typedef struct rt_res {
    int      type;
    void    *array;                 /* RT_RES_ARRAY */
    void    *ptr;                   /* LINEAR, PITCH2D */
    rt_chan  ch;                    /* LINEAR, PITCH2D */
    size_t   size;                  /* LINEAR: bytes */
    size_t   width, height, pitch;  /* PITCH2D: elements, rows, bytes */
} rt_res;

/* A texture description (cudaTextureDesc, the fields that matter without
 * mipmaps). */
typedef struct rt_texopts {
    int   addr[3];       /* cudaTextureAddressMode */
    int   filter;        /* cudaTextureFilterMode */
    int   read;          /* cudaTextureReadMode */
    int   srgb, norm;
    float border[4];
} rt_texopts;

/* cudaCreateTextureObject (opts != NULL) / cudaCreateSurfaceObject
 * (opts == NULL); blob (n bytes) is stored after the descriptor. */
rt_error rt_texobj_create(rt_context *ctx, uint64_t *out, const rt_res *res,
                          const rt_texopts *opts, const void *blob, size_t n);
/* The live descriptor of a texture (surface = false) or surface object. */
rt_error rt_texobj_get(rt_context *ctx, uint64_t h, bool surface, const sim_texdesc **d,
                       const void **blob);
/* Clears the magic and frees the descriptor. */
rt_error rt_texobj_destroy(rt_context *ctx, uint64_t h, bool surface);

#endif
