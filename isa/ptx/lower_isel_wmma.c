/* isa/ptx/lower_isel_wmma.c — the warp matrix functions:
 *
 *   wmma.load.{a,b,c}.sync.aligned.{row,col}.<shape>[.global|.shared[::cta]].<type> r, [p][, ld]
 *   wmma.store.d.sync.aligned.{row,col}.<shape>[.space].<type> [p], r[, ld]
 *   wmma.mma.sync.aligned.<al>.<bl>.<shape>.<types>[.satfinite|.rn] d, a, b, c
 *
 *   wmma.mma.{xor,and}.popc.sync.aligned.row.col.m8n8k128.s32.b1.b1.s32 d, a, b, c
 *
 * for m16n16k16, m32n8k16, m8n32k16 (f16, bf16 with f16 or f32
 * accumulators; s8/u8 -> s32), m16n16k8 (tf32 -> f32), m8n8k4 (f64) and
 * the sub-byte m8n8k32 (s4/u4 -> s32: MMAS.M8N8K32 steps) and m8n8k128
 * (b1 -> s32: one MMAX.M8N8K128), whose A must be row and B column major.
 * Loads and stores are one WLD / WST (the executor computes every lane's
 * element addresses from layout, ld and base). wmma.mma is a sequence of
 * mma.sync tiles (m16n8k16, m16n8k8 tf32, m8n8k4 f64) on the fragments,
 * whose layout (isa/mma_frag.h) is the mma.sync fragments side by side, so
 * each tile's registers are copied into temporaries, stepped with MMAS
 * and copied back; the layouts in the mma ignore .row/.col, which only
 * matter to the loads.
 */
#include <string.h>
#include "isa/ptx/lower_internal.h"
#include "isa/mma_frag.h"

