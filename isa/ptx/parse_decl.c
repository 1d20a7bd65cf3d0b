/* isa/ptx/parse_decl.c — declarations: parameters, registers, variables. */
#include "isa/ptx/parse.h"

#include <stdio.h>
#include <string.h>

enum {
    MAX_DIMS       = 8,
    MAX_REG_RANGE  = 1u << 20,   /* %r<N>: N at most this */
    MAX_FUNC_REGS  = 1u << 21,   /* bounds memory on hostile input */
    MAX_REG_PREFIX = 240,
};

static ptx_space space_of(const char *name)
{
    static const struct { const char *n; ptx_space s; } spaces[] = {
        { "global", PTX_SPACE_GLOBAL }, { "const", PTX_SPACE_CONST },
        { "shared", PTX_SPACE_SHARED }, { "local", PTX_SPACE_LOCAL },
        { "param", PTX_SPACE_PARAM },   { "reg", PTX_SPACE_REG },
    };
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++)
        if (strcmp(spaces[i].n, name) == 0)
            return spaces[i].s;
    /* .shared::cta is .shared; .shared::cluster is not handled */
    if (strcmp(name, "shared::cta") == 0)
        return PTX_SPACE_SHARED;
    return PTX_SPACE_NONE;
}

static bool is_pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}

/* .align N [.attribute(.managed)] [.vN] [.ptr [.space] [.align N]] .type, in any order */
int p_parse_type_attrs(parser *p, bool is_param, ptx_type *type, uint8_t *vec,
                       uint32_t *align, ptx_space *ptr_space, uint8_t *managed)
{
    char d[32];
    bool after_ptr = false;
    *type = PTX_T_NONE;
    *vec = 1;
    *align = 0;
    *ptr_space = PTX_SPACE_NONE;
    *managed = 0;
    while (p_is(p, TK_DIRECTIVE)) {
        uint32_t line = p->tok.line, col = p->tok.col;
        p_dir_name(p, d, sizeof d);
        ptx_type t = ptx_type_from_name(d);
        if (t != PTX_T_NONE) {
            if (*type != PTX_T_NONE)
                return p_error(p, "duplicate type '.%s'", d);
            *type = t;
            p_next(p);
        } else if (strcmp(d, "align") == 0) {
            uint64_t a;
            p_next(p);
            if (p_uint(p, 1u << 30, "alignment", &a) < 0)
                return -1;
            if (!is_pow2(a))
                return p_error_at(p, line, col, "alignment %llu is not a power of two",
                                  (unsigned long long)a);
            if (!after_ptr) /* after .ptr it is the pointee's alignment */
                *align = (uint32_t)a;
        } else if (strcmp(d, "v2") == 0 || strcmp(d, "v4") == 0 || strcmp(d, "v8") == 0) {
            *vec = (uint8_t)(d[1] - '0');
            p_next(p);
        } else if (strcmp(d, "attribute") == 0) {
            p_next(p);
            if (p_expect(p, TK_LPAREN, "'(' after .attribute") < 0)
                return -1;
            if (!p_is_dir(p, ".managed"))
                return p_expected(p, "'.managed' (the only supported attribute)");
            *managed = 1;
            p_next(p);
            if (p_expect(p, TK_RPAREN, "')'") < 0)
                return -1;
        } else if (is_param && strcmp(d, "ptr") == 0) {
            after_ptr = true;
            p_next(p);
            if (p_is(p, TK_DIRECTIVE)) {
                p_dir_name(p, d, sizeof d);
                ptx_space s = space_of(d);
                if (s != PTX_SPACE_NONE && s != PTX_SPACE_REG && s != PTX_SPACE_PARAM) {
                    *ptr_space = s;
                    p_next(p);
                }
            }
        } else if (strcmp(d, "texref") == 0 || strcmp(d, "samplerref") == 0 ||
                   strcmp(d, "surfref") == 0) {
            return p_unsupported(p, "'.%s' variables are not supported yet", d);
        } else {
            break;
        }
    }
    if (*type == PTX_T_NONE)
        return p_expected(p, "a type such as .u32");
    if (*align == 0) {
        unsigned natural = ptx_type_size(*type) * *vec;
        *align = natural ? natural : 1;
    }
    return 0;
}

/* Array dimensions "[N][M]..."; the first may be empty ("[]", *unsized). */
static int parse_dims(parser *p, uint64_t *dims, unsigned *ndims, bool *unsized)
{
    *ndims = 0;
    *unsized = false;
    while (p_is(p, TK_LBRACK)) {
        if (*ndims == MAX_DIMS)
            return p_error(p, "too many array dimensions (at most %d)", MAX_DIMS);
        p_next(p);
        if (p_is(p, TK_RBRACK) && *ndims == 0) {
            *unsized = true;
            dims[(*ndims)++] = 0;
        } else {
            uint32_t line = p->tok.line, col = p->tok.col;
            if (p_uint(p, UINT32_MAX, "array size", &dims[*ndims]) < 0)
                return -1;
            if (dims[*ndims] == 0)
                return p_error_at(p, line, col, "array size must be positive");
            (*ndims)++;
        }
        if (p_expect(p, TK_RBRACK, "']'") < 0)
            return -1;
    }
    return 0;
}

