/* isa/ptx/lower_isel_mma.c — warp-level matrix multiply-accumulate.
 *
 *   mma.sync.aligned.m16n8k16.row.col.f32.{f16,bf16}.{f16,bf16}.f32 {d0..d3}, {a0..a3}, {b0,b1}, {c0..c3}
 *   mma.sync.aligned.m16n8k8.row.col.f32.{f16,bf16}.{f16,bf16}.f32  {d0..d3}, {a0,a1}, {b0}, {c0..c3}
 *
 * The fragments are copied into a quad (A, C/D) and a pair or word (B), C is
 * copied into D's quad, then one HMMAS per 4x4x4 unit step updates D in
 * place: 16*8*K/64 steps (32 for k16, 16 for k8), ordered tile by tile
 * (mt, nt) and, within a tile, k-block by k-block, so every element of D is
 * C plus its K products added one after another in k order. The copies are
 * coalesced away by the allocator when the PTX registers allow it. Every
 * other type and shape goes to lower_isel_mma_gen.c (MMAS steps; the
 * quad-pair f16, fp8 and b1 forms on to lower_isel_mma_x.c, one MMAX). */
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* Whether the modifiers are exactly: sync aligned shape row col f32 in in f32
 * with shape m16n8k16/m16n8k8 and in f16/bf16 (the HMMAS forms). */
static bool mma_mods(const lw_fn *f, bool *k16, bool *bf16)
{
    const ptx_insn *in = f->ci;
    static const char *const fixed[] = { "sync", "aligned", NULL, "row", "col", "f32",
                                         NULL, NULL, "f32" };
    if (in->nmods != 9)
        return false;
    for (unsigned i = 0; i < 9; i++)
        if (fixed[i] != NULL && strcmp(in->mods[i], fixed[i]) != 0)
            return false;
    *k16 = strcmp(in->mods[2], "m16n8k16") == 0;
    if (!*k16 && strcmp(in->mods[2], "m16n8k8") != 0)
        return false;
    *bf16 = strcmp(in->mods[6], "bf16") == 0;
    return (*bf16 || strcmp(in->mods[6], "f16") == 0) && strcmp(in->mods[6], in->mods[7]) == 0;
}

/* Copies the n elements of vector operand idx (a lone register when n == 1)
 * into the words of a fresh n-word temporary. */
static bool gather(lw_fn *f, unsigned idx, unsigned n, ptx_type t, lw_reg *out)
{
    const ptx_operand *o = lw_op(f, idx);
    if (o == NULL)
        return false;
    unsigned have = o->kind == PTX_OPND_VEC ? o->nelems : 1;
    if (have != n || (o->kind != PTX_OPND_VEC && o->kind != PTX_OPND_REG))
        return lw_fail(f, f->ci->line, "operand %u of '%s' must be a vector of %u %s "
                       "registers", idx + 1, f->ci->opcode, n, t == PTX_T_F32 ? "f32" : "b32");
    *out = lw_tmp(f, n == 3 ? 4 : n);
    if (out->v == 0)
        return false;
    for (unsigned i = 0; i < n; i++) {
        lw_src s;
        if (!lw_src_opnd(f, o->kind == PTX_OPND_VEC ? &o->elems[i] : o, idx, t, true, &s))
            return false;
        lw_reg w = lw_word(*out, i);
        w.part = n > 1;
        if (!lw_mov32(f, w, s))
            return false;
    }
    return true;
}

bool lw_isel_mma(lw_fn *f)
{
    bool k16 = false, bf16 = false;
    if (!mma_mods(f, &k16, &bf16))
        return lw_isel_mma_gen(f);   /* every other type and shape */
    if (!lw_nops(f, 4))
        return false;
    const ptx_operand *d = lw_op(f, 0);
    if (d == NULL)
        return false;
    if (d->kind != PTX_OPND_VEC || d->nelems != 4)
        return lw_fail(f, f->ci->line, "operand 1 of '%s' must be a vector of 4 f32 registers",
                       f->ci->opcode);
    lw_reg a, b, acc;
    if (!gather(f, 1, k16 ? 4 : 2, PTX_T_B32, &a) || !gather(f, 2, k16 ? 2 : 1, PTX_T_B32, &b) ||
        !gather(f, 3, 4, PTX_T_F32, &acc))
        return false;
    unsigned kts = k16 ? 4 : 2;
    for (unsigned s = 0; s < 8 * kts; s++) {
        lw_insn *i = lw_emit(f, OP_HMMAS);
        if (i == NULL)
            return false;
        i->in.mod[0] = k16 ? MOD_MMA_M16N8K16 : MOD_MMA_M16N8K8;
        i->in.mod[1] = bf16 ? MOD_MMA_IN_BF16 : MOD_MMA_IN_F16;
        i->in.imm = s;
        lw_set(i, LW_D, acc);
        lw_set(i, LW_A, a);
        lw_set(i, LW_B, b);
        lw_set(i, LW_C, acc);
    }
    for (unsigned i = 0; i < 4; i++) {
        const ptx_operand *e = &d->elems[i];
        unsigned words;
        if (e->kind != PTX_OPND_REG || e->reg >= f->fn->nregs)
            return lw_fail(f, f->ci->line, "operand 1 of '%s' must be a vector of 4 f32 "
                           "registers", f->ci->opcode);
        if (!lw_mov32(f, lw_ptx_reg(f, e->reg, &words), lw_rsrc(lw_word(acc, i))))
            return false;
    }
    return true;
}

