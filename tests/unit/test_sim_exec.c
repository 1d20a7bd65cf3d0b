/* tests/unit/test_sim_exec.c — per-lane semantics of the INT, MOVE, PRED,
 * SFU and MMA classes, run through the whole simulator (assembler ->
 * encoder -> predecode -> warp), with exact expected values. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

__extension__ typedef unsigned __int128 u128;

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
    sim_status st = th_lanes(&c->t, body, c->in, c->out);
    if (st != SIM_OK)
        fail_msg("status %d: %s%s", st, c->t.err, c->t.fault.message);
}

static void lc_free(lane_case *c)
{
    th_fini(&c->t);
    free(c);
}

static void set64(uint32_t *r, uint64_t v)
{
    r[0] = (uint32_t)v;
    r[1] = (uint32_t)(v >> 32);
}

static uint64_t get64(const uint32_t *r)
{
    return r[0] | (uint64_t)r[1] << 32;
}

static void test_iadd_isub(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    c->in[0][0] = 5; c->in[0][1] = 7;
    c->in[1][0] = 0xFFFFFFFFu; c->in[1][1] = 1;
    set64(&c->in[2][0], 0xFFFFFFFFull); set64(&c->in[2][2], 1);       /* 64-bit carry */
    set64(&c->in[3][0], 0); set64(&c->in[3][2], 0);
    lc_run(c, "IADD R12, R4, R5\n"
              "ISUB R13, R4, R5\n"
              "IADD.64 R14, R4, R6\n");
    assert_int_equal(c->out[0][0], 12);
    assert_int_equal(c->out[0][1], 0xFFFFFFFEu);   /* 5 - 7 wraps */
    assert_int_equal(c->out[1][0], 0);
    assert_int_equal(get64(&c->out[2][2]), 0x100000000ull);
    /* an immediate of a 64-bit op is sign-extended */
    lc_run(c, "IADD.64 R12, R4, -0x1\n"
              "ISUB.64 R14, R4, 0x1\n");
    assert_int_equal(get64(&c->out[3][0]), UINT64_MAX);
    assert_int_equal(get64(&c->out[3][2]), UINT64_MAX);
    assert_int_equal(get64(&c->out[2][0]), 0xFFFFFFFEull);
    lc_free(c);
}

static void test_imul_imad(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    c->in[0][0] = 0x10000; c->in[0][1] = 0x10001; c->in[0][2] = 5;
    c->in[1][0] = (uint32_t)-2; c->in[1][1] = 3; c->in[1][2] = 1;
    lc_run(c, "IMUL.LO.U32 R12, R4, R5\n"
              "IMUL.HI.U32 R13, R4, R5\n"
              "IMUL.HI.S32 R14, R4, R5\n"
              "IMAD.LO.S32 R15, R4, R5, R6\n");
    assert_int_equal(c->out[0][0], 0x10000u);          /* 0x1_0001_0000 low */
    assert_int_equal(c->out[0][1], 1);
    assert_int_equal(c->out[0][2], 1);
    assert_int_equal(c->out[0][3], 0x10005u);
    assert_int_equal(c->out[1][0], (uint32_t)-6);
    assert_int_equal(c->out[1][1], 2);                 /* 0xfffffffe * 3 = 0x2_ffff_fffa */
    assert_int_equal(c->out[1][2], 0xFFFFFFFFu);       /* -6 >> 32 */
    assert_int_equal(c->out[1][3], (uint32_t)-5);
    lc_run(c, "IMUL.WIDE.U32 R12, R4, R5\n"
              "IMUL.WIDE.S32 R14, R4, R5\n");
    assert_int_equal(get64(&c->out[1][0]), 0x2FFFFFFFAull);
    assert_int_equal(get64(&c->out[1][2]), (uint64_t)-6);
    /* IMAD.WIDE adds a 64-bit c */
    c->in[2][0] = 0xFFFFFFFFu; c->in[2][1] = 2; set64(&c->in[2][2], 0x100000000ull);
    lc_run(c, "IMAD.WIDE.U32 R12, R4, R5, R6\n"
              "IMAD.WIDE.U32 R14, R4, 0x10, R6\n");
    assert_int_equal(get64(&c->out[2][0]), 0x2FFFFFFFEull);
    assert_int_equal(get64(&c->out[2][2]), 0xFFFFFFFF0ull + 0x100000000ull);
    lc_free(c);
}

