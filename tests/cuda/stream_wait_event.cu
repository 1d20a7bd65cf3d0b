// stream_wait_event: a producer stream fills a buffer, records an event; a
// consumer stream waits on it (cudaStreamWaitEvent) and reduces the buffer;
// a host function on the consumer stream sees the finished result; host
// functions and callbacks run in stream order.
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

__global__ void fill(int *p, int n, int v)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = v + i % 10;
}

__global__ void sum(const int *p, int n, int *out)
{
    int acc = 0;
    for (int i = threadIdx.x; i < n; i += blockDim.x)
        acc += p[i];
    atomicAdd(out, acc);
}

struct Log {
    int order[8];
    int n;
    const int *result;   // pinned
    int seen;
};

static void CUDART_CB step(void *user)
{
    Log *l = (Log *)user;
    l->order[l->n++] = 1;
    l->seen = *l->result;
}

static void CUDART_CB callback(cudaStream_t, cudaError_t status, void *user)
{
    Log *l = (Log *)user;
    l->order[l->n++] = status == cudaSuccess ? 2 : -2;
}

int main(void)
{
    const int N = 10000;
    cudaStream_t producer, consumer;
    cudaEvent_t filled;
    int *d, *dsum, *result;
    CHECK(cudaStreamCreateWithFlags(&producer, cudaStreamNonBlocking));
    CHECK(cudaStreamCreateWithFlags(&consumer, cudaStreamNonBlocking));
    CHECK(cudaEventCreateWithFlags(&filled, cudaEventDisableTiming));
    CHECK(cudaMalloc(&d, N * sizeof(int)));
    CHECK(cudaMalloc(&dsum, sizeof(int)));
    CHECK(cudaMallocHost(&result, sizeof(int)));
    *result = -1;
    Log log = {};
    log.result = result;

    CHECK(cudaMemsetAsync(dsum, 0, sizeof(int), consumer));
    fill<<<(N + 255) / 256, 256, 0, producer>>>(d, N, 5);
    CHECK(cudaEventRecord(filled, producer));
    CHECK(cudaStreamWaitEvent(consumer, filled, 0));
    sum<<<1, 256, 0, consumer>>>(d, N, dsum);
    CHECK(cudaMemcpyAsync(result, dsum, sizeof(int), cudaMemcpyDeviceToHost, consumer));
    CHECK(cudaLaunchHostFunc(consumer, step, &log));
    CHECK(cudaStreamAddCallback(consumer, callback, &log, 0));
    CHECK(cudaStreamSynchronize(consumer));

    long want = 0;
    for (int i = 0; i < N; i++)
        want += 5 + i % 10;
    int bad = 0;
    if (*result != want || log.seen != want) {
        printf("sum %d, host function saw %d, want %ld\n", *result, log.seen, want);
        bad++;
    }
    if (log.n != 2 || log.order[0] != 1 || log.order[1] != 2) {
        printf("host functions ran out of order (%d calls)\n", log.n);
        bad++;
    }
    CHECK(cudaEventQuery(filled));
    float ms;
    if (cudaEventElapsedTime(&ms, filled, filled) != cudaErrorInvalidResourceHandle) {
        printf("elapsed time on a cudaEventDisableTiming event\n");
        bad++;
    }
    cudaGetLastError();
    if (cudaStreamWaitEvent(consumer, (cudaEvent_t)&log, 0) != cudaErrorInvalidResourceHandle) {
        printf("a garbage event handle was accepted\n");
        bad++;
    }
    cudaGetLastError();
    CHECK(cudaEventDestroy(filled));
    CHECK(cudaStreamDestroy(producer));
    CHECK(cudaStreamDestroy(consumer));
    CHECK(cudaDeviceSynchronize());
    printf(bad ? "FAIL\n" : "PASS\n");
    return bad != 0;
}
