// gemm_tensor: tensor-core GEMM throughput, C (f32) = A (f16) * B (f16),
// 512 x 512 x 512 by default (argument: the size, a multiple of 8), with
// the CUTLASS-style kernel of tests/cuda/gemm_tensor_kernel.cuh: cp.async
// double buffering, ldmatrix, mma.sync.m16n8k16. Self-checked against a
// double CPU reference (tolerance in gemm_check.cuh). Prints
// "flops: 2*M*N*K" for tests/run-bench.sh, which divides it by the host
// seconds the simulation took.
#include <cstdlib>
#include "../cuda/gemm_check.cuh"

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 512;
    if (n <= 0 || n % 8 != 0) {
        printf("size must be a positive multiple of 8\nFAIL\n");
        return 1;
    }
    int bad = gemm_run_check(n, n, n, 12345u);
    if (bad < 0)
        return 1;
    printf("flops: %.0f\n", 2.0 * n * n * n);
    printf(bad ? "FAIL\n" : "PASS\n");
    return bad != 0;
}
