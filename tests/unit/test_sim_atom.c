/* tests/unit/test_sim_atom.c — ATOM, ATOMS and MEMBAR: every op, lanes of
 * one warp on one address serialised in lane order, inc/dec wrap, CAS
 * loops after divergence, 64-bit and float atomics, shared and generic
 * addresses, and the same fault reports as loads and stores. R0 = lane,
 * R4..R11 inputs, R12..R15 outputs (sim_harness.h); the buffer the
 * atomics hit is parameter 0x10. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

typedef struct atom_case {
    th       t;
    uint32_t in[32][8];
    uint32_t out[32][4];
    uint32_t *buf;   /* 64 words of device memory */
} atom_case;

static atom_case *ac_new(void)
{
    atom_case *c = calloc(1, sizeof *c);
    assert_non_null(c);
    th_init(&c->t);
    c->buf = th_alloc(&c->t, 256);
    assert_non_null(c->buf);
    memset(c->buf, 0, 256);
    th_param_ptr(&c->t, 0x10, c->buf);
    return c;
}

static sim_status ac_try(atom_case *c, const char *body)
{
    char src[2048];
    snprintf(src, sizeof src, "LDC.64 R2, c[0x0][0x10]\n%s", body);
    return th_lanes(&c->t, src, (const uint32_t (*)[8])c->in, c->out);
}

static void ac_run(atom_case *c, const char *body)
{
    sim_status st = ac_try(c, body);
    if (st != SIM_OK)
        fail_msg("status %d: %s%s", st, c->t.err, c->t.fault.message);
}

static void ac_free(atom_case *c)
{
    sim_mem_free(c->t.mem, c->buf);
    th_fini(&c->t);
    free(c);
}

static uint64_t get64(const uint32_t *r) { return r[0] | (uint64_t)r[1] << 32; }

static void set64(uint32_t *r, uint64_t v)
{
    r[0] = (uint32_t)v;
    r[1] = (uint32_t)(v >> 32);
}

/* All lanes on one word: each sees the sum of the lanes before it. */
static void test_add_serialised(void **state)
{
    (void)state;
    atom_case *c = ac_new();
    for (unsigned l = 0; l < 32; l++)
        c->in[l][1] = l + 1;
    c->buf[0] = 10;
    ac_run(c, "ATOM.ADD.U32.GPU R12, [R2], R5, RZ\n"
              "ATOM.ADD.U32.GPU RZ, [R2+0x4], R5, RZ\n");   /* red */
    for (unsigned l = 0; l < 32; l++)
        assert_int_equal(c->out[l][0], 10 + l * (l + 1) / 2);
    assert_int_equal(c->buf[0], 10 + 528);
    assert_int_equal(c->buf[1], 528);
    assert_int_equal(c->t.stats.atomics, 2);
    ac_free(c);
}

static void test_inc_dec_wrap(void **state)
{
    (void)state;
    atom_case *c = ac_new();
    c->buf[1] = 0;
    c->buf[2] = 2;
    c->buf[3] = 9;   /* above the bound: inc resets, dec reloads */
    ac_run(c, "MOV R5, 0x4\n"
              "MOV R6, 0x3\n"
              "ATOM.INC.U32.GPU R12, [R2+0x4], R5, RZ\n"
              "ATOM.DEC.U32.GPU R13, [R2+0x8], R6, RZ\n"
              "ISETP.EQ.U32.AND P0, R0, RZ, PT\n"
              "@P0 ATOM.DEC.U32.GPU R14, [R2+0xc], R6, RZ\n"
              "@P0 ATOM.INC.U32.GPU R15, [R2+0xc], R6, RZ\n");
    static const uint32_t dec_seq[4] = { 2, 1, 0, 3 };
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], l % 5);
        assert_int_equal(c->out[l][1], dec_seq[l % 4]);
    }
    assert_int_equal(c->buf[1], 2);
    assert_int_equal(c->buf[2], 2);
    assert_int_equal(c->out[0][2], 9);
    assert_int_equal(c->out[0][3], 3);   /* dec of 9 > 3 gave 3 */
    assert_int_equal(c->buf[3], 0);      /* inc of 3 >= 3 wraps to 0 */
    ac_free(c);
}

