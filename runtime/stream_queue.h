/* runtime/stream_queue.h — streams, events and the device work queue
 * (internal to runtime/).
 *
 * Design: every asynchronous operation (kernel, copy, set, event record,
 * event wait, host function) of every stream goes into ONE queue that a
 * single device worker thread executes. The worker runs the first queued op
 * that no earlier pending op holds back (same stream, the legacy stream's
 * implicit synchronisation, cudaStreamWaitEvent), so each stream stays in
 * order, device ops never overlap (sim_run stays single-entry) and the
 * simulated clock is deterministic for a given submission order.
 *
 * Host functions run on a second thread (CUDA may serialise them), so one
 * that blocks stalls only its own stream and the streams that depend on it.
 *
 * Completion is a sequence number: ops complete in order within a stream,
 * not across streams, so `completed` is a watermark (every op up to it is
 * done) plus the list of done seqs beyond it; a stream is idle when its last
 * op's seq is done, an event complete when its last record's seq is done.
 *
 * Per-thread default streams: cudaStreamPerThread names one stream per host
 * thread, made at its first use (a pthread key of the queue holds it) and
 * released when the thread exits.
 *
 * Handles: stream and event handles are tagged slot index + generation, so
 * a destroyed or garbage handle is rejected, never dereferenced. */
#ifndef COBALT_RT_STREAM_QUEUE_H
#define COBALT_RT_STREAM_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "runtime/runtime.h"

typedef struct rt_stream {
    uint32_t gen;          /* bumped at destroy: stale handles no longer match */
    bool     live;
    unsigned flags;
    int      priority;
    uint64_t id;
    uint64_t last_seq;     /* seq of the last op submitted to it */
    rt_error error;        /* first failure of its async work, not yet reported */
    struct rt_capstate *cap; /* non-NULL while it captures into a graph (graph.h) */
    bool     per_thread;   /* some host thread's cudaStreamPerThread */
    struct rt_queue *q;    /* per_thread: for the thread-exit release */
} rt_stream;

typedef struct rt_event {
    uint32_t gen;
    bool     live;
    unsigned flags;
    uint64_t rec_seq;      /* seq of the last record; 0: never recorded */
    rt_stream *rec_stream; /* the stream of that record */
    double   time_ms;      /* simulated device time at the last completed record */
} rt_event;

typedef enum rt_op_kind {
    RT_OP_KERNEL, RT_OP_COPY, RT_OP_COPY2D, RT_OP_SET, RT_OP_HOST, RT_OP_RECORD,
    RT_OP_WAIT   /* cudaStreamWaitEvent: runs after wait_stream's op wait_seq */
} rt_op_kind;

typedef struct rt_op {
    rt_op_kind  kind;
    uint64_t    seq;
    rt_stream  *stream;
    rt_event   *event;                 /* RT_OP_RECORD */
    rt_kernel  *kernel;                /* RT_OP_KERNEL */
    rt_dim3     grid, block;
    size_t      dyn;
    uint8_t    *bank0;                 /* owned */
    void       *dst;                   /* copies and sets */
    const void *src;
    void       *staged;                /* owned copy of a pageable source */
    size_t      n, dpitch, spitch, width, height;
    int         copy_kind, value;
    rt_host_fn  fn;                    /* RT_OP_HOST */
    void       *user;
    size_t      user_size;             /* > 0: user is an owned copy of that size */
    rt_stream  *wait_stream;           /* RT_OP_WAIT */
    uint64_t    wait_seq;
    struct rt_op *next;
} rt_op;

typedef struct rt_queue {
    pthread_mutex_t lock;
    pthread_cond_t  work;              /* an op was queued, or stop */
    pthread_cond_t  done;              /* an op completed */
    pthread_cond_t  hwork;             /* a host function was handed over, or stop */
    pthread_t       worker, host_worker;
    bool            started, stop, hstop;
    rt_op          *head, *tail;
    rt_op          *hhead, *htail;     /* host functions handed to host_worker */
    uint64_t        submitted, completed;  /* completed: every op up to it is done */
    uint64_t       *ooo;               /* done seqs beyond completed */
    size_t          nooo, cap_ooo;
    double          clock_ms;          /* simulated device time */
    rt_stream       legacy;
    pthread_key_t   ptds_key;          /* this thread's per-thread stream */
    bool            ptds_key_made;
    rt_stream     **streams;
    size_t          nstreams;
    rt_event      **events;
    size_t          nevents;
    uint64_t        next_stream_id;
    double          pcie_bytes_per_ms, dram_bytes_per_ms;
    struct rt_graph_reg *greg;         /* graphs and captures (graph.h); lazily made */
} rt_queue;

/* Handle values: a tag, 28 bits of generation, 20 bits of slot index. */
#define RT_HANDLE_STREAM 0xC0B5u
#define RT_HANDLE_EVENT  0xC0BEu
#define RT_HANDLE_SLOTS  (1u << 20)

static inline uintptr_t rt_handle_make(unsigned tag, uint32_t gen, size_t idx)
{
    return (uintptr_t)(((uint64_t)tag << 48) | ((uint64_t)(gen & 0xFFFFFFFu) << 20) | idx);
}

/* The slot a handle names, or false when it is not of this tag. */
static inline bool rt_handle_split(uintptr_t h, unsigned tag, uint32_t *gen, size_t *idx)
{
    uint64_t v = (uint64_t)h;
    *gen = (uint32_t)(v >> 20) & 0xFFFFFFFu;
    *idx = (size_t)(v & (RT_HANDLE_SLOTS - 1));
    return (v >> 48) == tag;
}

/* With q->lock held: whether the op of that seq completed. */
bool rt_seq_done_locked(const rt_queue *q, uint64_t seq);

#endif
