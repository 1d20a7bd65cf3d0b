/* runtime/graph.c — graph objects: handle tables, nodes and edges, clone,
 * listing and destruction (see graph.h for the design). */
#include "runtime/graph.h"

#include <stdlib.h>
#include <string.h>

struct rt_graph_reg *rt_greg(rt_queue *q)
{
    if (!q->greg)
        q->greg = calloc(1, sizeof *q->greg);
    return q->greg;
}

bool rt_htable_add(rt_htable *t, void *obj, size_t *slot)
{
    if (t->nfree) {
        *slot = t->free[--t->nfree];
        t->obj[*slot] = obj;
        return true;
    }
    if (t->n == RT_HANDLE_SLOTS)
        return false;
    void **o = realloc(t->obj, (t->n + 1) * sizeof *o);
    if (!o)
        return false;
    t->obj = o;
    uint32_t *g = realloc(t->gen, (t->n + 1) * sizeof *g);
    if (!g)
        return false;
    t->gen = g;
    size_t *f = realloc(t->free, (t->n + 1) * sizeof *f);   /* room to free them all */
    if (!f)
        return false;
    t->free = f;
    g[t->n] = 0;
    o[t->n] = obj;
    *slot = t->n++;
    return true;
}

void rt_htable_del(rt_htable *t, size_t slot)
{
    t->obj[slot] = NULL;
    t->gen[slot]++;
    t->free[t->nfree++] = slot;
}

static void *htable_get(rt_htable *t, unsigned tag, uintptr_t h)
{
    uint32_t gen;
    size_t idx;
    if (!rt_handle_split(h, tag, &gen, &idx) || idx >= t->n || !t->obj[idx] ||
        (t->gen[idx] & 0xFFFFFFFu) != gen)
        return NULL;
    return t->obj[idx];
}

void rt_htable_free(rt_htable *t)
{
    free(t->obj);
    free(t->gen);
    free(t->free);
}

rt_graph *rt_graph_get(rt_queue *q, uintptr_t h)
{
    rt_graph *g = q->greg ? htable_get(&q->greg->graphs, RT_HANDLE_GRAPH, h) : NULL;
    return g && !g->capturing ? g : NULL;   /* a capture's graph is not the user's yet */
}

rt_gnode *rt_gnode_get(rt_queue *q, uintptr_t h)
{
    return q->greg ? htable_get(&q->greg->nodes, RT_HANDLE_GNODE, h) : NULL;
}

rt_gexec *rt_gexec_get(rt_queue *q, uintptr_t h)
{
    return q->greg ? htable_get(&q->greg->execs, RT_HANDLE_GEXEC, h) : NULL;
}

uintptr_t rt_gnode_handle(rt_queue *q, const rt_gnode *n)
{
    return rt_handle_make(RT_HANDLE_GNODE, q->greg->nodes.gen[n->slot], n->slot);
}

uintptr_t rt_graph_handle(rt_queue *q, const rt_graph *g)
{
    return rt_handle_make(RT_HANDLE_GRAPH, q->greg->graphs.gen[g->slot], g->slot);
}

rt_graph *rt_graph_new(rt_queue *q)
{
    struct rt_graph_reg *r = rt_greg(q);
    rt_graph *g = r ? calloc(1, sizeof *g) : NULL;
    if (g && !rt_htable_add(&r->graphs, g, &g->slot)) {
        free(g);
        g = NULL;
    }
    return g;
}

void rt_gnode_free_payload(rt_gnode *n)
{
    for (size_t i = 0; i < n->nops; i++)
        rt_op_fini(&n->ops[i]);
    free(n->ops);
    free(n->argv);
    n->ops = NULL;
    n->argv = NULL;
    n->nops = 0;
}

/* Kernel nodes: argv[i] points at parameter i inside the packed bank 0. */
bool rt_gnode_make_argv(rt_gnode *n)
{
    if (n->type != RT_GNODE_KERNEL || !n->nops)
        return true;
    const isa_kernel *k = n->ops[0].kernel->isa;
    n->argv = calloc(k->nparams ? k->nparams : 1, sizeof *n->argv);
    if (!n->argv)
        return false;
    for (uint32_t i = 0; i < k->nparams; i++)
        n->argv[i] = n->ops[0].bank0 + k->params[i].offset;
    return true;
}

bool rt_gnode_copy_payload(rt_gnode *out, const rt_gnode *n)
{
    out->type = n->type;
    out->event = n->event;
    out->nops = 0;
    out->argv = NULL;
    out->ops = calloc(n->nops ? n->nops : 1, sizeof *out->ops);
    if (!out->ops)
        return false;
    for (; out->nops < n->nops; out->nops++)
        if (!rt_op_copy(&out->ops[out->nops], &n->ops[out->nops]))
            goto err;
    if (rt_gnode_make_argv(out))
        return true;
err:
    rt_gnode_free_payload(out);
    return false;
}

