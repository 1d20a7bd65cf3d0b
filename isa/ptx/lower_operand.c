/* isa/ptx/lower_operand.c — PTX operands -> virtual register operands:
 * checks register classes and widths, turns immediates into ISA immediates
 * or materialises them, reads special registers with S2R and symbol
 * addresses through lw_sym_addr. */
#include <stdio.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

static const char *iname(lw_fn *f, char *buf, size_t len)
{
    return lw_insn_name(f->ci, buf, len);
}

const ptx_operand *lw_op(lw_fn *f, unsigned i)
{
    if (i < f->ci->nops)
        return &f->ci->ops[i];
    char name[160];
    lw_fail(f, f->ci->line, "'%s' needs at least %u operands", iname(f, name, sizeof name), i + 1);
    return NULL;
}

bool lw_nops(lw_fn *f, unsigned n)
{
    if (f->ci->nops == n)
        return true;
    char name[160];
    return lw_fail(f, f->ci->line, "'%s' takes %u operands, found %u",
                   iname(f, name, sizeof name), n, (unsigned)f->ci->nops);
}

static bool opnd_fail(lw_fn *f, unsigned i, const char *what)
{
    char name[160];
    return lw_fail(f, f->ci->line, "operand %u of '%s' must be %s", i + 1,
                   iname(f, name, sizeof name), what);
}

static const char *width_name(unsigned words)
{
    return words == 1 ? "a 32-bit (or narrower) register"
         : words == 2 ? "a 64-bit register" : "a 128-bit register";
}

/* The register of a register operand (its group words when it lives in a
 * vector group), checked against the function's table; *words receives its
 * width. */
static bool reg_ref(lw_fn *f, const ptx_operand *o, unsigned i, lw_reg *r, unsigned *words)
{
    if (o->reg >= f->fn->nregs)
        return opnd_fail(f, i, "a declared register");
    if (f->fn->regs[o->reg].vec > 1) {
        char name[160];
        return lw_fail_unsupported(f, f->ci->line, "vector register '%s' in '%s' is not supported yet",
                       f->fn->regs[o->reg].name, iname(f, name, sizeof name));
    }
    *r = lw_ptx_reg(f, o->reg, words);
    return true;
}

bool lw_dst(lw_fn *f, unsigned i, unsigned words, lw_reg *out)
{
    const ptx_operand *o = lw_op(f, i);
    if (o == NULL)
        return false;
    if (o->kind == PTX_OPND_SINK) {
        *out = lw_tmp(f, words);
        return out->v != 0;
    }
    unsigned have;
    if (o->kind != PTX_OPND_REG)
        return opnd_fail(f, i, width_name(words));
    if (!reg_ref(f, o, i, out, &have))
        return false;
    if (f->vregs[out->v].cls != LW_CLS_R || have != words)
        return opnd_fail(f, i, width_name(words));
    return true;
}

static bool pred_ref(lw_fn *f, const ptx_operand *o, unsigned i, lw_reg *out)
{
    unsigned have;
    if (o->kind != PTX_OPND_REG || !reg_ref(f, o, i, out, &have))
        return o->kind != PTX_OPND_REG ? opnd_fail(f, i, "a predicate register") : false;
    if (f->vregs[out->v].cls != LW_CLS_P)
        return opnd_fail(f, i, "a predicate register");
    return true;
}

bool lw_pdst(lw_fn *f, unsigned i, lw_reg *out)
{
    const ptx_operand *o = lw_op(f, i);
    if (o == NULL)
        return false;
    if (o->kind == PTX_OPND_SINK) {
        *out = lw_ptmp(f);
        return out->v != 0;
    }
    if (o->neg)
        return opnd_fail(f, i, "a predicate register");
    return pred_ref(f, o, i, out);
}

bool lw_psrc(lw_fn *f, unsigned i, lw_reg *out)
{
    const ptx_operand *o = lw_op(f, i);
    if (o == NULL)
        return false;
    if (o->kind == PTX_OPND_IMM_INT && (o->ival == 0 || o->ival == 1)) {
        *out = lw_pt();
        out->neg = o->ival == 0;
        return true;
    }
    if (!pred_ref(f, o, i, out))
        return false;
    out->neg = o->neg;
    return true;
}

/* ---- special registers ------------------------------------------------------ */

