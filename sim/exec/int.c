/* sim/exec/int.c — INT class: integer arithmetic, logic, shifts, compares.
 *
 * Typed ops (ITYPE) read their operands as the low bits of a register (8,
 * 16, 32) or a pair (64), extended by signedness; narrower results are
 * extended back into the 32-bit register. Immediates of 64-bit ops are
 * sign-extended by the predecoder's constant rows. Hardware-defined cases
 * never reach a host trap: x / 0 is all ones, x % 0 is x, MIN / -1 is MIN.
 */
#include "sim/exec/exec.h"

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

EXEC(IADD)
{
    const uint32_t *A = RA, *B = RB;
    if (in->mod[0] == MOD_W64)
        MAP64(RD, rd64(A, l) + rd64(B, l));
    else
        MAP32(RD, A[l] + B[l]);
    return SIM_STEP_NEXT;
}

EXEC(ISUB)
{
    const uint32_t *A = RA, *B = RB;
    if (in->mod[0] == MOD_W64)
        MAP64(RD, rd64(A, l) - rd64(B, l));
    else
        MAP32(RD, A[l] - B[l]);
    return SIM_STEP_NEXT;
}

/* a * b (+ c) for every ITYPE and LO/HI/WIDE, in 128-bit arithmetic. */
static uint64_t mul_typed(unsigned mode, unsigned t, uint64_t a, uint64_t b, uint64_t c)
{
    unsigned w = ity_bits(t);
    bool sgn = ity_signed(t);
    u128 prod = sgn ? (u128)((i128)(int64_t)a * (int64_t)b) : (u128)a * b;
    switch (mode) {
    case MOD_MUL_LO:
        return (uint64_t)prod + c;
    case MOD_MUL_HI:
        /* the high half of the 2w-bit product: an arithmetic shift for
         * signed types keeps the sign of the product */
        return (uint64_t)(sgn ? (u128)((i128)prod >> w) : prod >> w) + c;
    default:
        return (uint64_t)prod + c;   /* WIDE: the caller writes 2w bits */
    }
}

/* Result type of a multiply: the operand type, or twice as wide for WIDE. */
static unsigned mul_dtype(unsigned mode, unsigned t)
{
    if (mode != MOD_MUL_WIDE)
        return t;
    switch (t) {
    case MOD_U32: return MOD_U64;
    case MOD_S32: return MOD_S64;
    case MOD_U16: return MOD_U32;
    case MOD_S16: return MOD_S32;
    case MOD_U8:  return MOD_U16;
    default:      return MOD_S16;   /* MOD_S8; 64-bit WIDE is refused by the predecoder */
    }
}

static sim_step mul_common(sim_exec *x, const sim_insn *in, uint32_t mask, bool has_c)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    unsigned mode = in->mod[0], t = in->mod[1], dt = mul_dtype(mode, t);
    uint32_t *D = RD;
    /* the common 32-bit forms, without 128-bit arithmetic */
    if (mode == MOD_MUL_LO && (t == MOD_U32 || t == MOD_S32)) {
        if (has_c)
            MAP32(D, A[l] * B[l] + C[l]);
        else
            MAP32(D, A[l] * B[l]);
        return SIM_STEP_NEXT;
    }
    if (mode == MOD_MUL_WIDE && t == MOD_U32) {
        MAP64(D, (uint64_t)A[l] * B[l] + (has_c ? rd64(C, l) : 0));
        return SIM_STEP_NEXT;
    }
    if (mode == MOD_MUL_WIDE && t == MOD_S32) {
        MAP64(D, (uint64_t)((int64_t)(int32_t)A[l] * (int32_t)B[l]) + (has_c ? rd64(C, l) : 0));
        return SIM_STEP_NEXT;
    }
    LANES(uint64_t r = mul_typed(mode, t, ity_get(A, l, t), ity_get(B, l, t),
                                 has_c ? ity_get(C, l, dt) : 0);
          ity_put(D, l, dt, r));
    return SIM_STEP_NEXT;
}

EXEC(IMUL) { return mul_common(x, in, mask, false); }
EXEC(IMAD) { return mul_common(x, in, mask, true); }

static uint64_t div_typed(unsigned t, uint64_t a, uint64_t b, bool rem)
{
    unsigned w = ity_bits(t);
    if (b == 0)
        return rem ? a : UINT64_MAX;   /* all ones, truncated to w by ity_put */
    if (!ity_signed(t))
        return rem ? a % b : a / b;
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    int64_t min = w == 64 ? INT64_MIN : -(int64_t)(1ull << (w - 1));
    if (sa == min && sb == -1)
        return rem ? 0 : (uint64_t)min;
    return rem ? (uint64_t)(sa % sb) : (uint64_t)(sa / sb);
}

