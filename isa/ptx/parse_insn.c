/* isa/ptx/parse_insn.c — instruction statements: guard, opcode with its
 * dot-modifiers, and operands, with names resolved as they are read. */
#include "isa/ptx/parse.h"

#include <stdio.h>
#include <string.h>

/* Where an operand sits, so a symbol resolved later can be found again. */
typedef struct opnd_loc {
    uint32_t stmt;
    int32_t  op, elem;
} opnd_loc;

/* Special registers with .x/.y/.z components, then scalar ones. */
static const char *const sregs_xyz[] = {
    "tid", "ntid", "ctaid", "nctaid", "clusterid", "nclusterid",
    "cluster_ctaid", "cluster_nctaid",
};
static const char *const sregs_scalar[] = {
    "laneid", "warpid", "nwarpid", "smid", "nsmid", "gridid",
    "lanemask_eq", "lanemask_le", "lanemask_lt", "lanemask_ge", "lanemask_gt",
    "clock", "clock_hi", "clock64", "globaltimer", "globaltimer_lo", "globaltimer_hi",
    "total_smem_size", "aggr_smem_size", "dynamic_smem_size", "is_explicit_cluster",
    "cluster_ctarank", "cluster_nctarank", "current_graph_exec",
    "reserved_smem_offset_begin", "reserved_smem_offset_end",
    "reserved_smem_offset_cap", "reserved_smem_offset_0", "reserved_smem_offset_1",
};

static bool digits_in(const char *s, size_t n, unsigned max)
{
    if (n == 0 || n > 2)
        return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    return !(n == 2 && s[0] == '0') && v <= max;
}

/* 2: takes .x/.y/.z, 1: scalar special register, 0: not one. name has no '%'. */
static int sreg_kind(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof sregs_xyz / sizeof *sregs_xyz; i++)
        if (strlen(sregs_xyz[i]) == n && memcmp(sregs_xyz[i], s, n) == 0)
            return 2;
    for (size_t i = 0; i < sizeof sregs_scalar / sizeof *sregs_scalar; i++)
        if (strlen(sregs_scalar[i]) == n && memcmp(sregs_scalar[i], s, n) == 0)
            return 1;
    if (n > 6 && memcmp(s, "envreg", 6) == 0 && digits_in(s + 6, n - 6, 31))
        return 1;
    if (n >= 3 && s[0] == 'p' && s[1] == 'm' && digits_in(s + 2, 1, 7) &&
        (n == 3 || (n == 6 && memcmp(s + 3, "_64", 3) == 0)))
        return 1;
    return 0;
}

static int parse_sreg(parser *p, ptx_operand *o, int kind)
{
    char buf[64];
    size_t n = p->tok.len - 1;
    memcpy(buf, p->tok.text + 1, n); /* a known name: short */
    p_next(p);
    if (kind == 2 && p_is(p, TK_DIRECTIVE) && !p->tok.space_before) {
        if (p->tok.len != 2 || (p->tok.text[1] != 'x' && p->tok.text[1] != 'y' &&
                                p->tok.text[1] != 'z'))
            return p_expected(p, "a component .x, .y or .z");
        buf[n++] = '.';
        buf[n++] = p->tok.text[1];
        p_next(p);
    }
    name_ent *e = p_intern(p, buf, n);
    if (!e)
        return -1;
    o->kind = PTX_OPND_SREG;
    o->sreg = e->str;
    return 0;
}

static int add_pending(parser *p, name_ent *n, opnd_loc loc, uint32_t line, uint32_t col)
{
    pending *pd = avec_push(p->sa, &p->fpend, sizeof *pd);
    if (!pd)
        return p_oom(p);
    pd->func = p->fidx;
    pd->stmt = loc.stmt;
    pd->op = loc.op;
    pd->elem = loc.elem;
    pd->line = line;
    pd->col = col;
    pd->name = n;
    return 0;
}

/* A name used as an operand. Sets *is_reg / *reg for registers, else fills
 * sym (possibly unresolved, then recorded as pending). */
