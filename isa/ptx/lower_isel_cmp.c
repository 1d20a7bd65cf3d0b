/* isa/ptx/lower_isel_cmp.c — setp (with .and/.or/.xor and the second
 * destination p|q), set, and selp.
 * Integer compares use ISETP with the operand type (lo/ls/hi/hs are the
 * unsigned lt/le/gt/ge); float compares use FSETP/DSETP, whose ordered and
 * unordered forms match PTX's. q = !(a cmp b) BOOL c uses the negated
 * comparison. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* lw_cmp -> ISA CMP value for floats (-1: not a float comparison). */
static const int8_t float_cmp[] = {
    [LW_CMP_EQ] = MOD_CMP_EQ, [LW_CMP_NE] = MOD_CMP_NE, [LW_CMP_LT] = MOD_CMP_LT,
    [LW_CMP_LE] = MOD_CMP_LE, [LW_CMP_GT] = MOD_CMP_GT, [LW_CMP_GE] = MOD_CMP_GE,
    [LW_CMP_LO] = -1, [LW_CMP_LS] = -1, [LW_CMP_HI] = -1, [LW_CMP_HS] = -1,
    [LW_CMP_EQU] = MOD_CMP_EQU, [LW_CMP_NEU] = MOD_CMP_NEU, [LW_CMP_LTU] = MOD_CMP_LTU,
    [LW_CMP_LEU] = MOD_CMP_LEU, [LW_CMP_GTU] = MOD_CMP_GTU, [LW_CMP_GEU] = MOD_CMP_GEU,
    [LW_CMP_NUM] = MOD_CMP_NUM, [LW_CMP_NAN] = MOD_CMP_NAN,
};

/* Negation of an ISA comparison: floats swap ordered and unordered forms. */
static const uint8_t float_not[16] = {
    [MOD_CMP_F] = MOD_CMP_T, [MOD_CMP_LT] = MOD_CMP_GEU, [MOD_CMP_EQ] = MOD_CMP_NEU,
    [MOD_CMP_LE] = MOD_CMP_GTU, [MOD_CMP_GT] = MOD_CMP_LEU, [MOD_CMP_NE] = MOD_CMP_EQU,
    [MOD_CMP_GE] = MOD_CMP_LTU, [MOD_CMP_NUM] = MOD_CMP_NAN, [MOD_CMP_NAN] = MOD_CMP_NUM,
    [MOD_CMP_LTU] = MOD_CMP_GE, [MOD_CMP_EQU] = MOD_CMP_NE, [MOD_CMP_LEU] = MOD_CMP_GT,
    [MOD_CMP_GTU] = MOD_CMP_LE, [MOD_CMP_NEU] = MOD_CMP_EQ, [MOD_CMP_GEU] = MOD_CMP_LT,
    [MOD_CMP_T] = MOD_CMP_F,
};
static const uint8_t int_not[16] = {
    [MOD_CMP_F] = MOD_CMP_T, [MOD_CMP_LT] = MOD_CMP_GE, [MOD_CMP_EQ] = MOD_CMP_NE,
    [MOD_CMP_LE] = MOD_CMP_GT, [MOD_CMP_GT] = MOD_CMP_LE, [MOD_CMP_NE] = MOD_CMP_EQ,
    [MOD_CMP_GE] = MOD_CMP_LT, [MOD_CMP_T] = MOD_CMP_F,
};

typedef struct cmp_form {
    isa_op  op;
    uint8_t cmp, itype;
    bool    is_float;
    ptx_type t;
} cmp_form;

static ptx_type unsigned_of(ptx_type t)
{
    switch (t) {
    case PTX_T_S16: case PTX_T_B16: return PTX_T_U16;
    case PTX_T_S32: case PTX_T_B32: return PTX_T_U32;
    case PTX_T_S64: case PTX_T_B64: return PTX_T_U64;
    default:                        return t;
    }
}