static void test_min_max_bits_exch(void **state)
{
    (void)state;
    atom_case *c = ac_new();
    for (unsigned l = 0; l < 32; l++)
        c->in[l][1] = (uint32_t)((int32_t)l - 16);
    c->buf[0] = 0;
    c->buf[1] = 0;
    c->buf[2] = 0xF0F0F0F0u;
    c->buf[3] = 0;
    c->buf[4] = 77;
    ac_run(c, "ATOM.MIN.S32.GPU RZ, [R2], R5, RZ\n"
              "ATOM.MAX.U32.GPU RZ, [R2+0x4], R5, RZ\n"
              "ATOM.AND.U32.GPU RZ, [R2+0x8], R5, RZ\n"
              "ATOM.OR.U32.GPU RZ, [R2+0xc], R0, RZ\n"
              "ATOM.EXCH.U32.GPU R12, [R2+0x10], R0, RZ\n"
              "ATOM.XOR.U32.GPU R13, [R2+0x14], R0, RZ\n");
    uint32_t and_ = 0xF0F0F0F0u;
    for (unsigned l = 0; l < 32; l++)
        and_ &= (uint32_t)((int32_t)l - 16);
    assert_int_equal(c->buf[0], (uint32_t)-16);
    assert_int_equal(c->buf[1], 0xFFFFFFFFu);   /* -1 is the largest unsigned */
    assert_int_equal(c->buf[2], and_);
    assert_int_equal(c->buf[3], 31);
    assert_int_equal(c->out[0][0], 77);
    for (unsigned l = 1; l < 32; l++)
        assert_int_equal(c->out[l][0], l - 1);
    assert_int_equal(c->buf[4], 31);
    assert_int_equal(c->buf[5], 0);   /* xor of 0..31 */
    ac_free(c);
}

/* Only lane 0's CAS finds the expected value; then a CAS loop computes a
 * float max, lanes leaving the loop one by one. */
static void test_cas_and_loop(void **state)
{
    (void)state;
    atom_case *c = ac_new();
    for (unsigned l = 0; l < 32; l++)
        c->in[l][0] = th_f2u((float)((l * 13) % 32) - 3.5f);
    ac_run(c, "IADD R5, R0, 0x1\n"
              "ATOM.CAS.U32.GPU R12, [R2], RZ, R5\n"
              "MOV R13, 0x0\n"
              "loop:\n"
              "LDG.32 R6, [R2+0x4]\n"
              "FMNMX.MAX R7, R6, R4\n"
              "ATOM.CAS.U32.GPU R8, [R2+0x4], R6, R7\n"
              "IADD R13, R13, 0x1\n"
              "ISETP.NE.U32.AND P0, R8, R6, PT\n"
              "@P0 BRA loop, done\n"
              "done:\n");
    assert_int_equal(c->out[0][0], 0);
    for (unsigned l = 1; l < 32; l++)
        assert_int_equal(c->out[l][0], 1);
    assert_int_equal(c->buf[0], 1);
    assert_true(th_u2f(c->buf[1]) == 31.0f - 3.5f);
    /* the warp's lanes are serialised: the first pass succeeds for lane 0
     * and every lane that did not raise the maximum */
    assert_int_equal(c->out[0][1], 1);
    ac_free(c);
}

