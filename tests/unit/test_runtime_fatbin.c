/* tests/unit/test_runtime_fatbin.c — fatbin walking (runtime/fatbin.c) on
 * hand-built containers: compression (zstd, LZ4, none), PTX selection by
 * arch, the -rdc (v2) wrapper, ELF sections, and corrupt input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rt_testutil.h"

static const char ptx_text[] = "\n\n.version 9.0\n.target sm_80\n.address_size 64\n"
                               ".visible .entry k() { ret; }\n";

static void check_payload(const rt_fatbin_entry *e, const char *want)
{
    char *text, err[256];
    size_t len;
    assert_true(rt_fatbin_payload(e, &text, &len, err, sizeof err));
    assert_int_equal(len, strlen(want));
    assert_string_equal(text, want);
    free(text);
}

static void walk_one(enum tb_compress how, uint64_t flag)
{
    uint8_t *c = tb_ptx_container(ptx_text, how);
    rt_fatbin_list l = { 0 };
    char err[256];
    uint64_t used;
    assert_true(rt_fatbin_walk_container(c, RT_FATBIN_MAX_SIZE, &l, &used, err, sizeof err));
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ncontainers, 1);
    assert_int_equal(l.v[0].kind, RT_FATBIN_KIND_PTX);
    assert_int_equal(l.v[0].arch, 80);
    assert_int_equal(l.v[0].ptx_major, 9);
    assert_int_equal(l.v[0].flags & (RT_FATBIN_FLAG_ZSTD | RT_FATBIN_FLAG_LZ4), flag);
    assert_int_equal(used % 8, 0);
    check_payload(&l.v[0], ptx_text);   /* trailing NULs stripped */
    rt_fatbin_list_free(&l);
    free(c);
}

static void test_uncompressed(void **state) { (void)state; walk_one(TB_RAW, 0); }
static void test_zstd(void **state) { (void)state; walk_one(TB_ZSTD, RT_FATBIN_FLAG_ZSTD); }
static void test_lz4(void **state) { (void)state; walk_one(TB_LZ4, RT_FATBIN_FLAG_LZ4); }

/* Entries of every header size nvcc writes, mixed kinds: advance by
 * header_size + payload_size. */
static void test_entries_and_arch_choice(void **state)
{
    (void)state;
    static const char elf[] = "\x7f" "ELF not really";
    tb_buf b = { 0 };
    size_t at = tb_begin(&b);
    tb_entry(&b, RT_FATBIN_KIND_ELF, 80, elf, sizeof elf, TB_RAW, 64);
    tb_entry(&b, RT_FATBIN_KIND_PTX, 52, "ptx52", 6, TB_LZ4, 72);
    tb_entry(&b, RT_FATBIN_KIND_PTX, 75, "ptx75", 6, TB_ZSTD, 128);
    tb_entry(&b, RT_FATBIN_KIND_PTX, 90, "ptx90", 6, TB_RAW, 96);
    tb_finish(&b, at);
    rt_fatbin_list l = { 0 };
    char err[256];
    assert_true(rt_fatbin_walk_container(b.p, b.n, &l, NULL, err, sizeof err));
    assert_int_equal(l.n, 4);
    assert_int_equal(l.v[0].kind, RT_FATBIN_KIND_ELF);
    assert_int_equal(l.v[3].arch, 90);
    long i = rt_fatbin_choose_ptx(&l, 0, 80);   /* highest <= 80 */
    assert_true(i >= 0);
    assert_int_equal(l.v[i].arch, 75);
    check_payload(&l.v[i], "ptx75");
    assert_int_equal(l.v[rt_fatbin_choose_ptx(&l, 0, 60)].arch, 52);
    assert_int_equal(l.v[rt_fatbin_choose_ptx(&l, 0, 50)].arch, 52);   /* none <= 50: lowest */
    assert_int_equal(l.v[rt_fatbin_choose_ptx(&l, 0, 120)].arch, 90);
    assert_int_equal(rt_fatbin_choose_ptx(&l, 1, 80), -1);              /* no such container */
    check_payload(&l.v[1], "ptx52");
    rt_fatbin_list_free(&l);
    free(b.p);
}

