// recursion: real recursive device calls on a per-thread stack: fibonacci
// (two recursive calls per frame, divergent depths across lanes), a
// recursive walk of a binary tree stored in global memory, and mutual
// recursion (is_even/is_odd).
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

struct Node {
    int value;
    int left, right;   // indices, -1 for none
};

__device__ __noinline__ int fib(int n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

// sum of the values in the subtree at i, and its depth through *depth
__device__ __noinline__ long long tree_sum(const Node *t, int i, int *depth)
{
    if (i < 0) {
        *depth = 0;
        return 0;
    }
    int dl, dr;
    long long s = t[i].value + tree_sum(t, t[i].left, &dl) + tree_sum(t, t[i].right, &dr);
    *depth = 1 + (dl > dr ? dl : dr);
    return s;
}

__device__ __noinline__ bool is_odd(unsigned n);
__device__ __noinline__ bool is_even(unsigned n)
{
    return n == 0 ? true : is_odd(n - 1);
}
__device__ __noinline__ bool is_odd(unsigned n)
{
    return n == 0 ? false : is_even(n - 1);
}

__global__ void kern(const Node *t, int nodes, long long *out)
{
    int i = threadIdx.x;
    int d;
    out[4 * i + 0] = fib(i % 16);
    out[4 * i + 1] = tree_sum(t, i % nodes, &d);
    out[4 * i + 2] = d;
    out[4 * i + 3] = is_even((unsigned)i % 23);
}

static int h_fib(int n) { return n < 2 ? n : h_fib(n - 1) + h_fib(n - 2); }

static long long h_sum(const Node *t, int i, int *depth)
{
    if (i < 0) {
        *depth = 0;
        return 0;
    }
    int dl, dr;
    long long s = t[i].value + h_sum(t, t[i].left, &dl) + h_sum(t, t[i].right, &dr);
    *depth = 1 + (dl > dr ? dl : dr);
    return s;
}

int main()
{
    const int nodes = 40, threads = 64;
    Node h[nodes];
    // a lopsided tree: node k's children are 2k+1 and 2k+2 for small k, and a
    // long right spine for the rest
    for (int k = 0; k < nodes; k++) {
        h[k].value = k * 7 + 3;
        h[k].left = 2 * k + 1 < 15 ? 2 * k + 1 : -1;
        h[k].right = 2 * k + 2 < 15 ? 2 * k + 2 : (k >= 7 && k + 8 < nodes ? k + 8 : -1);
    }
    Node *dt;
    long long *dout, out[4 * threads];
    CHECK(cudaMalloc(&dt, sizeof h));
    CHECK(cudaMalloc(&dout, sizeof out));
    CHECK(cudaMemcpy(dt, h, sizeof h, cudaMemcpyHostToDevice));
    kern<<<1, threads>>>(dt, nodes, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < threads; i++) {
        int d;
        long long s = h_sum(h, i % nodes, &d);
        long long want[4] = { h_fib(i % 16), s, d, ((unsigned)i % 23) % 2 == 0 };
        for (int k = 0; k < 4; k++)
            if (out[4 * i + k] != want[k] && bad++ < 5)
                printf("thread %d value %d: got %lld, want %lld\n", i, k, out[4 * i + k], want[k]);
    }
    CHECK(cudaFree(dt));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
