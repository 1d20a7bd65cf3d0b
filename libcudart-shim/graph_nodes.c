/* libcudart-shim/graph_nodes.c — child graph nodes, neighbourhood queries (CUDA 13
 * signatures, with edge data) and cudaGraphDebugDotPrint. */
#include <stdint.h>
#include <string.h>

#include "libcudart-shim/abi.h"
#include "libcudart-shim/state.h"

#define RET(e) return shim_err(shim_ret(e))

/* Every edge in Cobalt is a default edge: edge data comes back zeroed. */
static cudaError_t neighbours(cudaGraphNode_t node, cudaGraphNode_t *out,
                              cudaGraphEdgeData *edges, size_t *n, bool dependents)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (edges && !out)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_node_deps(ctx, (uintptr_t)node, (uintptr_t *)(void *)out, n,
                                    dependents);
    if (!e && edges)
        memset(edges, 0, *n * sizeof *edges);
    RET(e);
}

cudaError_t cudaGraphNodeGetDependencies(cudaGraphNode_t node, cudaGraphNode_t *pDependencies,
                                         cudaGraphEdgeData *edgeData, size_t *pNumDependencies)
{
    return neighbours(node, pDependencies, edgeData, pNumDependencies, false);
}

cudaError_t cudaGraphNodeGetDependentNodes(cudaGraphNode_t node, cudaGraphNode_t *pDependentNodes,
                                           cudaGraphEdgeData *edgeData,
                                           size_t *pNumDependentNodes)
{
    return neighbours(node, pDependentNodes, edgeData, pNumDependentNodes, true);
}

/* The flags choose how verbose CUDA's own output is; Cobalt always writes
 * the same (types, kernel names and shapes, sizes, edges). */
cudaError_t cudaGraphDebugDotPrint(cudaGraph_t graph, const char *path, unsigned int flags)
{
    SHIM_CTX_OR_RETURN(ctx);
    (void)flags;
    RET(rt_graph_dot_print(ctx, (uintptr_t)graph, path));
}

cudaError_t cudaGraphAddChildGraphNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                       const cudaGraphNode_t *pDependencies,
                                       size_t numDependencies, cudaGraph_t childGraph)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t n = 0;
    if (!pGraphNode)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_add_child(ctx, (uintptr_t)graph,
                                    (const uintptr_t *)(const void *)pDependencies,
                                    numDependencies, (uintptr_t)childGraph, &n);
    if (!e)
        *pGraphNode = (cudaGraphNode_t)n;
    RET(e);
}

cudaError_t cudaGraphChildGraphNodeGetGraph(cudaGraphNode_t node, cudaGraph_t *pGraph)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t g = 0;
    if (!pGraph)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_child(ctx, (uintptr_t)node, &g);
    if (!e)
        *pGraph = (cudaGraph_t)g;
    RET(e);
}
