// grid2d: a 2D grid of 2D blocks over a 75 x 50 image (neither a multiple of
// the 16 x 8 block). Kernel 1 records which block/thread covered each pixel;
// kernel 2 is a 3 x 3 box sum with clamped borders.
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

// Packs the coordinates of the covering thread, plus the launch shape, so
// the host can check every special register the kernel read.
__global__ void whoami(unsigned *out, int w, int h)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= w || y >= h)
        return;
    out[y * w + x] = (blockIdx.x << 24) | (blockIdx.y << 18) | (threadIdx.x << 12) |
                     (threadIdx.y << 8) | (gridDim.x << 4) | (gridDim.y - blockDim.y + 8);
}

__global__ void boxsum(const int *in, int *out, int w, int h)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < w && y < h) {
        int s = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int xx = min(max(x + dx, 0), w - 1);
                int yy = min(max(y + dy, 0), h - 1);
                s += in[yy * w + xx];
            }
        }
        out[y * w + x] = s;
    }
}

int main(void)
{
    const int w = 75, h = 50, n = w * h;
    const dim3 block(16, 8), grid((w + 15) / 16, (h + 7) / 8);
    std::vector<int> in(n), sum(n);
    std::vector<unsigned> who(n);
    for (int i = 0; i < n; i++)
        in[i] = (i * 7919) % 1013 - 500;

    int *din, *dsum;
    unsigned *dwho;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dsum, n * sizeof(int)));
    CHECK(cudaMalloc(&dwho, n * sizeof(unsigned)));
    CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dwho, 0xff, n * sizeof(unsigned)));

    whoami<<<grid, block>>>(dwho, w, h);
    CHECK(cudaGetLastError());
    boxsum<<<grid, block>>>(din, dsum, w, h);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(who.data(), dwho, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(sum.data(), dsum, n * sizeof(int), cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            unsigned want_who = ((unsigned)(x / 16) << 24) | ((unsigned)(y / 8) << 18) |
                                ((unsigned)(x % 16) << 12) | ((unsigned)(y % 8) << 8) |
                                (grid.x << 4) | (grid.y - block.y + 8);
            int want_sum = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx < 0 ? 0 : x + dx >= w ? w - 1 : x + dx;
                    int yy = y + dy < 0 ? 0 : y + dy >= h ? h - 1 : y + dy;
                    want_sum += in[yy * w + xx];
                }
            }
            unsigned got_who = who[y * w + x];
            int got_sum = sum[y * w + x];
            if (got_who != want_who || got_sum != want_sum) {
                if (bad < 5)
                    printf("mismatch at (%d,%d): who got 0x%08x expected 0x%08x, "
                           "sum got %d expected %d\n",
                           x, y, got_who, want_who, got_sum, want_sum);
                bad++;
            }
        }
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dsum));
    CHECK(cudaFree(dwho));
    if (bad) {
        printf("grid2d: %d of %d pixels wrong\nFAIL\n", bad, n);
        return 1;
    }
    printf("grid2d: %dx%d image, grid (%u,%u) of blocks (%u,%u), sum(74,49) = %d\nPASS\n",
           w, h, grid.x, grid.y, block.x, block.y, sum[n - 1]);
    return 0;
}
