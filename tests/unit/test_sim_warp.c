/* tests/unit/test_sim_warp.c — SHFL, VOTE, REDUX, MATCH and WARPSYNC with
 * full warps, partial masks after divergence, inactive source lanes and
 * segment widths below 32, exact expected values. R0 = lane (tid.x),
 * R4..R11 = inputs, R12..R15 = outputs (see sim_harness.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

typedef struct lane_case {
    th       t;
    uint32_t in[32][8];
    uint32_t out[32][4];
} lane_case;

static lane_case *lc_new(void)
{
    lane_case *c = calloc(1, sizeof *c);
    assert_non_null(c);
    th_init(&c->t);
    return c;
}

static void lc_run(lane_case *c, const char *body)
{
    memset(c->out, 0xEE, sizeof c->out);
    sim_status st = th_lanes(&c->t, body, (const uint32_t (*)[8])c->in, c->out);
    if (st != SIM_OK)
        fail_msg("status %d: %s%s", st, c->t.err, c->t.fault.message);
}

static void lc_free(lane_case *c)
{
    th_fini(&c->t);
    free(c);
}

/* Lane l's input R4 = 100 + l. */
static void seed(lane_case *c)
{
    for (unsigned l = 0; l < 32; l++)
        c->in[l][0] = 100 + l;
}

static void test_shfl_full_warp(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    seed(c);
    for (unsigned l = 0; l < 32; l++)
        c->in[l][1] = (l * 7) & 31;   /* idx source lane */
    /* c = 0x1f: whole warp (clamp 31, no segment) for idx/down/bfly; 0 for up */
    lc_run(c, "MOV R6, 0x1f\n"
              "SHFL.IDX R12, P0, R4, R5, R6\n"
              "SHFL.DOWN R13, P1, R4, 0x3, R6\n"
              "SHFL.UP R14, P2, R4, 0x5, RZ\n"
              "SHFL.BFLY R15, P3, R4, 0x6, R6\n"
              "P2R R5, P1\n"
              "P2R R7, P2\n"
              "LOP.OR R5, R5, R7\n");
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], 100 + ((l * 7) & 31));
        assert_int_equal(c->out[l][1], l + 3 <= 31 ? 100 + l + 3 : 100 + l);  /* own value */
        assert_int_equal(c->out[l][2], l >= 5 ? 100 + l - 5 : 100 + l);
        assert_int_equal(c->out[l][3], 100 + (l ^ 6));
    }
    lc_run(c, "MOV R6, 0x1f\n"
              "SHFL.DOWN R13, P1, R4, 0x3, R6\n"
              "SHFL.UP R14, P2, R4, 0x5, RZ\n"
              "P2R R12, P1\n"
              "P2R R15, P2\n");
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], l + 3 <= 31);
        assert_int_equal(c->out[l][3], l >= 5);
    }
    lc_free(c);
}

/* Width 8 (as __shfl_*_sync(mask, v, x, 8) passes c): segments of 8 lanes. */
static void test_shfl_segments(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    seed(c);
    lc_run(c, "MOV R6, 0x1807\n"             /* segmask (32-8)<<8, clamp 7 */
              "MOV R7, 0x1800\n"             /* up: clamp 0 */
              "SHFL.IDX R12, P0, R4, 0xa, R6\n"   /* lane 2 of each segment */
              "SHFL.DOWN R13, P1, R4, 0x2, R6\n"
              "SHFL.UP R14, P2, R4, 0x3, R7\n"
              "SHFL.BFLY R15, P3, R4, 0x4, R6\n");
    for (unsigned l = 0; l < 32; l++) {
        unsigned base = l & ~7u, i = l & 7;
        assert_int_equal(c->out[l][0], 100 + base + 2);
        assert_int_equal(c->out[l][1], i + 2 <= 7 ? 100 + l + 2 : 100 + l);
        assert_int_equal(c->out[l][2], i >= 3 ? 100 + l - 3 : 100 + l);
        assert_int_equal(c->out[l][3], 100 + (l ^ 4));
    }
    lc_free(c);
}