static void test_mul_64_and_narrow(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    set64(&c->in[0][0], UINT64_MAX); set64(&c->in[0][2], UINT64_MAX);
    set64(&c->in[1][0], (uint64_t)-1); set64(&c->in[1][2], 1);
    set64(&c->in[2][0], 0x123456789ull); set64(&c->in[2][2], 0x987654321ull);
    lc_run(c, "IMUL.HI.U64 R12, R4, R6\n"
              "IMUL.HI.S64 R14, R4, R6\n");
    /* (2^64-1)^2 = 2^128 - 2^65 + 1: high half 2^64 - 2 */
    assert_int_equal(get64(&c->out[0][0]), 0xFFFFFFFFFFFFFFFEull);
    assert_int_equal(get64(&c->out[0][2]), 0);          /* (-1)(-1) = 1 */
    assert_int_equal(get64(&c->out[1][2]), UINT64_MAX); /* (-1)(1) = -1: high half all ones */
    assert_int_equal(get64(&c->out[2][0]),
                     (uint64_t)(((u128)0x123456789ull * 0x987654321ull) >> 64));
    lc_run(c, "IMUL.LO.U64 R12, R4, R6\n"
              "IMAD.LO.U64 R14, R4, R6, R6\n");
    assert_int_equal(get64(&c->out[2][0]), 0x123456789ull * 0x987654321ull);
    assert_int_equal(get64(&c->out[2][2]), 0x123456789ull * 0x987654321ull + 0x987654321ull);
    c->in[3][0] = 0x1FFFF; c->in[3][1] = 0xFFFF;
    c->in[4][0] = 0x8000; c->in[4][1] = 0x0002;
    lc_run(c, "IMUL.LO.U16 R12, R4, R5\n"
              "IMUL.HI.U16 R13, R4, R5\n"
              "IMUL.WIDE.S16 R14, R4, R5\n"
              "IMUL.LO.S16 R15, R4, R5\n");
    assert_int_equal(c->out[3][0], 1);                 /* 0xffff^2 = 0xfffe0001 */
    assert_int_equal(c->out[3][1], 0xFFFE);
    assert_int_equal(c->out[3][2], 1);                 /* (-1)(-1) */
    assert_int_equal(c->out[4][2], (uint32_t)-65536);  /* -32768 * 2 */
    assert_int_equal(c->out[4][3], 0);                 /* low 16 bits of -65536 */
    lc_free(c);
}

static void test_idiv_irem(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    uint32_t a[] = { 7, (uint32_t)-7, 7, 0x80000000u, 12345, 0, 7 };
    uint32_t b[] = { 2, 2, 0, (uint32_t)-1, (uint32_t)-10, 0, (uint32_t)-2 };
    for (unsigned i = 0; i < 7; i++) {
        c->in[i][0] = a[i];
        c->in[i][1] = b[i];
    }
    lc_run(c, "IDIV.S32 R12, R4, R5\n"
              "IREM.S32 R13, R4, R5\n"
              "IDIV.U32 R14, R4, R5\n"
              "IREM.U32 R15, R4, R5\n");
    assert_int_equal(c->out[0][0], 3);
    assert_int_equal(c->out[0][1], 1);
    assert_int_equal(c->out[1][0], (uint32_t)-3);      /* truncates toward zero */
    assert_int_equal(c->out[1][1], (uint32_t)-1);      /* sign of the dividend */
    assert_int_equal(c->out[2][0], 0xFFFFFFFFu);       /* x / 0: all ones */
    assert_int_equal(c->out[2][1], 7);                 /* x % 0: x */
    assert_int_equal(c->out[2][2], 0xFFFFFFFFu);
    assert_int_equal(c->out[2][3], 7);
    assert_int_equal(c->out[3][0], 0x80000000u);       /* INT_MIN / -1 */
    assert_int_equal(c->out[3][1], 0);
    assert_int_equal(c->out[3][2], 0);                 /* unsigned: 0x80000000 / 0xffffffff */
    assert_int_equal(c->out[4][0], (uint32_t)-1234);
    assert_int_equal(c->out[4][1], 5);
    assert_int_equal(c->out[5][0], 0xFFFFFFFFu);       /* 0 / 0 */
    assert_int_equal(c->out[6][0], (uint32_t)-3);
    assert_int_equal(c->out[6][3], 7);                 /* 7 % 0xfffffffe */
    set64(&c->in[0][0], 0x8000000000000000ull); set64(&c->in[0][2], UINT64_MAX);
    set64(&c->in[1][0], 100); set64(&c->in[1][2], 0);
    c->in[2][0] = 0x1234; c->in[2][1] = 0;              /* 16-bit: divisor 0 in the low bits */
    c->in[2][2] = 0; c->in[2][3] = 0;
    lc_run(c, "IDIV.S64 R12, R4, R6\n"
              "IREM.S64 R14, R4, R6\n");
    assert_int_equal(get64(&c->out[0][0]), 0x8000000000000000ull);
    assert_int_equal(get64(&c->out[0][2]), 0);
    assert_int_equal(get64(&c->out[1][0]), UINT64_MAX);
    assert_int_equal(get64(&c->out[1][2]), 100);
    lc_run(c, "IDIV.U16 R12, R4, R5\n"
              "IDIV.S16 R13, R4, R5\n"
              "IREM.S8 R14, R4, R5\n");
    assert_int_equal(c->out[2][0], 0xFFFF);            /* all ones of the type, zero-extended */
    assert_int_equal(c->out[2][1], 0xFFFFFFFFu);       /* ... sign-extended */
    assert_int_equal(c->out[2][2], 0x34);
    lc_free(c);
}

