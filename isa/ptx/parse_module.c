/* isa/ptx/parse_module.c — module directives, functions, and the entry
 * point ptx_parse(). */
#include "isa/ptx/parse.h"

#include <stdlib.h>
#include <string.h>

static ptx_symref *pending_ref(ptx_stmt *body, const pending *pd)
{
    ptx_operand *o = &body[pd->stmt].insn.ops[pd->op];
    if (pd->elem >= 0)
        o = &o->elems[pd->elem];
    return &o->sym;
}

static bool resolve_global(const name_ent *n, ptx_symref *ref)
{
    if (!n->gkind)
        return false;
    ref->kind = (ptx_sym_kind)n->gkind;
    ref->index = n->gindex;
    return true;
}

/* Labels are known at the end of the function; module symbols declared so
 * far resolve now, the rest at the end of the module. */
static int resolve_function(parser *p)
{
    const pending *pds = p->fpend.data;
    for (uint32_t i = 0; i < p->fpend.n; i++) {
        ptx_symref *ref = pending_ref(p->body.data, &pds[i]);
        if (pds[i].name->label >= 0) {
            ref->kind = PTX_SYM_LABEL;
            ref->index = (uint32_t)pds[i].name->label;
        } else if (!resolve_global(pds[i].name, ref)) {
            pending *later = avec_push(p->sa, &p->mpend, sizeof *later);
            if (!later)
                return p_oom(p);
            *later = pds[i];
        }
    }
    return 0;
}

static int resolve_module(parser *p)
{
    const pending *pds = p->mpend.data;
    ptx_func *funcs = p->funcs.data;
    for (uint32_t i = 0; i < p->mpend.n; i++) {
        ptx_symref *ref = pending_ref(funcs[pds[i].func].body, &pds[i]);
        if (!resolve_global(pds[i].name, ref))
            return p_error_at(p, pds[i].line, pds[i].col, "undefined symbol '%s'",
                              pds[i].name->str);
    }
    return 0;
}

static void *dup_vec(parser *p, const avec *v, size_t elsize)
{
    return v->n ? arena_memdup(p->ma, v->data, (size_t)v->n * elsize) : NULL;
}

/* cols: the columns of the return and parameter names, for messages */
static int parse_function_body(parser *p, uint32_t idx, const uint32_t *ret_cols,
                               const uint32_t *param_cols)
{
    /* keep the vectors' storage from the previous function: no regrowth */
    p->regs.n = p->fvars.n = p->body.n = p->fpend.n = 0;
    p->fidx = idx;
    p->depth = 1;
    ptx_func *f = (ptx_func *)p->funcs.data + idx;
    for (uint32_t i = 0; i < f->nrets; i++) {
        name_ent *n = p_intern(p, f->rets[i].name, strlen(f->rets[i].name));
        if (!n || p_bind(p, n, BIND_RET, i, f->rets[i].line, ret_cols[i]) < 0)
            return -1;
    }
    for (uint32_t i = 0; i < f->nparams; i++) {
        name_ent *n = p_intern(p, f->params[i].name, strlen(f->params[i].name));
        if (!n || p_bind(p, n, BIND_PARAM, i, f->params[i].line, param_cols[i]) < 0)
            return -1;
    }
    if (p_parse_body(p) < 0 || resolve_function(p) < 0)
        return -1;
    p_scope_pop(p);
    p_reset_labels(p);
    f = (ptx_func *)p->funcs.data + idx; /* prototypes may have grown funcs */
    f->nregs = p->regs.n;
    f->nvars = p->fvars.n;
    f->nbody = p->body.n;
    f->regs = dup_vec(p, &p->regs, sizeof(ptx_reg));
    f->vars = dup_vec(p, &p->fvars, sizeof(ptx_var));
    f->body = dup_vec(p, &p->body, sizeof(ptx_stmt));
    if ((f->nregs && !f->regs) || (f->nvars && !f->vars) || (f->nbody && !f->body))
        return p_oom(p);
    f->has_body = 1;
    return 0;
}

/* .maxntid 256, 1, 1 and friends: 1 to 3 values. */
static int parse_dims3(parser *p, uint32_t out[3])
{
    p_next(p);
    out[0] = out[1] = out[2] = 1;
    for (int i = 0; i < 3; i++) {
        uint64_t v;
        if (p_uint(p, UINT32_MAX, "a thread count", &v) < 0)
            return -1;
        out[i] = (uint32_t)v;
        if (!p_is(p, TK_COMMA))
            break;
        p_next(p);
    }
    return 0;
}

