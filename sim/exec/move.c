/* sim/exec/move.c — MOVE class: moves, selects, special registers. */
#include "sim/exec/exec.h"

__extension__ typedef unsigned __int128 u128;

EXEC(MOV)
{
    const uint32_t *B = RB;
    MAP32(RD, B[l]);
    return SIM_STEP_NEXT;
}

EXEC(SEL)
{
    const uint32_t *A = RA, *B = RB;
    uint32_t z = pred_z(x, in);
    MAP32(RD, (z >> l) & 1 ? A[l] : B[l]);
    return SIM_STEP_NEXT;
}

EXEC(P2R)
{
    uint32_t z = pred_z(x, in);
    MAP32(RD, (z >> l) & 1);
    return SIM_STEP_NEXT;
}

/* Values that are the same for every lane of the warp. */
static uint64_t sreg_uniform(const sim_exec *x, unsigned sr)
{
    const sim_grid *run = x->run;
    const sim_launch *L = run->l;
    const sim_cta *c = x->w->cta;
    uint64_t cycles = x->sm->sub[x->w->subcore].t;   /* the warp's sub-core: monotonic per warp */
    switch (sr) {
    case ISA_SR_NTID_X:   return L->block.x;
    case ISA_SR_NTID_Y:   return L->block.y;
    case ISA_SR_NTID_Z:   return L->block.z;
    case ISA_SR_CTAID_X:  return c->ctaid.x;
    case ISA_SR_CTAID_Y:  return c->ctaid.y;
    case ISA_SR_CTAID_Z:  return c->ctaid.z;
    case ISA_SR_NCTAID_X: return L->grid.x;
    case ISA_SR_NCTAID_Y: return L->grid.y;
    case ISA_SR_NCTAID_Z: return L->grid.z;
    case ISA_SR_WARPID:   return x->w->index;
    case ISA_SR_NWARPID:  return run->cfg->max_warps_per_sm;
    case ISA_SR_SMID:     return x->sm->id;
    case ISA_SR_NSMID:    return run->cfg->num_sms;
    case ISA_SR_GRIDID_LO: return (uint32_t)L->grid_id;
    case ISA_SR_GRIDID_HI: return (uint32_t)(L->grid_id >> 32);
    case ISA_SR_CLOCK_LO: return (uint32_t)cycles;
    case ISA_SR_CLOCK_HI: return (uint32_t)(cycles >> 32);
    /* simulated time: the sub-core's cycles at the configured clock, so
     * runs are reproducible */
    case ISA_SR_GLOBALTIMER_LO:
    case ISA_SR_GLOBALTIMER_HI: {
        unsigned khz = run->cfg->clock_khz ? run->cfg->clock_khz : 1;
        uint64_t ns = (uint64_t)((u128)cycles * 1000000u / khz);
        return sr == ISA_SR_GLOBALTIMER_LO ? (uint32_t)ns : (uint32_t)(ns >> 32);
    }
    case ISA_SR_DYNSMEM:   return L->dyn_smem;
    case ISA_SR_TOTALSMEM: return run->smem_size;
    case ISA_SR_STACKTOP:  return run->lmem_size;
    default:
        if (sr >= ISA_SR_ENVREG0 && sr <= ISA_SR_ENVREG31)
            return L->envreg[sr - ISA_SR_ENVREG0];
        return 0;
    }
}

EXEC(S2R)
{
    uint32_t *D = RD;
    unsigned sr = in->imm;
    uint32_t wi = x->w->index;
    switch (sr) {
    case ISA_SR_TID_X:
        LANES(D[l] = sim_thread_id(x->run, wi, l).x);
        break;
    case ISA_SR_TID_Y:
        LANES(D[l] = sim_thread_id(x->run, wi, l).y);
        break;
    case ISA_SR_TID_Z:
        LANES(D[l] = sim_thread_id(x->run, wi, l).z);
        break;
    case ISA_SR_LANEID:      MAP32(D, l); break;
    case ISA_SR_LANEMASK_EQ: MAP32(D, 1u << l); break;
    case ISA_SR_LANEMASK_LT: MAP32(D, (1u << l) - 1); break;
    case ISA_SR_LANEMASK_LE: MAP32(D, (uint32_t)((2ull << l) - 1)); break;
    case ISA_SR_LANEMASK_GT: MAP32(D, (uint32_t)~((2ull << l) - 1)); break;
    case ISA_SR_LANEMASK_GE: MAP32(D, ~((1u << l) - 1)); break;
    default: {
        uint32_t v = (uint32_t)sreg_uniform(x, sr);
        MAP32(D, v);
        break;
    }
    }
    return SIM_STEP_NEXT;
}
