/* tests/unit/test_runtime_memory_ext.c — pinned host memory with flags,
 * cudaHostRegister ranges, 3D copies and sets, stream-ordered allocation
 * and pools, unified-memory hints (runtime/memory_host.c, memory_3d.c,
 * pool.c, memory_hint.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/internal.h"

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

static void test_host_alloc_flags(void **state)
{
    rt_context *ctx = *state;
    void *h, *d;
    unsigned flags = 99;
    size_t free0, total, free1;
    assert_int_equal(rt_mem_info(ctx, &free0, &total), 0);
    assert_int_equal(rt_host_alloc(ctx, &h, 4096, 8), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_host_alloc(ctx, &h, 4096, RT_HOST_ALLOC_MAPPED | RT_HOST_ALLOC_PORTABLE),
                     0);
    /* pinned memory is not device memory */
    assert_int_equal(rt_mem_info(ctx, &free1, &total), 0);
    assert_int_equal(free1, free0);
    assert_int_equal(rt_host_get_flags(ctx, &flags, (char *)h + 100), 0);
    assert_int_equal(flags, RT_HOST_ALLOC_MAPPED | RT_HOST_ALLOC_PORTABLE);
    assert_int_equal(rt_host_device_pointer(ctx, &d, (char *)h + 8, 0), 0);
    assert_ptr_equal(d, (char *)h + 8);
    assert_int_equal(rt_host_device_pointer(ctx, &d, h, 1), RT_cudaErrorInvalidValue);
    int local;
    assert_int_equal(rt_host_device_pointer(ctx, &d, &local, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_host_get_flags(ctx, &flags, &local), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_malloc(ctx, &d, 64, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_host_get_flags(ctx, &flags, d), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_host_device_pointer(ctx, &h, d, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_mem_info(ctx, &free1, &total), 0);
    assert_int_equal(free0 - free1, 64);
}

static void test_host_register(void **state)
{
    rt_context *ctx = *state;
    size_t n = 1000;
    uint8_t *buf = malloc(n);
    void *d;
    int type;
    void *dev, *host;
    unsigned flags;
    assert_int_equal(rt_host_register(ctx, NULL, n, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_host_register(ctx, buf, 0, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_host_register(ctx, buf, n, 16), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_host_register(ctx, buf, n, RT_HOST_REGISTER_READONLY),
                     RT_cudaErrorNotSupported);
    assert_int_equal(rt_host_register(ctx, buf, n, RT_HOST_REGISTER_MAPPED), 0);
    assert_int_equal(rt_host_register(ctx, buf + 10, 10, 0),
                     RT_cudaErrorHostMemoryAlreadyRegistered);
    assert_int_equal(rt_host_register(ctx, buf, n, 0), RT_cudaErrorHostMemoryAlreadyRegistered);
    assert_true(sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)(buf + 10), n - 10));
    assert_int_equal(rt_pointer_info(ctx, buf + 5, &type, &dev, &host), 0);
    assert_int_equal(type, RT_PTR_HOST);
    assert_ptr_equal(dev, buf + 5);
    assert_int_equal(rt_host_device_pointer(ctx, &d, buf + 3, 0), 0);
    assert_ptr_equal(d, buf + 3);
    assert_int_equal(rt_host_get_flags(ctx, &flags, buf), 0);
    assert_int_equal(flags, RT_HOST_REGISTER_MAPPED);
    /* H2D to a registered range checks it as device memory */
    uint8_t src[16] = { 7 };
    assert_int_equal(rt_memcpy(ctx, buf, src, 16, RT_MEMCPY_H2D), 0);
    assert_int_equal(buf[0], 7);
    /* cudaFreeHost must not free the application's memory */
    assert_int_equal(rt_host_free(ctx, buf), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_host_unregister(ctx, buf + 1), RT_cudaErrorHostMemoryNotRegistered);
    assert_int_equal(rt_host_unregister(ctx, buf), 0);
    assert_false(sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)buf, 1));
    assert_int_equal(rt_host_unregister(ctx, buf), RT_cudaErrorHostMemoryNotRegistered);
    /* a registration survives neither reset nor destroy, and both leave
     * the memory alone */
    assert_int_equal(rt_host_register(ctx, buf, n, 0), 0);
    assert_int_equal(rt_reset(ctx), 0);
    assert_false(sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)buf, 1));
    assert_int_equal(rt_host_register(ctx, buf, n, 0), 0);
    rt_destroy(ctx);
    *state = rt_create(stderr);
    buf[n - 1] = 1;   /* still ours (ASan would catch a free) */
    free(buf);
}

