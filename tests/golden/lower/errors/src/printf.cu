// Golden error: device printf lowers to a call of vprintf, which this step
// of the lowering does not support.
#include <cstdio>
__global__ void hello(int x)
{
    printf("thread %d: %d\n", threadIdx.x, x);
}
