/* sim/exec/mbarrier.c — PTX mbarrier objects (MBAR).
 *
 * An mbarrier is an 8-byte word in shared memory. Its layout is ours (PTX
 * calls it opaque); docs/tensor-cores.md documents it:
 *   bits  0..19  pending arrivals of the current phase
 *   bits 20..39  expected arrivals (what pending is reset to)
 *   bits 40..60  tx-count, 21-bit two's complement (-(2^20-1)..2^20-1)
 *   bit  62      valid: set by init, cleared by inval
 *   bit  63      phase parity of the current phase
 * A phase completes when pending and tx-count are both zero: the parity
 * flips and pending is reloaded with the expected count.
 *
 * The token an arrive returns is the state right after its own update and
 * before the completion it may cause, so it carries the parity of the
 * phase it arrived on and the pending count that phase had left (what
 * mbarrier.pending_count reads from it).
 *
 * Every lane's address is checked before any lane changes anything; then
 * the lanes update their objects one after another in lane order (a fault
 * there ends the grid, so earlier lanes' updates do not matter). A CTA's
 * warps all run on one host thread, so shared memory needs no host atomics.
 * Uses the manual leaves undefined (arriving more than is pending, an
 * uninitialised object, tx-count out of range, noComplete completing the
 * phase) fault with a message naming the lane and the object.
 */
#include <stdarg.h>
#include <stdio.h>
#include "sim/exec/exec.h"

#define MB_CNT_MASK  0xFFFFFull                /* 20-bit arrival counts */
#define MB_TX_SHIFT  40
#define MB_TX_MASK   0x1FFFFFull               /* 21-bit tx-count */
#define MB_TX_LIMIT  ((int64_t)MB_CNT_MASK)    /* |tx-count| <= 2^20 - 1 */
#define MB_VALID     (1ull << 62)
#define MB_PHASE     (1ull << 63)

typedef struct mb_fields {
    uint32_t pending, expected;
    int64_t  tx;
    bool     phase;
} mb_fields;

static mb_fields mb_unpack(uint64_t s)
{
    mb_fields m;
    m.pending = (uint32_t)(s & MB_CNT_MASK);
    m.expected = (uint32_t)((s >> 20) & MB_CNT_MASK);
    uint64_t t = (s >> MB_TX_SHIFT) & MB_TX_MASK;
    m.tx = (t & 0x100000u) ? (int64_t)t - (int64_t)(MB_TX_MASK + 1) : (int64_t)t;
    m.phase = (s & MB_PHASE) != 0;
    return m;
}

static uint64_t mb_pack(const mb_fields *m)
{
    return MB_VALID | (m->phase ? MB_PHASE : 0) | (uint64_t)m->pending |
           (uint64_t)m->expected << 20 | ((uint64_t)m->tx & MB_TX_MASK) << MB_TX_SHIFT;
}

/* Completes the phase when nothing is pending any more. */
static void mb_settle(mb_fields *m)
{
    if (m->pending == 0 && m->tx == 0) {
        m->phase = !m->phase;
        m->pending = m->expected;
    }
}

static const char *const mb_names[] = {
    "mbarrier.init", "mbarrier.inval", "mbarrier.arrive", "mbarrier.arrive_drop",
    "mbarrier.expect_tx", "mbarrier.complete_tx", "mbarrier.arrive.expect_tx",
    "mbarrier.test_wait/try_wait", "mbarrier.test_wait/try_wait.parity",
    "cp.async.mbarrier.arrive",
};

