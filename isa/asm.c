/* isa/asm.c — one line of assembly text -> isa_insn.
 *
 * Parses the canonical form written by isa/disasm.c, driven by the same
 * syntax string. Modifier suffixes are matched positionally against the op's
 * groups; a group whose value 0 prints as "" may be left out. Immediates may
 * be written in hex (0x..) or decimal, with an optional sign. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"

typedef struct asm_cur {
    const char        *line;
    const char        *p;
    isa_label_resolver resolve;
    void              *ctx;
    char              *err;
    size_t             errlen;
    unsigned          *col;
} asm_cur;

static bool fail_at(asm_cur *c, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail_at(asm_cur *c, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (c->errlen > 0)
        vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    *c->col = (unsigned)(at - c->line) + 1;
    return false;
}

static void skip_space(asm_cur *c)
{
    while (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n')
        c->p++;
}

static bool at_end(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return *p == '\0';
}

static bool is_ident(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '.' || ch == '$';
}

/* Describes the text at `p` for an error message: "'tok'" or "end of line". */
static const char *describe(const char *p, char *buf, size_t len)
{
    if (at_end(p))
        return "end of line";
    size_t n = 0;
    if (is_ident(*p))
        while (is_ident(p[n]) && n < 40)
            n++;
    else
        n = 1;
    snprintf(buf, len, "'%.*s'", (int)n, p);
    return buf;
}

static bool expected(asm_cur *c, const char *what)
{
    char tok[64];
    return fail_at(c, c->p, "expected %s, found %s", what, describe(c->p, tok, sizeof tok));
}

/* Unsigned number: 0x.. hex or decimal; at most `max`. */
static bool parse_uint(asm_cur *c, uint64_t max, uint64_t *out, const char *what)
{
    const char *start = c->p;
    unsigned base = 10;
    if (c->p[0] == '0' && (c->p[1] == 'x' || c->p[1] == 'X')) {
        base = 16;
        c->p += 2;
    }
    uint64_t v = 0;
    const char *digits = c->p;
    for (;; c->p++) {
        int dv;
        char ch = *c->p;
        if (ch >= '0' && ch <= '9')
            dv = ch - '0';
        else if (base == 16 && ch >= 'a' && ch <= 'f')
            dv = ch - 'a' + 10;
        else if (base == 16 && ch >= 'A' && ch <= 'F')
            dv = ch - 'A' + 10;
        else
            break;
        v = v * base + (uint64_t)dv;
        if (v > max) {
            while (is_ident(*c->p))
                c->p++;
            return fail_at(c, start, "%s '%.*s' out of range (at most 0x%llx)", what,
                           (int)(c->p - start), start, (unsigned long long)max);
        }
    }
    if (c->p == digits || is_ident(*c->p)) {
        c->p = start;
        return expected(c, what);
    }
    *out = v;
    return true;
}

/* 32-bit immediate, signed or unsigned: -0x80000000 .. 0xffffffff. */
static bool parse_imm32(asm_cur *c, uint32_t *out, const char *what)
{
    const char *start = c->p;
    bool neg = false;
    if (*c->p == '-' || *c->p == '+') {
        neg = *c->p == '-';
        c->p++;
    }
    uint64_t v;
    if (!isdigit((unsigned char)*c->p)) {
        c->p = start;
        return expected(c, what);
    }
    if (!parse_uint(c, neg ? 0x80000000ull : 0xFFFFFFFFull, &v, what))
        return false;
    *out = neg ? (uint32_t)(0u - (uint32_t)v) : (uint32_t)v;
    return true;
}

