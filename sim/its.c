/* sim/its.c — independent thread scheduling (Volta-style convergence).
 *
 * Every lane has a pc and a call depth; the group that runs (e[0] of the
 * sim_simt) is a set of lanes with one pc and one depth. A divergent branch
 * with reconvergence point R opens (or, for loops, reuses) the convergence
 * barrier {R, depth}: its participants that reach R wait there until every
 * live participant has arrived, then go on as one group. The group runs
 * until it blocks, exits or yields (a taken backward branch while other
 * lanes of the warp are live); the next group is chosen round robin by
 * lane. Forward progress: a barrier whose missing participants have all
 * yielded SIM_ITS_YIELD_RELEASE times since its last arrival releases its
 * waiting lanes without them (they drop out of it), so a lane holding an
 * intra-warp spin lock is not starved by the spinners.
 */
#include <stdio.h>
#include <stdlib.h>
#include "sim/its.h"

typedef struct sim_its_bar {
    uint32_t rpc, depth;       /* where and in which call frame lanes meet */
    uint32_t parts, arrived;   /* participants, and those waiting at rpc */
    uint32_t spins;            /* yields of the missing ones since the last arrival */
} sim_its_bar;

struct sim_its {
    uint32_t     pc[ISA_WARP_SIZE], cd[ISA_WARP_SIZE];   /* lanes outside the group */
    uint32_t     need[ISA_WARP_SIZE];     /* warp-sync: lanes each waiting lane waits for */
    uint32_t     live, wait, wsync, yielded;
    uint32_t     depth;                   /* call depth of the running group */
    uint32_t     rr;                      /* round robin: first lane to consider */
    sim_its_bar *bar;
    uint32_t     nbar, barcap;
    uint32_t    *ret;                     /* [d * 32 + l]: lane l's return pc at depth d */
    uint32_t     retcap;
    char         why[320];
};

#define LANE(l) (1u << (l))
#define FOR_LANES(m, l) \
    for (uint32_t m_ = (m), l; m_ != 0 && ((l = (uint32_t)__builtin_ctz(m_)), 1); m_ &= m_ - 1)

sim_its *sim_its_create(void)
{
    return calloc(1, sizeof(sim_its));
}

void sim_its_destroy(sim_its *x)
{
    if (x == NULL)
        return;
    free(x->bar);
    free(x->ret);
    free(x);
}

static void set_slow(sim_simt *s)
{
    s->slow = s->x->nbar > 0;
}

void sim_its_start(sim_simt *s)
{
    sim_its *x = s->x;
    uint32_t pc = s->e[0].pc;
    x->live = s->e[0].mask;
    x->wait = x->wsync = x->yielded = 0;
    x->depth = x->rr = x->nbar = 0;
    x->why[0] = '\0';
    for (unsigned l = 0; l < ISA_WARP_SIZE; l++) {
        x->pc[l] = pc;
        x->cd[l] = 0;
    }
    s->depth = x->live != 0;
    set_slow(s);
}

static void store(sim_its *x, uint32_t lanes, uint32_t pc, uint32_t depth)
{
    FOR_LANES(lanes, l) {
        x->pc[l] = pc;
        x->cd[l] = depth;
    }
}

static int find_bar(const sim_its *x, uint32_t pc, uint32_t depth)
{
    for (uint32_t i = 0; i < x->nbar; i++)
        if (x->bar[i].rpc == pc && x->bar[i].depth == depth)
            return (int)i;
    return -1;
}

static void drop_bar(sim_its *x, uint32_t i)
{
    x->bar[i] = x->bar[--x->nbar];
}

/* Barrier i opens when no live participant is missing; its waiting lanes
 * become runnable at its rpc (their stored pc). */
static void try_release(sim_its *x, uint32_t i)
{
    sim_its_bar *b = &x->bar[i];
    if ((b->parts & ~b->arrived & x->live) != 0)
        return;
    x->wait &= ~b->arrived;
    drop_bar(x, i);
}

/* Opens the barrier {rpc, depth} for `lanes`, or adds them to the open one
 * (a loop diverging again on its next trip). */
static bool open_bar(sim_simt *s, uint32_t rpc, uint32_t depth, uint32_t lanes)
{
    sim_its *x = s->x;
    int i = find_bar(x, rpc, depth);
    if (i >= 0) {
        x->bar[i].parts |= lanes;
        return true;
    }
    if (x->nbar == x->barcap) {
        uint32_t cap = x->barcap ? x->barcap * 2 : 8;
        sim_its_bar *b = realloc(x->bar, cap * sizeof *b);
        if (b == NULL)
            return false;
        x->bar = b;
        x->barcap = cap;
    }
    x->bar[x->nbar++] = (sim_its_bar){ rpc, depth, lanes, 0, 0 };
    set_slow(s);
    return true;
}

