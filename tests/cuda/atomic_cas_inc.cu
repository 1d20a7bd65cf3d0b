// atomic_cas_inc: atomicCAS-based float max and double add, atomicInc and
// atomicDec wrap-around, atomicExch, atomicMin/Max on signed and 64-bit
// values, atomicAnd/Or/Xor, on global and shared memory, and the fences.
#include <cstdio>
#include <cstring>
#include <vector>
#include <cuda_runtime.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s (%s)\nFAIL\n", __FILE__, __LINE__,  \
                   #call, cudaGetErrorName(err_), cudaGetErrorString(err_)); \
            return 1;                                                        \
        }                                                                    \
    } while (0)

__device__ float atomic_max_float(float *addr, float v)
{
    int *p = (int *)addr;
    int old = *p, assumed;
    do {
        assumed = old;
        if (__int_as_float(assumed) >= v)
            break;
        old = atomicCAS(p, assumed, __float_as_int(v));
    } while (old != assumed);
    return __int_as_float(old);
}

__device__ double atomic_add_double_cas(double *addr, double v)
{
    unsigned long long *p = (unsigned long long *)addr;
    unsigned long long old = *p, assumed;
    do {
        assumed = old;
        old = atomicCAS(p, assumed, __double_as_longlong(__longlong_as_double(assumed) + v));
    } while (old != assumed);
    return __longlong_as_double(old);
}

struct results {
    float fmax;
    double dsum;
    double dsum2;
    unsigned inc, dec;
    unsigned inc_seen[8];   // how often each value was returned
    unsigned sh_inc;
    int imin, imax;
    long long llmin;
    unsigned long long ullmax;
    unsigned band, bor, bxor;
    int exch_last;
};

__global__ void kern(const float *f, int n, results *r)
{
    __shared__ unsigned sh;
    if (threadIdx.x == 0)
        sh = 0;
    __syncthreads();
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        atomic_max_float(&r->fmax, f[i]);
        atomic_add_double_cas(&r->dsum, 0.25);
        atomicAdd(&r->dsum2, 0.125);
        unsigned o = atomicInc(&r->inc, 6);   // counts 0..6 then wraps
        atomicAdd(&r->inc_seen[o], 1u);
        atomicDec(&r->dec, 9);
        atomicInc(&sh, 1000000);
        atomicMin(&r->imin, i - 500);
        atomicMax(&r->imax, 700 - i);
        atomicMin(&r->llmin, -(long long)i * 1000000000LL);
        atomicMax(&r->ullmax, (unsigned long long)i << 33);
        atomicAnd(&r->band, ~(1u << (i % 32)) | 0x80000000u);
        atomicOr(&r->bor, 1u << (i % 31));
        atomicXor(&r->bxor, (unsigned)i);
        if (i == n - 1)
            atomicExch(&r->exch_last, i);
    }
    __threadfence_block();
    __threadfence();
    __syncthreads();
    if (threadIdx.x == 0)
        atomicAdd(&r->sh_inc, sh);
}

int main(void)
{
    const int n = 1000;
    std::vector<float> f(n);
    float want_max = -1e30f;
    for (int i = 0; i < n; i++) {
        f[i] = (float)((i * 7919) % 1009) * 0.5f - 100.0f;
        if (f[i] > want_max)
            want_max = f[i];
    }
    results h;
    memset(&h, 0, sizeof h);
    h.fmax = -1e30f;
    h.dec = 3;
    h.imin = 1 << 30;
    h.imax = -(1 << 30);
    h.band = 0xFFFFFFFFu;
    h.exch_last = -1;
    float *df;
    results *dr;
    CHECK(cudaMalloc(&df, n * sizeof(float)));
    CHECK(cudaMalloc(&dr, sizeof(results)));
    CHECK(cudaMemcpy(df, f.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dr, &h, sizeof h, cudaMemcpyHostToDevice));
    kern<<<(n + 127) / 128, 128>>>(df, n, dr);
    CHECK(cudaGetLastError());
    results g;
    CHECK(cudaMemcpy(&g, dr, sizeof g, cudaMemcpyDeviceToHost));
    int bad = 0;
#define EXPECT(cond)                                          \
    do {                                                      \
        if (!(cond)) {                                        \
            printf("check failed: %s\n", #cond);              \
            bad++;                                            \
        }                                                     \
    } while (0)
    EXPECT(g.fmax == want_max);
    EXPECT(g.dsum == 250.0);
    EXPECT(g.dsum2 == 125.0);
    EXPECT(g.inc == 1000 % 7);
    // atomicDec(9) from 3: 3,2,1,0,9,8,...: period 10
    unsigned d = 3;
    for (int i = 0; i < n; i++)
        d = (d == 0 || d > 9) ? 9 : d - 1;
    EXPECT(g.dec == d);
    for (int k = 0; k < 7; k++)
        EXPECT(g.inc_seen[k] == (unsigned)(1000 / 7 + (k < 1000 % 7)));
    EXPECT(g.inc_seen[7] == 0);
    EXPECT(g.sh_inc == 1000);
    EXPECT(g.imin == -500);
    EXPECT(g.imax == 700);
    EXPECT(g.llmin == -999LL * 1000000000LL);
    EXPECT(g.ullmax == 999ULL << 33);
    EXPECT(g.band == 0x80000000u);
    EXPECT(g.bor == 0x7FFFFFFFu);
    unsigned x = 0;
    for (int i = 0; i < n; i++)
        x ^= (unsigned)i;
    EXPECT(g.bxor == x);
    EXPECT(g.exch_last == n - 1);
    cudaFree(df);
    cudaFree(dr);
    if (bad) {
        printf("FAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
