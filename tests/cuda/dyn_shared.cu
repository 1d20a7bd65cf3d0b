// dyn_shared: dynamic shared memory (extern __shared__, size given at
// launch). Each block reverses its slice of the input through shared memory
// and, in a second region of the same buffer placed after the first, keeps
// running prefix sums. Launched twice with different block sizes (64 and a
// non-power-of-two 96) and so different shared sizes.
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

// Shared layout: int rev[blockDim.x] then int scan[blockDim.x]. The slice of
// the last block may be partial: missing elements count as 0.
__global__ void reverse_scan(const int *in, int *rev_out, int *scan_out, int n)
{
    extern __shared__ int smem[];
    int *rev = smem;
    int *scan = smem + blockDim.x;
    int t = threadIdx.x, b = blockDim.x;
    int i = blockIdx.x * b + t;
    int v = i < n ? in[i] : 0;
    rev[b - 1 - t] = v;
    scan[t] = v;
    __syncthreads();
    // Hillis-Steele inclusive scan; read, sync, write, sync avoids races.
    for (int off = 1; off < b; off *= 2) {
        int add = t >= off ? scan[t - off] : 0;
        __syncthreads();
        scan[t] += add;
        __syncthreads();
    }
    if (i < n) {
        rev_out[i] = rev[t];
        scan_out[i] = scan[t];
    }
}

static int run(int block, const std::vector<int> &in, int *din, int *drev, int *dscan)
{
    const int n = (int)in.size();
    std::vector<int> rev(n), scan(n);
    CHECK(cudaMemset(drev, 0, n * sizeof(int)));
    CHECK(cudaMemset(dscan, 0, n * sizeof(int)));
    reverse_scan<<<(n + block - 1) / block, block, 2 * block * sizeof(int)>>>(din, drev, dscan, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(rev.data(), drev, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(scan.data(), dscan, n * sizeof(int), cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int base = 0; base < n; base += block) {
        int sum = 0;
        for (int t = 0; t < block && base + t < n; t++) {
            int j = base + block - 1 - t; // reversed partner, may be past n
            int want_rev = j < n ? in[j] : 0;
            sum += in[base + t];
            if (rev[base + t] != want_rev || scan[base + t] != sum) {
                if (bad < 5)
                    printf("block size %d, element %d: got rev %d scan %d, expected %d %d\n",
                           block, base + t, rev[base + t], scan[base + t], want_rev, sum);
                bad++;
            }
        }
    }
    if (bad)
        printf("block size %d: %d elements wrong\n", block, bad);
    return bad;
}

int main(void)
{
    const int n = 1000;
    std::vector<int> in(n);
    for (int i = 0; i < n; i++)
        in[i] = (i * 37) % 101 - 50;

    int *din, *drev, *dscan;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&drev, n * sizeof(int)));
    CHECK(cudaMalloc(&dscan, n * sizeof(int)));
    CHECK(cudaMemcpy(din, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));

    int bad = run(64, in, din, drev, dscan);
    bad += run(96, in, din, drev, dscan);
    CHECK(cudaFree(din));
    CHECK(cudaFree(drev));
    CHECK(cudaFree(dscan));
    if (bad) {
        printf("dyn_shared: %d problems\nFAIL\n", bad);
        return 1;
    }
    printf("dyn_shared: %d elements with 512 and 768 bytes of dynamic shared memory\nPASS\n", n);
    return 0;
}