static int name_in(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static const char *const shapes[] = { "m16n16k16", "m32n8k16", "m8n32k16", "m16n16k8", "m8n8k4",
                                      "m8n8k32", "m8n8k128" };
enum { NSHAPES = 7, NTYPES = 11 };
static const char *const wtypes[] = { "f16", "bf16", "tf32", "s8", "u8", "f32", "s32", "f64",
                                      "s4", "u4", "b1" };

/* wmma.load / wmma.store */
static bool wmma_ldst(lw_fn *f, bool store)
{
    const ptx_insn *in = f->ci;
    int frag = -1, lay = -1, shape = -1, ty = -1, space = MOD_WSP_GENERIC;
    bool sync = false, aligned = false;
    for (unsigned i = 1; i < in->nmods; i++) {
        const char *s = in->mods[i];
        int v;
        if (i == 1 && !store && (v = name_in(s, (const char *const[]){ "a", "b", "c" }, 3)) >= 0)
            frag = v;
        else if (i == 1 && store && strcmp(s, "d") == 0)
            frag = MOD_WF_C;
        else if (strcmp(s, "sync") == 0 && !sync)
            sync = true;
        else if (strcmp(s, "aligned") == 0 && !aligned)
            aligned = true;
        else if ((v = name_in(s, (const char *const[]){ "row", "col" }, 2)) >= 0 && lay < 0)
            lay = v;
        else if ((v = name_in(s, shapes, NSHAPES)) >= 0 && shape < 0)
            shape = v;
        else if ((v = name_in(s, wtypes, NTYPES)) >= 0 && ty < 0)
            ty = v;
        else if (strcmp(s, "global") == 0 && space == MOD_WSP_GENERIC)
            space = MOD_WSP_GLOBAL;
        else if ((strcmp(s, "shared") == 0 || strcmp(s, "shared::cta") == 0) &&
                 space == MOD_WSP_GENERIC)
            space = MOD_WSP_SHARED;
        else
            return lw_unsupported(f);
    }
    if (frag < 0 || lay < 0 || shape < 0 || ty < 0 || !sync || !aligned)
        return lw_unsupported(f);
    unsigned regs = wfrag_regs((unsigned)frag, (unsigned)shape, (unsigned)ty);
    if (regs == 0 || (wfrag_subbyte((unsigned)shape) && frag != MOD_WF_C &&
                      (lay == MOD_WL_ROW) != (frag == MOD_WF_A)))
        return lw_unsupported(f);   /* PTX: sub-byte A row major, B column major */
    unsigned ew = ty == MOD_WT_F64 ? 2 : 1;
    if (in->nops != 2 && in->nops != 3)
        return lw_fail(f, in->line, "'%s' takes 2 or 3 operands, not %u", in->opcode, in->nops);
    const ptx_operand *a = lw_op(f, store ? 0 : 1), *r = lw_op(f, store ? 1 : 0);
    if (a == NULL || r == NULL)
        return false;
    if (a->kind != PTX_OPND_ADDR || a->base_kind != PTX_OPND_REG)
        return lw_fail_unsupported(f, in->line, "'%s' with an address other than "
                                   "[register+offset] is not supported yet", in->opcode);
    if (a->offset != (int32_t)a->offset)
        return lw_fail(f, in->line, "address offset %lld does not fit in 32 bits",
                       (long long)a->offset);
    if (r->kind != PTX_OPND_VEC || r->nelems != regs)
        return lw_fail(f, in->line, "operand %u of '%s' must be a vector of %u registers",
                       store ? 2u : 1u, in->opcode, regs);
    ptx_operand ar = *a;
    ar.kind = PTX_OPND_REG;
    lw_src base, ld;
    if (!lw_src_opnd(f, &ar, store ? 0 : 1, space == MOD_WSP_SHARED ? PTX_T_U32 : PTX_T_U64,
                     false, &base))
        return false;
    if (in->nops == 3) {
        if (!lw_src_of(f, 2, PTX_T_U32, false, &ld))   /* imm holds the offset */
            return false;
    } else {   /* default leading dimension: the matrix's row (ROW) or column length */
        wfrag_shape d = wfrag_dims((unsigned)shape);
        unsigned rows = frag == MOD_WF_A ? d.m : frag == MOD_WF_B ? d.k : d.m;
        unsigned cols = frag == MOD_WF_A ? d.k : d.n;
        lw_reg r0;
        if (!lw_const(f, lay == MOD_WL_ROW ? cols : rows, 1, &r0))
            return false;
        ld = lw_rsrc(r0);
    }
    lw_reg t;
    if (store && !lw_mma_gather(f, 1, regs, ew, regs * ew, &t))
        return false;
    if (!store && (t = lw_tmp(f, regs * ew)).v == 0)
        return false;
    lw_insn *i = lw_emit(f, store ? OP_WST : OP_WLD);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)frag;
    i->in.mod[1] = (uint8_t)lay;
    i->in.mod[2] = (uint8_t)shape;
    i->in.mod[3] = (uint8_t)ty;
    i->in.mod[4] = (uint8_t)space;
    i->in.imm = (uint32_t)a->offset;
    lw_set(i, LW_A, base.r);
    lw_setb(i, ld);
    lw_set(i, store ? LW_C : LW_D, t);
    return store || lw_mma_scatter(f, r, t, 0, 0, regs, 1, ew);
}

/* Copies the listed elements of vector operand idx into a fresh temporary. */
static bool gather_list(lw_fn *f, unsigned idx, const unsigned *el, unsigned n, unsigned ew,
                        lw_reg *out)
{
    const ptx_operand *o = lw_op(f, idx);
    return o != NULL && lw_mma_gather_elems(f, o, idx, el, 0, n, 1, ew, n * ew, out);
}

/* The parsed wmma.mma: fragment types and the MMAS kind of one tile. */
typedef struct wm_mma {
    int shape, ta, dt, ct;      /* WTY values */
    bool sat;
    uint8_t kind[4];
} wm_mma;

