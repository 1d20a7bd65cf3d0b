// mma_b1: 32x16x512-bit GEMMs with the single-bit mma.sync forms
//   mma.sync.aligned.{m8n8k128,m16n8k128,m16n8k256}.row.col.s32.b1.b1.s32.{and,xor}.popc
// D = C + sum over k of popc(A[i][k] op B[k][j]), fragments indexed by hand
// as in the PTX ISA manual ("Matrix fragments for mma.m8n8k128 /
// m16n8k128 / m16n8k256"), g = lane >> 2, t = lane % 4, element i of a
// register in bit i:
//   m8n8k128   A: a (row g, k 32t..32t+31)       B: b (k 32t.., col g)
//              C/D: c0, c1 (g, 2t, 2t+1)
//   m16n8k128  A: a0 (g, 32t..) a1 (g+8, 32t..)  B: b0 (k 32t.., col g)
//   m16n8k256  A: a0 (g, 32t..) a1 (g+8, 32t..) a2 (g, 128+32t..) a3 (g+8, 128+32t..)
//              B: b0 (k 32t..) b1 (k 128+32t..)
//   m16n8 C/D: c0, c1 (g, 2t, 2t+1) c2, c3 (g+8, 2t, 2t+1)
// C is near INT32_MAX for a quarter of the elements so the sums wrap.
// Integer results are exact: the check is equality.
#include <cstdio>
#include <cstdint>
#include "check.cuh"

enum { M = 32, N = 16, K = 512, KW = K / 32, NKIND = 6 };

// kind: 0 m8n8k128 xor, 1 m8n8k128 and, 2 m16n8k128 and, 3 m16n8k128 xor,
// 4 m16n8k256 and, 5 m16n8k256 xor. A: M x KW words (row-major bits),
// Bt: N x KW words (B column-major).
__global__ void gemm(int kind, const unsigned *A, const unsigned *Bt, const int *C, int *D)
{
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32, g = lane >> 2, t = lane & 3;
    if (kind < 2) {
        int r0 = warp / (N / 8) * 8, n0 = warp % (N / 8) * 8;
        int c[2] = { C[(r0 + g) * N + n0 + 2 * t], C[(r0 + g) * N + n0 + 2 * t + 1] };
        for (int kw = 0; kw < KW; kw += 4) {
            unsigned a = A[(r0 + g) * KW + kw + t], b = Bt[(n0 + g) * KW + kw + t];
            if (kind == 0)
                asm volatile("mma.sync.aligned.m8n8k128.row.col.s32.b1.b1.s32.xor.popc {%0,%1}, "
                             "{%2}, {%3}, {%0,%1};" : "+r"(c[0]), "+r"(c[1]) : "r"(a), "r"(b));
            else
                asm volatile("mma.sync.aligned.m8n8k128.row.col.s32.b1.b1.s32.and.popc {%0,%1}, "
                             "{%2}, {%3}, {%0,%1};" : "+r"(c[0]), "+r"(c[1]) : "r"(a), "r"(b));
        }
        D[(r0 + g) * N + n0 + 2 * t] = c[0];
        D[(r0 + g) * N + n0 + 2 * t + 1] = c[1];
        return;
    }
    int r0 = warp / (N / 8) * 16, n0 = warp % (N / 8) * 8;
    int c[4];
    for (int i = 0; i < 4; i++)
        c[i] = C[(r0 + g + 8 * (i / 2)) * N + n0 + 2 * t + i % 2];
    bool k256 = kind >= 4;
    for (int kw = 0; kw < KW; kw += k256 ? 8 : 4) {
        unsigned a[4], b[2];
        a[0] = A[(r0 + g) * KW + kw + t];
        a[1] = A[(r0 + g + 8) * KW + kw + t];
        a[2] = k256 ? A[(r0 + g) * KW + kw + 4 + t] : 0;
        a[3] = k256 ? A[(r0 + g + 8) * KW + kw + 4 + t] : 0;
        b[0] = Bt[(n0 + g) * KW + kw + t];
        b[1] = k256 ? Bt[(n0 + g) * KW + kw + 4 + t] : 0;
        switch (kind) {
        case 2:
            asm volatile("mma.sync.aligned.m16n8k128.row.col.s32.b1.b1.s32.and.popc {%0,%1,%2,%3}, "
                         "{%4,%5}, {%6}, {%0,%1,%2,%3};"
                         : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3]) : "r"(a[0]), "r"(a[1]), "r"(b[0]));
            break;
        case 3:
            asm volatile("mma.sync.aligned.m16n8k128.row.col.s32.b1.b1.s32.xor.popc {%0,%1,%2,%3}, "
                         "{%4,%5}, {%6}, {%0,%1,%2,%3};"
                         : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3]) : "r"(a[0]), "r"(a[1]), "r"(b[0]));
            break;
        case 4:
            asm volatile("mma.sync.aligned.m16n8k256.row.col.s32.b1.b1.s32.and.popc {%0,%1,%2,%3}, "
                         "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                         : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                         : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
            break;
        default:
            asm volatile("mma.sync.aligned.m16n8k256.row.col.s32.b1.b1.s32.xor.popc {%0,%1,%2,%3}, "
                         "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                         : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                         : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
            break;
        }
    }
    for (int i = 0; i < 4; i++)
        D[(r0 + g + 8 * (i / 2)) * N + n0 + 2 * t + i % 2] = c[i];
}

