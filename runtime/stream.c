/* runtime/stream.c — stream handles (slot + generation), creation,
 * destruction, synchronisation, queries and host functions. */
#include "runtime/graph.h"

#include <stdlib.h>
#include <string.h>

/* CUDA on sm_80: priorities run from 0 (least) to -5 (greatest). */
#define RT_PRIO_LEAST    0
#define RT_PRIO_GREATEST (-5)

static rt_error stream_slot(rt_queue *q, size_t *idx);

/* pthread key destructor: the thread exits; queued work still completes. */
static void per_thread_release(void *v)
{
    rt_stream *s = v;
    rt_queue *q = s->q;
    pthread_mutex_lock(&q->lock);
    if (s->live && !s->cap) {   /* a capturing one stays for its capture to end */
        s->live = false;
        s->gen++;
    }
    pthread_mutex_unlock(&q->lock);
}

/* With q->lock held: the calling thread's per-thread stream, made at its
 * first use (NULL when out of memory). */
static rt_stream *per_thread_stream(rt_queue *q)
{
    if (!q->ptds_key_made) {
        if (pthread_key_create(&q->ptds_key, per_thread_release) != 0)
            return NULL;
        q->ptds_key_made = true;
    }
    rt_stream *s = pthread_getspecific(q->ptds_key);
    if (s && s->live)
        return s;
    size_t idx;
    if (stream_slot(q, &idx))
        return NULL;
    s = q->streams[idx];
    *s = (rt_stream){ .gen = s->gen, .live = true, .id = q->next_stream_id++,
                      .last_seq = s->last_seq, .per_thread = true, .q = q };
    if (pthread_setspecific(q->ptds_key, s) != 0) {
        s->live = false;
        return NULL;
    }
    return s;
}

rt_stream *rt_stream_lookup(rt_queue *q, uintptr_t h)
{
    uint32_t gen;
    size_t idx;
    if (h == 0 || h == RT_STREAM_LEGACY)
        return &q->legacy;
    if (h == RT_STREAM_PER_THREAD)
        return per_thread_stream(q);
    if (!rt_handle_split(h, RT_HANDLE_STREAM, &gen, &idx) || idx >= q->nstreams)
        return NULL;
    rt_stream *s = q->streams[idx];
    return s->live && (s->gen & 0xFFFFFFFu) == gen ? s : NULL;
}

/* A free slot: a destroyed stream whose work is done, or a new one. */
static rt_error stream_slot(rt_queue *q, size_t *idx)
{
    for (size_t i = 0; i < q->nstreams; i++) {
        if (!q->streams[i]->live && rt_seq_done_locked(q, q->streams[i]->last_seq)) {
            *idx = i;
            return RT_cudaSuccess;
        }
    }
    if (q->nstreams == RT_HANDLE_SLOTS)
        return RT_cudaErrorMemoryAllocation;
    rt_stream **grown = realloc(q->streams, (q->nstreams + 1) * sizeof *grown);
    if (!grown)
        return RT_cudaErrorMemoryAllocation;
    q->streams = grown;
    if (!(grown[q->nstreams] = calloc(1, sizeof **grown)))
        return RT_cudaErrorMemoryAllocation;
    *idx = q->nstreams++;
    return RT_cudaSuccess;
}

rt_error rt_stream_create(rt_context *ctx, uintptr_t *out, unsigned flags, int priority)
{
    if (!out || (flags & ~(unsigned)RT_STREAM_NON_BLOCKING))
        return RT_cudaErrorInvalidValue;
    /* CUDA clamps priorities outside the range */
    if (priority > RT_PRIO_LEAST)
        priority = RT_PRIO_LEAST;
    if (priority < RT_PRIO_GREATEST)
        priority = RT_PRIO_GREATEST;
    rt_queue *q = &ctx->q;
    size_t idx;
    pthread_mutex_lock(&q->lock);
    rt_error e = stream_slot(q, &idx);
    if (!e) {
        rt_stream *s = q->streams[idx];
        uint32_t gen = s->gen;
        *s = (rt_stream){ .gen = gen, .live = true, .flags = flags, .priority = priority,
                          .id = q->next_stream_id++, .last_seq = s->last_seq };
        *out = rt_handle_make(RT_HANDLE_STREAM, gen, idx);
    }
    pthread_mutex_unlock(&q->lock);
    return e;
}

