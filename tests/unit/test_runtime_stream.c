/* tests/unit/test_runtime_stream.c — streams, events and asynchronous work
 * on the runtime API: handle validation (stale and garbage handles), order
 * of kernels, copies and host functions within a stream, NotReady while a
 * host function holds the queue, simulated elapsed times (positive,
 * additive, deterministic), error surfacing at synchronisation, 2D copies
 * and pitched allocations.
 *
 * The kernels (hand-written PTX):
 *   add_one(int *p, int n): p[i] += 1 for every i < n
 *   poke(int *p, long off): p[off] = 1 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rt_testutil.h"
#include "runtime/runtime.h"

static const char kernels_ptx[] =
    ".version 9.0\n"
    ".target sm_80\n"
    ".address_size 64\n"
    ".visible .entry add_one(\n"
    " .param .u64 add_one_param_0,\n"
    " .param .u32 add_one_param_1\n"
    ")\n"
    "{\n"
    " .reg .pred %p<2>;\n"
    " .reg .b32 %r<8>;\n"
    " .reg .b64 %rd<5>;\n"
    " ld.param.u64 %rd1, [add_one_param_0];\n"
    " ld.param.u32 %r2, [add_one_param_1];\n"
    " mov.u32 %r3, %ctaid.x;\n"
    " mov.u32 %r4, %ntid.x;\n"
    " mov.u32 %r5, %tid.x;\n"
    " mad.lo.s32 %r1, %r3, %r4, %r5;\n"
    " setp.ge.s32 %p1, %r1, %r2;\n"
    " @%p1 bra $L__BB0_2;\n"
    " cvta.to.global.u64 %rd2, %rd1;\n"
    " mul.wide.s32 %rd3, %r1, 4;\n"
    " add.s64 %rd4, %rd2, %rd3;\n"
    " ld.global.u32 %r6, [%rd4];\n"
    " add.s32 %r7, %r6, 1;\n"
    " st.global.u32 [%rd4], %r7;\n"
    "$L__BB0_2:\n"
    " ret;\n"
    "}\n"
    ".visible .entry poke(\n"
    " .param .u64 poke_param_0,\n"
    " .param .u64 poke_param_1\n"
    ")\n"
    "{\n"
    " .reg .b32 %r<2>;\n"
    " .reg .b64 %rd<6>;\n"
    " ld.param.u64 %rd1, [poke_param_0];\n"
    " ld.param.u64 %rd2, [poke_param_1];\n"
    " cvta.to.global.u64 %rd3, %rd1;\n"
    " shl.b64 %rd4, %rd2, 2;\n"
    " add.s64 %rd5, %rd3, %rd4;\n"
    " mov.u32 %r1, 1;\n"
    " st.global.u32 [%rd5], %r1;\n"
    " ret;\n"
    "}\n";

static const char stub_add_one, stub_poke;

typedef struct fixture {
    rt_context       *ctx;
    FILE             *diag;
    char             *diag_text;
    size_t            diag_len;
    uint8_t          *container;
    rt_fatbin_wrapper wrapper;
    rt_fatbin        *fb;
    rt_kernel        *add_one, *poke;
} fixture;

static void open_fixture(fixture *f)
{
    unsetenv("COBALT_SMS");
    unsetenv("COBALT_SCHED");
    unsetenv("COBALT_STATS");
    f->diag = open_memstream(&f->diag_text, &f->diag_len);
    f->ctx = rt_create(f->diag);
    assert_non_null(f->ctx);
    f->container = tb_ptx_container(kernels_ptx, TB_RAW);
    f->wrapper = (rt_fatbin_wrapper){ (int32_t)RT_FATBIN_WRAPPER_MAGIC, 1, f->container, NULL };
    f->fb = rt_register_fatbin(f->ctx, &f->wrapper, "test_app");
    assert_non_null(f->fb);
    assert_int_equal(rt_register_function(f->ctx, f->fb, &stub_add_one, "add_one"), 0);
    assert_int_equal(rt_register_function(f->ctx, f->fb, &stub_poke, "poke"), 0);
    f->add_one = rt_kernel_by_stub(f->ctx, &stub_add_one);
    f->poke = rt_kernel_by_stub(f->ctx, &stub_poke);
    assert_non_null(f->add_one);
}

static void close_fixture(fixture *f)
{
    rt_unregister_fatbin(f->ctx, f->fb);
    rt_destroy(f->ctx);
    fclose(f->diag);
    free(f->diag_text);
    free(f->container);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    open_fixture(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    close_fixture(*state);
    free(*state);
    return 0;
}

static rt_error add_one(fixture *f, int *d, int n, uintptr_t stream)
{
    void *args[] = { &d, &n };
    rt_dim3 grid = { (uint32_t)(n + 127) / 128, 1, 1 }, block = { 128, 1, 1 };
    return rt_launch(f->ctx, f->add_one, grid, block, args, 0, stream);
}

static void test_stream_handles(void **state)
{
    fixture *f = *state;
    uintptr_t a, b;
    unsigned flags;
    int prio, least, greatest;
    unsigned long long ida, idb;
    assert_int_equal(rt_stream_create(f->ctx, &a, 0, 0), 0);
    assert_int_equal(rt_stream_create(f->ctx, &b, RT_STREAM_NON_BLOCKING, -100), 0);
    assert_true(a != b && a > RT_STREAM_PER_THREAD);
    assert_int_equal(rt_stream_get_flags(f->ctx, b, &flags), 0);
    assert_int_equal(flags, RT_STREAM_NON_BLOCKING);
    rt_stream_priority_range(&least, &greatest);
    assert_int_equal(rt_stream_get_priority(f->ctx, b, &prio), 0);
    assert_int_equal(prio, greatest);                  /* clamped */
    assert_int_equal(rt_stream_get_priority(f->ctx, a, &prio), 0);
    assert_int_equal(prio, 0);
    assert_int_equal(rt_stream_get_id(f->ctx, a, &ida), 0);
    assert_int_equal(rt_stream_get_id(f->ctx, b, &idb), 0);
    assert_true(ida != idb);
    assert_int_equal(rt_stream_create(f->ctx, &a, 0x10, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_stream_get_flags(f->ctx, 0, &flags), 0);
    assert_int_equal(rt_stream_query(f->ctx, RT_STREAM_PER_THREAD), 0);

    assert_int_equal(rt_stream_destroy(f->ctx, a), 0);
    /* a stale handle, a garbage pointer, a destroyed-then-reused slot */
    assert_int_equal(rt_stream_destroy(f->ctx, a), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_stream_synchronize(f->ctx, a), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_stream_query(f->ctx, a), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_stream_get_flags(f->ctx, a, &flags), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_stream_synchronize(f->ctx, (uintptr_t)&flags),
                     RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_stream_synchronize(f->ctx, 0x1234), RT_cudaErrorInvalidResourceHandle);
    uintptr_t c;
    assert_int_equal(rt_stream_create(f->ctx, &c, 0, 0), 0);
    assert_true(c != a);                                 /* new generation */
    assert_int_equal(rt_stream_query(f->ctx, a), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_stream_destroy(f->ctx, 0), RT_cudaErrorInvalidResourceHandle);
    int *d;
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 64, RT_MEM_DEVICE), 0);
    assert_int_equal(add_one(f, d, 16, a), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_memset_async(f->ctx, d, 0, 64, a), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_stream_destroy(f->ctx, b), 0);
    assert_int_equal(rt_stream_destroy(f->ctx, c), 0);
}

