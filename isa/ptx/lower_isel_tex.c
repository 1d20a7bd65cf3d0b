/* isa/ptx/lower_isel_tex.c — textures and surfaces in unified mode (the
 * handle is a .u64 register, cudaTextureObject_t / cudaSurfaceObject_t):
 *   tex.{1d,2d,3d}.v4.{f32,s32,u32}.{s32,f32}  -> TEX
 *   tld4.{r,g,b,a}.2d.v4.{f32,s32,u32}.f32     -> TLD4
 *   txq.<query>.b32, suq.<query>.b32           -> TXQ
 *   suld.b.{1d,2d,3d}{,.v2,.v4}.{b8..b64}.<oob> -> SULD, sust.b ... -> SUST
 *   istypep.{texref,samplerref,surfref}        -> ISTYPEP
 * with the layered geometries .a1d/.a2d (layer index first). tex.base,
 * .level and .grad sample the base level: objects have no mipmaps. The
 * semantics live in sim/exec/tex*.c. Not lowered: cube maps, multisample
 * geometries, .v2.f16x2 results, depth compare and offsets, texture
 * references (.texref symbols), formatted surface stores (sust.p), sured. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

typedef struct tex_mods {
    int geom;          /* TEXDIM value + 1 (1d 2d 3d a1d a2d), 0 none */
    int lod;           /* .level: 1 extra operand, .grad: 2; .base: 0 */
    int rt, ct;        /* TEXRT / TEXCT values, -1 none */
    int w, vec, oob;   /* SUW, SUVEC, SUOOB values */
    int comp;          /* tld4 channel */
    int query;         /* TXQQ value */
    int kind;          /* TYKIND value */
    bool b;            /* suld.b / sust.b */
} tex_mods;

static const char *const txq_names[] = {
    "width", "height", "depth", "channel_data_type", "channel_order", "normalized_coords",
    "filter_mode", "addr_mode_0", "addr_mode_1", "addr_mode_2", "array_size",
    "num_mipmap_levels", "num_samples", "memory_layout",
};

static int find(const char *s, const char *const *names, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

/* Classifies every modifier; false (unsupported) on one it does not know. */
static bool tex_parse_mods(lw_fn *f, tex_mods *t)
{
    static const char *const dims[] = { "1d", "2d", "3d", "a1d", "a2d" };
    static const char *const types[] = { "f32", "s32", "u32" };
    static const char *const widths[] = { "b8", "b16", "b32", "b64" };
    static const char *const vecs[] = { "", "v2", "v4" };
    static const char *const oobs[] = { "trap", "clamp", "zero" };
    static const char *const comps[] = { "r", "g", "b", "a" };
    static const char *const kinds[] = { "texref", "samplerref", "surfref" };
    *t = (tex_mods){ .rt = -1, .ct = -1, .w = -1, .vec = 0, .oob = 0, .comp = -1,
                     .query = -1, .kind = -1 };
    bool tld4 = strcmp(f->ci->opcode, "tld4") == 0;
    bool su = f->ci->opcode[0] == 's', tex = strcmp(f->ci->opcode, "tex") == 0;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *m = f->ci->mods[i];
        int v;
        if ((v = find(m, dims, 5)) >= 0)
            t->geom = v + 1;
        else if (tex && i == 0 && strcmp(m, "base") == 0)
            continue;
        else if (tex && i == 0 && (strcmp(m, "level") == 0 || strcmp(m, "grad") == 0))
            t->lod = m[0] == 'l' ? 1 : 2;
        else if (strcmp(m, "v4") == 0 && !su)
            continue;
        else if ((v = find(m, types, 3)) >= 0 && t->rt < 0)
            t->rt = v;
        else if (strcmp(m, "s32") == 0 || strcmp(m, "f32") == 0)
            t->ct = m[0] == 'f';
        else if (su && strcmp(m, "b") == 0 && i == 0)
            t->b = true;
        else if (su && (v = find(m, widths, 4)) >= 0)
            t->w = v;
        else if (su && (v = find(m, vecs, 3)) > 0)
            t->vec = v;
        else if (su && (v = find(m, oobs, 3)) >= 0)
            t->oob = v;
        else if (tld4 && i == 0 && (v = find(m, comps, 4)) >= 0)
            t->comp = v;
        else if ((v = find(m, txq_names, sizeof txq_names / sizeof txq_names[0])) >= 0)
            t->query = v;
        else if ((v = find(m, kinds, 3)) >= 0)
            t->kind = v;
        else if (strcmp(m, "b32") == 0)   /* txq/suq result type */
            continue;
        else
            return lw_fail_unsupported(f, f->ci->line, "'%s' with .%s is not supported yet",
                                       f->ci->opcode, m);
    }
    return true;
}

