/* isa/ptx/lower_isel_int.c — integer arithmetic and logic: add, sub, mul,
 * mad, div, rem, abs, neg, min, max, and, or, xor, not, shl, shr (float
 * forms are passed on to lower_isel_fp.c, predicate forms become PLOP).
 * 8- and 16-bit values live in 32-bit registers; ops typed u16/s16 read
 * only the low bits, so only abs needs to sign-extend first. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* The single type of the current instruction. */
static bool one_type(lw_fn *f, ptx_type *t)
{
    if (f->cm.ntypes != 1)
        return lw_unsupported(f);
    *t = f->cm.type[0];
    return true;
}

static bool is_int(ptx_type t)
{
    switch (t) {
    case PTX_T_B16: case PTX_T_B32: case PTX_T_B64: case PTX_T_U16: case PTX_T_U32:
    case PTX_T_U64: case PTX_T_S16: case PTX_T_S32: case PTX_T_S64:
        return true;
    default:
        return false;
    }
}

static bool int_type(lw_fn *f, ptx_type *t)
{
    return one_type(f, t) && (is_int(*t) || lw_unsupported(f));
}

/* d = a op b with the operands at PTX positions 0, 1, 2. */
static lw_insn *binop(lw_fn *f, isa_op op, unsigned dwords, ptx_type ta, ptx_type tb)
{
    lw_reg d, a;
    lw_src b;
    if (!lw_nops(f, 3) || !lw_dst(f, 0, dwords, &d) || !lw_reg_of(f, 1, ta, &a) ||
        !lw_src_of(f, 2, tb, true, &b))
        return NULL;
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return NULL;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    return i;
}

static uint8_t wmod(ptx_type t)
{
    return ptx_type_size(t) == 8 ? MOD_W64 : MOD_W32;
}

bool lw_isel_addsub(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!one_type(f, &t))
        return false;
    if (lw_is_float(t))
        return lw_isel_fbinop(f, f->ci->opcode);
    if (!lw_mods_only(f, LWM_TYPE) || !int_type(f, &t))
        return false;
    bool add = strcmp(f->ci->opcode, "add") == 0;
    const ptx_operand *b = lw_op(f, 2);
    if (b != NULL && b->kind == PTX_OPND_IMM_INT && b->ival == 0 && f->ci->nops == 3) {
        /* x + 0 (nvcc's "add.u64 %rd, %SPL, 0"): a copy the allocator can coalesce. */
        lw_reg d, a;
        unsigned words = lw_words_of(t);
        return lw_dst(f, 0, words, &d) && lw_reg_of(f, 1, t, &a) && lw_copy(f, d, a, words);
    }
    lw_insn *i = binop(f, add ? OP_IADD : OP_ISUB, lw_words_of(t), t, t);
    if (i == NULL)
        return false;
    i->in.mod[0] = wmod(t);
    return true;
}

/* The .lo/.hi/.wide mode and the width of the result. */
static bool mul_mode(lw_fn *f, ptx_type t, uint8_t *mode, unsigned *dwords)
{
    uint32_t m = f->cm.has & (LWM_LO | LWM_HI | LWM_WIDE);
    *dwords = lw_words_of(t);
    if (m == LWM_LO) {
        *mode = MOD_MUL_LO;
    } else if (m == LWM_HI) {
        *mode = MOD_MUL_HI;
    } else if (m == LWM_WIDE && ptx_type_size(t) <= 4) {
        *mode = MOD_MUL_WIDE;
        *dwords = ptx_type_size(t) == 4 ? 2 : 1;
    } else {
        return lw_unsupported(f);
    }
    return true;
}

bool lw_isel_mul(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!one_type(f, &t))
        return false;
    if (lw_is_float(t))
        return lw_isel_fbinop(f, "mul");
    uint8_t mode, it;
    unsigned dwords;
    if (!lw_mods_only(f, LWM_TYPE | LWM_LO | LWM_HI | LWM_WIDE) || !int_type(f, &t) ||
        !mul_mode(f, t, &mode, &dwords) || !lw_itype(f, t, &it))
        return false;
    lw_insn *i = binop(f, OP_IMUL, dwords, t, t);
    if (i == NULL)
        return false;
    i->in.mod[0] = mode;
    i->in.mod[1] = it;
    return true;
}

bool lw_isel_mad(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!one_type(f, &t))
        return false;
    if (lw_is_float(t))
        return lw_isel_fma(f);
    uint8_t mode, it;
    unsigned dwords;
    if (!lw_mods_only(f, LWM_TYPE | LWM_LO | LWM_HI | LWM_WIDE) || !int_type(f, &t) ||
        !mul_mode(f, t, &mode, &dwords) || !lw_itype(f, t, &it))
        return false;
    lw_reg d, a, c;
    lw_src b;
    ptx_type tc = dwords == 2 ? PTX_T_B64 : PTX_T_B32;
    if (!lw_nops(f, 4) || !lw_dst(f, 0, dwords, &d) || !lw_reg_of(f, 1, t, &a) ||
        !lw_src_of(f, 2, t, true, &b) || !lw_reg_of(f, 3, tc, &c))
        return false;
    lw_insn *i = lw_emit(f, OP_IMAD);
    if (i == NULL)
        return false;
    i->in.mod[0] = mode;
    i->in.mod[1] = it;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    lw_set(i, LW_C, c);
    return true;
}

