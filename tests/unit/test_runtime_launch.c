/* tests/unit/test_runtime_launch.c — the runtime end to end on a fatbin
 * built in memory: registration, lazy loading (zstd PTX -> ISA), symbols in
 * both constant and global memory, argument packing (a struct by value),
 * launch checks, a device fault turning sticky (at the next synchronisation:
 * launches are asynchronous), reset, and clear errors for
 * malformed, SASS-only and invalid-PTX fatbins.
 *
 * The PTX is nvcc 13's output (-arch=sm_80 -ptx, comments removed) for:
 *   struct S { int a; double b; char c; };
 *   __device__ int counter = 7;
 *   __constant__ float cscale[2] = {1.0f, 2.0f};
 *   __global__ void scale_add(float *x, int n, float a) {
 *       int i = blockIdx.x * blockDim.x + threadIdx.x;
 *       if (i < n) x[i] = x[i] * a + cscale[1];
 *       if (i == 0) counter += 1; }
 *   __global__ void poke(int *p, long off) { p[off] = 1; }
 *   __global__ void take_struct(S s, int *out) { out[0] = s.a; out[1] = (int)s.b; out[2] = s.c; }
 */
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

static const char kernels_ptx[] =
    ".version 9.0\n"
    ".target sm_80\n"
    ".address_size 64\n"
    ".global .align 4 .u32 counter = 7;\n"
    ".const .align 4 .b8 cscale[8] = {0, 0, 128, 63, 0, 0, 0, 64};\n"
    ".visible .entry _Z9scale_addPfif(\n"
    " .param .u64 _Z9scale_addPfif_param_0,\n"
    " .param .u32 _Z9scale_addPfif_param_1,\n"
    " .param .f32 _Z9scale_addPfif_param_2\n"
    ")\n"
    "{\n"
    " .reg .pred  %p<3>;\n"
    " .reg .f32  %f<5>;\n"
    " .reg .b32  %r<8>;\n"
    " .reg .b64  %rd<5>;\n"
    " ld.param.u64  %rd1, [_Z9scale_addPfif_param_0];\n"
    " ld.param.u32  %r2, [_Z9scale_addPfif_param_1];\n"
    " ld.param.f32  %f1, [_Z9scale_addPfif_param_2];\n"
    " mov.u32  %r3, %ctaid.x;\n"
    " mov.u32  %r4, %ntid.x;\n"
    " mov.u32  %r5, %tid.x;\n"
    " mad.lo.s32  %r1, %r3, %r4, %r5;\n"
    " setp.ge.s32  %p1, %r1, %r2;\n"
    " @%p1 bra  $L__BB0_2;\n"
    " cvta.to.global.u64  %rd2, %rd1;\n"
    " mul.wide.s32  %rd3, %r1, 4;\n"
    " add.s64  %rd4, %rd2, %rd3;\n"
    " ld.global.f32  %f2, [%rd4];\n"
    " ld.const.f32  %f3, [cscale+4];\n"
    " fma.rn.f32  %f4, %f2, %f1, %f3;\n"
    " st.global.f32  [%rd4], %f4;\n"
    "$L__BB0_2:\n"
    " setp.ne.s32  %p2, %r1, 0;\n"
    " @%p2 bra  $L__BB0_4;\n"
    " ld.global.u32  %r6, [counter];\n"
    " add.s32  %r7, %r6, 1;\n"
    " st.global.u32  [counter], %r7;\n"
    "$L__BB0_4:\n"
    " ret;\n"
    "}\n"
    ".visible .entry _Z4pokePil(\n"
    " .param .u64 _Z4pokePil_param_0,\n"
    " .param .u64 _Z4pokePil_param_1\n"
    ")\n"
    "{\n"
    " .reg .b32  %r<2>;\n"
    " .reg .b64  %rd<6>;\n"
    " ld.param.u64  %rd1, [_Z4pokePil_param_0];\n"
    " ld.param.u64  %rd2, [_Z4pokePil_param_1];\n"
    " cvta.to.global.u64  %rd3, %rd1;\n"
    " shl.b64  %rd4, %rd2, 2;\n"
    " add.s64  %rd5, %rd3, %rd4;\n"
    " mov.u32  %r1, 1;\n"
    " st.global.u32  [%rd5], %r1;\n"
    " ret;\n"
    "}\n"
    ".visible .entry _Z11take_struct1SPi(\n"
    " .param .align 8 .b8 _Z11take_struct1SPi_param_0[24],\n"
    " .param .u64 _Z11take_struct1SPi_param_1\n"
    ")\n"
    "{\n"
    " .reg .b16  %rs<6>;\n"
    " .reg .b32  %r<5>;\n"
    " .reg .f64  %fd<2>;\n"
    " .reg .b64  %rd<3>;\n"
    " ld.param.v4.u8  {%rs1, %rs2, %rs3, %rs4}, [_Z11take_struct1SPi_param_0+16];\n"
    " ld.param.u64  %rd1, [_Z11take_struct1SPi_param_1];\n"
    " ld.param.f64  %fd1, [_Z11take_struct1SPi_param_0+8];\n"
    " ld.param.u32  %r1, [_Z11take_struct1SPi_param_0];\n"
    " cvta.to.global.u64  %rd2, %rd1;\n"
    " st.global.u32  [%rd2], %r1;\n"
    " cvt.rzi.s32.f64  %r2, %fd1;\n"
    " st.global.u32  [%rd2+4], %r2;\n"
    " cvt.u32.u16  %r3, %rs1;\n"
    " cvt.s32.s8  %r4, %r3;\n"
    " st.global.u32  [%rd2+8], %r4;\n"
    " ret;\n"
    "}\n";