/* The handle register of [h, {c...}] (operand idx) and its coordinates
 * gathered into a temporary of `words` words (n taken, the rest zero). */
static bool tex_addr(lw_fn *f, unsigned idx, unsigned n, unsigned words, lw_reg *h, lw_reg *c)
{
    const ptx_operand *o = lw_op(f, idx);
    if (o == NULL)
        return false;
    if (o->kind != PTX_OPND_ADDR || o->base_kind != PTX_OPND_REG || o->offset != 0)
        return lw_fail_unsupported(f, f->ci->line, "operand %u of '%s': only a .u64 object "
                                   "handle register is supported (unified mode; texture "
                                   "references are not supported yet)", idx + 1, f->ci->opcode);
    ptx_operand hr = { .kind = PTX_OPND_REG, .reg = o->reg };
    lw_src hs;
    if (!lw_src_opnd(f, &hr, idx, PTX_T_U64, false, &hs))
        return false;
    *h = hs.r;
    if (n == 0)
        return o->nelems == 0 ||
               lw_fail(f, f->ci->line, "operand %u of '%s' takes no coordinates", idx + 1,
                       f->ci->opcode);
    if (o->nelems < n || o->nelems > 4)
        return lw_fail(f, f->ci->line, "operand %u of '%s' needs %u coordinates, has %u",
                       idx + 1, f->ci->opcode, n, o->nelems);
    ptx_operand vec = { .kind = PTX_OPND_VEC, .nelems = o->nelems, .elems = o->elems };
    if (!lw_mma_gather_elems(f, &vec, idx, NULL, 0, n, 1, 1, words, c))
        return false;
    for (unsigned k = n; k < words; k++) {
        lw_reg z = lw_word(*c, k);
        z.part = 1;
        if (!lw_mov32(f, z, lw_imm(0)))
            return false;
    }
    return true;
}

/* Coordinates of geometry g (TEXDIM value): the layer of a1d/a2d first. */
static unsigned coord_count(int g)
{
    static const uint8_t n[5] = { 1, 2, 3, 2, 3 };
    return n[g];
}

static unsigned coord_words(int g)
{
    static const uint8_t n[5] = { 1, 2, 4, 2, 4 };
    return n[g];
}

/* tex and tld4 */
bool lw_isel_tex(lw_fn *f)
{
    tex_mods t;
    bool tld4 = strcmp(f->ci->opcode, "tld4") == 0;
    if (!tex_parse_mods(f, &t))
        return false;
    /* .level lod / .grad dPdx, dPdy: no texture object has mipmaps (sim/texdesc.h),
     * so every level clamps to the base level and the extra operands do not matter */
    if (f->ci->nops != 2u + (unsigned)t.lod)
        return lw_fail_unsupported(f, f->ci->line, "'%s' with %u operands (depth compare, "
                                   "offsets) is not supported yet", f->ci->opcode, f->ci->nops);
    if (t.geom == 0 || t.rt < 0 || (tld4 ? t.comp < 0 || t.geom != 2 : t.ct < 0))
        return lw_fail(f, f->ci->line, "'%s' needs a geometry (.1d/.2d/.3d), a result type "
                       "and a coordinate type", f->ci->opcode);
    if (tld4 && t.ct != 1)
        return lw_fail(f, f->ci->line, "tld4 takes f32 coordinates");
    int g = t.geom - 1;
    lw_reg h, c, d = lw_tmp(f, 4);
    if (d.v == 0 || !tex_addr(f, 1, coord_count(g), coord_words(g), &h, &c))
        return false;
    lw_insn *i = lw_emit(f, tld4 ? OP_TLD4 : OP_TEX);
    if (i == NULL)
        return false;
    if (tld4) {
        i->in.mod[0] = (uint8_t)t.comp;
        i->in.mod[1] = (uint8_t)t.rt;
    } else {
        i->in.mod[0] = (uint8_t)g;
        i->in.mod[1] = (uint8_t)t.rt;
        i->in.mod[2] = (uint8_t)t.ct;
    }
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, h);
    lw_set(i, LW_B, c);
    const ptx_operand *dst = lw_op(f, 0);
    if (dst == NULL)
        return false;
    if (dst->kind != PTX_OPND_VEC || dst->nelems != 4)
        return lw_fail(f, f->ci->line, "operand 1 of '%s' must be a vector of 4 registers",
                       f->ci->opcode);
    return lw_mma_scatter(f, dst, d, 0, 0, 4, 1, 1);
}

