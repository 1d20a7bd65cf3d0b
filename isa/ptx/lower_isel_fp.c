/* isa/ptx/lower_isel_fp.c — f32 and f64 arithmetic (F* and D* ops) and the
 * special functions (MUFU). Rounding defaults to .rn. f64 operands are
 * always registers (D* ops take no immediates). rcp.rn is a division of
 * 1.0; rsqrt.approx.f64 uses the exact operations, which meet any
 * approximation bound; rcp.approx.ftz.f64 is DRCPA (the manual's 1.11.20
 * computation with its flushing rules). */
#include <string.h>
#include "isa/ptx/lower_internal.h"

#define F32_ONE 0x3f800000u
#define F64_ONE 0x3ff0000000000000ull

static bool ftype(lw_fn *f, ptx_type *t)
{
    if (f->cm.ntypes != 1)
        return lw_unsupported(f);
    *t = f->cm.type[0];
    return *t == PTX_T_F32 || *t == PTX_T_F64 || lw_unsupported(f);
}

static uint8_t rnd(const lw_fn *f)
{
    return f->cm.has & LWM_RND ? f->cm.rnd : MOD_RN;
}

static uint8_t bit(const lw_fn *f, uint32_t flag)
{
    return (f->cm.has & flag) != 0;
}

/* Emits op with d, a, b (and c) from PTX operands 0..n-1 of type t. */
static lw_insn *fop(lw_fn *f, isa_op op, ptx_type t, unsigned n)
{
    bool f64 = t == PTX_T_F64;
    unsigned words = f64 ? 2 : 1;
    lw_reg d, a, c;
    lw_src b;
    if (!lw_nops(f, n) || !lw_dst(f, 0, words, &d) || !lw_reg_of(f, 1, t, &a) ||
        (n > 2 && !lw_src_of(f, 2, t, !f64, &b)) || (n > 3 && !lw_reg_of(f, 3, t, &c)))
        return NULL;
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return NULL;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    if (n > 2)
        lw_setb(i, b);
    if (n > 3)
        lw_set(i, LW_C, c);
    return i;
}

/* min/max{.ftz}{.NaN}.xorsign.abs.f32: true when the modifiers the
 * classifier does not know are exactly xorsign and abs. */
static bool xorsign_abs(const lw_fn *f)
{
    bool xor = false, abs = false;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *m = f->ci->mods[i];
        if (strcmp(m, "xorsign") == 0)
            xor = true;
        else if (strcmp(m, "abs") == 0)
            abs = true;
        else if (strcmp(m, "ftz") != 0 && strcmp(m, "NaN") != 0 && strcmp(m, "f32") != 0)
            return false;
    }
    return xor && abs;
}

bool lw_isel_fbinop(lw_fn *f, const char *opc)
{
    if (lw_is_half(f))   /* lower_isel_half.c */
        return lw_isel_half(f, opc);
    ptx_type t = PTX_T_NONE;
    if (!ftype(f, &t))
        return false;
    bool f64 = t == PTX_T_F64;
    bool mnmx = strcmp(opc, "min") == 0 || strcmp(opc, "max") == 0;
    bool div = strcmp(opc, "div") == 0;
    bool xs = false;
    if (mnmx && !f64 && (f->cm.has & LWM_UNKNOWN)) {
        if (!xorsign_abs(f))
            return lw_unsupported(f);
        xs = true;
        f->cm.has &= ~LWM_UNKNOWN;
    }
    uint32_t allowed = LWM_TYPE | (mnmx ? LWM_NAN : LWM_RND);
    if (!f64)
        allowed |= LWM_FTZ | (div ? LWM_APPROX | LWM_FULL : mnmx ? 0 : LWM_SAT);
    if (!lw_mods_only(f, allowed))
        return false;
    isa_op op;
    if (mnmx)
        op = f64 ? OP_DMNMX : OP_FMNMX;
    else if (div)
        op = f64 ? OP_DDIV : OP_FDIV;
    else if (strcmp(opc, "add") == 0)
        op = f64 ? OP_DADD : OP_FADD;
    else if (strcmp(opc, "sub") == 0)
        op = f64 ? OP_DSUB : OP_FSUB;
    else
        op = f64 ? OP_DMUL : OP_FMUL;
    lw_insn *i = fop(f, op, t, 3);
    if (i == NULL)
        return false;
    if (mnmx) {
        i->in.mod[0] = strcmp(opc, "min") == 0 ? MOD_MIN : MOD_MAX;
        i->in.mod[1] = f64 ? bit(f, LWM_NAN) : bit(f, LWM_FTZ);
        i->in.mod[2] = f64 ? 0 : bit(f, LWM_NAN);
        i->in.mod[3] = xs;
    } else if (div && !f64) {
        i->in.mod[0] = f->cm.has & LWM_APPROX ? MOD_DIV_APPROX
                     : f->cm.has & LWM_FULL ? MOD_DIV_FULL : rnd(f);
        i->in.mod[1] = bit(f, LWM_FTZ);
    } else {
        i->in.mod[0] = rnd(f);
        if (!f64) {
            i->in.mod[1] = bit(f, LWM_FTZ);
            i->in.mod[2] = bit(f, LWM_SAT);
        }
    }
    return true;
}

