/* sim/exec/cvtrs.c — F2FPRS: PTX cvt.rs, f32 to f16x2 / bf16x2 from a, b
 * and to e4m3x4 / e5m2x4 / e2m3x4 / e3m2x4 / e2m1x4 from the quad a..a+3
 * (PTX a, b, e, f), rounded stochastically with the random bits in c.
 *
 * The manual (PTX ISA, cvt): "rounded in the direction toward zero or away
 * from zero based on the carry out of the integer addition of the supplied
 * random bits (rbits) to the truncated off (discarded) bits of mantissa".
 * Random bits per element, from the manual:
 *   f16x2  a: rbits[28:16], b: rbits[12:0] (13 bits; the 3 MSBs of each half
 *          "are 0" — we ignore them)
 *   bf16x2 a: rbits[31:16], b: rbits[15:0]
 *   f8x4/f6x4  a, b: rbits[31:16]; e, f: rbits[15:0]
 *   e2m1x4 a, b: the upper bytes of the two halves; e, f: the lower bytes.
 * Where the manual is silent we chose (and say so in ptx_insns.def):
 *   - f8x4/f6x4: a and b both use the same upper 16-bit value, e and f the
 *     same lower one (the manual names no further split);
 *   - e2m1x4: a rbits[31:24], b rbits[15:8], e rbits[23:16], f rbits[7:0];
 *   - the k random bits are aligned with the most significant discarded
 *     bits (they are a fraction of one destination ulp): the result rounds
 *     away from zero iff frac + R / 2^k >= 1, frac being the discarded part
 *     in ulps. For normal f16/bf16 results k equals the discarded width, so
 *     this is the plain integer addition; for subnormal results and the
 *     narrow formats the bits below the top k discarded bits cannot carry.
 *   - overflow of a finite input follows the rounding direction as IEEE
 *     RZ/RA do: toward zero gives the largest finite value, away from zero
 *     gives Inf (f16/bf16 without .satfinite); .satfinite and formats
 *     without Inf give the largest finite value, sign kept.
 * From the manual / as the rn forms (cvtpk.c): NaN gives the canonical NaN
 * (f16/bf16 0x7fff, e4m3/e5m2 0x7f) or +max for e2m1/e2m3/e3m2; Inf gives
 * Inf, or the largest finite value with .satfinite; .relu clamps negative
 * results to +0 (NaN stays NaN).
 */
#include <math.h>
#include <string.h>
#include "isa/f2fp.h"
#include "sim/exec/exec.h"
#include "sim/exec/narrowfp.h"

typedef struct rs_fmt {
    unsigned mbits, width;   /* fraction bits; bits of the magnitude field */
    int      bias;
    uint32_t maxv, inf, nan; /* magnitude encodings; inf 0 when none */
} rs_fmt;

static const rs_fmt rs_fmts[7] = {
    [MOD_RS_F16X2]  = { 10, 15, 15, 0x7bffu, 0x7c00u, 0x7fffu },
    [MOD_RS_BF16X2] = { 7, 15, 127, 0x7f7fu, 0x7f80u, 0x7fffu },
    [MOD_RS_E4M3X4] = { 3, 7, 7, 0x7eu, 0, 0x7fu },
    [MOD_RS_E5M2X4] = { 2, 7, 15, 0x7bu, 0x7cu, 0x7fu },
    [MOD_RS_E2M3X4] = { 3, 5, 1, 0x1fu, 0, 0x1fu },
    [MOD_RS_E3M2X4] = { 2, 5, 3, 0x1fu, 0, 0x1fu },
    [MOD_RS_E2M1X4] = { 1, 3, 1, 0x7u, 0, 0x7u },
};

/* f32 a -> format m, stochastically rounded with the k-bit random value r. */
static uint32_t rs_round(const rs_fmt *m, bool relu, bool satf, uint32_t a, uint32_t r,
                         unsigned k)
{
    uint32_t mag = a & 0x7fffffffu, sign = (a >> 31) << m->width;
    if (mag > 0x7f800000u)
        return m->nan;
    if (relu && sign)
        return 0;
    bool no_inf = satf || m->inf == 0;
    if (mag == 0x7f800000u)
        return sign | (no_inf ? m->maxv : m->inf);
    if (mag == 0)
        return sign;
    int ue;
    double q = narrow_units(mag, m->mbits, 1 - m->bias, &ue);
    double fl = floor(q);
    /* frac and r / 2^k have at most 24 + 16 significant bits: exact sum. */
    bool away = (q - fl) + ldexp(r, -(int)k) >= 1.0;
    uint32_t mant = (uint32_t)fl + away;
    if (mant == 2u << m->mbits) {
        mant >>= 1;
        ue++;
    }
    if (mant < (1u << m->mbits))
        return sign | mant;                     /* subnormal or zero (ue == emin) */
    uint32_t bits = ((uint32_t)(ue + m->bias) << m->mbits) | (mant - (1u << m->mbits));
    if (bits > m->maxv)
        return sign | (no_inf || !away ? m->maxv : m->inf);
    return sign | bits;
}

/* The four elements (PTX a, b, e, f) of one lane, packed a highest. */
static uint32_t rs_x4(unsigned kind, bool relu, bool satf, const uint32_t v[4], uint32_t rb)
{
    const rs_fmt *m = &rs_fmts[kind];
    uint32_t r[4];
    unsigned k = 16, step = 8;
    if (kind == MOD_RS_E2M1X4) {
        r[0] = rb >> 24, r[1] = (rb >> 8) & 0xffu, r[2] = (rb >> 16) & 0xffu, r[3] = rb & 0xffu;
        k = 8, step = 4;
    } else {
        r[0] = r[1] = rb >> 16;
        r[2] = r[3] = rb & 0xffffu;
    }
    uint32_t d = 0;
    for (unsigned i = 0; i < 4; i++)
        d = d << step | rs_round(m, relu, satf, v[i], r[i], k);
    return d;
}

EXEC(F2FPRS)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    uint32_t *D = RD;
    unsigned kind = in->mod[0];
    bool relu = in->mod[1], satf = in->mod[2];
    if (kind > MOD_RS_E2M1X4)
        return sim_fault_insn(x, sim_simt_pc(&x->w->simt), "F2FPRS: bad target kind");
    const rs_fmt *m = &rs_fmts[kind];
    if (kind == MOD_RS_F16X2 || kind == MOD_RS_BF16X2) {
        uint32_t lm = kind == MOD_RS_F16X2 ? 0x1fffu : 0xffffu;
        unsigned k = kind == MOD_RS_F16X2 ? 13 : 16;
        MAP32(D, rs_round(m, relu, satf, A[l], (C[l] >> 16) & lm, k) << 16 |
                 rs_round(m, relu, satf, B[l], C[l] & lm, k));
        return SIM_STEP_NEXT;
    }
    uint32_t out[ISA_WARP_SIZE];
    LANES(const uint32_t v[4] = { A[l], A[l + ISA_WARP_SIZE], A[l + 2 * ISA_WARP_SIZE],
                                  A[l + 3 * ISA_WARP_SIZE] };
          out[l] = rs_x4(kind, relu, satf, v, C[l]));
    LANES(D[l] = out[l]);
    return SIM_STEP_NEXT;
}
