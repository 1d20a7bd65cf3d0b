// Block reduction in shared memory, plus dynamic (extern) shared memory.
__global__ void __launch_bounds__(256, 2) reduce_sum(const int *in, int *out, unsigned n)
{
    __shared__ int buf[256];
    unsigned t = threadIdx.x;
    unsigned i = blockIdx.x * blockDim.x + t;
    buf[t] = i < n ? in[i] : 0;
    __syncthreads();
    for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
        if (t < s)
            buf[t] += buf[t + s];
        __syncthreads();
    }
    if (t == 0)
        atomicAdd(out, buf[0]);
}

__global__ void scale_dyn(float *x, float k)
{
    extern __shared__ float tmp[];
    tmp[threadIdx.x] = x[threadIdx.x] * k;
    __syncthreads();
    x[threadIdx.x] = tmp[blockDim.x - 1 - threadIdx.x];
}
