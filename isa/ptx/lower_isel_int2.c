/* isa/ptx/lower_isel_int2.c — the less common integer instructions:
 * lop3 (LOP3, with the sm_100 predicate-output form), dp4a / dp2a (IDP),
 * bmsk (BMSK), szext (SZEXT), cnot, add/sub .sat.s32 (IADDSAT),
 * add/min/max .u16x2/.s16x2 and min/max .relu (I16X2, IMNMX), and
 * mad.hi.sat.s32 / mad24.hi.sat.s32 (the high product, then IADDSAT).
 * Modifiers these forms add (.relu, .u16x2, .cc ...) are not in lw_mods,
 * so the handlers read f->ci->mods directly. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

static bool has_mod(const lw_fn *f, const char *name)
{
    for (unsigned k = 0; k < f->ci->nmods; k++)
        if (strcmp(f->ci->mods[k], name) == 0)
            return true;
    return false;
}

/* Every modifier of the instruction is one of the NULL-terminated list. */
static bool mods_in(lw_fn *f, const char *const *allowed)
{
    for (unsigned k = 0; k < f->ci->nmods; k++) {
        bool ok = false;
        for (unsigned j = 0; allowed[j] != NULL && !ok; j++)
            ok = strcmp(f->ci->mods[k], allowed[j]) == 0;
        if (!ok)
            return lw_unsupported(f);
    }
    return true;
}

/* d = op a, b with two modifier values. */
static lw_insn *emit_dab(lw_fn *f, isa_op op, lw_reg d, lw_reg a, lw_src b, uint8_t m0, uint8_t m1)
{
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return NULL;
    i->in.mod[0] = m0;
    i->in.mod[1] = m1;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    return i;
}

/* E = (a cmp b) boolop z */
static bool setp(lw_fn *f, lw_reg e, uint8_t cmp, uint8_t it, lw_reg a, lw_src b, uint8_t boolop,
                 lw_reg z)
{
    lw_insn *i = lw_emit(f, OP_ISETP);
    if (i == NULL)
        return false;
    i->in.mod[0] = cmp;
    i->in.mod[1] = it;
    i->in.mod[2] = boolop;
    lw_set(i, LW_E, e);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    lw_set(i, LW_C, z);
    return true;
}

/* The predicate after '|' of operand 0 ("d|p"). */
static bool second_pdst(lw_fn *f, lw_reg *p)
{
    const ptx_operand *o = &f->ci->ops[0];
    if (!o->has_reg2)
        return lw_fail(f, f->ci->line, "'%s' needs a predicate destination 'd|p'", f->ci->opcode);
    if (o->reg2 >= f->fn->nregs || f->fn->regs[o->reg2].type != PTX_T_PRED)
        return lw_fail(f, f->ci->line, "the second destination of '%s' must be a predicate register",
                       f->ci->opcode);
    *p = (lw_reg){ o->reg2 + 1, 0, 0, 0 };
    return true;
}

/* lop3.b32 d, a, b, c, immLut; lop3.{and,or}.b32 d|p, a, b, c, immLut, q:
 * p = (d != 0) and/or q. */
bool lw_isel_lop3(lw_fn *f)
{
    static const char *const ok[] = { "b32", "and", "or", NULL };
    if (!mods_in(f, ok))
        return false;
    if (!has_mod(f, "b32"))
        return lw_unsupported(f);
    bool band = has_mod(f, "and"), bor = has_mod(f, "or"), pform = band || bor;
    if (band && bor)
        return lw_unsupported(f);
    lw_reg d, a, b, c, p = lw_pt(), q = lw_pt();
    if (!lw_nops(f, pform ? 6 : 5))
        return false;
    const ptx_operand *lut = lw_op(f, 4);
    if (lut == NULL)
        return false;
    if (lut->kind != PTX_OPND_IMM_INT || lut->ival < 0 || lut->ival > 255)
        return lw_fail(f, f->ci->line, "operand 5 of 'lop3' (immLut) must be an integer constant 0..255");
    if (!pform && f->ci->ops[0].has_reg2)
        return lw_fail(f, f->ci->line, "'lop3.b32' without .and/.or has no predicate destination");
    if (!lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_B32, &a) || !lw_reg_of(f, 2, PTX_T_B32, &b) ||
        !lw_reg_of(f, 3, PTX_T_B32, &c) || (pform && (!second_pdst(f, &p) || !lw_psrc(f, 5, &q))))
        return false;
    lw_insn *i = lw_emit(f, OP_LOP3);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    lw_set(i, LW_C, c);
    i->in.imm = (uint32_t)lut->ival;
    if (!pform)
        return true;
    return setp(f, p, MOD_CMP_NE, MOD_U32, d, lw_imm(0), band ? MOD_AND : MOD_OR, q);
}

