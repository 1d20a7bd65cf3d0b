/* sim/simt.h — the reconvergence engine of one warp (pre-Volta IPDOM stack).
 *
 * GPGPU-Sim style: entries {pc, rpc, mask}; the top entry executes. A
 * divergent branch turns the top entry into the reconvergence entry
 * (pc = rpc) and pushes the not-taken path, then the taken path; an entry
 * whose pc reaches its rpc is popped. rpc = ISA_NO_RECONV never matches a
 * real pc, so lanes of such a path leave only by EXIT. EXIT removes lanes
 * from every entry and drops the entries it empties.
 *
 * The warp's scheduler and executors use only the functions below, so a
 * second engine (Volta-style convergence barriers) can replace this file.
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

typedef struct sim_simt {
    sim_simt_entry *e;
    uint32_t        depth, cap;
} sim_simt;

/* Outcome of sim_simt_branch. */
enum { SIM_SIMT_UNIFORM = 0, SIM_SIMT_DIVERGED = 1, SIM_SIMT_NOMEM = -1 };

bool sim_simt_init(sim_simt *s);     /* allocates the stack; false when out of memory */
void sim_simt_free(sim_simt *s);

static inline void sim_simt_reset(sim_simt *s, uint32_t pc, uint32_t mask)
{
    s->depth = 1;
    s->e[0] = (sim_simt_entry){ pc, ISA_NO_RECONV, mask, 0 };
}

static inline bool sim_simt_done(const sim_simt *s) { return s->depth == 0; }
static inline uint32_t sim_simt_pc(const sim_simt *s) { return s->e[s->depth - 1].pc; }
static inline uint32_t sim_simt_mask(const sim_simt *s) { return s->e[s->depth - 1].mask; }

/* Pops the entries that have reached their reconvergence point. */
static inline void sim_simt_reconverge(sim_simt *s)
{
    while (s->depth > 0 && s->e[s->depth - 1].pc == s->e[s->depth - 1].rpc)
        s->depth--;
}

/* The top entry moves to the next instruction. */
static inline void sim_simt_next(sim_simt *s)
{
    s->e[s->depth - 1].pc++;
    sim_simt_reconverge(s);
}

/* The top entry jumps to `target` (a branch every active lane takes). */
static inline void sim_simt_jump(sim_simt *s, uint32_t target)
{
    s->e[s->depth - 1].pc = target;
    sim_simt_reconverge(s);
}

/* Branch of the top entry: lanes in `taken` go to `target`, the others fall
 * through; `rpc` is where divergent paths meet again. */
int  sim_simt_branch(sim_simt *s, uint32_t taken, uint32_t target, uint32_t rpc);

/* Lanes in `lanes` finish; the top entry moves past the EXIT when some of its
 * lanes remain. */
void sim_simt_exit(sim_simt *s, uint32_t lanes);

/* CALL: lanes in `lanes` (a subset of the top entry) run the function at
 * `target`; the top entry waits at the next instruction. A marker entry
 * {ret, ret} delimits the call, so divergence inside the callee nests above
 * it and RET finds it. SIM_SIMT_NOMEM when the stack cannot grow. */
int  sim_simt_call(sim_simt *s, uint32_t lanes, uint32_t target);

/* Indirect CALL: like sim_simt_call, lane l going to target[l]; lanes with
 * the same target run together, one target after another. */
int  sim_simt_call_each(sim_simt *s, uint32_t lanes, const uint32_t *target);

/* RET: lanes in `lanes` leave every entry above the innermost call marker
 * and wait at the return address; the top entry moves past the RET when
 * some of its lanes remain. False when no call is open. */
bool sim_simt_ret(sim_simt *s, uint32_t lanes);

/* Lanes that are still live (the union of every entry). */
uint32_t sim_simt_live(const sim_simt *s);

#endif
