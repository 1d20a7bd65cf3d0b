/* tests/unit/test_sim_tex.c — TEX, TLD4, TXQ, SULD, SUST and ISTYPEP on
 * descriptors (sim/texdesc.h) built by hand in simulated memory. The
 * expected values are computed here from the CUDA Programming Guide's
 * "Texture Fetching" rules (point: floor; linear: x - 0.5 with the weight
 * in 9-bit fixed point; address modes per dimension), independently of
 * sim/exec/tex_sample.c. One warp runs each body through th_lanes:
 * R4..R11 come from in[lane], R12..R15 go to out[lane], the handle is the
 * parameter at 0x10. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"
#include "sim/texdesc.h"
#include "isa/ptx/lower.h"

enum { AM_WRAP, AM_CLAMP, AM_MIRROR, AM_BORDER };

/* A descriptor for `data` (already in simulated memory). */
static sim_texdesc *desc(th *t, void *data, uint8_t kind, uint8_t dims, uint8_t fmt,
                         uint8_t nchan, uint8_t bits, uint64_t w, uint64_t h, uint64_t d,
                         uint32_t flags, uint8_t am)
{
    sim_texdesc *x = th_alloc(t, sizeof *x);
    memset(x, 0, sizeof *x);
    x->magic = SIM_TEXDESC_MAGIC;
    x->kind = kind;
    x->dims = dims;
    x->fmt = fmt;
    x->nchan = nchan;
    for (unsigned c = 0; c < nchan; c++)
        x->chan_bits[c] = bits;
    x->flags = flags;
    x->addr_mode[0] = x->addr_mode[1] = x->addr_mode[2] = am;
    x->elem_size = (uint8_t)(nchan * bits / 8);
    x->data = (uint64_t)(uintptr_t)data;
    x->width = w;
    x->height = h;
    x->depth = d;
    x->pitch = w * x->elem_size;
    x->slice_pitch = x->pitch * h;
    return x;
}

static sim_status run(th *t, const char *body, const sim_texdesc *d, const uint32_t (*in)[8],
                      uint32_t (*out)[4])
{
    th_param_ptr(t, 0x10, d);
    char src[512];
    snprintf(src, sizeof src, "LDC.64 R2, c[0x0][0x10]\n%s", body);
    sim_status st = th_lanes(t, src, in, out);
    if (st != SIM_OK)
        print_message("%s\n", t->fault.message);
    return st;
}

/* Texel index after the address mode (normalized coordinates); -1: border. */
static long ref_index(int am, bool norm, long i, long n)
{
    if (i >= 0 && i < n)
        return i;
    if (!norm && (am == AM_WRAP || am == AM_MIRROR))
        am = AM_CLAMP;
    switch (am) {
    case AM_WRAP:   return ((i % n) + n) % n;
    case AM_MIRROR: { long m = ((i % (2 * n)) + 2 * n) % (2 * n); return m < n ? m : 2 * n - 1 - m; }
    case AM_BORDER: return -1;
    default:        return i < 0 ? 0 : n - 1;
    }
}

static float ref_texel2(const float *T, long w, long h, int am, bool norm, long i, long j,
                        float border)
{
    long a = ref_index(am, norm, i, w), b = ref_index(am, norm, j, h);
    return a < 0 || b < 0 ? border : T[b * w + a];
}

/* The guide's linear filter: tex(x,y) = (1-a)(1-b)T[i,j] + a(1-b)T[i+1,j]
 * + (1-a)b T[i,j+1] + ab T[i+1,j+1], a and b frac(x-0.5) in 1/256 steps. */
static float ref_linear2(const float *T, long w, long h, int am, bool norm, float x, float y,
                         float border)
{
    float xb = x - 0.5f, yb = y - 0.5f;
    long i = (long)floorf(xb), j = (long)floorf(yb);
    float a = roundf((xb - floorf(xb)) * 256.0f) / 256.0f;
    float b = roundf((yb - floorf(yb)) * 256.0f) / 256.0f;
    return (1 - a) * (1 - b) * ref_texel2(T, w, h, am, norm, i, j, border) +
           a * (1 - b) * ref_texel2(T, w, h, am, norm, i + 1, j, border) +
           (1 - a) * b * ref_texel2(T, w, h, am, norm, i, j + 1, border) +
           a * b * ref_texel2(T, w, h, am, norm, i + 1, j + 1, border);
}