/* After divergence only the even lanes run the shuffle; an odd source lane
 * is inactive and gives its register's current value. */
static void test_shfl_inactive_source(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    seed(c);
    lc_run(c, "MOV R12, 0x0\n"
              "MOV R13, 0x7\n"
              "MOV R6, 0x1f\n"
              "LOP.AND R7, R0, 0x1\n"
              "ISETP.NE.U32.AND P0, R7, RZ, PT\n"
              "@P0 BRA skip, skip\n"
              "SHFL.IDX R12, P1, R4, 0x1, R6\n"     /* everyone reads lane 1 */
              "SHFL.DOWN R13, P2, R4, 0x1, R6\n"    /* reads the odd neighbour */
              "skip:\n");
    for (unsigned l = 0; l < 32; l++) {
        if (l & 1) {
            assert_int_equal(c->out[l][0], 0);
            assert_int_equal(c->out[l][1], 7);   /* untouched */
        } else {
            assert_int_equal(c->out[l][0], 101);
            assert_int_equal(c->out[l][1], 100 + l + 1);
        }
    }
    lc_free(c);
}

static void test_vote(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    for (unsigned l = 0; l < 32; l++)
        c->in[l][0] = l % 3 == 0;
    lc_run(c, "ISETP.NE.U32.AND P0, R4, RZ, PT\n"
              "VOTE.BALLOT R12, PT, P0, 0xffffffff\n"
              "VOTE.ANY RZ, P1, P0, 0xffffffff\n"
              "VOTE.ALL RZ, P2, P0, 0xffffffff\n"
              "VOTE.UNI RZ, P3, P0, 0xffffffff\n"
              "VOTE.ALL RZ, P4, PT, 0xffffffff\n"
              "VOTE.BALLOT R15, PT, !P0, 0xffffffff\n"
              "P2R R13, P1\n"
              "P2R R5, P2\n"
              "P2R R6, P3\n"
              "P2R R7, P4\n"
              "SHL R5, R5, 0x1\n"
              "SHL R6, R6, 0x2\n"
              "SHL R7, R7, 0x3\n"
              "LOP.OR R13, R13, R5\n"
              "LOP.OR R13, R13, R6\n"
              "LOP.OR R13, R13, R7\n");
    uint32_t ballot = 0;
    for (unsigned l = 0; l < 32; l += 3)
        ballot |= 1u << l;
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], ballot);
        assert_int_equal(c->out[l][1], 1 | 8);   /* any, all(PT) */
        assert_int_equal(c->out[l][3], ~ballot);
    }
    /* Lanes 0..9 only: the ballot and all/uni consider those lanes alone */
    lc_run(c, "MOV R12, 0x0\n"
              "MOV R13, 0x0\n"
              "ISETP.GE.U32.AND P0, R0, 0xa, PT\n"
              "@P0 BRA out, out\n"
              "VOTE.BALLOT R12, PT, PT, 0xffffffff\n"
              "ISETP.LT.U32.AND P1, R0, 0xa, PT\n"
              "VOTE.ALL RZ, P2, P1, 0xffffffff\n"
              "VOTE.UNI RZ, P3, P1, 0xffffffff\n"
              "P2R R13, P2\n"
              "P2R R5, P3\n"
              "SHL R5, R5, 0x1\n"
              "LOP.OR R13, R13, R5\n"
              "out:\n");
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], l < 10 ? 0x3FFu : 0);
        assert_int_equal(c->out[l][1], l < 10 ? 3u : 0);
    }
    lc_free(c);
}

