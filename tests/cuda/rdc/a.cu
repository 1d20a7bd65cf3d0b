// rdc test, TU a: defines gvar (used by b and main), a device function
// called from b, and a static helper and variable whose names b reuses.
#include "rdc.h"

__device__ int gvar[RDC_N];

static __device__ int sbias = 10;

static __device__ __noinline__ int helper(int x) { return x * 3; }

__device__ int twice_plus(int x) { return 2 * x + helper(1) - 3 + scale_b(0); }

__global__ void ka(int *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < RDC_N) {
        gvar[i] = helper(i) + cvals[i % 4] + sbias;
        out[i] = add_b(i, cvals[(i + 1) % 4]);
    }
}
