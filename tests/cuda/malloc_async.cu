// malloc_async: stream-ordered allocation in a loop (allocate, fill by a
// kernel, copy out, free in stream order), the default and an explicit
// pool, their attributes, and the error codes.
#include <cstdio>
#include <cuda_runtime.h>

#include "check.cuh"

__global__ void iota(int *p, int n, int k)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = i * k;
}

int main()
{
    const int n = 300;
    int attr = 0;
    CHECK(cudaDeviceGetAttribute(&attr, cudaDevAttrMemoryPoolsSupported, 0));
    REQUIRE(attr == 1);
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    static int out[8][n];
    for (int it = 0; it < 8; it++) {
        int *d;
        CHECK(cudaMallocAsync(&d, n * sizeof(int), s));
        iota<<<(n + 127) / 128, 128, 0, s>>>(d, n, it + 1);
        CHECK(cudaMemcpyAsync(out[it], d, n * sizeof(int), cudaMemcpyDeviceToHost, s));
        CHECK(cudaFreeAsync(d, s));   // the copy before it still sees the memory
    }
    CHECK(cudaStreamSynchronize(s));
    for (int it = 0; it < 8; it++)
        for (int i = 0; i < n; i++)
            if (out[it][i] != i * (it + 1)) {
                printf("out[%d][%d] = %d\nFAIL\n", it, i, out[it][i]);
                return 1;
            }
    cudaMemPool_t def, cur;
    CHECK(cudaDeviceGetDefaultMemPool(&def, 0));
    CHECK(cudaDeviceGetMemPool(&cur, 0));
    REQUIRE(def == cur);
    EXPECT(cudaDeviceGetDefaultMemPool(&def, 3), cudaErrorInvalidDevice);
    unsigned long long used = 1, high = 0, thr = 1 << 20;
    CHECK(cudaMemPoolGetAttribute(def, cudaMemPoolAttrUsedMemCurrent, &used));
    REQUIRE(used == 0);
    CHECK(cudaMemPoolGetAttribute(def, cudaMemPoolAttrUsedMemHigh, &high));
    REQUIRE(high >= n * sizeof(int));
    CHECK(cudaMemPoolSetAttribute(def, cudaMemPoolAttrReleaseThreshold, &thr));
    thr = 0;
    CHECK(cudaMemPoolGetAttribute(def, cudaMemPoolAttrReleaseThreshold, &thr));
    REQUIRE(thr == 1 << 20);
    EXPECT(cudaMemPoolSetAttribute(def, cudaMemPoolAttrUsedMemCurrent, &thr),
           cudaErrorInvalidValue);

    cudaMemPoolProps props = {};
    props.allocType = cudaMemAllocationTypePinned;
    props.location.type = cudaMemLocationTypeDevice;
    props.location.id = 0;
    cudaMemPool_t pool;
    CHECK(cudaMemPoolCreate(&pool, &props));
    int *a, *b;
    CHECK(cudaMallocFromPoolAsync(&a, 1000, pool, s));
    CHECK(cudaMallocFromPoolAsync(&b, 24, pool, s));
    CHECK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrUsedMemCurrent, &used));
    REQUIRE(used == 1024);
    CHECK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReservedMemCurrent, &used));
    REQUIRE(used >= 1024);
    CHECK(cudaDeviceSetMemPool(0, pool));
    int *c;
    CHECK(cudaMallocAsync(&c, 8, s));   // from the pool now current
    CHECK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrUsedMemCurrent, &used));
    REQUIRE(used == 1032);
    CHECK(cudaFreeAsync(a, s));
    CHECK(cudaFreeAsync(b, s));
    CHECK(cudaFree(c));   // cudaFree of stream-ordered memory is allowed
    EXPECT(cudaFreeAsync(a, s), cudaErrorInvalidValue);
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrUsedMemCurrent, &used));
    REQUIRE(used == 0);
    CHECK(cudaMemPoolTrimTo(pool, 0));
    EXPECT(cudaMemPoolDestroy(def), cudaErrorInvalidValue);
    CHECK(cudaMemPoolDestroy(pool));
    CHECK(cudaDeviceGetMemPool(&cur, 0));
    REQUIRE(cur == def);
    int *x;
    EXPECT(cudaMallocAsync(&x, 0, s), cudaErrorInvalidValue);
    int *plain;
    CHECK(cudaMalloc(&plain, 16));
    EXPECT(cudaFreeAsync(plain, s), cudaErrorInvalidValue);
    CHECK(cudaFree(plain));
    props.location.id = 2;
    EXPECT(cudaMemPoolCreate(&pool, &props), cudaErrorInvalidDevice);
    CHECK(cudaStreamDestroy(s));
    printf("PASS\n");
    return 0;
}
