// coop_groups: cooperative_groups against a CPU model: thread_block
// (sync, thread_rank, group_index, thread_index, size), tiled_partition
// <32/16/8/4/2> (static: shfl, shfl_up/down/xor, any, all, ballot,
// match_any, cg::reduce with plus/less/greater/bit_and/bit_or/bit_xor on
// int, unsigned, float and double, inclusive_scan / exclusive_scan; dynamic
// tiled_partition(block, n)), coalesced_threads() inside divergent code,
// labeled_partition, binary_partition, cg::sync, cg::memcpy_async +
// cg::wait, and float / double __shfl_xor_sync trees. Inputs are small
// integers so that float and double sums are exact in any order.
#include <cstdio>
#include <cstring>
#include <vector>
#include <cuda_runtime.h>
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <cooperative_groups/scan.h>
#include <cooperative_groups/memcpy_async.h>

namespace cg = cooperative_groups;

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s (%s)\nFAIL\n", __FILE__, __LINE__,  \
                   #call, cudaGetErrorName(err_), cudaGetErrorString(err_)); \
            return 1;                                                        \
        }                                                                    \
    } while (0)

#define BLOCK 128
#define GRID 2
#define N (BLOCK * GRID)
#define NW 24   // result words per thread and kernel

// ---------------------------------------------------------------- kernels

__global__ void k_block(const int *in, unsigned *out)
{
    __shared__ int sm[BLOCK];
    cg::thread_block b = cg::this_thread_block();
    unsigned *o = out + (blockIdx.x * BLOCK + threadIdx.x) * NW;
    unsigned r = b.thread_rank();
    sm[r] = in[blockIdx.x * BLOCK + r];
    b.sync();
    o[0] = r;
    o[1] = b.size();
    o[2] = b.group_index().x;
    o[3] = b.thread_index().x;
    o[4] = b.dim_threads().x;
    o[5] = (unsigned)sm[(r + 1) % BLOCK];
    cg::sync(b);
    sm[r] = 2 * sm[r];
    cg::this_thread_block().sync();
    o[6] = (unsigned)sm[(r + 5) % BLOCK];
}

template <unsigned S>
__device__ void tile_ops(const int *in, unsigned *o)
{
    cg::thread_block b = cg::this_thread_block();
    cg::thread_block_tile<S> t = cg::tiled_partition<S>(b);
    int v = in[blockIdx.x * BLOCK + threadIdx.x];
    unsigned u = (unsigned)v * 2654435761u;
    float f = (float)v * 0.5f;
    double d = (double)v * 0.25;
    o[0] = t.thread_rank();
    o[1] = t.size();
    o[2] = t.meta_group_rank();
    o[3] = t.meta_group_size();
    o[4] = (unsigned)t.shfl(v, 1);
    o[5] = (unsigned)t.shfl_down(v, 1);
    o[6] = (unsigned)t.shfl_up(v, 1);
    o[7] = (unsigned)t.shfl_xor(v, 1);
    o[8] = (unsigned)t.any(v < -40) | (unsigned)t.all(v > -45) << 1;
    o[9] = t.ballot(v & 1);
    o[10] = t.match_any(v % 3);
    o[11] = (unsigned)cg::reduce(t, v, cg::plus<int>());
    o[12] = (unsigned)cg::reduce(t, v, cg::less<int>());
    o[13] = (unsigned)cg::reduce(t, v, cg::greater<int>());
    o[14] = cg::reduce(t, u, cg::bit_and<unsigned>());
    o[15] = cg::reduce(t, u, cg::bit_or<unsigned>());
    o[16] = cg::reduce(t, u, cg::bit_xor<unsigned>());
    o[17] = cg::reduce(t, u, cg::plus<unsigned>());
    float fs = cg::reduce(t, f, cg::plus<float>());
    memcpy(&o[18], &fs, 4);
    double ds = cg::reduce(t, d, cg::plus<double>());
    memcpy(&o[19], &ds, 8);
    o[21] = (unsigned)cg::inclusive_scan(t, v);
    o[22] = (unsigned)cg::exclusive_scan(t, v, cg::plus<int>());
    cg::sync(t);
    float fm = cg::reduce(t, f, cg::greater<float>());
    double dm = cg::reduce(t, d, cg::less<double>());
    o[23] = (unsigned)(int)(fm * 8.0f) ^ (unsigned)(int)(dm * 16.0) << 16;
}

template <unsigned S>
__global__ void k_tile(const int *in, unsigned *out)
{
    tile_ops<S>(in, out + (blockIdx.x * BLOCK + threadIdx.x) * NW);
}

