// rdc test program (built with -rdc=true from a.cu, b.cu, main.cu):
// kernels and device functions called across TUs, an extern __device__
// array, a __constant__ table defined in one TU and read in another, and
// same-named static __device__ functions and variables in two TUs. Checked against a CPU
// reference.
#include <cstdio>
#include "rdc.h"

static int cpu_helper_a(int x) { return x * 3; }
static int cpu_helper_b(int x) { return x + 1000; }

int main()
{
    const int c[4] = { 7, -2, 11, 40 };
    if (cudaMemcpyToSymbol(cvals, c, sizeof c) != cudaSuccess) {
        printf("FAIL: cudaMemcpyToSymbol(cvals)\n");
        return 1;
    }
    int *d = nullptr;
    cudaMalloc(&d, RDC_N * sizeof(int));
    ka<<<2, 32>>>(d);
    int ha[RDC_N], hb[RDC_N], g[RDC_N];
    cudaMemcpy(ha, d, sizeof ha, cudaMemcpyDeviceToHost);
    if (cudaMemcpyFromSymbol(g, gvar, sizeof g) != cudaSuccess) {
        printf("FAIL: cudaMemcpyFromSymbol(gvar)\n");
        return 1;
    }
    kb<<<2, 32>>>(d);
    cudaMemcpy(hb, d, sizeof hb, cudaMemcpyDeviceToHost);
    if (cudaGetLastError() != cudaSuccess) {
        printf("FAIL: %s\n", cudaGetErrorString(cudaGetLastError()));
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < RDC_N; i++) {
        int gv = cpu_helper_a(i) + c[i % 4] + 10;
        int ea = cpu_helper_b(i) + c[(i + 1) % 4];
        int eb = 2 * gv + cpu_helper_a(1) - 3 + 0 + cpu_helper_b(0) + 20;
        if (g[i] != gv || ha[i] != ea || hb[i] != eb) {
            if (bad++ < 5)
                printf("mismatch at %d: gvar %d/%d ka %d/%d kb %d/%d\n", i, g[i], gv, ha[i], ea,
                       hb[i], eb);
        }
    }
    cudaFree(d);
    if (bad) {
        printf("FAIL: %d mismatches\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
