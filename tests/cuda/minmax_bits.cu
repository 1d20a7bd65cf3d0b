// minmax_bits: integer min/max/abs (signed and unsigned, 32 and 64 bit) and
// the bit intrinsics __popc, __clz, __brev, __ffs and their 64-bit forms,
// plus __mulhi/__umulhi, on edge values and pseudo-random words.
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

#define NOUT 18

typedef unsigned long long u64;

__global__ void bits(const unsigned *a, const unsigned *b, u64 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    unsigned x = a[i], y = b[i];
    int sx = (int)x, sy = (int)y;
    u64 wx = (u64)x << 32 | y;
    u64 *o = out + i * NOUT;
    o[0] = (u64)min(sx, sy);
    o[1] = (u64)max(sx, sy);
    o[2] = min(x, y);
    o[3] = max(x, y);
    o[4] = (u64)abs(sx == INT_MIN ? 0 : sx);
    o[5] = __popc(x);
    o[6] = __clz(x);
    o[7] = __brev(x);
    o[8] = __ffs(sx);
    o[9] = __popcll(wx);
    o[10] = __clzll((long long)(wx >> (y & 63)));
    o[11] = __brevll(wx);
    o[12] = __ffsll((long long)(wx & ~(u64)0 << (x & 63)));
    o[13] = (u64)__mulhi(sx, sy);
    o[14] = __umulhi(x, y);
    o[15] = (u64)min((long long)wx, (long long)~wx);
    o[16] = max(wx, ~wx >> 1);
    o[17] = (u64)llabs((long long)(wx >> 1) - (long long)(wx >> 2));
}

static int popc_host(u64 v)
{
    int c = 0;
    for (; v; v &= v - 1)
        c++;
    return c;
}

static int clz_host(u64 v, int width)
{
    int c = 0;
    for (int b = width - 1; b >= 0 && !((v >> b) & 1); b--)
        c++;
    return c;
}

static u64 brev_host(u64 v, int width)
{
    u64 r = 0;
    for (int b = 0; b < width; b++)
        r |= ((v >> b) & 1) << (width - 1 - b);
    return r;
}

static int ffs_host(u64 v) // 1-based index of the lowest set bit, 0 if none
{
    for (int b = 0; b < 64; b++)
        if ((v >> b) & 1)
            return b + 1;
    return 0;
}

static void bits_host(unsigned x, unsigned y, u64 *o)
{
    int sx = (int)x, sy = (int)y;
    u64 wx = (u64)x << 32 | y;
    o[0] = (u64)(sx < sy ? sx : sy);
    o[1] = (u64)(sx > sy ? sx : sy);
    o[2] = x < y ? x : y;
    o[3] = x > y ? x : y;
    o[4] = (u64)(sx == INT_MIN ? 0 : sx < 0 ? -sx : sx);
    o[5] = popc_host(x);
    o[6] = clz_host(x, 32);
    o[7] = brev_host(x, 32);
    o[8] = ffs_host(x);
    o[9] = popc_host(wx);
    o[10] = clz_host(wx >> (y & 63), 64);
    o[11] = brev_host(wx, 64);
    o[12] = ffs_host(wx & ~(u64)0 << (x & 63));
    o[13] = (u64)(long long)(int)(((long long)sx * sy) >> 32);
    o[14] = ((u64)x * y) >> 32;
    o[15] = (u64)((long long)wx < (long long)~wx ? (long long)wx : (long long)~wx);
    o[16] = wx > (~wx >> 1) ? wx : ~wx >> 1;
    long long dd = (long long)(wx >> 1) - (long long)(wx >> 2);
    o[17] = (u64)(dd < 0 ? -dd : dd);
}

int main(void)
{
    static const unsigned edge[] = {0u, 1u, 0xffffffffu, 0x80000000u, 0x7fffffffu, 0x00010000u,
                                    0xaaaaaaaau, 0x12345678u};
    const int nedge = (int)(sizeof edge / sizeof edge[0]);
    const int n = 2048;
    std::vector<unsigned> a(n), b(n);
    std::vector<u64> out((size_t)n * NOUT), want(NOUT);
    unsigned s = 7u;
    for (int i = 0; i < n; i++) {
        if (i < nedge * nedge) {
            a[i] = edge[i / nedge];
            b[i] = edge[i % nedge];
        } else {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            a[i] = s >> (s & 15); // varying leading zeros
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            b[i] = s << (s & 7);  // varying trailing zeros
        }
    }

    unsigned *da, *db;
    u64 *dout;
    CHECK(cudaMalloc(&da, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&db, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&dout, out.size() * sizeof(u64)));
    CHECK(cudaMemcpy(da, a.data(), n * sizeof(unsigned), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), n * sizeof(unsigned), cudaMemcpyHostToDevice));

    bits<<<n / 128, 128>>>(da, db, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dout, out.size() * sizeof(u64), cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int i = 0; i < n; i++) {
        bits_host(a[i], b[i], want.data());
        for (int j = 0; j < NOUT; j++) {
            u64 got = out[(size_t)i * NOUT + j];
            if (got != want[j]) {
                if (bad < 5)
                    printf("input %d (0x%08x, 0x%08x) op %d: got 0x%llx, expected 0x%llx\n", i,
                           a[i], b[i], j, got, want[j]);
                bad++;
            }
        }
    }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("minmax_bits: %d of %d results wrong\nFAIL\n", bad, n * NOUT);
        return 1;
    }
    printf("minmax_bits: %d inputs x %d operations, __popc(0xaaaaaaaa) = %llu\nPASS\n", n, NOUT,
           out[(size_t)6 * nedge * NOUT + 5]);
    return 0;
}
