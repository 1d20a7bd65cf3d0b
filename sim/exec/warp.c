/* sim/exec/warp.c — warp-level primitives: SHFL, VOTE, REDUX, MATCH,
 * WARPSYNC (PTX shfl.sync, vote.sync, redux.sync, match.sync,
 * bar.warp.sync).
 *
 * With the reconvergence stack the lanes that execute together are the
 * active lanes whose guard holds (`mask`); the PTX membermask is not
 * encoded. A shuffle whose source lane is outside `mask` reads that lane's
 * register as it stands (PTX leaves the value undefined).
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
    uint32_t ballot = pred_z(x, in) & mask, e;
    switch (in->mod[0]) {
    case MOD_VOTE_ALL: e = ballot == mask ? SIM_FULL_MASK : 0; break;
    case MOD_VOTE_UNI: e = ballot == mask || ballot == 0 ? SIM_FULL_MASK : 0; break;
    default:           e = ballot != 0 ? SIM_FULL_MASK : 0; break;   /* ANY, BALLOT */
    }
    uint32_t *D = RD;
    LANES(D[l] = ballot);
    pred_write(x, in, mask, e);
    return SIM_STEP_NEXT;
}

EXEC(REDUX)
{
    unsigned op = in->mod[0], ty = in->mod[1];
    bool sgn = ity_signed(ty);
    const uint32_t *A = RA;
    unsigned first = (unsigned)__builtin_ctz(mask);
    uint64_t acc = ity_get(A, first, ty);
    for (uint32_t m = mask & (mask - 1); m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        uint64_t v = ity_get(A, l, ty);
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
    uint32_t *D = RD;
    LANES(ity_put(D, l, ty, acc));
    return SIM_STEP_NEXT;
}

EXEC(MATCH)
{
    bool wide = in->mod[1] == MOD_W64;
    const uint32_t *A = RA;
    uint64_t v[ISA_WARP_SIZE];
    LANES(v[l] = wide ? rd64(A, l) : A[l]);
    uint32_t same[ISA_WARP_SIZE];
    LANES(same[l] = 0;
          for (uint32_t m = mask; m != 0; m &= m - 1) {
              unsigned k = (unsigned)__builtin_ctz(m);
              same[l] |= (uint32_t)(v[k] == v[l]) << k;
          });
    unsigned first = (unsigned)__builtin_ctz(mask);
    bool all = same[first] == mask;
    uint32_t *D = RD;
    if (in->mod[0] == MOD_MATCH_ALL)
        LANES(D[l] = all ? mask : 0);
    else
        LANES(D[l] = same[l]);
    pred_write(x, in, mask, all ? SIM_FULL_MASK : 0);
    return SIM_STEP_NEXT;
}

/* The lanes of a warp already execute together under the reconvergence
 * stack, so the warp is converged here by construction. */
EXEC(WARPSYNC)
{
    (void)x;
    (void)in;
    (void)mask;
    return SIM_STEP_NEXT;
}
