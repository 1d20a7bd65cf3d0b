// Golden lowering input: module-scope variables — initialised .global
// scalars and arrays (address slots in bank 2), __constant__ tables (bank 1),
// a __device__ array written by the kernel, and a __managed__ variable.
__device__ int counter = 7;
__device__ float table[4] = {1.0f, 2.5f, -3.0f, 0.125f};
__device__ double dval = 3.25;
__device__ int results[256];
__constant__ int coeffs[3] = {10, 20, 30};
__constant__ char msg[16] = "hi";
__managed__ int managed_val = 42;

__global__ void use_globals(int *out)
{
    int t = threadIdx.x;
    int v = coeffs[t % 3] + (int)table[t & 3] + msg[t & 1] + managed_val;
    v += counter + (int)dval;
    results[t] = v;
    out[t] = v;
    if (t == 0)
        counter = v;
}
