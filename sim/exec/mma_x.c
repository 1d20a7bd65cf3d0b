/* sim/exec/mma_x.c — MMAX: one whole PTX mma.sync of the forms the MMAS
 * step has no type for (the sm_70 quad-pair m8n8k4 f16, fp8 e4m3/e5m2,
 * b1 and/xor-popc), executed in one call over the warp's fragments.
 *
 * Fragment maps: isa/mma_frag.h. The instruction runs as its documented
 * sequence of unit steps (tile by tile, k in increasing order within each
 * element), so the numerics equal the MMAS rules:
 *   f16/fp8 inputs  every product is exact in f32 (fp8: 4 x 4 mantissa
 *                   bits); each element is C plus its products added one
 *                   at a time in increasing k with f32 round-to-nearest;
 *                   an f16 accumulator is rounded to f16 after every 4
 *                   products (the end of each unit step).
 *   b1              C + popc(A op B) summed with s32 wrap-around.
 * All of C is read before D is written, so d may overlap c.
 * stats.mma_steps grows by the number of unit steps (mmax_steps). */
#include "sim/exec/fpu.h"
#include "isa/mma_frag.h"
#include "sim/exec/mma_fp8.h"

enum { W = ISA_WARP_SIZE };

/* Input element x of register reg of lane ln as a float. */
static float in_elem(const uint32_t *R, unsigned reg, unsigned ln, unsigned x, unsigned ty)
{
    uint32_t w = R[reg * W + ln];
    if (ty == MOD_MXT_F16)
        return f32_of(f16_to_f32_bits((w >> (16 * x)) & 0xFFFFu));
    return f32_of(fp8_to_f32_bits((w >> (8 * x)) & 0xFFu, ty == MOD_MXT_E5M2));
}

/* Where accumulator element [r][n] of matrix q lives: word reg * W + lane,
 * half for f16 (t: 0 f32, 1 f16, 2 s32). */
static unsigned acc_word(unsigned shape, unsigned t, unsigned q, unsigned r, unsigned n,
                         unsigned *half)
{
    *half = 0;
    if (shape == MOD_MX_M8N8K4) {
        unsigned hi = 16 * (r / 4) + 4 * q;
        if (t == 1) {
            *half = n % 2;
            return (n / 2) * W + hi + r % 4;
        }
        return ((n & 1) | (r & 2) | (n & 4)) * W + hi + ((r & 1) | (n & 2));
    }
    unsigned lane = 4 * (r % 8) + n / 2;
    if (t == 1) {
        *half = n % 2;
        return (r / 8) * W + lane;
    }
    return (2 * (r / 8) + n % 2) * W + lane;
}

/* A[r][k] and B[k][n] of matrix q (quad pair; 0 for the m16n8 shapes). */
static float a_elem(const uint32_t *A, const sim_insn *in, unsigned q, unsigned r, unsigned k)
{
    unsigned ty = in->mod[1];
    if (in->mod[0] == MOD_MX_M8N8K4) {
        bool col = in->mod[4] == MOD_MXO_CR || in->mod[4] == MOD_MXO_CC;
        unsigned hi = 4 * q + 16 * (r / 4);
        return col ? in_elem(A, (r % 4) / 2, hi + k, r % 2, ty)
                   : in_elem(A, k / 2, hi + r % 4, k % 2, ty);
    }
    unsigned e = mmax_per(ty), kc = 4 * e;
    return in_elem(A, r / 8 + 2 * (k / kc), 4 * (r % 8) + (k % kc) / e, k % e, ty);
}

static float b_elem(const uint32_t *B, const sim_insn *in, unsigned q, unsigned k, unsigned n)
{
    unsigned ty = in->mod[2];
    if (in->mod[0] == MOD_MX_M8N8K4) {
        bool row = in->mod[4] == MOD_MXO_RR || in->mod[4] == MOD_MXO_CR;
        unsigned hi = 4 * q + 16 * (n / 4);
        return row ? in_elem(B, (n % 4) / 2, hi + k, n % 2, ty)
                   : in_elem(B, k / 2, hi + n % 4, k % 2, ty);
    }
    unsigned e = mmax_per(ty), kc = 4 * e;
    return in_elem(B, k / kc, 4 * n + (k % kc) / e, k % e, ty);
}

static float f16_round(float s)
{
    uint32_t h = (uint32_t)sf_convert(MOD_F16, MOD_RN, MOD_F32, fix32(bits_f32(s), 0, 0));
    return f32_of(f16_to_f32_bits(h));
}

