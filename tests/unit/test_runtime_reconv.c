/* tests/unit/test_runtime_reconv.c — COBALT_RECONV and COBALT_SPIN_LIMIT:
 * parsing, the reports of bad values, and the way into the context's
 * sim_config. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/internal.h"

static void test_reconv_option(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    rt_options o = { .reconv = SIM_RECONV_ITS, .spin_limit = 100 };
    rt_options_apply_reconv(&o, "stack", "0x20", f);
    assert_int_equal(o.reconv, SIM_RECONV_STACK);
    assert_true(o.spin_limit == 32);
    rt_options_apply_reconv(&o, "", NULL, f);        /* empty or unset keeps */
    rt_options_apply_reconv(&o, NULL, "", f);
    assert_int_equal(o.reconv, SIM_RECONV_STACK);
    assert_true(o.spin_limit == 32);
    fflush(f);
    assert_string_equal(text, "");
    rt_options_apply_reconv(&o, "volta", "0", f);
    rt_options_apply_reconv(&o, "its", "12k", f);
    assert_int_equal(o.reconv, SIM_RECONV_ITS);
    assert_true(o.spin_limit == 32);
    fflush(f);
    assert_string_equal(text,
        "cobalt: COBALT_RECONV='volta' is not a reconvergence engine (its or stack); using stack\n"
        "cobalt: COBALT_SPIN_LIMIT='0' is not a count (1 or more); using 32\n"
        "cobalt: COBALT_SPIN_LIMIT='12k' is not a count (1 or more); using 32\n");
    fclose(f);
    free(text);
}

static void test_reconv_reaches_config(void **state)
{
    (void)state;
    unsetenv("COBALT_RECONV");
    unsetenv("COBALT_SPIN_LIMIT");
    rt_context *ctx = rt_create(stderr);
    assert_non_null(ctx);
    assert_int_equal(ctx->cfg.reconv, SIM_RECONV_ITS);          /* the default */
    assert_true(ctx->cfg.spin_limit == SIM_DEFAULT_SPIN_LIMIT);
    rt_destroy(ctx);
    setenv("COBALT_RECONV", "stack", 1);
    setenv("COBALT_SPIN_LIMIT", "5000", 1);
    ctx = rt_create(stderr);
    assert_non_null(ctx);
    assert_int_equal(ctx->cfg.reconv, SIM_RECONV_STACK);
    assert_true(ctx->cfg.spin_limit == 5000);
    rt_destroy(ctx);
    unsetenv("COBALT_RECONV");
    unsetenv("COBALT_SPIN_LIMIT");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reconv_option),
        cmocka_unit_test(test_reconv_reaches_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
