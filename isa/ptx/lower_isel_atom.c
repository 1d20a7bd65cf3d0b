/* isa/ptx/lower_isel_atom.c — atom, red, membar and fence.
 *
 *   atom{.sem}{.scope}{.space}.op.type d, [a], b{, c}  -> ATOM / ATOMS
 *   red{.sem}{.scope}{.space}.op.type [a], b           -> the same, d = RZ
 *
 * Global and generic atomics are ATOM on a 64-bit address (a global address
 * is its own generic address); shared ones are ATOMS on the 32-bit window
 * offset. The memory-order and scope qualifiers are encoded (SEM, SCOPE)
 * although the simulator, which serialises every atomic, needs neither.
 * Scalar f16/bf16 add (.noftz), cas.b16 and cas/exch.b128 have their own
 * ATYPEs: 16-bit values in the low half of one register, b128 in a quad.
 * membar.{cta,gl,sys} and fence.{sc,acq_rel}.{cta,gpu,sys} become MEMBAR. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

typedef struct atom_mods {
    uint8_t   op, scope, sem;
    bool      hint;    /* .L2::cache_hint: a trailing cache-policy operand */
    ptx_type  type;
    ptx_space space;
} atom_mods;

static const char *const op_names[] = {
    "add", "min", "max", "inc", "dec", "and", "or", "xor", "exch", "cas"
};
static const char *const scope_names[] = { "cta", "gpu", "sys" };
static const char *const sem_names[] = { "", "relaxed", "acquire", "release", "acq_rel" };