/* Returns at once; queued work still completes (CUDA semantics). */
rt_error rt_stream_destroy(rt_context *ctx, uintptr_t h)
{
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaErrorInvalidResourceHandle;
    pthread_mutex_lock(&q->lock);
    rt_stream *s = h > RT_STREAM_PER_THREAD ? rt_stream_lookup(q, h) : NULL;
    if (s && s->per_thread)
        s = NULL;   /* only its thread's exit ends it */
    if (s) {
        if (s->cap) {   /* CUDA: destroying a capturing stream invalidates the capture */
            rt_capture_invalidate(s);
            if (s->cap->c->origin != s) {
                rt_capstate_free(s->cap);
                s->cap = NULL;
            }
        }
        if (!s->cap) {
            s->live = false;
            s->gen++;
            e = RT_cudaSuccess;
        } else {
            e = RT_cudaErrorStreamCaptureInvalidated;   /* end the capture first */
        }
    }
    pthread_mutex_unlock(&q->lock);
    return e;
}

/* With q->lock held: the pending error of s (cleared), after the sticky one. */
static rt_error take_error(rt_context *ctx, rt_stream *s)
{
    rt_error e = s->error, sticky = rt_sticky_error(ctx);
    s->error = RT_cudaSuccess;
    return sticky ? sticky : e;
}

/* With q->lock held: the first pending error of any stream, all cleared. */
static rt_error take_all_errors(rt_context *ctx)
{
    rt_queue *q = &ctx->q;
    rt_error e = take_error(ctx, &q->legacy), f;
    for (size_t i = 0; i < q->nstreams; i++) {
        f = take_error(ctx, q->streams[i]);
        if (!e)
            e = f;
    }
    return e;
}

void rt_stream_forget_errors(rt_context *ctx)
{
    pthread_mutex_lock(&ctx->q.lock);
    take_all_errors(ctx);
    pthread_mutex_unlock(&ctx->q.lock);
}

rt_error rt_synchronize(rt_context *ctx)
{
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    rt_error e = rt_capture_check_sync(ctx);
    if (!e)
        e = rt_queue_wait_locked(ctx, q->submitted);
    if (!e)
        e = take_all_errors(ctx);
    pthread_mutex_unlock(&q->lock);
    return e;
}

rt_error rt_stream_synchronize(rt_context *ctx, uintptr_t h)
{
    rt_queue *q = &ctx->q;
    rt_error e;
    pthread_mutex_lock(&q->lock);
    rt_stream *s = rt_stream_lookup(q, h);
    if (!s) {
        e = RT_cudaErrorInvalidResourceHandle;
    } else if (s->cap) {   /* a capturing stream has nothing to wait for: illegal */
        rt_capture_invalidate(s);
        e = RT_cudaErrorStreamCaptureUnsupported;
    } else if (s == &q->legacy) {
        /* the legacy stream synchronises with every blocking stream */
        e = rt_capture_check_sync(ctx);
        if (!e)
            e = rt_queue_wait_locked(ctx, q->submitted);
        if (!e)
            e = take_all_errors(ctx);
    } else {
        e = rt_queue_wait_locked(ctx, s->last_seq);
        if (!e)
            e = take_error(ctx, s);
    }
    pthread_mutex_unlock(&q->lock);
    return e;
}

rt_error rt_stream_query(rt_context *ctx, uintptr_t h)
{
    rt_queue *q = &ctx->q;
    rt_error e;
    pthread_mutex_lock(&q->lock);
    rt_stream *s = rt_stream_lookup(q, h);
    if (!s)
        e = RT_cudaErrorInvalidResourceHandle;
    else if (s->cap)
        e = RT_cudaErrorStreamCaptureUnsupported;   /* illegal: invalidates the capture */
    else if (!rt_seq_done_locked(q, s == &q->legacy ? q->submitted : s->last_seq))
        e = RT_cudaErrorNotReady;
    else
        e = rt_sticky_error(ctx);
    if (e == RT_cudaErrorStreamCaptureUnsupported)
        rt_capture_invalidate(s);
    pthread_mutex_unlock(&q->lock);
    return e;
}

/* Reads one property of a stream under the lock. */
typedef enum stream_prop { PROP_FLAGS, PROP_PRIORITY, PROP_ID } stream_prop;

static rt_error stream_get(rt_context *ctx, uintptr_t h, stream_prop what, uint64_t *v)
{
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaSuccess;
    pthread_mutex_lock(&q->lock);
    rt_stream *s = rt_stream_lookup(q, h);
    if (!s)
        e = RT_cudaErrorInvalidResourceHandle;
    else if (what == PROP_FLAGS)
        *v = s->flags;
    else if (what == PROP_PRIORITY)
        *v = (uint64_t)(int64_t)s->priority;
    else
        *v = s == &q->legacy ? RT_STREAM_LEGACY : s->per_thread ? RT_STREAM_PER_THREAD : s->id;
    pthread_mutex_unlock(&q->lock);
    return e;
}

rt_error rt_stream_get_flags(rt_context *ctx, uintptr_t h, unsigned *flags)
{
    uint64_t v;
    if (!flags)
        return RT_cudaErrorInvalidValue;
    rt_error e = stream_get(ctx, h, PROP_FLAGS, &v);
    if (!e)
        *flags = (unsigned)v;
    return e;
}

