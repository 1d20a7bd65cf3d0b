// mma_m8n8k4_f16: the sm_70 quad-pair form
//   mma.sync.aligned.m8n8k4.{row,col}.{row,col}.{f16,f32}.f16.f16.{f16,f32}
// in all 12 layout/type combinations (PTX has no f16 D from an f32 C). Quad pair q (lanes 4q..4q+3, "low",
// and 16+4q..16+4q+3, "high", h = lane / 16, t = lane % 4) computes its own
// D_q = A_q (8x4) B_q (4x8) + C_q; the fragments are indexed by hand as in
// the PTX ISA manual ("Matrix fragments for mma.m8n8k4 with .f16"):
//   A row: a_i = A[t + 4h][i]          A col: a_i = A[i + 4h][t]
//   B row: b_i = B[t][i + 4h]          B col: b_i = B[i][t + 4h]
//   C/D f16: c_i = C[t + 4h][i], i = 0..7
//   C/D f32: c_i = C[(t & 1) + (i & 2) + 4h][(i & 1) + (t & 2) + (i & 4)]
// with a_0, a_1 in the low/high half of the first .f16x2 register.
// The reference follows Cobalt's documented order (docs/tensor-cores.md):
// each element is C plus its 4 exact products added in k order with f32
// round-to-nearest, rounded once to f16 for an f16 D, so the check is
// bit-exact.
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_fp16.h>
#include "check.cuh"

#define DF "{%0,%1,%2,%3,%4,%5,%6,%7}, "
#define DH "{%0,%1,%2,%3}, "
#define OUT_F "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3]), "=f"(d[4]), "=f"(d[5]), "=f"(d[6]), "=f"(d[7])
#define OUT_H "=r"(dh[0]), "=r"(dh[1]), "=r"(dh[2]), "=r"(dh[3])
#define IN_AB "r"(a[0]), "r"(a[1]), "r"(b[0]), "r"(b[1])
#define IN_CF "f"(c[0]), "f"(c[1]), "f"(c[2]), "f"(c[3]), "f"(c[4]), "f"(c[5]), "f"(c[6]), "f"(c[7])
#define IN_CH "r"(ch[0]), "r"(ch[1]), "r"(ch[2]), "r"(ch[3])
#define MMA_FF(L) asm volatile("mma.sync.aligned.m8n8k4." L ".f32.f16.f16.f32 " DF "{%8,%9}, {%10,%11}, " \
                               "{%12,%13,%14,%15,%16,%17,%18,%19};" : OUT_F : IN_AB, IN_CF)
#define MMA_FH(L) asm volatile("mma.sync.aligned.m8n8k4." L ".f32.f16.f16.f16 " DF "{%8,%9}, {%10,%11}, " \
                               "{%12,%13,%14,%15};" : OUT_F : IN_AB, IN_CH)
#define MMA_HH(L) asm volatile("mma.sync.aligned.m8n8k4." L ".f16.f16.f16.f16 " DH "{%4,%5}, {%6,%7}, " \
                               "{%8,%9,%10,%11};" : OUT_H : IN_AB, IN_CH)
#define MMA_ALL(L)              \
    if (dt == 0 && ct == 0)     \
        MMA_FF(L);              \
    else if (dt == 0)           \
        MMA_FH(L);              \
    else                        \
        MMA_HH(L)

// A: [4][8][4], B: [4][4][8] f16 bits; C32/D32: [4][8][8] f32; C16/D16: [4][8][8] f16 bits.
// al/bl: 0 row, 1 col; dt/ct: 0 f32, 1 f16.
__global__ void quadpair(int al, int bl, int dt, int ct, const unsigned short *A,
                         const unsigned short *B, const float *C32, const unsigned short *C16,
                         float *D32, unsigned short *D16)
{
    int lane = threadIdx.x, q = (lane % 16) / 4, h = lane / 16, t = lane % 4;
    const unsigned short *Aq = A + q * 32, *Bq = B + q * 32;
    unsigned a[2], b[2], ch[4], dh[4];
    float c[8], d[8];
    unsigned short ae[4], be[4];
    for (int i = 0; i < 4; i++) {
        ae[i] = al == 0 ? Aq[(t + 4 * h) * 4 + i] : Aq[(i + 4 * h) * 4 + t];
        be[i] = bl == 0 ? Bq[t * 8 + i + 4 * h] : Bq[i * 8 + t + 4 * h];
    }
    for (int j = 0; j < 2; j++) {
        a[j] = ae[2 * j] | (unsigned)ae[2 * j + 1] << 16;
        b[j] = be[2 * j] | (unsigned)be[2 * j + 1] << 16;
    }
    for (int i = 0; i < 8; i++)
        c[i] = C32[q * 64 + ((t & 1) + (i & 2) + 4 * h) * 8 + (i & 1) + (t & 2) + (i & 4)];
    for (int j = 0; j < 4; j++)
        ch[j] = C16[q * 64 + (t + 4 * h) * 8 + 2 * j] |
                (unsigned)C16[q * 64 + (t + 4 * h) * 8 + 2 * j + 1] << 16;
    if (al == 0 && bl == 0) {
        MMA_ALL("row.row");
    } else if (al == 0) {
        MMA_ALL("row.col");
    } else if (bl == 0) {
        MMA_ALL("col.row");
    } else {
        MMA_ALL("col.col");
    }
    if (dt == 0) {
        for (int i = 0; i < 8; i++)
            D32[q * 64 + ((t & 1) + (i & 2) + 4 * h) * 8 + (i & 1) + (t & 2) + (i & 4)] = d[i];
    } else {
        for (int j = 0; j < 4; j++) {
            D16[q * 64 + (t + 4 * h) * 8 + 2 * j] = (unsigned short)dh[j];
            D16[q * 64 + (t + 4 * h) * 8 + 2 * j + 1] = (unsigned short)(dh[j] >> 16);
        }
    }
}

