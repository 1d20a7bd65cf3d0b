// NVCCFLAGS: -arch=sm_100
// mem_hints: the memory instructions that are hints or address tests, and
// 32-byte vector accesses (sm_100):
//  - isspacep through the __isGlobal/__isShared/__isLocal/__isConstant/
//    __isGridConstant intrinsics on generic pointers of every space, passed
//    through a __noinline__ function so nvcc cannot resolve them;
//  - ldu (scalar and vector), prefetch/prefetchu (also of an invalid
//    address, which must not fault), applypriority, discard, createpolicy
//    and the .L2::cache_hint forms of ld/st, in inline PTX;
//  - ld/st.global .v8.b32 and .v4.b64.
// Checked against values computed on the host.
#include <cstdio>
#include <cstdint>
#include <cstring>
#include "check.cuh"

__constant__ int cdata[4] = { 1, 2, 3, 4 };

struct Big { int v[4]; };

__device__ __noinline__ unsigned classify(const void *p)
{
    return (unsigned)__isGlobal(p) | (unsigned)__isShared(p) << 1 |
           (unsigned)__isLocal(p) << 2 | (unsigned)__isConstant(p) << 3;
}

__device__ __noinline__ unsigned classify_param(const void *p)
{
    return (unsigned)__isGridConstant(p) << 4 | (unsigned)__isGlobal(p);
}

extern "C" __global__ void spaces(const int *g, unsigned *out, const __grid_constant__ Big big)
{
    __shared__ int s[32];
    volatile int l[8];
    l[threadIdx.x & 7] = (int)threadIdx.x;
    s[threadIdx.x] = l[threadIdx.x & 7];
    __syncthreads();
    if (threadIdx.x == 0) {
        out[0] = classify(g);
        out[1] = classify(s);
        out[2] = classify((const void *)l);
        out[3] = classify(cdata);
        out[4] = classify_param(&big);
        out[5] = (unsigned)s[1] + (unsigned)big.v[2];
    }
}

extern "C" __global__ void hints(const unsigned *in, unsigned *out, const void *bad)
{
    unsigned t = threadIdx.x;
    unsigned a, b2[2], b4[4];
    unsigned long long w;
    unsigned char c;
    asm volatile("prefetch.global.L1 [%0];" :: "l"(in + t));
    asm volatile("prefetch.global.L2 [%0];" :: "l"(in + t));
    asm volatile("prefetch.global.L2::evict_last [%0];" :: "l"(in + t));
    asm volatile("prefetch.global.L2::evict_normal [%0];" :: "l"(in + t));
    asm volatile("prefetch.L1 [%0];" :: "l"(in + t));
    asm volatile("prefetchu.L1 [%0];" :: "l"(in + t));
    asm volatile("prefetch.global.L2 [%0];" :: "l"(bad));   // must not fault
    asm volatile("prefetch.L1 [%0];" :: "l"(bad));
    asm volatile("applypriority.global.L2::evict_normal [%0], 128;" :: "l"(in));
    asm volatile("ldu.global.u32 %0, [%1];" : "=r"(a) : "l"(in + t));
    asm volatile("ldu.global.v2.u32 {%0, %1}, [%2];" : "=r"(b2[0]), "=r"(b2[1]) : "l"(in + 2 * t));
    asm volatile("ldu.global.v4.u32 {%0, %1, %2, %3}, [%4];"
                 : "=r"(b4[0]), "=r"(b4[1]), "=r"(b4[2]), "=r"(b4[3]) : "l"(in + 4 * t));
    asm volatile("ldu.global.u64 %0, [%1];" : "=l"(w) : "l"(in + 2 * t));
    unsigned short c16;
    asm volatile("ldu.global.u8 %0, [%1];" : "=h"(c16) : "l"(in));
    c = (unsigned char)c16;
    unsigned long long pol, pol2, pol3;
    asm volatile("createpolicy.fractional.L2::evict_last.b64 %0, 1.0;" : "=l"(pol));
    asm volatile("createpolicy.fractional.L2::evict_last.L2::evict_unchanged.b64 %0, 0.5;"
                 : "=l"(pol2));
    asm volatile("createpolicy.fractional.L2::evict_first.b64 %0;" : "=l"(pol3));
    unsigned h;
    asm volatile("ld.global.L2::cache_hint.u32 %0, [%1], %2;" : "=r"(h) : "l"(in + t), "l"(pol));
    unsigned o = t * 8;
    out[o + 0] = a;
    out[o + 1] = b2[0] + b2[1];
    out[o + 2] = b4[0] ^ b4[1] ^ b4[2] ^ b4[3];
    out[o + 3] = (unsigned)w + (unsigned)(w >> 32);
    out[o + 4] = c;
    out[o + 5] = h;
    out[o + 6] = (pol != 0) + (pol2 != pol) + (pol3 != pol);
    asm volatile("st.global.L2::cache_hint.u32 [%0], %1, %2;"
                 :: "l"(out + o + 7), "r"(h * 3u), "l"(pol2) : "memory");
    asm volatile("discard.global.L2 [%0], 128;" :: "l"(out + 1024) : "memory");
}

