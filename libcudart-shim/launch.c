/* libcudart-shim/launch.c — <<<...>>> (Push/Pop of the call configuration),
 * kernel handles, launches and function attributes. */
#include <stdio.h>

#include "libcudart-shim/abi.h"
#include "libcudart-shim/ptsz.h"
#include "libcudart-shim/state.h"

static rt_dim3 from_dim3(dim3 d) { return (rt_dim3){ d.x, d.y, d.z }; }
static dim3 to_dim3(rt_dim3 d) { dim3 r = { d.x, d.y, d.z }; return r; }

unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem,
                                     struct CUstream_st *stream)
{
    shim_call_config c = { from_dim3(gridDim), from_dim3(blockDim), sharedMem, stream };
    if (shim_push_config(&c))
        return 0;
    fprintf(stderr, "cobalt: too many nested kernel launch configurations (<<<...>>> inside "
            "launch arguments); the launch is skipped\n");
    shim_ret(RT_cudaErrorInvalidConfiguration);
    return 1;   /* nonzero: the call site skips the launch */
}

cudaError_t __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim, size_t *sharedMem,
                                       void *stream)
{
    shim_call_config c;
    if (!gridDim || !blockDim || !sharedMem || !stream)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    if (!shim_pop_config(&c))
        return shim_err(shim_ret(RT_cudaErrorMissingConfiguration));
    *gridDim = to_dim3(c.grid);
    *blockDim = to_dim3(c.block);
    *sharedMem = c.shared_mem;
    *(cudaStream_t *)stream = (cudaStream_t)c.stream;
    return cudaSuccess;
}

cudaError_t __cudaGetKernel(cudaKernel_t *kernel, const void *hostFun)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!kernel)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    rt_kernel *k = rt_kernel_by_stub(ctx, hostFun);
    if (!k)
        return shim_err(shim_ret(RT_cudaErrorInvalidDeviceFunction));
    *kernel = (cudaKernel_t)k;
    return cudaSuccess;
}

static cudaError_t launch(const void *func, dim3 grid, dim3 block, void **args, size_t shmem,
                          cudaStream_t stream, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_kernel *k = rt_kernel_lookup(ctx, func);
    return shim_err(shim_ret(rt_launch(ctx, k, from_dim3(grid), from_dim3(block), args, shmem,
                                       shim_stream(stream, ptsz))));
}

cudaError_t __cudaLaunchKernel(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim, void **args,
                               size_t sharedMem, cudaStream_t stream)
{
    return launch(kernel, gridDim, blockDim, args, sharedMem, stream, 0);
}

cudaError_t __cudaLaunchKernel_ptsz(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim,
                                    void **args, size_t sharedMem, cudaStream_t stream)
{
    return launch(kernel, gridDim, blockDim, args, sharedMem, stream, 1);
}

cudaError_t cudaLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                             size_t sharedMem, cudaStream_t stream)
{
    return launch(func, gridDim, blockDim, args, sharedMem, stream, 0);
}

cudaError_t cudaLaunchKernel_ptsz(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                                  size_t sharedMem, cudaStream_t stream)
{
    return launch(func, gridDim, blockDim, args, sharedMem, stream, 1);
}

cudaError_t cudaLaunchCooperativeKernel_ptsz(const void *func, dim3 gridDim, dim3 blockDim,
                                             void **args, size_t sharedMem, cudaStream_t stream);

/* Every block resident at once, with a grid-sync workspace (runtime/launch.c). */
static cudaError_t launch_coop(const void *func, dim3 grid, dim3 block, void **args,
                               size_t shmem, cudaStream_t stream, int ptsz)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_kernel *k = rt_kernel_lookup(ctx, func);
    return shim_err(shim_ret(rt_launch_cooperative(ctx, k, from_dim3(grid), from_dim3(block),
                                                   args, shmem, shim_stream(stream, ptsz))));
}

cudaError_t cudaLaunchCooperativeKernel(const void *func, dim3 gridDim, dim3 blockDim,
                                        void **args, size_t sharedMem, cudaStream_t stream)
{
    return launch_coop(func, gridDim, blockDim, args, sharedMem, stream, 0);
}

cudaError_t cudaLaunchCooperativeKernel_ptsz(const void *func, dim3 gridDim, dim3 blockDim,
                                             void **args, size_t sharedMem, cudaStream_t stream)
{
    return launch_coop(func, gridDim, blockDim, args, sharedMem, stream, 1);
}

