/* tests/unit/test_ptx_lower_memhint.c — lowering of the memory hints
 * (prefetch, prefetchu, applypriority, discard: nothing; createpolicy: an
 * opaque policy; .L2::cache_hint ld/st: the policy ignored), isspacep (one
 * ISETP on the address's high word), ldu, 32-byte vectors (ACHK + two
 * 128-bit accesses) and clusters of one CTA (special registers, mapa,
 * getctarank, .shared::cluster), and the precise errors of bad forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/ptx_lower_testutil.h"

#define KERNEL(body)                                                          \
    ".version 8.8\n.target sm_100\n.address_size 64\n"                        \
    ".visible .entry k(.param .u64 out)\n{\n"                                 \
    ".reg .pred %p<4>;\n.reg .b32 %r<24>;\n.reg .b64 %rd<12>;\n"              \
    "ld.param.u64 %rd1, [out];\n"                                             \
    "ld.global.u32 %r2, [%rd1];\n"                                            \
    "mov.u32 %r3, %r2;\n"                                                     \
    body                                                                      \
    "st.global.u32 [%rd1], %r3;\n"                                            \
    "ret;\n}\n"

static uint32_t ninsns(const char *text)
{
    isa_module *m;
    LT_COMPILE(m, text);
    uint32_t n = m->kernels[0].ninsns;
    isa_module_free(m);
    return n;
}

static void test_hints_are_nothing(void **state)
{
    (void)state;
    uint32_t base = ninsns(KERNEL(""));
    assert_int_equal(ninsns(KERNEL(
        "prefetch.global.L1 [%rd1];\n"
        "prefetch.global.L2 [%rd1+64];\n"
        "prefetch.local.L1 [%rd1];\n"
        "prefetch.L2 [%rd1];\n"
        "prefetch.global.L2::evict_last [%rd1];\n"
        "prefetch.global.L2::evict_normal [%rd1];\n"
        "prefetch.param.tensormap [%rd1];\n"
        "prefetchu.L1 [%rd1];\n"
        "applypriority.global.L2::evict_normal [%rd1], 128;\n"
        "discard.global.L2 [%rd1], 128;\n"
        "discard.L2 [%rd1], 128;\n")), base);
}

/* The ISETP of isspacep.<space>: compare and high-word constant. */
static void check_isspacep(const char *space, unsigned cmp, uint32_t hi)
{
    static const char head[] = KERNEL("isspacep."), tail[] = " %p1, %rd1;\n"
                               "selp.u32 %r3, 1, 0, %p1;\n";
    /* the instruction goes where KERNEL's body does */
    const char *cut = strstr(head, "isspacep.") + strlen("isspacep.");
    char text[1024];
    snprintf(text, sizeof text, "%.*s%s%s%s", (int)(cut - head), head, space, tail, cut);
    isa_module *m;
    LT_COMPILE(m, text);
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(lt_count(k, OP_ISETP), 1);
    isa_insn i = lt_insn(k, lt_find(k, "ISETP", 0));
    assert_int_equal(i.mod[0], cmp);
    assert_int_equal(i.mod[1], MOD_U32);
    assert_true(i.bimm);
    assert_int_equal(i.imm, hi);
    isa_module_free(m);
}

static void test_isspacep(void **state)
{
    (void)state;
    check_isspacep("global", MOD_CMP_LT, 0x10000);
    check_isspacep("shared", MOD_CMP_EQ, 0x10000);
    check_isspacep("shared::cta", MOD_CMP_EQ, 0x10000);
    check_isspacep("shared::cluster", MOD_CMP_EQ, 0x10000);
    check_isspacep("local", MOD_CMP_EQ, 0x20000);
    check_isspacep("const", MOD_CMP_EQ, 0x30001);
    check_isspacep("param", MOD_CMP_EQ, 0x30000);
    check_isspacep("param::entry", MOD_CMP_EQ, 0x30000);
}

static void test_createpolicy_cache_hint(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, KERNEL(
        "createpolicy.fractional.L2::evict_last.L2::evict_unchanged.b64 %rd2, 0.5;\n"
        "ld.global.L2::cache_hint.u32 %r4, [%rd1+4], %rd2;\n"
        "st.global.L2::cache_hint.u32 [%rd1+8], %r4, %rd2;\n"
        "st.global.u64 [%rd1+16], %rd2;\n"));
    char *l = lt_listing(m);
    assert_non_null(strstr(l, "0xc0b10114"));   /* fractional, evict_last, evict_unchanged */
    assert_non_null(strstr(l, "0x3f000000"));   /* the fraction */
    free(l);
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(lt_count(k, OP_LDG), 2);
    assert_int_equal(lt_count(k, OP_STG), 3);
    isa_module_free(m);
    LT_COMPILE(m, KERNEL(
        "createpolicy.range.global.L2::evict_last.L2::evict_first.b64 %rd2, [%rd1], 4096, 8192;\n"
        "createpolicy.cvt.L2.b64 %rd3, %rd2;\n"
        "createpolicy.fractional.L2::evict_normal.b64 %rd4;\n"
        "st.global.u64 [%rd1+16], %rd3;\n"
        "st.global.u64 [%rd1+24], %rd4;\n"));
    l = lt_listing(m);
    assert_non_null(strstr(l, "0xc0b10213"));   /* range, evict_last, evict_first */
    assert_non_null(strstr(l, "0x1000"));       /* the primary size */
    assert_non_null(strstr(l, "0xc0b10120"));   /* fractional, evict_normal */
    assert_non_null(strstr(l, "0x3f800000"));   /* fraction 1.0 by default */
    free(l);
    isa_module_free(m);
}

