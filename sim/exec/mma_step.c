/* sim/exec/mma_step.c — MMAS, the generic 4x4x4 unit step of a PTX
 * mma.sync, and MMAC, the accumulator conversions around it.
 *
 * One step updates a 4x4 tile of the accumulator (rows 4mt.., columns
 * 4nt..) with k = 4kt..4kt+3, for the whole warp at once: gather the A and
 * B tiles from the fragment registers (layouts in sim/exec/mma_frag.h),
 * 64 multiply-adds, scatter the 16 results. Arithmetic per accumulator:
 *   F32  f16/bf16/tf32 products are exact in f32; they are added to C in k
 *        order with f32 round-to-nearest additions.
 *   F16  the same in f32 from C (exact), rounded to f16 once per step.
 *   S64  integer products added exactly (64-bit): the PTX s32 result is
 *        produced by MMAC (wrap or .satfinite clamp) after the last step,
 *        so saturation applies to the exact sum as on the hardware.
 *   F64  fma(a, b, acc) in k order (one rounding per product).
 */
#include <math.h>
#include "sim/exec/fpu.h"
#include "isa/mma_frag.h"
#include "sim/exec/mma_fp8.h"

enum { W = ISA_WARP_SIZE };

/* Element x of an input register as a double (exact for every input type). */
static double in_val(const uint32_t *R, unsigned reg, unsigned lane, unsigned x, unsigned ty)
{
    uint32_t w = R[reg * W + lane];
    switch (ty) {
    case MOD_MT_F16:
        return f32_of(f16_to_f32_bits((w >> (16 * x)) & 0xFFFFu));
    case MOD_MT_BF16:
        return f32_of(bf16_to_f32_bits(w >> (16 * x)));
    case MOD_MT_TF32:   /* the low 13 mantissa bits are ignored */
        return f32_of(w & 0xFFFFE000u);
    case MOD_MT_S8:
        return (int8_t)(uint8_t)(w >> (8 * x));
    case MOD_MT_U8:
        return (uint8_t)(w >> (8 * x));
    case MOD_MT_S4:
        return (double)((int32_t)(w << (28 - 4 * x)) >> 28);
    case MOD_MT_U4:
        return (w >> (4 * x)) & 0xFu;
    case MOD_MT_E4M3: case MOD_MT_E5M2:   /* exact in f32 */
        return f32_of(fp8_to_f32_bits((w >> (8 * x)) & 0xFFu, ty == MOD_MT_E5M2));
    case MOD_MT_F64: {
        uint64_t u = (uint64_t)w | (uint64_t)R[(reg + 1) * W + lane] << 32;
        double v;
        memcpy(&v, &u, sizeof v);
        return v;
    }
    default:   /* no other type passes mmas_valid / mmasp_valid */
        return 0;
    }
}

/* Word offset (row * W + lane) of accumulator element [r][n] and, for F16,
 * which half. */
static unsigned acc_at(unsigned acc, unsigned r, unsigned n, unsigned *half)
{
    unsigned lane = 4 * (r % 8) + n / 2;
    *half = n & 1;
    switch (acc) {
    case MOD_MACC_F16: return (r / 8) * W + lane;
    case MOD_MACC_F32: return (2 * (r / 8) + n % 2) * W + lane;
    default:           return 2 * (2 * (r / 8) + n % 2) * W + lane;   /* pairs */
    }
}