static void test_wide_and_float(void **state)
{
    (void)state;
    atom_case *c = ac_new();
    for (unsigned l = 0; l < 32; l++) {
        set64(&c->in[l][2], 0x100000000ull + l);          /* R6:R7 */
        set64(&c->in[l][4], (uint64_t)(-(int64_t)l));     /* R8:R9 */
    }
    uint64_t *b64 = (uint64_t *)(void *)c->buf;
    b64[0] = 0xFFFFFFFFull;
    b64[1] = 5;
    float *bf = (float *)(void *)(c->buf + 4);
    double *bd = (double *)(void *)(c->buf + 6);
    bf[0] = 1.0f;
    bd[0] = -2.0;
    ac_run(c, "ATOM.ADD.U64.GPU R12, [R2], R6, RZ\n"
              "ATOM.MIN.S64.GPU RZ, [R2+0x8], R8, RZ\n"
              "MOV R5, 0x3f000000\n"                        /* 0.5f */
              "ATOM.ADD.F32.GPU R14, [R2+0x10], R5, RZ\n"
              "MOV R10, 0x0\n"
              "MOV R11, 0x3fd00000\n"                       /* 0.25 */
              "ATOM.ADD.F64.SYS.ACQ_REL R8, [R2+0x18], R10, RZ\n"
              "MOV R15, R9\n");
    uint64_t sum = 0xFFFFFFFFull;
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(get64(&c->out[l][0]), sum);
        sum += 0x100000000ull + l;
        assert_true(th_u2f(c->out[l][2]) == 1.0f + 0.5f * (float)l);
    }
    assert_int_equal(b64[0], sum);
    assert_int_equal((int64_t)b64[1], -31);
    assert_true(bf[0] == 17.0f);
    assert_true(bd[0] == 6.0);
    /* high word of lane 4's old f64 (-2 + 4 * 0.25 = -1.0) */
    assert_int_equal(c->out[4][3], 0xBFF00000u);
    ac_free(c);
}

/* ATOMS on shared memory and ATOM on a generic shared-window address. */
static void test_shared_and_generic(void **state)
{
    (void)state;
    atom_case *c = ac_new();
    c->t.k.shared_size = 64;
    ac_run(c, "STS.32 [RZ+0x8], RZ\n"
              "STS.64 [RZ+0x10], RZ\n"
              "BAR.SYNC 0x0\n"
              "MOV R5, 0x2\n"
              "ATOMS.ADD.U32.CTA R12, [RZ+0x8], R5, RZ\n"
              "MOV R6, 0x8\n"
              "MOV R7, 0x10000\n"                            /* ISA_SHARED_WINDOW >> 32 */
              "ATOM.ADD.U32.CTA R13, [R6], R5, RZ\n"
              "LDS.32 R14, [RZ+0x8]\n"
              "MEMBAR.CTA\n"
              "ATOMS.EXCH.U64.CTA R8, [RZ+0x10], R0, RZ\n"   /* R0:R1 */
              "MOV R15, R8\n");
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][0], 2 * l);
        assert_int_equal(c->out[l][1], 64 + 2 * l);
        assert_int_equal(c->out[l][2], 128);
    }
    assert_int_equal(c->out[0][3], 0);
    assert_int_equal(c->out[5][3], 4);
    ac_free(c);
}

static void test_faults(void **state)
{
    (void)state;
    atom_case *c = ac_new();
    assert_int_equal(ac_try(c, "ATOM.ADD.U64.GPU R12, [R2+0x4], R6, RZ\n"), SIM_FAULT_MISALIGNED);
    assert_non_null(strstr(c->t.fault.message, "ATOM.ADD.U64.GPU R12, [R2+0x4], R6, RZ"));
    assert_non_null(strstr(c->t.fault.message, "not a multiple of the access size (8 bytes)"));
    assert_int_equal(ac_try(c, "ATOM.ADD.U32.GPU R12, [R2+0x100], R6, RZ\n"),
                     SIM_FAULT_ILLEGAL_ADDRESS);
    assert_non_null(strstr(c->t.fault.message, "(256 bytes, device)"));
    c->buf[0] = 3;
    /* the faulting lane (31, past the end) stops the instruction before any lane updates */
    assert_int_equal(ac_try(c, "SHL R6, R0, 0x4\n"
                               "IADD.64 R2, R2, R6\n"
                               "MOV R10, 0x1\n"
                               "MOV R11, 0x0\n"
                               "ATOM.ADD.U64.GPU R12, [R2], R10, RZ\n"), SIM_FAULT_ILLEGAL_ADDRESS);
    assert_int_equal(c->buf[0], 3);
    assert_int_equal(ac_try(c, "ATOMS.ADD.U32.CTA R12, [RZ+0x0], R6, RZ\n"),
                     SIM_FAULT_ILLEGAL_ADDRESS);
    assert_int_equal(ac_try(c, "ATOM.MAX.F16X2.GPU R12, [R2], R6, RZ\n"), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(c->t.fault.message, "not supported yet"));
    ac_free(c);
}

