// atomic_half: scalar 16-bit atomics (PTX atom/red .add.noftz.f16 and
// .bf16, atom.cas.b16) on global and shared memory, with neighbouring
// 16-bit slots of one 32-bit word updated at the same time.
// Many threads add 1 to few addresses: every partial sum is a small integer
// (at most 256), exact in f16 and bf16, so the totals are exact whatever the
// order. One thread adds pairs that round (ties to even, overflow to inf,
// subnormals kept: .noftz) against the CPU. A lock-free 16-bit counter built
// on atomicCAS(unsigned short *) counts every thread.
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include "check.cuh"

#define BLOCKS  4
#define THREADS 256
#define SLOTS   4   // adjacent 16-bit slots hit by the global adds

struct Out {
    __half         gh[SLOTS];        // global f16, returned value used (atom)
    __nv_bfloat16  gb[SLOTS];        // global bf16, returned value used
    __half         rh[SLOTS];        // global f16, result unused (red)
    __nv_bfloat16  rb[SLOTS];        // global bf16, result unused
    unsigned       olds_h[SLOTS];    // sum of the old values atomicAdd returned
    unsigned       olds_b[SLOTS];
    __half         sh[BLOCKS][2];    // per-block shared results
    __nv_bfloat16  sb[BLOCKS][2];
    unsigned short cnt[2];           // CAS counters, one word
    unsigned short scnt[BLOCKS][2];  // shared CAS counters
};

// The containing word changes under the CAS, so it loops.
__device__ void cas_inc(unsigned short *p)
{
    unsigned short old = *(volatile unsigned short *)p, seen;
    do {
        seen = old;
        old = atomicCAS(p, seen, (unsigned short)(seen + 1));
    } while (old != seen);
}

__global__ void adds(Out *o)
{
    __shared__ __half sh[2];
    __shared__ __nv_bfloat16 sb[2];
    __shared__ unsigned short scnt[2];
    int t = threadIdx.x, g = blockIdx.x * blockDim.x + t;
    if (t < 2) {
        sh[t] = __float2half(0.0f);
        sb[t] = __float2bfloat16(0.0f);
        scnt[t] = 0;
    }
    __syncthreads();
    int s = g % SLOTS;
    __half oh = atomicAdd(&o->gh[s], __float2half(1.0f));
    __nv_bfloat16 ob = atomicAdd(&o->gb[s], __float2bfloat16(1.0f));
    atomicAdd(&o->olds_h[s], (unsigned)__half2float(oh));
    atomicAdd(&o->olds_b[s], (unsigned)__bfloat162float(ob));
    atomicAdd(&o->rh[s], __float2half(1.0f));
    atomicAdd(&o->rb[s], __float2bfloat16(1.0f));
    atomicAdd(&sh[t & 1], __float2half(1.0f));
    atomicAdd(&sb[t & 1], __float2bfloat16(1.0f));
    cas_inc(&o->cnt[t & 1]);
    cas_inc(&scnt[t & 1]);
    __syncthreads();
    if (t < 2) {
        o->sh[blockIdx.x][t] = sh[t];
        o->sb[blockIdx.x][t] = sb[t];
        o->scnt[blockIdx.x][t] = scnt[t];
    }
}

#define NPAIRS 7

// One thread: d[i] += v[i], old values kept.
__global__ void rounding(__half *dh, const __half *vh, __half *oldh, __nv_bfloat16 *db,
                         const __nv_bfloat16 *vb, __nv_bfloat16 *oldb)
{
    for (int i = 0; i < NPAIRS; i++) {
        oldh[i] = atomicAdd(&dh[i], vh[i]);
        oldb[i] = atomicAdd(&db[i], vb[i]);
    }
}

static unsigned short hbits(__half h) { unsigned short u; memcpy(&u, &h, 2); return u; }
static unsigned short bbits(__nv_bfloat16 b) { unsigned short u; memcpy(&u, &b, 2); return u; }

