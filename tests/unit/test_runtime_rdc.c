/* tests/unit/test_runtime_rdc.c — an -rdc registration (wrapper v2: a
 * SASS-only linked container plus one PTX container per TU) is linked into
 * one module: a kernel of one TU calls a function and reads a variable of
 * another, both TUs' host shadows reach the same storage, and a link error
 * fails the launch with cudaErrorInvalidPtx and a message naming both TUs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "rt_testutil.h"
#include "runtime/runtime.h"

#define HDR ".version 8.0\n.target sm_80\n.address_size 64\n"

/* TU a: g (defined), add7 (defined), ka: g += 1. */
static const char tu_a[] =
    HDR ".visible .global .align 4 .u32 g = 5;\n"
    ".visible .func (.param .b32 r) add7(.param .b32 x)\n"
    "{\n .reg .b32 %r<3>;\n ld.param.u32 %r1, [x];\n add.s32 %r2, %r1, 7;\n"
    " st.param.b32 [r], %r2;\n ret;\n}\n"
    ".visible .entry ka()\n"
    "{\n .reg .b32 %r<3>;\n ld.global.u32 %r1, [g];\n add.s32 %r2, %r1, 1;\n"
    " st.global.u32 [g], %r2;\n ret;\n}\n";

/* TU b: cv (defined .const), g and add7 (extern); kb: *out = add7(g) * cv. */
static const char tu_b[] =
    HDR ".visible .const .align 4 .u32 cv = 2;\n"
    ".extern .global .align 4 .u32 g;\n"
    ".extern .func (.param .b32 r) add7(.param .b32 x);\n"
    ".visible .entry kb(.param .u64 out)\n"
    "{\n .reg .b32 %r<5>;\n .reg .b64 %rd<2>;\n ld.param.u64 %rd1, [out];\n"
    " ld.global.u32 %r1, [g];\n"
    " { .param .b32 p0; .param .b32 r0; st.param.b32 [p0], %r1;\n"
    "   call.uni (r0), add7, (p0); ld.param.b32 %r2, [r0]; }\n"
    " ld.const.u32 %r3, [cv];\n mul.lo.s32 %r4, %r2, %r3;\n"
    " st.global.u32 [%rd1], %r4;\n ret;\n}\n";

static char stub_ka, stub_kb;
static int shadow_g;      /* TU a's host shadow of g */
static int shadow_cv;     /* TU b's host shadow of cv */

typedef struct fixture {
    rt_context *ctx;
    FILE       *diag;
    char       *diag_text;
    size_t      diag_len;
    uint8_t    *linked, *c1, *c2;
    const void *prelinked[3];
    rt_fatbin_wrapper wrapper;
    rt_fatbin  *fb;
} fixture;

static void open_rdc(fixture *f, const char *a, const char *b)
{
    memset(f, 0, sizeof *f);
    f->diag = open_memstream(&f->diag_text, &f->diag_len);
    f->ctx = rt_create(f->diag);
    assert_non_null(f->ctx);
    tb_buf buf = { 0 };
    size_t at = tb_begin(&buf);
    tb_entry(&buf, RT_FATBIN_KIND_ELF, 80, "sass", 5, TB_RAW, 64);
    tb_finish(&buf, at);
    f->linked = buf.p;
    f->c1 = tb_ptx_container(a, TB_RAW);
    f->c2 = tb_ptx_container(b, TB_ZSTD);
    f->prelinked[0] = f->c1;
    f->prelinked[1] = f->c2;
    f->wrapper = (rt_fatbin_wrapper){ (int32_t)RT_FATBIN_WRAPPER_MAGIC, 2, f->linked,
                                      f->prelinked };
    f->fb = rt_register_fatbin(f->ctx, &f->wrapper, "rdc_app");
    assert_non_null(f->fb);
    /* every TU's callback registers against the one handle */
    assert_int_equal(rt_register_function(f->ctx, f->fb, &stub_ka, "ka"), 0);
    assert_int_equal(rt_register_var(f->ctx, f->fb, &shadow_g, "g", 4, false), 0);
    assert_int_equal(rt_register_function(f->ctx, f->fb, &stub_kb, "kb"), 0);
    assert_int_equal(rt_register_var(f->ctx, f->fb, &shadow_cv, "cv", 4, true), 0);
}

static void close_rdc(fixture *f)
{
    rt_unregister_fatbin(f->ctx, f->fb);
    rt_destroy(f->ctx);
    fclose(f->diag);
    free(f->diag_text);
    free(f->linked);
    free(f->c1);
    free(f->c2);
}

static const rt_dim3 one = { 1, 1, 1 };

static void test_linked_program(void **state)
{
    (void)state;
    fixture f;
    open_rdc(&f, tu_a, tu_b);
    int *d, v;
    assert_int_equal(rt_malloc(f.ctx, (void **)&d, 4, RT_MEM_DEVICE), 0);
    void *args[] = { &d };
    /* (5 + 7) * 2 */
    assert_int_equal(rt_launch(f.ctx, rt_kernel_by_stub(f.ctx, &stub_kb), one, one, args, 0, 0), 0);
    assert_int_equal(rt_memcpy(f.ctx, &v, d, 4, RT_MEMCPY_D2H), 0);
    assert_int_equal(v, 24);
    /* ka (TU a) increments the g kb (TU b) reads */
    assert_int_equal(rt_launch(f.ctx, rt_kernel_by_stub(f.ctx, &stub_ka), one, one, NULL, 0, 0), 0);
    assert_int_equal(rt_launch(f.ctx, rt_kernel_by_stub(f.ctx, &stub_kb), one, one, args, 0, 0), 0);
    assert_int_equal(rt_memcpy(f.ctx, &v, d, 4, RT_MEMCPY_D2H), 0);
    assert_int_equal(v, 26);
    /* host writes through the shadows reach the kernels */
    v = 100;
    assert_int_equal(rt_memcpy_symbol(f.ctx, &shadow_g, 0, &v, 4, true, RT_MEMCPY_H2D), 0);
    v = 3;
    assert_int_equal(rt_memcpy_symbol(f.ctx, &shadow_cv, 0, &v, 4, true, RT_MEMCPY_H2D), 0);
    assert_int_equal(rt_launch(f.ctx, rt_kernel_by_stub(f.ctx, &stub_kb), one, one, args, 0, 0), 0);
    assert_int_equal(rt_memcpy(f.ctx, &v, d, 4, RT_MEMCPY_D2H), 0);
    assert_int_equal(v, 321);
    assert_int_equal(rt_free(f.ctx, d, RT_MEM_DEVICE), 0);
    fflush(f.diag);
    assert_string_equal(f.diag_text ? f.diag_text : "", "");
    close_rdc(&f);
}

static void test_link_error(void **state)
{
    (void)state;
    fixture f;
    open_rdc(&f, tu_a, tu_a);   /* add7 (found first) and g defined twice */
    assert_int_equal(rt_launch(f.ctx, rt_kernel_by_stub(f.ctx, &stub_ka), one, one, NULL, 0, 0),
                     RT_cudaErrorInvalidPtx);
    fflush(f.diag);
    assert_non_null(strstr(f.diag_text, "link: duplicate definition of add7 in "
                                        "rdc_app.0.sm_80.ptx and rdc_app.1.sm_80.ptx"));
    close_rdc(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linked_program),
        cmocka_unit_test(test_link_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
