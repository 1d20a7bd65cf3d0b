// Golden lowering input: matrix multiply with 16 x 16 shared-memory tiles
// (2-D thread indices, two barriers per tile, an unrolled inner loop).
#define TILE 16

__global__ void matmul(const float *a, const float *b, float *c, int m, int k, int n)
{
    __shared__ float ta[TILE][TILE];
    __shared__ float tb[TILE][TILE];
    int tx = threadIdx.x, ty = threadIdx.y;
    int row = blockIdx.y * TILE + ty;
    int col = blockIdx.x * TILE + tx;
    float acc = 0.0f;
    for (int t = 0; t < k; t += TILE) {
        ta[ty][tx] = (row < m && t + tx < k) ? a[row * k + t + tx] : 0.0f;
        tb[ty][tx] = (t + ty < k && col < n) ? b[(t + ty) * n + col] : 0.0f;
        __syncthreads();
#pragma unroll 4
        for (int i = 0; i < TILE; i++)
            acc += ta[ty][i] * tb[i][tx];
        __syncthreads();
    }
    if (row < m && col < n)
        c[row * n + col] = acc;
}
