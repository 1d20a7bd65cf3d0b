// Golden: an indirect call through a function pointer (CALLR; function addresses are code indices).
__device__ __noinline__ int twice(int x) { return 2 * x; }
__device__ __noinline__ int thrice(int x) { return 3 * x; }

__global__ void k(int *out, int sel)
{
    int (*f)(int) = sel ? twice : thrice;
    out[threadIdx.x] = f(threadIdx.x);
}
