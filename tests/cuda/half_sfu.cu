// NVCCFLAGS: -arch=sm_90
// half_sfu: ex2.approx and tanh.approx on .f16, .f16x2, .bf16 and .bf16x2
// (and ex2.approx.ftz.bf16) over every f16 / a sweep of bf16 inputs,
// against exp2/tanh in double: Cobalt returns the f32 approximation
// rounded to the half format, so the error must stay within 1 ulp of the
// result (plus the exact special cases: ex2(-Inf) = +0, ex2(+Inf) = +Inf,
// tanh(+-Inf) = +-1, NaN stays NaN). Lane halves of x2 forms must agree with
// the scalar forms.
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>

__global__ void kern(const unsigned short *in, unsigned short *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    unsigned short x = in[i], y = in[(i + 1) % n], r[6];
    uint32_t p = (uint32_t)y << 16 | x, q[2];
    asm("ex2.approx.f16 %0, %1;" : "=h"(r[0]) : "h"(x));
    asm("tanh.approx.f16 %0, %1;" : "=h"(r[1]) : "h"(x));
    asm("ex2.approx.ftz.bf16 %0, %1;" : "=h"(r[2]) : "h"(x));
    asm("tanh.approx.bf16 %0, %1;" : "=h"(r[3]) : "h"(x));
    asm("ex2.approx.f16x2 %0, %1;" : "=r"(q[0]) : "r"(p));
    asm("tanh.approx.bf16x2 %0, %1;" : "=r"(q[1]) : "r"(p));
    r[4] = (unsigned short)q[0];
    r[5] = (unsigned short)(q[1] >> 16);
    for (int k = 0; k < 6; k++)
        out[(size_t)i * 6 + k] = r[k];
}

static double val(uint32_t h, bool bf)
{
    if (bf) {
        uint32_t u = h << 16;
        float f;
        memcpy(&f, &u, 4);
        return f;
    }
    int e = (h >> 10) & 31, m = h & 0x3ff;
    double v = e == 31 ? (m ? NAN : INFINITY) : e ? ldexp(1024 + m, e - 25) : ldexp(m, -24);
    return h & 0x8000 ? -v : v;
}

// ulp of the half format at |v|
static double ulp(double v, bool bf)
{
    int e;
    frexp(fabs(v), &e);
    int mb = bf ? 7 : 10, emin = bf ? -126 : -14;
    int ue = e - 1 < emin ? emin : e - 1;
    return ldexp(1.0, ue - mb);
}

static int bad = 0;
static void check(const char *op, uint32_t in, uint32_t got, double want, bool bf, bool ftz)
{
    double g = val(got, bf);
    bool ok;
    if (std::isnan(want))
        ok = std::isnan(g);
    else if (std::isinf(want) || fabs(want) > (bf ? 3.38e38 : 65504.0))
        ok = std::isinf(g) || fabs(g) >= (bf ? 3.38e38 : 65504.0);
    else if (ftz && fabs(want) < ldexp(1.0, -126))
        ok = fabs(g) <= ldexp(1.0, -126);
    else
        ok = fabs(g - want) <= ulp(want, bf);
    if (!ok && bad++ < 20)
        printf("%s(0x%04x = %g): got 0x%04x = %g, want %g\n", op, in, val(in, bf), got, g, want);
}

int main()
{
    const int n = 65536;   // every 16-bit pattern
    static unsigned short hin[n], out[n * 6];
    for (int i = 0; i < n; i++)
        hin[i] = (unsigned short)i;
    unsigned short *din, *dout;
    if (cudaMalloc(&din, sizeof hin) != cudaSuccess || cudaMalloc(&dout, sizeof out) != cudaSuccess ||
        cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<n / 256, 256>>>(din, dout, n);
    cudaError_t le = cudaGetLastError();
    if (le != cudaSuccess) {
        printf("launch: %s\nFAIL\n", cudaGetErrorName(le));
        return 1;
    }
    cudaError_t e = cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    for (int i = 0; i < n; i++) {
        const unsigned short *o = out + (size_t)i * 6;
        uint32_t x = hin[i], y = hin[(i + 1) % n];
        double xf = val(x, false), xb = val(x, true), yb = val(y, true);
        bool xb_sub = (x & 0x7f80) == 0;
        check("ex2.approx.f16", x, o[0], exp2(xf), false, false);
        check("tanh.approx.f16", x, o[1], tanh(xf), false, false);
        check("ex2.approx.ftz.bf16", x, o[2], exp2(xb_sub ? 0.0 : xb), true, true);
        check("tanh.approx.bf16", x, o[3], tanh(xb), true, false);
        if (o[4] != o[0] && bad++ < 20)
            printf("ex2.approx.f16x2 low half 0x%04x != f16 form 0x%04x\n", o[4], o[0]);
        check("tanh.approx.bf16x2 (high half)", y, o[5], tanh(yb), true, false);
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
