/* isa/ptx/lower_isel_mem.c — ld, st and symbol addresses (cvta:
 * lower_isel_cvta.c).
 *
 * Spaces: global -> LDG/STG (64-bit address pair), shared -> LDS/STS and
 * local -> LDL/STL (32-bit window offset), const -> LDC bank 1, kernel
 * param -> LDC bank 0, generic -> LD/ST. A vector access whose registers
 * form a vector group (lower_vector.c) is one 64- or 128-bit access; other
 * vectors are split into one access per element (each naturally aligned).
 * A 32-byte vector (.v8.b32, .v4.b64) is an ACHK of the whole access (the
 * alignment and bounds of one 32-byte access) and two 128-bit accesses
 * through quad temporaries. The cache-policy operand of .L2::cache_hint
 * is a performance hint: checked and ignored.
 * A narrow load into a 64-bit register extends it. A symbol's
 * "address" in a register is what the matching load wants: the window
 * offset for shared/local, the bank-1 offset for const, and the device
 * address (read from its bank-2 slot) for a .global variable, the bank-0
 * offset for a kernel parameter (clang takes it to index a struct
 * parameter). Generic addresses of constant banks (cvta.const, cvta.param)
 * live in ISA_CONST_WINDOW, read-only. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

#define WINDOW_HI(w) ((uint32_t)((w) >> 32))

typedef struct lw_addr {
    isa_op   op;       /* load op of the space (LDG, LDS, LDL, LD, LDC) */
    lw_reg   base;     /* pair (global/generic) or word (windows, banks) */
    int64_t  off;
    uint32_t bank;     /* LDC */
    uint8_t  sp;       /* base is the stack pointer R1 (lower_func.c) */
    uint8_t  frame_in; /* offset is above the .func's own frame */
} lw_addr;

/* "'ld.global.u32': <what>", what containing one %s for the symbol name. */
static bool mem_fail(lw_fn *f, const char *what, const char *name)
{
    char buf[160], msg[256];
    snprintf(msg, sizeof msg, what, name != NULL ? name : "?");
    return lw_fail(f, f->ci->line, "'%s': %s", lw_insn_name(f->ci, buf, sizeof buf), msg);
}

/* Writes the "address" of symbol operand o (+ its offset) into d. */
bool lw_sym_addr_into(lw_fn *f, const ptx_operand *o, unsigned words, lw_reg d)
{
    const ptx_symref *s = &o->sym;
    uint32_t off = LW_NONE;
    switch (s->kind) {
    case PTX_SYM_LOCAL_VAR:
        if (f->is_func && s->index < f->fn->nvars && f->fn->vars[s->index].space == PTX_SPACE_LOCAL) {
            int64_t v = (int64_t)f->var_off[s->index] + o->offset;
            if (v < 0 || v > (int64_t)UINT32_MAX / 2)
                return mem_fail(f, "offset out of range for '%s'", s->name);
            return lw_func_local_addr(f, (uint32_t)v, words, d);
        }
        if (s->index < f->fn->nvars && (f->fn->vars[s->index].space == PTX_SPACE_SHARED ||
                                        f->fn->vars[s->index].space == PTX_SPACE_LOCAL))
            off = f->var_off[s->index];
        break;
    case PTX_SYM_GLOBAL_VAR: {
        if (s->index >= f->m->nvars)
            break;
        const ptx_var *v = &f->m->vars[s->index];
        if (v->space == PTX_SPACE_SHARED) {
            off = f->mshared_off[s->index];
        } else if (v->space == PTX_SPACE_CONST) {
            off = f->modvar_off[s->index];
        } else if (v->space == PTX_SPACE_GLOBAL) {
            if (words != 2)
                return mem_fail(f, "the address of global variable '%s' needs a 64-bit register", s->name);
            if (o->offset != (int32_t)o->offset)
                return mem_fail(f, "offset out of range for '%s'", s->name);
            lw_insn *i = lw_emit(f, OP_LDC);
            if (i == NULL)
                return false;
            i->in.mod[0] = MOD_MW_64;
            i->in.imm2 = ISA_BANK_GLOBALS;
            i->in.imm = f->modvar_off[s->index];
            lw_set(i, LW_D, d);
            if (o->offset == 0)
                return true;
            i = lw_emit(f, OP_IADD);
            if (i == NULL)
                return false;
            i->in.mod[0] = MOD_W64;
            lw_set(i, LW_D, d);
            lw_set(i, LW_A, d);
            lw_setb(i, lw_imm((uint32_t)o->offset));
            return true;
        }
        break;
    }
    case PTX_SYM_PARAM:
        if (f->is_func)
            return mem_fail(f, "taking the address of .func parameter '%s' is not supported yet",
                            s->name);
        if (s->index < f->fn->nparams)
            off = f->param_off[s->index];
        break;
    case PTX_SYM_FUNC: {
        uint32_t fi;
        if (o->offset == 0 && lw_func_defined(f->m, s->index, &fi) != NULL)
            return lw_func_addr(f, fi, words, d);   /* lower_func.c */
        return mem_fail(f, "taking the address of function '%s' (without a body in this module) "
                        "is not supported yet", s->name);
    }
    default:
        break;
    }
    if (off == LW_NONE)
        return mem_fail(f, "cannot take the address of '%s'", s->name);
    int64_t val = (int64_t)off + o->offset;
    if (val < 0 || val > (int64_t)UINT32_MAX)
        return mem_fail(f, "offset out of range for '%s'", s->name);
    if (!lw_mov32(f, d, lw_imm((uint32_t)val)))
        return false;
    /* A 64-bit kernel-parameter address is also its generic address (nvcc
     * hands it to __isGridConstant and generic loads as it is, and to
     * ld.param, which reads the low word): the bank-0 window is its high
     * word. */
    uint32_t hi = s->kind == PTX_SYM_PARAM ? WINDOW_HI(ISA_CONST_WINDOW + ISA_BANK_PARAM *
                                                       ISA_WINDOW_SIZE) : 0;
    return words == 1 || lw_mov32(f, lw_word(d, 1), lw_imm(hi));
}