/* Copies, kernels and sets in two streams, each in order; the host only
 * sees results after synchronising. */
static void test_stream_order(void **state)
{
    fixture *f = *state;
    enum { N = 300 };
    uintptr_t s[2];
    int *host[2], *dev[2];
    for (int k = 0; k < 2; k++) {
        assert_int_equal(rt_stream_create(f->ctx, &s[k], 0, 0), 0);
        assert_int_equal(rt_malloc(f->ctx, (void **)&host[k], N * 4, RT_MEM_HOST), 0);
        assert_int_equal(rt_malloc(f->ctx, (void **)&dev[k], N * 4, RT_MEM_DEVICE), 0);
        for (int i = 0; i < N; i++)
            host[k][i] = i * (k + 1);
    }
    for (int k = 0; k < 2; k++) {
        assert_int_equal(rt_memcpy_async(f->ctx, dev[k], host[k], N * 4, RT_MEMCPY_H2D, s[k]), 0);
        for (int r = 0; r <= k + 1; r++)
            assert_int_equal(add_one(f, dev[k], N, s[k]), 0);
        assert_int_equal(rt_memcpy_async(f->ctx, host[k], dev[k], N * 4, RT_MEMCPY_D2H, s[k]), 0);
        assert_int_equal(rt_memset_async(f->ctx, dev[k], 0, N * 4, s[k]), 0);
    }
    for (int k = 0; k < 2; k++) {
        assert_int_equal(rt_stream_synchronize(f->ctx, s[k]), 0);
        assert_int_equal(rt_stream_query(f->ctx, s[k]), 0);
        for (int i = 0; i < N; i++)
            assert_int_equal(host[k][i], i * (k + 1) + k + 2);
        int x = -1;
        assert_int_equal(rt_memcpy(f->ctx, &x, dev[k] + 7, 4, RT_MEMCPY_D2H), 0);
        assert_int_equal(x, 0);                                   /* the set ran last */
        assert_int_equal(rt_stream_destroy(f->ctx, s[k]), 0);
    }
    /* a pageable source is staged at the call: changing it later is fine */
    int src[4] = { 1, 2, 3, 4 }, out[4] = { 0 };
    assert_int_equal(rt_memcpy_async(f->ctx, dev[0], src, sizeof src, RT_MEMCPY_H2D, 0), 0);
    src[0] = 99;
    assert_int_equal(rt_memcpy_async(f->ctx, out, dev[0], sizeof out, RT_MEMCPY_D2H, 0), 0);
    assert_int_equal(out[0], 1);   /* a copy to pageable memory returns when done */
    assert_int_equal(rt_memcpy_async(f->ctx, out, dev[0], 1 << 20, RT_MEMCPY_D2H, 0),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_synchronize(f->ctx), 0);
}