static void test_minmax_abs_neg_logic(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    c->in[0][0] = (uint32_t)-5; c->in[0][1] = 3;
    c->in[1][0] = 0x80000000u; c->in[1][1] = 0xF0F0F0F0u;
    lc_run(c, "IMNMX.MIN.S32 R12, R4, R5\n"
              "IMNMX.MAX.S32 R13, R4, R5\n"
              "IMNMX.MIN.U32 R14, R4, R5\n"
              "IMNMX.MAX.U32 R15, R4, R5\n");
    assert_int_equal(c->out[0][0], (uint32_t)-5);
    assert_int_equal(c->out[0][1], 3);
    assert_int_equal(c->out[0][2], 3);
    assert_int_equal(c->out[0][3], (uint32_t)-5);
    lc_run(c, "IABS R12, R4\n"
              "INEG R13, R4\n"
              "LOP.AND R14, R4, R5\n"
              "LOP.XOR R15, R5, 0xff\n");
    assert_int_equal(c->out[0][0], 5);
    assert_int_equal(c->out[0][1], 5);
    assert_int_equal(c->out[1][0], 0x80000000u);       /* |INT_MIN| wraps */
    assert_int_equal(c->out[1][1], 0x80000000u);
    assert_int_equal(c->out[1][2], 0x80000000u);
    assert_int_equal(c->out[1][3], 0xF0F0F00Fu);
    set64(&c->in[2][0], 0x00000000FFFFFFFFull); set64(&c->in[2][2], 0xFFFF0000FFFF0000ull);
    set64(&c->in[3][0], (uint64_t)-9); set64(&c->in[3][2], 0);
    lc_run(c, "LOP.OR.64 R12, R4, R6\n"
              "LNOT.64 R14, R4\n");
    assert_int_equal(get64(&c->out[2][0]), 0xFFFF0000FFFFFFFFull);
    assert_int_equal(get64(&c->out[2][2]), 0xFFFFFFFF00000000ull);
    lc_run(c, "IABS.64 R12, R4\n"
              "INEG.64 R14, R4\n"
              "LOP.OR R4, R4, 0x1\n");
    assert_int_equal(get64(&c->out[3][0]), 9);
    assert_int_equal(get64(&c->out[3][2]), 9);
    lc_run(c, "LNOT R12, R4\n"
              "LOP.OR.64 R14, R4, -0x10\n");   /* immediate sign-extended to 64 bits */
    assert_int_equal(c->out[2][0], 0);
    assert_int_equal(get64(&c->out[2][2]), 0xFFFFFFFFFFFFFFFFull);
    lc_free(c);
}

