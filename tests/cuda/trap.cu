// __trap() aborts the grid: cudaErrorLaunchFailure, sticky. The printf
// output made before the trap is still printed (trap.expect-stdout).
// What other blocks print before the trap stops them is only fixed in the
// deterministic single-thread mode.
// ENV: COBALT_THREADS=1
#include <cstdio>

__global__ void boom(int *out)
{
    int t = threadIdx.x;
    printf("thread %d before the trap\n", t);
    if (t == 3)
        __trap();
    __nanosleep(100);
    out[t] = 1;
}

int main()
{
    int *d;
    cudaMalloc(&d, 4 * sizeof(int));
    boom<<<1, 4>>>(d);
    cudaError_t e = cudaDeviceSynchronize();
    if (e != cudaErrorLaunchFailure) {
        printf("FAIL: synchronize returned %s\n", cudaGetErrorName(e));
        return 1;
    }
    if (cudaDeviceSynchronize() != cudaErrorLaunchFailure) {
        printf("FAIL: the error is not sticky\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
