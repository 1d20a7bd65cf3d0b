/* tests/unit/test_sim_ptx_ops.c — PTX ops lowered to sequences of integer
 * ops or new ISA ops, run on the simulator and checked against a C model:
 * mul24/mad24 (.lo/.hi, .u32/.s32), testp (every class, f32 and f64) and
 * prmt (every mode), bfe/bfi with register position and length, and
 * f16/f16x2/bf16 arithmetic (against a round-to-nearest-even model). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "isa/ptx/lower.h"
#include "tests/unit/sim_harness.h"

/* Lowers `ptx`, runs its kernel on one warp: param 0 = in, param 8 = out. */
static void run_ptx(const char *ptx, const void *in, size_t insize, void *out, size_t outsize)
{
    char err[512];
    th *t = th_new();
    isa_module *m = ptx_compile(ptx, strlen(ptx), "test.ptx", err, sizeof err);
    if (m == NULL)
        fail_msg("%s", err);
    sim_program *p = sim_program_create(&m->kernels[0], err, sizeof err);
    if (p == NULL)
        fail_msg("%s", err);
    void *din = th_alloc(t, insize), *dout = th_alloc(t, outsize);
    memcpy(din, in, insize);
    th_param_ptr(t, 0, din);
    th_param_ptr(t, 8, dout);
    t->gpu = sim_gpu_create(&t->cfg, t->mem);
    t->launch = (sim_launch){ .prog = p, .kernel = &m->kernels[0], .grid = { 1, 1, 1 },
                              .block = { 32, 1, 1 }, .grid_id = 1 };
    t->launch.bank[ISA_BANK_PARAM] = t->params;
    t->launch.bank_size[ISA_BANK_PARAM] = sizeof t->params;
    sim_status st = sim_run(t->gpu, &t->launch, &t->stats, &t->fault);
    if (st != SIM_OK)
        fail_msg("run failed: %s", t->fault.message);
    memcpy(out, dout, outsize);
    sim_mem_free(t->mem, din);
    sim_mem_free(t->mem, dout);
    sim_program_destroy(p);
    isa_module_free(m);
    th_free(t);
}

#define HEAD ".version 8.0\n.target sm_80\n.address_size 64\n"

/* per thread: a, b, c in; out = mul24.lo.u32, mul24.hi.u32, mul24.lo.s32,
 * mul24.hi.s32, mad24.lo.s32, mad24.hi.u32 */
static const char k_int24[] = HEAD
    ".visible .entry k(.param .u64 k_param_0, .param .u64 k_param_1)\n"
    "{\n"
    "  .reg .b32 %r<12>;\n"
    "  .reg .b64 %rd<8>;\n"
    "  ld.param.u64 %rd1, [k_param_0];\n"
    "  ld.param.u64 %rd2, [k_param_1];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  mul.wide.u32 %rd3, %r1, 12;\n"
    "  add.s64 %rd4, %rd1, %rd3;\n"
    "  ld.global.u32 %r2, [%rd4];\n"
    "  ld.global.u32 %r3, [%rd4+4];\n"
    "  ld.global.u32 %r4, [%rd4+8];\n"
    "  mul24.lo.u32 %r5, %r2, %r3;\n"
    "  mul24.hi.u32 %r6, %r2, %r3;\n"
    "  mul24.lo.s32 %r7, %r2, %r3;\n"
    "  mul24.hi.s32 %r8, %r2, %r3;\n"
    "  mad24.lo.s32 %r9, %r2, %r3, %r4;\n"
    "  mad24.hi.u32 %r10, %r2, 1000, %r4;\n"
    "  mul.wide.u32 %rd5, %r1, 24;\n"
    "  add.s64 %rd6, %rd2, %rd5;\n"
    "  st.global.u32 [%rd6], %r5;\n"
    "  st.global.u32 [%rd6+4], %r6;\n"
    "  st.global.u32 [%rd6+8], %r7;\n"
    "  st.global.u32 [%rd6+12], %r8;\n"
    "  st.global.u32 [%rd6+16], %r9;\n"
    "  st.global.u32 [%rd6+20], %r10;\n"
    "  ret;\n"
    "}\n";

