// mma_int8: 32x32x64 integer GEMMs with inline-PTX mma.sync, fragments
// indexed by hand as in the PTX ISA manual ("Matrix fragments for
// mma.m16n8k16 / m16n8k32 with .s8/.u8, m16n8k32 with .s4/.u4"), g = lane >> 2,
// t = lane % 4:
//   m16n8k32 s8/u8  A: a0 (g, 4t..4t+3) a1 (g+8, 4t..) a2 (g, 16+4t..) a3 (g+8, 16+4t..)
//                   B: b0 (k 4t..4t+3, n g) b1 (k 16+4t.., n g)
//   m16n8k16 s8/u8  A: a0 (g, 4t..) a1 (g+8, 4t..)          B: b0 (k 4t.., n g)
//   m16n8k32 s4/u4  A: a0 (g, 8t..8t+7) a1 (g+8, 8t..)      B: b0 (k 8t.., n g)
//   C/D (s32): c0, c1 (g, 2t, 2t+1) c2, c3 (g+8, 2t, 2t+1)
// with element i of a register in byte (nibble) i. Signed and unsigned
// inputs are mixed (s8.u8, u8.s8). C is near INT32_MAX / INT32_MIN for a
// quarter of the elements each, so sums overflow: wrapped without
// .satfinite, clamped with it (each mma clamps its own exact C + A B).
// Integer results are exact: the check is equality.
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

enum { M = 32, N = 32, K = 64 };

// kind: 0 k32 s8.s8, 1 k32 s8.u8 satfinite, 2 k16 u8.s8, 3 k16 u8.u8 satfinite,
// 4 k32 s4.s4 satfinite, 5 k32 u4.s4.
// A: M x K bytes row-major (s4: K/2 bytes per row, two nibbles per byte),
// Bt: N x K likewise (B column-major).
__global__ void gemm(int kind, const unsigned char *A, const unsigned char *Bt, const int *C, int *D)
{
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    int r0 = warp / (N / 8) * 16, c0 = warp % (N / 8) * 8, g = lane >> 2, t = lane & 3;
    int c[4];
    for (int i = 0; i < 4; i++)
        c[i] = C[(r0 + g + 8 * (i / 2)) * N + c0 + 2 * t + i % 2];
    bool s4 = kind >= 4;
    int rowbytes = s4 ? K / 2 : K;
    auto ldA = [&](int r, int byte) { return *(const unsigned *)(A + r * rowbytes + byte); };
    auto ldB = [&](int n, int byte) { return *(const unsigned *)(Bt + n * rowbytes + byte); };
    int kstep = kind == 2 || kind == 3 ? 16 : s4 ? 32 : 32;
    for (int k0 = 0; k0 < K; k0 += kstep) {
        int b0k = s4 ? k0 / 2 : k0;   // byte offset of k0
        if (kind == 0 || kind == 1) {
            unsigned a0 = ldA(r0 + g, b0k + 4 * t), a1 = ldA(r0 + g + 8, b0k + 4 * t);
            unsigned a2 = ldA(r0 + g, b0k + 16 + 4 * t), a3 = ldA(r0 + g + 8, b0k + 16 + 4 * t);
            unsigned b0 = ldB(c0 + g, b0k + 4 * t), b1 = ldB(c0 + g, b0k + 16 + 4 * t);
            if (kind == 0)
                asm volatile("mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32 {%0,%1,%2,%3}, "
                             "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                             : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                             : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
            else
                asm volatile("mma.sync.aligned.m16n8k32.row.col.satfinite.s32.s8.u8.s32 {%0,%1,%2,%3}, "
                             "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                             : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                             : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
        } else if (kind == 2 || kind == 3) {
            unsigned a0 = ldA(r0 + g, b0k + 4 * t), a1 = ldA(r0 + g + 8, b0k + 4 * t);
            unsigned b0 = ldB(c0 + g, b0k + 4 * t);
            if (kind == 2)
                asm volatile("mma.sync.aligned.m16n8k16.row.col.s32.u8.s8.s32 {%0,%1,%2,%3}, "
                             "{%4,%5}, {%6}, {%0,%1,%2,%3};"
                             : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                             : "r"(a0), "r"(a1), "r"(b0));
            else
                asm volatile("mma.sync.aligned.m16n8k16.row.col.satfinite.s32.u8.u8.s32 {%0,%1,%2,%3}, "
                             "{%4,%5}, {%6}, {%0,%1,%2,%3};"
                             : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                             : "r"(a0), "r"(a1), "r"(b0));
        } else {
            unsigned a0 = ldA(r0 + g, b0k + 4 * t), a1 = ldA(r0 + g + 8, b0k + 4 * t);
            unsigned b0 = ldB(c0 + g, b0k + 4 * t);
            if (kind == 4)
                asm volatile("mma.sync.aligned.m16n8k32.row.col.satfinite.s32.s4.s4.s32 {%0,%1,%2,%3}, "
                             "{%4,%5}, {%6}, {%0,%1,%2,%3};"
                             : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                             : "r"(a0), "r"(a1), "r"(b0));
            else
                asm volatile("mma.sync.aligned.m16n8k32.row.col.s32.u4.s4.s32 {%0,%1,%2,%3}, "
                             "{%4,%5}, {%6}, {%0,%1,%2,%3};"
                             : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                             : "r"(a0), "r"(a1), "r"(b0));
        }
    }
    for (int i = 0; i < 4; i++)
        D[(r0 + g + 8 * (i / 2)) * N + c0 + 2 * t + i % 2] = c[i];
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
    unsigned s = 31337u;
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
    static const char *const names[] = { "m16n8k32 s8.s8", "m16n8k32 s8.u8 satfinite",
                                         "m16n8k16 u8.s8", "m16n8k16 u8.u8 satfinite",
                                         "m16n8k32 s4.s4 satfinite", "m16n8k32 u4.s4" };
    static const bool asg[] = { true, true, false, false, true, false };
    static const bool bsg[] = { true, false, true, false, true, true };
    int fails = 0;
    for (int kind = 0; kind < 6; kind++) {
        gemm<<<1, 32 * (M / 16) * (N / 8)>>>(kind, da, db, dc, dd);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(d.data(), dd, d.size() * 4, cudaMemcpyDeviceToHost));
        bool sat = kind == 1 || kind == 3 || kind == 4, s4 = kind >= 4;
        int kstep = kind == 2 || kind == 3 ? 16 : 32, bad = 0, clamped = 0;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
                int64_t acc = c[i * N + j];
                for (int k0 = 0; k0 < K; k0 += kstep) {
                    for (int k = k0; k < k0 + kstep; k++)
                        acc += (int64_t)elem(a, i, k, s4, asg[kind]) * elem(bt, j, k, s4, bsg[kind]);
                    if (sat) {
                        clamped += acc > INT32_MAX || acc < INT32_MIN;
                        acc = acc > INT32_MAX ? INT32_MAX : acc < INT32_MIN ? INT32_MIN : acc;
                    } else {
                        acc = (int32_t)(uint32_t)acc;
                    }
                }
                if (d[i * N + j] != (int)acc && bad++ < 5)
                    printf("%s: D[%d][%d] = %d, expected %d\n", names[kind], i, j, d[i * N + j], (int)acc);
            }
        if (sat && clamped == 0) {
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
