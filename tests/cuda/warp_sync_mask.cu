// warp_sync_mask: the membermask of shfl/vote/redux/match.sync under
// independent thread scheduling (sm_70+ semantics):
//  * kernel `branches`: an if/else on an irregular lane set A; each side
//    runs shfl, ballot, any, all, redux and match with a mask naming only
//    its own lanes, and must see only those lanes;
//  * kernel `tiles`: a converged warp whose lanes pass different masks (two
//    16-lane tiles, as cooperative groups do): each tile gets its own
//    ballot / reduction / match (and a constant-true ballot, which nvcc
//    writes as `mov.pred %p, -1`);
//  * kernel `paths`: one __noinline__ function holding full-mask shfl,
//    ballot and reduce, called from both sides of an if: the lanes reach
//    the same instructions on different paths and must meet and exchange.
// Every value is checked against a CPU model of the documented semantics.
#include <cstdio>
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

enum { THREADS = 64, FIELDS = 12 };
static const unsigned kSetA = 0x5a3c96e1u;

__global__ void branches(const unsigned *in, unsigned *out)
{
    int t = threadIdx.x, lane = t & 31;
    unsigned v = in[t];
    unsigned *o = out + t * FIELDS;
    if ((kSetA >> lane) & 1) {
        const unsigned m = kSetA;
        o[0] = __shfl_sync(m, v, 31 - __clz(m));        // highest lane of A
        o[1] = __ballot_sync(m, v & 1);
        o[2] = __any_sync(m, v > 90);
        o[3] = __all_sync(m, v > 3);
        o[4] = __reduce_add_sync(m, v);
        o[5] = __reduce_min_sync(m, v);
        o[6] = (unsigned)__reduce_max_sync(m, (int)v - 50);
        o[7] = __reduce_xor_sync(m, v);
        o[8] = __match_any_sync(m, v % 4);
        int p;
        o[9] = __match_all_sync(m, v > 1000, &p);        // false everywhere: all match
        o[10] = (unsigned)p;
    } else {
        const unsigned m = ~kSetA;
        o[0] = __shfl_sync(m, v * 2, __ffs(m) - 1);     // lowest lane of ~A
        o[1] = __ballot_sync(m, v > 50);
        o[2] = __any_sync(m, v == 1000);
        o[3] = __all_sync(m, v < 101);
        o[4] = __reduce_and_sync(m, v | 0x80u);
        o[5] = __reduce_or_sync(m, v);
        o[6] = __reduce_max_sync(m, v);
        o[7] = (unsigned)__reduce_min_sync(m, 30 - (int)v);
        o[8] = __match_any_sync(m, v % 3);
        int p;
        o[9] = __match_all_sync(m, v, &p);               // values differ: no match
        o[10] = (unsigned)p + 2;
    }
}

__global__ void tiles(const unsigned *in, unsigned *out)
{
    int t = threadIdx.x, lane = t & 31;
    unsigned v = in[t];
    unsigned *o = out + t * FIELDS;
    unsigned m = lane < 16 ? 0x0000ffffu : 0xffff0000u;
    o[0] = __shfl_xor_sync(m, v, 5);
    o[1] = __ballot_sync(m, v & 1);
    o[2] = __any_sync(m, v > 95);
    o[3] = __all_sync(m, v > 2);
    o[4] = __reduce_add_sync(m, v);
    o[5] = __reduce_min_sync(m, v);
    o[6] = __reduce_max_sync(m, v);
    o[7] = __reduce_or_sync(m, v);
    o[8] = __match_any_sync(m, v % 2);
    int p;
    o[9] = __match_all_sync(m, lane >> 4, &p);           // each tile: one value
    o[10] = (unsigned)p;
    o[11] = __ballot_sync(m, 1);                         // nvcc: mov.pred %p, -1
}

__device__ __noinline__ unsigned meet(unsigned x, unsigned *o)
{
    int lane = threadIdx.x & 31;
    o[0] = __shfl_sync(0xffffffffu, x, lane ^ 1);        // partner came the other way
    o[1] = __ballot_sync(0xffffffffu, x > 100);
    o[2] = __reduce_add_sync(0xffffffffu, x);
    return x + 1;
}

__global__ void paths(const unsigned *in, unsigned *out, unsigned *side)
{
    int t = threadIdx.x, lane = t & 31;
    unsigned v = in[t];
    unsigned *o = out + t * FIELDS;
    if (lane & 1) {
        side[t] = 1;                      // different work on each side ...
        o[3] = meet(v + 200, o);          // ... and a different argument
    } else {
        o[3] = meet(v, o) * 3;
        side[t] = 2;
    }
}

static unsigned lowest(unsigned m) { return (unsigned)__builtin_ctz(m); }
static unsigned highest(unsigned m) { return 31u - (unsigned)__builtin_clz(m); }

