/* libcudart-shim/event.c — events (cudaEvent_t values are the runtime's
 * handles). */
#include "libcudart-shim/abi.h"
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/state.h"

#define RET(e) return shim_err(shim_ret(e))

cudaError_t cudaEventCreate(cudaEvent_t *event)
{
    return cudaEventCreateWithFlags(event, cudaEventDefault);
}

cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags)
{
    SHIM_CTX_OR_RETURN(ctx);
    uintptr_t h;
    if (!event)
        RET(RT_cudaErrorInvalidValue);
    rt_error e = rt_event_create(ctx, &h, flags);
    if (!e)
        *event = (cudaEvent_t)h;
    RET(e);
}

cudaError_t cudaEventDestroy(cudaEvent_t event)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_event_destroy(ctx, (uintptr_t)event));
}

static cudaError_t record(cudaEvent_t ev, cudaStream_t s, unsigned int flags, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (flags & ~(unsigned)cudaEventRecordExternal)
        RET(RT_cudaErrorInvalidValue);
    RET(rt_event_record(ctx, (uintptr_t)ev, shim_stream(s, ptsz)));
}

cudaError_t cudaEventRecord(cudaEvent_t ev, cudaStream_t s) { return record(ev, s, 0, 0); }
cudaError_t cudaEventRecord_ptsz(cudaEvent_t ev, cudaStream_t s) { return record(ev, s, 0, 1); }
cudaError_t cudaEventRecordWithFlags(cudaEvent_t ev, cudaStream_t s, unsigned int flags)
{
    return record(ev, s, flags, 0);
}
cudaError_t cudaEventRecordWithFlags_ptsz(cudaEvent_t ev, cudaStream_t s, unsigned int flags)
{
    return record(ev, s, flags, 1);
}

/* cudaErrorNotReady is a status, not recorded as the last error. */
cudaError_t cudaEventQuery(cudaEvent_t event)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_error e = rt_event_query(ctx, (uintptr_t)event);
    return shim_err(e == RT_cudaErrorNotReady ? e : shim_ret(e));
}

cudaError_t cudaEventSynchronize(cudaEvent_t event)
{
    SHIM_CTX_OR_RETURN(ctx);
    RET(rt_event_synchronize(ctx, (uintptr_t)event));
}

cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_error e = rt_event_elapsed(ctx, ms, (uintptr_t)start, (uintptr_t)end);
    return shim_err(e == RT_cudaErrorNotReady ? e : shim_ret(e));
}
