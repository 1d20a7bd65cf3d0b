/* tests/unit/test_ptx_lower_exec.c — lowered code must compute what the
 * PTX means. Real nvcc output from tests/golden/lower (64-bit math, bit
 * manipulation, nested divergence) and hand-written kernels (vector groups,
 * guarded updates of loop-carried values) run one thread at a time in a
 * small reference interpreter (ptx_lower_interp.h) and are compared with C
 * implementations of the same kernels. Register-allocation mistakes
 * (two live values in one register) show up as wrong results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/ptx_lower_interp.h"
#include "tests/unit/ptx_lower_testutil.h"

static char *read_golden(const char *name, size_t *len)
{
    const char *dirs[] = { getenv("COBALT_TEST_GOLDEN_DIR"), "tests/golden/lower",
                           "../tests/golden/lower", "../../tests/golden/lower" };
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        if (dirs[d] == NULL)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dirs[d], name);
        FILE *f = fopen(path, "rb");
        if (f == NULL)
            continue;
        char *buf = malloc(1 << 20);
        size_t n = buf != NULL ? fread(buf, 1, (1 << 20) - 1, f) : 0;
        fclose(f);
        if (buf == NULL)
            return NULL;
        buf[n] = '\0';
        *len = n;
        return buf;
    }
    return NULL;
}

static isa_module *compile_golden(const char *name)
{
    size_t len = 0;
    char *text = read_golden(name, &len);
    if (text == NULL)
        fail_msg("cannot read tests/golden/lower/%s (run from the repository root)", name);
    char err[512];
    isa_module *m = ptx_compile(text, len, name, err, sizeof err);
    free(text);
    if (m == NULL)
        fail_msg("%s", err);
    return m;
}

static const isa_kernel *kernel(const isa_module *m, const char *name)
{
    const isa_kernel *k = isa_module_find_kernel(m, name);
    if (k == NULL)
        fail_msg("no kernel %s", name);
    return k;
}

/* Runs threads 0..n-1 of one CTA in order; params are pointer-sized slots
 * or 32-bit values at the offsets the kernel's parameter table gives. */
static void run_threads(const isa_kernel *k, const uint8_t *param, unsigned n)
{
    it_thread *t = malloc(sizeof *t);
    assert_non_null(t);
    for (unsigned tid = 0; tid < n; tid++) {
        memset(t, 0, sizeof *t);
        for (unsigned r = 0; r < 256; r++)
            t->r[r] = 0xdead0000u + r * 0x111u + tid;   /* garbage, not zero */
        for (unsigned p = 0; p < 7; p++)
            t->p[p] = (p + tid) & 1;
        t->tid = tid;
        t->ntid = n;
        t->nctaid = 1;
        t->param = param;
        if (!it_run(t, k, 100000))
            fail_msg("%s, thread %u: %s", k->name, tid, t->why);
    }
    free(t);
}

static void put_ptr(uint8_t *param, const isa_kernel *k, unsigned i, const void *p)
{
    uint64_t v = (uint64_t)(uintptr_t)p;
    assert_true(i < k->nparams && k->params[i].size == 8);
    memcpy(param + k->params[i].offset, &v, 8);
}

static void put_u32(uint8_t *param, const isa_kernel *k, unsigned i, uint32_t v)
{
    assert_true(i < k->nparams && k->params[i].size == 4);
    memcpy(param + k->params[i].offset, &v, 4);
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 31;
    x *= 0x9E3779B97F4A7C15ull;
    return x ^ (x >> 29);
}

/* ---- 64-bit integer math (int64.cu) ----------------------------------- */

static uint64_t brev64(uint64_t v)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++)
        r |= ((v >> i) & 1) << (63 - i);
    return r;
}

static void int64_ref(const int64_t *a, const uint64_t *b, int64_t *out, int i)
{
    int64_t x = a[i];
    uint64_t y = b[i] | 1;
    int64_t *o = out + 12 * i;
    o[0] = (int64_t)((uint64_t)x * 0x123456789ull + y);
    o[1] = x / (int64_t)y;
    o[2] = (int64_t)(y % 1000000007ull);
    o[3] = x >> (i & 63);
    o[4] = (int64_t)((y >> 7) ^ ((uint64_t)x << 3));
    o[5] = x < (int64_t)y ? x : (int64_t)y;
    o[6] = (int64_t)(y > 0xFFFFFFFFull ? y : 17ull);
    o[7] = __builtin_popcountll(y) + (x == 0 ? 64 : __builtin_clzll((uint64_t)x));
    o[8] = (int64_t)brev64(y);
    o[9] = (int64_t)(((__int128)x * (__int128)(int64_t)y) >> 64);
    o[10] = (int64_t)(((unsigned __int128)y * 0x9E3779B97F4A7C15ull) >> 64);
    o[11] = (x < 0 ? -x : x) - (int64_t)(uint32_t)i;
}

