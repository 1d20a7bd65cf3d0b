/* sim/simt.c — the IPDOM reconvergence stack (see simt.h), and the entry
 * points that send an ITS warp to sim/its.c. */
#include <stdlib.h>
#include "sim/its.h"
#include "sim/sim.h"

enum { SIMT_INITIAL_CAP = 16 };

bool sim_simt_init(sim_simt *s)
{
    *s = (sim_simt){ 0 };
    s->e = malloc(SIMT_INITIAL_CAP * sizeof *s->e);
    s->x = sim_its_create();
    if (s->e == NULL || s->x == NULL) {
        sim_simt_free(s);
        return false;
    }
    s->cap = SIMT_INITIAL_CAP;
    s->spin_limit = SIM_DEFAULT_SPIN_LIMIT;
    return true;
}

void sim_simt_free(sim_simt *s)
{
    free(s->e);
    sim_its_destroy(s->x);
    *s = (sim_simt){ 0 };
}

void sim_simt_start(sim_simt *s, bool its, uint64_t spin_limit)
{
    s->fresh = false;
    s->its = its;
    s->spin_limit = spin_limit != 0 ? spin_limit : SIM_DEFAULT_SPIN_LIMIT;
    if (its)
        sim_its_start(s);
}

static bool reserve(sim_simt *s, uint32_t n)
{
    if (s->depth + n <= s->cap)
        return true;
    uint32_t cap = s->cap * 2;
    while (cap < s->depth + n)
        cap *= 2;
    sim_simt_entry *e = realloc(s->e, cap * sizeof *e);
    if (e == NULL)
        return false;
    s->e = e;
    s->cap = cap;
    return true;
}

void sim_simt_moved(sim_simt *s)
{
    if (s->its)
        sim_its_moved(s);
    else
        sim_simt_reconverge(s);
}

/* Stack: the nearest entry below the top with lanes outside the top path
 * (those lanes wait at its pc). -1 when every lane below is in the top. */
static int waiting_entry(const sim_simt *s)
{
    uint32_t top = s->e[s->depth - 1].mask;
    for (uint32_t i = s->depth - 1; i-- > 0;)
        if ((s->e[i].mask & ~top) != 0)
            return (int)i;
    return -1;
}

/* Stack: a uniform backward jump of a path while lanes wait below it counts
 * towards the livelock report; anything else starts the count again. */
static int spin_check(sim_simt *s, uint32_t pc, uint32_t target)
{
    if (target > pc || s->depth < 2) {
        s->spin_pc = ISA_NO_RECONV;
        return SIM_SIMT_UNIFORM;
    }
    if (s->spin_pc != pc || s->spin_depth != s->depth) {
        s->spin_pc = pc;
        s->spin_depth = s->depth;
        s->spins = 0;
        s->spin_waits = waiting_entry(s) >= 0;
    }
    return s->spin_waits && ++s->spins > s->spin_limit ? SIM_SIMT_SPIN : SIM_SIMT_UNIFORM;
}

void sim_simt_spin_info(const sim_simt *s, uint32_t *waiting, uint32_t *wait_pc)
{
    *waiting = 0;
    *wait_pc = ISA_NO_RECONV;
    int i = s->its || s->depth < 2 ? -1 : waiting_entry(s);
    if (i < 0)
        return;
    *waiting = s->e[i].mask & ~s->e[s->depth - 1].mask;
    *wait_pc = s->e[i].pc;
}

int sim_simt_branch(sim_simt *s, uint32_t taken, uint32_t target, uint32_t rpc)
{
    if (s->its)
        return sim_its_branch(s, taken, target, rpc);
    sim_simt_entry *top = &s->e[s->depth - 1];
    uint32_t mask = top->mask;
    taken &= mask;
    uint32_t not_taken = mask & ~taken;
    if (not_taken == 0) {
        int r = spin_check(s, top->pc, target);
        top->pc = target;
        sim_simt_reconverge(s);
        return r;
    }
    if (taken == 0) {
        sim_simt_next(s);
        return SIM_SIMT_UNIFORM;
    }
    s->spin_pc = ISA_NO_RECONV;
    uint32_t pc = top->pc;
    top->pc = rpc;
    /* An entry whose pc equals its rpc would be popped the moment it became
     * the top, so it is never pushed, and a reconvergence entry already at
     * its own rpc is dropped: its lanes continue in the entry below, which
     * holds them too. This keeps loops that diverge on every trip at a
     * bounded depth. */
    if (top->pc == top->rpc)
        s->depth--;
    if (!reserve(s, 2))
        return SIM_SIMT_NOMEM;
    if (pc + 1 != rpc)
        s->e[s->depth++] = (sim_simt_entry){ pc + 1, rpc, not_taken, 0 };
    if (target != rpc)
        s->e[s->depth++] = (sim_simt_entry){ target, rpc, taken, 0 };
    sim_simt_reconverge(s);
    return SIM_SIMT_DIVERGED;
}

