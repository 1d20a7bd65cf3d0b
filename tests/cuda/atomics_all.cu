// atomics_all: every atomic operation and type CUDA offers on sm_80 that
// Cobalt implements (add/sub, min/max signed and unsigned 32/64, inc/dec
// wrap, and/or/xor 32/64, exch 32/64/f32, CAS loops 32/64, f32/f64 add,
// f16x2 add (global and shared); with
// and without a used result, i.e. atom and red), on global, shared and
// generic (shared or global behind one pointer) memory, from many warps of
// many blocks at once; each final value is checked against the CPU.
#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <vector>
#include <cuda_runtime.h>
#include <cuda_fp16.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s (%s)\nFAIL\n", __FILE__, __LINE__,  \
                   #call, cudaGetErrorName(err_), cudaGetErrorString(err_)); \
            return 1;                                                        \
        }                                                                    \
    } while (0)

struct Slots {
    unsigned long long ul[8];
    long long sl[2];
    double d[1];
    unsigned u[12];
    int s[3];
    float f[2];
    unsigned olds_sum;   // sum of the values atomicAdd(&u[1], 1) returned
};

__host__ __device__ void init(Slots *p)
{
    for (int i = 0; i < 8; i++) p->ul[i] = 0;
    p->ul[1] = ULLONG_MAX;
    p->ul[3] = ULLONG_MAX;
    p->ul[6] = 0xdeadull;
    p->sl[0] = LLONG_MAX;
    p->sl[1] = LLONG_MIN;
    p->d[0] = 0;
    for (int i = 0; i < 12; i++) p->u[i] = 0;
    p->u[2] = 0xffffffffu;
    p->u[6] = 0xffffffffu;
    p->u[9] = 0xdeadu;
    p->s[0] = 0;
    p->s[1] = INT_MAX;
    p->s[2] = INT_MIN;
    p->f[0] = 0;
    p->f[1] = -1;
    p->olds_sum = 0;
}

__device__ __forceinline__ void ops(Slots *p, unsigned i)
{
    atomicAdd(&p->u[0], i);                       // red.add.u32
    unsigned old = atomicAdd(&p->u[1], 1u);       // atom.add.u32
    atomicAdd(&p->olds_sum, old);
    atomicSub(&p->s[0], (int)i);
    atomicMin(&p->s[1], (int)i - 100);
    atomicMax(&p->s[2], (int)i - 100);
    atomicMin(&p->u[2], i + 5);
    atomicMax(&p->u[3], i + 5);
    atomicInc(&p->u[4], 17u);
    atomicDec(&p->u[5], 13u);
    atomicAnd(&p->u[6], ~(1u << (i % 32)) | (i & 64 ? 0u : 0x80000000u));
    atomicOr(&p->u[7], 1u << (i % 29));
    atomicXor(&p->u[8], i * 2654435761u);
    atomicExch(&p->u[9], i);
    unsigned o = p->u[11], a;
    do {                                          // CAS loop: += i
        a = o;
        o = atomicCAS(&p->u[11], a, a + i);
    } while (o != a);
    atomicAdd(&p->ul[0], (unsigned long long)i << 33);
    atomicMin(&p->ul[1], 0x100000000ull * (i + 3));
    atomicMax(&p->ul[2], 0x100000000ull * (i + 3));
    atomicAnd(&p->ul[3], ~(1ull << (i % 64)));
    atomicOr(&p->ul[4], 1ull << ((i * 7) % 64));
    atomicXor(&p->ul[5], (unsigned long long)i * 0x9E3779B97F4A7C15ull);
    atomicExch(&p->ul[6], (unsigned long long)i);
    unsigned long long lo = p->ul[7], la;
    do {
        la = lo;
        lo = atomicCAS(&p->ul[7], la, la + i * 3ull);
    } while (lo != la);
    atomicMin(&p->sl[0], -1000000000000ll * (long long)i);
    atomicMax(&p->sl[1], 1000000000000ll * (long long)i - 5);
    atomicAdd(&p->f[0], 0.5f);
    atomicExch(&p->f[1], (float)i);
    atomicAdd(&p->d[0], 0.25);
}

