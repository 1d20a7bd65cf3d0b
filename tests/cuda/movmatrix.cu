// movmatrix: movmatrix.sync.aligned.m8n8.trans.b16 against the PTX ISA
// fragment layout. Lane l holds row l/4, columns 2(l%4) (low half) and
// 2(l%4)+1 (high half) of an 8x8 b16 matrix M; after movmatrix it holds
// the same positions of M transposed: M[2(l%4)][l/4], M[2(l%4)+1][l/4].
// Two warps with different matrices, and the result moved back again
// (transposing twice gives M).
#include <cstdio>
#include <cstdint>
#include <cuda_runtime.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s\nFAIL\n", __FILE__, __LINE__, #call, \
                   cudaGetErrorString(err_));                                \
            return 1;                                                        \
        }                                                                    \
    } while (0)

__global__ void mov(const unsigned *in, unsigned *out)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned a = in[t], d, e;
    asm volatile("movmatrix.sync.aligned.m8n8.trans.b16 %0, %1;" : "=r"(d) : "r"(a));
    asm volatile("movmatrix.sync.aligned.m8n8.trans.b16 %0, %1;" : "=r"(e) : "r"(d));
    out[2 * t] = d;
    out[2 * t + 1] = e;
}

int main()
{
    enum { W = 2, N = 32 * W };
    unsigned hin[N], hout[2 * N];
    uint16_t M[W][8][8];
    for (int w = 0; w < W; w++)
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++)
                M[w][r][c] = (uint16_t)(w * 1000 + r * 16 + c + 1);
    for (int w = 0; w < W; w++)
        for (int l = 0; l < 32; l++) {
            int g = l / 4, t = l % 4;
            hin[32 * w + l] = M[w][g][2 * t] | (unsigned)M[w][g][2 * t + 1] << 16;
        }
    unsigned *din, *dout;
    CHECK(cudaMalloc(&din, sizeof hin));
    CHECK(cudaMalloc(&dout, sizeof hout));
    CHECK(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
    mov<<<1, N>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int w = 0; w < W; w++)
        for (int l = 0; l < 32; l++) {
            int g = l / 4, t = l % 4, i = 32 * w + l;
            unsigned want = M[w][2 * t][g] | (unsigned)M[w][2 * t + 1][g] << 16;
            if (hout[2 * i] != want && bad++ < 10)
                printf("warp %d lane %d: 0x%08x, expected 0x%08x\n", w, l, hout[2 * i], want);
            if (hout[2 * i + 1] != hin[i] && bad++ < 10)
                printf("warp %d lane %d: twice transposed 0x%08x, expected 0x%08x\n", w, l,
                       hout[2 * i + 1], hin[i]);
        }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    printf(bad ? "FAIL\n" : "PASS\n");
    return bad != 0;
}
