/* libcudart-shim/graph_exec.c — executable graphs: instantiate, launch,
 * upload, per-exec parameter changes and cudaGraphExecUpdate. */
#include <stdint.h>
#include <string.h>

#include "libcudart-shim/abi.h"
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/state.h"

#define RET(e) return shim_err(shim_ret(e))
#define H(x)   ((uintptr_t)(x))

cudaError_t cudaGraphLaunch_ptsz(cudaGraphExec_t exec, cudaStream_t stream);
cudaError_t cudaGraphUpload_ptsz(cudaGraphExec_t exec, cudaStream_t stream);

cudaError_t cudaGraphInstantiate(cudaGraphExec_t *pGraphExec, cudaGraph_t graph,
                                 unsigned long long flags)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t x;
    if (!pGraphExec)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_graph_instantiate(ctx, &x, H(graph), flags);
    if (!e)
        *pGraphExec = (cudaGraphExec_t)x;
    RET(e);
}

cudaError_t cudaGraphInstantiateWithFlags(cudaGraphExec_t *pGraphExec, cudaGraph_t graph,
                                          unsigned long long flags)
{
    return cudaGraphInstantiate(pGraphExec, graph, flags);
}

cudaError_t cudaGraphExecDestroy(cudaGraphExec_t graphExec)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_graph_exec_destroy(ctx, H(graphExec)));
}

static cudaError_t launch(cudaGraphExec_t x, cudaStream_t s, int ptsz, bool upload)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t st = shim_stream(s, ptsz);
    RET(upload ? rt_graph_upload(ctx, H(x), st) : rt_graph_launch(ctx, H(x), st));
}

cudaError_t cudaGraphLaunch(cudaGraphExec_t x, cudaStream_t s) { return launch(x, s, 0, false); }
cudaError_t cudaGraphLaunch_ptsz(cudaGraphExec_t x, cudaStream_t s) { return launch(x, s, 1, false); }
cudaError_t cudaGraphUpload(cudaGraphExec_t x, cudaStream_t s) { return launch(x, s, 0, true); }
cudaError_t cudaGraphUpload_ptsz(cudaGraphExec_t x, cudaStream_t s) { return launch(x, s, 1, true); }

cudaError_t cudaGraphExecKernelNodeSetParams(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                             const struct cudaKernelNodeParams *p)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!p || p->extra)
        RET(RT_cudaErrorInvalidValue);
    rt_kernel_node k = { .kernel = rt_kernel_lookup(ctx, p->func),
                         .grid = { p->gridDim.x, p->gridDim.y, p->gridDim.z },
                         .block = { p->blockDim.x, p->blockDim.y, p->blockDim.z },
                         .dyn_smem = p->sharedMemBytes, .args = p->kernelParams };
    if (!k.kernel)
        RET(RT_cudaErrorInvalidDeviceFunction);
    RET(rt_graph_exec_kernel_set(ctx, H(hGraphExec), H(node), &k));
}

cudaError_t cudaGraphExecMemcpyNodeSetParams1D(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                               void *dst, const void *src, size_t count,
                                               enum cudaMemcpyKind kind)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_copy3d c = { .dst = dst, .src = src, .dpitch = count, .spitch = count, .dheight = 1,
                    .sheight = 1, .width = count, .height = 1, .depth = 1, .kind = (int)kind };
    RET(rt_graph_exec_copy_set(ctx, H(hGraphExec), H(node), &c));
}

cudaError_t cudaGraphExecMemsetNodeSetParams(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                             const struct cudaMemsetParams *p)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!p)
        RET(RT_cudaErrorInvalidValue);
    rt_memset_node m = { .dst = p->dst, .pitch = p->pitch, .width = p->width,
                         .height = p->height, .value = p->value, .elem_size = p->elementSize };
    RET(rt_graph_exec_memset_set(ctx, H(hGraphExec), H(node), &m));
}

/* The same data layout as graph.c's host nodes. */
static void run_host_node(void *p, int status)
{
    const struct cudaHostNodeParams *h = p;
    (void)status;
    h->fn(h->userData);
}

cudaError_t cudaGraphExecHostNodeSetParams(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                           const struct cudaHostNodeParams *p)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!p || !p->fn)
        RET(RT_cudaErrorInvalidValue);
    RET(rt_graph_exec_host_set(ctx, H(hGraphExec), H(node), run_host_node, p, sizeof *p));
}

cudaError_t cudaGraphExecUpdate(cudaGraphExec_t hGraphExec, cudaGraph_t hGraph,
                                cudaGraphExecUpdateResultInfo *resultInfo)
{
    SHIM_CTX_OR_RETURN(ctx);
    int result;
    uintptr_t bad;
    rt_error e = rt_graph_exec_update(ctx, H(hGraphExec), H(hGraph), &result, &bad);
    if (resultInfo) {
        memset(resultInfo, 0, sizeof *resultInfo);
        resultInfo->result = (enum cudaGraphExecUpdateResult)result;
        resultInfo->errorNode = (cudaGraphNode_t)bad;
    }
    RET(e);
}
