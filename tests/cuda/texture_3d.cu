// tex3D on a 3D CUDA array filled by cudaMemcpy3D (from a device pitched
// allocation) and read back by cudaMemcpy3DAsync, point and trilinear
// filtering (9-bit weights, as in texture_2d.cu), clamp and normalized wrap,
// checked against a CPU reference.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>
#include "check.cuh"

enum { W = 8, H = 4, D = 4, NC = 64 };

__global__ void sample3(cudaTextureObject_t t, const float4 *c, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = tex3D<float>(t, c[i].x, c[i].y, c[i].z);
}

static float texel(const float *v, int m, long x, long y, long z)
{
    const long n[3] = { W, H, D };
    long c[3] = { x, y, z };
    for (int k = 0; k < 3; k++) {
        if (m == cudaAddressModeWrap)
            c[k] = ((c[k] % n[k]) + n[k]) % n[k];
        else
            c[k] = c[k] < 0 ? 0 : c[k] >= n[k] ? n[k] - 1 : c[k];
    }
    return v[(c[2] * H + c[1]) * W + c[0]];
}

static double ref(const float *v, int m, bool lin, bool norm, float4 c)
{
    double p[3] = { c.x, c.y, c.z };
    const int n[3] = { W, H, D };
    if (norm)
        for (int k = 0; k < 3; k++)
            p[k] *= n[k];
    if (!lin)
        return texel(v, m, (long)floor(p[0]), (long)floor(p[1]), (long)floor(p[2]));
    long i0[3];
    double a[3];
    for (int k = 0; k < 3; k++) {
        double b = p[k] - 0.5;
        i0[k] = (long)floor(b);
        a[k] = floor((b - floor(b)) * 256.0) / 256.0;   // 8 fractional bits
    }
    double s = 0;
    for (int q = 0; q < 8; q++) {
        double w = 1;
        long i[3];
        for (int k = 0; k < 3; k++) {
            int hi = (q >> k) & 1;
            i[k] = i0[k] + hi;
            w *= hi ? a[k] : 1 - a[k];
        }
        s += w * texel(v, m, i[0], i[1], i[2]);
    }
    return s;
}

int main()
{
    float host[D][H][W];
    for (int z = 0; z < D; z++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                host[z][y][x] = x * 3.0f + y * 40.0f + z * 500.0f + ((x + 2 * y + z) % 5);
    cudaChannelFormatDesc cf = cudaCreateChannelDesc<float>();
    cudaArray_t arr;
    cudaExtent ext = make_cudaExtent(W, H, D);
    CHECK(cudaMalloc3DArray(&arr, &cf, ext, 0));
    // host -> pitched device memory -> array (extent in elements when an array is involved)
    cudaPitchedPtr dp;
    CHECK(cudaMalloc3D(&dp, make_cudaExtent(W * sizeof(float), H, D)));
    cudaMemcpy3DParms p;
    memset(&p, 0, sizeof p);
    p.srcPtr = make_cudaPitchedPtr(host, W * sizeof(float), W, H);
    p.dstPtr = dp;
    p.extent = make_cudaExtent(W * sizeof(float), H, D);
    p.kind = cudaMemcpyHostToDevice;
    CHECK(cudaMemcpy3D(&p));
    memset(&p, 0, sizeof p);
    p.srcPtr = dp;
    p.dstArray = arr;
    p.extent = ext;
    p.kind = cudaMemcpyDeviceToDevice;
    CHECK(cudaMemcpy3D(&p));
    // round trip through a stream
    float back[D][H][W];
    memset(back, 0, sizeof back);
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    memset(&p, 0, sizeof p);
    p.srcArray = arr;
    p.dstPtr = make_cudaPitchedPtr(back, W * sizeof(float), W, H);
    p.extent = ext;
    p.kind = cudaMemcpyDeviceToHost;
    CHECK(cudaMemcpy3DAsync(&p, s));
    CHECK(cudaStreamSynchronize(s));
    REQUIRE(memcmp(back, host, sizeof host) == 0);
    p.srcPos = make_cudaPos(1, 0, 0);   // one element too far right
    EXPECT(cudaMemcpy3D(&p), cudaErrorInvalidValue);

    float4 c[NC];
    for (int k = 0; k < NC; k++)
        c[k] = make_float4(-2.0f + k * 0.203125f + 1.0f / 1024, -1.0f + k * 0.09375f + 1.0f / 1024,
                           -1.0f + k * 0.1015625f + 1.0f / 1024, 0);
    float4 *dc;
    float *dout;
    CHECK(cudaMalloc(&dc, sizeof c));
    CHECK(cudaMalloc(&dout, NC * sizeof(float)));
    int bad = 0;
    for (int cfg = 0; cfg < 4; cfg++) {
        bool lin = cfg & 1, norm = cfg & 2;
        int mode = norm ? cudaAddressModeWrap : cudaAddressModeClamp;
        float4 cc[NC];
        for (int k = 0; k < NC; k++)
            cc[k] = norm ? make_float4(c[k].x / W, c[k].y / H, c[k].z / D, 0) : c[k];
        CHECK(cudaMemcpy(dc, cc, sizeof cc, cudaMemcpyHostToDevice));
        cudaResourceDesc r;
        memset(&r, 0, sizeof r);
        r.resType = cudaResourceTypeArray;
        r.res.array.array = arr;
        cudaTextureDesc td;
        memset(&td, 0, sizeof td);
        td.addressMode[0] = td.addressMode[1] = td.addressMode[2] = (cudaTextureAddressMode)mode;
        td.filterMode = lin ? cudaFilterModeLinear : cudaFilterModePoint;
        td.normalizedCoords = norm;
        cudaTextureObject_t t;
        CHECK(cudaCreateTextureObject(&t, &r, &td, NULL));
        sample3<<<2, 32>>>(t, dc, dout, NC);
        float out[NC];
        CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
        CHECK(cudaDestroyTextureObject(t));
        for (int k = 0; k < NC; k++) {
            double want = ref(&host[0][0][0], mode, lin, norm, cc[k]);
            if (fabs(out[k] - want) > 2e-3 && bad++ < 8)
                printf("%s %s (%g, %g, %g): got %.5f want %.5f\n", lin ? "linear" : "point",
                       norm ? "norm wrap" : "clamp", cc[k].x, cc[k].y, cc[k].z, out[k], want);
        }
    }
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFreeArray(arr));
    CHECK(cudaFree(dp.ptr));
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
