/* isa/ptx/lower_isel_fp2.c — the f32 forms beyond one operation per
 * register, lowered to the existing F* ops:
 *   slct{.ftz}.dtype.{s32,f32} d, a, b, c   d = c >= 0 ? a : b (f32: -0 >= 0,
 *                                           NaN selects b; .ftz flushes c)
 *   {add,sub,mul}{.rnd}{.ftz}.f32x2 / fma.rnd{.ftz}.f32x2 (sm_100): the op on
 *                                           each word of the .b64 pairs
 *   min/max{.ftz}{.NaN}{.abs}.f32 d, a, b, c (sm_100): two FMNMX (the order
 *                                           of a NaN-ignoring or NaN-
 *                                           propagating min does not matter;
 *                                           .abs takes |a|, |b|, |c|)
 *   {add,sub}{.rnd}{.sat}.f32.{f16,bf16} d, a, c and
 *   fma{.rnd}{.sat}.f32.{f16,bf16} d, a, b, c (sm_100, mixed precision): the
 *                                           halves widened to f32 (exact),
 *                                           then one FADD/FSUB/FFMA rounding.
 *   redux.sync.{min,max}{.abs}{.NaN}.f32 d, a, m (sm_100a): FREDUX.
 * The dispatch rows of add, sub, mul, fma, min, max and redux
 * (ptx_insns.def) name the handlers at the end of this file, which take
 * these forms (lw_fp2_claims) and pass every other to the opcode's own. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

static bool has_mod(const lw_fn *f, const char *m)
{
    for (unsigned i = 0; i < f->ci->nmods; i++)
        if (strcmp(f->ci->mods[i], m) == 0)
            return true;
    return false;
}

/* Every modifier is one of the NULL-terminated list. */
static bool mods_in(const lw_fn *f, const char *const *ok)
{
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        bool found = false;
        for (unsigned k = 0; ok[k] != NULL; k++)
            found |= strcmp(f->ci->mods[i], ok[k]) == 0;
        if (!found)
            return false;
    }
    return true;
}

static bool is_op(const lw_fn *f, const char *a, const char *b, const char *c)
{
    const char *o = f->ci->opcode;
    return strcmp(o, a) == 0 || (b && strcmp(o, b) == 0) || (c && strcmp(o, c) == 0);
}

static bool is_mixed(const lw_fn *f)
{
    return f->cm.ntypes == 2 && f->cm.type[0] == PTX_T_F32 &&
           (f->cm.type[1] == PTX_T_F16 || f->cm.type[1] == PTX_T_BF16);
}

bool lw_fp2_claims(const lw_fn *f)
{
    if (is_op(f, "add", "sub", "fma"))
        return has_mod(f, "f32x2") || is_mixed(f);
    if (is_op(f, "mul", NULL, NULL))
        return has_mod(f, "f32x2");
    if (is_op(f, "min", "max", NULL))
        return f->ci->nops == 4 && f->cm.ntypes == 1 && f->cm.type[0] == PTX_T_F32;
    if (is_op(f, "redux", NULL, NULL))
        return has_mod(f, "f32");
    return false;
}

static uint8_t rnd_of(const lw_fn *f)
{
    return f->cm.has & LWM_RND ? f->cm.rnd : MOD_RN;
}

/* d = op a, b[, c] with the f32 modifiers (RND, FTZ, SAT). */
static bool fop3(lw_fn *f, isa_op op, lw_reg d, lw_reg a, lw_reg b, lw_reg c, bool ftz, bool sat)
{
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return false;
    i->in.mod[0] = rnd_of(f);
    i->in.mod[1] = ftz;
    i->in.mod[2] = sat;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    if (op == OP_FFMA)
        lw_set(i, LW_C, c);
    return true;
}

static isa_op op_of(const lw_fn *f)
{
    return is_op(f, "add", NULL, NULL) ? OP_FADD : is_op(f, "sub", NULL, NULL) ? OP_FSUB
         : is_op(f, "mul", NULL, NULL) ? OP_FMUL : OP_FFMA;
}

