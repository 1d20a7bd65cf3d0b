// tests/cuda12/props12.cu — behaves like a program built with CUDA 12:
// built by tests/run-cuda12.sh with -D__NV_LEGACY_LAUNCH (launch through
// cudaLaunchKernel(hostStub, ...)), LZ4-compressed PTX, linked against
// libcudart.so.12. CUDA 12 headers turn cudaGetDeviceProperties into
// cudaGetDeviceProperties_v2 with the 1032-byte CUDA 12 cudaDeviceProp; the
// CUDA 13 headers we compile with have neither, so the struct and the
// declaration are spelled out here (an independent copy of the layout).
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>

struct Prop12 {
    char name[256]; char uuid[16]; char luid[8]; unsigned luidDeviceNodeMask;
    size_t totalGlobalMem, sharedMemPerBlock; int regsPerBlock, warpSize; size_t memPitch;
    int maxThreadsPerBlock, maxThreadsDim[3], maxGridSize[3], clockRate;
    size_t totalConstMem; int major, minor; size_t textureAlignment, texturePitchAlignment;
    int deviceOverlap, multiProcessorCount, kernelExecTimeoutEnabled, integrated,
        canMapHostMemory, computeMode, tex1[3], tex2[2 + 2 + 3 + 2 + 3 + 3 + 1 + 2 + 3 + 2],
        surf[1 + 2 + 3 + 2 + 3 + 1 + 2];
    size_t surfaceAlignment;
    int misc1[16]; size_t sharedMemPerMultiprocessor; int misc2[12]; size_t sharedMemPerBlockOptin;
    int misc3[4]; size_t reservedSharedMemPerBlock; int tail[13 + 63];
};
static_assert(sizeof(Prop12) == 1032, "CUDA 12 cudaDeviceProp is 1032 bytes");
static_assert(offsetof(Prop12, multiProcessorCount) == 388, "offset of multiProcessorCount");
extern "C" cudaError_t cudaGetDeviceProperties_v2(Prop12 *prop, int device);

__global__ void scale(float *x, float a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] *= a;
}

int main()
{
    struct { Prop12 p; unsigned char canary[64]; } buf;
    memset(&buf, 0xA5, sizeof buf);
    if (cudaGetDeviceProperties_v2(&buf.p, 0) != cudaSuccess) { printf("FAIL props\n"); return 1; }
    for (unsigned char c : buf.canary)
        if (c != 0xA5) { printf("FAIL: cudaGetDeviceProperties_v2 wrote past 1032 bytes\n"); return 1; }
    int mp = 0, smem = 0, maj = 0, min = 0;
    cudaDeviceGetAttribute(&mp, cudaDevAttrMultiProcessorCount, 0);
    cudaDeviceGetAttribute(&smem, cudaDevAttrMaxSharedMemoryPerBlock, 0);
    cudaDeviceGetAttribute(&maj, cudaDevAttrComputeCapabilityMajor, 0);
    cudaDeviceGetAttribute(&min, cudaDevAttrComputeCapabilityMinor, 0);
    size_t freeb = 0, total = 0;
    cudaMemGetInfo(&freeb, &total);
    printf("%s sm_%d%d, %d SMs, %zu B shared/block, %zu B global, warp %d, clock %d kHz\n",
           buf.p.name, buf.p.major, buf.p.minor, buf.p.multiProcessorCount,
           buf.p.sharedMemPerBlock, buf.p.totalGlobalMem, buf.p.warpSize, buf.p.clockRate);
    if (!buf.p.name[0] || buf.p.major != maj || buf.p.minor != min || buf.p.multiProcessorCount != mp ||
        buf.p.sharedMemPerBlock != (size_t)smem || buf.p.totalGlobalMem != total ||
        buf.p.warpSize != 32 || buf.p.maxThreadsPerBlock != 1024 || buf.p.clockRate <= 0) {
        printf("FAIL: CUDA 12 layout fields disagree with cudaDeviceGetAttribute\n");
        return 1;
    }
    const int n = 1000;
    float h[n], *d;
    for (int i = 0; i < n; i++) h[i] = (float)i;
    cudaMalloc(&d, sizeof h);
    cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);
    scale<<<(n + 127) / 128, 128>>>(d, 3.0f, n);
    cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    cudaError_t e = cudaGetLastError();
    for (int i = 0; i < n; i++)
        if (h[i] != 3.0f * i) { printf("FAIL h[%d]=%g (%s)\n", i, h[i], cudaGetErrorName(e)); return 1; }
    cudaFree(d);
    printf("PASS\n");
    return 0;
}
