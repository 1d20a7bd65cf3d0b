/* isa/ptx/lower_isel_mov.c — mov: registers, immediates, special registers,
 * symbol addresses, predicates, and the vector forms that pack registers
 * into a wider one or unpack them ({lo, hi} halves of 64 or 32 bits, and
 * bytes or half words of 16 or 32 bits).
 * 16-bit values live in the low half of a 32-bit register. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* mov.pred d, p | imm: an integer immediate sets d to (imm != 0) — nvcc
 * writes `mov.pred %p, -1` for a constant true (__ballot_sync(m, 1)). */
static bool mov_pred(lw_fn *f)
{
    lw_reg d, s;
    const ptx_operand *src = &f->ci->ops[1];
    if (!lw_pdst(f, 0, &d))
        return false;
    if (src->kind == PTX_OPND_IMM_INT) {
        s = lw_pt();
        s.neg = src->ival == 0;
    } else if (!lw_psrc(f, 1, &s)) {
        return false;
    }
    lw_insn *i = lw_emit(f, OP_PLOP);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_AND;
    lw_set(i, LW_E, d);
    lw_set(i, LW_A, s);
    lw_set(i, LW_B, lw_pt());
    return true;
}

static bool bin32(lw_fn *f, isa_op op, uint8_t mod, lw_reg d, lw_reg a, lw_src b)
{
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return false;
    i->in.mod[0] = mod;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    return true;
}

static unsigned elem_size(lw_fn *f, const ptx_operand *v, ptx_type t)
{
    unsigned sz = v->nelems ? ptx_type_size(t) / v->nelems : 0;
    if (v->nelems * sz != ptx_type_size(t) || (sz != 1 && sz != 2 && sz != 4 && sz != 8)) {
        lw_unsupported(f);
        return 0;
    }
    return sz;
}

/* mov.b64 d, {lo, hi} / mov.b32 d, {lo16, hi16} (and b64 of four halves,
 * b128 of two b64 halves: the quad of an atom .b128 operand). */
static bool pack(lw_fn *f, ptx_type t, const ptx_operand *v)
{
    unsigned sz = elem_size(f, v, t);
    lw_reg d;
    if (sz == 0 || !lw_dst(f, 0, lw_words_of(t), &d))
        return false;
    if (sz == 8) {
        for (unsigned e = 0; e < v->nelems; e++) {
            lw_src s;   /* an immediate is materialised into a pair */
            if (!lw_src_opnd(f, &v->elems[e], 1, PTX_T_B64, false, &s) ||
                !lw_copy(f, lw_word(d, 2 * e), s.r, 2))
                return false;
        }
        return true;
    }
    if (sz == 4) {
        for (unsigned e = 0; e < v->nelems; e++) {
            lw_src s;
            if (!lw_src_opnd(f, &v->elems[e], 1, PTX_T_B32, true, &s) ||
                !lw_mov32(f, lw_word(d, e), s))
                return false;
        }
        return true;
    }
    /* 8- and 16-bit elements: each word is the OR of (element & mask) << shift
     * (mov.b16 {b8, b8} packs two bytes into one half word). */
    unsigned per = 4 / sz, bits = 8 * sz;
    for (unsigned w = 0; w * per < v->nelems; w++) {
        unsigned n = v->nelems - w * per < per ? v->nelems - w * per : per;
        lw_reg acc = { 0, 0, 0, 0 };
        for (unsigned k = 0; k < n; k++) {
            lw_src e;
            bool last = k + 1 == n;
            lw_reg m = last && k == 0 ? lw_word(d, w) : lw_tmp(f, 1);
            if (m.v == 0 || !lw_src_opnd(f, &v->elems[w * per + k], 1,
                                         sz == 1 ? PTX_T_B8 : PTX_T_B16, false, &e) ||
                !bin32(f, OP_LOP, MOD_AND, m, e.r, lw_imm((1u << bits) - 1)))
                return false;
            if (k == 0) {
                acc = m;
                continue;
            }
            lw_reg sh = lw_tmp(f, 1), o = last ? lw_word(d, w) : lw_tmp(f, 1);
            if (sh.v == 0 || o.v == 0 || !bin32(f, OP_SHL, 0, sh, m, lw_imm(k * bits)) ||
                !bin32(f, OP_LOP, MOD_OR, o, acc, lw_rsrc(sh)))
                return false;
            acc = o;
        }
    }
    return true;
}

/* mov.b64 {lo, hi}, s / mov.b32 {lo16, hi16}, s. */
static bool unpack(lw_fn *f, ptx_type t, const ptx_operand *v)
{
    unsigned sz = elem_size(f, v, t);
    lw_reg s;
    if (sz == 0 || !lw_reg_of(f, 1, t, &s))
        return false;
    for (unsigned e = 0; e < v->nelems; e++) {
        const ptx_operand *o = &v->elems[e];
        if (o->kind == PTX_OPND_SINK)
            continue;
        unsigned have = 0;
        lw_reg d = { 0, 0, 0, 0 };
        if (o->kind == PTX_OPND_REG && o->reg < f->fn->nregs)
            d = lw_ptx_reg(f, o->reg, &have);
        if (d.v == 0 || f->vregs[d.v].cls != LW_CLS_R || have != (sz == 8 ? 2u : 1u)) {
            char buf[160];
            return lw_fail(f, f->ci->line, "'%s' needs %s registers in {...}",
                           lw_insn_name(f->ci, buf, sizeof buf),
                           sz == 8 ? "64-bit" : "32-bit (or narrower)");
        }
        if (sz == 8) {   /* b128 into two b64 halves */
            if (!lw_copy(f, d, lw_word(s, 2 * e), 2))
                return false;
            continue;
        }
        unsigned word = e * sz / 4, shift = (e * sz % 4) * 8;
        bool ok = shift == 0 ? lw_mov32(f, d, lw_rsrc(lw_word(s, word)))
                             : bin32(f, OP_SHR, MOD_U32, d, lw_word(s, word), lw_imm(shift));
        if (!ok)
            return false;
    }
    return true;
}

bool lw_isel_mov(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_TYPE) || !lw_nops(f, 2))
        return false;
    if (f->cm.ntypes != 1)
        return lw_unsupported(f);
    bool ok;   /* mov.pred p, %is_explicit_cluster */
    if (lw_isel_mov_cluster(f, &ok))
        return ok;
    ptx_type t = f->cm.type[0];
    if (t == PTX_T_PRED)
        return mov_pred(f);
    const ptx_operand *dst = &f->ci->ops[0], *src = &f->ci->ops[1];
    if (dst->kind == PTX_OPND_VEC)
        return unpack(f, t, dst);
    if (src->kind == PTX_OPND_VEC)
        return pack(f, t, src);
    unsigned words = lw_words_of(t);
    lw_reg d;
    if (!lw_dst(f, 0, words, &d))
        return false;
    switch (src->kind) {
    case PTX_OPND_SREG:
        return lw_read_sreg(f, 1, d, words);
    case PTX_OPND_SYM:
        return lw_sym_addr_into(f, src, words, d);
    case PTX_OPND_IMM_INT:
    case PTX_OPND_IMM_FLOAT: {
        uint64_t bits;
        if (!lw_imm_bits(f, src, 1, t, &bits))
            return false;
        for (unsigned w = 0; w < words; w++)
            if (!lw_mov32(f, lw_word(d, w), lw_imm(w < 2 ? (uint32_t)(bits >> (32 * w)) : 0)))
                return false;
        return true;
    }
    default: {
        lw_reg s;
        return lw_reg_of(f, 1, t, &s) && lw_copy(f, d, s, words);
    }
    }
}
