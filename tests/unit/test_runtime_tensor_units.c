/* tests/unit/test_runtime_tensor_units.c — the issue model's settings in
 * the runtime: sub-cores and tensor units of each device profile, the
 * profile file keys, COBALT_TENSOR_UNITS, and the per-launch tensor line
 * of COBALT_STATS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/internal.h"

static void test_profiles(void **state)
{
    (void)state;
    static const struct { const char *name; unsigned sub, units; } want[] = {
        { "a100-like", 4, 4 }, { "v100-like", 4, 2 }, { "rtx3090-like", 4, 2 },
        { "h100-like", 4, 8 }, { "tiny", 1, 1 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const rt_profile_spec *p = rt_profile_by_name(want[i].name);
        assert_non_null(p);
        assert_int_equal(p->subcores, want[i].sub);
        assert_int_equal(p->tensor_units, want[i].units);
        sim_config c;
        sim_config_default(&c);
        rt_profile_apply_config(p, &c);
        assert_int_equal(c.subcores, want[i].sub);
        assert_int_equal(c.tensor_units, want[i].units);
    }
    for (size_t i = 0; i < rt_profile_count(); i++) {   /* every profile sets both */
        assert_true(rt_profile_at(i)->subcores >= 1);
        assert_true(rt_profile_at(i)->subcores <= SIM_MAX_SUBCORES);
        assert_true(rt_profile_at(i)->tensor_units >= 1);
    }
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_file_keys(void **state)
{
    (void)state;
    const char *path = "/tmp/cobalt_test_tensor_units.conf";
    rt_profile_spec p;
    char err[512];
    write_file(path, "base = h100-like\nsubcores = 2\ntensor_units = 16\n");
    assert_true(rt_profile_load_file(path, &p, err, sizeof err));
    assert_int_equal(p.subcores, 2);
    assert_int_equal(p.tensor_units, 16);
    write_file(path, "base = tiny\n");
    assert_true(rt_profile_load_file(path, &p, err, sizeof err));
    assert_int_equal(p.subcores, 1);   /* from the base */
    write_file(path, "subcores = 17\n");
    assert_false(rt_profile_load_file(path, &p, err, sizeof err));
    assert_non_null(strstr(err, ":1: expected an integer 1..16 for subcores, got '17'"));
    write_file(path, "tensor_units = 0\n");
    assert_false(rt_profile_load_file(path, &p, err, sizeof err));
    assert_non_null(strstr(err, ":1: expected an integer 1..64 for tensor_units, got '0'"));
    remove(path);
}

static void test_env(void **state)
{
    (void)state;
    char buf[512] = "";
    FILE *diag = fmemopen(buf, sizeof buf, "w");
    assert_non_null(diag);
    sim_config c;
    sim_config_default(&c);
    rt_options_apply_tensor_units(&c, NULL, diag);
    rt_options_apply_tensor_units(&c, "", diag);
    assert_int_equal(c.tensor_units, SIM_DEFAULT_TENSOR_UNITS);
    rt_options_apply_tensor_units(&c, "8", diag);
    assert_int_equal(c.tensor_units, 8);
    rt_options_apply_tensor_units(&c, "0", diag);
    rt_options_apply_tensor_units(&c, "65", diag);
    rt_options_apply_tensor_units(&c, "2x", diag);
    fclose(diag);
    assert_int_equal(c.tensor_units, 8);   /* bad values leave it */
    assert_non_null(strstr(buf, "COBALT_TENSOR_UNITS='0' is not a count of tensor units per "
                                "sub-core (1..64); using 8"));
    assert_non_null(strstr(buf, "COBALT_TENSOR_UNITS='65'"));
    assert_non_null(strstr(buf, "COBALT_TENSOR_UNITS='2x'"));
}

static void test_launch_line(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    sim_stats s;
    memset(&s, 0, sizeof s);
    s.warp_insns = 10;
    s.thread_insns = 320;
    rt_print_launch_stats(f, "k", (rt_dim3){ 1, 1, 1 }, (rt_dim3){ 32, 1, 1 }, &s, 0.5);
    fflush(f);
    assert_null(strstr(text, "tensor:"));   /* no tensor work, no line */
    s.mma_steps = 64;
    s.tensor_cycles = 16;
    s.tensor_units = 64;
    s.cycles = 20;
    rt_print_launch_stats(f, "k", (rt_dim3){ 1, 1, 1 }, (rt_dim3){ 32, 1, 1 }, &s, 0.5);
    fflush(f);
    assert_non_null(strstr(text, "cobalt:   tensor: 64 unit steps, 16 busy cycles (summed over "
                                 "sub-cores), 5.0% utilisation of 64 units over 20 cycles\n"));
    fclose(f);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profiles),
        cmocka_unit_test(test_file_keys),
        cmocka_unit_test(test_env),
        cmocka_unit_test(test_launch_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
