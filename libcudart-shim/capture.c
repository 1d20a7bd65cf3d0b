/* libcudart-shim/capture.c — stream capture (cudaStreamBeginCapture ..
 * cudaStreamEndCapture) and its queries; _ptsz variants map stream 0 to
 * cudaStreamPerThread. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libcudart-shim/abi.h"
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/state.h"

#define RET(e) return shim_err(shim_ret(e))

cudaError_t cudaStreamBeginCapture_ptsz(cudaStream_t stream, enum cudaStreamCaptureMode mode);
cudaError_t cudaStreamEndCapture_ptsz(cudaStream_t stream, cudaGraph_t *pGraph);
cudaError_t cudaStreamIsCapturing_ptsz(cudaStream_t stream,
                                       enum cudaStreamCaptureStatus *pCaptureStatus);
cudaError_t cudaStreamGetCaptureInfo_ptsz(cudaStream_t stream,
                                          enum cudaStreamCaptureStatus *captureStatus_out,
                                          unsigned long long *id_out, cudaGraph_t *graph_out,
                                          const cudaGraphNode_t **dependencies_out,
                                          const cudaGraphEdgeData **edgeData_out,
                                          size_t *numDependencies_out);

static cudaError_t begin(cudaStream_t s, enum cudaStreamCaptureMode mode, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_stream_begin_capture(ctx, shim_stream(s, ptsz), (int)mode));
}

cudaError_t cudaStreamBeginCapture(cudaStream_t s, enum cudaStreamCaptureMode mode)
{
    return begin(s, mode, 0);
}

cudaError_t cudaStreamBeginCapture_ptsz(cudaStream_t s, enum cudaStreamCaptureMode mode)
{
    return begin(s, mode, 1);
}

static cudaError_t end(cudaStream_t s, cudaGraph_t *pGraph, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t g = 0;
    if (!pGraph)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_stream_end_capture(ctx, shim_stream(s, ptsz), &g);
    *pGraph = (cudaGraph_t)g;
    RET(e);
}

cudaError_t cudaStreamEndCapture(cudaStream_t s, cudaGraph_t *g) { return end(s, g, 0); }
cudaError_t cudaStreamEndCapture_ptsz(cudaStream_t s, cudaGraph_t *g) { return end(s, g, 1); }

static cudaError_t info(cudaStream_t s, enum cudaStreamCaptureStatus *status,
                        unsigned long long *id, cudaGraph_t *graph,
                        const cudaGraphNode_t **deps, const cudaGraphEdgeData **edges,
                        size_t *ndeps, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    int st;
    uintptr_t g;
    const uintptr_t *d;
    if (!status)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_stream_capture_info(ctx, shim_stream(s, ptsz), &st, id, &g, &d, ndeps);
    if (!e) {
        *status = (enum cudaStreamCaptureStatus)st;
        if (graph)
            *graph = (cudaGraph_t)g;
        if (deps)
            *deps = (const cudaGraphNode_t *)(const void *)d;
        if (edges)
            *edges = NULL;   /* every captured edge is a default one */
    }
    RET(e);
}

cudaError_t cudaStreamIsCapturing(cudaStream_t s, enum cudaStreamCaptureStatus *status)
{
    return info(s, status, NULL, NULL, NULL, NULL, NULL, 0);
}

cudaError_t cudaStreamIsCapturing_ptsz(cudaStream_t s, enum cudaStreamCaptureStatus *status)
{
    return info(s, status, NULL, NULL, NULL, NULL, NULL, 1);
}

cudaError_t cudaStreamGetCaptureInfo(cudaStream_t s, enum cudaStreamCaptureStatus *status,
                                     unsigned long long *id, cudaGraph_t *graph,
                                     const cudaGraphNode_t **deps,
                                     const cudaGraphEdgeData **edges, size_t *ndeps)
{
    return info(s, status, id, graph, deps, edges, ndeps, 0);
}

cudaError_t cudaStreamGetCaptureInfo_ptsz(cudaStream_t s, enum cudaStreamCaptureStatus *status,
                                          unsigned long long *id, cudaGraph_t *graph,
                                          const cudaGraphNode_t **deps,
                                          const cudaGraphEdgeData **edges, size_t *ndeps)
{
    return info(s, status, id, graph, deps, edges, ndeps, 1);
}

cudaError_t cudaThreadExchangeStreamCaptureMode(enum cudaStreamCaptureMode *mode)
{
    SHIM_CTX_OR_RETURN(ctx);
    int m;
    if (!mode)
        RET(RT_cudaErrorInvalidValue);
    m = (int)*mode;
    rt_error e = rt_thread_exchange_capture_mode(ctx, &m);
    if (!e)
        *mode = (enum cudaStreamCaptureMode)m;
    RET(e);
}

/* Only default edges exist in Cobalt: edge data must be all zero. */
static bool zero_edges(const cudaGraphEdgeData *d, size_t n)
{
    static const cudaGraphEdgeData zero;
    for (size_t i = 0; d && i < n; i++)
        if (memcmp(&d[i], &zero, sizeof zero) != 0) {
            fprintf(stderr, "cobalt: cudaStreamBeginCaptureToGraph: dependency %zu has "
                    "non-default edge data (ports / programmatic edges are not supported)\n", i);
            return false;
        }
    return true;
}

static cudaError_t begin_to_graph(cudaStream_t s, cudaGraph_t graph, const cudaGraphNode_t *deps,
                                  const cudaGraphEdgeData *edges, size_t n,
                                  enum cudaStreamCaptureMode mode, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!zero_edges(edges, n))
        RET(RT_cudaErrorNotSupported);
    RET(rt_stream_begin_capture_to_graph(ctx, shim_stream(s, ptsz), (uintptr_t)graph,
                                         (const uintptr_t *)(const void *)deps, n, (int)mode));
}

cudaError_t cudaStreamBeginCaptureToGraph(cudaStream_t s, cudaGraph_t graph,
                                          const cudaGraphNode_t *deps,
                                          const cudaGraphEdgeData *edges, size_t n,
                                          enum cudaStreamCaptureMode mode)
{
    return begin_to_graph(s, graph, deps, edges, n, mode, 0);
}

cudaError_t cudaStreamBeginCaptureToGraph_ptsz(cudaStream_t s, cudaGraph_t graph,
                                               const cudaGraphNode_t *deps,
                                               const cudaGraphEdgeData *edges, size_t n,
                                               enum cudaStreamCaptureMode mode);
cudaError_t cudaStreamBeginCaptureToGraph_ptsz(cudaStream_t s, cudaGraph_t graph,
                                               const cudaGraphNode_t *deps,
                                               const cudaGraphEdgeData *edges, size_t n,
                                               enum cudaStreamCaptureMode mode)
{
    return begin_to_graph(s, graph, deps, edges, n, mode, 1);
}