static bool parse_reg(asm_cur *c, uint8_t *out)
{
    const char *p = c->p;
    if (p[0] == 'R' && p[1] == 'Z' && !is_ident(p[2])) {
        *out = ISA_RZ;
        c->p += 2;
        return true;
    }
    if (p[0] == 'R' && isdigit((unsigned char)p[1])) {
        unsigned v = 0;
        size_t n = 1;
        while (isdigit((unsigned char)p[n]) && v <= ISA_NUM_REGS)
            v = v * 10 + (unsigned)(p[n++] - '0');
        if (!is_ident(p[n])) {
            if (v >= ISA_NUM_REGS)
                return fail_at(c, p, "register R%u out of range (R0..R%u or RZ)", v,
                               ISA_NUM_REGS - 1);
            *out = (uint8_t)v;
            c->p += n;
            return true;
        }
    }
    return expected(c, "register");
}

/* P0..P6 or PT, with a leading '!' when `negatable`. */
static bool parse_pred(asm_cur *c, uint8_t *out, bool negatable)
{
    const char *start = c->p;
    uint8_t neg = 0;
    if (*c->p == '!') {
        if (!negatable)
            return fail_at(c, c->p, "a predicate destination cannot be negated");
        neg = ISA_PRED_NEG;
        c->p++;
    }
    const char *p = c->p;
    if (p[0] == 'P' && (p[1] == 'T' || (p[1] >= '0' && p[1] <= '6')) && !is_ident(p[2])) {
        *out = (uint8_t)((p[1] == 'T' ? ISA_PT : (unsigned)(p[1] - '0')) | neg);
        c->p += 2;
        return true;
    }
    c->p = start;
    return expected(c, negatable ? "predicate (P0..P6, PT, optionally negated with '!')"
                                 : "predicate (P0..P6, PT)");
}

static bool expect_char(asm_cur *c, char ch)
{
    skip_space(c);
    if (*c->p != ch) {
        char what[8];
        snprintf(what, sizeof what, "'%c'", ch);
        return expected(c, what);
    }
    c->p++;
    return true;
}

/* Register with an optional +imm / -imm offset, as inside [...]. */
static bool parse_reg_offset(asm_cur *c, uint8_t *reg, uint32_t *off)
{
    *off = 0;
    if (*c->p == 'R') {
        if (!parse_reg(c, reg))
            return false;
        skip_space(c);
        if (*c->p != '+' && *c->p != '-')
            return true;
        bool neg = *c->p == '-';
        c->p++;
        skip_space(c);
        uint64_t v;
        if (!parse_uint(c, neg ? 0x80000000ull : 0xFFFFFFFFull, &v, "offset"))
            return false;
        *off = neg ? (uint32_t)(0u - (uint32_t)v) : (uint32_t)v;
        return true;
    }
    *reg = ISA_RZ;
    return parse_imm32(c, off, "register or offset");
}

/* A branch target: .L<index> or a label name given to the resolver. */
static bool parse_target(asm_cur *c, uint32_t max, uint32_t *out)
{
    const char *start = c->p;
    if (!is_ident(*c->p) || isdigit((unsigned char)*c->p))
        return expected(c, "branch target (.L<index> or a label)");
    size_t n = 0;
    while (is_ident(start[n]))
        n++;
    c->p += n;
    bool numeric = n > 2 && start[0] == '.' && start[1] == 'L';
    for (size_t i = 2; numeric && i < n; i++)
        numeric = isdigit((unsigned char)start[i]);
    uint32_t idx = 0;
    if (numeric) {
        uint64_t v = 0;
        for (size_t i = 2; i < n && v <= max; i++)
            v = v * 10 + (uint64_t)(start[i] - '0');
        if (v > max)
            return fail_at(c, start, "branch target '%.*s' out of range (at most %u)", (int)n,
                           start, max);
        idx = (uint32_t)v;
    } else {
        char name[256];
        if (n >= sizeof name)
            return fail_at(c, start, "label name too long (%zu characters)", n);
        memcpy(name, start, n);
        name[n] = '\0';
        if (c->resolve == NULL || !c->resolve(c->ctx, name, &idx))
            return fail_at(c, start, "unknown label '%s'", name);
        if (idx > max)
            return fail_at(c, start, "label '%s' index %u out of range (at most %u)", name, idx, max);
    }
    *out = idx;
    return true;
}