static int parse_name(parser *p, opnd_loc loc, bool *is_reg, uint32_t *reg, ptx_symref *sym)
{
    uint32_t line = p->tok.line, col = p->tok.col;
    name_ent *n = p_intern_tok(p);
    if (!n)
        return -1;
    *is_reg = false;
    const binding *b = p_lookup(p, n);
    if (b && b->kind == BIND_REG) {
        *is_reg = true;
        *reg = b->index;
        p_next(p);
        if (p_is(p, TK_DIRECTIVE) && !p->tok.space_before && !p->in_video)
            return p_unsupported(p, "vector register components ('%s%.*s') are not supported yet",
                           n->str, (int)(p->tok.len > 8 ? 8 : p->tok.len), p->tok.text);
        return 0;
    }
    if (b && b->kind == BIND_BTAB)
        return p_error_at(p, line, col, "target table '%s' can only be the target list of "
                          "brx.idx (.branchtargets) or of an indirect call (.calltargets)", n->str);
    p_next(p);
    sym->name = n->str;
    if (b) {
        static const ptx_sym_kind kinds[] = {
            [BIND_PARAM] = PTX_SYM_PARAM, [BIND_RET] = PTX_SYM_RET,
            [BIND_VAR] = PTX_SYM_LOCAL_VAR, [BIND_PROTO] = PTX_SYM_FUNC,
        };
        sym->kind = kinds[b->kind];
        sym->index = b->index;
        return 0;
    }
    if (n->str[0] == '%')
        return p_error_at(p, line, col, "undefined register '%s'", n->str);
    if (n->label >= 0) {
        sym->kind = PTX_SYM_LABEL;
        sym->index = (uint32_t)n->label;
        return 0;
    }
    sym->kind = PTX_SYM_UNRESOLVED; /* forward label or module symbol */
    return add_pending(p, n, loc, line, col);
}

/* [+|-] integer displacement after a name or register. */
static int parse_offset(parser *p, int64_t *off)
{
    *off = 0;
    bool neg = false;
    if (p_is(p, TK_PLUS)) {
        p_next(p);
        if (p_is(p, TK_MINUS)) {
            neg = true;
            p_next(p);
        }
    } else if (p_is(p, TK_MINUS)) {
        neg = true;
        p_next(p);
    } else {
        return 0;
    }
    if (!p_is(p, TK_INT))
        return p_expected(p, "an integer offset");
    *off = (int64_t)(neg ? (uint64_t)0 - p->tok.ival : p->tok.ival);
    p_next(p);
    return 0;
}

static int parse_operand(parser *p, ptx_operand *o, opnd_loc loc, bool compound);

/* A .branchtargets table name used as an operand (brx.idx): a LIST of its
 * labels, the ones not yet defined resolved at the function's end. A
 * .calltargets table (call): a LIST of its functions. */
static int branch_list(parser *p, ptx_operand *o, opnd_loc loc, uint32_t tab, bool call)
{
    const btab *t = (const btab *)p->btabs.data + tab;
    uint32_t line = p->tok.line, col = p->tok.col;
    if (t->calls != call)
        return p_error(p, call ? "a call's target list must be a .calltargets table"
                               : "brx.idx needs a .branchtargets table, not a .calltargets one");
    if (t->n > UINT16_MAX)
        return p_error(p, "too many entries in a target list");
    o->kind = PTX_OPND_LIST;
    o->nelems = (uint16_t)t->n;
    o->elems = arena_alloc(p->ma, (size_t)t->n * sizeof *o->elems);
    if (!o->elems)
        return p_oom(p);
    for (uint32_t i = 0; i < t->n; i++) {
        ptx_operand *e = &o->elems[i];
        e->kind = PTX_OPND_SYM;
        e->sym.name = t->labels[i]->str;
        if (call && t->labels[i]->gkind == PTX_SYM_FUNC) {
            e->sym.kind = PTX_SYM_FUNC;
            e->sym.index = t->labels[i]->gindex;
        } else if (!call && t->labels[i]->label >= 0) {
            e->sym.kind = PTX_SYM_LABEL;
            e->sym.index = (uint32_t)t->labels[i]->label;
        } else if (add_pending(p, t->labels[i], (opnd_loc){ loc.stmt, loc.op, (int32_t)i },
                               line, col) < 0) {
            return -1;
        }
    }
    p_next(p);
    return 0;
}

