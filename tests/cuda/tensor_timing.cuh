// tests/cuda/tensor_timing.cuh — simulated time of tensor work
// (sim/timing.c, docs/tensor-cores.md), included by tensor_units_1.cu and
// tensor_units_4.cu, which run it with COBALT_TENSOR_UNITS=1 and 4.
//
// One warp runs ITERS iterations of PER m16n8k16 mma.sync (32 unit steps
// each) with all-ones inputs. Per added mma the PER = 2 kernel takes
// 32 / units cycles of tensor work (a sub-core's units do `units` steps
// per cycle) plus the issue of the few instructions lowered around each
// mma (fragment copies, the same whatever the unit count): between
// 32 / units and 32 / units + 8 cycles, measured with cudaEventElapsedTime
// at the device clock (so 1 unit: 32..40, 4 units: 8..16). Four warps of
// one block issue on four sub-cores: as long as one.
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>
#include "check.cuh"

enum { ITERS = 64 };

template <int PER>
__global__ void mma_loop(int iters, float *out)
{
    const unsigned ones = 0x3c003c00u;   // two f16 1.0
    float c[4] = { 0.f, 0.f, 0.f, 0.f };
#pragma unroll 1
    for (int i = 0; i < iters; i++) {
#pragma unroll
        for (int j = 0; j < PER; j++)
            asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                         "{%0,%1,%2,%3}, {%4,%4,%4,%4}, {%4,%4}, {%0,%1,%2,%3};"
                         : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                         : "r"(ones));
    }
    unsigned t = blockIdx.x * blockDim.x + threadIdx.x;
    out[t] = c[0] + c[1] + c[2] + c[3];
}

// Simulated milliseconds of one launch; each thread's result must be
// 4 * 16 per mma (each adds K = 16 to each of a lane's 4 elements).
template <int PER>
static int timed(int threads, float *out, float *ms)
{
    cudaEvent_t a, b;
    CHECK(cudaEventCreate(&a));
    CHECK(cudaEventCreate(&b));
    CHECK(cudaEventRecord(a));
    mma_loop<PER><<<1, threads>>>(ITERS, out);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(b));
    CHECK(cudaEventSynchronize(b));
    CHECK(cudaEventElapsedTime(ms, a, b));
    CHECK(cudaEventDestroy(a));
    CHECK(cudaEventDestroy(b));
    float host[128];
    CHECK(cudaMemcpy(host, out, threads * sizeof(float), cudaMemcpyDeviceToHost));
    for (int i = 0; i < threads; i++)
        if (host[i] != 4.f * 16.f * ITERS * PER) {
            printf("thread %d: %g, expected %g\nFAIL\n", i, host[i], 4.f * 16.f * ITERS * PER);
            return 1;
        }
    return 0;
}

static int run_tensor_timing(void)
{
    const char *env = getenv("COBALT_TENSOR_UNITS");
    int units = env ? atoi(env) : 0;
    REQUIRE(units >= 1);
    int khz = 0;
    CHECK(cudaDeviceGetAttribute(&khz, cudaDevAttrClockRate, 0));
    REQUIRE(khz > 0);
    float *out;
    CHECK(cudaMalloc(&out, 128 * sizeof(float)));
    float one, two, four_warps;
    if (timed<1>(32, out, &one) || timed<2>(32, out, &two) || timed<1>(128, out, &four_warps))
        return 1;
    double extra = (double)(two - one) * khz / ITERS;   // cycles per added mma
    double want = 32.0 / units;
    printf("units %d: %.1f cycles per m16n8k16 (%.1f of tensor work); 1 warp %.6f ms, 4 warps %.6f ms\n",
           units, extra, want, one, four_warps);
    REQUIRE(extra >= want - 0.01 && extra <= want + 8.01);
    REQUIRE(four_warps > 0.99f * one && four_warps < 1.01f * one);
    CHECK(cudaFree(out));
    printf("PASS\n");
    return 0;
}
