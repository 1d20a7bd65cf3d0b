// event_timing: events around kernels of growing size in the default
// stream: elapsed times are positive, grow with the work, add up, and the
// unrecorded / not-ready cases give CUDA's errors.
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

__global__ void work(float *p, int n, int iters)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float x = p[i];
        for (int k = 0; k < iters; k++)
            x = x * 0.999f + 1.0f;
        p[i] = x;
    }
}

int main(void)
{
    const int N = 4096;
    float *d;
    cudaEvent_t ev[4], fresh;
    CHECK(cudaMalloc(&d, N * sizeof(float)));
    CHECK(cudaMemset(d, 0, N * sizeof(float)));
    for (int i = 0; i < 4; i++)
        CHECK(cudaEventCreate(&ev[i]));
    CHECK(cudaEventCreateWithFlags(&fresh, cudaEventBlockingSync));
    int bad = 0;
    float ms;
    if (cudaEventElapsedTime(&ms, ev[0], fresh) != cudaErrorInvalidResourceHandle) {
        printf("elapsed time of unrecorded events\n");
        bad++;
    }
    cudaGetLastError();
    CHECK(cudaEventQuery(fresh));   // never recorded: success

    CHECK(cudaEventRecord(ev[0]));
    work<<<N / 128, 128>>>(d, N, 10);
    CHECK(cudaEventRecord(ev[1]));
    work<<<N / 128, 128>>>(d, N, 100);
    CHECK(cudaEventRecord(ev[2]));
    work<<<N / 128, 128>>>(d, N, 10);
    CHECK(cudaEventRecord(ev[3]));
    CHECK(cudaEventSynchronize(ev[3]));

    float t01, t12, t23, t03;
    CHECK(cudaEventElapsedTime(&t01, ev[0], ev[1]));
    CHECK(cudaEventElapsedTime(&t12, ev[1], ev[2]));
    CHECK(cudaEventElapsedTime(&t23, ev[2], ev[3]));
    CHECK(cudaEventElapsedTime(&t03, ev[0], ev[3]));
    printf("elapsed: %.6f %.6f %.6f ms (total %.6f)\n", t01, t12, t23, t03);
    if (!(t01 > 0 && t12 > t01 && t23 > 0 && t03 >= t01 + t12)) {
        printf("times are not positive and growing with the work\n");
        bad++;
    }
    float sum = t01 + t12 + t23;
    if (sum - t03 > 1e-3f * t03 || t03 - sum > 1e-3f * t03) {
        printf("times do not add up\n");
        bad++;
    }
    if (t01 != t23) {   // the same kernel takes the same simulated time
        printf("identical kernels took %.6f and %.6f ms\n", t01, t23);
        bad++;
    }
    CHECK(cudaEventElapsedTime(&ms, ev[3], ev[0]));   // negative is allowed
    if (ms > 0) {
        printf("reverse order gave %.6f\n", ms);
        bad++;
    }
    for (int i = 0; i < 4; i++)
        CHECK(cudaEventDestroy(ev[i]));
    CHECK(cudaEventDestroy(fresh));
    if (cudaEventQuery(ev[0]) != cudaErrorInvalidResourceHandle) {
        printf("a destroyed event is still accepted\n");
        bad++;
    }
    cudaGetLastError();
    CHECK(cudaFree(d));
    printf(bad ? "FAIL\n" : "PASS\n");
    return bad != 0;
}
