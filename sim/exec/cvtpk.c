/* sim/exec/cvtpk.c — F2FP: the packed and narrow float conversions of PTX
 * cvt (to f16x2/bf16x2 from two f32, tf32, e4m3x2/e5m2x2 from two f32,
 * f16x2 from e4m3x2/e5m2x2; the sm_100 e2m1/e2m3/e3m2 and ue8m0 forms are
 * in the second half).
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
#include "sim/exec/narrowfp.h"
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
    uint32_t mag = a & 0x7fffffffu;
    if (mag == 0)
        return sign;
    int ue;
    double q = narrow_units(mag, mbits, emin, &ue);
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

/* e2m1 (bias 1, max 6), e2m3 (bias 1, max 7.5), e3m2 (bias 3, max 28):
 * no Inf or NaN encodings. */
typedef struct mini_fmt {
    unsigned ebits, mbits;
    int      bias;
} mini_fmt;

static const mini_fmt minis[3] = { { 2, 1, 1 }, { 2, 3, 1 }, { 3, 2, 3 } };

/* f32 -> mini format, round to nearest even, always saturating: overflow
 * and Inf give the largest magnitude with the sign kept, NaN gives +max
 * (PTX .satfinite for formats without NaN). */
static uint32_t to_mini(const mini_fmt *m, bool relu, uint32_t a)
{
    uint32_t maxv = (1u << (m->ebits + m->mbits)) - 1, sign = (a >> 31) << (m->ebits + m->mbits);
    if (f32_nan(a))
        return maxv;
    if (relu && sign)
        return 0;
    uint32_t mag = a & 0x7fffffffu;
    if (mag == 0x7f800000u)
        return sign | maxv;
    if (mag == 0)
        return sign;
    int ue;
    double q = narrow_units(mag, m->mbits, 1 - m->bias, &ue);
    double fl = floor(q), rem = q - fl;
    if (rem > 0.5 || (rem == 0.5 && fmod(fl, 2.0) == 1.0))
        fl += 1.0;
    if (fl >= 0x1p30)                           /* far beyond max */
        return sign | maxv;
    uint32_t mant = (uint32_t)fl;
    if (mant == 2u << m->mbits) {
        mant >>= 1;
        ue++;
    }
    if (mant < (1u << m->mbits))
        return sign | mant;                     /* subnormal or zero (ue == emin) */
    int field = ue + m->bias;
    if (field > (int)((1u << m->ebits) - 1))
        return sign | maxv;
    return sign | ((uint32_t)field << m->mbits) | (mant - (1u << m->mbits));
}

/* mini format -> f16, exact (every value is zero or an f16 normal). */
static uint32_t mini_to_f16(const mini_fmt *m, bool relu, uint32_t v)
{
    unsigned w = m->ebits + m->mbits;
    uint32_t sign = (v >> w) & 1u, field = (v >> m->mbits) & ((1u << m->ebits) - 1);
    uint32_t mant = v & ((1u << m->mbits) - 1);
    if (relu && sign)
        return 0;
    double x = field == 0 ? ldexp(mant, 1 - m->bias - (int)m->mbits)
                          : ldexp((1u << m->mbits) + mant, (int)field - m->bias - (int)m->mbits);
    float fv = (float)x;
    uint32_t b;
    memcpy(&b, &fv, sizeof b);
    return (uint32_t)sf_convert(MOD_F16, MOD_RN, MOD_F32, b) | sign << 15;
}

/* Magnitude -> ue8m0 (a power of two 2^(v-127), 0xff NaN), from the
 * biased exponent `field` and whether the fraction is nonzero: RZ keeps the
 * exponent, RP rounds up to the next power of two (2^-127 at the bottom);
 * SATFINITE turns a non-NaN 0xff into 0xfe. The sign is ignored. */
static uint32_t to_ue8m0(bool rp, bool satf, uint32_t field, bool frac, bool above_min)
{
    uint32_t r = field;
    if (field != 0xffu && rp && frac && above_min)
        r++;
    if (field == 0xffu && frac)
        return 0xffu;                           /* NaN */
    return satf && r == 0xffu ? 0xfeu : r;
}

static uint32_t f32_to_ue8m0(bool rp, bool satf, uint32_t a)
{
    uint32_t mag = a & 0x7fffffffu;
    return to_ue8m0(rp, satf, mag >> 23, (mag & 0x7fffffu) != 0, mag > 0x00400000u);
}

static uint32_t bf16_to_ue8m0(bool rp, bool satf, uint32_t h)
{
    uint32_t mag = h & 0x7fffu;
    return to_ue8m0(rp, satf, mag >> 7, (mag & 0x7fu) != 0, mag > 0x0040u);
}

static uint32_t ue8m0_to_bf16(uint32_t v)
{
    v &= 0xffu;
    return v == 0xffu ? 0x7fffu : v == 0 ? 0x0040u : v << 7;
}

/* The sm_100 forms of F2FP (k >= MOD_FP_E2M1X2_F32). */
static void f2fp_sm100(const sim_insn *in, uint32_t mask, const uint32_t *A, const uint32_t *B,
                       uint32_t *D)
{
    unsigned k = in->mod[0];
    bool relu = in->mod[2], satf = in->mod[3], rp = in->mod[1] == MOD_FPR_RP;
    switch (k) {
    case MOD_FP_E2M1X2_F32:
        LANES(D[l] = to_mini(&minis[0], relu, A[l]) << 4 | to_mini(&minis[0], relu, B[l]));
        break;
    case MOD_FP_E2M3X2_F32:
    case MOD_FP_E3M2X2_F32: {
        const mini_fmt *m = &minis[k == MOD_FP_E2M3X2_F32 ? 1 : 2];
        LANES(D[l] = to_mini(m, relu, A[l]) << 8 | to_mini(m, relu, B[l]));
        break;
    }
    case MOD_FP_F16X2_E2M1X2:
        LANES(D[l] = mini_to_f16(&minis[0], relu, (A[l] >> 4) & 0xfu) << 16 |
                     mini_to_f16(&minis[0], relu, A[l] & 0xfu));
        break;
    case MOD_FP_F16X2_E2M3X2:
    case MOD_FP_F16X2_E3M2X2: {
        const mini_fmt *m = &minis[k == MOD_FP_F16X2_E2M3X2 ? 1 : 2];
        LANES(D[l] = mini_to_f16(m, relu, (A[l] >> 8) & 0x3fu) << 16 |
                     mini_to_f16(m, relu, A[l] & 0x3fu));
        break;
    }
    case MOD_FP_UE8M0X2_F32:
        LANES(D[l] = f32_to_ue8m0(rp, satf, A[l]) << 8 | f32_to_ue8m0(rp, satf, B[l]));
        break;
    case MOD_FP_UE8M0X2_BF16X2:
        LANES(D[l] = bf16_to_ue8m0(rp, satf, A[l] >> 16) << 8 | bf16_to_ue8m0(rp, satf, A[l]));
        break;
    default:   /* MOD_FP_BF16X2_UE8M0X2 */
        LANES(D[l] = ue8m0_to_bf16(A[l] >> 8) << 16 | ue8m0_to_bf16(A[l]));
        break;
    }
}

EXEC(F2FP)
{
    const uint32_t *A = RA, *B = RB;
    uint32_t *D = RD;
    unsigned k = in->mod[0], rnd = in->mod[1];
    bool relu = in->mod[2], satf = in->mod[3];
    if (k >= MOD_FP_E2M1X2_F32) {
        f2fp_sm100(in, mask, A, B, D);
        return SIM_STEP_NEXT;
    }
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
