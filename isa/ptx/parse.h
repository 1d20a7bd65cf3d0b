/* isa/ptx/parse.h — state shared by the parse*.c files (private).
 *
 * Names are interned once: every identifier the lexer sees maps to one
 * name_ent, which also carries the name's current meanings (innermost
 * scoped binding, label in the current function, module symbol), so a
 * lookup is one hash probe. Scopes are an undo log of bindings.
 *
 * Every parse function returns 0 on success and -1 after recording the
 * first error in the parser (later errors are ignored).
 */
#ifndef COBALT_PTX_PARSE_H
#define COBALT_PTX_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include "isa/ptx/arena.h"
#include "isa/ptx/lex.h"
#include "isa/ptx/ptx_ast.h"

typedef struct name_ent {
    const char *str;     /* NUL-terminated copy in the module arena */
    uint32_t    len, hash;
    int32_t     bind;    /* innermost scoped binding (index into binds) or -1 */
    int32_t     label;   /* statement index of the label in this function, or -1 */
    uint8_t     gkind;   /* module symbol: PTX_SYM_GLOBAL_VAR, PTX_SYM_FUNC or 0 */
    uint32_t    gindex;
} name_ent;

typedef enum bind_kind { BIND_REG, BIND_PARAM, BIND_RET, BIND_VAR, BIND_PROTO,
                        BIND_BTAB /* a .branchtargets table: index into btabs */ } bind_kind;

/* "name: .branchtargets L1, L2, ...;" — its labels, in order; brx.idx
 * operands naming it become a LIST of label symbols (parse_insn.c).
 * "name: .calltargets f, g, ...;" likewise, functions, for call. */
typedef struct btab {
    name_ent **labels;
    uint32_t   n;
    bool       calls;    /* a .calltargets list: functions, for call */
} btab;

typedef struct binding {
    name_ent *name;
    int32_t   prev;      /* binding it shadows, or -1 */
    uint32_t  depth;
    bind_kind kind;
    uint32_t  index;     /* into regs / params / rets / vars / module funcs */
} binding;

/* A symbol operand whose meaning is known only later (labels are used
 * before they are defined; module symbols may be declared after use). */
typedef struct pending {
    uint32_t  func;      /* module function index */
    uint32_t  stmt;      /* statement index in the body */
    int32_t   op;        /* operand index */
    int32_t   elem;      /* element of a VEC/LIST operand, or -1 */
    uint32_t  line, col;
    name_ent *name;
} pending;

typedef struct parser {
    lexer       lx;
    token       tok;          /* current token */
    const char *filename;
    char       *err;
    size_t      errlen;
    bool        failed;
    ptx_status  status;       /* kind of the failure (PTX_OK until one) */

    arena      *ma;           /* module arena: the AST */
    arena      *sa;           /* scratch arena: tables, freed after the parse */
    ptx_module *m;

    name_ent  **names;        /* intern table (open addressing) */
    uint32_t    names_cap, names_n;

    avec vars;                /* ptx_var: module variables */
    avec funcs;               /* ptx_func: module functions */
    avec mpend;               /* pending: symbols unresolved at a function's end */

    /* the function being parsed */
    uint32_t fidx;
    uint32_t depth;           /* scope depth: 1 = function scope */
    avec regs;                /* ptx_reg */
    avec fvars;               /* ptx_var */
    avec body;                /* ptx_stmt */
    avec binds;               /* binding (undo log) */
    avec fpend;               /* pending */
    avec labeled;             /* name_ent*: names with label >= 0, reset at the end */
    avec group;               /* ptx_operand: elements of the {..} or (..) being read */
    avec btabs;               /* btab: .branchtargets tables (scratch arena) */
    bool in_brx;              /* operands of a brx or call instruction are being read */
    bool in_call;             /* ... of a call */
    bool in_video;            /* ... of a video instruction (operand selectors allowed) */
} parser;

/* parse_util.c — tokens and errors */
void      p_next(parser *p);
bool      p_is(const parser *p, tok_kind k);
bool      p_is_dir(const parser *p, const char *dir);   /* e.g. ".reg" */
bool      p_is_word(const parser *p, const char *word); /* identifier text */
int       p_error_at(parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
              __attribute__((format(printf, 4, 5)));
int       p_error(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* p_error for a feature Cobalt does not have yet (PTX_ERR_UNSUPPORTED). */
int       p_unsupported(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int       p_expected(parser *p, const char *what);
int       p_expect(parser *p, tok_kind k, const char *what);
int       p_oom(parser *p);
/* Reads an unsigned integer literal that fits in `max`. */
int       p_uint(parser *p, uint64_t max, const char *what, uint64_t *out);
/* Skips a `{ ... }` group (debug sections), braces balanced. */
int       p_skip_braces(parser *p);
/* Skips a directive's arguments up to and including ';'. */
int       p_skip_to_semi(parser *p);
/* Current token's text without the dot of a directive, into buf. */
const char *p_dir_name(const parser *p, char *buf, size_t n);

/* parse_names.c — interning and scopes */
name_ent *p_intern(parser *p, const char *s, size_t len);
name_ent *p_intern_tok(parser *p);
int       p_bind(parser *p, name_ent *n, bind_kind kind, uint32_t index,
                 uint32_t line, uint32_t col);
const binding *p_lookup(const parser *p, const name_ent *n);
void      p_scope_pop(parser *p);                 /* leaves depth p->depth - 1 */
int       p_define_label(parser *p, name_ent *n, uint32_t stmt, uint32_t line, uint32_t col);
void      p_reset_labels(parser *p);

/* parse_decl.c — declarations */
int       p_parse_type_attrs(parser *p, bool is_param, ptx_type *type, uint8_t *vec,
                             uint32_t *align, ptx_space *ptr_space, uint8_t *managed);
/* Fills out (ptx_param) and, when cols is not NULL, each name's column (uint32_t). */
int       p_parse_param_list(parser *p, avec *out, avec *cols);
int       p_parse_reg_decl(parser *p);
int       p_parse_var_decl(parser *p, ptx_linkage linkage, bool local);

/* parse_init.c — variable initializers ("= ..." already consumed) */
int       p_parse_init(parser *p, ptx_var *v, const uint64_t *dims, unsigned ndims);

/* parse_insn.c — one instruction statement (guard, opcode, operands, ';') */
int       p_parse_insn(parser *p);

/* parse_body.c — a function body from '{' to the matching '}' */
int       p_parse_body(parser *p);

/* parse_module.c — top level */
int       p_parse_function(parser *p, ptx_linkage linkage);

#endif
