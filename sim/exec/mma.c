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
    return f32_of(f16_to_f32_bits(hi ? reg >> 16 : reg & 0xFFFFu));
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
        x->sm->stats.mma_steps++;
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

/* ---- HMMAS: one 4x4x4 unit step of a PTX mma.sync.m16n8k{16,8} ----
 *
 * The operands are the PTX fragment registers themselves (PTX ISA, "Matrix
 * fragments for mma.m16n8k16 / m16n8k8", f16 and bf16 inputs, f32
 * accumulators), with g = lane >> 2 and t = lane % 4:
 *   A (16 x K): reg a + r/8 + 2*(k/8) of lane 4*(r%8) + (k%8)/2, half k&1
 *               (m16n8k8: 2 registers, so the k/8 term is 0)
 *   B (K x 8):  reg b + k/8 of lane 4*n + (k%8)/2, half k&1
 *   C, D (16 x 8, f32): reg c + 2*(r/8) + (n&1) of lane 4*(r%8) + n/2
 * Step imm = (mt*2 + nt)*KT + kt (KT = K/4) computes the 4x4 tile of D at
 * rows 4mt.., columns 4nt.. from C's tile and k = 4kt..4kt+3, whole warp at
 * once: gather the tiles, 64 multiply-adds, scatter the 16 results.
 *
 * With mt, kt fixed, row i of the A tile is the two words at lane
 * 4*(4*(mt%2) + i) + 2*(kt%2) (and +1) of register mt/2 + 2*(kt/2), halves
 * lo, hi, lo, hi giving q = 0..3; column i of B likewise at lane
 * 4*(4nt + i) + 2*(kt%2) of register kt/2; C/D row i, column j at register
 * 2*(mt/2) + j%2, lane 4*(4*(mt%2) + i) + 2nt + j/2. */
static inline float mma_in(uint32_t h, bool bf16)
{
    return f32_of(bf16 ? bf16_to_f32_bits(h) : f16_to_f32_bits(h));
}

/* Row/column i of an input tile: 4 elements from words w0, w1. */
static inline void mma_in4(float *v, uint32_t w0, uint32_t w1, bool bf16)
{
    v[0] = mma_in(w0 & 0xFFFFu, bf16);
    v[1] = mma_in(w0 >> 16, bf16);
    v[2] = mma_in(w1 & 0xFFFFu, bf16);
    v[3] = mma_in(w1 >> 16, bf16);
}

EXEC(HMMAS)
{
    enum { W = ISA_WARP_SIZE };
    if (mask != SIM_FULL_MASK) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: HMMAS (mma.sync) needs all 32 lanes of the warp active and "
                       "unguarded; active lanes 0x%08x", mask);
        return SIM_STEP_FAULT;
    }
    bool k16 = in->mod[0] == MOD_MMA_M16N8K16, bf = in->mod[1] == MOD_MMA_IN_BF16;
    unsigned kts = k16 ? 4 : 2;
    unsigned mt = in->imm / (2 * kts), nt = in->imm / kts % 2, kt = in->imm % kts;
    if (mt >= 4) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: HMMAS step %u is beyond the %u steps of its shape",
                       in->imm, 8 * kts);
        return SIM_STEP_FAULT;
    }
    const uint32_t *A = RA + (mt / 2 + 2 * (kt / 2)) * W + 16 * (mt % 2) + 2 * (kt % 2);
    const uint32_t *B = RB + (kt / 2) * W + 16 * nt + 2 * (kt % 2);
    unsigned cofs = 2 * (mt / 2) * W + 16 * (mt % 2) + 2 * nt;
    const uint32_t *C = RC + cofs;
    /* acc[i][j] += a[i][q] * b[q][j], q = 0..3 in order for every element;
     * the j loop is innermost so that it can run as one vector of 4 */
    float a[4][4], bt[4][4], b[4][4], acc[4][4];
    for (unsigned i = 0; i < 4; i++) {
        mma_in4(a[i], A[4 * i], A[4 * i + 1], bf);
        mma_in4(bt[i], B[4 * i], B[4 * i + 1], bf);
        for (unsigned j = 0; j < 4; j++)
            acc[i][j] = f32_of(C[(j % 2) * W + 4 * i + j / 2]);
    }
    for (unsigned q = 0; q < 4; q++)
        for (unsigned j = 0; j < 4; j++)
            b[q][j] = bt[j][q];
    for (unsigned i = 0; i < 4; i++)
        for (unsigned q = 0; q < 4; q++)
            for (unsigned j = 0; j < 4; j++)
                acc[i][j] += a[i][q] * b[q][j];   /* exact product */
    uint32_t *D = RD + cofs;
    for (unsigned i = 0; i < 4; i++)
        for (unsigned j = 0; j < 4; j++)
            D[(j % 2) * W + 4 * i + j / 2] = fix32(bits_f32(acc[i][j]), 0, 0);
    x->sm->stats.mma_steps++;
    return SIM_STEP_NEXT;
}

/* ---- LDSM: PTX ldmatrix.sync.aligned.m8n8.{x1,x2,x4}[.trans].shared.b16 ----
 * Reads the 8 rows of every matrix (lane 8q + r names row r of matrix q),
 * then hands each lane its two 16-bit elements per matrix. */
EXEC(LDSM)
{
    enum { W = ISA_WARP_SIZE };
    if (mask != SIM_FULL_MASK) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: LDSM (ldmatrix) needs all 32 lanes of the warp active and "
                       "unguarded; active lanes 0x%08x", mask);
        return SIM_STEP_FAULT;
    }
    unsigned nm = 1u << in->mod[0];
    bool tr = in->mod[1] != 0;
    const uint32_t *A = RA;
    uint16_t m[4][8][8];
    for (unsigned q = 0; q < nm; q++)
        for (unsigned r = 0; r < 8; r++) {
            unsigned ln = 8 * q + r;
            uint32_t off = A[ln] + in->imm;
            if (off % 16 != 0 || off > x->run->smem_size || x->run->smem_size - off < 16)
                return sim_fault_access(x, in, ln, SIM_SPACE_SHARED, off, 16, false,
                                        off % 16 != 0);
            memcpy(m[q][r], x->w->cta->smem + off, 16);
        }
    uint32_t *D = RD;
    for (unsigned q = 0; q < nm; q++)
        for (unsigned l = 0; l < W; l++) {
            unsigned g = l / 4, t = l % 4;
            uint16_t lo = tr ? m[q][2 * t][g] : m[q][g][2 * t];
            uint16_t hi = tr ? m[q][2 * t + 1][g] : m[q][g][2 * t + 1];
            D[q * W + l] = (uint32_t)lo | (uint32_t)hi << 16;
        }
    x->sm->stats.shared_loads++;
    return SIM_STEP_NEXT;
}
