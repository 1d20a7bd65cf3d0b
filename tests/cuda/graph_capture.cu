// graph_capture: stream capture of a multi-stream fork/join with events
// (s0 forks s1 and s2 via events, each runs kernels and copies, both join
// back), a loop of small kernels, host functions and memset; the captured
// graph is replayed several times and checked against the CPU. Then the
// error codes of prohibited calls during capture.
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#define CHECK(x)                                                                 \
    do {                                                                         \
        cudaError_t e_ = (x);                                                    \
        if (e_ != cudaSuccess) {                                                 \
            printf("FAIL %s:%d %s -> %s\n", __FILE__, __LINE__, #x,              \
                   cudaGetErrorName(e_));                                        \
            return 1;                                                            \
        }                                                                        \
    } while (0)

#define EXPECT(x, want)                                                          \
    do {                                                                         \
        cudaError_t e_ = (x);                                                    \
        if (e_ != (want)) {                                                      \
            printf("FAIL %s:%d %s -> %s, want %s\n", __FILE__, __LINE__, #x,     \
                   cudaGetErrorName(e_), cudaGetErrorName(want));                \
            return 1;                                                            \
        }                                                                        \
    } while (0)

__global__ void add(int *p, int v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) p[i] += v;
}

__global__ void mul(int *p, int v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) p[i] *= v;
}

__global__ void sum2(const int *a, const int *b, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = a[i] + b[i];
}

static void CUDART_CB count(void *p) { ++*(int *)p; }

