// spin_flag_cta: block 0 waits on a volatile flag that the last block sets
// after writing its data (with __threadfence); the waiter then reads the
// data. Needs the scheduler not to starve the setter (same SM or another).
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

__global__ void handoff(volatile int *flag, int *data, int *seen)
{
    if (blockIdx.x == 0) {
        if (threadIdx.x == 0) {
            while (*flag == 0)
                ;
            __threadfence();
            seen[0] = *flag;
            seen[1] = ((volatile int *)data)[123];
        }
    } else if (blockIdx.x == gridDim.x - 1) {
        data[threadIdx.x] = 1000 + threadIdx.x;
        __syncthreads();
        if (threadIdx.x == 0) {
            __threadfence();
            *flag = 7;
        }
    }
}

int main()
{
    int *flag, *data, *seen;
    CHECK(cudaMalloc(&flag, sizeof(int)));
    CHECK(cudaMalloc(&data, 256 * sizeof(int)));
    CHECK(cudaMalloc(&seen, 2 * sizeof(int)));
    const int grids[] = { 2, 17, 32 };   // 17: the setter shares the waiter's SM
    for (int g : grids) {
        CHECK(cudaMemset(flag, 0, sizeof(int)));
        CHECK(cudaMemset(seen, 0, 2 * sizeof(int)));
        handoff<<<g, 256>>>(flag, data, seen);
        CHECK(cudaGetLastError());
        CHECK(cudaDeviceSynchronize());
        int h[2];
        CHECK(cudaMemcpy(h, seen, sizeof h, cudaMemcpyDeviceToHost));
        if (h[0] != 7 || h[1] != 1123) {
            printf("grid %d: saw flag %d data %d, want 7 1123\nFAIL\n", g, h[0], h[1]);
            return 1;
        }
    }
    printf("PASS\n");
    return 0;
}
