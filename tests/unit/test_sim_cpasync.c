/* tests/unit/test_sim_cpasync.c — LDGSTS (cp.async) and its fences, MOVM
 * (movmatrix) and STSM (stmatrix) against CPU references, and their fault
 * reports.
 *
 * Lane inputs (th_lanes, R4..R11 = in[0..7]): R4:R5 = global source
 * address, R6 = src-size, R7 = shared offset, R8..R11 = words written to
 * shared before the copy
 * (so bytes past cp-size must survive and zero-filled bytes must change). */
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

typedef struct cp_setup {
    uint8_t *src;               /* 32 lanes x 16 bytes, in a 512-byte allocation */
    uint32_t in[32][8], out[32][4];
} cp_setup;

static void cp_fill(th *t, cp_setup *c)
{
    c->src = th_alloc(t, 512);
    for (unsigned i = 0; i < 512; i++)
        c->src[i] = (uint8_t)(i * 13 + 5);
    for (unsigned l = 0; l < 32; l++) {
        uint64_t a = (uint64_t)(uintptr_t)(c->src + 16 * l);
        c->in[l][0] = (uint32_t)a;
        c->in[l][1] = (uint32_t)(a >> 32);
        c->in[l][2] = l % 17;
        c->in[l][3] = 16 * l;
        for (unsigned w = 0; w < 4; w++)
            c->in[l][4 + w] = 0xA5A5A5A5u;   /* R8..R11 */
    }
    t->k.shared_size = 512;
}

/* Expected 16 bytes of lane l's shared slot: n source bytes, zeros up to
 * cp, the 0xA5 fill after that. */
static void cp_want(const cp_setup *c, unsigned l, unsigned n, unsigned cp, uint8_t *want)
{
    for (unsigned i = 0; i < 16; i++)
        want[i] = i < n ? c->src[16 * l + i] : i < cp ? 0 : 0xA5;
}

static void check_lanes(const cp_setup *c, unsigned cp, bool zfill)
{
    for (unsigned l = 0; l < 32; l++) {
        uint8_t want[16];
        cp_want(c, l, zfill ? l % 17 < cp ? l % 17 : cp : cp, cp, want);
        if (memcmp(c->out[l], want, 16) != 0)
            fail_msg("lane %u: got %08x %08x %08x %08x", l, c->out[l][0], c->out[l][1],
                     c->out[l][2], c->out[l][3]);
    }
}

#define PRELUDE "STS.128 [R7], R8\n"
#define READ    "LDGDEPBAR\nDEPBAR 0x0\nLDS.128 R12, [R7]"

static void test_full_sizes(void **state)
{
    (void)state;
    static const char *const body[3] = {
        PRELUDE "LDGSTS.4 R7, [R4], RZ\n" READ,
        PRELUDE "LDGSTS.8 R7, [R4], RZ\n" READ,
        PRELUDE "LDGSTS.16 R7, [R4], RZ\n" READ,
    };
    for (unsigned s = 0; s < 3; s++) {
        th *t = th_new();
        cp_setup c;
        cp_fill(t, &c);
        assert_int_equal(th_lanes(t, body[s], (const uint32_t (*)[8])c.in, c.out), SIM_OK);
        check_lanes(&c, 4u << s, false);
        /* one global load and one shared store per LDGSTS, next to the STS/LDS */
        assert_int_equal(t->stats.global_loads, 3);     /* 2 LDG.128 of th_lanes + 1 */
        assert_int_equal(t->stats.shared_stores, 2);    /* STS + LDGSTS */
        th_free(t);
    }
}

/* src-size = lane % 17 for 16 bytes; lanes with src-size > cp-size fault,
 * so the 4- and 8-byte forms use src-size = min(lane % 17, cp). */
static void test_zfill(void **state)
{
    (void)state;
    th *t = th_new();
    cp_setup c;
    cp_fill(t, &c);
    assert_int_equal(th_lanes(t, PRELUDE "LDGSTS.16.ZFILL R7, [R4], R6\n" READ,
                              (const uint32_t (*)[8])c.in, c.out), SIM_OK);
    check_lanes(&c, 16, true);
    th_free(t);
    t = th_new();
    cp_fill(t, &c);
    for (unsigned l = 0; l < 32; l++)
        c.in[l][2] = l % 17 < 8 ? l % 17 : 8;
    assert_int_equal(th_lanes(t, PRELUDE "LDGSTS.8.ZFILL R7, [R4], R6\n" READ,
                              (const uint32_t (*)[8])c.in, c.out), SIM_OK);
    check_lanes(&c, 8, true);
    th_free(t);
}

/* src-size 0 never touches global memory: a wild source is fine. */
static void test_zero_reads_nothing(void **state)
{
    (void)state;
    th *t = th_new();
    cp_setup c;
    cp_fill(t, &c);
    for (unsigned l = 0; l < 32; l++) {
        c.in[l][0] = 0x1230 + 16 * l;
        c.in[l][1] = 0;
        c.in[l][2] = 0;
    }
    assert_int_equal(th_lanes(t, PRELUDE "LDGSTS.16.ZFILL R7, [R4], R6\n" READ,
                              (const uint32_t (*)[8])c.in, c.out), SIM_OK);
    for (unsigned l = 0; l < 32; l++)
        for (unsigned w = 0; w < 4; w++)
            assert_int_equal(c.out[l][w], 0);
    th_free(t);
}

/* A partial read that runs past its allocation is reported for exactly
 * the bytes read; a misaligned shared destination; src-size > cp-size. */
