/* runtime/graph_exec.c — executable graphs: instantiation (topological
 * order), launch into a stream, parameter updates and cudaGraphExecUpdate;
 * plus the parameter getters/setters of graph nodes. */
#include "runtime/graph.h"

#include <stdlib.h>
#include <string.h>

void rt_graph_exec_free(rt_queue *q, rt_gexec *x)
{
    for (size_t i = 0; i < x->n; i++) {
        if (!x->nodes[i])
            continue;
        rt_gnode_free_payload(x->nodes[i]);
        free(x->nodes[i]->deps);
        free(x->nodes[i]);
    }
    free(x->nodes);
    free(x->order);
    free(x->origin);
    rt_htable_del(&q->greg->execs, x->slot);
    free(x);
}

/* Min-heap of node indices: among ready nodes, the one added first runs
 * first, so the order is deterministic. */
static void heap_push(size_t *h, size_t *n, size_t v)
{
    size_t i = (*n)++;
    for (; i && h[(i - 1) / 2] > v; i = (i - 1) / 2)
        h[i] = h[(i - 1) / 2];
    h[i] = v;
}

static size_t heap_pop(size_t *h, size_t *n)
{
    size_t top = h[0], v = h[--*n], i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && h[c + 1] < h[c])
            c++;
        if (h[c] >= v)
            break;
        h[i] = h[c];
        i = c;
    }
    if (*n)
        h[i] = v;
    return top;
}

/* Kahn's algorithm over g; false: a cycle (or no memory, *nomem set). */
static bool topo_order(const rt_graph *g, size_t *order, bool *nomem)
{
    size_t n = g->n, *indeg = calloc(n + 1, sizeof *indeg), *heap = calloc(n + 1, sizeof *heap);
    size_t *succ_start = calloc(n + 2, sizeof *succ_start), nedges = 0, hn = 0, done = 0;
    for (size_t i = 0; i < n; i++) {
        g->nodes[i]->idx = i;
        nedges += g->nodes[i]->ndeps;
    }
    size_t *succ = calloc(nedges + 1, sizeof *succ), *fill = calloc(n + 1, sizeof *fill);
    bool ok = false;
    *nomem = !indeg || !heap || !succ_start || !succ || !fill;
    if (*nomem)
        goto out;
    for (size_t i = 0; i < n; i++)
        for (size_t d = 0; d < g->nodes[i]->ndeps; d++)
            succ_start[g->nodes[i]->deps[d]->idx + 1]++;
    for (size_t i = 0; i < n; i++)
        succ_start[i + 1] += succ_start[i];
    for (size_t i = 0; i < n; i++) {
        indeg[i] = g->nodes[i]->ndeps;
        for (size_t d = 0; d < g->nodes[i]->ndeps; d++) {
            size_t from = g->nodes[i]->deps[d]->idx;
            succ[succ_start[from] + fill[from]++] = i;
        }
        if (!indeg[i])
            heap_push(heap, &hn, i);
    }
    while (hn) {
        size_t v = heap_pop(heap, &hn);
        order[done++] = v;
        for (size_t s = succ_start[v]; s < succ_start[v + 1]; s++)
            if (--indeg[succ[s]] == 0)
                heap_push(heap, &hn, succ[s]);
    }
    ok = done == n;
out:
    free(indeg);
    free(heap);
    free(succ_start);
    free(succ);
    free(fill);
    return ok;
}

/* Appends copies of g's ops in its topological order to ops[*n..] (child
 * graphs flattened: a graph's ops run in one stream in order anyway). */
static rt_error flatten(rt_context *ctx, const rt_graph *g, rt_op **ops, size_t *n, size_t *cap)
{
    bool nomem = false;
    size_t *order = calloc(g->n + 1, sizeof *order);
    rt_error e = RT_cudaErrorMemoryAllocation;
    if (!order || !topo_order(g, order, &nomem)) {
        free(order);
        return nomem || !order ? e : RT_cudaErrorInvalidValue;
    }
    e = RT_cudaSuccess;
    for (size_t o = 0; !e && o < g->n; o++) {
        const rt_gnode *m = g->nodes[order[o]];
        if (m->type == RT_GNODE_GRAPH) {
            e = flatten(ctx, m->child, ops, n, cap);
            continue;
        }
        if (m->type == RT_GNODE_EVENT_RECORD || m->type == RT_GNODE_WAIT_EVENT) {
            fprintf(ctx->diag, "cobalt: cudaGraphInstantiate: event record/wait nodes inside "
                    "a child graph are not supported\n");
            e = RT_cudaErrorNotSupported;
            break;
        }
        for (size_t i = 0; !e && i < m->nops; i++) {
            if (*n == *cap) {
                size_t c2 = *cap ? 2 * *cap : 8;
                rt_op *a = realloc(*ops, c2 * sizeof *a);
                if (!a) {
                    e = RT_cudaErrorMemoryAllocation;
                    break;
                }
                *ops = a;
                *cap = c2;
            }
            if (!rt_op_copy(&(*ops)[*n], &m->ops[i]))
                e = RT_cudaErrorMemoryAllocation;
            else
                (*n)++;
        }
    }
    free(order);
    return e;
}

