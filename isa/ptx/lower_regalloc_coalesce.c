/* isa/ptx/lower_regalloc_coalesce.c — removes the fragment copies around
 * multi-word temporaries (mma.sync / ldmatrix / wmma gathers and scatters)
 * before liveness, where the linear scan cannot: the PTX scalars and the
 * temporary hold the same values but their intervals overlap.
 *
 * 1. Scalar groups: when every word i of a 2- or 4-word temporary is copied
 *    from (or into) a distinct PTX scalar s_i, the scalars become the words
 *    of one aligned group vreg (like lower_vector.c's groups). Always safe:
 *    the words are still distinct registers; only their placement is tied.
 * 2. Temporary renaming: a temporary T whose words are copies of words
 *    [o, o+n) of a vreg G (copy-in MOVs T.i <- G.o+i and/or copy-out MOVs
 *    G.o+i <- T.i) is replaced by G when that cannot change a value:
 *    - T only defined by its copy-ins: G's words are not written while T
 *      lives, so they equal T's there;
 *    - T also written in place (HMMAS accumulator, LDSM result): every word
 *      is copied out, after its last write, and nothing else touches G
 *      while T lives, so G's old value is dead and its new one is T's.
 *    All of T's instructions must be unguarded and in one block.
 * 3. The copies are then moves of a register onto itself and are deleted. */
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* A 32-bit register copy the pass understands. */
static bool is_copy(const lw_insn *i)
{
    return i->in.op == OP_MOV && i->gv == 0 && !i->in.bimm && i->copy_words <= 1 &&
           i->v[LW_D] != 0 && i->v[LW_B] != 0;
}

/* A non-temporary general vreg: a PTX register or a vector group. */
static bool is_ptx(const lw_fn *f, uint32_t v)
{
    return v != 0 && f->vregs[v].cls == LW_CLS_R && !f->vregs[v].temp;
}

static bool is_group_temp(const lw_fn *f, uint32_t v)
{
    return f->vregs[v].cls == LW_CLS_R && f->vregs[v].temp &&
           (f->vregs[v].words == 2 || f->vregs[v].words == 4);
}

/* One word of a PTX vreg; v == UINT32_MAX: two compete for a slot. */
typedef struct co_word { uint32_t v; uint32_t sub; } co_word;

/* tup[(2*T + dir)*4 + i]: the word copied into (dir 0) or out of (dir 1)
 * word i of temporary T. */
static void note(co_word *tup, uint32_t slot, uint32_t v, uint32_t sub)
{
    if (tup[slot].v == 0)
        tup[slot] = (co_word){ v, sub };
    else if (tup[slot].v != v || tup[slot].sub != sub)
        tup[slot].v = UINT32_MAX;
}

/* Whether word i of tuple t lies in a PTX vreg that the tuple covers whole,
 * at an offset aligned to its size; *base receives that offset. */
static bool covered(const lw_fn *f, const co_word *t, unsigned w, unsigned i, unsigned *base)
{
    if (t[i].v == 0 || t[i].v == UINT32_MAX || t[i].sub > i)
        return false;
    unsigned n = f->vregs[t[i].v].words;
    *base = i - t[i].sub;
    if (*base % n != 0 || *base + n > w)
        return false;
    for (unsigned j = 0; j < n; j++)
        if (t[*base + j].v != t[i].v || t[*base + j].sub != j)
            return false;
    return true;
}

/* Makes the PTX vregs of tuple t (w words) the parts of one new group when
 * they cover it exactly, none is grouped yet and none is already it. */
static bool tuple_group(lw_fn *f, const co_word *t, unsigned w, uint32_t *grp, uint8_t *gsub)
{
    unsigned base;
    for (unsigned i = 0; i < w; i++)
        if (!covered(f, t, w, i, &base) || grp[t[i].v] != 0)
            return true;
    if (f->vregs[t[0].v].words == w)
        return true;
    uint32_t g = lw_new_vreg(f, LW_CLS_R, w);
    if (g == 0)
        return lw_fail(f, f->fn->line, "out of memory coalescing registers of '%s'",
                       f->fn->name);
    for (unsigned i = 0; i < w; i++) {
        grp[t[i].v] = g;
        gsub[t[i].v] = (uint8_t)(i - t[i].sub);
    }
    return true;
}

