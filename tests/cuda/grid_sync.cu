// grid_sync: a cooperative launch (cudaLaunchCooperativeKernel and
// cudaLaunchKernelEx with cudaLaunchAttributeCooperative) with 2+ blocks per
// SM and several cg::this_grid().sync() phases: each phase reads what other
// blocks wrote in the previous one. Checked against the CPU.
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

__global__ void phases(int *a, int *b, int *info, int n, int rounds)
{
    cg::grid_group g = cg::this_grid();
    if (!g.is_valid()) {
        info[0] = -1;
        return;
    }
    unsigned r = (unsigned)g.thread_rank();
    a[r] = (int)r;
    for (int k = 0; k < rounds; k++) {
        g.sync();
        // a neighbour far away: another block, usually on another SM
        b[r] = a[(r + 777u * (k + 1)) % n] * 3 + k;
        g.sync();
        a[r] = b[r] ^ (int)r;
    }
    if (r == 0) {
        info[0] = (int)g.num_blocks();
        info[1] = (int)g.num_threads();
        info[2] = (int)g.size();
    }
}

static void cpu(std::vector<int> &a, int n, int rounds)
{
    std::vector<int> b(n);
    for (int i = 0; i < n; i++)
        a[i] = i;
    for (int k = 0; k < rounds; k++) {
        for (int r = 0; r < n; r++)
            b[r] = a[(r + 777u * (k + 1)) % n] * 3 + k;
        for (int r = 0; r < n; r++)
            a[r] = b[r] ^ r;
    }
}

int main()
{
    int dev = 0, coop = 0, sms = 0, per_sm = 0;
    CHECK(cudaDeviceGetAttribute(&coop, cudaDevAttrCooperativeLaunch, dev));
    CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
    if (coop != 1) {
        printf("cudaDevAttrCooperativeLaunch = %d\nFAIL\n", coop);
        return 1;
    }
    const int threads = 256, rounds = 5;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, phases, threads, 0));
    if (per_sm < 2) {
        printf("occupancy %d < 2\nFAIL\n", per_sm);
        return 1;
    }
    int blocks = sms * per_sm;    // the whole device, more than one block per SM
    int n = blocks * threads;
    int *a, *b, *info;
    CHECK(cudaMalloc(&a, n * sizeof(int)));
    CHECK(cudaMalloc(&b, n * sizeof(int)));
    CHECK(cudaMalloc(&info, 4 * sizeof(int)));
    void *args[] = { &a, &b, &info, &n, (void *)&rounds };
    std::vector<int> want(n), got(n);
    cpu(want, n, rounds);
    for (int way = 0; way < 2; way++) {
        CHECK(cudaMemset(a, 0, n * sizeof(int)));
        CHECK(cudaMemset(info, 0, 4 * sizeof(int)));
        if (way == 0) {
            CHECK(cudaLaunchCooperativeKernel((void *)phases, dim3(blocks), dim3(threads), args,
                                              0, 0));
        } else {
            cudaLaunchConfig_t cfg = {};
            cudaLaunchAttribute attr;
            attr.id = cudaLaunchAttributeCooperative;
            attr.val.cooperative = 1;
            cfg.gridDim = dim3(blocks);
            cfg.blockDim = dim3(threads);
            cfg.attrs = &attr;
            cfg.numAttrs = 1;
            CHECK(cudaLaunchKernelEx(&cfg, phases, a, b, info, n, rounds));
        }
        CHECK(cudaDeviceSynchronize());
        int h[4];
        CHECK(cudaMemcpy(h, info, sizeof h, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(got.data(), a, n * sizeof(int), cudaMemcpyDeviceToHost));
        if (h[0] != blocks || h[1] != n || h[2] != n) {
            printf("way %d: num_blocks %d num_threads %d size %d, want %d %d %d\nFAIL\n", way,
                   h[0], h[1], h[2], blocks, n, n);
            return 1;
        }
        for (int i = 0; i < n; i++)
            if (got[i] != want[i]) {
                printf("way %d: a[%d] = %d, want %d\nFAIL\n", way, i, got[i], want[i]);
                return 1;
            }
    }
    // an ordinary launch: this_grid() is not valid
    CHECK(cudaMemset(info, 0, 4 * sizeof(int)));
    phases<<<2, 32>>>(a, b, info, 64, 1);
    CHECK(cudaDeviceSynchronize());
    int v;
    CHECK(cudaMemcpy(&v, info, sizeof v, cudaMemcpyDeviceToHost));
    if (v != -1) {
        printf("grid.is_valid() in an ordinary launch: info %d\nFAIL\n", v);
        return 1;
    }
    printf("%d blocks x %d threads, %d grid syncs\nPASS\n", blocks, threads, 2 * rounds);
    return 0;
}
