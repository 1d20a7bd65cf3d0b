/* tests/unit/test_runtime_config.c — COBALT_* settings, the COBALT_STATS
 * lines, the device profile, and the pointer map behind kernel lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/internal.h"

typedef struct capture { char *text; size_t len; FILE *f; } capture;

static void cap_open(capture *c) { c->text = NULL; c->f = open_memstream(&c->text, &c->len); }
static const char *cap_text(capture *c) { fflush(c->f); return c->text; }
static void cap_close(capture *c) { fclose(c->f); free(c->text); }

static void test_options(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    rt_options o = { .num_sms = 16, .sched = SIM_SCHED_GTO, .stats = false, .seed = 1 };
    rt_options_apply(&o, "4", "lrr", "1", c.f);
    assert_int_equal(o.num_sms, 4);
    assert_int_equal(o.sched, SIM_SCHED_LRR);
    assert_true(o.stats);
    assert_string_equal(cap_text(&c), "");
    rt_options_apply(&o, NULL, "", "0", c.f);   /* unset or empty keeps, "0" turns off */
    assert_int_equal(o.num_sms, 4);
    assert_int_equal(o.sched, SIM_SCHED_LRR);
    assert_false(o.stats);
    cap_close(&c);
}

static void test_bad_options(void **state)
{
    (void)state;
    const char *bad_sms[] = { "0", "-3", "4x", "99999", " 8" };
    for (size_t i = 0; i < sizeof bad_sms / sizeof bad_sms[0]; i++) {
        capture c;
        cap_open(&c);
        rt_options o = { .num_sms = 16, .sched = SIM_SCHED_GTO, .stats = false, .seed = 1 };
        rt_options_apply(&o, bad_sms[i], NULL, NULL, c.f);
        assert_int_equal(o.num_sms, 16);
        assert_non_null(strstr(cap_text(&c), "is not an SM count (1..1024); using 16"));
        cap_close(&c);
    }
    capture c;
    cap_open(&c);
    rt_options o = { .num_sms = 16, .sched = SIM_SCHED_GTO, .stats = false, .seed = 1 };
    rt_options_apply(&o, NULL, "fifo", "yes", c.f);
    assert_int_equal(o.sched, SIM_SCHED_GTO);
    assert_false(o.stats);
    assert_string_equal(cap_text(&c),
                        "cobalt: COBALT_SCHED='fifo' is not a scheduler (gto, lrr or random); "
                        "using gto\n"
                        "cobalt: COBALT_STATS='yes' should be 0 or 1; statistics are off\n");
    cap_close(&c);
}

/* COBALT_THREADS: 0 = every core, 1..1024, anything else reported. */
static void test_threads_option(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    rt_options o = { .num_sms = 16, .threads = 1 };
    rt_options_apply_threads(&o, "2", c.f);
    assert_int_equal(o.threads, 2);
    rt_options_apply_threads(&o, "0", c.f);
    assert_int_equal(o.threads, 0);
    rt_options_apply_threads(&o, "", c.f);
    assert_int_equal(o.threads, 0);
    assert_string_equal(cap_text(&c), "");
    rt_options_apply_threads(&o, "two", c.f);
    assert_int_equal(o.threads, 0);
    assert_non_null(strstr(cap_text(&c), "COBALT_THREADS='two' is not a thread count"));
    cap_close(&c);
}

static void test_seed_option(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    rt_options o = { .num_sms = 16, .sched = SIM_SCHED_GTO, .stats = false, .seed = 1 };
    assert_true(sim_sched_from_name("random", &o.sched));
    assert_int_equal(o.sched, SIM_SCHED_RANDOM);
    assert_string_equal(sim_sched_name(SIM_SCHED_RANDOM), "random");
    rt_options_apply_seed(&o, "42", c.f);
    assert_int_equal(o.seed, 42);
    rt_options_apply_seed(&o, "0x10", c.f);
    assert_int_equal(o.seed, 16);
    rt_options_apply_seed(&o, "", c.f);          /* empty keeps */
    rt_options_apply_seed(&o, NULL, c.f);
    assert_int_equal(o.seed, 16);
    assert_string_equal(cap_text(&c), "");
    rt_options_apply_seed(&o, "-3", c.f);
    rt_options_apply_seed(&o, "7x", c.f);
    assert_int_equal(o.seed, 16);
    assert_string_equal(cap_text(&c), "cobalt: COBALT_SEED='-3' is not a number; using 16\n"
                                      "cobalt: COBALT_SEED='7x' is not a number; using 16\n");
    cap_close(&c);
    setenv("COBALT_SCHED", "random", 1);
    setenv("COBALT_SEED", "1234", 1);
    rt_context *ctx = rt_create(stderr);
    assert_non_null(ctx);
    assert_int_equal(ctx->cfg.sched, SIM_SCHED_RANDOM);
    assert_int_equal(ctx->cfg.seed, 1234);
    rt_destroy(ctx);
    unsetenv("COBALT_SCHED");
    unsetenv("COBALT_SEED");
}

