/* tests/unit/test_sim_achk.c — ACHK (the 32-byte check of a PTX .v8.b32 /
 * .v4.b64 access: alignment and bounds of one 32-byte access, no data
 * moved) in every space, and MAPA (mapa.shared::cluster: rank 0 is the
 * same address, another rank faults naming the lane and the rank). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

/* Runs `src` on one warp with a 64-byte global buffer in c[0][0] and 256
 * bytes of shared memory. */
static sim_status run(th *t, const char *src, uint8_t **buf)
{
    t->k.shared_size = 256;
    th_must_asm(t, src, 16);
    *buf = th_alloc(t, 64);
    memset(*buf, 0x5a, 64);
    th_param_ptr(t, 0, *buf);
    sim_status st = th_run(t, 1, 32);
    if (st != SIM_OK)   /* the report, for a failing check */
        print_message("%s\n", t->fault.message);
    return st;
}

static void test_achk_ok(void **state)
{
    (void)state;
    th *t = th_new();
    uint8_t *buf;
    assert_int_equal(run(t,
        "LDC.64 R2, c[0x0][0x0]\n"
        "ACHK.GLOBAL [R2]\n"
        "ACHK.GLOBAL.ST [R2+0x20]\n"
        "MOV R4, 0xe0\n"
        "ACHK.SHARED [R4]\n"
        "MOV R6, 0x0\n"
        "MOV R7, 0x10000\n"
        "ACHK.GENERIC.ST [R6+0x40]\n"
        "EXIT\n", &buf), SIM_OK);
    for (unsigned i = 0; i < 64; i++)
        assert_int_equal(buf[i], 0x5a);   /* nothing moved */
    th_free(t);
}

static void test_achk_faults(void **state)
{
    (void)state;
    th *t = th_new();
    uint8_t *buf;
    /* 16-byte aligned, not 32: misaligned as one 32-byte access */
    assert_int_equal(run(t, "LDC.64 R2, c[0x0][0x0]\nACHK.GLOBAL [R2+0x10]\nEXIT\n", &buf),
                     SIM_FAULT_MISALIGNED);
    assert_int_equal(t->fault.size, 32);
    assert_int_equal(t->fault.addr, (uint64_t)(uintptr_t)buf + 16);
    assert_non_null(strstr(t->fault.message, "32-byte load"));
    th_free(t);
    /* aligned, but the 32 bytes run past the 64-byte allocation */
    t = th_new();
    assert_int_equal(run(t, "LDC.64 R2, c[0x0][0x0]\nACHK.GLOBAL.ST [R2+0x40]\nEXIT\n", &buf),
                     SIM_FAULT_ILLEGAL_ADDRESS);
    assert_non_null(strstr(t->fault.message, "32-byte store"));
    th_free(t);
    /* shared: past the 256-byte window */
    t = th_new();
    assert_int_equal(run(t, "MOV R4, 0xe0\nACHK.SHARED [R4+0x20]\nEXIT\n", &buf),
                     SIM_FAULT_ILLEGAL_ADDRESS);
    th_free(t);
    /* generic address in the shared window, misaligned */
    t = th_new();
    assert_int_equal(run(t, "MOV R6, 0x8\nMOV R7, 0x10000\nACHK.GENERIC [R6]\nEXIT\n", &buf),
                     SIM_FAULT_MISALIGNED);
    th_free(t);
}

static void test_mapa(void **state)
{
    (void)state;
    th *t = th_new();
    uint8_t *buf;
    assert_int_equal(run(t,
        "S2R R0, SR_TID.X\n"
        "SHL R5, R0, 0x2\n"
        "MAPA R4, R5, 0x0\n"
        "MAPA R6, R5, RZ\n"
        "IADD R4, R4, R6\n"
        "SHL R5, R0, 0x1\n"
        "LDC.64 R2, c[0x0][0x0]\n"
        "ISETP.LT.U32.AND P0, R0, 0x10, PT\n"
        "@P0 IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
        "@P0 STG.32 [R2], R4\n"
        "EXIT\n", &buf), SIM_OK);
    for (unsigned l = 0; l < 16; l++) {
        uint32_t v;
        memcpy(&v, buf + 4 * l, 4);
        assert_int_equal(v, 8 * l);   /* both MAPAs gave the address */
    }
    th_free(t);
    t = th_new();
    assert_int_equal(run(t,
        "S2R R0, SR_TID.X\n"
        "ISETP.EQ.U32.AND P0, R0, 0x3, PT\n"
        "SEL R5, R0, RZ, P0\n"      /* lane 3 asks for rank 3 */
        "MAPA R4, RZ, R5\n"
        "EXIT\n", &buf), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "lane 3 asks for CTA rank 3"));
    th_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_achk_ok),
        cmocka_unit_test(test_achk_faults),
        cmocka_unit_test(test_mapa),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
