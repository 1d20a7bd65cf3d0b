// Golden lowering input: a shared-memory tree reduction with __syncthreads
// inside a loop, plus a second kernel that uses dynamic (extern) shared
// memory after a static array.
#define BLOCK 256

__global__ void reduce_sum(const int *in, int *out, int n)
{
    __shared__ int buf[BLOCK];
    int tid = threadIdx.x;
    int i = blockIdx.x * blockDim.x + tid;
    buf[tid] = i < n ? in[i] : 0;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (tid < s)
            buf[tid] += buf[tid + s];
        __syncthreads();
    }
    if (tid == 0)
        out[blockIdx.x] = buf[0];
}

__global__ void scale_dynamic(float *data, float k)
{
    __shared__ float fixed[32];
    extern __shared__ float dyn[];
    int t = threadIdx.x;
    fixed[t & 31] = k;
    dyn[t] = data[t] * k;
    __syncthreads();
    data[t] = dyn[blockDim.x - 1 - t] + fixed[(t + 1) & 31];
}
