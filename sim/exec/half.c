/* sim/exec/half.c — f16/bf16 arithmetic (HADD2, HMUL2, HFMA2, HMNMX2) on the
 * low half of a register or on both halves, rounded by the exact softfp
 * core (round to nearest even). */
#include "sim/exec/exec.h"
#include "sim/exec/softfp.h"

enum { H_ADD, H_MUL, H_FMA, H_MIN, H_MAX };

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

static uint32_t h_op(unsigned op, unsigned hf, uint32_t a, uint32_t b, uint32_t c)
{
    unsigned fmt = hf == MOD_HBF16 || hf == MOD_HBF16X2 ? MOD_BF16 : MOD_F16;
    unsigned halves = hf >= MOD_HF16X2 ? 2 : 1;
    uint32_t r = 0;
    for (unsigned k = 0; k < halves; k++) {
        uint64_t x = (a >> (16 * k)) & 0xffff, y = (b >> (16 * k)) & 0xffff;
        uint64_t z = (c >> (16 * k)) & 0xffff, v;
        switch (op) {
        case H_ADD: v = sf_add(fmt, MOD_RN, x, y); break;
        case H_MUL: v = sf_mul(fmt, MOD_RN, x, y); break;
        case H_FMA: v = sf_fma(fmt, MOD_RN, x, y, z); break;
        default:    v = h_minmax(fmt, op == H_MAX, x, y); break;
        }
        r |= (uint32_t)(v & 0xffff) << (16 * k);
    }
    return r;
}

EXEC(HADD2)
{
    const uint32_t *A = RA, *B = RB;
    unsigned hf = in->mod[0];
    MAP32(RD, h_op(H_ADD, hf, A[l], B[l], 0));
    return SIM_STEP_NEXT;
}

EXEC(HMUL2)
{
    const uint32_t *A = RA, *B = RB;
    unsigned hf = in->mod[0];
    MAP32(RD, h_op(H_MUL, hf, A[l], B[l], 0));
    return SIM_STEP_NEXT;
}

EXEC(HFMA2)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    unsigned hf = in->mod[0];
    MAP32(RD, h_op(H_FMA, hf, A[l], B[l], C[l]));
    return SIM_STEP_NEXT;
}

EXEC(HMNMX2)
{
    const uint32_t *A = RA, *B = RB;
    unsigned op = in->mod[0] == MOD_MAX ? H_MAX : H_MIN, hf = in->mod[1];
    MAP32(RD, h_op(op, hf, A[l], B[l], 0));
    return SIM_STEP_NEXT;
}
