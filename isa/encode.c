/* isa/encode.c — isa_insn <-> 128-bit isa_word (layout at the top of isa.h).
 *
 * Both directions apply the same validity rules, so a word decodes exactly
 * when it is the encoding of some instruction the encoder accepts, and
 * encode(decode(w)) == w. */
#include <stdio.h>
#include <string.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"

/* Bit positions within the 128-bit word. */
enum {
    POS_CLASS = 0, POS_SUB = 4, POS_GUARD = 12, POS_D = 16, POS_A = 24, POS_B = 32,
    POS_C = 40, POS_E = 48, POS_BIMM = 56, POS_MODS = 57, POS_IMM = 72, POS_IMM2 = 104,
};

static uint64_t mask_of(unsigned width)
{
    return width >= 64 ? ~0ull : (1ull << width) - 1;
}

/* ORs `v` (width bits, width <= 64) into the word at bit `pos`. */
static void put_bits(isa_word *w, unsigned pos, unsigned width, uint64_t v)
{
    v &= mask_of(width);
    if (pos >= 64) {
        w->hi |= v << (pos - 64);
        return;
    }
    w->lo |= v << pos;
    if (pos + width > 64)
        w->hi |= v >> (64 - pos);   /* the part that straddles into hi */
}

static uint64_t get_bits(isa_word w, unsigned pos, unsigned width)
{
    uint64_t v;
    if (pos >= 64)
        v = w.hi >> (pos - 64);
    else if (pos + width > 64)
        v = (w.lo >> pos) | (w.hi << (64 - pos));
    else
        v = w.lo >> pos;
    return v & mask_of(width);
}

static const char *const field_names[ISA_NUM_FIELDS] = { "d", "a", "b", "c", "e" };

/* Checks the parts of an instruction that are not a matter of field width:
 * modifier values, predicate fields, bimm, special register numbers. Shared
 * by encode and decode. */
static bool check_insn(const isa_insn *in, const char *what, char *err, size_t errlen)
{
    const isa_op_info *info = isa_op_info_of(in->op);
    if (info == NULL) {
        snprintf(err, errlen, "%s: op %u out of range (%u ops)", what, in->op, isa_num_ops());
        return false;
    }
    if (in->guard > 0xF) {
        snprintf(err, errlen, "%s %s: guard 0x%x wider than 4 bits", what, info->mnem, in->guard);
        return false;
    }
    if (in->bimm > 1 || (in->bimm && !isa_syntax_has(info->syntax, 'B'))) {
        snprintf(err, errlen, "%s %s: bimm=%u but the op has no register-or-immediate operand",
                 what, info->mnem, in->bimm);
        return false;
    }
    if (in->imm2 > ISA_IMM2_MAX) {
        snprintf(err, errlen, "%s %s: imm2 0x%x wider than 24 bits", what, info->mnem, in->imm2);
        return false;
    }
    unsigned nmods = isa_op_nmods(info);
    for (unsigned i = 0; i < ISA_MAX_MODS; i++) {
        unsigned limit = i < nmods ? isa_modgrp_count(info->mods[i]) : 1;
        if (in->mod[i] >= limit) {
            if (i < nmods)
                snprintf(err, errlen, "%s %s: modifier %u (%s) value %u out of range (%u values)",
                         what, info->mnem, i, isa_modgrp_info_of(info->mods[i])->name,
                         in->mod[i], limit);
            else
                snprintf(err, errlen, "%s %s: modifier slot %u is %u but the op has %u modifier groups",
                         what, info->mnem, i, in->mod[i], nmods);
            return false;
        }
    }
    isa_field_kind kinds[ISA_NUM_FIELDS];
    isa_syntax_fields(info->syntax, kinds);
    const uint8_t vals[ISA_NUM_FIELDS] = { in->d, in->a, in->b, in->c, in->e };
    for (unsigned f = 0; f < ISA_NUM_FIELDS; f++) {
        unsigned max = kinds[f] == ISA_FK_PRED_SRC ? 0xF : kinds[f] == ISA_FK_PRED_DST ? ISA_PT : 0xFF;
        if (f == ISA_FIELD_E && kinds[f] == ISA_FK_UNUSED)
            max = ISA_PT;   /* e holds only predicates */
        if (vals[f] > max) {
            snprintf(err, errlen, "%s %s: field %s = 0x%x is not a valid %s", what, info->mnem,
                     field_names[f], vals[f],
                     kinds[f] == ISA_FK_PRED_DST || f == ISA_FIELD_E ? "predicate destination (P0..P6, PT)"
                                                                     : "predicate (P0..P6, PT, negated)");
            return false;
        }
    }
    if (isa_syntax_has(info->syntax, 's') && in->imm >= ISA_SR__COUNT) {
        snprintf(err, errlen, "%s %s: special register %u out of range (%u registers)", what,
                 info->mnem, in->imm, (unsigned)ISA_SR__COUNT);
        return false;
    }
    return true;
}

