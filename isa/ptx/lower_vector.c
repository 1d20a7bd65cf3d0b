/* isa/ptx/lower_vector.c — vector groups: the element registers of a
 * `ld/st .v2/.v4` with 32- or 64-bit elements are placed in consecutive
 * words of one virtual register (an aligned pair or quad), so the access
 * becomes a single 64- or 128-bit LDG/STG/LDS/... instead of one access
 * per element, as on real hardware.
 *
 * A PTX register that joins a group is renamed everywhere to its words of
 * the group (lw_ptx_reg). Instructions that write only such a part carry
 * `dpart`, so liveness does not treat them as writing the whole group.
 * A register joins at most one group; vectors whose elements repeat, are
 * already placed differently, or are not plain registers stay split. */
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

lw_reg lw_ptx_reg(const lw_fn *f, uint32_t reg, unsigned *words)
{
    uint32_t v = reg + 1;
    if (f->alias != NULL && f->alias[v].v != 0) {
        *words = f->alias[v].part;
        return f->alias[v];
    }
    *words = f->vregs[v].words;
    return (lw_reg){ v, 0, 0, 0 };
}

bool lw_vec_group(const lw_fn *f, const ptx_operand *o, unsigned ew, lw_reg *g)
{
    if (o->kind != PTX_OPND_VEC || o->nelems < 2 || f->alias == NULL)
        return false;
    uint32_t gv = 0;
    for (unsigned e = 0; e < o->nelems; e++) {
        const ptx_operand *el = &o->elems[e];
        if (el->kind == PTX_OPND_SINK)
            continue;
        if (el->kind != PTX_OPND_REG || el->reg >= f->fn->nregs)
            return false;
        lw_reg a = f->alias[el->reg + 1];
        if (a.v == 0 || (gv != 0 && a.v != gv) || a.sub != e * ew || a.part != ew)
            return false;
        gv = a.v;
    }
    if (gv == 0 || f->vregs[gv].words != o->nelems * ew)
        return false;
    *g = (lw_reg){ gv, 0, 0, 0 };
    return true;
}

/* Element size in bytes of an ld/st with a .v2/.v4 modifier, else 0. */
static unsigned vec_elem_size(const ptx_insn *in, unsigned *n)
{
    unsigned size = 0;
    *n = 0;
    for (unsigned i = 0; i < in->nmods; i++) {
        if (strcmp(in->mods[i], "v2") == 0 || strcmp(in->mods[i], "v4") == 0)
            *n = (unsigned)(in->mods[i][1] - '0');
        ptx_type t = ptx_type_from_name(in->mods[i]);
        if (t != PTX_T_NONE)
            size = ptx_type_size(t);
    }
    return *n != 0 ? size : 0;
}

/* Makes the registers of vector operand o (n elements of ew words) one
 * group when they qualify. */
static bool try_group(lw_fn *f, const ptx_operand *o, unsigned n, unsigned ew, bool sinks_ok)
{
    if (o->kind != PTX_OPND_VEC || o->nelems != n)
        return true;
    lw_reg g;
    if (lw_vec_group(f, o, ew, &g))
        return true;   /* already placed this way */
    for (unsigned e = 0; e < n; e++) {
        const ptx_operand *el = &o->elems[e];
        if (el->kind == PTX_OPND_SINK && sinks_ok)
            continue;
        if (el->kind != PTX_OPND_REG || el->reg >= f->fn->nregs)
            return true;
        uint32_t v = el->reg + 1;
        const ptx_reg *r = &f->fn->regs[el->reg];
        if (r->type == PTX_T_PRED || r->vec > 1 || f->vregs[v].words != ew || f->alias[v].v != 0)
            return true;
        for (unsigned k = 0; k < e; k++)
            if (o->elems[k].kind == PTX_OPND_REG && o->elems[k].reg == el->reg)
                return true;
    }
    uint32_t gv = lw_new_vreg(f, LW_CLS_R, n * ew);
    if (gv == 0)
        return false;
    for (unsigned e = 0; e < n; e++)
        if (o->elems[e].kind == PTX_OPND_REG)
            f->alias[o->elems[e].reg + 1] = (lw_reg){ gv, (uint8_t)(e * ew), 0, (uint8_t)ew };
    return true;
}

bool lw_vector_groups(lw_fn *f)
{
    f->alias = calloc((size_t)f->fn->nregs + 1, sizeof *f->alias);
    if (f->alias == NULL)
        return lw_fail(f, f->fn->line, "out of memory lowering '%s'", f->fn->name);
    for (uint32_t s = 0; s < f->fn->nbody; s++) {
        const ptx_stmt *st = &f->fn->body[s];
        if (st->kind != PTX_STMT_INSN || st->insn.opcode == NULL || st->insn.nops != 2)
            continue;
        bool ld = strcmp(st->insn.opcode, "ld") == 0, sto = strcmp(st->insn.opcode, "st") == 0;
        unsigned n, size = vec_elem_size(&st->insn, &n);
        if ((!ld && !sto) || (size != 4 && size != 8) || n * size > 16)
            continue;
        if (!try_group(f, &st->insn.ops[ld ? 0 : 1], n, size / 4, ld))
            return false;
    }
    return true;
}