static void test_redux(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    int32_t sum = 0, mn = INT32_MAX, mx = INT32_MIN;
    uint32_t umax = 0, and_ = 0xFFFFFFFFu, or_ = 0, xor_ = 0;
    for (unsigned l = 0; l < 32; l++) {
        int32_t v = (int32_t)(l * 37 % 50) - 20;
        c->in[l][0] = (uint32_t)v;
        sum += v;
        mn = v < mn ? v : mn;
        mx = v > mx ? v : mx;
        umax = (uint32_t)v > umax ? (uint32_t)v : umax;
        and_ &= (uint32_t)v;
        or_ |= (uint32_t)v;
        xor_ ^= (uint32_t)v;
    }
    lc_run(c, "REDUX.ADD.S32 R12, R4, 0xffffffff\n"
              "REDUX.MIN.S32 R13, R4, 0xffffffff\n"
              "REDUX.MAX.S32 R14, R4, 0xffffffff\n"
              "REDUX.MAX.U32 R15, R4, 0xffffffff\n");
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], (uint32_t)sum);
        assert_int_equal(c->out[l][1], (uint32_t)mn);
        assert_int_equal(c->out[l][2], (uint32_t)mx);
        assert_int_equal(c->out[l][3], umax);
    }
    lc_run(c, "REDUX.AND.U32 R12, R4, 0xffffffff\n"
              "REDUX.OR.U32 R13, R4, 0xffffffff\n"
              "REDUX.XOR.U32 R14, R4, 0xffffffff\n"
              "REDUX.MIN.U32 R15, R4, 0xffffffff\n");
    assert_int_equal(c->out[7][0], and_);
    assert_int_equal(c->out[7][1], or_);
    assert_int_equal(c->out[7][2], xor_);
    /* partial mask: lanes 4..7 (values l*37%50-20) */
    lc_run(c, "MOV R12, 0x0\n"
              "ISETP.LT.U32.AND P0, R0, 0x4, PT\n"
              "ISETP.GT.U32.OR P0, R0, 0x7, P0\n"
              "@P0 BRA out, out\n"
              "REDUX.ADD.U32 R12, R4, 0xffffffff\n"
              "out:\n");
    uint32_t part = 0;
    for (unsigned l = 4; l < 8; l++)
        part += c->in[l][0];
    for (unsigned l = 0; l < 32; l++)
        assert_int_equal(c->out[l][0], l >= 4 && l < 8 ? part : 0);
    lc_free(c);
}

static void test_match(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    for (unsigned l = 0; l < 32; l++) {
        c->in[l][0] = l % 4;              /* 32-bit key */
        c->in[l][2] = 7;                  /* 64-bit key R6:R7, equal everywhere */
        c->in[l][3] = l == 31 ? 1 : 0;    /* ... but lane 31's high word */
    }
    lc_run(c, "MATCH.ANY R12, PT, R4, 0xffffffff\n"
              "MATCH.ALL R13, P0, R4, 0xffffffff\n"
              "MATCH.ANY.64 R14, PT, R6, 0xffffffff\n"
              "P2R R15, P0\n");
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], 0x11111111u << (l % 4));
        assert_int_equal(c->out[l][1], 0);
        assert_int_equal(c->out[l][2], l == 31 ? 0x80000000u : 0x7FFFFFFFu);
        assert_int_equal(c->out[l][3], 0);
    }
    /* all lanes equal -> the full mask and P = true */
    lc_run(c, "MATCH.ALL R13, P0, RZ, 0xffffffff\n"
              "MATCH.ALL.64 R14, P1, R6, 0xffffffff\n"
              "P2R R12, P0\n"
              "P2R R15, P1\n");
    assert_int_equal(c->out[3][0], 1);
    assert_int_equal(c->out[3][1], 0xFFFFFFFFu);
    assert_int_equal(c->out[3][2], 0);
    assert_int_equal(c->out[3][3], 0);
    lc_free(c);
}

static void test_warpsync(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    lc_run(c, "WARPSYNC 0xffffffff\n"
              "MOV R12, 0x5\n");
    assert_int_equal(c->out[9][0], 5);
    lc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shfl_full_warp),
        cmocka_unit_test(test_shfl_segments),
        cmocka_unit_test(test_shfl_inactive_source),
        cmocka_unit_test(test_vote),
        cmocka_unit_test(test_redux),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_warpsync),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
