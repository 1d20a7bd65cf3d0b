/* runtime/stream_queue.c — the device work queue: one FIFO for all streams,
 * executed by one worker thread in order except where a host function
 * (run on a second thread) holds a stream back (see stream_queue.h), and
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
    q->legacy.live = true;
    q->next_stream_id = 3;   /* 0..2 name the default streams, as in CUDA */
    if (pthread_mutex_init(&q->lock, NULL) != 0)
        return false;
    if (pthread_cond_init(&q->work, NULL) != 0)
        goto err_lock;
    if (pthread_cond_init(&q->done, NULL) != 0)
        goto err_work;
    if (pthread_cond_init(&q->hwork, NULL) != 0)
        goto err_done;
    return true;

err_done:
    pthread_cond_destroy(&q->done);
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
    case RT_OP_HOST:   /* handed to the host worker, never run here */
    case RT_OP_RECORD: /* the time is taken under the lock */
    case RT_OP_WAIT:   /* its dependency held when it was picked */
        return RT_cudaSuccess;
    }
    return RT_cudaErrorUnknown;
}

bool rt_seq_done_locked(const rt_queue *q, uint64_t seq)
{
    if (seq <= q->completed)
        return true;
    for (size_t i = 0; i < q->nooo; i++)
        if (q->ooo[i] == seq)
            return true;
    return false;
}

/* Marks seq done: advances the watermark over every done seq after it. */
static void seq_done(rt_queue *q, uint64_t seq)
{
    if (seq != q->completed + 1) {
        if (q->nooo == q->cap_ooo) {
            size_t cap = q->cap_ooo ? 2 * q->cap_ooo : 16;
            uint64_t *grown = realloc(q->ooo, cap * sizeof *grown);
            if (grown) {
                q->ooo = grown;
                q->cap_ooo = cap;
            }
        }
        if (q->nooo < q->cap_ooo) {
            q->ooo[q->nooo++] = seq;
            return;
        }
        /* out of memory: fall through; the watermark may jump early, which
         * only makes a waiter return before an unrelated op is done */
    }
    q->completed = seq > q->completed ? seq : q->completed;
    for (bool moved = true; moved;) {
        moved = false;
        for (size_t i = 0; i < q->nooo; i++) {
            if (q->ooo[i] == q->completed + 1) {
                q->completed++;
                q->ooo[i] = q->ooo[--q->nooo];
                moved = true;
                break;
            }
        }
    }
}

/* Whether a stream takes part in the legacy stream's implicit sync. */
static bool blocking(const rt_queue *q, const rt_stream *s)
{
    return s != &q->legacy && !(s->flags & RT_STREAM_NON_BLOCKING);
}

/* Whether b, submitted after a, must wait for a to complete. */
static bool conflicts(const rt_queue *q, const rt_op *a, const rt_op *b)
{
    if (a->stream == b->stream)
        return true;
    if ((a->stream == &q->legacy && blocking(q, b->stream)) ||
        (b->stream == &q->legacy && blocking(q, a->stream)))
        return true;
    return b->kind == RT_OP_WAIT && a->stream == b->wait_stream && a->seq <= b->wait_seq;
}

/* The first queued op that no pending op before it holds back (NULL: none
 * runnable now); *prev gets its predecessor in the queue. */
static rt_op *pick(const rt_queue *q, rt_op **prev)
{
    *prev = NULL;
    for (rt_op *b = q->head; b; *prev = b, b = b->next) {
        bool held = false;
        for (const rt_op *a = q->hhead; a && !held; a = a->next)
            held = conflicts(q, a, b);
        for (const rt_op *a = q->head; a != b && !held; a = a->next)
            held = conflicts(q, a, b);
        if (!held)
            return b;
    }
    return NULL;
}

/* With q->lock held: accounts one finished op and frees it. */
static void op_complete(rt_queue *q, rt_op *op, rt_error e, double ms)
{
    q->clock_ms += ms;
    if (op->kind == RT_OP_RECORD && op->event->rec_seq == op->seq)
        op->event->time_ms = q->clock_ms;
    if (e && !op->stream->error)
        op->stream->error = e;
    seq_done(q, op->seq);
    pthread_cond_broadcast(&q->done);
    pthread_cond_broadcast(&q->work);   /* ops it held back may run now */
    rt_op_free(op);
}

static void *worker_main(void *arg)
{
    rt_context *ctx = arg;
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        rt_op *prev, *op;
        while (!(op = pick(q, &prev)) && !(q->stop && !q->head))
            pthread_cond_wait(&q->work, &q->lock);
        if (!op)
            break;   /* stop, and nothing left */
        if (prev)
            prev->next = op->next;
        else
            q->head = op->next;
        if (q->tail == op)
            q->tail = prev;
        op->next = NULL;
        if (op->kind == RT_OP_HOST) {   /* pending on the host worker until done */
            if (q->htail)
                q->htail->next = op;
            else
                q->hhead = op;
            q->htail = op;
            pthread_cond_signal(&q->hwork);
            continue;
        }
        pthread_mutex_unlock(&q->lock);
        double ms;
        rt_error e = op_run(ctx, op, &ms);
        pthread_mutex_lock(&q->lock);
        op_complete(q, op, e, ms);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

/* Runs host functions in hand-over order; each stays on the list while it
 * runs, so that what depends on it stays held back. */
static void *host_main(void *arg)
{
    rt_context *ctx = arg;
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        while (!q->hhead && !q->hstop)
            pthread_cond_wait(&q->hwork, &q->lock);
        rt_op *op = q->hhead;
        if (!op)
            break;
        pthread_mutex_unlock(&q->lock);
        op->fn(op->user, rt_sticky_error(ctx));
        pthread_mutex_lock(&q->lock);
        q->hhead = op->next;
        if (!q->hhead)
            q->htail = NULL;
        op_complete(q, op, RT_cudaSuccess, 0);
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
    if (started) {
        pthread_join(q->worker, NULL);   /* it waits for held-back ops first */
        pthread_mutex_lock(&q->lock);
        q->hstop = true;
        pthread_cond_broadcast(&q->hwork);
        pthread_mutex_unlock(&q->lock);
        pthread_join(q->host_worker, NULL);
    }
    if (q->ptds_key_made)   /* exiting threads no longer release into q */
        pthread_key_delete(q->ptds_key);
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
    free(q->ooo);
    for (size_t i = 0; i < q->nevents; i++)
        free(q->events[i]);
    free(q->streams);
    free(q->events);
    pthread_cond_destroy(&q->hwork);
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
    if (op->kind == RT_OP_RECORD) {
        op->event->rec_seq = op->seq;
        op->event->rec_stream = s;
    }
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
    if (pthread_create(&q->host_worker, NULL, host_main, ctx) != 0) {
        fprintf(ctx->diag, "cobalt: cannot start the host-function thread\n");
        q->stop = true;
        pthread_cond_broadcast(&q->work);
        pthread_mutex_unlock(&q->lock);
        pthread_join(q->worker, NULL);
        pthread_mutex_lock(&q->lock);
        q->stop = false;
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
    if (rt_seq_done_locked(q, seq))
        return RT_cudaSuccess;
    if (q->started && (pthread_equal(pthread_self(), q->worker) ||
                       pthread_equal(pthread_self(), q->host_worker))) {
        fprintf(ctx->diag, "cobalt: a host function (cudaLaunchHostFunc / "
                "cudaStreamAddCallback) waited for device work: CUDA forbids CUDA calls "
                "there, it would deadlock\n");
        return RT_cudaErrorNotPermitted;
    }
    while (!rt_seq_done_locked(q, seq))
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