bool lw_sym_addr(lw_fn *f, const ptx_operand *o, unsigned words, lw_reg *out)
{
    *out = lw_tmp(f, words);
    return out->v != 0 && lw_sym_addr_into(f, o, words, *out);
}

/* The generic address of window offset `off` (a shared or local variable,
 * or a constant bank: lw_const_window). */
static bool generic_window(lw_fn *f, uint64_t window, uint32_t off, lw_reg *out)
{
    *out = lw_tmp(f, 2);
    return out->v != 0 && lw_mov32(f, *out, lw_imm(off)) &&
           lw_mov32(f, lw_word(*out, 1), lw_imm(WINDOW_HI(window)));
}

/* The generic base of constant bank `bank` (cvta.const / cvta.param too). */
uint64_t lw_const_window(uint32_t bank)
{
    return ISA_CONST_WINDOW + bank * ISA_WINDOW_SIZE;
}

static isa_op load_op(ptx_space sp)
{
    switch (sp) {
    case PTX_SPACE_GLOBAL: return OP_LDG;
    case PTX_SPACE_SHARED: return OP_LDS;
    case PTX_SPACE_LOCAL:  return OP_LDL;
    case PTX_SPACE_CONST:
    case PTX_SPACE_PARAM:  return OP_LDC;
    default:               return OP_LD;
    }
}

static isa_op store_op(isa_op load)
{
    switch (load) {
    case OP_LDG: return OP_STG;
    case OP_LDS: return OP_STS;
    case OP_LDL: return OP_STL;
    case OP_LD:  return OP_ST;
    default:     return OP_ILLEGAL;
    }
}

