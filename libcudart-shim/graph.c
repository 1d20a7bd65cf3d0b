/* libcudart-shim/graph.c — CUDA graphs: building graphs, instantiating and
 * launching them (cudaGraph_t, cudaGraphNode_t and cudaGraphExec_t values
 * are the runtime's tagged handles, validated there). */
#include <stdint.h>
#include <string.h>

#include "libcudart-shim/abi.h"
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/state.h"

#define RET(e) return shim_err(shim_ret(e))
#define H(x)   ((uintptr_t)(x))

cudaError_t cudaGraphLaunch_ptsz(cudaGraphExec_t exec, cudaStream_t stream);
cudaError_t cudaGraphUpload_ptsz(cudaGraphExec_t exec, cudaStream_t stream);

/* cudaGraphNode_t and uintptr_t arrays have the same layout. */
_Static_assert(sizeof(cudaGraphNode_t) == sizeof(uintptr_t), "node handles are pointers");
#define NODES(p) ((const uintptr_t *)(const void *)(p))

cudaError_t cudaGraphCreate(cudaGraph_t *pGraph, unsigned int flags)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t g;
    if (!pGraph)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_create(ctx, &g, flags);
    if (!e)
        *pGraph = (cudaGraph_t)g;
    RET(e);
}

cudaError_t cudaGraphDestroy(cudaGraph_t graph)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_graph_destroy(ctx, H(graph)));
}

cudaError_t cudaGraphClone(cudaGraph_t *pGraphClone, cudaGraph_t originalGraph)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t g;
    if (!pGraphClone)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_clone(ctx, &g, H(originalGraph));
    if (!e)
        *pGraphClone = (cudaGraph_t)g;
    RET(e);
}

static rt_error kernel_params(rt_context *ctx, const struct cudaKernelNodeParams *p,
                              rt_kernel_node *k)
{
    if (!p || p->extra)   /* the "extra" argument format is not supported */
        return RT_cudaErrorInvalidValue;
    *k = (rt_kernel_node){ .kernel = rt_kernel_lookup(ctx, p->func),
                           .grid = { p->gridDim.x, p->gridDim.y, p->gridDim.z },
                           .block = { p->blockDim.x, p->blockDim.y, p->blockDim.z },
                           .dyn_smem = p->sharedMemBytes, .args = p->kernelParams };
    return k->kernel ? RT_cudaSuccess : RT_cudaErrorInvalidDeviceFunction;
}

/* Stores a new node's handle (the runtime writes a uintptr_t). */
static rt_error node_out(cudaGraphNode_t *out, rt_error e, uintptr_t h)
{
    if (!e)
        *out = (cudaGraphNode_t)h;
    return e;
}

cudaError_t cudaGraphAddKernelNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                   const struct cudaKernelNodeParams *pNodeParams)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_kernel_node k;
    uintptr_t n = 0;
    if (!pGraphNode)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = kernel_params(ctx, pNodeParams, &k);
    if (!e)
        e = rt_graph_add_kernel(ctx, H(graph), NODES(pDependencies), numDependencies, &k, &n);
    RET(node_out(pGraphNode, e, n));
}

cudaError_t cudaGraphKernelNodeGetParams(cudaGraphNode_t node,
                                         struct cudaKernelNodeParams *pNodeParams)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_kernel_node k;
    if (!pNodeParams)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_kernel_get(ctx, H(node), &k);
    if (!e)   /* func: the kernel handle (a cudaKernel_t, accepted wherever func is) */
        *pNodeParams = (struct cudaKernelNodeParams){
            .func = k.kernel, .gridDim = { k.grid.x, k.grid.y, k.grid.z },
            .blockDim = { k.block.x, k.block.y, k.block.z },
            .sharedMemBytes = (unsigned)k.dyn_smem, .kernelParams = k.args, .extra = NULL };
    RET(e);
}

cudaError_t cudaGraphKernelNodeSetParams(cudaGraphNode_t node,
                                         const struct cudaKernelNodeParams *pNodeParams)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_kernel_node k;
    rt_error e = kernel_params(ctx, pNodeParams, &k);
    RET(e ? e : rt_graph_kernel_set(ctx, H(node), &k));
}