/* The environment reaches the context; the device profile follows. */
static void test_context_from_env(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    setenv("COBALT_SMS", "3", 1);
    setenv("COBALT_SCHED", "lrr", 1);
    unsetenv("COBALT_STATS");
    rt_context *ctx = rt_create(c.f);
    assert_non_null(ctx);
    assert_int_equal(ctx->cfg.num_sms, 3);
    assert_int_equal(ctx->cfg.sched, SIM_SCHED_LRR);
    const rt_device_profile *d = rt_device(ctx);
    assert_int_equal(d->sm_count, 3);
    assert_int_equal(d->major, 8);
    assert_int_equal(d->minor, 0);
    assert_string_equal(d->name, "Cobalt simulated sm_80");
    assert_int_equal(d->warp_size, 32);
    assert_int_equal(d->max_threads_per_block, 1024);
    assert_int_equal(d->smem_per_block, 48 * 1024);
    assert_int_equal(d->max_grid_dim[0], 2147483647);
    assert_true(d->total_global_mem > 0 && d->total_global_mem <= (40ull << 30));
    assert_int_equal(rt_sticky_error(ctx), 0);
    assert_string_equal(cap_text(&c), "");
    rt_destroy(ctx);
    unsetenv("COBALT_SMS");
    unsetenv("COBALT_SCHED");
    cap_close(&c);
}

static void test_stats_lines(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    sim_stats s;
    memset(&s, 0, sizeof s);
    s.ctas_per_sm = 8;
    s.warp_insns = 100;
    s.thread_insns = 2400;
    s.branches = 10;
    s.divergent_branches = 3;
    s.barrier_waits = 5;
    s.atomics = 7;
    s.global_loads = 4;
    s.global_stores = 2;
    s.global_sectors = 9;
    s.shared_loads = 3;
    s.shared_stores = 1;
    s.bank_conflicts = 6;
    s.thread_insns_by_class[ISA_CLASS_INT] = 1000;
    s.thread_insns_by_class[ISA_CLASS_FP] = 600;
    s.thread_insns_by_class[ISA_CLASS_MEM] = 500;
    s.thread_insns_by_class[ISA_CLASS_CTRL] = 300;
    s.warp_insns_by_class[ISA_CLASS_INT] = 40;
    s.warp_insns_by_class[ISA_CLASS_FP] = 25;
    s.warp_insns_by_class[ISA_CLASS_MEM] = 20;
    s.warp_insns_by_class[ISA_CLASS_CTRL] = 15;
    rt_print_launch_stats(c.f, "_Z4vaddPfS_S_i", (rt_dim3){ 4, 1, 1 }, (rt_dim3){ 256, 1, 1 },
                          &s, 0.5);
    assert_string_equal(cap_text(&c),
        "cobalt: kernel _Z4vaddPfS_S_i grid (4,1,1) block (256,1,1): 8 CTAs/SM, 100 warp-insns, "
        "2400 thread-insns, 75.0% lane efficiency, 3/10 divergent branches, 5 barrier waits, "
        "7 atomics, 0.5 s, 4.8e+03 thread-insns/s\n"
        "cobalt:   by class: INT 1000 FP 600 SFU 0 CVT 0 MOVE 0 PRED 0 MEM 500 CTRL 300 MMA 0 "
        "(thread-insns), 0 tensor unit steps; warp-insns: INT 40 FP 25 SFU 0 CVT 0 MOVE 0 "
        "PRED 0 MEM 20 CTRL 15 MMA 0\n"
        "cobalt:   memory (warp-insns): 4 global loads, 2 global stores, 3 shared loads, "
        "1 shared stores; 9 global sectors, 6 shared bank conflicts\n");
    cap_close(&c);
}

static void test_ptrmap(void **state)
{
    (void)state;
    rt_ptrmap m = { 0 };
    char keys[1000] = { 0 };   /* only the addresses matter */
    assert_null(rt_ptrmap_get(&m, keys));
    for (int i = 0; i < 1000; i++)
        assert_true(rt_ptrmap_put(&m, &keys[i], &keys[999 - i]));
    assert_int_equal(m.count, 1000);
    for (int i = 0; i < 1000; i++)
        assert_ptr_equal(rt_ptrmap_get(&m, &keys[i]), &keys[999 - i]);
    for (int i = 0; i < 1000; i += 2)
        assert_true(rt_ptrmap_remove(&m, &keys[i]));
    assert_false(rt_ptrmap_remove(&m, &keys[0]));
    for (int i = 0; i < 1000; i++)
        assert_ptr_equal(rt_ptrmap_get(&m, &keys[i]), i % 2 ? &keys[999 - i] : NULL);
    for (int round = 0; round < 50; round++) {   /* churn: tombstones must not fill it up */
        for (int i = 0; i < 1000; i += 2)
            assert_true(rt_ptrmap_put(&m, &keys[i], &keys[i]));
        for (int i = 0; i < 1000; i += 2)
            assert_true(rt_ptrmap_remove(&m, &keys[i]));
    }
    assert_int_equal(m.count, 500);
    assert_true(m.cap <= 4096);
    assert_true(rt_ptrmap_put(&m, &keys[1], NULL));   /* replace */
    assert_null(rt_ptrmap_get(&m, &keys[1]));
    assert_int_equal(m.count, 500);
    rt_ptrmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_context_from_env),
        cmocka_unit_test(test_seed_option),
        cmocka_unit_test(test_threads_option),
        cmocka_unit_test(test_stats_lines),
        cmocka_unit_test(test_ptrmap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