static int64_t sx24(uint32_t v) { return (int64_t)((int32_t)(v << 8) >> 8); }
static uint64_t zx24(uint32_t v) { return v & 0xffffffu; }

static void test_mul24_mad24(void **state)
{
    (void)state;
    uint32_t in[32][3], out[32][6];
    uint32_t seed = 12345;
    for (unsigned l = 0; l < 32; l++)
        for (unsigned k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            in[l][k] = seed ^ (seed >> 7);
        }
    in[0][0] = 0xffffffffu; in[0][1] = 0x00800000u;   /* -1 * -2^23 as s24 */
    in[1][0] = 0x7fffffu;   in[1][1] = 0x7fffffu;     /* the largest u24 */
    run_ptx(k_int24, in, sizeof in, out, sizeof out);
    for (unsigned l = 0; l < 32; l++) {
        uint32_t a = in[l][0], b = in[l][1], c = in[l][2];
        uint64_t pu = zx24(a) * zx24(b);
        int64_t ps = sx24(a) * sx24(b);
        uint64_t pk = zx24(a) * 1000u;
        assert_int_equal(out[l][0], (uint32_t)pu);
        assert_int_equal(out[l][1], (uint32_t)(pu >> 16));
        assert_int_equal(out[l][2], (uint32_t)ps);
        assert_int_equal(out[l][3], (uint32_t)((uint64_t)ps >> 16));
        assert_int_equal(out[l][4], (uint32_t)ps + c);
        assert_int_equal(out[l][5], (uint32_t)(pk >> 16) + c);
    }
}

/* per thread: one f32 and one f64; out bit k (k = class) for each */
static const char k_testp[] = HEAD
    ".visible .entry k(.param .u64 k_param_0, .param .u64 k_param_1)\n"
    "{\n"
    "  .reg .pred %p<2>;\n"
    "  .reg .f32 %f<2>;\n"
    "  .reg .f64 %fd<2>;\n"
    "  .reg .b32 %r<16>;\n"
    "  .reg .b64 %rd<8>;\n"
    "  ld.param.u64 %rd1, [k_param_0];\n"
    "  ld.param.u64 %rd2, [k_param_1];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  mul.wide.u32 %rd3, %r1, 16;\n"
    "  add.s64 %rd4, %rd1, %rd3;\n"
    "  ld.global.f32 %f1, [%rd4];\n"
    "  ld.global.f64 %fd1, [%rd4+8];\n"
    "  testp.finite.f32 %p1, %f1;\n"
    "  selp.u32 %r3, 1, 0, %p1;\n"
    "  mov.u32 %r2, %r3;\n"
    "  testp.infinite.f32 %p1, %f1;\n"
    "  selp.u32 %r3, 2, 0, %p1;\n"
    "  or.b32 %r2, %r2, %r3;\n"
    "  testp.number.f32 %p1, %f1;\n"
    "  selp.u32 %r3, 4, 0, %p1;\n"
    "  or.b32 %r2, %r2, %r3;\n"
    "  testp.notanumber.f32 %p1, %f1;\n"
    "  selp.u32 %r3, 8, 0, %p1;\n"
    "  or.b32 %r2, %r2, %r3;\n"
    "  testp.normal.f32 %p1, %f1;\n"
    "  selp.u32 %r3, 16, 0, %p1;\n"
    "  or.b32 %r2, %r2, %r3;\n"
    "  testp.subnormal.f32 %p1, %f1;\n"
    "  selp.u32 %r3, 32, 0, %p1;\n"
    "  or.b32 %r2, %r2, %r3;\n"
    "  testp.finite.f64 %p1, %fd1;\n"
    "  selp.u32 %r3, 1, 0, %p1;\n"
    "  mov.u32 %r8, %r3;\n"
    "  testp.infinite.f64 %p1, %fd1;\n"
    "  selp.u32 %r3, 2, 0, %p1;\n"
    "  or.b32 %r8, %r8, %r3;\n"
    "  testp.number.f64 %p1, %fd1;\n"
    "  selp.u32 %r3, 4, 0, %p1;\n"
    "  or.b32 %r8, %r8, %r3;\n"
    "  testp.notanumber.f64 %p1, %fd1;\n"
    "  selp.u32 %r3, 8, 0, %p1;\n"
    "  or.b32 %r8, %r8, %r3;\n"
    "  testp.normal.f64 %p1, %fd1;\n"
    "  selp.u32 %r3, 16, 0, %p1;\n"
    "  or.b32 %r8, %r8, %r3;\n"
    "  testp.subnormal.f64 %p1, %fd1;\n"
    "  selp.u32 %r3, 32, 0, %p1;\n"
    "  or.b32 %r8, %r8, %r3;\n"
    "  mul.wide.u32 %rd5, %r1, 8;\n"
    "  add.s64 %rd6, %rd2, %rd5;\n"
    "  st.global.u32 [%rd6], %r2;\n"
    "  st.global.u32 [%rd6+4], %r8;\n"
    "  ret;\n"
    "}\n";

