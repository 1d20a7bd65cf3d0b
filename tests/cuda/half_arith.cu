// half_arith: f16x2 and bf16x2 arithmetic through the cuda_fp16/cuda_bf16
// intrinsics (add, sub, mul, fma, min, max, neg, abs), checked against the
// host conversions of the float results (all inputs are small multiples of
// 1/8, so every result is exact before its one rounding).
#include <cstdio>
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <cuda_runtime.h>

__global__ void kern(const __half2 *a, const __half2 *b, const __half2 *c, __half2 *out,
                     const __nv_bfloat162 *p, const __nv_bfloat162 *q, __nv_bfloat162 *bout)
{
    int i = threadIdx.x;
    __half2 x = a[i], y = b[i], z = c[i];
    out[8 * i + 0] = __hadd2(x, y);
    out[8 * i + 1] = __hsub2(x, y);
    out[8 * i + 2] = __hmul2(x, y);
    out[8 * i + 3] = __hfma2(x, y, z);
    out[8 * i + 4] = __hmin2(x, y);
    out[8 * i + 5] = __hmax2(x, y);
    out[8 * i + 6] = __hneg2(x);
    out[8 * i + 7] = __habs2(x);
    bout[3 * i + 0] = __hadd2(p[i], q[i]);
    bout[3 * i + 1] = __hmul2(p[i], q[i]);
    bout[3 * i + 2] = __hfma2(p[i], q[i], p[i]);
}

int main()
{
    const int n = 64;
    __half2 ha[n], hb[n], hc[n], hout[8 * n];
    __nv_bfloat162 hp[n], hq[n], hbout[3 * n];
    for (int i = 0; i < n; i++) {
        ha[i] = __floats2half2_rn((i - 30) / 8.0f, (i * 7 % 50 - 25) / 4.0f);
        hb[i] = __floats2half2_rn((i * 3 % 41 - 20) / 8.0f, (17 - i) / 2.0f);
        hc[i] = __floats2half2_rn((i % 9) / 8.0f, -(i % 13) / 4.0f);
        hp[i] = __floats2bfloat162_rn((i - 40) / 8.0f, (i % 11) / 2.0f);
        hq[i] = __floats2bfloat162_rn((i * 5 % 23) / 4.0f, -(i % 7) / 8.0f);
    }
    __half2 *da, *db, *dc, *dout;
    __nv_bfloat162 *dp, *dq, *dbout;
    if (cudaMalloc(&da, sizeof ha) || cudaMalloc(&db, sizeof hb) || cudaMalloc(&dc, sizeof hc) ||
        cudaMalloc(&dout, sizeof hout) || cudaMalloc(&dp, sizeof hp) || cudaMalloc(&dq, sizeof hq) ||
        cudaMalloc(&dbout, sizeof hbout) || cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice) ||
        cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice) ||
        cudaMemcpy(dc, hc, sizeof hc, cudaMemcpyHostToDevice) ||
        cudaMemcpy(dp, hp, sizeof hp, cudaMemcpyHostToDevice) ||
        cudaMemcpy(dq, hq, sizeof hq, cudaMemcpyHostToDevice)) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<1, n>>>(da, db, dc, dout, dp, dq, dbout);
    cudaError_t e = cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost);
    if (e == cudaSuccess)
        e = cudaMemcpy(hbout, dbout, sizeof hbout, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        float x[2] = { __low2float(ha[i]), __high2float(ha[i]) };
        float y[2] = { __low2float(hb[i]), __high2float(hb[i]) };
        float z[2] = { __low2float(hc[i]), __high2float(hc[i]) };
        for (int h = 0; h < 2; h++) {
            float want[8] = { x[h] + y[h], x[h] - y[h], x[h] * y[h], x[h] * y[h] + z[h],
                              x[h] < y[h] ? x[h] : y[h], x[h] > y[h] ? x[h] : y[h], -x[h],
                              x[h] < 0 ? -x[h] : x[h] };
            for (int k = 0; k < 8; k++) {
                float got = h ? __high2float(hout[8 * i + k]) : __low2float(hout[8 * i + k]);
                float w = __half2float(__float2half_rn(want[k]));
                if (got != w && bad++ < 5)
                    printf("f16 thread %d half %d op %d: got %g, want %g\n", i, h, k, got, w);
            }
        }
        float p[2] = { __low2float(hp[i]), __high2float(hp[i]) };
        float q[2] = { __low2float(hq[i]), __high2float(hq[i]) };
        for (int h = 0; h < 2; h++) {
            float want[3] = { p[h] + q[h], p[h] * q[h], p[h] * q[h] + p[h] };
            for (int k = 0; k < 3; k++) {
                float got = h ? __high2float(hbout[3 * i + k]) : __low2float(hbout[3 * i + k]);
                float w = __bfloat162float(__float2bfloat16_rn(want[k]));
                if (got != w && bad++ < 5)
                    printf("bf16 thread %d half %d op %d: got %g, want %g\n", i, h, k, got, w);
            }
        }
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
