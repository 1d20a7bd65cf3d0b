/* sim/sched.c — one SM: CTA placement into free slots and the warp
 * scheduler.
 *
 *   gto  greedy-then-oldest: keep issuing the same warp until it waits at a
 *        barrier or exits, then switch to the oldest ready warp. After a
 *        long-latency operation (global or generic load, atomic, fence,
 *        nanosleep) the warp would stall on hardware, so the next ready
 *        warp in age order takes over: a warp spinning on a flag cannot
 *        starve the warp that is to set it.
 *   lrr  loose round robin: one instruction per ready warp, in turn.
 *   random  one instruction of a ready warp drawn from a seeded generator
 *        (per SM, splitmix64), so interleavings vary with the seed but a
 *        given seed always replays the same run; it shakes out races.
 *
 * The scheduler only decides the order; what each issue costs in cycles
 * is the sub-core model of sim/timing.c. When a CTA's last warp exits its
 * slot takes the next CTA of the grid.
 */
#include "sim/internal.h"

int sim_sm_place(sim_sm *sm)
{
    sim_grid *run = sm->run;
    if (__atomic_load_n(run->next_cta, __ATOMIC_RELAXED) >= run->nctas)
        return 0;
    for (uint32_t i = 0; i < sm->nslots; i++) {
        sim_cta *c = &sm->slots[i];
        if (c->resident)
            continue;
        /* Taken only once a slot is free; SMs on other host threads race
         * for the same counter, so it is an atomic fetch-and-add. */
        uint64_t linear = __atomic_fetch_add(run->next_cta, 1, __ATOMIC_RELAXED);
        if (linear >= run->nctas)
            return 0;
        if (!c->allocated && !sim_cta_alloc(c, run, sm)) {
            sim_fault_setf(run, SIM_ERR_RESOURCES,
                           "cobalt: out of host memory for a CTA of kernel '%s' "
                           "(%u warps of %u registers, %u bytes shared, %u bytes local per thread)",
                           run->prog->name, run->nwarps, run->prog->nregs, run->smem_size,
                           run->lmem_size);
            return -1;
        }
        sim_cta_start(c, run, linear, &sm->seq);
        for (uint32_t w = 0; w < c->nwarps; w++)
            sm->order[sm->norder++] = &c->warps[w];
        sm->stats.ctas++;
        sm->stats.warps += c->nwarps;
        return 1;
    }
    return 0;
}

/* Drops a finished CTA's warps from the age order and refills its slot. */
static bool retire(sim_sm *sm, sim_cta *c)
{
    uint32_t n = 0, before_cursor = 0;
    for (uint32_t i = 0; i < sm->norder; i++) {
        if (sm->order[i]->cta != c)
            sm->order[n++] = sm->order[i];
        else if (i < sm->cursor)
            before_cursor++;
    }
    sm->norder = n;
    sm->cursor -= before_cursor;
    if (sm->cursor >= n)
        sm->cursor = 0;
    sm->greedy = NULL;
    c->resident = false;
    return sim_sm_place(sm) >= 0;
}

static sim_warp *oldest_ready(const sim_sm *sm)
{
    for (uint32_t i = 0; i < sm->norder; i++)
        if (sm->order[i]->state == SIM_WARP_READY)
            return sm->order[i];
    return NULL;
}

static sim_warp *next_round_robin(sim_sm *sm)
{
    for (uint32_t k = 0; k < sm->norder; k++) {
        uint32_t i = (sm->cursor + k) % sm->norder;
        if (sm->order[i]->state == SIM_WARP_READY) {
            sm->cursor = (i + 1) % sm->norder;
            return sm->order[i];
        }
    }
    return NULL;
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static sim_warp *random_ready(sim_sm *sm)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < sm->norder; i++)
        n += sm->order[i]->state == SIM_WARP_READY;
    if (n == 0)
        return NULL;
    uint32_t k = (uint32_t)(splitmix64(&sm->rng) % n);
    for (uint32_t i = 0; i < sm->norder; i++)
        if (sm->order[i]->state == SIM_WARP_READY && k-- == 0)
            return sm->order[i];
    return NULL;
}

/* The first ready warp after w in age order (wrapping; w itself last). */
static sim_warp *ready_after(const sim_sm *sm, const sim_warp *w)
{
    uint32_t at = 0;
    while (at < sm->norder && sm->order[at] != w)
        at++;
    for (uint32_t k = 1; k <= sm->norder; k++) {
        sim_warp *v = sm->order[(at + k) % sm->norder];
        if (v->state == SIM_WARP_READY)
            return v;
    }
    return NULL;
}

sim_status sim_sm_run(sim_sm *sm, uint64_t budget)
{
    sim_grid *run = sm->run;
    bool gto = run->cfg->sched == SIM_SCHED_GTO;
    while (budget > 0 && sm->norder > 0) {
        sim_warp *w;
        if (gto)
            w = sm->greedy != NULL && sm->greedy->state == SIM_WARP_READY ? sm->greedy
                                                                         : oldest_ready(sm);
        else if (run->cfg->sched == SIM_SCHED_RANDOM)
            w = random_ready(sm);
        else
            w = next_round_robin(sm);
        if (w == NULL) {
            /* every CTA checks for deadlock when its last ready warp stops,
             * so this means the bookkeeping is broken */
            sim_fault_setf(run, SIM_FAULT_DEADLOCK,
                           "cobalt: internal error: SM %u has resident warps but none is ready",
                           sm->id);
            return run->status;
        }
        sim_step st;
        bool stall = false;
        do {
            sm->stalled = false;
            st = sim_warp_step(sm, w);
            stall = gto && sm->stalled;
            budget--;
        } while (gto && !stall && st != SIM_STEP_FAULT && w->state == SIM_WARP_READY &&
                 budget > 0);
        if (st == SIM_STEP_FAULT)
            return run->status;
        sm->greedy = stall && w->state == SIM_WARP_READY ? ready_after(sm, w) : w;
        if (w->state == SIM_WARP_DONE && w->cta->live == 0 && !retire(sm, w->cta))
            return run->status;
    }
    return SIM_OK;
}