/* Address of a variable symbol for an access in space `sp`. */
static bool sym_base(lw_fn *f, ptx_space sp, const ptx_operand *o, lw_addr *a)
{
    const ptx_symref *s = &o->sym;
    ptx_space vsp = PTX_SPACE_NONE;
    uint32_t off = LW_NONE;
    /* a .func's parameters and results, call arguments, .func locals:
     * all in stack frames (lower_func.c) */
    bool frame_arg = f->is_func && ((s->kind == PTX_SYM_PARAM && s->index < f->fn->nparams) ||
                                    (s->kind == PTX_SYM_RET && s->index < f->fn->nrets));
    bool call_arg = s->kind == PTX_SYM_LOCAL_VAR && f->callout != NULL &&
                    s->index < f->fn->nvars && f->callout[s->index] != 0;
    if (frame_arg || call_arg) {
        if (sp != PTX_SPACE_PARAM)
            return mem_fail(f, "'%s' can only be accessed with ld.param/st.param", s->name);
        a->op = OP_LDL;
        a->sp = 1;
        a->frame_in = frame_arg;
        a->off += call_arg ? f->callout[s->index] - 1
                           : lw_func_arg_off(f->fn, s->kind == PTX_SYM_RET, s->index, NULL);
        return true;
    }
    if (f->is_func && s->kind == PTX_SYM_LOCAL_VAR && s->index < f->fn->nvars &&
        f->fn->vars[s->index].space == PTX_SPACE_LOCAL) {
        uint32_t loff = lw_func_local_base(f) + f->var_off[s->index];
        if (sp == PTX_SPACE_LOCAL) {
            a->sp = 1;
            a->off += loff;
            return true;
        }
        if (sp == PTX_SPACE_NONE) {
            a->base = lw_tmp(f, 2);
            return a->base.v != 0 && lw_func_local_addr(f, f->var_off[s->index], 1, a->base) &&
                   lw_mov32(f, lw_word(a->base, 1), lw_imm(WINDOW_HI(ISA_LOCAL_WINDOW)));
        }
        return mem_fail(f, "variable '%s' is in a different state space", s->name);
    }
    if (s->kind == PTX_SYM_PARAM && s->index < f->fn->nparams) {
        if (sp == PTX_SPACE_NONE)   /* a generic load of a kernel parameter */
            return generic_window(f, lw_const_window(ISA_BANK_PARAM), f->param_off[s->index],
                                  &a->base);
        if (sp != PTX_SPACE_PARAM)
            return mem_fail(f, "kernel parameter '%s' can only be read with ld.param", s->name);
        a->bank = ISA_BANK_PARAM;
        a->off += f->param_off[s->index];
        return true;
    }
    if (s->kind == PTX_SYM_LOCAL_VAR && s->index < f->fn->nvars) {
        vsp = f->fn->vars[s->index].space;
        off = f->var_off[s->index];
    } else if (s->kind == PTX_SYM_GLOBAL_VAR && s->index < f->m->nvars) {
        vsp = f->m->vars[s->index].space;
        off = vsp == PTX_SPACE_SHARED ? f->mshared_off[s->index] : f->modvar_off[s->index];
    }
    if (vsp == PTX_SPACE_GLOBAL && (sp == PTX_SPACE_GLOBAL || sp == PTX_SPACE_NONE)) {
        lw_insn *i;
        a->base = lw_tmp(f, 2);
        if (a->base.v == 0 || (i = lw_emit(f, OP_LDC)) == NULL)
            return false;
        i->in.mod[0] = MOD_MW_64;
        i->in.imm2 = ISA_BANK_GLOBALS;
        i->in.imm = off;
        lw_set(i, LW_D, a->base);
        return true;
    }
    if ((vsp == PTX_SPACE_SHARED || vsp == PTX_SPACE_LOCAL) && off != LW_NONE) {
        if (sp == vsp) {
            a->off += off;
            return true;
        }
        if (sp == PTX_SPACE_NONE)
            return generic_window(f, vsp == PTX_SPACE_SHARED ? ISA_SHARED_WINDOW : ISA_LOCAL_WINDOW,
                                  off, &a->base);
    }
    if (vsp == PTX_SPACE_CONST && sp == PTX_SPACE_NONE && off != LW_NONE)
        return generic_window(f, lw_const_window(ISA_BANK_CONST), off, &a->base);
    if (vsp == PTX_SPACE_CONST && sp == PTX_SPACE_CONST && off != LW_NONE) {
        a->bank = ISA_BANK_CONST;
        a->off += off;
        return true;
    }
    if (vsp == PTX_SPACE_PARAM)
        return mem_fail(f, "call parameter '%s' is not supported yet", s->name);
    return mem_fail(f, "variable '%s' is in a different state space", s->name);
}

