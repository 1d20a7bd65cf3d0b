/* tests/unit/test_sim_sys.c — the device built-ins: printf formatting (every
 * conversion, argument alignment), SYS.VPRINTF / ASSERTFAIL / MALLOC / FREE
 * in running kernels, TRAP and NANOSLEEP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "sim/builtins.h"
#include "tests/unit/sim_harness.h"

/* ---- the formatter on host memory ---------------------------------------- */

/* Device memory for the formatter tests: one host buffer. */
typedef struct arena {
    uint8_t bytes[512];
} arena;

static bool arena_read(void *ctx, uint64_t addr, void *buf, size_t n)
{
    const arena *a = ctx;
    uint64_t base = (uint64_t)(uintptr_t)a->bytes;
    if (addr < base || addr - base > sizeof a->bytes || n > sizeof a->bytes - (addr - base))
        return false;
    memcpy(buf, (const void *)(uintptr_t)addr, n);
    return true;
}

static uint64_t addr_of(const void *p) { return (uint64_t)(uintptr_t)p; }

/* Formats fmt (copied to the arena) with the argument buffer `args`
 * (copied after it); returns printf's result, the text in out. */
static int fmt_run(arena *a, const char *fmt, const void *args, size_t nargs, char *out,
                   size_t outlen)
{
    memset(a, 0, sizeof *a);
    size_t fl = strlen(fmt) + 1;
    assert_true(fl + 8 + nargs <= sizeof a->bytes);
    memcpy(a->bytes, fmt, fl);
    size_t at = (fl + 7) / 8 * 8;
    if (nargs > 0)
        memcpy(a->bytes + at, args, nargs);
    sim_devread rd = { arena_read, a };
    sim_text t = { 0 };
    char err[256] = "";
    int n = sim_printf_format(&rd, addr_of(a->bytes), nargs > 0 ? addr_of(a->bytes + at) : 0, &t,
                              err, sizeof err);
    snprintf(out, outlen, "%s", n == -2 ? err : t.s != NULL ? t.s : "");
    sim_text_free(&t);
    return n;
}

/* An argument buffer built like nvcc does: each value at the next offset
 * aligned to its size. */
typedef struct argbuf {
    uint8_t b[256];
    size_t  n;
} argbuf;

static void put4(argbuf *ab, uint32_t v)
{
    ab->n = (ab->n + 3) / 4 * 4;
    memcpy(ab->b + ab->n, &v, 4);
    ab->n += 4;
}

static void put8(argbuf *ab, uint64_t v)
{
    ab->n = (ab->n + 7) / 8 * 8;
    memcpy(ab->b + ab->n, &v, 8);
    ab->n += 8;
}

static void putd(argbuf *ab, double d) { put8(ab, th_d2u(d)); }

static void check_one(const char *fmt, const argbuf *ab, int want_n, const char *want)
{
    arena *a = malloc(sizeof *a);
    char out[256];
    assert_non_null(a);
    int n = fmt_run(a, fmt, ab->b, ab->n, out, sizeof out);
    free(a);
    assert_string_equal(out, want);
    assert_int_equal(n, want_n);
}

static void test_int_conversions(void **state)
{
    (void)state;
    argbuf ab = { .n = 0 };
    put4(&ab, (uint32_t)-42);
    put4(&ab, 17);
    put4(&ab, 4000000000u);
    put4(&ab, 0xbeef);
    put4(&ab, 0xbeef);
    put4(&ab, 8);
    put4(&ab, 'q');
    check_one("%d %i %u %x %X %o %c", &ab, 7, "-42 17 4000000000 beef BEEF 10 q");

    argbuf l = { .n = 0 };
    put8(&l, (uint64_t)-1234567890123ll);
    put8(&l, 18446744073709551615ull);
    put4(&l, 0xfffe);        /* %hd of -2, promoted */
    put4(&l, 0x1ff);         /* %hhu keeps the low byte */
    put8(&l, 77);            /* %zu */
    check_one("%lld %llu %hd %hhu %zu", &l, 5, "-1234567890123 18446744073709551615 -2 255 77");
}