static void test_no_ptx(void **state)
{
    (void)state;
    tb_buf b = { 0 };
    size_t at = tb_begin(&b);
    tb_entry(&b, RT_FATBIN_KIND_ELF, 80, "elf", 4, TB_RAW, 64);
    tb_finish(&b, at);
    rt_fatbin_list l = { 0 };
    char err[256];
    assert_true(rt_fatbin_walk_container(b.p, b.n, &l, NULL, err, sizeof err));
    assert_int_equal(rt_fatbin_choose_ptx(&l, 0, 80), -1);
    rt_fatbin_list_free(&l);
    free(b.p);
}

static void test_wrapper_v1_v2(void **state)
{
    (void)state;
    uint8_t *linked = NULL, *tu1 = tb_ptx_container("tu1", TB_ZSTD), *tu2 = tb_ptx_container("tu2", TB_RAW);
    tb_buf b = { 0 };
    size_t at = tb_begin(&b);
    tb_entry(&b, RT_FATBIN_KIND_ELF, 80, "sass", 5, TB_RAW, 64);
    tb_finish(&b, at);
    linked = b.p;
    const void *prelinked[] = { tu1, tu2, NULL };
    rt_fatbin_wrapper w1 = { (int32_t)RT_FATBIN_WRAPPER_MAGIC, 1, tu1, NULL };
    rt_fatbin_wrapper w2 = { (int32_t)RT_FATBIN_WRAPPER_MAGIC, 2, linked, prelinked };
    rt_fatbin_list l = { 0 };
    char err[256];

    assert_true(rt_fatbin_walk_wrapper(&w1, &l, err, sizeof err));
    assert_int_equal(l.ncontainers, 1);
    assert_int_equal(l.n, 1);
    rt_fatbin_list_free(&l);

    assert_true(rt_fatbin_walk_wrapper(&w2, &l, err, sizeof err));
    assert_int_equal(l.ncontainers, 3);
    assert_int_equal(l.n, 3);
    assert_int_equal(rt_fatbin_choose_ptx(&l, 0, 80), -1);   /* linked: SASS only */
    check_payload(&l.v[rt_fatbin_choose_ptx(&l, 1, 80)], "tu1");
    check_payload(&l.v[rt_fatbin_choose_ptx(&l, 2, 80)], "tu2");
    rt_fatbin_list_free(&l);
    free(linked);
    free(tu1);
    free(tu2);
}

static void expect_wrapper_error(const rt_fatbin_wrapper *w, const char *what)
{
    rt_fatbin_list l = { 0 };
    char err[256] = "";
    assert_false(rt_fatbin_walk_wrapper(w, &l, err, sizeof err));
    assert_non_null(strstr(err, what));
    rt_fatbin_list_free(&l);
}

static void test_bad_wrappers(void **state)
{
    (void)state;
    uint8_t *c = tb_ptx_container("x", TB_RAW);
    rt_fatbin_wrapper bad_magic = { 0x12345678, 1, c, NULL };
    rt_fatbin_wrapper bad_version = { (int32_t)RT_FATBIN_WRAPPER_MAGIC, 7, c, NULL };
    expect_wrapper_error(&bad_magic, "bad fatbin wrapper magic 0x12345678");
    expect_wrapper_error(&bad_version, "unknown fatbin wrapper version 7");
    expect_wrapper_error(NULL, "NULL fatbin wrapper");
    c[0] ^= 0xff;   /* container magic */
    rt_fatbin_wrapper bad_container = { (int32_t)RT_FATBIN_WRAPPER_MAGIC, 1, c, NULL };
    expect_wrapper_error(&bad_container, "bad fatbin container magic");
    free(c);
}

static void expect_walk_error(const uint8_t *p, uint64_t avail, const char *what)
{
    rt_fatbin_list l = { 0 };
    char err[256] = "";
    assert_false(rt_fatbin_walk_container(p, avail, &l, NULL, err, sizeof err));
    assert_non_null(strstr(err, what));
    rt_fatbin_list_free(&l);
}

static void set32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void set64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }

