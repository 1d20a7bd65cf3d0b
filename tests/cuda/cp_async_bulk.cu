// NVCCFLAGS: -arch=sm_90
// cp_async_bulk: Hopper bulk copies through inline PTX (sm_90 PTX; the
// runtime takes the PTX of the fatbin, whatever its target).
// Per block, NS stages of 2 KiB: thread 0 arms the mbarrier with
// mbarrier.arrive.expect_tx for the stage's bytes and issues two bulk copies
// global -> shared (cp.async.bulk...mbarrier::complete_tx::bytes), one of
// them before the expect_tx on odd stages (the tx-count goes negative
// first); every thread waits with mbarrier.try_wait.parity (with and
// without a suspend-time hint), transforms the tile, and thread 0 writes it
// back with cp.async.bulk.global.shared::cta.bulk_group + commit_group +
// wait_group.read. A second mbarrier checks expect_tx/complete_tx directly.
// Checked on the CPU.
// (Cobalt has a single memory proxy: the fence.proxy.async a real Hopper
// needs between generic shared writes and the bulk store is not used.)
#include <cstdio>
#include <cstdint>
#include "check.cuh"

enum { T = 128, TILE = 512, NS = 4, BLOCKS = 2 };   // TILE floats = 2 KiB
enum { BYTES = TILE * 4, HALF = BYTES / 2 };

__device__ __forceinline__ unsigned sh(const void *p)
{
    return (unsigned)__cvta_generic_to_shared(p);
}

__device__ __forceinline__ void bulk_g2s(void *dst, const void *src, unsigned n, uint64_t *bar)
{
    asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes "
                 "[%0], [%1], %2, [%3];"
                 :: "r"(sh(dst)), "l"(src), "r"(n), "r"(sh(bar)) : "memory");
}

__device__ __forceinline__ void expect_arrive(uint64_t *bar, unsigned n)
{
    asm volatile("mbarrier.arrive.expect_tx.release.cta.shared::cta.b64 _, [%0], %1;"
                 :: "r"(sh(bar)), "r"(n) : "memory");
}

__device__ __forceinline__ bool try_parity(uint64_t *bar, unsigned parity, bool hint)
{
    unsigned r;
    if (hint)
        asm volatile("{ .reg .pred p; mbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2, "
                     "1000; selp.u32 %0, 1, 0, p; }"
                     : "=r"(r) : "r"(sh(bar)), "r"(parity) : "memory");
    else
        asm volatile("{ .reg .pred p; mbarrier.try_wait.parity.acquire.cta.shared::cta.b64 "
                     "p, [%1], %2; selp.u32 %0, 1, 0, p; }"
                     : "=r"(r) : "r"(sh(bar)), "r"(parity) : "memory");
    return r != 0;
}

