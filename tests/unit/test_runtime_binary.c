/* tests/unit/test_runtime_binary.c — what `cobalt run` decides about an
 * application (runtime/binary.c). Real nvcc-built binaries are checked by
 * tests/run-cobalt-run-checks.sh; here: the decisions, and the inspection
 * of files any machine has. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "runtime/binary.h"

static rt_binary_verdict judge(const rt_binary_info *bi, char *msg)
{
    return rt_binary_judge(bi, "./app", msg, 768);
}

static void test_good(void **state)
{
    (void)state;
    char msg[768];
    rt_binary_info bi = { .is_elf = true, .is_dynamic = true, .needs_cudart13 = true,
                          .has_fatbin = true, .ptx_entries = 1, .elf_entries = 1 };
    assert_int_equal(judge(&bi, msg), RT_BINARY_OK);
    assert_string_equal(msg, "");
    bi.has_fatbin = false;   /* host-only program using cudart */
    bi.ptx_entries = bi.elf_entries = 0;
    assert_int_equal(judge(&bi, msg), RT_BINARY_OK);
}

static void test_refused(void **state)
{
    (void)state;
    char msg[768];
    rt_binary_info static_rt = { .is_elf = true, .is_dynamic = true, .has_fatbin = true,
                                 .ptx_entries = 1, .elf_entries = 1 };
    assert_int_equal(judge(&static_rt, msg), RT_BINARY_REFUSE);
    assert_non_null(strstr(msg, "static CUDA runtime"));
    assert_non_null(strstr(msg, "nvcc -cudart shared -arch=sm_80"));

    rt_binary_info sass = { .is_elf = true, .is_dynamic = true, .needs_cudart13 = true,
                            .has_fatbin = true, .elf_entries = 2 };
    assert_int_equal(judge(&sass, msg), RT_BINARY_REFUSE);
    assert_non_null(strstr(msg, "no PTX"));
    assert_non_null(strstr(msg, "SASS-only build: 2 cubins"));
    assert_non_null(strstr(msg, "code=compute_80"));

    rt_binary_info cuda12 = { .is_elf = true, .is_dynamic = true, .has_fatbin = true,
                              .ptx_entries = 1, .other_cudart = "libcudart.so.12" };
    assert_int_equal(judge(&cuda12, msg), RT_BINARY_REFUSE);
    assert_non_null(strstr(msg, "needs libcudart.so.12"));
}

static void test_warned(void **state)
{
    (void)state;
    char msg[768];
    rt_binary_info script = { .is_elf = false };
    assert_int_equal(judge(&script, msg), RT_BINARY_WARN);
    assert_non_null(strstr(msg, "not an ELF executable"));
    rt_binary_info host = { .is_elf = true, .is_dynamic = true };
    assert_int_equal(judge(&host, msg), RT_BINARY_WARN);
    assert_non_null(strstr(msg, "does not link libcudart.so.13 directly"));
    rt_binary_info broken = { .is_elf = true, .is_dynamic = true, .needs_cudart13 = true,
                              .has_fatbin = true, .fatbin_error = ".nv_fatbin: bad magic" };
    assert_int_equal(judge(&broken, msg), RT_BINARY_WARN);
    assert_non_null(strstr(msg, "bad magic"));
}

/* This test program: a dynamic ELF without CUDA. */
static void test_inspect_self(void **state)
{
    (void)state;
    rt_binary_info bi;
    char err[512];
    assert_true(rt_binary_inspect("/proc/self/exe", &bi, err, sizeof err));
    assert_true(bi.is_elf);
    assert_true(bi.is_dynamic);
    assert_false(bi.needs_cudart13);
    assert_false(bi.has_fatbin);
    assert_string_equal(bi.other_cudart, "");
}

static void test_inspect_non_elf_and_missing(void **state)
{
    (void)state;
    char path[] = "/tmp/cobalt-test-script-XXXXXX", err[512];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "#!/bin/sh\necho hi\n", 18), 18);
    close(fd);
    rt_binary_info bi;
    assert_true(rt_binary_inspect(path, &bi, err, sizeof err));
    assert_false(bi.is_elf);
    unlink(path);
    assert_false(rt_binary_inspect("/nonexistent/cobalt-app", &bi, err, sizeof err));
    assert_non_null(strstr(err, "cannot open /nonexistent/cobalt-app"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_warned),
        cmocka_unit_test(test_inspect_self),
        cmocka_unit_test(test_inspect_non_elf_and_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