static void test_float_and_width_conversions(void **state)
{
    (void)state;
    argbuf ab = { .n = 0 };
    putd(&ab, 3.14159);
    putd(&ab, 1234.5);
    putd(&ab, 0.0001);
    putd(&ab, 1.0);
    putd(&ab, 2.5);
    check_one("%f %e %g %a [%5.2f]", &ab, 5, "3.141590 1.234500e+03 0.0001 0x1p+0 [ 2.50]");

    argbuf st = { .n = 0 };
    put4(&st, 6);
    put4(&st, 42);
    put4(&st, 3);
    putd(&st, 2.71828);
    check_one("[%*d] [%.*f] 100%%", &st, 4, "[    42] [2.718] 100%");
}

static void test_strings_and_pointers(void **state)
{
    (void)state;
    arena *a = calloc(1, sizeof *a);
    assert_non_null(a);
    /* the format and a string both in the arena */
    const char *fmt = "[%s] [%-8s] [%.2s] %s %p";
    memcpy(a->bytes, fmt, strlen(fmt) + 1);
    memcpy(a->bytes + 100, "abc", 4);
    uint64_t s = addr_of(a->bytes + 100);
    argbuf ab = { .n = 0 };
    put8(&ab, s);
    put8(&ab, s);
    put8(&ab, s);
    put8(&ab, 0);
    put8(&ab, 0x1000);
    memcpy(a->bytes + 200, ab.b, ab.n);
    sim_devread rd = { arena_read, a };
    sim_text t = { 0 };
    char err[256] = "";
    int n = sim_printf_format(&rd, addr_of(a->bytes), addr_of(a->bytes + 200), &t, err, sizeof err);
    assert_int_equal(n, 5);
    assert_string_equal(t.s, "[abc] [abc     ] [ab] (null) 0x1000");
    sim_text_free(&t);

    /* an unreadable %s pointer is an error, not a crash */
    ab.n = 0;
    put8(&ab, 0xdead0000);
    memcpy(a->bytes, "%s", 3);
    memcpy(a->bytes + 200, ab.b, ab.n);
    n = sim_printf_format(&rd, addr_of(a->bytes), addr_of(a->bytes + 200), &t, err, sizeof err);
    assert_int_equal(n, -2);
    assert_non_null(strstr(err, "0xdead0000"));
    sim_text_free(&t);
    free(a);
}

static void test_argument_alignment(void **state)
{
    (void)state;
    /* the layout cuda-abi.md verified: s@0 f@8 d@16 ll@24 c@32 sh@36 u@40 p@48 */
    arena *a = calloc(1, sizeof *a);
    assert_non_null(a);
    memcpy(a->bytes + 300, "str", 4);
    uint8_t buf[56] = { 0 };
    uint64_t s = addr_of(a->bytes + 300), ll = (uint64_t)-5, p = 0xabc;
    double f = 1.5, d = -2.25;
    uint32_t c = 'x', sh = 0xffff, u = 9;
    memcpy(buf + 0, &s, 8);
    memcpy(buf + 8, &f, 8);
    memcpy(buf + 16, &d, 8);
    memcpy(buf + 24, &ll, 8);
    memcpy(buf + 32, &c, 4);
    memcpy(buf + 36, &sh, 4);
    memcpy(buf + 40, &u, 4);
    memcpy(buf + 48, &p, 8);
    const char *fmt = "s=%s f=%f d=%e ll=%lld c=%c sh=%hd u=%u p=%p";
    memcpy(a->bytes, fmt, strlen(fmt) + 1);
    memcpy(a->bytes + 200, buf, sizeof buf);
    sim_devread rd = { arena_read, a };
    sim_text t = { 0 };
    char err[256] = "";
    int n = sim_printf_format(&rd, addr_of(a->bytes), addr_of(a->bytes + 200), &t, err, sizeof err);
    assert_int_equal(n, 8);
    assert_string_equal(t.s, "s=str f=1.500000 d=-2.250000e+00 ll=-5 c=x sh=-1 u=9 p=0xabc");
    sim_text_free(&t);
    /* NULL format: -1, nothing printed; no arguments: 0 */
    assert_int_equal(sim_printf_format(&rd, 0, 0, &t, err, sizeof err), -1);
    assert_null(t.s);
    memcpy(a->bytes, "plain %%\n", 10);
    assert_int_equal(sim_printf_format(&rd, addr_of(a->bytes), 0, &t, err, sizeof err), 0);
    assert_string_equal(t.s, "plain %\n");
    sim_text_free(&t);
    /* a conversion without an argument buffer is an error */
    memcpy(a->bytes, "%d", 3);
    assert_int_equal(sim_printf_format(&rd, addr_of(a->bytes), 0, &t, err, sizeof err), -2);
    assert_non_null(strstr(err, "no argument buffer"));
    sim_text_free(&t);
    free(a);
}

