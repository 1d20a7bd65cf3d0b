// Kernels for clang's CUDA device compilation (LLVM NVPTX back end); see
// tests/ptx/README.md for the command. No CUDA headers (-nocudainc): the
// few built-ins used are spelled out below.
#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
#define __noinline__ __attribute__((noinline))
#define TID() ((int)__nvvm_read_ptx_sreg_tid_x())
#define GID() ((int)(__nvvm_read_ptx_sreg_ctaid_x() * __nvvm_read_ptx_sreg_ntid_x() + \
                     __nvvm_read_ptx_sreg_tid_x()))

__device__ int g_count;
__device__ int g_tab[4] = { 3, 5, 7, 9 };
__constant__ float c_scale[2] = { 0.5f, 4.0f };

__device__ __noinline__ float sq_plus_one(float x) { return x * x + 1.0f; }
__device__ __noinline__ long long mix64(long long a, int b) { return a * 3 + (long long)b; }

// y[i] = a*x[i] + sq_plus_one(y[i]) + g_tab[i&3] * c_scale[i&1]
extern "C" __global__ void clang_saxpy(int n, float a, const float *x, float *y)
{
    int i = GID();
    if (i < n)
        y[i] = a * x[i] + sq_plus_one(y[i]) + (float)g_tab[i & 3] * c_scale[i & 1];
}

// out[0] = sum of in[0..n), 64 threads, shared-memory tree; counts blocks.
extern "C" __global__ void clang_reduce(const int *in, int *out, int n)
{
    __shared__ int s[64];
    int t = TID();
    s[t] = t < n ? in[t] : 0;
    __nvvm_bar_sync(0);
    for (int k = 32; k > 0; k >>= 1) {
        if (t < k)
            s[t] += s[t + k];
        __nvvm_bar_sync(0);
    }
    if (t == 0) {
        *out = s[0];
        __nvvm_atom_add_gen_i(&g_count, 1);
    }
}

// A local array indexed at run time (clang's __local_depot / %SP idiom),
// 64-bit arithmetic through a call, and a switch.
extern "C" __global__ void clang_local(const int *in, long long *out)
{
    int i = GID();
    volatile int buf[8];
    for (int k = 0; k < 8; k++)
        buf[k] = in[i] + k;
    int v = buf[in[i] & 7];
    long long r = mix64((long long)v << 20, i);
    switch (i & 3) {
    case 0: r += 11; break;
    case 1: r -= 7; break;
    case 2: r ^= 0x55; break;
    default: r = -r; break;
    }
    out[i] = r;
}

// A struct parameter indexed at run time: clang loads through the
// parameter's address (mov.b64 %rd, clang_param_param_0; ld.param [%rd]).
struct coeffs { int k[4]; int bias; };
extern "C" __global__ void clang_param(struct coeffs c, int *out)
{
    int i = GID();
    out[i] = c.k[i & 3] * 10 + c.bias;
}