/* The exec's copy of node n: its ops, or a child graph's flattened. */
static rt_error exec_payload(rt_context *ctx, rt_gnode *out, const rt_gnode *n)
{
    if (n->type != RT_GNODE_GRAPH)
        return rt_gnode_copy_payload(out, n) ? RT_cudaSuccess : RT_cudaErrorMemoryAllocation;
    size_t cap = 0;
    *out = (rt_gnode){ .type = n->type };
    rt_error e = flatten(ctx, n->child, &out->ops, &out->nops, &cap);
    if (e)
        rt_gnode_free_payload(out);
    return e;
}

rt_error rt_graph_instantiate(rt_context *ctx, uintptr_t *out, uintptr_t h,
                              unsigned long long flags)
{
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaErrorInvalidValue;
    bool nomem = false;
    if (!out)
        return e;
    pthread_mutex_lock(&q->lock);
    rt_graph *g = rt_graph_get(q, h);
    rt_gexec *x = g ? calloc(1, sizeof *x) : NULL;
    if (!g)
        goto out;
    if (flags) {   /* auto-free, upload, device launch, priority: not modelled */
        fprintf(ctx->diag, "cobalt: cudaGraphInstantiate: flags %#llx are not supported "
                "(only 0)\n", flags);
        goto out;
    }
    e = RT_cudaErrorMemoryAllocation;
    if (!x || !rt_htable_add(&q->greg->execs, x, &x->slot)) {
        free(x);
        goto out;
    }
    x->n = g->n;
    x->nodes = calloc(g->n + 1, sizeof *x->nodes);
    x->order = calloc(g->n + 1, sizeof *x->order);
    x->origin = calloc(g->n + 1, sizeof *x->origin);
    if (!x->nodes || !x->order || !x->origin)
        goto err;
    if (!topo_order(g, x->order, &nomem)) {
        if (!nomem) {
            fprintf(ctx->diag, "cobalt: cudaGraphInstantiate: the graph has a cycle\n");
            e = RT_cudaErrorInvalidValue;
        }
        goto err;
    }
    for (size_t i = 0; i < g->n; i++) {
        rt_gnode *c = calloc(1, sizeof *c);
        if (!c || (e = exec_payload(ctx, c, g->nodes[i]))) {
            e = c ? e : RT_cudaErrorMemoryAllocation;
            free(c);
            goto err;
        }
        x->nodes[i] = c;
        c->idx = i;
        x->origin[i] = rt_gnode_handle(q, g->nodes[i]);
    }
    e = RT_cudaErrorMemoryAllocation;
    for (size_t i = 0; i < g->n; i++)   /* edges, for cudaGraphExecUpdate's check */
        for (size_t d = 0; d < g->nodes[i]->ndeps; d++)
            if (!rt_gnode_add_dep(x->nodes[i], x->nodes[g->nodes[i]->deps[d]->idx]))
                goto err;
    *out = rt_handle_make(RT_HANDLE_GEXEC, q->greg->execs.gen[x->slot], x->slot);
    e = RT_cudaSuccess;
    goto out;
err:
    rt_graph_exec_free(q, x);
out:
    pthread_mutex_unlock(&q->lock);
    return e;
}