/* A host function that blocks until released, and logs the order. */
typedef struct gate {
    pthread_mutex_t lock;
    pthread_cond_t  cv;
    bool            open;
    int             log[8];
    int             nlog;
    int            *seen;       /* a pinned word the function reads */
    int             seen_value;
    rt_context     *ctx;
    rt_error        sync_from_host_fn;
} gate;

static void gate_wait(void *user, int status)
{
    gate *g = user;
    (void)status;
    pthread_mutex_lock(&g->lock);
    while (!g->open)
        pthread_cond_wait(&g->cv, &g->lock);
    g->log[g->nlog++] = 1;
    pthread_mutex_unlock(&g->lock);
}

static void log_two(void *user, int status)
{
    gate *g = user;
    (void)status;
    pthread_mutex_lock(&g->lock);
    g->log[g->nlog++] = 2;
    g->seen_value = *g->seen;
    g->sync_from_host_fn = rt_synchronize(g->ctx);   /* forbidden: must not hang */
    pthread_mutex_unlock(&g->lock);
}

static void test_host_fn_order_and_not_ready(void **state)
{
    fixture *f = *state;
    gate g = { .ctx = f->ctx };
    pthread_mutex_init(&g.lock, NULL);
    pthread_cond_init(&g.cv, NULL);
    uintptr_t s, ev;
    int *pinned, *d;
    assert_int_equal(rt_stream_create(f->ctx, &s, 0, 0), 0);
    assert_int_equal(rt_event_create(f->ctx, &ev, 0), 0);
    assert_int_equal(rt_malloc(f->ctx, (void **)&pinned, 4, RT_MEM_HOST), 0);
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 4, RT_MEM_DEVICE), 0);
    *pinned = 0;
    g.seen = pinned;
    assert_int_equal(rt_memset_async(f->ctx, d, 0, 4, s), 0);
    assert_int_equal(rt_launch_host_fn(f->ctx, s, gate_wait, &g), 0);
    assert_int_equal(add_one(f, d, 1, s), 0);
    assert_int_equal(add_one(f, d, 1, s), 0);
    assert_int_equal(rt_memcpy_async(f->ctx, pinned, d, 4, RT_MEMCPY_D2H, s), 0);
    assert_int_equal(rt_launch_host_fn(f->ctx, s, log_two, &g), 0);
    assert_int_equal(rt_event_record(f->ctx, ev, s), 0);
    /* the gate is closed: nothing after it can have run */
    assert_int_equal(rt_stream_query(f->ctx, s), RT_cudaErrorNotReady);
    assert_int_equal(rt_event_query(f->ctx, ev), RT_cudaErrorNotReady);
    float ms;
    assert_int_equal(rt_event_elapsed(f->ctx, &ms, ev, ev), RT_cudaErrorNotReady);
    assert_int_equal(rt_launch_host_fn(f->ctx, s, NULL, &g), RT_cudaErrorInvalidValue);
    pthread_mutex_lock(&g.lock);
    assert_int_equal(g.nlog, 0);
    g.open = true;
    pthread_cond_broadcast(&g.cv);
    pthread_mutex_unlock(&g.lock);
    assert_int_equal(rt_event_synchronize(f->ctx, ev), 0);
    assert_int_equal(rt_event_query(f->ctx, ev), 0);
    assert_int_equal(g.nlog, 2);
    assert_int_equal(g.log[0], 1);
    assert_int_equal(g.log[1], 2);
    assert_int_equal(g.seen_value, 2);        /* both kernels and the copy ran first */
    assert_int_equal(g.sync_from_host_fn, RT_cudaErrorNotPermitted);
    assert_int_equal(rt_stream_destroy(f->ctx, s), 0);
    assert_int_equal(rt_event_destroy(f->ctx, ev), 0);
    pthread_cond_destroy(&g.cv);
    pthread_mutex_destroy(&g.lock);
}