static void check_close(float got, float want, unsigned lane)
{
    if (fabsf(got - want) > 1e-5f * (1.0f + fabsf(want)))
        fail_msg("lane %u: got %.9g, want %.9g", lane, (double)got, (double)want);
}

/* 2D f32 texture 5x3, every address mode, point and linear, normalized
 * and unnormalized coordinates; lanes sample inside and outside. */
static void test_tex2d_modes(void **state)
{
    (void)state;
    float T[15];
    for (unsigned i = 0; i < 15; i++)
        T[i] = (float)(i * i % 7) + 0.25f * (float)i;
    for (int am = 0; am < 4; am++)
        for (int lin = 0; lin < 2; lin++)
            for (int norm = 0; norm < 2; norm++) {
                th *t = th_new();
                float *data = th_alloc(t, sizeof T);
                memcpy(data, T, sizeof T);
                uint32_t flags = (lin ? SIM_TEXD_LINEAR : 0) | (norm ? SIM_TEXD_NORMCOORDS : 0);
                sim_texdesc *d = desc(t, data, SIM_TEX_ARRAY, 2, SIM_TEXF_FLOAT, 1, 32, 5, 3, 1,
                                      flags, (uint8_t)am);
                d->border[0] = 7.5f;
                d->border[3] = 2.0f;
                uint32_t in[32][8] = { { 0 } }, out[32][4];
                float xs[32], ys[32];
                for (unsigned l = 0; l < 32; l++) {
                    xs[l] = -2.3f + 0.41f * (float)l;   /* -2.3 .. 10.4 texels */
                    ys[l] = 3.9f - 0.29f * (float)l;
                    float sx = norm ? xs[l] / 5.0f : xs[l], sy = norm ? ys[l] / 3.0f : ys[l];
                    in[l][0] = th_f2u(sx);
                    in[l][1] = th_f2u(sy);
                    xs[l] = norm ? sx * 5.0f : sx;   /* what the unit scales back to */
                    ys[l] = norm ? sy * 3.0f : sy;
                }
                assert_int_equal(run(t, "TEX.2D.F32.F32 R12, R2, R4", d, in, out), SIM_OK);
                for (unsigned l = 0; l < 32; l++) {
                    float want = lin ? ref_linear2(T, 5, 3, am, norm, xs[l], ys[l], 7.5f)
                                     : ref_texel2(T, 5, 3, am, norm, (long)floorf(xs[l]),
                                                  (long)floorf(ys[l]), 7.5f);
                    check_close(th_u2f(out[l][0]), want, l);
                    bool border = !lin && am == AM_BORDER &&
                                  (ref_index(am, norm, (long)floorf(xs[l]), 5) < 0 ||
                                   ref_index(am, norm, (long)floorf(ys[l]), 3) < 0);
                    if (lin)   /* alpha 1 everywhere, filtered with the border's 2 */
                        continue;
                    /* a missing channel reads 0, alpha 1; the border colour all four */
                    assert_int_equal(out[l][1], th_f2u(0.0f));
                    assert_int_equal(out[l][3], th_f2u(border ? 2.0f : 1.0f));
                }
                th_free(t);
            }
}

/* 1D linear filtering: the weight is quantized to 1/256 (x = 0.5 + 1/1024
 * gives weight 0, x = 0.5 + 3/512 gives 2/256). */
static void test_tex1d_weight9(void **state)
{
    (void)state;
    th *t = th_new();
    float *data = th_alloc(t, 4 * sizeof(float));
    const float T[4] = { 0.0f, 256.0f, 512.0f, 1024.0f };
    memcpy(data, T, sizeof T);
    sim_texdesc *d = desc(t, data, SIM_TEX_ARRAY, 1, SIM_TEXF_FLOAT, 1, 32, 4, 1, 1,
                          SIM_TEXD_LINEAR, AM_CLAMP);
    uint32_t in[32][8] = { { 0 } }, out[32][4];
    for (unsigned l = 0; l < 32; l++)
        in[l][0] = th_f2u(0.5f + (float)l / 1024.0f);
    assert_int_equal(run(t, "TEX.1D.F32.F32 R12, R2, R4", d, in, out), SIM_OK);
    for (unsigned l = 0; l < 32; l++) {
        float a = roundf((float)l / 1024.0f * 256.0f) / 256.0f;
        check_close(th_u2f(out[l][0]), a * 256.0f, l);
        assert_true(fmodf(th_u2f(out[l][0]), 1.0f) == 0.0f);   /* whole 1/256 steps */
    }
    th_free(t);
}

