// coop_too_large: a cooperative grid larger than the device can hold at once
// fails with cudaErrorCooperativeLaunchTooLarge (720), is not sticky, and
// nothing runs; a grid that fits then works.
#include <cooperative_groups.h>
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
namespace cg = cooperative_groups;

__global__ void touch(int *p)
{
    cg::this_grid().sync();
    atomicAdd(p, 1);
}

int main()
{
    int sms = 0, per_sm = 0;
    CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, touch, 1024, 0));
    int *p;
    CHECK(cudaMalloc(&p, sizeof(int)));
    CHECK(cudaMemset(p, 0, sizeof(int)));
    void *args[] = { &p };
    int too_many = sms * per_sm + 1;
    cudaError_t e = cudaLaunchCooperativeKernel((void *)touch, dim3(too_many), dim3(1024), args,
                                                0, 0);
    if (e != cudaErrorCooperativeLaunchTooLarge || (int)e != 720) {
        printf("launch of %d blocks: %s (%d), want cudaErrorCooperativeLaunchTooLarge\nFAIL\n",
               too_many, cudaGetErrorName(e), (int)e);
        return 1;
    }
    if (cudaGetLastError() != cudaErrorCooperativeLaunchTooLarge ||
        cudaGetLastError() != cudaSuccess) {
        printf("cudaGetLastError does not report the error once\nFAIL\n");
        return 1;
    }
    CHECK(cudaLaunchCooperativeKernel((void *)touch, dim3(sms * per_sm), dim3(1024), args, 0, 0));
    CHECK(cudaDeviceSynchronize());
    int v;
    CHECK(cudaMemcpy(&v, p, sizeof v, cudaMemcpyDeviceToHost));
    if (v != sms * per_sm * 1024) {
        printf("count %d, want %d\nFAIL\n", v, sms * per_sm * 1024);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
