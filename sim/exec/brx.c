/* sim/exec/brx.c — BRXCHK: the range check of PTX brx.idx.
 *
 * The PTX manual leaves an index outside the .branchtargets list undefined;
 * Cobalt reports it as an illegal-instruction fault naming the lane, index
 * and table size instead of jumping somewhere. The jump itself is lowered to
 * a chain of ISETP + BRA (lower_isel_brx.c), so lanes with equal targets
 * run together and every path reconverges at the immediate post-dominator
 * of the brx block through the ordinary BRA reconvergence points.
 */
#include <stdio.h>
#include "sim/exec/exec.h"

EXEC(BRXCHK)
{
    const uint32_t *A = RA;
    for (uint32_t m = mask; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        if (A[l] >= in->imm) {
            char why[200];
            snprintf(why, sizeof why, "brx.idx: lane %u has index %u, outside its "
                     ".branchtargets list of %u labels (undefined in PTX)", l, A[l], in->imm);
            return sim_fault_insn(x, (uint32_t)(in - x->run->prog->insns), why);
        }
    }
    return SIM_STEP_NEXT;
}
