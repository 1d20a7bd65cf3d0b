/* isa/ptx/lower_isel_mma_x.c — the mma.sync forms MMAS has no type for,
 * each as one MMAX (a whole warp-level mma.sync, see isa/mma_frag.h):
 *
 *   m8n8k4.{row,col}.{row,col}.{f32.f16.f16.{f32,f16}, f16.f16.f16.f16} (sm_70 quad pairs)
 *   m16n8k{16,32}.row.col.{f32,f16}.{e4m3,e5m2}.{e4m3,e5m2}.{f32,f16} (sm_89 fp8)
 *   {m8n8k128,m16n8k128,m16n8k256}.row.col.s32.b1.b1.s32.{and,xor}.popc
 *
 * A, B and C are copied into temporaries (the allocator coalesces the
 * copies when it can), one MMAX writes a fresh D temporary, and D is
 * copied out. Every other form fails with "not supported yet". */
#include <string.h>
#include "isa/ptx/lower_internal.h"
#include "isa/mma_frag.h"

static int name_of(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* The MMAX modifiers of the PTX instruction, or false when it is not an
 * MMAX form. */
static bool mmax_mods(const ptx_insn *in, uint8_t mod[5])
{
    static const char *const shapes[] = { "m8n8k4", "m16n8k16", "m16n8k32", "m8n8k128",
                                          "m16n8k128", "m16n8k256" };
    static const char *const types[] = { "f16", "e4m3", "e5m2", "b1" };
    static const char *const layouts[] = { "row", "col" };
    const char *const *m = (const char *const *)in->mods;
    unsigned nm = in->nmods;
    if (nm < 9 || strcmp(m[0], "sync") != 0 || strcmp(m[1], "aligned") != 0)
        return false;
    int shape = name_of(m[2], shapes, 6), ta = name_of(m[6], types, 4);
    int tb = name_of(m[7], types, 4), la = name_of(m[3], layouts, 2);
    int lb = name_of(m[4], layouts, 2);
    if (shape < 0 || ta < 0 || tb < 0 || la < 0 || lb < 0)
        return false;
    bool d32 = strcmp(m[5], "f32") == 0, c32 = strcmp(m[8], "f32") == 0;
    bool d16 = strcmp(m[5], "f16") == 0, c16 = strcmp(m[8], "f16") == 0;
    unsigned acc, opt = (unsigned)(la * 2 + lb);   /* RC RR CR CC order: row=0 col=1 */
    static const unsigned lay[] = { MOD_MXO_RR, MOD_MXO_RC, MOD_MXO_CR, MOD_MXO_CC };
    opt = lay[opt];
    if (ta == MOD_MXT_B1) {
        if (nm != 11 || opt != MOD_MXO_RC || strcmp(m[10], "popc") != 0 || strcmp(m[5], "s32") != 0 ||
            strcmp(m[8], "s32") != 0)
            return false;
        if (strcmp(m[9], "and") == 0)
            opt = MOD_MXO_AND;
        else if (strcmp(m[9], "xor") == 0)
            opt = MOD_MXO_XOR;
        else
            return false;
        acc = MOD_MXA_S32;
    } else {
        if (nm != 9 || !(d32 || d16) || !(c32 || c16))
            return false;
        if (d16 && c32)
            return false;   /* PTX: .dtype must be .f32 when .ctype is .f32 */
        acc = d32 ? (c32 ? MOD_MXA_F32 : MOD_MXA_F32F16) : MOD_MXA_F16;
    }
    mod[0] = (uint8_t)shape;
    mod[1] = (uint8_t)ta;
    mod[2] = (uint8_t)tb;
    mod[3] = (uint8_t)acc;
    mod[4] = (uint8_t)opt;
    return mmax_valid(mod[0], mod[1], mod[2], mod[3], mod[4]);
}

bool lw_isel_mma_x(lw_fn *f)
{
    const ptx_insn *in = f->ci;
    uint8_t mod[5];
    if (!mmax_mods(in, mod))
        return lw_unsupported(f);
    if (!lw_nops(f, 4))
        return false;
    unsigned na = mmax_a_regs(mod[0], mod[1]), nb = mmax_b_regs(mod[0], mod[2]);
    unsigned nc = mmax_acc_regs(mod[0], mmax_ctype(mod[3]));
    unsigned nd = mmax_acc_regs(mod[0], mmax_dtype(mod[3]));
    lw_reg a, b, c;
    if (!lw_mma_gather(f, 1, na, 1, na, &a) || !lw_mma_gather(f, 2, nb, 1, nb, &b) ||
        !lw_mma_gather(f, 3, nc, 1, nc, &c))
        return false;
    const ptx_operand *d = lw_op(f, 0);
    if (d == NULL)
        return false;
    unsigned have = d->kind == PTX_OPND_VEC ? d->nelems : 1;
    if (have != nd || (d->kind != PTX_OPND_VEC && d->kind != PTX_OPND_REG))
        return lw_fail(f, in->line, "operand 1 of '%s' must be a vector of %u 32-bit registers",
                       in->opcode, nd);
    lw_reg t = lw_tmp(f, nd);
    lw_insn *i;
    if (t.v == 0 || (i = lw_emit(f, OP_MMAX)) == NULL)
        return false;
    memcpy(i->in.mod, mod, 5);
    lw_set(i, LW_D, t);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    lw_set(i, LW_C, c);
    return lw_mma_scatter(f, d, t, 0, 0, nd, 1, 1);
}