static void test_shifts(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    c->in[0][0] = 0x80000001u; c->in[0][1] = 4;
    c->in[1][0] = 0x80000001u; c->in[1][1] = 32;
    c->in[2][0] = 0x80000001u; c->in[2][1] = 100;
    lc_run(c, "SHL R12, R4, R5\n"
              "SHR.U32 R13, R4, R5\n"
              "SHR.S32 R14, R4, R5\n"
              "SHR.S16 R15, R4, R5\n");
    assert_int_equal(c->out[0][0], 0x10);
    assert_int_equal(c->out[0][1], 0x08000000u);
    assert_int_equal(c->out[0][2], 0xF8000000u);
    assert_int_equal(c->out[0][3], 0);                 /* low 16 bits 0x0001 >> 4 */
    assert_int_equal(c->out[1][0], 0);                 /* counts >= width give 0 */
    assert_int_equal(c->out[1][1], 0);
    assert_int_equal(c->out[1][2], 0xFFFFFFFFu);       /* arithmetic: all sign bits */
    assert_int_equal(c->out[2][2], 0xFFFFFFFFu);
    set64(&c->in[3][0], 0x8000000000000001ull); c->in[3][2] = 63; c->in[3][3] = 0;
    set64(&c->in[4][0], 0x8000000000000001ull); c->in[4][2] = 64; c->in[4][3] = 0;
    lc_run(c, "SHL.64 R12, R4, R6\n"
              "SHR.S64 R14, R4, R6\n");
    assert_int_equal(get64(&c->out[3][0]), 0x8000000000000000ull);
    assert_int_equal(get64(&c->out[3][2]), UINT64_MAX);
    assert_int_equal(get64(&c->out[4][0]), 0);
    assert_int_equal(get64(&c->out[4][2]), UINT64_MAX);
    lc_run(c, "SHR.U64 R12, R4, R6\n"
              "SHL.64 R14, R4, 0x1\n");
    assert_int_equal(get64(&c->out[3][0]), 1);
    assert_int_equal(get64(&c->out[4][0]), 0);
    assert_int_equal(get64(&c->out[3][2]), 2);
    lc_free(c);
}

static void test_bit_ops(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    c->in[0][0] = 0x80000000u;
    c->in[1][0] = 0;
    c->in[2][0] = (uint32_t)-1;
    c->in[3][0] = (uint32_t)-2;
    c->in[4][0] = 0x00F00001u;
    lc_run(c, "POPC R12, R4\n"
              "BREV R13, R4\n"
              "FLO.U32 R14, R4\n"
              "FLO.S32 R15, R4\n");
    assert_int_equal(c->out[0][0], 1);
    assert_int_equal(c->out[0][1], 1);
    assert_int_equal(c->out[0][2], 31);
    assert_int_equal(c->out[0][3], 30);   /* ~0x80000000: highest non-sign bit 30 */
    assert_int_equal(c->out[1][2], 0xFFFFFFFFu);
    assert_int_equal(c->out[1][3], 0xFFFFFFFFu);
    assert_int_equal(c->out[2][0], 32);
    assert_int_equal(c->out[2][3], 0xFFFFFFFFu);   /* -1: no non-sign bit */
    assert_int_equal(c->out[3][3], 0);
    assert_int_equal(c->out[4][0], 5);
    assert_int_equal(c->out[4][1], 0x80000F00u);   /* bits 0, 20..23 -> 31, 11..8 */
    assert_int_equal(c->out[4][2], 23);
    lc_run(c, "CLZ R12, R4\n"
              "MOV R13, RZ\n"
              "MOV R14, RZ\n"
              "MOV R15, RZ\n");
    assert_int_equal(c->out[0][0], 0);
    assert_int_equal(c->out[1][0], 32);
    assert_int_equal(c->out[4][0], 8);
    set64(&c->in[5][0], 0x0000000100000003ull);
    lc_run(c, "POPC.64 R12, R4\n"
              "CLZ.64 R13, R4\n"
              "BREV.64 R14, R4\n");
    assert_int_equal(c->out[5][0], 3);
    assert_int_equal(c->out[5][1], 31);
    assert_int_equal(get64(&c->out[5][2]), 0xC000000080000000ull);
    assert_int_equal(c->out[1][1], 64);
    lc_free(c);
}

