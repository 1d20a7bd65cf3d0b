// Barrier reductions: __syncthreads_count/_and/_or (nvcc: bar.red over the
// whole block) and bar.red.{popc.u32,and.pred,or.pred} in inline PTX with
// a thread count and a register barrier id (two halves of the block reduce
// on their own barriers). Checked against a CPU reference.
#include <cstdio>
#include <vector>
#include <cuda_runtime.h>
#include "check.cuh"

struct result { int count, all, any, hcount, hall, hany; };

__host__ __device__ bool pred_of(int t, int k) { return (t * 7 + k) % 5 == 0; }

__global__ void reduce(result *out, int k)
{
    int t = threadIdx.x;
    bool p = pred_of(t, k);
    result r;
    r.count = __syncthreads_count(p);
    r.all = __syncthreads_and(t != k);
    r.any = __syncthreads_or(t == k);
    // half h of the block (blockDim.x / 2 threads) on barrier 1 + h
    unsigned id = 1 + (t >= (int)blockDim.x / 2), half = blockDim.x / 2;
    unsigned c, a, o;
    asm volatile("{\n .reg .pred p, q;\n"
                 " setp.ne.u32 p, %3, 0;\n"
                 " bar.red.popc.u32 %0, %4, %5, p;\n"
                 " barrier.red.and.pred q, %4, %5, p;\n"
                 " selp.u32 %1, 1, 0, q;\n"
                 " bar.red.or.pred q, 3, %5, !p;\n"
                 " selp.u32 %2, 1, 0, q;\n}\n"
                 : "=r"(c), "=r"(a), "=r"(o)
                 : "r"((unsigned)p), "r"(id), "r"(half) : "memory");
    r.hcount = (int)c;
    r.hall = (int)a;
    r.hany = (int)o;
    out[blockIdx.x * blockDim.x + t] = r;
}

// constant thread counts and ids; thread count = the whole block
__global__ void reduce_const(int *out)
{
    int t = threadIdx.x;
    unsigned c;
    asm volatile("{\n .reg .pred p;\n setp.lt.u32 p, %1, 40;\n"
                 " bar.red.popc.u32 %0, 7, 256, p;\n}\n" : "=r"(c) : "r"(t) : "memory");
    out[t] = (int)c;
}

int main()
{
    const int blocks = 3, threads = 192;
    result *d;
    CHECK(cudaMalloc(&d, blocks * threads * sizeof(result)));
    for (int k = 0; k < 2; k++) {
        int kk = k == 0 ? 10 : 500;   // 500: no thread has t == k
        reduce<<<blocks, threads>>>(d, kk);
        CHECK(cudaGetLastError());
        std::vector<result> h(blocks * threads);
        CHECK(cudaMemcpy(h.data(), d, h.size() * sizeof(result), cudaMemcpyDeviceToHost));
        int count = 0, hc[2] = { 0, 0 };
        bool hall[2] = { true, true }, hany[2] = { false, false };
        for (int t = 0; t < threads; t++) {
            bool p = pred_of(t, kk);
            count += p;
            hc[t >= threads / 2] += p;
            hall[t >= threads / 2] = hall[t >= threads / 2] && p;
            hany[t >= threads / 2] = hany[t >= threads / 2] || !p;
        }
        for (int i = 0; i < blocks * threads; i++) {
            int t = i % threads, hh = t >= threads / 2;
            const result &r = h[i];
            bool all = kk >= threads ? 1 : 0, any = kk < threads;
            if (r.count != count || r.all != all || r.any != any || r.hcount != hc[hh] ||
                r.hall != hall[hh] || r.hany != hany[hh]) {
                printf("k=%d thread %d: got %d %d %d %d %d %d, expected %d %d %d %d %d %d\nFAIL\n",
                       kk, i, r.count, r.all, r.any, r.hcount, r.hall, r.hany, count, all, any,
                       hc[hh], hall[hh], hany[hh]);
                return 1;
            }
        }
    }
    int *o;
    CHECK(cudaMalloc(&o, 256 * sizeof(int)));
    reduce_const<<<1, 256>>>(o);
    std::vector<int> ho(256);
    CHECK(cudaMemcpy(ho.data(), o, 256 * sizeof(int), cudaMemcpyDeviceToHost));
    for (int t = 0; t < 256; t++)
        if (ho[t] != 40) {
            printf("reduce_const: thread %d got %d, expected 40\nFAIL\n", t, ho[t]);
            return 1;
        }
    CHECK(cudaFree(d));
    CHECK(cudaFree(o));
    printf("PASS\n");
    return 0;
}
