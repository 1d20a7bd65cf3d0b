/* libcudart-shim/compat12.c — CUDA 12 entry points whose signature CUDA 13
 * changed (wrapping the cobalt13_ renamed definitions) or which CUDA 13
 * removed (libcudart.so.12 only). */

#include "libcudart-shim/abi.h"
#include "libcudart-shim/abi12.h"
#include "libcudart-shim/state.h"

/* Renamed CUDA 13 definitions (module.mk: -D<name>=cobalt13_<name>). */
cudaError_t cobalt13_cudaMemAdvise(const void *p, size_t n, enum cudaMemoryAdvise advice,
                                   struct cudaMemLocation loc);
cudaError_t cobalt13_cudaMemPrefetchAsync(const void *p, size_t n, struct cudaMemLocation loc,
                                          unsigned flags, cudaStream_t s);
cudaError_t cobalt13_cudaMemPrefetchAsync_ptsz(const void *p, size_t n,
                                               struct cudaMemLocation loc, unsigned flags,
                                               cudaStream_t s);
cudaError_t cobalt13_cudaGraphAddDependencies(cudaGraph_t g, const cudaGraphNode_t *from,
                                              const cudaGraphNode_t *to,
                                              const cudaGraphEdgeData *e, size_t n);
cudaError_t cobalt13_cudaGraphRemoveDependencies(cudaGraph_t g, const cudaGraphNode_t *from,
                                                 const cudaGraphNode_t *to,
                                                 const cudaGraphEdgeData *e, size_t n);
cudaError_t cobalt13_cudaGraphGetEdges(cudaGraph_t g, cudaGraphNode_t *from,
                                       cudaGraphNode_t *to, cudaGraphEdgeData *e, size_t *n);
cudaError_t cobalt13_cudaStreamGetCaptureInfo(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                              unsigned long long *id, cudaGraph_t *g,
                                              const cudaGraphNode_t **deps,
                                              const cudaGraphEdgeData **e, size_t *n);
cudaError_t cobalt13_cudaStreamGetCaptureInfo_ptsz(cudaStream_t s,
                                                   enum cudaStreamCaptureStatus *st,
                                                   unsigned long long *id, cudaGraph_t *g,
                                                   const cudaGraphNode_t **deps,
                                                   const cudaGraphEdgeData **e, size_t *n);

/* CUDA 12's device ordinal: cudaCpuDeviceId (-1) means host memory. */
static struct cudaMemLocation location(int device)
{
    struct cudaMemLocation l = { .type = device == cudaCpuDeviceId ? cudaMemLocationTypeHost
                                                                    : cudaMemLocationTypeDevice,
                                 .id = device == cudaCpuDeviceId ? 0 : device };
    return l;
}

cudaError_t cudaMemAdvise(const void *p, size_t n, enum cudaMemoryAdvise advice, int device)
{
    return cobalt13_cudaMemAdvise(p, n, advice, location(device));
}

cudaError_t cudaMemAdvise_v2(const void *p, size_t n, enum cudaMemoryAdvise advice,
                             struct cudaMemLocation loc)
{
    return cobalt13_cudaMemAdvise(p, n, advice, loc);
}

cudaError_t cudaMemPrefetchAsync(const void *p, size_t n, int dstDevice, cudaStream_t s)
{
    return cobalt13_cudaMemPrefetchAsync(p, n, location(dstDevice), 0, s);
}

cudaError_t cudaMemPrefetchAsync_ptsz(const void *p, size_t n, int dstDevice, cudaStream_t s)
{
    return cobalt13_cudaMemPrefetchAsync_ptsz(p, n, location(dstDevice), 0, s);
}

cudaError_t cudaMemPrefetchAsync_v2(const void *p, size_t n, struct cudaMemLocation loc,
                                    unsigned flags, cudaStream_t s)
{
    return cobalt13_cudaMemPrefetchAsync(p, n, loc, flags, s);
}

cudaError_t cudaMemPrefetchAsync_v2_ptsz(const void *p, size_t n, struct cudaMemLocation loc,
                                         unsigned flags, cudaStream_t s)
{
    return cobalt13_cudaMemPrefetchAsync_ptsz(p, n, loc, flags, s);
}

cudaError_t cudaGraphAddDependencies(cudaGraph_t g, const cudaGraphNode_t *from,
                                     const cudaGraphNode_t *to, size_t n)
{
    return cobalt13_cudaGraphAddDependencies(g, from, to, NULL, n);
}

