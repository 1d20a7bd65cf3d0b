// fnptr: indirect calls through device function pointers: lanes of one warp
// calling different functions (they run one target after another and
// reconverge), a function pointer passed to another function, and a
// recursive function called through a pointer.
#include <cstdio>
#include <cuda_runtime.h>

typedef int (*binop)(int, int);

__device__ __noinline__ int op_add(int a, int b) { return a + b; }
__device__ __noinline__ int op_sub(int a, int b) { return a - b; }
__device__ __noinline__ int op_mul(int a, int b) { return a * b; }
__device__ __noinline__ int op_pow(int a, int b) { return b == 0 ? 1 : a * op_pow(a, b - 1); }

// folds v[0..n) with f, which the caller chooses
__device__ __noinline__ int fold(binop f, const int *v, int n)
{
    int acc = v[0];
    for (int k = 1; k < n; k++)
        acc = f(acc, v[k]);
    return acc;
}

__global__ void kern(const int *v, int *out, int sel)
{
    int i = threadIdx.x;
    binop f;
    switch ((i + sel) % 4) {
    case 0: f = op_add; break;
    case 1: f = op_sub; break;
    case 2: f = op_mul; break;
    default: f = op_pow; break;
    }
    out[2 * i] = f(i, 3);
    out[2 * i + 1] = fold(i & 1 ? op_add : op_mul, v + (i % 4), 4);
}

int main()
{
    const int threads = 64;
    int hv[8] = { 3, -2, 5, 7, 1, 4, -1, 2 }, out[2 * threads];
    int *dv, *dout;
    if (cudaMalloc(&dv, sizeof hv) != cudaSuccess || cudaMalloc(&dout, sizeof out) != cudaSuccess ||
        cudaMemcpy(dv, hv, sizeof hv, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<1, threads>>>(dv, dout, 1);
    cudaError_t e = cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < threads; i++) {
        int a = i, b = 3, want;
        switch ((i + 1) % 4) {
        case 0: want = a + b; break;
        case 1: want = a - b; break;
        case 2: want = a * b; break;
        default: want = a * a * a; break;
        }
        const int *v = hv + (i % 4);
        int acc = v[0];
        for (int k = 1; k < 4; k++)
            acc = (i & 1) ? acc + v[k] : acc * v[k];
        if (out[2 * i] != want || out[2 * i + 1] != acc) {
            if (bad++ < 5)
                printf("thread %d: got %d %d, want %d %d\n", i, out[2 * i], out[2 * i + 1], want, acc);
        }
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
