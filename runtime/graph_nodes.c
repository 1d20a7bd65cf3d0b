/* runtime/graph_nodes.c — node payloads: the queue ops a kernel, copy,
 * memset, host or event node stands for, built (and checked) when the node
 * is added or its parameters are set; and the add_* entry points. */
#include "runtime/graph.h"

#include <stdlib.h>
#include <string.h>

/* Checks the launch and packs the arguments now (CUDA copies them at add). */
static rt_error kernel_ops(rt_context *ctx, const rt_kernel_node *p, rt_op **ops, size_t *n)
{
    char why[512];
    if (!p || !p->kernel)
        return RT_cudaErrorInvalidDeviceFunction;
    rt_op *op = calloc(1, sizeof *op);
    if (!op)
        return RT_cudaErrorMemoryAllocation;
    pthread_mutex_lock(&ctx->lock);
    rt_error e = rt_kernel_prepare(ctx, p->kernel);
    if (!e && (e = rt_check_launch(ctx, p->kernel, p->grid, p->block, p->dyn_smem, why,
                                   sizeof why)))
        fprintf(ctx->diag, "cobalt: kernel node %s: %s\n", p->kernel->name, why);
    if (!e) {
        const isa_kernel *k = p->kernel->isa;
        op->bank0 = malloc(k->param_size ? k->param_size : 1);
        if (!op->bank0)
            e = RT_cudaErrorMemoryAllocation;
        else if (!rt_pack_params(k, p->args, op->bank0, k->param_size, why, sizeof why)) {
            fprintf(ctx->diag, "cobalt: kernel node %s: %s\n", p->kernel->name, why);
            e = RT_cudaErrorInvalidValue;
        }
    }
    pthread_mutex_unlock(&ctx->lock);
    if (e) {
        rt_op_free(op);
        return e;
    }
    op->kind = RT_OP_KERNEL;
    op->kernel = p->kernel;
    op->grid = p->grid;
    op->block = p->block;
    op->dyn = p->dyn_smem;
    *ops = op;
    *n = 1;
    return RT_cudaSuccess;
}

/* One 1D copy, or one 2D copy per slice. */
static rt_error copy_ops(rt_context *ctx, const rt_copy3d *p, rt_op **ops, size_t *n)
{
    if (!p || p->kind < RT_MEMCPY_H2H || p->kind > RT_MEMCPY_DEFAULT)
        return p ? RT_cudaErrorInvalidMemcpyDirection : RT_cudaErrorInvalidValue;
    if (!p->width || !p->height || !p->depth || !p->dst || !p->src)
        return RT_cudaErrorInvalidValue;
    bool flat = p->height == 1 && p->depth == 1;
    if (!flat && (p->width > p->dpitch || p->width > p->spitch ||
                  (p->depth > 1 && (p->height > p->dheight || p->height > p->sheight))))
        return RT_cudaErrorInvalidPitchValue;
    if (flat) {
        rt_error e = rt_memcpy_check(ctx, p->dst, p->src, p->width, p->kind);
        if (e)
            return e;
    }
    rt_op *o = calloc(p->depth, sizeof *o);
    if (!o)
        return RT_cudaErrorMemoryAllocation;
    for (size_t z = 0; z < p->depth; z++) {
        o[z] = (rt_op){ .kind = flat ? RT_OP_COPY : RT_OP_COPY2D,
                        .dst = (uint8_t *)p->dst + z * p->dpitch * p->dheight,
                        .src = (const uint8_t *)p->src + z * p->spitch * p->sheight,
                        .n = p->width, .dpitch = p->dpitch, .spitch = p->spitch,
                        .width = p->width, .height = p->height, .copy_kind = p->kind };
    }
    *ops = o;
    *n = p->depth;
    return RT_cudaSuccess;
}

/* Bytes: one RT_OP_SET per row; wider elements whose bytes differ: a copy
 * of a pattern row (the queue's set op is bytewise). */