static int parse_uint_directive(parser *p, uint32_t *out)
{
    uint64_t v;
    p_next(p);
    if (p_uint(p, UINT32_MAX, "a count", &v) < 0)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* Performance-tuning directives between the header and the body. */
static int parse_perf_directives(parser *p, ptx_func *f)
{
    uint32_t ignored[3];
    for (;;) {
        int rc;
        if (p_is_dir(p, ".maxntid"))
            rc = parse_dims3(p, f->maxntid);
        else if (p_is_dir(p, ".reqntid"))
            rc = parse_dims3(p, f->reqntid);
        else if (p_is_dir(p, ".reqnctapercluster"))
            rc = parse_dims3(p, ignored);
        else if (p_is_dir(p, ".minnctapersm"))
            rc = parse_uint_directive(p, &f->minnctapersm);
        else if (p_is_dir(p, ".maxnreg"))
            rc = parse_uint_directive(p, &f->maxnreg);
        else if (p_is_dir(p, ".maxnctapersm") || p_is_dir(p, ".maxclusterrank"))
            rc = parse_uint_directive(p, &ignored[0]);
        else if (p_is_dir(p, ".noreturn") || p_is_dir(p, ".explicitcluster"))
            rc = (p_next(p), 0);
        else if (p_is_dir(p, ".pragma"))
            rc = (p_next(p), p_skip_to_semi(p));
        else
            return 0;
        if (rc < 0)
            return -1;
    }
}

int p_parse_function(parser *p, ptx_linkage linkage)
{
    ptx_func f;
    memset(&f, 0, sizeof f);
    f.is_entry = p_is_dir(p, ".entry");
    f.linkage = linkage;
    f.line = p->tok.line;
    p_next(p);
    avec rets = { 0 }, params = { 0 }, ret_cols = { 0 }, param_cols = { 0 };
    if (!f.is_entry && p_is(p, TK_LPAREN) && p_parse_param_list(p, &rets, &ret_cols) < 0)
        return -1;
    if (!p_is(p, TK_IDENT) || p->tok.text[0] == '%')
        return p_expected(p, "a function name");
    uint32_t line = p->tok.line, col = p->tok.col;
    name_ent *n = p_intern_tok(p);
    if (!n)
        return -1;
    f.name = n->str;
    p_next(p);
    if (p_is(p, TK_LPAREN) && p_parse_param_list(p, &params, &param_cols) < 0)
        return -1;
    if (parse_perf_directives(p, &f) < 0)
        return -1;
    bool has_body = p_is(p, TK_LBRACE);
    if (!has_body && !p_is(p, TK_SEMI))
        return p_expected(p, "'{' or ';' after the function header");
    f.nrets = rets.n;
    f.nparams = params.n;
    f.rets = dup_vec(p, &rets, sizeof(ptx_param));
    f.params = dup_vec(p, &params, sizeof(ptx_param));
    if ((f.nrets && !f.rets) || (f.nparams && !f.params))
        return p_oom(p);

    uint32_t idx;
    if (n->gkind == PTX_SYM_GLOBAL_VAR)
        return p_error_at(p, line, col, "'%s' is already declared as a variable", n->str);
    if (n->gkind == PTX_SYM_FUNC) {
        idx = n->gindex;
        ptx_func *old = (ptx_func *)p->funcs.data + idx;
        if (old->has_body && has_body)
            return p_error_at(p, line, col, "redefinition of function '%s' (first defined at line %u)",
                              n->str, old->line);
        if (has_body) /* the definition replaces the prototype */
            *old = f;
    } else {
        idx = p->funcs.n;
        ptx_func *nf = avec_push(p->sa, &p->funcs, sizeof *nf);
        if (!nf)
            return p_oom(p);
        *nf = f;
        n->gkind = PTX_SYM_FUNC; /* before the body: recursion */
        n->gindex = idx;
    }
    if (!has_body) {
        p_next(p);
        return 0;
    }
    return parse_function_body(p, idx, ret_cols.data, param_cols.data);
}

/* ".version 9.0": the lexer saw a decimal literal; read its spelling. */
static int parse_version(parser *p)
{
    p_next(p);
    const token *t = &p->tok;
    uint32_t major = 0, minor = 0, i = 0;
    bool ok = t->kind == TK_FLOAT;
    for (; ok && i < t->len && t->text[i] >= '0' && t->text[i] <= '9' && i < 4; i++)
        major = major * 10 + (uint32_t)(t->text[i] - '0');
    ok = ok && i > 0 && i < t->len && t->text[i] == '.';
    uint32_t j = ++i;
    for (; ok && i < t->len && t->text[i] >= '0' && t->text[i] <= '9' && i - j < 4; i++)
        minor = minor * 10 + (uint32_t)(t->text[i] - '0');
    if (!ok || i == j || i != t->len)
        return p_expected(p, "a version such as 9.0");
    p->m->version_major = major;
    p->m->version_minor = minor;
    p_next(p);
    return 0;
}

static int parse_target(parser *p)
{
    p_next(p);
    bool first = true;
    for (;;) {
        if (!p_is(p, TK_IDENT))
            return p_expected(p, "a target such as sm_80");
        if (p_is_word(p, "debug")) {
            p->m->target_debug = 1;
        } else if (first) {
            if (p->tok.len >= sizeof p->m->target)
                return p_error(p, "target name too long");
            memcpy(p->m->target, p->tok.text, p->tok.len);
            p->m->target[p->tok.len] = 0;
            first = false;
        }
        p_next(p);
        if (!p_is(p, TK_COMMA))
            return 0;
        p_next(p);
    }
}

static int parse_top_directive(parser *p)
{
    ptx_linkage linkage = PTX_LINK_NONE;
    if (p_is_dir(p, ".visible"))
        linkage = PTX_LINK_VISIBLE;
    else if (p_is_dir(p, ".extern"))
        linkage = PTX_LINK_EXTERN;
    else if (p_is_dir(p, ".weak"))
        linkage = PTX_LINK_WEAK;
    else if (p_is_dir(p, ".common"))
        linkage = PTX_LINK_COMMON;
    if (linkage != PTX_LINK_NONE) {
        p_next(p);
        if (p_is_dir(p, ".entry") || p_is_dir(p, ".func"))
            return p_parse_function(p, linkage);
        return p_parse_var_decl(p, linkage, false);
    }
    if (p_is_dir(p, ".entry") || p_is_dir(p, ".func"))
        return p_parse_function(p, linkage);
    if (p_is_dir(p, ".global") || p_is_dir(p, ".const") || p_is_dir(p, ".shared") ||
        p_is_dir(p, ".local"))
        return p_parse_var_decl(p, linkage, false);
    if (p_is_dir(p, ".version"))
        return parse_version(p);
    if (p_is_dir(p, ".target"))
        return parse_target(p);
    if (p_is_dir(p, ".address_size")) {
        uint64_t v;
        p_next(p);
        if (p_uint(p, 64, "an address size (32 or 64)", &v) < 0)
            return -1;
        p->m->address_size = (uint32_t)v;
        return 0;
    }
    if (p_is_dir(p, ".file") || p_is_dir(p, ".loc")) {
        lex_skip_line(&p->lx);
        p_next(p);
        return 0;
    }
    if (p_is_dir(p, ".section")) { /* DWARF: .section .debug_info { ... } */
        p_next(p);
        if (!p_is(p, TK_DIRECTIVE) && !p_is(p, TK_IDENT))
            return p_expected(p, "a section name");
        p_next(p);
        return p_skip_braces(p);
    }
    if (p_is_dir(p, ".pragma")) {
        p_next(p);
        return p_skip_to_semi(p);
    }
    return p_expected(p, "a directive such as .entry, .func, .global or .version");
}

static int parse_module(parser *p)
{
    p_next(p);
    while (!p_is(p, TK_EOF)) {
        if (!p_is(p, TK_DIRECTIVE))
            return p_expected(p, "a directive");
        if (parse_top_directive(p) < 0)
            return -1;
    }
    if (resolve_module(p) < 0)
        return -1;
    ptx_module *m = p->m;
    m->nvars = p->vars.n;
    m->nfuncs = p->funcs.n;
    m->vars = dup_vec(p, &p->vars, sizeof(ptx_var));
    m->funcs = dup_vec(p, &p->funcs, sizeof(ptx_func));
    if ((m->nvars && !m->vars) || (m->nfuncs && !m->funcs))
        return p_oom(p);
    return 0;
}

ptx_module *ptx_parse(const char *text, size_t len, const char *filename,
                      char *err, size_t errlen)
{
    return ptx_parse_ex(text, len, filename, err, errlen, NULL);
}

ptx_module *ptx_parse_ex(const char *text, size_t len, const char *filename,
                         char *err, size_t errlen, ptx_status *status)
{
    parser p;
    memset(&p, 0, sizeof p);
    if (status)
        *status = PTX_OK;
    p.filename = filename ? filename : "<ptx>";
    p.err = err;
    p.errlen = errlen;
    if (err && errlen)
        err[0] = 0;
    p.ma = arena_new();
    p.sa = arena_new();
    if (!p.ma || !p.sa)
        goto oom;
    p.m = arena_alloc(p.ma, sizeof *p.m);
    if (!p.m || !(p.m->filename = arena_strndup(p.ma, p.filename, strlen(p.filename))))
        goto oom;
    p.m->arena = p.ma;
    lex_init(&p.lx, text, len);
    if (parse_module(&p) < 0)
        goto fail;
    arena_free(p.sa);
    return p.m;
oom:
    p_oom(&p);
fail:
    if (status)
        *status = p.status != PTX_OK ? p.status : PTX_ERR_INVALID;
    arena_free(p.sa);
    arena_free(p.ma);
    return NULL;
}

void ptx_module_free(ptx_module *m)
{
    if (m)
        arena_free(m->arena); /* m itself lives in the arena */
}
