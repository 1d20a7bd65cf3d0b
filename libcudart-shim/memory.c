/* libcudart-shim/memory.c — allocations, copies, sets and symbols. */
#include "libcudart-shim/abi.h"
#include "libcudart-shim/state.h"

cudaError_t cudaMalloc(void **devPtr, size_t size)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_malloc(ctx, devPtr, size, RT_MEM_DEVICE)));
}

cudaError_t cudaFree(void *devPtr)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_free(ctx, devPtr, RT_MEM_DEVICE)));
}

cudaError_t cudaMallocHost(void **ptr, size_t size)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_host_alloc(ctx, ptr, size, 0)));
}

cudaError_t cudaHostAlloc(void **pHost, size_t size, unsigned int flags)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_host_alloc(ctx, pHost, size, flags)));
}

cudaError_t cudaFreeHost(void *ptr)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_host_free(ctx, ptr)));
}

/* cudaMemAttachSingle needs a stream association: not allowed here, as in
 * CUDA; size 0 is cudaErrorInvalidValue (CUDA documents it). */
cudaError_t cudaMallocManaged(void **devPtr, size_t size, unsigned int flags)
{
    SHIM_CTX_OR_RETURN(ctx);
    if ((flags != cudaMemAttachGlobal && flags != cudaMemAttachHost) || size == 0)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    return shim_err(shim_ret(rt_malloc(ctx, devPtr, size, RT_MEM_MANAGED)));
}

/* UVA: pinned, registered and managed host memory has the same address on
 * the device. */
cudaError_t cudaHostGetDevicePointer(void **pDevice, void *pHost, unsigned int flags)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_host_device_pointer(ctx, pDevice, pHost, flags)));
}

cudaError_t cudaHostGetFlags(unsigned int *pFlags, void *pHost)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_host_get_flags(ctx, pFlags, pHost)));
}

cudaError_t cudaHostRegister(void *ptr, size_t size, unsigned int flags)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_host_register(ctx, ptr, size, flags)));
}

cudaError_t cudaHostUnregister(void *ptr)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_host_unregister(ctx, ptr)));
}

cudaError_t cudaPointerGetAttributes(struct cudaPointerAttributes *attributes, const void *ptr)
{
    SHIM_CTX_OR_RETURN(ctx);
    int type;
    void *dev, *host;
    if (!attributes)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    rt_error e = rt_pointer_info(ctx, ptr, &type, &dev, &host);
    if (e)
        return shim_err(shim_ret(e));
    *attributes = (struct cudaPointerAttributes){
        .type = (enum cudaMemoryType)type,
        .device = type == RT_PTR_UNREGISTERED ? cudaInvalidDeviceId : 0,
        .devicePointer = dev,
        .hostPointer = type == RT_PTR_UNREGISTERED ? (void *)ptr : host,
    };
    return cudaSuccess;
}

cudaError_t cudaMemGetInfo(size_t *free, size_t *total)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_mem_info(ctx, free, total)));
}

cudaError_t cudaMemcpy(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_memcpy(ctx, dst, src, count, (int)kind)));
}

cudaError_t cudaMemcpy_ptds(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind)
{
    return cudaMemcpy(dst, src, count, kind);
}

cudaError_t cudaMemset(void *devPtr, int value, size_t count)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_memset(ctx, devPtr, value, count)));
}

cudaError_t cudaMemset_ptds(void *devPtr, int value, size_t count)
{
    return cudaMemset(devPtr, value, count);
}

cudaError_t cudaMemcpyToSymbol(const void *symbol, const void *src, size_t count, size_t offset,
                               enum cudaMemcpyKind kind)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_memcpy_symbol(ctx, symbol, offset, (void *)src, count, true,
                                              (int)kind)));
}

cudaError_t cudaMemcpyToSymbol_ptds(const void *symbol, const void *src, size_t count,
                                    size_t offset, enum cudaMemcpyKind kind)
{
    return cudaMemcpyToSymbol(symbol, src, count, offset, kind);
}

cudaError_t cudaMemcpyFromSymbol(void *dst, const void *symbol, size_t count, size_t offset,
                                 enum cudaMemcpyKind kind)
{
    SHIM_CTX_OR_RETURN(ctx);
    return shim_err(shim_ret(rt_memcpy_symbol(ctx, symbol, offset, dst, count, false,
                                              (int)kind)));
}

cudaError_t cudaMemcpyFromSymbol_ptds(void *dst, const void *symbol, size_t count,
                                      size_t offset, enum cudaMemcpyKind kind)
{
    return cudaMemcpyFromSymbol(dst, symbol, count, offset, kind);
}

cudaError_t cudaGetSymbolAddress(void **devPtr, const void *symbol)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!devPtr)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    return shim_err(shim_ret(rt_symbol_address(ctx, symbol, devPtr, NULL)));
}

cudaError_t cudaGetSymbolSize(size_t *size, const void *symbol)
{
    SHIM_CTX_OR_RETURN(ctx);
    if (!size)
        return shim_err(shim_ret(RT_cudaErrorInvalidValue));
    return shim_err(shim_ret(rt_symbol_address(ctx, symbol, NULL, size)));
}
