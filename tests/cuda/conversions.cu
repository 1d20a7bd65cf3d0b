// conversions: float -> integer with every rounding intrinsic
// (__float2int_rn/rz/ru/rd, __float2uint_*, __float2ll_*), including halfway
// cases and out-of-range values, which saturate (NaN gives 0) as PTX cvt
// specifies; float rounding to integral values (rintf, truncf, ceilf,
// floorf); integer -> float (__int2float_rn, __uint2float_rn, __ll2float_rn);
// and integer narrowing (short, signed char, unsigned short). Exact checks.
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>
#include <cuda_runtime.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s (%s)\nFAIL\n", __FILE__, __LINE__,  \
                   #call, cudaGetErrorName(err_), cudaGetErrorString(err_)); \
            return 1;                                                        \
        }                                                                    \
    } while (0)

#define NOUT 21

typedef long long s64;

static unsigned long long fbits(float f)
{
    unsigned u;
    memcpy(&u, &f, sizeof u);
    return u;
}

__global__ void convert(const float *f, const int *k, long long *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float x = f[i];
    int m = k[i];
    long long *o = out + i * NOUT;
    o[0] = __float2int_rn(x);
    o[1] = __float2int_rz(x);
    o[2] = __float2int_ru(x);
    o[3] = __float2int_rd(x);
    o[4] = __float2uint_rn(x);
    o[5] = __float2uint_rz(x);
    o[6] = __float2ll_rn(x);
    o[7] = __float2ll_rz(x);
    o[8] = fabsf(x) < 2.0e9f ? (int)x : 0; // the C cast, where it is defined
    o[9] = __float_as_uint(rintf(x));
    o[10] = __float_as_uint(truncf(x));
    o[11] = __float_as_uint(ceilf(x));
    o[12] = __float_as_uint(floorf(x));
    o[13] = __float_as_uint(__int2float_rn(m));
    o[14] = __float_as_uint(__uint2float_rn((unsigned)m));
    o[15] = __float_as_uint(__ll2float_rn((long long)m * 4099));
    o[16] = (short)m;
    o[17] = (signed char)m;
    o[18] = (unsigned short)m;
    o[19] = (unsigned char)(m >> 3);
    o[20] = __float_as_uint((float)(double)x * 0.5f);
}

// Round with the given C function, then saturate to [lo, hi]; NaN gives 0.
static s64 sat(double r, double lo, double hi, s64 ilo, s64 ihi)
{
    if (std::isnan(r))
        return 0;
    if (r <= lo)
        return ilo;
    if (r >= hi)
        return ihi;
    return (s64)r;
}

static void convert_host(float x, int m, s64 *o)
{
    double d = x;
    const double i32lo = INT_MIN, i32hi = INT_MAX, u32hi = UINT_MAX;
    const double i64lo = -9223372036854775808.0, i64hi = 9223372036854775808.0;
    o[0] = sat(rint(d), i32lo, i32hi, INT_MIN, INT_MAX);
    o[1] = sat(trunc(d), i32lo, i32hi, INT_MIN, INT_MAX);
    o[2] = sat(ceil(d), i32lo, i32hi, INT_MIN, INT_MAX);
    o[3] = sat(floor(d), i32lo, i32hi, INT_MIN, INT_MAX);
    o[4] = sat(rint(d), 0.0, u32hi, 0, UINT_MAX);
    o[5] = sat(trunc(d), 0.0, u32hi, 0, UINT_MAX);
    o[6] = sat(rint(d), i64lo, i64hi, LLONG_MIN, LLONG_MAX);
    o[7] = sat(trunc(d), i64lo, i64hi, LLONG_MIN, LLONG_MAX);
    o[8] = fabsf(x) < 2.0e9f ? (int)x : 0;
    o[9] = (s64)fbits(rintf(x));
    o[10] = (s64)fbits(truncf(x));
    o[11] = (s64)fbits(ceilf(x));
    o[12] = (s64)fbits(floorf(x));
    o[13] = (s64)fbits((float)m);
    o[14] = (s64)fbits((float)(unsigned)m);
    o[15] = (s64)fbits((float)((long long)m * 4099));
    o[16] = (short)m;
    o[17] = (signed char)m;
    o[18] = (unsigned short)m;
    o[19] = (unsigned char)(m >> 3);
    o[20] = (s64)fbits((float)(double)x * 0.5f);
}

int main(void)
{
    static const float edge[] = {0.0f, -0.0f, 0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 3.49999f,
                                 -3.50001f, 1.0e-30f, 16777217.0f, 2147483520.0f, 2.5e9f,
                                 -2.5e9f, 4.2e9f, 5.0e9f, 1.0e19f, -1.0e19f, INFINITY,
                                 -INFINITY, NAN, FLT_MAX, -FLT_MAX, 8388607.5f};
    const int nedge = (int)(sizeof edge / sizeof edge[0]);
    static const int kedge[] = {0, 1, -1, INT_MAX, INT_MIN, 16777217, -16777217, 65535, 65536,
                                -32768, 32768, 255, 128, -129};
    const int nkedge = (int)(sizeof kedge / sizeof kedge[0]);
    const int n = 4096;
    std::vector<float> f(n);
    std::vector<int> k(n);
    std::vector<s64> out((size_t)n * NOUT), want(NOUT);
    unsigned s = 1u;
    for (int i = 0; i < n; i++) {
        s = s * 1103515245u + 12345u;
        // Random values in +-2^(0..31), many with a fractional part.
        f[i] = i < nedge ? edge[i]
                         : ldexpf((float)(s >> 8) / 16777216.0f, (int)(s & 31)) *
                               ((s & 64) ? -1.0f : 1.0f);
        k[i] = i < nkedge ? kedge[i] : (int)(s * 2654435761u);
    }

    float *df;
    int *dk;
    long long *dout;
    CHECK(cudaMalloc(&df, n * sizeof(float)));
    CHECK(cudaMalloc(&dk, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, out.size() * sizeof(long long)));
    CHECK(cudaMemcpy(df, f.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dk, k.data(), n * sizeof(int), cudaMemcpyHostToDevice));

    convert<<<n / 64, 64>>>(df, dk, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dout, out.size() * sizeof(long long), cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int i = 0; i < n; i++) {
        convert_host(f[i], k[i], want.data());
        for (int j = 0; j < NOUT; j++) {
            s64 got = out[(size_t)i * NOUT + j];
            // rintf(NaN) etc. may return any NaN: compare NaN-ness only.
            bool fbits_op = (j >= 9 && j <= 12) || j == 20;
            bool nan_ok = fbits_op && std::isnan(f[i]) && ((got >> 23) & 0xff) == 0xff &&
                          (got & 0x7fffff) != 0;
            if (got != want[j] && !nan_ok) {
                if (bad < 5)
                    printf("input %d (f=%.9g, k=%d) op %d: got %lld (0x%llx), expected %lld "
                           "(0x%llx)\n",
                           i, f[i], k[i], j, got, (unsigned long long)got, want[j],
                           (unsigned long long)want[j]);
                bad++;
            }
        }
    }
    CHECK(cudaFree(df));
    CHECK(cudaFree(dk));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("conversions: %d of %d results wrong\nFAIL\n", bad, n * NOUT);
        return 1;
    }
    printf("conversions: %d inputs x %d conversions, __float2int_rn(2.5f) = %lld\nPASS\n", n, NOUT,
           out[6 * NOUT]);
    return 0;
}
