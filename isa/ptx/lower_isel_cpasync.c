/* isa/ptx/lower_isel_cpasync.c — the PTX `cp` family.
 *
 *   cp.async.{ca,cg}.shared{::cta}.global{.L2::64B,.L2::128B,.L2::256B}[.L2::cache_hint]
 *       [dst], [src], cp-size{, src-size | , ignore-src}{, cache-policy}
 *     -> LDGSTS.<cp-size>[.ZFILL] c, [a + imm], b
 *        c = shared offset of dst (32-bit), a:a+1 + imm = src, b = bytes read
 *        (ZFILL only; ignore-src p: b = p ? 0 : src-size, through one SEL)
 *   cp.async.commit_group        -> LDGDEPBAR
 *   cp.async.wait_group N        -> DEPBAR N
 *   cp.async.wait_all            -> DEPBAR 0
 * Cache levels, prefetch sizes and cache policies are hints with nothing
 * to observe. cp.async.mbarrier.arrive, cp.async.bulk* and cp.reduce.*
 * fail with "not supported yet" naming the instruction. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

static bool cp_fail(lw_fn *f, const char *what)
{
    char buf[160];
    return lw_fail(f, f->ci->line, "'%s': %s", lw_insn_name(f->ci, buf, sizeof buf), what);
}

/* The shared-window offset of address operand o in a fresh word. */
static bool shared_dst(lw_fn *f, const ptx_operand *o, lw_reg *out)
{
    if (o->kind != PTX_OPND_ADDR)
        return cp_fail(f, "operand 1 must be a shared address [...]");
    if (o->base_kind == PTX_OPND_SYM)
        return lw_sym_addr(f, o, 1, out);
    if (o->offset != (int32_t)o->offset)
        return cp_fail(f, "the destination offset does not fit in 32 bits");
    if (o->base_kind == PTX_OPND_NONE)
        return lw_const(f, (uint64_t)(uint32_t)o->offset, 1, out);
    if (o->base_kind != PTX_OPND_REG)
        return lw_unsupported(f);
    ptx_operand r = *o;
    r.kind = PTX_OPND_REG;
    lw_src s;
    if (!lw_src_opnd(f, &r, 0, PTX_T_U32, false, &s))
        return false;
    if (o->offset == 0) {
        *out = s.r;
        return true;
    }
    *out = lw_tmp(f, 1);
    lw_insn *i;
    if (out->v == 0 || (i = lw_emit(f, OP_IADD)) == NULL)
        return false;
    lw_set(i, LW_D, *out);
    lw_set(i, LW_A, lw_word(s.r, 0));
    lw_setb(i, lw_imm((uint32_t)o->offset));
    return true;
}

/* The global source: a register pair and an offset for the LDGSTS. */
static bool global_src(lw_fn *f, const ptx_operand *o, lw_reg *base, uint32_t *imm)
{
    *imm = 0;
    if (o->kind != PTX_OPND_ADDR)
        return cp_fail(f, "operand 2 must be a global address [...]");
    if (o->base_kind == PTX_OPND_SYM)
        return lw_sym_addr(f, o, 2, base);
    if (o->base_kind == PTX_OPND_NONE)
        return lw_const(f, (uint64_t)o->offset, 2, base);
    if (o->base_kind != PTX_OPND_REG)
        return lw_unsupported(f);
    if (o->offset != (int32_t)o->offset)
        return cp_fail(f, "the source offset does not fit in 32 bits");
    ptx_operand r = *o;
    r.kind = PTX_OPND_REG;
    lw_src s;
    if (!lw_src_opnd(f, &r, 1, PTX_T_U64, false, &s))
        return false;
    *base = s.r;
    *imm = (uint32_t)o->offset;
    return true;
}

typedef struct cp_form {
    bool cg, hint;
} cp_form;

/* Modifiers after "async" of a copy: exactly one of ca/cg, shared and
 * global once each, optional prefetch size and cache hint. */
static bool copy_mods(lw_fn *f, cp_form *c)
{
    const ptx_insn *in = f->ci;
    unsigned cache = 0, sh = 0, gl = 0, pf = 0, hint = 0;
    for (unsigned i = 1; i < in->nmods; i++) {
        const char *s = in->mods[i];
        if (strcmp(s, "ca") == 0 || strcmp(s, "cg") == 0) {
            cache++;
            c->cg = s[1] == 'g';
        } else if (strcmp(s, "shared") == 0 || strcmp(s, "shared::cta") == 0) {
            sh++;
        } else if (strcmp(s, "global") == 0) {
            gl++;
        } else if (strcmp(s, "L2::64B") == 0 || strcmp(s, "L2::128B") == 0 ||
                   strcmp(s, "L2::256B") == 0) {
            pf++;
        } else if (strcmp(s, "L2::cache_hint") == 0) {
            hint++;
        } else {
            return lw_unsupported(f);
        }
    }
    if (cache != 1 || sh != 1 || gl != 1 || pf > 1 || hint > 1)
        return lw_unsupported(f);
    c->hint = hint != 0;
    return true;
}

