/* isa/ptx/lower_isel.c — instruction selection driver: walks the blocks,
 * classifies each instruction's modifiers and calls the handler of its
 * opcode (lower_isel_*.c). Also the emit helpers every handler uses. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* ---- emitting ISA instructions -------------------------------------------- */

lw_insn *lw_emit(lw_fn *f, isa_op op)
{
    lw_block *b = f->cur;
    if (!lw_grow(f, (void **)&b->insns, &b->cap, b->ninsns + 1, sizeof *b->insns))
        return NULL;
    lw_insn *i = &b->insns[b->ninsns++];
    memset(i, 0, sizeof *i);
    i->in = isa_insn_make(op);
    i->target = LW_NONE;
    if (f->ci != NULL) {
        i->line = f->ci->line;
        if (f->ci->has_guard) {
            i->gv = f->ci->guard_reg + 1;
            i->in.guard = f->ci->guard_neg ? ISA_PRED_NEG : 0;
        }
    } else {
        i->line = f->fn->line;
    }
    return i;
}

/* Sets a register field; for predicate fields r.neg becomes the negate bit
 * and v == 0 means PT. */
void lw_set(lw_insn *i, unsigned field, lw_reg r)
{
    uint8_t *slot[LW_NFIELDS] = { &i->in.d, &i->in.a, &i->in.b, &i->in.c, &i->in.e };
    unsigned defs, uses, preds;
    lw_op_fields(i->in.op, &defs, &uses, &preds);
    bool pred = (preds >> field) & 1;
    uint8_t neg = r.neg ? ISA_PRED_NEG : 0;
    i->v[field] = r.v;
    i->sub[field] = r.sub;
    if (field == LW_D)
        i->dpart = r.part;
    if (r.v == 0)
        *slot[field] = pred ? (uint8_t)(ISA_PT | neg) : ISA_RZ;
    else
        *slot[field] = pred ? neg : 0;
}

void lw_setb(lw_insn *i, lw_src s)
{
    if (s.is_imm) {
        i->in.bimm = 1;
        i->in.imm = s.imm;
        i->v[LW_B] = 0;
        i->in.b = ISA_RZ;
    } else {
        i->in.bimm = 0;
        lw_set(i, LW_B, s.r);
    }
}

lw_reg lw_rz(void) { return (lw_reg){ 0, 0, 0, 0 }; }
lw_reg lw_pt(void) { return (lw_reg){ 0, 0, 0, 0 }; }
lw_src lw_imm(uint32_t v) { return (lw_src){ .is_imm = true, .imm = v }; }
lw_src lw_rsrc(lw_reg r) { return (lw_src){ .is_imm = false, .r = r }; }

/* Word `sub` of r; a word of a group member is a 1-word part of the group. */
lw_reg lw_word(lw_reg r, unsigned sub)
{
    if (r.v != 0) {
        r.sub = (uint8_t)(r.sub + sub);
        if (r.part != 0)
            r.part = 1;
    }
    return r;
}

static lw_reg new_tmp(lw_fn *f, lw_cls cls, unsigned words)
{
    lw_reg r = { lw_new_vreg(f, cls, words), 0, 0, 0 };
    if (r.v != 0)
        f->vregs[r.v].temp = 1;
    return r;
}

lw_reg lw_tmp(lw_fn *f, unsigned words)
{
    return new_tmp(f, LW_CLS_R, words);
}

lw_reg lw_ptmp(lw_fn *f)
{
    return new_tmp(f, LW_CLS_P, 1);
}

bool lw_mov32(lw_fn *f, lw_reg d, lw_src s)
{
    lw_insn *i = lw_emit(f, OP_MOV);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, d);
    lw_setb(i, s);
    return true;
}

bool lw_copy(lw_fn *f, lw_reg d, lw_reg s, unsigned words)
{
    if (words > 1 && d.v != 0 && s.v != 0 && d.sub == 0 && s.sub == 0 &&
        f->vregs[d.v].words == words && f->vregs[s.v].words == words) {
        if (!lw_mov32(f, d, lw_rsrc(s)))
            return false;
        f->cur->insns[f->cur->ninsns - 1].copy_words = (uint8_t)words;
        return true;
    }
    for (unsigned w = 0; w < words; w++)
        if (!lw_mov32(f, lw_word(d, w), lw_rsrc(lw_word(s, w))))
            return false;
    return true;
}

bool lw_const(lw_fn *f, uint64_t v, unsigned words, lw_reg *out)
{
    if (words == 1 && (uint32_t)v == 0) {
        *out = lw_rz();
        return true;
    }
    *out = lw_tmp(f, words);
    if (out->v == 0)
        return false;
    for (unsigned w = 0; w < words; w++)
        if (!lw_mov32(f, lw_word(*out, w), lw_imm(w < 2 ? (uint32_t)(v >> (32 * w)) : 0)))
            return false;
    return true;
}

