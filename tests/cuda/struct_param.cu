// struct_param: kernels taking structs by value. Params has mixed int,
// double and float-array members; Padded has members of every size in an
// order that forces alignment padding (and so PTX .align'd byte arrays with
// members at odd offsets). The second kernel also takes scalars after the
// struct, so later parameter offsets depend on the struct's size and alignment.
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

struct Params {
    int n;
    double scale;
    float coef[5];
    int offset;
};

struct Padded {
    char c;         // 0, then 7 bytes of padding
    double d;       // 8
    short s;        // 16, then 2 bytes of padding
    int i;          // 20
    long long ll;   // 24
    unsigned char u8; // 32, then 3 bytes of padding
    float f;        // 36
};                  // 40 bytes, 8-aligned

__global__ void use_params(Params p, double *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < p.n)
        out[i] = p.scale * (double)(p.coef[i % 5] + (float)(i + p.offset));
}

// out receives every member (widened to long long / double) followed by a
// copy of the scalars passed after the struct.
__global__ void use_padded(char tag, Padded q, short k, double *dout, long long *iout)
{
    if (threadIdx.x != 0)
        return;
    iout[0] = q.c;
    iout[1] = q.s;
    iout[2] = q.i;
    iout[3] = q.ll;
    iout[4] = q.u8;
    iout[5] = tag;
    iout[6] = k;
    dout[0] = q.d;
    dout[1] = q.f;
}

int main(void)
{
    const int n = 300;
    Params p;
    memset(&p, 0, sizeof p);
    p.n = n;
    p.scale = -0.375;
    for (int j = 0; j < 5; j++)
        p.coef[j] = 1.5f * (float)j - 2.25f;
    p.offset = 1000;

    Padded q;
    memset(&q, 0, sizeof q);
    q.c = -5;
    q.d = 3.0e-7;
    q.s = -12345;
    q.i = 2000000001;
    q.ll = -1234567890123456789LL;
    q.u8 = 250;
    q.f = 6.5e3f;
    const char tag = 'Z';
    const short k = 31000;

    double *dout, *dq;
    long long *diq;
    std::vector<double> out(n), qd(2);
    std::vector<long long> qi(7);
    CHECK(cudaMalloc(&dout, n * sizeof(double)));
    CHECK(cudaMalloc(&dq, 2 * sizeof(double)));
    CHECK(cudaMalloc(&diq, 7 * sizeof(long long)));
    CHECK(cudaMemset(dout, 0, n * sizeof(double)));

    use_params<<<(n + 63) / 64, 64>>>(p, dout);
    CHECK(cudaGetLastError());
    use_padded<<<1, 32>>>(tag, q, k, dq, diq);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dout, n * sizeof(double), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(qd.data(), dq, 2 * sizeof(double), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(qi.data(), diq, 7 * sizeof(long long), cudaMemcpyDeviceToHost));

    // One float add, one exact widening and one double multiply per element:
    // all correctly rounded, so exact comparison is right.
    int bad = 0;
    for (int i = 0; i < n; i++) {
        double want = p.scale * (double)(p.coef[i % 5] + (float)(i + p.offset));
        if (out[i] != want) {
            if (bad < 5)
                printf("use_params out[%d]: got %.17g, expected %.17g\n", i, out[i], want);
            bad++;
        }
    }
    const long long want_i[7] = {q.c, q.s, q.i, q.ll, q.u8, tag, k};
    const char *names[7] = {"c", "s", "i", "ll", "u8", "tag", "k"};
    for (int j = 0; j < 7; j++) {
        if (qi[j] != want_i[j]) {
            printf("use_padded %s: got %lld, expected %lld\n", names[j], qi[j], want_i[j]);
            bad++;
        }
    }
    if (qd[0] != q.d || qd[1] != (double)q.f) {
        printf("use_padded d/f: got %.17g / %.9g, expected %.17g / %.9g\n", qd[0], qd[1], q.d,
               (double)q.f);
        bad++;
    }
    CHECK(cudaFree(dout));
    CHECK(cudaFree(dq));
    CHECK(cudaFree(diq));
    if (bad) {
        printf("struct_param: %d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("struct_param: sizeof(Params) = %zu, sizeof(Padded) = %zu, out[299] = %.17g\nPASS\n",
           sizeof(Params), sizeof(Padded), out[n - 1]);
    return 0;
}
