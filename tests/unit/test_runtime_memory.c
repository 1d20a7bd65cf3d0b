/* tests/unit/test_runtime_memory.c — allocations, copies and sets through
 * the runtime (runtime/memory.c): device ranges are checked against the UVA
 * table; host, device and managed memory are told apart; a sticky error
 * stops memory calls; limits. */
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
    unsetenv("COBALT_SCHED");
    unsetenv("COBALT_STATS");
    *state = rt_create(stderr);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    rt_destroy(*state);
    return 0;
}

static void test_malloc_free(void **state)
{
    rt_context *ctx = *state;
    void *d, *h, *m, *z = (void *)1;
    assert_int_equal(rt_malloc(ctx, &d, 1000, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_malloc(ctx, &h, 64, RT_MEM_HOST), 0);
    assert_int_equal(rt_malloc(ctx, &m, 64, RT_MEM_MANAGED), 0);
    assert_int_equal(rt_malloc(ctx, &z, 0, RT_MEM_DEVICE), 0);
    assert_null(z);
    assert_int_equal(rt_malloc(ctx, NULL, 8, RT_MEM_DEVICE), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_malloc(ctx, &z, (size_t)1 << 62, RT_MEM_DEVICE),
                     RT_cudaErrorMemoryAllocation);

    int type;
    void *dp, *hp;
    assert_int_equal(rt_pointer_info(ctx, d, &type, &dp, &hp), 0);
    assert_int_equal(type, RT_PTR_DEVICE);
    assert_ptr_equal(dp, d);
    assert_null(hp);
    assert_int_equal(rt_pointer_info(ctx, (char *)h + 8, &type, &dp, &hp), 0);
    assert_int_equal(type, RT_PTR_HOST);
    assert_int_equal(rt_pointer_info(ctx, m, &type, &dp, &hp), 0);
    assert_int_equal(type, RT_PTR_MANAGED);
    assert_int_equal(rt_pointer_info(ctx, &type, &type, &dp, &hp), 0);
    assert_int_equal(type, RT_PTR_UNREGISTERED);

    assert_int_equal(rt_free(ctx, NULL, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_free(ctx, (char *)d + 4, RT_MEM_DEVICE), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_free(ctx, &type, RT_MEM_DEVICE), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_free(ctx, h, RT_MEM_DEVICE), RT_cudaErrorInvalidValue);  /* wrong kind */
    assert_int_equal(rt_free(ctx, d, RT_MEM_HOST), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_free(ctx, d, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_free(ctx, d, RT_MEM_DEVICE), RT_cudaErrorInvalidValue);  /* twice */
    assert_int_equal(rt_free(ctx, h, RT_MEM_HOST), 0);
    assert_int_equal(rt_free(ctx, m, RT_MEM_DEVICE), 0);   /* cudaFree frees managed */
}

static void test_memcpy_memset(void **state)
{
    rt_context *ctx = *state;
    int host[64], back[64];
    for (int i = 0; i < 64; i++)
        host[i] = i * 3;
    int *d;
    assert_int_equal(rt_malloc(ctx, (void **)&d, sizeof host, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_memcpy(ctx, d, host, sizeof host, RT_MEMCPY_H2D), 0);
    memset(back, 0, sizeof back);
    assert_int_equal(rt_memcpy(ctx, back, d, sizeof back, RT_MEMCPY_D2H), 0);
    assert_memory_equal(back, host, sizeof host);

    /* ranges that leave the allocation, or the wrong side */
    assert_int_equal(rt_memcpy(ctx, d + 1, host, sizeof host, RT_MEMCPY_H2D), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_memcpy(ctx, back, d + 60, 32, RT_MEMCPY_D2H), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_memcpy(ctx, back, host, 8, RT_MEMCPY_H2D), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_memcpy(ctx, d, host, 8, RT_MEMCPY_D2D), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_memcpy(ctx, d, host, 8, 7), RT_cudaErrorInvalidMemcpyDirection);
    assert_int_equal(rt_memcpy(ctx, NULL, host, 8, RT_MEMCPY_H2H), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_memcpy(ctx, NULL, NULL, 0, RT_MEMCPY_H2D), 0);   /* nothing to do */

    /* cudaMemcpyDefault infers the sides */
    assert_int_equal(rt_memcpy(ctx, d + 32, d, 32 * sizeof(int), RT_MEMCPY_DEFAULT), 0);
    assert_int_equal(rt_memcpy(ctx, back, d + 32, 4 * sizeof(int), RT_MEMCPY_DEFAULT), 0);
    assert_int_equal(back[3], 9);
    assert_int_equal(rt_memcpy(ctx, d + 60, host, 8 * sizeof(int), RT_MEMCPY_DEFAULT),
                     RT_cudaErrorInvalidValue);

    assert_int_equal(rt_memset(ctx, d, 0x01, 8), 0);
    assert_int_equal(rt_memcpy(ctx, back, d, 8, RT_MEMCPY_D2H), 0);
    assert_int_equal(back[0], 0x01010101);
    assert_int_equal(rt_memset(ctx, d + 63, 0, 8), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_memset(ctx, host, 0, 8), RT_cudaErrorInvalidValue);

    assert_int_equal(rt_free(ctx, d, RT_MEM_DEVICE), 0);
    /* a freed allocation is not host memory, even for cudaMemcpyDefault */
    assert_int_equal(rt_memcpy(ctx, back, d, 8, RT_MEMCPY_DEFAULT), RT_cudaErrorInvalidValue);
}

static void test_mem_info(void **state)
{
    rt_context *ctx = *state;
    size_t free0, total, free1;
    void *d;
    assert_int_equal(rt_mem_info(ctx, &free0, &total), 0);
    assert_int_equal(total, rt_device(ctx)->total_global_mem);
    assert_int_equal(rt_malloc(ctx, &d, 1 << 20, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_mem_info(ctx, &free1, &total), 0);
    assert_true(free0 - free1 >= (1 << 20));
    assert_int_equal(rt_free(ctx, d, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_mem_info(ctx, NULL, &total), RT_cudaErrorInvalidValue);
}

static void test_limits(void **state)
{
    rt_context *ctx = *state;
    size_t v;
    assert_int_equal(rt_get_limit(ctx, RT_LIMIT_PRINTF_FIFO_SIZE, &v), 0);
    assert_int_equal(v, 1 << 20);
    assert_int_equal(rt_get_limit(ctx, RT_LIMIT_MALLOC_HEAP_SIZE, &v), 0);
    assert_int_equal(v, 8 << 20);
    assert_int_equal(rt_set_limit(ctx, RT_LIMIT_MALLOC_HEAP_SIZE, 64 << 20), 0);
    assert_int_equal(rt_get_limit(ctx, RT_LIMIT_MALLOC_HEAP_SIZE, &v), 0);
    assert_int_equal(v, 64 << 20);
    assert_int_equal(rt_set_limit(ctx, 42, 1), RT_cudaErrorUnsupportedLimit);
    assert_int_equal(rt_get_limit(ctx, -1, &v), RT_cudaErrorUnsupportedLimit);
    assert_int_equal(rt_set_limit(ctx, RT_LIMIT_L2_FETCH_GRANULARITY, 256), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_reset(ctx), 0);   /* reset restores the defaults */
    assert_int_equal(rt_get_limit(ctx, RT_LIMIT_MALLOC_HEAP_SIZE, &v), 0);
    assert_int_equal(v, 8 << 20);
}

/* After a device fault every memory call reports it, until a reset. */
static void test_sticky(void **state)
{
    rt_context *ctx = *state;
    void *d;
    int x = 0;
    assert_int_equal(rt_malloc(ctx, &d, 64, RT_MEM_DEVICE), 0);
    rt_set_sticky(ctx, RT_cudaErrorIllegalAddress);
    rt_set_sticky(ctx, RT_cudaErrorMisalignedAddress);   /* the first one stays */
    assert_int_equal(rt_sticky_error(ctx), RT_cudaErrorIllegalAddress);
    assert_int_equal(rt_synchronize(ctx), RT_cudaErrorIllegalAddress);
    assert_int_equal(rt_memcpy(ctx, d, &x, 4, RT_MEMCPY_H2D), RT_cudaErrorIllegalAddress);
    assert_int_equal(rt_memset(ctx, d, 0, 4), RT_cudaErrorIllegalAddress);
    assert_int_equal(rt_malloc(ctx, &d, 64, RT_MEM_DEVICE), RT_cudaErrorIllegalAddress);
    assert_int_equal(rt_reset(ctx), 0);
    assert_int_equal(rt_synchronize(ctx), 0);
    /* the reset freed everything */
    assert_int_equal(rt_memcpy(ctx, d, &x, 4, RT_MEMCPY_H2D), RT_cudaErrorInvalidValue);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_malloc_free, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memcpy_memset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mem_info, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sticky, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
