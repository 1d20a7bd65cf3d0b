// Indirect calls through a function pointer (.callprototype) and recursion.
typedef int (*op_fn)(int, int);
__device__ int add_op(int a, int b) { return a + b; }
__device__ int mul_op(int a, int b) { return a * b; }

__device__ __noinline__ int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }

__global__ void indirect(int *out, int sel)
{
    op_fn f = sel ? mul_op : add_op;
    out[threadIdx.x] = f(threadIdx.x, 3) + fact(threadIdx.x & 7);
}
