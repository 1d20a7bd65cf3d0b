/* isa/ptx/lower_isel_half.c — add/sub/mul/fma/min/max/neg/abs on .f16,
 * .f16x2, .bf16 and .bf16x2: HADD2/HMUL2/HFMA2/HMNMX2 with the rounding
 * (.rn default, .rz/.rm/.rp), .ftz, .sat and .relu of add/sub/mul/fma and
 * the .NaN and .xorsign.abs of min/max; sub adds the negated operand
 * (exact), neg and abs flip or clear the sign bits. PTX defines no .relu
 * on floating-point min/max (only s16x2/s32), so it stays rejected. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

bool lw_is_half(const lw_fn *f)
{
    if (f->cm.ntypes != 1)
        return false;
    ptx_type t = f->cm.type[0];
    return t == PTX_T_F16 || t == PTX_T_F16X2 || t == PTX_T_BF16 || t == PTX_T_BF16X2;
}

static uint8_t hfmt(ptx_type t)
{
    switch (t) {
    case PTX_T_F16:  return MOD_HF16;
    case PTX_T_BF16: return MOD_HBF16;
    case PTX_T_F16X2: return MOD_HF16X2;
    default:         return MOD_HBF16X2;
    }
}

static uint32_t sign_mask(ptx_type t)
{
    return t == PTX_T_F16X2 || t == PTX_T_BF16X2 ? 0x80008000u : 0x8000u;
}

static lw_insn *lop(lw_fn *f, uint8_t opm, lw_reg d, lw_reg a, uint32_t imm)
{
    lw_insn *i = lw_emit(f, OP_LOP);
    if (i == NULL)
        return NULL;
    i->in.mod[0] = opm;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, lw_imm(imm));
    return i;
}

/* .relu / .NaN / .xorsign.abs, which the modifier classifier does not
 * know: *relu, *nan and *xs say whether they are present; false when some
 * other unknown modifier is there too, or only one of xorsign and abs. */
static bool extra_mods(const lw_fn *f, bool *relu, bool *nan, bool *xs)
{
    static const char *const known[] = { "rn", "rz", "rm", "rp", "ftz", "sat", "f16", "f16x2",
                                          "bf16", "bf16x2", "relu", "NaN", "xorsign", "abs" };
    bool xor = false, abs = false;
    *relu = *nan = false;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *m = f->ci->mods[i];
        bool ok = false;
        for (unsigned k = 0; k < sizeof known / sizeof known[0]; k++)
            ok |= strcmp(m, known[k]) == 0;
        if (!ok)
            return false;
        *relu |= strcmp(m, "relu") == 0;
        *nan |= strcmp(m, "NaN") == 0;
        xor |= strcmp(m, "xorsign") == 0;
        abs |= strcmp(m, "abs") == 0;
    }
    *xs = xor && abs;
    return xor == abs;
}

bool lw_isel_half(lw_fn *f, const char *opc)
{
    ptx_type t = f->cm.type[0];
    bool unary = strcmp(opc, "neg") == 0 || strcmp(opc, "abs") == 0;
    bool fma = strcmp(opc, "fma") == 0;
    bool mnmx = strcmp(opc, "min") == 0 || strcmp(opc, "max") == 0;
    bool relu = false, nan = false, xs = false;
    if (f->cm.has & LWM_UNKNOWN) {
        /* PTX has no .relu on floating-point min/max */
        if (!extra_mods(f, &relu, &nan, &xs) || unary || (mnmx && relu) || (!mnmx && nan) ||
            (!mnmx && xs) || (relu && (f->cm.has & LWM_SAT)))
            return lw_unsupported(f);
        f->cm.has &= ~LWM_UNKNOWN;
    }
    if (!lw_mods_only(f, LWM_TYPE | (unary ? 0 : mnmx ? LWM_NAN : LWM_RND | LWM_FTZ | LWM_SAT)))
        return false;
    nan |= (f->cm.has & LWM_NAN) != 0;
    lw_reg d, a, b, c;
    if (!lw_nops(f, unary ? 2 : fma ? 4 : 3) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, t, &a))
        return false;
    if (unary)
        return lop(f, strcmp(opc, "neg") == 0 ? MOD_XOR : MOD_AND, d, a,
                   strcmp(opc, "neg") == 0 ? sign_mask(t) : ~sign_mask(t) &
                   (sign_mask(t) == 0x8000u ? 0xffffu : 0xffffffffu)) != NULL;
    if (!lw_reg_of(f, 2, t, &b) || (fma && !lw_reg_of(f, 3, t, &c)))
        return false;
    isa_op op = fma ? OP_HFMA2 : mnmx ? OP_HMNMX2 : strcmp(opc, "mul") == 0 ? OP_HMUL2 : OP_HADD2;
    if (strcmp(opc, "sub") == 0) {
        lw_reg nb = lw_tmp(f, 1);
        if (nb.v == 0 || lop(f, MOD_XOR, nb, b, sign_mask(t)) == NULL)
            return false;
        b = nb;
    }
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return false;
    if (mnmx) {
        i->in.mod[0] = strcmp(opc, "min") == 0 ? MOD_MIN : MOD_MAX;
        i->in.mod[1] = hfmt(t);
        i->in.mod[2] = nan;
        i->in.mod[3] = xs;
    } else {
        i->in.mod[0] = hfmt(t);
        i->in.mod[1] = f->cm.has & LWM_RND ? f->cm.rnd : MOD_RN;
        i->in.mod[2] = (f->cm.has & LWM_FTZ) != 0;
        i->in.mod[3] = (f->cm.has & LWM_SAT) != 0;
        i->in.mod[4] = relu;
    }
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    if (fma)
        lw_set(i, LW_C, c);
    return true;
}