/* Pitched linear memory only (CUDA arrays are not simulated). */
static rt_error copy_params(rt_context *ctx, const struct cudaMemcpy3DParms *p, rt_copy3d *c)
{
    (void)ctx;
    if (!p)
        return RT_cudaErrorInvalidValue;
    if (p->srcArray || p->dstArray) {
        fprintf(stderr, "cobalt: graph memcpy node: CUDA arrays are not supported\n");
        return RT_cudaErrorNotSupported;
    }
    const struct cudaPitchedPtr *s = &p->srcPtr, *d = &p->dstPtr;
    *c = (rt_copy3d){
        .src = (const uint8_t *)s->ptr + p->srcPos.z * s->pitch * s->ysize +
               p->srcPos.y * s->pitch + p->srcPos.x,
        .dst = (uint8_t *)d->ptr + p->dstPos.z * d->pitch * d->ysize +
               p->dstPos.y * d->pitch + p->dstPos.x,
        .spitch = s->pitch, .sheight = s->ysize, .dpitch = d->pitch, .dheight = d->ysize,
        .width = p->extent.width, .height = p->extent.height, .depth = p->extent.depth,
        .kind = (int)p->kind };
    return RT_cudaSuccess;
}

static rt_copy3d copy1d(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind)
{
    return (rt_copy3d){ .dst = dst, .src = src, .dpitch = count, .spitch = count,
                        .dheight = 1, .sheight = 1, .width = count, .height = 1, .depth = 1,
                        .kind = (int)kind };
}

cudaError_t cudaGraphAddMemcpyNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                   const struct cudaMemcpy3DParms *pCopyParams)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_copy3d c;
    uintptr_t n = 0;
    if (!pGraphNode)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = copy_params(ctx, pCopyParams, &c);
    if (!e)
        e = rt_graph_add_copy(ctx, H(graph), NODES(pDependencies), numDependencies, &c, &n);
    RET(node_out(pGraphNode, e, n));
}

cudaError_t cudaGraphAddMemcpyNode1D(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                     const cudaGraphNode_t *pDependencies,
                                     size_t numDependencies, void *dst, const void *src,
                                     size_t count, enum cudaMemcpyKind kind)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_copy3d c = copy1d(dst, src, count, kind);
    uintptr_t n = 0;
    if (!pGraphNode)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_add_copy(ctx, H(graph), NODES(pDependencies), numDependencies, &c, &n);
    RET(node_out(pGraphNode, e, n));
}

static rt_error memset_params(const struct cudaMemsetParams *p, rt_memset_node *m)
{
    if (!p)
        return RT_cudaErrorInvalidValue;
    *m = (rt_memset_node){ .dst = p->dst, .pitch = p->pitch, .width = p->width,
                           .height = p->height, .value = p->value,
                           .elem_size = p->elementSize };
    return RT_cudaSuccess;
}

cudaError_t cudaGraphAddMemsetNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                   const struct cudaMemsetParams *pMemsetParams)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_memset_node m;
    uintptr_t n = 0;
    if (!pGraphNode)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = memset_params(pMemsetParams, &m);
    if (!e)
        e = rt_graph_add_memset(ctx, H(graph), NODES(pDependencies), numDependencies, &m, &n);
    RET(node_out(pGraphNode, e, n));
}

/* A host node's data: the CUDA callback and its argument. */
static void run_host_node(void *p, int status)
{
    const struct cudaHostNodeParams *h = p;
    (void)status;
    h->fn(h->userData);
}

cudaError_t cudaGraphAddHostNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                 const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                 const struct cudaHostNodeParams *pNodeParams)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t n = 0;
    if (!pGraphNode || !pNodeParams || !pNodeParams->fn)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_add_host(ctx, H(graph), NODES(pDependencies), numDependencies,
                                   run_host_node, pNodeParams, sizeof *pNodeParams, &n);
    RET(node_out(pGraphNode, e, n));
}

cudaError_t cudaGraphHostNodeGetParams(cudaGraphNode_t node, struct cudaHostNodeParams *pNodeParams)
{
    SHIM_CTX_OR_RETURN(ctx);
    const void *data;
    if (!pNodeParams)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_host_get(ctx, H(node), &data);
    if (!e)
        memcpy(pNodeParams, data, sizeof *pNodeParams);
    RET(e);
}

cudaError_t cudaGraphHostNodeSetParams(cudaGraphNode_t node,
                                       const struct cudaHostNodeParams *pNodeParams)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!pNodeParams || !pNodeParams->fn)
        RET(RT_cudaErrorInvalidValue);
    RET(rt_graph_host_set(ctx, H(node), run_host_node, pNodeParams, sizeof *pNodeParams));
}

/* The positions come back folded into the pointers (the runtime keeps no
 * separate offsets); the copy they describe is the same. */
cudaError_t cudaGraphMemcpyNodeGetParams(cudaGraphNode_t node,
                                         struct cudaMemcpy3DParms *pNodeParams)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_copy3d c;
    if (!pNodeParams)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_copy_get(ctx, H(node), &c);
    if (!e)
        *pNodeParams = (struct cudaMemcpy3DParms){
            .srcPtr = { (void *)(uintptr_t)c.src, c.spitch, c.width, c.sheight },
            .dstPtr = { c.dst, c.dpitch, c.width, c.dheight },
            .extent = { c.width, c.height, c.depth }, .kind = (enum cudaMemcpyKind)c.kind };
    RET(e);
}

