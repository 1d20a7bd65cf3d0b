/* tests/unit/test_runtime_profiles.c — device profiles (COBALT_DEVICE):
 * the named table, profile files and their errors, and one context's
 * sim_config and reported device agreeing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/internal.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_table(void **state)
{
    (void)state;
    assert_true(rt_profile_count() >= 5);
    assert_string_equal(rt_profile_at(0)->key, "a100-like");
    const char *names[] = { "a100-like", "v100-like", "rtx3090-like", "h100-like", "tiny" };
    int cc[] = { 80, 70, 86, 90, 80 };
    for (size_t i = 0; i < 5; i++) {
        const rt_profile_spec *p = rt_profile_by_name(names[i]);
        assert_non_null(p);
        assert_int_equal(p->major * 10 + p->minor, cc[i]);
        assert_true(p->smem_per_block <= p->smem_per_sm);
        assert_true(p->smem_per_block_optin <= p->smem_per_sm);
        assert_int_equal(p->max_threads_per_sm % 32, 0);
    }
    assert_int_equal(rt_profile_by_name("tiny")->sm_count, 2);
    assert_null(rt_profile_by_name("nope"));
    assert_null(rt_profile_at(rt_profile_count()));
}

static void test_select(void **state)
{
    (void)state;
    rt_profile_spec p;
    char buf[512] = "";
    FILE *diag = fmemopen(buf, sizeof buf, "w");
    rt_profile_select("h100-like", &p, diag);
    assert_int_equal(p.major, 9);
    rt_profile_select(NULL, &p, diag);
    assert_string_equal(p.key, "a100-like");
    rt_profile_select("b200", &p, diag);
    fclose(diag);
    assert_string_equal(p.key, "a100-like");
    assert_non_null(strstr(buf, "COBALT_DEVICE='b200' is not a profile"));
    assert_non_null(strstr(buf, "tiny"));
}

static void test_file(void **state)
{
    (void)state;
    const char *path = "/tmp/cobalt_test_profile.conf";
    rt_profile_spec p;
    char err[512];
    write_file(path, "# a small part\nbase = v100-like\nname = My GPU  \nsm_count = 3\n"
                     "compute_capability = 7.5\nsmem_per_sm = 0x10000\nsmem_per_block_optin = 64512\n\n");
    assert_true(rt_profile_load_file(path, &p, err, sizeof err));
    assert_string_equal(p.name, "My GPU");
    assert_int_equal(p.sm_count, 3);
    assert_int_equal(p.major, 7);
    assert_int_equal(p.minor, 5);
    assert_int_equal(p.smem_per_sm, 65536);
    assert_int_equal(p.regs_per_sm, 65536);   /* from the base */
    struct { const char *text, *want; } bad[] = {
        { "sm_count = 3\nwarp_size = 64\n", ":2: unknown key 'warp_size'" },
        { "sm_count = 0\n", ":1: expected an integer 1..1024 for sm_count, got '0'" },
        { "sm_count = 2x\n", ":1: expected an integer" },
        { "sm_count\n", ":1: expected 'key = value'" },
        { "sm_count = 2\nsm_count = 3\n", ":2: 'sm_count' is given twice" },
        { "sm_count = 2\nbase = tiny\n", ":2: expected 'base' before every other key" },
        { "base = b200\n", ":1: expected a built-in profile name" },
        { "compute_capability = 8\n", ":1: expected a compute capability such as 8.0" },
        { "smem_per_block = 200000\n", "expected smem_per_block and smem_per_block_optin" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(path, bad[i].text);
        assert_false(rt_profile_load_file(path, &p, err, sizeof err));
        assert_non_null(strstr(err, path));
        if (!strstr(err, bad[i].want))
            fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].want);
    }
    remove(path);
    assert_false(rt_profile_load_file(path, &p, err, sizeof err));
    assert_non_null(strstr(err, "cannot open"));
}

/* The context: profile -> sim_config and the reported device agree;
 * COBALT_SMS still wins. */
static void test_context(void **state)
{
    (void)state;
    unsetenv("COBALT_SMS");
    setenv("COBALT_DEVICE", "tiny", 1);
    rt_context *ctx = rt_create(stderr);
    assert_non_null(ctx);
    const rt_device_profile *d = rt_device(ctx);
    assert_int_equal(ctx->cfg.num_sms, 2);
    assert_int_equal(d->sm_count, 2);
    assert_int_equal(ctx->cfg.regs_per_sm, 32768);
    assert_int_equal(d->regs_per_sm, 32768);
    assert_int_equal(ctx->cfg.smem_per_sm, 64 * 1024);
    assert_int_equal(d->smem_per_sm, 64 * 1024);
    assert_int_equal(d->max_threads_per_sm, 1024);
    assert_int_equal(ctx->cfg.max_warps_per_sm, 32);
    assert_int_equal(d->major, 8);
    assert_true(d->total_global_mem <= (1ull << 30));
    rt_destroy(ctx);
    setenv("COBALT_DEVICE", "h100-like", 1);
    setenv("COBALT_SMS", "5", 1);
    ctx = rt_create(stderr);
    assert_int_equal(rt_device(ctx)->sm_count, 5);
    assert_int_equal(ctx->cfg.num_sms, 5);
    assert_int_equal(rt_device(ctx)->major, 9);
    assert_int_equal(rt_device(ctx)->smem_per_block_optin, 227 * 1024);
    assert_int_equal(ctx->cfg.smem_per_sm, 228 * 1024);
    rt_destroy(ctx);
    unsetenv("COBALT_SMS");
    unsetenv("COBALT_DEVICE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_select),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