static bool resolve_addr(lw_fn *f, ptx_space sp, const ptx_operand *o, lw_addr *a)
{
    memset(a, 0, sizeof *a);
    a->op = load_op(sp);
    a->bank = sp == PTX_SPACE_PARAM ? ISA_BANK_PARAM : ISA_BANK_CONST;
    if (o->kind != PTX_OPND_ADDR) {
        char buf[160];
        return lw_fail(f, f->ci->line, "'%s' needs an address operand [...]",
                       lw_insn_name(f->ci, buf, sizeof buf));
    }
    a->off = o->offset;
    bool wide = sp == PTX_SPACE_GLOBAL || sp == PTX_SPACE_NONE;
    switch (o->base_kind) {
    case PTX_OPND_NONE:
        if (wide)
            return lw_const(f, (uint64_t)a->off, 2, &a->base) && ((a->off = 0), true);
        return true;
    case PTX_OPND_REG: {
        /* a kernel parameter's address (mov of the symbol): LDC bank 0 */
        if (sp == PTX_SPACE_PARAM && f->is_func)
            return lw_unsupported(f);
        ptx_operand r = *o;
        r.kind = PTX_OPND_REG;
        lw_src s;
        if (!lw_src_opnd(f, &r, 1, wide ? PTX_T_U64 : PTX_T_U32, false, &s))
            return false;
        a->base = s.r;
        return true;
    }
    case PTX_OPND_SYM:
        return sym_base(f, sp, o, a);
    default:
        return lw_unsupported(f);
    }
}

static bool mem_width(lw_fn *f, ptx_type t, uint8_t *mw)
{
    switch (t) {
    case PTX_T_U8: case PTX_T_B8:  *mw = MOD_MW_U8; return true;
    case PTX_T_S8:                 *mw = MOD_MW_S8; return true;
    case PTX_T_U16: case PTX_T_B16: case PTX_T_F16: case PTX_T_BF16:
                                   *mw = MOD_MW_U16; return true;
    case PTX_T_S16:                *mw = MOD_MW_S16; return true;
    case PTX_T_U32: case PTX_T_S32: case PTX_T_B32: case PTX_T_F32: case PTX_T_F16X2:
    case PTX_T_BF16X2:             *mw = MOD_MW_32; return true;
    case PTX_T_U64: case PTX_T_S64: case PTX_T_B64: case PTX_T_F64:
                                   *mw = MOD_MW_64; return true;
    case PTX_T_B128:               *mw = MOD_MW_128; return true;
    default:                       return lw_unsupported(f);
    }
}

/* The access of element e: op, width, base and offset in place. */
static lw_insn *access(lw_fn *f, isa_op op, const lw_addr *a, uint8_t mw, int64_t eoff)
{
    int64_t off = a->off + eoff;
    if (off != (int32_t)off) {
        lw_fail(f, f->ci->line, "address offset %lld does not fit in 32 bits", (long long)off);
        return NULL;
    }
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return NULL;
    i->in.mod[0] = mw;
    i->in.imm = (uint32_t)off;
    if (op == OP_LDC)
        i->in.imm2 = a->bank;
    lw_set(i, LW_A, a->base);
    if (a->sp)
        i->in.a = LW_SP;
    i->frame_in = a->frame_in;
    return i;
}

static bool check_mods(lw_fn *f, ptx_type *t)
{
    if (!lw_mods_only(f, LWM_SPACE | LWM_TYPE | LWM_VEC | LWM_VOLATILE | LWM_CACHE))
        return false;
    if (f->cm.ntypes != 1)
        return lw_unsupported(f);
    *t = f->cm.type[0];
    if (f->cm.vec == 8 && ptx_type_size(*t) != 4)   /* .v8 only of 32-bit types */
        return lw_unsupported(f);
    return f->cm.space != PTX_SPACE_TEX || lw_unsupported(f);
}

/* .L2::cache_hint adds a 64-bit cache-policy operand after the n others. */
static bool mem_nops(lw_fn *f, unsigned n)
{
    bool hint = false;
    for (unsigned i = 0; i < f->ci->nmods; i++)
        hint |= strcmp(f->ci->mods[i], "L2::cache_hint") == 0;
    if (!lw_nops(f, n + hint))
        return false;
    if (hint && f->ci->ops[n].kind != PTX_OPND_REG && f->ci->ops[n].kind != PTX_OPND_IMM_INT) {
        char buf[160];
        return lw_fail(f, f->ci->line, "'%s': the cache-policy operand must be a 64-bit "
                       "register or an immediate", lw_insn_name(f->ci, buf, sizeof buf));
    }
    return true;
}