/* Removes `lanes` from the entries [from, depth), dropping those left
 * empty, then moves on: past the current instruction if the top entry kept
 * lanes, else to wherever the remaining entries reconverge. Shared by EXIT
 * (every entry) and RET (the callee's entries). */
static void remove_lanes(sim_simt *s, uint32_t lanes, uint32_t from)
{
    bool top_survives = (s->e[s->depth - 1].mask & ~lanes) != 0;
    uint32_t n = from;
    for (uint32_t i = from; i < s->depth; i++) {
        sim_simt_entry e = s->e[i];
        e.mask &= ~lanes;
        if (e.mask != 0)
            s->e[n++] = e;
    }
    s->depth = n;
    s->spin_pc = ISA_NO_RECONV;
    if (top_survives)
        sim_simt_next(s);
    else
        sim_simt_reconverge(s);
}

int sim_simt_exit(sim_simt *s, uint32_t lanes)
{
    if (s->its)
        return sim_its_exit(s, lanes);
    remove_lanes(s, lanes, 0);
    return 0;
}

int sim_simt_call(sim_simt *s, uint32_t lanes, uint32_t target)
{
    if (s->its)
        return sim_its_call(s, lanes, NULL, target);
    sim_simt_entry *top = &s->e[s->depth - 1];
    lanes &= top->mask;
    if (lanes == 0) {
        sim_simt_next(s);
        return SIM_SIMT_UNIFORM;
    }
    uint32_t ret = ++top->pc;
    if (!reserve(s, 2))
        return SIM_SIMT_NOMEM;
    s->spin_pc = ISA_NO_RECONV;
    s->e[s->depth++] = (sim_simt_entry){ ret, ret, lanes, 1 };
    s->e[s->depth++] = (sim_simt_entry){ target, ISA_NO_RECONV, lanes, 0 };
    return SIM_SIMT_UNIFORM;
}

int sim_simt_call_each(sim_simt *s, uint32_t lanes, const uint32_t *target)
{
    if (s->its)
        return sim_its_call(s, lanes, target, 0);
    sim_simt_entry *top = &s->e[s->depth - 1];
    lanes &= top->mask;
    if (lanes == 0) {
        sim_simt_next(s);
        return SIM_SIMT_UNIFORM;
    }
    uint32_t ret = ++top->pc;
    if (!reserve(s, 1 + (uint32_t)__builtin_popcount(lanes)))
        return SIM_SIMT_NOMEM;
    s->spin_pc = ISA_NO_RECONV;
    s->e[s->depth++] = (sim_simt_entry){ ret, ret, lanes, 1 };
    /* the lowest lane's target is pushed last, so it runs first */
    uint32_t groups[ISA_WARP_SIZE], ng = 0;
    for (uint32_t left = lanes; left != 0;) {
        uint32_t t = target[__builtin_ctz(left)], m = 0;
        for (uint32_t r = left; r != 0; r &= r - 1)
            if (target[__builtin_ctz(r)] == t)
                m |= 1u << __builtin_ctz(r);
        groups[ng++] = m;
        left &= ~m;
    }
    for (uint32_t g = ng; g-- > 0;)
        s->e[s->depth++] = (sim_simt_entry){ target[__builtin_ctz(groups[g])], ISA_NO_RECONV,
                                             groups[g], 0 };
    return ng > 1 ? SIM_SIMT_DIVERGED : SIM_SIMT_UNIFORM;
}

int sim_simt_ret(sim_simt *s, uint32_t lanes)
{
    if (s->its)
        return sim_its_ret(s, lanes);
    uint32_t c = s->depth;
    while (c > 0 && !s->e[c - 1].call)
        c--;
    if (c == 0)
        return 0;
    /* entries [c, depth) belong to the callee */
    remove_lanes(s, lanes, c);
    return 1;
}

int sim_simt_sync(sim_simt *s, uint32_t lanes, const uint32_t *need, uint32_t resume)
{
    if (s->its)
        return sim_its_sync(s, lanes, need, resume);
    return 1;
}

uint32_t sim_simt_live(const sim_simt *s)
{
    if (s->its)
        return sim_its_live(s);
    uint32_t m = 0;
    for (uint32_t i = 0; i < s->depth; i++)
        m |= s->e[i].mask;
    return m;
}

const char *sim_simt_why(const sim_simt *s)
{
    return sim_its_why(s);
}
