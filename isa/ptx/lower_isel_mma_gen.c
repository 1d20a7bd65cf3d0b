/* isa/ptx/lower_isel_mma_gen.c — mma.sync forms other than the f16/bf16 ->
 * f32 ones of lower_isel_mma.c, as MMAS unit steps:
 *
 *   m16n8k8/m16n8k16 .row.col.f16.f16.f16.f16   (f16 accumulator; f32 ones: lower_isel_mma.c)
 *   m16n8k4/m16n8k8  .row.col.f32.tf32.tf32.f32
 *   m16n8k16/m16n8k32 .row.col[.satfinite].s32.{s8,u8}.{s8,u8}.s32
 *   m16n8k32/m16n8k64 .row.col[.satfinite].s32.{s4,u4}.{s4,u4}.s32
 *   m8n8k16 .row.col[.satfinite].s32.{s8,u8}.{s8,u8}.s32 (sm_75)
 *   m8n8k32 .row.col[.satfinite].s32.{s4,u4}.{s4,u4}.s32 (sm_75)
 *   m8n8k4 .row.col.f64.f64.f64.f64, m16n8k{4,8,16}.row.col.f64.f64.f64.f64 (sm_90)
 *
 * The quad-pair f16 m8n8k4, fp8 and b1 forms go to lower_isel_mma_x.c.
 *
 * mma.sp{::ordered_metadata} (A 2:4 structured sparse) is one MMASP:
 *   m16n8k16/m16n8k32 .row.col.{f32,f16}.{f16,bf16}... (f16 D only from f16), m16n8k8/k16 tf32,
 *   m16n8k32/k64 [.satfinite] s8/u8, m16n8k64/k128 [.satfinite] s4/u4,
 *   m16n8k64 .f32.{e4m3,e5m2}.{e4m3,e5m2}.f32 (sm_89)
 * with the metadata word appended to B's temporary and the sparsity
 * selector (an immediate) in imm; the s32 accumulator is widened and
 * narrowed around it as for the dense steps.
 *
 * The fragments are copied into temporaries, an s32 accumulator widened to
 * the steps' exact s64 format (MMAC),
 * then one MMAS per unit step in (mt, nt, kt) order updates it in place,
 * and the result is converted back (s64 -> s32, wrapping or clamped with
 * .satfinite) and copied to d.
 */
#include <string.h>
#include "isa/ptx/lower_internal.h"
#include "isa/mma_frag.h"

/* Copies the n elements (ew words each) of vector operand idx into a fresh
 * temporary of `words` words (>= n * ew). */
bool lw_mma_gather(lw_fn *f, unsigned idx, unsigned n, unsigned ew, unsigned words, lw_reg *out)
{
    const ptx_operand *o = lw_op(f, idx);
    if (o == NULL)
        return false;
    unsigned have = o->kind == PTX_OPND_VEC ? o->nelems : 1;
    if (have != n || (o->kind != PTX_OPND_VEC && o->kind != PTX_OPND_REG))
        return lw_fail(f, f->ci->line, "operand %u of '%s' must be a vector of %u %s registers",
                       idx + 1, f->ci->opcode, n, ew == 2 ? "64-bit" : "32-bit");
    return lw_mma_gather_elems(f, o, idx, NULL, 0, n, 1, ew, words, out);
}

/* Elements el[0..n) (first, first + step, ... when el is NULL) of vector
 * operand o (operand index idx), ew words each, into a fresh temporary of
 * `words` words. */
bool lw_mma_gather_elems(lw_fn *f, const ptx_operand *o, unsigned idx, const unsigned *el,
                         unsigned first, unsigned n, unsigned step, unsigned ew, unsigned words,
                         lw_reg *out)
{
    *out = lw_tmp(f, words);
    if (out->v == 0)
        return false;
    for (unsigned i = 0; i < n; i++) {
        unsigned k = el != NULL ? el[i] : first + i * step;
        if (o->kind == PTX_OPND_VEC && k >= o->nelems)
            return lw_fail(f, f->ci->line, "operand %u of '%s' has no element %u", idx + 1,
                           f->ci->opcode, k + 1);
        const ptx_operand *e = o->kind == PTX_OPND_VEC ? &o->elems[k] : o;
        lw_src s;
        if (!lw_src_opnd(f, e, idx, ew == 2 ? PTX_T_B64 : PTX_T_B32, ew == 1, &s))
            return false;
        for (unsigned w = 0; w < ew; w++) {
            lw_reg d = lw_word(*out, i * ew + w);
            d.part = words > 1;
            if (!lw_mov32(f, d, ew == 1 ? s : lw_rsrc(lw_word(s.r, w))))
                return false;
        }
    }
    return true;
}