bool lw_isel_funop(lw_fn *f, const char *opc)
{
    if (lw_is_half(f))   /* lower_isel_half.c */
        return lw_isel_half(f, opc);
    ptx_type t = PTX_T_NONE;
    if (!ftype(f, &t) || !lw_mods_only(f, LWM_TYPE | (t == PTX_T_F32 ? LWM_FTZ : 0)))
        return false;
    bool f64 = t == PTX_T_F64, abs = strcmp(opc, "abs") == 0;
    lw_insn *i = fop(f, f64 ? (abs ? OP_DABS : OP_DNEG) : (abs ? OP_FABS : OP_FNEG), t, 2);
    if (i == NULL)
        return false;
    if (!f64)
        i->in.mod[0] = bit(f, LWM_FTZ);
    return true;
}

/* fma.rnd.{f32,f64} and mad.{f32,f64}: one rounding. */
bool lw_isel_fma(lw_fn *f)
{
    if (lw_is_half(f))   /* lower_isel_half.c */
        return lw_isel_half(f, "fma");
    ptx_type t = PTX_T_NONE;
    if (!ftype(f, &t))
        return false;
    bool f64 = t == PTX_T_F64;
    if (!lw_mods_only(f, LWM_TYPE | LWM_RND | (f64 ? 0 : LWM_FTZ | LWM_SAT)))
        return false;
    lw_insn *i = fop(f, f64 ? OP_DFMA : OP_FFMA, t, 4);
    if (i == NULL)
        return false;
    i->in.mod[0] = rnd(f);
    if (!f64) {
        i->in.mod[1] = bit(f, LWM_FTZ);
        i->in.mod[2] = bit(f, LWM_SAT);
    }
    return true;
}

static lw_insn *mufu(lw_fn *f, uint8_t which)
{
    lw_insn *i = fop(f, OP_MUFU, PTX_T_F32, 2);
    if (i == NULL)
        return NULL;
    i->in.mod[0] = which;
    i->in.mod[1] = bit(f, LWM_FTZ);
    return i;
}

/* d = 1.0 / x (x a register of type t), rounding r. */
static bool reciprocal(lw_fn *f, ptx_type t, lw_reg d, lw_reg x, uint8_t r)
{
    bool f64 = t == PTX_T_F64;
    lw_reg one;
    if (!lw_const(f, f64 ? F64_ONE : F32_ONE, f64 ? 2 : 1, &one))
        return false;
    lw_insn *i = lw_emit(f, f64 ? OP_DDIV : OP_FDIV);
    if (i == NULL)
        return false;
    i->in.mod[0] = r;
    if (!f64)
        i->in.mod[1] = bit(f, LWM_FTZ);
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, one);
    lw_set(i, LW_B, x);
    return true;
}

bool lw_isel_sqrt(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!ftype(f, &t))
        return false;
    bool f64 = t == PTX_T_F64;
    if (!lw_mods_only(f, LWM_TYPE | (f64 ? LWM_RND : LWM_RND | LWM_APPROX | LWM_FTZ)))
        return false;
    if (!(f->cm.has & (LWM_RND | LWM_APPROX)))
        return lw_unsupported(f);
    if (f->cm.has & LWM_APPROX)
        return mufu(f, MOD_MUFU_SQRT) != NULL;
    lw_insn *i = fop(f, f64 ? OP_DSQRT : OP_FSQRT, t, 2);
    if (i == NULL)
        return false;
    i->in.mod[0] = rnd(f);
    if (!f64)
        i->in.mod[1] = bit(f, LWM_FTZ);
    return true;
}

