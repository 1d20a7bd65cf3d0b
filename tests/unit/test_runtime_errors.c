/* tests/unit/test_runtime_errors.c — the cudaError_t table
 * (runtime/cuda_errors.def): names and strings as the real libcudart.so.13
 * returns them, unknown codes, and the table's own consistency. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/runtime.h"

static void test_known_codes(void **state)
{
    (void)state;
    assert_string_equal(rt_error_name(0), "cudaSuccess");
    assert_string_equal(rt_error_string(0), "no error");
    assert_string_equal(rt_error_name(1), "cudaErrorInvalidValue");
    assert_string_equal(rt_error_string(1), "invalid argument");
    assert_string_equal(rt_error_name(700), "cudaErrorIllegalAddress");
    assert_string_equal(rt_error_string(700), "an illegal memory access was encountered");
    assert_string_equal(rt_error_string(710), "device-side assert triggered");
    assert_string_equal(rt_error_string(716), "misaligned address");
    assert_string_equal(rt_error_string(719), "unspecified launch failure");
    assert_string_equal(rt_error_name(801), "cudaErrorNotSupported");
    assert_string_equal(rt_error_string(801), "operation not supported");
    assert_string_equal(rt_error_string(209), "no kernel image is available for execution on the device");
    assert_string_equal(rt_error_string(218), "a PTX JIT compilation failed");
    assert_string_equal(rt_error_name(10000), "cudaErrorApiFailureBase");
}

static void test_unknown_codes(void **state)
{
    (void)state;
    const int unknown[] = { -1, 10, 11, 1000, 9999, 12345 };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        assert_string_equal(rt_error_name(unknown[i]), "unrecognized error code");
        assert_string_equal(rt_error_string(unknown[i]), "unrecognized error code");
    }
}

/* The enum the runtime codes against has CUDA's numbers. */
static void test_enum_values(void **state)
{
    (void)state;
    assert_int_equal(RT_cudaSuccess, 0);
    assert_int_equal(RT_cudaErrorInvalidConfiguration, 9);
    assert_int_equal(RT_cudaErrorInvalidSymbol, 13);
    assert_int_equal(RT_cudaErrorInvalidDeviceFunction, 98);
    assert_int_equal(RT_cudaErrorInvalidDevice, 101);
    assert_int_equal(RT_cudaErrorInvalidPtx, 218);
    assert_int_equal(RT_cudaErrorLaunchOutOfResources, 701);
    assert_int_equal(RT_cudaErrorIllegalInstruction, 715);
    assert_int_equal(RT_cudaErrorNotSupported, 801);
    assert_int_equal(RT_cudaErrorUnknown, 999);
}

typedef struct row { int code; const char *name, *text; } row;
static const row rows[] = {
#define CUERR(name, value, str) { value, #name, str },
#include "runtime/cuda_errors.def"
#undef CUERR
};

/* Every value of CUDA 13's enum cudaError (134 of them), each once, each
 * round-tripping through the lookup functions. */
static void test_table(void **state)
{
    (void)state;
    size_t n = sizeof rows / sizeof rows[0];
    assert_int_equal(n, 134);
    for (size_t i = 0; i < n; i++) {
        assert_true(strncmp(rows[i].name, "cuda", 4) == 0);
        assert_true(rows[i].text[0] != '\0');
        assert_string_equal(rt_error_name(rows[i].code), rows[i].name);
        assert_string_equal(rt_error_string(rows[i].code), rows[i].text);
        for (size_t j = i + 1; j < n; j++) {
            assert_int_not_equal(rows[i].code, rows[j].code);
            assert_string_not_equal(rows[i].name, rows[j].name);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_codes),
        cmocka_unit_test(test_unknown_codes),
        cmocka_unit_test(test_enum_values),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