/* Host-side stand-ins: the stub and shadow addresses only need to be unique. */
static const char stub_scale_add, stub_poke, stub_take_struct;
static const int shadow_counter;
static const float shadow_cscale[2];

typedef struct fixture {
    rt_context       *ctx;
    FILE             *diag;
    char             *diag_text;
    size_t            diag_len;
    uint8_t          *container;
    rt_fatbin_wrapper wrapper;
    rt_fatbin        *fb;
    rt_kernel        *scale_add, *poke, *take_struct;
} fixture;

static const char *diag(fixture *f)
{
    fflush(f->diag);
    return f->diag_text ? f->diag_text : "";
}

static void open_context(fixture *f)
{
    unsetenv("COBALT_SMS");
    unsetenv("COBALT_SCHED");
    unsetenv("COBALT_STATS");
    f->diag = open_memstream(&f->diag_text, &f->diag_len);
    f->ctx = rt_create(f->diag);
    assert_non_null(f->ctx);
}

static void register_container(fixture *f, uint8_t *container)
{
    f->container = container;
    f->wrapper = (rt_fatbin_wrapper){ (int32_t)RT_FATBIN_WRAPPER_MAGIC, 1, container, NULL };
    f->fb = rt_register_fatbin(f->ctx, &f->wrapper, "test_app");
    assert_non_null(f->fb);
    assert_int_equal(rt_register_function(f->ctx, f->fb, &stub_scale_add, "_Z9scale_addPfif"), 0);
    assert_int_equal(rt_register_function(f->ctx, f->fb, &stub_poke, "_Z4pokePil"), 0);
    assert_int_equal(rt_register_function(f->ctx, f->fb, &stub_take_struct, "_Z11take_struct1SPi"), 0);
    assert_int_equal(rt_register_var(f->ctx, f->fb, &shadow_counter, "counter", 4, false), 0);
    assert_int_equal(rt_register_var(f->ctx, f->fb, shadow_cscale, "cscale", 8, true), 0);
    f->scale_add = rt_kernel_by_stub(f->ctx, &stub_scale_add);
    f->poke = rt_kernel_by_stub(f->ctx, &stub_poke);
    f->take_struct = rt_kernel_by_stub(f->ctx, &stub_take_struct);
    assert_non_null(f->scale_add);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    open_context(f);
    register_container(f, tb_ptx_container(kernels_ptx, TB_ZSTD));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rt_unregister_fatbin(f->ctx, f->fb);
    rt_destroy(f->ctx);
    fclose(f->diag);
    free(f->diag_text);
    free(f->container);
    free(f);
    return 0;
}