static void test_isetp_and_guards(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    c->in[0][0] = (uint32_t)-1; c->in[0][1] = 1;
    c->in[1][0] = 1; c->in[1][1] = 1;
    c->in[2][0] = 2; c->in[2][1] = 1;
    lc_run(c, "ISETP.LT.S32.AND P0, R4, R5, PT\n"
              "ISETP.LT.U32.AND P1, R4, R5, PT\n"
              "ISETP.GE.S32.OR P2, R4, R5, P0\n"     /* always true: GE or LT */
              "ISETP.EQ.U32.AND P3, R4, R5, !P1\n"
              "P2R R12, P0\n"
              "P2R R13, P1\n"
              "P2R R14, P2\n"
              "P2R R15, P3\n");
    assert_int_equal(c->out[0][0], 1);
    assert_int_equal(c->out[0][1], 0);
    assert_int_equal(c->out[0][2], 1);
    assert_int_equal(c->out[0][3], 0);
    assert_int_equal(c->out[1][0], 0);
    assert_int_equal(c->out[1][2], 1);
    assert_int_equal(c->out[1][3], 1);
    assert_int_equal(c->out[2][2], 1);
    /* guards: lanes whose guard fails keep their old values */
    lc_run(c, "MOV R12, 0x7\n"
              "MOV R13, 0x7\n"
              "ISETP.GT.S32.AND P0, R4, R5, PT\n"
              "@P0 MOV R12, 0x1\n"
              "@!P0 MOV R13, 0x2\n"
              "ISETP.LT.S64.AND P1, R4, R6, PT\n"   /* pairs R4:R5 vs R6:R7 */
              "P2R R14, P1\n"
              "ISETP.T.U32.AND PT, R4, R5, PT\n"    /* writes to PT are discarded */
              "P2R R15, PT\n");
    assert_int_equal(c->out[0][0], 7);
    assert_int_equal(c->out[0][1], 2);
    assert_int_equal(c->out[2][0], 1);
    assert_int_equal(c->out[2][1], 7);
    assert_int_equal(c->out[0][3], 1);
    /* lane 0: R4:R5 = 0x1_ffffffff vs R6:R7 = 0 -> not less */
    assert_int_equal(c->out[0][2], 0);
    lc_free(c);
}

/* Every integer compare code and type against C on the extended values. */
static void test_isetp_all_compares(void **state)
{
    (void)state;
    static const char *const cmps[] = { "F", "LT", "EQ", "LE", "GT", "NE", "GE", "NUM",
                                        "NAN", "LTU", "EQU", "LEU", "GTU", "NEU", "GEU", "T" };
    static const char *const types[] = { "U32", "S32", "U64", "S64", "U16", "S16", "U8", "S8" };
    lane_case *c = lc_new();
    const uint64_t vals[] = { 0, 1, 2, 0x7F, 0x80, 0xFFFF, 0x8000, 0x7FFFFFFF, 0x80000000u,
                              0xFFFFFFFFu, 0x100000000ull, 0xFFFFFFFFFFFFFFFFull,
                              0x8000000000000000ull, 0x1FFFF, 0xFFFFFF80u, 5 };
    for (unsigned l = 0; l < 32; l++) {
        set64(&c->in[l][0], vals[l % 16]);
        set64(&c->in[l][2], vals[(l * 7 + l / 16) % 16]);
    }
    for (unsigned t = 0; t < 8; t++) {
        unsigned bits = t < 2 ? 32 : t < 4 ? 64 : t < 6 ? 16 : 8;
        bool sgn = t & 1;
        for (unsigned k = 0; k < 16; k += 4) {
            char body[512];
            snprintf(body, sizeof body,
                     "ISETP.%s.%s.AND P0, R4, R6, PT\nISETP.%s.%s.AND P1, R4, R6, PT\n"
                     "ISETP.%s.%s.AND P2, R4, R6, PT\nISETP.%s.%s.AND P3, R4, R6, PT\n"
                     "P2R R12, P0\nP2R R13, P1\nP2R R14, P2\nP2R R15, P3\n",
                     cmps[k], types[t], cmps[k + 1], types[t], cmps[k + 2], types[t],
                     cmps[k + 3], types[t]);
            lc_run(c, body);
            for (unsigned l = 0; l < 32; l++) {
                uint64_t m = bits == 64 ? UINT64_MAX : (1ull << bits) - 1;
                uint64_t ua = get64(&c->in[l][0]) & m, ub = get64(&c->in[l][2]) & m;
                int64_t sa = (int64_t)(ua << (64 - bits)) >> (64 - bits);
                int64_t sb = (int64_t)(ub << (64 - bits)) >> (64 - bits);
                bool lt = sgn ? sa < sb : ua < ub, eq = ua == ub;
                for (unsigned j = 0; j < 4; j++) {
                    const char *n = cmps[k + j];
                    bool want;
                    if (!strcmp(n, "F") || !strcmp(n, "NAN")) want = false;
                    else if (!strcmp(n, "T") || !strcmp(n, "NUM")) want = true;
                    else if (!strncmp(n, "LT", 2)) want = lt;
                    else if (!strncmp(n, "EQ", 2)) want = eq;
                    else if (!strncmp(n, "LE", 2)) want = lt || eq;
                    else if (!strncmp(n, "GT", 2)) want = !lt && !eq;
                    else if (!strncmp(n, "NE", 2)) want = !eq;
                    else want = !lt;   /* GE */
                    if (c->out[l][j] != want)
                        fail_msg("ISETP.%s.%s lane %u: %llx vs %llx gave %u", n, types[t], l,
                                 (unsigned long long)ua, (unsigned long long)ub, c->out[l][j]);
                }
            }
        }
    }
    lc_free(c);
}

