/* libcudart-shim/device_attr.c — cudaDeviceGetAttribute, answered from the
 * same struct cudaDeviceProp that cudaGetDeviceProperties returns (plus the
 * few attributes that have no property). */
#include "libcudart-shim/abi.h"
#include "libcudart-shim/device.h"
#include "libcudart-shim/state.h"

/* Attributes that are plain copies of an int property. */
static bool int_attr(const struct cudaDeviceProp *p, enum cudaDeviceAttr a, int *v)
{
    switch (a) {
    case cudaDevAttrMaxThreadsPerBlock:             *v = p->maxThreadsPerBlock; return true;
    case cudaDevAttrMaxBlockDimX:                   *v = p->maxThreadsDim[0]; return true;
    case cudaDevAttrMaxBlockDimY:                   *v = p->maxThreadsDim[1]; return true;
    case cudaDevAttrMaxBlockDimZ:                   *v = p->maxThreadsDim[2]; return true;
    case cudaDevAttrMaxGridDimX:                    *v = p->maxGridSize[0]; return true;
    case cudaDevAttrMaxGridDimY:                    *v = p->maxGridSize[1]; return true;
    case cudaDevAttrMaxGridDimZ:                    *v = p->maxGridSize[2]; return true;
    case cudaDevAttrWarpSize:                       *v = p->warpSize; return true;
    case cudaDevAttrMaxRegistersPerBlock:           *v = p->regsPerBlock; return true;
    case cudaDevAttrMultiProcessorCount:            *v = p->multiProcessorCount; return true;
    case cudaDevAttrIntegrated:                     *v = p->integrated; return true;
    case cudaDevAttrCanMapHostMemory:               *v = p->canMapHostMemory; return true;
    case cudaDevAttrMaxTexture1DWidth:              *v = p->maxTexture1D; return true;
    case cudaDevAttrMaxTexture2DWidth:              *v = p->maxTexture2D[0]; return true;
    case cudaDevAttrMaxTexture2DHeight:             *v = p->maxTexture2D[1]; return true;
    case cudaDevAttrMaxTexture3DWidth:              *v = p->maxTexture3D[0]; return true;
    case cudaDevAttrMaxTexture3DHeight:             *v = p->maxTexture3D[1]; return true;
    case cudaDevAttrMaxTexture3DDepth:              *v = p->maxTexture3D[2]; return true;
    case cudaDevAttrMaxTexture2DLayeredWidth:       *v = p->maxTexture2DLayered[0]; return true;
    case cudaDevAttrMaxTexture2DLayeredHeight:      *v = p->maxTexture2DLayered[1]; return true;
    case cudaDevAttrMaxTexture2DLayeredLayers:      *v = p->maxTexture2DLayered[2]; return true;
    case cudaDevAttrConcurrentKernels:              *v = p->concurrentKernels; return true;
    case cudaDevAttrEccEnabled:                     *v = p->ECCEnabled; return true;
    case cudaDevAttrPciBusId:                       *v = p->pciBusID; return true;
    case cudaDevAttrPciDeviceId:                    *v = p->pciDeviceID; return true;
    case cudaDevAttrTccDriver:                      *v = p->tccDriver; return true;
    case cudaDevAttrGlobalMemoryBusWidth:           *v = p->memoryBusWidth; return true;
    case cudaDevAttrL2CacheSize:                    *v = p->l2CacheSize; return true;
    case cudaDevAttrMaxThreadsPerMultiProcessor:    *v = p->maxThreadsPerMultiProcessor; return true;
    case cudaDevAttrAsyncEngineCount:               *v = p->asyncEngineCount; return true;
    case cudaDevAttrUnifiedAddressing:              *v = p->unifiedAddressing; return true;
    case cudaDevAttrMaxTexture1DLayeredWidth:       *v = p->maxTexture1DLayered[0]; return true;
    case cudaDevAttrMaxTexture1DLayeredLayers:      *v = p->maxTexture1DLayered[1]; return true;
    case cudaDevAttrMaxTexture2DGatherWidth:        *v = p->maxTexture2DGather[0]; return true;
    case cudaDevAttrMaxTexture2DGatherHeight:       *v = p->maxTexture2DGather[1]; return true;
    case cudaDevAttrMaxTexture3DWidthAlt:           *v = p->maxTexture3DAlt[0]; return true;
    case cudaDevAttrMaxTexture3DHeightAlt:          *v = p->maxTexture3DAlt[1]; return true;
    case cudaDevAttrMaxTexture3DDepthAlt:           *v = p->maxTexture3DAlt[2]; return true;
    case cudaDevAttrPciDomainId:                    *v = p->pciDomainID; return true;
    case cudaDevAttrMaxTextureCubemapWidth:         *v = p->maxTextureCubemap; return true;
    case cudaDevAttrMaxTextureCubemapLayeredWidth:  *v = p->maxTextureCubemapLayered[0]; return true;
    case cudaDevAttrMaxTextureCubemapLayeredLayers: *v = p->maxTextureCubemapLayered[1]; return true;
    case cudaDevAttrMaxSurface1DWidth:              *v = p->maxSurface1D; return true;
    case cudaDevAttrMaxSurface2DWidth:              *v = p->maxSurface2D[0]; return true;
    case cudaDevAttrMaxSurface2DHeight:             *v = p->maxSurface2D[1]; return true;
    case cudaDevAttrMaxSurface3DWidth:              *v = p->maxSurface3D[0]; return true;
    case cudaDevAttrMaxSurface3DHeight:             *v = p->maxSurface3D[1]; return true;
    case cudaDevAttrMaxSurface3DDepth:              *v = p->maxSurface3D[2]; return true;
    case cudaDevAttrMaxSurface1DLayeredWidth:       *v = p->maxSurface1DLayered[0]; return true;
    case cudaDevAttrMaxSurface1DLayeredLayers:      *v = p->maxSurface1DLayered[1]; return true;
    case cudaDevAttrMaxSurface2DLayeredWidth:       *v = p->maxSurface2DLayered[0]; return true;
    case cudaDevAttrMaxSurface2DLayeredHeight:      *v = p->maxSurface2DLayered[1]; return true;
    case cudaDevAttrMaxSurface2DLayeredLayers:      *v = p->maxSurface2DLayered[2]; return true;
    case cudaDevAttrMaxSurfaceCubemapWidth:         *v = p->maxSurfaceCubemap; return true;
    case cudaDevAttrMaxSurfaceCubemapLayeredWidth:  *v = p->maxSurfaceCubemapLayered[0]; return true;
    case cudaDevAttrMaxSurfaceCubemapLayeredLayers: *v = p->maxSurfaceCubemapLayered[1]; return true;
    case cudaDevAttrMaxTexture2DLinearWidth:        *v = p->maxTexture2DLinear[0]; return true;
    case cudaDevAttrMaxTexture2DLinearHeight:       *v = p->maxTexture2DLinear[1]; return true;
    case cudaDevAttrMaxTexture2DLinearPitch:        *v = p->maxTexture2DLinear[2]; return true;
    case cudaDevAttrMaxTexture2DMipmappedWidth:     *v = p->maxTexture2DMipmap[0]; return true;
    case cudaDevAttrMaxTexture2DMipmappedHeight:    *v = p->maxTexture2DMipmap[1]; return true;
    case cudaDevAttrComputeCapabilityMajor:         *v = p->major; return true;
    case cudaDevAttrComputeCapabilityMinor:         *v = p->minor; return true;
    case cudaDevAttrMaxTexture1DMipmappedWidth:     *v = p->maxTexture1DMipmap; return true;
    case cudaDevAttrStreamPrioritiesSupported:      *v = p->streamPrioritiesSupported; return true;
    case cudaDevAttrGlobalL1CacheSupported:         *v = p->globalL1CacheSupported; return true;
    case cudaDevAttrLocalL1CacheSupported:          *v = p->localL1CacheSupported; return true;
    case cudaDevAttrMaxRegistersPerMultiprocessor:  *v = p->regsPerMultiprocessor; return true;
    case cudaDevAttrManagedMemory:                  *v = p->managedMemory; return true;
    case cudaDevAttrIsMultiGpuBoard:                *v = p->isMultiGpuBoard; return true;
    case cudaDevAttrMultiGpuBoardGroupID:           *v = p->multiGpuBoardGroupID; return true;
    case cudaDevAttrHostNativeAtomicSupported:      *v = p->hostNativeAtomicSupported; return true;
    case cudaDevAttrPageableMemoryAccess:           *v = p->pageableMemoryAccess; return true;
    case cudaDevAttrConcurrentManagedAccess:        *v = p->concurrentManagedAccess; return true;
    case cudaDevAttrComputePreemptionSupported:     *v = p->computePreemptionSupported; return true;
    case cudaDevAttrCanUseHostPointerForRegisteredMem:
        *v = p->canUseHostPointerForRegisteredMem; return true;
    case cudaDevAttrCooperativeLaunch:              *v = p->cooperativeLaunch; return true;
    case cudaDevAttrPageableMemoryAccessUsesHostPageTables:
        *v = p->pageableMemoryAccessUsesHostPageTables; return true;
    case cudaDevAttrDirectManagedMemAccessFromHost: *v = p->directManagedMemAccessFromHost; return true;
    case cudaDevAttrMaxBlocksPerMultiprocessor:     *v = p->maxBlocksPerMultiProcessor; return true;
    case cudaDevAttrMaxPersistingL2CacheSize:       *v = p->persistingL2CacheMaxSize; return true;
    case cudaDevAttrMaxAccessPolicyWindowSize:      *v = p->accessPolicyMaxWindowSize; return true;
    case cudaDevAttrHostRegisterSupported:          *v = p->hostRegisterSupported; return true;
    case cudaDevAttrSparseCudaArraySupported:       *v = p->sparseCudaArraySupported; return true;
    case cudaDevAttrHostRegisterReadOnlySupported:  *v = p->hostRegisterReadOnlySupported; return true;
    case cudaDevAttrTimelineSemaphoreInteropSupported:
        *v = p->timelineSemaphoreInteropSupported; return true;
    case cudaDevAttrMemoryPoolsSupported:           *v = p->memoryPoolsSupported; return true;
    case cudaDevAttrGPUDirectRDMASupported:         *v = p->gpuDirectRDMASupported; return true;
    case cudaDevAttrGPUDirectRDMAFlushWritesOptions:
        *v = (int)p->gpuDirectRDMAFlushWritesOptions; return true;
    case cudaDevAttrGPUDirectRDMAWritesOrdering:    *v = p->gpuDirectRDMAWritesOrdering; return true;
    case cudaDevAttrMemoryPoolSupportedHandleTypes: *v = (int)p->memoryPoolSupportedHandleTypes; return true;
    case cudaDevAttrClusterLaunch:                  *v = p->clusterLaunch; return true;
    case cudaDevAttrDeferredMappingCudaArraySupported:
        *v = p->deferredMappingCudaArraySupported; return true;
    case cudaDevAttrIpcEventSupport:                *v = p->ipcEventSupported; return true;
    case cudaDevAttrNumaConfig:                     *v = p->deviceNumaConfig; return true;
    case cudaDevAttrNumaId:                         *v = p->deviceNumaId; return true;
    case cudaDevAttrMpsEnabled:                     *v = p->mpsEnabled; return true;
    case cudaDevAttrHostNumaId:                     *v = p->hostNumaId; return true;
    case cudaDevAttrGpuPciDeviceId:                 *v = (int)p->gpuPciDeviceID; return true;
    case cudaDevAttrGpuPciSubsystemId:              *v = (int)p->gpuPciSubsystemID; return true;
    case cudaDevAttrHostNumaMultinodeIpcSupported:  *v = p->hostNumaMultinodeIpcSupported; return true;
    default:                                        return false;
    }
}

