/* tests/unit/test_sim_mem.c — the UVA allocation table: alignment and
 * zero fill, lookups, bounds checks, freeing, the freed-range memory used
 * for reports, and a randomized comparison with a plain list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "sim/sim.h"

static void test_alloc_find_check(void **state)
{
    (void)state;
    sim_mem *m = sim_mem_create();
    assert_non_null(m);
    uint8_t *a = sim_mem_alloc(m, 1000, SIM_ALLOC_DEVICE, NULL);
    uint8_t *b = sim_mem_alloc(m, 64, SIM_ALLOC_SYMBOL, "gvar");
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal((uintptr_t)a % 256, 0);
    assert_int_equal((uintptr_t)b % 256, 0);
    for (unsigned i = 0; i < 1000; i++)
        assert_int_equal(a[i], 0);
    assert_int_equal(sim_mem_bytes_in_use(m), 1064);
    uint64_t ua = (uint64_t)(uintptr_t)a;
    sim_alloc_info info;
    assert_true(sim_mem_find(m, ua + 999, &info));
    assert_int_equal(info.base, ua);
    assert_int_equal(info.size, 1000);
    assert_int_equal(info.kind, SIM_ALLOC_DEVICE);
    assert_false(sim_mem_find(m, ua + 1000, &info));
    assert_true(sim_mem_find(m, (uint64_t)(uintptr_t)b + 3, &info));
    assert_string_equal(info.tag, "gvar");
    assert_int_equal(info.kind, SIM_ALLOC_SYMBOL);
    assert_true(sim_mem_check(m, ua, 1000));
    assert_true(sim_mem_check(m, ua + 996, 4));
    assert_false(sim_mem_check(m, ua + 997, 4));     /* straddles the end */
    assert_false(sim_mem_check(m, ua - 1, 1));
    assert_false(sim_mem_check(m, ua, UINT64_MAX));  /* no wrap-around */
    assert_false(sim_mem_free(m, a + 8));            /* not a base */
    assert_true(sim_mem_free(m, a));
    assert_false(sim_mem_free(m, a));                /* twice */
    assert_int_equal(sim_mem_bytes_in_use(m), 64);
    assert_false(sim_mem_check(m, ua, 4));
    assert_true(sim_mem_nearest(m, ua + 10, &info));
    assert_true(info.freed);
    assert_int_equal(info.base, ua);
    assert_int_equal(info.size, 1000);
    sim_mem_destroy(m);
}

static void test_nearest_live(void **state)
{
    (void)state;
    sim_mem *m = sim_mem_create();
    uint8_t *a = sim_mem_alloc(m, 4096, SIM_ALLOC_DEVICE, NULL);
    sim_alloc_info info;
    uint64_t ua = (uint64_t)(uintptr_t)a;
    assert_true(sim_mem_nearest(m, ua + 4096 + 256, &info));
    assert_int_equal(info.base, ua);
    assert_false(info.freed);
    assert_true(sim_mem_nearest(m, ua - 8, &info));
    assert_int_equal(info.base, ua);
    /* zero-byte allocations are valid handles that hold no byte */
    uint8_t *z = sim_mem_alloc(m, 0, SIM_ALLOC_DEVICE, NULL);
    assert_non_null(z);
    assert_false(sim_mem_check(m, (uint64_t)(uintptr_t)z, 1));
    assert_true(sim_mem_free(m, z));
    sim_mem_destroy(m);
}

static void test_freed_forgotten_on_reuse(void **state)
{
    (void)state;
    sim_mem *m = sim_mem_create();
    /* more frees than the ring remembers */
    for (unsigned i = 0; i < 200; i++) {
        void *p = sim_mem_alloc(m, 512, SIM_ALLOC_DEVICE, NULL);
        assert_true(sim_mem_free(m, p));
    }
    uint8_t *p = sim_mem_alloc(m, 512, SIM_ALLOC_DEVICE, NULL);
    sim_alloc_info info;
    /* the live allocation wins over any freed range that had the same address */
    assert_true(sim_mem_nearest(m, (uint64_t)(uintptr_t)p + 511, &info));
    assert_int_equal(info.base, (uint64_t)(uintptr_t)p);
    assert_false(info.freed);
    assert_true(sim_mem_find(m, (uint64_t)(uintptr_t)p, &info));
    sim_mem_destroy(m);
}

typedef struct ref_alloc {
    uint8_t *p;
    size_t   size;
} ref_alloc;

static void test_random_against_list(void **state)
{
    (void)state;
    sim_mem *m = sim_mem_create();
    ref_alloc live[300];
    unsigned n = 0;
    uint64_t seed = 99;
    for (unsigned step = 0; step < 5000; step++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        unsigned r = (unsigned)(seed >> 33);
        if ((r % 3 != 0 || n == 0) && n < 300) {
            size_t size = 1 + r % 5000;
            uint8_t *p = sim_mem_alloc(m, size, SIM_ALLOC_DEVICE, NULL);
            assert_non_null(p);
            live[n++] = (ref_alloc){ p, size };
        } else {
            unsigned i = r % n;
            assert_true(sim_mem_free(m, live[i].p));
            live[i] = live[--n];
        }
        /* probe a few addresses against the list */
        for (unsigned k = 0; k < 4 && n > 0; k++) {
            const ref_alloc *a = &live[(r >> (k * 4)) % n];
            size_t off = (r >> 7) % (a->size + 64);
            uint64_t addr = (uint64_t)(uintptr_t)a->p + off;
            bool inside = false;
            for (unsigned j = 0; j < n; j++)
                inside |= addr >= (uint64_t)(uintptr_t)live[j].p &&
                          addr < (uint64_t)(uintptr_t)live[j].p + live[j].size;
            assert_int_equal(sim_mem_check(m, addr, 1), inside);
        }
    }
    uint64_t total = 0;
    for (unsigned i = 0; i < n; i++)
        total += live[i].size;
    assert_int_equal(sim_mem_bytes_in_use(m), total);
    sim_mem_destroy(m);   /* frees what is still live (ASan checks) */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_find_check),
        cmocka_unit_test(test_nearest_live),
        cmocka_unit_test(test_freed_forgotten_on_reuse),
        cmocka_unit_test(test_random_against_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