/* Every float compare code, f32 and f64, on NaN, +-0, +-inf and normals. */
static void test_fsetp_dsetp_all_compares(void **state)
{
    (void)state;
    static const char *const cmps[] = { "F", "LT", "EQ", "LE", "GT", "NE", "GE", "NUM",
                                        "NAN", "LTU", "EQU", "LEU", "GTU", "NEU", "GEU", "T" };
    const double vals[] = { NAN, 0.0, -0.0, INFINITY, -INFINITY, 1.5, -1.5, 3.0 };
    lane_case *c = lc_new();
    for (unsigned l = 0; l < 32; l++) {
        double a = vals[l % 8], b = vals[(l / 8 + l * 3) % 8];
        c->in[l][0] = th_f2u((float)a);
        c->in[l][1] = th_f2u((float)b);
        set64(&c->in[l][2], th_d2u(a));
        set64(&c->in[l][4], th_d2u(b));
    }
    for (unsigned dbl = 0; dbl < 2; dbl++)
        for (unsigned k = 0; k < 16; k += 4) {
            char body[512];
            const char *op = dbl ? "DSETP" : "FSETP";
            const char *ops = dbl ? "R6, R8" : "R4, R5";
            snprintf(body, sizeof body,
                     "%s.%s.AND P0, %s, PT\n%s.%s.AND P1, %s, PT\n"
                     "%s.%s.AND P2, %s, PT\n%s.%s.AND P3, %s, PT\n"
                     "P2R R12, P0\nP2R R13, P1\nP2R R14, P2\nP2R R15, P3\n",
                     op, cmps[k], ops, op, cmps[k + 1], ops, op, cmps[k + 2], ops,
                     op, cmps[k + 3], ops);
            lc_run(c, body);
            for (unsigned l = 0; l < 32; l++) {
                double a = th_u2d(get64(&c->in[l][2])), b = th_u2d(get64(&c->in[l][4]));
                bool un = isnan(a) || isnan(b);
                for (unsigned j = 0; j < 4; j++) {
                    const char *n = cmps[k + j];
                    bool u = strlen(n) == 3 && n[2] == 'U';
                    bool want;
                    if (!strcmp(n, "F")) want = false;
                    else if (!strcmp(n, "T")) want = true;
                    else if (!strcmp(n, "NUM")) want = !un;
                    else if (!strcmp(n, "NAN")) want = un;
                    else if (un) want = u;
                    else if (!strncmp(n, "LT", 2)) want = a < b;
                    else if (!strncmp(n, "EQ", 2)) want = a == b;
                    else if (!strncmp(n, "LE", 2)) want = a <= b;
                    else if (!strncmp(n, "GT", 2)) want = a > b;
                    else if (!strncmp(n, "NE", 2)) want = a != b;
                    else want = a >= b;
                    if (c->out[l][j] != want)
                        fail_msg("%s.%s lane %u: %g vs %g gave %u", op, n, l, a, b, c->out[l][j]);
                }
            }
        }
    lc_free(c);
}

