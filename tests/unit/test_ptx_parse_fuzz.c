/* tests/unit/test_ptx_parse_fuzz.c — robustness: truncated modules, random
 * byte mutations, token soup, binary garbage and pathological nesting must
 * each yield a module or one well-formed error line — never a crash, hang
 * or out-of-bounds read (run it under ASan/UBSan). Inputs are handed over
 * in buffers of their exact size, without a terminating NUL, so any
 * over-read is caught. Deterministic seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/ptx_testutil.h"

typedef struct rng { uint64_t s; } rng;

static uint64_t rng_next(rng *r)
{
    r->s ^= r->s >> 12; /* xorshift64* */
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1Dull;
}

static size_t rng_below(rng *r, size_t n)
{
    return n ? (size_t)(rng_next(r) % n) : 0;
}

static const char *const samples[] = {
    "vecadd.ptx", "printf_assert.ptx", "globals.ptx", "indirect.ptx",
    "structparam.ptx", "reduce_debug.ptx", "vecsum.ptx", "misc.ptx",
};
enum { NSAMPLES = sizeof samples / sizeof samples[0] };

/* Either a module and an empty message, or NULL and "name:L:C: text". */
static void parse_checked(const char *data, size_t len)
{
    char *buf = malloc(len ? len : 1);
    assert_non_null(buf);
    if (len)
        memcpy(buf, data, len);
    char err[256];
    ptx_module *m = ptx_parse(buf, len, "f.ptx", err, sizeof err);
    if (m) {
        assert_string_equal(err, "");
        ptx_module_free(m);
    } else {
        unsigned line = 0, col = 0;
        int used = 0;
        if (sscanf(err, "f.ptx:%u:%u: %n", &line, &col, &used) != 2 || used == 0 ||
            err[used] == 0 || line == 0 || col == 0)
            fail_msg("malformed error message \"%s\"", err);
        assert_null(strchr(err, '\n'));
    }
    free(buf);
}

static char *load(const char *name, size_t *len)
{
    char *t = ptx_test_read(name, len);
    if (!t)
        fail_msg("cannot read tests/ptx/%s", name);
    return t;
}

static void test_truncated_prefixes(void **state)
{
    (void)state;
    for (size_t s = 0; s < NSAMPLES; s++) {
        size_t len;
        char *text = load(samples[s], &len);
        size_t step = len <= 8000 ? 1 : 7;
        for (size_t n = 0; n <= len; n += step)
            parse_checked(text, n);
        free(text);
    }
}

static const char interesting[] = "{}()[];:,.%@!|_<>=+-\"/*\n 0123456789xfdU$\\\t\0\xff";

static void test_mutations(void **state)
{
    (void)state;
    rng r = { 0x9E3779B97F4A7C15ull };
    char *texts[NSAMPLES];
    size_t lens[NSAMPLES];
    for (size_t s = 0; s < NSAMPLES; s++)
        texts[s] = load(samples[s], &lens[s]);
    for (int iter = 0; iter < 4000; iter++) {
        size_t s = rng_below(&r, NSAMPLES);
        size_t cap = lens[s] * 2 + 64, len = lens[s];
        char *buf = malloc(cap);
        assert_non_null(buf);
        memcpy(buf, texts[s], len);
        int nmut = 1 + (int)rng_below(&r, 4);
        for (int k = 0; k < nmut; k++) {
            size_t at = rng_below(&r, len + 1);
            switch (rng_below(&r, 5)) {
            case 0: /* overwrite a byte */
                if (at < len)
                    buf[at] = interesting[rng_below(&r, sizeof interesting)];
                break;
            case 1: { /* delete a run */
                size_t n = 1 + rng_below(&r, 16);
                if (at + n > len)
                    n = len - at;
                memmove(buf + at, buf + at + n, len - at - n);
                len -= n;
                break;
            }
            case 2: /* insert a byte */
                if (len + 1 < cap) {
                    memmove(buf + at + 1, buf + at, len - at);
                    buf[at] = interesting[rng_below(&r, sizeof interesting)];
                    len++;
                }
                break;
            case 3: { /* duplicate a slice elsewhere */
                size_t from = rng_below(&r, len + 1);
                size_t n = rng_below(&r, 64);
                if (from + n > len)
                    n = len - from;
                if (len + n <= cap) {
                    char tmp[64];
                    memcpy(tmp, buf + from, n);
                    memmove(buf + at + n, buf + at, len - at);
                    memcpy(buf + at, tmp, n);
                    len += n;
                }
                break;
            }
            default: /* random byte */
                if (at < len)
                    buf[at] = (char)rng_below(&r, 256);
                break;
            }
        }
        parse_checked(buf, len);
        free(buf);
    }
    for (size_t s = 0; s < NSAMPLES; s++)
        free(texts[s]);
}

