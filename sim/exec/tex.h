/* sim/exec/tex.h — shared by the texture and surface executors (tex.c,
 * tex_sample.c, tex_surf.c): the descriptor of a handle (sim/texdesc.h),
 * checked reads of texel memory, and the sampler. Modifier values of the
 * TEX*, SU*, TXQ and ISTYPEP groups of isa/isa.def are spelled here. */
#ifndef COBALT_SIM_EXEC_TEX_H
#define COBALT_SIM_EXEC_TEX_H

#include "sim/exec/exec.h"
#include "sim/texdesc.h"

enum { TEX_RT_F32, TEX_RT_S32, TEX_RT_U32 };          /* TEXRT */
enum { TEX_CT_S32, TEX_CT_F32 };                      /* TEXCT */
enum { SU_B8, SU_B16, SU_B32, SU_B64 };               /* SUW */
enum { SU_TRAP, SU_CLAMP, SU_ZERO };                  /* SUOOB */
enum { TXQ_WIDTH, TXQ_HEIGHT, TXQ_DEPTH, TXQ_CHTYPE, TXQ_CHORDER, TXQ_NORMC, TXQ_FILTER,
       TXQ_ADDR0, TXQ_ADDR1, TXQ_ADDR2, TXQ_ARRAYSZ, TXQ_MIPLEVELS, TXQ_SAMPLES,
       TXQ_MEMLAYOUT };                               /* TXQQ */
enum { TY_TEXREF, TY_SAMPLERREF, TY_SURFREF };        /* TYKIND */
enum { TEX_AM_WRAP, TEX_AM_CLAMP, TEX_AM_MIRROR, TEX_AM_BORDER };   /* cudaTextureAddressMode */

/* One lane's access: where faults are reported, and the descriptor. */
typedef struct tex_lane {
    sim_exec *x;
    const sim_insn *in;
    unsigned lane;
    sim_texdesc d;
    uint64_t first;      /* address of the first texel read (the stats) */
    bool layered;        /* a layered fetch: `layer` selects the layer */
    int64_t layer;
} tex_lane;

/* TEXDIM geometry g: its spatial dimensions and whether it is layered. */
static inline unsigned tex_geom_dims(unsigned g) { return g == 3 ? 1 : g == 4 ? 2 : g + 1; }
static inline bool tex_geom_layered(unsigned g) { return g >= 3; }

/* Reads the descriptor of handle h into t->d. want: 0 texture, 1 surface,
 * -1 either. On failure the fault is set and *st is SIM_STEP_FAULT. */
bool tex_desc(tex_lane *t, uint64_t h, int want, sim_step *st);
/* n bytes of global memory at addr, inside one allocation, else a fault. */
bool tex_gread(tex_lane *t, uint64_t addr, unsigned n, void *out, sim_step *st);
bool tex_gwrite(tex_lane *t, uint64_t addr, unsigned n, const void *src, sim_step *st);
/* Sets an illegal-instruction fault on t's instruction with message why. */
sim_step tex_fault(tex_lane *t, const char *why);

/* The sampler (tex_sample.c). Coordinates are f32 (ct == TEX_CT_F32) or s32
 * bit patterns in c[0..2]; out gets four result words of type rt. */
bool tex_sample(tex_lane *t, unsigned dims, unsigned rt, unsigned ct, const uint32_t c[3],
                uint32_t out[4], sim_step *st);
/* tld4: channel comp of the four texels of the bilinear footprint. */
bool tex_gather(tex_lane *t, unsigned comp, unsigned rt, const uint32_t c[2], uint32_t out[4],
                sim_step *st);

#endif
