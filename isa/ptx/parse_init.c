/* isa/ptx/parse_init.c — variable initializers: scalars and (nested) lists,
 * stored as the variable's little-endian bytes; addresses of module
 * variables and functions (`sym`, `generic(sym)`, `+ offset`) are recorded
 * as relocations (ptx_reloc) for the loader. */
#include "isa/ptx/parse.h"

#include <string.h>

enum { MAX_LEVELS = 9, MAX_INIT_BYTES = 1u << 28 };

typedef struct init_ctx {
    parser         *p;
    const ptx_var  *v;
    unsigned        ndims;
    uint64_t        span[MAX_LEVELS + 1]; /* elements under one entry of level k */
    bool            unsized;              /* first dimension "[]": grows */
    unsigned        esize;
    uint8_t        *buf;
    uint64_t        cap;                  /* elements buf can hold */
    uint64_t        used;                 /* highest element written + 1 */
    avec            relocs;               /* ptx_reloc */
} init_ctx;

static void put_le(uint8_t *dst, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        dst[i] = (uint8_t)(v >> (8 * i));
}

static bool is_int_type(ptx_type t)
{
    return (t >= PTX_T_B8 && t <= PTX_T_B128) || (t >= PTX_T_U8 && t <= PTX_T_S64);
}

static bool is_bits_type(ptx_type t)
{
    return t >= PTX_T_B8 && t <= PTX_T_B128;
}

static int ensure(init_ctx *c, uint64_t pos)
{
    if (pos < c->cap)
        return 0;
    /* only unsized arrays grow; sized ones were allocated whole */
    uint64_t cap = c->cap ? c->cap : 64;
    while (cap <= pos)
        cap *= 2;
    if (cap * c->esize > MAX_INIT_BYTES)
        return p_error(c->p, "initializer too large (more than %u bytes)", MAX_INIT_BYTES);
    uint8_t *nb = arena_alloc(c->p->sa, cap * c->esize);
    if (!nb)
        return p_oom(c->p);
    if (c->used)
        memcpy(nb, c->buf, c->used * c->esize);
    c->buf = nb;
    c->cap = cap;
    return 0;
}

/* `sym`, `generic(sym)`, either with `+ n` / `- n`, at element pos: the
 * address of a module variable or function, filled in at load time. */
static int symbol_init(init_ctx *c, uint64_t pos)
{
    parser *p = c->p;
    uint32_t line = p->tok.line, col = p->tok.col;
    bool generic = p_is_word(p, "generic");
    if (generic) {
        p_next(p);
        if (p_expect(p, TK_LPAREN, "'(' after generic") < 0)
            return -1;
        if (!p_is(p, TK_IDENT))
            return p_expected(p, "a symbol name");
        line = p->tok.line;
        col = p->tok.col;
    }
    name_ent *n = p_intern_tok(p);
    if (!n)
        return -1;
    if (n->gkind != PTX_SYM_GLOBAL_VAR && n->gkind != PTX_SYM_FUNC)
        return p_error_at(p, line, col, "'%s' in the initializer of '%s' is not a module variable "
                          "or function declared before it", n->str, c->v->name);
    if (c->esize != 8)
        return p_error_at(p, line, col, "the address of '%s' needs a 64-bit element, not .%s",
                          n->str, ptx_type_name(c->v->type));
    if (n->gkind == PTX_SYM_GLOBAL_VAR) {
        const ptx_var *t = (const ptx_var *)p->vars.data + n->gindex;
        if (t->space != PTX_SPACE_GLOBAL && t->space != PTX_SPACE_CONST)
            return p_error_at(p, line, col, "the address of '%s' (not .global or .const) cannot "
                              "initialize '%s'", n->str, c->v->name);
    }
    p_next(p);
    if (generic && p_expect(p, TK_RPAREN, "')' after the symbol") < 0)
        return -1;
    int64_t addend = 0;
    if (p_is(p, TK_PLUS) || p_is(p, TK_MINUS)) {
        bool neg = p_is(p, TK_MINUS);
        p_next(p);
        if (!p_is(p, TK_INT))
            return p_expected(p, "an integer offset");
        addend = (int64_t)(neg ? (uint64_t)0 - p->tok.ival : p->tok.ival);
        p_next(p);
    }
    if (c->unsized && ensure(c, pos) < 0)
        return -1;
    ptx_reloc *r = avec_push(p->sa, &c->relocs, sizeof *r);
    if (!r)
        return p_oom(p);
    r->offset = pos * c->esize;
    r->sym = (ptx_symref){ n->str, (ptx_sym_kind)n->gkind, n->gindex };
    r->addend = addend;
    r->line = line;
    r->col = col;
    if (pos + 1 > c->used)
        c->used = pos + 1;
    return 0;
}

