/* isa/table.c — the static tables expanded from isa/isa.def, and lookups. */
#include <stdio.h>
#include <string.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"

/* ISA_MODS(a, b, ...) -> a 0-terminated {MG_a, MG_b, ..., 0} list. The
 * prefixing map handles up to ISA_MAX_MODS (5) groups; a sixth group makes
 * ISA_MG_PICK name a non-macro and the build fails. */
#define ISA_MG_P1(x) MG_##x
#define ISA_MG_P2(x, ...) MG_##x, ISA_MG_P1(__VA_ARGS__)
#define ISA_MG_P3(x, ...) MG_##x, ISA_MG_P2(__VA_ARGS__)
#define ISA_MG_P4(x, ...) MG_##x, ISA_MG_P3(__VA_ARGS__)
#define ISA_MG_P5(x, ...) MG_##x, ISA_MG_P4(__VA_ARGS__)
#define ISA_MG_PICK(_1, _2, _3, _4, _5, n, ...) n
#define ISA_MG_MAP(...) \
    ISA_MG_PICK(__VA_ARGS__, ISA_MG_P5, ISA_MG_P4, ISA_MG_P3, ISA_MG_P2, ISA_MG_P1, _)(__VA_ARGS__)

/* The same list summed as bit widths, to check ISA_MOD_BITS at compile time. */
enum {
#define ISA_MODGRP(grp, bits, names) ISA_MGW_##grp = (bits),
#include "isa/isa.def"
};
#define ISA_MW_P1(x) ISA_MGW_##x
#define ISA_MW_P2(x, ...) ISA_MGW_##x + ISA_MW_P1(__VA_ARGS__)
#define ISA_MW_P3(x, ...) ISA_MGW_##x + ISA_MW_P2(__VA_ARGS__)
#define ISA_MW_P4(x, ...) ISA_MGW_##x + ISA_MW_P3(__VA_ARGS__)
#define ISA_MW_P5(x, ...) ISA_MGW_##x + ISA_MW_P4(__VA_ARGS__)
#define ISA_MW_MAP(...) \
    ISA_MG_PICK(__VA_ARGS__, ISA_MW_P5, ISA_MW_P4, ISA_MW_P3, ISA_MW_P2, ISA_MW_P1, _)(__VA_ARGS__)

