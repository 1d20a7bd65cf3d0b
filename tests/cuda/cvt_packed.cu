// NVCCFLAGS: -arch=sm_90
// cvt_packed: the packed and narrow float conversions of PTX cvt against a
// CPU reference written from the PTX manual: f16x2/bf16x2 from two f32
// (.rn/.rz, .relu, .satfinite; a goes to the high half), tf32 (.rna, .rn,
// .rz, .satfinite), e4m3x2/e5m2x2 from two f32 (.rn.satfinite, .relu; a goes
// to the high byte) and back to f16x2. Edge values: 0, -0, subnormals,
// halfway cases, overflow, Inf, NaN. Prints each failing case with its
// inputs and both bit patterns.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstdint>
#include <vector>
#include <cuda_runtime.h>

enum { K_F16X2_RN, K_F16X2_RZ_RELU, K_F16X2_RN_SATF, K_BF16X2_RN, K_BF16X2_RZ_RELU_SATF,
       K_TF32_RNA, K_TF32_RN, K_TF32_RZ, K_TF32_RNA_SATF, K_E4M3, K_E4M3_RELU, K_E5M2,
       K_F16_RN_RELU, K_COUNT };
static const char *const names[K_COUNT] = {
    "cvt.rn.f16x2.f32", "cvt.rz.relu.f16x2.f32", "cvt.rn.satfinite.f16x2.f32",
    "cvt.rn.bf16x2.f32", "cvt.rz.relu.satfinite.bf16x2.f32", "cvt.rna.tf32.f32",
    "cvt.rn.tf32.f32", "cvt.rz.tf32.f32", "cvt.rna.satfinite.tf32.f32",
    "cvt.rn.satfinite.e4m3x2.f32 (+ back to f16x2)", "cvt.rn.satfinite.relu.e4m3x2.f32 (+ back)",
    "cvt.rn.satfinite.e5m2x2.f32 (+ back to f16x2)", "cvt.rn.relu.f16.f32",
};

