// mma_tf32_f64: inline-PTX mma.sync with tf32, f64 and f16-accumulator
// forms, fragments indexed by hand as in the PTX ISA manual, g = lane >> 2,
// t = lane % 4:
//   m16n8k8 tf32   A: a0 (g, t) a1 (g+8, t) a2 (g, t+4) a3 (g+8, t+4)
//                  B: b0 (k t, n g) b1 (k t+4, n g)
//   m16n8k4 tf32   A: a0 (g, t) a1 (g+8, t)   B: b0 (k t, n g)
//   C/D f32:       c0, c1 (g, 2t, 2t+1) c2, c3 (g+8, 2t, 2t+1)
//   m8n8k4 f64     A: a0 (g, t)  B: b0 (k t, n g)  C/D: c0, c1 (g, 2t, 2t+1)
//   m16n8k16, m16n8k8 .f16.f16.f16.f16: A, B as for f32 accumulators;
//                  C/D f16x2: c0 (g, 2t, 2t+1) c1 (g+8, 2t, 2t+1)
// Each warp owns one tile of D and walks K = 32.
//
// Tolerances from Cobalt's documented arithmetic (docs/architecture.md,
// Tensor cores): tf32 inputs drop their 13 low mantissa bits (the CPU does
// the same), products are exact and added in k order with f32 rounding:
// |err| <= K u sum|a b| + u |ref|, u = 2^-24. f64: one fma per product in k
// order from C, which the CPU repeats: exact. f16 accumulators: rounded to
// f16 once per 4x4x4 step (K/4 per element) and once when C is made f16:
// |err| <= (K/4 + 2) 2^-11 (sum|a b| + |C|).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cmath>
#include <vector>
#include <cuda_runtime.h>
#include <cuda_fp16.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s\nFAIL\n", __FILE__, __LINE__, #call, \
                   cudaGetErrorString(err_));                                \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

enum { M = 32, N = 16, K = 32 };

// kind 0: m16n8k8 tf32, 1: m16n8k4 tf32. A M x K row-major, Bt N x K.
__global__ void gemm_tf32(int kind, const float *A, const float *Bt, const float *C, float *D)
{
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    int r0 = warp / (N / 8) * 16, c0 = warp % (N / 8) * 8, g = lane >> 2, t = lane & 3;
    float c[4];
    for (int i = 0; i < 4; i++)
        c[i] = C[(r0 + g + 8 * (i / 2)) * N + c0 + 2 * t + i % 2];
    auto a = [&](int r, int k) { return __float_as_uint(A[r * K + k]); };
    auto b = [&](int n, int k) { return __float_as_uint(Bt[n * K + k]); };
    for (int k0 = 0; k0 < K; k0 += kind == 0 ? 8 : 4) {
        if (kind == 0)
            asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0,%1,%2,%3}, "
                         "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                         : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                         : "r"(a(r0 + g, k0 + t)), "r"(a(r0 + g + 8, k0 + t)),
                           "r"(a(r0 + g, k0 + t + 4)), "r"(a(r0 + g + 8, k0 + t + 4)),
                           "r"(b(c0 + g, k0 + t)), "r"(b(c0 + g, k0 + t + 4)));
        else
            asm volatile("mma.sync.aligned.m16n8k4.row.col.f32.tf32.tf32.f32 {%0,%1,%2,%3}, "
                         "{%4,%5}, {%6}, {%0,%1,%2,%3};"
                         : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                         : "r"(a(r0 + g, k0 + t)), "r"(a(r0 + g + 8, k0 + t)), "r"(b(c0 + g, k0 + t)));
    }
    for (int i = 0; i < 4; i++)
        D[(r0 + g + 8 * (i / 2)) * N + c0 + 2 * t + i % 2] = c[i];
}

