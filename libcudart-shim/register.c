/* libcudart-shim/register.c — the registration ABI nvcc-generated
 * constructors call (__cudaRegisterFatBinary ... __cudaRegisterFatBinaryEnd,
 * atexit(__cudaUnregisterFatBinary)) and __cudaInitModule. */
#include <dlfcn.h>
#include <stdio.h>

#include "libcudart-shim/abi.h"
#include "libcudart-shim/state.h"

void **__cudaRegisterFatBinary(void *fatCubin)
{
    rt_context *ctx = shim_ctx();
    Dl_info info;
    const char *origin = NULL;
    if (!ctx)
        return NULL;
    if (dladdr(fatCubin, &info) && info.dli_fname)
        origin = info.dli_fname;   /* the executable or library holding it */
    rt_fatbin *fb = rt_register_fatbin(ctx, fatCubin, origin);
    if (!fb)
        fprintf(stderr, "cobalt: cannot register the kernels of %s (out of memory)\n",
                origin ? origin : "the program");
    return (void **)fb;
}

/* Modules load lazily, at the first launch or symbol access. */
void __cudaRegisterFatBinaryEnd(void **fatCubinHandle)
{
    (void)fatCubinHandle;
}

void __cudaUnregisterFatBinary(void **fatCubinHandle)
{
    rt_context *ctx = shim_ctx();
    if (ctx && fatCubinHandle)
        rt_unregister_fatbin(ctx, (rt_fatbin *)fatCubinHandle);
}

static void report(rt_error e, const char *what, const char *name)
{
    if (e)
        fprintf(stderr, "cobalt: cannot register %s %s: %s\n", what, name ? name : "(null)",
                rt_error_string(e));
}

void __cudaRegisterFunction(void **fatCubinHandle, const char *hostFun, char *deviceFun,
                            const char *deviceName, int thread_limit, uint3 *tid, uint3 *bid,
                            dim3 *bDim, dim3 *gDim, int *wSize)
{
    rt_context *ctx = shim_ctx();
    if (!ctx)
        return;
    report(rt_register_function(ctx, (rt_fatbin *)fatCubinHandle, hostFun, deviceFun),
           "kernel", deviceFun);
}

void __cudaRegisterVar(void **fatCubinHandle, char *hostVar, char *deviceAddress,
                       const char *deviceName, int ext, size_t size, int constant, int global)
{
    rt_context *ctx = shim_ctx();
    if (!ctx)
        return;
    report(rt_register_var(ctx, (rt_fatbin *)fatCubinHandle, hostVar, deviceAddress, size,
                           constant != 0),
           "variable", deviceAddress);
}

void __cudaRegisterManagedVar(void **fatCubinHandle, void **hostVarPtrAddress,
                              char *deviceAddress, const char *deviceName, int ext, size_t size,
                              int constant, int global)
{
    rt_context *ctx = shim_ctx();
    if (!ctx)
        return;
    report(rt_register_managed_var(ctx, (rt_fatbin *)fatCubinHandle, hostVarPtrAddress,
                                   deviceAddress, size),
           "managed variable", deviceAddress);
}

/* Called before the first host access to a managed variable; a nonzero
 * result tells the caller not to call again. Load errors are reported by
 * the load itself and again by the first launch. */
char __cudaInitModule(void **fatCubinHandle)
{
    rt_context *ctx = shim_ctx();
    if (ctx && fatCubinHandle)
        rt_load_fatbin(ctx, (rt_fatbin *)fatCubinHandle);
    return 1;
}