/* Element count of the dimensions (unsized first dimension counts as 1). */
static int dims_count(parser *p, const uint64_t *dims, unsigned ndims, uint64_t *count)
{
    uint64_t c = 1;
    for (unsigned i = 0; i < ndims; i++) {
        uint64_t d = dims[i] ? dims[i] : 1;
        if (c > UINT64_MAX / d)
            return p_error(p, "array too large");
        c *= d;
    }
    *count = c;
    return 0;
}

static int parse_param(parser *p, ptx_param *out, uint32_t *col)
{
    out->line = p->tok.line;
    if (!p_is_dir(p, ".param") && !p_is_dir(p, ".reg"))
        return p_expected(p, "'.param'");
    p_next(p);
    ptx_type type;
    uint8_t vec, managed;
    uint32_t align;
    ptx_space ptr_space;
    if (p_parse_type_attrs(p, true, &type, &vec, &align, &ptr_space, &managed) < 0)
        return -1;
    if (!p_is(p, TK_IDENT))
        return p_expected(p, "a parameter name");
    *col = p->tok.col;
    name_ent *n = p_intern_tok(p);
    if (!n)
        return -1;
    p_next(p);
    uint64_t dims[MAX_DIMS], count = 1;
    unsigned ndims;
    bool unsized;
    if (parse_dims(p, dims, &ndims, &unsized) < 0)
        return -1;
    if (unsized)
        return p_error(p, "a parameter cannot be an unsized array");
    if (dims_count(p, dims, ndims, &count) < 0)
        return -1;
    uint64_t elsize = (uint64_t)ptx_type_size(type) * vec;
    if (count > UINT32_MAX)
        return p_error(p, "parameter array too large");
    out->name = n->str;
    out->type = type;
    out->align = align;
    out->count = count * vec;
    out->size = count * elsize;
    out->ptr_space = ptr_space;
    return 0;
}

int p_parse_param_list(parser *p, avec *out, avec *cols)
{
    if (p_expect(p, TK_LPAREN, "'('") < 0)
        return -1;
    if (p_is(p, TK_RPAREN)) {
        p_next(p);
        return 0;
    }
    for (;;) {
        ptx_param *prm = avec_push(p->sa, out, sizeof *prm);
        uint32_t col = 0, *slot = cols ? avec_push(p->sa, cols, sizeof *slot) : &col;
        if (!prm || !slot)
            return p_oom(p);
        if (parse_param(p, prm, slot) < 0)
            return -1;
        if (p_is(p, TK_COMMA)) {
            p_next(p);
            continue;
        }
        return p_expect(p, TK_RPAREN, "',' or ')' in the parameter list");
    }
}

static int add_reg(parser *p, name_ent *n, ptx_type type, uint8_t vec,
                   uint32_t line, uint32_t col)
{
    if (p->regs.n >= MAX_FUNC_REGS)
        return p_error_at(p, line, col, "too many registers in one function");
    uint32_t idx = p->regs.n;
    ptx_reg *r = avec_push(p->sa, &p->regs, sizeof *r);
    if (!r)
        return p_oom(p);
    r->name = n->str;
    r->type = type;
    r->vec = vec;
    return p_bind(p, n, BIND_REG, idx, line, col);
}

/* .reg [.vN] .type name, %r<N>, ... ; */
int p_parse_reg_decl(parser *p)
{
    p_next(p); /* .reg */
    ptx_type type;
    uint8_t vec, managed;
    uint32_t align;
    ptx_space ptr_space;
    if (p_parse_type_attrs(p, false, &type, &vec, &align, &ptr_space, &managed) < 0)
        return -1;
    for (;;) {
        if (!p_is(p, TK_IDENT))
            return p_expected(p, "a register name");
        uint32_t line = p->tok.line, col = p->tok.col;
        const char *text = p->tok.text;
        uint32_t len = p->tok.len;
        p_next(p);
        if (p_is(p, TK_LT)) {
            uint64_t count;
            p_next(p);
            if (p_uint(p, MAX_REG_RANGE, "register count", &count) < 0)
                return -1;
            if (p_expect(p, TK_GT, "'>'") < 0)
                return -1;
            if (len > MAX_REG_PREFIX)
                return p_error_at(p, line, col, "register name too long");
            char buf[MAX_REG_PREFIX + 16];
            memcpy(buf, text, len);
            for (uint64_t i = 0; i < count; i++) {
                int k = snprintf(buf + len, sizeof buf - len, "%llu", (unsigned long long)i);
                name_ent *n = p_intern(p, buf, len + (size_t)k);
                if (!n || add_reg(p, n, type, vec, line, col) < 0)
                    return -1;
            }
        } else {
            name_ent *n = p_intern(p, text, len);
            if (!n || add_reg(p, n, type, vec, line, col) < 0)
                return -1;
        }
        if (!p_is(p, TK_COMMA))
            break;
        p_next(p);
    }
    return p_expect(p, TK_SEMI, "';' after the register declaration");
}

