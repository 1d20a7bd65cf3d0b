/* sim/exec/matrix.c — warp-wide 8x8 b16 matrix movement outside the tensor
 * unit: MOVM (PTX movmatrix) and STSM (PTX stmatrix, the mirror of LDSM).
 *
 * Fragment layout of one 8x8 b16 matrix (PTX ISA, ldmatrix/stmatrix/
 * movmatrix), g = lane / 4, t = lane % 4: lane l holds row g, columns 2t
 * (low half) and 2t + 1 (high half). Both need the whole warp, like LDSM.
 */
#include "sim/exec/exec.h"

static sim_step need_warp(sim_exec *x, const char *what, uint32_t mask)
{
    sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                   "cobalt: %s needs all 32 lanes of the warp active and unguarded; active "
                   "lanes 0x%08x", what, mask);
    return SIM_STEP_FAULT;
}

static inline uint16_t elem(const uint32_t *R, unsigned row, unsigned col)
{
    uint32_t w = R[4 * row + col / 2];
    return (uint16_t)(col & 1 ? w >> 16 : w);
}

/* d = transpose of a: lane l gets a[2t][g] (low) and a[2t + 1][g] (high). */
EXEC(MOVM)
{
    enum { W = ISA_WARP_SIZE };
    if (mask != SIM_FULL_MASK)
        return need_warp(x, "MOVM (movmatrix)", mask);
    const uint32_t *A = RA;
    uint32_t t_[W];
    for (unsigned l = 0; l < W; l++) {
        unsigned g = l / 4, t = l % 4;
        t_[l] = (uint32_t)elem(A, 2 * t, g) | (uint32_t)elem(A, 2 * t + 1, g) << 16;
    }
    memcpy(RD, t_, sizeof t_);
    return SIM_STEP_NEXT;
}

/* Every row address is checked before anything is written. */
EXEC(STSM)
{
    enum { W = ISA_WARP_SIZE };
    if (mask != SIM_FULL_MASK)
        return need_warp(x, "STSM (stmatrix)", mask);
    unsigned nm = 1u << in->mod[0];
    bool tr = in->mod[1] != 0;
    if (nm > 4) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: STSM with a matrix-count field of %u", in->mod[0]);
        return SIM_STEP_FAULT;
    }
    const uint32_t *A = RA, *B = RB;
    uint32_t off[4][8];
    for (unsigned q = 0; q < nm; q++)
        for (unsigned r = 0; r < 8; r++) {
            unsigned ln = 8 * q + r;
            uint32_t o = A[ln] + in->imm;
            if (o % 16 != 0 || o > x->run->smem_size || x->run->smem_size - o < 16)
                return sim_fault_access(x, in, ln, SIM_SPACE_SHARED, o, 16, true, o % 16 != 0);
            off[q][r] = o;
        }
    uint8_t *smem = x->w->cta->smem;
    for (unsigned q = 0; q < nm; q++) {
        const uint32_t *Q = B + q * W;
        for (unsigned r = 0; r < 8; r++) {
            uint16_t row[8];
            for (unsigned c = 0; c < 8; c++)
                row[c] = tr ? elem(Q, c, r) : elem(Q, r, c);
            memcpy(smem + off[q][r], row, 16);
        }
    }
    x->sm->stats.shared_stores++;
    return SIM_STEP_NEXT;
}
