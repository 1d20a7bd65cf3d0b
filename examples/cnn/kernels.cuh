// kernels.cuh — the CNN example's kernels besides the GEMM (tc_gemm.cuh):
// im2col, 2x2 max-pooling and the softmax (a warp reduction).
#pragma once
#include <cuda_fp16.h>
#include "../common/net_math.h"

// Rows of the im2col matrix of a 5x5 valid convolution over B images
// (NHWC f16, H x W x C): row (b, oy, ox), column k = (ky*5 + kx)*C + c,
// zero past 25*C (K padded to Kp). One thread per element.
__global__ void im2col5(const __half *in, __half *out, int B, int H, int W, int C, int Kp)
{
    int OH = H - 4, OW = W - 4;
    size_t idx = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= (size_t)B * OH * OW * Kp)
        return;
    int k = (int)(idx % (size_t)Kp);
    size_t m = idx / (size_t)Kp;
    int ox = (int)(m % (size_t)OW), oy = (int)(m / (size_t)OW % (size_t)OH);
    size_t b = m / ((size_t)OW * OH);
    __half v = __float2half_rn(0.f);
    if (k < 25 * C) {
        int c = k % C, kk = k / C;
        v = in[((b * H + oy + kk / 5) * W + ox + kk % 5) * C + c];
    }
    out[idx] = v;
}

// 2x2 max-pooling, NHWC f32 in, f16 out (the next layer's GEMM input).
__global__ void maxpool2(const float *in, __half *out, int B, int H, int W, int C)
{
    int OH = H / 2, OW = W / 2;
    size_t idx = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= (size_t)B * OH * OW * C)
        return;
    int c = (int)(idx % (size_t)C);
    size_t r = idx / (size_t)C;
    int x = (int)(r % (size_t)OW), y = (int)(r / (size_t)OW % (size_t)OH);
    size_t b = r / ((size_t)OW * OH);
    const float *p = in + ((b * H + 2 * y) * W + 2 * x) * C + c;
    float m = fmaxf(fmaxf(p[0], p[C]), fmaxf(p[(size_t)W * C], p[(size_t)W * C + C]));
    out[idx] = __float2half_rn(m);
}

// Softmax over `classes` (<= 32) logits per image: one warp per image, lane c
// holds class c; the max and the sum are warp reductions (shuffles).
__global__ void softmax_rows(const float *logits, float *probs, int n, int classes)
{
    int row = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32, lane = threadIdx.x % 32;
    if (row >= n)
        return;   // whole warps leave together
    bool on = lane < classes;
    float v = on ? logits[(size_t)row * classes + lane] : -3.0e38f;
    float mx = v;
    for (int o = 16; o; o /= 2)
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, o));
    float e = on ? net_exp(v - mx) : 0.f;
    float s = e;
    for (int o = 16; o; o /= 2)
        s += __shfl_xor_sync(0xffffffffu, s, o);
    if (on)
        probs[(size_t)row * classes + lane] = e / s;
}