cudaError_t cudaGetKernel(cudaKernel_t *kernelPtr, const void *entryFuncAddr)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!kernelPtr)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    rt_kernel *k = rt_kernel_lookup(ctx, entryFuncAddr);
    if (!k)
        return shim_err(shim_ret(RT_cudaErrorInvalidDeviceFunction));
    *kernelPtr = (cudaKernel_t)k;
    return cudaSuccess;
}

cudaError_t cudaFuncGetName(const char **name, const void *func)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!name)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    rt_kernel *k = rt_kernel_lookup(ctx, func);
    if (!k)
        return shim_err(shim_ret(RT_cudaErrorInvalidDeviceFunction));
    *name = rt_kernel_name(k);
    return cudaSuccess;
}

cudaError_t cudaFuncGetAttributes(struct cudaFuncAttributes *attr, const void *func)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_func_attrs a;
    if (!attr)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    rt_kernel *k = rt_kernel_lookup(ctx, func);
    if (!k)
        return shim_err(shim_ret(RT_cudaErrorInvalidDeviceFunction));
    rt_error e = rt_func_attributes(ctx, k, &a);
    if (e)
        return shim_err(shim_ret(e));
    *attr = (struct cudaFuncAttributes){
        .sharedSizeBytes = a.shared_size,
        .constSizeBytes = a.const_size,
        .localSizeBytes = a.local_size,
        .maxThreadsPerBlock = a.max_threads_per_block,
        .numRegs = a.num_regs,
        .ptxVersion = a.ptx_version,
        .binaryVersion = a.binary_version,
        .maxDynamicSharedSizeBytes = a.max_dyn_smem,
        .preferredShmemCarveout = a.preferred_carveout,
    };
    return cudaSuccess;
}

cudaError_t cudaFuncSetAttribute(const void *func, enum cudaFuncAttribute attr, int value)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_kernel *k = rt_kernel_lookup(ctx, func);
    if (!k)
        return shim_err(shim_ret(RT_cudaErrorInvalidDeviceFunction));
    switch (attr) {
    case cudaFuncAttributeMaxDynamicSharedMemorySize:
        return shim_err(shim_ret(rt_func_set_max_dyn_smem(ctx, k, value)));
    case cudaFuncAttributePreferredSharedMemoryCarveout:
        return shim_err(shim_ret(rt_func_set_carveout(ctx, k, value)));
    case cudaFuncAttributeClusterDimMustBeSet:
    case cudaFuncAttributeRequiredClusterWidth:
    case cudaFuncAttributeRequiredClusterHeight:
    case cudaFuncAttributeRequiredClusterDepth:
    case cudaFuncAttributeNonPortableClusterSizeAllowed:
    case cudaFuncAttributeClusterSchedulingPolicyPreference:
        if (value == 0)
            return cudaSuccess;   /* "no cluster requirement" is what we have */
        fprintf(stderr, "cobalt: cudaFuncSetAttribute: thread block clusters are not supported "
                "(attribute %d = %d)\n", (int)attr, value);
        return shim_err(shim_ret(RT_cudaErrorNotSupported));
    default:
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    }
}

/* A cache preference is a hint: recorded, without effect (no L1/shared split). */
cudaError_t cudaFuncSetCacheConfig(const void *func, enum cudaFuncCache cacheConfig)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_func_set_cache_config(ctx, rt_kernel_lookup(ctx, func),
                                                      (int)cacheConfig)));
}

cudaError_t cudaDeviceSetCacheConfig(enum cudaFuncCache cacheConfig)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_set_cache_config(ctx, (int)cacheConfig)));
}

cudaError_t cudaDeviceGetCacheConfig(enum cudaFuncCache *pCacheConfig)
{
    SHIM_CTX_OR_RETURN(ctx);
    int c = 0;
    rt_error e = pCacheConfig ? rt_get_cache_config(ctx, &c) : RT_cudaErrorInvalidValue;
    if (!e)
        *pCacheConfig = (enum cudaFuncCache)c;
    return shim_err(shim_ret(e));
}

/* A cudaFunction_t is the same handle as a cudaKernel_t: the rt_kernel. */
cudaError_t cudaGetFuncBySymbol(cudaFunction_t *functionPtr, const void *symbolPtr)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!functionPtr)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    rt_kernel *k = rt_kernel_lookup(ctx, symbolPtr);
    if (!k)
        return shim_err(shim_ret(RT_cudaErrorInvalidDeviceFunction));
    *functionPtr = (cudaFunction_t)k;
    return cudaSuccess;
}

cudaError_t cudaFuncGetParamInfo(const void *func, size_t paramIndex, size_t *paramOffset,
                                 size_t *paramSize)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_func_param_info(ctx, rt_kernel_lookup(ctx, func), paramIndex,
                                                paramOffset, paramSize)));
}
