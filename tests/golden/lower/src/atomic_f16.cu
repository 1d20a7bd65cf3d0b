// Golden: scalar half-precision atomic add (atom.add.noftz.f16 -> ATOM.ADD.F16).
#include <cuda_fp16.h>
__global__ void count(__half *sum, const __half *v)
{
    atomicAdd(sum, v[threadIdx.x]);
}