bool isa_encode(const isa_insn *in, isa_word *out, char *err, size_t errlen)
{
    if (!check_insn(in, "encode", err, errlen))
        return false;
    const isa_op_info *info = isa_op_info_of(in->op);
    isa_word w = { 0, 0 };
    put_bits(&w, POS_CLASS, 4, info->cls);
    put_bits(&w, POS_SUB, 8, info->sub);
    put_bits(&w, POS_GUARD, 4, in->guard);
    put_bits(&w, POS_D, 8, in->d);
    put_bits(&w, POS_A, 8, in->a);
    put_bits(&w, POS_B, 8, in->b);
    put_bits(&w, POS_C, 8, in->c);
    put_bits(&w, POS_E, 8, in->e);
    put_bits(&w, POS_BIMM, 1, in->bimm);
    unsigned nmods = isa_op_nmods(info);
    for (unsigned i = 0; i < nmods; i++)
        put_bits(&w, POS_MODS + isa_op_mod_shift(info, i),
                 isa_modgrp_info_of(info->mods[i])->bits, in->mod[i]);
    put_bits(&w, POS_IMM, 32, in->imm);
    put_bits(&w, POS_IMM2, 24, in->imm2);
    *out = w;
    return true;
}

bool isa_decode(isa_word w, isa_insn *out, char *err, size_t errlen)
{
    unsigned cls = (unsigned)get_bits(w, POS_CLASS, 4);
    unsigned sub = (unsigned)get_bits(w, POS_SUB, 8);
    if (w.lo == 0 && w.hi == 0) {
        snprintf(err, errlen, "decode: all-zero word is not an instruction");
        return false;
    }
    if (isa_class_info_of(cls) == NULL) {
        snprintf(err, errlen, "decode: unknown class 0x%x in word %016llx %016llx", cls,
                 (unsigned long long)w.hi, (unsigned long long)w.lo);
        return false;
    }
    unsigned op = isa_op_by_encoding(cls, sub);
    if (op == OP_ILLEGAL) {
        snprintf(err, errlen, "decode: unknown sub-opcode 0x%02x in class %s (word %016llx %016llx)",
                 sub, isa_class_info_of(cls)->name, (unsigned long long)w.hi,
                 (unsigned long long)w.lo);
        return false;
    }
    const isa_op_info *info = isa_op_info_of(op);
    isa_insn in;
    memset(&in, 0, sizeof in);
    in.op = (uint16_t)op;
    in.guard = (uint8_t)get_bits(w, POS_GUARD, 4);
    in.d = (uint8_t)get_bits(w, POS_D, 8);
    in.a = (uint8_t)get_bits(w, POS_A, 8);
    in.b = (uint8_t)get_bits(w, POS_B, 8);
    in.c = (uint8_t)get_bits(w, POS_C, 8);
    in.e = (uint8_t)get_bits(w, POS_E, 8);
    in.bimm = (uint8_t)get_bits(w, POS_BIMM, 1);
    in.imm = (uint32_t)get_bits(w, POS_IMM, 32);
    in.imm2 = (uint32_t)get_bits(w, POS_IMM2, 24);

    /* Modifier bits beyond the op's groups must be zero. */
    unsigned nmods = isa_op_nmods(info);
    unsigned used = isa_op_mod_shift(info, nmods);
    uint64_t mods = get_bits(w, POS_MODS, ISA_MOD_BITS);
    if (mods >> used) {
        snprintf(err, errlen, "decode %s: modifier bits 0x%llx set beyond its %u modifier bits",
                 info->mnem, (unsigned long long)mods, used);
        return false;
    }
    for (unsigned i = 0; i < nmods; i++) {
        unsigned bits = isa_modgrp_info_of(info->mods[i])->bits;
        in.mod[i] = (uint8_t)((mods >> isa_op_mod_shift(info, i)) & ((1u << bits) - 1));
    }
    if (!check_insn(&in, "decode", err, errlen))
        return false;
    *out = in;
    return true;
}
