// gemm_check.cuh: host side of the tensor GEMM tests (see
// gemm_tensor_kernel.cuh): random f16 inputs, the launch, and the check
// against a double-precision CPU reference.
//
// Tolerance: every product of two f16 values is exact in f32, and Cobalt
// adds the K products of an element to the f32 accumulator one at a time
// in k order (docs/tensor-cores.md), so the only error is that of K f32
// additions: at most K u sum_k |a_ik b_kj| with u = 2^-24 (the classic
// recursive-summation bound, (K-1)u to first order). Hardware tensor cores
// add in a different order and stay within the same bound.
#pragma once
#include <cmath>
#include <cstdio>
#include <vector>
#include <cuda_runtime.h>
#include "gemm_tensor_kernel.cuh"

#define GEMM_CHECK(call)                                                     \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s\nFAIL\n", __FILE__, __LINE__, #call, \
                   cudaGetErrorString(err_));                                \
            return -1;                                                       \
        }                                                                    \
    } while (0)

// Runs one M x N x K product; returns the number of wrong elements (-1 on
// a CUDA error). Values are multiples of 1/64 in [-2, 2): exact in f16.
static int gemm_run_check(int M, int N, int K, unsigned seed)
{
    std::vector<__half> ha((size_t)M * K), hb((size_t)K * N);
    int Mp = (M + gemm::BM - 1) / gemm::BM * gemm::BM, Np = (N + gemm::BN - 1) / gemm::BN * gemm::BN;
    std::vector<float> fa(ha.size()), fb(hb.size()), hc((size_t)Mp * Np);
    for (size_t i = 0; i < ha.size(); i++) {
        seed = seed * 1103515245u + 12345u;
        fa[i] = (float)((int)(seed >> 16) % 256 - 128) / 64.0f;
        ha[i] = __float2half(fa[i]);
    }
    for (size_t i = 0; i < hb.size(); i++) {
        seed = seed * 1103515245u + 12345u;
        fb[i] = (float)((int)(seed >> 16) % 256 - 128) / 64.0f;
        hb[i] = __float2half(fb[i]);
    }
    __half *da, *db;
    float *dc;
    GEMM_CHECK(cudaMalloc(&da, ha.size() * sizeof(__half)));
    GEMM_CHECK(cudaMalloc(&db, hb.size() * sizeof(__half)));
    GEMM_CHECK(cudaMalloc(&dc, hc.size() * sizeof(float)));
    GEMM_CHECK(cudaMemcpy(da, ha.data(), ha.size() * sizeof(__half), cudaMemcpyHostToDevice));
    GEMM_CHECK(cudaMemcpy(db, hb.data(), hb.size() * sizeof(__half), cudaMemcpyHostToDevice));
    GEMM_CHECK(cudaMemset(dc, 0xFF, hc.size() * sizeof(float)));   // NaN: unwritten shows
    dim3 grid((N + gemm::BN - 1) / gemm::BN, (M + gemm::BM - 1) / gemm::BM);
    gemm::gemm_f16_f32<<<grid, gemm::THREADS>>>(da, db, dc, M, N, K);
    GEMM_CHECK(cudaGetLastError());
    GEMM_CHECK(cudaMemcpy(hc.data(), dc, hc.size() * sizeof(float), cudaMemcpyDeviceToHost));
    GEMM_CHECK(cudaFree(da));
    GEMM_CHECK(cudaFree(db));
    GEMM_CHECK(cudaFree(dc));
    int bad = 0;
    std::vector<double> ref(N), mag(N);
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++)
            ref[j] = mag[j] = 0.0;
        for (int k = 0; k < K; k++) {
            double a = fa[(size_t)i * K + k];
            const float *brow = &fb[(size_t)k * N];
            for (int j = 0; j < N; j++) {
                ref[j] += a * brow[j];
                mag[j] += std::fabs(a * brow[j]);
            }
        }
        for (int j = 0; j < N; j++) {
            double got = hc[(size_t)i * Np + j], tol = K * std::ldexp(mag[j], -24);
            if (!(std::fabs(got - ref[j]) <= tol) && bad++ < 10)
                printf("%dx%dx%d: C[%d][%d] = %.9g, expected %.9g (tolerance %.3g)\n", M, N, K,
                       i, j, got, ref[j], tol);
        }
    }
    return bad;
}