/* ---- modifiers -------------------------------------------------------------- */

static const char *const cmp_names[] = {
    "eq", "ne", "lt", "le", "gt", "ge", "lo", "ls", "hi", "hs",
    "equ", "neu", "ltu", "leu", "gtu", "geu", "num", "nan"
};

static const struct { const char *name; uint32_t flag; } simple_mods[] = {
    { "ftz", LWM_FTZ }, { "sat", LWM_SAT }, { "uni", LWM_UNI }, { "approx", LWM_APPROX },
    { "full", LWM_FULL }, { "wide", LWM_WIDE }, { "to", LWM_TO }, { "volatile", LWM_VOLATILE },
    { "sync", LWM_SYNC }, { "aligned", LWM_ALIGNED }, { "NaN", LWM_NAN }, { "arrive", LWM_ARRIVE },
    { "wrap", LWM_WRAP }, { "clamp", LWM_CLAMP }, { "l", LWM_L }, { "r", LWM_R },
    { "shiftamt", LWM_SHIFTAMT },
    { "ca", LWM_CACHE }, { "cg", LWM_CACHE }, { "cs", LWM_CACHE }, { "lu", LWM_CACHE },
    { "cv", LWM_CACHE }, { "nc", LWM_CACHE }, { "wb", LWM_CACHE }, { "wt", LWM_CACHE },
};

static const struct { const char *name; ptx_space space; } space_mods[] = {
    { "global", PTX_SPACE_GLOBAL }, { "shared", PTX_SPACE_SHARED }, { "shared::cta", PTX_SPACE_SHARED },
    { "local", PTX_SPACE_LOCAL }, { "const", PTX_SPACE_CONST }, { "param", PTX_SPACE_PARAM },
    { "param::entry", PTX_SPACE_PARAM },
    /* every launch is a cluster of one CTA: its shared::cluster window is
     * the CTA's own shared memory (lower_isel_cluster.c) */
    { "shared::cluster", PTX_SPACE_SHARED },
};

/* ld/st memory orders and scopes: the simulator makes every global access
 * a host atomic with acquire/release fences (sim/exec/mem.c), which gives
 * each of them, so they read as .volatile does. */
static const char *const mem_order_mods[] = { "weak", "relaxed", "acquire", "release",
                                              "cta", "cluster", "gpu", "sys" };

static uint32_t classify(lw_mods *m, const char *s, bool cmp_ctx, bool mem_ctx)
{
    for (unsigned i = 0; mem_ctx && i < sizeof mem_order_mods / sizeof mem_order_mods[0]; i++)
        if (strcmp(s, mem_order_mods[i]) == 0)
            return LWM_VOLATILE;
    static const char *const rnd[] = { "rn", "rz", "rm", "rp" };
    static const char *const irnd[] = { "rni", "rzi", "rmi", "rpi" };
    static const char *const bools[] = { "and", "or", "xor" };
    if (cmp_ctx) {
        for (unsigned i = 0; i < sizeof cmp_names / sizeof cmp_names[0]; i++)
            if (strcmp(s, cmp_names[i]) == 0) {
                m->cmp = (uint8_t)i;
                return LWM_CMP;
            }
        for (unsigned i = 0; i < 3; i++)
            if (strcmp(s, bools[i]) == 0) {
                m->boolop = (uint8_t)i;
                return LWM_BOOL;
            }
    } else if (strcmp(s, "lo") == 0) {
        return LWM_LO;
    } else if (strcmp(s, "hi") == 0) {
        return LWM_HI;
    }
    for (unsigned i = 0; i < 4; i++) {
        if (strcmp(s, rnd[i]) == 0) {
            m->rnd = (uint8_t)i;
            return LWM_RND;
        }
        if (strcmp(s, irnd[i]) == 0) {
            m->irnd = (uint8_t)i;
            return LWM_IRND;
        }
    }
    for (unsigned i = 0; i < sizeof simple_mods / sizeof simple_mods[0]; i++)
        if (strcmp(s, simple_mods[i].name) == 0)
            return simple_mods[i].flag;
    for (unsigned i = 0; i < sizeof space_mods / sizeof space_mods[0]; i++)
        if (strcmp(s, space_mods[i].name) == 0) {
            m->space = space_mods[i].space;
            return LWM_SPACE;
        }
    if (strcmp(s, "v2") == 0 || strcmp(s, "v4") == 0 || strcmp(s, "v8") == 0) {
        m->vec = (uint8_t)(s[1] - '0');
        return LWM_VEC;
    }
    /* Cache eviction hints change nothing a simulator can observe; of the
     * forms that take a cache-policy operand only ld/st accept (and ignore)
     * it (lower_isel_mem.c). */
    if ((strncmp(s, "L1::", 4) == 0 || strncmp(s, "L2::", 4) == 0) &&
        (mem_ctx || strcmp(s, "L2::cache_hint") != 0))
        return LWM_CACHE;
    ptx_type t = ptx_type_from_name(s);
    if (t != PTX_T_NONE && m->ntypes < 3) {
        m->type[m->ntypes++] = t;
        return LWM_TYPE;
    }
    return LWM_UNKNOWN;
}