/* Operand 4 when present: the src-size (immediate or 32-bit register) or
 * the ignore-src predicate. Sets *b and *zfill for the LDGSTS. */
static bool src_size(lw_fn *f, unsigned nops, uint32_t cp, lw_reg *b, bool *zfill)
{
    *b = lw_rz();
    *zfill = false;
    if (nops == 3)
        return true;
    const ptx_operand *o = &f->ci->ops[3];
    bool pred = o->kind == PTX_OPND_REG && o->reg < f->fn->nregs &&
                f->fn->regs[o->reg].type == PTX_T_PRED;
    if (!pred) {
        if (o->kind == PTX_OPND_IMM_INT) {
            if (o->ival < 0 || (uint64_t)o->ival > cp)
                return cp_fail(f, "src-size must be between 0 and cp-size");
            if ((uint32_t)o->ival == cp)
                return true;
            *zfill = true;
            return lw_const(f, (uint64_t)o->ival, 1, b);
        }
        lw_src s;
        if (!lw_src_opnd(f, o, 3, PTX_T_U32, false, &s))
            return false;
        *b = lw_word(s.r, 0);
        *zfill = true;
        return true;
    }
    /* ignore-src p: read nothing when p holds */
    lw_reg p, t = lw_tmp(f, 1);
    lw_insn *i;
    if (!lw_psrc(f, 3, &p) || t.v == 0 || (i = lw_emit(f, OP_SEL)) == NULL)
        return false;
    lw_set(i, LW_D, t);
    lw_set(i, LW_A, lw_rz());
    lw_setb(i, lw_imm(cp));
    lw_set(i, LW_C, p);
    *b = t;
    *zfill = true;
    return true;
}

static bool isel_copy(lw_fn *f)
{
    cp_form c = { false, false };
    if (!copy_mods(f, &c))
        return false;
    unsigned nops = f->ci->nops, extra = nops - 3 - c.hint;
    if (nops < 3u + c.hint || extra > 1)
        return cp_fail(f, c.hint ? "expected [dst], [src], cp-size{, src-size | ignore-src}, "
                                   "cache-policy"
                                 : "expected [dst], [src], cp-size{, src-size | ignore-src}");
    const ptx_operand *sz = &f->ci->ops[2];
    if (sz->kind != PTX_OPND_IMM_INT || (sz->ival != 4 && sz->ival != 8 && sz->ival != 16))
        return cp_fail(f, "cp-size must be the constant 4, 8 or 16");
    uint32_t cp = (uint32_t)sz->ival;
    if (c.cg && cp != 16)
        return cp_fail(f, ".cg copies 16 bytes: cp-size must be 16");
    lw_reg dst, src, b;
    uint32_t imm;
    bool zfill;
    if (!shared_dst(f, &f->ci->ops[0], &dst) || !global_src(f, &f->ci->ops[1], &src, &imm) ||
        !src_size(f, 3 + extra, cp, &b, &zfill))
        return false;
    lw_insn *i = lw_emit(f, OP_LDGSTS);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)(cp == 4 ? 0 : cp == 8 ? 1 : 2);
    i->in.mod[1] = zfill;
    i->in.imm = imm;
    lw_set(i, LW_C, dst);
    lw_set(i, LW_A, src);
    lw_set(i, LW_B, b);
    return true;
}

bool lw_isel_cp(lw_fn *f)
{
    const ptx_insn *in = f->ci;
    if (in->nmods < 2 || strcmp(in->mods[0], "async") != 0)
        return lw_unsupported(f);
    const char *k = in->mods[1];
    if (strcmp(k, "commit_group") == 0 || strcmp(k, "wait_all") == 0) {
        if (in->nmods != 2 || !lw_nops(f, 0))
            return in->nmods == 2 ? false : lw_unsupported(f);
        lw_insn *i = lw_emit(f, k[0] == 'c' ? OP_LDGDEPBAR : OP_DEPBAR);
        return i != NULL;
    }
    if (strcmp(k, "wait_group") == 0) {
        if (in->nmods != 2)
            return lw_unsupported(f);
        if (!lw_nops(f, 1))
            return false;
        const ptx_operand *n = &in->ops[0];
        if (n->kind != PTX_OPND_IMM_INT || n->ival < 0 || n->ival > 0x7FFFFFFF)
            return cp_fail(f, "the group count must be a non-negative integer constant");
        lw_insn *i = lw_emit(f, OP_DEPBAR);
        if (i == NULL)
            return false;
        i->in.imm = (uint32_t)n->ival;
        return true;
    }
    if (strcmp(k, "ca") == 0 || strcmp(k, "cg") == 0)
        return isel_copy(f);
    /* mbarrier.arrive, bulk (TMA), reduce: not modelled */
    return lw_unsupported(f);
}