static unsigned short h_bits(float f)
{
    __half h = __float2half_rn(f);
    unsigned short u;
    memcpy(&u, &h, 2);
    return u;
}

static float h_val(unsigned short u)
{
    __half h;
    memcpy(&h, &u, 2);
    return __half2float(h);
}

static uint32_t f_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

int main()
{
    static unsigned short A[128], B[128], C16[256], D16[256];
    static float C32[256], D32[256];
    unsigned s = 2718u;
    auto rnd = [&s]() { s = s * 1103515245u + 12345u; return s >> 8; };
    // f16 inputs with up to 11 significant bits; C in a wide range so that
    // the additions round
    for (int i = 0; i < 128; i++) {
        A[i] = h_bits((float)((int)(rnd() % 2047) - 1023) / 64.0f);
        B[i] = h_bits((float)((int)(rnd() % 2047) - 1023) / 512.0f);
    }
    for (int i = 0; i < 256; i++) {
        C32[i] = (float)((int)(rnd() % 2000001) - 1000000) / 997.0f;
        C16[i] = h_bits((float)((int)(rnd() % 20001) - 10000) / 77.0f);
    }
    unsigned short *dA, *dB, *dC16, *dD16;
    float *dC32, *dD32;
    CHECK(cudaMalloc(&dA, sizeof A));
    CHECK(cudaMalloc(&dB, sizeof B));
    CHECK(cudaMalloc(&dC16, sizeof C16));
    CHECK(cudaMalloc(&dD16, sizeof D16));
    CHECK(cudaMalloc(&dC32, sizeof C32));
    CHECK(cudaMalloc(&dD32, sizeof D32));
    CHECK(cudaMemcpy(dA, A, sizeof A, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dB, B, sizeof B, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dC16, C16, sizeof C16, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dC32, C32, sizeof C32, cudaMemcpyHostToDevice));
    static const char *const lay[] = { "row", "col" }, *const ty[] = { "f32", "f16" };
    int fails = 0;
    for (int v = 0; v < 16; v++) {
        int al = v >> 3, bl = (v >> 2) & 1, dt = (v >> 1) & 1, ct = v & 1;
        if (dt == 1 && ct == 0)
            continue;
        CHECK(cudaMemset(dD16, 0xFF, sizeof D16));
        CHECK(cudaMemset(dD32, 0xFF, sizeof D32));
        quadpair<<<1, 32>>>(al, bl, dt, ct, dA, dB, dC32, dC16, dD32, dD16);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(D16, dD16, sizeof D16, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(D32, dD32, sizeof D32, cudaMemcpyDeviceToHost));
        int bad = 0;
        for (int q = 0; q < 4; q++)
            for (int r = 0; r < 8; r++)
                for (int n = 0; n < 8; n++) {
                    int e = q * 64 + r * 8 + n;
                    float acc = ct == 0 ? C32[e] : h_val(C16[e]);
                    for (int k = 0; k < 4; k++) {
                        volatile float p = h_val(A[q * 32 + r * 4 + k]) * h_val(B[q * 32 + k * 8 + n]);
                        acc = acc + p;
                    }
                    uint32_t want = dt == 0 ? f_bits(acc) : h_bits(acc);
                    uint32_t got = dt == 0 ? f_bits(D32[e]) : D16[e];
                    if (got != want && bad++ < 4)
                        printf("%s.%s.%s.f16.f16.%s: quad pair %d D[%d][%d] = 0x%x, expected 0x%x\n",
                               lay[al], lay[bl], ty[dt], ty[ct], q, r, n, got, want);
                }
        fails += bad != 0;
    }
    if (fails) {
        printf("FAIL (%d of 12 forms)\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
