// warp_primitives: warp reductions with __shfl_down_sync (int, float,
// double), __shfl_sync / __shfl_up_sync / __shfl_xor_sync with widths
// below 32, __ballot_sync / __any_sync / __all_sync / __activemask after
// divergence, __reduce_add_sync / min / max / and / or / xor (sm_80),
// __match_any_sync / __match_all_sync and __syncwarp.
#include <cstdio>
#include <cstring>
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

#define FULL 0xFFFFFFFFu
#define NOUT 20

// One warp per 32 inputs; out[warp * NOUT + k] are the warp's results
// (written by lane 0), lane[] per-lane results.
__global__ void prims(const int *in, unsigned *out, unsigned *lane_out, double *dout)
{
    int gid = blockIdx.x * blockDim.x + threadIdx.x;
    int lane = threadIdx.x % 32, warp = gid / 32;
    int v = in[gid];
    float fv = (float)v * 0.5f;
    double dv = (double)v * 0.25;
    int s = v;
    for (int o = 16; o > 0; o >>= 1) {
        s += __shfl_down_sync(FULL, s, o);
        fv += __shfl_down_sync(FULL, fv, o);
        dv += __shfl_down_sync(FULL, dv, o);
    }
    unsigned *w = out + warp * NOUT;
    unsigned ballot = __ballot_sync(FULL, v & 1);
    int any_neg = __any_sync(FULL, v < 0);
    int all_pos = __all_sync(FULL, v > -1000);
    unsigned red_add = __reduce_add_sync(FULL, (unsigned)v);
    int red_min = __reduce_min_sync(FULL, v);
    int red_max = __reduce_max_sync(FULL, v);
    unsigned red_and = __reduce_and_sync(FULL, (unsigned)v | 0x100u);
    unsigned red_or = __reduce_or_sync(FULL, (unsigned)v & 0xFFu);
    unsigned red_xor = __reduce_xor_sync(FULL, (unsigned)v);
    int pred;
    unsigned all_same = __match_all_sync(FULL, warp, &pred);
    __syncwarp();
    if (lane == 0) {
        w[0] = (unsigned)s;
        memcpy(&w[1], &fv, 4);
        w[2] = ballot;
        w[3] = (unsigned)any_neg;
        w[4] = (unsigned)all_pos;
        w[5] = red_add;
        w[6] = (unsigned)red_min;
        w[7] = (unsigned)red_max;
        w[8] = red_and;
        w[9] = red_or;
        w[10] = red_xor;
        w[11] = all_same;
        w[12] = (unsigned)pred;
        dout[warp] = dv;
    }
    // per lane: idx within width 8, up within width 16, xor
    unsigned *l = lane_out + gid * 8;
    l[0] = (unsigned)__shfl_sync(FULL, v, 3, 8);
    l[1] = (unsigned)__shfl_up_sync(FULL, v, 2, 16);
    l[2] = (unsigned)__shfl_xor_sync(FULL, v, 5);
    l[3] = __match_any_sync(FULL, v % 3);
    // divergence: odd lanes only
    l[4] = 0xDEAD;
    l[5] = 0xDEAD;
    l[6] = 0xDEAD;
    if (lane & 1) {
        unsigned m = __activemask();
        l[4] = m;
        l[5] = __ballot_sync(m, v > 0);
        l[6] = __reduce_add_sync(m, 1u);
    }
    l[7] = (unsigned)__shfl_down_sync(FULL, v, 1, 4);
}