// CPU models, one warp (v = its 32 inputs)
static void model_branches(const unsigned *v, unsigned *want)
{
    for (unsigned l = 0; l < 32; l++) {
        bool a = (kSetA >> l) & 1;
        unsigned m = a ? kSetA : ~kSetA, *o = want + l * FIELDS;
        unsigned ballot = 0, any = 0, all = 1, acc = 0, acc2 = 0, same = 0, allsame = 1;
        int sacc = 0;
        bool first = true;
        for (unsigned k = 0; k < 32; k++) {
            if (!((m >> k) & 1))
                continue;
            if (a) {
                ballot |= (unsigned)(v[k] & 1) << k;
                any |= v[k] > 90;
                all &= v[k] > 3;
                acc = first ? v[k] : acc + v[k];
                acc2 = first ? v[k] : (v[k] < acc2 ? v[k] : acc2);
                int s = (int)v[k] - 50;
                sacc = first || s > sacc ? s : sacc;
                same |= (unsigned)(v[k] % 4 == v[l] % 4) << k;
            } else {
                ballot |= (unsigned)(v[k] > 50) << k;
                any |= v[k] == 1000;
                all &= v[k] < 101;
                acc = first ? (v[k] | 0x80u) : acc & (v[k] | 0x80u);
                acc2 = first ? v[k] : acc2 | v[k];
                unsigned mx = first ? v[k] : (v[k] > (unsigned)sacc ? v[k] : (unsigned)sacc);
                sacc = (int)mx;
                same |= (unsigned)(v[k] % 3 == v[l] % 3) << k;
                allsame &= v[k] == v[lowest(m)];
            }
            first = false;
        }
        o[0] = a ? v[highest(m)] : v[lowest(m)] * 2;
        o[1] = ballot;
        o[2] = any;
        o[3] = all;
        o[4] = acc;
        if (a) {
            unsigned x = 0;
            for (unsigned k = 0; k < 32; k++)
                if ((m >> k) & 1)
                    x ^= v[k];
            o[5] = acc2;
            o[6] = (unsigned)sacc;
            o[7] = x;
            o[9] = m;
            o[10] = 1;
        } else {
            int mn = 0;
            bool f = true;
            for (unsigned k = 0; k < 32; k++)
                if ((m >> k) & 1) {
                    int s = 30 - (int)v[k];
                    mn = f || s < mn ? s : mn;
                    f = false;
                }
            o[5] = acc2;
            o[6] = (unsigned)sacc;
            o[7] = (unsigned)mn;
            o[9] = allsame ? m : 0;
            o[10] = allsame + 2;
        }
        o[8] = same;
    }
}

static void model_tiles(const unsigned *v, unsigned *want)
{
    for (unsigned l = 0; l < 32; l++) {
        unsigned m = l < 16 ? 0x0000ffffu : 0xffff0000u, *o = want + l * FIELDS;
        unsigned ballot = 0, any = 0, all = 1, sum = 0, mn = ~0u, mx = 0, orv = 0, same = 0;
        for (unsigned k = 0; k < 32; k++) {
            if (!((m >> k) & 1))
                continue;
            ballot |= (v[k] & 1) << k;
            any |= v[k] > 95;
            all &= v[k] > 2;
            sum += v[k];
            mn = v[k] < mn ? v[k] : mn;
            mx = v[k] > mx ? v[k] : mx;
            orv |= v[k];
            same |= (unsigned)(v[k] % 2 == v[l] % 2) << k;
        }
        o[0] = v[l ^ 5];
        o[1] = ballot;
        o[2] = any;
        o[3] = all;
        o[4] = sum;
        o[5] = mn;
        o[6] = mx;
        o[7] = orv;
        o[8] = same;
        o[9] = m;
        o[10] = 1;
        o[11] = m;
    }
}

static void model_paths(const unsigned *v, unsigned *want)
{
    unsigned x[32], ballot = 0, sum = 0;
    for (unsigned l = 0; l < 32; l++) {
        x[l] = (l & 1) ? v[l] + 200 : v[l];
        ballot |= (unsigned)(x[l] > 100) << l;
        sum += x[l];
    }
    for (unsigned l = 0; l < 32; l++) {
        unsigned *o = want + l * FIELDS;
        for (unsigned f = 0; f < FIELDS; f++)
            o[f] = 0;
        o[0] = x[l ^ 1];
        o[1] = ballot;
        o[2] = sum;
        o[3] = (l & 1) ? x[l] + 1 : (x[l] + 1) * 3;
    }
}

static int compare(const char *kernel, const unsigned *out, const unsigned *want)
{
    int bad = 0;
    for (int i = 0; i < THREADS * FIELDS; i++)
        if (out[i] != want[i] && bad++ < 10)
            printf("%s: thread %d field %d: got 0x%x, expected 0x%x\n", kernel, i / FIELDS,
                   i % FIELDS, out[i], want[i]);
    return bad;
}

int main()
{
    static unsigned in[THREADS], out[THREADS * FIELDS], want[THREADS * FIELDS];
    for (int t = 0; t < THREADS; t++)
        in[t] = (unsigned)((t * 37 + 11) % 101);
    unsigned *din, *dout, *dside;
    CHECK(cudaMalloc(&din, sizeof in));
    CHECK(cudaMalloc(&dout, sizeof out));
    CHECK(cudaMalloc(&dside, THREADS * sizeof(unsigned)));
    CHECK(cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice));
    int bad = 0;
    for (int k = 0; k < 3; k++) {
        CHECK(cudaMemset(dout, 0, sizeof out));
        const char *name = k == 0 ? "branches" : k == 1 ? "tiles" : "paths";
        if (k == 0)
            branches<<<1, THREADS>>>(din, dout);
        else if (k == 1)
            tiles<<<1, THREADS>>>(din, dout);
        else
            paths<<<1, THREADS>>>(din, dout, dside);
        CHECK(cudaGetLastError());
        CHECK(cudaDeviceSynchronize());
        CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
        for (int w = 0; w < THREADS / 32; w++) {
            unsigned *o = want + w * 32 * FIELDS;
            if (k == 0)
                model_branches(in + w * 32, o);
            else if (k == 1)
                model_tiles(in + w * 32, o);
            else
                model_paths(in + w * 32, o);
        }
        bad += compare(name, out, want);
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    CHECK(cudaFree(dside));
    printf("PASS\n");
    return 0;
}
