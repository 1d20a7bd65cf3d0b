// printf (vprintf call sequence) and assert (__assertfail).
#include <cstdio>
#include <cassert>
__global__ void hello(int *data, int n)
{
    int i = threadIdx.x;
    printf("thread %d of %d: %f\n", i, n, (double)data[i] * 0.5);
    assert(data[i] >= 0);
}
