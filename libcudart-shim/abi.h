/* libcudart-shim/abi.h — the registration and launch entry points nvcc 13
 * host code calls. The CUDA headers declare them only for C++
 * (crt/host_runtime.h, crt/device_functions.h); these are the same
 * prototypes in C (shared/reference/cuda-abi.md §3.1). */
#ifndef COBALT_SHIM_ABI_H
#define COBALT_SHIM_ABI_H

#include <cuda_runtime_api.h>

void      **__cudaRegisterFatBinary(void *fatCubin);
void        __cudaRegisterFatBinaryEnd(void **fatCubinHandle);
void        __cudaUnregisterFatBinary(void **fatCubinHandle);
void        __cudaRegisterFunction(void **fatCubinHandle, const char *hostFun, char *deviceFun,
                                   const char *deviceName, int thread_limit, uint3 *tid,
                                   uint3 *bid, dim3 *bDim, dim3 *gDim, int *wSize);
void        __cudaRegisterVar(void **fatCubinHandle, char *hostVar, char *deviceAddress,
                              const char *deviceName, int ext, size_t size, int constant,
                              int global);
void        __cudaRegisterManagedVar(void **fatCubinHandle, void **hostVarPtrAddress,
                                     char *deviceAddress, const char *deviceName, int ext,
                                     size_t size, int constant, int global);
char        __cudaInitModule(void **fatCubinHandle);
unsigned    __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem,
                                        struct CUstream_st *stream);
cudaError_t __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim, size_t *sharedMem,
                                       void *stream);
cudaError_t __cudaGetKernel(cudaKernel_t *kernel, const void *hostFun);
cudaError_t __cudaLaunchKernel(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim, void **args,
                               size_t sharedMem, cudaStream_t stream);
cudaError_t __cudaLaunchKernel_ptsz(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim,
                                    void **args, size_t sharedMem, cudaStream_t stream);

/* Per-thread-default-stream aliases the real library exports (the headers
 * rename the calls when __CUDART_API_PER_THREAD_DEFAULT_STREAM is set). */
cudaError_t cudaLaunchKernel_ptsz(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                                  size_t sharedMem, cudaStream_t stream);
cudaError_t cudaMemcpy_ptds(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind);
cudaError_t cudaMemset_ptds(void *devPtr, int value, size_t count);
cudaError_t cudaMemcpyToSymbol_ptds(const void *symbol, const void *src, size_t count,
                                    size_t offset, enum cudaMemcpyKind kind);
cudaError_t cudaMemcpyFromSymbol_ptds(void *dst, const void *symbol, size_t count,
                                      size_t offset, enum cudaMemcpyKind kind);

/* Removed from CUDA 13 but still called by older programs (Rodinia). */
cudaError_t cudaThreadSynchronize(void);

/* The shim's cudaError_t results are the runtime's codes. */
static inline cudaError_t shim_err(int e) { return (cudaError_t)e; }

#endif
