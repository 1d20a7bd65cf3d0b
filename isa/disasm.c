/* isa/disasm.c — isa_insn -> one line of assembly text.
 *
 * Canonical text form (isa/asm.c parses exactly this, see docs/isa.md):
 *   [@P0 |@!P3 ]MNEM[.MOD...] operands
 * Operands follow the op's syntax string. Immediates print in hex; those
 * that are sign-extended (INT class, memory and constant offsets) print as
 * -0x.. when negative as a signed 32-bit value, everything else as raw
 * unsigned hex. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"

/* snprintf-style writer: `pos` counts every character, stored or not. */
typedef struct out_buf {
    char  *buf;
    size_t len;
    size_t pos;
} out_buf;

static void out_fmt(out_buf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out_fmt(out_buf *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->pos < o->len ? o->len - o->pos : 0;
    int n = vsnprintf(room ? o->buf + o->pos : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->pos += (size_t)n;
}

/* Moves the end back to `pos` (drops text written after it). */
static void out_truncate(out_buf *o, size_t pos)
{
    o->pos = pos;
    if (o->len > 0)
        o->buf[pos < o->len ? pos : o->len - 1] = '\0';
}

static void put_reg(out_buf *o, unsigned r)
{
    if (r == ISA_RZ)
        out_fmt(o, "RZ");
    else
        out_fmt(o, "R%u", r);
}

static void put_pred(out_buf *o, unsigned p)
{
    if (p & ISA_PRED_NEG)
        out_fmt(o, "!");
    p &= 0x7;
    if (p == ISA_PT)
        out_fmt(o, "PT");
    else
        out_fmt(o, "P%u", p);
}

static void put_imm(out_buf *o, uint32_t v, bool is_signed)
{
    if (is_signed && (int32_t)v < 0)
        out_fmt(o, "-0x%x", (unsigned)(0u - v));
    else
        out_fmt(o, "0x%x", (unsigned)v);
}

/* "Rn+0x10" / "Rn-0x8" / "Rn" (offset omitted when zero). */
static void put_reg_offset(out_buf *o, unsigned r, uint32_t off)
{
    put_reg(o, r);
    if ((int32_t)off > 0)
        out_fmt(o, "+0x%x", (unsigned)off);
    else if ((int32_t)off < 0)
        out_fmt(o, "-0x%x", (unsigned)(0u - off));
}

static void put_operand(out_buf *o, const isa_op_info *info, const isa_insn *in, char ch)
{
    switch (ch) {
    case 'd': put_reg(o, in->d); break;
    case 'a': put_reg(o, in->a); break;
    case 'b': put_reg(o, in->b); break;
    case 'c': put_reg(o, in->c); break;
    case 'B':
        if (in->bimm)
            put_imm(o, in->imm, isa_imm_is_signed(info, 'B'));
        else
            put_reg(o, in->b);
        break;
    case 'E': put_pred(o, in->e); break;
    case 'X': put_pred(o, in->a); break;
    case 'Y': put_pred(o, in->b); break;
    case 'Z': put_pred(o, in->c); break;
    case 'i': put_imm(o, in->imm, isa_imm_is_signed(info, 'i')); break;
    case 'm':
        out_fmt(o, "[");
        put_reg_offset(o, in->a, in->imm);
        out_fmt(o, "]");
        break;
    case 'k':
        out_fmt(o, "c[0x%x][", (unsigned)in->imm2);
        if (in->a == ISA_RZ)
            put_imm(o, in->imm, true);
        else
            put_reg_offset(o, in->a, in->imm);
        out_fmt(o, "]");
        break;
    case 's': {
        const char *name = isa_sreg_name(in->imm);
        if (name != NULL)
            out_fmt(o, "%s", name);
        else
            out_fmt(o, "<bad special register %u>", (unsigned)in->imm);
        break;
    }
    case 't': out_fmt(o, ".L%u", (unsigned)in->imm); break;
    case 'r': out_fmt(o, ".L%u", (unsigned)in->imm2); break;
    default: out_fmt(o, "%c", ch); break;
    }
}

static bool is_operand_char(char ch)
{
    return ch != '\0' && strchr("dabcBEXYZimkstr", ch) != NULL;
}

int isa_disasm(const isa_insn *in, char *buf, size_t len)
{
    out_buf o = { buf, len, 0 };
    if (len > 0)
        buf[0] = '\0';
    const isa_op_info *info = isa_op_info_of(in->op);
    if (info == NULL) {
        out_fmt(&o, "<illegal op %u>", (unsigned)in->op);
        return (int)o.pos;
    }
    if (in->guard != ISA_GUARD_ALWAYS) {
        out_fmt(&o, "@");
        put_pred(&o, in->guard);
        out_fmt(&o, " ");
    }
    out_fmt(&o, "%s", info->mnem);
    unsigned nmods = isa_op_nmods(info);
    for (unsigned i = 0; i < nmods; i++) {
        char name[32];
        if (isa_mod_name(info->mods[i], in->mod[i], name, sizeof name) == NULL)
            out_fmt(&o, ".<bad %s %u>", isa_modgrp_info_of(info->mods[i])->name, in->mod[i]);
        else if (name[0] != '\0')
            out_fmt(&o, ".%s", name);
    }
    if (info->syntax[0] != '\0')
        out_fmt(&o, " ");
    size_t lit_start = o.pos;   /* start of the literal text before an operand */
    for (const char *p = info->syntax; *p; p++) {
        if (!is_operand_char(*p)) {
            if (p == info->syntax || is_operand_char(p[-1]))
                lit_start = o.pos;
            out_fmt(&o, "%c", *p);
            continue;
        }
        if (*p == 'r' && in->imm2 == ISA_NO_RECONV) {
            out_truncate(&o, lit_start);   /* drop the ", " before it too */
            continue;
        }
        put_operand(&o, info, in, *p);
        lit_start = o.pos;
    }
    return (int)o.pos;
}
