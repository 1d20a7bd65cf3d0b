// warp_sync_diverged: warp-synchronous intrinsics called from divergent
// branches with explicit member masks, as sm_70+ allows:
//  * shfl, ballot, reduce and __activemask inside each half of an if/else,
//    naming only that half;
//  * __syncwarp() with the full mask in BOTH branches, exchanging data
//    through shared memory across the branches: under independent thread
//    scheduling the first half waits in its __syncwarp until the other half
//    reaches its own, so each half reads what the other wrote (a second
//    __syncwarp keeps each read inside its branch: without it nvcc sinks
//    the two loads into one after the join);
//  * a full-warp ballot and __activemask after the branches (reconverged).
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

enum { THREADS = 128, FIELDS = 8 };

__global__ void diverged(const int *in, int *out)
{
    __shared__ int buf[THREADS];
    int t = threadIdx.x, lane = t & 31, base = t - lane;
    int v = in[t];
    int *o = out + t * FIELDS;
    if (lane < 12) {
        const unsigned m = 0x00000fffu;
        o[0] = __shfl_sync(m, v, (lane + 1) % 12);
        o[1] = (int)__ballot_sync(m, v & 1);
        o[2] = (int)__activemask();
        o[3] = (int)__reduce_add_sync(m, (unsigned)v);
        buf[t] = v * 2;
        __syncwarp();                         // meets the other branch's __syncwarp
        int x = buf[base + 12 + lane];        // written by the other branch
        __syncwarp();                         // keeps the read inside the branch
        o[4] = x + 1;
    } else {
        const unsigned m = 0xfffff000u;
        o[0] = __shfl_down_sync(m, v, 3);
        o[1] = (int)__ballot_sync(m, v > 50);
        o[2] = (int)__activemask();
        o[3] = (int)__reduce_max_sync(m, (unsigned)v);
        buf[t] = v * 3;
        __syncwarp();
        int x = buf[base + (lane - 12) % 12];
        __syncwarp();
        o[4] = x - 1;
    }
    o[5] = (int)__ballot_sync(0xffffffffu, v >= 0);   // inputs are >= 0
    o[6] = (int)__activemask();
    o[7] = __shfl_sync(0xffffffffu, v, 31 - lane);
}

int main()
{
    static int in[THREADS], out[THREADS * FIELDS], want[THREADS * FIELDS];
    for (int t = 0; t < THREADS; t++)
        in[t] = (t * 37 + 11) % 101;
    // CPU model, warp by warp
    for (int w = 0; w < THREADS / 32; w++) {
        const int *v = in + w * 32;
        unsigned lo_ballot = 0, hi_ballot = 0, lo_sum = 0, hi_max = 0;
        for (int l = 0; l < 12; l++) {
            lo_ballot |= (unsigned)(v[l] & 1) << l;
            lo_sum += (unsigned)v[l];
        }
        for (int l = 12; l < 32; l++) {
            hi_ballot |= (unsigned)(v[l] > 50) << l;
            hi_max = (unsigned)v[l] > hi_max ? (unsigned)v[l] : hi_max;
        }
        for (int l = 0; l < 32; l++) {
            int *o = want + (w * 32 + l) * FIELDS;
            bool lo = l < 12;
            int other = lo ? 12 + l : (l - 12) % 12;
            o[0] = lo ? v[(l + 1) % 12] : (l + 3 <= 31 ? v[l + 3] : v[l]);
            o[1] = (int)(lo ? lo_ballot : hi_ballot);
            o[2] = (int)(lo ? 0x00000fffu : 0xfffff000u);
            o[3] = (int)(lo ? lo_sum : hi_max);
            o[4] = lo ? v[other] * 3 + 1 : v[other] * 2 - 1;
            o[5] = -1;
            o[6] = -1;
            o[7] = v[31 - l];
        }
    }
    int *din, *dout;
    CHECK(cudaMalloc(&din, sizeof in));
    CHECK(cudaMalloc(&dout, sizeof out));
    CHECK(cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dout, 0, sizeof out));
    diverged<<<1, THREADS>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    static const char *const names[FIELDS] = { "shfl", "ballot", "activemask", "reduce",
                                               "syncwarp exchange", "ballot after",
                                               "activemask after", "shfl after" };
    int bad = 0;
    for (int i = 0; i < THREADS * FIELDS; i++)
        if (out[i] != want[i] && bad++ < 10)
            printf("thread %d %s: got 0x%x, expected 0x%x\n", i / FIELDS, names[i % FIELDS],
                   (unsigned)out[i], (unsigned)want[i]);
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    printf("PASS\n");
    return 0;
}
