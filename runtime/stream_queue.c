/* runtime/stream_queue.c — the device work queue: one FIFO for all streams,
 * executed in order by one worker thread (see stream_queue.h for why), and
 * the simulated device clock it advances. */
#include "runtime/graph.h"

#include <stdlib.h>
#include <string.h>

#define RT_PCIE_GBPS         25.0   /* host <-> device, PCIe 4.0 x16 in practice */
#define RT_LAUNCH_LATENCY_MS 0.002  /* fixed cost per kernel, as a real launch has */

bool rt_queue_init(rt_queue *q, const rt_device_profile *dev)
{
    memset(q, 0, sizeof *q);
    q->pcie_bytes_per_ms = RT_PCIE_GBPS * 1e6;
    /* DDR: two transfers per memory clock over the whole bus */
    q->dram_bytes_per_ms = (double)dev->mem_clock_khz * 2.0 * (dev->mem_bus_width / 8);
    if (q->dram_bytes_per_ms <= 0)
        q->dram_bytes_per_ms = 1e9;
    q->legacy.live = q->per_thread.live = true;
    q->next_stream_id = 3;   /* 0..2 name the default streams, as in CUDA */
    if (pthread_mutex_init(&q->lock, NULL) != 0)
        return false;
    if (pthread_cond_init(&q->work, NULL) != 0)
        goto err_lock;
    if (pthread_cond_init(&q->done, NULL) != 0)
        goto err_work;
    return true;

err_work:
    pthread_cond_destroy(&q->work);
err_lock:
    pthread_mutex_destroy(&q->lock);
    return false;
}

/* Frees what an op owns, not the op itself. */
void rt_op_fini(rt_op *op)
{
    free(op->bank0);
    free(op->staged);
    if (op->user_size)
        free(op->user);
}

void rt_op_free(rt_op *op)
{
    if (op)
        rt_op_fini(op);
    free(op);
}

static void *memdup(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);
    if (q && n)
        memcpy(q, p, n);
    return q;
}

bool rt_op_copy(rt_op *out, const rt_op *t)
{
    *out = *t;
    out->bank0 = NULL;
    out->staged = NULL;
    out->next = NULL;
    if (t->user_size && !(out->user = memdup(t->user, t->user_size)))
        return false;
    if (t->bank0 && !(out->bank0 = memdup(t->bank0, t->kernel->isa->param_size)))
        goto err;
    if (t->staged && !(out->staged = memdup(t->staged, t->n)))
        goto err;
    return true;
err:
    rt_op_fini(out);
    out->bank0 = out->staged = NULL;
    out->user_size = 0;
    return false;
}

/* Runs one op outside q->lock; returns its error and simulated time. */
static rt_error op_run(rt_context *ctx, rt_op *op, double *ms)
{
    *ms = 0;
    if (op->kind != RT_OP_RECORD && op->kind != RT_OP_HOST && rt_sticky_error(ctx))
        return rt_sticky_error(ctx);   /* a faulted context runs nothing more */
    switch (op->kind) {
    case RT_OP_KERNEL: {
        rt_error e = rt_run_kernel(ctx, op->kernel, op->grid, op->block, op->bank0, op->dyn,
                                   ms);
        *ms += RT_LAUNCH_LATENCY_MS;
        return e;
    }
    case RT_OP_COPY:
        *ms = rt_copy_ms(ctx, op->dst, op->src, op->n);
        return rt_memcpy_now(ctx, op->dst, op->staged ? op->staged : op->src, op->n,
                             op->copy_kind);
    case RT_OP_COPY2D:
        *ms = rt_copy_ms(ctx, op->dst, op->src, op->width * op->height);
        return rt_memcpy2d_now(ctx, op->dst, op->dpitch, op->src, op->spitch, op->width,
                               op->height, op->copy_kind);
    case RT_OP_SET:
        *ms = (double)op->n / ctx->q.dram_bytes_per_ms;
        return rt_memset_now(ctx, op->dst, op->value, op->n);
    case RT_OP_HOST:
        op->fn(op->user, rt_sticky_error(ctx));
        return RT_cudaSuccess;
    case RT_OP_RECORD:
        return RT_cudaSuccess;   /* the time is taken under the lock */
    }
    return RT_cudaErrorUnknown;
}

