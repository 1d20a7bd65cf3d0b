/* tests/unit/test_runtime_graph_nodes.c — node neighbourhood queries,
 * host and copy node parameters, the DOT printer; and the queue's stream
 * independence: a host function that blocks one stream (or one host
 * thread's per-thread stream) holds back only what depends on it,
 * cudaStreamWaitEvent included. */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "runtime/runtime.h"

typedef struct fixture {
    rt_context *ctx;
    FILE       *diag;
    char       *diag_text;
    size_t      diag_len;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->diag = open_memstream(&f->diag_text, &f->diag_len);
    f->ctx = rt_create(f->diag);
    assert_non_null(f->ctx);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rt_destroy(f->ctx);
    fclose(f->diag);
    free(f->diag_text);
    free(f);
    return 0;
}

/* Host node data: a pointer to an int cell and the value to store. */
typedef struct cell_set {
    uint64_t where;
    int      value;
} cell_set;

static void set_int(void *p, int status)
{
    const cell_set *c = p;
    (void)status;
    *(int *)(uintptr_t)c->where = c->value;
}

static uintptr_t add_set(fixture *f, uintptr_t g, int *cell, int v, const uintptr_t *deps,
                         size_t n)
{
    cell_set c = { (uint64_t)(uintptr_t)cell, v };
    uintptr_t node = 0;
    assert_int_equal(rt_graph_add_host(f->ctx, g, deps, n, set_int, &c, sizeof c, &node), 0);
    return node;
}

static void run_graph(fixture *f, uintptr_t g)
{
    uintptr_t x;
    assert_int_equal(rt_graph_instantiate(f->ctx, &x, g, 0), 0);
    assert_int_equal(rt_graph_launch(f->ctx, x, 0), 0);
    assert_int_equal(rt_stream_synchronize(f->ctx, 0), 0);
    assert_int_equal(rt_graph_exec_destroy(f->ctx, x), 0);
}

static void test_node_deps(void **state)
{
    fixture *f = *state;
    int cell = 0;
    uintptr_t g, a, b, c, d, out[4];
    assert_int_equal(rt_graph_create(f->ctx, &g, 0), 0);
    a = add_set(f, g, &cell, 1, NULL, 0);
    b = add_set(f, g, &cell, 2, &a, 1);
    c = add_set(f, g, &cell, 3, &a, 1);
    uintptr_t bc[] = { b, c };
    d = add_set(f, g, &cell, 4, bc, 2);
    size_t n = 0;
    assert_int_equal(rt_graph_node_deps(f->ctx, d, NULL, &n, false), 0);
    assert_int_equal(n, 2);
    n = 4;
    assert_int_equal(rt_graph_node_deps(f->ctx, d, out, &n, false), 0);
    assert_int_equal(n, 2);
    assert_true(out[0] == b && out[1] == c);
    n = 4;
    assert_int_equal(rt_graph_node_deps(f->ctx, a, out, &n, true), 0);
    assert_int_equal(n, 2);
    assert_true(out[0] == b && out[1] == c);
    n = 1;   /* truncated to the room given */
    assert_int_equal(rt_graph_node_deps(f->ctx, a, out, &n, true), 0);
    assert_int_equal(n, 1);
    n = 4;
    assert_int_equal(rt_graph_node_deps(f->ctx, d, out, &n, true), 0);
    assert_int_equal(n, 0);
    assert_int_equal(rt_graph_node_deps(f->ctx, 12345, out, &n, true), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_node_deps(f->ctx, a, out, NULL, true), RT_cudaErrorInvalidValue);
    run_graph(f, g);
    assert_int_equal(cell, 4);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
}

