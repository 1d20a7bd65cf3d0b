// memcpy3d: cudaMalloc3D, cudaMemcpy3D with source and destination offsets
// both ways, cudaMemcpy3DAsync, cudaMemset3D and cudaMemset2D, each checked
// against a CPU model of the same pitched volume; an array operand fails.
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>

#include "check.cuh"

#define W 20
#define H 6
#define D 5

__global__ void touch(cudaPitchedPtr p, int depth)
{
    int x = threadIdx.x, y = blockIdx.x, z = blockIdx.y;
    if (x < W && y < H && z < depth) {
        unsigned char *row = (unsigned char *)p.ptr + (z * p.ysize + y) * p.pitch;
        row[x] = (unsigned char)(row[x] + 1);
    }
}

int main()
{
    static unsigned char host[D][H][W], back[D][H][W], model[D][H][W];
    for (int z = 0; z < D; z++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                host[z][y][x] = (unsigned char)(z * 50 + y * 7 + x);
    cudaPitchedPtr dev;
    cudaExtent ext = make_cudaExtent(W, H, D);
    CHECK(cudaMalloc3D(&dev, ext));
    REQUIRE(dev.pitch >= W && dev.xsize == W && dev.ysize == H);
    CHECK(cudaMemset3D(dev, 0, ext));
    cudaMemcpy3DParms p = {};
    p.srcPtr = make_cudaPitchedPtr(host, W, W, H);
    p.dstPtr = dev;
    p.extent = ext;
    p.kind = cudaMemcpyHostToDevice;
    CHECK(cudaMemcpy3D(&p));
    touch<<<dim3(H, D), 32>>>(dev, D);
    CHECK(cudaDeviceSynchronize());
    memcpy(model, host, sizeof model);
    for (int z = 0; z < D; z++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                model[z][y][x]++;
    // copy a box back with offsets on both sides
    memset(back, 0, sizeof back);
    cudaMemcpy3DParms q = {};
    q.srcPtr = dev;
    q.srcPos = make_cudaPos(3, 1, 2);
    q.dstPtr = make_cudaPitchedPtr(back, W, W, H);
    q.dstPos = make_cudaPos(5, 2, 0);
    q.extent = make_cudaExtent(9, 4, 3);
    q.kind = cudaMemcpyDeviceToHost;
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaMemcpy3DAsync(&q, s));
    CHECK(cudaStreamSynchronize(s));
    for (int z = 0; z < D; z++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                bool in = z < 3 && y >= 2 && y < 6 && x >= 5 && x < 14;
                int want = in ? model[z + 2][y - 1][x - 2] : 0;
                if (back[z][y][x] != want) {
                    printf("back[%d][%d][%d] = %d, expected %d\nFAIL\n", z, y, x,
                           back[z][y][x], want);
                    return 1;
                }
            }
    // memset a sub-volume (the first 7 bytes of 4 rows of 3 slices), 2D on slice 4
    cudaPitchedPtr sub = dev;
    CHECK(cudaMemset3DAsync(sub, 0xee, make_cudaExtent(7, 4, 3), s));
    unsigned char *slice4 = (unsigned char *)dev.ptr + 4 * dev.pitch * H;
    CHECK(cudaMemset2DAsync(slice4 + dev.pitch, dev.pitch, 0x11, 3, 2, s));
    CHECK(cudaStreamSynchronize(s));
    for (int z = 0; z < 3; z++)
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 7; x++)
                model[z][y][x] = 0xee;
    for (int y = 1; y < 3; y++)
        for (int x = 0; x < 3; x++)
            model[4][y][x] = 0x11;
    p.srcPtr = dev;
    p.dstPtr = make_cudaPitchedPtr(back, W, W, H);
    p.kind = cudaMemcpyDefault;
    CHECK(cudaMemcpy3D(&p));
    REQUIRE(memcmp(back, model, sizeof back) == 0);
    // errors
    cudaMemcpy3DParms bad = p;
    bad.extent = make_cudaExtent(W, H, D + 1);
    EXPECT(cudaMemcpy3D(&bad), cudaErrorInvalidValue);
    bad = p;
    bad.dstPtr = make_cudaPitchedPtr(back, W, W, H);
    bad.srcPtr = dev;
    bad.srcPos = make_cudaPos(dev.pitch - 2, 0, 0);
    bad.extent = make_cudaExtent(4, 1, 1);
    EXPECT(cudaMemcpy3D(&bad), cudaErrorInvalidValue);
    bad = p;
    bad.dstArray = (cudaArray_t)16;   // both an array and a pointer
    EXPECT(cudaMemcpy3D(&bad), cudaErrorInvalidValue);
    bad.dstPtr = make_cudaPitchedPtr(NULL, 0, 0, 0);   // not a live array
    EXPECT(cudaMemcpy3D(&bad), cudaErrorInvalidValue);
    EXPECT(cudaMemset2D(dev.ptr, 8, 0, 9, 2), cudaErrorInvalidValue);
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(dev.ptr));
    printf("PASS\n");
    return 0;
}
