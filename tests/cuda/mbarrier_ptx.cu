// mbarrier_ptx: PTX mbarrier objects through inline PTX (sm_80 forms).
//  1. 128 threads (4 warps) arrive on A (count 128): the pending counts read
//     from their tokens (mbarrier.pending_count) are 0..127, each once; every
//     thread then waits on its token (test_wait) and sees parity 0 complete,
//     parity 1 not.
//  2. Phase 1 of A: the warps arrive in the order 3, 2, 1, 0 (a shared
//     ticket); a thread of a warp that arrived first finds the phase open
//     (test_wait.parity false) until warp 0 arrives; all then wait for it.
//  3. B (count 4, generic-address forms): warp 0 leaves with arrive_drop, the
//     other three arrive; the next phase then needs only 3 arrivals.
//  4. inval, init again with count 1: one arrive completes the phase.
#include <cstdio>
#include <cstdint>
#include "check.cuh"

enum { T = 128, W = T / 32 };

__device__ __forceinline__ unsigned sh(const void *p)
{
    return (unsigned)__cvta_generic_to_shared(p);
}

__device__ __forceinline__ uint64_t arrive(uint64_t *bar)
{
    uint64_t tok;
    asm volatile("mbarrier.arrive.shared.b64 %0, [%1];" : "=l"(tok) : "r"(sh(bar)) : "memory");
    return tok;
}

__device__ __forceinline__ bool test_tok(uint64_t *bar, uint64_t tok)
{
    unsigned r;
    asm volatile("{ .reg .pred p; mbarrier.test_wait.shared::cta.b64 p, [%1], %2; "
                 "selp.u32 %0, 1, 0, p; }"
                 : "=r"(r) : "r"(sh(bar)), "l"(tok) : "memory");
    return r != 0;
}

__device__ __forceinline__ bool test_parity(uint64_t *bar, unsigned parity)
{
    unsigned r;
    asm volatile("{ .reg .pred p; mbarrier.test_wait.parity.shared.b64 p, [%1], %2; "
                 "selp.u32 %0, 1, 0, p; }"
                 : "=r"(r) : "r"(sh(bar)), "r"(parity) : "memory");
    return r != 0;
}

__device__ __forceinline__ unsigned pending(uint64_t tok)
{
    unsigned n;
    asm volatile("mbarrier.pending_count.b64 %0, %1;" : "=r"(n) : "l"(tok));
    return n;
}

struct Out {
    unsigned pend[T];        // 1: pending count in each thread's token
    int done1[T], p0[T], p1[T];
    int first_try[T];        // 2: test_wait.parity right after arriving
    int after2[T];
    unsigned drop_pend, b_phase0, b_phase1_open, b_phase1;
    int b_early;             // 3: B's phase 1 complete before the 3rd arrival?
    int reinit;              // 4
};

__global__ void kernel(Out *o)
{
    __shared__ __align__(8) uint64_t A, B;
    __shared__ volatile int turn;
    int t = threadIdx.x, w = t / 32, lane = t % 32;
    if (t == 0) {
        asm volatile("mbarrier.init.shared.b64 [%0], %1;" :: "r"(sh(&A)), "r"(T) : "memory");
        asm volatile("mbarrier.init.b64 [%0], 4;" :: "l"(&B) : "memory");   // generic
        turn = 0;
    }
    __syncthreads();

    // 1. phase 0 of A
    uint64_t tok = arrive(&A);
    o->pend[t] = pending(tok);
    while (!test_tok(&A, tok))
        ;
    o->done1[t] = 1;
    o->p0[t] = test_parity(&A, 0);
    o->p1[t] = test_parity(&A, 1);
    __syncthreads();

    // 2. phase 1 of A, warps in the order 3, 2, 1, 0
    while (turn != W - 1 - w)
        __nanosleep(20);   // a long-latency op: the other warps get to run
    arrive(&A);
    o->first_try[t] = test_parity(&A, 1);
    __syncwarp();
    if (lane == 0)
        turn = turn + 1;
    while (!test_parity(&A, 1))
        ;
    o->after2[t] = test_parity(&A, 1) && !test_parity(&A, 0);
    __syncthreads();

    // 3. B: warp 0 drops out, warps 1..3 arrive (lane 0 only)
    uint64_t bt;
    if (t == 0) {
        asm volatile("mbarrier.arrive_drop.b64 %0, [%1];" : "=l"(bt) : "l"(&B) : "memory");
        o->drop_pend = pending(bt);
    }
    __syncthreads();
    if (lane == 0 && w != 0)
        asm volatile("mbarrier.arrive.b64 %0, [%1];" : "=l"(bt) : "l"(&B) : "memory");
    __syncthreads();
    if (t == 0)
        o->b_phase0 = test_parity(&B, 0);
    __syncthreads();
    if (lane == 0 && w == 1) {
        arrive(&B);
        arrive(&B);
        o->b_phase1_open = !test_parity(&B, 1);
        arrive(&B);      // the third of the three now expected
        o->b_phase1 = test_parity(&B, 1);
    }
    __syncthreads();

    // 4. inval and init again
    if (t == 0) {
        asm volatile("mbarrier.inval.shared.b64 [%0];" :: "r"(sh(&A)) : "memory");
        asm volatile("mbarrier.init.shared.b64 [%0], 1;" :: "r"(sh(&A)) : "memory");
        uint64_t k = arrive(&A);
        o->reinit = test_tok(&A, k) && pending(k) == 0 && test_parity(&A, 0);
    }
}

int main()
{
    Out *d, h;
    CHECK(cudaMalloc(&d, sizeof(Out)));
    CHECK(cudaMemset(d, 0, sizeof(Out)));
    kernel<<<1, T>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(&h, d, sizeof(Out), cudaMemcpyDeviceToHost));
    int seen[T] = { 0 };
    for (int t = 0; t < T; t++) {
        REQUIRE(h.pend[t] < T);
        seen[h.pend[t]]++;
        REQUIRE(h.done1[t] == 1 && h.p0[t] == 1 && h.p1[t] == 0);
        // warps 3..1 arrive before warp 0: they find phase 1 open; the last
        // thread of warp 0 to arrive completes it
        if (t / 32 != 0)
            REQUIRE(h.first_try[t] == 0);
        REQUIRE(h.after2[t] == 1);
    }
    for (int i = 0; i < T; i++)
        REQUIRE(seen[i] == 1);
    REQUIRE(h.first_try[31] == 1);   // lanes arrive in order: lane 31 is last
    REQUIRE(h.drop_pend == 3);
    REQUIRE(h.b_phase0 == 1);
    REQUIRE(h.b_phase1_open == 1);
    REQUIRE(h.b_phase1 == 1);
    REQUIRE(h.reinit == 1);
    CHECK(cudaFree(d));
    printf("PASS\n");
    return 0;
}