/* Records around kernels; returns the three elapsed times. */
static void timed_run(fixture *f, float *t01, float *t12, float *t02)
{
    uintptr_t e[3], s;
    int *d;
    assert_int_equal(rt_stream_create(f->ctx, &s, 0, 0), 0);
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 4096 * 4, RT_MEM_DEVICE), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(rt_event_create(f->ctx, &e[i], RT_EVENT_BLOCKING_SYNC), 0);
    assert_int_equal(rt_event_record(f->ctx, e[0], s), 0);
    assert_int_equal(add_one(f, d, 4096, s), 0);
    assert_int_equal(rt_event_record(f->ctx, e[1], s), 0);
    assert_int_equal(add_one(f, d, 4096, s), 0);
    assert_int_equal(rt_memset_async(f->ctx, d, 0, 4096 * 4, s), 0);
    assert_int_equal(rt_event_record(f->ctx, e[2], s), 0);
    assert_int_equal(rt_event_synchronize(f->ctx, e[2]), 0);
    assert_int_equal(rt_event_elapsed(f->ctx, t01, e[0], e[1]), 0);
    assert_int_equal(rt_event_elapsed(f->ctx, t12, e[1], e[2]), 0);
    assert_int_equal(rt_event_elapsed(f->ctx, t02, e[0], e[2]), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(rt_event_destroy(f->ctx, e[i]), 0);
    assert_int_equal(rt_stream_destroy(f->ctx, s), 0);
}

static void test_event_timing(void **state)
{
    fixture *f = *state;
    float t01, t12, t02;
    timed_run(f, &t01, &t12, &t02);
    assert_true(t01 > 0);
    assert_true(t12 > t01);                           /* a kernel plus a set */
    assert_true(t02 > t12);
    assert_float_equal(t01 + t12, t02, 1e-6);
    /* simulated time is deterministic: a fresh context gives the same */
    fixture g = { 0 };
    open_fixture(&g);
    float u01, u12, u02;
    timed_run(&g, &u01, &u12, &u02);
    close_fixture(&g);
    assert_true(u01 == t01 && u12 == t12 && u02 == t02);
}

