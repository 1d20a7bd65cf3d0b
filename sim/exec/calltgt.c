/* sim/exec/calltgt.c — CALLCHK: the .calltargets check of a PTX indirect
 * call.
 *
 * PTX leaves a call through a pointer that is none of the functions of its
 * .calltargets list undefined; CALLR alone would run any address-taken
 * function of the module, so the lowering (lower_isel_call.c) compares the
 * pointer with each listed id into Z and Cobalt faults, naming the lane
 * and the pointer, where Z is false.
 */
#include <stdio.h>
#include "sim/exec/exec.h"

EXEC(CALLCHK)
{
    const uint32_t *A = RA;
    uint32_t z = pred_z(x, in);
    for (uint32_t m = mask & ~z; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        char why[200];
        snprintf(why, sizeof why, "call: lane %u calls through 0x%016llx, which is none of "
                 "the %u functions of its .calltargets list (undefined in PTX)", l,
                 (unsigned long long)A[l + ISA_WARP_SIZE] << 32 | A[l], in->imm);
        return sim_fault_insn(x, (uint32_t)(in - x->run->prog->insns), why);
    }
    return SIM_STEP_NEXT;
}
