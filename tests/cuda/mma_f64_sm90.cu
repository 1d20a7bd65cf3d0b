// NVCCFLAGS: -arch=sm_90
// mma_f64_sm90: 32x32x64 f64 GEMMs with the sm_90 m16n8k4, m16n8k8 and
// m16n8k16 .f64 shapes of inline-PTX mma.sync, fragments indexed by hand as
// in the PTX ISA manual ("Matrix fragments for mma.m16n8k4/k8/k16 with
// .f64"), g = lane >> 2, t = lane % 4:
//   A: a_i = A[g + 8 (i % 2)][t + 4 (i / 2)]   (2, 4 or 8 registers)
//   B: b_i = B[t + 4 i][g]                     (1, 2 or 4 registers)
//   C/D: c_i = C[g + 8 (i / 2)][2t + i % 2]    (4 registers)
// Cobalt's documented arithmetic (docs/tensor-cores.md): every element of D
// is C followed by one fma per product, in increasing k; the CPU repeats
// that chain, so the check is equality.
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <vector>
#include <cuda_runtime.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s\nFAIL\n", __FILE__, __LINE__, #call, \
                   cudaGetErrorString(err_));                                \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

enum { M = 32, N = 32, K = 64 };

// kind 0: m16n8k4, 1: m16n8k8, 2: m16n8k16. A: M x K row-major, Bt: N x K
// (B column-major). Each warp owns one 16x8 tile of D.
__global__ void gemm(int kind, const double *A, const double *Bt, const double *C, double *D)
{
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    int r0 = warp / (N / 8) * 16, c0 = warp % (N / 8) * 8, g = lane >> 2, t = lane & 3;
    double c[4];
    for (int i = 0; i < 4; i++)
        c[i] = C[(r0 + g + 8 * (i / 2)) * N + c0 + 2 * t + i % 2];
    int kstep = 4 << kind;
    for (int k0 = 0; k0 < K; k0 += kstep) {
        double a[8], b[4];
        for (int i = 0; i < kstep / 2; i++)
            a[i] = A[(r0 + g + 8 * (i % 2)) * K + k0 + t + 4 * (i / 2)];
        for (int i = 0; i < kstep / 4; i++)
            b[i] = Bt[(c0 + g) * K + k0 + t + 4 * i];
        if (kind == 0)
            asm volatile("mma.sync.aligned.m16n8k4.row.col.f64.f64.f64.f64 {%0,%1,%2,%3}, "
                         "{%4,%5}, {%6}, {%0,%1,%2,%3};"
                         : "+d"(c[0]), "+d"(c[1]), "+d"(c[2]), "+d"(c[3])
                         : "d"(a[0]), "d"(a[1]), "d"(b[0]));
        else if (kind == 1)
            asm volatile("mma.sync.aligned.m16n8k8.row.col.f64.f64.f64.f64 {%0,%1,%2,%3}, "
                         "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                         : "+d"(c[0]), "+d"(c[1]), "+d"(c[2]), "+d"(c[3])
                         : "d"(a[0]), "d"(a[1]), "d"(a[2]), "d"(a[3]), "d"(b[0]), "d"(b[1]));
        else
            asm volatile("mma.sync.aligned.m16n8k16.row.col.f64.f64.f64.f64 {%0,%1,%2,%3}, "
                         "{%4,%5,%6,%7,%8,%9,%10,%11}, {%12,%13,%14,%15}, {%0,%1,%2,%3};"
                         : "+d"(c[0]), "+d"(c[1]), "+d"(c[2]), "+d"(c[3])
                         : "d"(a[0]), "d"(a[1]), "d"(a[2]), "d"(a[3]), "d"(a[4]), "d"(a[5]),
                           "d"(a[6]), "d"(a[7]), "d"(b[0]), "d"(b[1]), "d"(b[2]), "d"(b[3]));
    }
    for (int i = 0; i < 4; i++)
        D[(r0 + g + 8 * (i / 2)) * N + c0 + 2 * t + i % 2] = c[i];
}

int main()
{
    std::vector<double> a(M * K), bt(N * K), c(M * N), d(M * N);
    unsigned s = 777u;
    auto rnd = [&s]() { s = s * 1103515245u + 12345u; return (double)(s >> 8) / (1 << 24) - 0.5; };
    for (auto &v : a) v = rnd() * 3.0;
    for (auto &v : bt) v = rnd() / 7.0;   // not exactly representable sums: rounding shows
    for (auto &v : c) v = rnd() * 100.0;
    double *da, *db, *dc, *dd;
    CHECK(cudaMalloc(&da, a.size() * 8));
    CHECK(cudaMalloc(&db, bt.size() * 8));
    CHECK(cudaMalloc(&dc, c.size() * 8));
    CHECK(cudaMalloc(&dd, d.size() * 8));
    CHECK(cudaMemcpy(da, a.data(), a.size() * 8, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, bt.data(), bt.size() * 8, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, c.data(), c.size() * 8, cudaMemcpyHostToDevice));
    static const char *const names[] = { "m16n8k4", "m16n8k8", "m16n8k16" };
    int fails = 0;
    for (int kind = 0; kind < 3; kind++) {
        CHECK(cudaMemset(dd, 0, d.size() * 8));
        gemm<<<1, 32 * (M / 16) * (N / 8)>>>(kind, da, db, dc, dd);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(d.data(), dd, d.size() * 8, cudaMemcpyDeviceToHost));
        int bad = 0;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
                double ref = c[i * N + j];
                for (int k = 0; k < K; k++)
                    ref = fma(a[i * K + k], bt[j * K + k], ref);
                if (d[i * N + j] != ref && bad++ < 5)
                    printf("f64 %s: D[%d][%d] = %.17g, expected %.17g\n", names[kind], i, j,
                           d[i * N + j], ref);
            }
        fails += bad != 0;
    }
    if (fails) {
        printf("FAIL (%d shapes)\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
