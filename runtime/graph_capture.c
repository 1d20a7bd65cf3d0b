/* runtime/graph_capture.c — stream capture: begin/end, the capture hook of
 * rt_queue_submit (every op kind becomes a node), fork/join through events,
 * and the checks that make synchronising calls fail during capture as in
 * CUDA (cudaStreamCaptureMode rules). */
#include "runtime/graph.h"

#include <stdlib.h>
#include <string.h>

void rt_capstate_free(rt_capstate *cs)
{
    if (!cs)
        return;
    free(cs->deps);
    free(cs->handles);
    free(cs);
}

void rt_greg_free(rt_queue *q)
{
    struct rt_graph_reg *r = q->greg;
    if (!r)
        return;
    for (size_t i = 0; i < r->graphs.n; i++) {
        rt_graph *g = r->graphs.obj[i];
        if (g && !g->embedded)   /* embedded ones go with their node */
            rt_graph_free(q, g);
    }
    for (size_t i = 0; i < r->execs.n; i++)
        if (r->execs.obj[i])
            rt_graph_exec_free(q, r->execs.obj[i]);
    for (size_t i = 0; i < r->ncaps; i++)
        free(r->caps[i]);
    for (size_t i = 0; i < r->ncevents; i++)
        free(r->cevents[i].deps);
    free(r->caps);
    free(r->cevents);
    free(r->modes);
    rt_htable_free(&r->graphs);
    rt_htable_free(&r->nodes);
    rt_htable_free(&r->execs);
    free(r);
    q->greg = NULL;
}

/* The calling thread's mode (cudaStreamCaptureModeGlobal unless exchanged). */
static int *thread_mode(struct rt_graph_reg *r, bool create)
{
    pthread_t self = pthread_self();
    for (size_t i = 0; i < r->nmodes; i++)
        if (pthread_equal(r->modes[i].thread, self))
            return &r->modes[i].mode;
    if (!create)
        return NULL;
    rt_thread_mode *m = realloc(r->modes, (r->nmodes + 1) * sizeof *m);
    if (!m)
        return NULL;
    r->modes = m;
    m[r->nmodes] = (rt_thread_mode){ self, RT_CAPTURE_MODE_GLOBAL };
    return &m[r->nmodes++].mode;
}

rt_error rt_thread_exchange_capture_mode(rt_context *ctx, int *mode)
{
    if (!mode || *mode < RT_CAPTURE_MODE_GLOBAL || *mode > RT_CAPTURE_MODE_RELAXED)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->q.lock);
    struct rt_graph_reg *r = rt_greg(&ctx->q);
    int *m = r ? thread_mode(r, true) : NULL;
    if (m) {
        int old = *m;
        *m = *mode;
        *mode = old;
    }
    pthread_mutex_unlock(&ctx->q.lock);
    return m ? RT_cudaSuccess : RT_cudaErrorMemoryAllocation;
}

/* Calls f on every stream that takes part in capture c. */
static void each_stream(rt_queue *q, const rt_capture *c, void (*f)(rt_stream *))
{
    if (q->legacy.cap && q->legacy.cap->c == c)
        f(&q->legacy);
    for (size_t i = 0; i < q->nstreams; i++)
        if (q->streams[i]->live && q->streams[i]->cap && q->streams[i]->cap->c == c)
            f(q->streams[i]);
}

static void leave(rt_stream *s)
{
    rt_capstate_free(s->cap);
    s->cap = NULL;
}

void rt_capture_invalidate(rt_stream *s)
{
    if (s->cap)
        s->cap->c->invalid = true;
}

