// Struct parameters (byte-array params with .align) and a device function.
struct Pt { double x; float y; int z; char tag[5]; };
struct Small { short a; char b; };

__device__ __noinline__ double weigh(Pt p, int k)
{
    return p.x * k + p.y + p.z + p.tag[4];
}

__global__ void structs(Pt p, Small s, double *out, long long bias)
{
    out[threadIdx.x] = weigh(p, threadIdx.x) + s.a + s.b + bias;
}