static const rt_dim3 one = { 1, 1, 1 };

static rt_error run_scale_add(fixture *f, float *d, int n, float a, rt_dim3 grid, rt_dim3 block)
{
    void *args[] = { &d, &n, &a };
    return rt_launch(f->ctx, f->scale_add, grid, block, args, 0, 0);
}

static void test_lookup(void **state)
{
    fixture *f = *state;
    assert_ptr_equal(rt_kernel_lookup(f->ctx, &stub_poke), f->poke);   /* by stub */
    assert_ptr_equal(rt_kernel_lookup(f->ctx, f->poke), f->poke);      /* by handle */
    assert_null(rt_kernel_lookup(f->ctx, &shadow_counter));
    assert_null(rt_kernel_by_stub(f->ctx, f->poke));                   /* a handle is no stub */
    assert_string_equal(rt_kernel_name(f->take_struct), "_Z11take_struct1SPi");
}

static void test_scale_add(void **state)
{
    fixture *f = *state;
    enum { N = 1000 };
    float host[N], *d;
    for (int i = 0; i < N; i++)
        host[i] = (float)i;
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, sizeof host, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_memcpy(f->ctx, d, host, sizeof host, RT_MEMCPY_H2D), 0);
    assert_int_equal(run_scale_add(f, d, N, 3.0f, (rt_dim3){ 4, 1, 1 }, (rt_dim3){ 256, 1, 1 }), 0);
    assert_int_equal(rt_memcpy(f->ctx, host, d, sizeof host, RT_MEMCPY_D2H), 0);
    for (int i = 0; i < N; i++)
        assert_true(host[i] == (float)i * 3.0f + 2.0f);   /* cscale[1] = 2 */

    int counter = 0;
    assert_int_equal(rt_memcpy_symbol(f->ctx, &shadow_counter, 0, &counter, 4, false,
                                      RT_MEMCPY_D2H), 0);
    assert_int_equal(counter, 8);                          /* 7 + 1 */

    /* Change the constant and run again. */
    float c[2] = { 0.0f, -1.0f };
    assert_int_equal(rt_memcpy_symbol(f->ctx, shadow_cscale, 0, c, 8, true, RT_MEMCPY_H2D), 0);
    assert_int_equal(run_scale_add(f, d, N, 1.0f, (rt_dim3){ 8, 1, 1 }, (rt_dim3){ 128, 1, 1 }), 0);
    assert_int_equal(rt_memcpy(f->ctx, host, d, sizeof host, RT_MEMCPY_D2H), 0);
    assert_true(host[10] == 10.0f * 3.0f + 2.0f - 1.0f);
    assert_int_equal(rt_memcpy_symbol(f->ctx, &shadow_counter, 0, &counter, 4, false,
                                      RT_MEMCPY_DEFAULT), 0);
    assert_int_equal(counter, 9);
    assert_int_equal(rt_free(f->ctx, d, RT_MEM_DEVICE), 0);
    assert_string_equal(diag(f), "");
}

static void test_symbols(void **state)
{
    fixture *f = *state;
    void *addr;
    size_t size;
    assert_int_equal(rt_symbol_address(f->ctx, &shadow_counter, &addr, &size), 0);
    assert_int_equal(size, 4);
    assert_int_equal(*(int *)addr, 7);                    /* initialised from the PTX */
    assert_int_equal(rt_symbol_address(f->ctx, shadow_cscale, &addr, &size), 0);
    assert_int_equal(size, 8);
    assert_true(((float *)addr)[1] == 2.0f);
    int v = 0;
    assert_int_equal(rt_symbol_address(f->ctx, &v, &addr, &size), RT_cudaErrorInvalidSymbol);
    assert_int_equal(rt_memcpy_symbol(f->ctx, &shadow_counter, 2, &v, 4, true, RT_MEMCPY_H2D),
                     RT_cudaErrorInvalidValue);            /* past the end */
    assert_int_equal(rt_memcpy_symbol(f->ctx, &shadow_counter, 0, &v, 4, true, RT_MEMCPY_D2H),
                     RT_cudaErrorInvalidMemcpyDirection);
}

