// transpose_smem: a 64 x 64 transpose through a shared tile, once with a
// 32 x 32 tile and once with the padded 32 x 33 tile. Both must be right;
// with COBALT_STATS=1 the first reports 31 bank conflicts per warp read of a
// tile column (4 blocks x 8 warps x 4 reads x 31 = 3968) and the second
// none; both touch 1024 global sectors (every warp access is 4 sectors).
// tests/run-e2e.sh checks those numbers.
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
#define N 64

template <int PAD>
__global__ void transpose(const int *in, int *out)
{
    __shared__ int tile[TILE][TILE + PAD];
    int x = blockIdx.x * TILE + threadIdx.x;
    int y = blockIdx.y * TILE + threadIdx.y;
    for (int j = 0; j < TILE; j += ROWS)
        tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * N + x];
    __syncthreads();
    x = blockIdx.y * TILE + threadIdx.x;
    y = blockIdx.x * TILE + threadIdx.y;
    for (int j = 0; j < TILE; j += ROWS)
        out[(y + j) * N + x] = tile[threadIdx.x][threadIdx.y + j];
}

static int check(const std::vector<int> &in, const std::vector<int> &out, const char *what)
{
    int bad = 0;
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++)
            if (out[c * N + r] != in[r * N + c]) {
                if (bad < 5)
                    printf("%s: out[%d][%d] = %d, expected %d\n", what, c, r, out[c * N + r],
                           in[r * N + c]);
                bad++;
            }
    return bad;
}

int main(void)
{
    std::vector<int> in(N * N), out(N * N);
    for (int i = 0; i < N * N; i++)
        in[i] = i * 7 - 3;
    int *din, *dout;
    CHECK(cudaMalloc(&din, N * N * sizeof(int)));
    CHECK(cudaMalloc(&dout, N * N * sizeof(int)));
    CHECK(cudaMemcpy(din, in.data(), N * N * sizeof(int), cudaMemcpyHostToDevice));
    dim3 block(TILE, ROWS), grid(N / TILE, N / TILE);
    int bad = 0;
    transpose<0><<<grid, block>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), dout, N * N * sizeof(int), cudaMemcpyDeviceToHost));
    bad += check(in, out, "unpadded");
    CHECK(cudaMemset(dout, 0, N * N * sizeof(int)));
    transpose<1><<<grid, block>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), dout, N * N * sizeof(int), cudaMemcpyDeviceToHost));
    bad += check(in, out, "padded");
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("transpose_smem: %d elements wrong\nFAIL\n", bad);
        return 1;
    }
    printf("transpose_smem: %dx%d, unpadded and padded tiles\nPASS\n", N, N);
    return 0;
}
