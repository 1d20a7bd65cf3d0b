/* tests/unit/test_runtime_texture.c — CUDA arrays (runtime/array.c) and
 * texture/surface objects (runtime/texture.c): array shapes and layout,
 * copies into and out of arrays, the sim_texdesc written for each resource
 * type, destroy, and the error codes of bad arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/internal.h"
#include "runtime/texture.h"

static int setup(void **state)
{
    unsetenv("COBALT_SMS");
    unsetenv("COBALT_DEVICE");
    *state = rt_create(stderr);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    rt_destroy(*state);
    return 0;
}

static const rt_chan f32x1 = { 32, 0, 0, 0, 2 };
static const rt_chan u8x4 = { 8, 8, 8, 8, 1 };
static const rt_chan s32x4 = { 32, 32, 32, 32, 0 };

static void test_array_shapes(void **state)
{
    rt_context *ctx = *state;
    void *a;
    const rt_array *h;
    assert_int_equal(rt_array_create(ctx, &a, &u8x4, 100, 30, 0, RT_ARRAY_SURFACE), 0);
    assert_int_equal(rt_array_get(ctx, a, &h), 0);
    assert_int_equal(h->dims, 2);
    assert_int_equal(h->elem, 4);
    assert_int_equal(h->pitch, 400);
    assert_int_equal(h->h, 30);
    assert_int_equal(h->d, 1);
    assert_int_equal(h->slice, 12000);
    assert_int_equal(h->data, (uint64_t)(uintptr_t)a + RT_ARRAY_HEADER);
    assert_int_equal(h->ext[2], 0);
    assert_int_equal(h->flags, RT_ARRAY_SURFACE);
    assert_int_equal(rt_array_free(ctx, a), 0);
    assert_int_equal(rt_array_get(ctx, a, &h), RT_cudaErrorInvalidValue);   /* freed */
    assert_int_equal(rt_array_free(ctx, a), RT_cudaErrorInvalidValue);

    static const struct { uint64_t w, h, d; unsigned flags, dims; } shapes[] = {
        { 64, 0, 0, 0, 1 }, { 64, 8, 0, 0, 2 }, { 16, 8, 4, 0, 3 },
        { 64, 0, 5, RT_ARRAY_LAYERED, 2 }, { 16, 8, 5, RT_ARRAY_LAYERED, 3 },
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        assert_int_equal(rt_array_create(ctx, &a, &f32x1, shapes[i].w, shapes[i].h, shapes[i].d,
                                         shapes[i].flags), 0);
        assert_int_equal(rt_array_get(ctx, a, &h), 0);
        assert_int_equal(h->dims, shapes[i].dims);
        assert_int_equal(h->d, shapes[i].d ? shapes[i].d : 1);
        assert_int_equal(rt_array_free(ctx, a), 0);
    }
}

