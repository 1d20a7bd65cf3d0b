/* tests/unit/test_sim_mbarrier.c — MBAR (PTX mbarrier) state transitions,
 * tokens and faults, and BULK (cp.async.bulk) copies, on one warp.
 *
 * State layout (sim/exec/mbarrier.c): bits 0..19 pending, 20..39 expected,
 * 40..60 tx-count, 62 valid, 63 phase. th_lanes: R0 = lane, R4.. = inputs,
 * R12..R15 = outputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

static void expect_in(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL)
        fail_msg("'%s' not found in:\n%s", needle, hay);
}

static sim_status run_body(th *t, const char *body, uint32_t (*out)[4])
{
    uint32_t in[32][8];
    memset(in, 0, sizeof in);
    t->k.shared_size = 64;
    return th_lanes(t, body, (const uint32_t (*)[8])in, out);
}

/* 32 lanes arrive on a count-32 object in lane order: lane l's token holds
 * 31 - l pending, phase 0; lane 31 completes the phase. */
static void test_arrive_phase(void **state)
{
    (void)state;
    th *t = th_new();
    uint32_t out[32][4];
    assert_int_equal(run_body(t,
        "ISETP.EQ.U32.AND P0, R0, 0x0, PT\n"
        "MOV R8, 0x8\n"
        "MOV R9, 0x20\n"
        "@P0 MBAR.INIT RZ, PT, [R8], R9, RZ\n"
        "MOV R10, 0x1\n"
        "MBAR.ARRIVE R12, PT, [R8], R10, RZ\n"
        "MBAR.TEST RZ, P1, [R8], R12, RZ\n"
        "P2R R14, P1\n"
        "MBAR.TESTP RZ, P1, [R8], RZ, RZ\n"      /* parity 0 done */
        "MOV R10, 0x1\n"
        "MBAR.TESTP RZ, P2, [R8], R10, RZ\n"     /* parity 1 (current) open */
        "PLOP.AND P1, P1, !P2\n"
        "P2R R15, P1\n"
        "LDS.64 R6, [R8]\n"
        "ISETP.EQ.U32.AND P1, R7, 0xc0000000, PT\n"  /* valid, phase 1 */
        "ISETP.EQ.U32.AND P1, R6, 0x02000020, P1\n"  /* expected 32, pending 32 */
        "P2R R6, P1\n"
        "LOP.AND R15, R15, R6\n", out), SIM_OK);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(out[l][0], (31 - l) | (32u << 20));
        assert_int_equal(out[l][1], 0x40000000u);
        assert_int_equal(out[l][2], 1);
        assert_int_equal(out[l][3], 1);
    }
    th_free(t);
}

/* tx-count: the phase needs the arrival and the bytes; complete_tx before
 * expect_tx drives the count negative first. arrive_drop lowers expected. */
static void test_tx_and_drop(void **state)
{
    (void)state;
    th *t = th_new();
    uint32_t out[32][4];
    assert_int_equal(run_body(t,
        "MOV R8, 0x0\n"
        "MOV R9, 0x2\n"
        "MOV R10, 0x40\n"
        "MOV R11, 0x1\n"
        "MOV R12, 0x0\n"
        "MOV R13, 0x0\n"
        "MOV R14, 0x0\n"
        "MOV R15, 0x0\n"
        "ISETP.NE.U32.AND P0, R0, 0x0, PT\n"
        "@P0 BRA done, done\n"
        "MBAR.INIT RZ, PT, [R8], R9, RZ\n"
        "MBAR.COMPLETETX RZ, PT, [R8], R10, RZ\n"   /* tx -64 */
        "MBAR.ARRIVETX R6, PT, [R8], R11, R10\n"   /* tx 0, pending 1 */
        "MBAR.TESTP RZ, P1, [R8], RZ, RZ\n"
        "P2R R12, P1\n"                                /* 0: one arrival left */
        "MBAR.EXPECTTX RZ, PT, [R8], R10, RZ\n"     /* tx 64 */
        "MBAR.DROP R6, PT, [R8], R11, RZ\n"        /* pending 0, expected 1 */
        "MBAR.TESTP RZ, P1, [R8], RZ, RZ\n"
        "P2R R13, P1\n"                                /* 0: 64 bytes left */
        "MBAR.COMPLETETX RZ, PT, [R8], R10, RZ\n"
        "MBAR.TESTP RZ, P1, [R8], RZ, RZ\n"
        "P2R R14, P1\n"                                /* 1 */
        "MBAR.ARRIVE R6, PT, [R8], R11, RZ\n"      /* phase 1 needs one arrival */
        "MBAR.TESTP RZ, P1, [R8], R11, RZ\n"
        "P2R R15, P1\n"                                /* 1 */
        "done:\n"
        "NOP\n", out), SIM_OK);
    assert_int_equal(out[0][0], 0);
    assert_int_equal(out[0][1], 0);
    assert_int_equal(out[0][2], 1);
    assert_int_equal(out[0][3], 1);
    th_free(t);
}

