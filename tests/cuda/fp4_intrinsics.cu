// NVCCFLAGS: -arch=compute_100a -code=sm_100a,compute_100a
// fp4_intrinsics: cuda_fp4.h's conversions (which pack and unpack .b8
// pairs with mov.b16 {b8, b8}) against the e2m1 format definition.
#include <cstdio>
#include <cstdint>
#include <cuda_fp4.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

__global__ void roundtrip(const float2 *in, uint8_t *packed, __half2_raw *back, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    __nv_fp4x2_storage_t p = __nv_cvt_float2_to_fp4x2(in[i], __NV_E2M1, cudaRoundNearest);
    packed[i] = p;
    back[i] = __nv_cvt_fp4x2_to_halfraw2(p, __NV_E2M1);
}

/* e2m1: sign, 2 exponent bits (bias 1), 1 mantissa bit: 0 0.5 1 1.5 2 3 4 6 */
static const float e2m1[8] = { 0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 3.0f, 4.0f, 6.0f };

static uint8_t ref_e2m1(float x)
{
    uint8_t s = x < 0 || (x == 0 && 1.0f / x < 0) ? 8 : 0;
    float a = x < 0 ? -x : x;
    if (a != a)
        return 7 | s;   /* NaN: +-max finite per cuda_fp4.hpp; checked separately */
    int best = 0;
    for (int k = 1; k < 8; k++) {
        float dk = a - e2m1[k], db = a - e2m1[best];
        dk = dk < 0 ? -dk : dk;
        db = db < 0 ? -db : db;
        if (dk < db || (dk == db && (k & 1) == 0))   /* ties to even mantissa */
            best = k;
    }
    return (uint8_t)(best | s);
}

int main(void)
{
    const int n = 4096;
    float2 *in;
    uint8_t *packed;
    __half2_raw *back;
    cudaMallocManaged(&in, n * sizeof *in);
    cudaMallocManaged(&packed, n);
    cudaMallocManaged(&back, n * sizeof *back);
    uint32_t seed = 12345;
    for (int i = 0; i < n; i++) {
        float v[2];
        for (int k = 0; k < 2; k++) {
            seed = seed * 1664525u + 1013904223u;
            v[k] = ((int)(seed >> 8) % 2000 - 1000) / 125.0f;   /* -8 .. 8, many ties */
        }
        in[i] = make_float2(v[0], v[1]);
    }
    roundtrip<<<n / 128, 128>>>(in, packed, back, n);
    if (cudaDeviceSynchronize() != cudaSuccess) {
        printf("FAIL: %s\n", cudaGetErrorString(cudaGetLastError()));
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < n && bad < 10; i++) {
        uint8_t want = (uint8_t)(ref_e2m1(in[i].x) | ref_e2m1(in[i].y) << 4);
        float lo = (want & 8 ? -1 : 1) * e2m1[want & 7], hi = (want & 0x80 ? -1 : 1) * e2m1[want >> 4 & 7];
        __half2 h = *(__half2 *)&back[i];
        float glo = __low2float(h), ghi = __high2float(h);
        if (packed[i] != want || glo != lo || ghi != hi) {
            printf("case %d: in (%g, %g): packed 0x%02x want 0x%02x, back (%g, %g) want (%g, %g)\n", i,
                   in[i].x, in[i].y, packed[i], want, glo, ghi, lo, hi);
            bad++;
        }
    }
    if (bad)
        return 1;
    printf("PASS\n");
    return 0;
}