static rt_error memset_ops(rt_context *ctx, const rt_memset_node *p, rt_op **ops, size_t *n)
{
    if (!p || !p->dst || (p->elem_size != 1 && p->elem_size != 2 && p->elem_size != 4))
        return RT_cudaErrorInvalidValue;
    if (!p->width || !p->height)
        return RT_cudaErrorInvalidValue;
    size_t row = p->width * p->elem_size;
    if (p->height > 1 && p->pitch < row)
        return RT_cudaErrorInvalidPitchValue;
    if (p->elem_size < 4 && (p->value >> (8 * p->elem_size)))
        return RT_cudaErrorInvalidValue;
    uint8_t b[4];
    memcpy(b, &p->value, 4);
    bool bytes = p->elem_size == 1 || (b[0] == b[1] && (p->elem_size == 2 ||
                                                         (b[1] == b[2] && b[2] == b[3])));
    size_t span = (p->height - 1) * p->pitch + row;
    if (!sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)p->dst, span))
        return RT_cudaErrorInvalidValue;
    rt_op *o = calloc(p->height, sizeof *o);
    if (!o)
        return RT_cudaErrorMemoryAllocation;
    for (size_t y = 0; y < p->height; y++) {
        o[y] = (rt_op){ .kind = bytes ? RT_OP_SET : RT_OP_COPY,
                        .dst = (uint8_t *)p->dst + y * p->pitch, .n = row,
                        .value = b[0], .copy_kind = RT_MEMCPY_H2D };
        /* H2D, not Default: the pattern is fresh host memory, which may
         * reuse the range of a freed allocation that Default would take for
         * a use after free */
        if (!bytes) {
            uint8_t *pat = malloc(row);
            if (!pat)
                goto err;
            for (size_t i = 0; i < row; i += p->elem_size)
                memcpy(pat + i, &p->value, p->elem_size);   /* little-endian element */
            o[y].staged = pat;
            o[y].src = pat;
        }
    }
    *ops = o;
    *n = p->height;
    return RT_cudaSuccess;
err:
    for (size_t y = 0; y < p->height; y++)
        rt_op_fini(&o[y]);
    free(o);
    return RT_cudaErrorMemoryAllocation;
}

static rt_error host_ops(rt_host_fn fn, const void *data, size_t size, rt_op **ops, size_t *n)
{
    if (!fn || (size && !data))
        return RT_cudaErrorInvalidValue;
    rt_op *o = calloc(1, sizeof *o);
    void *copy = malloc(size ? size : 1);
    if (!o || !copy) {
        free(o);
        free(copy);
        return RT_cudaErrorMemoryAllocation;
    }
    if (size)
        memcpy(copy, data, size);
    *o = (rt_op){ .kind = RT_OP_HOST, .fn = fn, .user = copy, .user_size = size ? size : 1 };
    *ops = o;
    *n = 1;
    return RT_cudaSuccess;
}

/* Adds a node of `type` with its built ops after the dependency handles. */
static rt_error add_node(rt_context *ctx, uintptr_t h, const uintptr_t *deps, size_t ndeps,
                         int type, rt_op *ops, size_t nops, uintptr_t event, uintptr_t *out)
{
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaErrorInvalidValue;
    rt_gnode **d = calloc(ndeps ? ndeps : 1, sizeof *d);
    pthread_mutex_lock(&q->lock);
    rt_graph *g = rt_graph_get(q, h);
    if (!g || !out || (ndeps && !deps))
        goto fail;
    e = RT_cudaErrorMemoryAllocation;
    if (!d)
        goto fail;
    e = RT_cudaErrorInvalidValue;
    for (size_t i = 0; i < ndeps; i++)
        if (!(d[i] = rt_gnode_get(q, deps[i])) || d[i]->graph != g)
            goto fail;
    rt_gnode *n = rt_graph_insert(q, g, type, ops, nops, d, ndeps);
    ops = NULL;
    e = n ? RT_cudaSuccess : RT_cudaErrorMemoryAllocation;
    if (n) {
        n->event = event;
        *out = rt_gnode_handle(q, n);
    }
fail:
    pthread_mutex_unlock(&q->lock);
    for (size_t i = 0; ops && i < nops; i++)
        rt_op_fini(&ops[i]);
    free(ops);
    free(d);
    return e;
}

rt_error rt_graph_add_kernel(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                             const rt_kernel_node *p, uintptr_t *node)
{
    rt_op *ops;
    size_t nops;
    rt_error e = kernel_ops(ctx, p, &ops, &nops);
    return e ? e : add_node(ctx, graph, deps, n, RT_GNODE_KERNEL, ops, nops, 0, node);
}

rt_error rt_graph_add_copy(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                           const rt_copy3d *p, uintptr_t *node)
{
    rt_op *ops;
    size_t nops;
    rt_error e = copy_ops(ctx, p, &ops, &nops);
    return e ? e : add_node(ctx, graph, deps, n, RT_GNODE_MEMCPY, ops, nops, 0, node);
}