bool lw_isel_rcp(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!ftype(f, &t) || !lw_mods_only(f, LWM_TYPE | LWM_RND | LWM_APPROX | LWM_FTZ))
        return false;
    bool f64 = t == PTX_T_F64, approx = (f->cm.has & LWM_APPROX) != 0;
    if (approx == ((f->cm.has & LWM_RND) != 0) || (f64 && (f->cm.has & LWM_FTZ) && !approx))
        return lw_unsupported(f);
    if (approx && !f64)
        return mufu(f, MOD_MUFU_RCP) != NULL;
    if (approx)     /* rcp.approx.ftz.f64: the manual's 20-bit form, DRCPA */
        return fop(f, OP_DRCPA, t, 2) != NULL;
    lw_reg d, a;
    return lw_nops(f, 2) && lw_dst(f, 0, f64 ? 2 : 1, &d) && lw_reg_of(f, 1, t, &a) &&
           reciprocal(f, t, d, a, rnd(f));
}

/* rsqrt, ex2, lg2, sin, cos, tanh: .approx only. */
bool lw_isel_sfu(lw_fn *f)
{
    static const struct { const char *name; uint8_t op; } fns[] = {
        { "rsqrt", MOD_MUFU_RSQ }, { "ex2", MOD_MUFU_EX2 }, { "lg2", MOD_MUFU_LG2 },
        { "sin", MOD_MUFU_SIN }, { "cos", MOD_MUFU_COS }, { "tanh", MOD_MUFU_TANH },
    };
    ptx_type t = PTX_T_NONE;
    if (!ftype(f, &t) || !lw_mods_only(f, LWM_TYPE | LWM_APPROX | LWM_FTZ))
        return false;
    if (!(f->cm.has & LWM_APPROX))
        return lw_unsupported(f);
    uint8_t which = 0;
    for (unsigned k = 0; k < sizeof fns / sizeof fns[0]; k++)
        if (strcmp(f->ci->opcode, fns[k].name) == 0)
            which = fns[k].op;
    if (t == PTX_T_F32)
        return mufu(f, which) != NULL;
    if (which != MOD_MUFU_RSQ)
        return lw_unsupported(f);
    /* rsqrt.approx.f64: 1 / sqrt(x), both correctly rounded. */
    lw_reg d, a, s = lw_tmp(f, 2);
    if (s.v == 0 || !lw_nops(f, 2) || !lw_dst(f, 0, 2, &d) || !lw_reg_of(f, 1, t, &a))
        return false;
    lw_insn *i = lw_emit(f, OP_DSQRT);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_RN;
    lw_set(i, LW_D, s);
    lw_set(i, LW_A, a);
    return reciprocal(f, t, d, s, MOD_RN);
}

/* copysign d, a, b: b with the sign bit of a (in the high word for f64). */
bool lw_isel_copysign(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!ftype(f, &t) || !lw_mods_only(f, LWM_TYPE))
        return false;
    unsigned words = t == PTX_T_F64 ? 2 : 1, hi = words - 1;
    lw_reg d, a, b, s = lw_tmp(f, 1), m = lw_tmp(f, 1);
    if (s.v == 0 || m.v == 0 || !lw_nops(f, 3) || !lw_dst(f, 0, words, &d) ||
        !lw_reg_of(f, 1, t, &a) || !lw_reg_of(f, 2, t, &b))
        return false;
    static const struct { bool from_a; uint32_t mask; } part[2] = {
        { true, 0x80000000u }, { false, 0x7fffffffu },
    };
    lw_reg tmp[2] = { s, m };
    for (unsigned k = 0; k < 2; k++) {
        lw_insn *i = lw_emit(f, OP_LOP);
        if (i == NULL)
            return false;
        i->in.mod[0] = MOD_AND;
        lw_set(i, LW_D, tmp[k]);
        lw_set(i, LW_A, lw_word(part[k].from_a ? a : b, hi));
        lw_setb(i, lw_imm(part[k].mask));
    }
    if (words == 2 && !lw_mov32(f, d, lw_rsrc(b)))
        return false;
    lw_insn *i = lw_emit(f, OP_LOP);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_OR;
    lw_set(i, LW_D, lw_word(d, hi));
    lw_set(i, LW_A, s);
    lw_set(i, LW_B, m);
    return true;
}
