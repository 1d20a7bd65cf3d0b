/* sim/exec/ctrl.c — CTRL class: branches, exit, barriers.
 *
 * These run even when no lane's guard holds (mask may be 0), because they
 * always move the warp themselves; they return SIM_STEP_CTRL.
 */
#include "sim/exec/exec.h"

EXEC(BRA)
{
    sim_stats *s = &x->sm->stats;
    s->branches++;
    int r = sim_simt_branch(&x->w->simt, mask, in->imm, in->imm2);
    if (r == SIM_SIMT_NOMEM) {
        sim_fault_setf(x->run, SIM_ERR_RESOURCES,
                       "cobalt: out of host memory growing a warp's reconvergence stack");
        return SIM_STEP_FAULT;
    }
    if (r == SIM_SIMT_DIVERGED)
        s->divergent_branches++;
    return SIM_STEP_CTRL;
}

EXEC(EXIT)
{
    sim_simt *st = &x->w->simt;
    if (mask == 0) {
        sim_simt_next(st);
        return SIM_STEP_CTRL;
    }
    sim_simt_exit(st, mask);
    if (sim_simt_done(st))
        return sim_cta_warp_exited(x);
    return SIM_STEP_CTRL;
}

EXEC(BAR)
{
    sim_simt *st = &x->w->simt;
    uint32_t pc = sim_simt_pc(st);
    sim_simt_next(st);   /* the warp resumes after the barrier */
    if (mask == 0)
        return SIM_STEP_CTRL;
    return sim_cta_barrier(x, in->imm, in->mod[0] == MOD_BAR_SYNC, pc);
}

EXEC(NOP)
{
    return SIM_STEP_NEXT;
}
