// kernels.cuh — the GPT example's kernels besides the GEMM (tc_gemm.cuh):
// embeddings, LayerNorm, the KV-cache append and causal attention.
// Every reduction is written in a fixed order that gpt_ref.cpp repeats.
#pragma once
#include <cuda_fp16.h>
#include "../common/net_math.h"

__device__ __forceinline__ float warp_sum(float v)
{
    for (int o = 16; o; o /= 2)
        v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_max(float v)
{
    for (int o = 16; o; o /= 2)
        v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// x[t] = wte[tok[t]] + wpe[pos0 + t]: one block per token, one thread per
// channel.
__global__ void embed(const int *tok, const float *wte, const float *wpe, float *x, int pos0,
                      int d)
{
    int t = blockIdx.x;
    for (int i = threadIdx.x; i < d; i += blockDim.x)
        x[(size_t)t * d + i] = wte[(size_t)tok[t] * d + i] + wpe[(size_t)(pos0 + t) * d + i];
}

// y = (x - mean) / sqrt(var + 1e-5) * g + b as f16, one warp per row: lane l
// sums channels l, l+32, ... then the warp adds the 32 partial sums.
__global__ void layernorm(const float *x, const float *g, const float *b, __half *y, int d)
{
    const float *row = x + (size_t)blockIdx.x * d;
    int lane = threadIdx.x;
    float s = 0.f;
    for (int i = lane; i < d; i += 32)
        s += row[i];
    float mean = warp_sum(s) / (float)d;
    float v = 0.f;
    for (int i = lane; i < d; i += 32) {
        float dl = row[i] - mean;
        v += dl * dl;
    }
    float rstd = 1.f / sqrtf(warp_sum(v) / (float)d + 1e-5f);
    for (int i = lane; i < d; i += 32)
        y[(size_t)blockIdx.x * d + i] = __float2half_rn((row[i] - mean) * rstd * g[i] + b[i]);
}

// Appends the keys and values of tokens pos0.. (from the fused QKV output,
// rows [q | k | v]) to this layer's cache.
__global__ void kv_append(const float *qkv, float *kc, float *vc, int pos0, int d)
{
    int t = blockIdx.x;
    for (int i = threadIdx.x; i < d; i += blockDim.x) {
        kc[(size_t)(pos0 + t) * d + i] = qkv[(size_t)t * 3 * d + d + i];
        vc[(size_t)(pos0 + t) * d + i] = qkv[(size_t)t * 3 * d + 2 * d + i];
    }
}

// Causal attention of token pos0 + t (block t) over cached positions
// 0..pos0+t; warp h is head h, lane l its dimension l (head size 32).
// Scores go to shared memory (n_ctx floats per head).
__global__ void attention(const float *qkv, const float *kc, const float *vc, __half *out,
                          int pos0, int d, int n_ctx, float scale)
{
    extern __shared__ float sc[];
    int t = blockIdx.x, h = threadIdx.x / 32, lane = threadIdx.x % 32;
    int n = pos0 + t + 1;
    const float *q = qkv + (size_t)t * 3 * d + h * 32;
    float *p = sc + (size_t)h * n_ctx;
    float mx = -3.0e38f;
    for (int j = lane; j < n; j += 32) {       // lane l scores keys l, l+32, ...
        const float *k = kc + (size_t)j * d + h * 32;
        float s = 0.f;
        for (int i = 0; i < 32; i++)
            s += q[i] * k[i];
        s = s * scale;
        p[j] = s;
        mx = fmaxf(mx, s);
    }
    mx = warp_max(mx);
    float sum = 0.f;
    for (int j = lane; j < n; j += 32) {
        float e = net_exp(p[j] - mx);
        p[j] = e;
        sum += e;
    }
    sum = warp_sum(sum);
    __syncwarp();                              // p[] complete before every lane reads it
    float o = 0.f;
    for (int j = 0; j < n; j++)
        o += p[j] * vc[(size_t)j * d + h * 32 + lane];
    out[(size_t)t * d + h * 32 + lane] = __float2half_rn(o / sum);
}