/* tex1Dfetch on linear memory: int4 elements by s32 index, 0 outside. */
static void test_tex1dfetch(void **state)
{
    (void)state;
    th *t = th_new();
    int32_t *data = th_alloc(t, 10 * 16);
    for (int i = 0; i < 40; i++)
        data[i] = i * 3 - 50;
    sim_texdesc *d = desc(t, data, SIM_TEX_LINEAR, 1, SIM_TEXF_SIGNED, 4, 32, 10, 1, 1, 0,
                          AM_CLAMP);
    uint32_t in[32][8] = { { 0 } }, out[32][4];
    for (unsigned l = 0; l < 32; l++)
        in[l][0] = (uint32_t)((int)l - 12);
    assert_int_equal(run(t, "TEX.1D.S32.S32 R12, R2, R4", d, in, out), SIM_OK);
    for (unsigned l = 0; l < 32; l++) {
        int i = (int)l - 12;
        for (unsigned c = 0; c < 4; c++)
            assert_int_equal((int32_t)out[l][c], i >= 0 && i < 10 ? data[i * 4 + (int)c] : 0);
    }
    uint64_t loads = t->stats.global_loads;
    assert_true(loads >= 2);   /* the two LDG.128 and the texture read */
    th_free(t);
}

/* cudaReadModeNormalizedFloat: u8 -> v/255, s8 -> max(v/127, -1). */
static void test_normalized_float(void **state)
{
    (void)state;
    for (int sgn = 0; sgn < 2; sgn++) {
        th *t = th_new();
        uint8_t *data = th_alloc(t, 32 * 4);
        for (unsigned i = 0; i < 128; i++)
            data[i] = (uint8_t)(i * 37 + 128);
        sim_texdesc *d = desc(t, data, SIM_TEX_ARRAY, 1, sgn ? SIM_TEXF_SIGNED : SIM_TEXF_UNSIGNED,
                              4, 8, 32, 1, 1, SIM_TEXD_NORMFLOAT, AM_CLAMP);
        uint32_t in[32][8] = { { 0 } }, out[32][4];
        for (unsigned l = 0; l < 32; l++)
            in[l][0] = th_f2u((float)l + 0.75f);
        assert_int_equal(run(t, "TEX.1D.F32.F32 R12, R2, R4", d, in, out), SIM_OK);
        for (unsigned l = 0; l < 32; l++)
            for (unsigned c = 0; c < 4; c++) {
                uint8_t v = data[l * 4 + c];
                float want = sgn ? fmaxf((float)(int8_t)v / 127.0f, -1.0f) : (float)v / 255.0f;
                check_close(th_u2f(out[l][c]), want, l);
            }
        th_free(t);
    }
}

/* tld4: the four texels of the footprint, (i,j+1) (i+1,j+1) (i+1,j) (i,j). */
static void test_tld4(void **state)
{
    (void)state;
    th *t = th_new();
    float *data = th_alloc(t, 16 * 2 * sizeof(float));
    for (unsigned i = 0; i < 32; i++)
        data[i] = (float)i;   /* 4x4, 2 channels: texel (x,y).g = 2*(4y+x)+1 */
    sim_texdesc *d = desc(t, data, SIM_TEX_ARRAY, 2, SIM_TEXF_FLOAT, 2, 32, 4, 4, 1, 0, AM_CLAMP);
    uint32_t in[32][8] = { { 0 } }, out[32][4];
    in[0][0] = th_f2u(1.7f);   /* i = 1, j = 2 */
    in[0][1] = th_f2u(2.6f);
    for (unsigned l = 1; l < 32; l++)
        memcpy(in[l], in[0], sizeof in[0]);
    assert_int_equal(run(t, "TLD4.G.F32 R12, R2, R4", d, in, out), SIM_OK);
    assert_true(th_u2f(out[0][0]) == 2.0f * (4 * 3 + 1) + 1);
    assert_true(th_u2f(out[0][1]) == 2.0f * (4 * 3 + 2) + 1);
    assert_true(th_u2f(out[0][2]) == 2.0f * (4 * 2 + 2) + 1);
    assert_true(th_u2f(out[0][3]) == 2.0f * (4 * 2 + 1) + 1);
    th_free(t);
}

