extern "C" __attribute__((device)) void __nvvm_bar_sync(int);
extern "C" __attribute__((device)) void __syncthreads_stub(void) { __nvvm_bar_sync(0); }
#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __shared__ __attribute__((shared))
extern "C" __device__ int __nvvm_read_ptx_sreg_tid_x(void);
__device__ int counter = 5;
__device__ float tbl[3] = {1.0f, 2.0f, 3.0f};
__device__ __attribute__((noinline)) int helper(int a, int b) { return a * b + counter; }
__global__ void kern(const float *a, float *c, int n)
{
    __shared__ float s[64];
    int i = __nvvm_read_ptx_sreg_tid_x();
    s[i] = a[i] * tbl[i % 3];
    __syncthreads_stub();
    if (i < n)
        c[i] = s[63 - i] + helper(i, n);
}
