/* isa/ptx/lower_isel_prmt.c — prmt.b32[.mode] d, a, b, c: one PRMT, the
 * selector c (register or immediate) in its B operand, b in its c. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

static const char *const prmt_modes[] = { "f4e", "b4e", "rc8", "ecl", "ecr", "rc16" };

bool lw_isel_prmt(lw_fn *f)
{
    const ptx_insn *ci = f->ci;
    uint8_t mode = MOD_PRMT_IDX;
    unsigned nb32 = 0;
    for (unsigned m = 0; m < ci->nmods; m++) {
        bool known = false;
        for (unsigned k = 0; k < sizeof prmt_modes / sizeof prmt_modes[0]; k++)
            if (strcmp(ci->mods[m], prmt_modes[k]) == 0 && mode == MOD_PRMT_IDX) {
                mode = (uint8_t)(MOD_PRMT_F4E + k);
                known = true;
            }
        if (!known && strcmp(ci->mods[m], "b32") == 0) {
            nb32++;
            known = true;
        }
        if (!known)
            return lw_unsupported(f);
    }
    if (nb32 != 1)
        return lw_unsupported(f);
    lw_reg d, a, b;
    lw_src sel;
    if (!lw_nops(f, 4) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_B32, &a) ||
        !lw_reg_of(f, 2, PTX_T_B32, &b) || !lw_src_of(f, 3, PTX_T_B32, true, &sel))
        return false;
    lw_insn *i = lw_emit(f, OP_PRMT);
    if (i == NULL)
        return false;
    i->in.mod[0] = mode;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, sel);
    lw_set(i, LW_C, b);
    return true;
}