/* sust then suld on a 4x3 int surface: x in bytes; .clamp, .zero. */
static void test_surface(void **state)
{
    (void)state;
    th *t = th_new();
    int32_t *data = th_alloc(t, 12 * 4);
    memset(data, 0, 12 * 4);
    sim_texdesc *d = desc(t, data, SIM_TEX_ARRAY, 2, SIM_TEXF_SIGNED, 1, 32, 4, 3, 1,
                          SIM_TEXD_SURFACE, AM_CLAMP);
    uint32_t in[32][8] = { { 0 } }, out[32][4];
    for (unsigned l = 0; l < 32; l++) {
        in[l][0] = (l % 4) * 4;      /* x bytes */
        in[l][1] = l / 4;            /* y: rows 0..7, only 0..2 exist */
        in[l][2] = 100 + l;          /* value */
        in[l][4] = (uint32_t)((int)(l % 8) * 4 - 8);   /* read x: -8 .. 20 bytes */
        in[l][5] = 1;
    }
    assert_int_equal(run(t, "SUST.2D.B32.ZERO R2, R4, R6\n"
                            "SULD.2D.B32.CLAMP R12, R2, R8\n"
                            "SULD.2D.B32.ZERO R13, R2, R8\n"
                            "TXQ.WIDTH R14, R2\n"
                            "TXQ.HEIGHT R15, R2", d, in, out), SIM_OK);
    for (unsigned i = 0; i < 12; i++)
        assert_int_equal(data[i], 100 + (int)i);   /* rows 3.. dropped */
    for (unsigned l = 0; l < 32; l++) {
        int x = (int)(l % 8) - 2, cx = x < 0 ? 0 : x > 3 ? 3 : x;
        assert_int_equal((int32_t)out[l][0], 100 + 4 + cx);
        assert_int_equal((int32_t)out[l][1], x == cx ? 100 + 4 + x : 0);
        assert_int_equal(out[l][2], 4);
        assert_int_equal(out[l][3], 3);
    }
    th_free(t);
    /* .trap: out of range faults with the coordinates */
    t = th_new();
    data = th_alloc(t, 12 * 4);
    d = desc(t, data, SIM_TEX_ARRAY, 2, SIM_TEXF_SIGNED, 1, 32, 4, 3, 1, SIM_TEXD_SURFACE,
             AM_CLAMP);
    assert_int_equal(run(t, "SULD.2D.B32.TRAP R12, R2, R4", d, in, out), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "out of range"));
    th_free(t);
}

/* b8 / v2 / b64 surface elements: one register per element, pairs for b64. */
static void test_surface_widths(void **state)
{
    (void)state;
    th *t = th_new();
    uint8_t *data = th_alloc(t, 64);
    for (unsigned i = 0; i < 64; i++)
        data[i] = (uint8_t)(i + 1);
    sim_texdesc *d = desc(t, data, SIM_TEX_ARRAY, 1, SIM_TEXF_UNSIGNED, 1, 8, 64, 1, 1,
                          SIM_TEXD_SURFACE, AM_CLAMP);
    uint32_t in[32][8] = { { 0 } }, out[32][4];
    for (unsigned l = 0; l < 32; l++) {
        in[l][0] = 2 * l;        /* v2.b8 at byte 2l */
        in[l][1] = (l % 4) * 8;  /* b64 at byte 8k */
    }
    assert_int_equal(run(t, "SULD.1D.B8.V2.TRAP R12, R2, R4\n"
                            "SULD.1D.B64.TRAP R14, R2, R5", d, in, out), SIM_OK);
    for (unsigned l = 0; l < 32; l++) {
        assert_int_equal(out[l][0], 2 * l + 1);
        assert_int_equal(out[l][1], 2 * l + 2);
        uint64_t v;
        memcpy(&v, data + (l % 4) * 8, 8);
        assert_int_equal(out[l][2], (uint32_t)v);
        assert_int_equal(out[l][3], (uint32_t)(v >> 32));
    }
    th_free(t);
}