static void test_struct_param(void **state)
{
    fixture *f = *state;
    struct { int a; double b; char c; } s = { -5, 41.9, 'z' };
    int out[3] = { 0 }, *d;
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, sizeof out, RT_MEM_DEVICE), 0);
    void *args[] = { &s, &d };
    assert_int_equal(rt_launch(f->ctx, f->take_struct, one, one, args, 0, 0), 0);
    assert_int_equal(rt_memcpy(f->ctx, out, d, sizeof out, RT_MEMCPY_D2H), 0);
    assert_int_equal(out[0], -5);
    assert_int_equal(out[1], 41);
    assert_int_equal(out[2], 'z');
}

static void test_func_attributes(void **state)
{
    fixture *f = *state;
    rt_func_attrs a;
    assert_int_equal(rt_func_attributes(f->ctx, f->scale_add, &a), 0);
    assert_true(a.num_regs > 0 && a.num_regs <= 255);
    assert_int_equal(a.ptx_version, 90);
    assert_int_equal(a.binary_version, 80);
    assert_int_equal(a.shared_size, 0);
    assert_int_equal(a.const_size, 8);
    assert_int_equal(a.max_threads_per_block, 1024);
    assert_int_equal(a.max_dyn_smem, 48 * 1024);
    assert_int_equal(rt_func_set_max_dyn_smem(f->ctx, f->scale_add, 100 * 1024), 0);
    assert_int_equal(rt_func_attributes(f->ctx, f->scale_add, &a), 0);
    assert_int_equal(a.max_dyn_smem, 100 * 1024);
    assert_int_equal(rt_func_set_max_dyn_smem(f->ctx, f->scale_add, 1 << 20), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_func_set_carveout(f->ctx, f->scale_add, 101), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_func_attributes(f->ctx, NULL, &a), RT_cudaErrorInvalidDeviceFunction);
}

/* Bad configurations fail the launch and say why, but are not sticky. */
/* Occupancy from the lowered kernel: threads bound the residency of big
 * blocks, shared memory that of blocks with a large dynamic size. */
