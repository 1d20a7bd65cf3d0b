// Golden error: a call of a device function that nvcc did not inline
// (only the runtime built-ins can be called for now).
__device__ __noinline__ int twice(int v) { return 2 * v; }
__global__ void k(int *out)
{
    out[threadIdx.x] = twice(threadIdx.x);
}
