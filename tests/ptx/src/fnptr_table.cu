// A __device__ table of function pointers: its initializer names symbol
// addresses, which the parser reports as not supported yet.
typedef int (*op_fn)(int, int);
__device__ int add_op(int a, int b) { return a + b; }
__device__ int mul_op(int a, int b) { return a * b; }
__device__ op_fn ops[2] = {add_op, mul_op};

__global__ void use_table(int *out, int sel)
{
    out[threadIdx.x] = ops[sel & 1](threadIdx.x, 3);
}