/* A 32-byte vector: ACHK checks it as one access (a fault names 32 bytes),
 * then two 128-bit accesses move the data through quad temporaries (loads
 * land in the temporaries first, so an element that is also the address
 * register is written after both accesses). */
static bool access32(lw_fn *f, const lw_addr *a, const ptx_operand *const *el, unsigned n,
                     ptx_type t, bool store)
{
    unsigned ew = lw_words_of(t);
    uint8_t sp;
    switch (a->op) {
    case OP_LDG: sp = MOD_ACHK_GLOBAL; break;
    case OP_LDS: sp = MOD_ACHK_SHARED; break;
    case OP_LDL: sp = MOD_ACHK_LOCAL; break;
    case OP_LD:  sp = MOD_ACHK_GENERIC; break;
    default:     return lw_unsupported(f);   /* const and param banks */
    }
    lw_insn *i = access(f, OP_ACHK, a, sp, 0);
    if (i == NULL)
        return false;
    i->in.mod[1] = store;
    lw_reg q[2] = { lw_tmp(f, 4), lw_tmp(f, 4) };
    if (q[0].v == 0 || q[1].v == 0)
        return false;
    for (unsigned e = 0; e < n && store; e++) {
        lw_src s;
        if (!lw_src_opnd(f, el[e], 1, t, false, &s))
            return false;
        for (unsigned w = 0; w < ew; w++)
            if (!lw_mov32(f, lw_word(q[e * ew / 4], (e * ew + w) % 4), lw_rsrc(lw_word(s.r, w))))
                return false;
    }
    for (unsigned h = 0; h < 2; h++) {
        if ((i = access(f, store ? store_op(a->op) : a->op, a, MOD_MW_128, 16 * h)) == NULL)
            return false;
        lw_set(i, store ? LW_B : LW_D, q[h]);
    }
    for (unsigned e = 0; e < n && !store; e++) {
        if (el[e]->kind == PTX_OPND_SINK)
            continue;
        unsigned have = 0;
        lw_reg d = { 0, 0, 0, 0 };
        if (el[e]->kind == PTX_OPND_REG && el[e]->reg < f->fn->nregs)
            d = lw_ptx_reg(f, el[e]->reg, &have);
        if (d.v == 0 || f->vregs[d.v].cls != LW_CLS_R || have != ew) {
            char buf[160];
            return lw_fail(f, f->ci->line, "'%s' needs %s destination registers",
                           lw_insn_name(f->ci, buf, sizeof buf), ew == 1 ? "32-bit" : "64-bit");
        }
        for (unsigned w = 0; w < ew; w++)
            if (!lw_mov32(f, lw_word(d, w), lw_rsrc(lw_word(q[e * ew / 4], (e * ew + w) % 4))))
                return false;
    }
    return true;
}

/* The element registers of a destination or source operand. */
static bool elements(lw_fn *f, const ptx_operand *o, const ptx_operand **el, unsigned *n)
{
    unsigned vec = f->cm.vec;
    if (vec == 1) {
        el[0] = o;
        *n = 1;
        return o->kind != PTX_OPND_VEC || lw_unsupported(f);
    }
    if (o->kind != PTX_OPND_VEC || o->nelems != vec) {
        char buf[160];
        return lw_fail(f, f->ci->line, "'%s' needs a vector of %u registers",
                       lw_insn_name(f->ci, buf, sizeof buf), vec);
    }
    for (unsigned e = 0; e < vec; e++)
        el[e] = &o->elems[e];
    *n = vec;
    return true;
}

static bool load_elem(lw_fn *f, const lw_addr *a, const ptx_operand *o, ptx_type t, uint8_t mw,
                      unsigned e)
{
    if (o->kind == PTX_OPND_SINK)
        return true;
    unsigned need = lw_words_of(t), have = 0;
    lw_reg d = { 0, 0, 0, 0 };
    if (o->kind == PTX_OPND_REG && o->reg < f->fn->nregs)
        d = lw_ptx_reg(f, o->reg, &have);
    if (d.v == 0 || f->vregs[d.v].cls != LW_CLS_R || have < need) {
        char buf[160];
        return lw_fail(f, f->ci->line, "'%s' needs %s destination register(s)",
                       lw_insn_name(f->ci, buf, sizeof buf),
                       need == 1 ? "32-bit" : need == 2 ? "64-bit" : "128-bit");
    }
    lw_insn *i = access(f, a->op, a, mw, (int64_t)e * ptx_type_size(t));
    if (i == NULL)
        return false;
    if (have == need) {
        lw_set(i, LW_D, d);
        return true;
    }
    if (have != 2 || need != 1)
        return lw_unsupported(f);
    /* A narrow load into a 64-bit register extends it. */
    lw_set(i, LW_D, lw_word(d, 0));
    if (!lw_is_signed(t))
        return lw_mov32(f, lw_word(d, 1), lw_imm(0));
    i = lw_emit(f, OP_SHR);
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_S32;
    lw_set(i, LW_D, lw_word(d, 1));
    lw_set(i, LW_A, lw_word(d, 0));
    lw_setb(i, lw_imm(31));
    return true;
}

