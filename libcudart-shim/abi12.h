/* libcudart-shim/abi12.h — the CUDA 12 entry points whose names or
 * signatures differ from CUDA 13 (built only with -DCOBALT_CUDART_ABI=12,
 * i.e. into libcudart.so.12). The CUDA 13 definitions of the functions whose
 * signature changed are compiled under a cobalt13_ prefix in that build
 * (module.mk renames them with -D) and are wrapped here.
 * Sources: CUDA 12.x cuda_runtime_api.h / driver_types.h (public copies). */
#ifndef COBALT_SHIM_ABI12_H
#define COBALT_SHIM_ABI12_H

#include <cuda_runtime_api.h>

/* struct cudaDeviceProp as CUDA 12.0-12.9 lay it out (1032 bytes). */
struct cudaDeviceProp12 {
    char         name[256];
    cudaUUID_t   uuid;
    char         luid[8];
    unsigned int luidDeviceNodeMask;
    size_t       totalGlobalMem, sharedMemPerBlock;
    int          regsPerBlock, warpSize;
    size_t       memPitch;
    int          maxThreadsPerBlock, maxThreadsDim[3], maxGridSize[3];
    int          clockRate;
    size_t       totalConstMem;
    int          major, minor;
    size_t       textureAlignment, texturePitchAlignment;
    int          deviceOverlap, multiProcessorCount, kernelExecTimeoutEnabled, integrated;
    int          canMapHostMemory, computeMode;
    int          maxTexture1D, maxTexture1DMipmap, maxTexture1DLinear;
    int          maxTexture2D[2], maxTexture2DMipmap[2], maxTexture2DLinear[3];
    int          maxTexture2DGather[2], maxTexture3D[3], maxTexture3DAlt[3];
    int          maxTextureCubemap, maxTexture1DLayered[2], maxTexture2DLayered[3];
    int          maxTextureCubemapLayered[2];
    int          maxSurface1D, maxSurface2D[2], maxSurface3D[3], maxSurface1DLayered[2];
    int          maxSurface2DLayered[3], maxSurfaceCubemap, maxSurfaceCubemapLayered[2];
    size_t       surfaceAlignment;
    int          concurrentKernels, ECCEnabled, pciBusID, pciDeviceID, pciDomainID;
    int          tccDriver, asyncEngineCount, unifiedAddressing, memoryClockRate;
    int          memoryBusWidth, l2CacheSize, persistingL2CacheMaxSize;
    int          maxThreadsPerMultiProcessor, streamPrioritiesSupported;
    int          globalL1CacheSupported, localL1CacheSupported;
    size_t       sharedMemPerMultiprocessor;
    int          regsPerMultiprocessor, managedMemory, isMultiGpuBoard, multiGpuBoardGroupID;
    int          hostNativeAtomicSupported, singleToDoublePrecisionPerfRatio;
    int          pageableMemoryAccess, concurrentManagedAccess, computePreemptionSupported;
    int          canUseHostPointerForRegisteredMem, cooperativeLaunch;
    int          cooperativeMultiDeviceLaunch;
    size_t       sharedMemPerBlockOptin;
    int          pageableMemoryAccessUsesHostPageTables, directManagedMemAccessFromHost;
    int          maxBlocksPerMultiProcessor, accessPolicyMaxWindowSize;
    size_t       reservedSharedMemPerBlock;
    int          hostRegisterSupported, sparseCudaArraySupported;
    int          hostRegisterReadOnlySupported, timelineSemaphoreInteropSupported;
    int          memoryPoolsSupported, gpuDirectRDMASupported;
    unsigned int gpuDirectRDMAFlushWritesOptions;
    int          gpuDirectRDMAWritesOrdering;
    unsigned int memoryPoolSupportedHandleTypes;
    int          deferredMappingCudaArraySupported, ipcEventSupported, clusterLaunch;
    int          unifiedFunctionPointers;
    int          reserved2[2], reserved1[1], reserved[60];
};

/* The CUDA 13 definitions, renamed by module.mk in the ABI-12 build. */
cudaError_t cobalt13_cudaGetDeviceProperties(struct cudaDeviceProp *prop, int device);

/* CUDA 12 signatures (names as the 12 library exports them). */
#undef cudaGetDeviceProperties
cudaError_t cudaGetDeviceProperties(struct cudaDeviceProp12 *prop, int device);
cudaError_t cudaGetDeviceProperties_v2(struct cudaDeviceProp12 *prop, int device);

