/* tests/unit/test_sim_fuzz.c — random programs of every per-lane op with
 * random modifiers, registers and data. The point is robustness: no
 * modifier combination, operand value (x / 0, INT_MIN / -1, NaN, huge
 * shifts, out-of-range float -> int) or register choice may trap or hit
 * undefined behaviour (run this suite under UBSan), and equal programs give
 * equal results under both schedulers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

typedef struct rng { uint64_t s; } rng;

static uint64_t rnext(rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1Dull;
}

static uint32_t rbelow(rng *r, uint32_t n) { return (uint32_t)(rnext(r) % n); }

static unsigned group_count(unsigned grp)
{
    const isa_modgrp_info *g = isa_modgrp_info_of(grp);
    unsigned n = 1;
    for (const char *s = g->names; *s; s++)
        n += *s == ',';
    return n;
}

/* Interesting 32-bit values: edges of every type, float specials, noise. */
static uint32_t rvalue(rng *r)
{
    static const uint32_t edge[] = { 0, 1, 0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 0x7F800000u,
                                     0xFF800000u, 0x7FC00000u, 0x00000001u, 0x3F800000u,
                                     0x4F000000u, 0xCF000000u, 0x7C00u, 0xFC00u, 0x8000u, 64 };
    return rbelow(r, 3) == 0 ? edge[rbelow(r, 16)] : (uint32_t)rnext(r);
}

/* A random legal instruction of op; registers stay below 64 and aligned
 * to 4 so every width fits. */
static isa_insn rand_insn(rng *r, unsigned op)
{
    const isa_op_info *info = isa_op_info_of(op);
    isa_insn in = isa_insn_make((isa_op)op);
    for (unsigned i = 0; i < ISA_MAX_MODS && info->mods[i] != 0; i++)
        in.mod[i] = (uint8_t)rbelow(r, group_count(info->mods[i]));
    if (op == OP_IMUL || op == OP_IMAD)
        while (in.mod[0] == MOD_MUL_WIDE && (in.mod[1] == MOD_U64 || in.mod[1] == MOD_S64))
            in.mod[1] = (uint8_t)rbelow(r, 8);
    in.guard = (uint8_t)rbelow(r, 16);
    in.d = (uint8_t)(rbelow(r, 9) == 0 ? ISA_RZ : 4 * rbelow(r, 16));
    in.a = (uint8_t)(rbelow(r, 9) == 0 ? ISA_RZ : 4 * rbelow(r, 16));
    in.b = (uint8_t)(rbelow(r, 9) == 0 ? ISA_RZ : 4 * rbelow(r, 16));
    in.c = (uint8_t)(rbelow(r, 9) == 0 ? ISA_RZ : 4 * rbelow(r, 16));
    in.e = (uint8_t)rbelow(r, 8);
    for (const char *s = info->syntax; *s; s++) {
        if (*s == 'X') in.a = (uint8_t)rbelow(r, 16);
        if (*s == 'Y') in.b = (uint8_t)rbelow(r, 16);
        if (*s == 'Z') in.c = (uint8_t)rbelow(r, 16);
        if (*s == 'B' && rbelow(r, 3) == 0) {
            in.bimm = 1;
            in.imm = rvalue(r);
        }
    }
    if (op == OP_S2R)
        in.imm = rbelow(r, ISA_SR__COUNT);
    return in;
}

static bool fuzzable(unsigned op)
{
    const isa_op_info *info = isa_op_info_of(op);
    /* LDSM reads shared memory, STSM writes it; the warp-level tensor ops
     * (every F_MMA op but the per-group HMMA) and MOVM fault unless all 32
     * lanes run them */
    return info->cls != ISA_CLASS_MEM && info->cls != ISA_CLASS_CTRL &&
           (info->flags & (F_LOAD | F_STORE)) == 0 &&
           ((info->flags & F_MMA) == 0 || op == OP_HMMA) && op != OP_MOVM;
}

/* Builds one program: seed registers and predicates, then random ops. */
static void build(th *t, rng *r)
{
    uint32_t n = 0;
    char err[256];
    for (unsigned reg = 0; reg < 64; reg++) {
        isa_insn in = isa_insn_make(OP_MOV);
        in.d = (uint8_t)reg;
        in.bimm = 1;
        in.imm = rvalue(r);
        assert_true(isa_encode(&in, &t->code[n++], err, sizeof err));
    }
    for (unsigned p = 0; p < 7; p++) {
        isa_insn in = isa_insn_make(OP_ISETP);
        in.e = (uint8_t)p;
        in.a = (uint8_t)(4 * p);
        in.b = (uint8_t)(4 * p + 1);
        in.mod[0] = MOD_CMP_LT;
        assert_true(isa_encode(&in, &t->code[n++], err, sizeof err));
    }
    while (n < 300) {
        unsigned op = rbelow(r, OP__COUNT);
        if (!fuzzable(op))
            continue;
        isa_insn in = rand_insn(r, op);
        if (!isa_encode(&in, &t->code[n], err, sizeof err))
            fail_msg("%s", err);
        t->lines[n++] = 0;
    }
    isa_insn ex = isa_insn_make(OP_EXIT);
    assert_true(isa_encode(&ex, &t->code[n++], err, sizeof err));
    t->k.ninsns = n;
    t->k.nregs = 64;
    sim_program_destroy(t->prog);
    t->prog = sim_program_create(&t->k, t->err, sizeof t->err);
    if (t->prog == NULL)
        fail_msg("%s", t->err);
}

static void test_random_programs(void **state)
{
    (void)state;
    rng r = { 0xC0BA17ull };
    th *t = calloc(1, sizeof *t);
    assert_non_null(t);
    th_init(t);
    for (unsigned i = 0; i < 200; i++) {
        build(t, &r);
        t->cfg.sched = SIM_SCHED_GTO;
        if (th_run(t, 2, 48) != SIM_OK)
            fail_msg("program %u: %s", i, t->fault.message);
        uint64_t insns = t->stats.thread_insns;
        t->cfg.sched = SIM_SCHED_LRR;
        assert_int_equal(th_run(t, 2, 48), SIM_OK);
        assert_int_equal(t->stats.thread_insns, insns);
    }
    th_fini(t);
    free(t);
}

/* Every op has an executor and the table has no gaps. */
static void test_every_op_predecodes(void **state)
{
    (void)state;
    rng r = { 5 };
    th *t = calloc(1, sizeof *t);
    assert_non_null(t);
    th_init(t);
    char err[256];
    for (unsigned op = 0; op < OP__COUNT; op++) {
        isa_insn in = rand_insn(&r, op);
        if (op == OP_BRA)
            in.imm = 0, in.imm2 = ISA_NO_RECONV;
        if (op == OP_BAR)
            in.imm = 3;
        if (op == OP_LDC)
            in.imm2 = 1;
        assert_true(isa_encode(&in, &t->code[0], err, sizeof err));
        isa_insn ex = isa_insn_make(OP_EXIT);
        assert_true(isa_encode(&ex, &t->code[1], err, sizeof err));
        t->k.ninsns = 2;
        t->k.nregs = 64;
        sim_program *p = sim_program_create(&t->k, t->err, sizeof t->err);
        if (p == NULL)
            fail_msg("%s: %s", isa_op_info_of(op)->mnem, t->err);
        sim_program_destroy(p);
    }
    th_fini(t);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_op_predecodes),
        cmocka_unit_test(test_random_programs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
