/* tests/unit/test_runtime_graph.c — CUDA graphs and stream capture on the
 * runtime API: deterministic topological order, dependencies (cycles,
 * removal, listing), clone, capture of every op kind (kernel, copy, 2D
 * copy, set, host function, event record/wait fork-join), invalid and
 * stale handles, parameter changes and cudaGraphExecUpdate, and the
 * capture-mode rules for synchronising calls.
 *
 * The kernel (hand-written PTX): add_k(int *p, int k, int n): p[i] += k. */
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
    ".visible .entry add_k(\n"
    " .param .u64 add_k_param_0,\n"
    " .param .u32 add_k_param_1,\n"
    " .param .u32 add_k_param_2\n"
    ")\n"
    "{\n"
    " .reg .pred %p<2>;\n"
    " .reg .b32 %r<9>;\n"
    " .reg .b64 %rd<5>;\n"
    " ld.param.u64 %rd1, [add_k_param_0];\n"
    " ld.param.u32 %r8, [add_k_param_1];\n"
    " ld.param.u32 %r2, [add_k_param_2];\n"
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
    " add.s32 %r7, %r6, %r8;\n"
    " st.global.u32 [%rd4], %r7;\n"
    "$L__BB0_2:\n"
    " ret;\n"
    "}\n";

static const char stub_add_k;

typedef struct fixture {
    rt_context       *ctx;
    FILE             *diag;
    char             *diag_text;
    size_t            diag_len;
    uint8_t          *container;
    rt_fatbin_wrapper wrapper;
    rt_fatbin        *fb;
    rt_kernel        *add_k;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
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
    assert_int_equal(rt_register_function(f->ctx, f->fb, &stub_add_k, "add_k"), 0);
    f->add_k = rt_kernel_by_stub(f->ctx, &stub_add_k);
    assert_non_null(f->add_k);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rt_unregister_fatbin(f->ctx, f->fb);
    rt_destroy(f->ctx);
    fclose(f->diag);
    free(f->diag_text);
    free(f->container);
    free(f);
    return 0;
}

/* Host nodes append their tag to a log: the order they ran in. */
typedef struct run_log {
    int order[64];
    int n;
} run_log;

typedef struct tag_call {
    run_log *log;
    int      tag;
} tag_call;

static void log_tag(void *p, int status)
{
    tag_call *c = p;
    (void)status;
    c->log->order[c->log->n++] = c->tag;
}

static uintptr_t host_node(fixture *f, uintptr_t g, run_log *log, int tag, const uintptr_t *deps,
                           size_t n)
{
    tag_call c = { log, tag };
    uintptr_t node = 0;
    assert_int_equal(rt_graph_add_host(f->ctx, g, deps, n, log_tag, &c, sizeof c, &node), 0);
    return node;
}

static void run_graph(fixture *f, uintptr_t g, uintptr_t stream)
{
    uintptr_t x;
    assert_int_equal(rt_graph_instantiate(f->ctx, &x, g, 0), 0);
    assert_int_equal(rt_graph_launch(f->ctx, x, stream), 0);
    assert_int_equal(rt_stream_synchronize(f->ctx, stream), 0);
    assert_int_equal(rt_graph_exec_destroy(f->ctx, x), 0);
}

static rt_kernel_node kparams(fixture *f, void **args, uint32_t n)
{
    return (rt_kernel_node){ .kernel = f->add_k, .grid = { (n + 63) / 64, 1, 1 },
                             .block = { 64, 1, 1 }, .args = args };
}

/* Among ready nodes the one added first runs first; edges added later
 * (to earlier nodes) are honoured. */
static void test_topological_order(void **state)
{
    fixture *f = *state;
    run_log log = { .n = 0 };
    uintptr_t g, n[6];
    assert_int_equal(rt_graph_create(f->ctx, &g, 0), 0);
    n[0] = host_node(f, g, &log, 0, NULL, 0);
    n[1] = host_node(f, g, &log, 1, NULL, 0);
    n[2] = host_node(f, g, &log, 2, NULL, 0);
    n[3] = host_node(f, g, &log, 3, &n[2], 1);
    uintptr_t two[] = { n[1], n[3] };
    n[4] = host_node(f, g, &log, 4, two, 2);
    n[5] = host_node(f, g, &log, 5, NULL, 0);
    /* 0 after 4 and 5 after 1 */
    uintptr_t from[] = { n[4], n[1] }, to[] = { n[0], n[5] };
    assert_int_equal(rt_graph_add_deps(f->ctx, g, from, to, 2), 0);
    run_graph(f, g, 0);
    static const int want[] = { 1, 2, 3, 4, 0, 5 };
    assert_int_equal(log.n, 6);
    assert_memory_equal(log.order, want, sizeof want);
    /* instantiating twice gives the same order */
    log.n = 0;
    run_graph(f, g, 0);
    assert_memory_equal(log.order, want, sizeof want);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
}