static bool f32x2(lw_fn *f)
{
    static const char *const ok[] = { "rn", "rz", "rm", "rp", "ftz", "f32x2", NULL };
    bool fma = is_op(f, "fma", NULL, NULL);
    if (!mods_in(f, ok) || (fma && !(f->cm.has & LWM_RND)))
        return lw_unsupported(f);
    unsigned n = fma ? 4 : 3;
    lw_reg d, s[3] = { lw_rz(), lw_rz(), lw_rz() };
    if (!lw_nops(f, n) || !lw_dst(f, 0, 2, &d))
        return false;
    for (unsigned k = 1; k < n; k++)
        if (!lw_reg_of(f, k, PTX_T_B64, &s[k - 1]))
            return false;
    bool ftz = (f->cm.has & LWM_FTZ) != 0;
    for (unsigned w = 0; w < 2; w++)
        if (!fop3(f, op_of(f), lw_word(d, w), lw_word(s[0], w), lw_word(s[1], w),
                  lw_word(s[2], w), ftz, false))
            return false;
    return true;
}

/* out = f32 of the f16/bf16 in the low half of a (exact). */
static bool widen(lw_fn *f, ptx_type t, lw_reg a, lw_reg *out)
{
    *out = lw_tmp(f, 1);
    lw_insn *i = out->v != 0 ? lw_emit(f, t == PTX_T_BF16 ? OP_SHL : OP_F2F) : NULL;
    if (i == NULL)
        return false;
    if (t == PTX_T_BF16) {
        lw_setb(i, lw_imm(16));
    } else {
        i->in.mod[0] = MOD_F32;
        i->in.mod[1] = MOD_F16;
        i->in.mod[2] = MOD_RN;
    }
    lw_set(i, LW_D, *out);
    lw_set(i, LW_A, a);
    return true;
}

static bool mixed(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_TYPE | LWM_RND | LWM_SAT))
        return false;
    bool fma = is_op(f, "fma", NULL, NULL);
    ptx_type ht = f->cm.type[1];
    lw_reg d, a, b = lw_rz(), c;
    if (!lw_nops(f, fma ? 4 : 3) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, ht, &a) ||
        (fma && !lw_reg_of(f, 2, ht, &b)) || !lw_reg_of(f, fma ? 3 : 2, PTX_T_F32, &c))
        return false;
    if (!widen(f, ht, a, &a) || (fma && !widen(f, ht, b, &b)))
        return false;
    bool sat = (f->cm.has & LWM_SAT) != 0;
    return fma ? fop3(f, OP_FFMA, d, a, b, c, false, sat)
               : fop3(f, op_of(f), d, a, c, lw_rz(), false, sat);
}

static bool fmnmx(lw_fn *f, lw_reg d, lw_reg a, lw_reg b, bool min, bool ftz, bool nan)
{
    lw_insn *i = lw_emit(f, OP_FMNMX);
    if (i == NULL)
        return false;
    i->in.mod[0] = min ? MOD_MIN : MOD_MAX;
    i->in.mod[1] = ftz;
    i->in.mod[2] = nan;
    i->in.mod[3] = 0;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    return true;
}

static bool min3(lw_fn *f)
{
    static const char *const ok[] = { "ftz", "NaN", "abs", "f32", NULL };
    if (!mods_in(f, ok))
        return lw_unsupported(f);
    bool ftz = has_mod(f, "ftz"), nan = has_mod(f, "NaN"), abs = has_mod(f, "abs");
    bool min = is_op(f, "min", NULL, NULL);
    lw_reg d, s[3], t = lw_tmp(f, 1);
    if (t.v == 0 || !lw_nops(f, 4) || !lw_dst(f, 0, 1, &d))
        return false;
    for (unsigned k = 0; k < 3; k++) {
        if (!lw_reg_of(f, k + 1, PTX_T_F32, &s[k]))
            return false;
        if (abs) {
            lw_reg r = lw_tmp(f, 1);
            lw_insn *i = r.v != 0 ? lw_emit(f, OP_FABS) : NULL;
            if (i == NULL)
                return false;
            i->in.mod[0] = 0;
            lw_set(i, LW_D, r);
            lw_set(i, LW_A, s[k]);
            s[k] = r;
        }
    }
    return fmnmx(f, t, s[0], s[1], min, ftz, nan) && fmnmx(f, d, t, s[2], min, ftz, nan);
}

/* redux.sync.{min,max}{.abs}{.NaN}.f32 d, a, membermask (sm_100a):
 * WARPSYNC of the mask as for the integer forms, then FREDUX (of |a|). */