/* f16x2 / bf16x2 add: each half rounded to nearest, lanes in order. */
static void test_half2_add(void **state)
{
    (void)state;
    atom_case *c = ac_new();
    for (unsigned l = 0; l < 32; l++) {
        c->in[l][1] = 0x38003c00u;   /* f16 (1.0, 0.5) */
        c->in[l][2] = 0x3f003f80u;   /* bf16 (1.0, 0.5) */
    }
    ac_run(c, "ATOM.ADD.F16X2.GPU R12, [R2], R5, RZ\n"
              "ATOM.ADD.BF16X2.GPU R13, [R2+0x4], R6, RZ\n");
    assert_int_equal(c->buf[0], 0x4c005000u);   /* (32.0, 16.0) */
    assert_int_equal(c->buf[1], 0x41804200u);
    assert_int_equal(c->out[2][0], 0x3c004000u);   /* lane 2 saw (2.0, 1.0) */
    assert_int_equal(c->out[2][1], 0x3f804000u);
    ac_free(c);
}

/* Scalar f16/bf16 add and b16 CAS use only the low half of b and c, touch
 * only their own halfword, and zero-extend the old value into d. */
static void test_half_scalar(void **state)
{
    (void)state;
    atom_case *c = ac_new();
    uint16_t *h = (uint16_t *)(void *)c->buf;
    h[4] = 5;
    for (unsigned l = 0; l < 32; l++) {
        c->in[l][1] = 0xabcd3c00u;              /* f16 1.0, junk above */
        c->in[l][2] = 0x12343f80u;              /* bf16 1.0 */
        c->in[l][3] = 0x55550000u | (l + 5);    /* CAS compare */
        c->in[l][4] = 0xaaaa0000u | (l + 6);    /* CAS new value */
    }
    c->t.k.shared_size = 64;
    ac_run(c, "ATOM.ADD.F16.GPU R12, [R2+0x2], R5, RZ\n"
              "ATOMS.ADD.BF16.CTA RZ, [RZ+0x6], R6, RZ\n"
              "ATOMS.ADD.BF16.CTA R15, [RZ+0x6], R6, RZ\n"
              "ATOM.ADD.BF16.GPU R13, [R2+0x6], R6, RZ\n"
              "ATOM.CAS.B16.GPU R14, [R2+0x8], R7, R8\n");
    assert_int_equal(c->out[0][3], 0x4200);   /* shared bf16: 32.0, then 34.0 */
    assert_int_equal(c->out[2][3], 0x4208);
    assert_int_equal(h[0], 0);
    assert_int_equal(h[1], 0x5000);   /* f16 32.0 */
    assert_int_equal(h[2], 0);
    assert_int_equal(h[3], 0x4200);   /* bf16 32.0 */
    assert_int_equal(h[4], 37);       /* every lane's CAS hit */
    assert_int_equal(h[5], 0);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(c->out[l][2], l + 5);
        if (l == 2) {
            assert_int_equal(c->out[l][0], 0x4000);   /* f16 2.0 */
            assert_int_equal(c->out[l][1], 0x4000);   /* bf16 2.0 */
        }
    }
    /* RN rounding, no flush: 2048 + 1 is a tie (stays 2048), + 3 rounds up */
    h[0] = 0x6800;   /* f16 2048 */
    for (unsigned l = 0; l < 32; l++)
        c->in[l][1] = l == 0 ? 0x3c00u : l == 1 ? 0x4200u : 0x0001u;   /* 1, 3, min subnormal */
    ac_run(c, "ATOM.ADD.F16.GPU RZ, [R2], R5, RZ\n");
    assert_int_equal(h[0], 0x6802);   /* 2048 + 1 -> 2048 (tie to even), + 3 -> 2052 */
    /* subnormals are kept (.noftz): 32 x 2^-24 = 2^-19, still subnormal */
    h[1] = 0;
    for (unsigned l = 0; l < 32; l++)
        c->in[l][1] = 0x0001u;
    ac_run(c, "ATOM.ADD.F16.GPU RZ, [R2+0x2], R5, RZ\n");
    assert_int_equal(h[1], 0x0020);
    ac_free(c);
}

