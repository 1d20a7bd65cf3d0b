// int64: 64-bit integer arithmetic on 4096 operand pairs (every pair of 16
// edge values, then pseudo-random ones): add, sub, mul, signed and unsigned
// div/rem, shifts, all compares, high halves of products (__umul64hi,
// __mul64hi), min/max, abs and 32 -> 64 bit widening. Exact comparison.
#include <climits>
#include <cstdio>
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

typedef unsigned long long u64;
typedef long long s64;

#define NOUT 20

// Divisors that are undefined in C (x / 0, LLONG_MIN / -1) are replaced by 3
// on both sides.
__host__ __device__ static inline s64 safe_div(s64 a, s64 b)
{
    return (b == 0 || (b == -1 && a == LLONG_MIN)) ? 3 : b;
}

__global__ void ops64(const s64 *a, const s64 *b, u64 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    s64 x = a[i], y = b[i];
    u64 ux = (u64)x, uy = (u64)y;
    s64 d = safe_div(x, y);
    u64 ud = uy ? uy : 7;
    unsigned sh = (unsigned)y & 63;
    u64 *o = out + (size_t)i * NOUT;
    o[0] = ux + uy;
    o[1] = ux - uy;
    o[2] = ux * uy;
    o[3] = (u64)(x / d);
    o[4] = (u64)(x % d);
    o[5] = ux / ud;
    o[6] = ux % ud;
    o[7] = ux << sh;
    o[8] = ux >> sh;
    o[9] = (u64)(x >> sh);
    o[10] = (x < y) | (x <= y) << 1 | (x == y) << 2 | (x != y) << 3 | (x > y) << 4 |
            (x >= y) << 5 | (ux < uy) << 6 | (ux <= uy) << 7 | (ux > uy) << 8 |
            (ux >= uy) << 9;
    o[11] = __umul64hi(ux, uy);
    o[12] = (u64)__mul64hi(x, y);
    o[13] = (u64)min(x, y);
    o[14] = max(ux, uy);
    o[15] = x < 0 ? 0 - ux : ux;
    o[16] = (u64)((s64)(int)x * (s64)(int)y);          // mul.wide.s32
    o[17] = (u64)(unsigned)x * (u64)(unsigned)y;       // mul.wide.u32
    o[18] = (u64)(s64)(int)y;                          // sign extension
    o[19] = (u64)(s64)(short)x + (u64)(unsigned char)y; // narrow widening
}

static u64 umulhi_host(u64 a, u64 b)
{
    u64 al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
    u64 ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    u64 mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

static void ops64_host(s64 x, s64 y, u64 *o)
{
    u64 ux = (u64)x, uy = (u64)y;
    s64 d = safe_div(x, y);
    u64 ud = uy ? uy : 7;
    unsigned sh = (unsigned)y & 63;
    o[0] = ux + uy;
    o[1] = ux - uy;
    o[2] = ux * uy;
    o[3] = (u64)(x / d);
    o[4] = (u64)(x % d);
    o[5] = ux / ud;
    o[6] = ux % ud;
    o[7] = ux << sh;
    o[8] = ux >> sh;
    o[9] = x < 0 ? ~(~ux >> sh) : ux >> sh; // arithmetic shift, spelled out
    o[10] = (u64)((x < y) | (x <= y) << 1 | (x == y) << 2 | (x != y) << 3 | (x > y) << 4 |
                  (x >= y) << 5 | (ux < uy) << 6 | (ux <= uy) << 7 | (ux > uy) << 8 |
                  (ux >= uy) << 9);
    o[11] = umulhi_host(ux, uy);
    // Signed high half from the unsigned one: subtract the other operand for
    // each negative factor (two's complement identity).
    o[12] = umulhi_host(ux, uy) - (x < 0 ? uy : 0) - (y < 0 ? ux : 0);
    o[13] = (u64)(x < y ? x : y);
    o[14] = ux > uy ? ux : uy;
    o[15] = x < 0 ? 0 - ux : ux;
    o[16] = (u64)((s64)(int)x * (s64)(int)y);
    o[17] = (u64)(unsigned)x * (u64)(unsigned)y;
    o[18] = (u64)(s64)(int)y;
    o[19] = (u64)(s64)(short)x + (u64)(unsigned char)y;
}

int main(void)
{
    static const s64 edge[16] = {0, 1, -1, 2, -2, LLONG_MAX, LLONG_MIN, 0xffffffffLL,
                                 0x100000000LL, -0x100000000LL, 12345678901234LL,
                                 -987654321987LL, 63, 64, 65, -32769};
    const int n = 4096;
    std::vector<s64> a(n), b(n);
    std::vector<u64> out((size_t)n * NOUT), want(NOUT);
    u64 state = 0x9e3779b97f4a7c15ull; // xorshift64
    for (int i = 0; i < n; i++) {
        if (i < 256) {
            a[i] = edge[i / 16];
            b[i] = edge[i % 16];
        } else {
            u64 r[2];
            for (int j = 0; j < 2; j++) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                r[j] = state;
            }
            // Vary the magnitude so small divisors and shift counts occur.
            a[i] = (s64)(r[0] >> (r[1] & 31));
            b[i] = (s64)(r[1] >> ((r[0] >> 8) & 63));
            if (i & 1)
                b[i] = -b[i];
        }
    }

    s64 *da, *db;
    u64 *dout;
    CHECK(cudaMalloc(&da, n * sizeof(s64)));
    CHECK(cudaMalloc(&db, n * sizeof(s64)));
    CHECK(cudaMalloc(&dout, out.size() * sizeof(u64)));
    CHECK(cudaMemcpy(da, a.data(), n * sizeof(s64), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), n * sizeof(s64), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dout, 0, out.size() * sizeof(u64)));

    ops64<<<n / 128, 128>>>(da, db, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dout, out.size() * sizeof(u64), cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int i = 0; i < n; i++) {
        ops64_host(a[i], b[i], want.data());
        for (int j = 0; j < NOUT; j++) {
            u64 got = out[(size_t)i * NOUT + j];
            if (got != want[j]) {
                if (bad < 5)
                    printf("pair %d (a=%lld, b=%lld) op %d: got 0x%016llx, expected 0x%016llx\n",
                           i, a[i], b[i], j, got, want[j]);
                bad++;
            }
        }
    }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("int64: %d of %d results wrong\nFAIL\n", bad, n * NOUT);
        return 1;
    }
    printf("int64: %d pairs x %d operations\nPASS\n", n, NOUT);
    return 0;
}
