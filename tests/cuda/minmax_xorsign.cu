// NVCCFLAGS: -arch=sm_90
// minmax_xorsign: min/max .xorsign.abs on f32, f16, f16x2, bf16 and bf16x2
// (inline PTX), with and without .NaN, against a CPU reference: the result
// is min/max(|a|, |b|) with the sign bit sign(a) XOR sign(b), except that a
// NaN result is the canonical NaN 0x7fff.. (a NaN input is ignored unless .NaN).
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>

enum { N = 12, NOPS = 12 };

// f32 / 16-bit inputs (bit patterns); NaN, signed zeros, equal magnitudes
static const uint32_t in32[N] = { 0x40a00000, 0xc0400000, 0x80000000, 0x7fc00000,
                                  0xbf800000, 0x3f800000, 0x00000000, 0xff800000,
                                  0x41200000, 0xc1200000, 0x3f000000, 0x7f800001 };
static const uint16_t inh[N] = { 0x4500, 0xc200, 0x8000, 0x7e00, 0xbc00, 0x3c00,
                                 0x0000, 0xfc00, 0x4900, 0xc900, 0x3800, 0x7c01 };
static const uint16_t inb[N] = { 0x40a0, 0xc040, 0x8000, 0x7fc0, 0xbf80, 0x3f80,
                                 0x0000, 0xff80, 0x4120, 0xc120, 0x3f00, 0x7f81 };

__global__ void kern(uint32_t *out, const uint32_t *a32, const uint32_t *b32,
                     const uint32_t *ah, const uint32_t *bh, const uint32_t *ab,
                     const uint32_t *bb)
{
    int i = threadIdx.x;
    if (i >= N * N)
        return;
    uint32_t x = a32[i], y = b32[i], hx = ah[i], hy = bh[i], bx = ab[i], by = bb[i];
    uint32_t *o = out + i * NOPS;
    asm("min.xorsign.abs.f32 %0, %1, %2;" : "=r"(o[0]) : "r"(x), "r"(y));
    asm("max.NaN.xorsign.abs.f32 %0, %1, %2;" : "=r"(o[1]) : "r"(x), "r"(y));
    asm("{ .reg .b16 a, b, d; mov.b32 {a, _}, %1; mov.b32 {b, _}, %2;\n\t"
        "min.xorsign.abs.f16 d, a, b; mov.b32 %0, {d, d}; }" : "=r"(o[2]) : "r"(hx), "r"(hy));
    asm("{ .reg .b16 a, b, d; mov.b32 {a, _}, %1; mov.b32 {b, _}, %2;\n\t"
        "max.NaN.xorsign.abs.f16 d, a, b; mov.b32 %0, {d, d}; }" : "=r"(o[3]) : "r"(hx), "r"(hy));
    asm("max.xorsign.abs.f16x2 %0, %1, %2;" : "=r"(o[4]) : "r"(hx), "r"(hy));
    asm("min.NaN.xorsign.abs.f16x2 %0, %1, %2;" : "=r"(o[5]) : "r"(hx), "r"(hy));
    asm("{ .reg .b16 a, b, d; mov.b32 {a, _}, %1; mov.b32 {b, _}, %2;\n\t"
        "min.xorsign.abs.bf16 d, a, b; mov.b32 %0, {d, d}; }" : "=r"(o[6]) : "r"(bx), "r"(by));
    asm("{ .reg .b16 a, b, d; mov.b32 {a, _}, %1; mov.b32 {b, _}, %2;\n\t"
        "max.NaN.xorsign.abs.bf16 d, a, b; mov.b32 %0, {d, d}; }" : "=r"(o[7]) : "r"(bx), "r"(by));
    asm("max.xorsign.abs.bf16x2 %0, %1, %2;" : "=r"(o[8]) : "r"(bx), "r"(by));
    asm("min.NaN.xorsign.abs.bf16x2 %0, %1, %2;" : "=r"(o[9]) : "r"(bx), "r"(by));
    asm("max.xorsign.abs.f32 %0, %1, %2;" : "=r"(o[10]) : "r"(x), "r"(y));
    asm("min.NaN.xorsign.abs.f32 %0, %1, %2;" : "=r"(o[11]) : "r"(x), "r"(y));
}

// ---- CPU reference ---------------------------------------------------------
struct fmt { int ebits, mbits; };  // width 1 + ebits + mbits
static const fmt F32 = { 8, 23 }, F16 = { 5, 10 }, BF16 = { 8, 7 };

static int width(fmt f) { return 1 + f.ebits + f.mbits; }
static uint32_t sign_bit(fmt f) { return 1u << (width(f) - 1); }
static uint32_t canon_nan(fmt f) { return sign_bit(f) - 1; }   // PTX: 0x7fffffff, 0x7fff
static bool is_nan(fmt f, uint32_t v)
{
    uint32_t mag = v & (sign_bit(f) - 1);
    return mag > ((1u << f.ebits) - 1) << f.mbits;
}

