// mma_ldmatrix: ldmatrix.sync.aligned.m8n8 feeding mma.sync.m16n8k16.
//  1. Raw fragments of .x1, .x2, .x4 and .x4.trans from shared memory
//     against the PTX ISA layout: lane 8q + r names row r of matrix q;
//     lane l receives row l/4, columns 2(l%4), 2(l%4)+1 of every matrix
//     (.trans: rows 2(l%4), 2(l%4)+1 of column l/4), low half first.
//  2. A 16x8x16 product: A (16x16, row-major) loaded with .x4, B (16x8,
//     row-major) with .x2.trans, and again with B transposed in shared
//     memory through .x2; compared with a double reference (tolerance:
//     16 u sum|a b|, u = 2^-24, see mma_m16n8k16.cu).
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
            return 1;                                                        \
        }                                                                    \
    } while (0)

// out[l * 11 + j]: x1 (1 reg), x2 (2), x4 (4), x4.trans (4) of lane l.
__global__ void raw(const unsigned short *in, unsigned *out)
{
    __shared__ __align__(16) unsigned short s[4 * 64];
    for (int i = threadIdx.x; i < 4 * 64; i += 32)
        s[i] = in[i];
    __syncwarp();
    int l = threadIdx.x;
    unsigned row = (unsigned)__cvta_generic_to_shared(&s[l * 8]);
    unsigned r[11];
    asm volatile("ldmatrix.sync.aligned.m8n8.x1.shared.b16 {%0}, [%1];" : "=r"(r[0]) : "r"(row));
    asm volatile("ldmatrix.sync.aligned.m8n8.x2.shared.b16 {%0,%1}, [%2];"
                 : "=r"(r[1]), "=r"(r[2]) : "r"(row));
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r[3]), "=r"(r[4]), "=r"(r[5]), "=r"(r[6]) : "r"(row));
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r[7]), "=r"(r[8]), "=r"(r[9]), "=r"(r[10]) : "r"(row));
    for (int j = 0; j < 11; j++)
        out[l * 11 + j] = r[j];
}

// D (16x8) = A (16x16 row-major) * B (16x8 row-major); Bt = B transposed.
__global__ void mma(const __half *A, const __half *B, const __half *Bt, float *D)
{
    __shared__ __align__(16) __half sa[16 * 16], sb[16 * 8], sbt[8 * 16];
    for (int i = threadIdx.x; i < 256; i += 32)
        sa[i] = A[i];
    for (int i = threadIdx.x; i < 128; i += 32) {
        sb[i] = B[i];
        sbt[i] = Bt[i];
    }
    __syncwarp();
    int l = threadIdx.x, g = l >> 2, t = l & 3;
    unsigned a[4], b[2], bb[2];
    // matrices: rows 0-7 / 8-15 of columns 0-7, then of columns 8-15
    unsigned pa = (unsigned)__cvta_generic_to_shared(&sa[(l % 16) * 16 + (l / 16) * 8]);
    unsigned pb = (unsigned)__cvta_generic_to_shared(&sb[(l % 16) * 8]);
    unsigned pbt = (unsigned)__cvta_generic_to_shared(&sbt[(l % 8) * 16 + (l / 8 % 2) * 8]);
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(a[0]), "=r"(a[1]), "=r"(a[2]), "=r"(a[3]) : "r"(pa));
    asm volatile("ldmatrix.sync.aligned.m8n8.x2.trans.shared.b16 {%0,%1}, [%2];"
                 : "=r"(b[0]), "=r"(b[1]) : "r"(pb));
    asm volatile("ldmatrix.sync.aligned.m8n8.x2.shared.b16 {%0,%1}, [%2];"
                 : "=r"(bb[0]), "=r"(bb[1]) : "r"(pbt));
    float d[4] = { 0.f, 0.f, 0.f, 0.f }, e[4] = { 0.f, 0.f, 0.f, 0.f };
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(e[0]), "+f"(e[1]), "+f"(e[2]), "+f"(e[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(bb[0]), "r"(bb[1]));
    for (int i = 0; i < 4; i++) {
        int r = g + 8 * (i / 2), c = 2 * t + (i & 1);
        D[r * 8 + c] = d[i];
        D[128 + r * 8 + c] = e[i];
    }
}

int main()
{
    int bad = 0;
    // 1. raw layouts
    std::vector<unsigned short> in(256);
    for (int i = 0; i < 256; i++)
        in[i] = (unsigned short)(i * 7 + 3);
    unsigned short *din;
    unsigned *dout;
    std::vector<unsigned> out(32 * 11);
    CHECK(cudaMalloc(&din, 512));
    CHECK(cudaMalloc(&dout, out.size() * 4));
    CHECK(cudaMemcpy(din, in.data(), 512, cudaMemcpyHostToDevice));
    raw<<<1, 32>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), dout, out.size() * 4, cudaMemcpyDeviceToHost));
    for (int l = 0; l < 32; l++) {
        int g = l / 4, t = l % 4;
        for (int j = 0; j < 11; j++) {
            int q = j == 0 ? 0 : j < 3 ? j - 1 : j < 7 ? j - 3 : j - 7;
            const unsigned short *m = &in[q * 64];   // matrix q: rows of lanes 8q..8q+7
            unsigned want = j < 7 ? (unsigned)m[g * 8 + 2 * t] | (unsigned)m[g * 8 + 2 * t + 1] << 16
                                  : (unsigned)m[2 * t * 8 + g] | (unsigned)m[(2 * t + 1) * 8 + g] << 16;
            if (out[l * 11 + j] != want && bad++ < 5)
                printf("lane %d register %d: 0x%08x, expected 0x%08x\n", l, j, out[l * 11 + j], want);
        }
    }
    // 2. ldmatrix-fed mma
    std::vector<__half> a(256), b(128), bt(128);
    std::vector<float> af(256), bf(128), d(256);
    srand(5);
    for (int i = 0; i < 256; i++) {
        a[i] = __float2half((float)rand() / RAND_MAX * 2.f - 1.f);
        af[i] = __half2float(a[i]);
    }
    for (int k = 0; k < 16; k++)
        for (int n = 0; n < 8; n++) {
            b[k * 8 + n] = bt[n * 16 + k] = __float2half((float)rand() / RAND_MAX * 2.f - 1.f);
            bf[k * 8 + n] = __half2float(b[k * 8 + n]);
        }
    __half *da, *db, *dbt;
    float *dd;
    CHECK(cudaMalloc(&da, 512));
    CHECK(cudaMalloc(&db, 256));
    CHECK(cudaMalloc(&dbt, 256));
    CHECK(cudaMalloc(&dd, 1024));
    CHECK(cudaMemcpy(da, a.data(), 512, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), 256, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dbt, bt.data(), 256, cudaMemcpyHostToDevice));
    mma<<<1, 32>>>(da, db, dbt, dd);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(d.data(), dd, 1024, cudaMemcpyDeviceToHost));
    for (int v = 0; v < 2; v++)
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < 8; j++) {
                double ref = 0, mag = 0;
                for (int k = 0; k < 16; k++) {
                    double p = (double)af[i * 16 + k] * bf[k * 8 + j];
                    ref += p;
                    mag += fabs(p);
                }
                double got = d[v * 128 + i * 8 + j], tol = 16.0 * ldexp(1.0, -24) * mag;
                if (fabs(got - ref) > tol && bad++ < 10)
                    printf("variant %d: D[%d][%d] = %.9g, reference %.9g\n", v, i, j, got, ref);
            }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