/* One constant, converted to the element type, stored at element pos. */
static int scalar(init_ctx *c, uint64_t pos)
{
    parser *p = c->p;
    ptx_type t = c->v->type;
    bool neg = false;
    if (p_is(p, TK_IDENT))
        return symbol_init(c, pos);
    if (p_is(p, TK_MINUS)) {
        neg = true;
        p_next(p);
    }
    if (!p_is(p, TK_INT) && !p_is(p, TK_FLOAT))
        return p_expected(p, "a constant");
    const token tk = p->tok;
    if (c->unsized && ensure(c, pos) < 0)
        return -1;
    uint8_t *dst = c->buf + pos * c->esize;
    if (tk.kind == TK_INT) {
        uint64_t v = neg ? (uint64_t)0 - tk.ival : tk.ival;
        if (t == PTX_T_F32) {
            float f = (float)(int64_t)v;
            uint32_t b;
            memcpy(&b, &f, 4);
            put_le(dst, b, 4);
        } else if (t == PTX_T_F64) {
            double d = (double)(int64_t)v;
            uint64_t b;
            memcpy(&b, &d, 8);
            put_le(dst, b, 8);
        } else if (t == PTX_T_PRED) {
            return p_error(p, "a .pred variable cannot be initialized");
        } else {
            /* integers and packed/narrow float types take the bits */
            unsigned n = c->esize > 8 ? 8 : c->esize;
            put_le(dst, v, n);
            if (c->esize > 8 && neg)
                memset(dst + 8, 0xff, c->esize - 8);
        }
    } else {
        uint64_t bits = tk.fbits;
        if (neg)
            bits ^= tk.is_f64 ? 1ull << 63 : 1ull << 31;
        if (t == PTX_T_F32 || (is_bits_type(t) && c->esize == 4 && !tk.is_f64)) {
            if (tk.is_f64) {
                double d;
                memcpy(&d, &bits, 8);
                float f = (float)d;
                uint32_t b;
                memcpy(&b, &f, 4);
                bits = b;
            }
            put_le(dst, bits, 4);
        } else if (t == PTX_T_F64 || (is_bits_type(t) && c->esize == 8 && tk.is_f64)) {
            if (!tk.is_f64) {
                uint32_t b32 = (uint32_t)bits;
                float f;
                memcpy(&f, &b32, 4);
                double d = f;
                memcpy(&bits, &d, 8);
            }
            put_le(dst, bits, 8);
        } else if (is_int_type(t)) {
            return p_error_at(p, tk.line, tk.col, "expected an integer constant for a .%s element",
                              ptx_type_name(t));
        } else {
            p->status = PTX_ERR_UNSUPPORTED;
            return p_error_at(p, tk.line, tk.col,
                              "floating-point initializers for .%s are not supported yet",
                              ptx_type_name(t));
        }
    }
    if (pos + 1 > c->used)
        c->used = pos + 1;
    p_next(p);
    return 0;
}

/* "{ a, b, {..}, ... }" filling the elements [base, base + span[level]). */
static int list(init_ctx *c, unsigned level, uint64_t base)
{
    parser *p = c->p;
    if (p_expect(p, TK_LBRACE, "'{'") < 0)
        return -1;
    uint64_t limit = (level == 0 && c->unsized) ? UINT64_MAX : base + c->span[level];
    uint64_t pos = base;
    if (p_is(p, TK_RBRACE)) {
        p_next(p);
        return 0;
    }
    for (;;) {
        if (p_is(p, TK_LBRACE)) {
            if (level + 1 >= c->ndims)
                return p_expected(p, "a constant (too many braces)");
            uint64_t sub = c->span[level + 1];
            uint64_t rel = pos - base;
            pos = base + (rel + sub - 1) / sub * sub; /* braces start a new row */
            if (pos > limit || limit - pos < sub)
                return p_error(p, "too many initializers for '%s'", c->v->name);
            if (list(c, level + 1, pos) < 0)
                return -1;
            pos += sub;
        } else {
            if (pos >= limit)
                return p_error(p, "too many initializers for '%s'", c->v->name);
            if (scalar(c, pos) < 0)
                return -1;
            pos++;
        }
        if (!p_is(p, TK_COMMA))
            break;
        p_next(p);
    }
    return p_expect(p, TK_RBRACE, "',' or '}' in the initializer");
}

int p_parse_init(parser *p, ptx_var *v, const uint64_t *dims, unsigned ndims)
{
    init_ctx c;
    memset(&c, 0, sizeof c);
    c.p = p;
    c.v = v;
    c.ndims = ndims;
    c.esize = ptx_type_size(v->type);
    c.unsized = ndims > 0 && dims[0] == 0;
    if (v->type == PTX_T_PRED || c.esize == 0)
        return p_error(p, "a .%s variable cannot be initialized", ptx_type_name(v->type));
    if (ndims > MAX_LEVELS)
        return p_error(p, "too many array dimensions");
    c.span[ndims] = 1;
    for (unsigned k = ndims; k-- > 0;) {
        uint64_t d = dims[k] ? dims[k] : 1;
        c.span[k] = c.span[k + 1] * d; /* bounded: the variable's size fits */
    }
    if (!c.unsized) {
        if (v->size > MAX_INIT_BYTES)
            return p_error(p, "initialized variable '%s' too large (more than %u bytes)",
                           v->name, MAX_INIT_BYTES);
        c.buf = arena_alloc(p->ma, v->size ? v->size : 1);
        if (!c.buf)
            return p_oom(p);
        c.cap = v->size / c.esize;
    }
    int rc;
    if (p_is(p, TK_LBRACE))
        rc = list(&c, 0, 0);
    else if (ndims == 0)
        rc = scalar(&c, 0);
    else
        rc = p_expected(p, "'{' starting the array initializer");
    if (rc < 0)
        return -1;
    if (c.unsized) {
        uint64_t row = c.span[1];
        uint64_t elems = (c.used + row - 1) / row * row;
        v->count = elems / v->vec;
        v->size = elems * c.esize;
        v->init = arena_alloc(p->ma, v->size ? v->size : 1); /* zeroed */
        if (!v->init)
            return p_oom(p);
        if (c.used)
            memcpy(v->init, c.buf, c.used * c.esize);
    } else {
        v->init = c.buf;
    }
    if (c.relocs.n) {
        v->relocs = arena_memdup(p->ma, c.relocs.data, (size_t)c.relocs.n * sizeof(ptx_reloc));
        if (!v->relocs)
            return p_oom(p);
        v->nrelocs = c.relocs.n;
    }
    return 0;
}
