// __device__ / __constant__ variables with initializers, managed memory, strings.
__device__ int counter = 7;
__device__ float table[4] = {1.0f, 2.5f, -3.0f, 0.125f};
__device__ double dval = 3.25;
__constant__ int coeffs[3] = {10, 20, 30};
__constant__ char msg[16] = "hi";
__device__ __managed__ int managed_val = 42;
__device__ short zeros[8];

__global__ void use_globals(int *out)
{
    int i = threadIdx.x;
    atomicAdd(&counter, 1);
    out[i] = coeffs[i % 3] + (int)table[i & 3] + msg[0] + managed_val + zeros[i & 7] + (int)dval;
}
