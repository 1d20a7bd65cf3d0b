/* isa/f2fp.h — modifier values of F2FP (packed and narrow float
 * conversions: PTX cvt to/from f16x2, bf16x2, tf32, e4m3x2, e5m2x2, e2m1x2,
 * e2m3x2, e3m2x2, ue8m0x2), shared
 * by the lowering (isa/ptx/lower_isel_cvtpk.c) and the executor
 * (sim/exec/cvtpk.c). The order is the F2FPK / F2FPR rows of isa.def; the
 * sm_100 narrow formats (e2m1, e2m3, e3m2, ue8m0) follow the original seven. */
#ifndef COBALT_ISA_F2FP_H
#define COBALT_ISA_F2FP_H

enum { MOD_FP_F16X2_F32, MOD_FP_BF16X2_F32, MOD_FP_TF32_F32, MOD_FP_E4M3X2_F32,
       MOD_FP_E5M2X2_F32, MOD_FP_F16X2_E4M3X2, MOD_FP_F16X2_E5M2X2,
       MOD_FP_E2M1X2_F32, MOD_FP_E2M3X2_F32, MOD_FP_E3M2X2_F32, MOD_FP_F16X2_E2M1X2,
       MOD_FP_F16X2_E2M3X2, MOD_FP_F16X2_E3M2X2, MOD_FP_UE8M0X2_F32, MOD_FP_UE8M0X2_BF16X2,
       MOD_FP_BF16X2_UE8M0X2 };   /* asm names E2M1_F32 ... BF16_UE8 (x2 implied) */
enum { MOD_FPR_RN, MOD_FPR_RZ, MOD_FPR_RNA, MOD_FPR_RP };
/* F2FPRS targets (the RSK row of isa.def; PTX cvt.rs, sim/exec/cvtrs.c). */
enum { MOD_RS_F16X2, MOD_RS_BF16X2, MOD_RS_E4M3X4, MOD_RS_E5M2X4, MOD_RS_E2M3X4,
       MOD_RS_E3M2X4, MOD_RS_E2M1X4 };

#endif
