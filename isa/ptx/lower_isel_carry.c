/* isa/ptx/lower_isel_carry.c — extended-precision integer arithmetic:
 * add.cc, addc{.cc}, sub.cc, subc{.cc}, mad{.lo,.hi}.cc, madc{.lo,.hi}{.cc}
 * on .u32/.s32/.u64/.s64.
 *
 * The PTX condition code CC.CF becomes one predicate virtual register per
 * lowered function (lw_fn.cc_vreg), so the allocator keeps it live from the
 * instruction that sets it to the one that reads it, across blocks too.
 * Carry out of a + b (+ cf) is (t < a) | (u < t) with t = a + b, u = t + cf
 * (unsigned compares); for subtraction CF is the borrow, as the manual
 * defines subc (d = a - (b + CC.CF)): (a < b) | (t < cf) with t = a - b.
 * Every operand is read before d is written, so d may name a or b. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

static lw_reg cc_flag(lw_fn *f)
{
    if (f->cc_vreg == 0)
        f->cc_vreg = lw_new_vreg(f, LW_CLS_P, 1);
    return (lw_reg){ .v = f->cc_vreg };
}

static lw_insn *arith(lw_fn *f, isa_op op, unsigned words, lw_reg d, lw_reg a, lw_src b)
{
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return NULL;
    i->in.mod[0] = words == 2 ? MOD_W64 : MOD_W32;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    return i;
}

/* e = (a <u b) boolop z */
static bool less_u(lw_fn *f, unsigned words, lw_reg e, lw_reg a, lw_src b, uint8_t boolop,
                   lw_reg z)
{
    lw_insn *i = lw_emit(f, OP_ISETP);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_CMP_LT;
    i->in.mod[1] = words == 2 ? MOD_U64 : MOD_U32;
    i->in.mod[2] = boolop;
    lw_set(i, LW_E, e);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    lw_set(i, LW_C, z);
    return true;
}

/* CC.CF as an integer of `words` words (0 or 1). */
static bool carry_value(lw_fn *f, unsigned words, lw_reg c)
{
    lw_insn *i = lw_emit(f, OP_P2R);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, lw_word(c, 0));
    lw_set(i, LW_C, cc_flag(f));
    return words == 1 || lw_mov32(f, lw_word(c, 1), lw_imm(0));
}

/* d = a +/- b (+/- CC.CF when cin), CC.CF = the carry / borrow when cout. */
static bool carry_op(lw_fn *f, bool sub, bool cin, bool cout, unsigned words, lw_reg d, lw_reg a,
                     lw_src b)
{
    lw_reg tr = lw_tmp(f, words), c1 = lw_ptmp(f);
    if (tr.v == 0 || c1.v == 0 ||
        !arith(f, sub ? OP_ISUB : OP_IADD, words, tr, a, b))
        return false;
    /* carry / borrow of the first step */
    if (cout && !(sub ? less_u(f, words, c1, a, b, MOD_AND, lw_pt())
                      : less_u(f, words, c1, tr, lw_rsrc(a), MOD_AND, lw_pt())))
        return false;
    lw_reg res = tr;
    if (cin) {
        lw_reg c = lw_tmp(f, words), u = lw_tmp(f, words);
        if (c.v == 0 || u.v == 0 || !carry_value(f, words, c) ||
            !arith(f, sub ? OP_ISUB : OP_IADD, words, u, tr, lw_rsrc(c)))
            return false;
        if (cout && !(sub ? less_u(f, words, c1, tr, lw_rsrc(c), MOD_OR, c1)
                          : less_u(f, words, c1, u, lw_rsrc(tr), MOD_OR, c1)))
            return false;
        res = u;
    }
    if (cout) {
        lw_insn *i = lw_emit(f, OP_PLOP);
        if (i == NULL)
            return false;
        i->in.mod[0] = MOD_AND;
        lw_set(i, LW_E, cc_flag(f));
        lw_set(i, LW_A, c1);
        lw_set(i, LW_B, lw_pt());
    }
    return lw_copy(f, d, res, words);
}

