/* libcudart-shim/occupancy.c — cudaOccupancy* entry points (the header
 * templates such as cudaOccupancyMaxPotentialBlockSize are built on them). */
#include "libcudart-shim/abi.h"
#include "libcudart-shim/state.h"

static cudaError_t max_blocks(int *numBlocks, const void *func, int blockSize,
                              size_t dynamicSMemSize, unsigned flags)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_kernel *k = rt_kernel_lookup(ctx, func);
    return shim_err(shim_ret(rt_occupancy_max_blocks(ctx, k, blockSize, dynamicSMemSize, flags,
                                                     numBlocks)));
}

cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, const void *func,
                                                          int blockSize,
                                                          size_t dynamicSMemSize)
{
    return max_blocks(numBlocks, func, blockSize, dynamicSMemSize, cudaOccupancyDefault);
}

cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int *numBlocks,
                                                                   const void *func,
                                                                   int blockSize,
                                                                   size_t dynamicSMemSize,
                                                                   unsigned int flags)
{
    return max_blocks(numBlocks, func, blockSize, dynamicSMemSize, flags);
}

cudaError_t cudaOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize, const void *func,
                                                      int numBlocks, int blockSize)
{
    SHIM_CTX_OR_RETURN(ctx);
    rt_kernel *k = rt_kernel_lookup(ctx, func);
    return shim_err(shim_ret(rt_occupancy_avail_dyn_smem(ctx, k, numBlocks, blockSize,
                                                         dynamicSmemSize)));
}