static void test_exec_int64(void **state)
{
    (void)state;
    enum { N = 32 };
    isa_module *m = compile_golden("int64.ptx");
    const isa_kernel *k = kernel(m, "_Z9int64_opsPKxPKyPx");
    int64_t a[N];
    uint64_t b[N];
    int64_t got[12 * N], want[12 * N];
    for (int i = 0; i < N; i++) {
        a[i] = (int64_t)mix((uint64_t)i + 1) >> (i % 40);
        b[i] = mix((uint64_t)i + 100) >> (i % 50);
    }
    a[3] = 0;
    a[4] = -5;
    b[5] = 0xFFFFFFFFull;
    memset(got, 0x5a, sizeof got);
    uint8_t param[64] = { 0 };
    put_ptr(param, k, 0, a);
    put_ptr(param, k, 1, b);
    put_ptr(param, k, 2, got);
    run_threads(k, param, N);
    for (int i = 0; i < N; i++)
        int64_ref(a, b, want, i);
    for (int i = 0; i < 12 * N; i++)
        if (got[i] != want[i])
            fail_msg("thread %d, o[%d]: got 0x%llx, expected 0x%llx", i / 12, i % 12,
                     (unsigned long long)got[i], (unsigned long long)want[i]);
    isa_module_free(m);
}

/* ---- 32-bit bit manipulation (bits.cu) --------------------------------- */

static uint32_t brev32(uint32_t v) { return (uint32_t)(brev64(v) >> 32); }

static uint32_t funnel_l(uint32_t lo, uint32_t hi, uint32_t n)
{
    uint64_t v = (uint64_t)hi << 32 | lo;
    return (uint32_t)((v << n) >> 32);
}

static uint32_t funnel_r(uint32_t lo, uint32_t hi, uint32_t n)
{
    uint64_t v = (uint64_t)hi << 32 | lo;
    return (uint32_t)(v >> n);
}

static void bits_ref(const uint32_t *in, uint32_t *out, uint16_t *h, int shift, int i)
{
    uint32_t x = in[i], y = in[i + 64];
    uint32_t *o = out + 8 * i;
    o[0] = (uint32_t)(__builtin_popcount(x) + (y ? __builtin_clz(y) : 32) + __builtin_ffs((int)x));
    o[1] = brev32(x) ^ (y >> 3);
    o[2] = (x >> 5) & 0x3ff;
    o[3] = (uint32_t)((int32_t)(y << 4) >> 20);
    o[4] = funnel_l(x, y, 7) + funnel_r(x, y, (uint32_t)shift & 31) +
           funnel_l(x, y, (uint32_t)shift > 32 ? 32 : (uint32_t)shift);
    o[5] = (x << 13) | (x >> 19);
    o[6] = (x & ~0xf0u) | ((y << 4) & 0xf0u);
    int64_t d = (int64_t)(int32_t)x - (int32_t)y;
    o[7] = (uint32_t)(((uint64_t)x * y) >> 32) +
           (uint32_t)(((int64_t)(int32_t)x * (int32_t)y) >> 32) + (uint32_t)(d < 0 ? -d : d);
    h[i] = (uint16_t)((uint16_t)x * (uint16_t)y + (uint16_t)(x >> 16));
}

static void test_exec_bits(void **state)
{
    (void)state;
    enum { N = 64 };
    isa_module *m = compile_golden("bits.ptx");
    const isa_kernel *k = kernel(m, "_Z4bitsPKjPjPti");
    uint32_t in[2 * N], got[8 * N], want[8 * N];
    uint16_t hgot[N], hwant[N];
    for (int i = 0; i < 2 * N; i++)
        in[i] = (uint32_t)mix((uint64_t)i * 7 + 3) >> (i % 29);
    in[0] = 0;
    in[N + 1] = 0;
    static const int shifts[] = { 0, 5, 31, 32, 45 };
    for (unsigned s = 0; s < sizeof shifts / sizeof shifts[0]; s++) {
        memset(got, 0x5a, sizeof got);
        uint8_t param[64] = { 0 };
        put_ptr(param, k, 0, in);
        put_ptr(param, k, 1, got);
        put_ptr(param, k, 2, hgot);
        put_u32(param, k, 3, (uint32_t)shifts[s]);
        run_threads(k, param, N);
        for (int i = 0; i < N; i++)
            bits_ref(in, want, hwant, shifts[s], i);
        for (int i = 0; i < 8 * N; i++)
            if (got[i] != want[i])
                fail_msg("shift %d, thread %d, o[%d]: got 0x%x, expected 0x%x", shifts[s],
                         i / 8, i % 8, (unsigned)got[i], (unsigned)want[i]);
        assert_memory_equal(hgot, hwant, sizeof hgot);
    }
    isa_module_free(m);
}

