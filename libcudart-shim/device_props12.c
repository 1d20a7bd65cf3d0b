/* libcudart-shim/device_props12.c — cudaGetDeviceProperties(_v2) with the
 * CUDA 12 struct cudaDeviceProp layout (libcudart.so.12 only). CUDA 12
 * headers rename cudaGetDeviceProperties to _v2; the library exports both
 * with the same layout. Fields both layouts share come from the CUDA 13
 * result; the ones CUDA 13 dropped come from cudaDeviceGetAttribute. */
#include <assert.h>
#include <string.h>

#include "libcudart-shim/abi12.h"

static_assert(sizeof(struct cudaDeviceProp12) == 1032,
              "CUDA 12 struct cudaDeviceProp is 1032 bytes");

#define SAME(f) memcpy(&o->f, &n->f, sizeof o->f)

static void copy_common(struct cudaDeviceProp12 *o, const struct cudaDeviceProp *n)
{
    SAME(name); SAME(uuid); SAME(luid); SAME(luidDeviceNodeMask);
    SAME(totalGlobalMem); SAME(sharedMemPerBlock); SAME(regsPerBlock); SAME(warpSize);
    SAME(memPitch); SAME(maxThreadsPerBlock); SAME(maxThreadsDim); SAME(maxGridSize);
    SAME(totalConstMem); SAME(major); SAME(minor); SAME(textureAlignment);
    SAME(texturePitchAlignment); SAME(multiProcessorCount); SAME(integrated);
    SAME(canMapHostMemory); SAME(maxTexture1D); SAME(maxTexture1DMipmap);
    SAME(maxTexture2D); SAME(maxTexture2DMipmap); SAME(maxTexture2DLinear);
    SAME(maxTexture2DGather); SAME(maxTexture3D); SAME(maxTexture3DAlt);
    SAME(maxTextureCubemap); SAME(maxTexture1DLayered); SAME(maxTexture2DLayered);
    SAME(maxTextureCubemapLayered); SAME(maxSurface1D); SAME(maxSurface2D);
    SAME(maxSurface3D); SAME(maxSurface1DLayered); SAME(maxSurface2DLayered);
    SAME(maxSurfaceCubemap); SAME(maxSurfaceCubemapLayered); SAME(surfaceAlignment);
    SAME(concurrentKernels); SAME(ECCEnabled); SAME(pciBusID); SAME(pciDeviceID);
    SAME(pciDomainID); SAME(tccDriver); SAME(asyncEngineCount); SAME(unifiedAddressing);
    SAME(memoryBusWidth); SAME(l2CacheSize); SAME(persistingL2CacheMaxSize);
    SAME(maxThreadsPerMultiProcessor); SAME(streamPrioritiesSupported);
    SAME(globalL1CacheSupported); SAME(localL1CacheSupported);
    SAME(sharedMemPerMultiprocessor); SAME(regsPerMultiprocessor); SAME(managedMemory);
    SAME(isMultiGpuBoard); SAME(multiGpuBoardGroupID); SAME(hostNativeAtomicSupported);
    SAME(pageableMemoryAccess); SAME(concurrentManagedAccess);
    SAME(computePreemptionSupported); SAME(canUseHostPointerForRegisteredMem);
    SAME(cooperativeLaunch); SAME(sharedMemPerBlockOptin);
    SAME(pageableMemoryAccessUsesHostPageTables); SAME(directManagedMemAccessFromHost);
    SAME(maxBlocksPerMultiProcessor); SAME(accessPolicyMaxWindowSize);
    SAME(reservedSharedMemPerBlock); SAME(hostRegisterSupported);
    SAME(sparseCudaArraySupported); SAME(hostRegisterReadOnlySupported);
    SAME(timelineSemaphoreInteropSupported); SAME(memoryPoolsSupported);
    SAME(gpuDirectRDMASupported); SAME(gpuDirectRDMAFlushWritesOptions);
    SAME(gpuDirectRDMAWritesOrdering); SAME(memoryPoolSupportedHandleTypes);
    SAME(deferredMappingCudaArraySupported); SAME(ipcEventSupported); SAME(clusterLaunch);
    SAME(unifiedFunctionPointers);
}

/* A field CUDA 13 dropped: the attribute if the shim answers it, else 0. */
static int attr(enum cudaDeviceAttr a, int device)
{
    int v = 0;
    return cudaDeviceGetAttribute(&v, a, device) == cudaSuccess ? v : 0;
}

cudaError_t cudaGetDeviceProperties_v2(struct cudaDeviceProp12 *prop, int device)
{
    struct cudaDeviceProp n;
    if (!prop)
        return cobalt13_cudaGetDeviceProperties(NULL, device);   /* records the error */
    cudaError_t e = cobalt13_cudaGetDeviceProperties(&n, device);
    if (e != cudaSuccess)
        return e;
    memset(prop, 0, sizeof *prop);
    copy_common(prop, &n);
    prop->clockRate = attr(cudaDevAttrClockRate, device);
    prop->memoryClockRate = attr(cudaDevAttrMemoryClockRate, device);
    prop->deviceOverlap = attr(cudaDevAttrGpuOverlap, device);
    prop->kernelExecTimeoutEnabled = attr(cudaDevAttrKernelExecTimeout, device);
    prop->computeMode = attr(cudaDevAttrComputeMode, device);
    prop->maxTexture1DLinear = attr(cudaDevAttrMaxTexture1DLinearWidth, device);
    prop->singleToDoublePrecisionPerfRatio =
        attr(cudaDevAttrSingleToDoublePrecisionPerfRatio, device);
    return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(struct cudaDeviceProp12 *prop, int device)
{
    return cudaGetDeviceProperties_v2(prop, device);
}
