/* sim/exec/cvt.c — CVT class: conversions between integer and float formats.
 *
 * Float operands by FTYPE: F64 a register pair, F32 one register, F16/BF16
 * the low 16 bits (written zero-extended). Narrowing float conversions and
 * every rounding into f16/bf16 go through softfp, so all four modes are
 * exact. FTZ applies to f32 inputs and outputs. F2I saturates and turns NaN
 * into 0; I2I.SAT clamps to the destination range.
 */
#include "sim/exec/fpu.h"

static inline uint64_t fget(const uint32_t *R, unsigned l, unsigned f, unsigned ftz)
{
    if (f == MOD_F64)
        return rd64(R, l);
    if (f == MOD_F32)
        return ftz_in(R[l], ftz);
    return R[l] & 0xFFFFu;
}

static inline void fput(uint32_t *D, unsigned l, unsigned f, uint64_t v, unsigned ftz)
{
    if (f == MOD_F64)
        wr64(D, l, v);
    else if (f == MOD_F32)
        D[l] = ftz_in((uint32_t)v, ftz);
    else
        D[l] = (uint32_t)(v & 0xFFFFu);
}

static uint64_t one_of(unsigned f)
{
    switch (f) {
    case MOD_F64: return 0x3FF0000000000000ull;
    case MOD_F32: return F32_ONE;
    case MOD_F16: return 0x3C00u;
    default:      return 0x3F80u;   /* MOD_BF16 */
    }
}

/* Clamps to [0, 1]; NaN and -0 give +0. */
static uint64_t saturate(unsigned f, uint64_t v)
{
    double d = sf_to_double(f, v);
    if (d != d || d <= 0.0)
        return 0;
    return d > 1.0 ? one_of(f) : v;
}

static uint64_t f2f(unsigned dst, unsigned src, unsigned rnd, uint64_t a)
{
    if (dst == src)
        return sf_is_nan(src, a) ? sf_nan(dst) : a;
    if (src == MOD_F32 && dst == MOD_F64)
        return fix64(bits_f64((double)f32_of((uint32_t)a)));
    if (src == MOD_F64 && dst == MOD_F32 && rnd == MOD_RN)
        return fix32(bits_f32((float)f64_of(a)), 0, 0);
    return sf_convert(dst, rnd, src, a);
}

EXEC(F2F)
{
    const uint32_t *A = RA;
    uint32_t *D = RD;
    unsigned dst = in->mod[0], src = in->mod[1], rnd = in->mod[2], ftz = in->mod[3];
    unsigned sat = in->mod[4];
    LANES(uint64_t r = f2f(dst, src, rnd, fget(A, l, src, ftz));
          if (sat) r = saturate(dst, r);
          fput(D, l, dst, r, ftz));
    return SIM_STEP_NEXT;
}

EXEC(I2F)
{
    const uint32_t *A = RA;
    uint32_t *D = RD;
    unsigned dst = in->mod[0], t = in->mod[1], rnd = in->mod[2];
    if (rnd == MOD_RN && dst == MOD_F32 && t == MOD_S32) {
        MAP32(D, bits_f32((float)(int32_t)A[l]));
    } else if (rnd == MOD_RN && dst == MOD_F32 && t == MOD_U32) {
        MAP32(D, bits_f32((float)A[l]));
    } else {
        bool sgn = ity_signed(t);
        LANES(uint64_t v = ity_get(A, l, t);
              bool neg = sgn && (int64_t)v < 0;
              fput(D, l, dst, sf_from_int(dst, rnd, neg, neg ? 0 - v : v), 0));
    }
    return SIM_STEP_NEXT;
}

/* F2I.S32.F32.RZI, the C cast, without softfp. */
static inline uint32_t f2i_s32_rz(uint32_t a)
{
    float f = f32_of(a);
    if (f != f)
        return 0;
    if (f >= 2147483648.0f)
        return 0x7FFFFFFFu;
    if (f < -2147483648.0f)
        return 0x80000000u;
    return (uint32_t)(int32_t)f;
}

EXEC(F2I)
{
    const uint32_t *A = RA;
    uint32_t *D = RD;
    unsigned t = in->mod[0], src = in->mod[1], irnd = in->mod[2], ftz = in->mod[3];
    if (t == MOD_S32 && src == MOD_F32 && irnd == MOD_RZI) {
        MAP32(D, f2i_s32_rz(ftz_in(A[l], ftz)));
    } else {
        unsigned bits = ity_bits(t);
        bool sgn = ity_signed(t);
        LANES(ity_put(D, l, t, sf_to_int(src, irnd, fget(A, l, src, ftz), bits, sgn)));
    }
    return SIM_STEP_NEXT;
}

EXEC(FRND)
{
    const uint32_t *A = RA;
    uint32_t *D = RD;
    unsigned f = in->mod[0], irnd = in->mod[1], ftz = in->mod[2];
    LANES(fput(D, l, f, sf_round_int(f, irnd, fget(A, l, f, ftz)), ftz));
    return SIM_STEP_NEXT;
}

/* Clamps v (of type src) to the range of type dst. */
static uint64_t clamp_int(uint64_t v, unsigned src, unsigned dst)
{
    unsigned w = ity_bits(dst);
    uint64_t umax = w == 64 ? UINT64_MAX : (1ull << w) - 1;
    int64_t smax = (int64_t)(umax >> 1), smin = -smax - 1;
    if (ity_signed(src)) {
        int64_t s = (int64_t)v;
        if (ity_signed(dst))
            return (uint64_t)(s < smin ? smin : s > smax ? smax : s);
        return s < 0 ? 0 : (uint64_t)s > umax ? umax : (uint64_t)s;
    }
    if (ity_signed(dst))
        return v > (uint64_t)smax ? (uint64_t)smax : v;
    return v > umax ? umax : v;
}

EXEC(I2I)
{
    const uint32_t *A = RA;
    uint32_t *D = RD;
    unsigned dst = in->mod[0], src = in->mod[1], sat = in->mod[2];
    if (sat)
        LANES(ity_put(D, l, dst, clamp_int(ity_get(A, l, src), src, dst)));
    else
        LANES(ity_put(D, l, dst, ity_get(A, l, src)));
    return SIM_STEP_NEXT;
}
