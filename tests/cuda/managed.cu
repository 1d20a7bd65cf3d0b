// managed: cudaMallocManaged and a __managed__ variable shared by host and
// kernel without copies; cudaMemAdvise / cudaMemPrefetchAsync accepted (no
// data moves in a UVA simulator) and cudaMemRangeGetAttribute answering.
#include <cstdio>
#include <cuda_runtime.h>

#include "check.cuh"

__managed__ int counter;
__managed__ int table[4] = { 1, 2, 3, 4 };

__global__ void bump(int *data, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        data[i] = data[i] * 2 + table[i % 4];
        atomicAdd(&counter, 1);
    }
}

int main()
{
    const int n = 1000;
    int *data;
    CHECK(cudaMallocManaged(&data, n * sizeof(int)));
    EXPECT(cudaMallocManaged(&data, 0), cudaErrorInvalidValue);
    int *bad;
    EXPECT(cudaMallocManaged(&bad, 64, cudaMemAttachSingle), cudaErrorInvalidValue);
    for (int i = 0; i < n; i++)
        data[i] = i;
    counter = 5;   // host writes the managed variable directly
    cudaMemLocation dev = { cudaMemLocationTypeDevice, 0 };
    cudaMemLocation host = { cudaMemLocationTypeHost, 0 };
    CHECK(cudaMemAdvise(data, n * sizeof(int), cudaMemAdviseSetReadMostly, dev));
    CHECK(cudaMemAdvise(data, n * sizeof(int), cudaMemAdviseSetPreferredLocation, dev));
    CHECK(cudaMemAdvise(data, n * sizeof(int), cudaMemAdviseSetAccessedBy, host));
    cudaMemLocation dev7 = { cudaMemLocationTypeDevice, 7 };
    EXPECT(cudaMemAdvise(data, n * sizeof(int), cudaMemAdviseSetPreferredLocation, dev7),
           cudaErrorInvalidDevice);
    CHECK(cudaMemPrefetchAsync(data, n * sizeof(int), dev, 0, 0));
    int v = -9;
    CHECK(cudaMemRangeGetAttribute(&v, sizeof v, cudaMemRangeAttributeReadMostly, data,
                                   n * sizeof(int)));
    REQUIRE(v == 1);
    CHECK(cudaMemRangeGetAttribute(&v, sizeof v, cudaMemRangeAttributePreferredLocation, data,
                                   n * sizeof(int)));
    REQUIRE(v == 0);
    CHECK(cudaMemRangeGetAttribute(&v, sizeof v, cudaMemRangeAttributeLastPrefetchLocation,
                                   data, 16));
    REQUIRE(v == 0);
    int *plain;
    CHECK(cudaMalloc(&plain, 64));
    EXPECT(cudaMemAdvise(plain, 64, cudaMemAdviseSetReadMostly, dev), cudaErrorInvalidValue);
    EXPECT(cudaMemPrefetchAsync(plain, 64, dev, 0, 0), cudaErrorInvalidValue);

    bump<<<(n + 127) / 128, 128>>>(data, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    for (int i = 0; i < n; i++)
        if (data[i] != i * 2 + (i % 4 + 1)) {
            printf("data[%d] = %d, expected %d\nFAIL\n", i, data[i], i * 2 + (i % 4 + 1));
            return 1;
        }
    if (counter != 5 + n) {
        printf("counter = %d, expected %d\nFAIL\n", counter, 5 + n);
        return 1;
    }
    cudaPointerAttributes a;
    CHECK(cudaPointerGetAttributes(&a, data + 3));
    REQUIRE(a.type == cudaMemoryTypeManaged && a.devicePointer == data + 3 &&
            a.hostPointer == data + 3);
    CHECK(cudaPointerGetAttributes(&a, &counter));
    REQUIRE(a.type == cudaMemoryTypeManaged);
    CHECK(cudaFree(data));
    CHECK(cudaFree(plain));
    printf("PASS\n");
    return 0;
}