static void parse_mods(const ptx_insn *in, lw_mods *m)
{
    memset(m, 0, sizeof *m);
    m->vec = 1;
    bool cmp_ctx = strcmp(in->opcode, "setp") == 0 || strcmp(in->opcode, "set") == 0;
    bool mem_ctx = strcmp(in->opcode, "ld") == 0 || strcmp(in->opcode, "st") == 0;
    for (unsigned i = 0; i < in->nmods; i++)
        m->has |= classify(m, in->mods[i], cmp_ctx, mem_ctx);
}

bool lw_mods_only(lw_fn *f, uint32_t allowed)
{
    if (f->cm.has & ~allowed)
        return lw_unsupported(f);
    return true;
}

/* ---- types ----------------------------------------------------------------- */

unsigned lw_words_of(ptx_type t)
{
    unsigned sz = ptx_type_size(t);
    return sz <= 4 ? 1 : sz / 4;
}

bool lw_is_float(ptx_type t)
{
    return t == PTX_T_F32 || t == PTX_T_F64 || t == PTX_T_F16 || t == PTX_T_BF16 ||
           t == PTX_T_F16X2 || t == PTX_T_BF16X2 || t == PTX_T_TF32;
}

bool lw_is_signed(ptx_type t)
{
    return t == PTX_T_S8 || t == PTX_T_S16 || t == PTX_T_S32 || t == PTX_T_S64;
}

bool lw_itype(lw_fn *f, ptx_type t, uint8_t *out)
{
    switch (t) {
    case PTX_T_U8:  case PTX_T_B8:  *out = MOD_U8;  return true;
    case PTX_T_S8:                  *out = MOD_S8;  return true;
    case PTX_T_U16: case PTX_T_B16: *out = MOD_U16; return true;
    case PTX_T_S16:                 *out = MOD_S16; return true;
    case PTX_T_U32: case PTX_T_B32: *out = MOD_U32; return true;
    case PTX_T_S32:                 *out = MOD_S32; return true;
    case PTX_T_U64: case PTX_T_B64: *out = MOD_U64; return true;
    case PTX_T_S64:                 *out = MOD_S64; return true;
    default:                        return lw_unsupported(f);
    }
}

/* ---- dispatch ------------------------------------------------------------- */

/* The PTX_INSN rows only: an opcode of a PTX_INSN_NONE row (or one the table
 * lacks) finds no handler and fails as "not supported yet". */
static const struct { const char *opcode; lw_handler fn; } handlers[] = {
#define PTX_INSN(op, handler, section, note) { #op, handler },
#include "isa/ptx/ptx_insns.def"
};

static bool lower_insn(lw_fn *f, const ptx_insn *in)
{
    f->ci = in;
    if (in->opcode == NULL)
        return lw_fail(f, in->line, "instruction without an opcode");
    if (in->has_guard && (in->guard_reg >= f->fn->nregs ||
                          f->fn->regs[in->guard_reg].type != PTX_T_PRED))
        return lw_fail(f, in->line, "the guard of '%s' is not a predicate register", in->opcode);
    parse_mods(in, &f->cm);
    for (unsigned i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
        if (strcmp(in->opcode, handlers[i].opcode) == 0)
            return handlers[i].fn(f);
    return lw_unsupported(f);
}

static bool ends_unconditionally(const lw_fn *f, const lw_block *b)
{
    if (b->end == b->first)
        return false;
    const ptx_stmt *s = &f->fn->body[b->end - 1];
    if (s->kind != PTX_STMT_INSN || s->insn.has_guard)
        return false;
    const char *op = s->insn.opcode;
    return strcmp(op, "bra") == 0 || strcmp(op, "brx") == 0 || strcmp(op, "ret") == 0 ||
           strcmp(op, "exit") == 0;
}

bool lw_isel(lw_fn *f)
{
    for (uint32_t bi = 0; bi < f->nblocks; bi++) {
        lw_block *b = &f->blocks[bi];
        f->cur = b;
        for (uint32_t s = b->first; s < b->end; s++) {
            const ptx_stmt *st = &f->fn->body[s];
            if (st->kind == PTX_STMT_INSN && !lower_insn(f, &st->insn))
                return false;
        }
    }
    /* Control that falls off the end of the kernel exits. */
    lw_block *last = &f->blocks[f->nblocks - 1];
    if (!ends_unconditionally(f, last)) {
        f->cur = last;
        f->ci = NULL;
        lw_insn *i = lw_emit(f, f->is_func ? OP_RET : OP_EXIT);
        if (i == NULL)
            return false;
        if (last->end > 0)
            i->line = f->fn->body[last->end - 1].line;
    }
    return true;
}
