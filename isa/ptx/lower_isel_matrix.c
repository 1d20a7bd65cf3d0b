/* isa/ptx/lower_isel_matrix.c — 8x8 b16 matrix movement.
 *
 *   movmatrix.sync.aligned.m8n8.trans.b16 d, a                 -> MOVM d, a
 *   stmatrix.sync.aligned.m8n8.{x1,x2,x4}[.trans].shared{::cta}.b16 [p], {r..}
 *       -> the registers copied into a 1/2/4-word temporary (coalesced by
 *          the allocator when it can), then STSM [p + imm], t */
#include <string.h>
#include "isa/ptx/lower_internal.h"

typedef struct mx_mods {
    unsigned nm;
    bool trans, shape, space, type, sync, aligned;
} mx_mods;

/* Every modifier at most once; nm = 1, 2 or 4 for .x1/.x2/.x4 (0 if absent). */
static bool matrix_mods(lw_fn *f, mx_mods *m)
{
    const ptx_insn *in = f->ci;
    memset(m, 0, sizeof *m);
    for (unsigned i = 0; i < in->nmods; i++) {
        const char *s = in->mods[i];
        bool *flag = strcmp(s, "trans") == 0 ? &m->trans
                   : strcmp(s, "m8n8") == 0 ? &m->shape
                   : strcmp(s, "shared") == 0 || strcmp(s, "shared::cta") == 0 ? &m->space
                   : strcmp(s, "b16") == 0 ? &m->type
                   : strcmp(s, "sync") == 0 ? &m->sync
                   : strcmp(s, "aligned") == 0 ? &m->aligned : NULL;
        if (flag != NULL && !*flag) {
            *flag = true;
        } else if ((strcmp(s, "x1") == 0 || strcmp(s, "x2") == 0 || strcmp(s, "x4") == 0) &&
                   m->nm == 0) {
            m->nm = (unsigned)(s[1] - '0');
        } else {
            return lw_unsupported(f);
        }
    }
    if (!m->shape || !m->type || !m->sync || !m->aligned)
        return lw_unsupported(f);
    return true;
}

bool lw_isel_movmatrix(lw_fn *f)
{
    mx_mods m;
    if (!matrix_mods(f, &m))
        return false;
    if (!m.trans || m.space || m.nm != 0)
        return lw_unsupported(f);
    lw_reg d, a;
    if (!lw_nops(f, 2) || !lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_B32, &a))
        return false;
    lw_insn *i = lw_emit(f, OP_MOVM);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    return true;
}

/* The shared offset register and immediate of stmatrix's address. */
static bool st_addr(lw_fn *f, const ptx_operand *a, lw_reg *base, uint32_t *imm)
{
    const ptx_insn *in = f->ci;
    *imm = 0;
    if (a->kind != PTX_OPND_ADDR)
        return lw_fail(f, in->line, "operand 1 of '%s' must be a shared address [...]",
                       in->opcode);
    if (a->base_kind == PTX_OPND_SYM)
        return lw_sym_addr(f, a, 1, base);
    if (a->offset != (int32_t)a->offset)
        return lw_fail(f, in->line, "address offset %lld does not fit in 32 bits",
                       (long long)a->offset);
    *imm = (uint32_t)a->offset;
    if (a->base_kind == PTX_OPND_NONE) {
        *base = lw_rz();
        return true;
    }
    if (a->base_kind != PTX_OPND_REG)
        return lw_unsupported(f);
    ptx_operand r = *a;
    r.kind = PTX_OPND_REG;
    lw_src s;
    if (!lw_src_opnd(f, &r, 0, PTX_T_U32, false, &s))
        return false;
    *base = lw_word(s.r, 0);
    return true;
}

bool lw_isel_stmatrix(lw_fn *f)
{
    const ptx_insn *in = f->ci;
    mx_mods m;
    if (!matrix_mods(f, &m))
        return false;
    if (m.nm == 0 || !m.space)
        return lw_unsupported(f);
    if (!lw_nops(f, 2))
        return false;
    const ptx_operand *v = &in->ops[1];
    unsigned have = v->kind == PTX_OPND_VEC ? v->nelems : 1;
    if (have != m.nm || (v->kind != PTX_OPND_VEC && v->kind != PTX_OPND_REG))
        return lw_fail(f, in->line, "operand 2 of '%s' must be %u b32 register%s", in->opcode,
                       m.nm, m.nm == 1 ? "" : "s in a vector");
    lw_reg base, t = lw_tmp(f, m.nm);
    uint32_t imm;
    if (t.v == 0 || !st_addr(f, &in->ops[0], &base, &imm))
        return false;
    for (unsigned q = 0; q < m.nm; q++) {
        lw_src s;
        lw_reg w = lw_word(t, q);
        w.part = m.nm > 1;
        if (!lw_src_opnd(f, v->kind == PTX_OPND_VEC ? &v->elems[q] : v, 1, PTX_T_B32, false, &s) ||
            !lw_mov32(f, w, s))
            return false;
    }
    lw_insn *i = lw_emit(f, OP_STSM);
    if (i == NULL)
        return false;
    i->in.mod[0] = m.nm == 1 ? MOD_LDSM_X1 : m.nm == 2 ? MOD_LDSM_X2 : MOD_LDSM_X4;
    i->in.mod[1] = m.trans;
    i->in.imm = imm;
    lw_set(i, LW_A, base);
    lw_set(i, LW_B, t);
    return true;
}
