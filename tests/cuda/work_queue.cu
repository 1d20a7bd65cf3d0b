// work_queue: a persistent-threads kernel pulls work items from a lock-free
// queue (a global atomic counter); each item is processed exactly once
// whatever block takes it. Results and per-item claim counts are checked.
#include <cstdio>
#include <cstring>
#include <vector>
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

__global__ void worker(unsigned *next, unsigned n, const int *in, int *out, unsigned *claims,
                       unsigned *per_block)
{
    __shared__ unsigned item;
    unsigned mine = 0;
    for (;;) {
        if (threadIdx.x == 0)
            item = atomicAdd(next, 1u);
        __syncthreads();
        unsigned i = item;
        __syncthreads();
        if (i >= n)
            break;
        // one item = 64 values
        int v = in[i * 64 + threadIdx.x];
        for (int k = 0; k < 10; k++)
            v = v * 5 + k;
        out[i * 64 + threadIdx.x] = v;
        if (threadIdx.x == 0) {
            atomicAdd(&claims[i], 1u);
            mine++;
        }
    }
    if (threadIdx.x == 0)
        per_block[blockIdx.x] = mine;
}

int main()
{
    const unsigned n = 3000, blocks = 40;
    std::vector<int> in(n * 64), out(n * 64);
    for (unsigned i = 0; i < n * 64; i++)
        in[i] = (int)(i * 7 + 1);
    unsigned *next, *claims, *per_block;
    int *din, *dout;
    CHECK(cudaMalloc(&next, sizeof(unsigned)));
    CHECK(cudaMalloc(&claims, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&per_block, blocks * sizeof(unsigned)));
    CHECK(cudaMalloc(&din, n * 64 * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * 64 * sizeof(int)));
    CHECK(cudaMemset(next, 0, sizeof(unsigned)));
    CHECK(cudaMemset(claims, 0, n * sizeof(unsigned)));
    CHECK(cudaMemcpy(din, in.data(), n * 64 * sizeof(int), cudaMemcpyHostToDevice));
    worker<<<blocks, 64>>>(next, n, din, dout, claims, per_block);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    std::vector<unsigned> cl(n), pb(blocks);
    CHECK(cudaMemcpy(out.data(), dout, n * 64 * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(cl.data(), claims, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(pb.data(), per_block, blocks * sizeof(unsigned), cudaMemcpyDeviceToHost));
    unsigned total = 0;
    for (unsigned b = 0; b < blocks; b++)
        total += pb[b];
    if (total != n) {
        printf("blocks claimed %u items, want %u\nFAIL\n", total, n);
        return 1;
    }
    for (unsigned i = 0; i < n; i++) {
        if (cl[i] != 1) {
            printf("item %u claimed %u times\nFAIL\n", i, cl[i]);
            return 1;
        }
        for (unsigned t = 0; t < 64; t++) {
            int v = in[i * 64 + t];
            for (int k = 0; k < 10; k++)
                v = v * 5 + k;
            if (out[i * 64 + t] != v) {
                printf("out[%u] = %d, want %d\nFAIL\n", i * 64 + t, out[i * 64 + t], v);
                return 1;
            }
        }
    }
    printf("PASS\n");
    return 0;
}
