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
 *   cp.async.mbarrier.arrive{.noinc}{.shared{::cta}}.b64 [mbar]
 *       .noinc -> MBAR.ARRIVE (count 1, token discarded); without it the
 *       increment and the arrive cancel out -> MBAR.CHECK (validity only):
 *       the arrive-on fires when the thread's prior cp.async complete, and
 *       they completed when they issued
 *   cp.async.bulk.shared::{cluster,cta}.global.mbarrier::complete_tx::bytes
 *       {.L2::cache_hint} [dst], [src], size, [mbar]{, cache-policy}
 *                                -> BULK.G2S c = dst, [a + imm] = src, b = size;
 *                                   MBAR.COMPLETETX [mbar], size
 *   cp.async.bulk.global.shared::cta.bulk_group{.L2::cache_hint}
 *       [dst], [src], size{, cache-policy}      -> BULK.S2G
 *   cp.async.bulk.commit_group   -> LDGDEPBAR
 *   cp.async.bulk.wait_group{.read} N -> DEPBAR N
 *   cp.async.bulk.prefetch.L2.global{.L2::cache_hint} [src], size{, policy}
 *                                -> nothing (a cache hint)
 * Bulk copies complete when they issue (sim/exec/cpasync.c), so their
 * complete_tx follows at once. Cobalt has no clusters: a shared::cluster
 * address is the own CTA's shared window offset; .multicast::cluster,
 * shared::cluster destinations from shared::cta, .tensor (tensor maps)
 * and cp.reduce.* fail with "not supported yet" naming the instruction.
 * Cache levels, prefetch sizes and cache policies are hints with nothing
 * to observe. */
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
        return cp_fail(f, "the shared operand must be an address [...]");
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
        return cp_fail(f, "the global operand must be an address [...]");
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

/* cp.async{.bulk}.wait_group N -> DEPBAR N */
static bool wait_group(lw_fn *f)
{
    if (!lw_nops(f, 1))
        return false;
    const ptx_operand *n = &f->ci->ops[0];
    if (n->kind != PTX_OPND_IMM_INT || n->ival < 0 || n->ival > 0x7FFFFFFF)
        return cp_fail(f, "the group count must be a non-negative integer constant");
    lw_insn *i = lw_emit(f, OP_DEPBAR);
    if (i == NULL)
        return false;
    i->in.imm = (uint32_t)n->ival;
    return true;
}

/* The size operand of a bulk copy in a register; a constant must be a
 * multiple of 16 (a register one is checked when it runs). */
static bool bulk_size(lw_fn *f, unsigned i, lw_reg *out)
{
    const ptx_operand *o = lw_op(f, i);
    if (o == NULL)
        return false;
    if (o->kind == PTX_OPND_IMM_INT && (o->ival < 0 || o->ival > 0x7FFFFFFF || o->ival % 16 != 0))
        return cp_fail(f, "the size must be a non-negative multiple of 16");
    return lw_reg_of(f, i, PTX_T_U32, out);
}

/* cp.async.bulk copies: global -> shared with mbarrier complete_tx, and
 * shared -> global in a bulk group. */