static bool fredux(lw_fn *f)
{
    static const char *const ok[] = { "sync", "min", "max", "abs", "NaN", "f32", NULL };
    bool min = has_mod(f, "min");
    if (!mods_in(f, ok) || !has_mod(f, "sync") || min == has_mod(f, "max"))
        return lw_unsupported(f);
    lw_reg d, a;
    lw_src m;
    if (!lw_nops(f, 3) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_F32, &a) ||
        !lw_src_of(f, 2, PTX_T_B32, true, &m))
        return false;
    lw_insn *i;
    if (has_mod(f, "abs")) {
        lw_reg r = lw_tmp(f, 1);
        if (r.v == 0 || (i = lw_emit(f, OP_FABS)) == NULL)
            return false;
        lw_set(i, LW_D, r);
        lw_set(i, LW_A, a);
        a = r;
    }
    if ((i = lw_emit(f, OP_WARPSYNC)) == NULL)
        return false;
    lw_setb(i, m);
    if ((i = lw_emit(f, OP_FREDUX)) == NULL)
        return false;
    i->in.mod[0] = min ? MOD_MIN : MOD_MAX;
    i->in.mod[1] = has_mod(f, "NaN");
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, m);
    return true;
}

bool lw_isel_fp2(lw_fn *f)
{
    if (is_op(f, "redux", NULL, NULL))
        return fredux(f);
    if (is_op(f, "min", "max", NULL))
        return min3(f);
    if (has_mod(f, "f32x2"))
        return f32x2(f);
    return mixed(f);
}

/* slct.dtype.s32 / slct{.ftz}.dtype.f32 d, a, b, c. */
bool lw_isel_slct(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_TYPE | LWM_FTZ) || f->cm.ntypes != 2)
        return lw_unsupported(f);
    ptx_type t = f->cm.type[0], ct = f->cm.type[1];
    unsigned words = lw_words_of(t);
    if ((ct != PTX_T_S32 && ct != PTX_T_F32) || (ct == PTX_T_S32 && (f->cm.has & LWM_FTZ)) ||
        t == PTX_T_PRED || words > 2 || ptx_type_size(t) < 2)
        return lw_unsupported(f);
    lw_reg d, a, b, c, p = lw_ptmp(f);
    if (p.v == 0 || !lw_nops(f, 4) || !lw_dst(f, 0, words, &d) || !lw_reg_of(f, 1, t, &a) ||
        !lw_reg_of(f, 2, t, &b) || !lw_reg_of(f, 3, ct, &c))
        return false;
    lw_insn *i = lw_emit(f, ct == PTX_T_F32 ? OP_FSETP : OP_ISETP);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_CMP_GE;
    if (ct == PTX_T_F32) {
        i->in.mod[1] = MOD_AND;
        i->in.mod[2] = (f->cm.has & LWM_FTZ) != 0;
    } else {
        i->in.mod[1] = MOD_S32;
        i->in.mod[2] = MOD_AND;
    }
    lw_set(i, LW_E, p);
    lw_set(i, LW_A, c);
    lw_setb(i, lw_imm(0));
    lw_set(i, LW_C, lw_pt());
    /* the selects may overwrite a or b (d aliases them) only word by word */
    for (unsigned w = 0; w < words; w++) {
        if ((i = lw_emit(f, OP_SEL)) == NULL)
            return false;
        lw_set(i, LW_D, lw_word(d, w));
        lw_set(i, LW_A, lw_word(a, w));
        lw_set(i, LW_B, lw_word(b, w));
        lw_set(i, LW_C, p);
    }
    return true;
}

/* Table handlers: the forms above here, anything else to the usual one. */
#define FP2_FIRST(name, usual) \
    bool name(lw_fn *f) { return lw_fp2_claims(f) ? lw_isel_fp2(f) : usual(f); }
FP2_FIRST(lw_isel_add_f2, lw_isel_addsub_any)
FP2_FIRST(lw_isel_mul_f2, lw_isel_mul)
FP2_FIRST(lw_isel_fma_f2, lw_isel_fma)
FP2_FIRST(lw_isel_minmax_f2, lw_isel_minmax_any)
FP2_FIRST(lw_isel_redux_f2, lw_isel_redux)
