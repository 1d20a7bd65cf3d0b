/* tests/unit/test_runtime_stats_totals.c — the program totals of
 * COBALT_STATS (runtime/stats.c): accumulation over launches, the three
 * TOTALS lines, and which COBALT_STATS values turn them on. */
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

static sim_stats launch(uint64_t scale)
{
    sim_stats s;
    memset(&s, 0, sizeof s);
    s.warp_insns = 100 * scale;
    s.thread_insns = 2400 * scale;
    s.cycles = 50 * scale;
    s.branches = 10 * scale;
    s.divergent_branches = 1 * scale;
    s.global_loads = 4 * scale;
    s.global_stores = 2 * scale;
    s.shared_loads = 3 * scale;
    s.shared_stores = 1 * scale;
    s.atomics = 5 * scale;
    s.global_sectors = 1000 * scale;
    s.bank_conflicts = 6 * scale;
    s.mma_steps = 16 * scale;
    s.tensor_cycles = 4 * scale;
    s.tensor_units = 64;
    s.thread_insns_by_class[ISA_CLASS_INT] = 1000 * scale;
    s.thread_insns_by_class[ISA_CLASS_MMA] = 1400 * scale;
    return s;
}

static void test_totals_lines(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    rt_stats_totals t;
    memset(&t, 0, sizeof t);
    sim_stats a = launch(1), b = launch(2);
    rt_stats_add_launch(&t, &a, 0.25);
    rt_stats_add_launch(&t, &b, 0.5);
    assert_int_equal(t.launches, 2);
    assert_int_equal(t.s.thread_insns, 7200);
    assert_int_equal(t.s.mma_steps, 48);
    assert_int_equal(t.s.cycles, 150);
    rt_print_totals(c.f, &t);
    assert_string_equal(cap_text(&c),
        "cobalt: TOTALS 2 launches: 300 warp-insns, 7200 thread-insns, 75.0% lane efficiency, "
        "150 simulated cycles, 0.75 s, 9.6e+03 thread-insns/s\n"
        "cobalt: TOTALS by class: INT 3000 FP 0 SFU 0 CVT 0 MOVE 0 PRED 0 MEM 0 CTRL 0 "
        "MMA 4200 (thread-insns), 48 tensor unit steps\n"
        "cobalt: TOTALS memory (warp-insns): 12 global loads, 6 global stores, 9 shared loads, "
        "3 shared stores, 15 atomics; 3000 global sectors (0.096 MB), 18 shared bank "
        "conflicts; 3/30 divergent branches\n"
        "cobalt: TOTALS tensor: 48 unit steps, 12 busy cycles (summed over sub-cores), 0.5% "
        "utilisation of 64 units over 150 cycles\n");
    cap_close(&c);
}

/* No launches: the lines still come, with zero rates (no division by 0). */
static void test_totals_empty(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    rt_stats_totals t;
    memset(&t, 0, sizeof t);
    rt_print_totals(c.f, &t);
    assert_non_null(strstr(cap_text(&c), "cobalt: TOTALS 0 launches: 0 warp-insns, 0 "
                                         "thread-insns, 0.0% lane efficiency"));
    assert_non_null(strstr(cap_text(&c), ", 0 thread-insns/s\n"));
    cap_close(&c);
}

static void test_stats_values(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    rt_options o;
    memset(&o, 0, sizeof o);
    o.num_sms = 4;
    rt_options_apply(&o, NULL, NULL, "summary", c.f);
    assert_false(o.stats);
    assert_true(o.totals);
    rt_options_apply(&o, NULL, NULL, "1", c.f);
    assert_true(o.stats);
    assert_true(o.totals);
    rt_options_apply(&o, NULL, NULL, "0", c.f);
    assert_false(o.stats);
    assert_false(o.totals);
    assert_string_equal(cap_text(&c), "");
    cap_close(&c);
}

/* A context made with COBALT_STATS=summary prints the totals when it is
 * destroyed (the program's exit), and nothing per launch. */
static void test_totals_at_destroy(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    setenv("COBALT_STATS", "summary", 1);
    rt_context *ctx = rt_create(c.f);
    unsetenv("COBALT_STATS");
    assert_non_null(ctx);
    assert_true(ctx->opt.totals);
    sim_stats a = launch(1);
    rt_stats_add_launch(&ctx->totals, &a, 1.0);
    rt_destroy(ctx);
    const char *text = cap_text(&c);
    assert_non_null(strstr(text, "cobalt: TOTALS 1 launches: 100 warp-insns, 2400 thread-insns"));
    assert_null(strstr(text, "cobalt: kernel "));
    cap_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totals_lines),
        cmocka_unit_test(test_totals_empty),
        cmocka_unit_test(test_stats_values),
        cmocka_unit_test(test_totals_at_destroy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
