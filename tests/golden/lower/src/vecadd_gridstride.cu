// Golden lowering input: a grid-stride loop (loop-carried index, 64-bit
// address arithmetic, a guarded back edge whose reconvergence point is the
// loop exit).
__global__ void vecadd_gridstride(const float *a, const float *b, float *c, int n)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
        c[i] = a[i] + b[i];
}
