// mma_int_small: 32x32x64 integer GEMMs with the sm_75 m8n8 shapes of
// inline-PTX mma.sync, fragments indexed by hand as in the PTX ISA manual
// ("Matrix fragments for mma.m8n8k16", "mma.m8n8k32"), g = lane >> 2,
// t = lane % 4:
//   m8n8k16 s8/u8  A: a0 (g, 4t..4t+3)   B: b0 (k 4t..4t+3, n g)
//   m8n8k32 s4/u4  A: a0 (g, 8t..8t+7)   B: b0 (k 8t..8t+7, n g)
//   C/D (s32):     c0, c1 (g, 2t, 2t+1)
// with element i of a register in byte (nibble) i. Every combination of
// signed and unsigned inputs is used, half of them with .satfinite. C is
// near INT32_MAX / INT32_MIN for a quarter of the elements each, so sums
// overflow: wrapped without .satfinite, clamped with it (each mma clamps
// its own exact C + A B). Integer results are exact: the check is equality.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
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

enum { M = 32, N = 32, K = 64, KINDS = 8 };

#define MMA8(mods, c, a, b)                                                            \
    asm volatile("mma.sync.aligned.m8n8k" mods " {%0,%1}, {%2}, {%3}, {%0,%1};"       \
                 : "+r"(c[0]), "+r"(c[1]) : "r"(a), "r"(b))

// kind 0..3: m8n8k16 s8.s8, s8.u8 satfinite, u8.s8, u8.u8 satfinite;
// 4..7: m8n8k32 s4.s4 satfinite, u4.s4, s4.u4, u4.u4 satfinite.
// A: M x K row-major (s4: K/2 bytes per row), Bt: N x K likewise (B col-major).
__global__ void gemm(int kind, const unsigned char *A, const unsigned char *Bt, const int *C, int *D)
{
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    int r0 = warp / (N / 8) * 8, c0 = warp % (N / 8) * 8, g = lane >> 2, t = lane & 3;
    int c[2] = { C[(r0 + g) * N + c0 + 2 * t], C[(r0 + g) * N + c0 + 2 * t + 1] };
    bool s4 = kind >= 4;
    int rowbytes = s4 ? K / 2 : K, kstep = s4 ? 32 : 16;
    for (int k0 = 0; k0 < K; k0 += kstep) {
        int byte = (s4 ? k0 / 2 : k0) + 4 * t;   // 4 bytes: 4 s8 or 8 s4 elements
        unsigned a = *(const unsigned *)(A + (r0 + g) * rowbytes + byte);
        unsigned b = *(const unsigned *)(Bt + (c0 + g) * rowbytes + byte);
        switch (kind) {
        case 0: MMA8("16.row.col.s32.s8.s8.s32", c, a, b); break;
        case 1: MMA8("16.row.col.satfinite.s32.s8.u8.s32", c, a, b); break;
        case 2: MMA8("16.row.col.s32.u8.s8.s32", c, a, b); break;
        case 3: MMA8("16.row.col.satfinite.s32.u8.u8.s32", c, a, b); break;
        case 4: MMA8("32.row.col.satfinite.s32.s4.s4.s32", c, a, b); break;
        case 5: MMA8("32.row.col.s32.u4.s4.s32", c, a, b); break;
        case 6: MMA8("32.row.col.s32.s4.u4.s32", c, a, b); break;
        default: MMA8("32.row.col.satfinite.s32.u4.u4.s32", c, a, b); break;
        }
    }
    D[(r0 + g) * N + c0 + 2 * t] = c[0];
    D[(r0 + g) * N + c0 + 2 * t + 1] = c[1];
}

static int elem(const std::vector<unsigned char> &m, int row, int k, bool s4, bool sgn)
{
    int rowbytes = s4 ? K / 2 : K;
    unsigned char byte = m[row * rowbytes + (s4 ? k / 2 : k)];
    if (s4) {
        int v = (byte >> (4 * (k % 2))) & 0xF;
        return sgn && v >= 8 ? v - 16 : v;
    }
    return sgn ? (int)(signed char)byte : (int)byte;
}

int main()
{
    std::vector<unsigned char> a(M * K), bt(N * K);
    std::vector<int> c(M * N), d(M * N);
    unsigned s = 4242u;
    auto rnd = [&s]() { s = s * 1103515245u + 12345u; return s >> 8; };
    for (auto &v : a) v = (unsigned char)rnd();
    for (auto &v : bt) v = (unsigned char)rnd();
    for (int i = 0; i < M * N; i++) {
        unsigned r = rnd();
        c[i] = r % 4 == 0 ? INT32_MAX - (int)(r % 3000) : r % 4 == 1 ? INT32_MIN + (int)(r % 3000)
                                                             : (int)(r % 20001) - 10000;
    }
    unsigned char *da, *db;
    int *dc, *dd;
    CHECK(cudaMalloc(&da, a.size()));
    CHECK(cudaMalloc(&db, bt.size()));
    CHECK(cudaMalloc(&dc, c.size() * 4));
    CHECK(cudaMalloc(&dd, d.size() * 4));
    CHECK(cudaMemcpy(da, a.data(), a.size(), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, bt.data(), bt.size(), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, c.data(), c.size() * 4, cudaMemcpyHostToDevice));
    static const char *const names[KINDS] = {
        "m8n8k16 s8.s8", "m8n8k16 s8.u8 satfinite", "m8n8k16 u8.s8", "m8n8k16 u8.u8 satfinite",
        "m8n8k32 s4.s4 satfinite", "m8n8k32 u4.s4", "m8n8k32 s4.u4", "m8n8k32 u4.u4 satfinite" };
    static const bool asg[KINDS] = { true, true, false, false, true, false, true, false };
    static const bool bsg[KINDS] = { true, false, true, false, true, true, false, false };
    static const bool sat[KINDS] = { false, true, false, true, true, false, false, true };
    int fails = 0;
    for (int kind = 0; kind < KINDS; kind++) {
        gemm<<<1, 32 * (M / 8) * (N / 8)>>>(kind, da, db, dc, dd);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(d.data(), dd, d.size() * 4, cudaMemcpyDeviceToHost));
        bool s4 = kind >= 4;
        int kstep = s4 ? 32 : 16, bad = 0, clamped = 0;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
                int64_t acc = c[i * N + j];
                for (int k0 = 0; k0 < K; k0 += kstep) {
                    for (int k = k0; k < k0 + kstep; k++)
                        acc += (int64_t)elem(a, i, k, s4, asg[kind]) * elem(bt, j, k, s4, bsg[kind]);
                    if (sat[kind]) {
                        clamped += acc > INT32_MAX || acc < INT32_MIN;
                        acc = acc > INT32_MAX ? INT32_MAX : acc < INT32_MIN ? INT32_MIN : acc;
                    } else {
                        acc = (int32_t)(uint32_t)acc;
                    }
                }
                if (d[i * N + j] != (int)acc && bad++ < 5)
                    printf("%s: D[%d][%d] = %d, expected %d\n", names[kind], i, j, d[i * N + j], (int)acc);
            }
        if (sat[kind] && clamped == 0) {
            printf("%s: nothing saturated: the data is too tame\n", names[kind]);
            bad++;
        }
        fails += bad != 0;
    }
    if (fails) {
        printf("FAIL (%d kinds)\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
