/* runtime/graph_dot.c — cudaGraphDebugDotPrint: a graph as a Graphviz DOT
 * digraph (one box per node, labelled with its type and what it does; one
 * arrow per dependency edge). */
#include "runtime/graph.h"

#include <errno.h>
#include <string.h>

static const char *type_name(int type)
{
    switch (type) {
    case RT_GNODE_KERNEL:       return "KERNEL";
    case RT_GNODE_MEMCPY:       return "MEMCPY";
    case RT_GNODE_MEMSET:       return "MEMSET";
    case RT_GNODE_HOST:         return "HOST";
    case RT_GNODE_EMPTY:        return "EMPTY";
    case RT_GNODE_WAIT_EVENT:   return "WAIT_EVENT";
    case RT_GNODE_EVENT_RECORD: return "EVENT_RECORD";
    default:                    return "NODE";
    }
}

/* The detail line of a node's label (kernel name and shape, copy size ...). */
static void detail(FILE *f, const rt_gnode *n)
{
    const rt_op *o = n->nops ? &n->ops[0] : NULL;
    if (n->type == RT_GNODE_KERNEL && o && o->kernel)
        fprintf(f, "\\n%s\\n<<<(%u,%u,%u),(%u,%u,%u),%zu>>>", o->kernel->name, o->grid.x,
                o->grid.y, o->grid.z, o->block.x, o->block.y, o->block.z, o->dyn);
    else if ((n->type == RT_GNODE_MEMCPY || n->type == RT_GNODE_MEMSET) && o)
        fprintf(f, "\\ndst %p\\n%zu x %zu bytes", o->dst, n->nops,
                o->kind == RT_OP_COPY2D ? o->width * o->height : o->n);
    else if (n->type == RT_GNODE_EVENT_RECORD || n->type == RT_GNODE_WAIT_EVENT)
        fprintf(f, "\\nevent 0x%llx", (unsigned long long)n->event);
}

static void print(FILE *f, rt_queue *q, const rt_graph *g)
{
    fprintf(f, "digraph cobalt_graph_%zu {\n", g->slot);
    fprintf(f, "  node [shape=box, fontname=\"monospace\"];\n");
    for (size_t i = 0; i < g->n; i++) {
        const rt_gnode *n = g->nodes[i];
        fprintf(f, "  n%zu [label=\"%zu %s", i, i, type_name(n->type));
        detail(f, n);
        fprintf(f, "\\nhandle 0x%llx\"];\n", (unsigned long long)rt_gnode_handle(q, n));
    }
    for (size_t i = 0; i < g->n; i++)
        g->nodes[i]->idx = i;   /* scratch: edges name nodes by position */
    for (size_t i = 0; i < g->n; i++)
        for (size_t d = 0; d < g->nodes[i]->ndeps; d++)
            fprintf(f, "  n%zu -> n%zu;\n", g->nodes[i]->deps[d]->idx, i);
    fprintf(f, "}\n");
}

rt_error rt_graph_dot_print(rt_context *ctx, uintptr_t graph, const char *path)
{
    rt_queue *q = &ctx->q;
    if (!path)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&q->lock);
    rt_graph *g = rt_graph_get(q, graph);
    rt_error e = RT_cudaErrorInvalidValue;
    if (g) {
        FILE *f = fopen(path, "w");
        if (!f) {
            fprintf(ctx->diag, "cobalt: cudaGraphDebugDotPrint: cannot write '%s': %s\n",
                    path, strerror(errno));
            e = RT_cudaErrorOperatingSystem;
        } else {
            print(f, q, g);
            e = fclose(f) == 0 ? RT_cudaSuccess : RT_cudaErrorOperatingSystem;
        }
    }
    pthread_mutex_unlock(&q->lock);
    return e;
}
