/* sim/exec/dfp.c — FP class, f64 ops (D*) on register pairs.
 *
 * Round-to-nearest uses the host's IEEE double arithmetic; RZ, RM and RP go
 * through softfp. NaN results are canonical (fpu.h).
 */
#include <math.h>
#include "sim/exec/fpu.h"

static inline double dv(const uint32_t *R, unsigned l) { return f64_of(rd64(R, l)); }

EXEC(DADD)
{
    const uint32_t *A = RA, *B = RB;
    unsigned rnd = in->mod[0];
    if (rnd == MOD_RN)
        MAP64(RD, fix64(bits_f64(dv(A, l) + dv(B, l))));
    else
        MAP64(RD, fix64(sf_add(MOD_F64, rnd, rd64(A, l), rd64(B, l))));
    return SIM_STEP_NEXT;
}

EXEC(DSUB)
{
    const uint32_t *A = RA, *B = RB;
    unsigned rnd = in->mod[0];
    if (rnd == MOD_RN)
        MAP64(RD, fix64(bits_f64(dv(A, l) - dv(B, l))));
    else
        MAP64(RD, fix64(sf_add(MOD_F64, rnd, rd64(A, l), rd64(B, l) ^ (1ull << 63))));
    return SIM_STEP_NEXT;
}

EXEC(DMUL)
{
    const uint32_t *A = RA, *B = RB;
    unsigned rnd = in->mod[0];
    if (rnd == MOD_RN)
        MAP64(RD, fix64(bits_f64(dv(A, l) * dv(B, l))));
    else
        MAP64(RD, fix64(sf_mul(MOD_F64, rnd, rd64(A, l), rd64(B, l))));
    return SIM_STEP_NEXT;
}

EXEC(DFMA)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    unsigned rnd = in->mod[0];
    if (rnd == MOD_RN)
        MAP64(RD, fix64(bits_f64(fma(dv(A, l), dv(B, l), dv(C, l)))));
    else
        MAP64(RD, fix64(sf_fma(MOD_F64, rnd, rd64(A, l), rd64(B, l), rd64(C, l))));
    return SIM_STEP_NEXT;
}

EXEC(DDIV)
{
    const uint32_t *A = RA, *B = RB;
    unsigned rnd = in->mod[0];
    if (rnd == MOD_RN)
        MAP64(RD, fix64(bits_f64(dv(A, l) / dv(B, l))));
    else
        MAP64(RD, fix64(sf_div(MOD_F64, rnd, rd64(A, l), rd64(B, l))));
    return SIM_STEP_NEXT;
}

static uint64_t dmnmx(uint64_t a, uint64_t b, bool max, bool nanm)
{
    bool an = nan64(a), bn = nan64(b);
    if (an || bn)
        return nanm || (an && bn) ? F64_NAN : an ? b : a;
    double fa = f64_of(a), fb = f64_of(b);
    if (fa == fb)
        return max ? (a & b) : (a | b);   /* +0 / -0 differ only in the sign bit */
    return (fa < fb) != max ? a : b;
}

EXEC(DMNMX)
{
    const uint32_t *A = RA, *B = RB;
    bool max = in->mod[0] == MOD_MAX, nanm = in->mod[1];
    MAP64(RD, dmnmx(rd64(A, l), rd64(B, l), max, nanm));
    return SIM_STEP_NEXT;
}

EXEC(DSETP)
{
    const uint32_t *A = RA, *B = RB;
    fcmp_masks m = { 0, 0, 0, 0 };
    LANES(fcmp_lane(&m, dv(A, l), dv(B, l), l));
    uint32_t v = fcmp_mask(in->mod[0], &m);
    pred_write(x, in, mask, pred_bool(in->mod[1], v, pred_z(x, in)));
    return SIM_STEP_NEXT;
}

EXEC(DABS)
{
    const uint32_t *A = RA;
    MAP64(RD, rd64(A, l) & ~(1ull << 63));
    return SIM_STEP_NEXT;
}

EXEC(DNEG)
{
    const uint32_t *A = RA;
    MAP64(RD, rd64(A, l) ^ (1ull << 63));
    return SIM_STEP_NEXT;
}

EXEC(DSQRT)
{
    const uint32_t *A = RA;
    unsigned rnd = in->mod[0];
    if (rnd == MOD_RN)
        MAP64(RD, fix64(bits_f64(sqrt(dv(A, l)))));
    else
        MAP64(RD, fix64(sf_sqrt(MOD_F64, rnd, rd64(A, l))));
    return SIM_STEP_NEXT;
}

/* rcp.approx.ftz.f64 as the manual describes it: only the 1.11.20 high word
 * of a is used (its table is keyed on a[63:32], so a NaN payload only in the
 * low word reads as Inf) and the result is a 1.11.20 value with a zero low
 * word; NaN inputs give the manual's canonical 0x7fffffff00000000. */
static uint64_t drcpa(uint64_t a)
{
    const uint64_t sign = a & (1ull << 63);
    uint64_t x = a & 0xffffffff00000000ull;
    if (nan64(x))
        return 0x7fffffff00000000ull;
    if (((x >> 52) & 0x7ff) == 0)
        return sign | 0x7ff0000000000000ull;       /* +-0 and subnormals: +-Inf */
    uint64_t r = bits_f64(1.0 / f64_of(x));
    if (((r >> 52) & 0x7ff) == 0)
        return sign;                                 /* subnormal result (or 1/Inf) */
    return (r + 0x80000000u) & 0xffffffff00000000ull; /* nearest at 20 fraction bits */
}

EXEC(DRCPA)
{
    const uint32_t *A = RA;
    MAP64(RD, drcpa(rd64(A, l)));
    return SIM_STEP_NEXT;
}
