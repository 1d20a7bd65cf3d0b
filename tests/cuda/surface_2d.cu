// surf2Dwrite then surf2Dread on 2D CUDA arrays (cudaArraySurfaceLoadStore),
// float and uchar4, with the zero and clamp boundary modes for reads and
// writes outside the array; checked against a CPU model of the array and
// by copying the array back with cudaMemcpy2DFromArray.
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>
#include "check.cuh"

enum { W = 20, H = 9 };

__global__ void fill(cudaSurfaceObject_t s, cudaSurfaceObject_t s4)
{
    int x = threadIdx.x, y = blockIdx.x;
    surf2Dwrite(x * 1.5f + y * 100.0f, s, x * (int)sizeof(float), y);
    surf2Dwrite(make_uchar4(x, y, x + y, 200 - x), s4, x * (int)sizeof(uchar4), y);
}

// Writes one step outside each edge: ignored with Zero, clamped to the edge with Clamp.
__global__ void edge_writes(cudaSurfaceObject_t s)
{
    int y = threadIdx.x;   // H threads
    surf2Dwrite(-1.0f, s, -1 * (int)sizeof(float), y, cudaBoundaryModeZero);
    surf2Dwrite(-2.0f, s, W * (int)sizeof(float), y, cudaBoundaryModeZero);
    if (y == 0)
        surf2Dwrite(-3.0f, s, 5 * (int)sizeof(float), H, cudaBoundaryModeClamp);   // -> row H-1
}

__global__ void shifted_reads(cudaSurfaceObject_t s, cudaSurfaceObject_t s4, int dx, int dy,
                              float *zf, float *cf, uchar4 *z4)
{
    int x = threadIdx.x, y = blockIdx.x, i = y * W + x;
    surf2Dread(&zf[i], s, (x + dx) * (int)sizeof(float), y + dy, cudaBoundaryModeZero);
    surf2Dread(&cf[i], s, (x + dx) * (int)sizeof(float), y + dy, cudaBoundaryModeClamp);
    surf2Dread(&z4[i], s4, (x + dx) * (int)sizeof(uchar4), y + dy, cudaBoundaryModeZero);
}

static cudaSurfaceObject_t make_surf(cudaArray_t a)
{
    cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeArray;
    r.res.array.array = a;
    cudaSurfaceObject_t s = 0;
    return cudaCreateSurfaceObject(&s, &r) == cudaSuccess ? s : 0;
}

int main()
{
    cudaChannelFormatDesc cf = cudaCreateChannelDesc<float>(), cu = cudaCreateChannelDesc<uchar4>();
    cudaArray_t af, au;
    CHECK(cudaMallocArray(&af, &cf, W, H, cudaArraySurfaceLoadStore));
    CHECK(cudaMallocArray(&au, &cu, W, H, cudaArraySurfaceLoadStore));
    cudaSurfaceObject_t s = make_surf(af), s4 = make_surf(au);
    REQUIRE(s && s4);
    cudaResourceDesc rd;
    CHECK(cudaGetSurfaceObjectResourceDesc(&rd, s4));
    REQUIRE(rd.resType == cudaResourceTypeArray && rd.res.array.array == au);
    cudaTextureDesc td;
    EXPECT(cudaGetTextureObjectTextureDesc(&td, s), cudaErrorInvalidValue);   // not a texture

    // the CPU model of both arrays
    float mf[H][W];
    uchar4 mu[H][W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            mf[y][x] = x * 1.5f + y * 100.0f;
            mu[y][x] = make_uchar4(x, y, x + y, 200 - x);
        }
    mf[H - 1][5] = -3.0f;
    fill<<<H, W>>>(s, s4);
    edge_writes<<<1, H>>>(s);
    CHECK(cudaGetLastError());

    float back[H][W];
    CHECK(cudaMemcpy2DFromArray(back, sizeof back[0], af, 0, 0, W * sizeof(float), H,
                                cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            if (back[y][x] != mf[y][x] && bad++ < 8)
                printf("array (%d, %d): %g, want %g\n", x, y, back[y][x], mf[y][x]);

    float *dz, *dc;
    uchar4 *d4;
    CHECK(cudaMalloc(&dz, W * H * sizeof(float)));
    CHECK(cudaMalloc(&dc, W * H * sizeof(float)));
    CHECK(cudaMalloc(&d4, W * H * sizeof(uchar4)));
    const int shifts[][2] = { { 0, 0 }, { 3, -2 }, { -4, 5 }, { 25, 0 }, { 0, -10 } };
    for (const auto &sh : shifts) {
        shifted_reads<<<H, W>>>(s, s4, sh[0], sh[1], dz, dc, d4);
        float z[H][W], c[H][W];
        uchar4 q[H][W];
        CHECK(cudaMemcpy(z, dz, sizeof z, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(c, dc, sizeof c, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(q, d4, sizeof q, cudaMemcpyDeviceToHost));
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int sx = x + sh[0], sy = y + sh[1];
                bool in = sx >= 0 && sx < W && sy >= 0 && sy < H;
                int cx = sx < 0 ? 0 : sx >= W ? W - 1 : sx, cy = sy < 0 ? 0 : sy >= H ? H - 1 : sy;
                float wz = in ? mf[sy][sx] : 0.0f, wc = mf[cy][cx];
                uchar4 wq = in ? mu[sy][sx] : make_uchar4(0, 0, 0, 0);
                if ((z[y][x] != wz || c[y][x] != wc || memcmp(&q[y][x], &wq, 4)) && bad++ < 8)
                    printf("read (%d, %d) shifted by (%d, %d): zero %g/%g clamp %g/%g\n", x, y,
                           sh[0], sh[1], z[y][x], wz, c[y][x], wc);
            }
    }
    CHECK(cudaDestroySurfaceObject(s));
    CHECK(cudaDestroySurfaceObject(s4));
    EXPECT(cudaDestroySurfaceObject(s), cudaErrorInvalidValue);
    CHECK(cudaFreeArray(af));
    CHECK(cudaFreeArray(au));
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