/* dp4a.atype.btype d, a, b, c; dp2a.{lo,hi}.atype.btype d, a, b, c */
bool lw_isel_dp(lw_fn *f)
{
    bool dp4 = strcmp(f->ci->opcode, "dp4a") == 0;
    uint32_t modes = f->cm.has & (LWM_LO | LWM_HI);
    if (!lw_mods_only(f, LWM_TYPE | (dp4 ? 0 : LWM_LO | LWM_HI)))
        return false;
    if (f->cm.ntypes != 2 || (!dp4 && modes != LWM_LO && modes != LWM_HI))
        return lw_unsupported(f);
    for (unsigned k = 0; k < 2; k++)
        if (f->cm.type[k] != PTX_T_U32 && f->cm.type[k] != PTX_T_S32)
            return lw_unsupported(f);
    uint8_t ta, tb;
    lw_reg d, a, c;
    lw_src b;
    if (!lw_itype(f, f->cm.type[0], &ta) || !lw_itype(f, f->cm.type[1], &tb) || !lw_nops(f, 4) ||
        !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_B32, &a) ||
        !lw_src_of(f, 2, PTX_T_B32, true, &b) || !lw_reg_of(f, 3, PTX_T_B32, &c))
        return false;
    uint8_t mode = dp4 ? MOD_DP_4A : modes == LWM_LO ? MOD_DP_2LO : MOD_DP_2HI;
    lw_insn *i = emit_dab(f, OP_IDP, d, a, b, mode, ta);
    if (i == NULL)
        return false;
    i->in.mod[2] = tb;
    lw_set(i, LW_C, c);
    return true;
}

/* bmsk.{clamp,wrap}.b32 d, a, b; szext.{clamp,wrap}.{u32,s32} d, a, b */
bool lw_isel_bmsk(lw_fn *f)
{
    bool sz = strcmp(f->ci->opcode, "szext") == 0;
    uint32_t mode = f->cm.has & (LWM_CLAMP | LWM_WRAP);
    if (!lw_mods_only(f, LWM_TYPE | LWM_CLAMP | LWM_WRAP))
        return false;
    if ((mode != LWM_CLAMP && mode != LWM_WRAP) || f->cm.ntypes != 1)
        return lw_unsupported(f);
    ptx_type t = f->cm.type[0];
    if (sz ? (t != PTX_T_U32 && t != PTX_T_S32) : t != PTX_T_B32)
        return lw_unsupported(f);
    lw_reg d, a;
    lw_src b;
    if (!lw_nops(f, 3) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_B32, &a) ||
        !lw_src_of(f, 2, PTX_T_U32, true, &b))
        return false;
    uint8_t m = mode == LWM_CLAMP ? MOD_BM_CLAMP : MOD_BM_WRAP;
    return emit_dab(f, sz ? OP_SZEXT : OP_BMSK, d, a, b, m, t == PTX_T_S32 ? MOD_S32 : MOD_U32) != NULL;
}

/* cnot.b{16,32,64} d, a: d = a == 0 ? 1 : 0 */
bool lw_isel_cnot(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_TYPE))
        return false;
    if (f->cm.ntypes != 1)
        return lw_unsupported(f);
    ptx_type t = f->cm.type[0];
    if (t != PTX_T_B16 && t != PTX_T_B32 && t != PTX_T_B64)
        return lw_unsupported(f);
    unsigned words = lw_words_of(t);
    uint8_t it = t == PTX_T_B16 ? MOD_U16 : t == PTX_T_B32 ? MOD_U32 : MOD_U64;
    lw_reg d, a, z = lw_ptmp(f);
    if (z.v == 0 || !lw_nops(f, 2) || !lw_dst(f, 0, words, &d) || !lw_reg_of(f, 1, t, &a) ||
        !setp(f, z, MOD_CMP_EQ, it, a, lw_imm(0), MOD_AND, lw_pt()))
        return false;
    lw_insn *i = lw_emit(f, OP_P2R);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, lw_word(d, 0));
    lw_set(i, LW_C, z);
    return words == 1 || lw_mov32(f, lw_word(d, 1), lw_imm(0));
}

/* The 16x2 type of the instruction (u16x2 / s16x2), or 0. */
static uint8_t x2_type(const lw_fn *f)
{
    return has_mod(f, "u16x2") ? 1 : has_mod(f, "s16x2") ? 2 : 0;
}

bool lw_int2_arith_form(const lw_fn *f)
{
    bool s32 = f->cm.ntypes == 1 && f->cm.type[0] == PTX_T_S32;
    return x2_type(f) != 0 || (s32 && (has_mod(f, "sat") || has_mod(f, "relu")));
}

