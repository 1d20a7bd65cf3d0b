// NVCCFLAGS: -arch=sm_90
// elect_sync: elect.sync d|p, membermask (sm_90) in inline PTX, with a full
// warp, inside divergent code (member mask = the lanes of one branch), with
// a partial mask and with the sink destination "_|p"; and fns.b32 (find
// n-th set bit) against the PTX ISA's own examples and a CPU model.
// PTX only promises a deterministic leader; Cobalt elects the lowest lane
// of the mask, which is what this program expects.
#include <cstdio>
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

#define NT 64

__device__ unsigned elect(unsigned mask, unsigned *leader)
{
    unsigned d, p;
    asm volatile("{\n\t.reg .pred e;\n\t"
                 "elect.sync %0|e, %2;\n\t"
                 "selp.u32 %1, 1, 0, e;\n\t}"
                 : "=r"(d), "=r"(p) : "r"(mask));
    *leader = d;
    return p;
}

__device__ unsigned elect_sink(unsigned mask)
{
    unsigned p;
    asm volatile("{\n\t.reg .pred e;\n\t"
                 "elect.sync _|e, %1;\n\t"
                 "selp.u32 %0, 1, 0, e;\n\t}"
                 : "=r"(p) : "r"(mask));
    return p;
}

__device__ unsigned fns(unsigned mask, unsigned base, int off)
{
    unsigned d;
    asm volatile("fns.b32 %0, %1, %2, %3;" : "=r"(d) : "r"(mask), "r"(base), "r"(off));
    return d;
}

// out[t * 8 + k]: 0 full-warp leader flag, 1 leader id (2 unused); 3/4 in the
// lanes of the branch taken by lanes with (lane % 3 == 1); 5 the sink form
// over the upper half; 6 fns of the PTX examples (packed bytes); 7 fns of
// the lane's own mask, base and offset.
__global__ void k(const unsigned *masks, unsigned *out)
{
    unsigned t = threadIdx.x, lane = t % 32, *o = out + t * 8;
    for (int i = 0; i < 8; i++)
        o[i] = 0xdeadbeef;
    unsigned leader;
    o[0] = elect(0xffffffffu, &leader);
    o[1] = leader;
    if (lane % 3 == 1) {
        o[3] = elect(0x92492492u, &leader);   // lanes 1, 4, 7, ..., 31
        o[4] = leader;
    }
    if (lane >= 16)
        o[5] = elect_sink(0xffff0000u);
    unsigned m = 0xaaaaaaaau;
    o[6] = fns(m, 3, 1) | fns(m, 3, -1) << 8 | fns(m, 2, 1) << 16 | fns(m, 2, -1) << 24;
    o[7] = fns(masks[t], lane, (int)(t % 7) - 3);
}

static unsigned fns_model(unsigned m, unsigned base, int off)
{
    if (off == 0)
        return (m >> base & 1) ? base : 0xffffffffu;
    int count = (off > 0 ? off : -off) - 1, inc = off > 0 ? 1 : -1;
    for (int pos = (int)base; pos >= 0 && pos < 32; pos += inc)
        if (m >> pos & 1) {
            if (count == 0)
                return (unsigned)pos;
            count--;
        }
    return 0xffffffffu;
}

int main()
{
    std::vector<unsigned> masks(NT), out(NT * 8);
    unsigned s = 99;
    for (int i = 0; i < NT; i++) {
        s = s * 1664525u + 1013904223u;
        masks[i] = s ^ (s >> 7);
    }
    unsigned *dm, *dout;
    CHECK(cudaMalloc(&dm, NT * 4));
    CHECK(cudaMalloc(&dout, NT * 8 * 4));
    CHECK(cudaMemcpy(dm, masks.data(), NT * 4, cudaMemcpyHostToDevice));
    k<<<1, NT>>>(dm, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), dout, out.size() * 4, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int t = 0; t < NT; t++) {
        unsigned lane = t % 32;
        const unsigned *o = &out[t * 8];
        unsigned want[8] = { lane == 0, 0, 0xdeadbeef, 0xdeadbeef, 0xdeadbeef, 0xdeadbeef,
                             3u | 3u << 8 | 3u << 16 | 1u << 24,
                             fns_model(masks[t], lane, t % 7 - 3) };
        if (lane % 3 == 1) {
            want[3] = lane == 1;
            want[4] = 1;
        }
        if (lane >= 16)
            want[5] = lane == 16;
        for (int k2 = 0; k2 < 8; k2++)
            if (o[k2] != want[k2] && bad++ < 20)
                printf("thread %d word %d: got 0x%x, want 0x%x\n", t, k2, o[k2], want[k2]);
    }
    CHECK(cudaFree(dm));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
