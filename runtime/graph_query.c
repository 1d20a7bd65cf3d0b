/* runtime/graph_query.c — listing a graph (nodes, roots, edges), node
 * types, and node destruction. */
#include "runtime/graph.h"

#include <stdlib.h>
#include <string.h>

/* CUDA's listing convention: out NULL -> count; else fill up to *n. */
static void put(uintptr_t *out, size_t cap, size_t *k, uintptr_t v)
{
    if (out && *k < cap)
        out[*k] = v;
    (*k)++;
}

static rt_error list(rt_context *ctx, uintptr_t h, uintptr_t *out, size_t *n, bool roots)
{
    rt_queue *q = &ctx->q;
    if (!n)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&q->lock);
    rt_graph *g = rt_graph_get(q, h);
    size_t k = 0;
    for (size_t i = 0; g && i < g->n; i++)
        if (!roots || g->nodes[i]->ndeps == 0)
            put(out, *n, &k, rt_gnode_handle(q, g->nodes[i]));
    if (g)
        *n = out && k > *n ? *n : k;
    pthread_mutex_unlock(&q->lock);
    return g ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

rt_error rt_graph_nodes(rt_context *ctx, uintptr_t graph, uintptr_t *out, size_t *n)
{
    return list(ctx, graph, out, n, false);
}

rt_error rt_graph_roots(rt_context *ctx, uintptr_t graph, uintptr_t *out, size_t *n)
{
    return list(ctx, graph, out, n, true);
}

/* Edges by destination node in add order, then by dependency order. */
rt_error rt_graph_edges(rt_context *ctx, uintptr_t h, uintptr_t *from, uintptr_t *to,
                        size_t *n)
{
    rt_queue *q = &ctx->q;
    if (!n || (!from) != (!to))
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&q->lock);
    rt_graph *g = rt_graph_get(q, h);
    size_t k = 0;
    for (size_t i = 0; g && i < g->n; i++) {
        rt_gnode *b = g->nodes[i];
        for (size_t d = 0; d < b->ndeps; d++, k++) {
            if (from && k < *n) {
                from[k] = rt_gnode_handle(q, b->deps[d]);
                to[k] = rt_gnode_handle(q, b);
            }
        }
    }
    if (g)
        *n = from && k > *n ? *n : k;
    pthread_mutex_unlock(&q->lock);
    return g ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

/* cudaGraphNodeGetDependencies (dependents false) / GetDependentNodes. */
rt_error rt_graph_node_deps(rt_context *ctx, uintptr_t node, uintptr_t *out, size_t *n,
                            bool dependents)
{
    rt_queue *q = &ctx->q;
    if (!n)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&q->lock);
    rt_gnode *x = rt_gnode_get(q, node);
    size_t k = 0;
    for (size_t d = 0; x && !dependents && d < x->ndeps; d++)
        put(out, *n, &k, rt_gnode_handle(q, x->deps[d]));
    for (size_t i = 0; x && dependents && i < x->graph->n; i++) {
        const rt_gnode *m = x->graph->nodes[i];
        for (size_t d = 0; d < m->ndeps; d++)
            if (m->deps[d] == x) {
                put(out, *n, &k, rt_gnode_handle(q, m));
                break;
            }
    }
    if (x)
        *n = out && k > *n ? *n : k;
    pthread_mutex_unlock(&q->lock);
    return x ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

rt_error rt_graph_node_type(rt_context *ctx, uintptr_t node, int *type)
{
    if (!type)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->q.lock);
    rt_gnode *n = rt_gnode_get(&ctx->q, node);
    if (n)
        *type = n->type;
    pthread_mutex_unlock(&ctx->q.lock);
    return n ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

/* Removes the node and every edge that touches it. */
rt_error rt_graph_destroy_node(rt_context *ctx, uintptr_t node)
{
    rt_queue *q = &ctx->q;
    pthread_mutex_lock(&q->lock);
    rt_gnode *n = rt_gnode_get(q, node);
    if (n && n->graph->capturing)
        n = NULL;
    if (n) {
        rt_graph *g = n->graph;
        size_t at = 0;
        for (size_t i = 0; i < g->n; i++) {
            rt_gnode *m = g->nodes[i];
            for (size_t d = 0; d < m->ndeps; d++)
                if (m->deps[d] == n) {
                    memmove(&m->deps[d], &m->deps[d + 1], (m->ndeps - d - 1) * sizeof *m->deps);
                    m->ndeps--;
                    break;
                }
            if (m != n)
                g->nodes[at++] = m;
        }
        g->n = at;
        if (n->child)
            rt_graph_free(q, n->child);
        rt_gnode_free_payload(n);
        free(n->deps);
        rt_htable_del(&q->greg->nodes, n->slot);
        free(n);
    }
    pthread_mutex_unlock(&q->lock);
    return n ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}