/* the class bits of x in its own format (the C99 macros are type-generic) */
#define CLASSES(x)                                                            \
    ((isfinite(x) ? 1u : 0u) | (isinf(x) ? 2u : 0u) | (!isnan(x) ? 4u : 0u) | \
     (isnan(x) ? 8u : 0u) | (fpclassify(x) == FP_NORMAL ? 16u : 0u) |          \
     (fpclassify(x) == FP_SUBNORMAL ? 32u : 0u))

static void test_testp(void **state)
{
    (void)state;
    struct { float f; uint32_t pad; double d; } in[32];
    uint32_t out[32][2];
    const float fv[] = { 0.0f, -0.0f, 1.0f, -1.5f, INFINITY, -INFINITY, NAN, -NAN,
                         1e-40f, -1e-45f, 1.17549435e-38f, 3.4028235e38f, 1.1754942e-38f };
    const double dv[] = { 0.0, -0.0, 1.0, -2.5, INFINITY, -INFINITY, NAN, -NAN,
                          1e-310, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                          2.2250738585072009e-308 };
    for (unsigned l = 0; l < 32; l++) {
        in[l].f = fv[l % 13];
        in[l].pad = 0;
        in[l].d = dv[(l * 5) % 13];
    }
    run_ptx(k_testp, in, sizeof in, out, sizeof out);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(out[l][0], CLASSES(in[l].f));
        assert_int_equal(out[l][1], CLASSES(in[l].d));
    }
}

/* per thread: a, b, c in; out = prmt of every mode with selector c, and
 * the default mode with the immediate selector 0x5410 and 0x8b3a */
static const char k_prmt[] = HEAD
    ".visible .entry k(.param .u64 k_param_0, .param .u64 k_param_1)\n"
    "{\n"
    "  .reg .b32 %r<16>;\n"
    "  .reg .b64 %rd<8>;\n"
    "  ld.param.u64 %rd1, [k_param_0];\n"
    "  ld.param.u64 %rd2, [k_param_1];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  mul.wide.u32 %rd3, %r1, 12;\n"
    "  add.s64 %rd4, %rd1, %rd3;\n"
    "  ld.global.u32 %r2, [%rd4];\n"
    "  ld.global.u32 %r3, [%rd4+4];\n"
    "  ld.global.u32 %r4, [%rd4+8];\n"
    "  mul.wide.u32 %rd5, %r1, 36;\n"
    "  add.s64 %rd6, %rd2, %rd5;\n"
    "  prmt.b32 %r5, %r2, %r3, %r4;\n"
    "  st.global.u32 [%rd6], %r5;\n"
    "  prmt.b32.f4e %r5, %r2, %r3, %r4;\n"
    "  st.global.u32 [%rd6+4], %r5;\n"
    "  prmt.b32.b4e %r5, %r2, %r3, %r4;\n"
    "  st.global.u32 [%rd6+8], %r5;\n"
    "  prmt.b32.rc8 %r5, %r2, %r3, %r4;\n"
    "  st.global.u32 [%rd6+12], %r5;\n"
    "  prmt.b32.ecl %r5, %r2, %r3, %r4;\n"
    "  st.global.u32 [%rd6+16], %r5;\n"
    "  prmt.b32.ecr %r5, %r2, %r3, %r4;\n"
    "  st.global.u32 [%rd6+20], %r5;\n"
    "  prmt.b32.rc16 %r5, %r2, %r3, %r4;\n"
    "  st.global.u32 [%rd6+24], %r5;\n"
    "  prmt.b32 %r5, %r2, %r3, 0x5410;\n"
    "  st.global.u32 [%rd6+28], %r5;\n"
    "  prmt.b32 %r5, %r2, %r3, 0x8b3a;\n"
    "  st.global.u32 [%rd6+32], %r5;\n"
    "  ret;\n"
    "}\n";