__global__ void stages(const float *in, float *out, unsigned *flags)
{
    __shared__ __align__(128) float buf[TILE];
    __shared__ __align__(8) uint64_t bar, tx;
    int t = threadIdx.x;
    const float *src = in + (size_t)blockIdx.x * NS * TILE;
    float *dst = out + (size_t)blockIdx.x * NS * TILE;
    if (t == 0) {
        asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;" :: "r"(sh(&bar)) : "memory");
        asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;" :: "r"(sh(&tx)) : "memory");
        asm volatile("cp.async.bulk.prefetch.L2.global [%0], %1;" :: "l"(src), "r"(BYTES));
    }
    __syncthreads();
    unsigned phase = 0;
    for (int s = 0; s < NS; s++) {
        const float *g = src + s * TILE;
        if (t == 0) {
            if (s % 2) {   // a copy completes before the bytes are expected
                bulk_g2s(buf + TILE / 2, g + TILE / 2, HALF, &bar);
                expect_arrive(&bar, BYTES);
                bulk_g2s(buf, g, HALF, &bar);
            } else {
                expect_arrive(&bar, BYTES);
                bulk_g2s(buf, g, HALF, &bar);
                bulk_g2s(buf + TILE / 2, g + TILE / 2, HALF, &bar);
            }
        }
        while (!try_parity(&bar, phase, s % 2))
            ;
        phase ^= 1;
        for (int i = t; i < TILE; i += T)
            buf[i] = buf[i] * 2.0f + (float)s;
        __syncthreads();
        if (t == 0) {
            asm volatile("cp.async.bulk.global.shared::cta.bulk_group [%0], [%1], %2;"
                         :: "l"(dst + s * TILE), "r"(sh(buf)), "r"(BYTES) : "memory");
            asm volatile("cp.async.bulk.commit_group;" ::: "memory");
            asm volatile("cp.async.bulk.wait_group.read 0;" ::: "memory");
        }
        __syncthreads();   // buf is refilled by the next stage
    }
    if (t == 0) {
        // expect_tx / complete_tx on their own: the phase needs both the
        // arrival and the bytes
        unsigned r0, r1, r2;
        uint64_t tok;
        asm volatile("mbarrier.expect_tx.relaxed.cta.shared::cta.b64 [%0], 64;"
                     :: "r"(sh(&tx)) : "memory");
        asm volatile("mbarrier.arrive.shared::cta.b64 %0, [%1];" : "=l"(tok) : "r"(sh(&tx))
                     : "memory");
        asm volatile("{ .reg .pred p; mbarrier.test_wait.shared::cta.b64 p, [%1], %2; "
                     "selp.u32 %0, 1, 0, p; }" : "=r"(r0) : "r"(sh(&tx)), "l"(tok) : "memory");
        asm volatile("mbarrier.complete_tx.relaxed.cta.shared::cta.b64 [%0], 48;"
                     :: "r"(sh(&tx)) : "memory");
        asm volatile("{ .reg .pred p; mbarrier.test_wait.shared::cta.b64 p, [%1], %2; "
                     "selp.u32 %0, 1, 0, p; }" : "=r"(r1) : "r"(sh(&tx)), "l"(tok) : "memory");
        asm volatile("mbarrier.complete_tx.relaxed.cta.shared::cta.b64 [%0], 16;"
                     :: "r"(sh(&tx)) : "memory");
        asm volatile("{ .reg .pred p; mbarrier.try_wait.shared::cta.b64 p, [%1], %2; "
                     "selp.u32 %0, 1, 0, p; }" : "=r"(r2) : "r"(sh(&tx)), "l"(tok) : "memory");
        flags[blockIdx.x] = r0 | r1 << 1 | r2 << 2;
        asm volatile("mbarrier.inval.shared::cta.b64 [%0];" :: "r"(sh(&bar)) : "memory");
    }
}

int main()
{
    const size_t n = (size_t)BLOCKS * NS * TILE;
    float *h = new float[n], *got = new float[n];
    for (size_t i = 0; i < n; i++)
        h[i] = (float)((i * 37) % 501) - 250.0f;
    float *din, *dout;
    unsigned *dflags, flags[BLOCKS];
    CHECK(cudaMalloc(&din, n * sizeof(float)));
    CHECK(cudaMalloc(&dout, n * sizeof(float)));
    CHECK(cudaMalloc(&dflags, sizeof flags));
    CHECK(cudaMemcpy(din, h, n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dout, 0, n * sizeof(float)));
    stages<<<BLOCKS, T>>>(din, dout, dflags);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, dout, n * sizeof(float), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(flags, dflags, sizeof flags, cudaMemcpyDeviceToHost));
    for (size_t i = 0; i < n; i++) {
        float want = h[i] * 2.0f + (float)((i / TILE) % NS);
        if (got[i] != want) {
            printf("element %zu: got %g, expected %g\nFAIL\n", i, got[i], want);
            return 1;
        }
    }
    for (int b = 0; b < BLOCKS; b++)
        if (flags[b] != 4u) {   // open, open, complete
            printf("block %d: expect_tx/complete_tx phase checks gave %u, expected 4\nFAIL\n",
                   b, flags[b]);
            return 1;
        }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    CHECK(cudaFree(dflags));
    delete[] h;
    delete[] got;
    printf("PASS\n");
    return 0;
}