/* ---- nested divergence (divergence.cu, kernel `nested`) ---------------- */

static void nested_ref(const int *in, int *out, int *log, int n, int i)
{
    if (i >= n)
        return;
    int v = in[i];
    int acc = 0;
    for (int j = 0; j < (v & 15); j++) {
        int w = in[(i + j) % n];
        if (w < 0)
            break;
        if (w & 1) {
            log[i] = j;
            continue;
        }
        if (v & 16) {
            acc += w;
            out[i] = acc;
        } else {
            acc -= j;
            log[j] = acc;
        }
    }
    switch (v & 3) {
    case 0: out[i] = acc; break;
    case 1: log[i] = acc + 1; break;
    default: if (v > 100) out[n + i] = acc; break;
    }
}

static void test_exec_nested(void **state)
{
    (void)state;
    enum { N = 48, THREADS = 56 };
    isa_module *m = compile_golden("divergence.ptx");
    const isa_kernel *k = kernel(m, "_Z6nestedPKiPiS1_i");
    int in[N], got_out[2 * N], got_log[N], want_out[2 * N], want_log[N];
    for (int i = 0; i < N; i++)
        in[i] = (int)(mix((uint64_t)i + 11) % 400) - 60;
    memset(got_out, 0, sizeof got_out);
    memset(got_log, 0, sizeof got_log);
    memset(want_out, 0, sizeof want_out);
    memset(want_log, 0, sizeof want_log);
    uint8_t param[64] = { 0 };
    put_ptr(param, k, 0, in);
    put_ptr(param, k, 1, got_out);
    put_ptr(param, k, 2, got_log);
    put_u32(param, k, 3, N);
    run_threads(k, param, THREADS);
    for (int i = 0; i < THREADS; i++)
        nested_ref(in, want_out, want_log, N, i);
    assert_memory_equal(got_out, want_out, sizeof got_out);
    assert_memory_equal(got_log, want_log, sizeof got_log);
    isa_module_free(m);
}

/* ---- vector groups and guarded updates (hand-written) ------------------- */

static const char vec_ptx[] = PTX_HEAD
    ".visible .entry vec(.param .u64 a, .param .u64 out, .param .u32 n)\n{\n"
    ".reg .pred %p<3>;\n.reg .b32 %r<20>;\n.reg .b64 %rd<8>;\n"
    ".shared .align 16 .b8 sh[256];\n"
    "ld.param.u64 %rd1, [a];\n"
    "ld.param.u64 %rd2, [out];\n"
    "ld.param.u32 %r1, [n];\n"
    "mov.u32 %r10, 0;\nmov.u32 %r11, 0;\nmov.u32 %r12, 0;\nmov.u32 %r13, 0;\n"
    "mov.u32 %r2, 0;\n"
    "LOOP:\n"
    "mul.wide.u32 %rd3, %r2, 16;\n"
    "add.s64 %rd4, %rd1, %rd3;\n"
    "ld.global.v4.u32 {%r3, %r4, %r5, %r6}, [%rd4];\n"
    "add.s32 %r10, %r10, %r3;\n"
    "xor.b32 %r11, %r11, %r4;\n"
    "max.u32 %r12, %r12, %r5;\n"
    "setp.gt.u32 %p1, %r6, 100;\n"
    "@%p1 add.s32 %r13, %r13, %r6;\n"
    "add.s32 %r2, %r2, 1;\n"
    "setp.lt.u32 %p2, %r2, %r1;\n"
    "@%p2 bra LOOP;\n"
    "mov.u32 %r7, %tid.x;\n"
    "shl.b32 %r8, %r7, 4;\n"
    "mov.u32 %r9, sh;\n"
    "add.s32 %r9, %r9, %r8;\n"
    "st.shared.v4.u32 [%r9], {%r10, %r11, %r12, %r13};\n"
    "ld.shared.v2.u32 {%r14, %r15}, [%r9+8];\n"
    "ld.global.v2.u64 {%rd5, %rd6}, [%rd1];\n"
    "add.s64 %rd7, %rd5, %rd6;\n"
    "st.global.v2.u64 [%rd2], {%rd7, %rd5};\n"
    "st.global.v4.u32 [%rd2+16], {%r14, %r15, %r10, %r7};\n"
    "ret;\n}\n";