static void test_occupancy(void **state)
{
    fixture *f = *state;
    const rt_device_profile *d = rt_device(f->ctx);
    int n = -1;
    assert_int_equal(rt_occupancy_max_blocks(f->ctx, f->scale_add, 1024, 0, 0, &n), 0);
    assert_int_equal(n, d->max_threads_per_sm / 1024);
    assert_int_equal(rt_occupancy_max_blocks(f->ctx, f->scale_add, 64, 40 * 1024,
                                             RT_OCCUPANCY_DISABLE_CACHING_OVERRIDE, &n), 0);
    assert_true(n >= 1 && (uint64_t)n * 40 * 1024 <= d->smem_per_sm);
    /* beyond the per-block limits: nothing fits, still a successful query */
    assert_int_equal(rt_occupancy_max_blocks(f->ctx, f->scale_add, 2048, 0, 0, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(rt_occupancy_max_blocks(f->ctx, f->scale_add, 64, 64 * 1024, 0, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(rt_occupancy_max_blocks(f->ctx, f->scale_add, 0, 0, 0, &n), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_occupancy_max_blocks(f->ctx, f->scale_add, 32, 0, 2, &n), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_occupancy_max_blocks(f->ctx, NULL, 32, 0, 0, &n), RT_cudaErrorInvalidDeviceFunction);

    size_t avail = 0;
    assert_int_equal(rt_occupancy_avail_dyn_smem(f->ctx, f->scale_add, 1, 64, &avail), 0);
    assert_int_equal(avail, d->smem_per_block);    /* capped by the kernel's limit */
    assert_int_equal(rt_occupancy_avail_dyn_smem(f->ctx, f->scale_add, 8, 64, &avail), 0);
    assert_true(avail > 0 && avail * 8 <= d->smem_per_sm);
    assert_int_equal(rt_occupancy_max_blocks(f->ctx, f->scale_add, 64, avail, 0, &n), 0);
    assert_true(n >= 8);
    assert_int_equal(rt_occupancy_max_blocks(f->ctx, f->scale_add, 64, avail + 1024, 0, &n), 0);
    assert_true(n < 8);
    assert_int_equal(rt_occupancy_avail_dyn_smem(f->ctx, f->scale_add, 0, 64, &avail), RT_cudaErrorInvalidValue);
}

static void test_param_info_and_cache(void **state)
{
    fixture *f = *state;
    size_t off = 99, size = 99;
    assert_int_equal(rt_func_param_info(f->ctx, f->scale_add, 2, &off, &size), 0);
    assert_int_equal(off, 12);
    assert_int_equal(size, 4);
    assert_int_equal(rt_func_param_info(f->ctx, f->scale_add, 3, &off, &size), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_func_set_cache_config(f->ctx, f->scale_add, 2), 0);
    assert_int_equal(rt_func_set_cache_config(f->ctx, f->scale_add, 4), RT_cudaErrorInvalidValue);
    int c = -1;
    assert_int_equal(rt_get_cache_config(f->ctx, &c), 0);
    assert_int_equal(c, 0);
    assert_int_equal(rt_set_cache_config(f->ctx, 3), 0);
    assert_int_equal(rt_get_cache_config(f->ctx, &c), 0);
    assert_int_equal(c, 3);
    assert_int_equal(rt_set_cache_config(f->ctx, -1), RT_cudaErrorInvalidValue);
}

static void test_bad_configs(void **state)
{
    fixture *f = *state;
    float *d;
    int n = 1;
    float a = 1;
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 4, RT_MEM_DEVICE), 0);
    void *args[] = { &d, &n, &a };
    assert_int_equal(run_scale_add(f, d, 1, 1, one, (rt_dim3){ 2048, 1, 1 }), RT_cudaErrorInvalidConfiguration);
    assert_non_null(strstr(diag(f), "cobalt: launch of _Z9scale_addPfif: block (2048,1,1)"));
    assert_int_equal(run_scale_add(f, d, 1, 1, (rt_dim3){ 0, 1, 1 }, one), RT_cudaErrorInvalidConfiguration);
    assert_int_equal(run_scale_add(f, d, 1, 1, one, (rt_dim3){ 1, 1, 65 }), RT_cudaErrorInvalidConfiguration);
    assert_int_equal(run_scale_add(f, d, 1, 1, (rt_dim3){ 1, 65536, 1 }, one), RT_cudaErrorInvalidConfiguration);
    assert_int_equal(rt_launch(f->ctx, f->scale_add, one, one, args, 64 * 1024, 0), RT_cudaErrorInvalidValue);
    assert_non_null(strstr(diag(f), "cudaFuncAttributeMaxDynamicSharedMemorySize"));
    assert_int_equal(rt_launch(f->ctx, f->scale_add, one, one, args, 0, 0x1234), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_launch(f->ctx, f->scale_add, one, one, NULL, 0, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_launch(f->ctx, NULL, one, one, args, 0, 0), RT_cudaErrorInvalidDeviceFunction);
    assert_int_equal(rt_sticky_error(f->ctx), 0);
    assert_int_equal(rt_launch(f->ctx, f->scale_add, one, one, args, 0, 1), 0);   /* still fine */
}

/* An out-of-bounds store: reported, sticky, cleared by reset (which also
 * reloads the module: the counter is back to its initial value). */
static void test_fault_is_sticky(void **state)
{
    fixture *f = *state;
    int *d, x = 0;
    long off = 1 << 20;
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 64, RT_MEM_DEVICE), 0);
    void *args[] = { &d, &off };
    /* launches are asynchronous: the fault surfaces at the next synchronisation */
    assert_int_equal(rt_launch(f->ctx, f->poke, one, one, args, 0, 0), 0);
    assert_int_equal(rt_synchronize(f->ctx), RT_cudaErrorIllegalAddress);
    assert_true(strlen(diag(f)) > 0);
    assert_int_equal(rt_sticky_error(f->ctx), RT_cudaErrorIllegalAddress);
    assert_int_equal(rt_synchronize(f->ctx), RT_cudaErrorIllegalAddress);
    assert_int_equal(rt_memcpy(f->ctx, &x, d, 4, RT_MEMCPY_D2H), RT_cudaErrorIllegalAddress);
    off = 0;
    assert_int_equal(rt_launch(f->ctx, f->poke, one, one, args, 0, 0), RT_cudaErrorIllegalAddress);

    assert_int_equal(rt_reset(f->ctx), 0);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 64, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_launch(f->ctx, f->poke, one, one, args, 0, 0), 0);
    assert_int_equal(rt_memcpy(f->ctx, &x, d, 4, RT_MEMCPY_D2H), 0);
    assert_int_equal(x, 1);
    int counter = 0;
    assert_int_equal(rt_memcpy_symbol(f->ctx, &shadow_counter, 0, &counter, 4, false,
                                      RT_MEMCPY_D2H), 0);
    assert_int_equal(counter, 7);
}