bool rt_gnode_add_dep(rt_gnode *n, rt_gnode *dep)
{
    for (size_t i = 0; i < n->ndeps; i++)
        if (n->deps[i] == dep)
            return true;   /* CUDA keeps one edge per pair */
    if (n->ndeps == n->capdeps) {
        size_t cap = n->capdeps ? 2 * n->capdeps : 4;
        rt_gnode **d = realloc(n->deps, cap * sizeof *d);
        if (!d)
            return false;
        n->deps = d;
        n->capdeps = cap;
    }
    n->deps[n->ndeps++] = dep;
    return true;
}

static void gnode_drop(rt_queue *q, rt_gnode *n)
{
    if (n->child)
        rt_graph_free(q, n->child);
    rt_gnode_free_payload(n);
    free(n->deps);
    rt_htable_del(&q->greg->nodes, n->slot);
    free(n);
}

rt_gnode *rt_graph_insert(rt_queue *q, rt_graph *g, int type, rt_op *ops, size_t nops,
                          rt_gnode *const *deps, size_t ndeps)
{
    rt_gnode *n = calloc(1, sizeof *n);
    if (!n)
        goto err_ops;
    n->graph = g;
    n->type = type;
    n->ops = ops;
    n->nops = nops;
    if (!rt_gnode_make_argv(n) || !rt_htable_add(&q->greg->nodes, n, &n->slot))
        goto err_node;
    for (size_t i = 0; i < ndeps; i++)
        if (!rt_gnode_add_dep(n, deps[i]))
            goto err_slot;
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 8;
        rt_gnode **a = realloc(g->nodes, cap * sizeof *a);
        if (!a)
            goto err_slot;
        g->nodes = a;
        g->cap = cap;
    }
    g->nodes[g->n++] = n;
    return n;

err_slot:
    gnode_drop(q, n);
    return NULL;
err_node:
    rt_gnode_free_payload(n);
    free(n);
    return NULL;
err_ops:
    for (size_t i = 0; i < nops; i++)
        rt_op_fini(&ops[i]);
    free(ops);
    return NULL;
}

void rt_graph_free(rt_queue *q, rt_graph *g)
{
    for (size_t i = 0; i < g->n; i++)
        gnode_drop(q, g->nodes[i]);
    free(g->nodes);
    rt_htable_del(&q->greg->graphs, g->slot);
    free(g);
}

rt_error rt_graph_create(rt_context *ctx, uintptr_t *out, unsigned flags)
{
    if (!out || flags)   /* flags: reserved, must be 0 */
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->q.lock);
    rt_graph *g = rt_graph_new(&ctx->q);
    if (g)
        *out = rt_graph_handle(&ctx->q, g);
    pthread_mutex_unlock(&ctx->q.lock);
    return g ? RT_cudaSuccess : RT_cudaErrorMemoryAllocation;
}

rt_error rt_graph_destroy(rt_context *ctx, uintptr_t h)
{
    pthread_mutex_lock(&ctx->q.lock);
    rt_graph *g = rt_graph_get(&ctx->q, h);
    bool ok = g && !g->embedded;
    if (g && g->embedded)   /* owned by its child graph node */
        fprintf(ctx->diag, "cobalt: cudaGraphDestroy: the graph belongs to a child graph "
                "node (destroy that node or its graph instead)\n");
    if (ok)
        rt_graph_free(&ctx->q, g);
    pthread_mutex_unlock(&ctx->q.lock);
    return ok ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
}

static size_t index_of(const rt_graph *g, const rt_gnode *n)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->nodes[i] == n)
            return i;
    return SIZE_MAX;
}

rt_graph *rt_graph_clone_locked(rt_queue *q, const rt_graph *g)
{
    rt_graph *c = rt_graph_new(q);
    if (!c)
        return NULL;
    for (size_t i = 0; i < g->n; i++) {
        rt_gnode tmp = { 0 };
        if (!rt_gnode_copy_payload(&tmp, g->nodes[i]))
            goto err;
        rt_gnode *n = rt_graph_insert(q, c, tmp.type, tmp.ops, tmp.nops, NULL, 0);
        free(tmp.argv);
        if (!n)
            goto err;
        n->event = tmp.event;
        if (g->nodes[i]->child) {
            if (!(n->child = rt_graph_clone_locked(q, g->nodes[i]->child)))
                goto err;
            n->child->embedded = true;
        }
        for (size_t d = 0; d < g->nodes[i]->ndeps; d++)
            if (!rt_gnode_add_dep(n, c->nodes[index_of(g, g->nodes[i]->deps[d])]))
                goto err;
    }
    return c;
err:
    rt_graph_free(q, c);
    return NULL;
}

