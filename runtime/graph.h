/* runtime/graph.h — CUDA graphs and stream capture (internal to runtime/).
 *
 * A graph is a list of nodes in the order they were added; each node holds
 * the edges into it (its dependencies) and the queue ops it stands for, as
 * templates (rt_op with owned buffers). An executable graph is a private
 * deep copy of the nodes in a topological order chosen at instantiation
 * (among ready nodes, the one added first); launching it clones each
 * template and submits it to the stream, so a graph runs asynchronously in
 * stream order like any other work.
 *
 * Stream capture hooks rt_queue_submit: an op submitted to a capturing
 * stream becomes a node that depends on the stream's current capture
 * dependencies, and becomes them. Every op kind is captured that way.
 *
 * Graphs, nodes and executable graphs are named by tagged slot+generation
 * handles (stream_queue.h); everything here is guarded by q->lock. */
#ifndef COBALT_RT_GRAPH_H
#define COBALT_RT_GRAPH_H

#include "runtime/internal.h"

#define RT_HANDLE_GRAPH 0xC0B6u
#define RT_HANDLE_GNODE 0xC0B7u
#define RT_HANDLE_GEXEC 0xC0B8u

/* One handle table: slot -> object, with generations for stale handles. */
typedef struct rt_htable {
    void    **obj;      /* NULL: free slot */
    uint32_t *gen;
    size_t    n;
    size_t   *free;     /* free slot indices (a stack) */
    size_t    nfree;
} rt_htable;

typedef struct rt_graph rt_graph;

typedef struct rt_gnode {
    rt_graph         *graph;     /* NULL for the copies an exec owns */
    size_t            slot;      /* handle slot (graph nodes only) */
    int               type;      /* RT_GNODE_* */
    struct rt_gnode **deps;      /* edges into this node */
    size_t            ndeps, capdeps;
    rt_op            *ops;       /* templates, run in order */
    size_t            nops;
    void            **argv;      /* kernel: pointers into ops[0].bank0 */
    uintptr_t         event;     /* event record / wait nodes */
    struct rt_graph  *child;     /* RT_GNODE_GRAPH: the embedded graph (owned) */
    size_t            idx;       /* scratch: position while instantiating */
} rt_gnode;

/* Host node parameters for rt_gnode_build. */
typedef struct rt_host_call_params {
    rt_host_fn  fn;
    const void *data;
    size_t      size;
} rt_host_call_params;

struct rt_graph {
    size_t     slot;
    rt_gnode **nodes;            /* in the order they were added */
    size_t     n, cap;
    bool       capturing;        /* owned by a capture until it ends */
    bool       embedded;         /* a child graph node's graph: the node frees it */
};

typedef struct rt_gexec {
    size_t     slot;
    rt_gnode **nodes;            /* private copies, in the original add order */
    size_t     n;
    size_t    *order;            /* topological order: indices into nodes */
    uintptr_t *origin;           /* per node: the graph node it was made from */
} rt_gexec;

/* A capture sequence (cudaStreamBeginCapture .. cudaStreamEndCapture). */
typedef struct rt_capture {
    uint64_t   id;
    rt_graph  *graph;
    int        mode;             /* RT_CAPTURE_MODE_* */
    pthread_t  thread;           /* the thread that began it */
    bool       invalid;
    bool       user_graph;       /* cudaStreamBeginCaptureToGraph: not ours to free */
    rt_stream *origin;
} rt_capture;

/* What a capturing stream carries (rt_stream.cap). */
typedef struct rt_capstate {
    rt_capture *c;
    rt_gnode  **deps;            /* what the next captured op depends on */
    size_t      n, cap;
    uintptr_t  *handles;         /* deps as handles, for cudaStreamGetCaptureInfo */
} rt_capstate;

/* An event recorded inside a capture: the nodes a wait on it joins. */
typedef struct rt_cap_event {
    rt_event   *ev;
    uint32_t    gen;
    rt_capture *c;
    rt_gnode  **deps;
    size_t      n;
} rt_cap_event;

/* The per-thread capture interaction mode (cudaThreadExchangeStreamCaptureMode). */
typedef struct rt_thread_mode {
    pthread_t thread;
    int       mode;
} rt_thread_mode;

struct rt_graph_reg {
    rt_htable       graphs, nodes, execs;
    rt_capture    **caps;        /* active capture sequences */
    size_t          ncaps;
    rt_cap_event   *cevents;
    size_t          ncevents;
    rt_thread_mode *modes;
    size_t          nmodes;
    uint64_t        next_capture_id;
};

