// A failed device assert: CUDA's message on stderr for every failing
// thread, cudaErrorAssert from the launch's synchronisation, and sticky.
#include <cassert>
#include <cstdio>

__global__ void check(int *data)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    assert(data[i] < 5);
    data[i] = -data[i];
}

int main()
{
    int h[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };   // 5 and 6 and 7 fail (block 1)
    int *d;
    cudaMalloc(&d, sizeof h);
    cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);
    check<<<2, 4>>>(d);
    cudaError_t e = cudaDeviceSynchronize();
    if (e != cudaErrorAssert) {
        printf("FAIL: synchronize returned %s\n", cudaGetErrorName(e));
        return 1;
    }
    void *p;
    e = cudaMalloc(&p, 16);
    cudaError_t again = cudaDeviceSynchronize();
    if (again != cudaErrorAssert) {
        printf("FAIL: the error is not sticky: %s %s\n", cudaGetErrorName(e),
               cudaGetErrorName(again));
        return 1;
    }
    printf("got %s (%d)\n", cudaGetErrorName(cudaErrorAssert), (int)cudaErrorAssert);
    printf("PASS\n");
    return 0;
}
