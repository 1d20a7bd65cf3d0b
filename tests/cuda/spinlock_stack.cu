// ENV: COBALT_RECONV=stack COBALT_SPIN_LIMIT=100000
// spinlock_stack: the intra-warp spin lock of spinlock_intrawarp.cu under
// the pre-Volta reconvergence stack (COBALT_RECONV=stack, set by the ENV
// line above for tests/run-e2e.sh). There the lane holding the lock waits
// at the loop exit for its spinning warp-mates, which never get the lock:
// a livelock that Pascal-class hardware hangs on. Cobalt must report it
// (cudaErrorLaunchFailure and a message naming the spinning and waiting
// lanes, see spinlock_stack.expect-stderr) instead of hanging. PASS means
// the livelock was reported.
#include <cstdio>
#include <cuda_runtime.h>

extern "C" __global__ void stack_spinlock(int *lock, volatile int *counter)
{
    while (atomicCAS(lock, 0, 1) != 0)
        ;
    *counter += 1;
    __threadfence();
    atomicExch(lock, 0);
}

int main()
{
    int *lock = nullptr, *counter = nullptr;
    if (cudaMalloc(&lock, sizeof(int)) != cudaSuccess ||
        cudaMalloc(&counter, sizeof(int)) != cudaSuccess ||
        cudaMemset(lock, 0, sizeof(int)) != cudaSuccess ||
        cudaMemset(counter, 0, sizeof(int)) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    stack_spinlock<<<1, 32>>>(lock, counter);
    cudaError_t launch = cudaGetLastError();
    cudaError_t sync = cudaDeviceSynchronize();
    printf("launch: %s, synchronize: %s\n", cudaGetErrorName(launch), cudaGetErrorName(sync));
    if (launch != cudaErrorLaunchFailure && sync != cudaErrorLaunchFailure) {
        printf("expected cudaErrorLaunchFailure (the livelock report)\nFAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
