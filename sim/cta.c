/* sim/cta.c — a CTA slot on an SM: its storage, start, barriers and exits.
 *
 * A slot's storage (warps, registers, shared and local memory, SIMT stacks)
 * is allocated the first time a CTA lands in it and reused by every later
 * CTA of the launch, so placing a CTA costs no allocation.
 *
 * Barriers count warps: BAR.SYNC arrives and waits, BAR.ARRIVE only
 * arrives. A barrier completes when the warps that arrived reach the number
 * of warps that have not exited; exits can therefore complete a barrier.
 * A counted barrier (BARN, `bar.sync 1, 64`) completes when its count of
 * warps has arrived, whatever the others do. BARRED reduces a predicate
 * over the arriving threads and hands the result to each waiter at
 * release. The cluster barrier (BARCL, its own slot) splits arriving and
 * waiting: a WAIT blocks only while the phase its warp arrived in is open.
 * When no warp of a CTA can run any more the CTA is deadlocked.
 */
#include <stdlib.h>
#include <string.h>
#include "sim/internal.h"

bool sim_cta_alloc(sim_cta *c, const sim_grid *run, sim_sm *sm)
{
    const sim_program *p = run->prog;
    size_t lanes = (size_t)run->nwarps * ISA_WARP_SIZE;
    c->sm = sm;
    c->nwarps = run->nwarps;
    c->warps = calloc(run->nwarps, sizeof *c->warps);
    c->regs = malloc(lanes * p->rows * sizeof *c->regs);
    c->smem = run->smem_size ? malloc(run->smem_size) : NULL;
    c->lmem = run->lmem_size ? malloc(lanes * run->lmem_size) : NULL;
    if (c->warps == NULL || c->regs == NULL || (run->smem_size && c->smem == NULL) ||
        (run->lmem_size && c->lmem == NULL))
        goto fail;
    for (uint32_t i = 0; i < c->nwarps; i++)
        if (!sim_simt_init(&c->warps[i].simt))
            goto fail;
    c->allocated = true;
    return true;
fail:
    sim_cta_free(c);
    return false;
}

void sim_cta_free(sim_cta *c)
{
    if (c->warps != NULL)
        for (uint32_t i = 0; i < c->nwarps; i++)
            sim_simt_free(&c->warps[i].simt);
    free(c->warps);
    free(c->regs);
    free(c->smem);
    free(c->lmem);
    memset(c, 0, sizeof *c);
}

sim_dim3 sim_thread_id(const sim_grid *run, uint32_t warp, unsigned lane)
{
    uint32_t t = warp * ISA_WARP_SIZE + lane;
    uint32_t bx = run->l->block.x, by = run->l->block.y;
    return (sim_dim3){ t % bx, (t / bx) % by, t / (bx * by) };
}

void sim_cta_start(sim_cta *c, const sim_grid *run, uint64_t linear, uint64_t *seq)
{
    const sim_program *p = run->prog;
    const sim_launch *l = run->l;
    uint64_t gx = l->grid.x, gy = l->grid.y;
    c->ctaid = (sim_dim3){ (uint32_t)(linear % gx), (uint32_t)(linear / gx % gy),
                           (uint32_t)(linear / (gx * gy)) };
    /* Registers and memory start at zero so runs are reproducible. */
    size_t words = (size_t)c->nwarps * p->rows * ISA_WARP_SIZE;
    memset(c->regs, 0, words * sizeof *c->regs);
    if (c->smem != NULL)
        memset(c->smem, 0, run->smem_size);
    if (c->lmem != NULL)
        memset(c->lmem, 0, (size_t)c->nwarps * ISA_WARP_SIZE * run->lmem_size);
    c->live = c->ready = c->nwarps;
    memset(c->arrived, 0, sizeof c->arrived);
    c->cl_phase = 0;
    for (uint32_t id = 0; id < SIM_NUM_BARSLOTS; id++) {
        c->expect[id] = c->red_popc[id] = 0;
        c->red_all[id] = true;
        c->red_any[id] = false;
    }
    for (uint32_t i = 0; i < c->nwarps; i++) {
        sim_warp *w = &c->warps[i];
        uint32_t first = i * ISA_WARP_SIZE;
        uint32_t n = run->threads - first < ISA_WARP_SIZE ? run->threads - first : ISA_WARP_SIZE;
        w->r = c->regs + (size_t)i * p->rows * ISA_WARP_SIZE;
        memset(w->p, 0, sizeof w->p);
        w->p[SIM_PRED_PT] = SIM_FULL_MASK;
        w->lanes = n == ISA_WARP_SIZE ? SIM_FULL_MASK : (1u << n) - 1;
        sim_simt_reset(&w->simt, 0, w->lanes);
        w->gbase = w->glen = 0;
        w->age = (*seq)++;
        w->cta = c;
        w->subcore = sim_timing_subcore(c->sm, (uint32_t)(c - c->sm->slots) * c->nwarps + i);
        w->index = i;
        w->state = SIM_WARP_READY;
        w->bar = 0;
        w->bar_pc = 0;
        w->red = false;
        w->cl_armed = false;
        w->cl_phase = 0;
    }
    c->resident = true;
}

