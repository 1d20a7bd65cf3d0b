// Device malloc/free: per-thread buffers filled and summed, a request
// larger than the heap returns NULL, and the heap size is fixed once a
// kernel used malloc.
#include <cstdio>

__global__ void sums(long long *out, int n)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    int *buf = (int *)malloc(n * sizeof(int));
    if (buf == nullptr) {
        out[t] = -1;
        return;
    }
    for (int i = 0; i < n; i++)
        buf[i] = t + i;
    long long s = 0;
    for (int i = 0; i < n; i++)
        s += buf[i];
    out[t] = s;
    free(buf);
}

__global__ void too_big(int *flag)
{
    void *p = malloc((size_t)64 << 20);
    *flag = p == nullptr ? 1 : 2;
    free(p);
    free(nullptr);
}

int main()
{
    const int threads = 64, n = 100;
    if (cudaDeviceSetLimit(cudaLimitMallocHeapSize, 32 << 20) != cudaSuccess) {
        printf("FAIL: cudaDeviceSetLimit before the first launch\n");
        return 1;
    }
    size_t lim = 0;
    cudaDeviceGetLimit(&lim, cudaLimitMallocHeapSize);
    long long *d, h[threads];
    int *flag, hf = 0;
    cudaMalloc(&d, sizeof h);
    cudaMalloc(&flag, sizeof(int));
    sums<<<2, threads / 2>>>(d, n);
    if (cudaDeviceSynchronize() != cudaSuccess) {
        printf("FAIL: sums\n");
        return 1;
    }
    cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    for (int t = 0; t < threads; t++) {
        long long want = (long long)n * t + (long long)n * (n - 1) / 2;
        if (h[t] != want) {
            printf("FAIL: thread %d sum %lld, want %lld\n", t, h[t], want);
            return 1;
        }
    }
    too_big<<<1, 1>>>(flag);
    cudaMemcpy(&hf, flag, sizeof hf, cudaMemcpyDeviceToHost);
    if (hf != 1) {
        printf("FAIL: malloc beyond the heap gave flag %d\n", hf);
        return 1;
    }
    if (cudaDeviceSetLimit(cudaLimitMallocHeapSize, 1 << 20) != cudaErrorInvalidValue) {
        printf("FAIL: the heap size changed after malloc was used\n");
        return 1;
    }
    printf("heap limit %zu MiB\n", lim >> 20);
    printf("PASS\n");
    return 0;
}