static void test_truncated_and_corrupt(void **state)
{
    (void)state;
    tb_buf b = { 0 };
    size_t at = tb_begin(&b);
    tb_entry(&b, RT_FATBIN_KIND_PTX, 80, ptx_text, sizeof ptx_text, TB_ZSTD, 80);
    tb_finish(&b, at);

    expect_walk_error(b.p, 8, "truncated");
    expect_walk_error(b.p, b.n - 8, "exceeds the");           /* fat_size beyond the data */

    uint8_t *c = malloc(b.n);
    memcpy(c, b.p, b.n);
    set32(c + 16 + 4, 32);                                     /* header_size < 64 */
    expect_walk_error(c, b.n, "header size 32");
    memcpy(c, b.p, b.n);
    set64(c + 16 + 8, 1 << 20);                                /* payload overruns */
    expect_walk_error(c, b.n, "overruns its container");
    memcpy(c, b.p, b.n);
    set32(c + 16 + 0x10, 1 << 20);                             /* compressed > payload */
    expect_walk_error(c, b.n, "compressed bytes");

    /* A walkable entry whose zstd frame is garbage. */
    memcpy(c, b.p, b.n);
    memset(c + 16 + 80, 0xAB, 8);
    rt_fatbin_list l = { 0 };
    char err[256] = "", *text;
    size_t len;
    assert_true(rt_fatbin_walk_container(c, b.n, &l, NULL, err, sizeof err));
    assert_false(rt_fatbin_payload(&l.v[0], &text, &len, err, sizeof err));
    assert_non_null(strstr(err, "zstd decompression"));
    l.v[0].uncompressed_size = 1ull << 40;                     /* absurd size */
    assert_false(rt_fatbin_payload(&l.v[0], &text, &len, err, sizeof err));
    assert_non_null(strstr(err, "limit"));
    c[16 + 80] = 0xF0;      /* an LZ4 token promising more literals than there are */
    l.v[0].flags = (l.v[0].flags & ~(uint64_t)RT_FATBIN_FLAG_ZSTD) | RT_FATBIN_FLAG_LZ4;
    l.v[0].compressed_size = 1;
    l.v[0].uncompressed_size = 4096;
    assert_false(rt_fatbin_payload(&l.v[0], &text, &len, err, sizeof err));
    assert_non_null(strstr(err, "LZ4"));
    rt_fatbin_list_free(&l);
    free(c);
    free(b.p);
}

/* .nv_fatbin: containers back to back, each 8-aligned, zero padding at the
 * end; anything else is an error. */
static void test_section(void **state)
{
    (void)state;
    tb_buf b = { 0 };
    size_t at = tb_begin(&b);
    tb_entry(&b, RT_FATBIN_KIND_ELF, 80, "sass", 5, TB_RAW, 64);
    tb_finish(&b, at);
    at = tb_begin(&b);
    tb_entry(&b, RT_FATBIN_KIND_ELF, 80, "sass", 5, TB_RAW, 64);
    tb_entry(&b, RT_FATBIN_KIND_PTX, 80, ptx_text, sizeof ptx_text, TB_ZSTD, 80);
    tb_finish(&b, at);
    tb_put(&b, NULL, 24);   /* padding */
    rt_fatbin_list l = { 0 };
    char err[256] = "";
    assert_true(rt_fatbin_walk_section(b.p, b.n, &l, err, sizeof err));
    assert_int_equal(l.ncontainers, 2);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.v[2].container, 1);
    rt_fatbin_list_free(&l);

    b.p[b.n - 20] = 1;      /* the padding is not zero any more */
    assert_false(rt_fatbin_walk_section(b.p, b.n, &l, err, sizeof err));
    assert_non_null(strstr(err, "magic"));
    rt_fatbin_list_free(&l);
    free(b.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uncompressed),
        cmocka_unit_test(test_zstd),
        cmocka_unit_test(test_lz4),
        cmocka_unit_test(test_entries_and_arch_choice),
        cmocka_unit_test(test_no_ptx),
        cmocka_unit_test(test_wrapper_v1_v2),
        cmocka_unit_test(test_bad_wrappers),
        cmocka_unit_test(test_truncated_and_corrupt),
        cmocka_unit_test(test_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
