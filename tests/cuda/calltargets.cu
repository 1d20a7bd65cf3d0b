// calltargets: PTX indirect calls through a .calltargets list (inline PTX):
// `tl: .calltargets ct_add7, ct_mul3;` and `call (r), %fp, (a), tl;`. The
// first kernel calls both listed functions (lanes diverge on the target)
// and checks the results; the second calls through a pointer to ct_neg,
// whose address is taken but which is not in the list: Cobalt must fault
// precisely (undefined in PTX) and the launch must fail.
// (tests/cuda/calltargets.expect-stderr lists what stderr must name.)
#include <cstdio>
#include <cuda_runtime.h>

extern "C" __device__ __noinline__ int ct_add7(int x) { return x + 7; }
extern "C" __device__ __noinline__ int ct_mul3(int x) { return 3 * x; }
extern "C" __device__ __noinline__ int ct_neg(int x) { return -x; }

typedef int (*unop)(int);

__device__ int call_listed(unop f, int x)
{
    int r;
    asm volatile("{\n\t"
                 ".reg .b64 fp;\n\t"
                 "tl: .calltargets ct_add7, ct_mul3;\n\t"
                 ".param .b32 pa;\n\t"
                 ".param .b32 pr;\n\t"
                 "mov.b64 fp, %1;\n\t"
                 "st.param.b32 [pa], %2;\n\t"
                 "call (pr), fp, (pa), tl;\n\t"
                 "ld.param.b32 %0, [pr];\n\t"
                 "}"
                 : "=r"(r)
                 : "l"(f), "r"(x)
                 : "memory");
    return r;
}

extern "C" __global__ void good(int *out, unop *fns)
{
    int i = threadIdx.x;
    fns[i] = (i & 1) ? ct_mul3 : ct_add7;
    out[i] = call_listed(fns[i], i);
}

extern "C" __global__ void bad(int *out, unop *fns)
{
    int i = threadIdx.x;
    fns[i] = i == 9 ? ct_neg : ct_add7;   // lane 9: address-taken, not listed
    out[i] = call_listed(fns[i], i);
}

int main(void)
{
    int *dout, h[32];
    unop *dfns;
    if (cudaMalloc(&dout, sizeof h) != cudaSuccess ||
        cudaMalloc(&dfns, 32 * sizeof(unop)) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    good<<<1, 32>>>(dout, dfns);
    if (cudaDeviceSynchronize() != cudaSuccess ||
        cudaMemcpy(h, dout, sizeof h, cudaMemcpyDeviceToHost) != cudaSuccess) {
        printf("the listed calls failed\nFAIL\n");
        return 1;
    }
    for (int i = 0; i < 32; i++) {
        int want = (i & 1) ? 3 * i : i + 7;
        if (h[i] != want) {
            printf("lane %d: got %d, want %d\nFAIL\n", i, h[i], want);
            return 1;
        }
    }
    bad<<<1, 32>>>(dout, dfns);
    cudaError_t launch = cudaGetLastError();
    cudaError_t sync = cudaDeviceSynchronize();
    printf("launch: %s, synchronize: %s\n", cudaGetErrorName(launch), cudaGetErrorName(sync));
    if (launch == cudaSuccess && sync == cudaSuccess) {
        printf("the call through an unlisted function was not caught\nFAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