static void test_dependencies(void **state)
{
    fixture *f = *state;
    run_log log = { .n = 0 };
    uintptr_t g, h, a, b, c, other;
    assert_int_equal(rt_graph_create(f->ctx, &g, 0), 0);
    assert_int_equal(rt_graph_create(f->ctx, &h, 0), 0);
    a = host_node(f, g, &log, 0, NULL, 0);
    b = host_node(f, g, &log, 1, &a, 1);
    assert_int_equal(rt_graph_add_empty(f->ctx, g, &b, 1, &c), 0);
    other = host_node(f, h, &log, 9, NULL, 0);
    /* a cycle, a self edge, a node of another graph */
    assert_int_equal(rt_graph_add_deps(f->ctx, g, &c, &a, 1), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_add_deps(f->ctx, g, &a, &a, 1), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_add_deps(f->ctx, g, &other, &a, 1), RT_cudaErrorInvalidValue);
    uintptr_t x;
    assert_int_equal(rt_graph_add_empty(f->ctx, g, &other, 1, &x), RT_cudaErrorInvalidValue);
    size_t n = 0;
    assert_int_equal(rt_graph_edges(f->ctx, g, NULL, NULL, &n), 0);
    assert_int_equal(n, 2);
    uintptr_t from[4], to[4];
    n = 4;
    assert_int_equal(rt_graph_edges(f->ctx, g, from, to, &n), 0);
    assert_int_equal(n, 2);
    assert_true(from[0] == a && to[0] == b && from[1] == b && to[1] == c);
    /* an edge that is not there cannot be removed; one that is, can */
    assert_int_equal(rt_graph_remove_deps(f->ctx, g, &a, &c, 1), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_remove_deps(f->ctx, g, &a, &b, 1), 0);
    uintptr_t roots[4];
    n = 4;
    assert_int_equal(rt_graph_roots(f->ctx, g, roots, &n), 0);
    assert_int_equal(n, 2);
    assert_true(roots[0] == a && roots[1] == b);
    /* CUDA's listing convention: a short array gets what fits */
    n = 1;
    assert_int_equal(rt_graph_nodes(f->ctx, g, roots, &n), 0);
    assert_int_equal(n, 1);
    assert_true(roots[0] == a);
    int type;
    assert_int_equal(rt_graph_node_type(f->ctx, c, &type), 0);
    assert_int_equal(type, RT_GNODE_EMPTY);
    /* destroying a node removes its edges */
    assert_int_equal(rt_graph_destroy_node(f->ctx, b), 0);
    n = 0;
    assert_int_equal(rt_graph_edges(f->ctx, g, NULL, NULL, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(rt_graph_node_type(f->ctx, b, &type), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
    assert_int_equal(rt_graph_destroy(f->ctx, h), 0);
}

static void test_clone(void **state)
{
    fixture *f = *state;
    enum { N = 200 };
    int *d, k = 4, n = N;
    void *args[] = { &d, &k, &n };
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, N * 4, RT_MEM_MANAGED), 0);
    uintptr_t g, c, set, kern, nodes[4];
    assert_int_equal(rt_graph_create(f->ctx, &g, 0), 0);
    rt_memset_node m = { .dst = d, .width = N, .height = 1, .value = 7, .elem_size = 4 };
    assert_int_equal(rt_graph_add_memset(f->ctx, g, NULL, 0, &m, &set), 0);
    rt_kernel_node kp = kparams(f, args, N);
    assert_int_equal(rt_graph_add_kernel(f->ctx, g, &set, 1, &kp, &kern), 0);
    assert_int_equal(rt_graph_clone(f->ctx, &c, g), 0);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
    size_t cnt = 4;
    assert_int_equal(rt_graph_nodes(f->ctx, c, nodes, &cnt), 0);
    assert_int_equal(cnt, 2);
    assert_true(nodes[0] != set && nodes[1] != kern);
    run_graph(f, c, 0);
    for (int i = 0; i < N; i++)
        assert_int_equal(d[i], 11);
    assert_int_equal(rt_graph_destroy(f->ctx, c), 0);
    assert_int_equal(rt_free(f->ctx, d, RT_MEM_MANAGED), 0);
}

/* Every op kind submitted to a capturing stream becomes a node; nothing
 * runs until the graph is launched. */
static void test_capture_op_kinds(void **state)
{
    fixture *f = *state;
    enum { N = 256 };
    int *dev, *dev2, *host, k = 3, n = N;
    run_log log = { .n = 0 };
    assert_int_equal(rt_malloc(f->ctx, (void **)&dev, N * 4, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_malloc(f->ctx, (void **)&dev2, N * 4, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_malloc(f->ctx, (void **)&host, N * 4, RT_MEM_HOST), 0);
    uintptr_t s, s2, ev, ev2;
    assert_int_equal(rt_stream_create(f->ctx, &s, RT_STREAM_NON_BLOCKING, 0), 0);
    assert_int_equal(rt_stream_create(f->ctx, &s2, RT_STREAM_NON_BLOCKING, 0), 0);
    assert_int_equal(rt_event_create(f->ctx, &ev, 0), 0);
    assert_int_equal(rt_event_create(f->ctx, &ev2, 0), 0);
    for (int i = 0; i < N; i++)
        host[i] = i;
    void *args[] = { &dev, &k, &n };
    rt_dim3 grid = { N / 64, 1, 1 }, block = { 64, 1, 1 };
    tag_call c = { &log, 7 };

    assert_int_equal(rt_stream_begin_capture(f->ctx, s, RT_CAPTURE_MODE_GLOBAL), 0);
    assert_int_equal(rt_stream_begin_capture(f->ctx, s, RT_CAPTURE_MODE_GLOBAL),
                     RT_cudaErrorIllegalState);
    assert_int_equal(rt_memcpy_async(f->ctx, dev, host, N * 4, RT_MEMCPY_H2D, s), 0);
    assert_int_equal(rt_event_record(f->ctx, ev, s), 0);
    assert_int_equal(rt_stream_wait_event(f->ctx, s2, ev, 0), 0);         /* fork */
    assert_int_equal(rt_memset_async(f->ctx, dev2, 0, N * 4, s2), 0);
    assert_int_equal(rt_launch(f->ctx, f->add_k, grid, block, args, 0, s), 0);
    k = 1000;   /* arguments were packed at capture */
    assert_int_equal(rt_memcpy2d_async(f->ctx, dev2, 8, dev, 8, 4, N / 2, RT_MEMCPY_D2D, s2),
                     0);
    assert_int_equal(rt_event_record(f->ctx, ev2, s2), 0);
    assert_int_equal(rt_stream_wait_event(f->ctx, s, ev2, 0), 0);         /* join */
    assert_int_equal(rt_memcpy_async(f->ctx, host, dev, N * 4, RT_MEMCPY_D2H, s), 0);
    assert_int_equal(rt_launch_host_call(f->ctx, s, log_tag, &c, sizeof c), 0);
    int status;
    unsigned long long id;
    size_t ndeps;
    const uintptr_t *deps;
    assert_int_equal(rt_stream_capture_info(f->ctx, s2, &status, &id, NULL, &deps, &ndeps), 0);
    assert_int_equal(status, RT_CAPTURE_ACTIVE);
    assert_int_equal(ndeps, 1);
    uintptr_t g;
    assert_int_equal(rt_stream_end_capture(f->ctx, s, &g), 0);
    assert_int_equal(rt_stream_capture_info(f->ctx, s2, &status, NULL, NULL, NULL, NULL), 0);
    assert_int_equal(status, RT_CAPTURE_NONE);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    assert_int_equal(log.n, 0);
    assert_int_equal(host[5], 5);

    uintptr_t nodes[8];
    size_t cnt = 8;
    assert_int_equal(rt_graph_nodes(f->ctx, g, nodes, &cnt), 0);
    assert_int_equal(cnt, 6);
    static const int types[] = { RT_GNODE_MEMCPY, RT_GNODE_MEMSET, RT_GNODE_KERNEL,
                                 RT_GNODE_MEMCPY, RT_GNODE_MEMCPY, RT_GNODE_HOST };
    for (size_t i = 0; i < cnt; i++) {
        int t;
        assert_int_equal(rt_graph_node_type(f->ctx, nodes[i], &t), 0);
        assert_int_equal(t, types[i]);
    }
    size_t nedges = 0;
    assert_int_equal(rt_graph_edges(f->ctx, g, NULL, NULL, &nedges), 0);
    assert_int_equal(nedges, 6);   /* copy->set, copy->kern, set->2d, kern->d2h, 2d->d2h, d2h->host */
    rt_kernel_node kp;
    assert_int_equal(rt_graph_kernel_get(f->ctx, nodes[2], &kp), 0);
    assert_int_equal(*(int *)kp.args[1], 3);

    for (int rep = 0; rep < 2; rep++) {
        for (int i = 0; i < N; i++)
            host[i] = i * 2;
        run_graph(f, g, s);
        for (int i = 0; i < N; i++)
            assert_int_equal(host[i], i * 2 + 3);
        assert_int_equal(log.n, rep + 1);
    }
    int back[N];
    assert_int_equal(rt_memcpy(f->ctx, back, dev2, sizeof back, RT_MEMCPY_D2H), 0);
    /* the 2D copy (every other int of dev) is ordered after the kernel: both
     * were ready together and the kernel was added first */
    for (int i = 0; i < N; i++)
        assert_int_equal(back[i], i % 2 ? 0 : i * 2 + 3);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
    assert_int_equal(rt_stream_destroy(f->ctx, s), 0);
    assert_int_equal(rt_stream_destroy(f->ctx, s2), 0);
}

static void test_invalid_handles(void **state)
{
    fixture *f = *state;
    uintptr_t g, n, x, s;
    run_log log = { .n = 0 };
    assert_int_equal(rt_graph_create(f->ctx, &g, 1), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_create(f->ctx, &g, 0), 0);
    n = host_node(f, g, &log, 0, NULL, 0);
    assert_int_equal(rt_graph_instantiate(f->ctx, &x, g, 0), 0);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
    /* stale graph and node, garbage values, a handle of the wrong kind */
    assert_int_equal(rt_graph_destroy(f->ctx, g), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_add_empty(f->ctx, g, NULL, 0, &n), RT_cudaErrorInvalidValue);
    int t;
    assert_int_equal(rt_graph_node_type(f->ctx, n, &t), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_destroy(f->ctx, 0x1234), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_destroy(f->ctx, (uintptr_t)&t), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_launch(f->ctx, g, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_destroy(f->ctx, x), RT_cudaErrorInvalidValue);
    /* the exec outlives its graph */
    assert_int_equal(rt_graph_launch(f->ctx, x, 0), 0);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    assert_int_equal(log.n, 1);
    assert_int_equal(rt_graph_launch(f->ctx, x, 0x999), RT_cudaErrorInvalidResourceHandle);
    assert_int_equal(rt_graph_upload(f->ctx, x, 0), 0);
    assert_int_equal(rt_graph_exec_destroy(f->ctx, x), 0);
    assert_int_equal(rt_graph_launch(f->ctx, x, 0), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_exec_destroy(f->ctx, x), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_stream_end_capture(f->ctx, 0, &g), RT_cudaErrorIllegalState);
    assert_int_equal(rt_stream_begin_capture(f->ctx, 0, 0), RT_cudaErrorStreamCaptureUnsupported);
    assert_int_equal(rt_stream_create(f->ctx, &s, 0, 0), 0);
    assert_int_equal(rt_stream_begin_capture(f->ctx, s, 7), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_stream_destroy(f->ctx, s), 0);
    assert_int_equal(rt_stream_begin_capture(f->ctx, s, 0), RT_cudaErrorInvalidResourceHandle);
}

static void test_exec_update(void **state)
{
    fixture *f = *state;
    enum { N = 128 };
    int *d, k = 1, n = N;
    void *args[] = { &d, &k, &n };
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, N * 4, RT_MEM_MANAGED), 0);
    memset(d, 0, N * 4);
    uintptr_t g, g2, kern, kern2, x, e1, bad;
    assert_int_equal(rt_graph_create(f->ctx, &g, 0), 0);
    rt_kernel_node kp = kparams(f, args, N);
    assert_int_equal(rt_graph_add_kernel(f->ctx, g, NULL, 0, &kp, &kern), 0);
    assert_int_equal(rt_graph_instantiate(f->ctx, &x, g, 0), 0);
    assert_int_equal(rt_graph_launch(f->ctx, x, 0), 0);
    /* the exec's own parameters */
    k = 10;
    assert_int_equal(rt_graph_exec_kernel_set(f->ctx, x, kern, &kp), 0);
    assert_int_equal(rt_graph_launch(f->ctx, x, 0), 0);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    assert_int_equal(d[7], 11);
    /* a graph of the same shape: its parameters replace the exec's */
    assert_int_equal(rt_graph_create(f->ctx, &g2, 0), 0);
    k = 100;
    assert_int_equal(rt_graph_add_kernel(f->ctx, g2, NULL, 0, &kp, &kern2), 0);
    int result;
    assert_int_equal(rt_graph_exec_update(f->ctx, x, g2, &result, &bad), 0);
    assert_int_equal(result, RT_UPDATE_SUCCESS);
    assert_int_equal(rt_graph_launch(f->ctx, x, 0), 0);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    assert_int_equal(d[7], 111);
    /* parameters set after the update go by the new graph's node */
    k = -111;
    assert_int_equal(rt_graph_exec_kernel_set(f->ctx, x, kern2, &kp), 0);
    assert_int_equal(rt_graph_exec_kernel_set(f->ctx, x, kern, &kp), RT_cudaErrorInvalidValue);
    assert_int_equal(rt_graph_launch(f->ctx, x, 0), 0);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    assert_int_equal(d[7], 0);
    /* topology and type changes are refused */
    assert_int_equal(rt_graph_add_empty(f->ctx, g2, &kern2, 1, &e1), 0);
    assert_int_equal(rt_graph_exec_update(f->ctx, x, g2, &result, &bad),
                     RT_cudaErrorGraphExecUpdateFailure);
    assert_int_equal(result, RT_UPDATE_TOPOLOGY);
    uintptr_t g3, h3;
    assert_int_equal(rt_graph_create(f->ctx, &g3, 0), 0);
    assert_int_equal(rt_graph_add_empty(f->ctx, g3, NULL, 0, &h3), 0);
    assert_int_equal(rt_graph_exec_update(f->ctx, x, g3, &result, &bad),
                     RT_cudaErrorGraphExecUpdateFailure);
    assert_int_equal(result, RT_UPDATE_NODE_TYPE);
    assert_true(bad == h3);
    /* the graph node's own parameters, read back */
    k = 5;
    assert_int_equal(rt_graph_kernel_set(f->ctx, kern, &kp), 0);
    rt_kernel_node got;
    assert_int_equal(rt_graph_kernel_get(f->ctx, kern, &got), 0);
    assert_int_equal(*(int *)got.args[1], 5);
    assert_true(*(int **)got.args[0] == d);
    rt_kernel_node wrong = kp;
    wrong.block.x = 4096;
    assert_int_equal(rt_graph_kernel_set(f->ctx, kern, &wrong), RT_cudaErrorInvalidConfiguration);
    assert_int_equal(rt_graph_exec_destroy(f->ctx, x), 0);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
    assert_int_equal(rt_graph_destroy(f->ctx, g2), 0);
    assert_int_equal(rt_graph_destroy(f->ctx, g3), 0);
    assert_int_equal(rt_free(f->ctx, d, RT_MEM_MANAGED), 0);
}

static void *end_elsewhere(void *arg)
{
    void **a = arg;
    uintptr_t g;
    *(rt_error *)a[2] = rt_stream_end_capture(a[0], *(uintptr_t *)a[1], &g);
    return NULL;
}

/* Synchronising calls during capture, by mode; captures end on their origin
 * stream and thread. */
static void test_capture_rules(void **state)
{
    fixture *f = *state;
    uintptr_t s, s2, ev, g;
    int *d;
    assert_int_equal(rt_malloc(f->ctx, (void **)&d, 64, RT_MEM_DEVICE), 0);
    assert_int_equal(rt_stream_create(f->ctx, &s, RT_STREAM_NON_BLOCKING, 0), 0);
    assert_int_equal(rt_stream_create(f->ctx, &s2, RT_STREAM_NON_BLOCKING, 0), 0);
    assert_int_equal(rt_event_create(f->ctx, &ev, 0), 0);
    int buf[16];

    assert_int_equal(rt_stream_begin_capture(f->ctx, s, RT_CAPTURE_MODE_THREAD_LOCAL), 0);
    assert_int_equal(rt_memcpy(f->ctx, buf, d, 64, RT_MEMCPY_D2H),
                     RT_cudaErrorStreamCaptureUnsupported);
    assert_int_equal(rt_memset_async(f->ctx, d, 0, 64, s), RT_cudaErrorStreamCaptureInvalidated);
    int status;
    assert_int_equal(rt_stream_capture_info(f->ctx, s, &status, NULL, NULL, NULL, NULL), 0);
    assert_int_equal(status, RT_CAPTURE_INVALIDATED);
    assert_int_equal(rt_stream_end_capture(f->ctx, s, &g), RT_cudaErrorStreamCaptureInvalidated);
    assert_true(g == 0);

    /* relaxed: allowed; thread mode relaxed: allowed under a global capture */
    assert_int_equal(rt_stream_begin_capture(f->ctx, s, RT_CAPTURE_MODE_RELAXED), 0);
    assert_int_equal(rt_memcpy(f->ctx, buf, d, 64, RT_MEMCPY_D2H), 0);
    assert_int_equal(rt_stream_query(f->ctx, s), RT_cudaErrorStreamCaptureUnsupported);
    assert_int_equal(rt_stream_end_capture(f->ctx, s, &g), RT_cudaErrorStreamCaptureInvalidated);
    assert_int_equal(rt_stream_begin_capture(f->ctx, s, RT_CAPTURE_MODE_GLOBAL), 0);
    int mode = RT_CAPTURE_MODE_RELAXED;
    assert_int_equal(rt_thread_exchange_capture_mode(f->ctx, &mode), 0);
    assert_int_equal(mode, RT_CAPTURE_MODE_GLOBAL);
    assert_int_equal(rt_synchronize(f->ctx), 0);
    assert_int_equal(rt_thread_exchange_capture_mode(f->ctx, &mode), 0);
    assert_int_equal(rt_synchronize(f->ctx), RT_cudaErrorStreamCaptureUnsupported);
    assert_int_equal(rt_stream_end_capture(f->ctx, s, &g), RT_cudaErrorStreamCaptureInvalidated);

    /* ending on a forked stream, or from another thread */
    assert_int_equal(rt_stream_begin_capture(f->ctx, s, RT_CAPTURE_MODE_GLOBAL), 0);
    assert_int_equal(rt_event_record(f->ctx, ev, s), 0);
    assert_int_equal(rt_stream_wait_event(f->ctx, s2, ev, 0), 0);
    rt_error e = RT_cudaSuccess;
    void *a[] = { f->ctx, &s, &e };
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, end_elsewhere, a), 0);
    pthread_join(t, NULL);
    assert_int_equal(e, RT_cudaErrorStreamCaptureWrongThread);
    assert_int_equal(rt_stream_end_capture(f->ctx, s2, &g), RT_cudaErrorStreamCaptureUnmatched);
    assert_int_equal(rt_stream_end_capture(f->ctx, s, &g), RT_cudaErrorStreamCaptureInvalidated);
    /* an empty capture is a valid, empty graph */
    assert_int_equal(rt_stream_begin_capture(f->ctx, s, RT_CAPTURE_MODE_GLOBAL), 0);
    assert_int_equal(rt_stream_end_capture(f->ctx, s, &g), 0);
    size_t n = 5;
    assert_int_equal(rt_graph_nodes(f->ctx, g, NULL, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(rt_graph_destroy(f->ctx, g), 0);
    assert_int_equal(rt_synchronize(f->ctx), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_topological_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dependencies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_capture_op_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_handles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_update, setup, teardown),
        cmocka_unit_test_setup_teardown(test_capture_rules, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
