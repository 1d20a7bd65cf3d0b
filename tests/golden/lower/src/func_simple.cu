// Golden: a call of a __noinline__ device function: arguments and result in
// the caller's outgoing area, the callee's frame, prologue and epilogue.
__device__ __noinline__ int twice(int v) { return 2 * v; }
__global__ void k(int *out)
{
    out[threadIdx.x] = twice(threadIdx.x);
}
