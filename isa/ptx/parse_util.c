/* isa/ptx/parse_util.c — token helpers and error reporting for the parser. */
#include "isa/ptx/parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { SHOW_MAX = 40 };

void p_next(parser *p)
{
    lex_next(&p->lx, &p->tok);
}

bool p_is(const parser *p, tok_kind k)
{
    return p->tok.kind == k;
}

static bool tok_text_is(const token *t, const char *s)
{
    size_t n = strlen(s);
    return t->len == n && memcmp(t->text, s, n) == 0;
}

bool p_is_dir(const parser *p, const char *dir)
{
    return p->tok.kind == TK_DIRECTIVE && tok_text_is(&p->tok, dir);
}

bool p_is_word(const parser *p, const char *word)
{
    return p->tok.kind == TK_IDENT && tok_text_is(&p->tok, word);
}

const char *p_dir_name(const parser *p, char *buf, size_t n)
{
    size_t len = p->tok.len > 0 ? p->tok.len - 1 : 0;
    if (p->tok.kind != TK_DIRECTIVE || len >= n)
        len = 0;
    if (len)
        memcpy(buf, p->tok.text + 1, len);
    buf[len] = 0;
    return buf;
}

static void verror(parser *p, uint32_t line, uint32_t col, const char *fmt, va_list ap)
{
    if (p->failed)
        return;
    p->failed = true;
    if (!p->err || p->errlen == 0)
        return;
    int n = snprintf(p->err, p->errlen, "%s:%u:%u: ", p->filename, line, col);
    if (n >= 0 && (size_t)n < p->errlen)
        vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
}

int p_error_at(parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(p, line, col, fmt, ap);
    va_end(ap);
    return -1;
}

int p_unsupported(parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(p, p->tok.line, p->tok.col, fmt, ap);
    va_end(ap);
    p->status = PTX_ERR_UNSUPPORTED;
    return -1;
}

int p_error(parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(p, p->tok.line, p->tok.col, fmt, ap);
    va_end(ap);
    return -1;
}

/* The token as it appears in a message: printable, bounded. */
static void show_token(const token *t, char *buf, size_t n)
{
    size_t o = 0;
    for (uint32_t i = 0; i < t->len && o + 5 < n; i++) {
        unsigned char c = (unsigned char)t->text[i];
        if (i == SHOW_MAX) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (c >= 0x20 && c < 0x7f) {
            buf[o++] = (char)c;
        } else {
            snprintf(buf + o, n - o, "\\x%02x", c);
            o += 4;
        }
    }
    buf[o] = 0;
}

int p_expected(parser *p, const char *what)
{
    char shown[SHOW_MAX * 4 + 8];
    if (p->tok.kind == TK_ERROR) {
        if (p->tok.len) {
            show_token(&p->tok, shown, sizeof shown);
            return p_error(p, "%s '%s'", p->tok.msg, shown);
        }
        return p_error(p, "%s", p->tok.msg);
    }
    if (p->tok.kind == TK_EOF)
        return p_error(p, "expected %s, found end of file", what);
    show_token(&p->tok, shown, sizeof shown);
    return p_error(p, "expected %s, found '%s'", what, shown);
}

int p_expect(parser *p, tok_kind k, const char *what)
{
    if (p->tok.kind != k)
        return p_expected(p, what);
    p_next(p);
    return 0;
}

int p_oom(parser *p)
{
    p->status = PTX_ERR_LIMIT;
    return p_error(p, "out of memory");
}

int p_uint(parser *p, uint64_t max, const char *what, uint64_t *out)
{
    if (p->tok.kind != TK_INT)
        return p_expected(p, what);
    if (p->tok.ival > max)
        return p_error(p, "%s out of range (at most %llu)", what, (unsigned long long)max);
    *out = p->tok.ival;
    p_next(p);
    return 0;
}

int p_skip_braces(parser *p)
{
    if (p_expect(p, TK_LBRACE, "'{'") < 0)
        return -1;
    uint64_t depth = 1;
    while (depth > 0) {
        if (p->tok.kind == TK_EOF || p->tok.kind == TK_ERROR)
            return p_expected(p, "'}' closing the section");
        if (p->tok.kind == TK_LBRACE)
            depth++;
        else if (p->tok.kind == TK_RBRACE)
            depth--;
        p_next(p);
    }
    return 0;
}

int p_skip_to_semi(parser *p)
{
    while (p->tok.kind != TK_SEMI) {
        if (p->tok.kind == TK_EOF || p->tok.kind == TK_ERROR ||
            p->tok.kind == TK_LBRACE || p->tok.kind == TK_RBRACE)
            return p_expected(p, "';'");
        p_next(p);
    }
    p_next(p);
    return 0;
}