/* Copies n elements (ew words each) of temporary t, starting at element
 * `from`, to elements first, first + step, ... of destination vector d. */
bool lw_mma_scatter(lw_fn *f, const ptx_operand *d, lw_reg t, unsigned from, unsigned first,
                    unsigned n, unsigned step, unsigned ew)
{
    for (unsigned i = 0; i < n; i++) {
        const ptx_operand *e = d->kind == PTX_OPND_VEC ? &d->elems[first + i * step] : d;
        unsigned words;
        if (e->kind != PTX_OPND_REG || e->reg >= f->fn->nregs)
            return lw_fail(f, f->ci->line, "operand 1 of '%s' must be a vector of registers",
                           f->ci->opcode);
        lw_reg r = lw_ptx_reg(f, e->reg, &words);
        if (words != ew)
            return lw_fail(f, f->ci->line, "operand 1 of '%s': element %u must be a %u-bit "
                           "register", f->ci->opcode, first + i * step + 1, 32 * ew);
        for (unsigned w = 0; w < ew; w++) {
            lw_reg dw = lw_word(r, w);
            if (ew > 1)
                dw.part = 1;   /* one word of the pair: the pair dies when both are written */
            if (!lw_mov32(f, dw, lw_rsrc(lw_word(t, (from + i) * ew + w))))
                return false;
        }
    }
    return true;
}

bool lw_mma_conv(lw_fn *f, unsigned to, unsigned from, bool sat, lw_reg src, lw_reg *out)
{
    *out = lw_tmp(f, to == MOD_MCT_S64 ? 8 : to == MOD_MCT_F16 ? 2 : 4);
    lw_insn *i;
    if (out->v == 0 || (i = lw_emit(f, OP_MMAC)) == NULL)
        return false;
    i->in.mod[0] = (uint8_t)to;
    i->in.mod[1] = (uint8_t)from;
    i->in.mod[2] = sat;
    lw_set(i, LW_D, *out);
    lw_set(i, LW_C, src);
    return true;
}

bool lw_mma_steps(lw_fn *f, const uint8_t kind[4], lw_reg acc, lw_reg a, lw_reg b, unsigned mts)
{
    unsigned kts = mmas_k(kind[0]) / 4;
    for (unsigned s = 0; s < mts * 2 * kts; s++) {
        lw_insn *i = lw_emit(f, OP_MMAS);
        if (i == NULL)
            return false;
        memcpy(i->in.mod, kind, 4);
        i->in.imm = s;
        lw_set(i, LW_D, acc);
        lw_set(i, LW_A, a);
        lw_set(i, LW_B, b);
        lw_set(i, LW_C, acc);
    }
    return true;
}