/* Replaces (or, with add, extends) the capture dependencies of cs. */
static bool cs_set(rt_capstate *cs, rt_gnode *const *d, size_t n, bool add)
{
    if (!add)
        cs->n = 0;
    for (size_t i = 0; i < n; i++) {
        bool dup = false;
        for (size_t k = 0; k < cs->n && !dup; k++)
            dup = cs->deps[k] == d[i];
        if (dup)
            continue;
        if (cs->n == cs->cap) {
            size_t cap = cs->cap ? 2 * cs->cap : 4;
            rt_gnode **a = realloc(cs->deps, cap * sizeof *a);
            uintptr_t *h = realloc(cs->handles, cap * sizeof *h);
            if (a)
                cs->deps = a;
            if (h)
                cs->handles = h;
            if (!a || !h)
                return false;
            cs->cap = cap;
        }
        cs->deps[cs->n++] = d[i];
    }
    return true;
}

/* Begins a capture on `stream`: into a new graph (gh 0) or into the
 * existing graph gh after its nodes deps (cudaStreamBeginCaptureToGraph). */
static rt_error begin_capture(rt_context *ctx, uintptr_t stream, int mode, uintptr_t gh,
                              const uintptr_t *deps, size_t ndeps)
{
    rt_queue *q = &ctx->q;
    if (mode < RT_CAPTURE_MODE_GLOBAL || mode > RT_CAPTURE_MODE_RELAXED || (ndeps && !deps))
        return RT_cudaErrorInvalidValue;
    rt_error e = RT_cudaErrorMemoryAllocation;
    rt_gnode **d = calloc(ndeps ? ndeps : 1, sizeof *d);
    pthread_mutex_lock(&q->lock);
    rt_stream *s = rt_stream_lookup(q, stream);
    struct rt_graph_reg *r = rt_greg(q);
    rt_capture **caps = r ? realloc(r->caps, (r->ncaps + 1) * sizeof *caps) : NULL;
    if (caps)
        r->caps = caps;
    if (!s || s == &q->legacy || s->cap) {   /* CUDA cannot capture the legacy stream */
        e = !s ? RT_cudaErrorInvalidResourceHandle
               : s->cap ? RT_cudaErrorIllegalState : RT_cudaErrorStreamCaptureUnsupported;
        goto out;
    }
    rt_graph *into = gh ? rt_graph_get(q, gh) : NULL;
    if (gh && (!into || into->capturing)) {   /* one capture at a time into a graph */
        e = RT_cudaErrorInvalidValue;
        goto out;
    }
    for (size_t i = 0; i < ndeps; i++) {
        if (!into || !(d[i] = rt_gnode_get(q, deps[i])) || d[i]->graph != into) {
            e = RT_cudaErrorInvalidValue;
            goto out;
        }
    }
    rt_capture *c = caps && d ? calloc(1, sizeof *c) : NULL;
    rt_capstate *cs = c ? calloc(1, sizeof *cs) : NULL;
    rt_graph *g = !cs ? NULL : into ? into : rt_graph_new(q);
    if (!g || !cs_set(cs, d, ndeps, false)) {
        if (g && !into)
            rt_graph_free(q, g);
        if (cs)
            free(cs->deps);
        if (cs)
            free(cs->handles);
        free(c);
        free(cs);
        goto out;
    }
    g->capturing = true;
    *c = (rt_capture){ .id = ++r->next_capture_id, .graph = g, .mode = mode,
                       .thread = pthread_self(), .origin = s, .user_graph = into != NULL };
    cs->c = c;
    s->cap = cs;
    r->caps[r->ncaps++] = c;
    e = RT_cudaSuccess;
out:
    pthread_mutex_unlock(&q->lock);
    free(d);
    return e;
}

rt_error rt_stream_begin_capture(rt_context *ctx, uintptr_t stream, int mode)
{
    return begin_capture(ctx, stream, mode, 0, NULL, 0);
}

rt_error rt_stream_begin_capture_to_graph(rt_context *ctx, uintptr_t stream, uintptr_t graph,
                                          const uintptr_t *deps, size_t ndeps, int mode)
{
    return graph ? begin_capture(ctx, stream, mode, graph, deps, ndeps)
                 : RT_cudaErrorInvalidValue;
}

