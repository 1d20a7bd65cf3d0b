// NVCCFLAGS: -arch=sm_90
// atomic_b128: 16-byte atomicCAS / atomicExch (PTX atom.cas.b128,
// atom.exch.b128, sm_90) on global and shared memory. A CAS loop updates
// both halves of a {count, sum} pair at once from many threads: the halves
// only agree at the end if every update was one atomic 16-byte step.
// Exchanges of {v, ~v} return each written value once, never torn.
#include <cstdio>
#include <cuda_runtime.h>
#include "check.cuh"

#define BLOCKS  4
#define THREADS 128

struct __align__(16) Pair {
    unsigned long long lo, hi;
};

struct Out {
    Pair cas[2];                 // global CAS counters: {count, sum of ids}
    Pair shared_cas[BLOCKS];     // per-block shared CAS counter, copied out
    Pair exch;                   // global exchange slot
    Pair exch_old[BLOCKS * THREADS];
    Pair shared_exch_old[BLOCKS][THREADS];
    Pair shared_exch_last[BLOCKS];
    Pair miss[2];                // a CAS that must fail: returned value, memory after
};

__device__ void cas_add(Pair *p, unsigned long long id)
{
    // A torn first read only costs one failed CAS.
    const volatile unsigned long long *q = &p->lo;
    Pair seen = { q[0], q[1] }, old;
    for (;;) {
        Pair want = { seen.lo + 1, seen.hi + id };
        old = atomicCAS(p, seen, want);
        if (old.lo == seen.lo && old.hi == seen.hi)
            return;
        seen = old;
    }
}

__global__ void kernel(Out *o)
{
    __shared__ Pair sc, sx;
    unsigned t = threadIdx.x, g = blockIdx.x * blockDim.x + t;
    if (t == 0) {
        sc = Pair{ 0, 0 };
        sx = Pair{ 0, ~0ull };
    }
    __syncthreads();
    cas_add(&o->cas[g & 1], g);
    cas_add(&sc, t);
    Pair v = { g + 1, ~(unsigned long long)(g + 1) };
    o->exch_old[g] = atomicExch(&o->exch, v);
    Pair w = { t + 1, ~(unsigned long long)(t + 1) };
    o->shared_exch_old[blockIdx.x][t] = atomicExch(&sx, w);
    if (g == 0) {
        Pair wrong = { 12345, 0 }, repl = { 1, 1 };
        o->miss[0] = atomicCAS(&o->miss[1], wrong, repl);
    }
    __syncthreads();
    if (t == 0) {
        o->shared_cas[blockIdx.x] = sc;
        o->shared_exch_last[blockIdx.x] = sx;
    }
}

// The old values of n exchanges of {k, ~k} (k = 1..n) onto {0, ~0}, plus
// the final value, are exactly {0..n} each once, none torn.
static int check_exch(const char *what, const Pair *olds, unsigned n, Pair last)
{
    bool seen[BLOCKS * THREADS + 1] = {};
    for (unsigned i = 0; i <= n; i++) {
        Pair p = i < n ? olds[i] : last;
        if (p.hi != ~p.lo || p.lo > n || seen[p.lo]) {
            printf("%s: value %u is {%llu, %llx}: torn, out of range or repeated\n", what, i,
                   p.lo, p.hi);
            return 1;
        }
        seen[p.lo] = true;
    }
    return 0;
}

int main(void)
{
    Out *d, h;   // about 16 KiB
    CHECK(cudaMalloc(&d, sizeof h));
    CHECK(cudaMemset(d, 0, sizeof h));
    Pair init = { 0, ~0ull }, miss = { 7, 9 };
    CHECK(cudaMemcpy(&d->exch, &init, sizeof init, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(&d->miss[1], &miss, sizeof miss, cudaMemcpyHostToDevice));
    kernel<<<BLOCKS, THREADS>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
    int bad = 0;
    unsigned n = BLOCKS * THREADS;
    for (unsigned k = 0; k < 2; k++) {
        unsigned long long sum = 0;
        for (unsigned g = k; g < n; g += 2)
            sum += g;
        if (h.cas[k].lo != n / 2 || h.cas[k].hi != sum) {
            printf("global CAS %u: {%llu, %llu}, expected {%u, %llu}\n", k, h.cas[k].lo,
                   h.cas[k].hi, n / 2, sum);
            bad++;
        }
    }
    for (unsigned b = 0; b < BLOCKS; b++) {
        unsigned long long sum = THREADS * (THREADS - 1) / 2;
        if (h.shared_cas[b].lo != THREADS || h.shared_cas[b].hi != sum) {
            printf("shared CAS block %u: {%llu, %llu}, expected {%d, %llu}\n", b,
                   h.shared_cas[b].lo, h.shared_cas[b].hi, THREADS, sum);
            bad++;
        }
        char what[32];
        snprintf(what, sizeof what, "shared exch block %u", b);
        bad += check_exch(what, h.shared_exch_old[b], THREADS, h.shared_exch_last[b]);
    }
    bad += check_exch("global exch", h.exch_old, n, h.exch);
    if (h.miss[0].lo != 7 || h.miss[0].hi != 9 || h.miss[1].lo != 7 || h.miss[1].hi != 9) {
        printf("failed CAS: returned {%llu, %llu}, memory {%llu, %llu}, expected {7, 9} twice\n",
               h.miss[0].lo, h.miss[0].hi, h.miss[1].lo, h.miss[1].hi);
        bad++;
    }
    CHECK(cudaFree(d));
    printf(bad ? "FAIL\n" : "PASS\n");
    return bad != 0;
}