static bool scalar_groups(lw_fn *f)
{
    uint32_t nv = f->nvregs;
    bool ok = false;
    co_word *tup = calloc((size_t)nv * 8, sizeof *tup);
    uint32_t *grp = calloc(nv, sizeof *grp);
    uint8_t *gsub = calloc(nv, 1);
    if (tup == NULL || grp == NULL || gsub == NULL) {
        lw_fail(f, f->fn->line, "out of memory coalescing registers of '%s'", f->fn->name);
        goto out;
    }
    for (uint32_t b = 0; b < f->nblocks; b++)
        for (uint32_t k = 0; k < f->blocks[b].ninsns; k++) {
            const lw_insn *i = &f->blocks[b].insns[k];
            if (!is_copy(i))
                continue;
            uint32_t d = i->v[LW_D], s = i->v[LW_B];
            if (is_group_temp(f, d) && is_ptx(f, s))
                note(tup, (2 * d + 0) * 4 + i->sub[LW_D], s, i->sub[LW_B]);
            else if (is_group_temp(f, s) && is_ptx(f, d))
                note(tup, (2 * s + 1) * 4 + i->sub[LW_B], d, i->sub[LW_D]);
        }
    for (unsigned w = 4; w >= 2; w /= 2)   /* quads first: pairs may sit inside them */
        for (uint32_t t = 1; t < nv; t++)
            if (is_group_temp(f, t) && f->vregs[t].words == w)
                for (unsigned dir = 0; dir < 2; dir++)
                    if (!tuple_group(f, &tup[(2 * t + dir) * 4], w, grp, gsub))
                        goto out;
    for (uint32_t b = 0; b < f->nblocks; b++)
        for (uint32_t k = 0; k < f->blocks[b].ninsns; k++) {
            lw_insn *i = &f->blocks[b].insns[k];
            for (unsigned fl = 0; fl < LW_NFIELDS; fl++) {
                uint32_t v = i->v[fl];
                if (v == 0 || v >= nv || grp[v] == 0)
                    continue;
                unsigned sub = i->sub[fl];
                i->v[fl] = grp[v];
                i->sub[fl] = (uint8_t)(sub + gsub[v]);
                if (fl == LW_D && i->dpart == 0)   /* wrote all of v: now part of the group */
                    i->dpart = (uint8_t)(f->vregs[v].words - sub);
            }
        }
    ok = true;
out:
    free(tup);
    free(grp);
    free(gsub);
    return ok;
}

static bool refs(const lw_insn *i, uint32_t v)
{
    for (unsigned fl = 0; fl < LW_NFIELDS; fl++)
        if (i->v[fl] == v)
            return true;
    return false;
}

static bool self_move(const lw_insn *i)
{
    return i->in.op == OP_MOV && !i->in.bimm && i->v[LW_D] != 0 &&
           i->v[LW_D] == i->v[LW_B] && i->sub[LW_D] == i->sub[LW_B];
}

/* Whether instruction i is a copy between T and G at offset o. */
static bool t_copy(const lw_insn *i, uint32_t t, uint32_t g, int o)
{
    if (!is_copy(i))
        return false;
    if (i->v[LW_D] == t && i->v[LW_B] == g)
        return (int)i->sub[LW_B] - (int)i->sub[LW_D] == o;
    if (i->v[LW_B] == t && i->v[LW_D] == g)
        return (int)i->sub[LW_D] - (int)i->sub[LW_B] == o;
    return false;
}

/* Tries to replace temporary t, whose instructions are blk->insns[lo..hi];
 * returns the vreg that replaced it, 0 if none. */
