/* isa/ptx/lex.h — single-pass PTX lexer (private to the parser).
 *
 * The lexer works on (text, len) — the text need not be NUL-terminated and
 * is never read past len. It produces one token at a time; whitespace and
 * comments (// and block comments, "@@DWARF" lines) are skipped. Malformed
 * input yields a TK_ERROR token whose `msg` says what is wrong.
 */
#ifndef COBALT_PTX_LEX_H
#define COBALT_PTX_LEX_H

#include <stddef.h>
#include <stdint.h>

typedef enum tok_kind {
    TK_EOF = 0,
    TK_IDENT,     /* foo, %r1, $L__BB0_2, _ */
    TK_DIRECTIVE, /* .reg, .u32, .L2::128B (text includes the dot) */
    TK_INT,       /* ival; text keeps the spelling */
    TK_FLOAT,     /* fbits / is_f64 */
    TK_STRING,    /* text includes the quotes */
    TK_COMMA, TK_SEMI, TK_COLON, TK_LPAREN, TK_RPAREN, TK_LBRACK, TK_RBRACK,
    TK_LBRACE, TK_RBRACE, TK_LT, TK_GT, TK_PLUS, TK_MINUS, TK_BANG, TK_AT,
    TK_PIPE, TK_EQ,
    TK_ERROR      /* msg */
} tok_kind;

typedef struct token {
    tok_kind    kind;
    const char *text;
    uint32_t    len;
    uint32_t    line, col;     /* 1-based; col counts bytes */
    uint8_t     space_before;  /* blank or comment between this and the previous token */
    uint8_t     is_f64;        /* TK_FLOAT */
    uint64_t    ival;          /* TK_INT (the literal's value, unsigned) */
    uint64_t    fbits;         /* TK_FLOAT: f32 bits (is_f64 == 0) or f64 bits */
    const char *msg;           /* TK_ERROR */
} token;

typedef struct lexer {
    const char *src;
    size_t      len, pos;
    uint32_t    line;
    size_t      line_start;
    uint8_t     stuck;         /* an error or EOF was returned: repeat it */
    token       last;
} lexer;

void lex_init(lexer *lx, const char *src, size_t len);
/* Scans the next token into *t. After TK_EOF or TK_ERROR, keeps returning it. */
void lex_next(lexer *lx, token *t);
/* Skips the rest of the current line (for .loc / .file whose arguments vary). */
void lex_skip_line(lexer *lx);
/* The next character that is not a blank (space, tab, CR, newline), or -1. */
int  lex_peek_char(const lexer *lx);

#endif