static bool mma_mods(lw_fn *f, wm_mma *w)
{
    const ptx_insn *in = f->ci;
    const char *const *m = (const char *const *)in->mods;
    unsigned n = in->nmods;
    int t[4] = { -1, -1, -1, -1 };
    unsigned nt = 0;
    memset(w, 0, sizeof *w);
    if (n < 8 || strcmp(m[1], "sync") != 0 || strcmp(m[2], "aligned") != 0 ||
        name_in(m[3], (const char *const[]){ "row", "col" }, 2) < 0 ||
        name_in(m[4], (const char *const[]){ "row", "col" }, 2) < 0 ||
        (w->shape = name_in(m[5], shapes, NSHAPES)) < 0)
        return lw_unsupported(f);
    for (unsigned i = 6; i < n; i++) {
        int v = name_in(m[i], wtypes, NTYPES);
        if (v >= 0 && nt < 4 && !w->sat)
            t[nt++] = v;
        else if (strcmp(m[i], "satfinite") == 0 && !w->sat)
            w->sat = true;
        else if (strcmp(m[i], "rn") != 0 || w->shape != MOD_WS_M8N8K4)
            return lw_unsupported(f);
    }
    if (nt == 2) {          /* f16 inputs: .dtype.ctype */
        w->dt = t[0];
        w->ct = t[1];
        w->ta = MOD_WT_F16;
        if (w->sat)
            return lw_unsupported(f);
    } else if (nt == 4 && t[1] == t[2]) {
        w->dt = t[0];
        w->ta = t[1];
        w->ct = t[3];
    } else if (nt == 4 && (((t[1] == MOD_WT_S8 || t[1] == MOD_WT_U8) &&
                            (t[2] == MOD_WT_S8 || t[2] == MOD_WT_U8)) ||
                           ((t[1] == MOD_WT_S4 || t[1] == MOD_WT_U4) &&
                            (t[2] == MOD_WT_S4 || t[2] == MOD_WT_U4)))) {
        w->dt = t[0];
        w->ta = t[1];
        w->ct = t[3];
    } else {
        return lw_unsupported(f);
    }
    int tb = nt == 4 ? t[2] : w->ta;
    bool fin = w->ta == MOD_WT_F16 || w->ta == MOD_WT_BF16;
    bool in8 = w->ta == MOD_WT_S8 || w->ta == MOD_WT_U8;
    bool in4 = w->ta == MOD_WT_S4 || w->ta == MOD_WT_U4;
    if (in4 && !wfrag_subbyte((unsigned)w->shape))
        return lw_unsupported(f);
    if (in4) {   /* .s4/.u4 in either order (mma.h declares s4.s4 and u4.u4) */
        if (w->dt != MOD_WT_S32 || w->ct != MOD_WT_S32 ||
            strcmp(m[3], "row") != 0 || strcmp(m[4], "col") != 0)
            return lw_unsupported(f);
        in8 = true;   /* the integer path from here on */
    }
    bool ok = fin ? (w->dt == MOD_WT_F16 || w->dt == MOD_WT_F32) &&
                    (w->ct == MOD_WT_F16 || w->ct == MOD_WT_F32) &&
                    (w->ta == MOD_WT_F16 || (w->dt == MOD_WT_F32 && w->ct == MOD_WT_F32))
            : w->ta == MOD_WT_TF32 ? w->dt == MOD_WT_F32 && w->ct == MOD_WT_F32
            : in8 ? w->dt == MOD_WT_S32 && w->ct == MOD_WT_S32
            : w->ta == MOD_WT_F64 && w->dt == MOD_WT_F64 && w->ct == MOD_WT_F64;
    if (!ok || (w->sat && !in8) || wfrag_regs(MOD_WF_A, (unsigned)w->shape, (unsigned)w->ta) == 0 ||
        wfrag_regs(MOD_WF_C, (unsigned)w->shape, (unsigned)w->ct) == 0)
        return lw_unsupported(f);
    static const uint8_t mt_of[] = { MOD_MT_F16, MOD_MT_BF16, MOD_MT_TF32, MOD_MT_S8, MOD_MT_U8,
                                     0, 0, MOD_MT_F64, MOD_MT_S4, MOD_MT_U4, 0 };
    w->kind[0] = w->ta == MOD_WT_TF32 ? MOD_MS_M16N8K8
               : w->ta == MOD_WT_F64 ? MOD_MS_M8N8K4
               : in4 ? MOD_MS_M8N8K32 : MOD_MS_M16N8K16;
    w->kind[1] = mt_of[w->ta];
    w->kind[2] = mt_of[tb];
    w->kind[3] = in8 ? MOD_MACC_S64 : w->ta == MOD_WT_F64 ? MOD_MACC_F64
               : w->dt == MOD_WT_F16 ? MOD_MACC_F16 : MOD_MACC_F32;
    return true;
}