// mode 0: global; 1: shared; 2: generic pointing at shared; 3: generic at global
__global__ void run(Slots *g, Slots *out, int mode)
{
    __shared__ Slots sh;
    if (threadIdx.x == 0)
        init(&sh);
    __syncthreads();
    unsigned i = mode == 0 || mode == 3 ? blockIdx.x * blockDim.x + threadIdx.x : threadIdx.x;
    if (mode == 0) {
        ops(g, i);
    } else if (mode == 1) {
        ops(&sh, i);
    } else {
        Slots *q = mode == 2 ? &sh : g;   // the compiler cannot tell the space
        ops(q, i);
    }
    __syncthreads();
    if (threadIdx.x == 0 && (mode == 1 || mode == 2))
        out[blockIdx.x] = sh;
}

// atom.add.noftz.f16x2; the addends come from memory (sums stay exact)
__global__ void half2_add(__half2 *g, const __half2 *add, __half2 *per_block)
{
    __shared__ __half2 s;
    if (threadIdx.x == 0)
        s = add[2];
    __syncthreads();
    atomicAdd(g, add[0]);
    atomicAdd(&s, add[1]);
    __syncthreads();
    if (threadIdx.x == 0)
        per_block[blockIdx.x] = s;
}

static bool check_half2(unsigned blocks, unsigned threads)
{
    __half2 *g, *a, *pb;
    __half2 ha[3] = { __floats2half2_rn(0.5f, 0.25f), __floats2half2_rn(1.0f, -0.5f),
                      __floats2half2_rn(0.0f, 0.0f) };
    if (cudaMalloc(&g, sizeof(__half2)) != cudaSuccess ||
        cudaMalloc(&a, sizeof ha) != cudaSuccess ||
        cudaMalloc(&pb, blocks * sizeof(__half2)) != cudaSuccess ||
        cudaMemset(g, 0, sizeof(__half2)) != cudaSuccess ||
        cudaMemcpy(a, ha, sizeof ha, cudaMemcpyHostToDevice) != cudaSuccess)
        return false;
    half2_add<<<blocks, threads>>>(g, a, pb);
    std::vector<__half2> h(blocks + 1);
    if (cudaDeviceSynchronize() != cudaSuccess ||
        cudaMemcpy(h.data(), g, sizeof(__half2), cudaMemcpyDeviceToHost) != cudaSuccess ||
        cudaMemcpy(h.data() + 1, pb, blocks * sizeof(__half2), cudaMemcpyDeviceToHost) !=
            cudaSuccess) {
        printf("half2_add: %s\n", cudaGetErrorString(cudaGetLastError()));
        return false;
    }
    float n = (float)(blocks * threads);
    if (__low2float(h[0]) != 0.5f * n || __high2float(h[0]) != 0.25f * n) {
        printf("global f16x2 add: %g %g, want %g %g\n", __low2float(h[0]), __high2float(h[0]),
               0.5f * n, 0.25f * n);
        return false;
    }
    for (unsigned b = 0; b < blocks; b++)
        if (__low2float(h[1 + b]) != (float)threads || __high2float(h[1 + b]) != -0.5f * threads) {
            printf("shared f16x2 add, block %u: %g %g\n", b, __low2float(h[1 + b]),
                   __high2float(h[1 + b]));
            return false;
        }
    return true;
}