cudaError_t cudaGraphAddDependencies_v2(cudaGraph_t g, const cudaGraphNode_t *from,
                                        const cudaGraphNode_t *to,
                                        const cudaGraphEdgeData *edges, size_t n)
{
    return cobalt13_cudaGraphAddDependencies(g, from, to, edges, n);
}

cudaError_t cudaGraphRemoveDependencies(cudaGraph_t g, const cudaGraphNode_t *from,
                                        const cudaGraphNode_t *to, size_t n)
{
    return cobalt13_cudaGraphRemoveDependencies(g, from, to, NULL, n);
}

cudaError_t cudaGraphRemoveDependencies_v2(cudaGraph_t g, const cudaGraphNode_t *from,
                                           const cudaGraphNode_t *to,
                                           const cudaGraphEdgeData *edges, size_t n)
{
    return cobalt13_cudaGraphRemoveDependencies(g, from, to, edges, n);
}

cudaError_t cudaGraphGetEdges(cudaGraph_t g, cudaGraphNode_t *from, cudaGraphNode_t *to,
                              size_t *n)
{
    return cobalt13_cudaGraphGetEdges(g, from, to, NULL, n);
}

cudaError_t cudaGraphGetEdges_v2(cudaGraph_t g, cudaGraphNode_t *from, cudaGraphNode_t *to,
                                 cudaGraphEdgeData *edges, size_t *n)
{
    return cobalt13_cudaGraphGetEdges(g, from, to, edges, n);
}

cudaError_t cudaStreamGetCaptureInfo(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                     unsigned long long *id)
{
    return cobalt13_cudaStreamGetCaptureInfo(s, st, id, NULL, NULL, NULL, NULL);
}

cudaError_t cudaStreamGetCaptureInfo_ptsz(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                          unsigned long long *id)
{
    return cobalt13_cudaStreamGetCaptureInfo_ptsz(s, st, id, NULL, NULL, NULL, NULL);
}

cudaError_t cudaStreamGetCaptureInfo_v2(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                        unsigned long long *id, cudaGraph_t *g,
                                        const cudaGraphNode_t **deps, size_t *n)
{
    return cobalt13_cudaStreamGetCaptureInfo(s, st, id, g, deps, NULL, n);
}

cudaError_t cudaStreamGetCaptureInfo_v2_ptsz(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                             unsigned long long *id, cudaGraph_t *g,
                                             const cudaGraphNode_t **deps, size_t *n)
{
    return cobalt13_cudaStreamGetCaptureInfo_ptsz(s, st, id, g, deps, NULL, n);
}

cudaError_t cudaStreamGetCaptureInfo_v3(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                        unsigned long long *id, cudaGraph_t *g,
                                        const cudaGraphNode_t **deps,
                                        const cudaGraphEdgeData **edges, size_t *n)
{
    return cobalt13_cudaStreamGetCaptureInfo(s, st, id, g, deps, edges, n);
}

cudaError_t cudaStreamGetCaptureInfo_v3_ptsz(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                             unsigned long long *id, cudaGraph_t *g,
                                             const cudaGraphNode_t **deps,
                                             const cudaGraphEdgeData **edges, size_t *n)
{
    return cobalt13_cudaStreamGetCaptureInfo_ptsz(s, st, id, g, deps, edges, n);
}

/* The cudaThread* names are the cudaDevice* calls under their pre-4.0 names. */
cudaError_t cudaThreadExit(void) { return cudaDeviceReset(); }
cudaError_t cudaThreadGetCacheConfig(enum cudaFuncCache *c) { return cudaDeviceGetCacheConfig(c); }
cudaError_t cudaThreadSetCacheConfig(enum cudaFuncCache c) { return cudaDeviceSetCacheConfig(c); }

cudaError_t cudaThreadGetLimit(size_t *value, enum cudaLimit limit)
{
    return cudaDeviceGetLimit(value, limit);
}

cudaError_t cudaThreadSetLimit(enum cudaLimit limit, size_t value)
{
    return cudaDeviceSetLimit(limit, value);
}

/* Documented no-ops on devices with native double precision (all that
 * Cobalt models): the value is left as is. */
cudaError_t cudaSetDoubleForDevice(double *d) { return d ? cudaSuccess : shim_err(shim_ret(RT_cudaErrorInvalidValue)); }
cudaError_t cudaSetDoubleForHost(double *d) { return d ? cudaSuccess : shim_err(shim_ret(RT_cudaErrorInvalidValue)); }
