/* sim/exec/int2.c — INT ops for PTX instructions that are one op each:
 * lop3 (LOP3), dp4a/dp2a (IDP), bmsk (BMSK), szext (SZEXT), add/sub.sat.s32
 * (IADDSAT) and the 16x2 SIMD add/sub/min/max (I16X2). Semantics follow
 * the PTX ISA manual's pseudo-code for each instruction; every operand is
 * read before d is written. */
#include "sim/exec/exec.h"

/* Bit i of the result is bit (a_i << 2 | b_i << 1 | c_i) of lut: the PTX
 * immLut encoding (ta = 0xf0, tb = 0xcc, tc = 0xaa). */
static uint32_t lop3(uint32_t a, uint32_t b, uint32_t c, uint32_t lut)
{
    uint32_t d = 0;
    for (unsigned k = 0; k < 8; k++) {
        if (((lut >> k) & 1) == 0)
            continue;
        d |= ((k & 4) ? a : ~a) & ((k & 2) ? b : ~b) & ((k & 1) ? c : ~c);
    }
    return d;
}

EXEC(LOP3)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    uint32_t lut = in->imm & 0xff;
    MAP32(RD, lop3(A[l], B[l], C[l], lut));
    return SIM_STEP_NEXT;
}

/* Element i (width bits) of v, zero- or sign-extended. */
static int64_t elem(uint32_t v, unsigned i, unsigned bits, bool sgn)
{
    return (int64_t)ext_bits(v >> (i * bits), bits, sgn);
}

/* dp4a: c + sum of the 4 byte products; dp2a: c + the 2 products of a's
 * halves with bytes 0,1 (LO) or 2,3 (HI) of b. Sums wrap at 32 bits. */
static uint32_t idp(unsigned mode, bool sa, bool sb, uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t d = c;
    if (mode == MOD_DP_4A) {
        for (unsigned i = 0; i < 4; i++)
            d += (uint32_t)(elem(a, i, 8, sa) * elem(b, i, 8, sb));
        return d;
    }
    unsigned sel = mode == MOD_DP_2HI ? 2 : 0;
    for (unsigned i = 0; i < 2; i++)
        d += (uint32_t)(elem(a, i, 16, sa) * elem(b, sel + i, 8, sb));
    return d;
}

EXEC(IDP)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    unsigned mode = in->mod[0];
    bool sa = ity_signed(in->mod[1]), sb = ity_signed(in->mod[2]);
    MAP32(RD, idp(mode, sa, sb, A[l], B[l], C[l]));
    return SIM_STEP_NEXT;
}

/* bmsk: width b bits from position a; CLAMP: a >= 32 gives 0 and b >= 32
 * reaches bit 31, WRAP: both taken modulo 32. */
static uint32_t bmsk(bool clamp, uint32_t a, uint32_t b)
{
    uint32_t a1 = a & 31, b1 = b & 31, sum = a1 + b1;
    uint32_t mask0 = ~0u << a1;
    uint32_t mask1 = sum >= 32 ? 0 : ~0u << sum;
    bool over = sum >= 32;
    if (clamp && a >= 32)
        mask0 = 0;
    if (clamp && (a >= 32 || b >= 32))
        over = true;
    if (over)
        mask1 = 0;
    else if (b1 == 0)
        mask1 = ~0u;
    return mask0 & ~mask1;
}

EXEC(BMSK)
{
    const uint32_t *A = RA, *B = RB;
    bool clamp = in->mod[0] == MOD_BM_CLAMP;
    MAP32(RD, bmsk(clamp, A[l], B[l]));
    return SIM_STEP_NEXT;
}

/* szext: the low N = b bits of a, zero- or sign-extended; N == 0 gives 0;
 * N >= 32: CLAMP gives a, WRAP takes N modulo 32. */
static uint32_t szext(bool clamp, bool sgn, uint32_t a, uint32_t b)
{
    uint32_t b1 = b & 31;
    bool too_large = clamp && b >= 32;
    uint32_t mask = too_large ? 0 : ~0u << b1;
    bool sign = !(b1 == 0 || too_large || !sgn) && ((a >> ((b1 - 1) & 31)) & 1);
    return (a & ~mask) | (sign ? mask : 0);
}

EXEC(SZEXT)
{
    const uint32_t *A = RA, *B = RB;
    bool clamp = in->mod[0] == MOD_BM_CLAMP, sgn = ity_signed(in->mod[1]);
    MAP32(RD, szext(clamp, sgn, A[l], B[l]));
    return SIM_STEP_NEXT;
}

static uint32_t sat_s32(int64_t v)
{
    return (uint32_t)(v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v);
}

EXEC(IADDSAT)
{
    const uint32_t *A = RA, *B = RB;
    if (in->mod[0] == MOD_SAT_SUB)
        MAP32(RD, sat_s32((int64_t)(int32_t)A[l] - (int32_t)B[l]));
    else
        MAP32(RD, sat_s32((int64_t)(int32_t)A[l] + (int32_t)B[l]));
    return SIM_STEP_NEXT;
}

/* One 16-bit half: add/sub wrap, min/max compare by the type's sign,
 * RELU clamps a negative result (s16) to 0. */
static uint32_t half_op(unsigned op, bool sgn, bool relu, uint32_t a, uint32_t b)
{
    int32_t x = (int32_t)ext_bits(a, 16, sgn), y = (int32_t)ext_bits(b, 16, sgn), r;
    switch (op) {
    case MOD_H2_ADD: r = x + y; break;
    case MOD_H2_SUB: r = x - y; break;
    case MOD_H2_MIN: r = x < y ? x : y; break;
    default:         r = x > y ? x : y; break;
    }
    r = (int32_t)ext_bits((uint32_t)r, 16, sgn);
    if (relu && r < 0)
        r = 0;
    return (uint32_t)r & 0xffff;
}

static uint32_t i16x2(unsigned op, bool sgn, bool relu, uint32_t a, uint32_t b)
{
    return half_op(op, sgn, relu, a, b) | half_op(op, sgn, relu, a >> 16, b >> 16) << 16;
}

EXEC(I16X2)
{
    const uint32_t *A = RA, *B = RB;
    unsigned op = in->mod[0];
    bool sgn = ity_signed(in->mod[1]), relu = in->mod[2] != 0;
    MAP32(RD, i16x2(op, sgn, relu, A[l], B[l]));
    return SIM_STEP_NEXT;
}
