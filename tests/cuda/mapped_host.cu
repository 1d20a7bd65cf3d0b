// mapped_host: a kernel writes host memory directly, through cudaHostAlloc
// (Mapped) memory and through a cudaHostRegister'ed malloc buffer, using
// the pointers cudaHostGetDevicePointer gives; flags and the error codes.
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#include "check.cuh"

__global__ void fill(int *p, int n, int base)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = base + i * i;
}

int main()
{
    const int n = 777;
    int *h, *d;
    int attr = 0;
    CHECK(cudaDeviceGetAttribute(&attr, cudaDevAttrHostRegisterSupported, 0));
    REQUIRE(attr == 1);
    CHECK(cudaHostAlloc(&h, n * sizeof(int), cudaHostAllocMapped | cudaHostAllocPortable));
    EXPECT(cudaHostAlloc(&d, 64, 0x80), cudaErrorInvalidValue);
    unsigned flags = 0;
    CHECK(cudaHostGetFlags(&flags, h));
    REQUIRE(flags == (cudaHostAllocMapped | cudaHostAllocPortable));
    CHECK(cudaHostGetDevicePointer((void **)&d, h, 0));
    EXPECT(cudaHostGetDevicePointer((void **)&d, h, 1), cudaErrorInvalidValue);
    fill<<<(n + 63) / 64, 64>>>(d, n, 3);
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n; i++)
        REQUIRE(h[i] == 3 + i * i);

    int *buf = (int *)malloc(n * sizeof(int));
    int *dbuf;
    EXPECT(cudaHostGetDevicePointer((void **)&dbuf, buf, 0), cudaErrorInvalidValue);
    EXPECT(cudaHostUnregister(buf), cudaErrorHostMemoryNotRegistered);
    EXPECT(cudaHostRegister(buf, 0, 0), cudaErrorInvalidValue);
    CHECK(cudaHostRegister(buf, n * sizeof(int), cudaHostRegisterMapped));
    EXPECT(cudaHostRegister(buf + 4, 16, 0), cudaErrorHostMemoryAlreadyRegistered);
    CHECK(cudaHostGetFlags(&flags, buf));
    REQUIRE(flags == cudaHostRegisterMapped);
    CHECK(cudaHostGetDevicePointer((void **)&dbuf, buf, 0));
    REQUIRE(dbuf == buf);
    cudaPointerAttributes a;
    CHECK(cudaPointerGetAttributes(&a, buf + 10));
    REQUIRE(a.type == cudaMemoryTypeHost && a.devicePointer == buf + 10 &&
            a.hostPointer == buf + 10);
    fill<<<(n + 63) / 64, 64>>>(dbuf, n, -5);
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n; i++)
        REQUIRE(buf[i] == -5 + i * i);
    // registered memory is pinned: an async copy from it to the device
    int *dev;
    CHECK(cudaMalloc(&dev, n * sizeof(int)));
    CHECK(cudaMemcpyAsync(dev, buf, n * sizeof(int), cudaMemcpyHostToDevice, 0));
    CHECK(cudaMemcpy(h, dev, n * sizeof(int), cudaMemcpyDeviceToHost));
    REQUIRE(h[n - 1] == -5 + (n - 1) * (n - 1));
    EXPECT(cudaFreeHost(buf), cudaErrorInvalidValue);
    CHECK(cudaHostUnregister(buf));
    free(buf);
    size_t fr0, fr1, total;
    CHECK(cudaMemGetInfo(&fr0, &total));
    int *h2;
    CHECK(cudaMallocHost(&h2, 1 << 20));
    CHECK(cudaMemGetInfo(&fr1, &total));
    REQUIRE(fr0 == fr1);   // pinned memory is not device memory
    CHECK(cudaHostGetFlags(&flags, h2));
    REQUIRE(flags == 0);
    CHECK(cudaFreeHost(h2));
    CHECK(cudaFreeHost(h));
    CHECK(cudaFree(dev));
    printf("PASS\n");
    return 0;
}