rt_error rt_graph_exec_destroy(rt_context *ctx, uintptr_t h)
{
    pthread_mutex_lock(&ctx->q.lock);
    rt_gexec *x = rt_gexec_get(&ctx->q, h);
    if (x)   /* queued ops are copies: launched work still completes */
        rt_graph_exec_free(&ctx->q, x);
    pthread_mutex_unlock(&ctx->q.lock);
    return x ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

/* The ops of one launch, in order (event records resolved now). */
static rt_error launch_ops(rt_context *ctx, rt_gexec *x, rt_op ***out, size_t *nout)
{
    size_t total = 0, k = 0;
    for (size_t i = 0; i < x->n; i++)
        total += x->nodes[i]->type == RT_GNODE_EVENT_RECORD ||
                 x->nodes[i]->type == RT_GNODE_WAIT_EVENT ? 1 : x->nodes[i]->nops;
    rt_op **ops = calloc(total + 1, sizeof *ops);
    if (!ops)
        return RT_cudaErrorMemoryAllocation;
    for (size_t o = 0; o < x->n; o++) {
        rt_gnode *n = x->nodes[x->order[o]];
        if (n->type == RT_GNODE_EVENT_RECORD) {
            rt_event *ev = rt_event_lookup(&ctx->q, n->event);
            if (!ev || !(ops[k] = calloc(1, sizeof **ops)))
                goto err;
            *ops[k++] = (rt_op){ .kind = RT_OP_RECORD, .event = ev };
            continue;
        }
        /* a wait node: the worker holds what follows back until the
         * record's stream reached it (nothing to wait for: no op) */
        if (n->type == RT_GNODE_WAIT_EVENT) {
            rt_event *ev = rt_event_lookup(&ctx->q, n->event);
            if (!ev || !ev->rec_seq || rt_seq_done_locked(&ctx->q, ev->rec_seq))
                continue;
            if (!(ops[k] = calloc(1, sizeof **ops)))
                goto err;
            *ops[k++] = (rt_op){ .kind = RT_OP_WAIT, .wait_stream = ev->rec_stream,
                                 .wait_seq = ev->rec_seq };
            continue;
        }
        for (size_t i = 0; i < n->nops; i++) {
            if (!(ops[k] = malloc(sizeof **ops)))
                goto err;
            if (!rt_op_copy(ops[k], &n->ops[i])) {
                free(ops[k]);
                goto err;
            }
            k++;
        }
    }
    *out = ops;
    *nout = k;
    return RT_cudaSuccess;
err:
    for (size_t i = 0; i < k; i++)
        rt_op_free(ops[i]);
    free(ops);
    return RT_cudaErrorInvalidResourceHandle;   /* or no memory: both abort the launch */
}

/* Binds the exec's kernels to their code again if a cudaDeviceReset
 * unloaded the modules since instantiation (no lock held on entry). */
static rt_error prepare_kernels(rt_context *ctx, uintptr_t h)
{
    rt_queue *q = &ctx->q;
    rt_kernel **ks = NULL;
    size_t nk = 0;
    rt_error e = RT_cudaSuccess;
    pthread_mutex_lock(&q->lock);
    rt_gexec *x = rt_gexec_get(q, h);
    for (size_t i = 0; x && i < x->n; i++)
        for (size_t o = 0; o < x->nodes[i]->nops; o++)
            nk += x->nodes[i]->ops[o].kind == RT_OP_KERNEL;
    if (nk && !(ks = calloc(nk, sizeof *ks)))
        e = RT_cudaErrorMemoryAllocation;
    nk = 0;
    for (size_t i = 0; ks && x && i < x->n; i++)
        for (size_t o = 0; o < x->nodes[i]->nops; o++)
            if (x->nodes[i]->ops[o].kind == RT_OP_KERNEL)
                ks[nk++] = x->nodes[i]->ops[o].kernel;
    pthread_mutex_unlock(&q->lock);
    pthread_mutex_lock(&ctx->lock);
    for (size_t i = 0; i < nk && !e; i++)
        e = rt_kernel_prepare(ctx, ks[i]);
    pthread_mutex_unlock(&ctx->lock);
    free(ks);
    return e;
}

/* All the graph's ops enter the queue under one lock hold: contiguous. */
rt_error rt_graph_launch(rt_context *ctx, uintptr_t h, uintptr_t stream)
{
    rt_queue *q = &ctx->q;
    rt_error e = rt_sticky_error(ctx);
    if (e || (e = prepare_kernels(ctx, h)))
        return e;
    pthread_mutex_lock(&q->lock);
    rt_gexec *x = rt_gexec_get(q, h);
    rt_stream *s = rt_stream_lookup(q, stream);
    rt_op **ops = NULL;
    size_t n = 0;
    if (!x || !s)
        e = !x ? RT_cudaErrorInvalidValue : RT_cudaErrorInvalidResourceHandle;
    else
        e = launch_ops(ctx, x, &ops, &n);
    for (size_t i = 0; i < n; i++) {
        if (s && s->cap && ops[i]->kind == RT_OP_WAIT) {   /* captured: order is the graph's */
            rt_op_free(ops[i]);
            continue;
        }
        rt_error f = e ? (rt_op_free(ops[i]), e) : rt_queue_submit_locked(ctx, s, ops[i], NULL);
        if (!e)
            e = f;
    }
    pthread_mutex_unlock(&q->lock);
    free(ops);
    return e;
}

/* Nothing to upload: the simulator's device memory is host memory and the
 * exec's ops are already built, so a launch costs the same either way. */
rt_error rt_graph_upload(rt_context *ctx, uintptr_t h, uintptr_t stream)
{
    pthread_mutex_lock(&ctx->q.lock);
    bool x = rt_gexec_get(&ctx->q, h) != NULL, s = rt_stream_lookup(&ctx->q, stream) != NULL;
    pthread_mutex_unlock(&ctx->q.lock);
    return !x ? RT_cudaErrorInvalidValue : !s ? RT_cudaErrorInvalidResourceHandle
                                              : RT_cudaSuccess;
}

/* Sets the parameters of graph node `node`, or of its copy in exec `xh`. */
static rt_error set_params(rt_context *ctx, uintptr_t xh, uintptr_t node, int type,
                           const void *params)
{
    rt_op *ops;
    size_t nops;
    rt_error e = rt_gnode_build(ctx, type, params, &ops, &nops);
    if (e)
        return e;
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    rt_gnode *target = NULL;
    if (xh) {
        rt_gexec *x = rt_gexec_get(q, xh);
        for (size_t i = 0; x && i < x->n && !target; i++)
            if (x->origin[i] == node)
                target = x->nodes[i];
    } else {
        target = rt_gnode_get(q, node);
    }
    if (target) {
        e = rt_gnode_replace(target, type, ops, nops);
    } else {
        for (size_t i = 0; i < nops; i++)
            rt_op_fini(&ops[i]);
        free(ops);
        e = RT_cudaErrorInvalidValue;
    }
    pthread_mutex_unlock(&q->lock);
    return e;
}

rt_error rt_graph_kernel_set(rt_context *ctx, uintptr_t node, const rt_kernel_node *p)
{
    return set_params(ctx, 0, node, RT_GNODE_KERNEL, p);
}

rt_error rt_graph_exec_kernel_set(rt_context *ctx, uintptr_t exec, uintptr_t node,
                                  const rt_kernel_node *p)
{
    return exec ? set_params(ctx, exec, node, RT_GNODE_KERNEL, p) : RT_cudaErrorInvalidValue;
}

rt_error rt_graph_exec_copy_set(rt_context *ctx, uintptr_t exec, uintptr_t node,
                                const rt_copy3d *p)
{
    return exec ? set_params(ctx, exec, node, RT_GNODE_MEMCPY, p) : RT_cudaErrorInvalidValue;
}

rt_error rt_graph_exec_memset_set(rt_context *ctx, uintptr_t exec, uintptr_t node,
                                  const rt_memset_node *p)
{
    return exec ? set_params(ctx, exec, node, RT_GNODE_MEMSET, p) : RT_cudaErrorInvalidValue;
}

rt_error rt_graph_exec_host_set(rt_context *ctx, uintptr_t exec, uintptr_t node, rt_host_fn fn,
                                const void *data, size_t size)
{
    rt_host_call_params h = { fn, data, size };
    return exec ? set_params(ctx, exec, node, RT_GNODE_HOST, &h) : RT_cudaErrorInvalidValue;
}

rt_error rt_graph_copy_set(rt_context *ctx, uintptr_t node, const rt_copy3d *p)
{
    return set_params(ctx, 0, node, RT_GNODE_MEMCPY, p);
}

rt_error rt_graph_host_set(rt_context *ctx, uintptr_t node, rt_host_fn fn, const void *data,
                           size_t size)
{
    rt_host_call_params h = { fn, data, size };
    return set_params(ctx, 0, node, RT_GNODE_HOST, &h);
}

/* Rebuilt from the ops copy_ops made: one per slice, positions applied. */
rt_error rt_graph_copy_get(rt_context *ctx, uintptr_t node, rt_copy3d *p)
{
    if (!p)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->q.lock);
    rt_gnode *n = rt_gnode_get(&ctx->q, node);
    bool ok = n && n->type == RT_GNODE_MEMCPY && n->nops >= 1;
    if (ok) {
        const rt_op *o = n->ops;
        bool flat = o->kind == RT_OP_COPY;
        *p = (rt_copy3d){ .dst = o->dst, .src = o->src, .dpitch = o->dpitch,
                          .spitch = o->spitch, .width = flat ? o->n : o->width,
                          .height = flat ? 1 : o->height, .depth = n->nops,
                          .dheight = flat ? 1 : o->height, .sheight = flat ? 1 : o->height,
                          .kind = o->copy_kind };
        if (n->nops > 1 && o->dpitch && o->spitch) {
            p->dheight = (size_t)((const uint8_t *)o[1].dst - (const uint8_t *)o->dst) /
                         o->dpitch;
            p->sheight = (size_t)((const uint8_t *)o[1].src - (const uint8_t *)o->src) /
                         o->spitch;
        }
    }
    pthread_mutex_unlock(&ctx->q.lock);
    return ok ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

rt_error rt_graph_kernel_get(rt_context *ctx, uintptr_t node, rt_kernel_node *p)
{
    if (!p)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->q.lock);
    rt_gnode *n = rt_gnode_get(&ctx->q, node);
    bool ok = n && n->type == RT_GNODE_KERNEL && n->nops == 1;
    if (ok)
        *p = (rt_kernel_node){ .kernel = n->ops[0].kernel, .grid = n->ops[0].grid,
                               .block = n->ops[0].block, .dyn_smem = n->ops[0].dyn,
                               .args = n->argv };
    pthread_mutex_unlock(&ctx->q.lock);
    return ok ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

rt_error rt_graph_host_get(rt_context *ctx, uintptr_t node, const void **data)
{
    if (!data)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->q.lock);
    rt_gnode *n = rt_gnode_get(&ctx->q, node);
    bool ok = n && n->type == RT_GNODE_HOST && n->nops == 1;
    if (ok)
        *data = n->ops[0].user;
    pthread_mutex_unlock(&ctx->q.lock);
    return ok ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

/* Same node count, types (in add order) and edges; kernels may change
 * function and configuration (our ops carry them whole). */
static int update_check(const rt_gexec *x, const rt_graph *g, size_t *bad)
{
    if (x->n != g->n) {
        *bad = SIZE_MAX;
        return RT_UPDATE_TOPOLOGY;
    }
    for (size_t i = 0; i < g->n; i++) {
        g->nodes[i]->idx = i;
        *bad = i;
        if (g->nodes[i]->type != x->nodes[i]->type)
            return RT_UPDATE_NODE_TYPE;
    }
    for (size_t i = 0; i < g->n; i++) {
        *bad = i;
        const rt_gnode *a = g->nodes[i], *b = x->nodes[i];
        if (a->ndeps != b->ndeps)
            return RT_UPDATE_TOPOLOGY;
        for (size_t d = 0; d < a->ndeps; d++) {
            bool found = false;
            for (size_t k = 0; k < b->ndeps && !found; k++)
                found = b->deps[k]->idx == a->deps[d]->idx;
            if (!found)
                return RT_UPDATE_TOPOLOGY;
        }
    }
    return RT_UPDATE_SUCCESS;
}

rt_error rt_graph_exec_update(rt_context *ctx, uintptr_t xh, uintptr_t gh, int *result,
                              uintptr_t *err_node)
{
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaErrorInvalidValue;
    int r = RT_UPDATE_ERROR;
    size_t bad = SIZE_MAX;
    uintptr_t bad_h = 0;
    pthread_mutex_lock(&q->lock);
    rt_gexec *x = rt_gexec_get(q, xh);
    rt_graph *g = rt_graph_get(q, gh);
    if (!x || !g)
        goto out;
    r = update_check(x, g, &bad);
    if (r != RT_UPDATE_SUCCESS) {
        bad_h = bad < g->n ? rt_gnode_handle(q, g->nodes[bad]) : 0;
        e = RT_cudaErrorGraphExecUpdateFailure;
        goto out;
    }
    /* build every copy first: all or nothing */
    rt_gnode *fresh = calloc(g->n + 1, sizeof *fresh);
    size_t made = 0;
    e = RT_cudaErrorMemoryAllocation;
    for (; fresh && made < g->n; made++)
        if (exec_payload(ctx, &fresh[made], g->nodes[made]))
            break;
    if (fresh && made == g->n) {
        for (size_t i = 0; i < g->n; i++) {
            rt_gnode_free_payload(x->nodes[i]);
            x->nodes[i]->ops = fresh[i].ops;
            x->nodes[i]->nops = fresh[i].nops;
            x->nodes[i]->argv = fresh[i].argv;
            x->nodes[i]->event = fresh[i].event;
            x->origin[i] = rt_gnode_handle(q, g->nodes[i]);
        }
        e = RT_cudaSuccess;
    } else {
        for (size_t i = 0; fresh && i < made; i++)
            rt_gnode_free_payload(&fresh[i]);
        r = RT_UPDATE_ERROR;
    }
    free(fresh);
out:
    pthread_mutex_unlock(&q->lock);
    if (result)
        *result = r;
    if (err_node)
        *err_node = bad_h;
    return e;
}