int main()
{
    static unsigned a[M * KW], bt[N * KW];
    static int c[M * N], d[M * N];
    unsigned s = 1618u;
    auto rnd = [&s]() { s = s * 1103515245u + 12345u; return s; };
    for (auto &v : a) v = rnd() ^ (rnd() << 13);
    for (auto &v : bt) v = rnd() ^ (rnd() >> 7);
    for (int i = 0; i < M * N; i++) {
        unsigned r = rnd() >> 4;
        c[i] = r % 4 == 0 ? INT32_MAX - (int)(r % 300) : (int)(r % 20001) - 10000;
    }
    unsigned *da, *db;
    int *dc, *dd;
    CHECK(cudaMalloc(&da, sizeof a));
    CHECK(cudaMalloc(&db, sizeof bt));
    CHECK(cudaMalloc(&dc, sizeof c));
    CHECK(cudaMalloc(&dd, sizeof d));
    CHECK(cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, bt, sizeof bt, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, c, sizeof c, cudaMemcpyHostToDevice));
    static const char *const names[] = { "m8n8k128 xor", "m8n8k128 and", "m16n8k128 and",
                                         "m16n8k128 xor", "m16n8k256 and", "m16n8k256 xor" };
    int fails = 0;
    for (int kind = 0; kind < NKIND; kind++) {
        bool xor_op = kind == 0 || kind == 3 || kind == 5;
        int warps = kind < 2 ? (M / 8) * (N / 8) : (M / 16) * (N / 8);
        CHECK(cudaMemset(dd, 0, sizeof d));
        gemm<<<1, 32 * warps>>>(kind, da, db, dc, dd);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(d, dd, sizeof d, cudaMemcpyDeviceToHost));
        int bad = 0, wrapped = 0;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
                int64_t acc = c[i * N + j];
                for (int w = 0; w < KW; w++) {
                    unsigned x = xor_op ? a[i * KW + w] ^ bt[j * KW + w] : a[i * KW + w] & bt[j * KW + w];
                    acc += __builtin_popcount(x);
                }
                wrapped += acc > INT32_MAX;
                int want = (int)(uint32_t)acc;
                if (d[i * N + j] != want && bad++ < 5)
                    printf("%s: D[%d][%d] = %d, expected %d\n", names[kind], i, j, d[i * N + j], want);
            }
        if (wrapped == 0) {
            printf("%s: no sum wrapped: the data is too tame\n", names[kind]);
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
