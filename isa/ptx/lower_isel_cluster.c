/* isa/ptx/lower_isel_cluster.c — thread-block clusters (sm_90), all of size
 * one: Cobalt runs every launch as clusters of one CTA, so a cluster is its
 * CTA. The cluster special registers are the CTA's (%clusterid = %ctaid,
 * %nclusterid = %nctaid) or constants (%cluster_ctaid 0, %cluster_nctaid 1,
 * %cluster_ctarank 0, %cluster_nctarank 1, %is_explicit_cluster 0); a
 * shared::cluster address is the CTA's own shared window offset
 * (lower_isel.c maps the state space to shared), mapa to rank 0 is the
 * identity and any other rank faults at run time (MAPA), getctarank is 0. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

static const struct { const char *name; int sr; uint32_t value; } cluster_sregs[] = {
    { "clusterid.x", ISA_SR_CTAID_X, 0 },    { "clusterid.y", ISA_SR_CTAID_Y, 0 },
    { "clusterid.z", ISA_SR_CTAID_Z, 0 },    { "nclusterid.x", ISA_SR_NCTAID_X, 0 },
    { "nclusterid.y", ISA_SR_NCTAID_Y, 0 },  { "nclusterid.z", ISA_SR_NCTAID_Z, 0 },
    { "cluster_ctaid.x", -1, 0 },  { "cluster_ctaid.y", -1, 0 },  { "cluster_ctaid.z", -1, 0 },
    { "cluster_nctaid.x", -1, 1 }, { "cluster_nctaid.y", -1, 1 }, { "cluster_nctaid.z", -1, 1 },
    { "cluster_ctarank", -1, 0 },  { "cluster_nctarank", -1, 1 },
    { "is_explicit_cluster", -1, 0 },
};

/* Reads cluster special register `name` (without '%') into d (`words`
 * words, a 32-bit value zero-extended). *found is false when name is not a
 * cluster register. %is_explicit_cluster is a .pred: d is then a predicate. */
bool lw_cluster_sreg(lw_fn *f, const char *name, lw_reg d, unsigned words, bool *found)
{
    *found = false;
    for (unsigned k = 0; k < sizeof cluster_sregs / sizeof cluster_sregs[0]; k++) {
        if (strcmp(name, cluster_sregs[k].name) != 0)
            continue;
        *found = true;
        if (cluster_sregs[k].sr >= 0) {
            lw_insn *i = lw_emit(f, OP_S2R);
            if (i == NULL)
                return false;
            lw_set(i, LW_D, d);
            i->in.imm = (uint32_t)cluster_sregs[k].sr;
        } else if (!lw_mov32(f, d, lw_imm(cluster_sregs[k].value))) {
            return false;
        }
        return words == 1 || lw_mov32(f, lw_word(d, 1), lw_imm(0));
    }
    return true;
}

/* mov.pred p, %is_explicit_cluster: false (no launch has a cluster). */
static bool explicit_cluster(lw_fn *f)
{
    lw_reg p;
    if (!lw_pdst(f, 0, &p))
        return false;
    lw_insn *i = lw_emit(f, OP_PLOP);
    if (i == NULL)
        return false;
    lw_reg no = lw_pt();
    no.neg = 1;
    i->in.mod[0] = MOD_AND;
    lw_set(i, LW_E, p);
    lw_set(i, LW_A, no);
    lw_set(i, LW_B, lw_pt());
    return true;
}

bool lw_isel_mov_cluster(lw_fn *f, bool *ok)
{
    if (f->ci->nops != 2 || f->ci->ops[1].kind != PTX_OPND_SREG || f->ci->ops[1].sreg == NULL)
        return false;
    const char *s = f->ci->ops[1].sreg;
    s += s[0] == '%';
    if (strcmp(s, "is_explicit_cluster") != 0)
        return false;
    *ok = f->cm.ntypes == 1 && f->cm.type[0] == PTX_T_PRED ? explicit_cluster(f)
                                                           : lw_unsupported(f);
    return true;
}

/* mapa{.shared::cluster}.u32/.u64 d, a, rank: d = a for rank 0 (MAPA
 * checks the rank at run time). A generic address (no state space) stays
 * generic: its low word is the shared window offset and the high word is
 * copied. */
bool lw_isel_mapa(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_SPACE | LWM_TYPE) || !lw_nops(f, 3))
        return false;
    if (f->cm.ntypes != 1 || (f->cm.space != PTX_SPACE_SHARED && f->cm.space != PTX_SPACE_NONE))
        return lw_unsupported(f);
    ptx_type t = f->cm.type[0];
    if (t != PTX_T_U32 && t != PTX_T_U64)
        return lw_unsupported(f);
    unsigned words = lw_words_of(t);
    lw_reg d, a;
    lw_src r;
    if (!lw_dst(f, 0, words, &d) || !lw_reg_of(f, 1, t, &a) ||
        !lw_src_of(f, 2, PTX_T_U32, true, &r))
        return false;
    lw_insn *i = lw_emit(f, OP_MAPA);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, lw_word(d, 0));
    lw_set(i, LW_A, lw_word(a, 0));
    lw_setb(i, r);
    return words == 1 || lw_mov32(f, lw_word(d, 1), lw_rsrc(lw_word(a, 1)));
}

/* getctarank{.shared::cluster}.type d, a (type: a's width, d is 32-bit):
 * the cluster rank of the CTA whose shared memory holds a: always 0. */
bool lw_isel_getctarank(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_SPACE | LWM_TYPE) || !lw_nops(f, 2))
        return false;
    if (f->cm.ntypes != 1 || (f->cm.type[0] != PTX_T_U32 && f->cm.type[0] != PTX_T_U64) ||
        (f->cm.space != PTX_SPACE_SHARED && f->cm.space != PTX_SPACE_NONE))
        return lw_unsupported(f);
    const ptx_operand *a = lw_op(f, 1);
    lw_reg d;
    if (a == NULL || !lw_dst(f, 0, 1, &d))
        return false;
    if (a->kind != PTX_OPND_REG && a->kind != PTX_OPND_SYM) {
        char buf[160];
        return lw_fail(f, f->ci->line, "'%s' needs an address register or variable as operand 2",
                       lw_insn_name(f->ci, buf, sizeof buf));
    }
    return lw_mov32(f, d, lw_imm(0));
}