static bool parse_sreg(asm_cur *c, uint32_t *out)
{
    size_t n = 0;
    while (is_ident(c->p[n]))
        n++;
    for (unsigned sr = 0; sr < ISA_SR__COUNT; sr++) {
        const char *name = isa_sreg_name(sr);
        if (strlen(name) == n && strncmp(name, c->p, n) == 0) {
            *out = sr;
            c->p += n;
            return true;
        }
    }
    return expected(c, "special register (SR_TID.X, SR_LANEID, ...)");
}

static bool parse_operand(asm_cur *c, const isa_op_info *info, isa_insn *in, char ch)
{
    skip_space(c);
    switch (ch) {
    case 'd': return parse_reg(c, &in->d);
    case 'a': return parse_reg(c, &in->a);
    case 'b': return parse_reg(c, &in->b);
    case 'c': return parse_reg(c, &in->c);
    case 'B':
        if (*c->p == 'R')
            return parse_reg(c, &in->b);
        if (*c->p != '-' && *c->p != '+' && !isdigit((unsigned char)*c->p))
            return expected(c, "register or immediate");
        in->bimm = 1;
        return parse_imm32(c, &in->imm, "register or immediate");
    case 'E': return parse_pred(c, &in->e, false);
    case 'X': return parse_pred(c, &in->a, true);
    case 'Y': return parse_pred(c, &in->b, true);
    case 'Z': return parse_pred(c, &in->c, true);
    case 'i': return parse_imm32(c, &in->imm, "immediate");
    case 'm':
        if (!expect_char(c, '['))
            return false;
        skip_space(c);
        if (!parse_reg_offset(c, &in->a, &in->imm))
            return false;
        return expect_char(c, ']');
    case 'k': {
        uint64_t bank;
        if (*c->p != 'c')
            return expected(c, "constant operand c[bank][offset]");
        c->p++;
        if (!expect_char(c, '['))
            return false;
        skip_space(c);
        if (!parse_uint(c, ISA_IMM2_MAX, &bank, "constant bank"))
            return false;
        in->imm2 = (uint32_t)bank;
        if (!expect_char(c, ']') || !expect_char(c, '['))
            return false;
        skip_space(c);
        if (!parse_reg_offset(c, &in->a, &in->imm))
            return false;
        return expect_char(c, ']');
    }
    case 's': return parse_sreg(c, &in->imm);
    case 't': return parse_target(c, UINT32_MAX, &in->imm);
    case 'r': return parse_target(c, ISA_NO_RECONV - 1, &in->imm2);
    default: break;
    }
    return fail_at(c, c->p, "internal: unknown syntax character '%c' in %s", ch, info->mnem);
}

static bool is_operand_char(char ch)
{
    return ch != '\0' && strchr("dabcBEXYZimkstr", ch) != NULL;
}

/* The literal run starting at `s` leads to an omitted optional operand. */
static bool optional_omitted(const char *s, const char *input)
{
    while (*s != '\0' && !is_operand_char(*s))
        s++;
    return *s == 'r' && at_end(input);
}