static void test_event_errors(void **state)
{
    fixture *f = *state;
    uintptr_t a, b, nt;
    float ms = -1;
    assert_int_equal(rt_event_create(f->ctx, &a, 0), 0);
    assert_int_equal(rt_event_create(f->ctx, &b, 0), 0);
    assert_int_equal(rt_event_create(f->ctx, &nt, RT_EVENT_DISABLE_TIMING), 0);
    assert_int_equal(rt_event_create(f->ctx, &nt, 0x40), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_event_create(f->ctx, &nt, RT_EVENT_INTERPROCESS), RT_cudaErrorInvalidValue);
    /* never recorded: query and synchronize succeed, elapsed does not */
    assert_int_equal(rt_event_query(f->ctx, a), 0);
    assert_int_equal(rt_event_synchronize(f->ctx, a), 0);
    assert_int_equal(rt_event_elapsed(f->ctx, &ms, a, b), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_event_record(f->ctx, a, 0), 0);
    assert_int_equal(rt_event_record(f->ctx, nt, 0), 0);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    assert_int_equal(rt_event_elapsed(f->ctx, &ms, a, b), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_event_elapsed(f->ctx, &ms, a, nt), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_event_elapsed(f->ctx, NULL, a, a), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_event_elapsed(f->ctx, &ms, a, a), 0);
    assert_true(ms == 0.0f);
    assert_int_equal(rt_event_record(f->ctx, a, 0x999), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_stream_wait_event(f->ctx, 0, a, 0), 0);
    assert_int_equal(rt_stream_wait_event(f->ctx, 0, a, 7), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_event_destroy(f->ctx, a), 0);
    assert_int_equal(rt_event_destroy(f->ctx, a), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_event_query(f->ctx, a), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_event_record(f->ctx, a, 0), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_stream_wait_event(f->ctx, 0, a, 0), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_event_query(f->ctx, (uintptr_t)&ms), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_event_destroy(f->ctx, b), 0);
    assert_int_equal(rt_event_destroy(f->ctx, nt), 0);
}

/* A fault in queued work: the launch succeeds, the stream's synchronise
 * reports it, and it is sticky. */
static void test_async_fault(void **state)
{
    fixture *f = *state;
    uintptr_t s;
    int *d;
    long off = 1 << 20;
    assert_int_equal(rt_stream_create(f->ctx, &s, RT_STREAM_NON_BLOCKING, 0), 0);
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 64, RT_MEM_DEVICE), 0);
    void *args[] = { &d, &off };
    rt_dim3 one = { 1, 1, 1 };
    assert_int_equal(rt_launch(f->ctx, f->poke, one, one, args, 0, s), 0);
    assert_int_equal(rt_stream_synchronize(f->ctx, s), RT_cudaErrorIllegalAddress);
    assert_int_equal(rt_sticky_error(f->ctx), RT_cudaErrorIllegalAddress);
    assert_int_equal(rt_synchronize(f->ctx), RT_cudaErrorIllegalAddress);
    assert_non_null(strstr((fflush(f->diag), f->diag_text), "llegal"));
    assert_int_equal(rt_reset(f->ctx), 0);
    assert_int_equal(rt_synchronize(f->ctx), 0);
}

static void test_pitch_and_2d(void **state)
{
    fixture *f = *state;
    enum { W = 10, H = 5 };
    int host[H][W], back[H][W];
    char *d;
    size_t pitch;
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            host[r][c] = r * 100 + c;
    assert_int_equal(rt_malloc_pitch(f->ctx, (void **)&d, &pitch, W * 4, H), 0);
    assert_true(pitch >= W * 4 && pitch % 512 == 0);
    assert_int_equal(rt_memcpy2d(f->ctx, d, pitch, host, W * 4, W * 4, H, RT_MEMCPY_H2D), 0);
    memset(back, 0, sizeof back);
    assert_int_equal(rt_memcpy2d_async(f->ctx, back, W * 4, d, pitch, W * 4, H,
                                       RT_MEMCPY_D2H, 0), 0);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    assert_memory_equal(host, back, sizeof host);
    /* row 2 sits at d + 2 * pitch */
    int x;
    assert_int_equal(rt_memcpy(f->ctx, &x, d + 2 * pitch + 4, 4, RT_MEMCPY_D2H), 0);
    assert_int_equal(x, 201);
    assert_int_equal(rt_memcpy2d(f->ctx, d, 8, host, W * 4, W * 4, H, RT_MEMCPY_H2D),
                     RT_cudaErrorInvalidPitchValue);
    assert_int_equal(rt_memcpy2d(f->ctx, d, pitch, host, W * 4, W * 4, H + 1, RT_MEMCPY_H2D),
                     RT_cudaErrorInvalidValue);   /* past the allocation */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stream_handles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_fn_order_and_not_ready, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_timing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_async_fault, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pitch_and_2d, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
