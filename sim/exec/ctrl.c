/* sim/exec/ctrl.c — CTRL class: branches, exit, barriers.
 *
 * These run even when no lane's guard holds (mask may be 0), because they
 * always move the warp themselves; they return SIM_STEP_CTRL.
 */
#include <stdio.h>
#include "sim/exec/exec.h"

EXEC(BRA)
{
    sim_stats *s = &x->sm->stats;
    s->branches++;
    uint32_t pc = sim_simt_pc(&x->w->simt);
    int r = sim_simt_branch(&x->w->simt, mask, in->imm, in->imm2);
    if (r < 0)
        return sim_fault_reconv(x, pc, r);
    if (r == SIM_SIMT_DIVERGED)
        s->divergent_branches++;
    return SIM_STEP_CTRL;
}

EXEC(EXIT)
{
    sim_simt *st = &x->w->simt;
    uint32_t pc = sim_simt_pc(st);
    if (mask == 0) {
        sim_simt_next(st);
        return SIM_STEP_CTRL;
    }
    int r = sim_simt_exit(st, mask);
    if (sim_simt_done(st))
        return sim_cta_warp_exited(x);
    if (r < 0)
        return sim_fault_reconv(x, pc, r);
    return SIM_STEP_CTRL;
}

/* Under ITS a CTA barrier counts whole warps, so the warp's live lanes
 * first gather at the BAR (each group waits there for the others) and run
 * it as one group. 1: run it now; otherwise the step's result. */
static int converge(sim_exec *x, uint32_t mask, uint32_t pc, sim_step *st)
{
    sim_simt *s = &x->w->simt;
    uint32_t live = s->its ? sim_simt_live(s) : 0;
    if (!s->its || mask == 0 || mask == live)
        return 1;   /* the warp is converged here already */
    uint32_t need[ISA_WARP_SIZE];
    for (unsigned l = 0; l < ISA_WARP_SIZE; l++)
        need[l] = live;
    int r = sim_simt_sync(s, mask, need, pc);
    *st = r < 0 ? sim_fault_reconv(x, pc, r) : SIM_STEP_CTRL;
    return r;
}

EXEC(BAR)
{
    sim_simt *st = &x->w->simt;
    uint32_t pc = sim_simt_pc(st);
    sim_step res;
    if (converge(x, mask, pc, &res) != 1)
        return res;
    sim_simt_next(st);   /* the warp resumes after the barrier */
    if (mask == 0)
        return SIM_STEP_CTRL;
    return sim_cta_barrier(x, in->imm, in->mod[0] == MOD_BAR_SYNC, pc);
}

/* Barrier a + imm over b threads: id and count are read from the first
 * lane (PTX requires them to be uniform); the count is rounded up to whole
 * warps, 0 meaning every live thread. */
EXEC(BARN)
{
    sim_simt *st = &x->w->simt;
    uint32_t pc = sim_simt_pc(st);
    if (mask == 0) {
        sim_simt_next(st);
        return SIM_STEP_CTRL;
    }
    sim_step res;
    if (converge(x, mask, pc, &res) != 1)
        return res;
    unsigned first = (unsigned)__builtin_ctz(mask);
    uint32_t id = RA[first] + in->imm, count = RB[first];
    uint32_t warps = count / ISA_WARP_SIZE + (count % ISA_WARP_SIZE != 0);
    char why[160];
    if (id >= SIM_NUM_BARRIERS) {
        snprintf(why, sizeof why, "barrier number %u is out of range (0..%u)", id,
                 SIM_NUM_BARRIERS - 1);
        return sim_fault_insn(x, pc, why);
    }
    if (warps > x->w->cta->nwarps) {
        snprintf(why, sizeof why, "barrier %u is given a thread count of %u; the block has "
                 "%u warps (%u threads at most)", id, count, x->w->cta->nwarps,
                 x->w->cta->nwarps * ISA_WARP_SIZE);
        return sim_fault_insn(x, pc, why);
    }
    sim_simt_next(st);
    return sim_cta_barrier_n(x, id, in->mod[0] == MOD_BAR_SYNC, pc, warps);
}

/* Barrier with a reduction (__syncthreads_count/and/or): the lanes' Z go
 * into the CTA's accumulators now, the result comes back at release. */
EXEC(BARRED)
{
    sim_warp *w = x->w;
    sim_cta *c = w->cta;
    uint32_t pc = sim_simt_pc(&w->simt);
    sim_step res;
    if (converge(x, mask, pc, &res) != 1)
        return res;
    sim_simt_next(&w->simt);
    if (mask == 0)
        return SIM_STEP_CTRL;
    uint32_t z = pred_z(x, in) & mask;
    c->red_popc[in->imm] += (uint32_t)__builtin_popcount(z);
    c->red_all[in->imm] = c->red_all[in->imm] && z == mask;
    c->red_any[in->imm] = c->red_any[in->imm] || z != 0;
    w->red = true;
    w->red_op = in->mod[0];
    w->red_d = in->d;
    w->red_e = in->e;
    w->red_mask = mask;
    return sim_cta_barrier(x, in->imm, true, pc);
}

EXEC(NOP)
{
    return SIM_STEP_NEXT;
}
