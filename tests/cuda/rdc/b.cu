// rdc test, TU b: defines the constant table cvals (read in a), device
// functions called from a and main, and its own static helper and variable.
#include "rdc.h"

__constant__ int cvals[4];

static __device__ int sbias = 20;

static __device__ __noinline__ int helper(int x) { return x + 1000; }

__device__ int add_b(int x, int y) { return helper(x) + y; }
__device__ int scale_b(int x) { return 5 * x; }

__global__ void kb(int *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < RDC_N)
        out[i] = twice_plus(gvar[i]) + helper(0) + sbias;
}
