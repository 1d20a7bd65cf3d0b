// barrier_named: named barriers over part of a block through inline PTX.
// A block of 128 threads is two groups of two warps; in each group the
// first warp produces into shared memory and signals with
// `bar.arrive id, 64`, the second waits with `bar.sync id, 64` and consumes.
// The groups use barriers 1 and 2, so neither waits for the other. Then both
// warps of a group meet at `barrier.sync 3 or 4, 64` before reading each
// other's values, and a final `bar.sync 0` covers the whole block.
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

__device__ static void arrive(int id) { asm volatile("bar.arrive %0, 64;" ::"r"(id) : "memory"); }
__device__ static void wait(int id) { asm volatile("bar.sync %0, 64;" ::"r"(id) : "memory"); }
__device__ static void meet(int id) { asm volatile("barrier.sync %0, 64;" ::"r"(id) : "memory"); }

__global__ void named(const int *in, int *out)
{
    __shared__ int box[2][32];
    __shared__ int both[128];
    int t = threadIdx.x, warp = t / 32, lane = t % 32, group = warp / 2;
    int id = 1 + group;
    int base = blockIdx.x * 128;
    if (warp % 2 == 0) {
        box[group][lane] = in[base + t] * 2;
        arrive(id);
    } else {
        wait(id);
        out[base + t] = box[group][31 - lane] + 1;
    }
    both[t] = in[base + t];
    meet(id + 2);   // a new barrier: the producer's arrival above already counts on id
    out[base + t] += both[t ^ 32] * 1000;   // the other warp of the group
    asm volatile("bar.sync 0;" ::: "memory");
}

int main(void)
{
    const int blocks = 6, n = blocks * 128;
    std::vector<int> in(n), out(n);
    for (int i = 0; i < n; i++)
        in[i] = i * 5 + 3;
    int *din, *dout;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dout, 0, n * sizeof(int)));
    named<<<blocks, 128>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int b = i / 128, t = i % 128, warp = t / 32, lane = t % 32;
        int want = warp % 2 == 0 ? 0 : in[b * 128 + (warp - 1) * 32 + 31 - lane] * 2 + 1;
        want += in[b * 128 + (t ^ 32)] * 1000;
        if (out[i] != want) {
            if (bad < 5)
                printf("out[%d] = %d, expected %d\n", i, out[i], want);
            bad++;
        }
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("barrier_named: %d of %d wrong\nFAIL\n", bad, n);
        return 1;
    }
    printf("barrier_named: %d threads\nPASS\n", n);
    return 0;
}
