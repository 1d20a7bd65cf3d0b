// net_math.h — the few transcendental functions the example nets need,
// written once for both the GPU kernels and the CPU references.
//
// Only IEEE add, multiply, divide, sqrt and exact bit manipulation are used,
// so a kernel built with `nvcc -fmad=false` (no fused multiply-add) and the
// host compiler (x86-64 SSE, no contraction) compute the same bits. That is
// what lets the CPU reference reproduce the GPU's logits exactly instead of
// "within a tolerance" (CUDA's own expf/tanhf differ from glibc's in the
// last bits, and a last-bit difference can flip a near-tie argmax).
#pragma once
#include <cuda_fp16.h>
#include <cmath>
#include <cstring>

#if defined(__CUDACC__)
#define NET_HD __host__ __device__ __forceinline__
#else
#define NET_HD inline
#endif

// e^x for x in [-87, 88] (clamped): x = n ln2 + r, e^r by a degree-6
// polynomial, 2^n built from its exponent bits. Relative error ~2e-7.
NET_HD float net_exp(float x)
{
    x = fminf(fmaxf(x, -87.f), 88.f);
    float n = rintf(x * 1.44269504f);
    float r = x - n * 0.693145752f;  // ln 2, high part (exact times n)
    r = r - n * 1.42860677e-6f;      // ln 2, low part
    float p = 1.f + r * (1.f + r * (0.5f + r * (0.166666672f + r * (0.0416666679f +
                                    r * (0.00833333377f + r * 0.00138888892f)))));
    unsigned bits = (unsigned)((int)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

NET_HD float net_tanh(float u)
{
    return 1.f - 2.f / (net_exp(2.f * u) + 1.f);
}

// GPT-2's GELU (the tanh approximation).
NET_HD float net_gelu(float x)
{
    return 0.5f * x * (1.f + net_tanh(0.797884561f * (x + 0.044715f * x * x * x)));
}

NET_HD float net_relu(float x)
{
    return x > 0.f ? x : 0.f;
}

// The value a float has once stored as f16 (round to nearest even).
inline float net_f16(float x)
{
    return __half2float(__float2half_rn(x));
}

// What a warp computes with `for (o = 16; o; o /= 2) v += __shfl_xor_sync(~0u, v, o)`
// when lane l starts with v[l]: every lane ends with this value.
inline float net_warp_sum(const float v0[32])
{
    float v[32], w[32];
    memcpy(v, v0, sizeof v);
    for (int o = 16; o; o /= 2) {
        for (int l = 0; l < 32; l++)
            w[l] = v[l] + v[l ^ o];
        memcpy(v, w, sizeof v);
    }
    return v[0];
}

// The CPU twin of tc_gemm (tc_gemm.cuh): A and B hold f16 values (as floats),
// so each product is exact and the sum is rounded after every k, in k order,
// exactly as the tensor core does it. act: 0 none, 1 ReLU, 2 GELU.
inline void net_gemm_ref(const float *A, int lda, const float *B, int ldb, const float *bias,
                         const float *resid, float *C, int ldc, int M, int N, int K, int act,
                         bool round_f16)
{
    for (int m = 0; m < M; m++)
        for (int n = 0; n < N; n++) {
            float acc = 0.f;
            for (int k = 0; k < K; k++)
                acc += A[(size_t)m * lda + k] * B[(size_t)n * ldb + k];
            float v = bias ? acc + bias[n] : acc;
            v = act == 1 ? net_relu(v) : act == 2 ? net_gelu(v) : v;
            if (resid)
                v = resid[(size_t)m * ldc + n] + v;
            C[(size_t)m * ldc + n] = round_f16 ? net_f16(v) : v;
        }
}