/* One half of ex2/tanh.approx on f16/bf16: d = fmt(MUFU(f32(src))). */
static bool half_sfu_one(lw_fn *f, uint8_t fmt, uint8_t which, bool ftz, lw_reg src, lw_reg d)
{
    lw_reg x = lw_tmp(f, 1), y = lw_tmp(f, 1);
    if (x.v == 0 || y.v == 0)
        return false;
    lw_insn *i = lw_emit(f, OP_F2F);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_F32;
    i->in.mod[1] = fmt;
    i->in.mod[2] = MOD_RN;
    lw_set(i, LW_D, x);
    lw_set(i, LW_A, src);
    if ((i = lw_emit(f, OP_MUFU)) == NULL)
        return false;
    i->in.mod[0] = which;
    i->in.mod[1] = ftz;      /* bf16 subnormals are f32 subnormals: flushed here */
    lw_set(i, LW_D, y);
    lw_set(i, LW_A, x);
    if ((i = lw_emit(f, OP_F2F)) == NULL)
        return false;
    i->in.mod[0] = fmt;
    i->in.mod[1] = MOD_F32;
    i->in.mod[2] = MOD_RN;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, y);
    return true;
}

/* ex2.approx{.ftz}.{f16,f16x2,bf16,bf16x2} and tanh.approx.{same}: each
 * half widened exactly to f32, MUFU.EX2 / MUFU.TANH (host libm, about 1 ulp
 * of f32), then rounded to nearest: the error is at most 0.5 ulp of the
 * half format plus that f32 error (relative 2^-11 + 2^-23 for f16, 2^-8 +
 * 2^-23 for bf16), the best a half-precision result can do, so it meets
 * any bound the manual documents for these approximations. */
static bool half_sfu(lw_fn *f)
{
    ptx_type t = f->cm.type[0];
    if (!lw_mods_only(f, LWM_TYPE | LWM_APPROX | LWM_FTZ))
        return false;
    if (!(f->cm.has & LWM_APPROX))
        return lw_unsupported(f);
    uint8_t which = strcmp(f->ci->opcode, "ex2") == 0 ? MOD_MUFU_EX2 : MOD_MUFU_TANH;
    uint8_t fmt = t == PTX_T_F16 || t == PTX_T_F16X2 ? MOD_F16 : MOD_BF16;
    bool ftz = (f->cm.has & LWM_FTZ) != 0;
    lw_reg d, a;
    if (!lw_nops(f, 2) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, t, &a))
        return false;
    if (t == PTX_T_F16 || t == PTX_T_BF16)
        return half_sfu_one(f, fmt, which, ftz, a, d);
    lw_reg hi = lw_tmp(f, 1), lo = lw_tmp(f, 1), rhi = lw_tmp(f, 1), sh = lw_tmp(f, 1);
    if (hi.v == 0 || lo.v == 0 || rhi.v == 0 || sh.v == 0)
        return false;
    lw_insn *i = lw_emit(f, OP_SHR);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_U32;
    lw_set(i, LW_D, hi);
    lw_set(i, LW_A, a);
    lw_setb(i, lw_imm(16));
    if (!half_sfu_one(f, fmt, which, ftz, a, lo) || !half_sfu_one(f, fmt, which, ftz, hi, rhi))
        return false;
    if ((i = lw_emit(f, OP_SHL)) == NULL)
        return false;
    lw_set(i, LW_D, sh);
    lw_set(i, LW_A, rhi);
    lw_setb(i, lw_imm(16));
    if ((i = lw_emit(f, OP_LOP)) == NULL)
        return false;
    i->in.mod[0] = MOD_OR;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, lo);
    lw_setb(i, lw_rsrc(sh));
    return true;
}

bool lw_isel_sfu_any(lw_fn *f)
{
    return lw_is_half(f) ? half_sfu(f) : lw_isel_sfu(f);
}
