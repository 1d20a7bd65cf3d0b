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

/* The id (a + imm) and thread count (b, rounded up to warps; 0: every
 * live thread) of BARN / BARREDN, read from the first lane (PTX requires
 * them to be uniform). 1: valid; otherwise *st is the fault. */
static int counted_bar(sim_exec *x, const sim_insn *in, uint32_t mask, uint32_t pc,
                       uint32_t *id, uint32_t *warps, sim_step *st)
{
    unsigned first = (unsigned)__builtin_ctz(mask);
    uint32_t count = RB[first];
    *id = RA[first] + in->imm;
    *warps = count / ISA_WARP_SIZE + (count % ISA_WARP_SIZE != 0);
    char why[160];
    if (*id >= SIM_NUM_BARRIERS) {
        snprintf(why, sizeof why, "barrier number %u is out of range (0..%u)", *id,
                 SIM_NUM_BARRIERS - 1);
        *st = sim_fault_insn(x, pc, why);
        return 0;
    }
    if (*warps > x->w->cta->nwarps) {
        snprintf(why, sizeof why, "barrier %u is given a thread count of %u; the block has "
                 "%u warps (%u threads at most)", *id, count, x->w->cta->nwarps,
                 x->w->cta->nwarps * ISA_WARP_SIZE);
        *st = sim_fault_insn(x, pc, why);
        return 0;
    }
    return 1;
}

/* Barrier a + imm over b threads (bar.sync 1, 64 / bar.arrive). */
EXEC(BARN)
{
    sim_simt *st = &x->w->simt;
    uint32_t pc = sim_simt_pc(st);
    if (mask == 0) {
        sim_simt_next(st);
        return SIM_STEP_CTRL;
    }
    sim_step res;
    uint32_t id, warps;
    if (converge(x, mask, pc, &res) != 1 || !counted_bar(x, in, mask, pc, &id, &warps, &res))
        return res;
    sim_simt_next(st);
    return sim_cta_barrier_n(x, id, in->mod[0] == MOD_BAR_SYNC, pc, warps);
}

/* Barrier with a reduction (__syncthreads_count/and/or): the lanes' Z go
 * into the CTA's accumulators now, the result comes back at release. */
static sim_step bar_reduce(sim_exec *x, const sim_insn *in, uint32_t mask, uint32_t id,
                           uint32_t warps, uint32_t pc)
{
    sim_warp *w = x->w;
    sim_cta *c = w->cta;
    uint32_t z = pred_z(x, in) & mask;
    c->red_popc[id] += (uint32_t)__builtin_popcount(z);
    c->red_all[id] = c->red_all[id] && z == mask;
    c->red_any[id] = c->red_any[id] || z != 0;
    w->red = true;
    w->red_op = in->mod[0];
    w->red_d = in->d;
    w->red_e = in->e;
    w->red_mask = mask;
    return sim_cta_barrier_n(x, id, true, pc, warps);
}

EXEC(BARRED)
{
    sim_warp *w = x->w;
    uint32_t pc = sim_simt_pc(&w->simt);
    sim_step res;
    if (converge(x, mask, pc, &res) != 1)
        return res;
    sim_simt_next(&w->simt);
    if (mask == 0)
        return SIM_STEP_CTRL;
    return bar_reduce(x, in, mask, in->imm, 0, pc);
}

/* bar.red with a thread count or a register id. */
EXEC(BARREDN)
{
    sim_warp *w = x->w;
    uint32_t pc = sim_simt_pc(&w->simt);
    if (mask == 0) {
        sim_simt_next(&w->simt);
        return SIM_STEP_CTRL;
    }
    sim_step res;
    uint32_t id, warps;
    if (converge(x, mask, pc, &res) != 1 || !counted_bar(x, in, mask, pc, &id, &warps, &res))
        return res;
    sim_simt_next(&w->simt);
    return bar_reduce(x, in, mask, id, warps, pc);
}

/* barrier.cluster with a cluster of one CTA: ARRIVE counts the warp on the
 * cluster slot without waiting and remembers the phase; WAIT blocks until
 * that phase has completed (every live warp arrived, exits included). */
EXEC(BARCL)
{
    sim_warp *w = x->w;
    uint32_t pc = sim_simt_pc(&w->simt);
    sim_step res;
    if (converge(x, mask, pc, &res) != 1)
        return res;
    sim_simt_next(&w->simt);
    if (mask == 0)
        return SIM_STEP_CTRL;
    bool arrive = in->mod[0] == MOD_CLBAR_ARRIVE;
    if (arrive == w->cl_armed)
        return sim_fault_insn(x, pc, arrive ? "barrier.cluster.arrive again before "
                              "barrier.cluster.wait" : "barrier.cluster.wait without a "
                              "barrier.cluster.arrive before it");
    w->cl_armed = arrive;
    if (arrive) {
        w->cl_phase = w->cta->cl_phase;
        return sim_cta_barrier(x, SIM_CLUSTER_BARRIER, false, pc);
    }
    if (w->cta->cl_phase != w->cl_phase)
        return SIM_STEP_CTRL;   /* that phase completed already */
    return sim_cta_barrier_wait(x, SIM_CLUSTER_BARRIER, pc);
}

EXEC(NOP)
{
    return SIM_STEP_NEXT;
}
