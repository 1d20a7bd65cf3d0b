// saxpy: y = a * x + y over 100,003 floats (a size that is not a multiple of
// the block), one element per thread with a bounds check.
#include <cmath>
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

__global__ void saxpy(int n, float a, const float *x, float *y)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        y[i] = a * x[i] + y[i];
}

int main(void)
{
    const int n = 100003;
    const float a = 2.5f;
    const size_t bytes = n * sizeof(float);
    std::vector<float> x(n), y(n), out(n);
    for (int i = 0; i < n; i++) {
        x[i] = 0.001f * (float)(i % 4096) - 1.5f;
        y[i] = (float)((i * 37) % 101) / 7.0f;
    }

    float *dx, *dy;
    CHECK(cudaMalloc(&dx, bytes));
    CHECK(cudaMalloc(&dy, bytes));
    CHECK(cudaMemcpy(dx, x.data(), bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dy, y.data(), bytes, cudaMemcpyHostToDevice));

    const int block = 256;
    saxpy<<<(n + block - 1) / block, block>>>(n, a, dx, dy);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(out.data(), dy, bytes, cudaMemcpyDeviceToHost));

    // nvcc contracts a * x + y into one fma, the host rounds twice: allow a
    // couple of ulps.
    int bad = 0;
    for (int i = 0; i < n; i++) {
        float want = a * x[i] + y[i];
        float tol = 2.5e-7f * fmaxf(1.0f, fabsf(want));
        if (!(fabsf(out[i] - want) <= tol)) {
            if (bad < 5)
                printf("mismatch at %d: got %.9g, expected %.9g\n", i, out[i], want);
            bad++;
        }
    }
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    if (bad) {
        printf("saxpy: %d of %d elements wrong\nFAIL\n", bad, n);
        return 1;
    }
    printf("saxpy: %d elements, y[100002] = %g\nPASS\n", n, out[n - 1]);
    return 0;
}