__global__ void k_misc(const int *in, unsigned *out, double *dout)
{
    cg::thread_block b = cg::this_thread_block();
    unsigned gid = blockIdx.x * BLOCK + threadIdx.x;
    unsigned *o = out + gid * NW;
    int v = in[gid];
    for (int k = 0; k < NW; k++)
        o[k] = 0xdeadbeef;
    // Dynamic tiles: a thread_group.
    cg::thread_group d8 = cg::tiled_partition(b, 8);
    cg::thread_group d16 = cg::tiled_partition(b, 16);
    o[0] = d8.thread_rank() | d8.size() << 8 | d16.thread_rank() << 16 | d16.size() << 24;
    d8.sync();
    // coalesced_threads() in divergent code: the lanes with odd inputs.
    if (v & 1) {
        cg::coalesced_group g = cg::coalesced_threads();
        o[1] = g.size();
        o[2] = g.thread_rank();
        o[3] = (unsigned)g.shfl(v, 0);
        o[4] = g.ballot(v & 2);
        o[5] = (unsigned)cg::reduce(g, v, cg::plus<int>());
        o[6] = (unsigned)g.shfl_down(v, 1);
        o[7] = (unsigned)cg::inclusive_scan(g, v);
        o[8] = (unsigned)g.any(v > 40) | (unsigned)g.all(v > -40) << 1;
        g.sync();
    }
    cg::thread_block_tile<32> w = cg::tiled_partition<32>(b);
    // labeled_partition by a key, binary_partition by a predicate.
    int key = (v % 4 + 4) % 4;
    cg::coalesced_group lp = cg::labeled_partition(w, key);
    o[9] = lp.size();
    o[10] = lp.thread_rank();
    o[11] = (unsigned)cg::reduce(lp, v, cg::plus<int>());
    o[12] = (unsigned)cg::reduce(lp, v, cg::greater<int>());
    cg::coalesced_group bp = cg::binary_partition(w, v > 0);
    o[13] = bp.size();
    o[14] = bp.thread_rank();
    o[15] = (unsigned)cg::reduce(bp, v, cg::plus<int>());
    o[16] = bp.ballot(v & 4);
    // Warp trees in float and double, and the sm_80 redux.
    float f = (float)v * 0.75f;
    double dd = (double)v * 0.125;
    for (int m = 16; m > 0; m >>= 1) {
        f += __shfl_xor_sync(0xffffffffu, f, m);
        dd += __shfl_xor_sync(0xffffffffu, dd, m);
    }
    memcpy(&o[17], &f, 4);
    dout[gid] = dd;
    o[18] = __reduce_add_sync(0xffffffffu, (unsigned)v);
    o[19] = (unsigned)__reduce_min_sync(0xffffffffu, v);
    o[20] = (unsigned)__reduce_max_sync(0xffffffffu, v);
    o[21] = __reduce_xor_sync(0xffffffffu, (unsigned)v);
}

// memcpy_async of the block's inputs (twice, reversed order of use) to
// shared memory, then wait.
__global__ void k_async(const int *in, unsigned *out)
{
    __shared__ int sm[2 * BLOCK];
    cg::thread_block b = cg::this_thread_block();
    const int *src = in + blockIdx.x * BLOCK;
    cg::memcpy_async(b, sm, src, sizeof(int) * BLOCK);
    cg::memcpy_async(b, sm + BLOCK, in + ((blockIdx.x + 1) % GRID) * BLOCK,
                     sizeof(int) * BLOCK);
    cg::wait(b);
    unsigned r = b.thread_rank();
    out[(blockIdx.x * BLOCK + r) * NW] = (unsigned)sm[BLOCK - 1 - r];
    out[(blockIdx.x * BLOCK + r) * NW + 1] = (unsigned)sm[2 * BLOCK - 1 - r];
}

// ---------------------------------------------------------------- CPU model

static void expect(int *bad, const char *what, unsigned t, int k, unsigned got, unsigned want)
{
    if (got != want && (*bad)++ < 20)
        printf("%s: thread %u word %d: got 0x%x, want 0x%x\n", what, t, k, got, want);
}

static unsigned fbits(float f) { unsigned u; memcpy(&u, &f, 4); return u; }