static void test_array_errors(void **state)
{
    rt_context *ctx = *state;
    void *a = NULL;
    const rt_array *h;
    rt_chan three = { 8, 8, 8, 0, 1 }, gap = { 8, 0, 8, 0, 1 }, odd = { 12, 0, 0, 0, 1 };
    rt_chan f8 = { 8, 0, 0, 0, 2 }, other = { 8, 0, 0, 0, 3 }, mixed = { 8, 16, 0, 0, 1 };
    assert_int_equal(rt_array_create(ctx, &a, &f32x1, 0, 4, 0, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_array_create(ctx, &a, &f32x1, 4, 0, 4, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_array_create(ctx, &a, &f32x1, 4, 4, 0, RT_ARRAY_LAYERED),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_array_create(ctx, &a, &f32x1, 1u << 20, 0, 0, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_array_create(ctx, &a, &f32x1, 4, 4, 6, RT_ARRAY_CUBEMAP),
                     RT_cudaErrorNotSupported);
    assert_int_equal(rt_array_create(ctx, &a, &three, 4, 4, 0, 0),
                     RT_cudaErrorInvalidChannelDescriptor);
    assert_int_equal(rt_array_create(ctx, &a, &gap, 4, 4, 0, 0),
                     RT_cudaErrorInvalidChannelDescriptor);
    assert_int_equal(rt_array_create(ctx, &a, &odd, 4, 4, 0, 0),
                     RT_cudaErrorInvalidChannelDescriptor);
    assert_int_equal(rt_array_create(ctx, &a, &f8, 4, 4, 0, 0),
                     RT_cudaErrorInvalidChannelDescriptor);
    assert_int_equal(rt_array_create(ctx, &a, &mixed, 4, 4, 0, 0),
                     RT_cudaErrorInvalidChannelDescriptor);
    assert_int_equal(rt_array_create(ctx, &a, &other, 4, 4, 0, 0), RT_cudaErrorNotSupported);
    assert_null(a);
    /* a live device allocation that is not an array */
    void *p;
    assert_int_equal(rt_malloc(ctx, &p, 4096, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_array_get(ctx, p, &h), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_array_get(ctx, (uint8_t *)p + 16, &h), RT_cudaErrorInvalidValue);
    int local;
    assert_int_equal(rt_array_free(ctx, &local), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_free(ctx, p, RT_MEM_DEVICE), 0);
}

static const rt_pitched none;

static void test_array_copy_2d(void **state)
{
    rt_context *ctx = *state;
    void *a;
    const rt_array *h;
    enum { W = 13, H = 7, SP = 80 };   /* pitched source: 80-byte rows of 13 floats + pad */
    uint8_t src[SP * H], back[W * 4 * H];
    for (size_t i = 0; i < sizeof src; i++)
        src[i] = (uint8_t)(i * 7 + 3);
    assert_int_equal(rt_array_create(ctx, &a, &f32x1, W, H, 0, 0), 0);
    assert_int_equal(rt_array_get(ctx, a, &h), 0);
    rt_pitched s = { src, SP, W * 4, H };
    assert_int_equal(rt_memcpy2d_arrays(ctx, a, none, (rt_pos3){ 0, 0, 0 }, NULL, s,
                                        (rt_pos3){ 0, 0, 0 }, W * 4, H, RT_MEMCPY_H2D,
                                        RT_STREAM_SYNC), 0);
    /* row-major, pitch = width * 4, no padding */
    const uint8_t *data = (const uint8_t *)(uintptr_t)h->data;
    for (int y = 0; y < H; y++)
        assert_memory_equal(data + y * W * 4, src + y * SP, W * 4);
    rt_pitched d = { back, W * 4, W * 4, H };
    memset(back, 0, sizeof back);
    assert_int_equal(rt_memcpy2d_arrays(ctx, NULL, d, (rt_pos3){ 0, 0, 0 }, a, none,
                                        (rt_pos3){ 0, 0, 0 }, W * 4, H, RT_MEMCPY_D2H,
                                        RT_STREAM_SYNC), 0);
    for (int y = 0; y < H; y++)
        assert_memory_equal(back + y * W * 4, src + y * SP, W * 4);
    /* a sub-box at an offset (bytes, rows) */
    float v[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
    rt_pitched vs = { v, 12, 12, 2 };
    assert_int_equal(rt_memcpy2d_arrays(ctx, a, none, (rt_pos3){ 8, 3, 0 }, NULL, vs,
                                        (rt_pos3){ 0, 0, 0 }, 12, 2, RT_MEMCPY_H2D,
                                        RT_STREAM_SYNC), 0);
    const float *f = (const float *)data;
    assert_true(f[3 * W + 2] == 1.0f && f[3 * W + 4] == 3.0f && f[4 * W + 3] == 5.0f);
    /* out of the array, pitch smaller than the width */
    assert_int_equal(rt_memcpy2d_arrays(ctx, a, none, (rt_pos3){ 44, 0, 0 }, NULL, vs,
                                        (rt_pos3){ 0, 0, 0 }, 12, 2, RT_MEMCPY_H2D,
                                        RT_STREAM_SYNC), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_memcpy2d_arrays(ctx, a, none, (rt_pos3){ 0, 6, 0 }, NULL, vs,
                                        (rt_pos3){ 0, 0, 0 }, 12, 2, RT_MEMCPY_H2D,
                                        RT_STREAM_SYNC), RT_cudaErrorInvalidValue);
    vs.pitch = 8;
    assert_int_equal(rt_memcpy2d_arrays(ctx, a, none, (rt_pos3){ 0, 0, 0 }, NULL, vs,
                                        (rt_pos3){ 0, 0, 0 }, 12, 2, RT_MEMCPY_H2D,
                                        RT_STREAM_SYNC), RT_cudaErrorInvalidPitchValue);
    /* array to array, and the linear (deprecated cudaMemcpyToArray) form */
    void *b;
    assert_int_equal(rt_array_create(ctx, &b, &f32x1, W, H, 0, 0), 0);
    assert_int_equal(rt_memcpy2d_arrays(ctx, b, none, (rt_pos3){ 0, 0, 0 }, a, none,
                                        (rt_pos3){ 0, 0, 0 }, W * 4, H, RT_MEMCPY_D2D,
                                        RT_STREAM_SYNC), 0);
    const rt_array *hb;
    assert_int_equal(rt_array_get(ctx, b, &hb), 0);
    assert_memory_equal((const void *)(uintptr_t)hb->data, data, W * 4 * H);
    float lin[20], lout[20];
    for (int i = 0; i < 20; i++)
        lin[i] = (float)i * 0.5f;
    assert_int_equal(rt_memcpy_array_linear(ctx, b, 4, 2, lin, sizeof lin, true, RT_MEMCPY_H2D,
                                            RT_STREAM_SYNC), 0);   /* wraps to row 3 */
    assert_int_equal(rt_memcpy_array_linear(ctx, b, 4, 2, lout, sizeof lout, false,
                                            RT_MEMCPY_D2H, RT_STREAM_SYNC), 0);
    assert_memory_equal(lin, lout, sizeof lin);
    assert_true(((const float *)(uintptr_t)hb->data)[3 * W + 0] == lin[W - 1]);
    assert_int_equal(rt_memcpy_array_linear(ctx, b, 0, H - 1, lin, W * 4 + 4, true,
                                            RT_MEMCPY_H2D, RT_STREAM_SYNC),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_array_free(ctx, a), 0);
    assert_int_equal(rt_array_free(ctx, b), 0);
}

static void test_array_copy_3d(void **state)
{
    rt_context *ctx = *state;
    void *a;
    const rt_array *h;
    enum { W = 5, H = 4, D = 3, SP = 96 };   /* int4 elements, pitched 3D source */
    uint8_t src[SP * H * D], back[16 * W * H * D];
    for (size_t i = 0; i < sizeof src; i++)
        src[i] = (uint8_t)(i ^ (i >> 3));
    assert_int_equal(rt_array_create(ctx, &a, &s32x4, W, H, D, 0), 0);
    assert_int_equal(rt_array_get(ctx, a, &h), 0);
    rt_pitched s = { src, SP, W * 16, H }, d = { back, W * 16, W * 16, H };
    /* extent and the array's position in elements */
    assert_int_equal(rt_memcpy3d_arrays(ctx, a, none, (rt_pos3){ 0, 0, 0 }, NULL, s,
                                        (rt_pos3){ 0, 0, 0 }, (rt_pos3){ W, H, D },
                                        RT_MEMCPY_H2D, RT_STREAM_SYNC), 0);
    const uint8_t *data = (const uint8_t *)(uintptr_t)h->data;
    for (int z = 0; z < D; z++)
        for (int y = 0; y < H; y++)
            assert_memory_equal(data + (z * H + y) * W * 16, src + (z * H + y) * SP, W * 16);
    memset(back, 0, sizeof back);
    assert_int_equal(rt_memcpy3d_arrays(ctx, NULL, d, (rt_pos3){ 0, 0, 0 }, a, none,
                                        (rt_pos3){ 0, 0, 0 }, (rt_pos3){ W, H, D },
                                        RT_MEMCPY_D2H, RT_STREAM_SYNC), 0);
    for (int z = 0; z < D; z++)
        for (int y = 0; y < H; y++)
            assert_memory_equal(back + (z * H + y) * W * 16, src + (z * H + y) * SP, W * 16);
    /* one element at (x=2 elements, 1, 2) */
    int32_t one[4] = { -1, -2, -3, -4 };
    rt_pitched o = { one, 16, 16, 1 };
    assert_int_equal(rt_memcpy3d_arrays(ctx, a, none, (rt_pos3){ 2, 1, 2 }, NULL, o,
                                        (rt_pos3){ 0, 0, 0 }, (rt_pos3){ 1, 1, 1 },
                                        RT_MEMCPY_H2D, RT_STREAM_SYNC), 0);
    assert_memory_equal(data + ((2 * H + 1) * W + 2) * 16, one, 16);
    assert_int_equal(rt_memcpy3d_arrays(ctx, a, none, (rt_pos3){ 0, 0, 1 }, NULL, s,
                                        (rt_pos3){ 0, 0, 0 }, (rt_pos3){ W, H, D },
                                        RT_MEMCPY_H2D, RT_STREAM_SYNC),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_memcpy3d_arrays(ctx, a, none, (rt_pos3){ W, 0, 0 }, NULL, o,
                                        (rt_pos3){ 0, 0, 0 }, (rt_pos3){ 1, 1, 1 },
                                        RT_MEMCPY_H2D, RT_STREAM_SYNC),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_array_free(ctx, a), 0);
}

static const rt_texopts point = { .addr = { 1, 1, 1 } };

static void test_texobj_linear_pitch(void **state)
{
    rt_context *ctx = *state;
    void *p;
    uint64_t t;
    const sim_texdesc *d;
    const void *blob;
    assert_int_equal(rt_malloc(ctx, &p, 64 * 1024, RT_MEM_DEVICE), 0);
    rt_res lin = { .type = RT_RES_LINEAR, .ptr = p, .ch = s32x4, .size = 1600 };
    rt_texopts o = { .addr = { 0, 2, 3 }, .norm = 1, .border = { 1, 2, 3, 4 } };
    const char tag[] = "blob!";
    assert_int_equal(rt_texobj_create(ctx, &t, &lin, &o, tag, sizeof tag), 0);
    assert_int_equal(rt_texobj_get(ctx, t, false, &d, &blob), 0);
    assert_int_equal(t, (uint64_t)(uintptr_t)d);
    assert_int_equal(d->magic, SIM_TEXDESC_MAGIC);
    assert_int_equal(d->kind, SIM_TEX_LINEAR);
    assert_int_equal(d->dims, 1);
    assert_int_equal(d->fmt, SIM_TEXF_SIGNED);
    assert_int_equal(d->nchan, 4);
    assert_int_equal(d->chan_bits[3], 32);
    assert_int_equal(d->elem_size, 16);
    assert_int_equal(d->width, 100);
    assert_int_equal(d->height, 1);
    assert_int_equal(d->data, (uint64_t)(uintptr_t)p);
    assert_int_equal(d->flags, SIM_TEXD_NORMCOORDS);
    assert_int_equal(d->addr_mode[0], 0);
    assert_int_equal(d->addr_mode[2], 3);
    assert_true(d->border[3] == 4.0f);
    assert_string_equal(blob, "blob!");
    assert_int_equal(rt_texobj_get(ctx, t, true, &d, NULL), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_texobj_destroy(ctx, t, true), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_texobj_destroy(ctx, t, false), 0);
    assert_int_equal(rt_texobj_get(ctx, t, false, &d, NULL), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_texobj_destroy(ctx, t, false), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_texobj_destroy(ctx, 0, false), 0);

    /* linear: size not a multiple of the element, misaligned, too long */
    lin.size = 1601;
    assert_int_equal(rt_texobj_create(ctx, &t, &lin, &o, NULL, 0), RT_cudaErrorInvalidValue);
    lin.size = 1600;
    lin.ptr = (uint8_t *)p + 16;
    assert_int_equal(rt_texobj_create(ctx, &t, &lin, &o, NULL, 0), RT_cudaErrorInvalidValue);
    lin.ptr = p;
    lin.size = 128 * 1024;   /* past the allocation */
    assert_int_equal(rt_texobj_create(ctx, &t, &lin, &o, NULL, 0), RT_cudaErrorInvalidValue);

    /* pitch2D uchar4, normalized-float read, linear filtering */
    rt_res pr = { .type = RT_RES_PITCH2D, .ptr = p, .ch = u8x4, .width = 30, .height = 20,
                  .pitch = 128 };
    rt_texopts lf = { .addr = { 1, 1, 1 }, .filter = 1, .read = 1 };
    assert_int_equal(rt_texobj_create(ctx, &t, &pr, &lf, NULL, 0), 0);
    assert_int_equal(rt_texobj_get(ctx, t, false, &d, NULL), 0);
    assert_int_equal(d->kind, SIM_TEX_PITCH2D);
    assert_int_equal(d->dims, 2);
    assert_int_equal(d->fmt, SIM_TEXF_UNSIGNED);
    assert_int_equal(d->elem_size, 4);
    assert_int_equal(d->width, 30);
    assert_int_equal(d->height, 20);
    assert_int_equal(d->pitch, 128);
    assert_int_equal(d->flags, SIM_TEXD_LINEAR | SIM_TEXD_NORMFLOAT);
    assert_int_equal(rt_texobj_destroy(ctx, t, false), 0);
    pr.pitch = 136;   /* not a multiple of texturePitchAlignment (32) */
    assert_int_equal(rt_texobj_create(ctx, &t, &pr, &lf, NULL, 0), RT_cudaErrorInvalidValue);
    pr.pitch = 96;    /* narrower than a row (120 bytes) */
    assert_int_equal(rt_texobj_create(ctx, &t, &pr, &lf, NULL, 0), RT_cudaErrorInvalidValue);
    pr.pitch = 128;
    lf.read = 0;      /* linear filtering of element-type integers */
    assert_int_equal(rt_texobj_create(ctx, &t, &pr, &lf, NULL, 0), RT_cudaErrorInvalidValue);
    lf.addr[1] = 4;
    assert_int_equal(rt_texobj_create(ctx, &t, &pr, &lf, NULL, 0), RT_cudaErrorInvalidValue);
    rt_res ni = { .type = RT_RES_LINEAR, .ptr = p, .ch = s32x4, .size = 1600 };
    rt_texopts nf = { .read = 1 };   /* normalized float of 32-bit integers */
    assert_int_equal(rt_texobj_create(ctx, &t, &ni, &nf, NULL, 0), RT_cudaErrorInvalidValue);
    rt_texopts srgb = { .srgb = 1 };
    rt_res u8 = { .type = RT_RES_LINEAR, .ptr = p, .ch = u8x4, .size = 1600 };
    assert_int_equal(rt_texobj_create(ctx, &t, &u8, &srgb, NULL, 0), RT_cudaErrorNotSupported);
    rt_res mip = { .type = RT_RES_MIPMAPPED };
    assert_int_equal(rt_texobj_create(ctx, &t, &mip, &point, NULL, 0), RT_cudaErrorNotSupported);
    mip.type = 9;
    assert_int_equal(rt_texobj_create(ctx, &t, &mip, &point, NULL, 0), RT_cudaErrorInvalidValue);
    /* surfaces need an array */
    assert_int_equal(rt_texobj_create(ctx, &t, &ni, NULL, NULL, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_free(ctx, p, RT_MEM_DEVICE), 0);
}

static void test_texobj_array_surface(void **state)
{
    rt_context *ctx = *state;
    void *a, *l1, *s;
    uint64_t t;
    const sim_texdesc *d;
    assert_int_equal(rt_array_create(ctx, &a, &f32x1, 16, 8, 4, 0), 0);
    rt_res r = { .type = RT_RES_ARRAY, .array = a };
    rt_texopts o = { .addr = { 1, 0, 2 }, .filter = 1 };
    assert_int_equal(rt_texobj_create(ctx, &t, &r, &o, NULL, 0), 0);
    assert_int_equal(rt_texobj_get(ctx, t, false, &d, NULL), 0);
    assert_int_equal(d->kind, SIM_TEX_ARRAY);
    assert_int_equal(d->dims, 3);
    assert_int_equal(d->fmt, SIM_TEXF_FLOAT);
    assert_int_equal(d->width, 16);
    assert_int_equal(d->height, 8);
    assert_int_equal(d->depth, 4);
    assert_int_equal(d->pitch, 64);
    assert_int_equal(d->slice_pitch, 512);
    assert_int_equal(d->data, (uint64_t)(uintptr_t)a + RT_ARRAY_HEADER);
    assert_int_equal(d->flags, SIM_TEXD_LINEAR);
    /* a surface needs cudaArraySurfaceLoadStore */
    assert_int_equal(rt_texobj_create(ctx, &t, &r, NULL, NULL, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_texobj_destroy(ctx, t, false), 0);

    /* 1D layered: the layer is the second dimension */
    assert_int_equal(rt_array_create(ctx, &l1, &f32x1, 32, 0, 6, RT_ARRAY_LAYERED), 0);
    r.array = l1;
    assert_int_equal(rt_texobj_create(ctx, &t, &r, &point, NULL, 0), 0);
    assert_int_equal(rt_texobj_get(ctx, t, false, &d, NULL), 0);
    assert_int_equal(d->dims, 2);
    assert_int_equal(d->height, 6);
    assert_int_equal(d->depth, 1);
    assert_int_equal(d->flags, SIM_TEXD_LAYERED);
    assert_int_equal(rt_texobj_destroy(ctx, t, false), 0);

    assert_int_equal(rt_array_create(ctx, &s, &u8x4, 10, 10, 0, RT_ARRAY_SURFACE), 0);
    r.array = s;
    assert_int_equal(rt_texobj_create(ctx, &t, &r, NULL, NULL, 0), 0);
    assert_int_equal(rt_texobj_get(ctx, t, true, &d, NULL), 0);
    assert_int_equal(d->flags, SIM_TEXD_SURFACE);
    assert_int_equal(d->dims, 2);
    assert_int_equal(d->elem_size, 4);
    assert_int_equal(rt_texobj_get(ctx, t, false, &d, NULL), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_texobj_destroy(ctx, t, true), 0);
    /* a freed array is not a resource */
    assert_int_equal(rt_array_free(ctx, s), 0);
    assert_int_equal(rt_texobj_create(ctx, &t, &r, &point, NULL, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_array_free(ctx, a), 0);
    assert_int_equal(rt_array_free(ctx, l1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_array_shapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_array_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_array_copy_2d, setup, teardown),
        cmocka_unit_test_setup_teardown(test_array_copy_3d, setup, teardown),
        cmocka_unit_test_setup_teardown(test_texobj_linear_pitch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_texobj_array_surface, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
