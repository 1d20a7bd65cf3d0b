// tex1Dfetch<float/int4/uchar4> on linear memory (cudaResourceTypeLinear),
// element reads and a normalized-float uchar4 read, plus the descriptor
// queries; checked against the host data. Out-of-range fetches return 0.
#include <cstdio>
#include <cstring>
#include <cuda_runtime.h>
#include "check.cuh"

__global__ void fetch_f(cudaTextureObject_t t, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = tex1Dfetch<float>(t, i - 2);   // two below and past the end: 0
}

__global__ void fetch_i4(cudaTextureObject_t t, int4 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = tex1Dfetch<int4>(t, n - 1 - i);
}

__global__ void fetch_u4(cudaTextureObject_t t, uchar4 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = tex1Dfetch<uchar4>(t, i);
}

__global__ void fetch_u4n(cudaTextureObject_t t, float4 *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = tex1Dfetch<float4>(t, i);
}

static cudaTextureObject_t make(void *p, size_t bytes, cudaChannelFormatDesc ch,
                                cudaTextureReadMode rm)
{
    cudaResourceDesc r;
    memset(&r, 0, sizeof r);
    r.resType = cudaResourceTypeLinear;
    r.res.linear.devPtr = p;
    r.res.linear.desc = ch;
    r.res.linear.sizeInBytes = bytes;
    cudaTextureDesc t;
    memset(&t, 0, sizeof t);
    t.readMode = rm;
    cudaTextureObject_t o = 0;
    if (cudaCreateTextureObject(&o, &r, &t, NULL) != cudaSuccess)
        return 0;
    return o;
}

int main()
{
    const int N = 300;
    float hf[N], of[N + 4];
    int4 hi[N], oi[N];
    uchar4 hu[N], ou[N];
    float4 on[N];
    for (int i = 0; i < N; i++) {
        hf[i] = i * 0.25f - 7.0f;
        hi[i] = make_int4(i, -i, i * 3, 1000 - i);
        hu[i] = make_uchar4(i & 255, (i * 7) & 255, 255 - (i & 255), (i * 13) & 255);
    }
    float *df, *dof;
    int4 *di, *doi;
    uchar4 *du, *dou;
    float4 *don;
    CHECK(cudaMalloc(&df, sizeof hf));
    CHECK(cudaMalloc(&dof, sizeof of));
    CHECK(cudaMalloc(&di, sizeof hi));
    CHECK(cudaMalloc(&doi, sizeof oi));
    CHECK(cudaMalloc(&du, sizeof hu));
    CHECK(cudaMalloc(&dou, sizeof ou));
    CHECK(cudaMalloc(&don, sizeof on));
    CHECK(cudaMemcpy(df, hf, sizeof hf, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(di, hi, sizeof hi, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(du, hu, sizeof hu, cudaMemcpyHostToDevice));

    cudaTextureObject_t tf = make(df, sizeof hf, cudaCreateChannelDesc<float>(),
                                  cudaReadModeElementType);
    cudaTextureObject_t ti = make(di, sizeof hi, cudaCreateChannelDesc<int4>(),
                                  cudaReadModeElementType);
    cudaTextureObject_t tu = make(du, sizeof hu, cudaCreateChannelDesc<uchar4>(),
                                  cudaReadModeElementType);
    cudaTextureObject_t tn = make(du, sizeof hu, cudaCreateChannelDesc<uchar4>(),
                                  cudaReadModeNormalizedFloat);
    REQUIRE(tf && ti && tu && tn);

    // the descriptors come back as given; no resource view was set
    cudaResourceDesc rd;
    CHECK(cudaGetTextureObjectResourceDesc(&rd, ti));
    REQUIRE(rd.resType == cudaResourceTypeLinear && rd.res.linear.devPtr == di &&
            rd.res.linear.sizeInBytes == sizeof hi && rd.res.linear.desc.w == 32);
    cudaTextureDesc td;
    CHECK(cudaGetTextureObjectTextureDesc(&td, tn));
    REQUIRE(td.readMode == cudaReadModeNormalizedFloat);
    cudaResourceViewDesc vd;
    EXPECT(cudaGetTextureObjectResourceViewDesc(&vd, tf), cudaErrorInvalidValue);

    fetch_f<<<(N + 4 + 127) / 128, 128>>>(tf, dof, N + 4);
    fetch_i4<<<(N + 127) / 128, 128>>>(ti, doi, N);
    fetch_u4<<<(N + 127) / 128, 128>>>(tu, dou, N);
    fetch_u4n<<<(N + 127) / 128, 128>>>(tn, don, N);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(of, dof, sizeof of, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(oi, doi, sizeof oi, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(ou, dou, sizeof ou, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(on, don, sizeof on, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < N + 4; i++) {
        int j = i - 2;
        float want = j >= 0 && j < N ? hf[j] : 0.0f;
        if (of[i] != want && bad++ < 5)
            printf("float fetch %d: got %g want %g\n", j, of[i], want);
    }
    for (int i = 0; i < N; i++) {
        int4 w = hi[N - 1 - i];
        if ((oi[i].x != w.x || oi[i].y != w.y || oi[i].z != w.z || oi[i].w != w.w) && bad++ < 5)
            printf("int4 fetch %d: got %d %d %d %d\n", N - 1 - i, oi[i].x, oi[i].y, oi[i].z,
                   oi[i].w);
        if (memcmp(&ou[i], &hu[i], 4) && bad++ < 5)
            printf("uchar4 fetch %d differs\n", i);
        float4 n = on[i];
        if ((n.x != hu[i].x / 255.0f || n.y != hu[i].y / 255.0f || n.z != hu[i].z / 255.0f ||
             n.w != hu[i].w / 255.0f) && bad++ < 5)
            printf("normalized uchar4 fetch %d: got %g %g %g %g\n", i, n.x, n.y, n.z, n.w);
    }
    CHECK(cudaDestroyTextureObject(tf));
    CHECK(cudaDestroyTextureObject(ti));
    CHECK(cudaDestroyTextureObject(tu));
    CHECK(cudaDestroyTextureObject(tn));
    EXPECT(cudaDestroyTextureObject(tf), cudaErrorInvalidValue);
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
