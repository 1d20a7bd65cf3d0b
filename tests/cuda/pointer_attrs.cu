// pointer_attrs: cudaPointerGetAttributes for every kind of pointer (device,
// pinned, registered, managed, __device__ symbol, plain host, interior
// pointers) and the error codes of bad pointers, sizes and copy kinds.
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#include "check.cuh"

__device__ int sym[16];

static int expect_attr(const void *p, cudaMemoryType type, const void *dev, const void *host,
                       int line)
{
    cudaPointerAttributes a;
    cudaError_t e = cudaPointerGetAttributes(&a, p);
    if (e != cudaSuccess || a.type != type || a.devicePointer != dev ||
        (type != cudaMemoryTypeUnregistered && a.hostPointer != host) ||
        a.device != (type == cudaMemoryTypeUnregistered ? cudaInvalidDeviceId : 0)) {
        printf("line %d: %s type %d dev %p host %p device %d\nFAIL\n", line,
               cudaGetErrorName(e), (int)a.type, a.devicePointer, a.hostPointer, a.device);
        return 1;
    }
    return 0;
}
#define ATTR(p, t, d, h) if (expect_attr(p, t, d, h, __LINE__)) return 1

int main()
{
    char *d, *h, *m, *s;
    CHECK(cudaMalloc(&d, 256));
    CHECK(cudaMallocHost(&h, 256));
    CHECK(cudaMallocManaged(&m, 256));
    CHECK(cudaGetSymbolAddress((void **)&s, sym));
    char *r = (char *)malloc(4096);
    CHECK(cudaHostRegister(r, 4096, cudaHostRegisterDefault));
    int local = 0;

    ATTR(d, cudaMemoryTypeDevice, d, nullptr);
    ATTR(d + 100, cudaMemoryTypeDevice, d + 100, nullptr);
    ATTR(h + 7, cudaMemoryTypeHost, h + 7, h + 7);
    ATTR(m + 255, cudaMemoryTypeManaged, m + 255, m + 255);
    ATTR(s + 4, cudaMemoryTypeDevice, s + 4, nullptr);
    ATTR(r + 4000, cudaMemoryTypeHost, r + 4000, r + 4000);
    ATTR(&local, cudaMemoryTypeUnregistered, nullptr, nullptr);

    EXPECT(cudaPointerGetAttributes(nullptr, d), cudaErrorInvalidValue);
    EXPECT(cudaFree(d + 8), cudaErrorInvalidValue);
    EXPECT(cudaFree(h), cudaErrorInvalidValue);
    EXPECT(cudaFreeHost(d), cudaErrorInvalidValue);
    EXPECT(cudaMemcpy(d, &local, 257, cudaMemcpyHostToDevice), cudaErrorInvalidValue);
    EXPECT(cudaMemcpy(&local, d + 250, 8, cudaMemcpyDeviceToHost), cudaErrorInvalidValue);
    EXPECT(cudaMemcpy(d, &local, 4, (cudaMemcpyKind)7), cudaErrorInvalidMemcpyDirection);
    EXPECT(cudaMemcpy(&local, &local, 4, cudaMemcpyDeviceToDevice), cudaErrorInvalidValue);
    EXPECT(cudaMemset(d + 200, 0, 57), cudaErrorInvalidValue);
    EXPECT(cudaMemcpyPeer(d, 1, d + 128, 0, 64), cudaErrorInvalidDevice);
    CHECK(cudaMemcpyPeer(d, 0, d + 128, 0, 64));
    CHECK(cudaMemcpyPeerAsync(d, 0, m, 0, 64, 0));
    EXPECT(cudaHostGetDevicePointer((void **)&s, d, 0), cudaErrorInvalidValue);
    unsigned flags;
    EXPECT(cudaHostGetFlags(&flags, m), cudaErrorInvalidValue);

    // symbol copies in stream order
    int vals[16], got[16] = { 0 };
    for (int i = 0; i < 16; i++)
        vals[i] = i * 3;
    CHECK(cudaMemcpyToSymbolAsync(sym, vals, sizeof vals, 0, cudaMemcpyHostToDevice, 0));
    CHECK(cudaMemcpyFromSymbolAsync(got, sym, 8 * sizeof(int), 8 * sizeof(int),
                                    cudaMemcpyDeviceToHost, 0));
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < 8; i++)
        REQUIRE(got[i] == (i + 8) * 3);
    EXPECT(cudaMemcpyToSymbolAsync(sym, vals, sizeof vals, 4, cudaMemcpyHostToDevice, 0),
           cudaErrorInvalidValue);
    EXPECT(cudaMemcpyToSymbolAsync(sym, vals, 4, 0, cudaMemcpyDeviceToHost, 0),
           cudaErrorInvalidMemcpyDirection);

    CHECK(cudaHostUnregister(r));
    ATTR(r, cudaMemoryTypeUnregistered, nullptr, nullptr);
    free(r);
    CHECK(cudaFree(d));
    ATTR(d, cudaMemoryTypeUnregistered, nullptr, nullptr);
    CHECK(cudaFreeHost(h));
    CHECK(cudaFree(m));
    printf("PASS\n");
    return 0;
}
