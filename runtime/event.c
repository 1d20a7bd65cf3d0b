/* runtime/event.c — events: handles (slot + generation), records taken on
 * the device worker's simulated clock, queries, waits and elapsed time. */
#include "runtime/graph.h"

#include <stdlib.h>

rt_event *rt_event_lookup(rt_queue *q, uintptr_t h)
{
    uint32_t gen;
    size_t idx;
    if (!rt_handle_split(h, RT_HANDLE_EVENT, &gen, &idx) || idx >= q->nevents)
        return NULL;
    rt_event *ev = q->events[idx];
    return ev->live && (ev->gen & 0xFFFFFFFu) == gen ? ev : NULL;
}

/* A destroyed event whose last record has run, or a new slot. */
static rt_error event_slot(rt_queue *q, size_t *idx)
{
    for (size_t i = 0; i < q->nevents; i++) {
        if (!q->events[i]->live && rt_seq_done_locked(q, q->events[i]->rec_seq)) {
            *idx = i;
            return RT_cudaSuccess;
        }
    }
    if (q->nevents == RT_HANDLE_SLOTS)
        return RT_cudaErrorMemoryAllocation;
    rt_event **grown = realloc(q->events, (q->nevents + 1) * sizeof *grown);
    if (!grown)
        return RT_cudaErrorMemoryAllocation;
    q->events = grown;
    if (!(grown[q->nevents] = calloc(1, sizeof **grown)))
        return RT_cudaErrorMemoryAllocation;
    *idx = q->nevents++;
    return RT_cudaSuccess;
}

rt_error rt_event_create(rt_context *ctx, uintptr_t *out, unsigned flags)
{
    const unsigned known = RT_EVENT_BLOCKING_SYNC | RT_EVENT_DISABLE_TIMING |
                           RT_EVENT_INTERPROCESS;
    if (!out || (flags & ~known))
        return RT_cudaErrorInvalidValue;
    /* CUDA: an interprocess event must also disable timing */
    if ((flags & RT_EVENT_INTERPROCESS) && !(flags & RT_EVENT_DISABLE_TIMING))
        return RT_cudaErrorInvalidValue;
    rt_queue *q = &ctx->q;
    size_t idx;
    pthread_mutex_lock(&q->lock);
    rt_error e = event_slot(q, &idx);
    if (!e) {
        rt_event *ev = q->events[idx];
        *ev = (rt_event){ .gen = ev->gen, .live = true, .flags = flags };
        *out = rt_handle_make(RT_HANDLE_EVENT, ev->gen, idx);
    }
    pthread_mutex_unlock(&q->lock);
    return e;
}

rt_error rt_event_destroy(rt_context *ctx, uintptr_t h)
{
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    rt_event *ev = rt_event_lookup(q, h);
    if (ev) {
        ev->live = false;
        ev->gen++;
    }
    pthread_mutex_unlock(&q->lock);
    return ev ? RT_cudaSuccess : RT_cudaErrorInvalidResourceHandle;
}

rt_error rt_event_record(rt_context *ctx, uintptr_t event, uintptr_t stream)
{
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    rt_event *ev = rt_event_lookup(q, event);
    pthread_mutex_unlock(&q->lock);
    if (!ev)
        return RT_cudaErrorInvalidResourceHandle;
    rt_op *op = calloc(1, sizeof *op);
    if (!op)
        return RT_cudaErrorMemoryAllocation;
    op->kind = RT_OP_RECORD;
    op->event = ev;   /* objects are never freed before rt_destroy */
    return rt_queue_submit(ctx, stream, op, NULL);
}

rt_error rt_event_query(rt_context *ctx, uintptr_t h)
{
    rt_queue *q = &ctx->q;
    rt_error e;
    pthread_mutex_lock(&q->lock);
    rt_event *ev = rt_event_lookup(q, h);
    if (!ev)
        e = RT_cudaErrorInvalidResourceHandle;
    else if (rt_capture_event_captured(q, ev))
        e = RT_cudaErrorCapturedEvent;
    else if (!rt_seq_done_locked(q, ev->rec_seq))
        e = RT_cudaErrorNotReady;
    else
        e = rt_sticky_error(ctx);   /* never recorded: success, as in CUDA */
    pthread_mutex_unlock(&q->lock);
    return e;
}

rt_error rt_event_synchronize(rt_context *ctx, uintptr_t h)
{
    rt_queue *q = &ctx->q;
    rt_error e;
    pthread_mutex_lock(&q->lock);
    rt_event *ev = rt_event_lookup(q, h);
    if (!ev)
        e = RT_cudaErrorInvalidResourceHandle;
    else if (rt_capture_event_captured(q, ev))
        e = RT_cudaErrorCapturedEvent;
    else if (!(e = rt_queue_wait_locked(ctx, ev->rec_seq)))
        e = rt_sticky_error(ctx);
    pthread_mutex_unlock(&q->lock);
    return e;
}

rt_error rt_event_elapsed(rt_context *ctx, float *ms, uintptr_t start, uintptr_t end)
{
    if (!ms)
        return RT_cudaErrorInvalidValue;
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaSuccess;
    pthread_mutex_lock(&q->lock);
    rt_event *a = rt_event_lookup(q, start), *b = rt_event_lookup(q, end);
    if (!a || !b || !a->rec_seq || !b->rec_seq ||
        ((a->flags | b->flags) & RT_EVENT_DISABLE_TIMING))
        e = RT_cudaErrorInvalidResourceHandle;
    else if (!rt_seq_done_locked(q, a->rec_seq) || !rt_seq_done_locked(q, b->rec_seq))
        e = RT_cudaErrorNotReady;
    else
        *ms = (float)(b->time_ms - a->time_ms);
    pthread_mutex_unlock(&q->lock);
    return e;
}