/* Chooses the compare op for type t and the current .cmp modifier. */
static bool cmp_form_of(lw_fn *f, ptx_type t, cmp_form *c)
{
    if (!(f->cm.has & LWM_CMP))
        return lw_unsupported(f);
    lw_cmp k = (lw_cmp)f->cm.cmp;
    c->t = t;
    c->is_float = t == PTX_T_F32 || t == PTX_T_F64;
    if (c->is_float) {
        if (float_cmp[k] < 0)
            return lw_unsupported(f);
        c->op = t == PTX_T_F64 ? OP_DSETP : OP_FSETP;
        c->cmp = (uint8_t)float_cmp[k];
        return true;
    }
    if (lw_is_float(t) || t == PTX_T_PRED || ptx_type_size(t) < 2)
        return lw_unsupported(f);
    static const uint8_t int_cmp[] = { MOD_CMP_EQ, MOD_CMP_NE, MOD_CMP_LT, MOD_CMP_LE,
                                       MOD_CMP_GT, MOD_CMP_GE, MOD_CMP_LT, MOD_CMP_LE,
                                       MOD_CMP_GT, MOD_CMP_GE };
    if (k > LW_CMP_HS)
        return lw_unsupported(f);
    c->op = OP_ISETP;
    c->cmp = int_cmp[k];
    if (k >= LW_CMP_LO || (!lw_is_signed(t) && t != PTX_T_U16 && t != PTX_T_U32 && t != PTX_T_U64))
        t = unsigned_of(t);
    return lw_itype(f, t, &c->itype);
}

/* E = (a cmp b) BOOL z, or with the negated comparison. */
static bool compare(lw_fn *f, const cmp_form *c, lw_reg e, lw_reg a, lw_src b, lw_reg z,
                    bool negate)
{
    lw_insn *i = lw_emit(f, c->op);
    if (i == NULL)
        return false;
    uint8_t cmp = negate ? (c->is_float ? float_not[c->cmp] : int_not[c->cmp]) : c->cmp;
    uint8_t boolop = f->cm.has & LWM_BOOL ? f->cm.boolop : MOD_AND;
    i->in.mod[0] = cmp;
    if (c->op == OP_ISETP) {
        i->in.mod[1] = c->itype;
        i->in.mod[2] = boolop;
    } else {
        i->in.mod[1] = boolop;
        if (c->op == OP_FSETP)
            i->in.mod[2] = (f->cm.has & LWM_FTZ) != 0;
    }
    lw_set(i, LW_E, e);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    lw_set(i, LW_C, z);
    return true;
}

/* Operands a, b (and c with .bool) of setp/set, starting at PTX operand 1. */
static bool cmp_operands(lw_fn *f, const cmp_form *c, lw_reg *a, lw_src *b, lw_reg *z)
{
    bool has_bool = (f->cm.has & LWM_BOOL) != 0;
    *z = lw_pt();
    return lw_nops(f, has_bool ? 4 : 3) && lw_reg_of(f, 1, c->t, a) &&
           lw_src_of(f, 2, c->t, c->op != OP_DSETP, b) && (!has_bool || lw_psrc(f, 3, z));
}

static bool copy_pred(lw_fn *f, lw_reg *p)
{
    lw_reg t = lw_ptmp(f);
    lw_insn *i = t.v != 0 ? lw_emit(f, OP_PLOP) : NULL;
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_AND;
    lw_set(i, LW_E, t);
    lw_set(i, LW_A, *p);
    lw_set(i, LW_B, lw_pt());
    *p = t;
    return true;
}

bool lw_isel_setp(lw_fn *f)
{
    cmp_form c;
    lw_reg p, q = lw_pt(), a, z;
    lw_src b;
    if (!lw_mods_only(f, LWM_CMP | LWM_BOOL | LWM_TYPE | LWM_FTZ))
        return false;
    if (f->cm.ntypes != 1)
        return lw_unsupported(f);
    if (lw_is_half_type(f->cm.type[0]))
        return lw_isel_setp_half(f);
    if (!cmp_form_of(f, f->cm.type[0], &c) || !lw_pdst(f, 0, &p) || !cmp_operands(f, &c, &a, &b, &z))
        return false;
    const ptx_operand *o = &f->ci->ops[0];
    if (!o->has_reg2)
        return compare(f, &c, p, a, b, z, false);
    ptx_operand qo = *o;
    qo.reg = o->reg2;
    qo.has_reg2 = 0;
    if (qo.reg >= f->fn->nregs || f->fn->regs[qo.reg].type != PTX_T_PRED)
        return lw_fail(f, f->ci->line, "the second destination of 'setp' must be a predicate register");
    q = (lw_reg){ qo.reg + 1, 0, 0, 0 };
    /* The first compare must not overwrite what the second still reads:
     * the .bool operand, or the guard of a guarded setp. */
    bool p_first = !(f->ci->has_guard && f->ci->guard_reg + 1 == p.v);
    lw_reg first = p_first ? p : q;
    if (f->ci->has_guard && f->ci->guard_reg + 1 == first.v)
        return lw_unsupported(f);
    if (z.v == first.v && z.v != 0 && !copy_pred(f, &z))
        return false;
    return compare(f, &c, first, a, b, z, !p_first) &&
           compare(f, &c, p_first ? q : p, a, b, z, p_first);
}