/* B128 CAS and EXCH on quads: lanes in order, all 16 bytes at once. */
static void test_b128(void **state)
{
    (void)state;
    atom_case *c = ac_new();
    c->t.k.shared_size = 64;
    uint32_t *m = c->buf + 8;   /* byte offset 0x20: 16-byte aligned */
    m[0] = 0, m[1] = ~0u, m[2] = 0, m[3] = ~0u;
    for (unsigned l = 0; l < 32; l++) {
        uint32_t b[4] = { l, ~l, l, ~l }, n[4] = { l + 1, ~(l + 1), l + 1, ~(l + 1) };
        memcpy(c->in[l], b, sizeof b);
        memcpy(c->in[l] + 4, n, sizeof n);
    }
    ac_run(c, "ATOM.CAS.B128.GPU R12, [R2+0x20], R4, R8\n");
    assert_int_equal(m[0], 32);
    assert_int_equal(m[1], ~32u);
    assert_int_equal(m[2], 32);
    assert_int_equal(m[3], ~32u);
    for (unsigned l = 0; l < 32; l++)
        for (unsigned k = 0; k < 4; k++)
            assert_int_equal(c->out[l][k], c->in[l][k]);
    /* a compare that differs only in the high half fails and changes nothing */
    for (unsigned l = 0; l < 32; l++)
        c->in[l][0] = 32, c->in[l][1] = ~32u, c->in[l][2] = 31, c->in[l][3] = ~32u;
    ac_run(c, "ATOM.CAS.B128.GPU R12, [R2+0x20], R4, R8\n");
    assert_int_equal(m[2], 32);
    assert_int_equal(c->out[0][2], 32);
    /* exchange: lane l gets what lane l-1 wrote */
    ac_run(c, "ATOM.EXCH.B128.GPU R12, [R2+0x20], R8, RZ\n");
    assert_int_equal(m[0], 32);   /* lane 31's new value {32, ~32, ...} */
    assert_int_equal(c->out[0][0], 32);   /* lane 0 saw the CAS result */
    assert_int_equal(c->out[5][0], 5);    /* lane 5 saw lane 4's {5, ...} */
    assert_int_equal(c->out[5][1], ~5u);
    /* shared: after the exchanges the quad is lane 31's; only lane 31's
     * compare (its own value) hits, and writes its b */
    ac_run(c, "ATOMS.EXCH.B128.CTA RZ, [RZ+0x10], R8, RZ\n"
              "ATOMS.CAS.B128.CTA RZ, [RZ+0x10], R8, R4\n"
              "ATOMS.EXCH.B128.CTA R12, [RZ+0x10], R8, RZ\n");
    assert_int_equal(c->out[0][0], 32);   /* lane 31's b = {32, ~32, 31, ~32} */
    assert_int_equal(c->out[0][1], ~32u);
    assert_int_equal(c->out[0][2], 31);
    assert_int_equal(c->out[0][3], ~32u);
    assert_int_equal(c->out[1][0], 1);    /* lane 0's c */
    assert_int_equal(ac_try(c, "ATOM.CAS.B128.GPU R12, [R2+0x8], R4, R8\n"),
                     SIM_FAULT_MISALIGNED);
    ac_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_serialised),
        cmocka_unit_test(test_inc_dec_wrap),
        cmocka_unit_test(test_min_max_bits_exch),
        cmocka_unit_test(test_cas_and_loop),
        cmocka_unit_test(test_wide_and_float),
        cmocka_unit_test(test_shared_and_generic),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_half2_add),
        cmocka_unit_test(test_half_scalar),
        cmocka_unit_test(test_b128),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
