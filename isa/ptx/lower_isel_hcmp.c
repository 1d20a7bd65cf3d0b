/* isa/ptx/lower_isel_hcmp.c — the half-precision comparisons:
 * setp.cmp[.bool][.ftz].{f16,bf16} p, a, b[, c], the x2 forms p|q (p from
 * the low halves, q from the high halves, each combined with c), and set
 * with an f16/bf16(x2) source (x2 destinations get 1.0 or 0xffff per half).
 * Each half is widened to f32, which is exact for both formats, and
 * compared with FSETP: the ordered/unordered semantics are the same. .ftz
 * (f16 only) first flushes subnormal halves with HADD2.FTZ a + -0, which
 * leaves every other value unchanged (NaN stays NaN). */
#include <string.h>
#include "isa/ptx/lower_internal.h"

static bool is_x2(ptx_type t)
{
    return t == PTX_T_F16X2 || t == PTX_T_BF16X2;
}

bool lw_is_half_type(ptx_type t)
{
    return t == PTX_T_F16 || t == PTX_T_BF16 || is_x2(t);
}

/* lw_cmp -> FSETP comparison (-1: integer-only lo/ls/hi/hs). */
static int fcmp_of(lw_cmp k)
{
    static const int8_t map[] = {
        [LW_CMP_EQ] = MOD_CMP_EQ, [LW_CMP_NE] = MOD_CMP_NE, [LW_CMP_LT] = MOD_CMP_LT,
        [LW_CMP_LE] = MOD_CMP_LE, [LW_CMP_GT] = MOD_CMP_GT, [LW_CMP_GE] = MOD_CMP_GE,
        [LW_CMP_LO] = -1, [LW_CMP_LS] = -1, [LW_CMP_HI] = -1, [LW_CMP_HS] = -1,
        [LW_CMP_EQU] = MOD_CMP_EQU, [LW_CMP_NEU] = MOD_CMP_NEU, [LW_CMP_LTU] = MOD_CMP_LTU,
        [LW_CMP_LEU] = MOD_CMP_LEU, [LW_CMP_GTU] = MOD_CMP_GTU, [LW_CMP_GEU] = MOD_CMP_GEU,
        [LW_CMP_NUM] = MOD_CMP_NUM, [LW_CMP_NAN] = MOD_CMP_NAN,
    };
    return (unsigned)k < sizeof map / sizeof map[0] ? map[k] : -1;
}

/* a with f16 subnormal halves flushed to signed zero (HADD2.FTZ a + -0). */
static bool flush_f16(lw_fn *f, ptx_type t, lw_reg *a)
{
    lw_reg r = lw_tmp(f, 1);
    lw_insn *i = r.v != 0 ? lw_emit(f, OP_HADD2) : NULL;
    if (i == NULL)
        return false;
    i->in.mod[0] = t == PTX_T_F16 ? MOD_HF16 : MOD_HF16X2;
    i->in.mod[1] = MOD_RN;
    i->in.mod[2] = 1;
    lw_set(i, LW_D, r);
    lw_set(i, LW_A, *a);
    lw_setb(i, lw_imm(0x80008000u));
    *a = r;
    return true;
}

/* out = f32 value of half `hi` (0 low, 1 high) of a. */
static bool widen(lw_fn *f, ptx_type t, lw_reg a, unsigned hi, lw_reg *out)
{
    bool bf = t == PTX_T_BF16 || t == PTX_T_BF16X2;
    lw_reg r = lw_tmp(f, 1);
    if (r.v == 0)
        return false;
    lw_insn *i;
    if (bf) {
        /* bf16 is the high half of an f32 */
        if ((i = lw_emit(f, hi ? OP_LOP : OP_SHL)) == NULL)
            return false;
        if (hi)
            i->in.mod[0] = MOD_AND;
        lw_set(i, LW_D, r);
        lw_set(i, LW_A, a);
        lw_setb(i, lw_imm(hi ? 0xffff0000u : 16));
        *out = r;
        return true;
    }
    lw_reg src = a;
    if (hi) {
        src = lw_tmp(f, 1);
        if (src.v == 0 || (i = lw_emit(f, OP_SHR)) == NULL)
            return false;
        i->in.mod[0] = MOD_U32;
        lw_set(i, LW_D, src);
        lw_set(i, LW_A, a);
        lw_setb(i, lw_imm(16));
    }
    if ((i = lw_emit(f, OP_F2F)) == NULL)
        return false;
    i->in.mod[0] = MOD_F32;
    i->in.mod[1] = MOD_F16;
    i->in.mod[2] = MOD_RN;
    lw_set(i, LW_D, r);
    lw_set(i, LW_A, src);
    *out = r;
    return true;
}

/* The common part: t[h] = (a.h cmp b.h) BOOL z into fresh predicates
 * e[0] (low or scalar) and e[1] (high, x2 only); operands from PTX 1, 2, 3. */