// 32-byte vectors (the manual allows them in .global only): v8.b32 and
// v4.b64 loads and stores.
extern "C" __global__ void wide(const unsigned *in, unsigned *out)
{
    unsigned t = threadIdx.x, r[8];
    asm volatile("ld.global.v8.b32 {%0, %1, %2, %3, %4, %5, %6, %7}, [%8];"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]), "=r"(r[4]), "=r"(r[5]),
                   "=r"(r[6]), "=r"(r[7]) : "l"(in + 8 * t));
    asm volatile("st.global.v8.b32 [%0], {%1, %2, %3, %4, %5, %6, %7, %8};"
                 :: "l"(out + 8 * ((t + 1) % 32)), "r"(r[7]), "r"(r[6]), "r"(r[5]), "r"(r[4]),
                    "r"(r[3]), "r"(r[2]), "r"(r[1]), "r"(r[0] + 1u) : "memory");
    unsigned long long q[4];
    asm volatile("ld.global.v4.b64 {%0, %1, %2, %3}, [%4];"
                 : "=l"(q[0]), "=l"(q[1]), "=l"(q[2]), "=l"(q[3]) : "l"(in + 8 * t));
    asm volatile("st.global.v4.b64 [%0], {%1, %2, %3, %4};"
                 :: "l"(out + 256 + 8 * t), "l"(q[3]), "l"(q[2]), "l"(q[1]), "l"(q[0])
                 : "memory");
}

static int test_spaces(void)
{
    int *g;
    unsigned *out, h[6];
    Big big = { { 10, 20, 30, 40 } };
    CHECK(cudaMalloc(&g, 64));
    CHECK(cudaMalloc(&out, sizeof h));
    spaces<<<1, 32>>>(g, out, big);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
    const unsigned want[6] = { 1, 2, 4, 8, 16, 1 + 30 };
    for (int i = 0; i < 6; i++)
        if (h[i] != want[i]) {
            printf("spaces[%d] = %u, expected %u\nFAIL\n", i, h[i], want[i]);
            return 1;
        }
    CHECK(cudaFree(g));
    CHECK(cudaFree(out));
    return 0;
}

static int test_hints(void)
{
    enum { N = 32 };
    unsigned hin[4 * N], hout[8 * N + 512];
    for (unsigned i = 0; i < 4 * N; i++)
        hin[i] = i * 2654435761u + 7u;
    unsigned *in, *out;
    CHECK(cudaMalloc(&in, sizeof hin));
    CHECK(cudaMalloc(&out, sizeof hout));
    CHECK(cudaMemcpy(in, hin, sizeof hin, cudaMemcpyHostToDevice));
    hints<<<1, N>>>(in, out, (const void *)16);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hout, out, sizeof hout, cudaMemcpyDeviceToHost));
    for (unsigned t = 0; t < N; t++) {
        unsigned want[8] = {
            hin[t], hin[2 * t] + hin[2 * t + 1],
            hin[4 * t] ^ hin[4 * t + 1] ^ hin[4 * t + 2] ^ hin[4 * t + 3],
            hin[2 * t] + hin[2 * t + 1], hin[0] & 0xffu, hin[t], 3, hin[t] * 3u
        };
        for (int k = 0; k < 8; k++)
            if (hout[8 * t + k] != want[k]) {
                printf("hints: thread %u value %d = %u, expected %u\nFAIL\n", t, k,
                       hout[8 * t + k], want[k]);
                return 1;
            }
    }
    CHECK(cudaFree(in));
    CHECK(cudaFree(out));
    return 0;
}

static int test_wide(void)
{
    enum { N = 32 };
    unsigned hin[8 * N], hout[16 * N];
    for (unsigned i = 0; i < 8 * N; i++)
        hin[i] = i * 40503u + 11u;
    unsigned *in, *out;
    CHECK(cudaMalloc(&in, sizeof hin));
    CHECK(cudaMalloc(&out, sizeof hout));
    CHECK(cudaMemcpy(in, hin, sizeof hin, cudaMemcpyHostToDevice));
    wide<<<1, N>>>(in, out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hout, out, sizeof hout, cudaMemcpyDeviceToHost));
    for (unsigned t = 0; t < N; t++) {
        unsigned src = (t + N - 1) % N, s[8];   // thread src wrote slot t, reversed
        for (int k = 0; k < 8; k++)
            s[k] = hin[8 * src + 7 - k] + (k == 7);
        for (int k = 0; k < 8; k++) {
            // v4.b64 swapped the four 64-bit pairs
            unsigned g = hin[8 * t + (3 - k / 2) * 2 + k % 2];
            if (hout[8 * t + k] != s[k] || hout[256 + 8 * t + k] != g) {
                printf("wide: thread %u element %d = %u/%u, expected %u/%u\nFAIL\n", t, k,
                       hout[8 * t + k], hout[256 + 8 * t + k], s[k], g);
                return 1;
            }
        }
    }
    CHECK(cudaFree(in));
    CHECK(cudaFree(out));
    return 0;
}

int main()
{
    if (test_spaces() || test_hints() || test_wide())
        return 1;
    printf("PASS\n");
    return 0;
}