/* Attributes from size_t properties, and those with no property at all. */
static bool other_attr(const struct cudaDeviceProp *p, const rt_device_profile *d,
                       enum cudaDeviceAttr a, int *v)
{
    switch (a) {
    case cudaDevAttrMaxSharedMemoryPerBlock:        *v = (int)p->sharedMemPerBlock; return true;
    case cudaDevAttrTotalConstantMemory:            *v = (int)p->totalConstMem; return true;
    case cudaDevAttrMaxPitch:                       *v = (int)p->memPitch; return true;
    case cudaDevAttrTextureAlignment:               *v = (int)p->textureAlignment; return true;
    case cudaDevAttrSurfaceAlignment:               *v = (int)p->surfaceAlignment; return true;
    case cudaDevAttrTexturePitchAlignment:          *v = (int)p->texturePitchAlignment; return true;
    case cudaDevAttrMaxSharedMemoryPerMultiprocessor: *v = (int)p->sharedMemPerMultiprocessor; return true;
    case cudaDevAttrMaxSharedMemoryPerBlockOptin:   *v = (int)p->sharedMemPerBlockOptin; return true;
    case cudaDevAttrReservedSharedMemoryPerBlock:   *v = (int)p->reservedSharedMemPerBlock; return true;
    case cudaDevAttrClockRate:                      *v = d->clock_khz; return true;
    case cudaDevAttrMemoryClockRate:                *v = d->mem_clock_khz; return true;
    case cudaDevAttrMaxTexture1DLinearWidth:        *v = d->tex1d_linear; return true;
    case cudaDevAttrSingleToDoublePrecisionPerfRatio: *v = d->single_to_double_ratio; return true;
    case cudaDevAttrGpuOverlap:                     *v = p->asyncEngineCount > 0; return true;
    case cudaDevAttrKernelExecTimeout:              *v = 0; return true;
    case cudaDevAttrComputeMode:                    *v = cudaComputeModeDefault; return true;
    case cudaDevAttrMemSyncDomainCount:             *v = 1; return true;
    case cudaDevAttrCanFlushRemoteWrites:
    case cudaDevAttrD3D12CigSupported:
    case cudaDevAttrVulkanCigSupported:
    case cudaDevAttrHostNumaMemoryPoolsSupported:
    case cudaDevAttrHostMemoryPoolsSupported:
    case cudaDevAttrOnlyPartialHostNativeAtomicSupported:
        *v = 0;
        return true;
    default:
        return false;
    }
}

cudaError_t cudaDeviceGetAttribute(int *value, enum cudaDeviceAttr attr, int device)
{
    SHIM_CTX_OR_RETURN(ctx);
    struct cudaDeviceProp p;
    if (!value)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    if (device != 0)
        return shim_err(shim_ret(RT_cudaErrorInvalidDevice));
    shim_device_props(&p, rt_device(ctx));
    if (!int_attr(&p, attr, value) && !other_attr(&p, rt_device(ctx), attr, value))
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    return cudaSuccess;
}
