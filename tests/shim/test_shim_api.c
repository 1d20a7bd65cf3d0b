/* tests/shim/test_shim_api.c — the drop-in libcudart.so.13 through its C
 * API, as an application sees it (built and run by
 * tests/run-cobalt-run-checks.sh against $BUILD/lib/libcudart.so.13):
 * last-error semantics, the call-configuration stack, device properties
 * and attributes agreeing, memory calls, streams and events, stubs. No kernels: those are
 * covered by test_runtime_launch and the end-to-end programs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <cuda_runtime_api.h>

/* The registration/launch ABI is declared by the CUDA headers for C++ only. */
unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem,
                                     struct CUstream_st *stream);
cudaError_t __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim, size_t *sharedMem,
                                       void *stream);
/* The per-thread-default-stream entry point (declared by the headers only
 * under --default-stream per-thread). */
cudaError_t cudaStreamQuery_ptsz(cudaStream_t stream);

static void test_errors(void **state)
{
    (void)state;
    assert_string_equal(cudaGetErrorName(cudaErrorIllegalAddress), "cudaErrorIllegalAddress");
    assert_string_equal(cudaGetErrorString(cudaErrorMemoryAllocation), "out of memory");
    assert_string_equal(cudaGetErrorString((cudaError_t)4242), "unrecognized error code");
    assert_int_equal(cudaGetLastError(), cudaSuccess);
    assert_int_equal(cudaSetDevice(3), cudaErrorInvalidDevice);
    assert_int_equal(cudaPeekAtLastError(), cudaErrorInvalidDevice);   /* peek keeps it */
    assert_int_equal(cudaGetLastError(), cudaErrorInvalidDevice);      /* get clears it */
    assert_int_equal(cudaGetLastError(), cudaSuccess);
}

static void test_device(void **state)
{
    (void)state;
    int n = 0, dev = -1, rt = 0, drv = 0, v = 0;
    assert_int_equal(cudaGetDeviceCount(&n), cudaSuccess);
    assert_int_equal(n, 1);
    assert_int_equal(cudaSetDevice(0), cudaSuccess);
    assert_int_equal(cudaGetDevice(&dev), cudaSuccess);
    assert_int_equal(dev, 0);
    assert_int_equal(cudaRuntimeGetVersion(&rt), cudaSuccess);
    assert_int_equal(cudaDriverGetVersion(&drv), cudaSuccess);
    assert_int_equal(rt, 13000);
    assert_int_equal(drv, 13000);
    struct cudaDeviceProp p;
    assert_int_equal(cudaGetDeviceProperties(&p, 0), cudaSuccess);
    assert_string_equal(p.name, "Cobalt simulated sm_80");
    assert_int_equal(p.major, 8);
    assert_int_equal(p.minor, 0);
    assert_int_equal(p.warpSize, 32);
    assert_int_equal(p.sharedMemPerBlock, 48 * 1024);
    /* every attribute that mirrors a property says the same */
    const struct { enum cudaDeviceAttr a; long want; } same[] = {
        { cudaDevAttrMultiProcessorCount, p.multiProcessorCount },
        { cudaDevAttrMaxThreadsPerBlock, p.maxThreadsPerBlock },
        { cudaDevAttrMaxBlockDimZ, p.maxThreadsDim[2] },
        { cudaDevAttrMaxGridDimX, p.maxGridSize[0] },
        { cudaDevAttrMaxSharedMemoryPerBlock, (long)p.sharedMemPerBlock },
        { cudaDevAttrMaxSharedMemoryPerBlockOptin, (long)p.sharedMemPerBlockOptin },
        { cudaDevAttrMaxSharedMemoryPerMultiprocessor, (long)p.sharedMemPerMultiprocessor },
        { cudaDevAttrMaxRegistersPerBlock, p.regsPerBlock },
        { cudaDevAttrMaxRegistersPerMultiprocessor, p.regsPerMultiprocessor },
        { cudaDevAttrMaxThreadsPerMultiProcessor, p.maxThreadsPerMultiProcessor },
        { cudaDevAttrMaxBlocksPerMultiprocessor, p.maxBlocksPerMultiProcessor },
        { cudaDevAttrComputeCapabilityMajor, p.major },
        { cudaDevAttrL2CacheSize, p.l2CacheSize },
        { cudaDevAttrTotalConstantMemory, (long)p.totalConstMem },
        { cudaDevAttrUnifiedAddressing, p.unifiedAddressing },
        { cudaDevAttrManagedMemory, p.managedMemory },
        { cudaDevAttrMaxTexture2DHeight, p.maxTexture2D[1] },
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        assert_int_equal(cudaDeviceGetAttribute(&v, same[i].a, 0), cudaSuccess);
        assert_int_equal(v, same[i].want);
    }
    assert_int_equal(cudaDeviceGetAttribute(&v, cudaDevAttrClockRate, 0), cudaSuccess);
    assert_true(v > 0);
    assert_int_equal(cudaDeviceGetAttribute(&v, cudaDevAttrReserved92, 0), cudaErrorInvalidValue);
    assert_int_equal(cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, 1), cudaErrorInvalidDevice);
    cudaGetLastError();
}

static void test_config_stack(void **state)
{
    (void)state;
    dim3 g1 = { 4, 1, 1 }, b1 = { 256, 1, 1 }, g2 = { 2, 2, 1 }, b2 = { 8, 8, 1 }, g, b;
    size_t shm;
    cudaStream_t s;
    assert_int_equal(__cudaPushCallConfiguration(g1, b1, 0, NULL), 0);
    assert_int_equal(__cudaPushCallConfiguration(g2, b2, 128, NULL), 0);   /* nested */
    assert_int_equal(__cudaPopCallConfiguration(&g, &b, &shm, &s), cudaSuccess);
    assert_int_equal(g.y, 2);
    assert_int_equal(b.y, 8);
    assert_int_equal(shm, 128);
    assert_int_equal(__cudaPopCallConfiguration(&g, &b, &shm, &s), cudaSuccess);
    assert_int_equal(g.x, 4);
    assert_int_equal(b.x, 256);
    assert_null(s);
    assert_int_equal(__cudaPopCallConfiguration(&g, &b, &shm, &s), cudaErrorMissingConfiguration);
    cudaGetLastError();
}

