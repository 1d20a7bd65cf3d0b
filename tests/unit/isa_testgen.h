/* tests/unit/isa_testgen.h — random legal instructions and field-by-field
 * comparison for the test_isa_* suites. The generator state is explicit. */
#ifndef COBALT_TEST_ISA_TESTGEN_H
#define COBALT_TEST_ISA_TESTGEN_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"

typedef struct test_rng { uint64_t s; } test_rng;

static inline uint64_t rng_next(test_rng *r)
{
    /* xorshift64*: deterministic, good enough to spread test values */
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1Dull;
}

static inline uint32_t rng_below(test_rng *r, uint32_t n)
{
    return (uint32_t)(rng_next(r) % n);
}

/* Interesting 32-bit immediates: edges plus random values. */
static inline uint32_t rng_imm(test_rng *r)
{
    static const uint32_t edges[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffc, 0x10 };
    if (rng_below(r, 4) == 0)
        return edges[rng_below(r, sizeof edges / sizeof edges[0])];
    return (uint32_t)rng_next(r);
}

/* A random legal instruction of `op`. With `syntax_only`, fields that the
 * syntax does not print keep their isa_insn_make defaults, so the text form
 * carries the whole instruction. */
static inline isa_insn rng_insn(test_rng *r, unsigned op, int syntax_only)
{
    const isa_op_info *info = isa_op_info_of(op);
    isa_insn in = isa_insn_make((isa_op)op);
    isa_field_kind k[ISA_NUM_FIELDS];
    isa_syntax_fields(info->syntax, k);
    uint8_t *fields[ISA_NUM_FIELDS] = { &in.d, &in.a, &in.b, &in.c, &in.e };
    in.guard = (uint8_t)rng_below(r, 16);
    for (unsigned i = 0; i < isa_op_nmods(info); i++)
        in.mod[i] = (uint8_t)rng_below(r, isa_modgrp_count(info->mods[i]));
    for (unsigned f = 0; f < ISA_NUM_FIELDS; f++) {
        isa_field_kind kind = k[f];
        if (kind == ISA_FK_UNUSED && syntax_only)
            continue;
        if (kind == ISA_FK_UNUSED)
            kind = f == ISA_FIELD_E ? ISA_FK_PRED_DST : ISA_FK_REG;
        uint32_t n = kind == ISA_FK_REG ? 256 : kind == ISA_FK_PRED_SRC ? 16 : 8;
        *fields[f] = (uint8_t)rng_below(r, n);
    }
    int has_b = isa_syntax_has(info->syntax, 'B');
    if (has_b)
        in.bimm = (uint8_t)rng_below(r, 2);
    int uses_imm = (has_b && in.bimm) || isa_syntax_has(info->syntax, 'i') ||
                   isa_syntax_has(info->syntax, 'm') || isa_syntax_has(info->syntax, 'k') ||
                   isa_syntax_has(info->syntax, 't');
    if (has_b && in.bimm && syntax_only)
        in.b = ISA_RZ;   /* the register is not printed when b is an immediate */
    if (uses_imm || !syntax_only)
        in.imm = rng_imm(r);
    if (isa_syntax_has(info->syntax, 's'))
        in.imm = rng_below(r, ISA_SR__COUNT);
    int uses_imm2 = isa_syntax_has(info->syntax, 'k') || isa_syntax_has(info->syntax, 'r');
    if (uses_imm2 || !syntax_only) {
        in.imm2 = rng_below(r, ISA_IMM2_MAX + 1);
        if (rng_below(r, 3) == 0)
            in.imm2 = rng_below(r, 3) == 0 ? ISA_NO_RECONV : rng_below(r, 64);
    }
    return in;
}

/* Compares two instructions field by field; on a difference writes which
 * field into `why` and returns 0. */
static inline int insn_equal(const isa_insn *x, const isa_insn *y, char *why, size_t len)
{
#define CMP_FIELD(f)                                                                   \
    if (x->f != y->f) {                                                                \
        snprintf(why, len, #f ": 0x%x vs 0x%x", (unsigned)x->f, (unsigned)y->f);       \
        return 0;                                                                      \
    }
    CMP_FIELD(op) CMP_FIELD(guard) CMP_FIELD(bimm) CMP_FIELD(d) CMP_FIELD(a) CMP_FIELD(b)
    CMP_FIELD(c) CMP_FIELD(e) CMP_FIELD(imm) CMP_FIELD(imm2)
    for (unsigned i = 0; i < ISA_MAX_MODS; i++)
        CMP_FIELD(mod[i])
#undef CMP_FIELD
    return 1;
}

#endif
