/* sim/exec/warp.c — warp-level primitives: SHFL, VOTE, REDUX, MATCH,
 * WARPSYNC (PTX shfl.sync, vote.sync, redux.sync, match.sync,
 * bar.warp.sync).
 *
 * The lanes that execute together are the running group's lanes whose
 * guard holds (`mask`). The lowering puts `WARPSYNC membermask` right
 * before each .sync op: under ITS the lanes wait there until every live
 * lane of their mask arrives (exited lanes are not waited for, as PTX says
 * of the .sync instructions) and go on to the op as one group. VOTE, REDUX
 * and MATCH carry the mask too (b) and combine, for lane l, only the
 * executing lanes of b[l], so tiles of one converged warp passing
 * different masks each get their own answer. SHFL has no field for it: a
 * source lane that does not execute the shuffle reads that lane's register
 * as it stands (PTX leaves the value undefined).
 */
#include "sim/exec/exec.h"

EXEC(SHFL)
{
    uint32_t src[ISA_WARP_SIZE], out[ISA_WARP_SIZE], ok = 0;
    memcpy(src, RA, sizeof src);   /* d may be a */
    const uint32_t *B = RB, *C = RC;
    unsigned mode = in->mod[0];
    LANES(int lane = (int)l;
          int b = (int)(B[l] & 31), cv = (int)(C[l] & 31), seg = (int)((C[l] >> 8) & 31);
          int maxl = (lane & seg) | (cv & ~seg), minl = lane & seg;
          int j;
          bool p;
          switch (mode) {
          case MOD_SHFL_UP:   j = lane - b; p = j >= maxl; break;
          case MOD_SHFL_DOWN: j = lane + b; p = j <= maxl; break;
          case MOD_SHFL_BFLY: j = lane ^ b; p = j <= maxl; break;
          default:            j = minl | (b & ~seg); p = j <= maxl; break;
          }
          if (!p) j = lane;
          out[l] = src[j];
          ok |= (uint32_t)p << l);
    uint32_t *D = RD;
    LANES(D[l] = out[l]);
    pred_write(x, in, mask, ok);
    return SIM_STEP_NEXT;
}

EXEC(VOTE)
{
    uint32_t ballot = pred_z(x, in) & mask, e = 0;
    const uint32_t *B = RB;
    uint32_t *D = RD;
    unsigned mode = in->mod[0];
    LANES(uint32_t m = mask & B[l], v = ballot & B[l];
          bool r = mode == MOD_VOTE_ALL ? v == m
                 : mode == MOD_VOTE_UNI ? v == m || v == 0 : v != 0;   /* ANY, BALLOT */
          D[l] = v;
          e |= (uint32_t)r << l);
    pred_write(x, in, mask, e);
    return SIM_STEP_NEXT;
}

/* Reduction of A over the lanes of m (not empty) in type ty. */
static uint64_t reduce(const uint32_t *A, uint32_t m, unsigned op, unsigned ty)
{
    bool sgn = ity_signed(ty);
    uint64_t acc = ity_get(A, (unsigned)__builtin_ctz(m), ty);
    for (m &= m - 1; m != 0; m &= m - 1) {
        uint64_t v = ity_get(A, (unsigned)__builtin_ctz(m), ty);
        bool lt = sgn ? (int64_t)v < (int64_t)acc : v < acc;
        switch (op) {
        case MOD_RED_ADD: acc += v; break;
        case MOD_RED_MIN: acc = lt ? v : acc; break;
        case MOD_RED_MAX: acc = !lt && v != acc ? v : acc; break;
        case MOD_RED_AND: acc &= v; break;
        case MOD_RED_OR:  acc |= v; break;
        default:          acc ^= v; break;
        }
    }
    return acc;
}

/* Lanes with the same member mask (the usual case: all of them) share one
 * reduction; the mask always names the lane itself (WARPSYNC checks). */
