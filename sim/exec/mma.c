/* sim/exec/mma.c — MMA class: the 4x4x4 tensor step.
 *
 * Each group of 4 consecutive lanes computes D = A * B + C. Lane i of a group
 * holds row i of A as 4 f16 (a: elements 0, 1 in the low/high half; a+1:
 * 2, 3), column i of B the same way in b, b+1, and row i of C and D. With
 * .F32F16, C and D rows are 4 f32 (c..c+3, d..d+3); with .F16F16 they are 4
 * f16 packed like A (c, c+1 and d, d+1), accumulated in f32 and rounded to
 * f16 once at the end.
 *
 * f16 products are exact in f32; they are added to C in order k = 0..3 with
 * f32 round-to-nearest additions. Inputs are read from all four lanes of a
 * group; D is written only on the lanes in the mask.
 */
#include "sim/exec/fpu.h"

static inline float half(uint32_t reg, unsigned hi)
{
    return f32_of((uint32_t)sf_convert(MOD_F32, MOD_RN, MOD_F16, hi ? reg >> 16 : reg & 0xFFFFu));
}

EXEC(HMMA)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    uint32_t *D = RD;
    bool f32acc = in->mod[0] == MOD_MMA_F32F16;
    enum { W = ISA_WARP_SIZE };
    uint32_t out[4][W];
    for (unsigned g = 0; g < W / 4; g++) {
        if (((mask >> (4 * g)) & 0xF) == 0)
            continue;
        float a[4][4], b[4][4], c[4][4];
        for (unsigned i = 0; i < 4; i++) {
            unsigned ln = 4 * g + i;
            for (unsigned k = 0; k < 4; k++) {
                a[i][k] = half(A[ln + (k / 2) * W], k & 1);
                b[k][i] = half(B[ln + (k / 2) * W], k & 1);
                c[i][k] = f32acc ? f32_of(C[ln + k * W]) : half(C[ln + (k / 2) * W], k & 1);
            }
        }
        for (unsigned i = 0; i < 4; i++)
            for (unsigned j = 0; j < 4; j++) {
                float acc = c[i][j];
                for (unsigned k = 0; k < 4; k++)
                    acc += a[i][k] * b[k][j];
                out[j][4 * g + i] = fix32(bits_f32(acc), 0, 0);
            }
    }
    if (f32acc) {
        for (unsigned j = 0; j < 4; j++)
            LANES(D[l + j * W] = out[j][l]);
    } else {
        for (unsigned j = 0; j < 4; j += 2)
            LANES(D[l + (j / 2) * W] =
                      (uint32_t)sf_convert(MOD_F16, MOD_RN, MOD_F32, out[j][l]) |
                      (uint32_t)sf_convert(MOD_F16, MOD_RN, MOD_F32, out[j + 1][l]) << 16);
    }
    return SIM_STEP_NEXT;
}