/* Delivers a BARRED result to the lanes that took part. */
static void deliver(const sim_cta *c, sim_warp *w, uint32_t id)
{
    uint32_t m = w->red_mask;
    if (w->red_op == MOD_BRED_POPC) {
        uint32_t *D = w->r + w->red_d;
        for (; m != 0; m &= m - 1)
            D[__builtin_ctz(m)] = c->red_popc[id];
    } else {
        bool v = w->red_op == MOD_BRED_AND ? c->red_all[id] : c->red_any[id];
        w->p[w->red_e] = (w->p[w->red_e] & ~m) | (v ? m : 0);
    }
    w->red = false;
}

static void release(sim_cta *c, uint32_t id)
{
    sim_timing_barrier(c);
    for (uint32_t i = 0; i < c->nwarps; i++) {
        sim_warp *w = &c->warps[i];
        if (w->state == SIM_WARP_BARRIER && w->bar == id) {
            if (w->red)
                deliver(c, w, id);
            w->state = SIM_WARP_READY;
            c->ready++;
        }
    }
    if (id == SIM_CLUSTER_BARRIER)
        c->cl_phase++;   /* a later WAIT of a warp that arrived now goes on */
    c->arrived[id] = 0;
    c->expect[id] = 0;
    c->red_popc[id] = 0;
    c->red_all[id] = true;
    c->red_any[id] = false;
}

/* Whether barrier id has all the warps it waits for. */
static bool complete(const sim_cta *c, uint32_t id)
{
    uint32_t need = c->expect[id] != 0 ? c->expect[id] : c->live;
    return c->arrived[id] > 0 && c->arrived[id] >= need;
}

sim_step sim_cta_barrier(sim_exec *x, uint32_t id, bool wait, uint32_t pc)
{
    return sim_cta_barrier_n(x, id, wait, pc, 0);
}

sim_step sim_cta_barrier_n(sim_exec *x, uint32_t id, bool wait, uint32_t pc, uint32_t warps)
{
    sim_warp *w = x->w;
    sim_cta *c = w->cta;
    c->arrived[id]++;
    if (warps != 0)
        c->expect[id] = warps;
    if (wait) {
        w->state = SIM_WARP_BARRIER;
        w->bar = (uint8_t)id;
        w->bar_pc = pc;
        c->ready--;
    }
    if (complete(c, id))
        release(c, id);
    else if (wait)
        x->sm->stats.barrier_waits++;
    if (c->ready == 0)
        return sim_fault_deadlock(x, c);
    return SIM_STEP_CTRL;
}

sim_step sim_cta_barrier_wait(sim_exec *x, uint32_t id, uint32_t pc)
{
    sim_warp *w = x->w;
    sim_cta *c = w->cta;
    w->state = SIM_WARP_BARRIER;
    w->bar = (uint8_t)id;
    w->bar_pc = pc;
    c->ready--;
    x->sm->stats.barrier_waits++;
    if (c->ready == 0)
        return sim_fault_deadlock(x, c);
    return SIM_STEP_CTRL;
}

sim_step sim_cta_warp_exited(sim_exec *x)
{
    sim_warp *w = x->w;
    sim_cta *c = w->cta;
    w->state = SIM_WARP_DONE;
    sim_timing_exit(x->sm, &x->sm->sub[w->subcore]);
    c->live--;
    c->ready--;
    for (uint32_t id = 0; id < SIM_NUM_BARSLOTS; id++)
        if (c->expect[id] == 0 && complete(c, id))
            release(c, id);
    if (c->live > 0 && c->ready == 0)
        return sim_fault_deadlock(x, c);
    return SIM_STEP_CTRL;
}