// |a|, |b| are non-negative: as integers they order like the values
static uint32_t ref(fmt f, bool max, bool nanm, uint32_t a, uint32_t b)
{
    uint32_t s = (a ^ b) & sign_bit(f);
    uint32_t x = a & (sign_bit(f) - 1), y = b & (sign_bit(f) - 1);
    bool nx = is_nan(f, x), ny = is_nan(f, y);
    if ((nx && ny) || (nanm && (nx || ny)))
        return canon_nan(f);
    uint32_t r = nx ? y : ny ? x : max ? (x > y ? x : y) : (x < y ? x : y);
    return r | s;
}

static uint32_t pair(uint16_t lo, uint16_t hi) { return (uint32_t)hi << 16 | lo; }

int main(void)
{
    const int M = N * N;
    static uint32_t a32[M], b32[M], ah[M], bh[M], ab[M], bb[M], out[M * NOPS];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int k = i * N + j;
            a32[k] = in32[i];
            b32[k] = in32[j];
            ah[k] = pair(inh[i], inh[j]);       // the high halves swap a and b
            bh[k] = pair(inh[j], inh[(i + 5) % N]);
            ab[k] = pair(inb[i], inb[j]);
            bb[k] = pair(inb[j], inb[(i + 5) % N]);
        }
    uint32_t *d[7];
    const uint32_t *h[6] = { a32, b32, ah, bh, ab, bb };
    for (int k = 0; k < 7; k++)
        if (cudaMalloc(&d[k], k == 0 ? sizeof out : sizeof a32) != cudaSuccess ||
            (k > 0 && cudaMemcpy(d[k], h[k - 1], sizeof a32, cudaMemcpyHostToDevice) != cudaSuccess)) {
            printf("setup failed\nFAIL\n");
            return 1;
        }
    kern<<<1, M>>>(d[0], d[1], d[2], d[3], d[4], d[5], d[6]);
    if (cudaDeviceSynchronize() != cudaSuccess ||
        cudaMemcpy(out, d[0], sizeof out, cudaMemcpyDeviceToHost) != cudaSuccess) {
        printf("kernel failed\nFAIL\n");
        return 1;
    }
    int bad = 0;
    for (int k = 0; k < M; k++) {
        uint32_t w[NOPS];
        uint32_t hlo = ref(F16, false, false, ah[k] & 0xffff, bh[k] & 0xffff);
        uint32_t hlo3 = ref(F16, true, true, ah[k] & 0xffff, bh[k] & 0xffff);
        uint32_t blo = ref(BF16, false, false, ab[k] & 0xffff, bb[k] & 0xffff);
        uint32_t blo3 = ref(BF16, true, true, ab[k] & 0xffff, bb[k] & 0xffff);
        w[0] = ref(F32, false, false, a32[k], b32[k]);
        w[1] = ref(F32, true, true, a32[k], b32[k]);
        w[2] = pair((uint16_t)hlo, (uint16_t)hlo);
        w[3] = pair((uint16_t)hlo3, (uint16_t)hlo3);
        w[4] = pair((uint16_t)ref(F16, true, false, ah[k] & 0xffff, bh[k] & 0xffff),
                    (uint16_t)ref(F16, true, false, ah[k] >> 16, bh[k] >> 16));
        w[5] = pair((uint16_t)ref(F16, false, true, ah[k] & 0xffff, bh[k] & 0xffff),
                    (uint16_t)ref(F16, false, true, ah[k] >> 16, bh[k] >> 16));
        w[6] = pair((uint16_t)blo, (uint16_t)blo);
        w[7] = pair((uint16_t)blo3, (uint16_t)blo3);
        w[8] = pair((uint16_t)ref(BF16, true, false, ab[k] & 0xffff, bb[k] & 0xffff),
                    (uint16_t)ref(BF16, true, false, ab[k] >> 16, bb[k] >> 16));
        w[9] = pair((uint16_t)ref(BF16, false, true, ab[k] & 0xffff, bb[k] & 0xffff),
                    (uint16_t)ref(BF16, false, true, ab[k] >> 16, bb[k] >> 16));
        w[10] = ref(F32, true, false, a32[k], b32[k]);
        w[11] = ref(F32, false, true, a32[k], b32[k]);
        for (int o = 0; o < NOPS; o++)
            if (out[k * NOPS + o] != w[o] && bad++ < 10)
                printf("case %d op %d: got 0x%08x, want 0x%08x\n", k, o, out[k * NOPS + o], w[o]);
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