/* {a, b, ...} or (a, b, ...): fills o->elems / o->nelems */
static int parse_group(parser *p, ptx_operand *o, opnd_loc loc, bool is_list)
{
    tok_kind close = is_list ? TK_RPAREN : TK_RBRACE;
    p_next(p);
    avec *elems = &p->group; /* groups do not nest: one buffer serves all */
    elems->n = 0;
    if (!(is_list && p_is(p, close))) {
        for (;;) {
            if (elems->n == UINT16_MAX)
                return p_error(p, "too many elements");
            ptx_operand *e = avec_push(p->sa, elems, sizeof *e);
            if (!e)
                return p_oom(p);
            opnd_loc eloc = { loc.stmt, loc.op, (int32_t)(elems->n - 1) };
            if (parse_operand(p, e, eloc, false) < 0)
                return -1;
            if (!p_is(p, TK_COMMA))
                break;
            p_next(p);
        }
    }
    if (p_expect(p, close, is_list ? "',' or ')'" : "',' or '}'") < 0)
        return -1;
    o->nelems = (uint16_t)elems->n;
    if (elems->n) {
        o->elems = arena_memdup(p->ma, elems->data, elems->n * sizeof(ptx_operand));
        if (!o->elems)
            return p_oom(p);
    }
    return 0;
}

/* [reg+off], [sym+off], [imm], and the texture/surface form [tex, {x, y}]
 * whose coordinates land in elems. */
static int parse_address(parser *p, ptx_operand *o, opnd_loc loc)
{
    p_next(p); /* [ */
    o->kind = PTX_OPND_ADDR;
    if (p_is(p, TK_IDENT)) {
        bool is_reg;
        if (parse_name(p, loc, &is_reg, &o->reg, &o->sym) < 0)
            return -1;
        o->base_kind = is_reg ? PTX_OPND_REG : PTX_OPND_SYM;
        if (parse_offset(p, &o->offset) < 0)
            return -1;
        if (p_is(p, TK_COMMA)) {
            p_next(p);
            if (!p_is(p, TK_LBRACE))
                return p_is(p, TK_IDENT)
                           ? p_unsupported(p, "a separate sampler operand ('[tex, sampler, {..}]') "
                                        "is not supported yet")
                           : p_expected(p, "'{' starting the coordinates");
            if (parse_group(p, o, loc, false) < 0)
                return -1;
        }
    } else if (p_is(p, TK_INT) || p_is(p, TK_MINUS)) {
        bool neg = p_is(p, TK_MINUS);
        if (neg)
            p_next(p);
        if (!p_is(p, TK_INT))
            return p_expected(p, "an address");
        o->base_kind = PTX_OPND_NONE;
        o->offset = (int64_t)(neg ? (uint64_t)0 - p->tok.ival : p->tok.ival);
        p_next(p);
    } else {
        return p_expected(p, "a register, symbol or constant address");
    }
    return p_expect(p, TK_RBRACK, "']' closing the address");
}

static int parse_number(parser *p, ptx_operand *o)
{
    bool neg = false;
    if (p_is(p, TK_MINUS)) {
        neg = true;
        p_next(p);
    }
    if (p_is(p, TK_INT)) {
        o->kind = PTX_OPND_IMM_INT;
        o->ival = (int64_t)(neg ? (uint64_t)0 - p->tok.ival : p->tok.ival);
    } else if (p_is(p, TK_FLOAT)) {
        o->kind = PTX_OPND_IMM_FLOAT;
        o->is_f64 = p->tok.is_f64;
        o->fbits = p->tok.fbits;
        if (neg)
            o->fbits ^= o->is_f64 ? 1ull << 63 : 1ull << 31;
    } else {
        return p_expected(p, "a number");
    }
    p_next(p);
    return 0;
}