/* The PTX manual's byte-selection tables for the modes, d.b3 .. d.b0 per
 * value of c[1:0] (row), as written there. */
static const char *const prmt_table[6][4] = {
    { "3210", "4321", "5432", "6543" },   /* f4e */
    { "5670", "6701", "7012", "0123" },   /* b4e */
    { "0000", "1111", "2222", "3333" },   /* rc8 */
    { "3210", "3211", "3222", "3333" },   /* ecl */
    { "0000", "1110", "2210", "3210" },   /* ecr */
    { "1010", "3232", "1010", "3232" },   /* rc16 */
};

static uint32_t model_prmt(uint32_t a, uint32_t b, uint32_t c, int mode)
{
    uint8_t x[8];
    for (unsigned k = 0; k < 4; k++) {
        x[k] = (uint8_t)(a >> (8 * k));
        x[4 + k] = (uint8_t)(b >> (8 * k));
    }
    uint32_t r = 0;
    for (unsigned i = 0; i < 4; i++) {
        uint32_t byte;
        if (mode < 0) {
            uint32_t nib = (c >> (4 * i)) & 0xf;
            byte = x[nib & 7];
            if (nib & 8)
                byte = (byte & 0x80) ? 0xff : 0;
        } else {
            byte = x[prmt_table[mode][c & 3][3 - i] - '0'];
        }
        r |= byte << (8 * i);
    }
    return r;
}

static void test_prmt(void **state)
{
    (void)state;
    uint32_t in[32][3], out[32][9];
    uint32_t seed = 777;
    for (unsigned l = 0; l < 32; l++)
        for (unsigned k = 0; k < 3; k++) {
            seed = seed * 1664525u + 1013904223u;
            in[l][k] = seed;
        }
    in[0][0] = 0x80ff7f01u;   /* bytes with and without their sign bit */
    in[0][1] = 0x00817e02u;
    run_ptx(k_prmt, in, sizeof in, out, sizeof out);
    for (unsigned l = 0; l < 32; l++) {
        uint32_t a = in[l][0], b = in[l][1], c = in[l][2];
        assert_int_equal(out[l][0], model_prmt(a, b, c, -1));
        for (int mode = 0; mode < 6; mode++)
            assert_int_equal(out[l][1 + mode], model_prmt(a, b, c, mode));
        assert_int_equal(out[l][7], model_prmt(a, b, 0x5410, -1));
        assert_int_equal(out[l][8], model_prmt(a, b, 0x8b3a, -1));
    }
    assert_int_equal(model_prmt(0x33221100u, 0x77665544u, 0x5410, -1), 0x55441100u);
}

/* per thread: x (u64), y (u64), pos, len in; out = bfe.u32, bfe.s32,
 * bfe.u64, bfe.s64, bfi.b32, bfi.b64 with register position and length */
static const char k_bfx[] = HEAD
    ".visible .entry k(.param .u64 k_param_0, .param .u64 k_param_1)\n"
    "{\n"
    "  .reg .b32 %r<16>;\n"
    "  .reg .b64 %rd<16>;\n"
    "  ld.param.u64 %rd1, [k_param_0];\n"
    "  ld.param.u64 %rd2, [k_param_1];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  mul.wide.u32 %rd3, %r1, 24;\n"
    "  add.s64 %rd4, %rd1, %rd3;\n"
    "  ld.global.u64 %rd5, [%rd4];\n"
    "  ld.global.u64 %rd6, [%rd4+8];\n"
    "  ld.global.u32 %r2, [%rd4+16];\n"
    "  ld.global.u32 %r3, [%rd4+20];\n"
    "  cvt.u32.u64 %r4, %rd5;\n"
    "  cvt.u32.u64 %r5, %rd6;\n"
    "  mul.wide.u32 %rd7, %r1, 48;\n"
    "  add.s64 %rd8, %rd2, %rd7;\n"
    "  bfe.u32 %r6, %r4, %r2, %r3;\n"
    "  st.global.u32 [%rd8], %r6;\n"
    "  bfe.s32 %r6, %r4, %r2, %r3;\n"
    "  st.global.u32 [%rd8+4], %r6;\n"
    "  bfe.u64 %rd9, %rd5, %r2, %r3;\n"
    "  st.global.u64 [%rd8+8], %rd9;\n"
    "  bfe.s64 %rd9, %rd5, %r2, %r3;\n"
    "  st.global.u64 [%rd8+16], %rd9;\n"
    "  bfi.b32 %r6, %r4, %r5, %r2, %r3;\n"
    "  st.global.u32 [%rd8+24], %r6;\n"
    "  bfi.b64 %rd9, %rd5, %rd6, %r2, %r3;\n"
    "  st.global.u64 [%rd8+32], %rd9;\n"
    "  bfe.u32 %r6, %r4, %r2, 5;\n"
    "  st.global.u32 [%rd8+40], %r6;\n"
    "  ret;\n"
    "}\n";

