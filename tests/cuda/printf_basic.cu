// Device printf: many conversions, several blocks and threads. Output is
// checked exactly (printf_basic.expect-stdout): per-thread lines come in
// lane order, blocks in order, host lines around the kernel's.
// Block order is only fixed in the deterministic single-thread mode.
// ENV: COBALT_THREADS=1
#include <cstdio>

__global__ void hello(const char *name)
{
    int t = threadIdx.x, b = blockIdx.x;
    printf("block %d thread %d: %s %5.2f|%-4d|%04x|%c\n", b, t, name, t * 1.25f, t, 255 + t,
           'a' + t);
}

__global__ void formats(long long big, double d, const char *s)
{
    unsigned short us = 65535;
    short sh = -2;
    printf("d=%d i=%i u=%u x=%x X=%X o=%o\n", -7, 42, 4000000000u, 0xbeef, 0xbeef, 8);
    printf("lld=%lld llu=%llu hd=%hd hu=%hu\n", big, (unsigned long long)big * 2, sh, us);
    printf("f=%f e=%e g=%g a=%a\n", d, d, d, 1.0);
    printf("s=[%s] [%-8s] [%8s] [%.3s] null=%s\n", s, s, s, s, (const char *)0);
    printf("star=[%*d] [%-*d] prec=[%.*f] pct=%% c=%c\n", 6, 42, 5, 7, 2, 3.14159, 'Z');
    printf("mixed %d %f %lld %d %s %e\n", 1, 2.5f, 3ll, 4, "five", 6.0);
    int n = printf("no args\n");
    printf("printf returned %d\n", n);
}

int main()
{
    printf("host before\n");
    char *name;
    cudaMalloc(&name, 8);
    cudaMemcpy(name, "gpu-one", 8, cudaMemcpyHostToDevice);
    hello<<<2, 4>>>(name);
    if (cudaDeviceSynchronize() != cudaSuccess)
        return 1;
    printf("host between\n");
    formats<<<1, 1>>>(-1234567890123ll, 3.5, name);
    if (cudaDeviceSynchronize() != cudaSuccess)
        return 1;
    printf("host after\n");
    cudaFree(name);
    printf("PASS\n");
    return 0;
}
