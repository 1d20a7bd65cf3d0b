/* sim/program.c — predecode: every word is decoded and checked once, into
 * the compact form the executors run (see internal.h). Nothing is parsed
 * again at run time. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/internal.h"

typedef struct pd {
    const isa_kernel *k;
    sim_program      *p;
    uint32_t          pc;
    char             *err;
    size_t            errlen;
} pd;

static bool pd_fail(pd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool pd_fail(pd *c, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    uint32_t line = c->k->ptx_line != NULL ? c->k->ptx_line[c->pc] : 0;
    snprintf(c->err, c->errlen, "kernel '%s', instruction %u (PTX line %u): %s",
             c->k->name != NULL ? c->k->name : "?", c->pc, line, what);
    return false;
}

/* Register field f of `in` -> row offset; checks range and alignment. */
static bool map_reg(pd *c, const isa_insn *in, char f, uint8_t reg, uint32_t *out)
{
    const sim_program *p = c->p;
    unsigned n = sim_operand_regs(in, f);
    bool dst = sim_operand_is_dst(in, f);
    if (n == 0) {
        *out = p->nregs * SIM_ROW_WORDS;   /* unused: aim at the zero rows */
        return true;
    }
    if (reg == ISA_RZ) {
        *out = (p->nregs + (dst ? SIM_ZERO_ROWS : 0)) * SIM_ROW_WORDS;
        return true;
    }
    unsigned align = n == 4 && in->op != OP_HMMA ? 4 : n == 1 ? 1 : 2;
    if (reg % align != 0)
        return pd_fail(c, "operand %c: R%u is not aligned to %u registers (%u-register operand)",
                       f, reg, align, n);
    if ((uint32_t)reg + n > p->nregs)
        return pd_fail(c, "operand %c: R%u%s lies beyond the kernel's %u registers", f, reg,
                       n == 1 ? "" : n == 2 ? " (pair)" : " (quad)", p->nregs);
    *out = (uint32_t)reg * SIM_ROW_WORDS;
    return true;
}

static uint8_t pred_src(uint8_t field, uint8_t *neg, uint8_t bit)
{
    if (field & ISA_PRED_NEG)
        *neg |= bit;
    return field & 7;
}

/* Checks that the table and the executors do not cover. */
static bool check_op(pd *c, const isa_insn *in, const isa_op_info *info)
{
    for (unsigned i = 0; i < ISA_MAX_MODS && info->mods[i] != 0; i++) {
        const isa_modgrp_info *g = isa_modgrp_info_of(info->mods[i]);
        unsigned count = 1;
        for (const char *s = g->names; *s; s++)
            count += *s == ',';
        if (in->mod[i] >= count)
            return pd_fail(c, "%s: modifier .%s value %u out of range", info->mnem, g->name,
                           in->mod[i]);
    }
    switch (in->op) {
    case OP_CALL:
    case OP_BRA:
        if (in->imm >= c->k->ninsns)
            return pd_fail(c, "BRA target .L%u is outside the kernel (%u instructions)", in->imm,
                           c->k->ninsns);
        if (in->imm2 != ISA_NO_RECONV && in->imm2 >= c->k->ninsns)
            return pd_fail(c, "BRA reconvergence point .L%u is outside the kernel (%u instructions)",
                           in->imm2, c->k->ninsns);
        break;
    case OP_BAR: case OP_BARN: case OP_BARRED:
        if (in->imm >= SIM_NUM_BARRIERS)
            return pd_fail(c, "%s %u: barrier ids are 0..%u", info->mnem, in->imm,
                           SIM_NUM_BARRIERS - 1);
        break;
    case OP_S2R:
        if (in->imm >= ISA_SR__COUNT)
            return pd_fail(c, "S2R: special register %u does not exist", in->imm);
        break;
    case OP_LDC:
        if (in->imm2 >= ISA_NUM_BANKS)
            return pd_fail(c, "LDC: constant bank %u does not exist (banks 0..%u)", in->imm2,
                           ISA_NUM_BANKS - 1);
        break;
    case OP_IMUL: case OP_IMAD:
        if (in->mod[0] == MOD_MUL_WIDE && (in->mod[1] == MOD_U64 || in->mod[1] == MOD_S64))
            return pd_fail(c, "%s.WIDE of a 64-bit type would need a 128-bit destination, "
                           "which the ISA does not have", info->mnem);
        break;
    default:
        break;
    }
    return true;
}

