/* sim/stats.c — per-launch counters. */
#include "sim/sim.h"

void sim_stats_add(sim_stats *a, const sim_stats *b)
{
    a->warp_insns += b->warp_insns;
    a->thread_insns += b->thread_insns;
    for (unsigned i = 0; i < ISA_NUM_CLASSES; i++) {
        a->warp_insns_by_class[i] += b->warp_insns_by_class[i];
        a->thread_insns_by_class[i] += b->thread_insns_by_class[i];
    }
    a->branches += b->branches;
    a->divergent_branches += b->divergent_branches;
    a->barrier_waits += b->barrier_waits;
    a->global_loads += b->global_loads;
    a->global_stores += b->global_stores;
    a->shared_loads += b->shared_loads;
    a->shared_stores += b->shared_stores;
    a->atomics += b->atomics;
    a->bank_conflicts += b->bank_conflicts;
    a->global_sectors += b->global_sectors;
    a->mma_steps += b->mma_steps;
    a->tensor_cycles += b->tensor_cycles;
    if (b->tensor_units > a->tensor_units)
        a->tensor_units = b->tensor_units;
    a->ctas += b->ctas;
    a->warps += b->warps;
    /* Launches run one after another: their cycles add up. */
    a->cycles += b->cycles;
    if (b->ctas_per_sm > a->ctas_per_sm)
        a->ctas_per_sm = b->ctas_per_sm;
}