EXEC(MMAS)
{
    unsigned shape = in->mod[0], ta = in->mod[1], tb = in->mod[2], acc = in->mod[3];
    if (mask != SIM_FULL_MASK) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: MMAS (mma.sync) needs all 32 lanes of the warp active and "
                       "unguarded; active lanes 0x%08x", mask);
        return SIM_STEP_FAULT;
    }
    unsigned kts = mmas_k(shape) / 4, mts = mmas_m(shape) / 4;
    if (!mmas_valid(shape, ta, tb, acc) || in->imm >= mts * 2 * kts) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: MMAS step %u: not a step of a defined shape/type combination "
                       "(shape %u, types %u.%u, accumulator %u)", in->imm, shape, ta, tb, acc);
        return SIM_STEP_FAULT;
    }
    unsigned mt = in->imm / (2 * kts), nt = in->imm / kts % 2, kt = in->imm % kts;
    unsigned e = mmas_per(ta), kc = mmas_kc(ta), rw = ta == MOD_MT_F64 ? 2 : 1;
    const uint32_t *A = RA, *B = RB, *C = RC;
    double a[4][4], b[4][4];
    for (unsigned i = 0; i < 4; i++)
        for (unsigned q = 0; q < 4; q++) {
            unsigned r = 4 * mt + i, k = 4 * kt + q, n = 4 * nt + i;
            a[i][q] = in_val(A, rw * (r / 8 + 2 * (k / kc)), 4 * (r % 8) + (k % kc) / e, k % e, ta);
            b[q][i] = in_val(B, rw * (k / kc), 4 * n + (k % kc) / e, k % e, tb);
        }
    uint32_t out[4][4][2];
    for (unsigned i = 0; i < 4; i++)
        for (unsigned j = 0; j < 4; j++) {
            unsigned h, at = acc_at(acc, 4 * mt + i, 4 * nt + j, &h);
            uint32_t c = C[at];
            if (acc == MOD_MACC_F32 || acc == MOD_MACC_F16) {
                float s = acc == MOD_MACC_F32 ? f32_of(c)
                        : f32_of(f16_to_f32_bits((c >> (16 * h)) & 0xFFFFu));
                for (unsigned q = 0; q < 4; q++)
                    s += (float)(a[i][q] * b[q][j]);   /* exact product */
                uint32_t u = fix32(bits_f32(s), 0, 0);
                out[i][j][0] = acc == MOD_MACC_F32 ? u
                             : (uint32_t)sf_convert(MOD_F16, MOD_RN, MOD_F32, u);
            } else {
                uint64_t cu = (uint64_t)c | (uint64_t)C[at + W] << 32, r;
                if (acc == MOD_MACC_S64) {
                    int64_t s = (int64_t)cu;
                    for (unsigned q = 0; q < 4; q++)
                        s += (int64_t)a[i][q] * (int64_t)b[q][j];
                    r = (uint64_t)s;
                } else {
                    double s;
                    memcpy(&s, &cu, sizeof s);
                    for (unsigned q = 0; q < 4; q++)
                        s = fma(a[i][q], b[q][j], s);
                    memcpy(&r, &s, sizeof r);
                    r = fix64(r);
                }
                out[i][j][0] = (uint32_t)r;
                out[i][j][1] = (uint32_t)(r >> 32);
            }
        }
    uint32_t *D = RD;
    for (unsigned i = 0; i < 4; i++)
        for (unsigned j = 0; j < 4; j++) {
            unsigned h, at = acc_at(acc, 4 * mt + i, 4 * nt + j, &h);
            if (acc == MOD_MACC_F16) {
                D[at] = h ? (D[at] & 0xFFFFu) | out[i][j][0] << 16
                          : (D[at] & 0xFFFF0000u) | out[i][j][0];
            } else {
                D[at] = out[i][j][0];
                if (acc != MOD_MACC_F32)
                    D[at + W] = out[i][j][1];
            }
        }
    x->sm->stats.mma_steps++;
    return SIM_STEP_NEXT;
}

/* MMAC.<to>.<from>[.SAT]: 4 accumulator elements per lane (m16n8). */
EXEC(MMAC)
{
    unsigned to = in->mod[0], from = in->mod[1];
    bool sat = in->mod[2] != 0;
    const uint32_t *C = RC;
    uint32_t v[8][W];
    bool ok = true;
    for (unsigned el = 0; el < 4; el++)
        for (unsigned l = 0; l < W; l++) {
            switch (from * 4 + to) {
            case MOD_MCT_F16 * 4 + MOD_MCT_F32:
                v[el][l] = f16_to_f32_bits((C[(el / 2) * W + l] >> (16 * (el % 2))) & 0xFFFFu);
                break;
            case MOD_MCT_F32 * 4 + MOD_MCT_F16:
                v[el][l] = (uint32_t)sf_convert(MOD_F16, MOD_RN, MOD_F32, C[el * W + l]);
                break;
            case MOD_MCT_S32 * 4 + MOD_MCT_S64: {
                int64_t s = (int32_t)C[el * W + l];
                v[2 * el][l] = (uint32_t)s;
                v[2 * el + 1][l] = (uint32_t)((uint64_t)s >> 32);
                break;
            }
            case MOD_MCT_S64 * 4 + MOD_MCT_S32: {
                int64_t s = (int64_t)((uint64_t)C[2 * el * W + l] |
                                      (uint64_t)C[(2 * el + 1) * W + l] << 32);
                if (sat)
                    s = s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : s;
                v[el][l] = (uint32_t)s;
                break;
            }
            default:
                ok = false;
                break;
            }
        }
    if (!ok) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: MMAC: no conversion from accumulator type %u to %u", from, to);
        return SIM_STEP_FAULT;
    }
    uint32_t *D = RD;
    unsigned words = to == MOD_MCT_S64 ? 8 : 4;
    for (unsigned w = 0; w < words; w++) {
        if (to == MOD_MCT_F16) {
            if (w < 2)
                LANES(D[w * W + l] = v[2 * w][l] | v[2 * w + 1][l] << 16);
        } else {
            LANES(D[w * W + l] = v[w][l]);
        }
    }
    return SIM_STEP_NEXT;
}

/* Fills pos[0..K/2) with the k of each stored element of row r of an
 * MMASP's A from the metadata words E (isa/mma_frag.h); false (fault set)
 * for an index pair PTX leaves undefined. */