static void test_argument_limit(void **state)
{
    (void)state;
    argbuf ab = { .n = 0 };
    char fmt[200] = "";
    for (unsigned i = 0; i < 33; i++) {
        strcat(fmt, "%d");
        put4(&ab, i % 10);
    }
    /* 32 converted, the 33rd printed as it is */
    check_one(fmt, &ab, 32, "01234567890123456789012345678901%d");
}

/* ---- built-ins in running kernels ---------------------------------------- */

typedef struct sys_env {
    th         *t;
    sim_output *out, *err;
    sim_heap   *heap;
} sys_env;

static void env_init(sys_env *e, uint64_t heap_bytes)
{
    e->t = th_new();
    assert_non_null(e->t);
    e->out = sim_output_create();
    e->err = sim_output_create();
    e->heap = sim_heap_create(e->t->mem, heap_bytes);
    assert_true(e->out != NULL && e->err != NULL && e->heap != NULL);
}

static void env_fini(sys_env *e)
{
    sim_output_destroy(e->out);
    sim_output_destroy(e->err);
    sim_heap_destroy(e->heap);
    th_free(e->t);
}

/* th_run with the built-ins' outputs and heap attached. */
static sim_status env_run(sys_env *e, uint32_t grid, uint32_t block)
{
    th *t = e->t;
    sim_gpu_destroy(t->gpu);
    t->gpu = sim_gpu_create(&t->cfg, t->mem);
    assert_non_null(t->gpu);
    t->launch = (sim_launch){ .prog = t->prog, .kernel = &t->k, .grid = { grid, 1, 1 },
                              .block = { block, 1, 1 }, .grid_id = 1, .out = e->out,
                              .err = e->err, .heap = e->heap };
    t->launch.bank[ISA_BANK_PARAM] = t->params;
    t->launch.bank_size[ISA_BANK_PARAM] = sizeof t->params;
    return sim_run(t->gpu, &t->launch, &t->stats, &t->fault);
}

