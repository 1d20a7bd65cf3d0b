/* sim/exec/cluster.c — MAPA: PTX mapa.shared::cluster.
 *
 * Cobalt runs every launch as clusters of one CTA (%cluster_nctarank = 1),
 * so the only CTA a shared::cluster address can name is the executing one:
 * rank 0 maps an address to itself. Any other rank names a CTA that does
 * not exist; the manual leaves that undefined and Cobalt reports it as a
 * fault naming the lane and the rank instead of returning some address. */
#include <stdio.h>
#include "sim/exec/exec.h"

EXEC(MAPA)
{
    const uint32_t *A = RA;
    const uint32_t *B = RB;
    for (uint32_t m = mask; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        if (B[l] != 0) {
            char why[200];
            snprintf(why, sizeof why, "mapa.shared::cluster: lane %u asks for CTA rank %u of "
                     "its cluster, but every launch runs as clusters of one CTA (rank 0 only)",
                     l, B[l]);
            return sim_fault_insn(x, (uint32_t)(in - x->run->prog->insns), why);
        }
    }
    uint32_t *D = RD;
    LANES(D[l] = A[l]);
    return SIM_STEP_NEXT;
}
