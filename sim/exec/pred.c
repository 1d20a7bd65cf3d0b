/* sim/exec/pred.c — PRED class: predicate logic (whole-warp lane masks). */
#include "sim/exec/exec.h"

EXEC(PLOP)
{
    pred_write(x, in, mask, pred_bool(in->mod[0], pred_x(x, in), pred_y(x, in)));
    return SIM_STEP_NEXT;
}