static void *worker_main(void *arg)
{
    rt_context *ctx = arg;
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        while (!q->head && !q->stop)
            pthread_cond_wait(&q->work, &q->lock);
        if (!q->head)
            break;   /* stop, and nothing left */
        rt_op *op = q->head;
        q->head = op->next;
        if (!q->head)
            q->tail = NULL;
        pthread_mutex_unlock(&q->lock);
        double ms;
        rt_error e = op_run(ctx, op, &ms);
        pthread_mutex_lock(&q->lock);
        q->clock_ms += ms;
        if (op->kind == RT_OP_RECORD && op->event->rec_seq == op->seq)
            op->event->time_ms = q->clock_ms;
        if (e && !op->stream->error)
            op->stream->error = e;
        q->completed = op->seq;
        pthread_cond_broadcast(&q->done);
        rt_op_free(op);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

/* Drains the queue and stops the worker; frees streams and events. */
void rt_queue_fini(rt_context *ctx)
{
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    q->stop = true;
    pthread_cond_broadcast(&q->work);
    bool started = q->started;
    pthread_mutex_unlock(&q->lock);
    if (started)
        pthread_join(q->worker, NULL);
    while (q->head) {   /* only when the worker never started */
        rt_op *op = q->head;
        q->head = op->next;
        rt_op_free(op);
    }
    rt_greg_free(q);
    for (size_t i = 0; i < q->nstreams; i++) {
        rt_capstate_free(q->streams[i]->cap);
        free(q->streams[i]);
    }
    rt_capstate_free(q->legacy.cap);
    rt_capstate_free(q->per_thread.cap);
    for (size_t i = 0; i < q->nevents; i++)
        free(q->events[i]);
    free(q->streams);
    free(q->events);
    pthread_cond_destroy(&q->done);
    pthread_cond_destroy(&q->work);
    pthread_mutex_destroy(&q->lock);
}

void rt_queue_append_locked(rt_context *ctx, rt_stream *s, rt_op *op)
{
    rt_queue *q = &ctx->q;
    op->stream = s;
    op->seq = ++q->submitted;
    op->next = NULL;
    s->last_seq = op->seq;
    if (op->kind == RT_OP_RECORD)
        op->event->rec_seq = op->seq;
    if (q->tail)
        q->tail->next = op;
    else
        q->head = op;
    q->tail = op;
    pthread_cond_signal(&q->work);
}

static rt_error start_worker(rt_context *ctx)
{
    rt_queue *q = &ctx->q;
    if (q->started)
        return RT_cudaSuccess;
    if (pthread_create(&q->worker, NULL, worker_main, ctx) != 0) {
        fprintf(ctx->diag, "cobalt: cannot start the device worker thread\n");
        return RT_cudaErrorOperatingSystem;
    }
    q->started = true;
    return RT_cudaSuccess;
}

/* The single submission point: an op for a capturing stream becomes a graph
 * node instead (graph_capture.c), whatever its kind. With q->lock held. */
rt_error rt_queue_submit_locked(rt_context *ctx, rt_stream *s, rt_op *op, uint64_t *seq)
{
    rt_error e;
    if (seq)
        *seq = 0;   /* a captured op: nothing to wait for */
    if (s->cap)
        return rt_capture_op(ctx, s, op);
    if ((e = rt_capture_check_implicit(ctx, s)) || (e = start_worker(ctx))) {
        rt_op_free(op);
        return e;
    }
    if (op->kind == RT_OP_RECORD)
        rt_capture_forget_event(&ctx->q, op->event);
    rt_queue_append_locked(ctx, s, op);
    if (seq)
        *seq = op->seq;
    return RT_cudaSuccess;
}

rt_error rt_queue_submit(rt_context *ctx, uintptr_t stream, rt_op *op, uint64_t *seq)
{
    rt_queue *q = &ctx->q;
    rt_error e;
    pthread_mutex_lock(&q->lock);
    rt_stream *s = rt_stream_lookup(q, stream);
    if (s) {
        e = rt_queue_submit_locked(ctx, s, op, seq);
    } else {
        rt_op_free(op);
        e = RT_cudaErrorInvalidResourceHandle;
    }
    pthread_mutex_unlock(&q->lock);
    return e;
}

rt_error rt_queue_wait_locked(rt_context *ctx, uint64_t seq)
{
    rt_queue *q = &ctx->q;
    if (q->completed >= seq)
        return RT_cudaSuccess;
    if (q->started && pthread_equal(pthread_self(), q->worker)) {
        fprintf(ctx->diag, "cobalt: a host function (cudaLaunchHostFunc / "
                "cudaStreamAddCallback) waited for device work: CUDA forbids CUDA calls "
                "there, it would deadlock\n");
        return RT_cudaErrorNotPermitted;
    }
    while (q->completed < seq)
        pthread_cond_wait(&q->done, &q->lock);
    return RT_cudaSuccess;
}

rt_error rt_queue_wait(rt_context *ctx, uint64_t seq)
{
    pthread_mutex_lock(&ctx->q.lock);
    rt_error e = rt_queue_wait_locked(ctx, seq);
    pthread_mutex_unlock(&ctx->q.lock);
    return e;
}

rt_error rt_queue_drain(rt_context *ctx)
{
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    /* an implicit device-wide synchronisation: illegal during capture */
    rt_error e = rt_capture_check_sync(ctx);
    if (!e)
        e = rt_queue_wait_locked(ctx, q->submitted);
    pthread_mutex_unlock(&q->lock);
    return e;
}

static bool on_device(rt_context *ctx, const void *p)
{
    int type;
    void *dev, *host;
    return p && rt_pointer_info(ctx, p, &type, &dev, &host) == RT_cudaSuccess &&
           type == RT_PTR_DEVICE;
}

double rt_copy_ms(rt_context *ctx, const void *dst, const void *src, size_t n)
{
    bool d2d = on_device(ctx, dst) && on_device(ctx, src);
    return (double)n / (d2d ? ctx->q.dram_bytes_per_ms : ctx->q.pcie_bytes_per_ms);
}
