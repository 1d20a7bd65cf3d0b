/* libcudart-shim/stream.c — streams and host functions (cudaStream_t values
 * are the runtime's handles; _ptsz variants map stream 0 to
 * cudaStreamPerThread). */
#include "libcudart-shim/abi.h"
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/state.h"

#define RET(e) return shim_err(shim_ret(e))

cudaError_t cudaStreamCreate(cudaStream_t *pStream)
{
    return cudaStreamCreateWithPriority(pStream, cudaStreamDefault, 0);
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream, unsigned int flags)
{
    return cudaStreamCreateWithPriority(pStream, flags, 0);
}

cudaError_t cudaStreamCreateWithPriority(cudaStream_t *pStream, unsigned int flags, int priority)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t h;
    if (!pStream)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_stream_create(ctx, &h, flags, priority);
    if (!e)
        *pStream = (cudaStream_t)h;
    RET(e);
}

cudaError_t cudaStreamDestroy(cudaStream_t stream)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_stream_destroy(ctx, (uintptr_t)stream));
}

cudaError_t cudaDeviceGetStreamPriorityRange(int *leastPriority, int *greatestPriority)
{
    rt_stream_priority_range(leastPriority, greatestPriority);
    return cudaSuccess;
}

static cudaError_t stream_sync(cudaStream_t s, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_stream_synchronize(ctx, shim_stream(s, ptsz)));
}
cudaError_t cudaStreamSynchronize(cudaStream_t s) { return stream_sync(s, 0); }
cudaError_t cudaStreamSynchronize_ptsz(cudaStream_t s) { return stream_sync(s, 1); }

/* cudaErrorNotReady is a status, not an error: it is not recorded. */
static cudaError_t stream_query(cudaStream_t s, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_error e = rt_stream_query(ctx, shim_stream(s, ptsz));
    return shim_err(e == RT_cudaErrorNotReady ? e : shim_ret(e));
}
cudaError_t cudaStreamQuery(cudaStream_t s) { return stream_query(s, 0); }
cudaError_t cudaStreamQuery_ptsz(cudaStream_t s) { return stream_query(s, 1); }

static cudaError_t get_flags(cudaStream_t s, unsigned int *flags, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_stream_get_flags(ctx, shim_stream(s, ptsz), flags));
}
cudaError_t cudaStreamGetFlags(cudaStream_t s, unsigned int *f) { return get_flags(s, f, 0); }
cudaError_t cudaStreamGetFlags_ptsz(cudaStream_t s, unsigned int *f) { return get_flags(s, f, 1); }

static cudaError_t get_priority(cudaStream_t s, int *p, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_stream_get_priority(ctx, shim_stream(s, ptsz), p));
}
cudaError_t cudaStreamGetPriority(cudaStream_t s, int *p) { return get_priority(s, p, 0); }
cudaError_t cudaStreamGetPriority_ptsz(cudaStream_t s, int *p) { return get_priority(s, p, 1); }

static cudaError_t get_id(cudaStream_t s, unsigned long long *id, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_stream_get_id(ctx, shim_stream(s, ptsz), id));
}
cudaError_t cudaStreamGetId(cudaStream_t s, unsigned long long *id) { return get_id(s, id, 0); }
cudaError_t cudaStreamGetId_ptsz(cudaStream_t s, unsigned long long *id) { return get_id(s, id, 1); }

/* One device: every valid stream is on device 0. */
static cudaError_t get_device(cudaStream_t s, int *device, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    unsigned flags;
    if (!device)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_stream_get_flags(ctx, shim_stream(s, ptsz), &flags);
    if (!e)
        *device = 0;
    RET(e);
}
cudaError_t cudaStreamGetDevice(cudaStream_t s, int *d) { return get_device(s, d, 0); }
cudaError_t cudaStreamGetDevice_ptsz(cudaStream_t s, int *d) { return get_device(s, d, 1); }

static cudaError_t wait_event(cudaStream_t s, cudaEvent_t ev, unsigned int flags, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_stream_wait_event(ctx, shim_stream(s, ptsz), (uintptr_t)ev, flags));
}
cudaError_t cudaStreamWaitEvent(cudaStream_t s, cudaEvent_t ev, unsigned int flags)
{
    return wait_event(s, ev, flags, 0);
}
cudaError_t cudaStreamWaitEvent_ptsz(cudaStream_t s, cudaEvent_t ev, unsigned int flags)
{
    return wait_event(s, ev, flags, 1);
}

/* What a queued host function calls back: one of the two CUDA forms. */
typedef struct host_call {
    cudaHostFn_t         fn;
    cudaStreamCallback_t cb;
    cudaStream_t         stream;
    void                *user;
} host_call;

/* p is the runtime's own copy of the host_call (kept while a captured
 * graph may run it again), so it is not freed here. */
static void run_host_call(void *p, int status)
{
    host_call *c = p;
    if (c->fn)
        c->fn(c->user);
    else
        c->cb(c->stream, (cudaError_t)status, c->user);
}

static cudaError_t queue_host_call(host_call c, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!c.fn && !c.cb)
        RET(RT_cudaErrorInvalidValue);
    RET(rt_launch_host_call(ctx, shim_stream(c.stream, ptsz), run_host_call, &c, sizeof c));
}

cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn, void *userData)
{
    return queue_host_call((host_call){ fn, NULL, stream, userData }, 0);
}

cudaError_t cudaLaunchHostFunc_ptsz(cudaStream_t stream, cudaHostFn_t fn, void *userData)
{
    return queue_host_call((host_call){ fn, NULL, stream, userData }, 1);
}

cudaError_t cudaStreamAddCallback(cudaStream_t stream, cudaStreamCallback_t callback,
                                  void *userData, unsigned int flags)
{
    if (flags != 0)   /* reserved, must be 0 */
        RET(RT_cudaErrorInvalidValue);
    return queue_host_call((host_call){ NULL, callback, stream, userData }, 0);
}

cudaError_t cudaStreamAddCallback_ptsz(cudaStream_t stream, cudaStreamCallback_t callback,
                                       void *userData, unsigned int flags)
{
    if (flags != 0)
        RET(RT_cudaErrorInvalidValue);
    return queue_host_call((host_call){ NULL, callback, stream, userData }, 1);
}

static cudaError_t attach_mem(cudaStream_t s, void *p, size_t length, unsigned flags, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_stream_attach_mem(ctx, shim_stream(s, ptsz), p, length, flags));
}
cudaError_t cudaStreamAttachMemAsync(cudaStream_t s, void *p, size_t length, unsigned int flags)
{
    return attach_mem(s, p, length, flags, 0);
}
cudaError_t cudaStreamAttachMemAsync_ptsz(cudaStream_t s, void *p, size_t length,
                                          unsigned int flags);
cudaError_t cudaStreamAttachMemAsync_ptsz(cudaStream_t s, void *p, size_t length,
                                          unsigned int flags)
{
    return attach_mem(s, p, length, flags, 1);
}
