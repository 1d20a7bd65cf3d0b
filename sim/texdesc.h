/* sim/texdesc.h — the device-visible descriptor behind a texture or surface
 * object. cudaCreateTextureObject / cudaCreateSurfaceObject (runtime/)
 * write one into simulated global memory; the 64-bit cudaTextureObject_t /
 * cudaSurfaceObject_t handle a kernel receives is its device address. The
 * TEX/TLD4/TXQ/SULD/SUST executors (sim/exec/) read it from the handle, so
 * a kernel needs nothing else: handles can be passed as parameters, stored in
 * memory or selected at run time, as on hardware.
 *
 * The layout is Cobalt's own (hardware keeps an opaque header); it is fixed
 * here so that the runtime that writes it and the simulator that reads it
 * agree. A handle that does not point at a live descriptor (magic mismatch)
 * is a fault, not a guess. */
#ifndef COBALT_SIM_TEXDESC_H
#define COBALT_SIM_TEXDESC_H

#include <stdint.h>

#define SIM_TEXDESC_MAGIC 0x43425458u   /* "CBTX" */

enum sim_tex_kind {               /* what the data is */
    SIM_TEX_LINEAR = 0,           /* cudaResourceTypeLinear: 1D, width elements */
    SIM_TEX_PITCH2D = 1,          /* cudaResourceTypePitch2D: rows of pitch bytes */
    SIM_TEX_ARRAY = 2,            /* cudaArray: 1D/2D/3D (layered: layers in depth) */
};

enum sim_tex_fmt {                /* channel data kind (cudaChannelFormatKind base kinds) */
    SIM_TEXF_SIGNED = 0,
    SIM_TEXF_UNSIGNED = 1,
    SIM_TEXF_FLOAT = 2,           /* 16-bit channels are f16, 32-bit are f32 */
};

enum sim_tex_flags {
    SIM_TEXD_SURFACE = 1u << 0,   /* a surface object (suld/sust); else a texture */
    SIM_TEXD_NORMCOORDS = 1u << 1,/* normalizedCoords */
    SIM_TEXD_LINEAR = 1u << 2,    /* cudaFilterModeLinear */
    SIM_TEXD_NORMFLOAT = 1u << 3, /* cudaReadModeNormalizedFloat (8/16-bit integer channels) */
    SIM_TEXD_SRGB = 1u << 4,
    SIM_TEXD_LAYERED = 1u << 5,   /* layered array: the last dimension is the layer */
    SIM_TEXD_CUBEMAP = 1u << 6,
};

typedef struct sim_texdesc {
    uint32_t magic;               /* SIM_TEXDESC_MAGIC while the object lives; 0 after destroy */
    uint8_t  kind;                /* sim_tex_kind */
    uint8_t  dims;                /* 1, 2 or 3 (the array's dimensionality, layers included) */
    uint8_t  fmt;                 /* sim_tex_fmt */
    uint8_t  nchan;               /* 1, 2 or 4 channels */
    uint8_t  chan_bits[4];        /* bits per channel x, y, z, w (8, 16 or 32; 0 = absent) */
    uint32_t flags;               /* sim_tex_flags */
    uint8_t  addr_mode[3];        /* cudaTextureAddressMode per dimension (0 wrap, 1 clamp, 2 mirror, 3 border) */
    uint8_t  elem_size;           /* bytes per element (sum of channel bits / 8) */
    uint64_t data;                /* device address of element (0,0,0) */
    uint64_t width, height, depth;/* in elements (height/depth 1 when absent); layers for layered */
    uint64_t pitch;               /* bytes between rows (PITCH2D, ARRAY) */
    uint64_t slice_pitch;         /* bytes between 2D slices (ARRAY 3D / layered) */
    float    border[4];           /* borderColor */
    uint32_t reserved[4];         /* zero */
} sim_texdesc;

#endif