cudaError_t cudaGraphMemcpyNodeSetParams(cudaGraphNode_t node,
                                         const struct cudaMemcpy3DParms *pNodeParams)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_copy3d c;
    rt_error e = copy_params(ctx, pNodeParams, &c);
    RET(e ? e : rt_graph_copy_set(ctx, H(node), &c));
}

cudaError_t cudaGraphAddEmptyNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                  const cudaGraphNode_t *pDependencies, size_t numDependencies)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t n = 0;
    if (!pGraphNode)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_add_empty(ctx, H(graph), NODES(pDependencies), numDependencies, &n);
    RET(node_out(pGraphNode, e, n));
}

static cudaError_t add_event(cudaGraphNode_t *out, cudaGraph_t graph, const cudaGraphNode_t *deps,
                             size_t ndeps, int type, cudaEvent_t event)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t n = 0;
    if (!out)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_add_event(ctx, H(graph), NODES(deps), ndeps, type, H(event), &n);
    RET(node_out(out, e, n));
}

cudaError_t cudaGraphAddEventRecordNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                        const cudaGraphNode_t *pDependencies,
                                        size_t numDependencies, cudaEvent_t event)
{
    return add_event(pGraphNode, graph, pDependencies, numDependencies, RT_GNODE_EVENT_RECORD,
                     event);
}

cudaError_t cudaGraphAddEventWaitNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                      const cudaGraphNode_t *pDependencies,
                                      size_t numDependencies, cudaEvent_t event)
{
    return add_event(pGraphNode, graph, pDependencies, numDependencies, RT_GNODE_WAIT_EVENT,
                     event);
}

/* Only default edges (all-zero cudaGraphEdgeData) exist in Cobalt. */
static bool default_edges(const cudaGraphEdgeData *d, size_t n)
{
    static const cudaGraphEdgeData zero;
    for (size_t i = 0; d && i < n; i++)
        if (memcmp(&d[i], &zero, sizeof zero) != 0) {
            fprintf(stderr, "cobalt: graph edge %zu has non-default edge data (ports / "
                    "programmatic edges are not supported)\n", i);
            return false;
        }
    return true;
}

cudaError_t cudaGraphAddDependencies(cudaGraph_t graph, const cudaGraphNode_t *from,
                                     const cudaGraphNode_t *to, const cudaGraphEdgeData *edgeData,
                                     size_t numDependencies)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!default_edges(edgeData, numDependencies))
        RET(RT_cudaErrorNotSupported);
    RET(rt_graph_add_deps(ctx, H(graph), NODES(from), NODES(to), numDependencies));
}

cudaError_t cudaGraphRemoveDependencies(cudaGraph_t graph, const cudaGraphNode_t *from,
                                        const cudaGraphNode_t *to,
                                        const cudaGraphEdgeData *edgeData,
                                        size_t numDependencies)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!default_edges(edgeData, numDependencies))
        RET(RT_cudaErrorNotSupported);
    RET(rt_graph_remove_deps(ctx, H(graph), NODES(from), NODES(to), numDependencies));
}

cudaError_t cudaGraphGetNodes(cudaGraph_t graph, cudaGraphNode_t *nodes, size_t *numNodes)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_graph_nodes(ctx, H(graph), (uintptr_t *)(void *)nodes, numNodes));
}

cudaError_t cudaGraphGetRootNodes(cudaGraph_t graph, cudaGraphNode_t *pRootNodes,
                                  size_t *pNumRootNodes)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_graph_roots(ctx, H(graph), (uintptr_t *)(void *)pRootNodes, pNumRootNodes));
}

cudaError_t cudaGraphGetEdges(cudaGraph_t graph, cudaGraphNode_t *from, cudaGraphNode_t *to,
                              cudaGraphEdgeData *edgeData, size_t *numEdges)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (edgeData && !from)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_edges(ctx, H(graph), (uintptr_t *)(void *)from,
                                (uintptr_t *)(void *)to, numEdges);
    if (!e && edgeData)
        memset(edgeData, 0, *numEdges * sizeof *edgeData);
    RET(e);
}

cudaError_t cudaGraphNodeGetType(cudaGraphNode_t node, enum cudaGraphNodeType *pType)
{
    SHIM_CTX_OR_RETURN(ctx);
    int t;
    if (!pType)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_node_type(ctx, H(node), &t);
    if (!e)
        *pType = (enum cudaGraphNodeType)t;
    RET(e);
}

cudaError_t cudaGraphDestroyNode(cudaGraphNode_t node)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_graph_destroy_node(ctx, H(node)));
}