/* graph.c — with q->lock held */
struct rt_graph_reg *rt_greg(rt_queue *q);    /* created on first use; NULL: no memory */
rt_graph *rt_graph_get(rt_queue *q, uintptr_t h);
rt_gnode *rt_gnode_get(rt_queue *q, uintptr_t h);
rt_gexec *rt_gexec_get(rt_queue *q, uintptr_t h);
uintptr_t rt_gnode_handle(rt_queue *q, const rt_gnode *n);
uintptr_t rt_graph_handle(rt_queue *q, const rt_graph *g);
bool      rt_htable_add(rt_htable *t, void *obj, size_t *slot);
void      rt_htable_del(rt_htable *t, size_t slot);
void      rt_htable_free(rt_htable *t);
rt_graph *rt_graph_new(rt_queue *q);
void      rt_graph_free(rt_queue *q, rt_graph *g);
/* A deep copy of g (child graphs included); NULL: no memory. */
rt_graph *rt_graph_clone_locked(rt_queue *q, const rt_graph *g);
bool      rt_gnode_add_dep(rt_gnode *n, rt_gnode *dep);
/* A node of g holding `ops` (taken) after deps; NULL: no memory (ops freed). */
rt_gnode *rt_graph_insert(rt_queue *q, rt_graph *g, int type, rt_op *ops, size_t nops,
                          rt_gnode *const *deps, size_t ndeps);
void      rt_gnode_free_payload(rt_gnode *n);
/* Deep copy of n's payload (ops, argv) into out; false: no memory. */
bool      rt_gnode_copy_payload(rt_gnode *out, const rt_gnode *n);

bool      rt_gnode_make_argv(rt_gnode *n);

/* graph_exec.c — with q->lock held */
void      rt_graph_exec_free(rt_queue *q, rt_gexec *x);

/* graph_nodes.c */
/* The ops for a node of `type` from its parameters (rt_kernel_node,
 * rt_copy3d, rt_memset_node or rt_host_call_params); checks them. */
rt_error  rt_gnode_build(rt_context *ctx, int type, const void *params, rt_op **ops,
                         size_t *nops);
/* With q->lock held: replaces n's payload by ops (taken) if n is of `type`. */
rt_error  rt_gnode_replace(rt_gnode *n, int type, rt_op *ops, size_t nops);

/* graph_capture.c — with q->lock held */
void      rt_capstate_free(rt_capstate *cs);
void      rt_greg_free(rt_queue *q);
/* Turns op (taken) for capturing stream s into a node of its capture. */
rt_error  rt_capture_op(rt_context *ctx, rt_stream *s, rt_op *op);
/* Work on the legacy stream while a blocking stream captures would make it
 * depend on the capture: cudaErrorStreamCaptureImplicit (capture invalidated). */
rt_error  rt_capture_check_implicit(rt_context *ctx, rt_stream *s);
/* An implicit synchronisation (cudaMemcpy, cudaDeviceSynchronize ...) by
 * the calling thread: cudaErrorStreamCaptureUnsupported when its capture
 * mode prohibits it (the captures concerned are invalidated). */
rt_error  rt_capture_check_sync(rt_context *ctx);
/* Invalidates the capture s belongs to (a prohibited call on it). */
void      rt_capture_invalidate(rt_stream *s);
/* Whether ev's last record was into a capture (cudaErrorCapturedEvent for
 * cudaEventQuery / cudaEventSynchronize: there is no work to look at). */
bool      rt_capture_event_captured(rt_queue *q, const rt_event *ev);
/* A record outside capture: the event no longer names captured nodes. */
void      rt_capture_forget_event(rt_queue *q, rt_event *ev);
/* cudaStreamWaitEvent during capture: joins s to the event's capture. */
rt_error  rt_capture_wait_event(rt_context *ctx, rt_stream *s, rt_event *ev);

/* stream_queue.c — op copies and frees */
void      rt_op_free(rt_op *op);
void      rt_op_fini(rt_op *op);   /* frees what op owns, not op */
/* A deep copy of template t (owned buffers duplicated); false: no memory. */
bool      rt_op_copy(rt_op *out, const rt_op *t);
/* Appends op to stream s with q->lock held (no capture check). */
void      rt_queue_append_locked(rt_context *ctx, rt_stream *s, rt_op *op);
/* rt_queue_submit with q->lock held and the stream resolved. */
rt_error  rt_queue_submit_locked(rt_context *ctx, rt_stream *s, rt_op *op, uint64_t *seq);

#endif