static void test_memory(void **state)
{
    (void)state;
    int h[16], *d = NULL, *pinned = NULL, *dev_alias = NULL;
    for (int i = 0; i < 16; i++)
        h[i] = i;
    assert_int_equal(cudaMalloc((void **)&d, sizeof h), cudaSuccess);
    assert_int_equal(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice), cudaSuccess);
    assert_int_equal(cudaMemset(d, 0, 4), cudaSuccess);
    assert_int_equal(cudaMemcpy(h, d, sizeof h, cudaMemcpyDefault), cudaSuccess);
    assert_int_equal(h[0], 0);
    assert_int_equal(h[15], 15);
    assert_int_equal(cudaMemcpy(d + 8, h, sizeof h, cudaMemcpyHostToDevice), cudaErrorInvalidValue);
    assert_int_equal(cudaGetLastError(), cudaErrorInvalidValue);
    assert_int_equal(cudaFree(d + 1), cudaErrorInvalidValue);
    assert_int_equal(cudaFree(NULL), cudaSuccess);
    assert_int_equal(cudaFree(d), cudaSuccess);

    assert_int_equal(cudaHostAlloc((void **)&pinned, 64, cudaHostAllocMapped), cudaSuccess);
    assert_int_equal(cudaHostGetDevicePointer((void **)&dev_alias, pinned, 0), cudaSuccess);
    assert_ptr_equal(dev_alias, pinned);
    struct cudaPointerAttributes a;
    assert_int_equal(cudaPointerGetAttributes(&a, pinned), cudaSuccess);
    assert_int_equal(a.type, cudaMemoryTypeHost);
    assert_int_equal(cudaPointerGetAttributes(&a, h), cudaSuccess);
    assert_int_equal(a.type, cudaMemoryTypeUnregistered);
    assert_int_equal(cudaFree(pinned), cudaErrorInvalidValue);   /* not cudaMalloc memory */
    assert_int_equal(cudaFreeHost(pinned), cudaSuccess);

    size_t free_b, total_b, limit;
    assert_int_equal(cudaMemGetInfo(&free_b, &total_b), cudaSuccess);
    assert_true(free_b <= total_b && total_b > 0);
    assert_int_equal(cudaDeviceSetLimit(cudaLimitPrintfFifoSize, 4 << 20), cudaSuccess);
    assert_int_equal(cudaDeviceGetLimit(&limit, cudaLimitPrintfFifoSize), cudaSuccess);
    assert_int_equal(limit, 4 << 20);
    assert_int_equal(cudaDeviceSynchronize(), cudaSuccess);
    cudaGetLastError();
}

static void CUDART_CB bump(void *user)
{
    ++*(int *)user;
}

static void test_streams(void **state)
{
    (void)state;
    cudaStream_t s;
    cudaEvent_t a, b;
    int calls = 0, *d, h[4] = { 1, 2, 3, 4 }, back[4] = { 0 };
    float ms;
    assert_int_equal(cudaStreamCreate(&s), cudaSuccess);
    assert_int_equal(cudaEventCreate(&a), cudaSuccess);
    assert_int_equal(cudaEventCreate(&b), cudaSuccess);
    assert_int_equal(cudaMalloc((void **)&d, sizeof h), cudaSuccess);
    assert_int_equal(cudaEventRecord(a, s), cudaSuccess);
    assert_int_equal(cudaMemcpyAsync(d, h, sizeof h, cudaMemcpyHostToDevice, s), cudaSuccess);
    assert_int_equal(cudaLaunchHostFunc(s, bump, &calls), cudaSuccess);
    assert_int_equal(cudaMemcpyAsync(back, d, sizeof h, cudaMemcpyDeviceToHost, s), cudaSuccess);
    assert_int_equal(cudaEventRecord(b, s), cudaSuccess);
    assert_int_equal(cudaStreamSynchronize(s), cudaSuccess);
    assert_int_equal(calls, 1);
    assert_memory_equal(h, back, sizeof h);
    assert_int_equal(cudaEventElapsedTime(&ms, a, b), cudaSuccess);
    assert_true(ms > 0);
    assert_int_equal(cudaStreamQuery_ptsz(0), cudaSuccess);   /* cudaStreamPerThread */
    assert_int_equal(cudaStreamDestroy(s), cudaSuccess);
    assert_int_equal(cudaStreamSynchronize(s), cudaErrorInvalidResourceHandle);
    assert_int_equal(cudaGetLastError(), cudaErrorInvalidResourceHandle);
    assert_int_equal(cudaEventDestroy(a), cudaSuccess);
    assert_int_equal(cudaEventDestroy(b), cudaSuccess);
    assert_int_equal(cudaFree(d), cudaSuccess);
}

static void test_stub(void **state)
{
    (void)state;
    assert_int_equal(cudaDeviceGraphMemTrim(0), cudaErrorNotSupported);
    assert_int_equal(cudaGetLastError(), cudaErrorNotSupported);
    struct cudaChannelFormatDesc c = cudaCreateChannelDesc(8, 8, 0, 0, cudaChannelFormatKindUnsigned);
    assert_int_equal(c.y, 8);
    assert_int_equal(c.f, cudaChannelFormatKindUnsigned);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_device),
        cmocka_unit_test(test_config_stack),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_stub),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
