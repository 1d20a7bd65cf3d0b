// spinlock_intrawarp: lanes of the same warp compete for one spin lock.
// Under independent thread scheduling (sm_70+, Cobalt's default
// COBALT_RECONV=its) the lane that wins the CAS leaves the loop and
// releases the lock while its warp-mates spin; on a pre-Volta IPDOM stack
// it would wait for them at the loop exit forever. The critical section is
// a plain (volatile) read-modify-write, so only mutual exclusion makes the
// count right; every thread also records the count it saw, which must be a
// permutation of 0..n-1.
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

__global__ void locked_count(int *lock, volatile int *counter, int *seen)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    while (atomicCAS(lock, 0, 1) != 0)
        ;
    int c = *counter;        // critical section
    seen[t] = c;
    *counter = c + 1;
    __threadfence();
    atomicExch(lock, 0);
}

int main()
{
    struct { int grid, block; } shapes[] = { { 1, 32 }, { 1, 64 }, { 1, 96 }, { 1, 256 },
                                             { 3, 128 } };
    int *lock, *counter, *seen;
    CHECK(cudaMalloc(&lock, sizeof(int)));
    CHECK(cudaMalloc(&counter, sizeof(int)));
    CHECK(cudaMalloc(&seen, 384 * sizeof(int)));
    for (auto s : shapes) {
        int n = s.grid * s.block;
        CHECK(cudaMemset(lock, 0, sizeof(int)));
        CHECK(cudaMemset(counter, 0, sizeof(int)));
        CHECK(cudaMemset(seen, 0xff, 384 * sizeof(int)));
        locked_count<<<s.grid, s.block>>>(lock, counter, seen);
        CHECK(cudaGetLastError());
        CHECK(cudaDeviceSynchronize());
        int count = -1, held = -1;
        std::vector<int> h(n);
        CHECK(cudaMemcpy(&count, counter, sizeof(int), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(&held, lock, sizeof(int), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(h.data(), seen, n * sizeof(int), cudaMemcpyDeviceToHost));
        std::vector<int> hits(n, 0);
        bool perm = true;
        for (int i = 0; i < n; i++) {
            if (h[i] < 0 || h[i] >= n || hits[h[i]]++ != 0)
                perm = false;
        }
        printf("%d x %d threads: counter %d, lock %d, values seen %s\n", s.grid, s.block, count,
               held, perm ? "a permutation" : "NOT a permutation");
        if (count != n || held != 0 || !perm) {
            printf("expected counter %d, lock 0 and every count seen once\nFAIL\n", n);
            return 1;
        }
    }
    CHECK(cudaFree(lock));
    CHECK(cudaFree(counter));
    CHECK(cudaFree(seen));
    printf("PASS\n");
    return 0;
}