static void test_memcpy3d(void **state)
{
    rt_context *ctx = *state;
    rt_pitched d;
    assert_int_equal(rt_malloc3d(ctx, &d, 10, 4, 3), 0);
    assert_int_equal(d.pitch, 512);
    assert_int_equal(d.xsize, 10);
    assert_int_equal(d.ysize, 4);
    assert_true(sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)d.ptr, 512 * 4 * 3));
    uint8_t host[3][4][10], back[3][4][10];
    for (size_t i = 0; i < sizeof host; i++)
        ((uint8_t *)host)[i] = (uint8_t)i;
    rt_pitched h = { .ptr = host, .pitch = 10, .xsize = 10, .ysize = 4 };
    rt_pitched b = { .ptr = back, .pitch = 10, .xsize = 10, .ysize = 4 };
    rt_pos3 zero = { 0, 0, 0 }, all = { 10, 4, 3 };
    assert_int_equal(rt_memcpy3d(ctx, d, zero, h, zero, all, RT_MEMCPY_H2D, RT_STREAM_SYNC), 0);
    assert_int_equal(((uint8_t *)d.ptr)[512 * 4 * 2 + 512 * 3 + 9], host[2][3][9]);
    memset(back, 0, sizeof back);
    /* a 2x2x2 box at (x 3, y 1, z 1) of the device object to (1, 2, 0) */
    rt_pos3 sp = { 3, 1, 1 }, dp = { 1, 2, 0 }, ext = { 2, 2, 2 };
    assert_int_equal(rt_memcpy3d(ctx, b, dp, d, sp, ext, RT_MEMCPY_D2H, RT_STREAM_LEGACY), 0);
    assert_int_equal(rt_synchronize(ctx), 0);
    for (int z = 0; z < 2; z++)
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 2; x++)
                assert_int_equal(back[z][2 + y][1 + x], host[1 + z][1 + y][3 + x]);
    assert_int_equal(back[0][0][0], 0);
    /* out of the object / pitch / bad kind */
    rt_pos3 big = { 10, 4, 4 };
    assert_int_equal(rt_memcpy3d(ctx, d, zero, h, zero, big, RT_MEMCPY_H2D, RT_STREAM_SYNC),
                     RT_cudaErrorInvalidValue);
    rt_pos3 wide = { 11, 1, 1 };
    assert_int_equal(rt_memcpy3d(ctx, d, zero, h, zero, wide, RT_MEMCPY_H2D, RT_STREAM_SYNC),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_memcpy3d(ctx, d, zero, h, zero, all, 9, RT_STREAM_SYNC),
                     RT_cudaErrorInvalidMemcpyDirection);
    /* memset3d: every byte of the box, nothing past the width */
    rt_pos3 box = { 7, 4, 3 };
    assert_int_equal(rt_memset3d(ctx, d, 0xab, box, RT_STREAM_SYNC), 0);
    const uint8_t *p = d.ptr;
    assert_int_equal(p[512 * 4 * 2 + 512 * 3 + 6], 0xab);
    assert_int_equal(p[512 * 4 * 2 + 512 * 3 + 7], host[2][3][7]);
    rt_pos3 rows = { 512, 4, 1 };   /* whole rows: one contiguous set per slice */
    assert_int_equal(rt_memset3d(ctx, d, 1, rows, RT_STREAM_LEGACY), 0);
    assert_int_equal(rt_synchronize(ctx), 0);
    assert_int_equal(p[512 * 4 - 1], 1);
    assert_int_equal(p[512 * 4], 0xab);
    rt_pos3 over = { 7, 5, 3 };
    assert_int_equal(rt_memset3d(ctx, d, 0, over, RT_STREAM_SYNC), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_free(ctx, d.ptr, RT_MEM_DEVICE), 0);
}

