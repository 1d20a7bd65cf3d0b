/* libcudart-shim/launch_ex.c — cudaLaunchKernelExC (cudaLaunchKernelEx in
 * the headers): a launch with a list of launch attributes. Hints are
 * validated and accepted; cudaLaunchAttributeCooperative makes a cooperative
 * launch (runtime/launch.c); what the simulator cannot do (clusters,
 * programmatic events) fails with a message. */
#include <stdio.h>

#include "libcudart-shim/abi.h"
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/state.h"

cudaError_t cudaLaunchKernelExC_ptsz(const cudaLaunchConfig_t *config, const void *func,
                                     void **args);

static rt_error unsupported(const char *what)
{
    fprintf(stderr, "cobalt: cudaLaunchKernelEx: %s is not supported yet\n", what);
    return RT_cudaErrorNotSupported;
}

static bool unit_dim(unsigned x, unsigned y, unsigned z)
{
    return (x <= 1 && y <= 1 && z <= 1);
}

/* cudaSuccess when the attribute can be honoured (or is a hint). */
static rt_error check_attr(const cudaLaunchAttribute *a)
{
    switch (a->id) {
    case cudaLaunchAttributeIgnore:
    case cudaLaunchAttributeAccessPolicyWindow:      /* cache hints: no caches */
    case cudaLaunchAttributePriority:
    case cudaLaunchAttributeMemSyncDomainMap:
    case cudaLaunchAttributeMemSyncDomain:
    case cudaLaunchAttributeNvlinkUtilCentricScheduling:
    case cudaLaunchAttributeClusterSchedulingPolicyPreference:
        return RT_cudaSuccess;
    case cudaLaunchAttributeProgrammaticStreamSerialization:
        /* A permission to overlap with the previous kernel: running in
         * stream order satisfies it. */
        return RT_cudaSuccess;
    case cudaLaunchAttributePreferredSharedMemoryCarveout:
        return a->val.sharedMemCarveout <= 100 ? RT_cudaSuccess : RT_cudaErrorInvalidValue;
    case cudaLaunchAttributeCooperative:
        return RT_cudaSuccess;   /* launch_ex picks the cooperative path */
    case cudaLaunchAttributeClusterDimension:
        return unit_dim(a->val.clusterDim.x, a->val.clusterDim.y, a->val.clusterDim.z)
                   ? RT_cudaSuccess
                   : unsupported("cudaLaunchAttributeClusterDimension (thread block clusters)");
    case cudaLaunchAttributePreferredClusterDimension:
        return unit_dim(a->val.preferredClusterDim.x, a->val.preferredClusterDim.y,
                        a->val.preferredClusterDim.z)
                   ? RT_cudaSuccess
                   : unsupported("cudaLaunchAttributePreferredClusterDimension (thread block "
                                 "clusters)");
    case cudaLaunchAttributeProgrammaticEvent:
        return unsupported("cudaLaunchAttributeProgrammaticEvent");
    case cudaLaunchAttributeLaunchCompletionEvent:
        return unsupported("cudaLaunchAttributeLaunchCompletionEvent");
    default:
        /* stream-only (SynchronizationPolicy), graph-only (DeviceUpdatable...)
         * and unknown attributes are invalid for a launch */
        fprintf(stderr, "cobalt: cudaLaunchKernelEx: launch attribute %d is not valid for a "
                "kernel launch\n", (int)a->id);
        return RT_cudaErrorInvalidValue;
    }
}

static cudaError_t launch_ex(const cudaLaunchConfig_t *config, const void *func, void **args,
                             int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!config || (config->numAttrs && !config->attrs))
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    bool coop = false;
    for (unsigned i = 0; i < config->numAttrs; i++) {
        rt_error e = check_attr(&config->attrs[i]);
        if (e)
            return shim_err(shim_ret(e));
        if (config->attrs[i].id == cudaLaunchAttributeCooperative)
            coop = config->attrs[i].val.cooperative != 0;
    }
    rt_kernel *k = rt_kernel_lookup(ctx, func);
    rt_dim3 grid = { config->gridDim.x, config->gridDim.y, config->gridDim.z };
    rt_dim3 block = { config->blockDim.x, config->blockDim.y, config->blockDim.z };
    uintptr_t stream = shim_stream(config->stream, ptsz);
    if (coop)
        return shim_err(shim_ret(rt_launch_cooperative(ctx, k, grid, block, args,
                                                       config->dynamicSmemBytes, stream)));
    return shim_err(shim_ret(rt_launch(ctx, k, grid, block, args, config->dynamicSmemBytes,
                                       stream)));
}

cudaError_t cudaLaunchKernelExC(const cudaLaunchConfig_t *config, const void *func, void **args)
{
    return launch_ex(config, func, args, 0);
}

cudaError_t cudaLaunchKernelExC_ptsz(const cudaLaunchConfig_t *config, const void *func,
                                     void **args)
{
    return launch_ex(config, func, args, 1);
}