/* The PTX manual's pseudo-code, bit by bit. */
static uint64_t model_bfe(uint64_t a, unsigned msb, bool sgn, uint32_t b, uint32_t c)
{
    uint32_t pos = b & 0xff, len = c & 0xff;
    unsigned top = pos + len - 1 > msb ? msb : pos + len - 1;
    uint64_t sbit = (!sgn || len == 0) ? 0 : (a >> top) & 1;
    uint64_t d = 0;
    for (unsigned i = 0; i <= msb; i++)
        d |= ((i < len && pos + i <= msb) ? (a >> (pos + i)) & 1 : sbit) << i;
    return d;
}

static uint64_t model_bfi(uint64_t a, uint64_t b, unsigned msb, uint32_t c, uint32_t d)
{
    uint32_t pos = c & 0xff, len = d & 0xff;
    for (unsigned i = 0; i < len && pos + i <= msb; i++)
        b = (b & ~(1ull << (pos + i))) | (((a >> i) & 1) << (pos + i));
    return b;
}

static void test_bfe_bfi_register_operands(void **state)
{
    (void)state;
    struct { uint64_t x, y; uint32_t pos, len; } in[32];
    struct { uint32_t u, s; uint64_t u64, s64; uint32_t i32, pad; uint64_t i64; uint32_t k, pad2; } out[32];
    uint64_t seed = 99;
    for (unsigned l = 0; l < 32; l++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        in[l].x = seed;
        in[l].y = seed * 31 + 7;
        in[l].pos = (uint32_t)(seed >> 40) % 300;   /* also >= 256 and >= 64 */
        in[l].len = (uint32_t)(seed >> 20) % 70;
    }
    in[0].pos = 4; in[0].len = 0;
    in[1].pos = 0x104; in[1].len = 0x208;   /* taken modulo 256: pos 4, len 8 */
    in[2].x = 0x80; in[2].pos = 4; in[2].len = 4;   /* a negative signed field */
    run_ptx(k_bfx, in, sizeof in, out, sizeof out);
    for (unsigned l = 0; l < 32; l++) {
        uint64_t x = in[l].x, y = in[l].y;
        uint32_t p = in[l].pos, n = in[l].len;
        assert_int_equal(out[l].u, model_bfe((uint32_t)x, 31, false, p, n));
        assert_int_equal(out[l].s, (uint32_t)model_bfe((uint32_t)x, 31, true, p, n));
        assert_int_equal(out[l].u64, model_bfe(x, 63, false, p, n));
        assert_int_equal(out[l].s64, model_bfe(x, 63, true, p, n));
        assert_int_equal(out[l].i32, (uint32_t)model_bfi((uint32_t)x, (uint32_t)y, 31, p, n));
        assert_int_equal(out[l].i64, model_bfi(x, y, 63, p, n));
        assert_int_equal(out[l].k, model_bfe((uint32_t)x, 31, false, p, 5));
    }
    assert_int_equal(out[2].s, 0xfffffff8u);
}

/* per thread: a, b, c packed f16x2 in; out = f16x2 add, sub, mul, fma,
 * min, max, neg, abs; then bf16 add, mul, fma and f16 sub on the low halves
 * (.b16 registers, zero-extended when stored) */