static void test_txq(void **state)
{
    (void)state;
    th *t = th_new();
    float *data = th_alloc(t, 64);
    sim_texdesc *d = desc(t, data, SIM_TEX_ARRAY, 3, SIM_TEXF_FLOAT, 1, 32, 4, 2, 2,
                          SIM_TEXD_NORMCOORDS | SIM_TEXD_LINEAR, AM_MIRROR);
    d->addr_mode[1] = AM_BORDER;
    d->addr_mode[2] = AM_CLAMP;
    uint32_t in[32][8] = { { 0 } }, out[32][4];
    assert_int_equal(run(t, "TXQ.DEPTH R12, R2\nTXQ.NORMC R13, R2\nTXQ.FILTER R14, R2\n"
                            "TXQ.ADDR0 R15, R2", d, in, out), SIM_OK);
    assert_int_equal(out[5][0], 2);
    assert_int_equal(out[5][1], 1);
    assert_int_equal(out[5][2], 1);
    assert_int_equal(out[5][3], 1);   /* PTX mirror */
    assert_int_equal(run(t, "TXQ.ADDR1 R12, R2\nTXQ.ADDR2 R13, R2\nTXQ.MIPLEVELS R14, R2\n"
                            "TXQ.WIDTH R15, R2", d, in, out), SIM_OK);
    assert_int_equal(out[0][0], 4);   /* clamp_to_border */
    assert_int_equal(out[0][1], 3);   /* clamp_to_edge */
    assert_int_equal(out[0][2], 1);
    assert_int_equal(out[0][3], 4);
    th_free(t);
}

/* A handle that is not a live descriptor faults, naming it; ISTYPEP tells. */
static void test_bad_handle(void **state)
{
    (void)state;
    th *t = th_new();
    uint32_t *junk = th_alloc(t, 128);
    memset(junk, 0, 128);
    uint32_t in[32][8] = { { 0 } }, out[32][4];
    assert_int_equal(run(t, "TEX.1D.F32.S32 R12, R2, R4", (const sim_texdesc *)junk, in, out),
                     SIM_FAULT_ILLEGAL_INSN);
    char want[96];
    snprintf(want, sizeof want, "texture handle 0x%llx is not a live texture object",
             (unsigned long long)(uintptr_t)junk);
    assert_non_null(strstr(t->fault.message, want));
    th_free(t);
    t = th_new();
    float *data = th_alloc(t, 64);
    sim_texdesc *d = desc(t, data, SIM_TEX_ARRAY, 1, SIM_TEXF_FLOAT, 1, 32, 16, 1, 1,
                          SIM_TEXD_SURFACE, AM_CLAMP);
    assert_int_equal(run(t, "ISTYPEP.SURFREF P0, R2\nP2R R12, P0\n"
                            "ISTYPEP.TEXREF P1, R2\nP2R R13, P1\n"
                            "ISTYPEP.SURFREF P0, R4\nP2R R14, P0\n"
                            "TEX.1D.F32.S32 R12, R2, R4", d, in, out), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "is a surface object, used as a texture object"));
    assert_int_equal(run(t, "ISTYPEP.SURFREF P0, R2\nP2R R12, P0\n"
                            "ISTYPEP.TEXREF P1, R2\nP2R R13, P1\n"
                            "ISTYPEP.SURFREF P0, R4\nP2R R14, P0", d, in, out), SIM_OK);
    assert_int_equal(out[3][0], 1);
    assert_int_equal(out[3][1], 0);
    assert_int_equal(out[3][2], 0);   /* R4:R5 = 0: no object */
    th_free(t);
}

/* Layered: the layer index (first coordinate) is clamped to the layers,
 * never filtered; sust/suld .a2d address layer slices. */