/* "|%p" after a destination ("%r|%p", "_|%p"): the second, predicate
 * destination of setp, shfl.sync, elect.sync etc. */
static int parse_reg2(parser *p, ptx_operand *o, opnd_loc loc)
{
    p_next(p); /* | */
    ptx_symref sym = { 0 };
    bool is_reg;
    uint32_t line = p->tok.line, col = p->tok.col;
    if (!p_is(p, TK_IDENT))
        return p_expected(p, "a predicate register after '|'");
    if (parse_name(p, loc, &is_reg, &o->reg2, &sym) < 0)
        return -1;
    if (!is_reg)
        return p_error_at(p, line, col, "expected a register after '|', found '%s'", sym.name);
    o->has_reg2 = 1;
    return 0;
}

static int parse_operand(parser *p, ptx_operand *o, opnd_loc loc, bool compound)
{
    switch (p->tok.kind) {
    case TK_BANG: {
        p_next(p);
        bool is_reg = false;
        ptx_symref sym = { 0 };
        uint32_t line = p->tok.line, col = p->tok.col;
        if (!p_is(p, TK_IDENT))
            return p_expected(p, "a predicate register after '!'");
        if (parse_name(p, loc, &is_reg, &o->reg, &sym) < 0)
            return -1;
        if (!is_reg)
            return p_error_at(p, line, col, "'!' applies only to a predicate register, not '%s'",
                              sym.name);
        o->kind = PTX_OPND_REG;
        o->neg = 1;
        return 0;
    }
    case TK_MINUS:
    case TK_INT:
    case TK_FLOAT:
        return parse_number(p, o);
    case TK_LBRACK:
        return parse_address(p, o, loc);
    case TK_LBRACE:
    case TK_LPAREN:
        if (!compound)
            return p_expected(p, "an operand (groups do not nest)");
        o->kind = p_is(p, TK_LPAREN) ? PTX_OPND_LIST : PTX_OPND_VEC;
        return parse_group(p, o, loc, o->kind == PTX_OPND_LIST);
    case TK_IDENT:
        break;
    default:
        return p_expected(p, loc.op == 0 && loc.elem < 0 ? "an operand or ';'" : "an operand");
    }
    if (p->tok.len == 1 && p->tok.text[0] == '_') {
        o->kind = PTX_OPND_SINK;
        p_next(p);
        return p_is(p, TK_PIPE) ? parse_reg2(p, o, loc) : 0;   /* "_|%p" (elect.sync) */
    }
    if (p->tok.text[0] == '%') {
        int sk = sreg_kind(p->tok.text + 1, p->tok.len - 1);
        if (sk)
            return parse_sreg(p, o, sk);
    }
    if (compound && p->in_brx) {
        name_ent *n = p_intern_tok(p);
        if (!n)
            return -1;
        const binding *b = p_lookup(p, n);
        if (b && b->kind == BIND_BTAB)
            return branch_list(p, o, loc, b->index, p->in_call);
    }
    bool is_reg;
    if (parse_name(p, loc, &is_reg, &o->reg, &o->sym) < 0)
        return -1;
    if (is_reg) {
        o->kind = PTX_OPND_REG;
        if (p_is(p, TK_PIPE) && parse_reg2(p, o, loc) < 0)
            return -1;
        return 0;
    }
    o->kind = PTX_OPND_SYM;
    return parse_offset(p, &o->offset);
}

static int parse_guard(parser *p, ptx_insn *in)
{
    p_next(p); /* @ */
    if (p_is(p, TK_BANG)) {
        in->guard_neg = 1;
        p_next(p);
    }
    if (!p_is(p, TK_IDENT))
        return p_expected(p, "a predicate register after '@'");
    uint32_t line = p->tok.line, col = p->tok.col;
    name_ent *n = p_intern_tok(p);
    if (!n)
        return -1;
    const binding *b = p_lookup(p, n);
    if (!b || b->kind != BIND_REG)
        return p_error_at(p, line, col, "undefined register '%s'", n->str);
    const ptx_reg *r = (const ptx_reg *)p->regs.data + b->index;
    if (r->type != PTX_T_PRED)
        return p_error_at(p, line, col, "guard '%s' is not a .pred register", n->str);
    in->has_guard = 1;
    in->guard_reg = b->index;
    p_next(p);
    return 0;
}

