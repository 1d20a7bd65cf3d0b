// vecadd.cu — the "hello world" of CUDA, run unmodified on Cobalt.
//
// Build it like any CUDA program, but with the *shared* CUDA runtime so that
// Cobalt's drop-in libcudart.so.13 can take its place at run time:
//
//     nvcc -cudart shared -arch=sm_80 vecadd.cu -o vecadd
//     build/bin/cobalt run --stats ./vecadd
//
// No GPU is needed: Cobalt reads the PTX that nvcc embedded in the binary,
// translates it into the Cobalt ISA and runs it on simulated SIMT cores.
#include <cstdio>
#include <vector>
#include <cuda_runtime.h>

// Every CUDA call returns an error code; a real program should check each one.
#define CHECK(call)                                                            \
    do {                                                                       \
        cudaError_t err_ = (call);                                             \
        if (err_ != cudaSuccess) {                                             \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call,      \
                    cudaGetErrorString(err_));                                 \
            return 1;                                                          \
        }                                                                      \
    } while (0)

// The kernel: one thread per element. The grid is rounded up to whole
// blocks, so the last block has threads past the end: they must do nothing.
__global__ void vecadd(const float *a, const float *b, float *c, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x; // this thread's element
    if (i < n)
        c[i] = a[i] + b[i];
}

int main(void)
{
    const int n = 1 << 16; // 65,536 elements: simulated in a blink
    const size_t bytes = n * sizeof(float);

    // 1. Inputs on the host.
    std::vector<float> a(n), b(n), c(n);
    for (int i = 0; i < n; i++) {
        a[i] = (float)i;
        b[i] = 2.0f * (float)i;
    }

    // 2. Device memory, and the inputs copied into it.
    float *da, *db, *dc;
    CHECK(cudaMalloc(&da, bytes));
    CHECK(cudaMalloc(&db, bytes));
    CHECK(cudaMalloc(&dc, bytes));
    CHECK(cudaMemcpy(da, a.data(), bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), bytes, cudaMemcpyHostToDevice));

    // 3. Launch: 256 threads per block (8 warps of 32), enough blocks to
    //    cover n. The launch is asynchronous; errors in the launch itself
    //    show in cudaGetLastError, errors while running in the synchronize.
    const int threads = 256;
    const int blocks = (n + threads - 1) / threads;
    printf("Launching vecadd with %d blocks of %d threads for %d elements\n", blocks, threads, n);
    vecadd<<<blocks, threads>>>(da, db, dc, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    // 4. The result back to the host, and a check against the CPU.
    CHECK(cudaMemcpy(c.data(), dc, bytes, cudaMemcpyDeviceToHost));
    int errors = 0;
    for (int i = 0; i < n; i++)
        if (c[i] != a[i] + b[i])
            errors++;
    const int show[] = {0, 1, 2, 12345, n - 1};
    for (int i : show)
        printf("  c[%5d] = %8.1f + %8.1f = %8.1f\n", i, a[i], b[i], c[i]);

    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    printf("Result: %s (%d of %d elements wrong)\n", errors ? "FAIL" : "PASS", errors, n);
    return errors ? 1 : 0;
}