static const char k_half[] = HEAD
    ".visible .entry k(.param .u64 k_param_0, .param .u64 k_param_1)\n"
    "{\n"
    "  .reg .b16 %rs<8>;\n"
    "  .reg .b32 %r<16>;\n"
    "  .reg .b64 %rd<8>;\n"
    "  ld.param.u64 %rd1, [k_param_0];\n"
    "  ld.param.u64 %rd2, [k_param_1];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  mul.wide.u32 %rd3, %r1, 12;\n"
    "  add.s64 %rd4, %rd1, %rd3;\n"
    "  ld.global.u32 %r2, [%rd4];\n"
    "  ld.global.u32 %r3, [%rd4+4];\n"
    "  ld.global.u32 %r4, [%rd4+8];\n"
    "  mul.wide.u32 %rd5, %r1, 48;\n"
    "  add.s64 %rd6, %rd2, %rd5;\n"
    "  add.rn.f16x2 %r5, %r2, %r3;\n"
    "  st.global.u32 [%rd6], %r5;\n"
    "  sub.f16x2 %r5, %r2, %r3;\n"
    "  st.global.u32 [%rd6+4], %r5;\n"
    "  mul.f16x2 %r5, %r2, %r3;\n"
    "  st.global.u32 [%rd6+8], %r5;\n"
    "  fma.rn.f16x2 %r5, %r2, %r3, %r4;\n"
    "  st.global.u32 [%rd6+12], %r5;\n"
    "  min.f16x2 %r5, %r2, %r3;\n"
    "  st.global.u32 [%rd6+16], %r5;\n"
    "  max.f16x2 %r5, %r2, %r3;\n"
    "  st.global.u32 [%rd6+20], %r5;\n"
    "  neg.f16x2 %r5, %r2;\n"
    "  st.global.u32 [%rd6+24], %r5;\n"
    "  abs.f16x2 %r5, %r2;\n"
    "  st.global.u32 [%rd6+28], %r5;\n"
    "  cvt.u16.u32 %rs1, %r2;\n"
    "  cvt.u16.u32 %rs2, %r3;\n"
    "  cvt.u16.u32 %rs3, %r4;\n"
    "  add.rn.bf16 %rs4, %rs1, %rs2;\n"
    "  st.global.u16 [%rd6+32], %rs4;\n"
    "  mul.rn.bf16 %rs4, %rs1, %rs2;\n"
    "  st.global.u16 [%rd6+36], %rs4;\n"
    "  fma.rn.bf16 %rs4, %rs1, %rs2, %rs3;\n"
    "  st.global.u16 [%rd6+40], %rs4;\n"
    "  sub.f16 %rs4, %rs1, %rs2;\n"
    "  st.global.u16 [%rd6+44], %rs4;\n"
    "  ret;\n"
    "}\n";

/* A 16-bit float format: ebits exponent bits, mbits fraction bits. */
typedef struct hfmt_t { int ebits, mbits; } hfmt_t;
static const hfmt_t F16 = { 5, 10 }, BF16 = { 8, 7 };

static double h_dec(hfmt_t f, uint32_t h)
{
    int bias = (1 << (f.ebits - 1)) - 1;
    uint32_t e = (h >> f.mbits) & ((1u << f.ebits) - 1), m = h & ((1u << f.mbits) - 1);
    double v = e == 0 ? ldexp(m, 1 - bias - f.mbits)
             : e == (1u << f.ebits) - 1 ? (m ? NAN : INFINITY)
             : ldexp(m + (double)(1u << f.mbits), (int)e - bias - f.mbits);
    return (h >> 15) & 1 ? -v : v;
}

/* Round-to-nearest-even encoding of x (NaN: the canonical 0x7fff). */
static uint32_t h_enc(hfmt_t f, double x)
{
    if (isnan(x))
        return 0x7fff;
    uint32_t sign = signbit(x) ? 0x8000u : 0;
    double a = fabs(x);
    int bias = (1 << (f.ebits - 1)) - 1, emin = 1 - bias, e;
    if (a == 0)
        return sign;
    frexp(a, &e);
    int E = e - 1 < emin ? emin : e - 1;
    double q = ldexp(1.0, E - f.mbits);
    double v = nearbyint(a / q) * q;   /* the host rounds to nearest even */
    if (v >= ldexp(1.0, bias + 1))
        return sign | (((1u << f.ebits) - 1) << f.mbits);
    if (v < ldexp(1.0, emin))
        return sign | (uint32_t)(v / ldexp(1.0, emin - f.mbits));
    frexp(v, &e);
    uint32_t m = (uint32_t)(v / ldexp(1.0, e - 1 - f.mbits)) - (1u << f.mbits);
    return sign | (uint32_t)(e - 1 + bias) << f.mbits | m;
}