static void test_move_pred(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    for (unsigned l = 0; l < 32; l++) {
        c->in[l][0] = l;
        c->in[l][1] = 100 + l;
    }
    lc_run(c, "ISETP.LT.U32.AND P0, R4, 0x10, PT\n"
              "SEL R12, R4, R5, P0\n"
              "SEL R13, R4, 0x63, !P0\n"
              "ISETP.EQ.U32.AND P1, R4, 0x3, PT\n"
              "PLOP.OR P2, P0, P1\n"
              "PLOP.XOR P3, !P0, P1\n"
              "P2R R14, P2\n"
              "P2R R15, P3\n");
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], l < 16 ? l : 100 + l);
        assert_int_equal(c->out[l][1], l < 16 ? 99 : l);
        assert_int_equal(c->out[l][2], l < 16);
        assert_int_equal(c->out[l][3], (l >= 16) ^ (l == 3));
    }
    lc_run(c, "S2R R12, SR_LANEID\n"
              "S2R R13, SR_LANEMASK_LT\n"
              "S2R R14, SR_LANEMASK_GE\n"
              "S2R R15, SR_NTID.X\n");
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], l);
        assert_int_equal(c->out[l][1], (uint32_t)((1ull << l) - 1));
        assert_int_equal(c->out[l][2], (uint32_t)~((1ull << l) - 1));
        assert_int_equal(c->out[l][3], 32);
    }
    lc_run(c, "S2R R12, SR_LANEMASK_EQ\n"
              "S2R R13, SR_LANEMASK_LE\n"
              "S2R R14, SR_LANEMASK_GT\n"
              "MOV R15, 0xdeadbeef\n");
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], 1u << l);
        assert_int_equal(c->out[l][1], (uint32_t)((2ull << l) - 1));
        assert_int_equal(c->out[l][2], (uint32_t)~((2ull << l) - 1));
        assert_int_equal(c->out[l][3], 0xDEADBEEFu);
    }
    lc_free(c);
}

static void test_mufu(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    float v[] = { 2.0f, 4.0f, 3.0f, 8.0f, 0.0f, -1.0f };
    for (unsigned i = 0; i < 6; i++)
        c->in[i][0] = th_f2u(v[i]);
    c->in[6][0] = 0x00000001u;   /* smallest subnormal */
    lc_run(c, "MUFU.RCP R12, R4\n"
              "MUFU.SQRT R13, R4\n"
              "MUFU.EX2 R14, R4\n"
              "MUFU.LG2 R15, R4\n");
    assert_true(th_u2f(c->out[0][0]) == 0.5f);
    assert_true(th_u2f(c->out[1][1]) == 2.0f);
    assert_true(th_u2f(c->out[2][2]) == 8.0f);
    assert_true(th_u2f(c->out[3][3]) == 3.0f);
    assert_int_equal(c->out[4][0], 0x7F800000u);   /* 1/0 = +inf */
    assert_int_equal(c->out[4][3], 0xFF800000u);   /* lg2(0) = -inf */
    assert_int_equal(c->out[5][3], 0x7FFFFFFFu);   /* lg2(-1): canonical NaN */
    assert_int_equal(c->out[5][1], 0x7FFFFFFFu);   /* sqrt(-1) */
    assert_int_not_equal(c->out[6][1], 0);          /* sqrt(2^-149) without FTZ */
    lc_run(c, "MUFU.RSQ R12, R4\n"
              "MUFU.SIN R13, R4\n"
              "MUFU.COS R14, R4\n"
              "MUFU.SQRT.FTZ R15, R4\n");
    assert_true(th_u2f(c->out[1][0]) == 0.5f);
    assert_int_equal(c->out[4][1], 0);
    assert_true(th_u2f(c->out[4][2]) == 1.0f);
    assert_int_equal(c->out[6][3], 0);             /* input flushed to +0 */
    assert_true(fabsf(th_u2f(c->out[0][1]) - sinf(2.0f)) < 1e-6f);
    lc_run(c, "MUFU.TANH R12, R4\n"
              "MOV R13, RZ\nMOV R14, RZ\nMOV R15, RZ\n");
    assert_int_equal(c->out[4][0], 0);
    assert_true(fabsf(th_u2f(c->out[0][0]) - tanhf(2.0f)) < 1e-6f);
    lc_free(c);
}

