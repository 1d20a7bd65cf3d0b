/* isa/ptx/lex.c — single-pass PTX lexer. */
#include "isa/ptx/lex.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FLOAT_TEXT = 127 };

void lex_init(lexer *lx, const char *src, size_t len)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->len = src ? len : 0;
    lx->line = 1;
}

static int at(const lexer *lx, size_t i)
{
    return i < lx->len ? (unsigned char)lx->src[i] : -1;
}

static bool is_alpha(int c)  { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(int c)  { return c >= '0' && c <= '9'; }
static bool is_follow(int c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '$'; }
static bool is_hex(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static int hex_val(int c)
{
    return is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}

static void newline(lexer *lx, size_t after)
{
    lx->line++;
    lx->line_start = after;
}

/* Skips blanks and comments. Returns false (with *msg set) on an
 * unterminated block comment. */
static bool skip_blank(lexer *lx, const char **msg)
{
    for (;;) {
        int c = at(lx, lx->pos);
        if (c == '\n') {
            lx->pos++;
            newline(lx, lx->pos);
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            lx->pos++;
        } else if (c == '/' && at(lx, lx->pos + 1) == '/') {
            lex_skip_line(lx);
        } else if (c == '@' && at(lx, lx->pos + 1) == '@') {
            lex_skip_line(lx); /* "@@DWARF ..." debug lines of old PTX */
        } else if (c == '/' && at(lx, lx->pos + 1) == '*') {
            size_t i = lx->pos + 2;
            uint32_t line = lx->line;
            size_t line_start = lx->line_start;
            for (;;) {
                int d = at(lx, i);
                if (d < 0) { /* report at the comment's start */
                    lx->line = line;
                    lx->line_start = line_start;
                    *msg = "unterminated comment";
                    return false;
                }
                if (d == '*' && at(lx, i + 1) == '/') {
                    i += 2;
                    break;
                }
                i++;
                if (d == '\n')
                    newline(lx, i);
            }
            lx->pos = i;
        } else {
            return true;
        }
    }
}

void lex_skip_line(lexer *lx)
{
    while (lx->pos < lx->len && lx->src[lx->pos] != '\n')
        lx->pos++;
}

int lex_peek_char(const lexer *lx)
{
    size_t i = lx->pos;
    for (;;) {
        int c = at(lx, i);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v')
            i++;
        else
            return c;
    }
}

static void fail(token *t, const char *msg)
{
    t->kind = TK_ERROR;
    t->msg = msg;
}

/* A malformed number: the token spans the whole word, so the message
 * shows all of it. */
static void fail_word(lexer *lx, token *t, size_t i, const char *msg)
{
    while (is_follow(at(lx, i)))
        i++;
    lx->pos = i;
    fail(t, msg);
}

/* 0f + 8 hex digits, 0d + 16 hex digits. */
static void lex_hexfloat(lexer *lx, token *t, size_t start)
{
    bool dbl = (at(lx, start + 1) | 0x20) == 'd';
    unsigned ndig = dbl ? 16 : 8;
    uint64_t bits = 0;
    size_t i = start + 2;
    for (unsigned k = 0; k < ndig; k++, i++) {
        int c = at(lx, i);
        if (!is_hex(c)) {
            fail_word(lx, t, i, dbl ? "malformed double literal (expected 0d and 16 hex digits)"
                            : "malformed float literal (expected 0f and 8 hex digits)");
            return;
        }
        bits = bits << 4 | (uint64_t)hex_val(c);
    }
    lx->pos = i;
    if (is_follow(at(lx, i))) {
        fail_word(lx, t, i, "malformed floating-point literal");
        return;
    }
    t->kind = TK_FLOAT;
    t->is_f64 = dbl;
    t->fbits = bits;
}

/* Decimal floating point: digits '.' digits [e[+-]digits] or digits e[+-]digits. */
static bool lex_decfloat(lexer *lx, token *t, size_t start)
{
    size_t i = start;
    while (is_digit(at(lx, i)))
        i++;
    bool is_float = false;
    if (at(lx, i) == '.' && !is_alpha(at(lx, i + 1))) {
        is_float = true;
        i++;
        while (is_digit(at(lx, i)))
            i++;
    }
    if ((at(lx, i) | 0x20) == 'e') {
        size_t j = i + 1;
        if (at(lx, j) == '+' || at(lx, j) == '-')
            j++;
        if (is_digit(at(lx, j))) {
            is_float = true;
            while (is_digit(at(lx, j)))
                j++;
            i = j;
        }
    }
    if (!is_float)
        return false;
    lx->pos = i;
    if (is_follow(at(lx, i))) {
        fail_word(lx, t, i, "malformed floating-point literal");
        return true;
    }
    size_t n = i - start;
    if (n > MAX_FLOAT_TEXT) {
        fail(t, "floating-point literal too long");
        return true;
    }
    char buf[MAX_FLOAT_TEXT + 1];
    memcpy(buf, lx->src + start, n);
    buf[n] = 0;
    double d = strtod(buf, NULL);
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    t->kind = TK_FLOAT;
    t->is_f64 = 1; /* PTX treats decimal literals as double */
    t->fbits = bits;
    return true;
}

static void lex_number(lexer *lx, token *t, size_t start)
{
    int c1 = at(lx, start + 1);
    if (at(lx, start) == '0' && ((c1 | 0x20) == 'f' || (c1 | 0x20) == 'd')) {
        lex_hexfloat(lx, t, start);
        return;
    }
    if (lex_decfloat(lx, t, start))
        return;
    unsigned base = 10;
    size_t i = start;
    if (at(lx, i) == '0' && (c1 | 0x20) == 'x') {
        base = 16;
        i += 2;
    } else if (at(lx, i) == '0' && (c1 | 0x20) == 'b') {
        base = 2;
        i += 2;
    } else if (at(lx, i) == '0' && is_digit(c1)) {
        base = 8;
        i += 1;
    }
    size_t digits = i;
    uint64_t v = 0;
    bool overflow = false;
    for (;;) {
        int c = at(lx, i);
        unsigned d;
        if (is_digit(c))
            d = (unsigned)(c - '0');
        else if (base == 16 && is_hex(c))
            d = (unsigned)hex_val(c);
        else
            break;
        if (d >= base) {
            fail_word(lx, t, i, "invalid digit in integer literal");
            return;
        }
        if (v > (UINT64_MAX - d) / base)
            overflow = true;
        v = v * base + d;
        i++;
    }
    if (i == digits) {
        fail_word(lx, t, i, "integer literal has no digits");
        return;
    }
    if ((at(lx, i) | 0x20) == 'u')
        i++;
    lx->pos = i;
    if (is_follow(at(lx, i))) {
        fail_word(lx, t, i, "malformed integer literal");
        return;
    }
    if (overflow) {
        fail(t, "integer literal out of range");
        return;
    }
    t->kind = TK_INT;
    t->ival = v;
}

static void lex_string(lexer *lx, token *t, size_t start)
{
    size_t i = start + 1;
    for (;;) {
        int c = at(lx, i);
        if (c < 0 || c == '\n') {
            lx->pos = i;
            fail(t, "unterminated string");
            return;
        }
        i++;
        if (c == '"')
            break;
        if (c == '\\' && at(lx, i) >= 0 && at(lx, i) != '\n')
            i++;
    }
    lx->pos = i;
    t->kind = TK_STRING;
}

static const struct { char c; tok_kind k; } puncts[] = {
    { ',', TK_COMMA }, { ';', TK_SEMI }, { ':', TK_COLON }, { '(', TK_LPAREN },
    { ')', TK_RPAREN }, { '[', TK_LBRACK }, { ']', TK_RBRACK }, { '{', TK_LBRACE },
    { '}', TK_RBRACE }, { '<', TK_LT }, { '>', TK_GT }, { '+', TK_PLUS },
    { '-', TK_MINUS }, { '!', TK_BANG }, { '@', TK_AT }, { '|', TK_PIPE },
    { '=', TK_EQ },
};

void lex_next(lexer *lx, token *t)
{
    if (lx->stuck) {
        *t = lx->last;
        return;
    }
    memset(t, 0, sizeof *t);
    size_t before = lx->pos;
    const char *msg = NULL;
    bool ok = skip_blank(lx, &msg);
    size_t start = lx->pos;
    t->space_before = start != before;
    t->text = lx->src ? lx->src + start : "";
    t->line = lx->line;
    t->col = (uint32_t)(start - lx->line_start + 1);
    int c = at(lx, start);
    if (!ok) {
        fail(t, msg);
    } else if (c < 0) {
        t->kind = TK_EOF;
    } else if (is_alpha(c) || c == '_' || c == '$' || c == '%') {
        size_t i = start + 1;
        while (is_follow(at(lx, i)))
            i++;
        lx->pos = i;
        if (c == '%' && i == start + 1)
            fail(t, "'%' must be followed by a name");
        else
            t->kind = TK_IDENT;
    } else if (c == '.') {
        size_t i = start + 1;
        while (is_follow(at(lx, i)))
            i++;
        /* modifiers such as .L2::128B or .shared::cta */
        while (i > start + 1 && at(lx, i) == ':' && at(lx, i + 1) == ':' &&
               is_follow(at(lx, i + 2))) {
            i += 2;
            while (is_follow(at(lx, i)))
                i++;
        }
        lx->pos = i;
        if (i == start + 1) {
            lx->pos = start + 1;
            fail(t, "stray '.'");
        } else {
            t->kind = TK_DIRECTIVE;
        }
    } else if (is_digit(c)) {
        lex_number(lx, t, start);
    } else if (c == '"') {
        lex_string(lx, t, start);
    } else {
        lx->pos = start + 1;
        t->kind = TK_ERROR;
        t->msg = "unexpected character";
        for (size_t k = 0; k < sizeof puncts / sizeof puncts[0]; k++)
            if (puncts[k].c == c) {
                t->kind = puncts[k].k;
                t->msg = NULL;
                break;
            }
    }
    t->len = (uint32_t)(lx->pos - start);
    if (lx->pos - start > UINT32_MAX)
        t->len = UINT32_MAX;
    if (t->kind == TK_ERROR || t->kind == TK_EOF) {
        lx->stuck = 1;
        lx->last = *t;
    }
}