EXEC(IDIV)
{
    const uint32_t *A = RA, *B = RB;
    uint32_t *D = RD;
    unsigned t = in->mod[0];
    LANES(ity_put(D, l, t, div_typed(t, ity_get(A, l, t), ity_get(B, l, t), false)));
    return SIM_STEP_NEXT;
}

EXEC(IREM)
{
    const uint32_t *A = RA, *B = RB;
    uint32_t *D = RD;
    unsigned t = in->mod[0];
    LANES(ity_put(D, l, t, div_typed(t, ity_get(A, l, t), ity_get(B, l, t), true)));
    return SIM_STEP_NEXT;
}

EXEC(IMNMX)
{
    const uint32_t *A = RA, *B = RB;
    uint32_t *D = RD;
    bool max = in->mod[0] == MOD_MAX;
    unsigned t = in->mod[1];
    if (ity_signed(t))
        LANES(int64_t a = (int64_t)ity_get(A, l, t); int64_t b = (int64_t)ity_get(B, l, t);
              ity_put(D, l, t, (uint64_t)((a < b) != max ? a : b)));
    else
        LANES(uint64_t a = ity_get(A, l, t); uint64_t b = ity_get(B, l, t);
              ity_put(D, l, t, (a < b) != max ? a : b));
    return SIM_STEP_NEXT;
}

EXEC(IABS)
{
    const uint32_t *A = RA;
    if (in->mod[0] == MOD_W64)
        MAP64(RD, (int64_t)rd64(A, l) < 0 ? 0 - rd64(A, l) : rd64(A, l));
    else
        MAP32(RD, (int32_t)A[l] < 0 ? 0u - A[l] : A[l]);
    return SIM_STEP_NEXT;
}

EXEC(INEG)
{
    const uint32_t *A = RA;
    if (in->mod[0] == MOD_W64)
        MAP64(RD, 0 - rd64(A, l));
    else
        MAP32(RD, 0u - A[l]);
    return SIM_STEP_NEXT;
}

EXEC(LOP)
{
    const uint32_t *A = RA, *B = RB;
    /* 64-bit LOP is the same bitwise op on both halves of the pair */
    unsigned rows = in->mod[1] == MOD_W64 ? 2 : 1;
    for (unsigned h = 0; h < rows; h++) {
        const uint32_t *Ah = A + h * ISA_WARP_SIZE, *Bh = B + h * ISA_WARP_SIZE;
        uint32_t *Dh = RD + h * ISA_WARP_SIZE;
        switch (in->mod[0]) {
        case MOD_AND: MAP32(Dh, Ah[l] & Bh[l]); break;
        case MOD_OR:  MAP32(Dh, Ah[l] | Bh[l]); break;
        default:      MAP32(Dh, Ah[l] ^ Bh[l]); break;
        }
    }
    return SIM_STEP_NEXT;
}

EXEC(LNOT)
{
    const uint32_t *A = RA;
    if (in->mod[0] == MOD_W64)
        MAP64(RD, ~rd64(A, l));
    else
        MAP32(RD, ~A[l]);
    return SIM_STEP_NEXT;
}

EXEC(SHL)
{
    const uint32_t *A = RA, *B = RB;
    if (in->mod[0] == MOD_W64)
        MAP64(RD, B[l] >= 64 ? 0 : rd64(A, l) << B[l]);
    else
        MAP32(RD, B[l] >= 32 ? 0 : A[l] << B[l]);
    return SIM_STEP_NEXT;
}

EXEC(SHR)
{
    const uint32_t *A = RA, *B = RB;
    uint32_t *D = RD;
    unsigned t = in->mod[0], w = ity_bits(t);
    if (t == MOD_U32) {
        MAP32(D, B[l] >= 32 ? 0 : A[l] >> B[l]);
    } else if (t == MOD_S32) {
        MAP32(D, (uint32_t)((int32_t)A[l] >> (B[l] >= 32 ? 31 : B[l])));
    } else if (ity_signed(t)) {
        /* the extended value shifted arithmetically is the w-bit result, extended */
        LANES(int64_t a = (int64_t)ity_get(A, l, t);
              ity_put(D, l, t, (uint64_t)(a >> (B[l] >= w ? w - 1 : B[l]))));
    } else {
        LANES(uint64_t a = ity_get(A, l, t); ity_put(D, l, t, B[l] >= w ? 0 : a >> B[l]));
    }
    return SIM_STEP_NEXT;
}