/* Makes room for a variable: in the function (local) or the module.
 * NULL without an error for a redundant .extern re-declaration. */
static ptx_var *new_var(parser *p, name_ent *n, bool local, ptx_linkage linkage,
                        uint32_t line, uint32_t col)
{
    if (local) {
        uint32_t idx = p->fvars.n;
        ptx_var *v = avec_push(p->sa, &p->fvars, sizeof *v);
        if (!v) {
            p_oom(p);
            return NULL;
        }
        return p_bind(p, n, BIND_VAR, idx, line, col) < 0 ? NULL : v;
    }
    if (n->gkind == PTX_SYM_FUNC) {
        p_error_at(p, line, col, "'%s' is already declared as a function", n->str);
        return NULL;
    }
    if (n->gkind == PTX_SYM_GLOBAL_VAR) {
        ptx_var *old = (ptx_var *)p->vars.data + n->gindex;
        /* an .extern declaration may be followed by the definition */
        if (old->linkage != PTX_LINK_EXTERN && linkage != PTX_LINK_EXTERN) {
            p_error_at(p, line, col, "redefinition of variable '%s' (first declared at line %u)",
                       n->str, old->line);
            return NULL;
        }
        if (linkage == PTX_LINK_EXTERN)
            return NULL; /* keep what is there */
        memset(old, 0, sizeof *old);
        return old;
    }
    uint32_t idx = p->vars.n;
    ptx_var *v = avec_push(p->sa, &p->vars, sizeof *v);
    if (!v) {
        p_oom(p);
        return NULL;
    }
    n->gkind = PTX_SYM_GLOBAL_VAR;
    n->gindex = idx;
    return v;
}

static int parse_one_var(parser *p, ptx_space space, ptx_linkage linkage, bool local,
                         ptx_type type, uint8_t vec, uint32_t align, uint8_t managed)
{
    if (!p_is(p, TK_IDENT))
        return p_expected(p, "a variable name");
    uint32_t line = p->tok.line, col = p->tok.col;
    name_ent *n = p_intern_tok(p);
    if (!n)
        return -1;
    p_next(p);
    uint64_t dims[MAX_DIMS + 1], count = 1;
    unsigned ndims;
    bool unsized;
    if (parse_dims(p, dims, &ndims, &unsized) < 0 || dims_count(p, dims, ndims, &count) < 0)
        return -1;
    ptx_var tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.name = n->str;
    tmp.space = space;
    tmp.linkage = linkage;
    tmp.type = type;
    tmp.vec = vec;
    tmp.align = align;
    tmp.count = unsized ? 0 : count;
    tmp.is_managed = managed;
    tmp.is_array = ndims > 0;
    tmp.line = line;
    uint64_t elsize = (uint64_t)ptx_type_size(type) * vec;
    if (elsize && tmp.count > UINT64_MAX / elsize)
        return p_error_at(p, line, col, "variable '%s' is too large", n->str);
    tmp.size = tmp.count * elsize;
    if (p_is(p, TK_EQ)) {
        p_next(p);
        if (vec > 1)
            dims[ndims++] = vec;
        if (p_parse_init(p, &tmp, dims, ndims) < 0)
            return -1;
    }
    /* bind only now: the initializer cannot refer to the variable itself */
    ptx_var *v = new_var(p, n, local, linkage, line, col);
    if (p->failed)
        return -1;
    if (v)
        *v = tmp;
    return 0;
}

/* [.space] attrs name[dims] [= init] {, name ...} ; — the linkage, if any,
 * has been consumed; the current token is the state space. */
int p_parse_var_decl(parser *p, ptx_linkage linkage, bool local)
{
    char d[32];
    ptx_space space = space_of(p_dir_name(p, d, sizeof d));
    if (space == PTX_SPACE_NONE || space == PTX_SPACE_REG ||
        (!local && space == PTX_SPACE_PARAM))
        return p_expected(p, "a state space (.global, .const, .shared, .local)");
    p_next(p);
    ptx_type type;
    uint8_t vec, managed;
    uint32_t align;
    ptx_space ptr_space;
    if (p_parse_type_attrs(p, space == PTX_SPACE_PARAM, &type, &vec, &align, &ptr_space,
                           &managed) < 0)
        return -1;
    for (;;) {
        if (parse_one_var(p, space, linkage, local, type, vec, align, managed) < 0)
            return -1;
        if (!p_is(p, TK_COMMA))
            break;
        p_next(p);
    }
    return p_expect(p, TK_SEMI, "';' after the variable declaration");
}
