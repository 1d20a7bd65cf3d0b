// tests/cuda/pthreads.cu — 4 host threads use the runtime at once: each
// creates streams, allocates, launches, copies, records events and queries
// errors on its own data. Thread 0 provokes an error (invalid configuration)
// and must see it in cudaGetLastError; the others must not (the last error
// is per host thread). cudaStreamPerThread must differ per host thread in
// effect: each thread's work on it completes and is checked.
#include <pthread.h>
#include <cstdio>
#include <cuda_runtime.h>

__global__ void fill(int *x, int base, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = base + i * 3;
}

struct job { int id; int ok; char why[160]; };

static void *work(void *arg)
{
    job *j = (job *)arg;
    const int n = 2048;
    int *h = nullptr, *d = nullptr;
    cudaStream_t s[2];
    cudaEvent_t ev;
    j->ok = 0;
    if (cudaMallocHost(&h, n * sizeof(int)) || cudaMalloc(&d, 2 * n * sizeof(int)) ||
        cudaStreamCreate(&s[0]) || cudaStreamCreate(&s[1]) || cudaEventCreate(&ev)) {
        snprintf(j->why, sizeof j->why, "setup failed");
        return nullptr;
    }
    for (int round = 0; round < 3; round++) {
        int base = j->id * 100000 + round * 1000;
        fill<<<n / 128, 128, 0, s[0]>>>(d, base, n);
        fill<<<n / 128, 128, 0, s[1]>>>(d + n, base + 7, n);
        if (j->id == 0 && round == 1)
            fill<<<1, 4096, 0, s[0]>>>(d, 0, n);   // too many threads: this thread's error
        cudaError_t e = cudaGetLastError();
        cudaError_t want = (j->id == 0 && round == 1) ? cudaErrorInvalidConfiguration : cudaSuccess;
        if (e != want) {
            snprintf(j->why, sizeof j->why, "round %d: cudaGetLastError = %s, expected %s", round,
                     cudaGetErrorName(e), cudaGetErrorName(want));
            return nullptr;
        }
        cudaEventRecord(ev, s[1]);
        cudaStreamWaitEvent(s[0], ev, 0);
        cudaMemcpyAsync(h, d + n, n * sizeof(int), cudaMemcpyDeviceToHost, s[0]);
        cudaStreamSynchronize(s[0]);
        for (int i = 0; i < n; i++)
            if (h[i] != base + 7 + i * 3) {
                snprintf(j->why, sizeof j->why, "round %d: h[%d] = %d, expected %d", round, i,
                         h[i], base + 7 + i * 3);
                return nullptr;
            }
        // The per-thread default stream: this thread's work, checked here.
        fill<<<n / 128, 128, 0, cudaStreamPerThread>>>(d, base + 11, n);
        cudaMemcpyAsync(h, d, n * sizeof(int), cudaMemcpyDeviceToHost, cudaStreamPerThread);
        if (cudaStreamSynchronize(cudaStreamPerThread) != cudaSuccess || h[n - 1] != base + 11 + (n - 1) * 3) {
            snprintf(j->why, sizeof j->why, "round %d: per-thread stream result %d", round, h[n - 1]);
            return nullptr;
        }
    }
    cudaError_t e = cudaPeekAtLastError();
    if (e != cudaSuccess) {
        snprintf(j->why, sizeof j->why, "final error %s", cudaGetErrorName(e));
        return nullptr;
    }
    cudaEventDestroy(ev);
    cudaStreamDestroy(s[0]);
    cudaStreamDestroy(s[1]);
    cudaFree(d);
    cudaFreeHost(h);
    j->ok = 1;
    return nullptr;
}

int main()
{
    pthread_t t[4];
    job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].id = i;
        jobs[i].why[0] = '\0';
        if (pthread_create(&t[i], nullptr, work, &jobs[i])) { printf("FAIL pthread_create\n"); return 1; }
    }
    int ok = 1;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], nullptr);
        if (!jobs[i].ok) { printf("FAIL thread %d: %s\n", i, jobs[i].why); ok = 0; }
    }
    if (cudaGetLastError() != cudaSuccess) { printf("FAIL main thread sees an error\n"); ok = 0; }
    if (ok) printf("PASS\n");
    return ok ? 0 : 1;
}