int main(void)
{
    const int warps = 8, n = warps * 32;
    std::vector<int> in(n);
    unsigned s = 99;
    for (int i = 0; i < n; i++) {
        s = s * 1664525u + 1013904223u;
        in[i] = (int)(s >> 20) % 500 - 200;
    }
    int *din;
    unsigned *dout, *dlane;
    double *dd;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, warps * NOUT * sizeof(unsigned)));
    CHECK(cudaMalloc(&dlane, n * 8 * sizeof(unsigned)));
    CHECK(cudaMalloc(&dd, warps * sizeof(double)));
    CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    prims<<<2, 128>>>(din, dout, dlane, dd);
    CHECK(cudaGetLastError());
    std::vector<unsigned> out(warps * NOUT), lo(n * 8);
    std::vector<double> dout_h(warps);
    CHECK(cudaMemcpy(out.data(), dout, out.size() * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(lo.data(), dlane, lo.size() * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(dout_h.data(), dd, warps * sizeof(double), cudaMemcpyDeviceToHost));
    int bad = 0;
#define EXPECT(cond, ...)                                     \
    do {                                                      \
        if (!(cond)) {                                        \
            if (bad++ < 10) {                                 \
                printf("check failed: %s: ", #cond);          \
                printf(__VA_ARGS__);                          \
                printf("\n");                                 \
            }                                                 \
        }                                                     \
    } while (0)
    for (int wi = 0; wi < warps; wi++) {
        const int *v = &in[wi * 32];
        const unsigned *w = &out[wi * NOUT];
        int sum = 0, mn = v[0], mx = v[0];
        unsigned ballot = 0, uand = FULL, uor = 0, uxor = 0;
        bool any_neg = false, all_pos = true;
        for (int k = 0; k < 32; k++) {
            sum += v[k];
            mn = v[k] < mn ? v[k] : mn;
            mx = v[k] > mx ? v[k] : mx;
            ballot |= (unsigned)(v[k] & 1) << k;
            any_neg |= v[k] < 0;
            all_pos &= v[k] > -1000;
            uand &= (unsigned)v[k] | 0x100u;
            uor |= (unsigned)v[k] & 0xFFu;
            uxor ^= (unsigned)v[k];
        }
        // the tree sums of halves are exact: v * 0.5 and v * 0.25 are
        // multiples of 0.25 well inside float precision
        float fsum = (float)sum * 0.5f;
        float fgot;
        memcpy(&fgot, &w[1], 4);
        EXPECT((int)w[0] == sum, "warp %d: %d vs %d", wi, (int)w[0], sum);
        EXPECT(fgot == fsum, "warp %d: %g vs %g", wi, fgot, fsum);
        EXPECT(dout_h[wi] == (double)sum * 0.25, "warp %d", wi);
        EXPECT(w[2] == ballot, "warp %d: %08x vs %08x", wi, w[2], ballot);
        EXPECT(w[3] == (unsigned)any_neg && w[4] == (unsigned)all_pos, "warp %d", wi);
        EXPECT(w[5] == (unsigned)sum, "warp %d", wi);
        EXPECT((int)w[6] == mn && (int)w[7] == mx, "warp %d: %d %d", wi, (int)w[6], (int)w[7]);
        EXPECT(w[8] == uand && w[9] == uor && w[10] == uxor, "warp %d", wi);
        EXPECT(w[11] == FULL && w[12] == 1, "warp %d: %08x %u", wi, w[11], w[12]);
        for (int k = 0; k < 32; k++) {
            const unsigned *l = &lo[(wi * 32 + k) * 8];
            EXPECT(l[0] == (unsigned)v[(k & ~7) + 3], "lane %d idx", k);
            int up = (k % 16) >= 2 ? v[k - 2] : v[k];
            EXPECT(l[1] == (unsigned)up, "lane %d up", k);
            EXPECT(l[2] == (unsigned)v[k ^ 5], "lane %d xor", k);
            unsigned same = 0;
            for (int j = 0; j < 32; j++)
                same |= (unsigned)(v[j] % 3 == v[k] % 3) << j;
            EXPECT(l[3] == same, "lane %d match: %08x vs %08x", k, l[3], same);
            if (k & 1) {
                unsigned pos = 0;
                for (int j = 1; j < 32; j += 2)
                    pos |= (unsigned)(v[j] > 0) << j;
                EXPECT(l[4] == 0xAAAAAAAAu, "lane %d activemask %08x", k, l[4]);
                EXPECT(l[5] == pos, "lane %d ballot %08x vs %08x", k, l[5], pos);
                EXPECT(l[6] == 16, "lane %d reduce %u", k, l[6]);
            } else {
                EXPECT(l[4] == 0xDEAD && l[5] == 0xDEAD && l[6] == 0xDEAD, "lane %d", k);
            }
            int down = (k % 4) + 1 < 4 ? v[k + 1] : v[k];
            EXPECT(l[7] == (unsigned)down, "lane %d down4", k);
        }
    }
    cudaFree(din);
    cudaFree(dout);
    cudaFree(dlane);
    cudaFree(dd);
    if (bad) {
        printf("FAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
