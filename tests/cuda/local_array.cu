// local_array: per-thread arrays indexed with data-dependent subscripts, so
// they must live in local memory (ld.local / st.local): a 16-bin histogram
// of each thread's 40 input values, a small double array, and a lookup into
// both with indices read from memory.
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

#define PER 40
#define BINS 16

__global__ void local_hist(const unsigned *in, unsigned *out, double *dout, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    int hist[BINS];
    double w[8];
    for (int b = 0; b < BINS; b++)
        hist[b] = 0;
    for (int k = 0; k < 8; k++)
        w[k] = 0.5 * k;
    for (int j = 0; j < PER; j++) {
        unsigned v = in[i * PER + j];
        hist[v % BINS] += (int)(v >> 8) % 5 + 1;
        w[(v >> 4) & 7] += 1.25;
    }
    int sel = in[i * PER] >> 12; // data-dependent read-back indices
    unsigned acc = 0; // wraps: unsigned keeps that defined
    for (int b = 0; b < BINS; b++)
        acc = acc * 3 + hist[(b + sel) % BINS];
    out[i] = acc;
    dout[i] = w[sel & 7] - w[(sel >> 3) & 7];
}

int main(void)
{
    const int n = 700;
    std::vector<unsigned> in(n * PER);
    std::vector<unsigned> out(n);
    std::vector<double> dout(n);
    for (int i = 0; i < n * PER; i++)
        in[i] = ((unsigned)i * 2654435761u) >> 16;

    unsigned *din;
    unsigned *dout_i;
    double *dout_d;
    CHECK(cudaMalloc(&din, in.size() * sizeof(unsigned)));
    CHECK(cudaMalloc(&dout_i, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&dout_d, n * sizeof(double)));
    CHECK(cudaMemcpy(din, in.data(), in.size() * sizeof(unsigned), cudaMemcpyHostToDevice));

    local_hist<<<(n + 127) / 128, 128>>>(din, dout_i, dout_d, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dout_i, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(dout.data(), dout_d, n * sizeof(double), cudaMemcpyDeviceToHost));

    int bad = 0;
    for (int i = 0; i < n; i++) {
        int hist[BINS] = {0};
        double w[8];
        for (int k = 0; k < 8; k++)
            w[k] = 0.5 * k;
        for (int j = 0; j < PER; j++) {
            unsigned v = in[i * PER + j];
            hist[v % BINS] += (int)(v >> 8) % 5 + 1;
            w[(v >> 4) & 7] += 1.25;
        }
        int sel = (int)(in[i * PER] >> 12);
        unsigned acc = 0;
        for (int b = 0; b < BINS; b++)
            acc = acc * 3 + hist[(b + sel) % BINS];
        double want_d = w[sel & 7] - w[(sel >> 3) & 7];
        if (out[i] != acc || dout[i] != want_d) { // sums of multiples of 0.25: exact
            if (bad < 5)
                printf("thread %d: got %u / %g, expected %u / %g\n", i, out[i], dout[i], acc,
                       want_d);
            bad++;
        }
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout_i));
    CHECK(cudaFree(dout_d));
    if (bad) {
        printf("local_array: %d of %d threads wrong\nFAIL\n", bad, n);
        return 1;
    }
    printf("local_array: %d threads x %d values, out[0] = %u\nPASS\n", n, PER, out[0]);
    return 0;
}