#undef cudaMemAdvise
#undef cudaMemPrefetchAsync
#undef cudaMemPrefetchAsync_ptsz
cudaError_t cudaMemAdvise(const void *p, size_t n, enum cudaMemoryAdvise advice, int device);
cudaError_t cudaMemAdvise_v2(const void *p, size_t n, enum cudaMemoryAdvise advice,
                             struct cudaMemLocation loc);
cudaError_t cudaMemPrefetchAsync(const void *p, size_t n, int dstDevice, cudaStream_t s);
cudaError_t cudaMemPrefetchAsync_ptsz(const void *p, size_t n, int dstDevice, cudaStream_t s);
cudaError_t cudaMemPrefetchAsync_v2(const void *p, size_t n, struct cudaMemLocation loc,
                                    unsigned flags, cudaStream_t s);
cudaError_t cudaMemPrefetchAsync_v2_ptsz(const void *p, size_t n, struct cudaMemLocation loc,
                                         unsigned flags, cudaStream_t s);

#undef cudaGraphAddDependencies
#undef cudaGraphRemoveDependencies
#undef cudaGraphGetEdges
cudaError_t cudaGraphAddDependencies(cudaGraph_t g, const cudaGraphNode_t *from,
                                     const cudaGraphNode_t *to, size_t n);
cudaError_t cudaGraphAddDependencies_v2(cudaGraph_t g, const cudaGraphNode_t *from,
                                        const cudaGraphNode_t *to,
                                        const cudaGraphEdgeData *edges, size_t n);
cudaError_t cudaGraphRemoveDependencies(cudaGraph_t g, const cudaGraphNode_t *from,
                                        const cudaGraphNode_t *to, size_t n);
cudaError_t cudaGraphRemoveDependencies_v2(cudaGraph_t g, const cudaGraphNode_t *from,
                                           const cudaGraphNode_t *to,
                                           const cudaGraphEdgeData *edges, size_t n);
cudaError_t cudaGraphGetEdges(cudaGraph_t g, cudaGraphNode_t *from, cudaGraphNode_t *to,
                              size_t *n);
cudaError_t cudaGraphGetEdges_v2(cudaGraph_t g, cudaGraphNode_t *from, cudaGraphNode_t *to,
                                 cudaGraphEdgeData *edges, size_t *n);

#undef cudaStreamGetCaptureInfo
#undef cudaStreamGetCaptureInfo_ptsz
cudaError_t cudaStreamGetCaptureInfo(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                     unsigned long long *id);
cudaError_t cudaStreamGetCaptureInfo_ptsz(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                          unsigned long long *id);
cudaError_t cudaStreamGetCaptureInfo_v2(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                        unsigned long long *id, cudaGraph_t *g,
                                        const cudaGraphNode_t **deps, size_t *n);
cudaError_t cudaStreamGetCaptureInfo_v2_ptsz(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                             unsigned long long *id, cudaGraph_t *g,
                                             const cudaGraphNode_t **deps, size_t *n);
cudaError_t cudaStreamGetCaptureInfo_v3(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                        unsigned long long *id, cudaGraph_t *g,
                                        const cudaGraphNode_t **deps,
                                        const cudaGraphEdgeData **edges, size_t *n);
cudaError_t cudaStreamGetCaptureInfo_v3_ptsz(cudaStream_t s, enum cudaStreamCaptureStatus *st,
                                             unsigned long long *id, cudaGraph_t *g,
                                             const cudaGraphNode_t **deps,
                                             const cudaGraphEdgeData **edges, size_t *n);

/* Legacy cudaThread* names (CUDA 13 removed them; cudaThreadSynchronize is
 * in abi.h because the 13 build keeps exporting it). */
cudaError_t cudaThreadExit(void);
cudaError_t cudaThreadGetCacheConfig(enum cudaFuncCache *c);
cudaError_t cudaThreadSetCacheConfig(enum cudaFuncCache c);
cudaError_t cudaThreadGetLimit(size_t *value, enum cudaLimit limit);
cudaError_t cudaThreadSetLimit(enum cudaLimit limit, size_t value);
cudaError_t cudaSetDoubleForDevice(double *d);
cudaError_t cudaSetDoubleForHost(double *d);

/* Texture and surface references (crt/host_runtime.h of CUDA 12). */
struct textureReference;
struct surfaceReference;
void __cudaRegisterTexture(void **fatCubinHandle, const struct textureReference *hostVar,
                           const void **deviceAddress, const char *deviceName, int dim,
                           int norm, int ext);
void __cudaRegisterSurface(void **fatCubinHandle, const struct surfaceReference *hostVar,
                           const void **deviceAddress, const char *deviceName, int dim,
                           int ext);

#endif