/* One accumulator tile: C's registers (cel, n of them, in the MMAS quad or
 * pair order) converted to the step format, stepped, converted to D's
 * format and scattered to D's elements del (nd of them). */
static bool mma_tile(lw_fn *f, const wm_mma *w, lw_reg a, lw_reg b, const unsigned *cel,
                     unsigned cn, const unsigned *del, unsigned nd, bool m8)
{
    unsigned ew = w->ta == MOD_WT_F64 ? 2 : 1;
    unsigned cfmt = w->ct == MOD_WT_F16 ? MOD_MCT_F16 : w->ct == MOD_WT_S32 ? MOD_MCT_S32 : MOD_MCT_F32;
    unsigned dfmt = w->dt == MOD_WT_F16 ? MOD_MCT_F16 : w->dt == MOD_WT_S32 ? MOD_MCT_S32 : MOD_MCT_F32;
    lw_reg c, acc;
    if (!gather_list(f, 3, cel, cn, ew, &c))
        return false;
    acc = c;
    if (w->kind[3] == MOD_MACC_S64) {
        if (!lw_mma_conv(f, MOD_MCT_S64, MOD_MCT_S32, false, c, &acc))
            return false;
    } else if (w->kind[3] != MOD_MACC_F64 && cfmt != dfmt) {
        if (!lw_mma_conv(f, dfmt, cfmt, false, c, &acc))
            return false;
    }
    if (!lw_mma_steps(f, w->kind, acc, a, b, m8 || w->ta == MOD_WT_F64 ? 2 : 4))
        return false;
    if (w->kind[3] == MOD_MACC_S64 &&
        !lw_mma_conv(f, MOD_MCT_S32, MOD_MCT_S64, w->sat, acc, &acc))
        return false;
    const ptx_operand *d = lw_op(f, 0);
    if (d == NULL)
        return false;
    for (unsigned i = 0; i < nd; i++)
        if (!lw_mma_scatter(f, d, acc, i, del[i], 1, 1, ew))
            return false;
    return true;
}

static bool wmma_mma(lw_fn *f)
{
    wm_mma w;
    if (!mma_mods(f, &w) || !lw_nops(f, 4))
        return false;
    const ptx_insn *in = f->ci;
    unsigned shape = (unsigned)w.shape, ew = w.ta == MOD_WT_F64 ? 2 : 1;
    unsigned na = wfrag_regs(MOD_WF_A, shape, (unsigned)w.ta);
    unsigned nb = wfrag_regs(MOD_WF_B, shape, (unsigned)w.ta);
    unsigned nc = wfrag_regs(MOD_WF_C, shape, (unsigned)w.ct), nd = wfrag_regs(MOD_WF_C, shape, (unsigned)w.dt);
    const unsigned counts[4] = { nd, na, nb, nc };
    for (unsigned i = 0; i < 4; i++) {
        const ptx_operand *o = lw_op(f, i);
        if (o == NULL)
            return false;
        if (o->kind != PTX_OPND_VEC || o->nelems != counts[i])
            return lw_fail(f, in->line, "operand %u of '%s' must be a vector of %u registers",
                           i + 1, in->opcode, counts[i]);
    }
    wfrag_shape dm = wfrag_dims(shape);
    bool m8 = dm.m == 8;
    unsigned mts = m8 ? 1 : dm.m / 16, nts = dm.n / 8;
    unsigned kc = 4 * (w.ta == MOD_WT_F64 || w.ta == MOD_WT_TF32 ? 1 : 32 / wty_bits((unsigned)w.ta));
    unsigned kr = dm.k < kc ? 1 : dm.k / kc;
    unsigned ra = (m8 ? 1 : 2) * kr;   /* A registers per m-tile */
    for (unsigned mt = 0; mt < mts; mt++) {
        /* A: the tile's registers in the MMAS order; 8-row shapes hold only
         * the rows 0..7 registers, repeated into the rows 8..15 slots */
        unsigned ael[8], an = 2 * kr;
        for (unsigned q = 0; q < an; q++)
            ael[q] = m8 ? q / 2 : mt * ra + q;
        if (mmas_m(w.kind[0]) == 8)   /* f64, s4/u4: an 8-row step, no padding */
            an = 1, ael[0] = 0;
        lw_reg a;
        if (!gather_list(f, 1, ael, an, ew, &a))
            return false;
        for (unsigned nt = 0; nt < nts; nt++) {
            unsigned bel[4];
            for (unsigned q = 0; q < kr; q++)
                bel[q] = nt * kr + q;
            lw_reg b;
            if (!gather_list(f, 2, bel, kr, ew, &b))
                return false;
            bool f16c = w.ct == MOD_WT_F16, f16d = w.dt == MOD_WT_F16;
            unsigned tile = mt * nts + nt, cel[4], del[4], cn, dn;
            if (w.ta == MOD_WT_F64) {
                cn = dn = 2;
                cel[0] = del[0] = 0;
                cel[1] = del[1] = 1;
            } else {
                unsigned crc = f16c ? (m8 ? 1 : 2) : (m8 ? 2 : 4);
                unsigned drc = f16d ? (m8 ? 1 : 2) : (m8 ? 2 : 4);
                cn = f16c ? 2 : 4;
                for (unsigned q = 0; q < cn; q++)
                    cel[q] = tile * crc + q % crc;
                dn = drc;
                for (unsigned q = 0; q < dn; q++)
                    del[q] = tile * drc + q;
            }
            if (!mma_tile(f, &w, a, b, cel, cn, del, dn, m8))
                return false;
        }
    }
    return true;
}