/* Lanes (stored) at pc/depth: the participants of a barrier there arrive. */
static void arrive(sim_its *x, uint32_t lanes, uint32_t pc, uint32_t depth)
{
    int i = find_bar(x, pc, depth);
    if (i < 0)
        return;
    sim_its_bar *b = &x->bar[i];
    uint32_t a = lanes & b->parts & ~b->arrived;
    if (a == 0)
        return;
    b->arrived |= a;
    b->spins = 0;
    x->wait |= a;
    try_release(x, (uint32_t)i);
}

static void suspend(sim_its *x, uint32_t lanes, uint32_t pc, uint32_t depth)
{
    store(x, lanes, pc, depth);
    arrive(x, lanes, pc, depth);
}

static void describe_deadlock(sim_simt *s)
{
    sim_its *x = s->x;
    int n = snprintf(x->why, sizeof x->why, "no lane of the warp can run:");
    for (uint32_t i = 0; i < x->nbar && n > 0 && (size_t)n < sizeof x->why; i++) {
        const sim_its_bar *b = &x->bar[i];
        if (b->arrived != 0)
            n += snprintf(x->why + n, sizeof x->why - (size_t)n, " lanes 0x%08x wait to "
                          "reconverge at .L%u for lanes 0x%08x;", b->arrived, b->rpc,
                          b->parts & ~b->arrived & x->live);
    }
    FOR_LANES(x->wsync, l) {
        if (n <= 0 || (size_t)n >= sizeof x->why)
            break;
        n += snprintf(x->why + n, sizeof x->why - (size_t)n, " lane %u waits at a "
                      "warp-synchronous point (to resume at .L%u) for lanes 0x%08x;", l,
                      x->pc[l], x->need[l] & x->live & ~x->wsync);
    }
}

/* Makes the next group run: the lowest runnable lane of `prefer` if any,
 * else round robin from x->rr, skipping `avoid` unless nothing else can
 * run; the group is every runnable lane at that lane's pc and depth. */
static int schedule(sim_simt *s, uint32_t prefer, uint32_t avoid)
{
    sim_its *x = s->x;
    if (x->live == 0) {
        s->depth = 0;
        s->slow = false;
        return 0;
    }
    uint32_t run = x->live & ~x->wait & ~x->wsync;
    s->depth = 1;
    if (run == 0) {
        s->e[0].mask = 0;
        describe_deadlock(s);
        return SIM_SIMT_DEADLOCK;
    }
    for (;;) {
        uint32_t l, c = run & prefer;
        if (c != 0) {
            l = (uint32_t)__builtin_ctz(c);
        } else {
            c = (run & ~avoid) != 0 ? run & ~avoid : run;
            uint32_t hi = c & ~(LANE(x->rr) - 1);
            l = (uint32_t)__builtin_ctz(hi != 0 ? hi : c);
        }
        uint32_t pc = x->pc[l], d = x->cd[l], g = 0;
        FOR_LANES(run, k)
            if (x->pc[k] == pc && x->cd[k] == d)
                g |= LANE(k);
        /* lanes released at a barrier's rpc (from a warp-sync point) arrive
         * there before they run on */
        int b = find_bar(x, pc, d);
        if (b >= 0 && (g & x->bar[b].parts & ~x->bar[b].arrived) != 0) {
            arrive(x, g, pc, d);
            run = x->live & ~x->wait & ~x->wsync;
            if (run == 0) {
                s->e[0].mask = 0;
                describe_deadlock(s);
                return SIM_SIMT_DEADLOCK;
            }
            prefer = g & run;
            continue;
        }
        x->rr = (l + 1) % ISA_WARP_SIZE;
        x->yielded &= ~g;
        x->depth = d;
        s->e[0] = (sim_simt_entry){ pc, ISA_NO_RECONV, g, 0 };
        set_slow(s);
        return 0;
    }
}

void sim_its_moved(sim_simt *s)
{
    sim_its *x = s->x;
    sim_simt_entry *t = &s->e[0];
    if (find_bar(x, t->pc, x->depth) < 0)
        return;
    uint32_t g = t->mask;
    suspend(x, g, t->pc, x->depth);
    /* the lanes that did not block go on, joined by any a release freed */
    (void)schedule(s, g & ~x->wait, 0);
}

/* A yield of `lanes`: barriers whose missing participants have all yielded
 * count it, and release their waiting lanes at SIM_ITS_YIELD_RELEASE. */