static void test_pools(void **state)
{
    rt_context *ctx = *state;
    rt_pool *def, *cur, *mine;
    uint64_t v;
    void *a, *b;
    assert_int_equal(rt_pool_default(ctx, &def), 0);
    assert_int_equal(rt_pool_current(ctx, &cur), 0);
    assert_ptr_equal(def, cur);
    assert_int_equal(rt_malloc_async(ctx, &a, 1000, NULL, RT_STREAM_LEGACY), 0);
    assert_int_equal(rt_pool_get_attr(ctx, def, RT_POOL_USED_CURRENT, &v), 0);
    assert_int_equal(v, 1000);
    assert_int_equal(rt_malloc_async(ctx, &b, 24, NULL, RT_STREAM_LEGACY), 0);
    assert_int_equal(rt_free_async(ctx, a, RT_STREAM_LEGACY), 0);
    assert_int_equal(rt_free_async(ctx, a, RT_STREAM_LEGACY), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_synchronize(ctx), 0);
    /* freed in stream order: gone from the table, so a later use is caught */
    assert_false(sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)a, 1));
    assert_int_equal(rt_pool_get_attr(ctx, def, RT_POOL_USED_CURRENT, &v), 0);
    assert_int_equal(v, 24);
    assert_int_equal(rt_pool_get_attr(ctx, def, RT_POOL_USED_HIGH, &v), 0);
    assert_int_equal(v, 1024);
    assert_int_equal(rt_pool_get_attr(ctx, def, RT_POOL_RESERVED_CURRENT, &v), 0);
    assert_int_equal(v, 24);
    v = 5;
    assert_int_equal(rt_pool_set_attr(ctx, def, RT_POOL_USED_HIGH, &v), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_pool_set_attr(ctx, def, RT_POOL_USED_CURRENT, &v),
                     RT_cudaErrorInvalidValue);
    v = 0;
    assert_int_equal(rt_pool_set_attr(ctx, def, RT_POOL_USED_HIGH, &v), 0);
    assert_int_equal(rt_pool_get_attr(ctx, def, RT_POOL_USED_HIGH, &v), 0);
    assert_int_equal(v, 24);
    v = 1 << 20;
    assert_int_equal(rt_pool_set_attr(ctx, def, RT_POOL_RELEASE_THRESHOLD, &v), 0);
    v = 0;
    assert_int_equal(rt_pool_get_attr(ctx, def, RT_POOL_RELEASE_THRESHOLD, &v), 0);
    assert_int_equal(v, 1 << 20);
    /* cudaFree of a stream-ordered allocation is allowed and counted */
    assert_int_equal(rt_free(ctx, b, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_pool_get_attr(ctx, def, RT_POOL_USED_CURRENT, &v), 0);
    assert_int_equal(v, 0);
    /* an explicit pool with a size limit */
    assert_int_equal(rt_pool_create(ctx, &mine, 4096), 0);
    assert_int_equal(rt_malloc_async(ctx, &a, 4000, mine, RT_STREAM_LEGACY), 0);
    assert_int_equal(rt_malloc_async(ctx, &b, 200, mine, RT_STREAM_LEGACY),
                     RT_cudaErrorMemoryAllocation);
    assert_int_equal(rt_pool_set_current(ctx, mine), 0);
    assert_int_equal(rt_pool_current(ctx, &cur), 0);
    assert_ptr_equal(cur, mine);
    assert_int_equal(rt_pool_trim(ctx, mine, 0), 0);
    assert_int_equal(rt_pool_destroy(ctx, def), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_pool_destroy(ctx, mine), 0);   /* a is still live: kept until freed */
    assert_int_equal(rt_pool_current(ctx, &cur), 0);
    assert_ptr_equal(cur, def);
    assert_int_equal(rt_pool_get_attr(ctx, mine, RT_POOL_USED_CURRENT, &v),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_free_async(ctx, a, RT_STREAM_LEGACY), 0);
    assert_int_equal(rt_synchronize(ctx), 0);
    /* bad arguments */
    assert_int_equal(rt_malloc_async(ctx, &a, 0, NULL, RT_STREAM_LEGACY),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_malloc_async(ctx, &a, 8, NULL, 0xdead0),
                     RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_malloc(ctx, &b, 8, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_free_async(ctx, b, RT_STREAM_LEGACY), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_free_async(ctx, NULL, RT_STREAM_LEGACY), RT_cudaErrorInvalidValue);
    /* reset: the allocations vanish, pools stay */
    assert_int_equal(rt_malloc_async(ctx, &a, 64, NULL, RT_STREAM_LEGACY), 0);
    assert_int_equal(rt_reset(ctx), 0);
    assert_int_equal(rt_pool_get_attr(ctx, def, RT_POOL_USED_CURRENT, &v), 0);
    assert_int_equal(v, 0);
}

static void test_hints(void **state)
{
    rt_context *ctx = *state;
    void *m, *d;
    int v[4];
    assert_int_equal(rt_malloc(ctx, &m, 4096, RT_MEM_MANAGED), 0);
    assert_int_equal(rt_malloc(ctx, &d, 4096, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_mem_range_attr(ctx, v, 4, 1, m, 4096), 0);
    assert_int_equal(v[0], 0);
    assert_int_equal(rt_mem_range_attr(ctx, v, 4, 2, m, 4096), 0);
    assert_int_equal(v[0], -2);
    assert_int_equal(rt_mem_advise(ctx, m, 4096, 1, 0, 0), 0);
    assert_int_equal(rt_mem_advise(ctx, m, 4096, 3, RT_LOC_DEVICE, 0), 0);
    assert_int_equal(rt_mem_advise(ctx, m, 4096, 3, RT_LOC_DEVICE, 1), RT_cudaErrorInvalidDevice);
    assert_int_equal(rt_mem_advise(ctx, m, 4096, 5, RT_LOC_HOST, 0), 0);
    assert_int_equal(rt_mem_advise(ctx, m, 4096, 7, RT_LOC_HOST, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_mem_advise(ctx, d, 4096, 1, 0, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_mem_advise(ctx, m, 4097, 1, 0, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_mem_advise(ctx, m, 0, 1, 0, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_mem_prefetch(ctx, m, 4096, RT_LOC_DEVICE, 0, 0, RT_STREAM_LEGACY), 0);
    assert_int_equal(rt_mem_prefetch(ctx, m, 4096, RT_LOC_DEVICE, 0, 1, RT_STREAM_LEGACY),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_mem_prefetch(ctx, m, 4096, RT_LOC_DEVICE, 0, 0, 0xdead0),
                     RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_mem_range_attr(ctx, v, 4, 1, m, 100), 0);
    assert_int_equal(v[0], 1);
    assert_int_equal(rt_mem_range_attr(ctx, v, 4, 2, m, 4096), 0);
    assert_int_equal(v[0], 0);
    assert_int_equal(rt_mem_range_attr(ctx, v, 4, 4, m, 4096), 0);
    assert_int_equal(v[0], 0);
    assert_int_equal(rt_mem_range_attr(ctx, v, sizeof v, 3, m, 4096), 0);
    assert_int_equal(v[0], -1);
    assert_int_equal(v[1], -2);
    assert_int_equal(rt_mem_range_attr(ctx, v, 4, 9, m, 4096), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_mem_range_attr(ctx, v, 4, 1, d, 4096), RT_cudaErrorInvalidValue);
    /* advice on part of the allocation: answers are not kept per page */
    assert_int_equal(rt_mem_advise(ctx, (char *)m + 64, 64, 2, 0, 0), 0);
    assert_int_equal(rt_mem_range_attr(ctx, v, 4, 1, m, 4096), RT_cudaErrorNotSupported);
    assert_int_equal(rt_free(ctx, m, RT_MEM_MANAGED), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_host_alloc_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_register, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memcpy3d, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pools, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hints, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