__global__ void kern(const float *a, const float *b, uint32_t *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float x = a[i], y = b[i];
    uint32_t *o = out + (size_t)i * K_COUNT * 2;
    uint32_t r, r2;
    unsigned short h;
    asm("cvt.rn.f16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(x), "f"(y));                 o[0] = r;
    asm("cvt.rz.relu.f16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(x), "f"(y));            o[2] = r;
    asm("cvt.rn.satfinite.f16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(x), "f"(y));       o[4] = r;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(x), "f"(y));                o[6] = r;
    asm("cvt.rz.relu.satfinite.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(x), "f"(y)); o[8] = r;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));                             o[10] = r;
    asm("cvt.rn.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));                              o[12] = r;
    asm("cvt.rz.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));                              o[14] = r;
    asm("cvt.rna.satfinite.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));                   o[16] = r;
    asm("cvt.rn.satfinite.e4m3x2.f32 %0, %1, %2;" : "=h"(h) : "f"(x), "f"(y));
    asm("cvt.rn.f16x2.e4m3x2 %0, %1;" : "=r"(r2) : "h"(h));                         o[18] = h; o[19] = r2;
    asm("cvt.rn.satfinite.relu.e4m3x2.f32 %0, %1, %2;" : "=h"(h) : "f"(x), "f"(y));
    asm("cvt.rn.relu.f16x2.e4m3x2 %0, %1;" : "=r"(r2) : "h"(h));                    o[20] = h; o[21] = r2;
    asm("cvt.rn.satfinite.e5m2x2.f32 %0, %1, %2;" : "=h"(h) : "f"(x), "f"(y));
    asm("cvt.rn.f16x2.e5m2x2 %0, %1;" : "=r"(r2) : "h"(h));                         o[22] = h; o[23] = r2;
    asm("cvt.rn.relu.f16.f32 %0, %1;" : "=h"(h) : "f"(x));                          o[24] = h;
}

// ---- CPU reference from the PTX manual ------------------------------------
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static bool isnan32(uint32_t u) { return (u & 0x7fffffffu) > 0x7f800000u; }

// Rounds |x| (finite, > 0) to a binary format with `m` fraction bits and
// minimum normal exponent emin; mode 0 = nearest even, 1 = toward zero,
// 2 = nearest away. Returns the rounded value (may be beyond the format).
static double round_fmt(double x, int m, int emin, int mode)
{
    int e;
    frexp(x, &e);
    int ue = e - 1 < emin ? emin : e - 1;
    double q = ldexp(x, m - ue), fl = floor(q), rem = q - fl;
    if (mode == 0 && (rem > 0.5 || (rem == 0.5 && fmod(fl, 2) == 1))) fl += 1;
    if (mode == 2 && rem >= 0.5) fl += 1;
    return ldexp(fl, ue - m);
}

// Encodes a value already representable (or too large) into a format with
// m fraction bits, e exponent bits; inf_code for overflow.
static uint32_t encode(double v, bool neg, int m, int ebits, uint32_t over)
{
    int bias = (1 << (ebits - 1)) - 1;
    uint32_t s = (uint32_t)neg << (m + ebits);
    if (v == 0) return s;
    int e;
    frexp(v, &e);
    int ue = e - 1;
    if (ue < 1 - bias)
        return s | (uint32_t)ldexp(v, m - (1 - bias));
    uint32_t field = (uint32_t)(ue + bias);
    if (field >= (1u << ebits) - 1) return s | over;
    return s | field << m | ((uint32_t)ldexp(v, m - ue) - (1u << m));
}

static uint32_t ref_half(float x, bool bf, int mode, bool relu, bool satf)
{
    uint32_t u = fbits(x);
    if (isnan32(u)) return 0x7fff;
    int m = bf ? 7 : 10, eb = bf ? 8 : 5;
    uint32_t inf = bf ? 0x7f80 : 0x7c00, maxf = bf ? 0x7f7f : 0x7bff;
    bool neg = u >> 31;
    double ax = fabs((double)x);
    uint32_t r;
    if (std::isinf(x)) r = inf;
    else if (ax == 0) r = 0;
    else {
        double v = round_fmt(ax, m, bf ? -126 : -14, mode);
        r = encode(v, false, m, eb, mode == 1 ? maxf : inf);
    }
    if (satf && r == inf) r = maxf;
    r |= (uint32_t)neg << 15;
    if (relu && neg) r = 0;
    return r;
}

static uint32_t ref_tf32(float x, int mode, bool satf)
{
    uint32_t u = fbits(x);
    if (isnan32(u)) return 0x7fffffffu;
    bool neg = u >> 31;
    double ax = fabs((double)x);
    uint32_t r;
    if (std::isinf(x) || ax == 0) r = u & 0x7fffffffu;
    else r = encode(round_fmt(ax, 10, -126, mode), false, 23, 8, 0x7f800000u) & 0x7fffffffu;
    if (satf && r == 0x7f800000u) r = 0x7f7fe000u;
    return r | (uint32_t)neg << 31;
}

static uint32_t ref_f8(float x, bool e5, bool relu)
{
    uint32_t u = fbits(x);
    if (isnan32(u)) return 0x7f;
    bool neg = u >> 31;
    if (relu && neg) return 0;
    uint32_t maxv = e5 ? 0x7b : 0x7e;
    double maxd = e5 ? 57344.0 : 448.0, ax = fabs((double)x);
    uint32_t r;
    if (std::isinf(x)) r = maxv;
    else if (ax == 0) r = 0;
    else {
        double v = round_fmt(ax, e5 ? 2 : 3, e5 ? -14 : -6, 0);
        r = v > maxd ? maxv : encode(v, false, e5 ? 2 : 3, e5 ? 5 : 4, maxv);
    }
    return r | (uint32_t)neg << 7;
}

static uint32_t ref_f8_to_f16(uint32_t v, bool e5, bool relu)
{
    bool neg = v >> 7 & 1;
    uint32_t mag = v & 0x7f;
    double x;
    if (e5) {
        if (mag > 0x7c) return 0x7fff;
        if (mag == 0x7c) return relu && neg ? 0 : (v & 0xff) << 8;
        int ef = mag >> 2, mf = mag & 3;
        x = ef ? ldexp(4 + mf, ef - 17) : ldexp(mf, -16);
    } else {
        if (mag == 0x7f) return 0x7fff;
        int ef = mag >> 3, mf = mag & 7;
        x = ef ? ldexp(8 + mf, ef - 10) : ldexp(mf, -9);
    }
    if (relu && neg) return 0;
    return encode(x, neg, 10, 5, 0x7c00);
}

int main()
{
    const float inf = INFINITY;
    float vals[] = {
        0.0f, -0.0f, 1.0f, -1.0f, 1.5f, 3.14159265f, -2.71828f, 65504.0f, 65520.0f, 65519.99f,
        -65520.0f, 1e6f, -1e6f, 448.0f, 464.0f, 480.0f, -500.0f, 57344.0f, 61440.0f, 1e-3f,
        0.0009765625f, 0.001953125f, 0.0029296875f, 1e-7f, 5.96e-8f, 2.98e-8f, 1e-40f, -1e-40f,
        1.0009765625f, 1.00048828125f, 1.00146484375f, 3.0e38f, -3.4e38f, inf, -inf, NAN, -NAN,
        0.1f, 0.2f, -0.3f, 100.0f, 1.0625f, 1.1875f, 0.013671875f, 0.0068359375f, 33554432.0f,
        1.00390625f, 1.01171875f, 2.5f, 0.75f,
    };
    const int nv = sizeof vals / sizeof vals[0];
    const int n = nv * nv;
    std::vector<float> hav(n), hbv(n);
    float *ha = hav.data(), *hb = hbv.data();
    for (int i = 0; i < nv; i++)
        for (int j = 0; j < nv; j++) {
            ha[i * nv + j] = vals[i];
            hb[i * nv + j] = vals[(j + i) % nv];
        }
    // a few NaN payloads
    uint32_t payload = 0x7fc12345u, payload2 = 0xffa00001u;
    memcpy(&ha[1], &payload, 4);
    memcpy(&hb[2], &payload2, 4);
    size_t outn = (size_t)n * K_COUNT * 2;
    std::vector<uint32_t> outv(outn);
    uint32_t *out = outv.data();
    float *da, *db;
    uint32_t *dout;
    if (cudaMalloc(&da, n * 4) != cudaSuccess || cudaMalloc(&db, n * 4) != cudaSuccess ||
        cudaMalloc(&dout, outn * 4) != cudaSuccess ||
        cudaMemcpy(da, ha, n * 4, cudaMemcpyHostToDevice) != cudaSuccess ||
        cudaMemcpy(db, hb, n * 4, cudaMemcpyHostToDevice) != cudaSuccess ||
        cudaMemset(dout, 0, outn * 4) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<(n + 127) / 128, 128>>>(da, db, dout, n);
    cudaError_t le = cudaGetLastError();
    if (le != cudaSuccess) {
        printf("launch: %s\nFAIL\n", cudaGetErrorName(le));
        return 1;
    }
    cudaError_t e = cudaMemcpy(out, dout, outn * 4, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        float x = ha[i], y = hb[i];
        const uint32_t *o = out + (size_t)i * K_COUNT * 2;
        uint32_t want[K_COUNT * 2] = { 0 };
        want[0] = ref_half(x, false, 0, false, false) << 16 | ref_half(y, false, 0, false, false);
        want[2] = ref_half(x, false, 1, true, false) << 16 | ref_half(y, false, 1, true, false);
        want[4] = ref_half(x, false, 0, false, true) << 16 | ref_half(y, false, 0, false, true);
        want[6] = ref_half(x, true, 0, false, false) << 16 | ref_half(y, true, 0, false, false);
        want[8] = ref_half(x, true, 1, true, true) << 16 | ref_half(y, true, 1, true, true);
        want[10] = ref_tf32(x, 2, false);
        want[12] = ref_tf32(x, 0, false);
        want[14] = ref_tf32(x, 1, false);
        want[16] = ref_tf32(x, 2, true);
        want[18] = ref_f8(x, false, false) << 8 | ref_f8(y, false, false);
        want[19] = ref_f8_to_f16(want[18] >> 8, false, false) << 16 |
                   ref_f8_to_f16(want[18] & 0xff, false, false);
        want[20] = ref_f8(x, false, true) << 8 | ref_f8(y, false, true);
        want[21] = ref_f8_to_f16(want[20] >> 8, false, true) << 16 |
                   ref_f8_to_f16(want[20] & 0xff, false, true);
        want[22] = ref_f8(x, true, false) << 8 | ref_f8(y, true, false);
        want[23] = ref_f8_to_f16(want[22] >> 8, true, false) << 16 |
                   ref_f8_to_f16(want[22] & 0xff, true, false);
        want[24] = ref_half(x, false, 0, true, false);
        for (int k = 0; k < K_COUNT * 2; k++)
            if (o[k] != want[k] && bad++ < 20)
                printf("%s (word %d): a = %a (0x%08x), b = %a (0x%08x): got 0x%08x, want 0x%08x\n",
                       names[k / 2], k % 2, x, fbits(x), y, fbits(y), o[k], want[k]);
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("%d input pairs x %d conversions\nPASS\n", n, K_COUNT);
    return 0;
}