static int find(const char *const *names, unsigned n, const char *s)
{
    for (unsigned i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

#define FIND(tab, s) find(tab, sizeof tab / sizeof tab[0], s)

/* Reads the qualifiers of atom/red; anything else is unsupported. */
static bool parse(lw_fn *f, atom_mods *am)
{
    memset(am, 0, sizeof *am);
    am->scope = MOD_SCOPE_GPU;
    am->space = PTX_SPACE_NONE;
    int op = -1;
    unsigned ntypes = 0;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *s = f->ci->mods[i];
        int v;
        ptx_type t;
        if ((v = FIND(op_names, s)) >= 0 && op < 0)
            op = v;
        else if ((v = FIND(scope_names, s)) >= 0)
            am->scope = (uint8_t)v;
        else if ((v = FIND(sem_names, s)) > 0)
            am->sem = (uint8_t)v;
        else if (strcmp(s, "noftz") == 0)
            continue;   /* f16/bf16 add: no flush is what ATOM does */
        else if (strcmp(s, "global") == 0)
            am->space = PTX_SPACE_GLOBAL;
        else if (strcmp(s, "shared") == 0 || strcmp(s, "shared::cta") == 0 ||
                 strcmp(s, "shared::cluster") == 0)   /* a cluster is one CTA */
            am->space = PTX_SPACE_SHARED;
        else if (strcmp(s, "L2::cache_hint") == 0)
            am->hint = true;
        else if (strncmp(s, "L2::", 4) == 0 || strncmp(s, "L1::", 4) == 0)
            continue;   /* eviction priorities: nothing a simulator can observe */
        else if ((t = ptx_type_from_name(s)) != PTX_T_NONE && ntypes++ == 0)
            am->type = t;
        else
            return lw_unsupported(f);
    }
    if (op < 0 || ntypes != 1)
        return lw_unsupported(f);
    am->op = (uint8_t)op;
    return true;
}

/* ATYPE of the instruction's type; the op/type pairs PTX defines (the
 * .b and .u spellings of one width share U32/U64). */
static bool atype(lw_fn *f, const atom_mods *am, uint8_t *out)
{
    switch (am->type) {
    case PTX_T_B32: case PTX_T_U32: *out = MOD_AT_U32; break;
    case PTX_T_S32:                 *out = MOD_AT_S32; break;
    case PTX_T_B64: case PTX_T_U64: *out = MOD_AT_U64; break;
    case PTX_T_S64:                 *out = MOD_AT_S64; break;
    case PTX_T_F32:                 *out = MOD_AT_F32; break;
    case PTX_T_F64:                 *out = MOD_AT_F64; break;
    case PTX_T_F16X2:               *out = MOD_AT_F16X2; break;
    case PTX_T_BF16X2:              *out = MOD_AT_BF16X2; break;
    case PTX_T_F16:                 *out = MOD_AT_F16; break;
    case PTX_T_BF16:                *out = MOD_AT_BF16; break;
    case PTX_T_B16:                 *out = MOD_AT_B16; break;
    case PTX_T_B128:                *out = MOD_AT_B128; break;
    default:                        return lw_unsupported(f);
    }
    bool h = *out == MOD_AT_F16X2 || *out == MOD_AT_BF16X2 || *out == MOD_AT_F16 ||
             *out == MOD_AT_BF16;
    if (h && am->op != MOD_ATOM_ADD)
        return lw_unsupported(f);
    if (*out == MOD_AT_B16 && am->op != MOD_ATOM_CAS)
        return lw_unsupported(f);
    if (*out == MOD_AT_B128 && am->op != MOD_ATOM_CAS && am->op != MOD_ATOM_EXCH)
        return lw_unsupported(f);
    bool flt = *out == MOD_AT_F32 || *out == MOD_AT_F64;
    if (flt && am->op != MOD_ATOM_ADD && am->op != MOD_ATOM_EXCH && am->op != MOD_ATOM_CAS)
        return lw_unsupported(f);
    if ((am->op == MOD_ATOM_INC || am->op == MOD_ATOM_DEC) && *out != MOD_AT_U32)
        return lw_unsupported(f);
    return true;
}

/* Address operand i: a pair (ATOM) or a window offset register (ATOMS),
 * and the displacement left for imm. Also the mbarrier's (lower_isel_mbarrier.c). */
bool lw_atomic_address(lw_fn *f, unsigned i, bool shared, lw_reg *base, int64_t *off)
{
    const ptx_operand *o = lw_op(f, i);
    if (o == NULL)
        return false;
    char buf[160];
    if (o->kind != PTX_OPND_ADDR)
        return lw_fail(f, f->ci->line, "'%s' needs an address operand [...]",
                       lw_insn_name(f->ci, buf, sizeof buf));
    unsigned words = shared ? 1 : 2;
    *off = o->offset;
    switch (o->base_kind) {
    case PTX_OPND_NONE:
        if (shared) {
            *base = lw_rz();
            return true;
        }
        *off = 0;
        return lw_const(f, (uint64_t)o->offset, 2, base);
    case PTX_OPND_REG: {
        ptx_operand r = *o;
        r.kind = PTX_OPND_REG;
        lw_src s;
        if (!lw_src_opnd(f, &r, i, shared ? PTX_T_U32 : PTX_T_U64, false, &s))
            return false;
        *base = s.r;
        return true;
    }
    case PTX_OPND_SYM: {
        /* The symbol's address for its own space (window offset of a shared
         * variable, device address of a global one), displacement included. */
        const ptx_var *v = NULL;
        if (o->sym.kind == PTX_SYM_LOCAL_VAR && o->sym.index < f->fn->nvars)
            v = &f->fn->vars[o->sym.index];
        else if (o->sym.kind == PTX_SYM_GLOBAL_VAR && o->sym.index < f->m->nvars)
            v = &f->m->vars[o->sym.index];
        *off = 0;
        if (v != NULL && !shared && v->space == PTX_SPACE_SHARED) {
            /* generic atomic on a shared variable: its shared-window address */
            *base = lw_tmp(f, 2);
            return base->v != 0 && lw_sym_addr_into(f, o, 1, lw_word(*base, 0)) &&
                   lw_mov32(f, lw_word(*base, 1), lw_imm((uint32_t)(ISA_SHARED_WINDOW >> 32)));
        }
        ptx_space want = shared ? PTX_SPACE_SHARED : PTX_SPACE_GLOBAL;
        if (v == NULL || v->space != want)
            return lw_fail_unsupported(f, f->ci->line, "'%s': the address of '%s' in this state space is "
                           "not supported yet", lw_insn_name(f->ci, buf, sizeof buf),
                           o->sym.name != NULL ? o->sym.name : "?");
        return lw_sym_addr(f, o, words, base);
    }
    default:
        return lw_unsupported(f);
    }
}

/* atom (has_dst) and red. */
static bool lower_atomic(lw_fn *f, bool has_dst)
{
    atom_mods am;
    uint8_t ty = 0;
    if (!parse(f, &am) || !atype(f, &am, &ty))
        return false;
    bool cas = am.op == MOD_ATOM_CAS;
    if (!has_dst && cas)
        return lw_unsupported(f);
    unsigned first = has_dst ? 1 : 0;
    unsigned nsrc = first + (cas ? 3 : 2);
    if (!lw_nops(f, nsrc + am.hint))
        return false;
    /* the cache policy (createpolicy's value) is checked for shape, then ignored */
    lw_src policy;
    if (am.hint && !lw_src_opnd(f, &f->ci->ops[nsrc], nsrc, PTX_T_B64, false, &policy))
        return false;
    bool shared = am.space == PTX_SPACE_SHARED;
    unsigned words = lw_words_of(am.type);
    lw_reg d = lw_rz(), base, b, c = lw_rz();
    int64_t off = 0;
    if (has_dst && !lw_dst(f, 0, words, &d))
        return false;
    if (!lw_atomic_address(f, first, shared, &base, &off) || !lw_reg_of(f, first + 1, am.type, &b) ||
        (cas && !lw_reg_of(f, first + 2, am.type, &c)))
        return false;
    if (off != (int32_t)off)
        return lw_fail(f, f->ci->line, "address offset %lld does not fit in 32 bits",
                       (long long)off);
    lw_insn *i = lw_emit(f, shared ? OP_ATOMS : OP_ATOM);
    if (i == NULL)
        return false;
    i->in.mod[0] = am.op;
    i->in.mod[1] = ty;
    i->in.mod[2] = am.scope;
    i->in.mod[3] = am.sem;
    i->in.imm = (uint32_t)off;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, base);
    lw_set(i, LW_B, b);
    lw_set(i, LW_C, c);
    return true;
}

bool lw_isel_atom(lw_fn *f) { return lower_atomic(f, true); }
bool lw_isel_red(lw_fn *f)  { return lower_atomic(f, false); }

/* membar.{cta,gl,sys}; fence.{sc,acq_rel}.{cta,gpu,sys}. */
bool lw_isel_fence(lw_fn *f)
{
    static const char *const membar_scopes[] = { "cta", "gl", "sys" };
    bool membar = strcmp(f->ci->opcode, "membar") == 0;
    int scope = -1;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *s = f->ci->mods[i];
        int v = membar ? FIND(membar_scopes, s) : FIND(scope_names, s);
        if (v >= 0 && scope < 0)
            scope = v;
        else if (membar || (strcmp(s, "sc") != 0 && strcmp(s, "acq_rel") != 0))
            return lw_unsupported(f);
    }
    if (scope < 0)
        return lw_unsupported(f);
    if (!lw_nops(f, 0))
        return false;
    lw_insn *i = lw_emit(f, OP_MEMBAR);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)scope;
    return true;
}
