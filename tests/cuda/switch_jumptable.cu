// switch_jumptable: brx.idx through a .branchtargets table. nvcc 13 lowers
// switch statements to compare trees, never to brx.idx (upstream LLVM does
// emit it), so the jump table is inline PTX in a __noinline__ function.
// Lanes of one warp take different targets (they run target by target and
// reconverge after the table), a guarded brx.idx, a jump table in a loop,
// and finally an index outside the table: a precise fault, not a wild jump.
#include <cstdio>
#include <cuda_runtime.h>

__host__ __device__ int ref_case(int k, int x)
{
    switch (k) {
    case 0: return x + 11;
    case 1: return x * 3 - 7;
    case 2: return x ^ 0x55;
    case 3: return (x << 2) + 1;
    case 4: return x - 100;
    default: return 9999;     // guarded form: the guard was false
    }
}

// r = ref_case(k, x) for k in 0..4, via brx.idx; k = 5 skips the jump
// (guarded brx.idx) and r stays 9999.
__device__ __noinline__ int jt(int k, int x)
{
    int r;
    asm volatile("{\n\t"
                 ".reg .pred pin;\n\t"
                 "mov.s32 %0, 9999;\n\t"
                 "setp.lt.u32 pin, %1, 5;\n\t"
                 "Ltab: .branchtargets L0, L1, L2, L3, L4;\n\t"
                 "@pin brx.idx %1, Ltab;\n\t"
                 "bra.uni Ldone;\n"
                 "L0: add.s32 %0, %2, 11;\n\tbra.uni Ldone;\n"
                 "L1: mad.lo.s32 %0, %2, 3, -7;\n\tbra.uni Ldone;\n"
                 "L2: xor.b32 %0, %2, 0x55;\n\tbra.uni Ldone;\n"
                 "L3: shl.b32 %0, %2, 2;\n\tadd.s32 %0, %0, 1;\n\tbra.uni Ldone;\n"
                 "L4: sub.s32 %0, %2, 100;\n"
                 "Ldone:\n\t}"
                 : "=r"(r) : "r"(k), "r"(x));
    return r;
}

// An unguarded brx.idx whose index the caller does not check.
__device__ __noinline__ int jt_raw(int k)
{
    int r;
    asm volatile("{\n\t"
                 "Rtab: .branchtargets R0, R1;\n\t"
                 "brx.idx %1, Rtab;\n"
                 "R0: mov.s32 %0, 10;\n\tbra.uni Rdone;\n"
                 "R1: mov.s32 %0, 20;\n"
                 "Rdone:\n\t}"
                 : "=r"(r) : "r"(k));
    return r;
}

__global__ void kern(const int *sel, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    int acc = 0;
    for (int r = 0; r < 3; r++)       // reconverges after the table every trip
        acc += jt((sel[i] + r) % 6, i + r);
    out[i] = acc + jt_raw(i & 1);
}

__global__ void out_of_range(int *out, int k)
{
    out[threadIdx.x] = jt_raw(threadIdx.x == 3 ? k : 0);
}

int main()
{
    const int n = 200;
    int hs[n], out[n];
    for (int i = 0; i < n; i++)
        hs[i] = (i * 7 + i / 5) % 13;
    int *ds, *dout;
    if (cudaMalloc(&ds, sizeof hs) != cudaSuccess || cudaMalloc(&dout, sizeof out) != cudaSuccess ||
        cudaMemcpy(ds, hs, sizeof hs, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<(n + 63) / 64, 64>>>(ds, dout, n);
    cudaError_t le = cudaGetLastError();
    if (le != cudaSuccess) {
        printf("launch: %s\nFAIL\n", cudaGetErrorName(le));
        return 1;
    }
    cudaError_t e = cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int want = (i & 1) ? 20 : 10;
        for (int r = 0; r < 3; r++)
            want += ref_case((hs[i] + r) % 6, i + r);
        if (out[i] != want && bad++ < 5)
            printf("out[%d] = %d, want %d (sel %d)\n", i, out[i], want, hs[i]);
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    // An index past the table: the manual leaves it undefined; Cobalt faults.
    out_of_range<<<1, 32>>>(dout, 7);
    e = cudaDeviceSynchronize();
    if (e == cudaSuccess) {
        printf("brx.idx with an out-of-range index did not fault\nFAIL\n");
        return 1;
    }
    printf("out-of-range index: %s\n", cudaGetErrorName(e));
    printf("PASS\n");
    return 0;
}