/* set.cmp[.bool].dtype.stype d, a, b[, c]: all ones (or 1.0 in the
 * f32/f16/bf16 destination) when true. */
bool lw_isel_set(lw_fn *f)
{
    cmp_form c;
    lw_reg d, a, z, p = lw_ptmp(f);
    lw_src b;
    if (!lw_mods_only(f, LWM_CMP | LWM_BOOL | LWM_TYPE | LWM_FTZ) || p.v == 0)
        return false;
    if (f->cm.ntypes != 2)
        return lw_unsupported(f);
    if (lw_is_half_type(f->cm.type[1]))
        return lw_isel_set_half(f);
    ptx_type dt = f->cm.type[0];
    uint32_t on = lw_set_true_value(dt);
    if (on == 0 || dt == PTX_T_F16X2 || dt == PTX_T_BF16X2)
        return lw_unsupported(f);
    if (!cmp_form_of(f, f->cm.type[1], &c) || !lw_dst(f, 0, 1, &d) ||
        !cmp_operands(f, &c, &a, &b, &z) || !compare(f, &c, p, a, b, z, false))
        return false;
    lw_insn *i = lw_emit(f, OP_SEL);
    if (i == NULL)
        return false;
    p.neg = 1;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, lw_rz());
    lw_setb(i, lw_imm(on));
    lw_set(i, LW_C, p);
    return true;
}

/* Word w of a selp operand: a register word or an immediate word. */
static bool selp_part(lw_fn *f, unsigned idx, ptx_type t, unsigned w, lw_src *out)
{
    const ptx_operand *o = lw_op(f, idx);
    if (o == NULL)
        return false;
    if (o->kind == PTX_OPND_IMM_INT || o->kind == PTX_OPND_IMM_FLOAT) {
        uint64_t bits;
        if (!lw_imm_bits(f, o, idx, t, &bits))
            return false;
        *out = lw_imm((uint32_t)(bits >> (32 * w)));
        return true;
    }
    if (!lw_src_opnd(f, o, idx, t, false, out))
        return false;
    out->r = lw_word(out->r, w);
    return true;
}

/* selp d, a, b, c = c ? a : b. SEL takes a register as a, so an immediate a
 * swaps the operands and negates c (a zero b becomes RZ). */
bool lw_isel_selp(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_TYPE) || !lw_nops(f, 4))
        return false;
    if (f->cm.ntypes != 1 || f->cm.type[0] == PTX_T_PRED)
        return lw_unsupported(f);
    ptx_type t = f->cm.type[0];
    unsigned words = lw_words_of(t);
    lw_reg d, z;
    if (words > 2 || !lw_dst(f, 0, words, &d) || !lw_psrc(f, 3, &z))
        return false;
    for (unsigned w = 0; w < words; w++) {
        lw_src a, b;
        lw_reg zw = z;
        if (!selp_part(f, 1, t, w, &a) || !selp_part(f, 2, t, w, &b))
            return false;
        if (a.is_imm && (!b.is_imm || b.imm == 0)) {
            lw_src tmp = a;
            a = b.is_imm ? lw_rsrc(lw_rz()) : b;
            b = tmp;
            zw.neg ^= 1;
        } else if (a.is_imm) {
            a.is_imm = false;
            if (!lw_const(f, a.imm, 1, &a.r))
                return false;
        }
        lw_insn *i = lw_emit(f, OP_SEL);
        if (i == NULL)
            return false;
        lw_set(i, LW_D, lw_word(d, w));
        lw_set(i, LW_A, a.r);
        lw_setb(i, b);
        lw_set(i, LW_C, zw);
    }
    return true;
}
