/* libcudart-shim/device.c — the one simulated device: selection,
 * properties, synchronisation, reset, limits and versions. */
#include "libcudart-shim/abi.h"
#include "libcudart-shim/device.h"
#include "libcudart-shim/state.h"

#define COBALT_CUDART_VERSION 13000   /* the CUDA version whose ABI we implement */

cudaError_t cudaGetDeviceCount(int *count)
{
    if (!count)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    *count = 1;
    return cudaSuccess;
}

cudaError_t cudaSetDevice(int device)
{
    return device == 0 ? cudaSuccess : shim_err(shim_ret(RT_cudaErrorInvalidDevice));
}

cudaError_t cudaGetDevice(int *device)
{
    if (!device)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    *device = 0;
    return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(struct cudaDeviceProp *prop, int device)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!prop)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    if (device != 0)
        return shim_err(shim_ret(RT_cudaErrorInvalidDevice));
    shim_device_props(prop, rt_device(ctx));
    return cudaSuccess;
}

cudaError_t cudaDeviceSynchronize(void)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_synchronize(ctx)));
}

cudaError_t cudaThreadSynchronize(void)
{
    return cudaDeviceSynchronize();
}

cudaError_t cudaDeviceReset(void)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_reset(ctx)));
}

cudaError_t cudaDeviceSetLimit(enum cudaLimit limit, size_t value)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_set_limit(ctx, (int)limit, value)));
}

cudaError_t cudaDeviceGetLimit(size_t *pValue, enum cudaLimit limit)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_get_limit(ctx, (int)limit, pValue)));
}

cudaError_t cudaRuntimeGetVersion(int *runtimeVersion)
{
    if (!runtimeVersion)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    *runtimeVersion = COBALT_CUDART_VERSION;
    return cudaSuccess;
}

cudaError_t cudaDriverGetVersion(int *driverVersion)
{
    if (!driverVersion)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    *driverVersion = COBALT_CUDART_VERSION;
    return cudaSuccess;
}

/* cudaDeviceScheduleAuto/Spin/Yield/BlockingSync (one of them), plus
 * cudaDeviceMapHost, cudaDeviceLmemResizeToMax and cudaDeviceSyncMemops. */
#define SHIM_SCHED_MASK  0x07u
#define SHIM_OTHER_FLAGS (0x08u | 0x10u | 0x80u)

/* The flags change how the host waits and what a real driver reserves;
 * Cobalt's waits always block on a condition variable and host mapping is
 * always on, so they are recorded for cudaGetDeviceFlags and change nothing. */
cudaError_t cudaSetDeviceFlags(unsigned int flags)
{
    unsigned sched = flags & SHIM_SCHED_MASK;
    if ((flags & ~(SHIM_SCHED_MASK | SHIM_OTHER_FLAGS)) || (sched != 0 && sched != 1 &&
                                                           sched != 2 && sched != 4))
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    shim_set_device_flags(flags);
    return cudaSuccess;
}

/* cudaDeviceMapHost is reported always: mapped pinned memory always works. */
cudaError_t cudaGetDeviceFlags(unsigned int *flags)
{
    if (!flags)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    *flags = shim_device_flags() | cudaDeviceMapHost;
    return cudaSuccess;
}