/* Whether hardware would stall the warp after issuing op (a global or
 * generic load, an atomic, a fence, a sleep): GTO then lets another warp
 * issue, so a warp spinning on a flag cannot starve the one that sets it. */
static bool long_latency(unsigned op)
{
    return op == OP_LDG || op == OP_LD || op == OP_ATOM || op == OP_MEMBAR ||
           op == OP_NANOSLEEP || op == OP_BULK || op == OP_TEX || op == OP_TLD4 ||
           op == OP_SULD || op == OP_SUST ||
           op == OP_MBAR;   /* mbarrier waits spin on it: let the arriving warps run */
}

static bool predecode_one(pd *c, const isa_insn *in, sim_insn *out)
{
    const isa_op_info *info = isa_op_info_of(in->op);
    if (info == NULL)
        return pd_fail(c, "op %u is not in the ISA table", in->op);
    if (!check_op(c, in, info))
        return false;
    sim_program *p = c->p;
    *out = (sim_insn){
        .fn = sim_exec_lookup(in->op),
        .gneg = (in->guard & ISA_PRED_NEG) ? SIM_FULL_MASK : 0,
        .imm = in->imm, .imm2 = in->imm2, .op = in->op, .cls = (uint8_t)info->cls,
        .guard = in->guard & 7, .e = SIM_PRED_SINK, .px = SIM_PRED_PT, .py = SIM_PRED_PT,
        .pz = SIM_PRED_PT, .bimm = in->bimm, .stall = long_latency(in->op),
    };
    if (out->fn == NULL)
        return pd_fail(c, "%s has no executor", info->mnem);
    memcpy(out->mod, in->mod, sizeof out->mod);
    if (!map_reg(c, in, 'd', in->d, &out->d) || !map_reg(c, in, 'a', in->a, &out->a) ||
        !map_reg(c, in, 'b', in->b, &out->b) || !map_reg(c, in, 'c', in->c, &out->c))
        return false;
    if (in->bimm) {
        /* An immediate b becomes two constant rows: the value, then its
         * sign extension, so 32- and 64-bit executors read it like a register. */
        uint32_t *row = p->krows + (size_t)p->nkrows * SIM_ROW_WORDS;
        uint32_t hi = (in->imm & 0x80000000u) ? SIM_FULL_MASK : 0;
        for (unsigned l = 0; l < SIM_ROW_WORDS; l++) {
            row[l] = in->imm;
            row[SIM_ROW_WORDS + l] = hi;
        }
        out->b = p->nkrows * SIM_ROW_WORDS;
        p->nkrows += 2;
    }
    for (const char *s = info->syntax; *s; s++) {
        switch (*s) {
        case 'E': out->e = (in->e & 7) == SIM_PRED_PT ? SIM_PRED_SINK : (in->e & 7); break;
        case 'X': out->px = pred_src(in->a, &out->pneg, 1); break;
        case 'Y': out->py = pred_src(in->b, &out->pneg, 2); break;
        case 'Z': out->pz = pred_src(in->c, &out->pneg, 4); break;
        default: break;
        }
    }
    return true;
}

/* The kernel's function id table, checked: CALLR binary-searches it and
 * jumps to its pcs. */
static bool copy_fn_table(sim_program *p, const isa_kernel *k, char *err, size_t errlen)
{
    const char *name = k->name != NULL ? k->name : "?";
    if (k->nfn_table == 0)
        return true;
    if (k->fn_table == NULL) {
        snprintf(err, errlen, "kernel '%s': %u function table entries but no table", name,
                 k->nfn_table);
        return false;
    }
    for (uint32_t i = 0; i < k->nfn_table; i++)
        if (k->fn_table[i].pc >= k->ninsns || (i > 0 && k->fn_table[i].id <= k->fn_table[i - 1].id)) {
            snprintf(err, errlen, "kernel '%s': function table entry %u (id %u, pc %u) is outside "
                     "the %u instructions or out of order", name, i, k->fn_table[i].id,
                     k->fn_table[i].pc, k->ninsns);
            return false;
        }
    p->fn_table = malloc(k->nfn_table * sizeof *p->fn_table);
    if (p->fn_table == NULL) {
        snprintf(err, errlen, "out of host memory while predecoding kernel '%s'", name);
        return false;
    }
    memcpy(p->fn_table, k->fn_table, k->nfn_table * sizeof *p->fn_table);
    p->nfn_table = k->nfn_table;
    return true;
}

