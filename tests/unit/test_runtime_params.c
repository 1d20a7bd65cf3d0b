/* tests/unit/test_runtime_params.c — packing kernel arguments into bank 0
 * (runtime/params.c) at the offsets and sizes of the PTX parameter list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/internal.h"

/* (u64 p, u32 n, .align 8 .b8 s[24], f64 d): offsets 0, 8, 16, 40 */
static isa_kernel kernel(isa_param params[4])
{
    static const isa_param layout[4] = {
        { "p", 0, 8, 8 }, { "n", 8, 4, 4 }, { "s", 16, 24, 8 }, { "d", 40, 8, 8 },
    };
    isa_kernel k;
    memcpy(params, layout, sizeof layout);
    memset(&k, 0, sizeof k);
    k.name = "k";
    k.params = params;
    k.nparams = 4;
    k.param_size = 48;
    return k;
}

static void test_pack(void **state)
{
    (void)state;
    isa_param params[4];
    isa_kernel k = kernel(params);
    uint64_t p = 0x1122334455667788ull;
    uint32_t n = 0xdeadbeef;
    uint8_t s[24];
    double d = 2.5;
    for (int i = 0; i < 24; i++)
        s[i] = (uint8_t)(i + 1);
    void *args[] = { &p, &n, s, &d };
    uint8_t bank[64];
    char err[256];
    memset(bank, 0xcc, sizeof bank);
    assert_true(rt_pack_params(&k, args, bank, sizeof bank, err, sizeof err));
    assert_memory_equal(bank, &p, 8);
    assert_memory_equal(bank + 8, &n, 4);
    assert_memory_equal(bank + 12, "\0\0\0\0", 4);   /* padding is zeroed */
    assert_memory_equal(bank + 16, s, 24);
    assert_memory_equal(bank + 40, &d, 8);
    assert_int_equal(bank[48], 0xcc);               /* nothing past param_size */
}

static void test_no_params(void **state)
{
    (void)state;
    isa_kernel k;
    memset(&k, 0, sizeof k);
    k.name = "empty";
    uint8_t bank[1];
    char err[256];
    assert_true(rt_pack_params(&k, NULL, bank, 0, err, sizeof err));
}

static void test_errors(void **state)
{
    (void)state;
    isa_param params[4];
    isa_kernel k = kernel(params);
    uint64_t v[8] = { 0 };
    void *args[] = { v, v, v, v };
    void *holes[] = { v, NULL, v, v };
    uint8_t bank[64];
    char err[256];
    assert_false(rt_pack_params(&k, NULL, bank, sizeof bank, err, sizeof err));
    assert_non_null(strstr(err, "takes 4 parameters but the argument array is NULL"));
    assert_false(rt_pack_params(&k, holes, bank, sizeof bank, err, sizeof err));
    assert_non_null(strstr(err, "argument 1 (n)"));
    assert_false(rt_pack_params(&k, args, bank, 16, err, sizeof err));
    assert_non_null(strstr(err, "48 bytes of parameters"));
    params[3].offset = 44;   /* a parameter past the end of the block */
    assert_false(rt_pack_params(&k, args, bank, sizeof bank, err, sizeof err));
    assert_non_null(strstr(err, "parameter 3 (d)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack),
        cmocka_unit_test(test_no_params),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
