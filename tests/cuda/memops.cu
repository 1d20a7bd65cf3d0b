// memops: the runtime's memory calls and every access width. cudaMemset on
// a sub-range (odd offset and length), cudaMemcpy host->device at an offset,
// device->device, device->host; then one kernel loads and stores 8-, 16-,
// 32-, 64- and 128-bit values (char, short, int, double, int2, float4,
// double2) and sign-/zero-extends the narrow ones.
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

#define N 256

__global__ void widths(const signed char *c, const unsigned char *uc, const short *s,
                       const unsigned short *us, const int2 *i2, const float4 *f4,
                       const double2 *d2, int *iout, short *sout, signed char *cout,
                       float4 *f4out, double2 *d2out, int2 *i2out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= N)
        return;
    iout[4 * i + 0] = c[i];       // sign-extended byte
    iout[4 * i + 1] = uc[i];      // zero-extended byte
    iout[4 * i + 2] = s[i];       // sign-extended half
    iout[4 * i + 3] = us[i];      // zero-extended half
    sout[i] = (short)(s[i] * 3 + c[i]);
    cout[i] = (signed char)(uc[i] + 7);
    float4 f = f4[i];
    f4out[i] = make_float4(f.w, f.z * 2.0f, f.y, f.x - 1.0f);
    double2 d = d2[i];
    d2out[i] = make_double2(d.y, d.x + 0.5);
    int2 v = i2[N - 1 - i];
    i2out[i] = make_int2(v.y, v.x ^ i);
}