/* f16/fp8 forms: out[q][r][n] as f32 bits (f16 bits for an f16 D). */
static void run_float(const sim_exec *x, const sim_insn *in, uint32_t out[4][16][8])
{
    unsigned shape = in->mod[0], acc = in->mod[3];
    unsigned ct = mmax_ctype(acc), dt = mmax_dtype(acc);
    mmax_shape dm = mmax_dims(shape);
    unsigned nq = shape == MOD_MX_M8N8K4 ? 4 : 1;
    const uint32_t *A = RA, *B = RB, *C = RC;
    float a[16][32], b[32][8];   /* one matrix's inputs, decoded once */
    for (unsigned q = 0; q < nq; q++) {
        for (unsigned k = 0; k < dm.k; k++) {
            for (unsigned r = 0; r < dm.m; r++)
                a[r][k] = a_elem(A, in, q, r, k);
            for (unsigned n = 0; n < dm.n; n++)
                b[k][n] = b_elem(B, in, q, k, n);
        }
        for (unsigned r = 0; r < dm.m; r++)
            for (unsigned n = 0; n < dm.n; n++) {
                unsigned h, at = acc_word(shape, ct, q, r, n, &h);
                float s = ct == 1 ? f32_of(f16_to_f32_bits((C[at] >> (16 * h)) & 0xFFFFu))
                                  : f32_of(C[at]);
                for (unsigned k = 0; k < dm.k; k++) {
                    s += a[r][k] * b[k][n];   /* exact product */
                    if (dt == 1 && k % 4 == 3)
                        s = f16_round(s);   /* end of a unit step */
                }
                uint32_t u = fix32(bits_f32(s), 0, 0);
                out[q][r][n] = dt == 1 ? (uint32_t)sf_convert(MOD_F16, MOD_RN, MOD_F32, u) : u;
            }
    }
}

/* b1 forms: D[r][n] = C + sum over 32-bit chunks w of popc(Aw op Bw). */
static void run_b1(const sim_exec *x, const sim_insn *in, uint32_t out[4][16][8])
{
    mmax_shape dm = mmax_dims(in->mod[0]);
    const uint32_t *A = RA, *B = RB, *C = RC;
    bool xor_op = in->mod[4] == MOD_MXO_XOR;
    for (unsigned r = 0; r < dm.m; r++)
        for (unsigned n = 0; n < dm.n; n++) {
            unsigned h;
            uint32_t s = C[acc_word(in->mod[0], 2, 0, r, n, &h)];
            for (unsigned w = 0; w < dm.k / 32; w++) {
                uint32_t a = A[(r / 8 + 2 * (w / 4)) * W + 4 * (r % 8) + w % 4];
                uint32_t b = B[(w / 4) * W + 4 * n + w % 4];
                s += (uint32_t)__builtin_popcount(xor_op ? a ^ b : a & b);
            }
            out[0][r][n] = s;
        }
}

EXEC(MMAX)
{
    unsigned shape = in->mod[0], acc = in->mod[3];
    if (mask != SIM_FULL_MASK) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: MMAX (mma.sync) needs all 32 lanes of the warp active and "
                       "unguarded; active lanes 0x%08x", mask);
        return SIM_STEP_FAULT;
    }
    if (!mmax_valid(shape, in->mod[1], in->mod[2], acc, in->mod[4])) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: MMAX: not a defined shape/type combination (shape %u, types "
                       "%u.%u, accumulator %u, option %u)", shape, in->mod[1], in->mod[2], acc,
                       in->mod[4]);
        return SIM_STEP_FAULT;
    }
    uint32_t out[4][16][8];
    if (in->mod[1] == MOD_MXT_B1)
        run_b1(x, in, out);
    else
        run_float(x, in, out);
    mmax_shape dm = mmax_dims(shape);
    unsigned nq = shape == MOD_MX_M8N8K4 ? 4 : 1, dt = mmax_dtype(acc);
    uint32_t *D = RD;
    for (unsigned q = 0; q < nq; q++)
        for (unsigned r = 0; r < dm.m; r++)
            for (unsigned n = 0; n < dm.n; n++) {
                unsigned h, at = acc_word(shape, dt, q, r, n, &h);
                if (dt == 1)
                    D[at] = h ? (D[at] & 0xFFFFu) | out[q][r][n] << 16
                              : (D[at] & 0xFFFF0000u) | out[q][r][n];
                else
                    D[at] = out[q][r][n];
            }
    x->sm->stats.mma_steps += mmax_steps(shape);
    return SIM_STEP_NEXT;
}