/* Whether `target` is n or one of its ancestors. */
static bool reaches(const rt_gnode *n, const rt_gnode *target, size_t budget)
{
    if (n == target)
        return true;
    for (size_t i = 0; budget && i < n->ndeps; i++)
        if (reaches(n->deps[i], target, budget - 1))
            return true;
    return false;
}

/* Every forked stream's last nodes must precede the origin's (joined). */
static bool joined(rt_queue *q, const rt_capture *c)
{
    const rt_capstate *o = c->origin->cap;
    for (size_t i = 0; i < q->nstreams + 1; i++) {
        rt_stream *t = i < 1 ? &q->legacy : q->streams[i - 1];
        if (!t->cap || t->cap->c != c || t == c->origin)
            continue;
        for (size_t d = 0; d < t->cap->n; d++) {
            bool ok = false;
            for (size_t k = 0; k < o->n && !ok; k++)
                ok = reaches(o->deps[k], t->cap->deps[d], c->graph->n);
            if (!ok)
                return false;
        }
    }
    return true;
}

static void drop_capture(rt_queue *q, rt_capture *c)
{
    struct rt_graph_reg *r = q->greg;
    each_stream(q, c, leave);
    for (size_t i = 0; i < r->ncevents;) {
        if (r->cevents[i].c == c) {
            free(r->cevents[i].deps);
            r->cevents[i] = r->cevents[--r->ncevents];
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < r->ncaps; i++)
        if (r->caps[i] == c)
            r->caps[i] = r->caps[--r->ncaps];
    free(c);
}

rt_error rt_stream_end_capture(rt_context *ctx, uintptr_t stream, uintptr_t *graph)
{
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaErrorInvalidValue;
    if (!graph)
        return e;
    pthread_mutex_lock(&q->lock);
    rt_stream *s = rt_stream_lookup(q, stream);
    rt_capture *c = s && s->cap ? s->cap->c : NULL;
    if (!c) {
        e = s ? RT_cudaErrorIllegalState : RT_cudaErrorInvalidResourceHandle;
        goto out;
    }
    if (c->origin != s) {
        c->invalid = true;
        e = RT_cudaErrorStreamCaptureUnmatched;
        goto out;
    }
    if (c->mode != RT_CAPTURE_MODE_RELAXED && !pthread_equal(c->thread, pthread_self())) {
        e = RT_cudaErrorStreamCaptureWrongThread;
        goto out;
    }
    e = c->invalid ? RT_cudaErrorStreamCaptureInvalidated
                   : !joined(q, c) ? RT_cudaErrorStreamCaptureUnjoined : RT_cudaSuccess;
    rt_graph *g = c->graph;
    bool user_graph = c->user_graph;
    drop_capture(q, c);
    *graph = 0;
    if (e && !user_graph) {
        rt_graph_free(q, g);
    } else if (e) {   /* the caller's graph stays, with what was captured */
        g->capturing = false;
    } else {
        g->capturing = false;
        *graph = rt_graph_handle(q, g);
    }
out:
    pthread_mutex_unlock(&q->lock);
    return e;
}

/* A blocking stream that captures (per-thread streams included: they
 * synchronise with the legacy stream): the legacy stream would depend on it. */
static bool blocking_capture(rt_queue *q, rt_capture **which)
{
    for (size_t i = 0; i < q->nstreams; i++) {
        rt_stream *t = q->streams[i];
        if (t->live && t->cap && !(t->flags & RT_STREAM_NON_BLOCKING)) {
            *which = t->cap->c;
            return true;
        }
    }
    return false;
}

rt_error rt_capture_check_implicit(rt_context *ctx, rt_stream *s)
{
    rt_capture *c;
    if (s != &ctx->q.legacy || !ctx->q.greg || !ctx->q.greg->ncaps ||
        !blocking_capture(&ctx->q, &c))
        return RT_cudaSuccess;
    c->invalid = true;
    fprintf(ctx->diag, "cobalt: work on the legacy stream while a blocking stream captures "
            "(capture invalidated)\n");
    return RT_cudaErrorStreamCaptureImplicit;
}

rt_error rt_capture_check_sync(rt_context *ctx)
{
    struct rt_graph_reg *r = ctx->q.greg;
    if (!r || !r->ncaps)
        return RT_cudaSuccess;
    int *m = thread_mode(r, false);
    int mine = m ? *m : RT_CAPTURE_MODE_GLOBAL;
    pthread_t self = pthread_self();
    bool bad = false;
    for (size_t i = 0; mine != RT_CAPTURE_MODE_RELAXED && i < r->ncaps; i++) {
        rt_capture *c = r->caps[i];
        bool own = pthread_equal(c->thread, self);
        if ((own && c->mode != RT_CAPTURE_MODE_RELAXED) ||
            (!own && mine == RT_CAPTURE_MODE_GLOBAL && c->mode == RT_CAPTURE_MODE_GLOBAL)) {
            c->invalid = true;
            bad = true;
        }
    }
    if (bad)
        fprintf(ctx->diag, "cobalt: a synchronising call during stream capture (capture "
                "invalidated; see cudaThreadExchangeStreamCaptureMode)\n");
    return bad ? RT_cudaErrorStreamCaptureUnsupported : RT_cudaSuccess;
}

static rt_cap_event *find_event(struct rt_graph_reg *r, const rt_event *ev)
{
    for (size_t i = 0; r && i < r->ncevents; i++)
        if (r->cevents[i].ev == ev && r->cevents[i].gen == ev->gen)
            return &r->cevents[i];
    return NULL;
}

bool rt_capture_event_captured(rt_queue *q, const rt_event *ev)
{
    return find_event(q->greg, ev) != NULL;
}

void rt_capture_forget_event(rt_queue *q, rt_event *ev)
{
    rt_cap_event *ce = find_event(q->greg, ev);
    if (ce) {
        free(ce->deps);
        *ce = q->greg->cevents[--q->greg->ncevents];
    }
}

/* A record in a capturing stream: the event stands for its current nodes. */
static rt_error capture_record(rt_queue *q, rt_capstate *cs, rt_event *ev)
{
    struct rt_graph_reg *r = q->greg;
    rt_cap_event *ce = find_event(r, ev);
    if (!ce) {
        rt_cap_event *a = realloc(r->cevents, (r->ncevents + 1) * sizeof *a);
        if (!a)
            return RT_cudaErrorMemoryAllocation;
        r->cevents = a;
        ce = &a[r->ncevents++];
        *ce = (rt_cap_event){ .ev = ev, .gen = ev->gen };
    }
    rt_gnode **d = malloc((cs->n ? cs->n : 1) * sizeof *d);
    if (!d)
        return RT_cudaErrorMemoryAllocation;
    if (cs->n)
        memcpy(d, cs->deps, cs->n * sizeof *d);
    free(ce->deps);
    ce->deps = d;
    ce->n = cs->n;
    ce->c = cs->c;
    return RT_cudaSuccess;
}

static const int node_type[] = {
    [RT_OP_KERNEL] = RT_GNODE_KERNEL, [RT_OP_COPY] = RT_GNODE_MEMCPY,
    [RT_OP_COPY2D] = RT_GNODE_MEMCPY, [RT_OP_SET] = RT_GNODE_MEMSET,
    [RT_OP_HOST] = RT_GNODE_HOST,
};

rt_error rt_capture_op(rt_context *ctx, rt_stream *s, rt_op *op)
{
    rt_queue *q = &ctx->q;
    rt_capstate *cs = s->cap;
    if (cs->c->invalid) {
        rt_op_free(op);
        return RT_cudaErrorStreamCaptureInvalidated;
    }
    if (op->kind == RT_OP_RECORD) {
        rt_error e = capture_record(q, cs, op->event);
        rt_op_free(op);
        return e;
    }
    /* rt_launch_host_fn's data belongs to a one-shot callback (it may free
     * it when run): a graph could not run it twice */
    if (op->kind == RT_OP_HOST && !op->user_size) {
        fprintf(ctx->diag, "cobalt: stream capture: this operation queues a one-shot host "
                "callback and cannot be captured (capture invalidated)\n");
        rt_op_free(op);
        cs->c->invalid = true;
        return RT_cudaErrorStreamCaptureUnsupported;
    }
    if ((size_t)op->kind >= sizeof node_type / sizeof *node_type) {
        fprintf(ctx->diag, "cobalt: stream capture: queue op kind %d has no graph node "
                "type (capture invalidated)\n", (int)op->kind);
        rt_op_free(op);
        cs->c->invalid = true;
        return RT_cudaErrorStreamCaptureUnsupported;
    }
    /* a graph reads a pageable source when it runs, not when captured */
    free(op->staged);
    op->staged = NULL;
    op->next = NULL;
    rt_gnode *n = rt_graph_insert(q, cs->c->graph, node_type[op->kind], op, 1, cs->deps, cs->n);
    if (!n || !cs_set(cs, &n, 1, false)) {
        cs->c->invalid = true;
        return RT_cudaErrorMemoryAllocation;
    }
    return RT_cudaSuccess;
}

rt_error rt_capture_wait_event(rt_context *ctx, rt_stream *s, rt_event *ev)
{
    rt_queue *q = &ctx->q;
    rt_cap_event *ce = find_event(q->greg, ev);
    /* an event recorded outside any capture: its work was submitted to the
     * one FIFO before anything the graph will run, so no edge is needed */
    if (!ce)
        return RT_cudaSuccess;
    if (s->cap && s->cap->c != ce->c)
        return RT_cudaErrorStreamCaptureMerge;
    if (!s->cap) {   /* fork: s joins the event's capture */
        if (s == &q->legacy)
            return RT_cudaErrorStreamCaptureImplicit;
        if (!(s->cap = calloc(1, sizeof *s->cap)))
            return RT_cudaErrorMemoryAllocation;
        s->cap->c = ce->c;
    }
    if (ce->c->invalid)
        return RT_cudaErrorStreamCaptureInvalidated;
    return cs_set(s->cap, ce->deps, ce->n, true) ? RT_cudaSuccess
                                                   : RT_cudaErrorMemoryAllocation;
}

rt_error rt_stream_capture_info(rt_context *ctx, uintptr_t stream, int *status,
                                unsigned long long *id, uintptr_t *graph,
                                const uintptr_t **deps, size_t *ndeps)
{
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaSuccess;
    pthread_mutex_lock(&q->lock);
    rt_stream *s = rt_stream_lookup(q, stream);
    rt_capture *c = s && s->cap ? s->cap->c : NULL, *other;
    if (!s) {
        e = RT_cudaErrorInvalidResourceHandle;
        goto out;
    }
    if (s == &q->legacy && q->greg && q->greg->ncaps && blocking_capture(q, &other)) {
        e = RT_cudaErrorStreamCaptureImplicit;
        goto out;
    }
    if (status)
        *status = !c ? RT_CAPTURE_NONE : c->invalid ? RT_CAPTURE_INVALIDATED
                                                    : RT_CAPTURE_ACTIVE;
    if (id)
        *id = c ? c->id : 0;
    if (graph)
        *graph = c ? rt_graph_handle(q, c->graph) : 0;
    for (size_t i = 0; c && i < s->cap->n; i++)
        s->cap->handles[i] = rt_gnode_handle(q, s->cap->deps[i]);
    if (deps)
        *deps = c && s->cap->n ? s->cap->handles : NULL;
    if (ndeps)
        *ndeps = c ? s->cap->n : 0;
out:
    pthread_mutex_unlock(&q->lock);
    return e;
}