static void progress(sim_its *x, uint32_t lanes)
{
    x->yielded |= lanes;
    for (uint32_t i = x->nbar; i-- > 0;) {
        sim_its_bar *b = &x->bar[i];
        uint32_t missing = b->parts & ~b->arrived & x->live;
        if (b->arrived == 0 || (missing & lanes) == 0 || (missing & ~x->yielded) != 0)
            continue;
        if (++b->spins >= SIM_ITS_YIELD_RELEASE) {
            b->parts &= ~missing;
            try_release(x, i);
        }
    }
}

static int settle(const sim_simt *s, int ok)
{
    return s->depth == 1 && s->e[0].mask == 0 ? SIM_SIMT_DEADLOCK : ok;
}

int sim_its_branch(sim_simt *s, uint32_t taken, uint32_t target, uint32_t rpc)
{
    sim_its *x = s->x;
    sim_simt_entry *t = &s->e[0];
    uint32_t g = t->mask, pc = t->pc, d = x->depth;
    taken &= g;
    uint32_t nt = g & ~taken;
    bool back = target <= pc;
    if (nt == 0) {
        if (!back || (x->live & ~g) == 0) {
            t->pc = target;
            if (s->slow)
                sim_its_moved(s);
            return settle(s, SIM_SIMT_UNIFORM);
        }
        /* a loop back-edge while other lanes are live: yield */
        suspend(x, g, target, d);
        progress(x, g);
        return settle(s, schedule(s, 0, g));
    }
    if (taken == 0) {
        t->pc = pc + 1;
        if (s->slow)
            sim_its_moved(s);
        return settle(s, SIM_SIMT_UNIFORM);
    }
    if (rpc != ISA_NO_RECONV && !open_bar(s, rpc, d, g))
        return SIM_SIMT_NOMEM;
    if (back) {
        /* the spinning side yields; the side leaving the loop goes on */
        suspend(x, taken, target, d);
        progress(x, taken);
        t->mask = nt;
        t->pc = pc + 1;
    } else {
        suspend(x, nt, pc + 1, d);
        t->mask = taken;
        t->pc = target;
    }
    sim_its_moved(s);
    return settle(s, SIM_SIMT_DIVERGED);
}

/* Whether every live lane l needs waits with the same member mask (PTX:
 * the lanes of membermask execute a .sync instruction "with the same
 * membermask value"; a shfl.sync's WARPSYNC over one half of the warp does
 * not satisfy a __syncwarp() of the whole warp waiting in the other). */
static bool same_mask(const sim_its *x, uint32_t l, uint32_t c)
{
    uint32_t m = x->need[l] & x->live;
    if ((m & ~c) != 0)
        return false;
    FOR_LANES(m, k)
        if ((x->need[k] & x->live) != m)
            return false;
    return true;
}

/* Warp-sync waiters whose needed lanes (live ones) all wait at such a
 * point too with the same mask, counting `extra`: the largest such set is
 * released. */
static uint32_t wsync_release(sim_its *x, uint32_t extra)
{
    uint32_t c = x->wsync | extra;
    for (bool changed = true; changed;) {
        changed = false;
        FOR_LANES(c, l)
            if (!same_mask(x, l, c)) {
                c &= ~LANE(l);
                changed = true;
            }
    }
    x->wsync &= ~c;
    return c;
}

int sim_its_exit(sim_simt *s, uint32_t lanes)
{
    sim_its *x = s->x;
    sim_simt_entry *t = &s->e[0];
    lanes &= t->mask;
    x->live &= ~lanes;
    t->mask &= ~lanes;
    /* barriers and warp-sync points that waited only for these lanes open */
    for (uint32_t i = x->nbar; i-- > 0;) {
        x->bar[i].parts &= x->live;
        if ((x->bar[i].parts | x->bar[i].arrived) == 0)
            drop_bar(x, i);
        else
            try_release(x, i);
    }
    if (x->wsync != 0)
        (void)wsync_release(x, 0);
    set_slow(s);
    if (t->mask != 0) {
        t->pc++;
        sim_its_moved(s);
        return settle(s, 0);
    }
    int r = schedule(s, 0, 0);
    return r < 0 ? r : 0;
}

static bool reserve_frames(sim_its *x, uint32_t depth)
{
    uint32_t need = (depth + 1) * ISA_WARP_SIZE;
    if (need <= x->retcap)
        return true;
    uint32_t cap = x->retcap ? x->retcap * 2 : 8 * ISA_WARP_SIZE;
    while (cap < need)
        cap *= 2;
    uint32_t *r = realloc(x->ret, cap * sizeof *r);
    if (r == NULL)
        return false;
    x->ret = r;
    x->retcap = cap;
    return true;
}