#define ISA_MODS(...) (0 __VA_OPT__(+ ISA_MW_MAP(__VA_ARGS__)))
#define ISA_OP(op, mnem, cls, sub, syntax, mods, flags, meaning) \
    _Static_assert((mods) <= ISA_MOD_BITS, "modifiers of " #op " exceed ISA_MOD_BITS bits"); \
    _Static_assert((sub) >= 0 && (sub) <= 0xFF, "sub-opcode of " #op " exceeds 8 bits");
#include "isa/isa.def"
#undef ISA_MODS

#define ISA_MODS(...) { __VA_OPT__(ISA_MG_MAP(__VA_ARGS__),) 0 }
static const isa_op_info op_table[OP__COUNT] = {
#define ISA_OP(op, mnem, cls, sub, syntax, mods, flags, meaning) \
    [OP_##op] = { #op, mnem, ISA_CLASS_##cls, sub, syntax, mods, flags, meaning },
#include "isa/isa.def"
};
#undef ISA_MODS

static const isa_modgrp_info modgrp_table[MG__COUNT] = {
    [MG_NONE] = { "NONE", 0, "" },
#define ISA_MODGRP(grp, bits, names) [MG_##grp] = { #grp, bits, names },
#include "isa/isa.def"
};

static const isa_class_info class_table[ISA_NUM_CLASSES] = {
#define ISA_CLASS(cls, code, summary) [code] = { #cls, code, summary },
#include "isa/isa.def"
};

static const char *const sreg_table[ISA_SR__COUNT] = {
#define ISA_SREG(sr, name) [ISA_SR_##sr] = name,
#include "isa/isa.def"
};

/* (class, sub) -> op + 1 (0 = illegal). A duplicate encoding in isa.def is a
 * build error here: -Wextra enables -Woverride-init. */
static const uint16_t op_by_encoding[ISA_NUM_CLASSES][256] = {
#define ISA_OP(op, mnem, cls, sub, syntax, mods, flags, meaning) \
    [ISA_CLASS_##cls][sub] = OP_##op + 1,
#include "isa/isa.def"
};

const isa_op_info *isa_op_info_of(unsigned op)
{
    return op < OP__COUNT ? &op_table[op] : NULL;
}

const isa_modgrp_info *isa_modgrp_info_of(unsigned grp)
{
    return grp > MG_NONE && grp < MG__COUNT ? &modgrp_table[grp] : NULL;
}

const isa_class_info *isa_class_info_of(unsigned cls)
{
    if (cls >= ISA_NUM_CLASSES || class_table[cls].name == NULL)
        return NULL;
    return &class_table[cls];
}

const char *isa_sreg_name(unsigned sr)
{
    return sr < ISA_SR__COUNT ? sreg_table[sr] : NULL;
}

unsigned isa_num_ops(void)
{
    return OP__COUNT;
}

unsigned isa_op_by_encoding(unsigned cls, unsigned sub)
{
    if (cls >= ISA_NUM_CLASSES || sub > 0xFF || op_by_encoding[cls][sub] == 0)
        return OP_ILLEGAL;
    return op_by_encoding[cls][sub] - 1u;
}

/* Finds value `v` in a comma-separated name list; returns its start and
 * length, or NULL when the list is shorter. */
static const char *name_at(const char *names, unsigned v, size_t *len)
{
    const char *p = names;
    for (unsigned i = 0; i < v; i++) {
        p = strchr(p, ',');
        if (p == NULL)
            return NULL;
        p++;
    }
    *len = strcspn(p, ",");
    return p;
}

const char *isa_mod_name(unsigned grp, unsigned v, char *buf, size_t len)
{
    const isa_modgrp_info *g = isa_modgrp_info_of(grp);
    size_t n;
    if (g == NULL || buf == NULL || len == 0)
        return NULL;
    const char *p = name_at(g->names, v, &n);
    if (p == NULL || n >= len)
        return NULL;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

unsigned isa_modgrp_count(unsigned grp)
{
    const isa_modgrp_info *g = isa_modgrp_info_of(grp);
    if (g == NULL)
        return 0;
    unsigned n = 1;
    for (const char *p = g->names; *p; p++)
        n += *p == ',';
    return n;
}

unsigned isa_op_nmods(const isa_op_info *info)
{
    unsigned n = 0;
    while (n < ISA_MAX_MODS && info->mods[n] != MG_NONE)
        n++;
    return n;
}

unsigned isa_op_mod_shift(const isa_op_info *info, unsigned slot)
{
    unsigned shift = 0;
    for (unsigned i = 0; i < slot && i < ISA_MAX_MODS && info->mods[i] != MG_NONE; i++)
        shift += modgrp_table[info->mods[i]].bits;
    return shift;
}

unsigned isa_op_by_mnemonic(const char *mnem, size_t len)
{
    for (unsigned op = 0; op < OP__COUNT; op++) {
        const char *m = op_table[op].mnem;
        if (strlen(m) == len && strncmp(m, mnem, len) == 0)
            return op;
    }
    return OP_ILLEGAL;
}

bool isa_syntax_has(const char *syntax, char ch)
{
    return strchr(syntax, ch) != NULL && ch != '\0';
}

void isa_syntax_fields(const char *syntax, isa_field_kind kinds[ISA_NUM_FIELDS])
{
    for (unsigned i = 0; i < ISA_NUM_FIELDS; i++)
        kinds[i] = ISA_FK_UNUSED;
    for (const char *p = syntax; *p; p++) {
        switch (*p) {
        case 'd': kinds[ISA_FIELD_D] = ISA_FK_REG; break;
        case 'a': case 'm': case 'k': kinds[ISA_FIELD_A] = ISA_FK_REG; break;
        case 'b': case 'B': kinds[ISA_FIELD_B] = ISA_FK_REG; break;
        case 'c': kinds[ISA_FIELD_C] = ISA_FK_REG; break;
        case 'E': kinds[ISA_FIELD_E] = ISA_FK_PRED_DST; break;
        case 'X': kinds[ISA_FIELD_A] = ISA_FK_PRED_SRC; break;
        case 'Y': kinds[ISA_FIELD_B] = ISA_FK_PRED_SRC; break;
        case 'Z': kinds[ISA_FIELD_C] = ISA_FK_PRED_SRC; break;
        default: break;
        }
    }
}

bool isa_imm_is_signed(const isa_op_info *info, char operand)
{
    /* Offsets are sign-extended; INT immediates are sign-extended for the
     * 64-bit forms. Everything else (FP bit patterns, barrier ids, moves)
     * prints as raw unsigned hex. */
    if (operand == 'm' || operand == 'k')
        return true;
    return info->cls == ISA_CLASS_INT && (operand == 'B' || operand == 'i');
}

isa_insn isa_insn_make(isa_op op)
{
    isa_insn in;
    memset(&in, 0, sizeof in);
    in.op = (uint16_t)op;
    in.guard = ISA_GUARD_ALWAYS;
    in.d = in.a = in.b = in.c = ISA_RZ;
    in.e = ISA_PT;
    in.imm2 = ISA_NO_RECONV;
    const isa_op_info *info = isa_op_info_of(op);
    if (info != NULL) {
        isa_field_kind k[ISA_NUM_FIELDS];
        isa_syntax_fields(info->syntax, k);
        if (k[ISA_FIELD_A] == ISA_FK_PRED_SRC) in.a = ISA_PT;
        if (k[ISA_FIELD_B] == ISA_FK_PRED_SRC) in.b = ISA_PT;
        if (k[ISA_FIELD_C] == ISA_FK_PRED_SRC) in.c = ISA_PT;
    }
    return in;
}