static void test_layered(void **state)
{
    (void)state;
    th *t = th_new();
    float *data = th_alloc(t, 12 * sizeof(float));
    for (unsigned i = 0; i < 12; i++)
        data[i] = 10.0f * (float)(i / 4) + (float)(i % 4);   /* 3 layers of 4 */
    sim_texdesc *d = desc(t, data, SIM_TEX_ARRAY, 2, SIM_TEXF_FLOAT, 1, 32, 4, 3, 1,
                          SIM_TEXD_LAYERED | SIM_TEXD_LINEAR, AM_CLAMP);
    uint32_t in[32][8] = { { 0 } }, out[32][4];
    for (unsigned l = 0; l < 32; l++) {
        in[l][0] = (uint32_t)((int)(l % 6) - 1);   /* layers -1 .. 4 */
        in[l][1] = th_f2u(0.5f + (float)(l / 6));  /* texel centres 0..5 */
    }
    assert_int_equal(run(t, "TEX.A1D.F32.F32 R12, R2, R4", d, in, out), SIM_OK);
    for (unsigned l = 0; l < 32; l++) {
        int layer = (int)(l % 6) - 1, x = (int)(l / 6);
        layer = layer < 0 ? 0 : layer > 2 ? 2 : layer;
        x = x > 3 ? 3 : x;
        check_close(th_u2f(out[l][0]), 10.0f * (float)layer + (float)x, l);
    }
    /* a 2D fetch from it is a fault that says why */
    assert_int_equal(run(t, "TEX.2D.F32.F32 R12, R2, R4", d, in, out), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "a 2D texture fetch from a layered 1D texture"));
    th_free(t);
    t = th_new();
    int32_t *sd = th_alloc(t, 2 * 2 * 2 * 4);
    memset(sd, 0, 32);
    d = desc(t, sd, SIM_TEX_ARRAY, 3, SIM_TEXF_SIGNED, 1, 32, 2, 2, 2,
             SIM_TEXD_SURFACE | SIM_TEXD_LAYERED, AM_CLAMP);
    for (unsigned l = 0; l < 32; l++) {
        in[l][0] = l / 4 % 2;        /* layer */
        in[l][1] = (l % 2) * 4;      /* x bytes */
        in[l][2] = l / 2 % 2;        /* y */
        in[l][4] = 7 + l;
    }
    assert_int_equal(run(t, "SUST.A2D.B32.TRAP R2, R4, R8", d, in, out), SIM_OK);
    for (unsigned l = 24; l < 32; l++)   /* the last writers of the 8 cells */
        assert_int_equal(sd[(l / 4 % 2) * 4 + (l / 2 % 2) * 2 + l % 2], 7 + (int)l);
    th_free(t);
}

/* The forms nvcc -arch=sm_80 emits for tex1Dfetch, tex2D, tex2Dgather,
 * surf2Dread/surf2Dwrite (lowered from PTX, then run): out[tid] gets a
 * fetch, a bilinear sample, a gathered texel, a surface word and txq/suq/
 * istypep results. */
static const char k_tex[] =
    ".version 8.0\n.target sm_80\n.address_size 64\n"
    ".visible .entry k(.param .u64 t1, .param .u64 t2, .param .u64 s2, .param .u64 out)\n{\n"
    "  .reg .pred %p<3>;\n  .reg .b16 %rs<3>;\n  .reg .b32 %r<32>;\n  .reg .f32 %f<24>;\n"
    "  .reg .b64 %rd<8>;\n"
    "  ld.param.u64 %rd1, [t1];\n  ld.param.u64 %rd2, [t2];\n  ld.param.u64 %rd3, [s2];\n"
    "  ld.param.u64 %rd4, [out];\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  tex.1d.v4.s32.s32 {%r2, %r3, %r4, %r5}, [%rd1, {%r1}];\n"
    "  cvt.rn.f32.u32 %f1, %r1;\n  mul.f32 %f2, %f1, 0f3E800000;\n"      /* x = tid / 4 */
    "  tex.2d.v4.f32.f32 {%f3, %f4, %f5, %f6}, [%rd2, {%f2, %f2}];\n"
    "  tld4.r.2d.v4.f32.f32 {%f7, %f8, %f9, %f10}, [%rd2, {%f2, %f2}];\n"
    "  and.b32 %r6, %r1, 3;\n  shl.b32 %r7, %r6, 2;\n  shr.u32 %r14, %r1, 2;\n"
    "  sust.b.2d.b32.trap [%rd3, {%r7, %r14}], {%r2};\n"
    "  suld.b.2d.b32.clamp {%r8}, [%rd3, {%r7, %r14}];\n"
    "  suld.b.2d.v2.b8.zero {%rs1, %rs2}, [%rd3, {%r7, %r14}];\n"
    "  cvt.u32.u16 %r9, %rs2;\n"
    "  txq.width.b32 %r10, [%rd2];\n  suq.height.b32 %r11, [%rd3];\n"
    "  istypep.surfref %p1, %rd3;\n  selp.u32 %r12, 1, 0, %p1;\n"
    "  istypep.texref %p2, %rd3;\n  selp.u32 %r13, 1, 0, %p2;\n"
    "  mul.wide.u32 %rd5, %r1, 48;\n  add.s64 %rd6, %rd4, %rd5;\n"
    "  st.global.v4.u32 [%rd6], {%r2, %r5, %r8, %r9};\n"
    "  st.global.v4.f32 [%rd6+16], {%f3, %f6, %f7, %f10};\n"
    "  st.global.v4.u32 [%rd6+32], {%r10, %r11, %r12, %r13};\n"
    "  ret;\n}\n";

