/* sim/exec/fpu.h — float helpers shared by the FP, SFU, CVT and MMA
 * executors: NaN canonicalisation, flush-to-zero, saturation, compares.
 *
 * The host does round-to-nearest-even arithmetic (its rounding mode is never
 * changed); the directed modes go through softfp. NaN results are the GPU's
 * canonical NaN: 0x7fffffff for f32, and the same pattern
 * 0x7fffffffffffffff for f64 so results do not depend on the host's NaN.
 */
#ifndef COBALT_SIM_FPU_H
#define COBALT_SIM_FPU_H

#include "sim/exec/exec.h"
#include "sim/exec/softfp.h"

#define F32_NAN 0x7FFFFFFFu
#define F64_NAN 0x7FFFFFFFFFFFFFFFull
#define F32_ONE 0x3F800000u

static inline bool nan32(uint32_t u) { return (u & 0x7FFFFFFFu) > 0x7F800000u; }
static inline bool nan64(uint64_t u) { return (u & ~(1ull << 63)) > 0x7FF0000000000000ull; }

/* Subnormal -> zero of the same sign. */
static inline uint32_t ftz32(uint32_t u)
{
    return (u & 0x7F800000u) == 0 ? (u & 0x80000000u) : u;
}

static inline uint32_t ftz_in(uint32_t u, unsigned ftz) { return ftz ? ftz32(u) : u; }

/* Canonical NaN, then optional flush-to-zero and saturation to [0, 1]
 * (NaN and -0 saturate to +0). */
static inline uint32_t fix32(uint32_t u, unsigned ftz, unsigned sat)
{
    if (nan32(u))
        return sat ? 0 : F32_NAN;
    if (ftz)
        u = ftz32(u);
    if (sat) {
        if (u & 0x80000000u)
            return 0;
        if (u > F32_ONE)
            return F32_ONE;
    }
    return u;
}

/* Exact widenings by bit manipulation, bit-identical to sf_convert(MOD_F32,
 * MOD_RN, MOD_F16 / MOD_BF16, h) (the MMA executors' hot path): every NaN
 * becomes the canonical NaN, an f16 subnormal m * 2^-24 a normal f32. */
static inline uint32_t f16_to_f32_bits(uint32_t h)
{
    uint32_t s = (h & 0x8000u) << 16, e = (h >> 10) & 0x1Fu, m = h & 0x3FFu;
    if (e == 0x1F)
        return m != 0 ? F32_NAN : s | 0x7F800000u;
    if (e != 0)
        return s | (e + 112) << 23 | m << 13;
    if (m == 0)
        return s;
    uint32_t p = 31 - (uint32_t)__builtin_clz(m);   /* top bit, 0..9 */
    return s | (p + 103) << 23 | ((m << (23 - p)) & 0x7FFFFFu);
}

static inline uint32_t bf16_to_f32_bits(uint32_t h)
{
    uint32_t u = (h & 0xFFFFu) << 16;
    return nan32(u) ? F32_NAN : u;
}

static inline uint64_t fix64(uint64_t u) { return nan64(u) ? F64_NAN : u; }

/* Lane masks of one compare: a < b, a == b, a > b, unordered (a NaN). */
typedef struct fcmp_masks {
    uint32_t lt, eq, gt, un;
} fcmp_masks;

static inline void fcmp_lane(fcmp_masks *m, double a, double b, unsigned l)
{
    m->lt |= (uint32_t)(a < b) << l;
    m->eq |= (uint32_t)(a == b) << l;
    m->gt |= (uint32_t)(a > b) << l;
    m->un |= (uint32_t)(a != a || b != b) << l;
}

/* CMP group from the masks: the U forms are also true on unordered lanes,
 * ordered forms false there (NE is false on NaN, NEU true). */
static inline uint32_t fcmp_mask(unsigned cmp, const fcmp_masks *m)
{
    switch (cmp) {
    case MOD_CMP_LT:  return m->lt;
    case MOD_CMP_EQ:  return m->eq;
    case MOD_CMP_LE:  return m->lt | m->eq;
    case MOD_CMP_GT:  return m->gt;
    case MOD_CMP_NE:  return m->lt | m->gt;
    case MOD_CMP_GE:  return m->gt | m->eq;
    case MOD_CMP_NUM: return ~m->un;
    case MOD_CMP_NAN: return m->un;
    case MOD_CMP_LTU: return m->lt | m->un;
    case MOD_CMP_EQU: return m->eq | m->un;
    case MOD_CMP_LEU: return m->lt | m->eq | m->un;
    case MOD_CMP_GTU: return m->gt | m->un;
    case MOD_CMP_NEU: return ~m->eq;
    case MOD_CMP_GEU: return m->gt | m->eq | m->un;
    case MOD_CMP_T:   return SIM_FULL_MASK;
    default:          return 0;   /* F */
    }
}

#endif