static void model_tile(const std::vector<int> &in, unsigned S, std::vector<unsigned> &w)
{
    for (unsigned t = 0; t < N; t++) {
        unsigned *o = &w[t * NW];
        unsigned r = t % S, base = t - r, bt = t % BLOCK;
        int v = in[t];
        o[0] = r; o[1] = S; o[2] = bt / S; o[3] = BLOCK / S;
        o[4] = (unsigned)in[base + 1 % S];
        o[5] = (unsigned)in[r + 1 < S ? t + 1 : t];
        o[6] = (unsigned)in[r >= 1 ? t - 1 : t];
        o[7] = (unsigned)in[t ^ 1];
        bool any = false, all = true;
        unsigned ballot = 0, match = 0, band = ~0u, bor = 0, bxor = 0, usum = 0;
        int sum = 0, mn = in[base], mx = in[base], incl = 0, excl = 0;
        float fs = 0, fm = in[base] * 0.5f;
        double ds = 0, dm = in[base] * 0.25;
        for (unsigned k = 0; k < S; k++) {
            int x = in[base + k];
            unsigned ux = (unsigned)x * 2654435761u;
            any |= x < -40; all &= x > -45;
            ballot |= (unsigned)(x & 1 ? 1 : 0) << k;
            match |= (unsigned)(x % 3 == v % 3) << k;
            sum += x; mn = x < mn ? x : mn; mx = x > mx ? x : mx;
            band &= ux; bor |= ux; bxor ^= ux; usum += ux;
            fs += x * 0.5f; ds += x * 0.25;
            fm = x * 0.5f > fm ? x * 0.5f : fm;
            dm = x * 0.25 < dm ? x * 0.25 : dm;
            if (k <= r) incl += x;
            if (k < r) excl += x;
        }
        o[8] = (unsigned)any | (unsigned)all << 1;
        o[9] = ballot; o[10] = match;
        o[11] = (unsigned)sum; o[12] = (unsigned)mn; o[13] = (unsigned)mx;
        o[14] = band; o[15] = bor; o[16] = bxor; o[17] = usum;
        o[18] = fbits(fs);
        memcpy(&o[19], &ds, 8);
        o[21] = (unsigned)incl; o[22] = (unsigned)excl;
        o[23] = (unsigned)(int)(fm * 8.0f) ^ (unsigned)(int)(dm * 16.0) << 16;
    }
}

// Ranks of the lanes of warp `wb` whose bit in `sel` is set.
static void model_group(const std::vector<int> &in, unsigned wb, unsigned sel, unsigned *o_base,
                        int ksize, int krank, int ksum, int kmax)
{
    unsigned n = (unsigned)__builtin_popcount(sel), rank = 0;
    int sum = 0, mx = -1000;
    for (unsigned l = 0; l < 32; l++)
        if (sel >> l & 1) { sum += in[wb + l]; mx = in[wb + l] > mx ? in[wb + l] : mx; }
    for (unsigned l = 0; l < 32; l++) {
        if (!(sel >> l & 1)) continue;
        unsigned *o = o_base + (wb + l) * NW;
        o[ksize] = n; o[krank] = rank++;
        o[ksum] = (unsigned)sum;
        if (kmax >= 0) o[kmax] = (unsigned)mx;
    }
}

static void model_misc(const std::vector<int> &in, std::vector<unsigned> &w, std::vector<double> &dw)
{
    for (unsigned t = 0; t < N; t++) {
        unsigned *o = &w[t * NW], bt = t % BLOCK;
        for (int k = 0; k < NW; k++) o[k] = 0xdeadbeef;
        o[0] = bt % 8 | 8u << 8 | (bt % 16) << 16 | 16u << 24;
    }
    for (unsigned wb = 0; wb < N; wb += 32) {
        unsigned odd = 0;
        for (unsigned l = 0; l < 32; l++) odd |= (unsigned)(in[wb + l] & 1) << l;
        model_group(in, wb, odd, w.data(), 1, 2, 5, -1);
        unsigned first = odd ? (unsigned)__builtin_ctz(odd) : 0, pack = 0, rank = 0;
        bool any = false, all = true;
        int incl = 0;
        for (unsigned l = 0; l < 32; l++) {
            if (!(odd >> l & 1)) continue;
            int x = in[wb + l];
            pack |= (unsigned)((x & 2) != 0) << rank++;
            any |= x > 40; all &= x > -40;
        }
        for (unsigned l = 0; l < 32; l++) {
            if (!(odd >> l & 1)) continue;
            unsigned *o = &w[(wb + l) * NW];
            o[3] = (unsigned)in[wb + first];
            o[4] = pack;
            unsigned next = odd & ~((2u << l) - 1);   // next member lane
            o[6] = (unsigned)in[wb + (next ? (unsigned)__builtin_ctz(next) : l)];
            incl += in[wb + l];
            o[7] = (unsigned)incl;
            o[8] = (unsigned)any | (unsigned)all << 1;
        }
        for (int key = 0; key < 4; key++) {
            unsigned sel = 0;
            for (unsigned l = 0; l < 32; l++) sel |= (unsigned)((in[wb + l] % 4 + 4) % 4 == key) << l;
            model_group(in, wb, sel, w.data(), 9, 10, 11, 12);
        }
        for (int p = 0; p < 2; p++) {
            unsigned sel = 0;
            for (unsigned l = 0; l < 32; l++) sel |= (unsigned)((in[wb + l] > 0) == (p == 1)) << l;
            model_group(in, wb, sel, w.data(), 13, 14, 15, -1);
            unsigned pack = 0, rank = 0;
            for (unsigned l = 0; l < 32; l++)
                if (sel >> l & 1) pack |= (unsigned)((in[wb + l] & 4) != 0) << rank++;
            for (unsigned l = 0; l < 32; l++)
                if (sel >> l & 1) w[(wb + l) * NW + 16] = pack;
        }
        float f = 0;
        double d = 0;
        unsigned add = 0, x = 0;
        int mn = in[wb], mx = in[wb];
        for (unsigned l = 0; l < 32; l++) {
            int v = in[wb + l];
            f += v * 0.75f; d += v * 0.125; add += (unsigned)v; x ^= (unsigned)v;
            mn = v < mn ? v : mn; mx = v > mx ? v : mx;
        }
        for (unsigned l = 0; l < 32; l++) {
            unsigned *o = &w[(wb + l) * NW];
            o[17] = fbits(f); dw[wb + l] = d;
            o[18] = add; o[19] = (unsigned)mn; o[20] = (unsigned)mx; o[21] = x;
        }
    }
}