static void test_stats_output(void **state)
{
    fixture *f = *state;
    rt_destroy(f->ctx);
    setenv("COBALT_STATS", "1", 1);
    f->ctx = rt_create(f->diag);
    unsetenv("COBALT_STATS");
    register_container(f, f->container);
    float *d;
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 64 * sizeof(float), RT_MEM_DEVICE), 0);
    assert_int_equal(run_scale_add(f, d, 64, 1, (rt_dim3){ 2, 1, 1 }, (rt_dim3){ 32, 1, 1 }), 0);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    const char *t = diag(f);
    assert_non_null(strstr(t, "cobalt: kernel _Z9scale_addPfif grid (2,1,1) block (32,1,1): "));
    assert_non_null(strstr(t, " CTAs/SM, "));
    assert_non_null(strstr(t, "\ncobalt:   by class: INT "));
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Fatbins the simulator cannot use: each launch fails; the message comes
 * once. */
static void expect_unusable(uint8_t *container, rt_error want, const char *message)
{
    void *state = calloc(1, sizeof(fixture));
    fixture *f = state;
    open_context(f);
    register_container(f, container);
    int *d = NULL;
    long off = 0;
    void *args[] = { &d, &off };
    assert_int_equal(rt_launch(f->ctx, f->poke, one, one, args, 0, 0), want);
    assert_int_equal(rt_launch(f->ctx, f->poke, one, one, args, 0, 0), want);
    assert_int_equal(count(diag(f), message), 1);
    assert_int_equal(rt_sticky_error(f->ctx), 0);
    teardown(&state);
}

static void test_unusable_fatbins(void **state)
{
    (void)state;
    tb_buf b = { 0 };
    size_t at = tb_begin(&b);
    tb_entry(&b, RT_FATBIN_KIND_ELF, 80, "sass", 5, TB_RAW, 64);
    tb_finish(&b, at);
    expect_unusable(b.p, RT_cudaErrorNoKernelImageForDevice,
                    "cobalt: kernel _Z4pokePil has no PTX for the simulator: rebuild with "
                    "-arch=sm_80 (or -gencode arch=compute_80,code=compute_80)");

    uint8_t *bad = tb_ptx_container(kernels_ptx, TB_RAW);
    bad[0] = 0;   /* container magic */
    expect_unusable(bad, RT_cudaErrorInvalidKernelImage,
                    "cobalt: cannot load kernels of test_app: malformed fatbin: bad fatbin "
                    "container magic");

    /* a syntax error is invalid PTX; what the front end lacks is "not supported" */
    expect_unusable(tb_ptx_container(".version 9.0\n.target sm_80\n.address_size 64\n"
                                     ".visible .entry _Z4pokePil() { ret }\n", TB_LZ4),
                    RT_cudaErrorInvalidPtx,
                    "cobalt: cannot load kernels of test_app: test_app.0.sm_80.ptx:4:");
    expect_unusable(tb_ptx_container(".version 9.0\n.target sm_80\n.address_size 64\n"
                                     ".visible .entry _Z4pokePil() { frobnicate; }\n", TB_RAW),
                    RT_cudaErrorNotSupported,
                    "cobalt: cannot load kernels of test_app: test_app.0.sm_80.ptx:4: "
                    "'frobnicate' is not supported yet\n");
}

