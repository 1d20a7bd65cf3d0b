// NVCCFLAGS: --default-stream per-thread
// stream_per_thread: built with the per-thread default stream, so the
// runtime sees the _ptsz/_ptds entry points: launches, async copies, event
// records and host functions on stream 0 (= cudaStreamPerThread), from two
// host threads, each checking its own results.
#include <cstdio>
#include <thread>
#include <cuda_runtime.h>

__global__ void triple(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] *= 3;
}

static void CUDART_CB mark(void *user)
{
    *(int *)user += 1;
}

static int run(int seed)
{
    const int N = 3000;
    int *h, *d, marks = 0;
    cudaEvent_t done;
    if (cudaMallocHost(&h, N * sizeof(int)) || cudaMalloc(&d, N * sizeof(int)) ||
        cudaEventCreate(&done))
        return 1;
    for (int i = 0; i < N; i++)
        h[i] = i + seed;
    cudaMemcpyAsync(d, h, N * sizeof(int), cudaMemcpyHostToDevice, 0);
    triple<<<(N + 127) / 128, 128>>>(d, N);
    triple<<<(N + 127) / 128, 128, 0, cudaStreamPerThread>>>(d, N);
    cudaMemcpyAsync(h, d, N * sizeof(int), cudaMemcpyDeviceToHost, 0);
    cudaLaunchHostFunc(0, mark, &marks);
    cudaEventRecord(done, 0);
    if (cudaGetLastError() != cudaSuccess || cudaEventSynchronize(done) != cudaSuccess ||
        cudaStreamSynchronize(0) != cudaSuccess)
        return 1;
    int bad = marks != 1;
    for (int i = 0; i < N; i++)
        if (h[i] != (i + seed) * 9 && bad++ < 3)
            printf("thread %d: [%d] = %d\n", seed, i, h[i]);
    cudaFree(d);
    cudaFreeHost(h);
    cudaEventDestroy(done);
    return bad != 0;
}

int main(void)
{
    int r1 = 0, r2 = 0;
    std::thread a([&] { r1 = run(1); }), b([&] { r2 = run(1000); });
    a.join();
    b.join();
    int bad = r1 + r2 + run(7);
    printf(bad ? "FAIL\n" : "PASS\n");
    return bad != 0;
}