static bool half_compare(lw_fn *f, ptx_type t, lw_reg e[2])
{
    bool bf = t == PTX_T_BF16 || t == PTX_T_BF16X2;
    bool has_bool = (f->cm.has & LWM_BOOL) != 0, ftz = (f->cm.has & LWM_FTZ) != 0;
    if (!(f->cm.has & LWM_CMP))
        return lw_unsupported(f);
    int cmp = fcmp_of((lw_cmp)f->cm.cmp);
    if (cmp < 0 || (bf && ftz))
        return lw_unsupported(f);
    lw_reg a, b, z = lw_pt();
    if (!lw_nops(f, has_bool ? 4 : 3) || !lw_reg_of(f, 1, t, &a) || !lw_reg_of(f, 2, t, &b) ||
        (has_bool && !lw_psrc(f, 3, &z)))
        return false;
    if (ftz && (!flush_f16(f, t, &a) || !flush_f16(f, t, &b)))
        return false;
    for (unsigned h = 0; h < (is_x2(t) ? 2u : 1u); h++) {
        lw_reg x, y;
        e[h] = lw_ptmp(f);
        if (e[h].v == 0 || !widen(f, t, a, h, &x) || !widen(f, t, b, h, &y))
            return false;
        lw_insn *i = lw_emit(f, OP_FSETP);
        if (i == NULL)
            return false;
        i->in.mod[0] = (uint8_t)cmp;
        i->in.mod[1] = has_bool ? f->cm.boolop : MOD_AND;
        i->in.mod[2] = 0;
        lw_set(i, LW_E, e[h]);
        lw_set(i, LW_A, x);
        lw_set(i, LW_B, y);
        lw_set(i, LW_C, z);
    }
    return true;
}

static bool pcopy(lw_fn *f, lw_reg d, lw_reg s)
{
    lw_insn *i = lw_emit(f, OP_PLOP);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_AND;
    lw_set(i, LW_E, d);
    lw_set(i, LW_A, s);
    lw_set(i, LW_B, lw_pt());
    return true;
}

bool lw_isel_setp_half(lw_fn *f)
{
    ptx_type t = f->cm.type[0];
    lw_reg e[2], p, q;
    if (!lw_mods_only(f, LWM_CMP | LWM_BOOL | LWM_TYPE | LWM_FTZ) || !lw_pdst(f, 0, &p))
        return false;
    const ptx_operand *o = &f->ci->ops[0];
    if (is_x2(t) != (o->has_reg2 != 0))
        return lw_fail(f, f->ci->line, "'setp' on .%s takes %s",
                       is_x2(t) ? "f16x2/.bf16x2" : "f16/.bf16",
                       is_x2(t) ? "two destinations p|q" : "one destination predicate");
    if (!half_compare(f, t, e))
        return false;
    if (!is_x2(t))
        return pcopy(f, p, e[0]);
    if (o->reg2 >= f->fn->nregs || f->fn->regs[o->reg2].type != PTX_T_PRED)
        return lw_fail(f, f->ci->line,
                       "the second destination of 'setp' must be a predicate register");
    q = (lw_reg){ o->reg2 + 1, 0, 0, 0 };
    /* the copy that overwrites the guard goes last */
    if (f->ci->has_guard && f->ci->guard_reg + 1 == p.v)
        return pcopy(f, q, e[1]) && pcopy(f, p, e[0]);
    return pcopy(f, p, e[0]) && pcopy(f, q, e[1]);
}

/* d (or half h of d) = e ? on : 0. */
static bool sel_const(lw_fn *f, lw_reg d, lw_reg e, uint32_t on)
{
    lw_insn *i = lw_emit(f, OP_SEL);
    if (i == NULL)
        return false;
    e.neg = 1;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, lw_rz());
    lw_setb(i, lw_imm(on));
    lw_set(i, LW_C, e);
    return true;
}

/* "true" value of a set destination type (0: not a set destination). */
uint32_t lw_set_true_value(ptx_type dt)
{
    switch (dt) {
    case PTX_T_F32:    return 0x3f800000u;
    case PTX_T_F16:    return 0x3c00u;
    case PTX_T_BF16:   return 0x3f80u;
    case PTX_T_F16X2:  return 0x3c003c00u;
    case PTX_T_BF16X2: return 0x3f803f80u;
    case PTX_T_U16: case PTX_T_S16: case PTX_T_B16: return 0xffffu;
    case PTX_T_U32: case PTX_T_S32: case PTX_T_B32: return 0xffffffffu;
    default:           return 0;
    }
}

/* set.cmp[.bool][.ftz].dtype.{f16,bf16,f16x2,bf16x2} d, a, b[, c]. */
bool lw_isel_set_half(lw_fn *f)
{
    ptx_type dt = f->cm.type[0], st = f->cm.type[1];
    lw_reg e[2], d;
    if (!lw_mods_only(f, LWM_CMP | LWM_BOOL | LWM_TYPE | LWM_FTZ))
        return false;
    uint32_t on = lw_set_true_value(dt);
    bool ok_dt = is_x2(st) ? (dt == (st == PTX_T_F16X2 ? PTX_T_F16X2 : PTX_T_BF16X2) ||
                              dt == PTX_T_U32 || dt == PTX_T_S32)
                           : (dt == PTX_T_U16 || dt == PTX_T_S16 || dt == PTX_T_U32 ||
                              dt == PTX_T_S32 || dt == PTX_T_F16 || dt == PTX_T_BF16);
    if (!ok_dt || on == 0)
        return lw_unsupported(f);
    if (!lw_dst(f, 0, 1, &d) || !half_compare(f, st, e))
        return false;
    if (!is_x2(st))
        return sel_const(f, d, e[0], on);
    /* per half: low from e[0], high from e[1], OR-ed together */
    lw_reg lo = lw_tmp(f, 1), hi = lw_tmp(f, 1);
    if (lo.v == 0 || hi.v == 0 || !sel_const(f, lo, e[0], on & 0xffffu) ||
        !sel_const(f, hi, e[1], on & 0xffff0000u))
        return false;
    lw_insn *i = lw_emit(f, OP_LOP);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_OR;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, lo);
    lw_setb(i, lw_rsrc(hi));
    return true;
}
