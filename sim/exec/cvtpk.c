/* sim/exec/cvtpk.c — F2FP: the packed and narrow float conversions of PTX
 * cvt (to f16x2/bf16x2 from two f32, tf32, e4m3x2/e5m2x2 from two f32,
 * f16x2 from e4m3x2/e5m2x2).
 *
 * Rounding is explicit: f16/bf16 through softfp, tf32 by integer rounding
 * of the f32 bits, e4m3/e5m2 by scaling the exact value to units of the
 * last place (exact in a double) and rounding that integer to nearest
 * even. NaN inputs give the canonical NaN of the destination (f16/bf16
 * 0x7fff, tf32 0x7fffffff, e4m3/e5m2 0x7f). Following the PTX manual:
 * .relu clamps a negative result to +0 (NaN stays NaN); .satfinite turns
 * Inf and results beyond the largest finite value into that value with
 * the sign kept; conversions to e4m3x2/e5m2x2 always saturate.
 */
#include <math.h>
#include <string.h>
#include "isa/f2fp.h"
#include "sim/exec/exec.h"
#include "sim/exec/softfp.h"

static bool f32_nan(uint32_t a) { return (a & 0x7fffffffu) > 0x7f800000u; }

/* f32 -> f16 or bf16 (fmt), rounding RN or RZ. */
static uint32_t to_half(unsigned fmt, unsigned rnd, bool relu, bool satf, uint32_t a)
{
    if (f32_nan(a))
        return 0x7fff;
    uint32_t r = (uint32_t)sf_convert(fmt, rnd == MOD_FPR_RZ ? MOD_RZ : MOD_RN, MOD_F32, a);
    uint32_t inf = fmt == MOD_F16 ? 0x7c00u : 0x7f80u, max = fmt == MOD_F16 ? 0x7bffu : 0x7f7fu;
    if (satf && (r & 0x7fffu) == inf)
        r = (r & 0x8000u) | max;
    if (relu && (r & 0x8000u))
        r = 0;
    return r;
}

static uint32_t to_tf32(unsigned rnd, bool relu, bool satf, uint32_t a)
{
    if (f32_nan(a))
        return 0x7fffffffu;
    uint32_t r;
    switch (rnd) {
    case MOD_FPR_RZ:  r = a; break;
    case MOD_FPR_RNA: r = a + 0x1000u; break;                      /* ties away from zero */
    default:          r = a + 0xfffu + ((a >> 13) & 1u); break;    /* ties to even */
    }
    r &= ~0x1fffu;      /* a carry into the exponent is the correct rounding */
    if (satf && (r & 0x7fffffffu) == 0x7f800000u)
        r = (r & 0x80000000u) | 0x7f7fe000u;
    if (relu && (r & 0x80000000u))
        r = 0;
    return r;
}

/* f32 -> e4m3 (bias 7, no Inf, 0x7f NaN, max 448) or e5m2 (bias 15, max
 * 57344), round to nearest even, saturating. */
static uint32_t to_f8(bool e5m2, bool relu, uint32_t a)
{
    if (f32_nan(a))
        return 0x7f;
    uint32_t sign = (a >> 31) << 7;
    if (relu && sign)
        return 0;
    unsigned mbits = e5m2 ? 2 : 3;
    int emin = e5m2 ? -14 : -6, bias = e5m2 ? 15 : 7;
    uint32_t maxv = e5m2 ? 0x7bu : 0x7eu;
    if ((a & 0x7fffffffu) == 0x7f800000u)
        return sign | maxv;
    float fv;
    uint32_t mag = a & 0x7fffffffu;
    memcpy(&fv, &mag, sizeof fv);
    double x = fv;
    if (x == 0)
        return sign;
    int e;
    (void)frexp(x, &e);
    int ue = e - 1 < emin ? emin : e - 1;
    double q = ldexp(x, (int)mbits - ue);     /* exact: x has 24 significant bits */
    double fl = floor(q), rem = q - fl;
    if (rem > 0.5 || (rem == 0.5 && fmod(fl, 2.0) == 1.0))
        fl += 1.0;
    uint32_t m = (uint32_t)fl;
    if (m == 2u << mbits) {
        m >>= 1;
        ue++;
    }
    if (m < (1u << mbits))
        return sign | m;                        /* subnormal (ue == emin) */
    int field = ue + bias;
    uint32_t bits = ((uint32_t)field << mbits) | (m - (1u << mbits));
    if (field > (e5m2 ? 30 : 15) || bits > maxv)
        bits = maxv;
    return sign | bits;
}

/* e4m3 / e5m2 -> f16, exact. */
static uint32_t f8_to_f16(bool e5m2, bool relu, uint32_t v)
{
    v &= 0xffu;
    uint32_t sign = v >> 7, mag = v & 0x7fu;
    if (e5m2) {
        if (mag > 0x7cu)
            return 0x7fff;
        uint32_t r = v << 8;     /* e5m2 is the high byte of an f16 */
        return relu && sign ? 0 : r;
    }
    if (mag == 0x7fu)
        return 0x7fff;
    unsigned ef = mag >> 3, mf = mag & 7u;
    double x = ef == 0 ? ldexp(mf, -9) : ldexp(8 + mf, (int)ef - 10);
    float fv = (float)x;         /* exact */
    uint32_t b;
    memcpy(&b, &fv, sizeof b);
    uint32_t r = (uint32_t)sf_convert(MOD_F16, MOD_RN, MOD_F32, b) | (sign << 15);
    return relu && sign ? 0 : r;
}

EXEC(F2FP)
{
    const uint32_t *A = RA, *B = RB;
    uint32_t *D = RD;
    unsigned k = in->mod[0], rnd = in->mod[1];
    bool relu = in->mod[2], satf = in->mod[3];
    switch (k) {
    case MOD_FP_F16X2_F32:
    case MOD_FP_BF16X2_F32: {
        unsigned fmt = k == MOD_FP_F16X2_F32 ? MOD_F16 : MOD_BF16;
        LANES(D[l] = to_half(fmt, rnd, relu, satf, A[l]) << 16 |
                     to_half(fmt, rnd, relu, satf, B[l]));
        break;
    }
    case MOD_FP_TF32_F32:
        LANES(D[l] = to_tf32(rnd, relu, satf, A[l]));
        break;
    case MOD_FP_E4M3X2_F32:
    case MOD_FP_E5M2X2_F32: {
        bool e5 = k == MOD_FP_E5M2X2_F32;
        LANES(D[l] = to_f8(e5, relu, A[l]) << 8 | to_f8(e5, relu, B[l]));
        break;
    }
    default: {
        bool e5 = k == MOD_FP_F16X2_E5M2X2;
        LANES(D[l] = f8_to_f16(e5, relu, A[l] >> 8) << 16 | f8_to_f16(e5, relu, A[l]));
        break;
    }
    }
    return SIM_STEP_NEXT;
}