/* A vector whose registers form one group is one 64- or 128-bit access. */
static bool wide_group(lw_fn *f, const ptx_operand *o, ptx_type t, lw_reg *g, uint8_t *mw)
{
    unsigned size = ptx_type_size(t);
    if (f->cm.vec == 1 || (size != 4 && size != 8) || !lw_vec_group(f, o, size / 4, g))
        return false;
    *mw = f->cm.vec * size == 8 ? MOD_MW_64 : MOD_MW_128;
    return true;
}

bool lw_isel_ld(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    uint8_t mw;
    lw_addr a;
    lw_reg g;
    const ptx_operand *el[8];
    unsigned n;
    if (!check_mods(f, &t) || !mem_width(f, t, &mw) || !mem_nops(f, 2) ||
        !elements(f, &f->ci->ops[0], el, &n) || !resolve_addr(f, f->cm.space, &f->ci->ops[1], &a))
        return false;
    if (n * ptx_type_size(t) == 32)
        return access32(f, &a, el, n, t, false);
    if (wide_group(f, &f->ci->ops[0], t, &g, &mw)) {
        lw_insn *i = access(f, a.op, &a, mw, 0);
        if (i == NULL)
            return false;
        lw_set(i, LW_D, g);
        return true;
    }
    /* Splitting must not overwrite the address before the last element. */
    bool clash = false;
    for (unsigned e = 0; e < n && n > 1; e++) {
        unsigned w;
        clash |= a.base.v != 0 && el[e]->kind == PTX_OPND_REG && el[e]->reg < f->fn->nregs &&
                 lw_ptx_reg(f, el[e]->reg, &w).v == a.base.v;
    }
    if (clash) {
        unsigned w = f->vregs[a.base.v].words;
        lw_reg copy = lw_tmp(f, w);
        if (copy.v == 0 || !lw_copy(f, copy, (lw_reg){ a.base.v, 0, 0, 0 }, w))
            return false;
        a.base.v = copy.v;
    }
    for (unsigned e = 0; e < n; e++)
        if (!load_elem(f, &a, el[e], t, mw, e))
            return false;
    return true;
}

bool lw_isel_st(lw_fn *f)
{
    ptx_type t = PTX_T_NONE;
    uint8_t mw;
    lw_addr a;
    lw_reg g;
    const ptx_operand *el[8];
    unsigned n;
    if (!check_mods(f, &t) || !mem_width(f, t, &mw) || !mem_nops(f, 2))
        return false;
    if (f->cm.space == PTX_SPACE_CONST)
        return lw_unsupported(f);
    if (!elements(f, &f->ci->ops[1], el, &n) || !resolve_addr(f, f->cm.space, &f->ci->ops[0], &a))
        return false;
    if (a.op == OP_LDC)   /* st.param outside a .func call's frame */
        return lw_unsupported(f);
    if (n * ptx_type_size(t) == 32)
        return access32(f, &a, el, n, t, true);
    if (wide_group(f, &f->ci->ops[1], t, &g, &mw)) {
        lw_insn *i = access(f, store_op(a.op), &a, mw, 0);
        if (i == NULL)
            return false;
        lw_set(i, LW_B, g);
        return true;
    }
    for (unsigned e = 0; e < n; e++) {
        lw_src s;
        if (!lw_src_opnd(f, el[e], 1, t, false, &s))
            return false;
        lw_insn *i = access(f, store_op(a.op), &a, mw, (int64_t)e * ptx_type_size(t));
        if (i == NULL)
            return false;
        lw_set(i, LW_B, s.r);
    }
    return true;
}