static char *text_of(const sim_output *o)
{
    size_t n;
    const char *s = sim_output_data(o, &n);
    char *c = malloc(n + 1);
    assert_non_null(c);
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

static char *dev_str(th *t, const char *s)
{
    char *d = th_alloc(t, strlen(s) + 1);
    assert_non_null(d);
    memcpy(d, s, strlen(s) + 1);
    return d;
}

static void test_kernel_printf(void **state)
{
    (void)state;
    sys_env e;
    env_init(&e, 1 << 20);
    th *t = e.t;
    /* each thread prints its id and the printf result (1) is stored */
    th_must_asm(t, "S2R R0, SR_TID.X\n"
                   "LDC.64 R4, c[0x0][0x0]\n"
                   "LDC.64 R6, c[0x0][0x8]\n"
                   "IMAD.WIDE.U32 R6, R0, 0x8, R6\n"
                   "SYS.VPRINTF R8, R4, RZ\n"
                   "LDC.64 R2, c[0x0][0x10]\n"
                   "IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
                   "STG.32 [R2], R8\n"
                   "NANOSLEEP 0x64\n"
                   "EXIT\n", 12);
    char *fmt = dev_str(t, "t%d ");
    uint64_t *args = th_alloc(t, 64 * 8);
    uint32_t *res = th_alloc(t, 64 * 4);
    for (unsigned i = 0; i < 64; i++)
        args[i] = i;
    th_param_ptr(t, 0, fmt);
    th_param_ptr(t, 8, args);
    th_param_ptr(t, 16, res);
    assert_int_equal(env_run(&e, 1, 64), SIM_OK);
    char want[512] = "";
    for (unsigned i = 0; i < 64; i++)
        snprintf(want + strlen(want), sizeof want - strlen(want), "t%u ", i);
    char *got = text_of(e.out);
    assert_string_equal(got, want);
    free(got);
    for (unsigned i = 0; i < 64; i++)
        assert_int_equal(res[i], 1);
    /* without an output the launch faults and says why */
    sim_output *keep = e.out;
    e.out = NULL;
    assert_int_equal(env_run(&e, 1, 32), SIM_FAULT_ILLEGAL_INSN);
    assert_non_null(strstr(t->fault.message, "no printf output"));
    e.out = keep;
    env_fini(&e);
}

static void test_kernel_assert(void **state)
{
    (void)state;
    sys_env e;
    env_init(&e, 1 << 20);
    th *t = e.t;
    th_must_asm(t, "S2R R0, SR_TID.X\n"
                   "LDC.64 R4, c[0x0][0x0]\n"
                   "LDC.64 R6, c[0x0][0x8]\n"
                   "MOV R8, 0x2a\n"
                   "LDC.64 R10, c[0x0][0x10]\n"
                   "ISETP.GE.U32.AND P0, R0, 0x1e, PT\n"
                   "@P0 SYS.ASSERTFAIL RZ, R4, R8\n"
                   "EXIT\n", 12);
    th_param_ptr(t, 0, dev_str(t, "x < 30"));
    th_param_ptr(t, 8, dev_str(t, "k.cu"));
    th_param_ptr(t, 16, dev_str(t, "void k()"));
    assert_int_equal(env_run(&e, 2, 32), SIM_FAULT_ASSERT);
    char *got = text_of(e.err);
    assert_string_equal(got,
        "k.cu:42: void k(): block: [0,0,0], thread: [30,0,0] Assertion `x < 30` failed.\n"
        "k.cu:42: void k(): block: [0,0,0], thread: [31,0,0] Assertion `x < 30` failed.\n");
    free(got);
    assert_int_equal(t->fault.status, SIM_FAULT_ASSERT);
    assert_int_equal(t->fault.tid.x, 30);
    assert_int_equal(t->fault.ptx_line, 7);
    assert_non_null(strstr(t->fault.message, "assertion failed"));
    env_fini(&e);
}

static void test_kernel_trap(void **state)
{
    (void)state;
    th *t = th_new();
    assert_non_null(t);
    th_must_asm(t, "S2R R0, SR_TID.X\n"
                   "ISETP.EQ.U32.AND P0, R0, 0x5, PT\n"
                   "@P0 TRAP\n"
                   "@!P0 TRAP\n"     /* never reached: the grid stopped */
                   "EXIT\n", 4);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_TRAP);
    assert_int_equal(t->fault.tid.x, 5);
    assert_int_equal(t->fault.ptx_line, 3);
    assert_non_null(strstr(t->fault.message, "trap in kernel 'test_kernel' at PTX line 3"));
    /* a TRAP no lane executes does nothing */
    th_must_asm(t, "@!PT TRAP\nNANOSLEEP 0x10\nEXIT\n", 4);
    assert_int_equal(th_run(t, 1, 32), SIM_OK);
    th_free(t);
}

/* Every lane mallocs 16 bytes, stores its id there, reads it back, frees. */
static const char *const malloc_prog =
    "S2R R0, SR_TID.X\n"
    "MOV R4, 0x10\n"
    "MOV R5, 0x0\n"
    "SYS.MALLOC R6, R4, RZ\n"
    "LDC.64 R2, c[0x0][0x0]\n"
    "IMAD.WIDE.U32 R2, R0, 0x8, R2\n"
    "STG.64 [R2], R6\n"
    "ISETP.EQ.U64.AND P0, R6, RZ, PT\n"
    "@P0 EXIT\n"
    "STG.32 [R6], R0\n"
    "LDG.32 R8, [R6]\n"
    "LDC.64 R2, c[0x0][0x8]\n"
    "IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
    "STG.32 [R2], R8\n"
    "SYS.FREE RZ, R6, RZ\n"
    "EXIT\n";