static int check_rounding(void)
{
    // Pairs whose float sum is exact, so rounding that sum once is the
    // reference: ties to even both ways, plain round up, overflow, exact
    // cancellation, subnormal + subnormal (kept, not flushed), negatives.
    const float ah[NPAIRS] = { 1.0f, 1.0f + 0x1p-10f, 1.0f, 65504.0f, -2.5f, 0x1p-24f, -3.0f };
    const float bh[NPAIRS] = { 0x1p-11f, 0x1p-11f, 0x3p-12f, 65504.0f, 2.5f, 0x1p-24f, -0x1p-12f };
    const float ab[NPAIRS] = { 1.0f, 1.0f + 0x1p-7f, 1.0f, 0x1.fep127f, -2.5f, 0x1p-133f, -3.0f };
    const float bb[NPAIRS] = { 0x1p-8f, 0x1p-8f, 0x3p-9f, 0x1.fep127f, 2.5f, 0x1p-133f, -0x1p-9f };
    __half hd[NPAIRS], hv[NPAIRS], hold[NPAIRS];
    __nv_bfloat16 bd[NPAIRS], bv[NPAIRS], bold[NPAIRS];
    for (int i = 0; i < NPAIRS; i++) {
        hd[i] = __float2half_rn(ah[i]);
        hv[i] = __float2half_rn(bh[i]);
        bd[i] = __float2bfloat16_rn(ab[i]);
        bv[i] = __float2bfloat16_rn(bb[i]);
    }
    __half *dh, *vh, *oh;
    __nv_bfloat16 *db, *vb, *ob;
    size_t hs = sizeof hd, bs = sizeof bd;
    CHECK(cudaMalloc(&dh, hs)); CHECK(cudaMalloc(&vh, hs)); CHECK(cudaMalloc(&oh, hs));
    CHECK(cudaMalloc(&db, bs)); CHECK(cudaMalloc(&vb, bs)); CHECK(cudaMalloc(&ob, bs));
    CHECK(cudaMemcpy(dh, hd, hs, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(vh, hv, hs, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, bd, bs, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(vb, bv, bs, cudaMemcpyHostToDevice));
    rounding<<<1, 1>>>(dh, vh, oh, db, vb, ob);
    CHECK(cudaGetLastError());
    __half hres[NPAIRS];
    __nv_bfloat16 bres[NPAIRS];
    CHECK(cudaMemcpy(hres, dh, hs, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(hold, oh, hs, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(bres, db, bs, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(bold, ob, bs, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < NPAIRS; i++) {
        unsigned short wh = hbits(__float2half_rn(__half2float(hd[i]) + __half2float(hv[i])));
        unsigned short wb = bbits(__float2bfloat16_rn(__bfloat162float(bd[i]) +
                                                      __bfloat162float(bv[i])));
        if (hbits(hres[i]) != wh || hbits(hold[i]) != hbits(hd[i])) {
            printf("f16 pair %d: got %04x (old %04x), expected %04x (old %04x)\n", i,
                   hbits(hres[i]), hbits(hold[i]), wh, hbits(hd[i]));
            bad++;
        }
        if (bbits(bres[i]) != wb || bbits(bold[i]) != bbits(bd[i])) {
            printf("bf16 pair %d: got %04x (old %04x), expected %04x (old %04x)\n", i,
                   bbits(bres[i]), bbits(bold[i]), wb, bbits(bd[i]));
            bad++;
        }
    }
    // The cases the pairs are meant to cover, spelled out.
    REQUIRE(hbits(hres[0]) == 0x3c00 && hbits(hres[1]) == 0x3c02 && hbits(hres[2]) == 0x3c01);
    REQUIRE(hbits(hres[3]) == 0x7c00 && hbits(hres[4]) == 0x0000 && hbits(hres[5]) == 0x0002);
    REQUIRE(bbits(bres[0]) == 0x3f80 && bbits(bres[1]) == 0x3f82 && bbits(bres[2]) == 0x3f81);
    REQUIRE(bbits(bres[3]) == 0x7f80 && bbits(bres[4]) == 0x0000 && bbits(bres[5]) == 0x0002);
    cudaFree(dh); cudaFree(vh); cudaFree(oh); cudaFree(db); cudaFree(vb); cudaFree(ob);
    return bad != 0;
}

int main(void)
{
    Out *d, h;
    CHECK(cudaMalloc(&d, sizeof h));
    CHECK(cudaMemset(d, 0, sizeof h));
    adds<<<BLOCKS, THREADS>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
    const unsigned per = BLOCKS * THREADS / SLOTS;   // 256 adds per global slot
    int bad = 0;
    for (int s = 0; s < SLOTS; s++) {
        float v[4] = { __half2float(h.gh[s]), __bfloat162float(h.gb[s]),
                       __half2float(h.rh[s]), __bfloat162float(h.rb[s]) };
        for (int k = 0; k < 4; k++)
            if (v[k] != (float)per) {
                printf("global slot %d kind %d: %g, expected %u\n", s, k, v[k], per);
                bad++;
            }
        // The returned old values are 0..per-1, each once.
        if (h.olds_h[s] != per * (per - 1) / 2 || h.olds_b[s] != per * (per - 1) / 2) {
            printf("slot %d: old values sum to %u (f16), %u (bf16), expected %u\n", s,
                   h.olds_h[s], h.olds_b[s], per * (per - 1) / 2);
            bad++;
        }
    }
    for (int b = 0; b < BLOCKS; b++)
        for (int k = 0; k < 2; k++)
            if (__half2float(h.sh[b][k]) != THREADS / 2 ||
                __bfloat162float(h.sb[b][k]) != THREADS / 2 || h.scnt[b][k] != THREADS / 2) {
                printf("block %d shared slot %d: f16 %g, bf16 %g, cas %u, expected %d\n", b, k,
                       __half2float(h.sh[b][k]), __bfloat162float(h.sb[b][k]), h.scnt[b][k],
                       THREADS / 2);
                bad++;
            }
    for (int k = 0; k < 2; k++)
        if (h.cnt[k] != BLOCKS * THREADS / 2) {
            printf("global CAS counter %d: %u, expected %d\n", k, h.cnt[k], BLOCKS * THREADS / 2);
            bad++;
        }
    CHECK(cudaFree(d));
    if (bad || check_rounding()) {
        printf("FAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