rt_error rt_stream_get_priority(rt_context *ctx, uintptr_t h, int *priority)
{
    uint64_t v;
    if (!priority)
        return RT_cudaErrorInvalidValue;
    rt_error e = stream_get(ctx, h, PROP_PRIORITY, &v);
    if (!e)
        *priority = (int)(int64_t)v;
    return e;
}

rt_error rt_stream_get_id(rt_context *ctx, uintptr_t h, unsigned long long *id)
{
    uint64_t v;
    if (!id)
        return RT_cudaErrorInvalidValue;
    rt_error e = stream_get(ctx, h, PROP_ID, &v);
    if (!e)
        *id = v;
    return e;
}

void rt_stream_priority_range(int *least, int *greatest)
{
    if (least)
        *least = RT_PRIO_LEAST;
    if (greatest)
        *greatest = RT_PRIO_GREATEST;
}

/* Outside capture the wait is an RT_OP_WAIT op that the worker holds back
 * until the event's last record is done (a host function may hold that
 * record's stream back while other streams run); during capture it is an
 * edge (graph_capture.c). */
rt_error rt_stream_wait_event(rt_context *ctx, uintptr_t stream, uintptr_t event,
                              unsigned flags)
{
    if (flags > 1)   /* cudaEventWaitDefault, cudaEventWaitExternal */
        return RT_cudaErrorInvalidValue;
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    rt_stream *s = rt_stream_lookup(q, stream);
    rt_event *ev = rt_event_lookup(q, event);
    rt_error e = s && ev ? rt_capture_wait_event(ctx, s, ev)
                         : RT_cudaErrorInvalidResourceHandle;
    if (!e && !s->cap && ev->rec_seq && ev->rec_stream != s &&
        !rt_seq_done_locked(q, ev->rec_seq)) {
        rt_op *op = calloc(1, sizeof *op);
        if (op) {
            *op = (rt_op){ .kind = RT_OP_WAIT, .wait_stream = ev->rec_stream,
                           .wait_seq = ev->rec_seq };
            e = rt_queue_submit_locked(ctx, s, op, NULL);
        } else {
            e = RT_cudaErrorMemoryAllocation;
        }
    }
    pthread_mutex_unlock(&q->lock);
    return e;
}

/* cudaMemAttachGlobal, cudaMemAttachHost, cudaMemAttachSingle */
#define RT_ATTACH_FLAGS 0x7u

/* Attachment only restricts which streams may touch managed memory while
 * the host uses it on devices without concurrent managed access. Cobalt's
 * host and device share one UVA space with coherent access, so there is
 * nothing to migrate or restrict: a valid request succeeds honestly. */
rt_error rt_stream_attach_mem(rt_context *ctx, uintptr_t stream, void *p, size_t length,
                              unsigned flags)
{
    unsigned f = flags & RT_ATTACH_FLAGS;
    if ((flags & ~RT_ATTACH_FLAGS) || (f != 1 && f != 2 && f != 4))
        return RT_cudaErrorInvalidValue;
    sim_alloc_info info;
    if (!p || !sim_mem_find(ctx->mem, (uint64_t)(uintptr_t)p, &info) ||
        info.kind != SIM_ALLOC_MANAGED)
        return RT_cudaErrorInvalidValue;
    if (length != 0 && ((uint64_t)(uintptr_t)p != info.base || length != info.size))
        return RT_cudaErrorInvalidValue;
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    rt_stream *s = rt_stream_lookup(q, stream);
    rt_error e = s ? RT_cudaSuccess : RT_cudaErrorInvalidResourceHandle;
    pthread_mutex_unlock(&q->lock);
    return e;
}

rt_error rt_launch_host_fn(rt_context *ctx, uintptr_t stream, rt_host_fn fn, void *user)
{
    if (!fn)
        return RT_cudaErrorInvalidValue;
    rt_op *op = calloc(1, sizeof *op);
    if (!op)
        return RT_cudaErrorMemoryAllocation;
    op->kind = RT_OP_HOST;
    op->fn = fn;
    op->user = user;
    return rt_queue_submit(ctx, stream, op, NULL);
}

rt_error rt_launch_host_call(rt_context *ctx, uintptr_t stream, rt_host_fn fn,
                             const void *data, size_t size)
{
    if (!fn || !data || !size)
        return RT_cudaErrorInvalidValue;
    rt_op *op = calloc(1, sizeof *op);
    void *copy = malloc(size);
    if (!op || !copy) {
        free(op);
        free(copy);
        return RT_cudaErrorMemoryAllocation;
    }
    memcpy(copy, data, size);
    *op = (rt_op){ .kind = RT_OP_HOST, .fn = fn, .user = copy, .user_size = size };
    return rt_queue_submit(ctx, stream, op, NULL);
}
