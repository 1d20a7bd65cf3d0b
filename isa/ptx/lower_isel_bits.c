/* isa/ptx/lower_isel_bits.c — bit manipulation: popc, clz, brev, bfind
 * (one instruction each), and bfe, bfi, shf as short shift/mask sequences.
 * bfe and bfi need immediate position and length (what nvcc emits). */
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* d = op a[, b] */
static lw_insn *emit_dab(lw_fn *f, isa_op op, lw_reg d, lw_reg a, const lw_src *b)
{
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return NULL;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    if (b != NULL)
        lw_setb(i, *b);
    return i;
}

static bool emit_m(lw_fn *f, isa_op op, uint8_t m0, uint8_t m1, lw_reg d, lw_reg a, lw_src b)
{
    lw_insn *i = emit_dab(f, op, d, a, &b);
    if (i == NULL)
        return false;
    i->in.mod[0] = m0;
    i->in.mod[1] = m1;
    return true;
}

static bool typed(lw_fn *f, ptx_type *t)
{
    if (f->cm.ntypes != 1)
        return lw_unsupported(f);
    *t = f->cm.type[0];
    return true;
}

/* bfind.shiftamt: (width - 1) - index, or all ones when no bit is found. */
static bool shiftamt(lw_fn *f, lw_reg d, lw_reg idx, unsigned width)
{
    lw_reg neg = lw_tmp(f, 1), amt = lw_tmp(f, 1), none = lw_ptmp(f);
    if (neg.v == 0 || amt.v == 0 || none.v == 0)
        return false;
    lw_insn *i = lw_emit(f, OP_INEG);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, neg);
    lw_set(i, LW_A, idx);
    if ((i = lw_emit(f, OP_IADD)) == NULL)
        return false;
    lw_set(i, LW_D, amt);
    lw_set(i, LW_A, neg);
    lw_setb(i, lw_imm(width - 1));
    if ((i = lw_emit(f, OP_ISETP)) == NULL)
        return false;
    i->in.mod[0] = MOD_CMP_EQ;
    i->in.mod[1] = MOD_U32;
    i->in.mod[2] = MOD_AND;
    lw_set(i, LW_E, none);
    lw_set(i, LW_A, idx);
    lw_setb(i, lw_imm(0xffffffffu));
    lw_set(i, LW_C, lw_pt());
    if ((i = lw_emit(f, OP_SEL)) == NULL)
        return false;
    none.neg = 1;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, amt);
    lw_setb(i, lw_imm(0xffffffffu));
    lw_set(i, LW_C, none);
    return true;
}

bool lw_isel_bitcount(lw_fn *f)
{
    const char *op = f->ci->opcode;
    ptx_type t = PTX_T_NONE;
    bool bfind = strcmp(op, "bfind") == 0;
    if (!lw_mods_only(f, LWM_TYPE | (bfind ? LWM_SHIFTAMT : 0)) || !typed(f, &t))
        return false;
    bool is64 = ptx_type_size(t) == 8;
    lw_reg d, a;
    isa_op isa;
    uint8_t mod;
    if (bfind) {
        if (t != PTX_T_U32 && t != PTX_T_S32 && t != PTX_T_U64 && t != PTX_T_S64)
            return lw_unsupported(f);
        isa = OP_FLO;
        if (!lw_itype(f, t, &mod))
            return false;
    } else {
        if (t != PTX_T_B32 && t != PTX_T_B64)
            return lw_unsupported(f);
        isa = strcmp(op, "popc") == 0 ? OP_POPC : strcmp(op, "clz") == 0 ? OP_CLZ : OP_BREV;
        mod = is64 ? MOD_W64 : MOD_W32;
    }
    /* Counts are 32-bit results; brev keeps the operand width. */
    unsigned dwords = isa == OP_BREV && is64 ? 2 : 1;
    if (!lw_nops(f, 2) || !lw_dst(f, 0, dwords, &d) || !lw_reg_of(f, 1, t, &a))
        return false;
    bool amt = (f->cm.has & LWM_SHIFTAMT) != 0;
    lw_reg idx = amt ? lw_tmp(f, 1) : d;
    lw_insn *i = idx.v != 0 ? lw_emit(f, isa) : NULL;
    if (i == NULL)
        return false;
    i->in.mod[0] = mod;
    lw_set(i, LW_D, idx);
    lw_set(i, LW_A, a);
    return !amt || shiftamt(f, d, idx, is64 ? 64 : 32);
}

/* An immediate operand in 0..255 (bfe/bfi position and length). */
static bool small_imm(lw_fn *f, unsigned idx, uint32_t *v)
{
    const ptx_operand *o = lw_op(f, idx);
    if (o == NULL)
        return false;
    if (o->kind != PTX_OPND_IMM_INT) {
        char buf[160];
        return lw_fail_unsupported(f, f->ci->line, "'%s' with a register position or length is not supported yet",
                       lw_insn_name(f->ci, buf, sizeof buf));
    }
    *v = (uint32_t)o->ival & 0xff;
    return true;
}