/* Modifier suffixes: c->p points at ".A.B..." ending at `end` (or is `end`). */
static bool parse_mods(asm_cur *c, const isa_op_info *info, isa_insn *in, const char *end)
{
    unsigned nmods = isa_op_nmods(info);
    for (unsigned i = 0; i < nmods; i++) {
        unsigned grp = info->mods[i];
        const char *s = c->p < end ? c->p + 1 : end;
        size_t n = 0;
        while (s + n < end && s[n] != '.')
            n++;
        bool found = false;
        if (c->p < end)
            for (unsigned v = 0; v < isa_modgrp_count(grp) && !found; v++) {
                char name[32];
                if (isa_mod_name(grp, v, name, sizeof name) != NULL && name[0] != '\0' &&
                    strlen(name) == n && strncmp(name, s, n) == 0) {
                    in->mod[i] = (uint8_t)v;
                    c->p = s + n;
                    found = true;
                }
            }
        if (found)
            continue;
        char first[32];
        if (isa_mod_name(grp, 0, first, sizeof first) != NULL && first[0] == '\0') {
            in->mod[i] = 0;   /* optional group left out */
            continue;
        }
        const isa_modgrp_info *g = isa_modgrp_info_of(grp);
        if (c->p >= end)
            return fail_at(c, c->p, "expected modifier .%s (one of %s) after %s, found %s",
                           g->name, g->names, info->mnem, "no modifier");
        return fail_at(c, c->p + 1, "expected modifier .%s (one of %s), found '%.*s'", g->name,
                       g->names, (int)n, s);
    }
    if (c->p < end)
        return fail_at(c, c->p + 1, "unexpected modifier '%.*s' for %s", (int)(end - c->p - 1),
                       c->p + 1, info->mnem);
    return true;
}

bool isa_asm_line_col(const char *line, isa_insn *out, isa_label_resolver resolve, void *ctx,
                      char *err, size_t errlen, unsigned *col)
{
    unsigned dummy_col;
    asm_cur c = { line, line, resolve, ctx, err, errlen, col != NULL ? col : &dummy_col };
    uint8_t guard = ISA_GUARD_ALWAYS;
    skip_space(&c);
    if (*c.p == '@') {
        c.p++;
        if (!parse_pred(&c, &guard, true))
            return false;
        if (*c.p != ' ' && *c.p != '\t')
            return expected(&c, "space after the guard");
        skip_space(&c);
    }
    const char *mstart = c.p;
    size_t n = 0;
    while (isalnum((unsigned char)mstart[n]) || mstart[n] == '_')
        n++;
    if (n == 0)
        return expected(&c, "mnemonic");
    unsigned op = isa_op_by_mnemonic(mstart, n);
    if (op == OP_ILLEGAL)
        return fail_at(&c, mstart, "unknown mnemonic '%.*s'", (int)n, mstart);
    const isa_op_info *info = isa_op_info_of(op);
    isa_insn in = isa_insn_make((isa_op)op);
    in.guard = guard;
    c.p = mstart + n;
    const char *mend = c.p;
    while (is_ident(*mend))
        mend++;
    if (c.p < mend && *c.p != '.')
        return fail_at(&c, mstart, "unknown mnemonic '%.*s'", (int)(mend - mstart), mstart);
    if (!parse_mods(&c, info, &in, mend))
        return false;
    c.p = mend;
    if (info->syntax[0] != '\0' && !optional_omitted(info->syntax, c.p)) {
        if (at_end(c.p))
            return fail_at(&c, c.p, "missing operands: %s takes '%s'", info->mnem, info->syntax);
        if (*c.p != ' ' && *c.p != '\t')
            return expected(&c, "space before the operands");
    }
    for (const char *s = info->syntax; *s; s++) {
        if (is_operand_char(*s)) {
            if (!parse_operand(&c, info, &in, *s))
                return false;
            continue;
        }
        if (optional_omitted(s, c.p))
            break;
        if (*s != ' ' && !expect_char(&c, *s))
            return false;
    }
    skip_space(&c);
    if (*c.p != '\0') {
        char tok[64];
        return fail_at(&c, c.p, "unexpected %s after the operands of %s",
                       describe(c.p, tok, sizeof tok), info->mnem);
    }
    char encerr[160];
    isa_word w;
    if (!isa_encode(&in, &w, encerr, sizeof encerr))
        return fail_at(&c, mstart, "%s", encerr);
    *out = in;
    return true;
}

bool isa_asm_line(const char *line, isa_insn *out, isa_label_resolver resolve, void *ctx,
                  char *err, size_t errlen)
{
    char msg[256];
    unsigned col = 0;
    if (isa_asm_line_col(line, out, resolve, ctx, msg, sizeof msg, &col))
        return true;
    snprintf(err, errlen, "%s at column %u", msg, col);
    return false;
}