int main()
{
    const int n = 512, loops = 20;
    int *x, *y, *z, *hx;
    CHECK(cudaMalloc(&x, n * sizeof(int)));
    CHECK(cudaMalloc(&y, n * sizeof(int)));
    CHECK(cudaMalloc(&z, n * sizeof(int)));
    CHECK(cudaMallocHost(&hx, n * sizeof(int)));
    cudaStream_t s0, s1, s2;
    CHECK(cudaStreamCreate(&s0));
    CHECK(cudaStreamCreate(&s1));
    CHECK(cudaStreamCreate(&s2));
    cudaEvent_t fork, j1, j2;
    CHECK(cudaEventCreateWithFlags(&fork, cudaEventDisableTiming));
    CHECK(cudaEventCreateWithFlags(&j1, cudaEventDisableTiming));
    CHECK(cudaEventCreateWithFlags(&j2, cudaEventDisableTiming));
    int hosts = 0;

    CHECK(cudaStreamBeginCapture(s0, cudaStreamCaptureModeGlobal));
    cudaStreamCaptureStatus st;
    CHECK(cudaStreamIsCapturing(s0, &st));
    if (st != cudaStreamCaptureStatusActive) { printf("FAIL: not capturing\n"); return 1; }
    CHECK(cudaMemsetAsync(x, 0, n * sizeof(int), s0));
    CHECK(cudaEventRecord(fork, s0));
    CHECK(cudaStreamWaitEvent(s1, fork, 0));
    CHECK(cudaStreamWaitEvent(s2, fork, 0));
    CHECK(cudaStreamIsCapturing(s1, &st));
    if (st != cudaStreamCaptureStatusActive) { printf("FAIL: s1 did not join\n"); return 1; }
    // s1: y = (x + 3) * 2 ; s2: z = x + 10, via a loop of small kernels
    CHECK(cudaMemcpyAsync(y, x, n * sizeof(int), cudaMemcpyDeviceToDevice, s1));
    add<<<(n + 63) / 64, 64, 0, s1>>>(y, 3, n);
    mul<<<(n + 63) / 64, 64, 0, s1>>>(y, 2, n);
    CHECK(cudaMemcpyAsync(z, x, n * sizeof(int), cudaMemcpyDeviceToDevice, s2));
    for (int i = 0; i < loops; i++)
        add<<<(n + 127) / 128, 128, 0, s2>>>(z, 1, n);
    CHECK(cudaLaunchHostFunc(s2, count, &hosts));
    CHECK(cudaEventRecord(j1, s1));
    CHECK(cudaEventRecord(j2, s2));
    CHECK(cudaStreamWaitEvent(s0, j1, 0));
    CHECK(cudaStreamWaitEvent(s0, j2, 0));
    sum2<<<(n + 63) / 64, 64, 0, s0>>>(y, z, x, n);
    CHECK(cudaMemcpyAsync(hx, x, n * sizeof(int), cudaMemcpyDeviceToHost, s0));
    unsigned long long id;
    size_t ndeps;
    const cudaGraphNode_t *deps;
    CHECK(cudaStreamGetCaptureInfo(s0, &st, &id, NULL, &deps, NULL, &ndeps));
    if (ndeps != 1 || !deps) { printf("FAIL: %zu capture dependencies\n", ndeps); return 1; }
    cudaGraph_t g;
    CHECK(cudaStreamEndCapture(s0, &g));
    CHECK(cudaStreamIsCapturing(s1, &st));
    if (st != cudaStreamCaptureStatusNone) { printf("FAIL: s1 still capturing\n"); return 1; }
    if (hosts != 0) { printf("FAIL: captured work ran during capture\n"); return 1; }
    size_t count_nodes = 0;
    CHECK(cudaGraphGetNodes(g, NULL, &count_nodes));
    if (count_nodes != (size_t)(1 + 1 + 2 + 1 + loops + 1 + 1 + 1)) {
        printf("FAIL: captured %zu nodes\n", count_nodes);
        return 1;
    }

    cudaGraphExec_t ge;
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    for (int rep = 0; rep < 3; rep++) {
        for (int i = 0; i < n; i++) hx[i] = -1;
        CHECK(cudaGraphLaunch(ge, s1));
        CHECK(cudaStreamSynchronize(s1));
        for (int i = 0; i < n; i++)
            if (hx[i] != 2 * 3 + loops) {
                printf("FAIL: replay %d element %d = %d, want %d\n", rep, i, hx[i], 6 + loops);
                return 1;
            }
        if (hosts != rep + 1) { printf("FAIL: host function ran %d times\n", hosts); return 1; }
    }

    // prohibited calls during a global-mode capture
    cudaGraph_t bad;
    CHECK(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal));
    add<<<1, 64, 0, s1>>>(y, 1, 64);
    EXPECT(cudaStreamSynchronize(s1), cudaErrorStreamCaptureUnsupported);
    EXPECT(cudaStreamEndCapture(s1, &bad), cudaErrorStreamCaptureInvalidated);
    if (bad) { printf("FAIL: an invalidated capture gave a graph\n"); return 1; }
    CHECK(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal));
    EXPECT(cudaMemcpy(hx, y, 64, cudaMemcpyDeviceToHost), cudaErrorStreamCaptureUnsupported);
    void *scratch;
    CHECK(cudaMalloc(&scratch, 256));   // allowed during capture
    EXPECT(cudaStreamEndCapture(s1, &bad), cudaErrorStreamCaptureInvalidated);
    // relaxed: the thread may make synchronising calls
    CHECK(cudaStreamBeginCapture(s1, cudaStreamCaptureModeRelaxed));
    CHECK(cudaMemcpy(hx, y, 64, cudaMemcpyDeviceToHost));
    CHECK(cudaStreamEndCapture(s1, &bad));
    CHECK(cudaGraphDestroy(bad));
    // the thread's own mode can relax a global capture too
    CHECK(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal));
    cudaStreamCaptureMode mode = cudaStreamCaptureModeRelaxed;
    CHECK(cudaThreadExchangeStreamCaptureMode(&mode));
    if (mode != cudaStreamCaptureModeGlobal) { printf("FAIL: old mode %d\n", (int)mode); return 1; }
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaThreadExchangeStreamCaptureMode(&mode));
    // an unjoined fork
    CHECK(cudaEventRecord(fork, s1));
    CHECK(cudaStreamWaitEvent(s2, fork, 0));
    add<<<1, 64, 0, s2>>>(z, 1, 64);
    EXPECT(cudaStreamEndCapture(s1, &bad), cudaErrorStreamCaptureUnjoined);
    // legacy stream work while a blocking stream captures
    CHECK(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal));
    add<<<1, 64>>>(z, 1, 64);
    EXPECT(cudaGetLastError(), cudaErrorStreamCaptureImplicit);
    EXPECT(cudaStreamEndCapture(s1, &bad), cudaErrorStreamCaptureInvalidated);
    EXPECT(cudaStreamBeginCapture(0, cudaStreamCaptureModeGlobal),
           cudaErrorStreamCaptureUnsupported);
    cudaGetLastError();

    CHECK(cudaFree(scratch));
    CHECK(cudaFree(x));
    CHECK(cudaFree(y));
    CHECK(cudaFree(z));
    CHECK(cudaFreeHost(hx));
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(g));
    printf("PASS\n");
    return 0;
}
