// stream_multi: four streams, each copying its own slice in (pinned memory,
// cudaMemcpyAsync), running two kernels on it and copying it back; the host
// computes the expected values while the device works, then synchronises
// each stream and checks. Also: stream queries, flags, priorities, a
// destroyed handle, cudaMemsetAsync, cudaMallocPitch + cudaMemcpy2DAsync.
#include <cstdio>
#include <cuda_runtime.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s (%s)\nFAIL\n", __FILE__, __LINE__,  \
                   #call, cudaGetErrorName(err_), cudaGetErrorString(err_)); \
            return 1;                                                        \
        }                                                                    \
    } while (0)

__global__ void scale(int *p, int n, int k)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = p[i] * k;
}

__global__ void add_index(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] += i;
}

int main(void)
{
    const int S = 4, N = 5000;
    cudaStream_t s[S];
    int *host, *dev, *expect = new int[S * N];
    CHECK(cudaMallocHost(&host, S * N * sizeof(int)));
    CHECK(cudaMalloc(&dev, S * N * sizeof(int)));
    int least, greatest;
    CHECK(cudaDeviceGetStreamPriorityRange(&least, &greatest));
    for (int k = 0; k < S; k++) {
        CHECK(cudaStreamCreateWithPriority(&s[k], k % 2 ? cudaStreamNonBlocking : 0,
                                           k % 2 ? greatest : least));
        for (int i = 0; i < N; i++)
            host[k * N + i] = i % 97 + k;
    }
    for (int k = 0; k < S; k++) {
        int *h = host + k * N, *d = dev + k * N;
        CHECK(cudaMemcpyAsync(d, h, N * sizeof(int), cudaMemcpyHostToDevice, s[k]));
        scale<<<(N + 127) / 128, 128, 0, s[k]>>>(d, N, k + 2);
        add_index<<<(N + 255) / 256, 256, 0, s[k]>>>(d, N);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpyAsync(h, d, N * sizeof(int), cudaMemcpyDeviceToHost, s[k]));
    }
    // host work overlapping the device's
    for (int k = 0; k < S; k++)
        for (int i = 0; i < N; i++)
            expect[k * N + i] = (i % 97 + k) * (k + 2) + i;
    int bad = 0;
    for (int k = 0; k < S; k++) {
        CHECK(cudaStreamSynchronize(s[k]));
        CHECK(cudaStreamQuery(s[k]));
        for (int i = 0; i < N; i++)
            if (host[k * N + i] != expect[k * N + i] && bad++ < 5)
                printf("stream %d [%d] = %d, want %d\n", k, i, host[k * N + i], expect[k * N + i]);
    }
    unsigned flags;
    int prio;
    CHECK(cudaStreamGetFlags(s[1], &flags));
    CHECK(cudaStreamGetPriority(s[1], &prio));
    if (flags != cudaStreamNonBlocking || prio != greatest) {
        printf("flags %u priority %d\n", flags, prio);
        bad++;
    }

    // memset then read back through the legacy stream (cudaMemcpy orders after it)
    CHECK(cudaMemsetAsync(dev, 0x01, N * sizeof(int), s[2]));
    CHECK(cudaStreamSynchronize(s[2]));
    CHECK(cudaMemcpy(host, dev, sizeof(int), cudaMemcpyDeviceToHost));
    if (host[0] != 0x01010101) {
        printf("memset: %#x\n", host[0]);
        bad++;
    }

    // pitched 2D round trip
    const int W = 33, H = 7;
    int *d2;
    size_t pitch;
    CHECK(cudaMallocPitch((void **)&d2, &pitch, W * sizeof(int), H));
    for (int i = 0; i < W * H; i++)
        host[i] = i * 3;
    CHECK(cudaMemcpy2DAsync(d2, pitch, host, W * sizeof(int), W * sizeof(int), H,
                            cudaMemcpyHostToDevice, s[3]));
    CHECK(cudaMemcpy2DAsync(host + W * H, W * sizeof(int), d2, pitch, W * sizeof(int), H,
                            cudaMemcpyDeviceToHost, s[3]));
    CHECK(cudaStreamSynchronize(s[3]));
    for (int i = 0; i < W * H; i++)
        if (host[W * H + i] != i * 3 && bad++ < 5)
            printf("2D [%d] = %d\n", i, host[W * H + i]);

    for (int k = 0; k < S; k++)
        CHECK(cudaStreamDestroy(s[k]));
    if (cudaStreamQuery(s[0]) != cudaErrorInvalidResourceHandle) {
        printf("a destroyed stream is still accepted\n");
        bad++;
    }
    cudaGetLastError();
    CHECK(cudaFree(d2));
    CHECK(cudaFree(dev));
    CHECK(cudaFreeHost(host));
    delete[] expect;
    printf(bad ? "FAIL\n" : "PASS\n");
    return bad != 0;
}
