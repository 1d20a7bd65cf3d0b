// stack_limit: cudaLimitStackSize is the per-thread call stack the kernel
// gets. A recursion 400 calls deep overflows the default stack (a precise
// stack-overflow fault); after cudaDeviceReset and raising the limit the
// same kernel runs to the right answer. cudaDeviceGetLimit reports the value
// in force.
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
#define EXPECT(cond)                                                         \
    do {                                                                     \
        if (!(cond)) {                                                       \
            printf("%s:%d: expected %s\nFAIL\n", __FILE__, __LINE__, #cond); \
            return 1;                                                        \
        }                                                                    \
    } while (0)

// Not a tail call: the addition after the call keeps every frame live.
__device__ __noinline__ unsigned chain(unsigned n, unsigned salt)
{
    if (n == 0)
        return salt;
    return (n ^ salt) + chain(n - 1, salt * 3u + 1u);
}

__global__ void deep(unsigned *out, unsigned depth)
{
    out[threadIdx.x] = chain(depth + threadIdx.x % 4, threadIdx.x);
}

static unsigned h_chain(unsigned n, unsigned salt)
{
    unsigned sum = 0;
    for (; n > 0; n--, salt = salt * 3u + 1u)
        sum += n ^ salt;
    return sum + salt;
}

static cudaError_t run(unsigned depth, unsigned *h)
{
    unsigned *d = nullptr;
    cudaError_t e = cudaMalloc(&d, 32 * sizeof(unsigned));
    if (e == cudaSuccess) {
        deep<<<1, 32>>>(d, depth);
        e = cudaDeviceSynchronize();
    }
    if (e == cudaSuccess)
        e = cudaMemcpy(h, d, 32 * sizeof(unsigned), cudaMemcpyDeviceToHost);
    cudaFree(d);
    return e;
}

int main()
{
    const unsigned depth = 400;
    unsigned h[32];
    size_t stack = 0;
    CHECK(cudaDeviceGetLimit(&stack, cudaLimitStackSize));
    printf("default stack: %zu bytes\n", stack);
    EXPECT(stack > 0 && stack < 16 * 1024);

    cudaError_t e = run(depth, h);
    printf("at the default: %s\n", cudaGetErrorName(e));
    EXPECT(e == cudaErrorIllegalAddress);
    CHECK(cudaDeviceReset());

    CHECK(cudaDeviceSetLimit(cudaLimitStackSize, 128 * 1024));
    CHECK(cudaDeviceGetLimit(&stack, cudaLimitStackSize));
    EXPECT(stack == 128 * 1024);
    EXPECT(cudaDeviceSetLimit(cudaLimitStackSize, (size_t)1 << 40) == cudaErrorInvalidValue);
    CHECK(run(depth, h));
    for (unsigned t = 0; t < 32; t++)
        EXPECT(h[t] == h_chain(depth + t % 4, t));
    printf("PASS\n");
    return 0;
}
