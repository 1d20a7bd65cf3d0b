/* tests/unit/test_sim_counters.c — the memory-efficiency counters: shared
 * bank conflicts (32 banks of 4 bytes, wide accesses in phases) and global
 * 32-byte sectors per warp access, for LDS/STS/ATOMS, LDG/STG and generic
 * accesses, with partial warps; and their sum over launches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

/* One warp: lane l accesses shared offset l * c[0][0x10] + c[0][0x14] with
 * the given instruction (R4 data, R6 offset). */
static sim_stats shared_run(const char *insn, uint32_t stride, uint32_t base, uint32_t threads)
{
    char src[512];
    snprintf(src, sizeof src,
             "S2R R0, SR_TID.X\n"
             "LDC.32 R1, c[0x0][0x10]\n"
             "LDC.32 R2, c[0x0][0x14]\n"
             "IMAD.LO.U32 R6, R0, R1, R2\n"
             "MOV R4, R0\nMOV R5, R0\n"
             "%s\n"
             "EXIT\n", insn);
    th *t = th_new();
    assert_non_null(t);
    t->k.shared_size = 32 * 1024;
    th_must_asm(t, src, 12);
    th_param_u32(t, 0x10, stride);
    th_param_u32(t, 0x14, base);
    if (th_run(t, 1, threads) != SIM_OK)
        fail_msg("%s", t->fault.message);
    sim_stats s = t->stats;
    th_free(t);
    return s;
}

static uint64_t conflicts(const char *insn, uint32_t stride, uint32_t threads)
{
    return shared_run(insn, stride, 0, threads).bank_conflicts;
}

static void test_bank_conflicts_32bit(void **state)
{
    (void)state;
    assert_int_equal(conflicts("LDS.32 R8, [R6]", 4, 32), 0);      /* one word per bank */
    assert_int_equal(conflicts("LDS.32 R8, [R6]", 8, 32), 1);      /* 2-way */
    assert_int_equal(conflicts("LDS.32 R8, [R6]", 16, 32), 3);     /* 4-way */
    assert_int_equal(conflicts("LDS.32 R8, [R6]", 128, 32), 31);   /* column of a 32x32 tile */
    assert_int_equal(conflicts("STS.32 [R6], R4", 132, 32), 0);    /* padded tile: 33 words */
    assert_int_equal(conflicts("LDS.32 R8, [R6]", 0, 32), 0);      /* broadcast */
    assert_int_equal(conflicts("LDS.U8 R8, [R6]", 1, 32), 0);      /* 4 lanes share a word */
    assert_int_equal(conflicts("LDS.U16 R8, [R6]", 64, 32), 15);   /* 2 lanes per word, 16 words in bank 0 */
    assert_int_equal(conflicts("STS.32 [R6], R4", 128, 5), 4);     /* only the 5 live lanes */
    sim_stats s = shared_run("LDS.32 R8, [R6]", 128, 0, 64);       /* two warps, 31 each */
    assert_int_equal(s.bank_conflicts, 62);
    assert_int_equal(s.shared_loads, 2);
    assert_int_equal(s.global_sectors, 0);
}

static void test_bank_conflicts_wide(void **state)
{
    (void)state;
    assert_int_equal(conflicts("LDS.64 R8, [R6]", 8, 32), 0);      /* 2 phases of 16 lanes */
    assert_int_equal(conflicts("LDS.128 R8, [R6]", 16, 32), 0);    /* 4 phases of 8 lanes */
    assert_int_equal(conflicts("STS.64 [R6], R4", 16, 32), 2);     /* 2-way in each phase */
    assert_int_equal(conflicts("LDS.128 R8, [R6]", 128, 32), 4 * 7); /* 8 lanes in bank 0..3 */
}

static void test_bank_conflicts_atoms_generic(void **state)
{
    (void)state;
    assert_int_equal(conflicts("ATOMS.ADD.U32.CTA R8, [R6], R4, RZ", 128, 32), 31);
    assert_int_equal(conflicts("ATOMS.ADD.U32.CTA R8, [R6], R4, RZ", 0, 32), 0);   /* one word */
    /* a generic address in the shared window counts like LDS */
    assert_int_equal(conflicts("MOV R7, 0x10000\nLD.32 R8, [R6]", 128, 32), 31);
}

/* One warp: lane l accesses global buf + l * stride (R2:R3). */
static uint64_t sectors(const char *insn, uint32_t stride, uint32_t threads)
{
    char src[512];
    snprintf(src, sizeof src,
             "S2R R0, SR_TID.X\n"
             "LDC.32 R1, c[0x0][0x10]\n"
             "LDC.64 R2, c[0x0][0x0]\n"
             "IMAD.WIDE.U32 R2, R0, R1, R2\n"
             "MOV R4, R0\nMOV R5, R0\n"
             "%s\n"
             "EXIT\n", insn);
    th *t = th_new();
    assert_non_null(t);
    th_must_asm(t, src, 12);
    void *buf = th_alloc(t, 64 * 1024);
    th_param_ptr(t, 0, buf);
    th_param_u32(t, 0x10, stride);
    if (th_run(t, 1, threads) != SIM_OK)
        fail_msg("%s", t->fault.message);
    assert_int_equal(t->stats.bank_conflicts, 0);
    uint64_t n = t->stats.global_sectors;
    th_free(t);
    return n;
}

static void test_global_sectors(void **state)
{
    (void)state;
    assert_int_equal(sectors("LDG.32 R8, [R2]", 4, 32), 4);       /* 128 bytes, coalesced */
    assert_int_equal(sectors("STG.32 [R2], R4", 32, 32), 32);     /* one sector per lane */
    assert_int_equal(sectors("LDG.32 R8, [R2]", 0, 32), 1);
    assert_int_equal(sectors("LDG.64 R8, [R2]", 8, 32), 8);
    assert_int_equal(sectors("LDG.128 R8, [R2]", 16, 32), 16);
    assert_int_equal(sectors("LDG.U8 R8, [R2]", 1, 32), 1);
    assert_int_equal(sectors("LDG.32 R8, [R2]", 4, 16), 2);       /* half a warp */
    assert_int_equal(sectors("LD.32 R8, [R2]", 8, 32), 8);        /* generic, global */
    assert_int_equal(sectors("ATOM.ADD.U32.GPU R8, [R2], R4, RZ", 4, 32), 4);
    assert_int_equal(sectors("LDG.32 R8, [R2]", 4, 64), 8);       /* two warps */
}

static void test_stats_add(void **state)
{
    (void)state;
    sim_stats a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.bank_conflicts = 3;
    a.global_sectors = 10;
    b.bank_conflicts = 4;
    b.global_sectors = 5;
    sim_stats_add(&a, &b);
    assert_int_equal(a.bank_conflicts, 7);
    assert_int_equal(a.global_sectors, 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bank_conflicts_32bit),
        cmocka_unit_test(test_bank_conflicts_wide),
        cmocka_unit_test(test_bank_conflicts_atoms_generic),
        cmocka_unit_test(test_global_sectors),
        cmocka_unit_test(test_stats_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
