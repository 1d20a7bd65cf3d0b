/* tests/unit/test_isa_module.c — isa_module lookups and ownership (run under
 * ASan, a leak or double free in isa_module_free fails the suite). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "isa/module.h"

static isa_module *make_module(void)
{
    isa_module *m = calloc(1, sizeof *m);
    assert_non_null(m);
    m->nkernels = 2;
    m->kernels = calloc(2, sizeof *m->kernels);
    assert_non_null(m->kernels);
    m->kernels[0].name = strdup("_Z6vecaddPfS_S_i");
    m->kernels[0].ninsns = 1;
    m->kernels[0].code = calloc(1, sizeof(isa_word));
    m->kernels[0].ptx_line = calloc(1, sizeof(uint32_t));
    m->kernels[0].nparams = 2;
    m->kernels[0].params = calloc(2, sizeof(isa_param));
    m->kernels[0].params[0].name = strdup("a");
    m->kernels[0].params[1].name = strdup("n");
    m->kernels[1].name = strdup("empty");   /* no code, no params */
    m->nsymbols = 2;
    m->symbols = calloc(2, sizeof *m->symbols);
    m->symbols[0].name = strdup("table");
    m->symbols[0].space = ISA_SPACE_CONST;
    m->symbols[0].size = 4;
    m->symbols[0].init = calloc(4, 1);
    m->symbols[1].name = strdup("counter");
    m->symbols[1].space = ISA_SPACE_GLOBAL;
    return m;
}

static void test_find(void **state)
{
    (void)state;
    isa_module *m = make_module();
    const isa_kernel *k = isa_module_find_kernel(m, "_Z6vecaddPfS_S_i");
    assert_ptr_equal(k, &m->kernels[0]);
    assert_ptr_equal(isa_module_find_kernel(m, "empty"), &m->kernels[1]);
    assert_null(isa_module_find_kernel(m, "missing"));
    assert_null(isa_module_find_kernel(m, NULL));
    assert_null(isa_module_find_kernel(NULL, "empty"));
    assert_ptr_equal(isa_module_find_symbol(m, "counter"), &m->symbols[1]);
    assert_int_equal(isa_module_find_symbol(m, "table")->space, ISA_SPACE_CONST);
    assert_null(isa_module_find_symbol(m, "vecadd"));
    assert_null(isa_module_find_symbol(NULL, "table"));
    isa_module_free(m);
}

static void test_free_partial(void **state)
{
    (void)state;
    isa_module_free(NULL);
    /* a module abandoned half-built: counts set, arrays missing */
    isa_module *m = calloc(1, sizeof *m);
    assert_non_null(m);
    m->nkernels = 3;
    m->nsymbols = 1;
    isa_module_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_free_partial),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