static void test_exec_vector_groups(void **state)
{
    (void)state;
    enum { ROWS = 9 };
    isa_module *m;
    LT_COMPILE(m, vec_ptx);
    const isa_kernel *k = kernel(m, "vec");
    /* One 128-bit load in the loop, one 128-bit shared store, one 64-bit
     * shared load, the v2.u64 pair as 128-bit accesses. */
    assert_int_equal(lt_count(k, OP_LDG), 2);
    assert_int_equal(lt_count(k, OP_STS), 1);
    assert_int_equal(lt_count(k, OP_LDS), 1);
    uint32_t a[4 * ROWS] __attribute__((aligned(16)));
    for (int i = 0; i < 4 * ROWS; i++)
        a[i] = (uint32_t)(mix((uint64_t)i + 5) % 300);
    uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int r = 0; r < ROWS; r++) {
        s0 += a[4 * r];
        s1 ^= a[4 * r + 1];
        s2 = a[4 * r + 2] > s2 ? a[4 * r + 2] : s2;
        if (a[4 * r + 3] > 100)
            s3 += a[4 * r + 3];
    }
    uint64_t lo, hi;
    memcpy(&lo, a, 8);
    memcpy(&hi, a + 2, 8);
    for (unsigned tid = 0; tid < 3; tid++) {
        uint64_t got[4] __attribute__((aligned(16))) = { 0 };
        uint8_t param[64] = { 0 };
        put_ptr(param, k, 0, a);
        put_ptr(param, k, 1, got);
        put_u32(param, k, 2, ROWS);
        it_thread *t = calloc(1, sizeof *t);
        assert_non_null(t);
        for (unsigned r = 0; r < 256; r++)
            t->r[r] = 0xbad00000u + r;
        t->tid = tid;
        t->param = param;
        if (!it_run(t, k, 100000))
            fail_msg("%s", t->why);
        free(t);
        assert_int_equal(got[0], lo + hi);
        assert_int_equal(got[1], lo);
        uint32_t w[4];
        memcpy(w, &got[2], 16);
        assert_int_equal(w[0], s2);
        assert_int_equal(w[1], s3);
        assert_int_equal(w[2], s0);
        assert_int_equal(w[3], tid);
        (void)s1;
    }
    isa_module_free(m);
}

/* Values live around a back edge but last read early in the body, and
 * temporaries defined after that read: the loop-invariant and the carried
 * values must keep their registers for the whole loop. */
static const char loop_ptx[] = PTX_HEAD
    ".visible .entry loop(.param .u64 out, .param .u32 n, .param .u32 k)\n{\n"
    ".reg .pred %p<3>;\n.reg .b32 %r<12>;\n.reg .b64 %rd<4>;\n"
    "ld.param.u64 %rd1, [out];\n"
    "ld.param.u32 %r1, [n];\n"
    "ld.param.u32 %r9, [k];\n"
    "mul.lo.s32 %r11, %r1, 3;\n"
    "mov.u32 %r2, 0;\n"
    "mov.u32 %r3, 0;\n"
    "mov.u64 %rd2, 1;\n"
    "LOOP:\n"
    "add.s32 %r4, %r2, %r9;\n"          /* only read of k */
    "mul.lo.s32 %r5, %r4, %r4;\n"
    "xor.b32 %r6, %r5, 85;\n"
    "add.s32 %r3, %r3, %r6;\n"
    "mul.wide.u32 %rd3, %r5, 3;\n"
    "add.s64 %rd2, %rd2, %rd3;\n"
    "and.b32 %r7, %r2, 1;\n"
    "setp.eq.s32 %p2, %r7, 0;\n"
    "@%p2 bra SKIP;\n"
    "shl.b32 %r8, %r3, 1;\n"
    "sub.s32 %r3, %r8, %r2;\n"
    "SKIP:\n"
    "add.s32 %r2, %r2, 1;\n"
    "mul.lo.s32 %r10, %r2, 3;\n"        /* a temporary after every read of k */
    "setp.lt.s32 %p1, %r10, %r11;\n"
    "@%p1 bra LOOP;\n"
    "st.global.u32 [%rd1], %r3;\n"
    "st.global.u64 [%rd1+8], %rd2;\n"
    "ret;\n}\n";