static const struct { const char *name; int lo, hi; } sregs[] = {
    { "tid.x", ISA_SR_TID_X, -1 },       { "tid.y", ISA_SR_TID_Y, -1 },
    { "tid.z", ISA_SR_TID_Z, -1 },       { "ntid.x", ISA_SR_NTID_X, -1 },
    { "ntid.y", ISA_SR_NTID_Y, -1 },     { "ntid.z", ISA_SR_NTID_Z, -1 },
    { "ctaid.x", ISA_SR_CTAID_X, -1 },   { "ctaid.y", ISA_SR_CTAID_Y, -1 },
    { "ctaid.z", ISA_SR_CTAID_Z, -1 },   { "nctaid.x", ISA_SR_NCTAID_X, -1 },
    { "nctaid.y", ISA_SR_NCTAID_Y, -1 }, { "nctaid.z", ISA_SR_NCTAID_Z, -1 },
    { "laneid", ISA_SR_LANEID, -1 },     { "warpid", ISA_SR_WARPID, -1 },
    { "nwarpid", ISA_SR_NWARPID, -1 },   { "smid", ISA_SR_SMID, -1 },
    { "nsmid", ISA_SR_NSMID, -1 },       { "gridid", ISA_SR_GRIDID_LO, ISA_SR_GRIDID_HI },
    { "clock", ISA_SR_CLOCK_LO, -1 },    { "clock_hi", ISA_SR_CLOCK_HI, -1 },
    { "clock64", ISA_SR_CLOCK_LO, ISA_SR_CLOCK_HI },
    { "globaltimer", ISA_SR_GLOBALTIMER_LO, ISA_SR_GLOBALTIMER_HI },
    { "globaltimer_lo", ISA_SR_GLOBALTIMER_LO, -1 }, { "globaltimer_hi", ISA_SR_GLOBALTIMER_HI, -1 },
    { "lanemask_eq", ISA_SR_LANEMASK_EQ, -1 }, { "lanemask_lt", ISA_SR_LANEMASK_LT, -1 },
    { "lanemask_le", ISA_SR_LANEMASK_LE, -1 }, { "lanemask_gt", ISA_SR_LANEMASK_GT, -1 },
    { "lanemask_ge", ISA_SR_LANEMASK_GE, -1 },
    { "dynamic_smem_size", ISA_SR_DYNSMEM, -1 }, { "total_smem_size", ISA_SR_TOTALSMEM, -1 },
    { "envreg0", ISA_SR_ENVREG0, -1 }, { "envreg1", ISA_SR_ENVREG1, -1 },
    { "envreg2", ISA_SR_ENVREG2, -1 }, { "envreg3", ISA_SR_ENVREG3, -1 },
    { "envreg4", ISA_SR_ENVREG4, -1 }, { "envreg5", ISA_SR_ENVREG5, -1 },
    { "envreg6", ISA_SR_ENVREG6, -1 }, { "envreg7", ISA_SR_ENVREG7, -1 },
    { "envreg8", ISA_SR_ENVREG8, -1 }, { "envreg9", ISA_SR_ENVREG9, -1 },
    { "envreg10", ISA_SR_ENVREG10, -1 }, { "envreg11", ISA_SR_ENVREG11, -1 },
    { "envreg12", ISA_SR_ENVREG12, -1 }, { "envreg13", ISA_SR_ENVREG13, -1 },
    { "envreg14", ISA_SR_ENVREG14, -1 }, { "envreg15", ISA_SR_ENVREG15, -1 },
    { "envreg16", ISA_SR_ENVREG16, -1 }, { "envreg17", ISA_SR_ENVREG17, -1 },
    { "envreg18", ISA_SR_ENVREG18, -1 }, { "envreg19", ISA_SR_ENVREG19, -1 },
    { "envreg20", ISA_SR_ENVREG20, -1 }, { "envreg21", ISA_SR_ENVREG21, -1 },
    { "envreg22", ISA_SR_ENVREG22, -1 }, { "envreg23", ISA_SR_ENVREG23, -1 },
    { "envreg24", ISA_SR_ENVREG24, -1 }, { "envreg25", ISA_SR_ENVREG25, -1 },
    { "envreg26", ISA_SR_ENVREG26, -1 }, { "envreg27", ISA_SR_ENVREG27, -1 },
    { "envreg28", ISA_SR_ENVREG28, -1 }, { "envreg29", ISA_SR_ENVREG29, -1 },
    { "envreg30", ISA_SR_ENVREG30, -1 }, { "envreg31", ISA_SR_ENVREG31, -1 },
};

static bool s2r(lw_fn *f, lw_reg d, int sr)
{
    lw_insn *i = lw_emit(f, OP_S2R);
    if (i == NULL)
        return false;
    lw_set(i, LW_D, d);
    i->in.imm = (uint32_t)sr;
    return true;
}

