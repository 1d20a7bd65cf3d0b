// global_addr_init: __device__ / __constant__ variables whose static
// initializers hold addresses of other variables (nvcc writes them as
// `generic(var)+offset` in the PTX): a struct with pointers into a
// __device__ array and a __constant__ array, a pointer variable, an array
// of pointers in constant memory, and a pointer that the kernel writes
// through. The loader fills them in once every variable has its address;
// cudaGetSymbolAddress must agree with them.
#include <cstdio>
#include <cuda_runtime.h>

__device__ int gvals[4] = { 10, 20, 30, 40 };
__constant__ int cvals[3] = { 7, 8, 9 };
struct S { int tag; int *p; const int *q; float f; };
__device__ S ds = { 5, gvals + 2, cvals, 1.5f };
__device__ int *gp = &gvals[1];
__constant__ int *const cptrs[3] = { &gvals[3], &gvals[0], &gvals[2] };
__device__ int sink[2];
__device__ int *sinkp[2] = { &sink[1], &sink[0] };

__global__ void kern(int *out)
{
    int i = threadIdx.x;
    out[i] = ds.tag + ds.p[0] + ds.q[i % 3] + *gp + *cptrs[i % 3] + (int)(ds.f * 2);
    if (i < 2)
        *sinkp[i] = 100 + i;
}

int main()
{
    const int n = 32;
    int out[n], *dout;
    if (cudaMalloc(&dout, sizeof out) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<1, n>>>(dout);
    cudaError_t le = cudaGetLastError();
    if (le != cudaSuccess) {
        printf("launch: %s\nFAIL\n", cudaGetErrorName(le));
        return 1;
    }
    cudaError_t e = cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int g[4] = { 10, 20, 30, 40 }, c[3] = { 7, 8, 9 }, cp[3] = { 40, 10, 30 }, bad = 0;
    for (int i = 0; i < n; i++) {
        int want = 5 + g[2] + c[i % 3] + g[1] + cp[i % 3] + 3;
        if (out[i] != want && bad++ < 5)
            printf("out[%d] = %d, want %d\n", i, out[i], want);
    }
    int hs[2];
    if (cudaMemcpyFromSymbol(hs, sink, sizeof hs) != cudaSuccess || hs[0] != 101 || hs[1] != 100) {
        printf("writes through sinkp went wrong\n");
        bad++;
    }
    // the stored addresses are the symbols' device addresses
    void *ag, *ac;
    S hds;
    int *hgp;
    if (cudaGetSymbolAddress(&ag, gvals) != cudaSuccess ||
        cudaGetSymbolAddress(&ac, cvals) != cudaSuccess ||
        cudaMemcpyFromSymbol(&hds, ds, sizeof hds) != cudaSuccess ||
        cudaMemcpyFromSymbol(&hgp, gp, sizeof hgp) != cudaSuccess) {
        printf("symbol queries failed\n");
        bad++;
    } else if (hds.p != (int *)ag + 2 || hds.q != (const int *)ac || hgp != (int *)ag + 1 ||
               hds.tag != 5 || hds.f != 1.5f) {
        printf("ds = {%d, %p, %p, %g}, gp = %p; gvals at %p, cvals at %p\n", hds.tag,
               (void *)hds.p, (const void *)hds.q, hds.f, (void *)hgp, ag, ac);
        bad++;
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
