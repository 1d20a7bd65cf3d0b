// Golden: the device built-ins. printf lowers to SYS.VPRINTF with the
// format and argument buffer in a register quad, assert to SYS.ASSERTFAIL,
// malloc/free to SYS.MALLOC/FREE, __trap to TRAP, __nanosleep to NANOSLEEP.
#include <cassert>
#include <cstdio>
__global__ void hello(int x, int *out)
{
    printf("thread %d: %d\n", threadIdx.x, x);
    printf("no arguments\n");
    assert(x != 3);
    int *p = (int *)malloc(4 * sizeof(int));
    if (p != nullptr) {
        p[0] = x;
        out[threadIdx.x] = p[0];
        free(p);
    }
    __nanosleep(50);
    if (x < 0)
        __trap();
}