int main(void)
{
    // 1. cudaMemset / cudaMemcpy on sub-ranges of one buffer.
    const size_t bytes = 1000;
    std::vector<unsigned char> host(bytes), back(bytes), ref(bytes, 0x11);
    for (size_t j = 0; j < bytes; j++)
        host[j] = (unsigned char)(j * 13 + 5);
    unsigned char *d1, *d2;
    CHECK(cudaMalloc(&d1, bytes));
    CHECK(cudaMalloc(&d2, bytes));
    CHECK(cudaMemset(d1, 0x11, bytes));
    CHECK(cudaMemcpy(d1 + 100, host.data() + 100, 300, cudaMemcpyHostToDevice));
    memcpy(ref.data() + 100, host.data() + 100, 300);
    CHECK(cudaMemset(d1 + 333, 0xc3, 77)); // odd offset and length
    memset(ref.data() + 333, 0xc3, 77);
    CHECK(cudaMemset(d2, 0, bytes));
    CHECK(cudaMemcpy(d2 + 1, d1, bytes - 1, cudaMemcpyDeviceToDevice));
    CHECK(cudaMemcpy(back.data(), d2, bytes, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (size_t j = 0; j < bytes; j++) {
        unsigned char want = j == 0 ? 0 : ref[j - 1];
        if (back[j] != want) {
            if (bad < 5)
                printf("memset/memcpy byte %zu: got 0x%02x, expected 0x%02x\n", j, back[j], want);
            bad++;
        }
    }
    CHECK(cudaFree(d1));
    CHECK(cudaFree(d2));

    // 2. Every access width.
    std::vector<signed char> c(N), cout(N);
    std::vector<unsigned char> uc(N);
    std::vector<short> s(N), sout(N);
    std::vector<unsigned short> us(N);
    std::vector<int2> i2(N), i2out(N);
    std::vector<float4> f4(N), f4out(N);
    std::vector<double2> dd(N), d2out(N);
    std::vector<int> iout(4 * N);
    for (int i = 0; i < N; i++) {
        c[i] = (signed char)(i * 7 - 128);
        uc[i] = (unsigned char)(255 - i);
        s[i] = (short)(i * 301 - 32768);
        us[i] = (unsigned short)(65535 - i * 255);
        i2[i] = make_int2(i * 1000 - 7, -i);
        f4[i] = make_float4(i * 0.5f, -1.0f * i, 3.25f, (float)(i * i));
        dd[i] = make_double2(i * 1.0e10, -0.125 * i);
    }
    signed char *dc, *dcout;
    unsigned char *duc;
    short *ds, *dsout;
    unsigned short *dus;
    int2 *di2, *di2out;
    float4 *df4, *df4out;
    double2 *dd2, *dd2out;
    int *diout;
    CHECK(cudaMalloc(&dc, N));
    CHECK(cudaMalloc(&dcout, N));
    CHECK(cudaMalloc(&duc, N));
    CHECK(cudaMalloc(&ds, N * sizeof(short)));
    CHECK(cudaMalloc(&dsout, N * sizeof(short)));
    CHECK(cudaMalloc(&dus, N * sizeof(unsigned short)));
    CHECK(cudaMalloc(&di2, N * sizeof(int2)));
    CHECK(cudaMalloc(&di2out, N * sizeof(int2)));
    CHECK(cudaMalloc(&df4, N * sizeof(float4)));
    CHECK(cudaMalloc(&df4out, N * sizeof(float4)));
    CHECK(cudaMalloc(&dd2, N * sizeof(double2)));
    CHECK(cudaMalloc(&dd2out, N * sizeof(double2)));
    CHECK(cudaMalloc(&diout, 4 * N * sizeof(int)));
    CHECK(cudaMemcpy(dc, c.data(), N, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(duc, uc.data(), N, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(ds, s.data(), N * sizeof(short), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dus, us.data(), N * sizeof(unsigned short), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(di2, i2.data(), N * sizeof(int2), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(df4, f4.data(), N * sizeof(float4), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dd2, dd.data(), N * sizeof(double2), cudaMemcpyHostToDevice));

    widths<<<N / 64, 64>>>(dc, duc, ds, dus, di2, df4, dd2, diout, dsout, dcout, df4out, dd2out,
                           di2out);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(iout.data(), diout, 4 * N * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(sout.data(), dsout, N * sizeof(short), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(cout.data(), dcout, N, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(f4out.data(), df4out, N * sizeof(float4), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(d2out.data(), dd2out, N * sizeof(double2), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(i2out.data(), di2out, N * sizeof(int2), cudaMemcpyDeviceToHost));

    for (int i = 0; i < N; i++) {
        const float4 f = f4[i];
        const double2 d = dd[i];
        const int2 v = i2[N - 1 - i];
        bool ok = iout[4 * i] == c[i] && iout[4 * i + 1] == uc[i] && iout[4 * i + 2] == s[i] &&
                  iout[4 * i + 3] == us[i] && sout[i] == (short)(s[i] * 3 + c[i]) &&
                  cout[i] == (signed char)(uc[i] + 7) && f4out[i].x == f.w &&
                  f4out[i].y == f.z * 2.0f && f4out[i].z == f.y && f4out[i].w == f.x - 1.0f &&
                  d2out[i].x == d.y && d2out[i].y == d.x + 0.5 && i2out[i].x == v.y &&
                  i2out[i].y == (v.x ^ i);
        if (!ok) {
            if (bad < 5)
                printf("element %d: got ints %d %d %d %d, short %d, char %d, float4 (%g %g %g %g), "
                       "double2 (%g %g), int2 (%d %d)\n",
                       i, iout[4 * i], iout[4 * i + 1], iout[4 * i + 2], iout[4 * i + 3], sout[i],
                       cout[i], f4out[i].x, f4out[i].y, f4out[i].z, f4out[i].w, d2out[i].x,
                       d2out[i].y, i2out[i].x, i2out[i].y);
            bad++;
        }
    }
    void *bufs[] = {dc, dcout, duc, ds, dsout, dus, di2, di2out, df4, df4out, dd2, dd2out, diout};
    for (void *p : bufs)
        CHECK(cudaFree(p));
    if (bad) {
        printf("memops: %d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("memops: memset/memcpy ranges and 8..128-bit accesses on %d elements\nPASS\n", N);
    return 0;
}