/* suld.b and sust.b */
bool lw_isel_surf(lw_fn *f)
{
    tex_mods t;
    bool st = strcmp(f->ci->opcode, "sust") == 0;
    if (!tex_parse_mods(f, &t))
        return false;
    if (!t.b)
        return lw_fail_unsupported(f, f->ci->line, "'%s' without .b (formatted .p access) is "
                                   "not supported yet", f->ci->opcode);
    if (t.geom == 0 || t.w < 0 || !lw_nops(f, 2))
        return lw_fail(f, f->ci->line, "'%s' needs a geometry and an element width .b8..b64",
                       f->ci->opcode);
    unsigned nel = 1u << t.vec, rpe = t.w == 3 ? 2 : 1, words = nel * rpe;
    if (words > 4)
        return lw_fail(f, f->ci->line, "'%s.v4.b64' does not exist", f->ci->opcode);
    lw_reg h, c, v;
    if (!tex_addr(f, st ? 0 : 1, coord_count(t.geom - 1), coord_words(t.geom - 1), &h, &c))
        return false;
    const ptx_operand *vo = lw_op(f, st ? 1 : 0);
    if (vo == NULL)
        return false;
    unsigned have = vo->kind == PTX_OPND_VEC ? vo->nelems : 1;
    if (have != nel)
        return lw_fail(f, f->ci->line, "operand %u of '%s' must have %u elements", st ? 2 : 1,
                       f->ci->opcode, nel);
    if (st) {
        if (!lw_mma_gather_elems(f, vo, 1, NULL, 0, nel, 1, rpe, words, &v))
            return false;
    } else if ((v = lw_tmp(f, words)).v == 0) {
        return false;
    }
    lw_insn *i = lw_emit(f, st ? OP_SUST : OP_SULD);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)(t.geom - 1);
    i->in.mod[1] = (uint8_t)t.w;
    i->in.mod[2] = (uint8_t)t.vec;
    i->in.mod[3] = (uint8_t)t.oob;
    lw_set(i, LW_A, h);
    lw_set(i, LW_B, c);
    lw_set(i, st ? LW_C : LW_D, v);
    return st || lw_mma_scatter(f, vo, v, 0, 0, nel, 1, rpe);
}

/* txq and suq */
bool lw_isel_txq(lw_fn *f)
{
    tex_mods t;
    if (!tex_parse_mods(f, &t))
        return false;
    if (t.query < 0 || !lw_nops(f, 2))
        return lw_fail(f, f->ci->line, "'%s' needs a query (.width, .height, ...)",
                       f->ci->opcode);
    if (t.query == 3 || t.query == 4)   /* the OpenCL-style channel enums */
        return lw_fail_unsupported(f, f->ci->line, "'%s.%s' is not supported yet",
                                   f->ci->opcode, txq_names[t.query]);
    lw_reg d, h, c;
    if (!lw_dst(f, 0, 1, &d) || !tex_addr(f, 1, 0, 0, &h, &c))
        return false;
    lw_insn *i = lw_emit(f, OP_TXQ);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)t.query;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, h);
    return true;
}

bool lw_isel_istypep(lw_fn *f)
{
    tex_mods t;
    if (!tex_parse_mods(f, &t))
        return false;
    if (t.kind < 0 || !lw_nops(f, 2))
        return lw_fail(f, f->ci->line, "istypep needs .texref, .samplerref or .surfref");
    lw_reg p, a;
    if (!lw_pdst(f, 0, &p) || !lw_reg_of(f, 1, PTX_T_U64, &a))
        return false;
    lw_insn *i = lw_emit(f, OP_ISTYPEP);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)t.kind;
    lw_set(i, LW_E, p);
    lw_set(i, LW_A, a);
    return true;
}