static void test_faults(void **state)
{
    (void)state;
    th *t = th_new();
    cp_setup c;
    cp_fill(t, &c);
    uint8_t *g = th_alloc(t, 504);   /* the last 16-byte slot holds only 8 */
    for (unsigned l = 0; l < 32; l++) {
        uint64_t a = (uint64_t)(uintptr_t)(g + 16 * l);
        c.in[l][0] = (uint32_t)a;
        c.in[l][1] = (uint32_t)(a >> 32);
        c.in[l][2] = 8;
    }
    c.in[31][2] = 12;   /* lane 31 reads 12 bytes, 4 past the allocation */
    assert_int_equal(th_lanes(t, "LDGSTS.16.ZFILL R7, [R4+0x0], R6\n" READ,
                              (const uint32_t (*)[8])c.in, c.out), SIM_FAULT_ILLEGAL_ADDRESS);
    expect_in(t->fault.message, "12-byte load from");
    expect_in(t->fault.message, "thread (31,0,0)");
    th_free(t);

    t = th_new();
    cp_fill(t, &c);
    c.in[3][3] += 8;
    assert_int_equal(th_lanes(t, "LDGSTS.16 R7, [R4], RZ\n" READ,
                              (const uint32_t (*)[8])c.in, c.out), SIM_FAULT_MISALIGNED);
    expect_in(t->fault.message, "16-byte store to shared offset 0x38");
    th_free(t);

    t = th_new();
    cp_fill(t, &c);
    assert_int_equal(th_lanes(t, "LDGSTS.4.ZFILL R7, [R4], R6\n" READ,
                              (const uint32_t (*)[8])c.in, c.out), SIM_FAULT_ILLEGAL_INSN);
    expect_in(t->fault.message, "lane 5: src-size 5 is larger than cp-size 4");
    th_free(t);
}

/* MOVM: the transpose of an 8x8 b16 fragment; STSM then LDSM of the same
 * rows gives the registers back, and STSM's rows are checked in memory. */
static void test_movm_stsm(void **state)
{
    (void)state;
    th *t = th_new();
    uint32_t in[32][8], out[32][4];
    uint16_t M[8][8];
    for (unsigned r = 0; r < 8; r++)
        for (unsigned col = 0; col < 8; col++)
            M[r][col] = (uint16_t)(0x100 * r + col + 1);
    memset(in, 0, sizeof in);
    for (unsigned l = 0; l < 32; l++) {
        unsigned g = l / 4, q = l % 4;
        in[l][0] = M[g][2 * q] | (uint32_t)M[g][2 * q + 1] << 16;
        in[l][1] = in[l][0] ^ 0xFFFF0000u;  /* a second matrix */
        in[l][2] = 16 * (l / 8 * 8 + 7 - l % 8);   /* rows of matrix l/8 in reverse */
    }
    t->k.shared_size = 256;
    assert_int_equal(th_lanes(t,
                              "MOVM R12, R4\n"
                              "STSM.X2 [R6], R4\n"
                              "LDSM.X2 R14, [R6]\n"
                              "SHL R13, R0, 0x2\n"
                              "LDS.32 R13, [R13]\n",
                              (const uint32_t (*)[8])in, out), SIM_OK);
    for (unsigned l = 0; l < 32; l++) {
        unsigned g = l / 4, q = l % 4;
        assert_int_equal(out[l][0], M[2 * q][g] | (uint32_t)M[2 * q + 1][g] << 16);
        assert_int_equal(out[l][2], in[l][0]);
        assert_int_equal(out[l][3], in[l][1]);
        /* word l of shared: matrix 0 row 7 - l/4 (reversed), columns 2(l%4).. */
        unsigned row = 7 - l / 4;
        assert_int_equal(out[l][1], M[row][2 * q] | (uint32_t)M[row][2 * q + 1] << 16);
    }
    th_free(t);
}

/* STSM.X1.TRANS stores the transpose; a guarded-off lane faults. */
static void test_stsm_trans_and_mask(void **state)
{
    (void)state;
    th *t = th_new();
    uint32_t in[32][8], out[32][4];
    memset(in, 0, sizeof in);
    for (unsigned l = 0; l < 32; l++) {
        in[l][0] = (2 * l) | (2 * l + 1) << 16;   /* element (g, c) = 8g + c */
        in[l][1] = 16 * (l % 8);
    }
    t->k.shared_size = 128;
    assert_int_equal(th_lanes(t,
                              "STSM.X1.TRANS [R5], R4\n"
                              "SHL R13, R0, 0x2\n"
                              "LDS.32 R12, [R13]\n",
                              (const uint32_t (*)[8])in, out), SIM_OK);
    for (unsigned l = 0; l < 32; l++) {
        unsigned r = l / 4, col = 2 * (l % 4);
        /* memory (r, c) = fragment (c, r) = 8c + r */
        assert_int_equal(out[l][0], (8 * col + r) | (8 * (col + 1) + r) << 16);
    }
    th_free(t);
    t = th_new();
    t->k.shared_size = 128;
    assert_int_equal(th_lanes(t,
                              "ISETP.LT.U32.AND P0, R0, 0x10, PT\n"
                              "@P0 STSM.X1 [R5], R4\n",
                              (const uint32_t (*)[8])in, out), SIM_FAULT_ILLEGAL_INSN);
    expect_in(t->fault.message, "STSM (stmatrix) needs all 32 lanes");
    th_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_sizes),
        cmocka_unit_test(test_zfill),
        cmocka_unit_test(test_zero_reads_nothing),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_movm_stsm),
        cmocka_unit_test(test_stsm_trans_and_mask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