int sim_its_call(sim_simt *s, uint32_t lanes, const uint32_t *each, uint32_t target)
{
    sim_its *x = s->x;
    sim_simt_entry *t = &s->e[0];
    uint32_t g = t->mask, d = x->depth, ret = t->pc + 1;
    lanes &= g;
    if (lanes == 0) {
        t->pc = ret;
        if (s->slow)
            sim_its_moved(s);
        return settle(s, SIM_SIMT_UNIFORM);
    }
    /* the whole group meets again at the return address */
    if (!reserve_frames(x, d) || !open_bar(s, ret, d, g))
        return SIM_SIMT_NOMEM;
    FOR_LANES(lanes, l) {
        x->ret[d * ISA_WARP_SIZE + l] = ret;
        x->pc[l] = each != NULL ? each[l] : target;
        x->cd[l] = d + 1;
    }
    suspend(x, g & ~lanes, ret, d);
    uint32_t first = x->pc[__builtin_ctz(lanes)], same = 0;
    FOR_LANES(lanes, l)
        if (x->pc[l] == first)
            same |= LANE(l);
    int r = schedule(s, lanes, 0);
    if (r < 0)
        return r;
    sim_its_moved(s);
    return settle(s, same != lanes ? SIM_SIMT_DIVERGED : SIM_SIMT_UNIFORM);
}

int sim_its_ret(sim_simt *s, uint32_t lanes)
{
    sim_its *x = s->x;
    sim_simt_entry *t = &s->e[0];
    uint32_t g = t->mask, d = x->depth;
    lanes &= g;
    if (lanes == 0) {
        t->pc++;
        if (s->slow)
            sim_its_moved(s);
        return settle(s, 1);
    }
    if (d == 0)
        return 0;
    /* each lane returns to its own call's return address */
    FOR_LANES(lanes, l)
        suspend(x, LANE(l), x->ret[(d - 1) * ISA_WARP_SIZE + l], d - 1);
    uint32_t rest = g & ~lanes;
    if (rest != 0) {
        t->mask = rest;
        t->pc++;
        sim_its_moved(s);
        return settle(s, 1);
    }
    int r = schedule(s, lanes & ~x->wait, 0);
    if (r == 0)
        sim_its_moved(s);
    return r < 0 ? r : settle(s, 1);
}

int sim_its_sync(sim_simt *s, uint32_t lanes, const uint32_t *need, uint32_t resume)
{
    sim_its *x = s->x;
    sim_simt_entry *t = &s->e[0];
    uint32_t g = t->mask, all = 0;
    lanes &= g;
    if (lanes == 0)
        return 1;
    FOR_LANES(lanes, l) {
        if ((need[l] & LANE(l)) == 0) {
            snprintf(x->why, sizeof x->why, "lane %u executes a warp-synchronous instruction "
                     "whose member mask 0x%08x does not name it (undefined in PTX)", l, need[l]);
            return SIM_SIMT_MISUSE;
        }
        all |= need[l];
    }
    if ((all & x->live & ~lanes) == 0 && x->wsync == 0)
        return 1;   /* every lane it names is here: go on as one group */
    FOR_LANES(lanes, l)
        x->need[l] = need[l];
    uint32_t rel = wsync_release(x, lanes);
    if ((lanes & ~rel) == 0) {
        /* lanes released to the group's own resume point go on with it as
         * one group (a .sync op after its WARPSYNC, a BAR run again);
         * waiters elsewhere were released at their own pcs */
        uint32_t join = 0;
        FOR_LANES(rel & ~lanes, l)
            if (x->pc[l] == resume && x->cd[l] == x->depth)
                join |= LANE(l);
        if (join == 0)
            return 1;
        store(x, lanes, resume, x->depth);
        uint32_t rest = g & ~lanes;
        if (rest != 0) {   /* the unguarded lanes go on; the joined group runs later */
            t->mask = rest;
            t->pc++;
            sim_its_moved(s);
            return settle(s, 0);
        }
        int r = schedule(s, lanes, 0);
        if (r == 0)
            sim_its_moved(s);
        return r < 0 ? r : settle(s, 0);
    }
    /* the group waits (lanes released with it continue at `resume` too) */
    store(x, lanes, resume, x->depth);
    x->wsync |= lanes & ~rel;
    uint32_t rest = g & ~lanes;
    if (rest != 0) {
        t->mask = rest;
        t->pc++;
        sim_its_moved(s);
        return settle(s, 0);
    }
    int r = schedule(s, rel, 0);
    if (r == 0)
        sim_its_moved(s);
    return r < 0 ? r : settle(s, 0);
}

uint32_t sim_its_live(const sim_simt *s)
{
    return s->x->live;
}

const char *sim_its_why(const sim_simt *s)
{
    return s->x->why;
}
