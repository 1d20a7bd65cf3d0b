// Declarations shared by the TUs of the rdc test program.
#define RDC_N 64
extern __device__ int gvar[RDC_N];
extern __constant__ int cvals[4];
__device__ int twice_plus(int x);
__device__ int add_b(int x, int y);
__device__ int scale_b(int x);
__global__ void ka(int *out);
__global__ void kb(int *out);