sim_program *sim_program_create(const isa_kernel *k, char *err, size_t errlen)
{
    if (k == NULL || k->ninsns == 0 || k->code == NULL) {
        snprintf(err, errlen, "kernel '%s' has no instructions",
                 k != NULL && k->name != NULL ? k->name : "?");
        return NULL;
    }
    if (k->ninsns >= ISA_NO_RECONV) {
        snprintf(err, errlen, "kernel '%s' has %u instructions; at most %u fit the branch fields",
                 k->name != NULL ? k->name : "?", k->ninsns, ISA_NO_RECONV - 1);
        return NULL;
    }
    if (k->nregs > ISA_NUM_REGS) {
        snprintf(err, errlen, "kernel '%s' claims %u registers; the ISA has %u",
                 k->name != NULL ? k->name : "?", k->nregs, ISA_NUM_REGS);
        return NULL;
    }
    sim_program *p = calloc(1, sizeof *p);
    if (p == NULL)
        goto oom;
    pd c = { k, p, 0, err, errlen };
    uint32_t nimm = 0;
    for (uint32_t i = 0; i < k->ninsns; i++) {
        isa_insn in;
        char derr[256];
        c.pc = i;
        if (!isa_decode(k->code[i], &in, derr, sizeof derr)) {
            pd_fail(&c, "illegal instruction word 0x%016llx%016llx: %s",
                    (unsigned long long)k->code[i].hi, (unsigned long long)k->code[i].lo, derr);
            goto fail;
        }
        nimm += in.bimm;
    }
    p->name = strdup(k->name != NULL ? k->name : "?");
    p->insns = calloc(k->ninsns, sizeof *p->insns);
    p->dec = calloc(k->ninsns, sizeof *p->dec);
    p->ptx_line = calloc(k->ninsns, sizeof *p->ptx_line);
    p->krows = malloc(((size_t)nimm * 2 + 1) * SIM_ROW_WORDS * sizeof *p->krows);
    if (p->name == NULL || p->insns == NULL || p->dec == NULL || p->ptx_line == NULL ||
        p->krows == NULL)
        goto oom;
    p->ninsns = k->ninsns;
    p->nregs = k->nregs;
    p->rows = k->nregs + SIM_EXTRA_ROWS;
    p->shared_size = k->shared_size;
    p->local_size = k->local_size;
    p->param_size = k->param_size;
    p->maxntid = k->maxntid;
    memcpy(p->reqntid, k->reqntid, sizeof p->reqntid);
    if (k->ptx_line != NULL)
        memcpy(p->ptx_line, k->ptx_line, k->ninsns * sizeof *p->ptx_line);
    if (!copy_fn_table(p, k, err, errlen))
        goto fail;
    for (uint32_t i = 0; i < k->ninsns; i++) {
        char derr[8];
        c.pc = i;
        isa_decode(k->code[i], &p->dec[i], derr, sizeof derr);   /* checked above */
        if (!predecode_one(&c, &p->dec[i], &p->insns[i]))
            goto fail;
        if (p->dec[i].op == OP_ENTER)
            p->uses_stack = true;
    }
    return p;
oom:
    snprintf(err, errlen, "out of host memory while predecoding kernel '%s'",
             k->name != NULL ? k->name : "?");
fail:
    sim_program_destroy(p);
    return NULL;
}

void sim_program_destroy(sim_program *p)
{
    if (p == NULL)
        return;
    free(p->fn_table);
    free(p->insns);
    free(p->dec);
    free(p->ptx_line);
    free(p->krows);
    free(p->name);
    free(p);
}