rt_error rt_graph_clone(rt_context *ctx, uintptr_t *out, uintptr_t h)
{
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaErrorInvalidValue;
    if (!out)
        return e;
    pthread_mutex_lock(&q->lock);
    rt_graph *g = rt_graph_get(q, h), *c = g ? rt_graph_clone_locked(q, g) : NULL;
    if (g) {
        e = c ? RT_cudaSuccess : RT_cudaErrorMemoryAllocation;
        if (c)
            *out = rt_graph_handle(q, c);
    }
    pthread_mutex_unlock(&q->lock);
    return e;
}

/* Resolves n edge endpoints of graph g; false when one is not g's node. */
static bool resolve_pairs(rt_queue *q, rt_graph *g, const uintptr_t *from, const uintptr_t *to,
                          size_t i, rt_gnode **a, rt_gnode **b)
{
    *a = rt_gnode_get(q, from[i]);
    *b = rt_gnode_get(q, to[i]);
    return *a && *b && (*a)->graph == g && (*b)->graph == g && *a != *b;
}

/* Whether `target` is reachable from n along dependency edges of g: 1 yes,
 * 0 no, -1 out of host memory. A depth-first walk that visits each node
 * once (nodes' idx is scratch, set here), so dense graphs stay linear. */
static int depends_on(const rt_graph *g, rt_gnode *n, const rt_gnode *target)
{
    bool *seen = calloc(g->n, sizeof *seen);
    rt_gnode **stack = malloc(g->n * sizeof *stack);
    int found = -1;
    if (!seen || !stack)
        goto done;
    for (size_t i = 0; i < g->n; i++)
        g->nodes[i]->idx = i;
    size_t sp = 0;
    stack[sp++] = n;
    seen[n->idx] = true;
    found = 0;
    while (sp > 0 && !found) {
        rt_gnode *m = stack[--sp];
        if (m == target) {
            found = 1;
            break;
        }
        for (size_t i = 0; i < m->ndeps; i++)
            if (!seen[m->deps[i]->idx]) {
                seen[m->deps[i]->idx] = true;
                stack[sp++] = m->deps[i];
            }
    }
done:
    free(seen);
    free(stack);
    return found;
}

rt_error rt_graph_add_deps(rt_context *ctx, uintptr_t h, const uintptr_t *from,
                           const uintptr_t *to, size_t n)
{
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaErrorInvalidValue;
    if (n && (!from || !to))
        return e;
    pthread_mutex_lock(&q->lock);
    rt_graph *g = rt_graph_get(q, h);
    rt_gnode *a, *b;
    if (!g)
        goto out;
    for (size_t i = 0; i < n; i++) {   /* all or nothing: check first */
        int cycle = resolve_pairs(q, g, from, to, i, &a, &b) ? depends_on(g, a, b) : 0;
        if (cycle < 0) {
            e = RT_cudaErrorMemoryAllocation;
            goto out;
        }
        if (cycle || !a || !b || a == b || a->graph != g || b->graph != g) {
            fprintf(ctx->diag, "cobalt: cudaGraphAddDependencies: edge %zu %s\n", i,
                    cycle ? "would make a cycle" : "does not join two nodes of the graph");
            goto out;
        }
    }
    e = RT_cudaSuccess;
    for (size_t i = 0; i < n && !e; i++) {
        resolve_pairs(q, g, from, to, i, &a, &b);
        if (!rt_gnode_add_dep(b, a))
            e = RT_cudaErrorMemoryAllocation;
    }
out:
    pthread_mutex_unlock(&q->lock);
    return e;
}

static bool remove_dep(rt_gnode *n, const rt_gnode *dep)
{
    for (size_t i = 0; i < n->ndeps; i++) {
        if (n->deps[i] == dep) {
            memmove(&n->deps[i], &n->deps[i + 1], (n->ndeps - i - 1) * sizeof *n->deps);
            n->ndeps--;
            return true;
        }
    }
    return false;
}

rt_error rt_graph_remove_deps(rt_context *ctx, uintptr_t h, const uintptr_t *from,
                              const uintptr_t *to, size_t n)
{
    rt_queue *q = &ctx->q;
    rt_error e = RT_cudaErrorInvalidValue;
    if (n && (!from || !to))
        return e;
    pthread_mutex_lock(&q->lock);
    rt_graph *g = rt_graph_get(q, h);
    rt_gnode *a, *b;
    if (!g)
        goto out;
    for (size_t i = 0; i < n; i++) {   /* CUDA: an edge that is not there is an error */
        if (!resolve_pairs(q, g, from, to, i, &a, &b))
            goto out;
        bool found = false;
        for (size_t d = 0; d < b->ndeps; d++)
            found |= b->deps[d] == a;
        if (!found)
            goto out;
    }
    for (size_t i = 0; i < n; i++) {
        resolve_pairs(q, g, from, to, i, &a, &b);
        remove_dep(b, a);
    }
    e = RT_cudaSuccess;
out:
    pthread_mutex_unlock(&q->lock);
    return e;
}