/* Reads special register `o` into d (d has `words` words). */
static bool read_sreg(lw_fn *f, const ptx_operand *o, unsigned idx, lw_reg d, unsigned words)
{
    const char *name = o->sreg != NULL ? o->sreg : "";
    if (name[0] == '%')
        name++;
    for (unsigned k = 0; k < sizeof sregs / sizeof sregs[0]; k++) {
        if (strcmp(name, sregs[k].name) != 0)
            continue;
        bool wide = sregs[k].hi >= 0;
        if (wide && words != 2) {
            char buf[160];
            return lw_fail(f, f->ci->line, "'%s' needs a 64-bit register for special register '%%%s'",
                           iname(f, buf, sizeof buf), name);
        }
        if (!s2r(f, d, sregs[k].lo))
            return false;
        if (wide)
            return s2r(f, lw_word(d, 1), sregs[k].hi);
        /* A 32-bit special register read into a 64-bit register is zero-extended. */
        return words == 1 || lw_mov32(f, lw_word(d, 1), lw_imm(0));
    }
    bool cluster;   /* %clusterid, %cluster_ctarank, ...: lower_isel_cluster.c */
    if (!lw_cluster_sreg(f, name, d, words, &cluster) || cluster)
        return cluster;
    char iname_buf[160];
    return lw_fail_unsupported(f, f->ci->line, "special register '%%%s' in '%s' is not supported yet", name,
                   iname(f, iname_buf, sizeof iname_buf));
}

bool lw_read_sreg(lw_fn *f, unsigned i, lw_reg d, unsigned words)
{
    const ptx_operand *o = lw_op(f, i);
    return o != NULL && read_sreg(f, o, i, d, words);
}

/* ---- sources -------------------------------------------------------------- */

static uint32_t f64_to_f32_bits(uint64_t bits)
{
    double d;
    float x;
    uint32_t r;
    memcpy(&d, &bits, sizeof d);
    x = (float)d;
    memcpy(&r, &x, sizeof r);
    return r;
}

static uint64_t f32_to_f64_bits(uint32_t bits)
{
    float x;
    double d;
    uint64_t r;
    memcpy(&x, &bits, sizeof x);
    d = x;
    memcpy(&r, &d, sizeof r);
    return r;
}

/* The bits of an immediate operand as a value of type t. */
bool lw_imm_bits(lw_fn *f, const ptx_operand *o, unsigned idx, ptx_type t, uint64_t *bits)
{
    if (o->kind == PTX_OPND_IMM_INT) {
        if (t == PTX_T_F32 || t == PTX_T_F64)
            return opnd_fail(f, idx, "a floating-point literal (0f... or 0d...)");
        *bits = (uint64_t)o->ival;
        return true;
    }
    if (lw_is_signed(t) || t == PTX_T_U8 || t == PTX_T_U16 || t == PTX_T_U32 || t == PTX_T_U64)
        return opnd_fail(f, idx, "an integer");
    if (ptx_type_size(t) == 8)
        *bits = o->is_f64 ? o->fbits : f32_to_f64_bits((uint32_t)o->fbits);
    else
        *bits = o->is_f64 ? f64_to_f32_bits(o->fbits) : (uint32_t)o->fbits;
    return true;
}

bool lw_src_opnd(lw_fn *f, const ptx_operand *o, unsigned idx, ptx_type t, bool imm_ok, lw_src *out)
{
    unsigned words = lw_words_of(t);
    memset(out, 0, sizeof *out);
    switch (o->kind) {
    case PTX_OPND_REG: {
        unsigned have;
        if (!reg_ref(f, o, idx, &out->r, &have))
            return false;
        if (f->vregs[out->r.v].cls != LW_CLS_R || have < words)
            return opnd_fail(f, idx, width_name(words));
        return true;
    }
    case PTX_OPND_IMM_INT:
    case PTX_OPND_IMM_FLOAT: {
        uint64_t bits;
        if (!lw_imm_bits(f, o, idx, t, &bits))
            return false;
        bool fits = words == 1 || (t != PTX_T_F64 && (int64_t)bits == (int64_t)(int32_t)bits);
        if (imm_ok && fits) {
            *out = lw_imm((uint32_t)bits);
            return true;
        }
        return lw_const(f, bits, words, &out->r);
    }
    case PTX_OPND_SREG:
        out->r = lw_tmp(f, words);
        return out->r.v != 0 && read_sreg(f, o, idx, out->r, words);
    case PTX_OPND_SYM:
        return lw_sym_addr(f, o, words, &out->r);
    default:
        return opnd_fail(f, idx, "a register or an immediate");
    }
}

bool lw_src_of(lw_fn *f, unsigned i, ptx_type t, bool imm_ok, lw_src *out)
{
    const ptx_operand *o = lw_op(f, i);
    return o != NULL && lw_src_opnd(f, o, i, t, imm_ok, out);
}

bool lw_reg_of(lw_fn *f, unsigned i, ptx_type t, lw_reg *out)
{
    lw_src s;
    if (!lw_src_of(f, i, t, false, &s))
        return false;
    *out = s.r;
    return true;
}