/* wmma.mma.{xor,and}.popc.sync.aligned.row.col.m8n8k128.s32.b1.b1.s32: the
 * fragments are those of mma.sync m8n8k128, so one MMAX does it. */
static bool wmma_b1(lw_fn *f)
{
    static const char *const want[] = { "mma", NULL, "popc", "sync", "aligned", "row", "col",
                                        "m8n8k128", "s32", "b1", "b1", "s32" };
    const ptx_insn *in = f->ci;
    if (in->nmods != 12)
        return lw_unsupported(f);
    for (unsigned i = 0; i < 12; i++)
        if (want[i] != NULL && strcmp(in->mods[i], want[i]) != 0)
            return lw_unsupported(f);
    if (!lw_nops(f, 4))
        return false;
    lw_reg a, b, c;
    if (!lw_mma_gather(f, 1, 1, 1, 1, &a) || !lw_mma_gather(f, 2, 1, 1, 1, &b) ||
        !lw_mma_gather(f, 3, 2, 1, 2, &c))
        return false;
    const ptx_operand *d = lw_op(f, 0);
    if (d == NULL)
        return false;
    if (d->kind != PTX_OPND_VEC || d->nelems != 2)
        return lw_fail(f, in->line, "operand 1 of '%s' must be a vector of 2 registers",
                       in->opcode);
    lw_reg t = lw_tmp(f, 2);
    lw_insn *i;
    if (t.v == 0 || (i = lw_emit(f, OP_MMAX)) == NULL)
        return false;
    i->in.mod[0] = MOD_MX_M8N8K128;
    i->in.mod[1] = MOD_MXT_B1;
    i->in.mod[2] = MOD_MXT_B1;
    i->in.mod[3] = MOD_MXA_S32;
    i->in.mod[4] = strcmp(in->mods[1], "xor") == 0 ? MOD_MXO_XOR : MOD_MXO_AND;
    lw_set(i, LW_D, t);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    lw_set(i, LW_C, c);
    return lw_mma_scatter(f, d, t, 0, 0, 2, 1, 1);
}

bool lw_isel_wmma(lw_fn *f)
{
    const ptx_insn *in = f->ci;
    if (in->nmods > 1 && strcmp(in->mods[0], "mma") == 0 &&
        (strcmp(in->mods[1], "xor") == 0 || strcmp(in->mods[1], "and") == 0))
        return wmma_b1(f);
    if (in->nmods > 0 && strcmp(in->mods[0], "load") == 0)
        return wmma_ldst(f, false);
    if (in->nmods > 0 && strcmp(in->mods[0], "store") == 0)
        return wmma_ldst(f, true);
    if (in->nmods > 0 && strcmp(in->mods[0], "mma") == 0)
        return wmma_mma(f);
    return lw_unsupported(f);
}