bool lw_isel_divrem(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!one_type(f, &t))
        return false;
    bool div = strcmp(f->ci->opcode, "div") == 0;
    if (lw_is_float(t) && div)
        return lw_isel_fbinop(f, "div");
    uint8_t it;
    if (!lw_mods_only(f, LWM_TYPE) || !int_type(f, &t) || !lw_itype(f, t, &it))
        return false;
    lw_insn *i = binop(f, div ? OP_IDIV : OP_IREM, lw_words_of(t), t, t);
    if (i == NULL)
        return false;
    i->in.mod[0] = it;
    return true;
}

bool lw_isel_minmax(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!one_type(f, &t))
        return false;
    if (lw_is_float(t))
        return lw_isel_fbinop(f, f->ci->opcode);
    uint8_t it;
    if (!lw_mods_only(f, LWM_TYPE) || !int_type(f, &t) || !lw_itype(f, t, &it))
        return false;
    lw_insn *i = binop(f, OP_IMNMX, lw_words_of(t), t, t);
    if (i == NULL)
        return false;
    i->in.mod[0] = strcmp(f->ci->opcode, "min") == 0 ? MOD_MIN : MOD_MAX;
    i->in.mod[1] = it;
    return true;
}

static lw_insn *unop(lw_fn *f, isa_op op, lw_reg d, lw_reg a)
{
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return NULL;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    return i;
}

bool lw_isel_absneg(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!one_type(f, &t))
        return false;
    if (lw_is_float(t))
        return lw_isel_funop(f, f->ci->opcode);
    if (!lw_mods_only(f, LWM_TYPE) || !int_type(f, &t))
        return false;
    bool abs = strcmp(f->ci->opcode, "abs") == 0;
    unsigned words = lw_words_of(t);
    lw_reg d, a;
    if (!lw_nops(f, 2) || !lw_dst(f, 0, words, &d) || !lw_reg_of(f, 1, t, &a))
        return false;
    if (abs && ptx_type_size(t) == 2) {
        /* |x| of the low 16 bits: sign-extend them first. */
        lw_reg x = lw_tmp(f, 1);
        lw_insn *i = x.v != 0 ? unop(f, OP_I2I, x, a) : NULL;
        if (i == NULL)
            return false;
        i->in.mod[0] = MOD_S32;
        i->in.mod[1] = MOD_S16;
        a = x;
    }
    lw_insn *i = unop(f, abs ? OP_IABS : OP_INEG, d, a);
    if (i == NULL)
        return false;
    i->in.mod[0] = wmod(t);
    return true;
}

static bool pred_logic(lw_fn *f, uint8_t boolop, bool negate_a)
{
    lw_reg d, a, b = lw_pt();
    unsigned n = negate_a ? 2 : 3;
    if (!lw_nops(f, n) || !lw_pdst(f, 0, &d) || !lw_psrc(f, 1, &a) ||
        (!negate_a && !lw_psrc(f, 2, &b)))
        return false;
    if (negate_a)
        a.neg ^= 1;
    lw_insn *i = lw_emit(f, OP_PLOP);
    if (i == NULL)
        return false;
    i->in.mod[0] = boolop;
    lw_set(i, LW_E, d);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    return true;
}

bool lw_isel_logic(lw_fn *f)
{
    static const char *const names[] = { "and", "or", "xor" };
    uint8_t op = 0;
    for (uint8_t k = 0; k < 3; k++)
        if (strcmp(f->ci->opcode, names[k]) == 0)
            op = k;
    ptx_type t = PTX_T_NONE;
    if (!lw_mods_only(f, LWM_TYPE) || !one_type(f, &t))
        return false;
    if (t == PTX_T_PRED)
        return pred_logic(f, op, false);
    if (!int_type(f, &t))
        return false;
    lw_insn *i = binop(f, OP_LOP, lw_words_of(t), t, t);
    if (i == NULL)
        return false;
    i->in.mod[0] = op;
    i->in.mod[1] = wmod(t);
    return true;
}

bool lw_isel_not(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!lw_mods_only(f, LWM_TYPE) || !one_type(f, &t))
        return false;
    if (t == PTX_T_PRED)
        return pred_logic(f, MOD_AND, true);
    lw_reg d, a;
    if (!int_type(f, &t) || !lw_nops(f, 2) || !lw_dst(f, 0, lw_words_of(t), &d) ||
        !lw_reg_of(f, 1, t, &a))
        return false;
    lw_insn *i = unop(f, OP_LNOT, d, a);
    if (i == NULL)
        return false;
    i->in.mod[0] = wmod(t);
    return true;
}

bool lw_isel_shift(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    if (!lw_mods_only(f, LWM_TYPE) || !int_type(f, &t))
        return false;
    bool left = strcmp(f->ci->opcode, "shl") == 0;
    uint8_t it;
    if (left && lw_is_signed(t))
        return lw_unsupported(f);
    if (!left && !lw_itype(f, t, &it))
        return false;
    lw_insn *i = binop(f, left ? OP_SHL : OP_SHR, lw_words_of(t), t, PTX_T_U32);
    if (i == NULL)
        return false;
    i->in.mod[0] = left ? wmod(t) : it;
    return true;
}