static uint32_t rename_temp(lw_fn *f, lw_block *blk, uint32_t t, uint32_t lo, uint32_t hi)
{
    unsigned n = f->vregs[t].words, outs = 0;
    uint32_t g = 0;
    int o = 0;
    bool other_def = false;
    for (uint32_t k = lo; k <= hi; k++) {
        const lw_insn *i = &blk->insns[k];
        if (!refs(i, t))
            continue;
        if (i->gv != 0)
            return 0;
        bool in = is_copy(i) && i->v[LW_D] == t && i->v[LW_B] != t;
        bool out = is_copy(i) && i->v[LW_B] == t && i->v[LW_D] != t;
        if (in || out) {
            uint32_t other = in ? i->v[LW_B] : i->v[LW_D];
            int off = in ? (int)i->sub[LW_B] - (int)i->sub[LW_D]
                         : (int)i->sub[LW_D] - (int)i->sub[LW_B];
            if (g == 0) {
                g = other;
                o = off;
            } else if (g != other || o != off) {
                return 0;
            }
        }
        if (in && outs != 0)
            return 0;   /* a copy-in after a copy-out */
        if (out) {
            unsigned bit = 1u << i->sub[LW_B];
            if (outs & bit)
                return 0;
            outs |= bit;
        } else if (!in && i->v[LW_D] == t) {
            if (outs != 0)
                return 0;   /* written again after being copied out */
            other_def = true;
        }
    }
    if (g == 0 || g == t || f->vregs[g].cls != LW_CLS_R || o < 0 || o % (int)n != 0 ||
        (unsigned)o + n > f->vregs[g].words)
        return 0;
    if (other_def && outs != (1u << n) - 1)
        return 0;
    for (uint32_t k = lo; k <= hi; k++) {
        const lw_insn *i = &blk->insns[k];
        if (t_copy(i, t, g, o) || self_move(i) || !refs(i, g))
            continue;
        if (other_def || i->v[LW_D] == g)
            return 0;   /* G is touched while T lives */
    }
    for (uint32_t k = lo; k <= hi; k++) {
        lw_insn *i = &blk->insns[k];
        for (unsigned fl = 0; fl < LW_NFIELDS; fl++) {
            if (i->v[fl] != t)
                continue;
            unsigned sub = i->sub[fl];
            i->v[fl] = g;
            i->sub[fl] = (uint8_t)(sub + (unsigned)o);
            if (fl == LW_D && i->dpart == 0 && f->vregs[g].words != n)
                i->dpart = (uint8_t)(n - sub);
        }
    }
    return g;
}

static bool rename_temps(lw_fn *f)
{
    uint32_t nv = f->nvregs;
    uint32_t *blk = malloc((size_t)nv * sizeof *blk), *lo = malloc((size_t)nv * sizeof *lo),
             *hi = malloc((size_t)nv * sizeof *hi);
    bool ok = blk != NULL && lo != NULL && hi != NULL;
    if (!ok) {
        lw_fail(f, f->fn->line, "out of memory coalescing registers of '%s'", f->fn->name);
        goto out;
    }
    for (uint32_t v = 0; v < nv; v++)
        blk[v] = LW_NONE;
    for (uint32_t b = 0; b < f->nblocks; b++)
        for (uint32_t k = 0; k < f->blocks[b].ninsns; k++) {
            const lw_insn *i = &f->blocks[b].insns[k];
            for (unsigned fl = 0; fl < LW_NFIELDS; fl++) {
                uint32_t v = i->v[fl];
                if (v == 0)
                    continue;
                if (blk[v] == LW_NONE) {
                    blk[v] = b;
                    lo[v] = k;
                } else if (blk[v] != b) {
                    blk[v] = LW_EXIT;   /* in several blocks: left alone */
                }
                hi[v] = k;
            }
        }
    for (uint32_t v = 1; v < nv; v++)
        if (f->vregs[v].temp && f->vregs[v].cls == LW_CLS_R && blk[v] != LW_NONE &&
            blk[v] != LW_EXIT)
        {
            uint32_t g = rename_temp(f, &f->blocks[blk[v]], v, lo[v], hi[v]);
            if (g == 0)
                continue;
            if (blk[g] != blk[v]) {   /* cannot happen for temporaries; be safe */
                blk[g] = LW_EXIT;
                continue;
            }
            /* g now also occurs where t did: later checks must see that */
            lo[g] = lo[g] < lo[v] ? lo[g] : lo[v];
            hi[g] = hi[g] > hi[v] ? hi[g] : hi[v];
        }
    for (uint32_t b = 0; b < f->nblocks; b++) {
        lw_block *bl = &f->blocks[b];
        uint32_t n = 0;
        for (uint32_t k = 0; k < bl->ninsns; k++)
            if (!self_move(&bl->insns[k]))
                bl->insns[n++] = bl->insns[k];
        bl->ninsns = n;
    }
out:
    free(blk);
    free(lo);
    free(hi);
    return ok;
}

bool lw_coalesce(lw_fn *f)
{
    return scalar_groups(f) && rename_temps(f);
}
