/* sim/simt.c — IPDOM reconvergence stack (see simt.h). */
#include <stdlib.h>
#include "sim/simt.h"

enum { SIMT_INITIAL_CAP = 16 };

bool sim_simt_init(sim_simt *s)
{
    s->e = malloc(SIMT_INITIAL_CAP * sizeof *s->e);
    s->cap = s->e != NULL ? SIMT_INITIAL_CAP : 0;
    s->depth = 0;
    return s->e != NULL;
}

void sim_simt_free(sim_simt *s)
{
    free(s->e);
    s->e = NULL;
    s->cap = s->depth = 0;
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

int sim_simt_branch(sim_simt *s, uint32_t taken, uint32_t target, uint32_t rpc)
{
    sim_simt_entry *top = &s->e[s->depth - 1];
    uint32_t mask = top->mask;
    taken &= mask;
    uint32_t not_taken = mask & ~taken;
    if (not_taken == 0) {
        sim_simt_jump(s, target);
        return SIM_SIMT_UNIFORM;
    }
    if (taken == 0) {
        sim_simt_next(s);
        return SIM_SIMT_UNIFORM;
    }
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
    if (top_survives)
        sim_simt_next(s);
    else
        sim_simt_reconverge(s);
}

void sim_simt_exit(sim_simt *s, uint32_t lanes)
{
    remove_lanes(s, lanes, 0);
}

int sim_simt_call(sim_simt *s, uint32_t lanes, uint32_t target)
{
    sim_simt_entry *top = &s->e[s->depth - 1];
    lanes &= top->mask;
    if (lanes == 0) {
        sim_simt_next(s);
        return SIM_SIMT_UNIFORM;
    }
    uint32_t ret = ++top->pc;
    if (!reserve(s, 2))
        return SIM_SIMT_NOMEM;
    s->e[s->depth++] = (sim_simt_entry){ ret, ret, lanes, 1 };
    s->e[s->depth++] = (sim_simt_entry){ target, ISA_NO_RECONV, lanes, 0 };
    return SIM_SIMT_UNIFORM;
}

int sim_simt_call_each(sim_simt *s, uint32_t lanes, const uint32_t *target)
{
    sim_simt_entry *top = &s->e[s->depth - 1];
    lanes &= top->mask;
    if (lanes == 0) {
        sim_simt_next(s);
        return SIM_SIMT_UNIFORM;
    }
    uint32_t ret = ++top->pc;
    if (!reserve(s, 1 + (uint32_t)__builtin_popcount(lanes)))
        return SIM_SIMT_NOMEM;
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

bool sim_simt_ret(sim_simt *s, uint32_t lanes)
{
    uint32_t c = s->depth;
    while (c > 0 && !s->e[c - 1].call)
        c--;
    if (c == 0)
        return false;
    /* entries [c, depth) belong to the callee */
    remove_lanes(s, lanes, c);
    return true;
}

uint32_t sim_simt_live(const sim_simt *s)
{
    uint32_t m = 0;
    for (uint32_t i = 0; i < s->depth; i++)
        m |= s->e[i].mask;
    return m;
}