static int type_of(const char *s)
{
    static const char *const names[] = { "f16", "bf16", "tf32", "s8", "u8", "s4", "u4", "f64",
                                         "e4m3", "e5m2" };
    for (int i = 0; i < 10; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static int shape_of(const char *s)
{
    static const char *const names[] = { "m16n8k4", "m16n8k8", "m16n8k16", "m16n8k32",
                                         "m16n8k64", "m8n8k4", "m8n8k16", "m8n8k32" };
    for (int i = 0; i < 8; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* Whether the modifiers name an MMAX form (lower_isel_mma_x.c): fp8 or b1
 * inputs, or the f16 m8n8k4. */
static bool x_form(const char *const *m, unsigned nm)
{
    for (unsigned i = 5; i < nm; i++)
        if (strcmp(m[i], "e4m3") == 0 || strcmp(m[i], "e5m2") == 0 || strcmp(m[i], "b1") == 0)
            return true;
    return strcmp(m[2], "m8n8k4") == 0 && strcmp(m[6], "f16") == 0;
}

/* mma.sp{::ordered_metadata}.sync.aligned.<shape>.row.col[.satfinite].<d>.<a>.<b>.<c>
 * d, a, b, c, e, f */
static bool mma_sp(lw_fn *f)
{
    static const char *const shapes[] = { "m16n8k8", "m16n8k16", "m16n8k32", "m16n8k64",
                                          "m16n8k128" };
    const ptx_insn *in = f->ci;
    const char *const *m = (const char *const *)in->mods;
    unsigned nm = in->nmods, at = 6;
    int shape = -1;
    for (int i = 0; nm >= 10 && i < 5; i++)
        if (strcmp(m[3], shapes[i]) == 0)
            shape = i;
    if (shape < 0 || strcmp(m[1], "sync") != 0 || strcmp(m[2], "aligned") != 0 ||
        strcmp(m[4], "row") != 0 || strcmp(m[5], "col") != 0)
        return lw_unsupported(f);
    bool sat = nm == 11 && strcmp(m[6], "satfinite") == 0;
    at += sat;
    if (nm != at + 4)
        return lw_unsupported(f);
    const char *dt = m[at], *ct = m[at + 3];
    int ta = type_of(m[at + 1]), tb = type_of(m[at + 2]);
    if (ta < 0 || tb < 0)
        return lw_unsupported(f);
    bool f16in = ta == MOD_MT_F16 || ta == MOD_MT_BF16, intin = ta >= MOD_MT_S8 && ta <= MOD_MT_U4;
    uint8_t kind[4] = { (uint8_t)shape, (uint8_t)ta, (uint8_t)tb,
                        intin ? MOD_MACC_S64 : strcmp(dt, "f16") == 0 ? MOD_MACC_F16 : MOD_MACC_F32 };
    bool types_ok = intin ? strcmp(dt, "s32") == 0 && strcmp(ct, "s32") == 0
                  : strcmp(dt, ct) == 0 && (strcmp(dt, "f32") == 0 || (f16in && strcmp(dt, "f16") == 0));
    if (!types_ok || (sat && !intin) || !mmasp_valid(kind[0], kind[1], kind[2], kind[3]))
        return lw_unsupported(f);
    if (!lw_nops(f, 6))
        return false;
    const ptx_operand *sel = lw_op(f, 5), *meta = lw_op(f, 4);
    uint64_t sv;
    if (sel == NULL || meta == NULL)
        return false;
    if (sel->kind != PTX_OPND_IMM_INT)
        return lw_fail(f, in->line, "operand 6 of '%s' (the sparsity selector) must be an "
                       "integer constant", in->opcode);
    if (!lw_imm_bits(f, sel, 5, PTX_T_U32, &sv))
        return false;
    unsigned nt = mmasp_meta_threads(kind[0], kind[1]);
    if (sv >= 4 / nt)
        return lw_fail(f, in->line, "sparsity selector %llu of '%s' must be %s", (unsigned long long)sv,
                       in->opcode, nt == 1 ? "0..3" : nt == 2 ? "0 or 1" : "0");
    unsigned na = mmasp_a_regs(kind[0], kind[1]), nb = mmasp_b_regs(kind[0], kind[2]);
    const ptx_operand *bo = lw_op(f, 2);
    lw_reg a, b, c, acc;
    lw_src ms;
    if (bo == NULL || !lw_mma_gather(f, 1, na, 1, na, &a))
        return false;
    unsigned have = bo->kind == PTX_OPND_VEC ? bo->nelems : 1;
    if (have != nb || (bo->kind != PTX_OPND_VEC && bo->kind != PTX_OPND_REG))
        return lw_fail(f, in->line, "operand 3 of '%s' must be a vector of %u 32-bit registers",
                       in->opcode, nb);
    /* B, the metadata word, then padding to the operand's 4 or 8 words (aligned) */
    if (!lw_mma_gather_elems(f, bo, 2, NULL, 0, nb, 1, 1, nb == 2 ? 4 : 8, &b) ||
        !lw_src_opnd(f, meta, 4, PTX_T_B32, true, &ms))
        return false;
    lw_reg mw = lw_word(b, nb);
    mw.part = 1;
    unsigned cn = kind[3] == MOD_MACC_F16 ? 2 : 4;
    if (!lw_mov32(f, mw, ms) || !lw_mma_gather(f, 3, cn, 1, cn, &c))
        return false;
    acc = c;
    if (intin && !lw_mma_conv(f, MOD_MCT_S64, MOD_MCT_S32, false, c, &acc))
        return false;
    lw_insn *i = lw_emit(f, OP_MMASP);
    if (i == NULL)
        return false;
    memcpy(i->in.mod, kind, 4);
    i->in.imm = (uint32_t)sv;
    lw_set(i, LW_D, acc);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    lw_set(i, LW_C, acc);
    if (intin && !lw_mma_conv(f, MOD_MCT_S32, MOD_MCT_S64, sat, acc, &acc))
        return false;
    const ptx_operand *d = lw_op(f, 0);
    if (d == NULL)
        return false;
    if (d->kind != PTX_OPND_VEC || d->nelems != cn)
        return lw_fail(f, in->line, "operand 1 of '%s' must be a vector of %u registers",
                       in->opcode, cn);
    return lw_mma_scatter(f, d, acc, 0, 0, cn, 1, 1);
}

bool lw_isel_mma_gen(lw_fn *f)
{
    const ptx_insn *in = f->ci;
    const char *const *m = (const char *const *)in->mods;
    unsigned nm = in->nmods, at = 0;
    if (nm > 0 && (strcmp(m[0], "sp") == 0 || strcmp(m[0], "sp::ordered_metadata") == 0))
        return mma_sp(f);
    if (nm < 9 || strcmp(m[0], "sync") != 0 || strcmp(m[1], "aligned") != 0)
        return lw_unsupported(f);
    int shape = shape_of(m[2]);
    if (shape < 0)
        return lw_isel_mma_x(f);   /* b1 shapes, or not supported */
    if (x_form(m, nm))
        return lw_isel_mma_x(f);   /* quad-pair f16, fp8, b1: one MMAX */
    if (strcmp(m[3], "row") != 0 || strcmp(m[4], "col") != 0)
        return lw_unsupported(f);
    at = 5;
    bool sat = nm == 10 && strcmp(m[5], "satfinite") == 0;
    at += sat;
    if (nm != at + 4)
        return lw_unsupported(f);
    const char *dt = m[at], *ct = m[at + 3];
    int ta = type_of(m[at + 1]), tb = type_of(m[at + 2]);
    uint8_t kind[4] = { (uint8_t)shape, (uint8_t)ta, (uint8_t)tb, 0 };
    bool f16in = ta == MOD_MT_F16 || ta == MOD_MT_BF16, intin = ta >= MOD_MT_S8 && ta <= MOD_MT_U4;
    if (ta < 0 || tb < 0)
        return lw_unsupported(f);
    if (f16in && strcmp(dt, "f16") == 0)
        kind[3] = MOD_MACC_F16;
    else if ((f16in && strcmp(dt, "f32") == 0) || ta == MOD_MT_TF32)
        kind[3] = MOD_MACC_F32;
    else if (intin)
        kind[3] = MOD_MACC_S64;
    else
        kind[3] = MOD_MACC_F64;
    bool ctf16 = strcmp(ct, "f16") == 0;
    /* PTX requires .dtype == .ctype for the m16n8 f16 shapes */
    bool types_ok = f16in ? strcmp(dt, ct) == 0 && (ctf16 || strcmp(ct, "f32") == 0)
                  : ta == MOD_MT_TF32 ? strcmp(dt, "f32") == 0 && strcmp(ct, "f32") == 0
                  : intin ? strcmp(dt, "s32") == 0 && strcmp(ct, "s32") == 0
                  : strcmp(dt, "f64") == 0 && strcmp(ct, "f64") == 0;
    if (!types_ok || (sat && !intin) || !mmas_valid(kind[0], kind[1], kind[2], kind[3]) ||
        (ctf16 && ta != MOD_MT_F16))
        return lw_unsupported(f);
    if (!lw_nops(f, 4))
        return false;
    unsigned ew = ta == MOD_MT_F64 ? 2 : 1;
    unsigned na = mmas_a_regs(kind[0], kind[1]) / ew, nb = mmas_b_regs(kind[0], kind[2]) / ew;
    lw_reg a, b, c, acc;
    if (!lw_mma_gather(f, 1, na, ew, na * ew, &a) || !lw_mma_gather(f, 2, nb, ew, nb * ew, &b))
        return false;
    /* C in its PTX format, then the steps' accumulator; an m8n8 s32 C (2
     * registers) fills the first half of MMAC's m16n8 fragment, the rest 0 */
    bool m8 = mmas_m(kind[0]) == 8;
    unsigned cn = kind[3] == MOD_MACC_F64 ? (m8 ? 2 : 4) : ctf16 || m8 ? 2 : 4;
    unsigned cw = kind[3] == MOD_MACC_S64 ? 4 : cn * ew;
    if (!lw_mma_gather(f, 3, cn, ew, cw, &c))
        return false;
    for (unsigned w = cn * ew; w < cw; w++) {
        lw_reg z = lw_word(c, w);
        z.part = 1;
        if (!lw_mov32(f, z, lw_imm(0)))
            return false;
    }
    acc = c;
    if (kind[3] == MOD_MACC_S64 && !lw_mma_conv(f, MOD_MCT_S64, MOD_MCT_S32, false, c, &acc))
        return false;
    if (!lw_mma_steps(f, kind, acc, a, b, m8 ? 2 : 4))
        return false;
    if (kind[3] == MOD_MACC_S64 && !lw_mma_conv(f, MOD_MCT_S32, MOD_MCT_S64, sat, acc, &acc))
        return false;
    const ptx_operand *d = lw_op(f, 0);
    if (d == NULL)
        return false;
    unsigned dn = cn;
    if (d->kind != PTX_OPND_VEC || d->nelems != dn)
        return lw_fail(f, in->line, "operand 1 of '%s' must be a vector of %u registers",
                       in->opcode, dn);
    return lw_mma_scatter(f, d, acc, 0, 0, dn, 1, ew);
}