/* bfe.{u,s}{32,64} d, a, pos, len: the field of a, zero- or sign-extended. */
bool lw_isel_bfe(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    uint32_t pos, len;
    lw_reg d, a;
    if (!lw_mods_only(f, LWM_TYPE) || !typed(f, &t))
        return false;
    if (t != PTX_T_U32 && t != PTX_T_S32 && t != PTX_T_U64 && t != PTX_T_S64)
        return lw_unsupported(f);
    if (lw_bfx_dynamic(f, 2))   /* lower_isel_bfx.c */
        return lw_isel_bfe_reg(f, t);
    unsigned words = lw_words_of(t), bits = 32 * words;
    uint8_t w = words == 2 ? MOD_W64 : MOD_W32, it;
    bool sgn = lw_is_signed(t);
    if (!lw_nops(f, 4) || !small_imm(f, 2, &pos) || !small_imm(f, 3, &len) ||
        !lw_dst(f, 0, words, &d) || !lw_reg_of(f, 1, t, &a) || !lw_itype(f, t, &it))
        return false;
    if (len == 0 || (pos >= bits && !sgn)) {
        for (unsigned k = 0; k < words; k++)
            if (!lw_mov32(f, lw_word(d, k), lw_imm(0)))
                return false;
        return true;
    }
    if (pos >= bits)   /* only copies of the sign bit remain */
        return emit_m(f, OP_SHR, it, 0, d, a, lw_imm(bits - 1));
    if (len > bits - pos)
        len = bits - pos;
    lw_reg x = lw_tmp(f, words);
    if (x.v == 0)
        return false;
    /* Shift the field to the top, then back down (arithmetic for signed). */
    return emit_m(f, OP_SHL, w, 0, x, a, lw_imm(bits - pos - len)) &&
           emit_m(f, OP_SHR, it, 0, d, x, lw_imm(bits - len));
}

/* bfi.b{32,64} d, f, b, pos, len: b with bits [pos, pos+len) replaced by
 * the low bits of f. Built word by word: a word outside the field is b's,
 * a word inside it is f shifted, a word the field only crosses is mixed. */
bool lw_isel_bfi(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    uint32_t pos, len;
    lw_reg d, a, b;
    if (!lw_mods_only(f, LWM_TYPE) || !typed(f, &t))
        return false;
    if (t != PTX_T_B32 && t != PTX_T_B64)
        return lw_unsupported(f);
    if (lw_bfx_dynamic(f, 3))   /* lower_isel_bfx.c */
        return lw_isel_bfi_reg(f, t);
    unsigned words = lw_words_of(t), bits = 32 * words;
    if (!lw_nops(f, 5) || !small_imm(f, 3, &pos) || !small_imm(f, 4, &len) ||
        !lw_dst(f, 0, words, &d) || !lw_reg_of(f, 1, t, &a) || !lw_reg_of(f, 2, t, &b))
        return false;
    if (len == 0 || pos >= bits)
        return lw_copy(f, d, b, words);
    if (len > bits - pos)
        len = bits - pos;
    uint64_t mask = (len == 64 ? ~0ull : ((1ull << len) - 1)) << pos;
    /* The field source f << pos: whole words move without shifting. */
    lw_reg x = a;
    unsigned word_shift = 0;
    if (pos % 32 == 0) {
        word_shift = pos / 32;
    } else {
        x = lw_tmp(f, words);
        if (x.v == 0 || !emit_m(f, OP_SHL, words == 2 ? MOD_W64 : MOD_W32, 0, x, a, lw_imm(pos)))
            return false;
    }
    /* Writing d word by word must not overwrite an operand still needed. */
    lw_reg out = d.v == a.v || d.v == b.v ? lw_tmp(f, words) : d;
    if (out.v == 0)
        return false;
    for (unsigned w = 0; w < words; w++) {
        uint32_t mw = (uint32_t)(mask >> (32 * w));
        lw_reg xw = lw_word(x, w - word_shift), dw = lw_word(out, w), bw = lw_word(b, w);
        if (mw == 0) {
            if (!lw_mov32(f, dw, lw_rsrc(bw)))
                return false;
            continue;
        }
        if (mw == 0xffffffffu) {
            if (!lw_mov32(f, dw, lw_rsrc(xw)))
                return false;
            continue;
        }
        lw_reg y = lw_tmp(f, 1), z = lw_tmp(f, 1);
        if (y.v == 0 || z.v == 0 || !emit_m(f, OP_LOP, MOD_AND, MOD_W32, y, xw, lw_imm(mw)) ||
            !emit_m(f, OP_LOP, MOD_AND, MOD_W32, z, bw, lw_imm(~mw)) ||
            !emit_m(f, OP_LOP, MOD_OR, MOD_W32, dw, y, lw_rsrc(z)))
            return false;
    }
    return out.v == d.v || lw_copy(f, d, out, words);
}

/* shf.{l,r}.{wrap,clamp}.b32 d, a, b, n: funnel shift of the 64-bit b:a.
 * Left: (b << n) | (a >> (32 - n)); right: (a >> n) | (b << (32 - n)).
 * SHL and SHR.U32 give 0 for counts of 32 or more, which makes n = 0 and
 * the clamped n = 32 come out right. */
