// Golden error: atomics are not supported by this step of the lowering.
__global__ void count(int *counter, int *slot)
{
    slot[threadIdx.x] = atomicAdd(counter, 1);
}
