/* isa/video.h — modifier values and the imm control word of VOP (the PTX
 * video instructions), shared by the lowering (isa/ptx/lower_isel_video.c)
 * and the executor (sim/exec/video.c). The enums follow the VOPK / VSIMD /
 * VSEC rows of isa.def.
 *
 * imm layout:
 *   [11:0]  asel   scalar: VSEL_* (0 = whole word)
 *                  X2: 2 bits per element i at [2i+1:2i], a half 0..3 of
 *                      the 64-bit {b:a} (a low)
 *                  X4: 3 bits per element i at [3i+2:3i], a byte 0..7 of {b:a}
 *   [23:12] bsel   likewise
 *   [27:24] scalar: dsel (VSEL_*, 0 = no merge); SIMD: element write mask
 *   [28] a signed  [29] b signed  [30] d signed
 *   [31]   SHL/SHR: .clamp (else .wrap); MAD: .po
 *   MAD only (its selectors are scalar, so bits [11:3] of asel are free):
 *   [4:3] scale (VSCALE_*), [5] negate a*b, [6] negate c
 */
#ifndef COBALT_ISA_VIDEO_H
#define COBALT_ISA_VIDEO_H

enum { MOD_VOP_ADD, MOD_VOP_SUB, MOD_VOP_ABSDIFF, MOD_VOP_MIN, MOD_VOP_MAX, MOD_VOP_SHL,
       MOD_VOP_SHR, MOD_VOP_MAD, MOD_VOP_SET, MOD_VOP_AVRG };
enum { MOD_VSIMD_1, MOD_VSIMD_2, MOD_VSIMD_4 };
enum { MOD_VSEC_NONE, MOD_VSEC_ADD, MOD_VSEC_MIN, MOD_VSEC_MAX };

/* Scalar selectors: byte 0..3, half 0..1. */
enum { VSEL_WORD, VSEL_B0, VSEL_B1, VSEL_B2, VSEL_B3, VSEL_H0, VSEL_H1 };
enum { VSCALE_NONE, VSCALE_SHR7, VSCALE_SHR15 };

#define VIMM_ASEL(imm)   ((imm) & 0xfffu)
#define VIMM_BSEL(imm)   (((imm) >> 12) & 0xfffu)
#define VIMM_DSEL(imm)   (((imm) >> 24) & 0xfu)
#define VIMM_ASIGNED     (1u << 28)
#define VIMM_BSIGNED     (1u << 29)
#define VIMM_DSIGNED     (1u << 30)
#define VIMM_CLAMP_PO    (1u << 31)
#define VIMM_SCALE(imm)  (((imm) >> 3) & 3u)
#define VIMM_NEGPROD     (1u << 5)
#define VIMM_NEGC        (1u << 6)

#endif
