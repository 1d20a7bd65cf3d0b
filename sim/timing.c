/* sim/timing.c — the issue-throughput model behind the cycle counts.
 *
 * An SM has cfg->subcores sub-cores (Volta and later: 4). The warp in
 * SM-wide warp slot s (CTA slot * warps per CTA + warp index) issues on
 * sub-core s % subcores, as hardware spreads warps over its schedulers.
 * Each sub-core has its own time t, the next cycle it can issue, and
 * cfg->tensor_units tensor units that each finish one 4x4x4 unit step (64
 * FMAs) per cycle; their time tensor_free is kept as a cycle and a slot
 * within it (units slots per cycle), so a step can take a fraction of a
 * cycle.
 *
 *   - Every instruction issues at t0 = t; t = t0 + 1.
 *   - An MMA-class instruction that did s unit steps (the mma_steps delta
 *     of its executor) starts at start = max(t0, tensor_free) and keeps the
 *     units busy for s / units cycles: tensor_free = start + s slots;
 *     t = start + 1, so the sub-core issues other work while they run.
 *   - Cobalt splits one hardware matrix instruction into one HMMAS/MMAS
 *     per unit step (docs/tensor-cores.md). Step 0 issues as above; a
 *     later step (imm != 0) belongs to an instruction already issued: it
 *     queues behind tensor_free (no earlier than the cycle before its own
 *     slot) and gives its issue cycle back (t = max(t0, start)). Without
 *     this each step would cost an issue cycle and the unit count could
 *     never matter.
 *   - When a CTA barrier releases, every sub-core holding warps of that
 *     CTA is raised to the latest t among them: no waiting warp can go on
 *     before the last one arrived.
 *
 * The SM's cycles are the max over its sub-cores of max(t, tensor_free);
 * %clock reads the issuing warp's sub-core t, which never decreases for a
 * warp. Latencies, register-file bandwidth and memory timing are not
 * modelled.
 */
#include "sim/internal.h"

/* static: -fPIC keeps the exported versions from being inlined */
static inline unsigned subcores_of(const sim_config *cfg)
{
    return cfg->subcores != 0 ? cfg->subcores : SIM_DEFAULT_SUBCORES;
}

static inline unsigned units_of(const sim_config *cfg)
{
    return cfg->tensor_units != 0 ? cfg->tensor_units : SIM_DEFAULT_TENSOR_UNITS;
}

unsigned sim_timing_subcores(const sim_config *cfg)
{
    return subcores_of(cfg);
}

unsigned sim_timing_tensor_units(const sim_config *cfg)
{
    return units_of(cfg);
}

uint8_t sim_timing_subcore(const sim_sm *sm, uint32_t slot)
{
    /* sim_gpu_create refuses more than SIM_MAX_SUBCORES */
    return (uint8_t)(slot % subcores_of(sm->run->cfg));
}

void sim_timing_tensor(sim_sm *sm, sim_subcore *sc, const sim_insn *in, uint64_t steps)
{
    if (steps == 0)   /* LDSM, WLD, MMAC ...: no tensor work, an ordinary issue */
        return;
    uint32_t u = units_of(sm->run->cfg);
    uint64_t t0 = sc->t - 1;   /* sim_timing_issue already took the slot */
    bool later = (in->op == OP_HMMAS || in->op == OP_MMAS) && in->imm != 0;
    /* start = max(earliest, tensor_free) as (cycle, slot) */
    uint64_t earliest = later ? (t0 > 0 ? t0 - 1 : 0) : t0;
    uint64_t c = sc->tensor_free;
    uint32_t f = sc->tensor_slot;
    if (c < earliest) {
        c = earliest;
        f = 0;
    }
    uint64_t start = c;
    sc->t = later ? (start > t0 ? start : t0) : start + 1;
    /* the end, without a division for the usual one step */
    if (steps == 1 && f + 1 < u) {
        f++;
    } else {
        uint64_t slots = f + steps;
        c += slots / u;
        f = (uint32_t)(slots % u);
    }
    sc->tensor_free = c;
    sc->tensor_slot = f;
    uint64_t end = c + (f != 0);   /* first cycle the units are idle */
    uint64_t from = start > sc->tensor_counted ? start : sc->tensor_counted;
    if (end > from) {   /* busy cycles: each cycle the units work in, once */
        sm->stats.tensor_cycles += end - from;
        sc->tensor_counted = end;
    }
    uint64_t last = end > sc->t ? end : sc->t;
    if (last > sm->cycles)
        sm->cycles = last;
}

void sim_timing_barrier(const sim_cta *c)
{
    sim_subcore *sub = c->sm->sub;
    uint64_t latest = 0;
    for (uint32_t i = 0; i < c->nwarps; i++)
        if (sub[c->warps[i].subcore].t > latest)
            latest = sub[c->warps[i].subcore].t;
    for (uint32_t i = 0; i < c->nwarps; i++)
        sub[c->warps[i].subcore].t = latest;
}