static void test_v8(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, KERNEL(
        "ld.global.v8.b32 {%r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11}, [%rd1+32];\n"
        "st.global.v8.b32 [%rd1+64], {%r11, %r10, %r9, %r8, %r7, %r6, %r5, %r4};\n"
        "ld.global.v4.b64 {%rd2, %rd3, %rd4, %rd5}, [%rd1+96];\n"
        "st.global.v4.b64 [%rd1+128], {%rd5, %rd4, %rd3, %rd2};\n"));
    const isa_kernel *k = &m->kernels[0];
    char buf[160];
    assert_int_equal(lt_count(k, OP_ACHK), 4);
    uint32_t i = lt_find(k, "ACHK", 0);
    assert_string_equal(lt_text(k, i, buf, sizeof buf), "ACHK.GLOBAL [R0+0x20]");
    assert_int_equal(lt_insn(k, i + 1).op, OP_LDG);
    assert_int_equal(lt_insn(k, i + 1).mod[0], MOD_MW_128);
    assert_int_equal(lt_insn(k, i + 2).imm, 0x30);
    uint32_t j = lt_find(k, "ACHK", 1);
    assert_string_equal(lt_text(k, j, buf, sizeof buf), "ACHK.GLOBAL.ST [R0+0x40]");
    assert_int_equal(lt_count(k, OP_LDG), 1 + 4);
    assert_int_equal(lt_count(k, OP_STG), 1 + 4);
    isa_module_free(m);
}

static void test_cluster(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, KERNEL(
        "mov.u32 %r4, %clusterid.y;\n"
        "mov.u32 %r5, %cluster_nctarank;\n"
        "mov.u32 %r6, %cluster_ctarank;\n"
        "mov.pred %p1, %is_explicit_cluster;\n"
        "selp.u32 %r7, 1, 0, %p1;\n"
        "mapa.shared::cluster.u32 %r8, %r2, %r6;\n"
        "getctarank.shared::cluster.u32 %r9, %r8;\n"
        "st.shared::cluster.u32 [%r8], %r4;\n"
        "ld.shared::cluster.u32 %r10, [%r8+4];\n"
        "add.u32 %r3, %r4, %r5;\n add.u32 %r3, %r3, %r7;\n add.u32 %r3, %r3, %r9;\n"
        "add.u32 %r3, %r3, %r10;\n"));
    const isa_kernel *k = &m->kernels[0];
    char *l = lt_listing(m);
    assert_non_null(strstr(l, "SR_CTAID.Y"));
    assert_int_equal(lt_count(k, OP_MAPA), 1);
    assert_int_equal(lt_count(k, OP_STS), 1);
    assert_int_equal(lt_count(k, OP_LDS), 1);
    free(l);
    isa_module_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    char err[512];
    lt_error(KERNEL("applypriority.global.L2::evict_normal [%rd1], 64;\n"), err, sizeof err);
    assert_non_null(strstr(err, "the size must be the immediate 128"));
    lt_error(KERNEL("discard.global.L2 %rd1, 128;\n"), err, sizeof err);
    assert_non_null(strstr(err, "needs an address operand"));
    lt_error(KERNEL("prefetch.global [%rd1];\n"), err, sizeof err);
    assert_non_null(strstr(err, "not supported yet"));
    lt_error(KERNEL("ld.const.v8.b32 {%r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11}, [%rd1];\n"),
             err, sizeof err);
    assert_non_null(strstr(err, "not supported yet"));
    lt_error(KERNEL("ld.global.L2::cache_hint.u32 %r4, [%rd1], [%rd1];\n"), err, sizeof err);
    assert_non_null(strstr(err, "cache-policy operand"));
    lt_error(KERNEL("mapa.shared::cluster.u16 %r4, %r2, 0;\n"), err, sizeof err);
    assert_non_null(strstr(err, "mapa"));
    lt_error(KERNEL("createpolicy.fractional.b64 %rd2, 0.5;\n"), err, sizeof err);
    assert_non_null(strstr(err, "createpolicy"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hints_are_nothing),
        cmocka_unit_test(test_isspacep),
        cmocka_unit_test(test_createpolicy_cache_hint),
        cmocka_unit_test(test_v8),
        cmocka_unit_test(test_cluster),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
