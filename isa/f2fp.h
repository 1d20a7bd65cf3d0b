/* isa/f2fp.h — modifier values of F2FP (packed and narrow float
 * conversions: PTX cvt to/from f16x2, bf16x2, tf32, e4m3x2, e5m2x2), shared
 * by the lowering (isa/ptx/lower_isel_cvtpk.c) and the executor
 * (sim/exec/cvtpk.c). The order is the F2FPK / F2FPR rows of isa.def. */
#ifndef COBALT_ISA_F2FP_H
#define COBALT_ISA_F2FP_H

enum { MOD_FP_F16X2_F32, MOD_FP_BF16X2_F32, MOD_FP_TF32_F32, MOD_FP_E4M3X2_F32,
       MOD_FP_E5M2X2_F32, MOD_FP_F16X2_E4M3X2, MOD_FP_F16X2_E5M2X2 };
enum { MOD_FPR_RN, MOD_FPR_RZ, MOD_FPR_RNA };

#endif
