// cp_async_basic: cp.async.{ca,cg}.shared.global, every cp-size (4, 8, 16),
// src-size zero fill (immediate and register), ignore-src, commit_group,
// wait_group N and wait_all.
//  1. Each thread copies 4, 8 and 16 bytes (.ca, .cg for 16) into its own
//     slots of shared memory, with src-size = tid % (cp-size + 1) for the
//     zero-fill copies and ignore-src = tid odd; the destination bytes are
//     first filled with 0xAB so both the copied prefix and the zeroed rest
//     are checked against the CPU.
//  2. Ordering: three groups are committed; wait_group 2, 1, 0 in turn; the
//     data of group i is read after its wait and must be there.
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cuda_runtime.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s\nFAIL\n", __FILE__, __LINE__, #call, \
                   cudaGetErrorString(err_));                                \
            return 1;                                                        \
        }                                                                    \
    } while (0)

enum { T = 64, SLOT = 16, NSLOT = 8 };   // per thread: 8 slots of 16 bytes

__device__ __forceinline__ unsigned sh(const void *p)
{
    return (unsigned)__cvta_generic_to_shared(p);
}

__global__ void copies(const uint8_t *src, uint8_t *out)
{
    __shared__ __align__(16) uint8_t s[T * NSLOT * SLOT];
    int t = threadIdx.x;
    uint8_t *mine = s + t * NSLOT * SLOT;
    for (int i = 0; i < NSLOT * SLOT; i++)
        mine[i] = 0xAB;
    const uint8_t *g = src + t * 16;
    unsigned z4 = t % 5, z8 = t % 9, z16 = t % 17;
    int odd = t & 1;
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4;" :: "r"(sh(mine + 0 * SLOT)), "l"(g));
    asm volatile("cp.async.ca.shared.global [%0], [%1], 8;" :: "r"(sh(mine + 1 * SLOT)), "l"(g));
    asm volatile("cp.async.ca.shared.global.L2::128B [%0], [%1], 16;"
                 :: "r"(sh(mine + 2 * SLOT)), "l"(g));
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16;" :: "r"(sh(mine + 3 * SLOT)), "l"(g));
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;"
                 :: "r"(sh(mine + 4 * SLOT)), "l"(g), "r"(z4));
    asm volatile("cp.async.ca.shared.global [%0], [%1], 8, %2;"
                 :: "r"(sh(mine + 5 * SLOT)), "l"(g), "r"(z8));
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;"
                 :: "r"(sh(mine + 6 * SLOT)), "l"(g), "r"(z16));
    asm volatile("{\n .reg .pred p;\n setp.ne.b32 p, %2, 0;\n"
                 " cp.async.cg.shared.global [%0], [%1], 16, p;\n}"
                 :: "r"(sh(mine + 7 * SLOT)), "l"(g), "r"(odd));
    asm volatile("cp.async.commit_group;" ::: "memory");
    asm volatile("cp.async.wait_all;" ::: "memory");
    for (int i = 0; i < NSLOT * SLOT; i++)
        out[t * NSLOT * SLOT + i] = mine[i];
}

// Three groups of 16 bytes per thread; each is read after its wait_group.
__global__ void groups(const uint4 *src, uint4 *out)
{
    __shared__ uint4 s[3][T];
    int t = threadIdx.x;
    for (int k = 0; k < 3; k++) {
        asm volatile("cp.async.cg.shared.global [%0], [%1], 16;"
                     :: "r"(sh(&s[k][t])), "l"(&src[k * T + t]));
        asm volatile("cp.async.commit_group;" ::: "memory");
    }
    asm volatile("cp.async.wait_group 2;" ::: "memory");
    out[0 * T + t] = s[0][t];
    asm volatile("cp.async.wait_group 1;" ::: "memory");
    out[1 * T + t] = s[1][t];
    asm volatile("cp.async.wait_group 0;" ::: "memory");
    out[2 * T + t] = s[2][t];
}

int main()
{
    const size_t nsrc = T * 16 + 16, nout = (size_t)T * NSLOT * SLOT;
    uint8_t hsrc[nsrc], hout[nout], want[nout];
    for (size_t i = 0; i < nsrc; i++)
        hsrc[i] = (uint8_t)(i * 37 + 11);
    uint8_t *dsrc, *dout;
    CHECK(cudaMalloc(&dsrc, nsrc));
    CHECK(cudaMalloc(&dout, nout));
    CHECK(cudaMemcpy(dsrc, hsrc, nsrc, cudaMemcpyHostToDevice));
    copies<<<1, T>>>(dsrc, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hout, dout, nout, cudaMemcpyDeviceToHost));
    // CPU reference: slot k gets `n` source bytes, zeros up to cp-size,
    // and keeps 0xAB after that.
    for (int t = 0; t < T; t++) {
        const uint8_t *g = hsrc + t * 16;
        const unsigned cp[NSLOT] = { 4, 8, 16, 16, 4, 8, 16, 16 };
        const unsigned n[NSLOT] = { 4, 8, 16, 16, (unsigned)t % 5, (unsigned)t % 9,
                                    (unsigned)t % 17, (t & 1) ? 0u : 16u };
        for (int k = 0; k < NSLOT; k++)
            for (unsigned i = 0; i < SLOT; i++)
                want[(t * NSLOT + k) * SLOT + i] = i < n[k] ? g[i] : i < cp[k] ? 0 : 0xAB;
    }
    int bad = 0;
    for (size_t i = 0; i < nout; i++)
        if (hout[i] != want[i] && bad++ < 10)
            printf("copies: byte %zu (thread %zu slot %zu) = 0x%02x, expected 0x%02x\n", i,
                   i / (NSLOT * SLOT), i / SLOT % NSLOT, hout[i], want[i]);

    uint4 hg[3 * T], hgo[3 * T];
    for (int i = 0; i < 3 * T; i++)
        hg[i] = make_uint4(i, i * 3u, i * 7u, ~(unsigned)i);
    uint4 *dg, *dgo;
    CHECK(cudaMalloc(&dg, sizeof hg));
    CHECK(cudaMalloc(&dgo, sizeof hgo));
    CHECK(cudaMemcpy(dg, hg, sizeof hg, cudaMemcpyHostToDevice));
    groups<<<1, T>>>(dg, dgo);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hgo, dgo, sizeof hgo, cudaMemcpyDeviceToHost));
    if (memcmp(hg, hgo, sizeof hg) != 0) {
        printf("groups: data read after wait_group differs\n");
        bad++;
    }
    CHECK(cudaFree(dsrc));
    CHECK(cudaFree(dout));
    CHECK(cudaFree(dg));
    CHECK(cudaFree(dgo));
    printf(bad ? "FAIL\n" : "PASS\n");
    return bad != 0;
}