static th *fault_run(const char *body)
{
    th *t = th_new();
    uint32_t out[32][4];
    if (run_body(t, body, out) == SIM_OK)
        fail_msg("no fault from:\n%s", body);
    return t;
}

static void test_faults(void **state)
{
    (void)state;
    th *t = fault_run("MOV R8, 0x0\nMOV R9, 0x1\nMBAR.ARRIVE R12, PT, [R8], R9, RZ\n");
    expect_in(t->fault.message, "mbarrier.arrive (lane 0) on the mbarrier at shared offset 0x0");
    expect_in(t->fault.message, "not initialised");
    th_free(t);

    t = fault_run("MOV R8, 0x10\nMOV R9, 0x1\nMBAR.INIT RZ, PT, [R8], R9, RZ\n"
                  "MOV R10, 0x2\nMBAR.ARRIVE R12, PT, [R8], R10, RZ\n");
    expect_in(t->fault.message, "lane 0) on the mbarrier at shared offset 0x10");
    expect_in(t->fault.message, "arrival count 2 exceeds the 1 arrivals still pending");
    th_free(t);

    t = fault_run("MOV R8, 0x4\nMOV R9, 0x1\nMBAR.INIT RZ, PT, [R8], R9, RZ\n");
    expect_in(t->fault.message, "misaligned");
    expect_in(t->fault.message, "shared offset 0x4");
    th_free(t);

    t = fault_run("MOV R8, 0x0\nMOV R9, 0x0\nMBAR.INIT RZ, PT, [R8], R9, RZ\n");
    expect_in(t->fault.message, "count 0 is outside 1..1048575");
    th_free(t);

    t = fault_run("MOV R8, 0x0\nMOV R9, 0x20\nMBAR.INIT RZ, PT, [R8], R9, RZ\n"
                  "MOV R9, 0x1\nMBAR.ARRIVE.NOCOMPLETE R12, PT, [R8], R9, RZ\n");
    expect_in(t->fault.message, "lane 31");
    expect_in(t->fault.message, "would complete the phase");
    th_free(t);

    /* the generic form on a global address (the input buffer) */
    t = fault_run("MOV R9, 0x1\nMBAR.INIT.GENERIC RZ, PT, [R2], R9, RZ\n");
    expect_in(t->fault.message, "is not in shared memory");
    th_free(t);
}

/* BULK.G2S copies 32 bytes per lane 0; a size that is not a multiple of 16
 * faults. */
static void test_bulk(void **state)
{
    (void)state;
    th *t = th_new();
    uint32_t in[32][8], out[32][4];
    uint32_t *src = th_alloc(t, 64);
    for (unsigned i = 0; i < 16; i++)
        src[i] = 0x1000u + i;
    memset(in, 0, sizeof in);
    in[0][0] = (uint32_t)(uintptr_t)src;
    in[0][1] = (uint32_t)((uint64_t)(uintptr_t)src >> 32);
    t->k.shared_size = 64;
    assert_int_equal(th_lanes(t,
        "MOV R12, 0x0\nMOV R13, 0x0\nMOV R14, 0x0\nMOV R15, 0x0\n"
        "ISETP.NE.U32.AND P0, R0, 0x0, PT\n"
        "@P0 BRA done, done\n"
        "MOV R8, 0x10\n"
        "MOV R9, 0x20\n"
        "BULK.G2S R8, [R4+0x10], R9\n"
        "LDS.128 R12, [R8+0x10]\n"
        "done:\n"
        "NOP\n", (const uint32_t (*)[8])in, out), SIM_OK);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(out[0][i], 0x1008u + i);
    th_free(t);

    t = fault_run("MOV R8, 0x0\nMOV R9, 0x18\nBULK.G2S R8, [R2], R9\n");
    expect_in(t->fault.message, "cp.async.bulk (lane 0): size 24 is not a multiple of 16");
    th_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arrive_phase),
        cmocka_unit_test(test_tx_and_drop),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_bulk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