static sim_step mb_fault(sim_exec *x, const sim_insn *in, unsigned lane, uint32_t off,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static sim_step mb_fault(sim_exec *x, const sim_insn *in, unsigned lane, uint32_t off,
                         const char *fmt, ...)
{
    char why[400], msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(why, sizeof why, "%s (lane %u) on the mbarrier at shared offset 0x%x: %s",
             in->mod[0] < sizeof mb_names / sizeof mb_names[0] ? mb_names[in->mod[0]] : "MBAR",
             lane, off, msg);
    return sim_fault_insn(x, (uint32_t)(in - x->run->prog->insns), why);
}

/* An arrival of `count` (DROP: also leaves the expected count). */
static sim_step mb_arrive(sim_exec *x, const sim_insn *in, unsigned l, uint32_t off,
                          mb_fields *m, uint32_t count, bool drop)
{
    if (count == 0 || count > MB_CNT_MASK)
        return mb_fault(x, in, l, off, "arrival count %u is outside 1..%u", count,
                        (unsigned)MB_CNT_MASK);
    if (count > m->pending)
        return mb_fault(x, in, l, off, "arrival count %u exceeds the %u arrivals still "
                        "pending in this phase (PTX: undefined)", count, m->pending);
    if (drop && count > m->expected)
        return mb_fault(x, in, l, off, "arrive_drop count %u exceeds the expected arrival "
                        "count %u", count, m->expected);
    m->pending -= count;
    if (drop)
        m->expected -= count;
    return SIM_STEP_NEXT;
}

static sim_step mb_tx(sim_exec *x, const sim_insn *in, unsigned l, uint32_t off, mb_fields *m,
                      int64_t delta)
{
    int64_t t = m->tx + delta;
    if (delta > MB_TX_LIMIT || delta < -MB_TX_LIMIT || t > MB_TX_LIMIT || t < -MB_TX_LIMIT)
        return mb_fault(x, in, l, off, "tx-count %lld + %lld leaves the range +-%u (PTX: "
                        "undefined)", (long long)m->tx, (long long)delta, (unsigned)MB_CNT_MASK);
    m->tx = t;
    return SIM_STEP_NEXT;
}

/* One lane's operation on the object at p. */
static sim_step mb_lane(sim_exec *x, const sim_insn *in, unsigned l, uint32_t off, uint8_t *p)
{
    unsigned op = in->mod[0];
    const uint32_t *B = RB, *C = RC;
    uint64_t s;
    memcpy(&s, p, 8);
    if (op == MOD_MB_INIT) {
        if (B[l] == 0 || B[l] > MB_CNT_MASK)
            return mb_fault(x, in, l, off, "count %u is outside 1..%u", B[l], (unsigned)MB_CNT_MASK);
        mb_fields m = { B[l], B[l], 0, false };
        s = mb_pack(&m);
        memcpy(p, &s, 8);
        return SIM_STEP_NEXT;
    }
    if (op == MOD_MB_INVAL) {
        s = 0;
        memcpy(p, &s, 8);
        return SIM_STEP_NEXT;
    }
    if (!(s & MB_VALID))
        return mb_fault(x, in, l, off, "the object is not initialised (no mbarrier.init, or "
                        "mbarrier.inval since)");
    mb_fields m = mb_unpack(s);
    sim_step st = SIM_STEP_NEXT;
    switch (op) {
    case MOD_MB_TEST:
        x->p[in->e] = (x->p[in->e] & ~(1u << l)) |
                      (uint32_t)(((rd64(B, l) & MB_PHASE) != 0) != m.phase) << l;
        return SIM_STEP_NEXT;
    case MOD_MB_TESTP:   /* the phase of parity b completed: the current one differs */
        x->p[in->e] = (x->p[in->e] & ~(1u << l)) | (uint32_t)((B[l] & 1) != m.phase) << l;
        return SIM_STEP_NEXT;
    case MOD_MB_CHECK:
        return SIM_STEP_NEXT;
    case MOD_MB_EXPECTTX:
        st = mb_tx(x, in, l, off, &m, (int64_t)B[l]);
        break;
    case MOD_MB_COMPLETETX:
        st = mb_tx(x, in, l, off, &m, -(int64_t)B[l]);
        break;
    case MOD_MB_ARRIVETX:
        st = mb_tx(x, in, l, off, &m, (int64_t)C[l]);
        if (st == SIM_STEP_NEXT)
            st = mb_arrive(x, in, l, off, &m, B[l], false);
        break;
    default:   /* ARRIVE, DROP */
        st = mb_arrive(x, in, l, off, &m, B[l], op == MOD_MB_DROP);
        break;
    }
    if (st != SIM_STEP_NEXT)
        return st;
    uint64_t token = mb_pack(&m);
    mb_settle(&m);
    if (in->mod[1] && m.phase != ((token & MB_PHASE) != 0))
        return mb_fault(x, in, l, off, "this arrive.noComplete would complete the phase "
                        "(PTX: undefined)");
    s = mb_pack(&m);
    memcpy(p, &s, 8);
    if (op == MOD_MB_ARRIVE || op == MOD_MB_DROP || op == MOD_MB_ARRIVETX)
        wr64(RD, l, token);
    return SIM_STEP_NEXT;
}

EXEC(MBAR)
{
    bool generic = in->mod[2] != 0;
    sim_lanes ln;
    if (sim_mem_lanes(x, in, mask, SIM_SPACE_SHARED, generic, generic, 8, true, &ln) !=
        SIM_STEP_NEXT)
        return SIM_STEP_FAULT;
    uint32_t outside = mask & ~ln.in_space[SIM_SPACE_SHARED];
    if (outside != 0) {
        unsigned l = (unsigned)__builtin_ctz(outside);
        char why[200];
        snprintf(why, sizeof why, "%s (lane %u): generic address 0x%llx is not in shared "
                 "memory (an mbarrier lives in shared memory)",
                 in->mod[0] < sizeof mb_names / sizeof mb_names[0] ? mb_names[in->mod[0]]
                                                                  : "MBAR",
                 l, (unsigned long long)ln.addrs[l]);
        return sim_fault_insn(x, (uint32_t)(in - x->run->prog->insns), why);
    }
    /* Token rows are written lane by lane, after b and c of that lane were
     * read, so d may name b. */
    for (uint32_t m = mask; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        if (mb_lane(x, in, l, (uint32_t)ln.addrs[l], ln.ptr[l]) != SIM_STEP_NEXT)
            return SIM_STEP_FAULT;
    }
    bool reads_only = in->mod[0] == MOD_MB_TEST || in->mod[0] == MOD_MB_TESTP ||
                      in->mod[0] == MOD_MB_CHECK;
    sim_mem_count(x, &ln, 8, true, !reads_only);
    return SIM_STEP_NEXT;
}