/* The video instructions (vadd .. vset4, not vote) take operand selectors
 * ("%r1.b0", "%r2.h10") and vmad negated registers ("-%r1"). */
static bool is_video_opcode(const char *op)
{
    return op[0] == 'v' && strcmp(op, "vote") != 0;
}

/* A video operand: optional '-' before a register, optional selector
 * suffix after it. Other operand forms parse as usual. */
static int parse_video_operand(parser *p, ptx_operand *o, opnd_loc loc)
{
    if (p_is(p, TK_MINUS)) {
        p_next(p);
        if (p_is(p, TK_INT) || p_is(p, TK_FLOAT)) {   /* a negative immediate */
            if (parse_number(p, o) < 0)
                return -1;
            if (o->kind == PTX_OPND_IMM_INT)
                o->ival = (int64_t)((uint64_t)0 - (uint64_t)o->ival);
            else
                o->fbits ^= o->is_f64 ? 1ull << 63 : 1ull << 31;
            return 0;
        }
        if (!p_is(p, TK_IDENT))
            return p_expected(p, "a register or a number after '-'");
        if (parse_operand(p, o, loc, false) < 0)
            return -1;
        if (o->kind != PTX_OPND_REG)
            return p_error(p, "'-' applies only to a register here");
        o->vneg = 1;
    } else if (parse_operand(p, o, loc, false) < 0) {
        return -1;
    }
    if (o->kind == PTX_OPND_REG && p_is(p, TK_DIRECTIVE) && !p->tok.space_before) {
        name_ent *m = p_intern(p, p->tok.text + 1, p->tok.len - 1);
        if (!m)
            return -1;
        o->vsel = m->str;
        p_next(p);
    }
    return 0;
}

int p_parse_insn(parser *p)
{
    uint32_t stmt = p->body.n;
    ptx_stmt *s = avec_push(p->sa, &p->body, sizeof *s);
    if (!s)
        return p_oom(p);
    ptx_insn *in = &s->insn;
    s->kind = PTX_STMT_INSN;
    s->line = in->line = p->tok.line;
    in->col = p->tok.col;
    if (p_is(p, TK_AT) && parse_guard(p, in) < 0)
        return -1;
    if (!p_is(p, TK_IDENT) || p->tok.text[0] == '%' || p->tok.text[0] == '$')
        return p_expected(p, "an instruction");
    name_ent *op = p_intern_tok(p);
    if (!op)
        return -1;
    in->opcode = op->str;
    p->in_call = strcmp(op->str, "call") == 0;
    p->in_brx = p->in_call || strcmp(op->str, "brx") == 0;
    p->in_video = is_video_opcode(op->str);
    p_next(p);
    while (p_is(p, TK_DIRECTIVE)) {
        if (in->nmods == PTX_MAX_MODS)
            return p_error(p, "too many modifiers (at most %d)", PTX_MAX_MODS);
        name_ent *m = p_intern(p, p->tok.text + 1, p->tok.len - 1);
        if (!m)
            return -1;
        in->mods[in->nmods++] = m->str;
        p_next(p);
    }
    if (!p_is(p, TK_SEMI)) {
        for (;;) {
            if (in->nops == PTX_MAX_OPERANDS)
                return p_error(p, "too many operands (at most %d)", PTX_MAX_OPERANDS);
            opnd_loc loc = { stmt, in->nops, -1 };
            ptx_operand *o = &in->ops[in->nops++];
            if (p->in_video ? parse_video_operand(p, o, loc) < 0
                                            : parse_operand(p, o, loc, true) < 0)
                return -1;
            if (!p_is(p, TK_COMMA))
                break;
            p_next(p);
        }
    }
    p->in_video = false;
    return p_expect(p, TK_SEMI, "',' or ';' after the operand");
}
