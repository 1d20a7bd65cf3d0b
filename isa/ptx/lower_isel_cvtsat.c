/* isa/ptx/lower_isel_cvtsat.c — cvt.pack.sat.{u16,s16}.s32 d, a, b and
 * cvt.pack.sat.{u2,s2,u4,s4,u8,s8}.s32.b32 d, a, b, c: a and b saturated to
 * the convert type (IMNMX.S32 clamps), b in the low `size` bits of d, a in
 * the next `size` bits, and (narrow types) the rest of d from the low bits
 * of c (c << 2 * size), so that packs chain into one register. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

typedef struct pack_type {
    const char *name;
    unsigned    bits;
    int32_t     lo, hi;
} pack_type;

static const pack_type pack_types[] = {
    { "u2", 2, 0, 3 },       { "s2", 2, -2, 1 },        { "u4", 4, 0, 15 },
    { "s4", 4, -8, 7 },      { "u8", 8, 0, 255 },       { "s8", 8, -128, 127 },
    { "u16", 16, 0, 65535 }, { "s16", 16, -32768, 32767 },
};

static lw_insn *emit_rb(lw_fn *f, isa_op op, lw_reg d, lw_reg a, lw_src b)
{
    lw_insn *i = lw_emit(f, op);
    if (i == NULL)
        return NULL;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_setb(i, b);
    return i;
}

/* out = the low `bits` bits of clamp(x) shifted left by sh. */
static bool clamp_field(lw_fn *f, const pack_type *t, lw_reg x, unsigned sh, lw_reg *out)
{
    lw_reg u = lw_tmp(f, 1), v = lw_tmp(f, 1), w = lw_tmp(f, 1);
    lw_insn *i;
    if (u.v == 0 || v.v == 0 || w.v == 0 ||
        (i = emit_rb(f, OP_IMNMX, u, x, lw_imm((uint32_t)t->lo))) == NULL)
        return false;
    i->in.mod[0] = MOD_MAX;
    i->in.mod[1] = MOD_S32;
    if ((i = emit_rb(f, OP_IMNMX, v, u, lw_imm((uint32_t)t->hi))) == NULL)
        return false;
    i->in.mod[0] = MOD_MIN;
    i->in.mod[1] = MOD_S32;
    if ((i = emit_rb(f, OP_LOP, w, v, lw_imm((1u << t->bits) - 1))) == NULL)
        return false;
    i->in.mod[0] = MOD_AND;
    *out = w;
    if (sh == 0)
        return true;
    *out = lw_tmp(f, 1);
    return out->v != 0 && emit_rb(f, OP_SHL, *out, w, lw_imm(sh)) != NULL;
}

bool lw_cvt_is_pack(const lw_fn *f)
{
    for (unsigned i = 0; i < f->ci->nmods; i++)
        if (strcmp(f->ci->mods[i], "pack") == 0)
            return true;
    return false;
}

bool lw_isel_cvt_pack(lw_fn *f)
{
    const pack_type *t = NULL;
    bool sat = false, s32 = false, b32 = false, other = false;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *m = f->ci->mods[i];
        bool known = false;
        for (unsigned k = 0; k < sizeof pack_types / sizeof pack_types[0]; k++)
            if (strcmp(m, pack_types[k].name) == 0 && t == NULL) {
                t = &pack_types[k];
                known = true;
            }
        if (known || strcmp(m, "pack") == 0)
            continue;
        if (strcmp(m, "sat") == 0)
            sat = true;
        else if (strcmp(m, "s32") == 0 && !s32)
            s32 = true;
        else if (strcmp(m, "b32") == 0)
            b32 = true;
        else
            other = true;
    }
    bool narrow = t != NULL && t->bits < 16;
    if (t == NULL || !sat || !s32 || other || (narrow && !b32))
        return lw_unsupported(f);
    lw_reg d, a, b, c = lw_rz(), fa, fb, fc = lw_rz(), lo = lw_tmp(f, 1);
    if (lo.v == 0 || !lw_nops(f, narrow ? 4 : 3) || !lw_dst(f, 0, 1, &d) ||
        !lw_reg_of(f, 1, PTX_T_S32, &a) || !lw_reg_of(f, 2, PTX_T_S32, &b) ||
        (narrow && !lw_reg_of(f, 3, PTX_T_B32, &c)))
        return false;
    if (!clamp_field(f, t, b, 0, &fb) || !clamp_field(f, t, a, t->bits, &fa))
        return false;
    if (narrow) {
        fc = lw_tmp(f, 1);
        if (fc.v == 0 || emit_rb(f, OP_SHL, fc, c, lw_imm(2 * t->bits)) == NULL)
            return false;
    }
    lw_insn *i = emit_rb(f, OP_LOP, narrow ? lo : d, fb, lw_rsrc(fa));
    if (i == NULL)
        return false;
    i->in.mod[0] = MOD_OR;
    if (!narrow)
        return true;
    if ((i = emit_rb(f, OP_LOP, d, lo, lw_rsrc(fc))) == NULL)
        return false;
    i->in.mod[0] = MOD_OR;
    return true;
}
