/* sim/threads.c — running the SMs of one launch on host threads.
 *
 * SM i belongs to host thread i % T (T = min(cfg.threads, num_sms); 0 means
 * every online core). Each thread runs its SMs round-robin, a quantum of
 * instructions each, exactly like the single-threaded loop; with T = 1 it
 * *is* that loop, so a run is deterministic and replays bit for bit.
 *
 * What the threads share: the grid's next-CTA counter (atomic
 * fetch-and-add in sim_sm_place), global memory (host atomics, see
 * sim/exec/mem.c and atom.c), the allocation table, printf output and the
 * heap (each behind its own lock), and a stop flag. Everything else an SM
 * touches lives in its sim_sm. Each thread has a private copy of the
 * sim_grid with its own status and fault record, so fault reports never
 * race; the first thread to claim the `winner` slot is the fault the
 * launch reports, and the others stop at their next quantum boundary.
 * Statistics stay per SM and are summed by sim_run after the join.
 *
 * Threads are created per launch: creating and joining a thread costs tens
 * of microseconds, far below the cost of any grid worth running in parallel.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/internal.h"

enum { SM_QUANTUM = 4096 };

typedef struct shared_state {
    int       stop;     /* set once a fault is claimed: every thread winds down */
    int       winner;   /* index of the thread whose fault the launch reports; -1 */
    unsigned *owner;    /* per SM: the thread that runs it (atomic accesses) */
} shared_state;

typedef struct worker {
    sim_grid      grid;     /* this thread's copy: own status and fault */
    sim_fault     fault;
    sim_sm       *sms;
    unsigned      nsms, id;
    shared_state *sh;
    pthread_t     tid;
    bool          started;
} worker;

unsigned sim_thread_count(const sim_config *cfg)
{
    unsigned n = cfg->threads;
    if (n == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n = cores > 0 ? (unsigned)cores : 1;
    }
    if (n > cfg->num_sms)
        n = cfg->num_sms;
    return n > 0 ? n : 1;
}

/* Records this thread's fault as the launch's unless another came first. */
static void claim_winner(worker *w)
{
    int none = -1;
    __atomic_compare_exchange_n(&w->sh->winner, &none, (int)w->id, false, __ATOMIC_ACQ_REL,
                                __ATOMIC_ACQUIRE);
    __atomic_store_n(&w->sh->stop, 1, __ATOMIC_RELEASE);
}

static void *work(void *arg)
{
    worker *w = arg;
    for (bool busy = true; busy;) {
        busy = false;
        for (unsigned i = 0; i < w->nsms; i++) {
            if (__atomic_load_n(&w->sh->owner[i], __ATOMIC_RELAXED) != w->id)
                continue;
            if (__atomic_load_n(&w->sh->stop, __ATOMIC_ACQUIRE))
                return NULL;
            if (w->sms[i].norder == 0)
                continue;
            busy = true;
            sim_sm_run(&w->sms[i], SM_QUANTUM);
            if (w->grid.status != SIM_OK) {
                claim_winner(w);
                return NULL;
            }
        }
    }
    return NULL;
}

/* Spreads the first CTAs over the SMs, one per SM per round (so a grid
 * that fits is resident at once, as a cooperative launch needs). */
static bool place_initial(worker *ws, sim_sm *sms, unsigned nsms, uint32_t occ)
{
    for (uint32_t round = 0; round < occ; round++)
        for (unsigned i = 0; i < nsms; i++)
            if (sim_sm_place(&sms[i]) < 0) {
                claim_winner(&ws[ws->sh->owner[i]]);
                return false;
            }
    return true;
}

/* Hands thread t's SMs to the caller's thread 0 (t could not start). */
static void adopt(worker *ws, sim_sm *sms, unsigned nsms, unsigned t)
{
    for (unsigned i = 0; i < nsms; i++)
        if (ws->sh->owner[i] == t) {
            sms[i].run = &ws[0].grid;
            sms[i].x.run = &ws[0].grid;
            __atomic_store_n(&ws->sh->owner[i], 0u, __ATOMIC_RELAXED);
        }
}

sim_status sim_run_threads(sim_grid *run, sim_sm *sms, unsigned nsms, unsigned nthreads)
{
    shared_state sh = { .stop = 0, .winner = -1, .owner = calloc(nsms, sizeof(unsigned)) };
    worker *ws = calloc(nthreads, sizeof *ws);
    if (ws == NULL || sh.owner == NULL) {
        sim_fault_setf(run, SIM_ERR_RESOURCES, "cobalt: out of host memory for %u host threads",
                       nthreads);
        goto out;
    }
    for (unsigned t = 0; t < nthreads; t++) {
        worker *w = &ws[t];
        w->grid = *run;
        w->grid.fault = &w->fault;
        w->grid.status = SIM_OK;
        w->sms = sms;
        w->nsms = nsms;
        w->id = t;
        w->sh = &sh;
    }
    for (unsigned i = 0; i < nsms; i++) {
        sh.owner[i] = i % nthreads;
        sms[i].run = &ws[i % nthreads].grid;
        sms[i].x.run = &ws[i % nthreads].grid;
    }
    if (place_initial(ws, sms, nsms, run->occ)) {
        /* Thread 0 is the caller; the SMs of a thread that cannot start
         * go to the caller before anyone runs them. */
        for (unsigned t = 1; t < nthreads; t++) {
            ws[t].started = pthread_create(&ws[t].tid, NULL, work, &ws[t]) == 0;
            if (!ws[t].started)
                adopt(ws, sms, nsms, t);
        }
        work(&ws[0]);
        for (unsigned t = 1; t < nthreads; t++)
            if (ws[t].started)
                pthread_join(ws[t].tid, NULL);
    }
    if (sh.winner >= 0) {
        run->status = ws[sh.winner].grid.status;
        *run->fault = ws[sh.winner].fault;
    }
    for (unsigned i = 0; i < nsms; i++) {
        sms[i].run = run;
        sms[i].x.run = run;
    }
out:
    free(ws);
    free(sh.owner);
    return run->status;
}