/* add/sub .sat.s32, add/sub/min/max .u16x2/.s16x2, min/max .relu.{s32,s16x2} */
bool lw_isel_arith2(lw_fn *f)
{
    const char *opc = f->ci->opcode;
    bool minmax = opc[0] == 'm', sat = has_mod(f, "sat"), relu = has_mod(f, "relu");
    uint8_t x2 = x2_type(f);
    unsigned nmods = 1u + sat + relu;
    if (f->ci->nmods != nmods || (sat && (minmax || x2)) || (relu && (!minmax || x2 == 1)))
        return lw_unsupported(f);
    if (x2 != 0 && strcmp(opc, "sub") == 0)   /* the manual (and ptxas) have no 16x2 sub */
        return lw_fail(f, f->ci->line, "'sub' has no .u16x2/.s16x2 form");
    lw_reg d, a;
    lw_src b;
    if (!lw_nops(f, 3) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_B32, &a) ||
        !lw_src_of(f, 2, PTX_T_B32, true, &b))
        return false;
    if (x2 != 0) {
        uint8_t op = strcmp(opc, "add") == 0 ? MOD_H2_ADD
                   : strcmp(opc, "min") == 0 ? MOD_H2_MIN : MOD_H2_MAX;
        lw_insn *i = emit_dab(f, OP_I16X2, d, a, b, op, x2 == 2 ? MOD_S16 : MOD_U16);
        if (i == NULL)
            return false;
        i->in.mod[2] = relu;
        return true;
    }
    if (sat)
        return emit_dab(f, OP_IADDSAT, d, a, b, opc[0] == 's' ? MOD_SAT_SUB : MOD_SAT_ADD, 0) != NULL;
    /* min/max.relu.s32: the min/max, then max with 0 */
    lw_reg t = lw_tmp(f, 1);
    return t.v != 0 &&
           emit_dab(f, OP_IMNMX, t, a, b, strcmp(opc, "min") == 0 ? MOD_MIN : MOD_MAX, MOD_S32) &&
           emit_dab(f, OP_IMNMX, d, t, lw_imm(0), MOD_MAX, MOD_S32);
}

bool lw_isel_minmax_any(lw_fn *f)
{
    return lw_int2_arith_form(f) ? lw_isel_arith2(f) : lw_isel_minmax(f);
}

/* mad.hi.sat.s32 d, a, b, c: saturate(hi32(a * b) + c) */
static bool mad_hi_sat(lw_fn *f)
{
    if (f->ci->nmods != 3 || !has_mod(f, "hi") || !has_mod(f, "s32"))
        return lw_unsupported(f);
    lw_reg d, a, c, t = lw_tmp(f, 1);
    lw_src b;
    if (t.v == 0 || !lw_nops(f, 4) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_S32, &a) ||
        !lw_src_of(f, 2, PTX_T_S32, true, &b) || !lw_reg_of(f, 3, PTX_T_S32, &c))
        return false;
    return emit_dab(f, OP_IMUL, t, a, b, MOD_MUL_HI, MOD_S32) &&
           emit_dab(f, OP_IADDSAT, d, t, lw_rsrc(c), MOD_SAT_ADD, 0);
}

bool lw_isel_mad_any(lw_fn *f)
{
    if (has_mod(f, "cc"))
        return lw_isel_madc(f);
    if (has_mod(f, "sat") && !(f->cm.ntypes == 1 && lw_is_float(f->cm.type[0])))
        return mad_hi_sat(f);
    return lw_isel_mad(f);
}

/* mad24.hi.sat.s32 d, a, b, c: saturate(bits 47..16 of the 48-bit product
 * of the sign-extended low 24 bits, + c) */
static bool mad24_hi_sat(lw_fn *f)
{
    if (f->ci->nmods != 3 || !has_mod(f, "hi") || !has_mod(f, "s32"))
        return lw_unsupported(f);
    lw_reg d, a, b, c, ea = lw_tmp(f, 1), eb = lw_tmp(f, 1), p = lw_tmp(f, 2);
    if (ea.v == 0 || eb.v == 0 || p.v == 0 || !lw_nops(f, 4) || !lw_dst(f, 0, 1, &d) ||
        !lw_reg_of(f, 1, PTX_T_S32, &a) || !lw_reg_of(f, 2, PTX_T_S32, &b) ||
        !lw_reg_of(f, 3, PTX_T_S32, &c))
        return false;
    /* sign-extend the low 24 bits: << 8 then arithmetic >> 8 */
    return emit_dab(f, OP_SHL, ea, a, lw_imm(8), MOD_W32, 0) &&
           emit_dab(f, OP_SHR, ea, ea, lw_imm(8), MOD_S32, 0) &&
           emit_dab(f, OP_SHL, eb, b, lw_imm(8), MOD_W32, 0) &&
           emit_dab(f, OP_SHR, eb, eb, lw_imm(8), MOD_S32, 0) &&
           emit_dab(f, OP_IMUL, p, ea, lw_rsrc(eb), MOD_MUL_WIDE, MOD_S32) &&
           emit_dab(f, OP_SHR, p, p, lw_imm(16), MOD_U64, 0) &&
           emit_dab(f, OP_IADDSAT, d, lw_word(p, 0), lw_rsrc(c), MOD_SAT_ADD, 0);
}

bool lw_isel_mad24_any(lw_fn *f)
{
    return has_mod(f, "sat") ? mad24_hi_sat(f) : lw_isel_mad24(f);
}