rt_error rt_graph_add_memset(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                             const rt_memset_node *p, uintptr_t *node)
{
    rt_op *ops;
    size_t nops;
    rt_error e = memset_ops(ctx, p, &ops, &nops);
    return e ? e : add_node(ctx, graph, deps, n, RT_GNODE_MEMSET, ops, nops, 0, node);
}

rt_error rt_graph_add_host(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                           rt_host_fn fn, const void *data, size_t size, uintptr_t *node)
{
    rt_op *ops;
    size_t nops;
    rt_error e = host_ops(fn, data, size, &ops, &nops);
    return e ? e : add_node(ctx, graph, deps, n, RT_GNODE_HOST, ops, nops, 0, node);
}

rt_error rt_graph_add_empty(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                            uintptr_t *node)
{
    return add_node(ctx, graph, deps, n, RT_GNODE_EMPTY, NULL, 0, 0, node);
}

/* CUDA clones the child into the node; the clone is flattened into the
 * parent's ops at each instantiation (so changes made through
 * rt_graph_child's handle count, as in CUDA). */
rt_error rt_graph_add_child(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                            uintptr_t child, uintptr_t *node)
{
    rt_queue *q = &ctx->q;
    uintptr_t out = 0;
    if (!node)
        return RT_cudaErrorInvalidValue;
    rt_error e = add_node(ctx, graph, deps, n, RT_GNODE_GRAPH, NULL, 0, 0, &out);
    if (e)
        return e;
    pthread_mutex_lock(&q->lock);
    rt_gnode *x = rt_gnode_get(q, out);
    rt_graph *c = rt_graph_get(q, child);
    e = RT_cudaErrorInvalidValue;
    if (x && c && c != x->graph) {
        x->child = rt_graph_clone_locked(q, c);
        e = x->child ? RT_cudaSuccess : RT_cudaErrorMemoryAllocation;
        if (x->child)
            x->child->embedded = true;
    }
    pthread_mutex_unlock(&q->lock);
    if (e)
        rt_graph_destroy_node(ctx, out);   /* undo the node */
    else
        *node = out;
    return e;
}

rt_error rt_graph_child(rt_context *ctx, uintptr_t node, uintptr_t *child)
{
    if (!child)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->q.lock);
    rt_gnode *n = rt_gnode_get(&ctx->q, node);
    bool ok = n && n->type == RT_GNODE_GRAPH && n->child;
    if (ok)
        *child = rt_graph_handle(&ctx->q, n->child);
    pthread_mutex_unlock(&ctx->q.lock);
    return ok ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

/* The event is looked up again at each launch (it may be destroyed). */
rt_error rt_graph_add_event(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                            int type, uintptr_t event, uintptr_t *node)
{
    if (type != RT_GNODE_EVENT_RECORD && type != RT_GNODE_WAIT_EVENT)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->q.lock);
    bool ok = rt_event_lookup(&ctx->q, event) != NULL;
    pthread_mutex_unlock(&ctx->q.lock);
    if (!ok)
        return RT_cudaErrorInvalidResourceHandle;
    return add_node(ctx, graph, deps, n, type, NULL, 0, event, node);
}

/* Replaces n's payload by ops (taken) when its type is `type`. */
rt_error rt_gnode_replace(rt_gnode *n, int type, rt_op *ops, size_t nops)
{
    if (n->type != type) {
        for (size_t i = 0; i < nops; i++)
            rt_op_fini(&ops[i]);
        free(ops);
        return RT_cudaErrorInvalidValue;
    }
    rt_gnode_free_payload(n);
    n->ops = ops;
    n->nops = nops;
    return rt_gnode_make_argv(n) ? RT_cudaSuccess : RT_cudaErrorMemoryAllocation;
}

/* Builds the ops for a node kind from its parameters (for the setters). */
rt_error rt_gnode_build(rt_context *ctx, int type, const void *params, rt_op **ops,
                        size_t *nops)
{
    switch (type) {
    case RT_GNODE_KERNEL:
        return kernel_ops(ctx, params, ops, nops);
    case RT_GNODE_MEMCPY:
        return copy_ops(ctx, params, ops, nops);
    case RT_GNODE_MEMSET:
        return memset_ops(ctx, params, ops, nops);
    default: {
        const rt_host_call_params *h = params;
        return host_ops(h->fn, h->data, h->size, ops, nops);
    }
    }
}
