/* sim/simt.h — the reconvergence engine of one warp. Two engines share this
 * interface (docs/architecture.md, "Reconvergence"):
 *
 * Stack (SIM_RECONV_STACK, pre-Volta IPDOM): entries {pc, rpc, mask}; the
 * top entry executes. A divergent branch turns the top entry into the
 * reconvergence entry (pc = rpc) and pushes the not-taken path, then the
 * taken path; an entry whose pc reaches its rpc is popped. rpc =
 * ISA_NO_RECONV never matches a real pc, so lanes of such a path leave only
 * by EXIT. EXIT removes lanes from every entry and drops the entries it
 * empties. A path that keeps taking one backward branch while lanes wait
 * below it is reported (SIM_SIMT_SPIN) after spin_limit trips.
 *
 * ITS (SIM_RECONV_ITS, Volta-style, sim/its.c): every lane has its own pc
 * and call depth; e[0] is the group that runs (lanes with one pc and one
 * depth); convergence barriers {rpc, depth, participants} make lanes wait
 * at post-dominators; backward branches yield.
 *
 * In both engines the running group is e[depth - 1], so the issue loop's
 * fast path (pc, mask, next) is the same code; `slow` sends every pc
 * change of an ITS warp with open barriers through sim_simt_moved.
 */
#ifndef COBALT_SIM_SIMT_H
#define COBALT_SIM_SIMT_H

#include <stdbool.h>
#include <stdint.h>
#include "isa/isa.h"

typedef struct sim_simt_entry {
    uint32_t pc, rpc, mask;
    uint32_t call;   /* a CALL's return marker (pc == rpc = return address) */
} sim_simt_entry;

typedef struct sim_its sim_its;

typedef struct sim_simt {
    sim_simt_entry *e;
    uint32_t        depth, cap;
    bool            its;      /* engine: true = ITS, false = stack */
    bool            slow;     /* ITS with open barriers: pc changes go to sim_simt_moved */
    bool            fresh;    /* reset since sim_simt_start chose the engine */
    /* stack mode livelock detection: the backward branch taken in a row */
    uint32_t        spin_pc, spin_depth;
    uint64_t        spins, spin_limit;
    bool            spin_waits;   /* lanes wait below the spinning path */
    sim_its        *x;        /* ITS state (sim/its.c) */
} sim_simt;

/* Outcome of the moving functions. */
enum {
    SIM_SIMT_UNIFORM = 0, SIM_SIMT_DIVERGED = 1,
    SIM_SIMT_NOMEM = -1,
    SIM_SIMT_SPIN = -2,      /* stack: a path spins while lanes wait below it */
    SIM_SIMT_DEADLOCK = -3,  /* ITS: no lane can run; sim_simt_why says why */
    SIM_SIMT_MISUSE = -4,    /* ITS: a warp-sync mask without the executing lane */
};

bool sim_simt_init(sim_simt *s);     /* allocates the state; false when out of memory */
void sim_simt_free(sim_simt *s);

/* A new CTA's warp: every lane in mask at pc, converged. */
static inline void sim_simt_reset(sim_simt *s, uint32_t pc, uint32_t mask)
{
    s->depth = 1;
    s->e[0] = (sim_simt_entry){ pc, ISA_NO_RECONV, mask, 0 };
    s->fresh = true;
    s->slow = false;
    s->spin_pc = ISA_NO_RECONV;
    s->spins = 0;
}

/* Chooses the engine after a reset (its: ITS, else the stack) and the
 * stack-mode spin limit (0: SIM_DEFAULT_SPIN_LIMIT in sim.h). */
void sim_simt_start(sim_simt *s, bool its, uint64_t spin_limit);

static inline bool sim_simt_done(const sim_simt *s) { return s->depth == 0; }
static inline uint32_t sim_simt_pc(const sim_simt *s) { return s->e[s->depth - 1].pc; }
static inline uint32_t sim_simt_mask(const sim_simt *s) { return s->e[s->depth - 1].mask; }

/* The running group's pc changed: barrier arrivals (ITS) or pops (stack). */
void sim_simt_moved(sim_simt *s);

/* Pops the entries that have reached their reconvergence point (stack). */
static inline void sim_simt_reconverge(sim_simt *s)
{
    while (s->depth > 0 && s->e[s->depth - 1].pc == s->e[s->depth - 1].rpc)
        s->depth--;
}

/* The running group moves to the next instruction. */
static inline void sim_simt_next(sim_simt *s)
{
    sim_simt_entry *t = &s->e[s->depth - 1];
    if (++t->pc == t->rpc || s->slow)
        sim_simt_moved(s);
}

/* The running group jumps to `target` (a branch all its lanes take; no
 * yield, for tests and callers that move the group themselves). */
static inline void sim_simt_jump(sim_simt *s, uint32_t target)
{
    sim_simt_entry *t = &s->e[s->depth - 1];
    t->pc = target;
    if (t->pc == t->rpc || s->slow)
        sim_simt_moved(s);
}

/* Branch of the running group: lanes in `taken` go to `target`, the others
 * fall through; `rpc` is where divergent paths meet again. Returns
 * UNIFORM/DIVERGED, or NOMEM, SPIN, DEADLOCK. */
int  sim_simt_branch(sim_simt *s, uint32_t taken, uint32_t target, uint32_t rpc);

/* Lanes in `lanes` finish; the group moves past the EXIT when some of its
 * lanes remain. 0, or SIM_SIMT_DEADLOCK (ITS). */
int  sim_simt_exit(sim_simt *s, uint32_t lanes);

/* CALL: lanes in `lanes` (a subset of the group) run the function at
 * `target`; the others wait at the next instruction, where the callers
 * return. Stack: a marker entry {ret, ret} delimits the call. ITS: a
 * per-lane return stack and a convergence barrier at the return address.
 * SIM_SIMT_NOMEM when the state cannot grow. */
int  sim_simt_call(sim_simt *s, uint32_t lanes, uint32_t target);

/* Indirect CALL: like sim_simt_call, lane l going to target[l]; lanes with
 * the same target run together, one target after another. */
int  sim_simt_call_each(sim_simt *s, uint32_t lanes, const uint32_t *target);

/* RET: lanes in `lanes` return to their call's return address and wait
 * there for the other callers; the group moves past the RET when some of
 * its lanes remain. 1 when done, 0 when no call is open, <0 as above. */
int  sim_simt_ret(sim_simt *s, uint32_t lanes);

/* Warp-synchronous point (WARPSYNC, and BAR under ITS). Lanes `lanes` of
 * the group (those whose guard holds) wait until every live lane of
 * `need[l]` reaches such a point; `resume` is where they continue (pc + 1,
 * or the pc itself to run the instruction again as one group). Returns 1
 * when the group may execute the instruction now (every needed lane is in
 * it), 0 when it was suspended, <0 on DEADLOCK or MISUSE. Stack: always 1. */
int  sim_simt_sync(sim_simt *s, uint32_t lanes, const uint32_t *need, uint32_t resume);

/* Lanes that are still live (not exited). */
uint32_t sim_simt_live(const sim_simt *s);

/* Stack: the lanes waiting below a spinning path and their pc. */
void sim_simt_spin_info(const sim_simt *s, uint32_t *waiting, uint32_t *wait_pc);
/* ITS: why the last call returned DEADLOCK or MISUSE (lanes and pcs). */
const char *sim_simt_why(const sim_simt *s);

#endif