/* Compare result as a lane mask, from the lanes where a < b and a == b.
 * The U forms equal the ordered ones (integers have no NaN); NUM is always
 * true and NAN always false. */
static uint32_t icmp_mask(unsigned cmp, uint32_t lt, uint32_t eq)
{
    switch (cmp) {
    case MOD_CMP_LT: case MOD_CMP_LTU: return lt;
    case MOD_CMP_EQ: case MOD_CMP_EQU: return eq;
    case MOD_CMP_LE: case MOD_CMP_LEU: return lt | eq;
    case MOD_CMP_GT: case MOD_CMP_GTU: return ~(lt | eq);
    case MOD_CMP_NE: case MOD_CMP_NEU: return ~eq;
    case MOD_CMP_GE: case MOD_CMP_GEU: return ~lt;
    case MOD_CMP_NUM: case MOD_CMP_T: return SIM_FULL_MASK;
    default: return 0;   /* F, NAN */
    }
}

EXEC(ISETP)
{
    const uint32_t *A = RA, *B = RB;
    unsigned t = in->mod[1];
    uint32_t lt = 0, eq = 0;
    if (t == MOD_U32)
        LANES(lt |= (uint32_t)(A[l] < B[l]) << l; eq |= (uint32_t)(A[l] == B[l]) << l);
    else if (t == MOD_S32)
        LANES(lt |= (uint32_t)((int32_t)A[l] < (int32_t)B[l]) << l;
              eq |= (uint32_t)(A[l] == B[l]) << l);
    else if (ity_signed(t))
        LANES(int64_t a = (int64_t)ity_get(A, l, t); int64_t b = (int64_t)ity_get(B, l, t);
              lt |= (uint32_t)(a < b) << l; eq |= (uint32_t)(a == b) << l);
    else
        LANES(uint64_t a = ity_get(A, l, t); uint64_t b = ity_get(B, l, t);
              lt |= (uint32_t)(a < b) << l; eq |= (uint32_t)(a == b) << l);
    uint32_t v = icmp_mask(in->mod[0], lt, eq);
    pred_write(x, in, mask, pred_bool(in->mod[2], v, pred_z(x, in)));
    return SIM_STEP_NEXT;
}

EXEC(POPC)
{
    const uint32_t *A = RA;
    if (in->mod[0] == MOD_W64)
        MAP32(RD, (uint32_t)__builtin_popcountll(rd64(A, l)));
    else
        MAP32(RD, (uint32_t)__builtin_popcount(A[l]));
    return SIM_STEP_NEXT;
}

static uint32_t brev32(uint32_t v)
{
    v = (v >> 1 & 0x55555555u) | (v & 0x55555555u) << 1;
    v = (v >> 2 & 0x33333333u) | (v & 0x33333333u) << 2;
    v = (v >> 4 & 0x0F0F0F0Fu) | (v & 0x0F0F0F0Fu) << 4;
    return __builtin_bswap32(v);
}

EXEC(BREV)
{
    const uint32_t *A = RA;
    if (in->mod[0] == MOD_W64)
        MAP64(RD, (uint64_t)brev32(A[l]) << 32 | brev32(A[l + ISA_WARP_SIZE]));
    else
        MAP32(RD, brev32(A[l]));
    return SIM_STEP_NEXT;
}

/* Index of the highest bit that differs from the sign (signed) or is set
 * (unsigned); all ones when there is none. */
static uint32_t flo(uint64_t v, bool sgn)
{
    if (sgn && (int64_t)v < 0)
        v = ~v;
    return v == 0 ? SIM_FULL_MASK : (uint32_t)(63 - __builtin_clzll(v));
}

EXEC(FLO)
{
    const uint32_t *A = RA;
    unsigned t = in->mod[0];
    bool sgn = ity_signed(t);
    MAP32(RD, flo(ity_get(A, l, t), sgn));
    return SIM_STEP_NEXT;
}

EXEC(CLZ)
{
    const uint32_t *A = RA;
    if (in->mod[0] == MOD_W64)
        MAP32(RD, rd64(A, l) == 0 ? 64u : (uint32_t)__builtin_clzll(rd64(A, l)));
    else
        MAP32(RD, A[l] == 0 ? 32u : (uint32_t)__builtin_clz(A[l]));
    return SIM_STEP_NEXT;
}
