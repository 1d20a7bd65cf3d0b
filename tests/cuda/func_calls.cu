// func_calls: __noinline__ device functions called as real calls: scalar
// arguments of every size, a struct passed by value and one returned, calls
// in divergent code, early returns, a function calling another, and a
// function with a local array (a frame with .local storage).
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

struct Triple {
    double x;
    long long y;
    int z;
};

__device__ __noinline__ long long mix(char c, short s, int i, long long l, float f, double d)
{
    return (long long)c * 1000003 + (long long)s * 100003 + (long long)i * 7 + l * 11 + (long long)(f * 4.0f) +
           (long long)(d * 8.0);
}

__device__ __noinline__ Triple make_triple(int i, Triple t)
{
    Triple r;
    r.x = t.x * 2.0 + i;
    r.y = t.y - i;
    r.z = t.z ^ i;
    return r;
}

// early return in some lanes, a loop in the others
__device__ __noinline__ int collatz_steps(int v)
{
    if (v <= 1)
        return 0;
    int n = 0;
    while (v != 1) {
        v = (v & 1) ? 3 * v + 1 : v / 2;
        n++;
    }
    return n;
}

__device__ __noinline__ int sum_local(int i)
{
    volatile int a[8];
    for (int k = 0; k < 8; k++)
        a[k] = i * k + collatz_steps(k + i % 5);
    int s = 0;
    for (int k = 0; k < 8; k++)
        s += a[(k * 3 + i) & 7];
    return s;
}

__global__ void kern(long long *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    long long r = 0;
    if (i % 3 == 0)
        r = mix((char)i, (short)(i * 2), i * 3, (long long)i << 33, 0.5f * i, 0.25 * i);
    else if (i % 3 == 1)
        r = collatz_steps(i);
    Triple t = { 1.5 * i, (long long)i * 1000, i * 17 };
    Triple u = make_triple(i, t);
    out[4 * i + 0] = r;
    out[4 * i + 1] = (long long)(u.x * 4.0) + u.y;
    out[4 * i + 2] = u.z;
    out[4 * i + 3] = sum_local(i);
}

static long long h_mix(char c, short s, int i, long long l, float f, double d)
{
    return (long long)c * 1000003 + (long long)s * 100003 + (long long)i * 7 + l * 11 + (long long)(f * 4.0f) +
           (long long)(d * 8.0);
}

static int h_collatz(int v)
{
    if (v <= 1)
        return 0;
    int n = 0;
    while (v != 1) {
        v = (v & 1) ? 3 * v + 1 : v / 2;
        n++;
    }
    return n;
}

int main()
{
    const int n = 100;
    long long *d, h[4 * n];
    CHECK(cudaMalloc(&d, sizeof h));
    kern<<<2, 64>>>(d, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        long long r = 0;
        if (i % 3 == 0)
            r = h_mix((char)i, (short)(i * 2), i * 3, (long long)i << 33, 0.5f * i, 0.25 * i);
        else if (i % 3 == 1)
            r = h_collatz(i);
        long long e1 = (long long)((1.5 * i * 2.0 + i) * 4.0) + ((long long)i * 1000 - i);
        long long e2 = (i * 17) ^ i;
        int a[8];
        for (int k = 0; k < 8; k++)
            a[k] = i * k + h_collatz(k + i % 5);
        long long e3 = 0;
        for (int k = 0; k < 8; k++)
            e3 += a[(k * 3 + i) & 7];
        if (h[4 * i] != r || h[4 * i + 1] != e1 || h[4 * i + 2] != e2 || h[4 * i + 3] != e3) {
            if (bad++ < 5)
                printf("i=%d: got %lld %lld %lld %lld, want %lld %lld %lld %lld\n", i, h[4 * i],
                       h[4 * i + 1], h[4 * i + 2], h[4 * i + 3], r, e1, e2, e3);
        }
    }
    CHECK(cudaFree(d));
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