static uint32_t h_min(hfmt_t f, uint32_t a, uint32_t b, bool max)
{
    double x = h_dec(f, a), y = h_dec(f, b);
    if (isnan(x) && isnan(y))
        return 0x7fff;
    if (isnan(x) || isnan(y))
        return isnan(x) ? b : a;
    if (x == y)
        return (((a >> 15) & 1) != max) ? a : b;
    return (x < y) != max ? a : b;
}

static void test_half(void **state)
{
    (void)state;
    uint32_t in[32][3], out[32][12];
    /* halves k/8 for small k (sums, products and fmas are exact in double),
     * plus specials in lane 0..3 */
    uint32_t seed = 4242;
    for (unsigned l = 0; l < 32; l++)
        for (unsigned k = 0; k < 3; k++) {
            uint32_t w = 0;
            for (unsigned h = 0; h < 2; h++) {
                seed = seed * 1103515245u + 12345u;
                int v = (int)((seed >> 16) % 2001) - 1000;
                w |= h_enc(k == 0 && h == 1 ? BF16 : F16, v / 8.0) << (16 * h);
            }
            in[l][k] = w;
        }
    in[0][0] = 0x7c00fc00u;   /* +inf | -inf */
    in[0][1] = 0x7e008000u;   /* NaN | -0 */
    in[1][0] = 0x00000001u;   /* +0 | smallest subnormal */
    in[1][1] = 0x80000001u;   /* -0 | smallest subnormal */
    in[2][0] = 0x7bff3c00u;   /* 65504 (max) | 1 */
    in[2][1] = 0x7bff3c01u;   /* sum overflows | 1 + ulp */
    run_ptx(k_half, in, sizeof in, out, sizeof out);
    for (unsigned l = 0; l < 32; l++) {
        uint32_t want[8] = { 0 };
        for (unsigned h = 0; h < 2; h++) {
            uint32_t a = (in[l][0] >> (16 * h)) & 0xffff, b = (in[l][1] >> (16 * h)) & 0xffff;
            uint32_t c = (in[l][2] >> (16 * h)) & 0xffff;
            double x = h_dec(F16, a), y = h_dec(F16, b), z = h_dec(F16, c);
            uint32_t r[8] = { h_enc(F16, x + y), h_enc(F16, x - y), h_enc(F16, x * y),
                              h_enc(F16, fma(x, y, z)), h_min(F16, a, b, false),
                              h_min(F16, a, b, true), a ^ 0x8000u, a & 0x7fffu };
            for (unsigned k = 0; k < 8; k++)
                want[k] |= r[k] << (16 * h);
        }
        for (unsigned k = 0; k < 8; k++)
            if (out[l][k] != want[k])
                fail_msg("lane %u op %u: a %08x b %08x c %08x: got %08x, want %08x", l, k,
                         in[l][0], in[l][1], in[l][2], out[l][k], want[k]);
        uint32_t a = in[l][0] & 0xffff, b = in[l][1] & 0xffff, c = in[l][2] & 0xffff;
        double x = h_dec(BF16, a), y = h_dec(BF16, b), z = h_dec(BF16, c);
        assert_int_equal(out[l][8], h_enc(BF16, x + y));
        assert_int_equal(out[l][9], h_enc(BF16, x * y));
        assert_int_equal(out[l][10], h_enc(BF16, fma(x, y, z)));
        assert_int_equal(out[l][11], h_enc(F16, h_dec(F16, a) - h_dec(F16, b)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mul24_mad24),
        cmocka_unit_test(test_testp),
        cmocka_unit_test(test_prmt),
        cmocka_unit_test(test_bfe_bfi_register_operands),
        cmocka_unit_test(test_half),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