EXEC(REDUX)
{
    unsigned op = in->mod[0], ty = in->mod[1];
    const uint32_t *A = RA, *B = RB;
    uint32_t *D = RD;
    uint32_t last = 0;
    uint64_t acc = 0;
    LANES(uint32_t m = mask & B[l];
          if (m == 0) m = 1u << l;   /* stack engine, mask without the lane */
          if (m != last) { acc = reduce(A, m, op, ty); last = m; }
          ity_put(D, l, ty, acc));
    return SIM_STEP_NEXT;
}

EXEC(MATCH)
{
    bool wide = in->mod[1] == MOD_W64, all_mode = in->mod[0] == MOD_MATCH_ALL;
    const uint32_t *A = RA, *B = RB;
    uint64_t v[ISA_WARP_SIZE];
    LANES(v[l] = wide ? rd64(A, l) : A[l]);
    uint32_t same[ISA_WARP_SIZE], e = 0;
    LANES(same[l] = 0;
          for (uint32_t m = mask & B[l]; m != 0; m &= m - 1) {
              unsigned k = (unsigned)__builtin_ctz(m);
              same[l] |= (uint32_t)(v[k] == v[l]) << k;
          });
    uint32_t *D = RD;
    /* ALL: every lane of the mask holds this lane's value */
    LANES(uint32_t m = mask & B[l];
          bool all = same[l] == m;
          e |= (uint32_t)all << l;
          D[l] = all_mode ? (all ? m : 0) : same[l]);
    pred_write(x, in, mask, e);
    return SIM_STEP_NEXT;
}

/* bar.warp.sync: stack mode runs the warp's active lanes together by
 * construction; ITS makes the group wait for the other live lanes of the
 * mask (b, per lane) at a warp-sync point, and faults on a mask that does
 * not name the executing lane (undefined in PTX). */
EXEC(WARPSYNC)
{
    sim_simt *st = &x->w->simt;
    if (!st->its)
        return SIM_STEP_NEXT;
    uint32_t pc = sim_simt_pc(st);
    int r = sim_simt_sync(st, mask, RB, pc + 1);
    if (r < 0)
        return sim_fault_reconv(x, pc, r);
    return r == 1 ? SIM_STEP_NEXT : SIM_STEP_CTRL;
}

/* elect.sync: the leader of each lane's member mask is its lowest executing
 * lane (PTX only asks for a deterministic choice); d = its lane id, E = this
 * lane is it. The WARPSYNC before it has gathered the mask's live lanes. */
EXEC(ELECT)
{
    const uint32_t *B = RB;
    uint32_t *D = RD;
    uint32_t e = 0;
    LANES(uint32_t m = mask & B[l];
          if (m == 0) m = 1u << l;   /* stack engine, mask without the lane */
          unsigned leader = (unsigned)__builtin_ctz(m);
          D[l] = leader;
          e |= (uint32_t)(leader == l) << l);
    pred_write(x, in, mask, e);
    return SIM_STEP_NEXT;
}

/* fns.b32 (lane-local; cooperative groups' coalesced shfl_up/down find the
 * n-th member lane with it): the PTX ISA's loop, as bit operations. A base
 * above 31 is undefined in PTX: not found. */
static uint32_t fns32(uint32_t m, uint32_t base, int32_t off)
{
    if (base > 31)
        return 0xffffffffu;
    if (off == 0)
        return (m >> base & 1) ? base : 0xffffffffu;
    /* the candidates: bits base.. upward, or ..base downward */
    m &= off > 0 ? ~0u << base : ~0u >> (31 - base);
    uint32_t n = off > 0 ? (uint32_t)off : 0u - (uint32_t)off;
    if (n > (uint32_t)__builtin_popcount(m))
        return 0xffffffffu;
    for (uint32_t k = 1; k < n; k++)   /* drop the n - 1 nearest */
        m &= off > 0 ? m - 1 : ~(0x80000000u >> __builtin_clz(m));
    return off > 0 ? (uint32_t)__builtin_ctz(m) : 31u - (uint32_t)__builtin_clz(m);
}

EXEC(FNS)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    MAP32(RD, fns32(A[l], B[l], (int32_t)C[l]));
    return SIM_STEP_NEXT;
}
