/* isa/ptx/lower_isel_cvt.c — cvt between integer and floating types:
 * I2I (extend, truncate, saturate), I2F, F2I (saturating, NaN -> 0), F2F
 * and FRND (.rni/.rzi/.rmi/.rpi within one float type). Conversions that
 * change nothing in the register become a copy. */
#include "isa/ptx/lower_internal.h"

static bool is_itype(ptx_type t)
{
    switch (t) {
    case PTX_T_U8: case PTX_T_U16: case PTX_T_U32: case PTX_T_U64:
    case PTX_T_S8: case PTX_T_S16: case PTX_T_S32: case PTX_T_S64:
    case PTX_T_B8: case PTX_T_B16: case PTX_T_B32: case PTX_T_B64:
        return true;
    default:
        return false;
    }
}

static bool ftype_of(ptx_type t, uint8_t *out)
{
    switch (t) {
    case PTX_T_F32:  *out = MOD_F32;  return true;
    case PTX_T_F64:  *out = MOD_F64;  return true;
    case PTX_T_F16:  *out = MOD_F16;  return true;
    case PTX_T_BF16: *out = MOD_BF16; return true;
    default:         return false;
    }
}

static lw_insn *conv(lw_fn *f, isa_op op, ptx_type dt, ptx_type at)
{
    lw_reg d, a;
    if (!lw_nops(f, 2) || !lw_dst(f, 0, lw_words_of(dt), &d) || !lw_reg_of(f, 1, at, &a))
        return NULL;
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return NULL;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    return i;
}

static bool copy(lw_fn *f, ptx_type dt, ptx_type at)
{
    lw_reg d, a;
    unsigned words = lw_words_of(dt);
    return lw_nops(f, 2) && lw_dst(f, 0, words, &d) && lw_reg_of(f, 1, at, &a) &&
           lw_copy(f, d, a, words);
}

static uint8_t flag(const lw_fn *f, uint32_t m)
{
    return (f->cm.has & m) != 0;
}

static bool int_to_int(lw_fn *f, ptx_type dt, ptx_type at)
{
    uint8_t di, ai;
    if (!lw_mods_only(f, LWM_TYPE | LWM_SAT) || !lw_itype(f, dt, &di) || !lw_itype(f, at, &ai))
        return false;
    if (!(f->cm.has & LWM_SAT) && ptx_type_size(dt) == ptx_type_size(at))
        return copy(f, dt, at);
    lw_insn *i = conv(f, OP_I2I, dt, at);
    if (i == NULL)
        return false;
    i->in.mod[0] = di;
    i->in.mod[1] = ai;
    i->in.mod[2] = flag(f, LWM_SAT);
    return true;
}

static bool int_to_float(lw_fn *f, ptx_type dt, ptx_type at, uint8_t df)
{
    uint8_t ai;
    if (!lw_mods_only(f, LWM_TYPE | LWM_RND) || !lw_itype(f, at, &ai))
        return false;
    lw_insn *i = conv(f, OP_I2F, dt, at);
    if (i == NULL)
        return false;
    i->in.mod[0] = df;
    i->in.mod[1] = ai;
    i->in.mod[2] = f->cm.has & LWM_RND ? f->cm.rnd : MOD_RN;
    return true;
}

/* Float to integer always saturates, so .sat changes nothing. */
static bool float_to_int(lw_fn *f, ptx_type dt, ptx_type at, uint8_t af)
{
    uint8_t di;
    if (!lw_mods_only(f, LWM_TYPE | LWM_IRND | LWM_FTZ | LWM_SAT) || !lw_itype(f, dt, &di))
        return false;
    if (!(f->cm.has & LWM_IRND))
        return lw_unsupported(f);
    lw_insn *i = conv(f, OP_F2I, dt, at);
    if (i == NULL)
        return false;
    i->in.mod[0] = di;
    i->in.mod[1] = af;
    i->in.mod[2] = f->cm.irnd;
    i->in.mod[3] = flag(f, LWM_FTZ);
    return true;
}

static bool float_to_float(lw_fn *f, ptx_type dt, ptx_type at, uint8_t df, uint8_t af)
{
    if (!lw_mods_only(f, LWM_TYPE | LWM_RND | LWM_IRND | LWM_FTZ | LWM_SAT))
        return false;
    if ((f->cm.has & LWM_RND) && (f->cm.has & LWM_IRND))
        return lw_unsupported(f);
    lw_insn *i;
    if (f->cm.has & LWM_IRND) {
        if (dt != at || (f->cm.has & LWM_SAT))
            return lw_unsupported(f);
        if ((i = conv(f, OP_FRND, dt, at)) == NULL)
            return false;
        i->in.mod[0] = df;
        i->in.mod[1] = f->cm.irnd;
        i->in.mod[2] = flag(f, LWM_FTZ);
        return true;
    }
    if (dt == at && !(f->cm.has & (LWM_FTZ | LWM_SAT)))
        return copy(f, dt, at);
    if ((i = conv(f, OP_F2F, dt, at)) == NULL)
        return false;
    i->in.mod[0] = df;
    i->in.mod[1] = af;
    i->in.mod[2] = f->cm.has & LWM_RND ? f->cm.rnd : MOD_RN;
    i->in.mod[3] = flag(f, LWM_FTZ);
    i->in.mod[4] = flag(f, LWM_SAT);
    return true;
}

bool lw_isel_cvt(lw_fn *f)
{
    if (lw_cvt_is_pack(f))     /* cvt.pack.sat: lower_isel_cvtsat.c */
        return lw_isel_cvt_pack(f);
    if (lw_cvt_is_packed(f))
        return lw_isel_cvt_packed(f);
    if (f->cm.ntypes != 2)
        return lw_unsupported(f);
    ptx_type dt = f->cm.type[0], at = f->cm.type[1];
    uint8_t df, af;
    bool dfl = ftype_of(dt, &df), afl = ftype_of(at, &af);
    if (is_itype(dt) && is_itype(at))
        return int_to_int(f, dt, at);
    if (dfl && is_itype(at))
        return int_to_float(f, dt, at, df);
    if (is_itype(dt) && afl)
        return float_to_int(f, dt, at, af);
    if (dfl && afl)
        return float_to_float(f, dt, at, df, af);
    return lw_unsupported(f);
}