/* ldmatrix.sync.aligned.m8n8.{x1,x2,x4}[.trans].shared[::cta].b16 d, [a]
 *   -> LDSM into a 1/2/4-word temporary, then one MOV per destination. */
bool lw_isel_ldmatrix(lw_fn *f)
{
    const ptx_insn *in = f->ci;
    unsigned nm = 0;
    bool tr = false, shape = false, space = false, type = false, sync = false, aligned = false;
    for (unsigned i = 0; i < in->nmods; i++) {
        const char *s = in->mods[i];
        if (strcmp(s, "x1") == 0 || strcmp(s, "x2") == 0 || strcmp(s, "x4") == 0)
            nm = nm == 0 ? (unsigned)(s[1] - '0') : 99;
        else if (strcmp(s, "trans") == 0 && !tr)
            tr = true;
        else if (strcmp(s, "m8n8") == 0 && !shape)
            shape = true;
        else if ((strcmp(s, "shared") == 0 || strcmp(s, "shared::cta") == 0) && !space)
            space = true;
        else if (strcmp(s, "b16") == 0 && !type)
            type = true;
        else if (strcmp(s, "sync") == 0 && !sync)
            sync = true;
        else if (strcmp(s, "aligned") == 0 && !aligned)
            aligned = true;
        else
            return lw_unsupported(f);
    }
    if (nm > 4 || nm == 0 || !shape || !space || !type || !sync || !aligned)
        return lw_unsupported(f);
    if (!lw_nops(f, 2))
        return false;
    const ptx_operand *d = lw_op(f, 0), *a = lw_op(f, 1);
    if (d == NULL || a == NULL)
        return false;
    unsigned have = d->kind == PTX_OPND_VEC ? d->nelems : 1;
    if (have != nm || (d->kind != PTX_OPND_VEC && d->kind != PTX_OPND_REG))
        return lw_fail(f, in->line, "operand 1 of '%s' must be %u b32 register%s", in->opcode,
                       nm, nm == 1 ? "" : "s in a vector");
    if (a->kind != PTX_OPND_ADDR || a->base_kind != PTX_OPND_REG)
        return lw_fail(f, in->line, "'%s' with an address other than [register+offset] is not "
                       "supported yet", in->opcode);
    if (a->offset != (int32_t)a->offset)
        return lw_fail(f, in->line, "address offset %lld does not fit in 32 bits",
                       (long long)a->offset);
    ptx_operand r = *a;
    r.kind = PTX_OPND_REG;
    lw_src base;
    if (!lw_src_opnd(f, &r, 1, PTX_T_U32, false, &base))
        return false;
    lw_reg t = lw_tmp(f, nm);
    lw_insn *i;
    if (t.v == 0 || (i = lw_emit(f, OP_LDSM)) == NULL)
        return false;
    i->in.mod[0] = nm == 1 ? MOD_LDSM_X1 : nm == 2 ? MOD_LDSM_X2 : MOD_LDSM_X4;
    i->in.mod[1] = tr;
    i->in.imm = (uint32_t)a->offset;
    lw_set(i, LW_D, t);
    lw_set(i, LW_A, base.r);
    for (unsigned q = 0; q < nm; q++) {
        const ptx_operand *e = d->kind == PTX_OPND_VEC ? &d->elems[q] : d;
        unsigned words;
        if (e->kind != PTX_OPND_REG || e->reg >= f->fn->nregs)
            return lw_fail(f, in->line, "operand 1 of '%s' must hold registers", in->opcode);
        if (!lw_mov32(f, lw_ptx_reg(f, e->reg, &words), lw_rsrc(lw_word(t, q))))
            return false;
    }
    return true;
}
