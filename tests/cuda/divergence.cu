// divergence: SIMT control flow that splits warps in every way the
// reconvergence logic must handle: early return in divergent code (also from
// inside nested branches), data-dependent trip counts per lane, loops with
// break and continue, nested if/else on lane bits, a switch, and a
// __syncthreads after a divergent region. Every thread's result is compared
// with a plain C implementation on the host.
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

#define BLOCK 128
#define UNTOUCHED 0x7eadbeef

__global__ void branchy(const int *in, int *out, int *steps, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    int v = in[i];
    if (v % 7 == 3) // about one lane in seven leaves right away
        return;

    // Collatz steps: the trip count differs in every lane; capped by break.
    unsigned x = (unsigned)v;
    int count = 0;
    while (x > 1) {
        if (count >= 120)
            break;
        x = (x & 1) ? 3 * x + 1 : x >> 1;
        count++;
    }

    int acc = 0;
    for (int j = 0; j < (v & 31); j++) {
        if (j % 3 == 0)
            continue;
        if (acc > 200 + (v & 255))
            break;
        acc += j * (v & 7) + 1;
    }

    int lane = threadIdx.x & 31;
    if (lane & 1) {
        if (lane & 2) {
            acc += 100;
            if (v & 4)
                acc -= 7;
            else
                acc *= 2;
        } else {
            acc ^= 0x55;
        }
    } else if (lane < 16) {
        for (int k = 0; k < (lane & 7); k++)
            acc += k * k;
    } else {
        if (v > 600) { // nested early return, leaving steps untouched
            out[i] = acc + count * 3;
            return;
        }
        acc -= 1;
    }

    switch (v & 3) {
    case 0: acc += 11; break;
    case 1: acc *= 3; break;
    case 2: acc -= count; break;
    default: break;
    }

    int k = 0;
    do {
        acc += k;
        k += 1 + (v & 3);
    } while (k < (v & 15));

    out[i] = acc;
    steps[i] = count;
}

// Divergent work, then a barrier, then every thread reads its neighbours'
// results: wrong reconvergence or a barrier that releases early shows here.
__global__ void diverge_then_sync(const int *in, int *out)
{
    __shared__ int s[BLOCK];
    int t = threadIdx.x;
    int v = in[blockIdx.x * BLOCK + t];
    int r;
    if (v & 1) {
        r = 0;
        for (int j = 0; j < (v & 15); j++)
            r += j * v;
    } else if (v & 2) {
        r = v * 3;
    } else {
        r = v;
        while (r < 1000)
            r = r * 2 + 7;
    }
    s[t] = r;
    __syncthreads();
    out[blockIdx.x * BLOCK + t] = s[(t + 1) % BLOCK] - s[(t + BLOCK - 1) % BLOCK] + r;
}

static void branchy_host(const int *in, int *out, int *steps, int i, int lane)
{
    int v = in[i];
    if (v % 7 == 3)
        return;
    unsigned x = (unsigned)v;
    int count = 0;
    while (x > 1 && count < 120) {
        x = (x & 1) ? 3 * x + 1 : x >> 1;
        count++;
    }
    int acc = 0;
    for (int j = 0; j < (v & 31); j++) {
        if (j % 3 == 0)
            continue;
        if (acc > 200 + (v & 255))
            break;
        acc += j * (v & 7) + 1;
    }
    if (lane & 1) {
        if (lane & 2)
            acc = (v & 4) ? acc + 100 - 7 : (acc + 100) * 2;
        else
            acc ^= 0x55;
    } else if (lane < 16) {
        for (int k = 0; k < (lane & 7); k++)
            acc += k * k;
    } else if (v > 600) {
        out[i] = acc + count * 3;
        return;
    } else {
        acc -= 1;
    }
    if ((v & 3) == 0)
        acc += 11;
    else if ((v & 3) == 1)
        acc *= 3;
    else if ((v & 3) == 2)
        acc -= count;
    for (int k = 0;;) {
        acc += k;
        k += 1 + (v & 3);
        if (k >= (v & 15))
            break;
    }
    out[i] = acc;
    steps[i] = count;
}

static int sync_host(const int *in, int i)
{
    int v = in[i];
    if (v & 1) {
        int r = 0;
        for (int j = 0; j < (v & 15); j++)
            r += j * v;
        return r;
    }
    if (v & 2)
        return v * 3;
    int r = v;
    while (r < 1000)
        r = r * 2 + 7;
    return r;
}

int main(void)
{
    const int n = 3000;              // branchy: 24 blocks, the last one partial
    const int nsync = 8 * BLOCK;     // diverge_then_sync: 8 full blocks (nsync <= n)
    std::vector<int> in(n), out(n, UNTOUCHED), steps(n, UNTOUCHED);
    std::vector<int> want_out(n, UNTOUCHED), want_steps(n, UNTOUCHED), sync_out(nsync);
    for (int i = 0; i < n; i++)
        in[i] = (int)(((unsigned)i * 2654435761u) >> 22); // 0..1023

    int *din, *dout, *dsteps, *dsync;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    CHECK(cudaMalloc(&dsteps, n * sizeof(int)));
    CHECK(cudaMalloc(&dsync, nsync * sizeof(int)));
    CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dout, out.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dsteps, steps.data(), n * sizeof(int), cudaMemcpyHostToDevice));

    branchy<<<(n + BLOCK - 1) / BLOCK, BLOCK>>>(din, dout, dsteps, n);
    CHECK(cudaGetLastError());
    diverge_then_sync<<<nsync / BLOCK, BLOCK>>>(din, dsync);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(steps.data(), dsteps, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(sync_out.data(), dsync, nsync * sizeof(int), cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int i = 0; i < n; i++) {
        branchy_host(in.data(), want_out.data(), want_steps.data(), i, (i % BLOCK) & 31);
        if (out[i] != want_out[i] || steps[i] != want_steps[i]) {
            if (bad < 5)
                printf("branchy thread %d (in %d): got out %d steps %d, expected out %d "
                       "steps %d\n",
                       i, in[i], out[i], steps[i], want_out[i], want_steps[i]);
            bad++;
        }
    }
    for (int i = 0; i < nsync; i++) {
        int b = i / BLOCK * BLOCK, t = i % BLOCK;
        int want = sync_host(in.data(), b + (t + 1) % BLOCK) -
                   sync_host(in.data(), b + (t + BLOCK - 1) % BLOCK) + sync_host(in.data(), i);
        if (sync_out[i] != want) {
            if (bad < 5)
                printf("diverge_then_sync thread %d: got %d, expected %d\n", i, sync_out[i], want);
            bad++;
        }
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    CHECK(cudaFree(dsteps));
    CHECK(cudaFree(dsync));
    if (bad) {
        printf("divergence: %d threads wrong\nFAIL\n", bad);
        return 1;
    }
    int early = 0;
    for (int i = 0; i < n; i++)
        early += out[i] == UNTOUCHED;
    printf("divergence: %d + %d threads, %d returned early\nPASS\n", n, nsync, early);
    return 0;
}
