// NVCCFLAGS: -arch=sm_90
// griddepcontrol (programmatic dependent launch): a producer grid signals
// launch_dependents, a consumer grid waits on griddepcontrol.wait before
// reading the producer's output; the consumer is launched once with <<<>>>
// and once with cudaLaunchKernelEx and the programmatic stream
// serialization attribute. Checked against a CPU reference.
#include <cstdio>
#include <vector>
#include <cuda_runtime.h>
#include "check.cuh"

__global__ void produce(int *a, int n, int k)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        a[i] = i * 3 + k;
    // the rest of this grid may overlap a dependent grid
    cudaTriggerProgrammaticLaunchCompletion();
}

__global__ void consume(const int *a, int *b, int n)
{
    int pre = threadIdx.x * 2;   // work that does not need the producer
    cudaGridDependencySynchronize();
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        b[i] = a[n - 1 - i] + pre;
}

// the PTX spellings, with a guard, as a library would write them
__global__ void consume_asm(const int *a, int *b, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    asm volatile("{\n .reg .pred p;\n setp.ne.u32 p, %0, 12345;\n"
                 " @p griddepcontrol.wait;\n}\n" :: "r"(i) : "memory");
    if (i < n)
        b[i] = a[i] * 2;
    asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
}

int main()
{
    const int n = 1000, threads = 128, blocks = (n + threads - 1) / threads;
    int *a, *b;
    CHECK(cudaMalloc(&a, n * sizeof(int)));
    CHECK(cudaMalloc(&b, n * sizeof(int)));
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    std::vector<int> hb(n);

    produce<<<blocks, threads, 0, s>>>(a, n, 7);
    consume<<<blocks, threads, 0, s>>>(a, b, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpyAsync(hb.data(), b, n * sizeof(int), cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamSynchronize(s));
    for (int i = 0; i < n; i++) {
        int want = (n - 1 - i) * 3 + 7 + (i % threads) * 2;
        if (hb[i] != want) {
            printf("<<<>>>: b[%d] = %d, expected %d\nFAIL\n", i, hb[i], want);
            return 1;
        }
    }

    // programmatic dependent launch through cudaLaunchKernelEx
    produce<<<blocks, threads, 0, s>>>(a, n, -5);
    cudaLaunchAttribute attr[1];
    attr[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attr[0].val.programmaticStreamSerializationAllowed = 1;
    cudaLaunchConfig_t cfg = {};
    cfg.gridDim = dim3(blocks);
    cfg.blockDim = dim3(threads);
    cfg.stream = s;
    cfg.attrs = attr;
    cfg.numAttrs = 1;
    CHECK(cudaLaunchKernelEx(&cfg, consume, (const int *)a, b, n));
    CHECK(cudaMemcpyAsync(hb.data(), b, n * sizeof(int), cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamSynchronize(s));
    for (int i = 0; i < n; i++) {
        int want = (n - 1 - i) * 3 - 5 + (i % threads) * 2;
        if (hb[i] != want) {
            printf("cudaLaunchKernelEx: b[%d] = %d, expected %d\nFAIL\n", i, hb[i], want);
            return 1;
        }
    }

    produce<<<blocks, threads, 0, s>>>(a, n, 11);
    CHECK(cudaLaunchKernelEx(&cfg, consume_asm, (const int *)a, b, n));
    CHECK(cudaMemcpyAsync(hb.data(), b, n * sizeof(int), cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamSynchronize(s));
    for (int i = 0; i < n; i++) {
        int want = (i * 3 + 11) * 2;
        if (hb[i] != want) {
            printf("inline PTX: b[%d] = %d, expected %d\nFAIL\n", i, hb[i], want);
            return 1;
        }
    }
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(a));
    CHECK(cudaFree(b));
    printf("PASS\n");
    return 0;
}
