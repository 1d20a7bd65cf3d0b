// double: f64 arithmetic (add, sub, mul, div, sqrt, fma, min/max, abs, neg),
// compares (including NaN), and conversions int <-> double, long long ->
// double, float <-> double. Every operation here is correctly rounded in IEEE
// 754 (and in CUDA without fast-math), so results are compared bit for bit;
// one expression per output keeps nvcc from fusing a multiply and an add.
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

#define NOUT 18

__global__ void dops(const double *a, const double *b, const int *k, double *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    double x = a[i], y = b[i];
    double *o = out + i * NOUT;
    o[0] = x + y;
    o[1] = x - y;
    o[2] = x * y;
    o[3] = x / y;
    o[4] = sqrt(fabs(x));
    o[5] = fma(x, y, 0.5);
    o[6] = fmin(x, y);
    o[7] = fmax(x, y);
    o[8] = -x;
    o[9] = (x < y) + 2 * (x <= y) + 4 * (x == y) + 8 * (x != y) + 16 * (x > y) + 32 * (x >= y) +
           64 * (x != x);
    o[10] = (double)k[i];                         // int -> double, exact
    o[11] = (double)(unsigned)k[i];               // unsigned -> double, exact
    o[12] = (double)((long long)k[i] * 100000007); // s64 -> double, rounds
    o[13] = (double)(long long)fmax(fmin(y * 1.0e6, 9.0e18), -9.0e18); // d -> s64
    o[14] = (double)(int)fmax(fmin(x, 2.0e9), -2.0e9); // truncation toward zero
    o[15] = (double)(float)x;                     // d -> f rounds, f -> d exact
    o[16] = (double)((float)x * 3.0f);            // float arithmetic, widened
    o[17] = floor(x) + ceil(y) * 0.25;            // rounding to integral values
}

static void dops_host(double x, double y, int k, double *o)
{
    o[0] = x + y;
    o[1] = x - y;
    o[2] = x * y;
    o[3] = x / y;
    o[4] = sqrt(fabs(x));
    o[5] = fma(x, y, 0.5);
    o[6] = fmin(x, y);
    o[7] = fmax(x, y);
    o[8] = -x;
    o[9] = (x < y) + 2 * (x <= y) + 4 * (x == y) + 8 * (x != y) + 16 * (x > y) + 32 * (x >= y) +
           64 * (x != x);
    o[10] = (double)k;
    o[11] = (double)(unsigned)k;
    o[12] = (double)((long long)k * 100000007);
    o[13] = (double)(long long)fmax(fmin(y * 1.0e6, 9.0e18), -9.0e18);
    o[14] = (double)(int)fmax(fmin(x, 2.0e9), -2.0e9);
    o[15] = (double)(float)x;
    o[16] = (double)((float)x * 3.0f);
    o[17] = floor(x) + ceil(y) * 0.25;
}

// Same bits (so NaN == NaN, and -0 differs from +0).
static bool same(double p, double q)
{
    return memcmp(&p, &q, sizeof p) == 0;
}

int main(void)
{
    static const double edge[10] = {0.0, -0.0, 1.0, -1.5, 3.0, 1.0e300, -2.5e-300, 0.1,
                                    123456789.125, -7.0e-5};
    const int n = 2048;
    std::vector<double> a(n), b(n), out((size_t)n * NOUT), want(NOUT);
    std::vector<int> k(n);
    unsigned s = 12345u;
    for (int i = 0; i < n; i++) {
        if (i < 100) {
            a[i] = edge[i / 10];
            b[i] = edge[i % 10];
        } else {
            s = s * 1664525u + 1013904223u;
            a[i] = ((double)(s >> 8) - 8388608.0) / (double)(1 + (s & 255));
            s = s * 1664525u + 1013904223u;
            b[i] = ((double)(s >> 4) - 134217728.0) * 1.0e-3 / (double)(1 + (s & 15));
        }
        k[i] = (int)(i * 2654435761u);
    }
    a[n - 1] = NAN; // NaN propagation and unordered compares
    b[n - 2] = NAN;

    double *da, *db, *dout;
    int *dk;
    CHECK(cudaMalloc(&da, n * sizeof(double)));
    CHECK(cudaMalloc(&db, n * sizeof(double)));
    CHECK(cudaMalloc(&dk, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, out.size() * sizeof(double)));
    CHECK(cudaMemcpy(da, a.data(), n * sizeof(double), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), n * sizeof(double), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dk, k.data(), n * sizeof(int), cudaMemcpyHostToDevice));

    dops<<<n / 64, 64>>>(da, db, dk, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dout, out.size() * sizeof(double), cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int i = 0; i < n; i++) {
        dops_host(a[i], b[i], k[i], want.data());
        for (int j = 0; j < NOUT; j++) {
            double got = out[(size_t)i * NOUT + j];
            // Any NaN is a NaN: the payload of a generated NaN may differ.
            // C leaves the sign of fmin/fmax(+0, -0) open: compare values.
            if (same(got, want[j]) || (std::isnan(got) && std::isnan(want[j])) ||
                ((j == 6 || j == 7) && got == want[j]))
                continue;
            if (bad < 5)
                printf("pair %d (%.17g, %.17g) op %d: got %.17g, expected %.17g\n", i, a[i], b[i],
                       j, got, want[j]);
            bad++;
        }
    }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dk));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("double: %d of %d results wrong\nFAIL\n", bad, n * NOUT);
        return 1;
    }
    printf("double: %d pairs x %d operations, 1.0 / 3.0 = %.17g\nPASS\n", n, NOUT,
           out[(size_t)24 * NOUT + 3]);
    return 0;
}
