/* sim/warp.c — issuing one instruction of one warp: fetch the predecoded
 * instruction of the running group of the reconvergence engine (the top of
 * the IPDOM stack, or the ITS group), evaluate the guard, count it and time
 * it on the warp's sub-core (sim/timing.c), run its executor, move on. The
 * engine is chosen at the warp's first step. */
#include "sim/internal.h"

sim_step sim_warp_step(sim_sm *sm, sim_warp *w)
{
    const sim_program *prog = sm->run->prog;
    sim_exec *x = &sm->x;
    x->w = w;
    if (__builtin_expect(w->simt.fresh, 0))
        sim_simt_start(&w->simt, sm->run->cfg->reconv == SIM_RECONV_ITS,
                       sm->run->cfg->spin_limit);
    uint32_t pc = sim_simt_pc(&w->simt);
    if (pc >= prog->ninsns)
        return sim_fault_insn(x, pc, "the warp ran past the last instruction (a path without EXIT)");
    const sim_insn *in = &prog->insns[pc];
    sm->stalled = in->stall;
    uint32_t active = sim_simt_mask(&w->simt);
    if (__builtin_expect(active == 0, 0))   /* ITS: no group can run */
        return sim_fault_reconv(x, pc, SIM_SIMT_DEADLOCK);
    uint32_t mask = active & (w->p[in->guard] ^ in->gneg);
    uint32_t n = (uint32_t)__builtin_popcount(active);
    sim_stats *s = &sm->stats;
    sim_subcore *sc = &sm->sub[w->subcore];
    sim_timing_issue(sc);
    s->warp_insns++;
    s->thread_insns += n;
    s->warp_insns_by_class[in->cls]++;
    s->thread_insns_by_class[in->cls] += n;
    /* Control ops always run: they move the warp even when no guard holds. */
    if (mask == 0 && in->cls != ISA_CLASS_CTRL) {
        sim_simt_next(&w->simt);
        return SIM_STEP_NEXT;
    }
    x->r = w->r;
    x->p = w->p;
    uint64_t steps = s->mma_steps;
    sim_step st = in->fn(x, in, mask);
    if (__builtin_expect(in->cls == ISA_CLASS_MMA, 0))
        sim_timing_tensor(sm, sc, in, s->mma_steps - steps);
    if (st == SIM_STEP_NEXT)
        sim_simt_next(&w->simt);
    return st;
}