/* -rdc: a v2 wrapper whose linked container is SASS only and whose two
 * prelinked containers hold one PTX module each; module a's .extern .global
 * binds to module b's definition (nvcc 13 -rdc=true -ptx output of
 *   a.cu: extern __device__ int shared_val; __global__ void ka(int *out) { out[0] = shared_val + 1; }
 *   b.cu: __device__ int shared_val = 41;   __global__ void kb(int v) { shared_val = v; } */
static const char rdc_a_ptx[] =
    ".version 9.0\n.target sm_80\n.address_size 64\n"
    ".extern .global .align 4 .u32 shared_val;\n"
    ".visible .entry _Z2kaPi(\n .param .u64 _Z2kaPi_param_0\n)\n{\n"
    " .reg .b32 %r<3>;\n .reg .b64 %rd<3>;\n"
    " ld.param.u64 %rd1, [_Z2kaPi_param_0];\n cvta.to.global.u64 %rd2, %rd1;\n"
    " ld.global.u32 %r1, [shared_val];\n add.s32 %r2, %r1, 1;\n"
    " st.global.u32 [%rd2], %r2;\n ret;\n}\n";
static const char rdc_b_ptx[] =
    ".version 9.0\n.target sm_80\n.address_size 64\n"
    ".visible .global .align 4 .u32 shared_val = 41;\n"
    ".visible .entry _Z2kbi(\n .param .u32 _Z2kbi_param_0\n)\n{\n"
    " .reg .b32 %r<2>;\n ld.param.u32 %r1, [_Z2kbi_param_0];\n"
    " st.global.u32 [shared_val], %r1;\n ret;\n}\n";

static void test_rdc_externs(void **state)
{
    (void)state;
    static const char stub_ka = 0, stub_kb = 0;
    fixture *f = calloc(1, sizeof *f);
    open_context(f);
    uint8_t *a = tb_ptx_container(rdc_a_ptx, TB_ZSTD), *b = tb_ptx_container(rdc_b_ptx, TB_ZSTD);
    tb_buf linked = { 0 };
    size_t at = tb_begin(&linked);
    tb_entry(&linked, RT_FATBIN_KIND_ELF, 80, "sass", 5, TB_RAW, 64);
    tb_finish(&linked, at);
    const void *prelinked[] = { a, b, NULL };
    rt_fatbin_wrapper w = { (int32_t)RT_FATBIN_WRAPPER_MAGIC, 2, linked.p, prelinked };
    rt_fatbin *fb = rt_register_fatbin(f->ctx, &w, "rdc_app");
    assert_int_equal(rt_register_function(f->ctx, fb, &stub_ka, "_Z2kaPi"), 0);
    assert_int_equal(rt_register_function(f->ctx, fb, &stub_kb, "_Z2kbi"), 0);
    rt_kernel *ka = rt_kernel_by_stub(f->ctx, &stub_ka), *kb = rt_kernel_by_stub(f->ctx, &stub_kb);
    int *d, h = 0, v = 100;
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 4, RT_MEM_DEVICE), 0);
    void *args_a[] = { &d }, *args_b[] = { &v };
    assert_int_equal(rt_launch(f->ctx, ka, one, one, args_a, 0, 0), 0);
    assert_int_equal(rt_memcpy(f->ctx, &h, d, 4, RT_MEMCPY_D2H), 0);
    assert_int_equal(h, 42);
    assert_int_equal(rt_launch(f->ctx, kb, one, one, args_b, 0, 0), 0);
    assert_int_equal(rt_launch(f->ctx, ka, one, one, args_a, 0, 0), 0);
    assert_int_equal(rt_memcpy(f->ctx, &h, d, 4, RT_MEMCPY_D2H), 0);
    assert_int_equal(h, 101);
    assert_string_equal(diag(f), "");
    rt_destroy(f->ctx);
    fclose(f->diag);
    free(f->diag_text);
    free(a);
    free(b);
    free(linked.p);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scale_add, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symbols, setup, teardown),
        cmocka_unit_test_setup_teardown(test_struct_param, setup, teardown),
        cmocka_unit_test_setup_teardown(test_func_attributes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_configs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_occupancy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_param_info_and_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fault_is_sticky, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_output, setup, teardown),
        cmocka_unit_test(test_unusable_fatbins),
        cmocka_unit_test(test_rdc_externs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