// m8n8k4 f64: warps own 8x8 tiles.
__global__ void gemm_f64(const double *A, const double *Bt, const double *C, double *D)
{
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    int r0 = warp / (N / 8) * 8, c0 = warp % (N / 8) * 8, g = lane >> 2, t = lane & 3;
    double c[2] = { C[(r0 + g) * N + c0 + 2 * t], C[(r0 + g) * N + c0 + 2 * t + 1] };
    for (int k0 = 0; k0 < K; k0 += 4)
        asm volatile("mma.sync.aligned.m8n8k4.row.col.f64.f64.f64.f64 {%0,%1}, {%2}, {%3}, {%0,%1};"
                     : "+d"(c[0]), "+d"(c[1])
                     : "d"(A[(r0 + g) * K + k0 + t]), "d"(Bt[(c0 + g) * K + k0 + t]));
    D[(r0 + g) * N + c0 + 2 * t] = c[0];
    D[(r0 + g) * N + c0 + 2 * t + 1] = c[1];
}

// f16 C and D (PTX requires .dtype == .ctype for these shapes); kind 0:
// m16n8k16, 1: m16n8k8. C comes in as f32 and is rounded to f16 first.
__global__ void gemm_f16acc(int kind, const unsigned short *A, const unsigned short *Bt,
                            const float *C, float *D)
{
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    int r0 = warp / (N / 8) * 16, c0 = warp % (N / 8) * 8, g = lane >> 2, t = lane & 3;
    float cf[4];
    for (int i = 0; i < 4; i++)
        cf[i] = C[(r0 + g + 8 * (i / 2)) * N + c0 + 2 * t + i % 2];
    __half2 h0 = __floats2half2_rn(cf[0], cf[1]), h1 = __floats2half2_rn(cf[2], cf[3]);
    unsigned ch[2] = { *(unsigned *)&h0, *(unsigned *)&h1 };
    auto ld2 = [](const unsigned short *p, int r, int k) { return *(const unsigned *)(p + r * K + k); };
    for (int k0 = 0; k0 < K; k0 += kind == 0 ? 16 : 8) {
        unsigned a0 = ld2(A, r0 + g, k0 + 2 * t), a1 = ld2(A, r0 + g + 8, k0 + 2 * t);
        unsigned b0 = ld2(Bt, c0 + g, k0 + 2 * t);
        if (kind == 1) {
            asm volatile("mma.sync.aligned.m16n8k8.row.col.f16.f16.f16.f16 {%0,%1}, {%2,%3}, "
                         "{%4}, {%0,%1};"
                         : "+r"(ch[0]), "+r"(ch[1]) : "r"(a0), "r"(a1), "r"(b0));
            continue;
        }
        unsigned a2 = ld2(A, r0 + g, k0 + 2 * t + 8), a3 = ld2(A, r0 + g + 8, k0 + 2 * t + 8);
        unsigned b1 = ld2(Bt, c0 + g, k0 + 2 * t + 8);
        asm volatile("mma.sync.aligned.m16n8k16.row.col.f16.f16.f16.f16 {%0,%1}, {%2,%3,%4,%5}, "
                     "{%6,%7}, {%0,%1};"
                     : "+r"(ch[0]), "+r"(ch[1])
                     : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
    }
    float2 f0 = __half22float2(*(__half2 *)&ch[0]), f1 = __half22float2(*(__half2 *)&ch[1]);
    cf[0] = f0.x; cf[1] = f0.y; cf[2] = f1.x; cf[3] = f1.y;
    for (int i = 0; i < 4; i++)
        D[(r0 + g + 8 * (i / 2)) * N + c0 + 2 * t + i % 2] = cf[i];
}

static float tf32_trunc(float x)
{
    unsigned u;
    memcpy(&u, &x, 4);
    u &= 0xffffe000u;
    memcpy(&x, &u, 4);
    return x;
}

int main()
{
    unsigned s = 2024u;
    auto rnd = [&s]() { s = s * 1103515245u + 12345u; return (float)((s >> 4) % 2000001) / 1e6f - 1.f; };
    std::vector<float> af(M * K), bf(N * K), cf(M * N), df(M * N);
    for (auto &v : af) v = rnd();
    for (auto &v : bf) v = rnd();
    for (auto &v : cf) v = rnd();
    float *da, *db, *dc, *dd;
    CHECK(cudaMalloc(&da, af.size() * 8));
    CHECK(cudaMalloc(&db, bf.size() * 8));
    CHECK(cudaMalloc(&dc, cf.size() * 8));
    CHECK(cudaMalloc(&dd, cf.size() * 8));
    int fails = 0;

    // tf32
    CHECK(cudaMemcpy(da, af.data(), af.size() * 4, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, bf.data(), bf.size() * 4, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, cf.data(), cf.size() * 4, cudaMemcpyHostToDevice));
    for (int kind = 0; kind < 2; kind++) {
        gemm_tf32<<<1, 32 * (M / 16) * (N / 8)>>>(kind, da, db, dc, dd);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(df.data(), dd, df.size() * 4, cudaMemcpyDeviceToHost));
        int bad = 0;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
                double ref = cf[i * N + j], mag = 0;
                for (int k = 0; k < K; k++) {
                    double p = (double)tf32_trunc(af[i * K + k]) * tf32_trunc(bf[j * K + k]);
                    ref += p;
                    mag += fabs(p);
                }
                double tol = (K * mag + fabs(ref)) * ldexp(1.0, -24);
                if (!(fabs(df[i * N + j] - ref) <= tol) && bad++ < 5)
                    printf("tf32 %s: D[%d][%d] = %.9g, expected %.9g\n", kind ? "m16n8k4" : "m16n8k8",
                           i, j, df[i * N + j], ref);
            }
        fails += bad != 0;
    }

    // f64
    std::vector<double> ad(M * K), bd(N * K), cd(M * N), dd64(M * N);
    for (size_t i = 0; i < ad.size(); i++) ad[i] = af[i] * (1 + 1e-9 * i);
    for (size_t i = 0; i < bd.size(); i++) bd[i] = bf[i] / 3.0;
    for (size_t i = 0; i < cd.size(); i++) cd[i] = cf[i];
    CHECK(cudaMemcpy(da, ad.data(), ad.size() * 8, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, bd.data(), bd.size() * 8, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, cd.data(), cd.size() * 8, cudaMemcpyHostToDevice));
    gemm_f64<<<1, 32 * (M / 8) * (N / 8)>>>((double *)da, (double *)db, (double *)dc, (double *)dd);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(dd64.data(), dd, dd64.size() * 8, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double ref = cd[i * N + j];
            for (int k = 0; k < K; k++)
                ref = fma(ad[i * K + k], bd[j * K + k], ref);
            if (dd64[i * N + j] != ref && bad++ < 5)
                printf("f64 m8n8k4: D[%d][%d] = %.17g, expected %.17g\n", i, j, dd64[i * N + j], ref);
        }
    fails += bad != 0;

    // f16 accumulators
    std::vector<unsigned short> ah(M * K), bh(N * K);
    std::vector<float> ahf(M * K), bhf(N * K);
    for (size_t i = 0; i < ah.size(); i++) {
        __half h = __float2half(af[i]);
        memcpy(&ah[i], &h, 2);
        ahf[i] = __half2float(h);
    }
    for (size_t i = 0; i < bh.size(); i++) {
        __half h = __float2half(bf[i]);
        memcpy(&bh[i], &h, 2);
        bhf[i] = __half2float(h);
    }
    CHECK(cudaMemcpy(da, ah.data(), ah.size() * 2, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, bh.data(), bh.size() * 2, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, cf.data(), cf.size() * 4, cudaMemcpyHostToDevice));
    for (int kind = 0; kind < 2; kind++) {
        gemm_f16acc<<<1, 32 * (M / 16) * (N / 8)>>>(kind, (unsigned short *)da, (unsigned short *)db,
                                                    dc, dd);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(df.data(), dd, df.size() * 4, cudaMemcpyDeviceToHost));
        bad = 0;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
                double ref = cf[i * N + j], mag = fabs(ref);
                for (int k = 0; k < K; k++) {
                    double p = (double)ahf[i * K + k] * bhf[j * K + k];
                    ref += p;
                    mag += fabs(p);
                }
                double tol = (K / 4 + 2) * mag * ldexp(1.0, -11);
                if (!(fabs(df[i * N + j] - ref) <= tol) && bad++ < 5)
                    printf("f16 accumulator kind %d: D[%d][%d] = %.9g, expected %.9g (tolerance %.3g)\n",
                           kind, i, j, df[i * N + j], ref, tol);
            }
        fails += bad != 0;
    }
    if (fails) {
        printf("FAIL (%d forms)\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