static void test_kernel_malloc(void **state)
{
    (void)state;
    sys_env e;
    env_init(&e, 15 * 16);   /* room for 15 blocks of 16 bytes */
    th *t = e.t;
    th_must_asm(t, malloc_prog, 12);
    uint64_t *ptrs = th_alloc(t, 32 * 8);
    uint32_t *vals = th_alloc(t, 32 * 4);
    th_param_ptr(t, 0, ptrs);
    th_param_ptr(t, 8, vals);
    assert_int_equal(env_run(&e, 1, 32), SIM_OK);
    for (unsigned i = 0; i < 32; i++) {
        if (i < 15) {
            assert_true(ptrs[i] != 0);
            assert_int_equal(vals[i], i);
            for (unsigned j = 0; j < i; j++)
                assert_true(ptrs[i] != ptrs[j]);
        } else {
            assert_true(ptrs[i] == 0);   /* exhausted: NULL, in lane order */
        }
    }
    assert_int_equal(sim_heap_used(e.heap), 0);
    assert_true(sim_heap_touched(e.heap));
    env_fini(&e);
}

static void test_kernel_malloc_faults(void **state)
{
    (void)state;
    sys_env e;
    env_init(&e, 1 << 20);
    th *t = e.t;
    /* a store just past the end of a 16-byte block */
    th_must_asm(t, "MOV R4, 0x10\nMOV R5, 0x0\nSYS.MALLOC R6, R4, RZ\n"
                   "STG.32 [R6+0x10], R4\nEXIT\n", 8);
    assert_int_equal(env_run(&e, 1, 1), SIM_FAULT_ILLEGAL_ADDRESS);
    assert_non_null(strstr(t->fault.message, "device malloc"));
    assert_non_null(strstr(t->fault.message, "0 bytes past its end"));
    /* free of a pointer inside a block, and a double free */
    th_must_asm(t, "MOV R4, 0x10\nMOV R5, 0x0\nSYS.MALLOC R6, R4, RZ\n"
                   "IADD.64 R8, R6, 0x4\nSYS.FREE RZ, R8, RZ\nEXIT\n", 12);
    assert_int_equal(env_run(&e, 1, 1), SIM_FAULT_ILLEGAL_ADDRESS);
    assert_non_null(strstr(t->fault.message, "invalid free"));
    assert_non_null(strstr(t->fault.message, "inside an allocation"));
    th_must_asm(t, "MOV R4, 0x10\nMOV R5, 0x0\nSYS.MALLOC R6, R4, RZ\n"
                   "SYS.FREE RZ, R6, RZ\nSYS.FREE RZ, R6, RZ\nEXIT\n", 12);
    assert_int_equal(env_run(&e, 1, 1), SIM_FAULT_ILLEGAL_ADDRESS);
    assert_non_null(strstr(t->fault.message, "double free"));
    /* free(NULL) is fine */
    th_must_asm(t, "SYS.FREE RZ, RZ, RZ\nEXIT\n", 4);
    assert_int_equal(env_run(&e, 1, 32), SIM_OK);
    env_fini(&e);
}

static void test_heap_api(void **state)
{
    (void)state;
    sim_mem *m = sim_mem_create();
    sim_heap *h = sim_heap_create(m, 64);
    assert_non_null(h);
    assert_false(sim_heap_touched(h));
    assert_int_equal(sim_heap_malloc(h, 0), 0);
    uint64_t a = sim_heap_malloc(h, 40), b = sim_heap_malloc(h, 20);
    assert_true(a != 0);
    assert_int_equal(b, 0);              /* 48 + 32 > 64 */
    assert_int_equal(sim_heap_used(h), 48);
    assert_true(sim_mem_check(m, a, 40));
    assert_false(sim_mem_check(m, a, 41));
    assert_true(sim_heap_free(h, 0));
    assert_false(sim_heap_free(h, a + 8));
    assert_true(sim_heap_free(h, a));
    assert_false(sim_heap_free(h, a));
    assert_int_equal(sim_heap_used(h), 0);
    assert_true(sim_heap_malloc(h, 64) != 0);
    sim_heap_destroy(h);                 /* frees the live block */
    assert_int_equal(sim_mem_bytes_in_use(m), 0);
    sim_mem_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_conversions),
        cmocka_unit_test(test_float_and_width_conversions),
        cmocka_unit_test(test_strings_and_pointers),
        cmocka_unit_test(test_argument_alignment),
        cmocka_unit_test(test_argument_limit),
        cmocka_unit_test(test_kernel_printf),
        cmocka_unit_test(test_kernel_assert),
        cmocka_unit_test(test_kernel_trap),
        cmocka_unit_test(test_kernel_malloc),
        cmocka_unit_test(test_kernel_malloc_faults),
        cmocka_unit_test(test_heap_api),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
