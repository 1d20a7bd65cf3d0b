// param_struct_index: a by-value struct parameter indexed at run time.
// nvcc takes the parameter's address (mov.b64 %rd, param) and loads through
// it with ld.param [%rd] (LDC from bank 0). Handing &t to a non-inlined
// function makes nvcc 13 copy the struct from that address to the stack.
// (A generic parameter address, cvta.param, is covered by the golden
// tests/golden/lower/param_address.ptx and tests/unit/test_sim_ptx_clang.c.)
#include <cstdio>
#include <cuda_runtime.h>
#include "check.cuh"

struct Table {
    int v[64];
    float scale[4];
};

__global__ void lookup(Table t, const int *idx, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = (float)t.v[idx[i] & 63] * t.scale[(idx[i] >> 6) & 3];
}

__device__ __noinline__ float pick(const Table *t, int k)
{
    return (float)t->v[k & 63] * t->scale[(k >> 6) & 3];
}

__global__ void lookup_generic(Table t, const int *idx, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = pick(&t, idx[i]);
}

int main(void)
{
    const int n = 200;
    Table t;
    for (int k = 0; k < 64; k++)
        t.v[k] = k * k - 5;
    for (int k = 0; k < 4; k++)
        t.scale[k] = 0.5f * (float)(k + 1);
    int hidx[n];
    for (int i = 0; i < n; i++)
        hidx[i] = (i * 37) % 256;
    int *idx;
    float *out, hout[n];
    CHECK(cudaMalloc(&idx, sizeof hidx));
    CHECK(cudaMalloc(&out, sizeof hout));
    CHECK(cudaMemcpy(idx, hidx, sizeof hidx, cudaMemcpyHostToDevice));
    for (int generic = 0; generic < 2; generic++) {
        CHECK(cudaMemset(out, 0, sizeof hout));
        if (generic)
            lookup_generic<<<(n + 63) / 64, 64>>>(t, idx, out, n);
        else
            lookup<<<(n + 63) / 64, 64>>>(t, idx, out, n);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(hout, out, sizeof hout, cudaMemcpyDeviceToHost));
        for (int i = 0; i < n; i++) {
            float want = (float)t.v[hidx[i] & 63] * t.scale[(hidx[i] >> 6) & 3];
            if (hout[i] != want) {
                printf("%s: out[%d] = %g, expected %g\nFAIL\n",
                       generic ? "lookup_generic" : "lookup", i, hout[i], want);
                return 1;
            }
        }
    }
    CHECK(cudaFree(idx));
    CHECK(cudaFree(out));
    printf("PASS\n");
    return 0;
}