static bool check(const Slots &got, unsigned n, const char *what)
{
    Slots w;
    init(&w);
    unsigned long long cas64 = 0;
    for (unsigned i = 0; i < n; i++) {
        w.u[0] += i;
        w.olds_sum += w.u[1]++;
        w.s[0] -= (int)i;
        w.s[1] = std::min(w.s[1], (int)i - 100);
        w.s[2] = std::max(w.s[2], (int)i - 100);
        w.u[2] = std::min(w.u[2], i + 5);
        w.u[3] = std::max(w.u[3], i + 5);
        w.u[4] = w.u[4] >= 17u ? 0 : w.u[4] + 1;
        w.u[5] = (w.u[5] == 0 || w.u[5] > 13u) ? 13u : w.u[5] - 1;
        w.u[6] &= ~(1u << (i % 32)) | (i & 64 ? 0u : 0x80000000u);
        w.u[7] |= 1u << (i % 29);
        w.u[8] ^= i * 2654435761u;
        w.u[11] += i;
        w.ul[0] += (unsigned long long)i << 33;
        w.ul[1] = std::min(w.ul[1], 0x100000000ull * (i + 3));
        w.ul[2] = std::max(w.ul[2], 0x100000000ull * (i + 3));
        w.ul[3] &= ~(1ull << (i % 64));
        w.ul[4] |= 1ull << ((i * 7) % 64);
        w.ul[5] ^= (unsigned long long)i * 0x9E3779B97F4A7C15ull;
        cas64 += i * 3ull;
        w.sl[0] = std::min(w.sl[0], -1000000000000ll * (long long)i);
        w.sl[1] = std::max(w.sl[1], 1000000000000ll * (long long)i - 5);
        w.f[0] += 0.5f;
        w.d[0] += 0.25;
    }
    w.ul[7] = cas64;
    bool ok = true;
    for (int k = 0; k < 12; k++)
        if (k != 9 && got.u[k] != w.u[k]) {
            printf("%s: u[%d] = %#x, want %#x\n", what, k, got.u[k], w.u[k]);
            ok = false;
        }
    for (int k = 0; k < 3; k++)
        if (got.s[k] != w.s[k]) {
            printf("%s: s[%d] = %d, want %d\n", what, k, got.s[k], w.s[k]);
            ok = false;
        }
    for (int k = 0; k < 8; k++)
        if (k != 6 && got.ul[k] != w.ul[k]) {
            printf("%s: ul[%d] = %#llx, want %#llx\n", what, k, got.ul[k], w.ul[k]);
            ok = false;
        }
    for (int k = 0; k < 2; k++)
        if (got.sl[k] != w.sl[k]) {
            printf("%s: sl[%d] = %lld, want %lld\n", what, k, got.sl[k], w.sl[k]);
            ok = false;
        }
    if (got.u[9] >= n || got.ul[6] >= n || got.f[1] < 0 || got.f[1] >= (float)n ||
        got.f[0] != w.f[0] || got.d[0] != w.d[0] || got.olds_sum != w.olds_sum) {
        printf("%s: exch %u %llu %g, f32 add %g (want %g), f64 add %g (want %g), "
               "returned olds %u (want %u)\n", what, got.u[9], got.ul[6], got.f[1], got.f[0],
               w.f[0], got.d[0], w.d[0], got.olds_sum, w.olds_sum);
        ok = false;
    }
    return ok;
}

int main()
{
    const unsigned blocks = 24, threads = 256;
    Slots *g, *out;
    CHECK(cudaMalloc(&g, sizeof(Slots)));
    CHECK(cudaMalloc(&out, blocks * sizeof(Slots)));
    static const char *const names[] = { "global", "shared", "generic->shared",
                                         "generic->global" };
    std::vector<Slots> h(blocks);
    for (int mode = 0; mode < 4; mode++) {
        Slots init_g;
        init(&init_g);
        CHECK(cudaMemcpy(g, &init_g, sizeof init_g, cudaMemcpyHostToDevice));
        run<<<blocks, threads>>>(g, out, mode);
        CHECK(cudaGetLastError());
        CHECK(cudaDeviceSynchronize());
        if (mode == 0 || mode == 3) {
            CHECK(cudaMemcpy(h.data(), g, sizeof(Slots), cudaMemcpyDeviceToHost));
            if (!check(h[0], blocks * threads, names[mode])) {
                printf("FAIL\n");
                return 1;
            }
        } else {
            CHECK(cudaMemcpy(h.data(), out, blocks * sizeof(Slots), cudaMemcpyDeviceToHost));
            for (unsigned b = 0; b < blocks; b++)
                if (!check(h[b], threads, names[mode])) {
                    printf("block %u\nFAIL\n", b);
                    return 1;
                }
        }
    }
    if (!check_half2(4, 256)) {
        printf("FAIL\n");
        return 1;
    }
    printf("PASS\n");
    return 0;
}
