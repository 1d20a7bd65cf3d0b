// barrier_memcpy_async: libcu++ asynchronous copies on sm_80.
//  1. cuda::barrier<thread_scope_block> + cuda::memcpy_async (block-wide,
//     cp.async + cp.async.mbarrier.arrive + mbarrier.arrive/test_wait):
//     a double-buffered sum over tiles; each thread sums its column.
//  2. cuda::pipeline, thread scope (cp.async groups), two stages.
//  3. cuda::pipeline, block scope (pipeline_shared_state: mbarriers), two
//     stages, producer/consumer on the same threads.
// All checked against the CPU.
#include <cstdio>
#include <cuda/barrier>
#include <cuda/pipeline>
#include <cooperative_groups.h>
#include "check.cuh"

#pragma nv_diag_suppress static_var_with_dynamic_init

namespace cg = cooperative_groups;
enum { T = 128, NT = 6, BLOCKS = 3 };
using block_barrier = cuda::barrier<cuda::thread_scope_block>;

__global__ void tiles_barrier(const float *in, float *out)
{
    __shared__ __align__(16) float buf[2][T];
    __shared__ block_barrier bar[2];
    auto block = cg::this_thread_block();
    if (block.thread_rank() == 0) {
        init(&bar[0], block.size());
        init(&bar[1], block.size());
    }
    block.sync();
    const float *src = in + (size_t)blockIdx.x * NT * T;
    cuda::memcpy_async(block, buf[0], src, sizeof(float) * T, bar[0]);
    float sum = 0;
    for (int i = 0; i < NT; i++) {
        if (i + 1 < NT)
            cuda::memcpy_async(block, buf[(i + 1) % 2], src + (i + 1) * T, sizeof(float) * T,
                               bar[(i + 1) % 2]);
        bar[i % 2].arrive_and_wait();
        sum += buf[i % 2][threadIdx.x] * (float)(i + 1);
        block.sync();   // buf[i % 2] is refilled next iteration
    }
    out[blockIdx.x * T + threadIdx.x] = sum;
}

__global__ void tiles_pipeline_thread(const float *in, float *out)
{
    __shared__ __align__(16) float buf[2][T];
    auto pipe = cuda::make_pipeline();
    const float *src = in + (size_t)blockIdx.x * NT * T;
    float sum = 0;
    for (int s = 0; s < 2; s++) {
        pipe.producer_acquire();
        cuda::memcpy_async(&buf[s][threadIdx.x], &src[s * T + threadIdx.x], sizeof(float), pipe);
        pipe.producer_commit();
    }
    for (int i = 0; i < NT; i++) {
        cuda::pipeline_consumer_wait_prior<1>(pipe);
        sum += buf[i % 2][threadIdx.x] * (float)(i + 1);
        pipe.consumer_release();
        pipe.producer_acquire();
        if (i + 2 < NT)
            cuda::memcpy_async(&buf[i % 2][threadIdx.x], &src[(i + 2) * T + threadIdx.x],
                               sizeof(float), pipe);
        pipe.producer_commit();
    }
    out[blockIdx.x * T + threadIdx.x] = sum;
}

__global__ void tiles_pipeline_block(const float *in, float *out)
{
    __shared__ __align__(16) float buf[2][T];
    __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, 2> state;
    auto block = cg::this_thread_block();
    auto pipe = cuda::make_pipeline(block, &state);
    const float *src = in + (size_t)blockIdx.x * NT * T;
    float sum = 0;
    for (int s = 0; s < 2; s++) {
        pipe.producer_acquire();
        cuda::memcpy_async(block, buf[s], src + s * T, sizeof(float) * T, pipe);
        pipe.producer_commit();
    }
    for (int i = 0; i < NT; i++) {
        pipe.consumer_wait();
        sum += buf[i % 2][threadIdx.x] * (float)(i + 1);
        pipe.consumer_release();
        if (i + 2 < NT) {
            pipe.producer_acquire();
            cuda::memcpy_async(block, buf[i % 2], src + (i + 2) * T, sizeof(float) * T, pipe);
            pipe.producer_commit();
        }
    }
    out[blockIdx.x * T + threadIdx.x] = sum;
}

static int check(const char *what, const float *h, const float *got)
{
    for (int b = 0; b < BLOCKS; b++)
        for (int t = 0; t < T; t++) {
            float want = 0;
            for (int i = 0; i < NT; i++)
                want += h[((size_t)b * NT + i) * T + t] * (float)(i + 1);
            if (got[b * T + t] != want) {
                printf("%s: block %d thread %d: got %g, expected %g\nFAIL\n", what, b, t,
                       got[b * T + t], want);
                return 1;
            }
        }
    return 0;
}

int main()
{
    const size_t n = (size_t)BLOCKS * NT * T;
    float *h = new float[n], got[BLOCKS * T];
    for (size_t i = 0; i < n; i++)
        h[i] = (float)((i * 7919) % 1000) * 0.25f;
    float *din, *dout;
    CHECK(cudaMalloc(&din, n * sizeof(float)));
    CHECK(cudaMalloc(&dout, sizeof got));
    CHECK(cudaMemcpy(din, h, n * sizeof(float), cudaMemcpyHostToDevice));

    void (*kernels[])(const float *, float *) = { tiles_barrier, tiles_pipeline_thread,
                                                  tiles_pipeline_block };
    const char *names[] = { "barrier + memcpy_async", "pipeline (thread scope)",
                            "pipeline (block scope)" };
    for (int k = 0; k < 3; k++) {
        CHECK(cudaMemset(dout, 0, sizeof got));
        kernels[k]<<<BLOCKS, T>>>(din, dout);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(got, dout, sizeof got, cudaMemcpyDeviceToHost));
        if (check(names[k], h, got))
            return 1;
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    delete[] h;
    printf("PASS\n");
    return 0;
}