static void compare(int *bad, const char *what, const std::vector<unsigned> &got,
                   const std::vector<unsigned> &want, int words)
{
    for (unsigned t = 0; t < N; t++)
        for (int k = 0; k < words; k++)
            expect(bad, what, t, k, got[t * NW + k], want[t * NW + k]);
}

template <unsigned S>
static int run_tile(int *bad, const int *din, unsigned *dout, const std::vector<int> &in)
{
    std::vector<unsigned> got(N * NW), want(N * NW);
    k_tile<S><<<GRID, BLOCK>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got.data(), dout, got.size() * 4, cudaMemcpyDeviceToHost));
    model_tile(in, S, want);
    char name[32];
    snprintf(name, sizeof name, "tiled_partition<%u>", S);
    compare(bad, name, got, want, NW);
    return 0;
}

int main()
{
    std::vector<int> in(N);
    unsigned s = 12345;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        in[i] = (int)((s >> 16) % 97) - 48;   // -48..48
    }
    int *din;
    unsigned *dout;
    double *ddout;
    CHECK(cudaMalloc(&din, N * 4));
    CHECK(cudaMalloc(&dout, N * NW * 4));
    CHECK(cudaMalloc(&ddout, N * 8));
    CHECK(cudaMemcpy(din, in.data(), N * 4, cudaMemcpyHostToDevice));

    int bad = 0;
    std::vector<unsigned> got(N * NW), want(N * NW);
    k_block<<<GRID, BLOCK>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got.data(), dout, got.size() * 4, cudaMemcpyDeviceToHost));
    for (unsigned t = 0; t < N; t++) {
        unsigned *o = &want[t * NW], r = t % BLOCK, b = t / BLOCK;
        o[0] = r; o[1] = BLOCK; o[2] = b; o[3] = r; o[4] = BLOCK;
        o[5] = (unsigned)in[b * BLOCK + (r + 1) % BLOCK];
        o[6] = (unsigned)(2 * in[b * BLOCK + (r + 5) % BLOCK]);
    }
    compare(&bad, "thread_block", got, want, 7);

    if (run_tile<32>(&bad, din, dout, in) || run_tile<16>(&bad, din, dout, in) || run_tile<8>(&bad, din, dout, in) ||
        run_tile<4>(&bad, din, dout, in) || run_tile<2>(&bad, din, dout, in))
        return 1;

    std::vector<double> dgot(N), dwant(N);
    k_misc<<<GRID, BLOCK>>>(din, dout, ddout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got.data(), dout, got.size() * 4, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(dgot.data(), ddout, N * 8, cudaMemcpyDeviceToHost));
    model_misc(in, want, dwant);
    compare(&bad, "misc", got, want, 22);
    for (unsigned t = 0; t < N; t++)
        if (dgot[t] != dwant[t] && bad++ < 20)
            printf("double xor tree: thread %u: got %g, want %g\n", t, dgot[t], dwant[t]);

    k_async<<<GRID, BLOCK>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got.data(), dout, got.size() * 4, cudaMemcpyDeviceToHost));
    for (unsigned t = 0; t < N; t++) {
        unsigned r = t % BLOCK, b = t / BLOCK;
        expect(&bad, "memcpy_async", t, 0, got[t * NW], (unsigned)in[b * BLOCK + BLOCK - 1 - r]);
        expect(&bad, "memcpy_async", t, 1, got[t * NW + 1],
               (unsigned)in[((b + 1) % GRID) * BLOCK + BLOCK - 1 - r]);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    CHECK(cudaFree(ddout));
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
