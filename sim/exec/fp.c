/* sim/exec/fp.c — FP class, f32 ops (F*).
 *
 * Round-to-nearest uses the host's correctly rounded IEEE arithmetic; RZ,
 * RM and RP compute the exact result in softfp and round once. FTZ flushes
 * subnormal inputs and outputs to zero of the same sign; SAT clamps to
 * [0, 1] with NaN -> +0.
 */
#include <math.h>
#include "sim/exec/fpu.h"

enum { F_ADD, F_MUL, F_DIV };

static uint32_t f32_binop(unsigned op, unsigned rnd, uint32_t a, uint32_t b)
{
    if (rnd == MOD_RN) {
        float fa = f32_of(a), fb = f32_of(b);
        return bits_f32(op == F_ADD ? fa + fb : op == F_MUL ? fa * fb : fa / fb);
    }
    return (uint32_t)(op == F_ADD ? sf_add(MOD_F32, rnd, a, b)
                      : op == F_MUL ? sf_mul(MOD_F32, rnd, a, b) : sf_div(MOD_F32, rnd, a, b));
}

/* d = a op b with the RND, FTZ, SAT groups in mod[0..2]; `bneg` flips b
 * (a - b is exactly a + -b). */
static sim_step binop(sim_exec *x, const sim_insn *in, uint32_t mask, unsigned op, uint32_t bneg)
{
    const uint32_t *A = RA, *B = RB;
    uint32_t *D = RD;
    unsigned rnd = in->mod[0], ftz = in->mod[1], sat = in->mod[2];
    if (rnd == MOD_RN && !ftz && !sat && op == F_ADD)
        MAP32(D, fix32(bits_f32(f32_of(A[l]) + f32_of(B[l] ^ bneg)), 0, 0));
    else if (rnd == MOD_RN && !ftz && !sat && op == F_MUL)
        MAP32(D, fix32(bits_f32(f32_of(A[l]) * f32_of(B[l])), 0, 0));
    else
        LANES(D[l] = fix32(f32_binop(op, rnd, ftz_in(A[l], ftz), ftz_in(B[l], ftz) ^ bneg),
                           ftz, sat));
    return SIM_STEP_NEXT;
}

EXEC(FADD) { return binop(x, in, mask, F_ADD, 0); }
EXEC(FSUB) { return binop(x, in, mask, F_ADD, 0x80000000u); }
EXEC(FMUL) { return binop(x, in, mask, F_MUL, 0); }

EXEC(FFMA)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    uint32_t *D = RD;
    unsigned rnd = in->mod[0], ftz = in->mod[1], sat = in->mod[2];
    if (rnd == MOD_RN)
        LANES(D[l] = fix32(bits_f32(fmaf(f32_of(ftz_in(A[l], ftz)), f32_of(ftz_in(B[l], ftz)),
                                         f32_of(ftz_in(C[l], ftz)))), ftz, sat));
    else
        LANES(D[l] = fix32((uint32_t)sf_fma(MOD_F32, rnd, ftz_in(A[l], ftz), ftz_in(B[l], ftz),
                                            ftz_in(C[l], ftz)), ftz, sat));
    return SIM_STEP_NEXT;
}

/* div.approx: a * (1/b) with a flushed reciprocal, so |b| >= 2^126 gives 0
 * as PTX documents; div.full: within 2 ulp on hardware, computed here
 * correctly rounded. */
static uint32_t fdiv_approx(uint32_t a, uint32_t b)
{
    float rcp = f32_of(ftz32(bits_f32(1.0f / f32_of(b))));
    return bits_f32(f32_of(a) * rcp);
}

EXEC(FDIV)
{
    const uint32_t *A = RA, *B = RB;
    uint32_t *D = RD;
    unsigned m = in->mod[0], ftz = in->mod[1];
    if (m == MOD_DIV_APPROX)
        LANES(D[l] = fix32(fdiv_approx(ftz_in(A[l], ftz), ftz_in(B[l], ftz)), ftz, 0));
    else
        LANES(D[l] = fix32(f32_binop(F_DIV, m == MOD_DIV_FULL ? MOD_RN : m, ftz_in(A[l], ftz),
                                     ftz_in(B[l], ftz)), ftz, 0));
    return SIM_STEP_NEXT;
}

/* min/max: -0 < +0; a NaN operand is ignored unless .NAN (or both are NaN). */
static uint32_t fmnmx(uint32_t a, uint32_t b, bool max, bool nanm)
{
    bool an = nan32(a), bn = nan32(b);
    if (an || bn)
        return nanm || (an && bn) ? F32_NAN : an ? b : a;
    float fa = f32_of(a), fb = f32_of(b);
    if (fa == fb)
        return max ? (a & b) : (a | b);   /* only differs for +0 / -0: the sign bit */
    return (fa < fb) != max ? a : b;
}

EXEC(FMNMX)
{
    const uint32_t *A = RA, *B = RB;
    bool max = in->mod[0] == MOD_MAX;
    unsigned ftz = in->mod[1];
    bool nanm = in->mod[2];
    if (in->mod[3]) {   /* .xorsign.abs: magnitudes, sign a XOR b unless NaN */
        LANES(uint32_t a = ftz_in(A[l], ftz), b = ftz_in(B[l], ftz);
              uint32_t r = ftz_in(fmnmx(a & 0x7fffffffu, b & 0x7fffffffu, max, nanm), ftz);
              RD[l] = nan32(r) ? r : r | ((a ^ b) & 0x80000000u));
        return SIM_STEP_NEXT;
    }
    MAP32(RD, ftz_in(fmnmx(ftz_in(A[l], ftz), ftz_in(B[l], ftz), max, nanm), ftz));
    return SIM_STEP_NEXT;
}

EXEC(FSETP)
{
    const uint32_t *A = RA, *B = RB;
    unsigned ftz = in->mod[2];
    fcmp_masks m = { 0, 0, 0, 0 };
    LANES(fcmp_lane(&m, f32_of(ftz_in(A[l], ftz)), f32_of(ftz_in(B[l], ftz)), l));
    uint32_t v = fcmp_mask(in->mod[0], &m);
    pred_write(x, in, mask, pred_bool(in->mod[1], v, pred_z(x, in)));
    return SIM_STEP_NEXT;
}

EXEC(FABS)
{
    const uint32_t *A = RA;
    unsigned ftz = in->mod[0];
    MAP32(RD, ftz_in(A[l], ftz) & 0x7FFFFFFFu);
    return SIM_STEP_NEXT;
}

EXEC(FNEG)
{
    const uint32_t *A = RA;
    unsigned ftz = in->mod[0];
    MAP32(RD, ftz_in(A[l], ftz) ^ 0x80000000u);
    return SIM_STEP_NEXT;
}

EXEC(FSQRT)
{
    const uint32_t *A = RA;
    uint32_t *D = RD;
    unsigned rnd = in->mod[0], ftz = in->mod[1];
    if (rnd == MOD_RN)
        LANES(D[l] = fix32(bits_f32(sqrtf(f32_of(ftz_in(A[l], ftz)))), ftz, 0));
    else
        LANES(D[l] = fix32((uint32_t)sf_sqrt(MOD_F32, rnd, ftz_in(A[l], ftz)), ftz, 0));
    return SIM_STEP_NEXT;
}