static bool sp_positions(sim_exec *x, const sim_insn *in, const uint32_t *E, unsigned r,
                         unsigned pos[64])
{
    unsigned shape = in->mod[0], ta = in->mod[1], cw = mmasp_chunk(ta);
    for (unsigned ch = 0; ch < mmasp_k(shape) / cw; ch++) {
        unsigned t, sh;
        mmasp_meta_at(shape, ta, in->imm, r, ch, &t, &sh);
        unsigned lane = 4 * (r % 8) + t, fld = (E[lane] >> sh) & 0xFu;
        unsigned i0 = fld & 3u, i1 = fld >> 2;
        bool ok = i0 != i1 && (cw != 2 || fld == 0x4u || fld == 0xEu);
        if (!ok) {
            sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                           "cobalt: MMASP (mma.sp): sparsity metadata 0x%x of row %u, chunk %u "
                           "(lane %u) is not a valid index pair", fld, r, ch, lane);
            return false;
        }
        if (cw == 4) {
            pos[2 * ch] = 4 * ch + i0;
            pos[2 * ch + 1] = 4 * ch + i1;
        } else if (cw == 2) {
            pos[ch] = 2 * ch + i0 / 2;
        } else {
            for (unsigned q = 0; q < 4; q++)
                pos[4 * ch + q] = 8 * ch + 2 * (q < 2 ? i0 : i1) + q % 2;
        }
    }
    return true;
}

/* MMASP: a whole mma.sp{::ordered_metadata}. Row r's stored elements are
 * taken in their stored order (increasing k for ordered metadata) and only
 * those products are formed: F32 adds them exactly to C one at a time with
 * f32 round-to-nearest, F16 does the same and rounds to f16 after every 4
 * products (one unit step of the K/2 computed), S64 is exact. Counts the
 * 16*8*(K/2)/64 unit steps actually computed. */
EXEC(MMASP)
{
    unsigned shape = in->mod[0], ta = in->mod[1], tb = in->mod[2], acc = in->mod[3];
    if (mask != SIM_FULL_MASK) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: MMASP (mma.sp) needs all 32 lanes of the warp active and "
                       "unguarded; active lanes 0x%08x", mask);
        return SIM_STEP_FAULT;
    }
    unsigned nt = mmasp_valid(shape, ta, tb, acc) ? mmasp_meta_threads(shape, ta) : 0;
    if (nt == 0 || in->imm >= 4 / nt) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: MMASP: not a defined shape/type combination or sparsity selector "
                       "(shape %u, types %u.%u, accumulator %u, selector %u)", shape, ta, tb, acc,
                       in->imm);
        return SIM_STEP_FAULT;
    }
    unsigned kh = mmasp_k(shape) / 2, e = mmas_per(ta), kc = mmas_kc(ta);
    const uint32_t *A = RA, *B = RB, *C = RC, *E = RB + mmasp_b_regs(shape, tb) * W;
    uint32_t out[16][8][2];
    for (unsigned r = 0; r < 16; r++) {
        unsigned pos[64];
        double a[64];
        if (!sp_positions(x, in, E, r, pos))
            return SIM_STEP_FAULT;
        for (unsigned j = 0; j < kh; j++)
            a[j] = in_val(A, r / 8 + 2 * (j / kc), 4 * (r % 8) + (j % kc) / e, j % e, ta);
        for (unsigned n = 0; n < 8; n++) {
            unsigned h, at = acc_at(acc, r, n, &h);
            if (acc == MOD_MACC_S64) {
                int64_t s = (int64_t)((uint64_t)C[at] | (uint64_t)C[at + W] << 32);
                for (unsigned j = 0; j < kh; j++) {
                    unsigned k = pos[j];
                    s += (int64_t)a[j] * (int64_t)in_val(B, k / kc, 4 * n + (k % kc) / e, k % e, tb);
                }
                out[r][n][0] = (uint32_t)(uint64_t)s;
                out[r][n][1] = (uint32_t)((uint64_t)s >> 32);
                continue;
            }
            float s = acc == MOD_MACC_F32 ? f32_of(C[at])
                    : f32_of(f16_to_f32_bits((C[at] >> (16 * h)) & 0xFFFFu));
            for (unsigned j = 0; j < kh; j++) {
                unsigned k = pos[j];
                s += (float)(a[j] * in_val(B, k / kc, 4 * n + (k % kc) / e, k % e, tb));
                if (acc == MOD_MACC_F16 && j % 4 == 3)
                    s = f32_of(f16_to_f32_bits((uint32_t)sf_convert(MOD_F16, MOD_RN, MOD_F32,
                                                                    fix32(bits_f32(s), 0, 0))));
            }
            uint32_t u = fix32(bits_f32(s), 0, 0);
            out[r][n][0] = acc == MOD_MACC_F32 ? u : (uint32_t)sf_convert(MOD_F16, MOD_RN, MOD_F32, u);
        }
    }
    uint32_t *D = RD;
    for (unsigned r = 0; r < 16; r++)
        for (unsigned n = 0; n < 8; n++) {
            unsigned h, at = acc_at(acc, r, n, &h);
            if (acc == MOD_MACC_F16) {
                D[at] = h ? (D[at] & 0xFFFFu) | out[r][n][0] << 16
                          : (D[at] & 0xFFFF0000u) | out[r][n][0];
            } else {
                D[at] = out[r][n][0];
                if (acc == MOD_MACC_S64)
                    D[at + W] = out[r][n][1];
            }
        }
    x->sm->stats.mma_steps += 2 * kh;
    return SIM_STEP_NEXT;
}
