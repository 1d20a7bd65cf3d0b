// Golden: recursion (two calls per frame) and a guarded early return; the
// callee saves the registers and predicates it uses.
__device__ __noinline__ int fib(int n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

__global__ void k(int *out)
{
    if (threadIdx.x & 1)
        out[threadIdx.x] = fib(threadIdx.x % 10);
}
