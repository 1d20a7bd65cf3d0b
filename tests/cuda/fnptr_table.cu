// fnptr_table: function addresses as data. A statically initialised
// __device__ table of function pointers, a __constant__ one, and a struct
// holding a function pointer plus a pointer to another __device__ variable;
// lanes of one warp call through them with different targets (divergent).
// Function pointers must compare equal and survive a round trip through
// host memory (cudaMemcpyFromSymbol, then cudaMemcpyToSymbol back).
#include <cstdio>
#include <cuda_runtime.h>

typedef int (*unop)(int);

__device__ __noinline__ int f_twice(int x) { return 2 * x; }
__device__ __noinline__ int f_square(int x) { return x * x; }
__device__ __noinline__ int f_neg(int x) { return -x; }
__device__ __noinline__ int f_plus7(int x) { return x + 7; }

__device__ unop dev_tbl[3] = { f_twice, f_square, f_neg };
__constant__ unop const_tbl[2] = { f_plus7, f_twice };
__device__ unop swapped[3];   // filled from the host with dev_tbl reversed

__device__ int bias = 100;
struct op_with_data {
    unop fn;
    int *data;
    int k;
};
__device__ op_with_data owd = { f_square, &bias, 3 };

__global__ void kern(int *out, int n)
{
    int i = threadIdx.x;
    if (i >= n)
        return;
    int r0 = dev_tbl[i % 3](i);                      // divergent: 3 targets
    int r1 = const_tbl[(i >> 1) & 1](i);             // divergent: 2 targets
    int r2 = owd.fn(i + owd.k) + *owd.data;          // through the struct
    int r3 = swapped[i % 3](i);                      // pointers copied by the host
    int same = (dev_tbl[0] == const_tbl[1]) + 2 * (dev_tbl[1] == owd.fn) +
               4 * (dev_tbl[0] == dev_tbl[2]);       // 1 + 2 + 0
    out[5 * i + 0] = r0;
    out[5 * i + 1] = r1;
    out[5 * i + 2] = r2;
    out[5 * i + 3] = r3;
    out[5 * i + 4] = same;
}

static int apply(int which, int x)
{
    switch (which) {
    case 0: return 2 * x;
    case 1: return x * x;
    default: return -x;
    }
}

int main()
{
    const int n = 64;
    int out[5 * n];
    int *dout;
    unop host_tbl[3], rev[3];
    if (cudaMalloc(&dout, sizeof out) != cudaSuccess ||
        cudaMemcpyFromSymbol(host_tbl, dev_tbl, sizeof host_tbl) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    for (int k = 0; k < 3; k++)
        rev[k] = host_tbl[2 - k];
    if (host_tbl[0] == host_tbl[1] || host_tbl[0] == nullptr ||
        cudaMemcpyToSymbol(swapped, rev, sizeof rev) != cudaSuccess) {
        printf("function pointers read back from the device look wrong\nFAIL\n");
        return 1;
    }
    kern<<<1, n>>>(dout, n);
    cudaError_t e = cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int want[5] = { apply(i % 3, i), ((i >> 1) & 1) ? 2 * i : i + 7,
                        (i + 3) * (i + 3) + 100, apply(2 - i % 3, i), 3 };
        for (int c = 0; c < 5; c++)
            if (out[5 * i + c] != want[c] && bad++ < 8)
                printf("thread %d column %d: got %d, want %d\n", i, c, out[5 * i + c], want[c]);
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
