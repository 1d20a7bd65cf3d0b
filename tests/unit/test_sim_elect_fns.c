/* tests/unit/test_sim_elect_fns.c — ELECT (PTX elect.sync: the lowest
 * executing lane of each lane's member mask leads; per-lane masks of two
 * tiles; inside a divergent branch) and FNS (PTX fns.b32, against the PTX
 * ISA's reference loop for every offset from -34 to 34). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

static void run_lanes(const char *body, const uint32_t (*in)[8], uint32_t (*out)[4])
{
    th *t = th_new();
    assert_non_null(t);
    t->cfg.reconv = SIM_RECONV_ITS;
    sim_status st = th_lanes(t, body, in, out);
    if (st != SIM_OK)
        fail_msg("status %d: %s", st, t->fault.message);
    th_free(t);
}

/* R4 = member mask (two 16-lane tiles), R5 = 1 for the lanes of the
 * divergent branch, R6 = its mask (lanes 3, 5, 9, 30). */
static void test_elect(void **state)
{
    (void)state;
    const uint32_t branch = 1u << 3 | 1u << 5 | 1u << 9 | 1u << 30;
    uint32_t in[32][8], out[32][4];
    memset(in, 0, sizeof in);
    for (unsigned l = 0; l < 32; l++) {
        in[l][0] = l < 16 ? 0xffffu : 0xffff0000u;
        in[l][1] = branch >> l & 1;
        in[l][2] = branch;
    }
    run_lanes("WARPSYNC R4\n"
              "ELECT R12, P0, R4\n"
              "P2R R13, P0\n"
              "MOV R14, 0xee\n"
              "MOV R15, 0xee\n"
              "ISETP.EQ.U32.AND P1, R5, RZ, PT\n"
              "@P1 BRA done\n"
              "WARPSYNC R6\n"
              "ELECT R14, P2, R6\n"
              "P2R R15, P2\n"
              "done:\n"
              "WARPSYNC 0xffffffff\n", (const uint32_t (*)[8])in, out);
    for (unsigned l = 0; l < 32; l++) {
        unsigned leader = l < 16 ? 0 : 16;
        assert_int_equal(out[l][0], leader);
        assert_int_equal(out[l][1], l == leader);
        bool in_branch = branch >> l & 1;
        assert_int_equal(out[l][2], in_branch ? 3 : 0xee);
        assert_int_equal(out[l][3], in_branch ? l == 3 : 0xee);
    }
}

/* The PTX ISA's pseudocode for fns.b32. */
static uint32_t fns_ref(uint32_t mask, uint32_t base, int32_t offset)
{
    uint32_t d = 0xffffffffu;
    if (offset == 0)
        return (mask >> base & 1) ? base : d;
    int pos = (int)base, count = (offset > 0 ? offset : -offset) - 1, inc = offset > 0 ? 1 : -1;
    for (; pos >= 0 && pos < 32; pos += inc)
        if (mask >> pos & 1) {
            if (count == 0)
                return (uint32_t)pos;
            count--;
        }
    return d;
}

static void test_fns(void **state)
{
    (void)state;
    uint32_t in[32][8], out[32][4], s = 7;
    const uint32_t masks[] = { 0xaaaaaaaau, 0, 0xffffffffu, 0x80000001u };
    for (int off = -34; off <= 34; off++) {
        for (unsigned l = 0; l < 32; l++) {
            s = s * 1664525u + 1013904223u;
            in[l][0] = l < 4 ? masks[l] : s;
            in[l][1] = (s >> 8) % 32;
            in[l][2] = (uint32_t)off;
        }
        run_lanes("FNS R12, R4, R5, R6\n"
                  "FNS R13, R4, 0x1f, R6\n"
                  "FNS R14, R4, RZ, R6\n", (const uint32_t (*)[8])in, out);
        for (unsigned l = 0; l < 32; l++) {
            assert_int_equal(out[l][0], fns_ref(in[l][0], in[l][1], off));
            assert_int_equal(out[l][1], fns_ref(in[l][0], 31, off));
            assert_int_equal(out[l][2], fns_ref(in[l][0], 0, off));
        }
    }
    /* the PTX ISA's examples */
    for (unsigned l = 0; l < 32; l++) {
        in[l][0] = 0xaaaaaaaau;
        in[l][1] = 2 + l % 2;
        in[l][2] = l / 2 % 2 ? 1u : (uint32_t)-1;
    }
    run_lanes("FNS R12, R4, R5, R6\n", (const uint32_t (*)[8])in, out);
    assert_int_equal(out[0][0], 1);   /* base 2, -1 */
    assert_int_equal(out[1][0], 3);   /* base 3, -1 */
    assert_int_equal(out[2][0], 3);   /* base 2, 1 */
    assert_int_equal(out[3][0], 3);   /* base 3, 1 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elect),
        cmocka_unit_test(test_fns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