static void test_ptx_forms(void **state)
{
    (void)state;
    char err[512];
    isa_module *mod = ptx_compile(k_tex, sizeof k_tex - 1, "tex.ptx", err, sizeof err);
    if (mod == NULL)
        fail_msg("compile: %s", err);
    th *t = th_new();
    t->k = mod->kernels[0];
    t->prog = sim_program_create(&t->k, t->err, sizeof t->err);
    if (t->prog == NULL)
        fail_msg("predecode: %s", t->err);
    int32_t *lin = th_alloc(t, 16 * 16);
    for (int i = 0; i < 64; i++)
        lin[i] = 1000 + i;
    sim_texdesc *t1 = desc(t, lin, SIM_TEX_LINEAR, 1, SIM_TEXF_SIGNED, 4, 32, 16, 1, 1, 0,
                           AM_CLAMP);
    float T[16];
    for (unsigned i = 0; i < 16; i++)
        T[i] = (float)(i * 5 % 11);
    float *arr = th_alloc(t, sizeof T);
    memcpy(arr, T, sizeof T);
    sim_texdesc *t2 = desc(t, arr, SIM_TEX_ARRAY, 2, SIM_TEXF_FLOAT, 1, 32, 4, 4, 1,
                           SIM_TEXD_LINEAR, AM_CLAMP);
    int32_t *surf = th_alloc(t, 16 * 4);
    memset(surf, 0, 16 * 4);
    sim_texdesc *s2 = desc(t, surf, SIM_TEX_ARRAY, 2, SIM_TEXF_SIGNED, 1, 32, 4, 4, 1,
                           SIM_TEXD_SURFACE, AM_CLAMP);
    uint32_t *out = th_alloc(t, 16 * 48);
    th_param_ptr(t, 0, t1);
    th_param_ptr(t, 8, t2);
    th_param_ptr(t, 16, s2);
    th_param_ptr(t, 24, out);
    sim_status st = th_run(t, 1, 16);
    if (st != SIM_OK)
        fail_msg("%s", t->fault.message);
    for (unsigned l = 0; l < 16; l++) {
        const uint32_t *o = out + l * 12;
        assert_int_equal(o[0], 1000 + 4 * l);
        assert_int_equal(o[1], 1000 + 4 * l + 3);
        assert_int_equal(o[2], 1000 + 4 * l);          /* written by sust, read back */
        assert_int_equal(o[3], (1000 + 4 * l) >> 8);   /* byte 1 of it (v2.b8) */
        assert_int_equal(surf[l], 1000 + 4 * (int)l);
        float x = (float)l * 0.25f;
        check_close(th_u2f(o[4]), ref_linear2(T, 4, 4, AM_CLAMP, false, x, x, 0), l);
        assert_int_equal(o[5], th_f2u(1.0f));
        long i0 = (long)floorf(x - 0.5f);
        check_close(th_u2f(o[6]), ref_texel2(T, 4, 4, AM_CLAMP, false, i0, i0 + 1, 0), l);
        check_close(th_u2f(o[7]), ref_texel2(T, 4, 4, AM_CLAMP, false, i0, i0, 0), l);
        assert_int_equal(o[8], 4);
        assert_int_equal(o[9], 4);
        assert_int_equal(o[10], 1);
        assert_int_equal(o[11], 0);
    }
    th_free(t);
    isa_module_free(mod);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tex2d_modes),
        cmocka_unit_test(test_tex1d_weight9),
        cmocka_unit_test(test_tex1dfetch),
        cmocka_unit_test(test_normalized_float),
        cmocka_unit_test(test_tld4),
        cmocka_unit_test(test_surface),
        cmocka_unit_test(test_surface_widths),
        cmocka_unit_test(test_txq),
        cmocka_unit_test(test_bad_handle),
        cmocka_unit_test(test_ptx_forms),
        cmocka_unit_test(test_layered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
