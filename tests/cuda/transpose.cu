// transpose: out = in^T for a 100 x 75 matrix through a 32 x 33 shared tile
// (the padding column avoids bank conflicts); 32 x 8 blocks, so each thread
// moves four elements, and the edges need bounds checks in both phases.
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

#define TILE 32
#define ROWS 8

// in is rows x cols, out is cols x rows.
__global__ void transpose(const int *in, int *out, int rows, int cols)
{
    __shared__ int tile[TILE][TILE + 1];
    int x = blockIdx.x * TILE + threadIdx.x;
    int y = blockIdx.y * TILE + threadIdx.y;
    for (int j = 0; j < TILE; j += ROWS)
        if (x < cols && y + j < rows)
            tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * cols + x];
    __syncthreads();
    // The block now writes the transposed tile: swap the block coordinates.
    x = blockIdx.y * TILE + threadIdx.x;
    y = blockIdx.x * TILE + threadIdx.y;
    for (int j = 0; j < TILE; j += ROWS)
        if (x < rows && y + j < cols)
            out[(y + j) * rows + x] = tile[threadIdx.x][threadIdx.y + j];
}

int main(void)
{
    const int rows = 100, cols = 75, n = rows * cols;
    std::vector<int> in(n), out(n);
    for (int i = 0; i < n; i++)
        in[i] = i * 3 + 1;

    int *din, *dout;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dout, 0, n * sizeof(int)));

    dim3 block(TILE, ROWS), grid((cols + TILE - 1) / TILE, (rows + TILE - 1) / TILE);
    transpose<<<grid, block>>>(din, dout, rows, cols);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dout, n * sizeof(int), cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            int got = out[c * rows + r], want = in[r * cols + c];
            if (got != want) {
                if (bad < 5)
                    printf("mismatch at out[%d][%d]: got %d, expected %d\n", c, r, got, want);
                bad++;
            }
        }
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("transpose: %d of %d elements wrong\nFAIL\n", bad, n);
        return 1;
    }
    printf("transpose: %dx%d, out[74][99] = %d\nPASS\n", rows, cols, out[n - 1]);
    return 0;
}