static void test_token_soup(void **state)
{
    (void)state;
    static const char *const vocab[] = {
        ".version 9.0\n", ".target sm_80\n", ".entry", ".func", ".global", ".shared",
        ".const", ".local", ".param", ".reg", ".b32", ".u64", ".f32", ".pred", ".v2",
        ".align 8", ".extern", ".visible", "{", "}", "(", ")", "[", "]", ",", ";", ":",
        "%r1", "%r<4>", "%p1", "@%p1", "@!%p1", "!", "_", "k", "L1", "L1:", "0f3F800000",
        "0d3FF0000000000000", "1.5", "-", "+", "42", "0x10", "=", "\"s\"", "/* c */",
        "// c\n", "\n", ".section", ".debug_info", ".loc 1 2 3\n", "call.uni", "mov.u32",
        "ld.param.u64", "%tid.x", "|", "<", ">", "generic", "(k)", ".callprototype",
        ".maxntid 1, 2, 3", ".pragma \"x\";", "ret;", "bra", "$L__BB0_1", "[]", "[4]",
        ".attribute(.managed)", ".ptr", "%clock64", "@@DWARF x\n",
    };
    rng r = { 42 };
    char buf[8192];
    for (int iter = 0; iter < 3000; iter++) {
        size_t len = 0;
        int ntok = 1 + (int)rng_below(&r, 120);
        for (int k = 0; k < ntok; k++) {
            const char *t = vocab[rng_below(&r, sizeof vocab / sizeof *vocab)];
            size_t n = strlen(t);
            if (len + n + 1 >= sizeof buf)
                break;
            memcpy(buf + len, t, n);
            len += n;
            buf[len++] = rng_below(&r, 4) ? ' ' : '\n';
        }
        parse_checked(buf, len);
    }
}

static void test_binary_garbage(void **state)
{
    (void)state;
    rng r = { 7 };
    char buf[2048];
    for (int iter = 0; iter < 1000; iter++) {
        size_t len = rng_below(&r, sizeof buf);
        for (size_t i = 0; i < len; i++)
            buf[i] = (char)rng_next(&r);
        parse_checked(buf, len);
    }
}

/* Deep nesting and huge tokens: bounded stack, bounded time. */
static void test_pathological(void **state)
{
    (void)state;
    enum { N = 200000 };
    size_t cap = 3 * (size_t)N + 256;
    char *buf = malloc(cap);
    assert_non_null(buf);

    int n = snprintf(buf, cap, ".entry k()\n{\n");
    memset(buf + n, '{', N);
    parse_checked(buf, (size_t)n + N);                 /* unclosed blocks */
    memset(buf + n + N, '}', N + 1);
    parse_checked(buf, (size_t)n + 2 * N + 1);         /* balanced: valid */

    n = snprintf(buf, cap, ".global .u32 x[2] = ");
    memset(buf + n, '{', N);
    parse_checked(buf, (size_t)n + N);                 /* braces deeper than dims */

    buf[0] = '%';
    memset(buf + 1, 'a', N);
    parse_checked(buf, N + 1);                         /* one huge name */
    memset(buf, '9', N);
    parse_checked(buf, N);                             /* one huge number */
    memcpy(buf, "0.", 2);
    parse_checked(buf, N);                             /* one huge float */
    buf[0] = '"';
    memset(buf + 1, 'x', N);
    parse_checked(buf, N + 1);                         /* unterminated string */
    memcpy(buf, "/*", 2);
    parse_checked(buf, N);                             /* unterminated comment */

    n = snprintf(buf, cap, ".section .debug_info\n");
    memset(buf + n, '{', N);
    parse_checked(buf, (size_t)n + N);                 /* unclosed section */

    n = snprintf(buf, cap, ".entry k()\n{\n.reg .b32 %%r<1000000>;\nret;\n}\n");
    parse_checked(buf, (size_t)n);                     /* a million registers */
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncated_prefixes),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_token_soup),
        cmocka_unit_test(test_binary_garbage),
        cmocka_unit_test(test_pathological),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