bool lw_isel_shf(lw_fn *f)
{
    uint32_t has = f->cm.has;
    ptx_type t = PTX_T_NONE;
    if (!lw_mods_only(f, LWM_TYPE | LWM_L | LWM_R | LWM_WRAP | LWM_CLAMP) || !typed(f, &t))
        return false;
    bool left = (has & LWM_L) != 0, wrap = (has & LWM_WRAP) != 0;
    if (t != PTX_T_B32 || !(has & (LWM_L | LWM_R)) || (has & LWM_L && has & LWM_R) ||
        !(has & (LWM_WRAP | LWM_CLAMP)) || (wrap && has & LWM_CLAMP))
        return lw_unsupported(f);
    lw_reg d, a, b;
    lw_src n;
    if (!lw_nops(f, 4) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, t, &a) ||
        !lw_reg_of(f, 2, t, &b) || !lw_src_of(f, 3, PTX_T_U32, true, &n))
        return false;
    lw_src inv;   /* 32 - n */
    if (n.is_imm) {
        n.imm = wrap ? n.imm & 31 : (n.imm > 32 ? 32 : n.imm);
        inv = lw_imm(32 - n.imm);
    } else {
        lw_reg m = lw_tmp(f, 1), neg = lw_tmp(f, 1), k = lw_tmp(f, 1);
        if (m.v == 0 || neg.v == 0 || k.v == 0)
            return false;
        if (!(wrap ? emit_m(f, OP_LOP, MOD_AND, MOD_W32, m, n.r, lw_imm(31))
                   : emit_m(f, OP_IMNMX, MOD_MIN, MOD_U32, m, n.r, lw_imm(32))))
            return false;
        if (emit_dab(f, OP_INEG, neg, m, NULL) == NULL ||
            !emit_m(f, OP_IADD, MOD_W32, 0, k, neg, lw_imm(32)))
            return false;
        n = lw_rsrc(m);
        inv = lw_rsrc(k);
    }
    lw_reg hi = left ? b : a, lo = left ? a : b;   /* shifted by n / by 32 - n */
    lw_reg x = lw_tmp(f, 1), y = lw_tmp(f, 1);
    isa_op first = left ? OP_SHL : OP_SHR, second = left ? OP_SHR : OP_SHL;
    uint8_t m1 = left ? MOD_W32 : MOD_U32, m2 = left ? MOD_U32 : MOD_W32;
    return x.v != 0 && y.v != 0 &&
           emit_m(f, first, m1, 0, x, hi, n) &&
           emit_m(f, second, m2, 0, y, lo, inv) &&
           emit_m(f, OP_LOP, MOD_OR, MOD_W32, d, x, lw_rsrc(y));
}

/* sad.{u,s}{16,32,64} d, a, b, c: c + |a - b|, the difference taken the
 * right way round for the type (16-bit values use the low bits; the
 * compare reads them by their type). */
bool lw_isel_sad(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    uint8_t it;
    if (!lw_mods_only(f, LWM_TYPE) || !typed(f, &t))
        return false;
    if (t != PTX_T_U16 && t != PTX_T_S16 && t != PTX_T_U32 && t != PTX_T_S32 &&
        t != PTX_T_U64 && t != PTX_T_S64)
        return lw_unsupported(f);
    unsigned w = lw_words_of(t);
    uint8_t wm = w == 2 ? MOD_W64 : MOD_W32;
    lw_reg d, a, b, c, ab = lw_tmp(f, w), ba = lw_tmp(f, w), diff = lw_tmp(f, w), lt = lw_ptmp(f);
    if (ab.v == 0 || ba.v == 0 || diff.v == 0 || lt.v == 0 || !lw_itype(f, t, &it) ||
        !lw_nops(f, 4) || !lw_dst(f, 0, w, &d) || !lw_reg_of(f, 1, t, &a) ||
        !lw_reg_of(f, 2, t, &b) || !lw_reg_of(f, 3, t, &c))
        return false;
    lw_insn *i = lw_emit(f, OP_ISETP);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_CMP_LT;
    i->in.mod[1] = it;
    i->in.mod[2] = MOD_AND;
    lw_set(i, LW_E, lt);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    lw_set(i, LW_C, lw_pt());
    if (!emit_m(f, OP_ISUB, wm, 0, ab, a, lw_rsrc(b)) ||
        !emit_m(f, OP_ISUB, wm, 0, ba, b, lw_rsrc(a)))
        return false;
    for (unsigned k = 0; k < w; k++) {   /* SEL is 32-bit: one per word */
        if ((i = lw_emit(f, OP_SEL)) == NULL)
            return false;
        lw_set(i, LW_D, lw_word(diff, k));
        lw_set(i, LW_A, lw_word(ba, k));
        lw_set(i, LW_B, lw_word(ab, k));
        lw_set(i, LW_C, lt);
    }
    return emit_m(f, OP_IADD, wm, 0, d, diff, lw_rsrc(c));
}
