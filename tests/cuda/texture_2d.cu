// tex2D on 2D CUDA arrays against a CPU reference of the CUDA Programming
// Guide's "Texture Fetching" rules: point and linear filtering, normalized
// and unnormalized coordinates, clamp/wrap/mirror/border addressing, and
// element vs normalized-float reads of uchar4. Linear filtering uses the
// guide's weights in 9-bit fixed point (8 fractional bits): the test
// coordinates sit a quarter step above a multiple of 1/256, so the
// quantization shows (an unquantized weight is off by 1/1024) while
// rounding and truncation of the fraction agree.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>
#include "check.cuh"

enum { W = 8, H = 4, NC = 48 };

__global__ void sample_f(cudaTextureObject_t t, const float2 *c, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = tex2D<float>(t, c[i].x, c[i].y);
}

__global__ void sample_u4(cudaTextureObject_t t, const float2 *c, uchar4 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = tex2D<uchar4>(t, c[i].x, c[i].y);
}

__global__ void sample_f4(cudaTextureObject_t t, const float2 *c, float4 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = tex2D<float4>(t, c[i].x, c[i].y);
}

// ---- CPU reference ----
// Texel index i of a dimension of n texels after address mode m; false on
// the border. Wrap and mirror are used with normalized coordinates only.
static bool ref_index(int m, long i, long n, long *out)
{
    if (i >= 0 && i < n) {
        *out = i;
        return true;
    }
    switch (m) {
    case cudaAddressModeWrap:
        *out = ((i % n) + n) % n;
        return true;
    case cudaAddressModeMirror: {
        long p = ((i % (2 * n)) + 2 * n) % (2 * n);
        *out = p < n ? p : 2 * n - 1 - p;
        return true;
    }
    case cudaAddressModeBorder:
        return false;
    default:
        *out = i < 0 ? 0 : n - 1;
        return true;
    }
}

// One channel of texel (i, j), or the border colour.
static double ref_texel(const float *tex, int nch, int ch, int m, long i, long j, double border)
{
    long x, y;
    if (!ref_index(m, i, W, &x) || !ref_index(m, j, H, &y))
        return border;
    return tex[(y * W + x) * nch + ch];
}

static double ref_sample(const float *tex, int nch, int ch, int m, bool linear, bool norm,
                         float u, float v, double border)
{
    double x = norm ? (double)u * W : u, y = norm ? (double)v * H : v;
    if (!linear)
        return ref_texel(tex, nch, ch, m, (long)floor(x), (long)floor(y), border);
    double xb = x - 0.5, yb = y - 0.5;
    long i = (long)floor(xb), j = (long)floor(yb);
    double a = floor((xb - floor(xb)) * 256.0) / 256.0;   // 8 fractional bits
    double b = floor((yb - floor(yb)) * 256.0) / 256.0;
    return (1 - a) * (1 - b) * ref_texel(tex, nch, ch, m, i, j, border) +
           a * (1 - b) * ref_texel(tex, nch, ch, m, i + 1, j, border) +
           (1 - a) * b * ref_texel(tex, nch, ch, m, i, j + 1, border) +
           a * b * ref_texel(tex, nch, ch, m, i + 1, j + 1, border);
}

static cudaTextureObject_t make_tex(cudaArray_t a, int mode, bool linear, bool norm,
                                    cudaTextureReadMode rm, float border)
{
    cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeArray;
    r.res.array.array = a;
    cudaTextureDesc t;
    memset(&t, 0, sizeof t);
    t.addressMode[0] = t.addressMode[1] = (cudaTextureAddressMode)mode;
    t.filterMode = linear ? cudaFilterModeLinear : cudaFilterModePoint;
    t.readMode = rm;
    t.normalizedCoords = norm;
    for (int k = 0; k < 4; k++)
        t.borderColor[k] = border;
    cudaTextureObject_t o = 0;
    return cudaCreateTextureObject(&o, &r, &t, NULL) == cudaSuccess ? o : 0;
}