static bool bulk_copy(lw_fn *f)
{
    const ptx_insn *in = f->ci;
    const char *sp[2] = { NULL, NULL };
    unsigned nsp = 0, hint = 0, mbar = 0, group = 0;
    for (unsigned i = 2; i < in->nmods; i++) {
        const char *s = in->mods[i];
        if (strcmp(s, "shared::cluster") == 0 || strcmp(s, "shared::cta") == 0 ||
            strcmp(s, "global") == 0) {
            if (nsp == 2)
                return lw_unsupported(f);
            sp[nsp++] = s;
        } else if (strcmp(s, "mbarrier::complete_tx::bytes") == 0) {
            mbar++;
        } else if (strcmp(s, "bulk_group") == 0) {
            group++;
        } else if (strcmp(s, "L2::cache_hint") == 0) {
            hint++;
        } else {
            return lw_unsupported(f);   /* .multicast::cluster, .cp_mask, ... */
        }
    }
    if (nsp != 2 || hint > 1 || mbar + group != 1)
        return lw_unsupported(f);
    bool g2s = strcmp(sp[1], "global") == 0 && strcmp(sp[0], "global") != 0 && mbar == 1;
    bool s2g = strcmp(sp[0], "global") == 0 && strcmp(sp[1], "shared::cta") == 0 && group == 1;
    if (!g2s && !s2g)
        return lw_unsupported(f);   /* shared::cta -> shared::cluster needs clusters */
    if (!lw_nops(f, (g2s ? 4u : 3u) + hint))
        return false;
    lw_reg sh, gl, size;
    uint32_t imm;
    unsigned si = g2s ? 0 : 1, gi = g2s ? 1 : 0;
    if (!shared_dst(f, &in->ops[si], &sh) || !global_src(f, &in->ops[gi], &gl, &imm) ||
        !bulk_size(f, 2, &size))
        return false;
    lw_insn *i = lw_emit(f, OP_BULK);
    if (i == NULL)
        return false;
    i->in.mod[0] = g2s ? MOD_BULK_G2S : MOD_BULK_S2G;
    i->in.imm = imm;
    lw_set(i, LW_C, sh);
    lw_set(i, LW_A, gl);
    lw_set(i, LW_B, size);
    /* done already: the transaction bytes complete on the mbarrier now */
    return s2g || lw_mbar_emit(f, MOD_MB_COMPLETETX, false, 3, false, lw_rz(), lw_pt(), size,
                               lw_rz());
}

static bool isel_bulk(lw_fn *f)
{
    const ptx_insn *in = f->ci;
    if (in->nmods < 3)
        return lw_unsupported(f);
    const char *k = in->mods[2];
    if (strcmp(k, "commit_group") == 0) {
        if (in->nmods != 3)
            return lw_unsupported(f);
        return lw_nops(f, 0) && lw_emit(f, OP_LDGDEPBAR) != NULL;
    }
    if (strcmp(k, "wait_group") == 0) {
        if (in->nmods > 4 || (in->nmods == 4 && strcmp(in->mods[3], "read") != 0))
            return lw_unsupported(f);
        return wait_group(f);
    }
    if (strcmp(k, "prefetch") == 0) {
        bool hint = in->nmods == 6 && strcmp(in->mods[5], "L2::cache_hint") == 0;
        if ((in->nmods != 5 && !hint) || strcmp(in->mods[3], "L2") != 0 ||
            strcmp(in->mods[4], "global") != 0)
            return lw_unsupported(f);   /* prefetch.tensor */
        const ptx_operand *a = lw_op(f, 0);
        if (!lw_nops(f, hint ? 3 : 2) || a == NULL)
            return false;
        return a->kind == PTX_OPND_ADDR || cp_fail(f, "operand 1 must be an address [...]");
    }
    return bulk_copy(f);
}

/* cp.async.mbarrier.arrive{.noinc}{.shared{::cta}}.b64 [mbar] */
static bool isel_mbar_arrive(lw_fn *f)
{
    const ptx_insn *in = f->ci;
    bool noinc = false, shared = false, typed = false;
    if (in->nmods < 3 || strcmp(in->mods[2], "arrive") != 0)
        return lw_unsupported(f);
    for (unsigned i = 3; i < in->nmods; i++) {
        const char *s = in->mods[i];
        if (strcmp(s, "noinc") == 0 && !noinc)
            noinc = true;
        else if ((strcmp(s, "shared") == 0 || strcmp(s, "shared::cta") == 0) && !shared)
            shared = true;
        else if (strcmp(s, "b64") == 0 && !typed)
            typed = true;
        else
            return lw_unsupported(f);
    }
    if (!typed)
        return lw_unsupported(f);
    if (!lw_nops(f, 1))
        return false;
    lw_reg one = lw_rz(), tok = lw_rz();
    if (noinc && (!lw_const(f, 1, 1, &one) || (tok = lw_tmp(f, 2)).v == 0))
        return false;
    return lw_mbar_emit(f, noinc ? MOD_MB_ARRIVE : MOD_MB_CHECK, false, 0, !shared, tok,
                        lw_pt(), one, lw_rz());
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
        return wait_group(f);
    }
    if (strcmp(k, "ca") == 0 || strcmp(k, "cg") == 0)
        return isel_copy(f);
    if (strcmp(k, "mbarrier") == 0)
        return isel_mbar_arrive(f);
    if (strcmp(k, "bulk") == 0)
        return isel_bulk(f);
    /* reduce: not modelled */
    return lw_unsupported(f);
}