/* The one integer type among the modifiers; `cc`, and for mad .lo/.hi,
 * are noted; anything else is not supported. */
static bool carry_mods(lw_fn *f, bool mad, ptx_type *t, bool *cout, bool *hi)
{
    *t = PTX_T_NONE;
    *cout = *hi = false;
    bool lo = false;
    for (unsigned k = 0; k < f->ci->nmods; k++) {
        const char *m = f->ci->mods[k];
        ptx_type mt = ptx_type_from_name(m);
        if (strcmp(m, "cc") == 0)
            *cout = true;
        else if (mad && strcmp(m, "hi") == 0 && !lo && !*hi)
            *hi = true;
        else if (mad && strcmp(m, "lo") == 0 && !lo && !*hi)
            lo = true;
        else if ((mt == PTX_T_U32 || mt == PTX_T_S32 || mt == PTX_T_U64 || mt == PTX_T_S64) &&
                 *t == PTX_T_NONE)
            *t = mt;
        else
            return lw_unsupported(f);
    }
    if (*t == PTX_T_NONE)
        return lw_fail(f, f->ci->line, "'%s' needs a type .u32, .s32, .u64 or .s64", f->ci->opcode);
    if (mad && !lo && !*hi)
        return lw_fail(f, f->ci->line, "'%s' needs .lo or .hi", f->ci->opcode);
    return true;
}

bool lw_isel_carry(lw_fn *f)
{
    const char *opc = f->ci->opcode;
    bool sub = opc[0] == 's', cin = opc[3] == 'c', cout, hi;
    ptx_type t;
    if (!carry_mods(f, false, &t, &cout, &hi))
        return false;
    unsigned words = lw_words_of(t);
    lw_reg d, a;
    lw_src b;
    if (!lw_nops(f, 3) || !lw_dst(f, 0, words, &d) || !lw_reg_of(f, 1, t, &a) ||
        !lw_src_of(f, 2, t, true, &b))
        return false;
    return carry_op(f, sub, cin, cout, words, d, a, b);
}

/* mad{.lo,.hi}.cc and madc{.lo,.hi}{.cc}: the low or high half of a * b
 * (signed high half for .s32/.s64), then the add.cc / addc chain with c. */
bool lw_isel_madc(lw_fn *f)
{
    bool cin = strcmp(f->ci->opcode, "madc") == 0, cout, hi;
    ptx_type t;
    uint8_t it;
    if (!carry_mods(f, true, &t, &cout, &hi) || !lw_itype(f, t, &it))
        return false;
    unsigned words = lw_words_of(t);
    lw_reg d, a, p = lw_tmp(f, words);
    lw_src b, c;
    if (p.v == 0 || !lw_nops(f, 4) || !lw_dst(f, 0, words, &d) || !lw_reg_of(f, 1, t, &a) ||
        !lw_src_of(f, 2, t, true, &b) || !lw_src_of(f, 3, t, true, &c))
        return false;
    lw_insn *i = lw_emit(f, OP_IMUL);
    if (i == NULL)
        return false;
    i->in.mod[0] = hi ? MOD_MUL_HI : MOD_MUL_LO;
    i->in.mod[1] = it;
    lw_set(i, LW_D, p);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    return carry_op(f, false, cin, cout, words, d, p, c);
}

/* add / sub with .cc go here; .sat.s32 and .u16x2/.s16x2 to
 * lower_isel_int2.c; the others to lw_isel_addsub. */
bool lw_isel_addsub_any(lw_fn *f)
{
    for (unsigned k = 0; k < f->ci->nmods; k++)
        if (strcmp(f->ci->mods[k], "cc") == 0)
            return lw_isel_carry(f);
    if (lw_int2_arith_form(f))
        return lw_isel_arith2(f);
    return lw_isel_addsub(f);
}
