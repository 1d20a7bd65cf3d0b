/* sim/exec/half.c — f16/bf16 arithmetic (HADD2, HMUL2, HFMA2, HMNMX2) on the
 * low half of a register or on both halves, rounded once by the exact
 * softfp core in the instruction's mode (PTX .rn default, .rz/.rm/.rp).
 * The PTX modifiers, as the manual defines them: .ftz flushes subnormal
 * f16 inputs and results to zero of the same sign; .sat clamps the result
 * to [0.0, 1.0] with NaN -> +0.0; .relu clamps a negative result to +0.0
 * and makes a NaN result the canonical NaN; min/max .NaN returns the
 * canonical NaN when either input is NaN; min/max .xorsign.abs takes the
 * min/max of the magnitudes and gives a non-NaN result the sign a XOR b. */
#include "sim/exec/exec.h"
#include "sim/exec/softfp.h"

enum { H_ADD, H_MUL, H_FMA, H_MIN, H_MAX };

typedef struct h_mods { unsigned rnd; bool ftz, sat, relu, nan, xorsign; } h_mods;

static uint64_t flush(unsigned fmt, bool ftz, uint64_t x)
{
    unsigned mbits = fmt == MOD_F16 ? 10 : 7;
    uint64_t expm = fmt == MOD_F16 ? 0x7c00 : 0x7f80;
    if (ftz && (x & expm) == 0 && (x & ((1u << mbits) - 1)) != 0)
        return x & 0x8000;
    return x;
}

static uint64_t h_post(unsigned fmt, const h_mods *m, uint64_t v)
{
    v = flush(fmt, m->ftz, v);
    bool nan = sf_is_nan(fmt, v);
    if (m->sat) {
        if (nan || (v & 0x8000))
            return 0;
        uint64_t one = fmt == MOD_F16 ? 0x3c00 : 0x3f80;
        return sf_to_double(fmt, v) > 1.0 ? one : v;
    }
    if (m->relu) {
        if (nan)
            return sf_nan(fmt);
        return v & 0x8000 ? 0 : v;
    }
    return v;
}

static uint64_t h_minmax(unsigned fmt, bool max, uint64_t a, uint64_t b)
{
    bool na = sf_is_nan(fmt, a), nb = sf_is_nan(fmt, b);
    if (na && nb)
        return sf_nan(fmt);
    if (na || nb)
        return na ? b : a;
    double x = sf_to_double(fmt, a), y = sf_to_double(fmt, b);
    if (x == y) {   /* equal values, or -0 and +0: the sign bit decides */
        bool a_neg = (a >> 15) & 1;
        return (a_neg != max) ? a : b;
    }
    return (x < y) != max ? a : b;
}

static uint32_t h_op(unsigned op, unsigned hf, const h_mods *m, uint32_t a, uint32_t b,
                     uint32_t c)
{
    unsigned fmt = hf == MOD_HBF16 || hf == MOD_HBF16X2 ? MOD_BF16 : MOD_F16;
    unsigned halves = hf >= MOD_HF16X2 ? 2 : 1;
    uint32_t r = 0;
    for (unsigned k = 0; k < halves; k++) {
        uint64_t x = flush(fmt, m->ftz, (a >> (16 * k)) & 0xffff);
        uint64_t y = flush(fmt, m->ftz, (b >> (16 * k)) & 0xffff);
        uint64_t z = flush(fmt, m->ftz, (c >> (16 * k)) & 0xffff), v;
        switch (op) {
        case H_ADD: v = h_post(fmt, m, sf_add(fmt, m->rnd, x, y)); break;
        case H_MUL: v = h_post(fmt, m, sf_mul(fmt, m->rnd, x, y)); break;
        case H_FMA: v = h_post(fmt, m, sf_fma(fmt, m->rnd, x, y, z)); break;
        default: {
            /* .xorsign.abs: min/max of the magnitudes, sign a XOR b unless NaN */
            uint64_t sx = (x ^ y) & 0x8000;
            if (m->xorsign) {
                x &= 0x7fff;
                y &= 0x7fff;
            }
            v = m->nan && (sf_is_nan(fmt, x) || sf_is_nan(fmt, y)) ? sf_nan(fmt)
                                                                  : h_minmax(fmt, op == H_MAX, x, y);
            if (m->xorsign && !sf_is_nan(fmt, v))
                v |= sx;
            break;
        }
        }
        r |= (uint32_t)(v & 0xffff) << (16 * k);
    }
    return r;
}

static h_mods arith_mods(const sim_insn *in)
{
    return (h_mods){ .rnd = in->mod[1], .ftz = in->mod[2], .sat = in->mod[3],
                     .relu = in->mod[4] };
}

EXEC(HADD2)
{
    const uint32_t *A = RA, *B = RB;
    unsigned hf = in->mod[0];
    h_mods m = arith_mods(in);
    MAP32(RD, h_op(H_ADD, hf, &m, A[l], B[l], 0));
    return SIM_STEP_NEXT;
}

EXEC(HMUL2)
{
    const uint32_t *A = RA, *B = RB;
    unsigned hf = in->mod[0];
    h_mods m = arith_mods(in);
    MAP32(RD, h_op(H_MUL, hf, &m, A[l], B[l], 0));
    return SIM_STEP_NEXT;
}

EXEC(HFMA2)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    unsigned hf = in->mod[0];
    h_mods m = arith_mods(in);
    MAP32(RD, h_op(H_FMA, hf, &m, A[l], B[l], C[l]));
    return SIM_STEP_NEXT;
}

EXEC(HMNMX2)
{
    const uint32_t *A = RA, *B = RB;
    unsigned op = in->mod[0] == MOD_MAX ? H_MAX : H_MIN, hf = in->mod[1];
    h_mods m = { .rnd = MOD_RN, .nan = in->mod[2], .xorsign = in->mod[3] };
    MAP32(RD, h_op(op, hf, &m, A[l], B[l], 0));
    return SIM_STEP_NEXT;
}