static uint16_t h(float f)
{
    /* exact for the small integers and halves used below */
    uint32_t u = th_f2u(f);
    if (f == 0.0f)
        return (uint16_t)(u >> 16);
    int e = (int)((u >> 23) & 0xFF) - 127 + 15;
    return (uint16_t)(((u >> 16) & 0x8000) | (uint32_t)e << 10 | ((u >> 13) & 0x3FF));
}

static void test_hmma(void **state)
{
    (void)state;
    lane_case *c = lc_new();
    /* group g, lane i: A row i, B column i, C row i. A[i][k] = i + k + g,
     * B[k][j] = (k == j) + 0.5 * k, C[i][j] = 10 * i + j. */
    float A[8][4][4], B[8][4][4], C[8][4][4];
    for (unsigned g = 0; g < 8; g++)
        for (unsigned i = 0; i < 4; i++)
            for (unsigned k = 0; k < 4; k++) {
                A[g][i][k] = (float)(i + k + g);
                B[g][i][k] = (i == k) + 0.5f * (float)i;   /* B[k=i][j=k] */
                C[g][i][k] = (float)(10 * i + k);
            }
    for (unsigned g = 0; g < 8; g++)
        for (unsigned i = 0; i < 4; i++) {
            uint32_t *r = c->in[4 * g + i];
            r[0] = h(A[g][i][0]) | (uint32_t)h(A[g][i][1]) << 16;
            r[1] = h(A[g][i][2]) | (uint32_t)h(A[g][i][3]) << 16;
            /* lane i holds column i of B: B[0][i], B[1][i], B[2][i], B[3][i] */
            r[2] = h(B[g][0][i]) | (uint32_t)h(B[g][1][i]) << 16;
            r[3] = h(B[g][2][i]) | (uint32_t)h(B[g][3][i]) << 16;
            for (unsigned j = 0; j < 4; j++)
                r[4 + j] = th_f2u(C[g][i][j]);
        }
    lc_run(c, "HMMA.F32F16 R12, R4, R6, R8\n");
    for (unsigned g = 0; g < 8; g++)
        for (unsigned i = 0; i < 4; i++)
            for (unsigned j = 0; j < 4; j++) {
                float want = C[g][i][j];
                for (unsigned k = 0; k < 4; k++)
                    want += A[g][i][k] * B[g][k][j];
                assert_true(th_u2f(c->out[4 * g + i][j]) == want);
            }
    /* F16F16: C and D packed as f16 pairs */
    for (unsigned l = 0; l < 32; l++) {
        c->in[l][4] = h(1.0f) | (uint32_t)h(2.0f) << 16;
        c->in[l][5] = h(3.0f) | (uint32_t)h(4.0f) << 16;
    }
    lc_run(c, "HMMA.F16F16 R12, R4, R6, R8\n"
              "MOV R14, RZ\nMOV R15, RZ\n");
    for (unsigned i = 0; i < 4; i++)
        for (unsigned j = 0; j < 4; j++) {
            float want = (float)(j + 1);
            for (unsigned k = 0; k < 4; k++)
                want += A[0][i][k] * B[0][k][j];
            uint32_t reg = c->out[i][j / 2];
            assert_int_equal((j & 1) ? reg >> 16 : reg & 0xFFFF, h(want));
        }
    lc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iadd_isub),
        cmocka_unit_test(test_imul_imad),
        cmocka_unit_test(test_mul_64_and_narrow),
        cmocka_unit_test(test_idiv_irem),
        cmocka_unit_test(test_minmax_abs_neg_logic),
        cmocka_unit_test(test_shifts),
        cmocka_unit_test(test_bit_ops),
        cmocka_unit_test(test_isetp_and_guards),
        cmocka_unit_test(test_isetp_all_compares),
        cmocka_unit_test(test_fsetp_dsetp_all_compares),
        cmocka_unit_test(test_move_pred),
        cmocka_unit_test(test_mufu),
        cmocka_unit_test(test_hmma),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
