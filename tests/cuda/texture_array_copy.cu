// NVCCFLAGS: -Wno-deprecated-declarations
// CUDA arrays without textures: allocation shapes and cudaArrayGetInfo,
// every copy into/out of/between arrays (2D, deprecated linear, 3D with
// offsets, stream-ordered and captured into a graph), and error codes.
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>
#include "check.cuh"

enum { W = 16, H = 6 };

int main()
{
    cudaChannelFormatDesc c2 = cudaCreateChannelDesc<short2>();   // 4-byte elements
    cudaArray_t a, b, l, cube;
    CHECK(cudaMallocArray(&a, &c2, W, H));
    CHECK(cudaMallocArray(&b, &c2, W, H));
    CHECK(cudaMalloc3DArray(&l, &c2, make_cudaExtent(W, H, 3), cudaArrayLayered));
    cudaExtent e;
    unsigned fl;
    cudaChannelFormatDesc got;
    CHECK(cudaArrayGetInfo(&got, &e, &fl, l));
    REQUIRE(e.width == W && e.height == H && e.depth == 3 && fl == cudaArrayLayered);
    REQUIRE(got.x == 16 && got.y == 16 && got.z == 0 && got.f == cudaChannelFormatKindSigned);
    EXPECT(cudaMalloc3DArray(&cube, &c2, make_cudaExtent(8, 8, 6), cudaArrayCubemap),
           cudaErrorNotSupported);
    cudaChannelFormatDesc c3 = cudaCreateChannelDesc(8, 8, 8, 0, cudaChannelFormatKindUnsigned);
    EXPECT(cudaMallocArray(&cube, &c3, 4, 4), cudaErrorInvalidChannelDescriptor);
    EXPECT(cudaMallocArray(&cube, &c2, 0, 4), cudaErrorInvalidValue);

    unsigned src[H][W + 3], out[H][W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W + 3; x++)
            src[y][x] = (unsigned)(y * 1000 + x);
    // 2D to array from a pitched host image, array to array, back to host
    CHECK(cudaMemcpy2DToArray(a, 0, 0, src, sizeof src[0], W * 4, H, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy2DArrayToArray(b, 4, 1, a, 0, 0, (W - 1) * 4, H - 1,
                                   cudaMemcpyDeviceToDevice));
    memset(out, 0xff, sizeof out);
    CHECK(cudaMemcpy2DFromArray(out, sizeof out[0], b, 4, 1, (W - 1) * 4, H - 1,
                                cudaMemcpyDeviceToHost));
    for (int y = 0; y < H - 1; y++)
        for (int x = 0; x < W - 1; x++)
            REQUIRE(out[y][x] == src[y][x]);
    EXPECT(cudaMemcpy2DToArray(a, 4, 0, src, sizeof src[0], W * 4, H, cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);   // one element past the right edge
    EXPECT(cudaMemcpy2DToArray(a, 0, 0, src, 8, W * 4, H, cudaMemcpyHostToDevice),
           cudaErrorInvalidPitchValue);

    // deprecated linear copies: rows are contiguous, a range wraps to the next row
    unsigned lin[24], lout[24];
    for (int i = 0; i < 24; i++)
        lin[i] = 7u * i + 1;
    CHECK(cudaMemcpyToArray(a, 8, 2, lin, sizeof lin, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpyArrayToArray(b, 0, 0, a, 8, 2, sizeof lin, cudaMemcpyDeviceToDevice));
    CHECK(cudaMemcpyFromArray(lout, b, 0, 0, sizeof lout, cudaMemcpyDeviceToHost));
    REQUIRE(memcmp(lin, lout, sizeof lin) == 0);
    CHECK(cudaMemcpy2DFromArray(out, sizeof out[0], a, 0, 0, W * 4, H, cudaMemcpyDeviceToHost));
    REQUIRE(out[2][2] == lin[0] && out[3][0] == lin[14] && out[3][9] == lin[23]);
    EXPECT(cudaMemcpyToArray(a, 0, H - 1, lin, sizeof lin, cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);

    // 3D copy into layer 1 of the layered array at an element offset, then
    // stream-ordered copies captured into a graph
    cudaMemcpy3DParms p;
    memset(&p, 0, sizeof p);
    p.srcPtr = make_cudaPitchedPtr(src, sizeof src[0], W, H);
    p.dstArray = l;
    p.dstPos = make_cudaPos(2, 1, 1);
    p.extent = make_cudaExtent(W - 2, H - 1, 1);
    p.kind = cudaMemcpyHostToDevice;
    CHECK(cudaMemcpy3D(&p));
    unsigned lay[3][H][W];
    memset(lay, 0, sizeof lay);
    memset(&p, 0, sizeof p);
    p.srcArray = l;
    p.dstPtr = make_cudaPitchedPtr(lay, W * 4, W, H);
    p.extent = make_cudaExtent(W, H, 3);
    p.kind = cudaMemcpyDeviceToHost;
    CHECK(cudaMemcpy3D(&p));
    REQUIRE(lay[1][1][2] == src[0][0] && lay[1][5][15] == src[4][13]);

    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    unsigned *hp, *hs;   // pinned: a pageable copy would synchronise, which capture forbids
    CHECK(cudaMallocHost(&hp, W * H * 4));
    CHECK(cudaMallocHost(&hs, sizeof src));
    memset(hp, 0, W * H * 4);
    memcpy(hs, src, sizeof src);
    cudaGraph_t g;
    cudaGraphExec_t ge;
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    CHECK(cudaMemcpy2DToArrayAsync(b, 0, 0, hs, sizeof src[0], W * 4, H, cudaMemcpyHostToDevice,
                                   s));
    CHECK(cudaMemcpy2DFromArrayAsync(hp, W * 4, b, 0, 0, W * 4, H, cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamEndCapture(s, &g));
    REQUIRE(hp[W + 1] == 0);   // captured, not run
    CHECK(cudaGraphInstantiate(&ge, g, 0));
    CHECK(cudaGraphLaunch(ge, s));
    CHECK(cudaStreamSynchronize(s));
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            REQUIRE(hp[y * W + x] == src[y][x]);
    CHECK(cudaGraphExecDestroy(ge));
    CHECK(cudaGraphDestroy(g));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFreeHost(hp));
    CHECK(cudaFreeHost(hs));

    CHECK(cudaFreeArray(a));
    CHECK(cudaFreeArray(b));
    CHECK(cudaFreeArray(l));
    EXPECT(cudaFreeArray(a), cudaErrorInvalidValue);
    CHECK(cudaFreeArray(NULL));
    printf("PASS\n");
    return 0;
}
