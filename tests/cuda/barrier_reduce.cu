// barrier_reduce: __syncthreads_count / _and / _or (bar.red.popc.u32,
// bar.red.and.pred, bar.red.or.pred) over full and partial blocks, each
// checked against the host. The predicates vary per block so a barrier that
// mixes blocks, or forgets a partial warp's threads, gives a wrong count.
#include <cstdio>
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

// The predicate of thread t in block b: true for roughly one thread in
// (b + 2), and, for AND, true everywhere except in odd blocks.
__device__ __host__ static bool pick(int b, int t) { return (t * 7 + b) % (b + 2) == 0; }
__device__ __host__ static bool all_but(int b, int t) { return !(b % 2 == 1 && t == b * 5); }

__global__ void reduce(int *count, int *all, int *any, int *again)
{
    int b = blockIdx.x, t = threadIdx.x;
    int c = __syncthreads_count(pick(b, t));
    int a = __syncthreads_and(all_but(b, t));
    int o = __syncthreads_or(t == b);   // only blocks b < blockDim.x have such a thread
    // A second count on the same barrier checks it was reset.
    int c2 = __syncthreads_count(t % 2 == 0);
    if (c != __shfl_sync(0xffffffffu, c, 0) && t < 32)
        c = -1;
    if (t == 0) {
        count[b] = c;
        all[b] = a;
        any[b] = o;
        again[b] = c2;
    }
}

static int run(int blocks, int threads)
{
    std::vector<int> count(blocks), all(blocks), any(blocks), again(blocks);
    int *d;
    CHECK(cudaMalloc(&d, 4 * blocks * sizeof(int)));
    reduce<<<blocks, threads>>>(d, d + blocks, d + 2 * blocks, d + 3 * blocks);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(count.data(), d, blocks * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(all.data(), d + blocks, blocks * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(any.data(), d + 2 * blocks, blocks * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(again.data(), d + 3 * blocks, blocks * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d));
    int bad = 0;
    for (int b = 0; b < blocks; b++) {
        int c = 0, a = 1, o = 0;
        for (int t = 0; t < threads; t++) {
            c += pick(b, t);
            a &= all_but(b, t);
            o |= t == b;
        }
        if (count[b] != c || (all[b] != 0) != (a != 0) || (any[b] != 0) != (o != 0) ||
            again[b] != (threads + 1) / 2) {
            if (bad < 5)
                printf("block %d of %d threads: count %d (want %d), and %d (want %d), "
                       "or %d (want %d), count again %d (want %d)\n", b, threads, count[b], c,
                       all[b], a, any[b], o, again[b], (threads + 1) / 2);
            bad++;
        }
    }
    return bad;
}

int main(void)
{
    int bad = run(40, 256) + run(13, 200) + run(5, 33);
    if (bad) {
        printf("barrier_reduce: %d blocks wrong\nFAIL\n", bad);
        return 1;
    }
    printf("barrier_reduce: 58 blocks\nPASS\n");
    return 0;
}