int main()
{
    // float texels from a pitched host image (pitch 48 > 8 * 4 bytes)
    float img[H][12], texf[H * W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < 12; x++)
            img[y][x] = x < W ? x * 10.0f + y * 100.0f + (x * y % 3) * 0.25f : -999.0f;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            texf[y * W + x] = img[y][x];
    uchar4 imgu[H * W];
    float texu[H * W * 4];
    for (int i = 0; i < H * W; i++) {
        int x = i % W, y = i / W;
        imgu[i] = make_uchar4(x * 30, y * 60, 255 - x * 20 - y * 10, (x * 37 + y * 91) & 255);
        texu[i * 4 + 0] = imgu[i].x;
        texu[i * 4 + 1] = imgu[i].y;
        texu[i * 4 + 2] = imgu[i].z;
        texu[i * 4 + 3] = imgu[i].w;
    }
    cudaChannelFormatDesc cf = cudaCreateChannelDesc<float>(), cu = cudaCreateChannelDesc<uchar4>();
    cudaArray_t af, au;
    CHECK(cudaMallocArray(&af, &cf, W, H));
    CHECK(cudaMallocArray(&au, &cu, W, H));
    CHECK(cudaMemcpy2DToArray(af, 0, 0, img, sizeof img[0], W * sizeof(float), H,
                              cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy2DToArray(au, 0, 0, imgu, W * sizeof(uchar4), W * sizeof(uchar4), H,
                              cudaMemcpyHostToDevice));
    cudaChannelFormatDesc got;
    cudaExtent ext;
    unsigned flags = 99;
    CHECK(cudaArrayGetInfo(&got, &ext, &flags, af));
    REQUIRE(got.x == 32 && got.y == 0 && got.f == cudaChannelFormatKindFloat);
    REQUIRE(ext.width == W && ext.height == H && ext.depth == 0 && flags == 0);
    CHECK(cudaGetChannelDesc(&got, au));
    REQUIRE(got.x == 8 && got.w == 8 && got.f == cudaChannelFormatKindUnsigned);

    // unnormalized coordinates from -3 to ~12 / -2 to ~7 (out of range on both sides)
    float2 cun[NC], cno[NC];
    for (int k = 0; k < NC; k++) {
        cun[k] = make_float2(-3.0f + k * 0.3125f + 1.0f / 1024, -2.0f + k * 0.1875f + 1.0f / 1024);
        cno[k] = make_float2(cun[k].x / W, cun[k].y / H);
    }
    float2 *dun, *dno;
    float *dout;
    uchar4 *du4;
    float4 *df4;
    CHECK(cudaMalloc(&dun, sizeof cun));
    CHECK(cudaMalloc(&dno, sizeof cno));
    CHECK(cudaMalloc(&dout, NC * sizeof(float)));
    CHECK(cudaMalloc(&du4, NC * sizeof(uchar4)));
    CHECK(cudaMalloc(&df4, NC * sizeof(float4)));
    CHECK(cudaMemcpy(dun, cun, sizeof cun, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dno, cno, sizeof cno, cudaMemcpyHostToDevice));

    int bad = 0, cases = 0;
    const char *mname[] = { "wrap", "clamp", "mirror", "border" };
    for (int mode = 0; mode < 4; mode++)
        for (int lin = 0; lin < 2; lin++)
            for (int norm = 0; norm < 2; norm++) {
                if (!norm && (mode == cudaAddressModeWrap || mode == cudaAddressModeMirror))
                    continue;   // the guide defines them for normalized coordinates only
                cudaTextureObject_t t = make_tex(af, mode, lin, norm, cudaReadModeElementType,
                                                 -3.5f);
                REQUIRE(t != 0);
                sample_f<<<1, 64>>>(t, norm ? dno : dun, dout, NC);
                float out[NC];
                CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
                CHECK(cudaDestroyTextureObject(t));
                for (int k = 0; k < NC; k++) {
                    float2 c = norm ? cno[k] : cun[k];
                    double want = ref_sample(texf, 1, 0, mode, lin, norm, c.x, c.y, -3.5);
                    if (fabs(out[k] - want) > 2e-3 && bad++ < 8)
                        printf("float %s %s %s (%g, %g): got %.6f want %.6f\n", mname[mode],
                               lin ? "linear" : "point", norm ? "norm" : "unnorm", c.x, c.y,
                               out[k], want);
                }
                cases++;
            }

    // uchar4: element reads (point) and normalized-float reads (linear)
    for (int mode = 0; mode < 3; mode++) {
        bool norm = mode != cudaAddressModeClamp;
        cudaTextureObject_t te = make_tex(au, mode, false, norm, cudaReadModeElementType, 0);
        cudaTextureObject_t tn = make_tex(au, mode, true, norm, cudaReadModeNormalizedFloat, 0);
        REQUIRE(te && tn);
        sample_u4<<<1, 64>>>(te, norm ? dno : dun, du4, NC);
        sample_f4<<<1, 64>>>(tn, norm ? dno : dun, df4, NC);
        uchar4 o4[NC];
        float4 f4[NC];
        CHECK(cudaMemcpy(o4, du4, sizeof o4, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(f4, df4, sizeof f4, cudaMemcpyDeviceToHost));
        CHECK(cudaDestroyTextureObject(te));
        CHECK(cudaDestroyTextureObject(tn));
        for (int k = 0; k < NC; k++) {
            float2 c = norm ? cno[k] : cun[k];
            unsigned char e[4];
            memcpy(e, &o4[k], 4);
            const float *fv = &f4[k].x;
            for (int ch = 0; ch < 4; ch++) {
                double we = ref_sample(texu, 4, ch, mode, false, norm, c.x, c.y, 0);
                double wn = ref_sample(texu, 4, ch, mode, true, norm, c.x, c.y, 0) / 255.0;
                if (e[ch] != we && bad++ < 8)
                    printf("uchar4 %s point (%g, %g) ch %d: got %d want %g\n", mname[mode], c.x,
                           c.y, ch, e[ch], we);
                if (fabs(fv[ch] - wn) > 2e-5 && bad++ < 8)
                    printf("uchar4 %s linear normalized (%g, %g) ch %d: got %.7f want %.7f\n",
                           mname[mode], c.x, c.y, ch, fv[ch], wn);
            }
        }
        cases += 2;
    }
    CHECK(cudaGetLastError());

    // invalid requests: linear filtering of element-type uchar4, a surface
    // on an array without cudaArraySurfaceLoadStore
    cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeArray;
    r.res.array.array = au;
    cudaTextureDesc td;
    memset(&td, 0, sizeof td);
    td.filterMode = cudaFilterModeLinear;
    cudaTextureObject_t tbad;
    EXPECT(cudaCreateTextureObject(&tbad, &r, &td, NULL), cudaErrorInvalidValue);
    cudaSurfaceObject_t sbad;
    EXPECT(cudaCreateSurfaceObject(&sbad, &r), cudaErrorInvalidValue);
    CHECK(cudaFreeArray(af));
    CHECK(cudaFreeArray(au));
    if (bad) {
        printf("%d mismatches in %d cases\nFAIL\n", bad, cases);
        return 1;
    }
    printf("%d cases\nPASS\n", cases);
    return 0;
}