static void test_exec_loop_carried(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, loop_ptx);
    const isa_kernel *k = kernel(m, "loop");
    for (uint32_t n = 1; n < 12; n += 5) {
        uint64_t got[2] = { 0, 0 };
        uint8_t param[64] = { 0 };
        put_ptr(param, k, 0, got);
        put_u32(param, k, 1, n);
        put_u32(param, k, 2, 1000 + n);
        run_threads(k, param, 1);
        uint32_t acc = 0;
        uint64_t wide = 1;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t sq = (i + 1000 + n) * (i + 1000 + n);
            acc += sq ^ 85;
            wide += (uint64_t)sq * 3;
            if (i & 1)
                acc = (acc << 1) - i;
        }
        assert_int_equal((uint32_t)got[0], acc);
        assert_int_equal(got[1], wide);
    }
    isa_module_free(m);
}

/* bfi and bfe with immediate positions and lengths, 32 and 64 bits, where
 * the destination is also an operand. */
static const char bitfield_ptx[] = PTX_HEAD
    ".visible .entry bf(.param .u64 io)\n{\n"
    ".reg .b32 %r<8>;\n.reg .b64 %rd<12>;\n"
    "ld.param.u64 %rd1, [io];\n"
    "ld.global.u64 %rd2, [%rd1];\n"
    "ld.global.u64 %rd3, [%rd1+8];\n"
    "bfi.b64 %rd4, %rd2, %rd3, 32, 32;\n"
    "bfi.b64 %rd5, %rd2, %rd3, 5, 40;\n"
    "bfi.b64 %rd6, %rd2, %rd3, 60, 10;\n"
    "mov.b64 %rd7, %rd3;\n"
    "bfi.b64 %rd7, %rd2, %rd7, 16, 8;\n"
    "bfe.u64 %rd8, %rd2, 12, 40;\n"
    "bfe.s64 %rd9, %rd3, 50, 20;\n"
    "cvt.u32.u64 %r1, %rd2;\n"
    "cvt.u32.u64 %r2, %rd3;\n"
    "bfi.b32 %r2, %r1, %r2, 7, 9;\n"
    "bfe.s32 %r3, %r1, 3, 10;\n"
    "st.global.u64 [%rd1+16], %rd4;\n"
    "st.global.u64 [%rd1+24], %rd5;\n"
    "st.global.u64 [%rd1+32], %rd6;\n"
    "st.global.u64 [%rd1+40], %rd7;\n"
    "st.global.u64 [%rd1+48], %rd8;\n"
    "st.global.u64 [%rd1+56], %rd9;\n"
    "st.global.v2.u32 [%rd1+64], {%r2, %r3};\n"
    "ret;\n}\n";

static uint64_t bfi64(uint64_t f, uint64_t b, unsigned pos, unsigned len)
{
    if (len > 64 - pos)
        len = 64 - pos;
    uint64_t mask = (len == 64 ? ~0ull : (1ull << len) - 1) << pos;
    return (b & ~mask) | ((f << pos) & mask);
}

static int64_t bfe64(uint64_t a, unsigned pos, unsigned len, bool sgn)
{
    if (len > 64 - pos)
        len = 64 - pos;
    uint64_t v = (a >> pos) & (len == 64 ? ~0ull : (1ull << len) - 1);
    if (sgn && len < 64 && (v >> (len - 1)) & 1)
        v |= ~0ull << len;
    return (int64_t)v;
}

static void test_exec_bitfields(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, bitfield_ptx);
    const isa_kernel *k = kernel(m, "bf");
    for (unsigned n = 0; n < 6; n++) {
        uint64_t io[10] __attribute__((aligned(16))) = { mix(n + 1), mix(n + 77) };
        uint8_t param[16] = { 0 };
        put_ptr(param, k, 0, io);
        run_threads(k, param, 1);
        uint64_t x = io[0], y = io[1];
        assert_int_equal(io[2], bfi64(x, y, 32, 32));
        assert_int_equal(io[3], bfi64(x, y, 5, 40));
        assert_int_equal(io[4], bfi64(x, y, 60, 10));
        assert_int_equal(io[5], bfi64(x, y, 16, 8));
        assert_int_equal(io[6], (uint64_t)bfe64(x, 12, 40, false));
        assert_int_equal(io[7], (uint64_t)bfe64(y, 50, 20, true));
        uint32_t w[2];
        memcpy(w, &io[8], 8);
        assert_int_equal(w[0], (uint32_t)bfi64(x & 0xffffffffu, y & 0xffffffffu, 7, 9));
        assert_int_equal(w[1], (uint32_t)(int32_t)(((int32_t)((uint32_t)x << 19)) >> 22));
    }
    isa_module_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_int64),
        cmocka_unit_test(test_exec_bits),
        cmocka_unit_test(test_exec_nested),
        cmocka_unit_test(test_exec_vector_groups),
        cmocka_unit_test(test_exec_loop_carried),
        cmocka_unit_test(test_exec_bitfields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
