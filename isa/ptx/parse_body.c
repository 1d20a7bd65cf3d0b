/* isa/ptx/parse_body.c — a function body: statements, labels, nested
 * blocks (flattened, with scoped declarations) and call prototypes. */
#include "isa/ptx/parse.h"

#include <string.h>

enum { MAX_BLOCK_DEPTH = 1u << 16 };

/* name : .callprototype [(rets)] _ (params) [directives] ;
 * A prototype becomes a body-less function; its name is scoped. */
static int parse_callprototype(parser *p, name_ent *n, uint32_t line, uint32_t col)
{
    p_next(p); /* .callprototype */
    avec rets = { 0 }, params = { 0 };
    if (p_is(p, TK_LPAREN) && p_parse_param_list(p, &rets, NULL) < 0)
        return -1;
    if (!p_is_word(p, "_"))
        return p_expected(p, "'_' naming the prototype's function");
    p_next(p);
    if (p_is(p, TK_LPAREN) && p_parse_param_list(p, &params, NULL) < 0)
        return -1;
    while (p_is_dir(p, ".noreturn"))
        p_next(p);
    if (p_expect(p, TK_SEMI, "';' after the call prototype") < 0)
        return -1;
    uint32_t idx = p->funcs.n;
    ptx_func *f = avec_push(p->sa, &p->funcs, sizeof *f);
    if (!f)
        return p_oom(p);
    f->name = n->str;
    f->line = line;
    f->nrets = rets.n;
    f->nparams = params.n;
    if ((rets.n && !(f->rets = arena_memdup(p->ma, rets.data, rets.n * sizeof(ptx_param)))) ||
        (params.n &&
         !(f->params = arena_memdup(p->ma, params.data, params.n * sizeof(ptx_param)))))
        return p_oom(p);
    return p_bind(p, n, BIND_PROTO, idx, line, col);
}

/* "name: .branchtargets L1, L2, ...;" — the labels may be defined later;
 * brx.idx operands naming the table resolve them (parse_insn.c).
 * "name: .calltargets f, g, ...;" (calls) is the same list of functions,
 * resolved as module symbols where a call names it. */
static int parse_branchtargets(parser *p, name_ent *n, uint32_t line, uint32_t col, bool calls)
{
    p_next(p); /* .branchtargets / .calltargets */
    avec labels = { 0 };
    for (;;) {
        if (!p_is(p, TK_IDENT) || p->tok.text[0] == '%')
            return p_expected(p, calls ? "a function in the .calltargets list"
                                       : "a label in the .branchtargets list");
        name_ent **slot = avec_push(p->sa, &labels, sizeof *slot);
        if (!slot || !(*slot = p_intern_tok(p)))
            return p_oom(p);
        p_next(p);
        if (!p_is(p, TK_COMMA))
            break;
        p_next(p);
    }
    if (p_expect(p, TK_SEMI, calls ? "',' or ';' in the .calltargets list"
                                   : "',' or ';' in the .branchtargets list") < 0)
        return -1;
    uint32_t idx = p->btabs.n;
    btab *t = avec_push(p->sa, &p->btabs, sizeof *t);
    if (!t)
        return p_oom(p);
    t->labels = labels.data;
    t->n = labels.n;
    t->calls = calls;
    return p_bind(p, n, BIND_BTAB, idx, line, col);
}

/* "name:" — a label, or the name of a prototype / branch-target table. */
static int parse_labeled(parser *p)
{
    uint32_t line = p->tok.line, col = p->tok.col;
    name_ent *n = p_intern_tok(p);
    if (!n)
        return -1;
    p_next(p);
    p_next(p); /* ':' (checked by the caller) */
    if (p_is_dir(p, ".callprototype"))
        return parse_callprototype(p, n, line, col);
    if (p_is_dir(p, ".branchtargets"))
        return parse_branchtargets(p, n, line, col, false);
    if (p_is_dir(p, ".calltargets"))
        return parse_branchtargets(p, n, line, col, true);
    uint32_t stmt = p->body.n;
    ptx_stmt *s = avec_push(p->sa, &p->body, sizeof *s);
    if (!s)
        return p_oom(p);
    s->kind = PTX_STMT_LABEL;
    s->line = line;
    s->label = n->str;
    return p_define_label(p, n, stmt, line, col);
}

static int parse_directive(parser *p)
{
    if (p_is_dir(p, ".reg"))
        return p_parse_reg_decl(p);
    if (p_is_dir(p, ".local") || p_is_dir(p, ".shared") || p_is_dir(p, ".param") ||
        p_is_dir(p, ".const") || p_is_dir(p, ".global"))
        return p_parse_var_decl(p, PTX_LINK_NONE, true);
    if (p_is_dir(p, ".loc") || p_is_dir(p, ".file")) {
        lex_skip_line(&p->lx); /* debug line info: arguments vary by version */
        p_next(p);
        return 0;
    }
    if (p_is_dir(p, ".pragma")) {
        p_next(p);
        return p_skip_to_semi(p);
    }
    if (p_is_dir(p, ".callprototype") || p_is_dir(p, ".branchtargets") ||
        p_is_dir(p, ".calltargets"))
        return p_expected(p, "a label before the directive");
    return p_expected(p, "a statement");
}

int p_parse_body(parser *p)
{
    uint32_t base = p->depth;
    if (p_expect(p, TK_LBRACE, "'{'") < 0)
        return -1;
    for (;;) {
        int rc = 0;
        switch (p->tok.kind) {
        case TK_RBRACE:
            p_next(p);
            if (p->depth == base)
                return 0;
            p_scope_pop(p);
            break;
        case TK_LBRACE:
            if (p->depth - base >= MAX_BLOCK_DEPTH)
                return p_error(p, "blocks nested too deeply");
            p->depth++;
            p_next(p);
            break;
        case TK_AT:
            rc = p_parse_insn(p);
            break;
        case TK_IDENT:
            rc = lex_peek_char(&p->lx) == ':' ? parse_labeled(p) : p_parse_insn(p);
            break;
        case TK_DIRECTIVE:
            rc = parse_directive(p);
            break;
        default:
            return p_expected(p, "a statement or '}'");
        }
        if (rc < 0)
            return -1;
    }
}