static void test_host_and_copy_params(void **state)
{
    fixture *f = *state;
    int cell = 0, other = 0;
    uintptr_t g, h, cp;
    int *src, *dst;
    assert_int_equal(rt_malloc(f->ctx, (void **)&src, 64 * sizeof(int), RT_MEM_DEVICE), 0);
    assert_int_equal(rt_malloc(f->ctx, (void **)&dst, 64 * sizeof(int), RT_MEM_DEVICE), 0);
    int init[64];
    for (int i = 0; i < 64; i++)
        init[i] = 100 + i;
    assert_int_equal(rt_memcpy(f->ctx, src, init, sizeof init, RT_MEMCPY_H2D), 0);
    assert_int_equal(rt_graph_create(f->ctx, &g, 0), 0);
    h = add_set(f, g, &cell, 1, NULL, 0);
    cell_set c = { (uint64_t)(uintptr_t)&other, 7 };
    assert_int_equal(rt_graph_host_set(f->ctx, h, set_int, &c, sizeof c), 0);
    rt_copy3d in = { .dst = dst, .src = src, .dpitch = 8 * sizeof(int),
                     .spitch = 8 * sizeof(int), .dheight = 4, .sheight = 4,
                     .width = 4 * sizeof(int), .height = 2, .depth = 2, .kind = RT_MEMCPY_D2D };
    assert_int_equal(rt_graph_add_copy(f->ctx, g, &h, 1, &in, &cp), 0);
    rt_copy3d got;
    assert_int_equal(rt_graph_copy_get(f->ctx, cp, &got), 0);
    assert_ptr_equal(got.dst, dst);
    assert_ptr_equal(got.src, src);
    assert_int_equal(got.width, 4 * sizeof(int));
    assert_int_equal(got.height, 2);
    assert_int_equal(got.depth, 2);
    assert_int_equal(got.dheight, 4);
    assert_int_equal(got.sheight, 4);
    assert_int_equal(got.kind, RT_MEMCPY_D2D);
    /* a host node is not a copy node */
    assert_int_equal(rt_graph_copy_get(f->ctx, h, &got), RT_cudaErrorInvalidValue);
    /* now a flat copy of 64 ints */
    rt_copy3d flat = { .dst = dst, .src = src, .dpitch = sizeof init, .spitch = sizeof init,
                       .dheight = 1, .sheight = 1, .width = sizeof init, .height = 1,
                       .depth = 1, .kind = RT_MEMCPY_D2D };
    assert_int_equal(rt_graph_copy_set(f->ctx, cp, &flat), 0);
    assert_int_equal(rt_graph_copy_get(f->ctx, cp, &got), 0);
    assert_int_equal(got.width, sizeof init);
    assert_int_equal(got.depth, 1);
    run_graph(f, g);
    assert_int_equal(cell, 0);   /* the replaced parameters ran */
    assert_int_equal(other, 7);
    int back[64];
    assert_int_equal(rt_memcpy(f->ctx, back, dst, sizeof back, RT_MEMCPY_D2H), 0);
    assert_memory_equal(back, init, sizeof init);
    assert_int_equal(rt_graph_host_set(f->ctx, cp, set_int, &c, sizeof c),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
    rt_free(f->ctx, src, RT_MEM_DEVICE);
    rt_free(f->ctx, dst, RT_MEM_DEVICE);
}

static void test_dot_print(void **state)
{
    fixture *f = *state;
    int cell = 0;
    uintptr_t g, a, e;
    assert_int_equal(rt_graph_create(f->ctx, &g, 0), 0);
    a = add_set(f, g, &cell, 1, NULL, 0);
    assert_int_equal(rt_graph_add_empty(f->ctx, g, &a, 1, &e), 0);
    char path[] = "/tmp/cobalt_dot_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(rt_graph_dot_print(f->ctx, g, path), 0);
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    char text[4096];
    size_t len = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    unlink(path);
    text[len] = 0;
    assert_non_null(strstr(text, "digraph"));
    assert_non_null(strstr(text, "n0 [label=\"0 HOST"));
    assert_non_null(strstr(text, "n1 [label=\"1 EMPTY"));
    assert_non_null(strstr(text, "n0 -> n1;"));
    assert_int_equal(rt_graph_dot_print(f->ctx, g, "/nonexistent-dir/x.dot"),
                     RT_cudaErrorOperatingSystem);
    assert_int_equal(rt_graph_dot_print(f->ctx, 999, path), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
}

/* An event whose last record went into a capture has no work to query. */
static void test_captured_event(void **state)
{
    fixture *f = *state;
    uintptr_t s, ev, g;
    int cell = 0;
    cell_set c = { (uint64_t)(uintptr_t)&cell, 3 };
    assert_int_equal(rt_stream_create(f->ctx, &s, RT_STREAM_NON_BLOCKING, 0), 0);
    assert_int_equal(rt_event_create(f->ctx, &ev, 0), 0);
    assert_int_equal(rt_stream_begin_capture(f->ctx, s, RT_CAPTURE_MODE_RELAXED), 0);
    assert_int_equal(rt_launch_host_call(f->ctx, s, set_int, &c, sizeof c), 0);
    assert_int_equal(rt_event_record(f->ctx, ev, s), 0);
    assert_int_equal(rt_event_query(f->ctx, ev), RT_cudaErrorCapturedEvent);
    assert_int_equal(rt_event_synchronize(f->ctx, ev), RT_cudaErrorCapturedEvent);
    assert_int_equal(rt_stream_end_capture(f->ctx, s, &g), 0);
    assert_int_equal(rt_event_query(f->ctx, ev), 0);
    assert_int_equal(cell, 0);   /* captured, not run */
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
    assert_int_equal(rt_event_destroy(f->ctx, ev), 0);
    assert_int_equal(rt_stream_destroy(f->ctx, s), 0);
}

/* Capture into an existing graph, after one of its nodes. */
static void test_capture_to_graph(void **state)
{
    fixture *f = *state;
    uintptr_t s, g, first, got_g = 0, deps[2];
    int cell = 0;
    cell_set c = { (uint64_t)(uintptr_t)&cell, 9 };
    assert_int_equal(rt_stream_create(f->ctx, &s, RT_STREAM_NON_BLOCKING, 0), 0);
    assert_int_equal(rt_graph_create(f->ctx, &g, 0), 0);
    first = add_set(f, g, &cell, 4, NULL, 0);
    assert_int_equal(rt_stream_begin_capture_to_graph(f->ctx, s, g, &first, 1,
                                                      RT_CAPTURE_MODE_GLOBAL), 0);
    /* a second capture into the same graph, or destroying it, is refused */
    uintptr_t s2;
    assert_int_equal(rt_stream_create(f->ctx, &s2, RT_STREAM_NON_BLOCKING, 0), 0);
    assert_int_equal(rt_stream_begin_capture_to_graph(f->ctx, s2, g, NULL, 0,
                                                      RT_CAPTURE_MODE_GLOBAL),
                     RT_cudaErrorInvalidValue);
    /* a graph being captured into is not the user's until the capture ends */
    assert_int_equal(rt_graph_destroy(f->ctx, g), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_launch_host_call(f->ctx, s, set_int, &c, sizeof c), 0);
    assert_int_equal(rt_stream_end_capture(f->ctx, s, &got_g), 0);
    assert_true(got_g == g);
    size_t n = 0;
    assert_int_equal(rt_graph_nodes(f->ctx, g, NULL, &n), 0);
    assert_int_equal(n, 2);
    n = 2;
    assert_int_equal(rt_graph_nodes(f->ctx, g, deps, &n), 0);
    uintptr_t before[2];
    n = 2;
    assert_int_equal(rt_graph_node_deps(f->ctx, deps[1], before, &n, false), 0);
    assert_int_equal(n, 1);
    assert_true(before[0] == first);   /* the captured node follows `first` */
    run_graph(f, g);
    assert_int_equal(cell, 9);   /* 4, then 9 */
    /* bad arguments */
    assert_int_equal(rt_stream_begin_capture_to_graph(f->ctx, s, 0, NULL, 0,
                                                      RT_CAPTURE_MODE_GLOBAL),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_stream_begin_capture_to_graph(f->ctx, s, g, NULL, 1,
                                                      RT_CAPTURE_MODE_GLOBAL),
                     RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
    assert_int_equal(rt_stream_destroy(f->ctx, s), 0);
    assert_int_equal(rt_stream_destroy(f->ctx, s2), 0);
}

/* Host node data: append tag to a log (the order nodes ran in). */
typedef struct log_add {
    uint64_t log;   /* int[16]: [0] = count */
    int      tag;
} log_add;

static void append(void *p, int status)
{
    const log_add *a = p;
    int *log = (int *)(uintptr_t)a->log;
    (void)status;
    log[1 + log[0]++] = a->tag;
}

static uintptr_t add_log(fixture *f, uintptr_t g, int *log, int tag, const uintptr_t *deps,
                         size_t n)
{
    log_add a = { (uint64_t)(uintptr_t)log, tag };
    uintptr_t node = 0;
    assert_int_equal(rt_graph_add_host(f->ctx, g, deps, n, append, &a, sizeof a, &node), 0);
    return node;
}

/* A child graph runs, flattened, between its node's dependencies and
 * dependents; it is a clone, reachable through the node, owned by it. */
static void test_child_graph(void **state)
{
    fixture *f = *state;
    int log[16] = { 0 };
    uintptr_t child, inner, g, a, c, b, emb, x;
    assert_int_equal(rt_graph_create(f->ctx, &child, 0), 0);
    uintptr_t c1 = add_log(f, child, log, 11, NULL, 0);
    add_log(f, child, log, 12, &c1, 1);
    assert_int_equal(rt_graph_create(f->ctx, &inner, 0), 0);
    add_log(f, inner, log, 21, NULL, 0);
    uintptr_t nested;   /* a child inside the child: flattened recursively */
    assert_int_equal(rt_graph_add_child(f->ctx, child, NULL, 0, inner, &nested), 0);
    assert_int_equal(rt_graph_create(f->ctx, &g, 0), 0);
    a = add_log(f, g, log, 1, NULL, 0);
    assert_int_equal(rt_graph_add_child(f->ctx, g, &a, 1, child, &c), 0);
    b = add_log(f, g, log, 2, &c, 1);
    (void)b;
    int type = -1;
    assert_int_equal(rt_graph_node_type(f->ctx, c, &type), 0);
    assert_int_equal(type, RT_GNODE_GRAPH);
    assert_int_equal(rt_graph_child(f->ctx, c, &emb), 0);
    assert_true(emb != child);   /* a clone */
    size_t n = 0;
    assert_int_equal(rt_graph_nodes(f->ctx, emb, NULL, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(rt_graph_destroy(f->ctx, emb), RT_cudaErrorInvalidValue);   /* node's */
    assert_int_equal(rt_graph_child(f->ctx, a, &emb), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_add_child(f->ctx, g, NULL, 0, g, &x), RT_cudaErrorInvalidValue);
    /* the original child can go: the node has its own copy */
    assert_int_equal(rt_graph_destroy(f->ctx, child), 0);
    assert_int_equal(rt_graph_destroy(f->ctx, inner), 0);
    run_graph(f, g);
    static const int want[] = { 5, 1, 11, 12, 21, 2 };
    assert_memory_equal(log, want, sizeof want);
    /* a clone of the parent clones the embedded graph too */
    uintptr_t g2;
    assert_int_equal(rt_graph_clone(f->ctx, &g2, g), 0);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
    log[0] = 0;
    run_graph(f, g2);
    assert_memory_equal(log, want, sizeof want);
    assert_int_equal(rt_graph_destroy(f->ctx, g2), 0);
}

/* A host function that waits (at most 10 s) for *flag. */
static void wait_flag(void *p, int status)
{
    atomic_int *flag = *(atomic_int **)p;
    (void)status;
    for (int i = 0; i < 10000 && !atomic_load(flag); i++)
        nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
}

/* Stream A blocked by a host function; stream B still runs, and a wait on
 * an event recorded behind the host function holds B back until it ends. */
static void test_blocked_stream_independent(void **state)
{
    fixture *f = *state;
    atomic_int flag = 0;
    atomic_int *fp = &flag;
    uintptr_t a, b, ev;
    int *d, *d2, v = 5;
    assert_int_equal(rt_stream_create(f->ctx, &a, RT_STREAM_NON_BLOCKING, 0), 0);
    assert_int_equal(rt_stream_create(f->ctx, &b, RT_STREAM_NON_BLOCKING, 0), 0);
    assert_int_equal(rt_event_create(f->ctx, &ev, 0), 0);
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, sizeof(int), RT_MEM_DEVICE), 0);
    assert_int_equal(rt_malloc(f->ctx, (void **)&d2, sizeof(int), RT_MEM_DEVICE), 0);
    assert_int_equal(rt_launch_host_call(f->ctx, a, wait_flag, &fp, sizeof fp), 0);
    assert_int_equal(rt_memcpy_async(f->ctx, d, &v, sizeof v, RT_MEMCPY_H2D, a), 0);
    assert_int_equal(rt_event_record(f->ctx, ev, a), 0);
    /* b is not held back by a */
    assert_int_equal(rt_memset_async(f->ctx, d, 0, sizeof(int), b), 0);
    assert_int_equal(rt_stream_synchronize(f->ctx, b), 0);
    assert_int_equal(atomic_load(&flag), 0);
    assert_int_equal(rt_stream_query(f->ctx, a), RT_cudaErrorNotReady);
    assert_int_equal(rt_event_query(f->ctx, ev), RT_cudaErrorNotReady);
    /* now b waits for a's copy */
    assert_int_equal(rt_stream_wait_event(f->ctx, b, ev, 0), 0);
    assert_int_equal(rt_memcpy_async(f->ctx, d2, d, sizeof(int), RT_MEMCPY_D2D, b), 0);
    assert_int_equal(rt_stream_query(f->ctx, b), RT_cudaErrorNotReady);   /* held back */
    atomic_store(&flag, 1);
    assert_int_equal(rt_stream_synchronize(f->ctx, b), 0);
    assert_int_equal(rt_event_query(f->ctx, ev), 0);
    int got = 0;
    assert_int_equal(rt_memcpy(f->ctx, &got, d2, sizeof got, RT_MEMCPY_D2H), 0);
    assert_int_equal(got, 5);   /* b's copy ran after a's */
    assert_int_equal(rt_event_destroy(f->ctx, ev), 0);
    assert_int_equal(rt_stream_destroy(f->ctx, a), 0);
    assert_int_equal(rt_stream_destroy(f->ctx, b), 0);
    rt_free(f->ctx, d, RT_MEM_DEVICE);
    rt_free(f->ctx, d2, RT_MEM_DEVICE);
}

typedef struct ptds_arg {
    fixture   *f;
    atomic_int *flag, submitted;
} ptds_arg;

static void *ptds_thread(void *p)
{
    ptds_arg *t = p;
    rt_launch_host_call(t->f->ctx, RT_STREAM_PER_THREAD, wait_flag, &t->flag, sizeof t->flag);
    atomic_store(&t->submitted, 1);
    rt_stream_synchronize(t->f->ctx, RT_STREAM_PER_THREAD);
    return NULL;
}

/* Each host thread's cudaStreamPerThread is its own stream. */
static void test_per_thread_streams(void **state)
{
    fixture *f = *state;
    atomic_int flag = 0;
    ptds_arg t = { f, &flag, 0 };
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, ptds_thread, &t), 0);
    while (!atomic_load(&t.submitted))
        sched_yield();
    int *d;
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 64, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_memset_async(f->ctx, d, 1, 64, RT_STREAM_PER_THREAD), 0);
    assert_int_equal(rt_stream_synchronize(f->ctx, RT_STREAM_PER_THREAD), 0);
    assert_int_equal(rt_stream_query(f->ctx, RT_STREAM_PER_THREAD), 0);
    assert_int_equal(atomic_load(&flag), 0);   /* the other thread's stream still waits */
    atomic_store(&flag, 1);
    assert_int_equal(pthread_join(th, NULL), 0);
    unsigned long long id;
    assert_int_equal(rt_stream_get_id(f->ctx, RT_STREAM_PER_THREAD, &id), 0);
    assert_int_equal(id, RT_STREAM_PER_THREAD);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    rt_free(f->ctx, d, RT_MEM_DEVICE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_node_deps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_and_copy_params, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dot_print, setup, teardown),
        cmocka_unit_test_setup_teardown(test_child_graph, setup, teardown),
        cmocka_unit_test_setup_teardown(test_captured_event, setup, teardown),
        cmocka_unit_test_setup_teardown(test_capture_to_graph, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blocked_stream_independent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_per_thread_streams, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
