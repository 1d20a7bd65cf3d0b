// Golden error: half-precision atomics are not supported by the lowering yet.
#include <cuda_fp16.h>
__global__ void count(__half2 *sum, const __half2 *v)
{
    atomicAdd(sum, v[threadIdx.x]);
}
