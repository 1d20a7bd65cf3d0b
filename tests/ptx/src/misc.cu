// Assorted features: f16/bf16, atomics, warp votes/shuffles, cooperative
// groups, CUB block reduce, texture objects, device malloc, struct return,
// switch, trap.
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <cooperative_groups.h>
#include <cub/cub.cuh>
namespace cg = cooperative_groups;
__global__ void k1(half2 *h, __nv_bfloat16 *b, float *f, int n) {
  int i = threadIdx.x;
  h[i] = __hfma2(h[i], h[i+1], h[i+2]);
  b[i] = __float2bfloat16(__bfloat162float(b[i]) * 2.0f);
  atomicAdd(&f[0], f[i]);
  atomicMax((int*)&f[1], i);
  unsigned m = __ballot_sync(0xffffffff, f[i] > 0);
  f[i] += __popc(m) + __shfl_xor_sync(0xffffffff, f[i], 1);
  __syncwarp();
  auto g = cg::this_thread_block();
  g.sync();
  f[i] = __expf(f[i]) + __sinf(f[i]) + tanhf(f[i]) + erff(f[i]) + powf(f[i], 2.5f) + fmodf(f[i], 3.f);
  double d = f[i]; d = log1p(d) + cbrt(d) + atan2(d, 1.0);
  f[i+1] = (float)d;
  long long c = clock64(); f[i+2] = (float)c;
}
__global__ void k2(const int *in, int *out) {
  typedef cub::BlockReduce<int, 128> BR;
  __shared__ typename BR::TempStorage tmp;
  int v = BR(tmp).Sum(in[threadIdx.x]);
  if (threadIdx.x == 0) out[blockIdx.x] = v;
}
__global__ void k3(cudaTextureObject_t t, float *o) {
  o[threadIdx.x] = tex1Dfetch<float>(t, threadIdx.x) + tex2D<float>(t, 0.5f, 0.5f);
}
__global__ void k4(int *p) { int *q = (int*)malloc(16); q[0] = 1; p[0] = q[0]; free(q); }
struct Big { double a[9]; int b; };
__device__ __noinline__ Big mk(int x) { Big r; for (int i = 0; i < 9; i++) r.a[i] = x * i; r.b = x; return r; }
__global__ void k5(Big *o) { o[threadIdx.x] = mk(threadIdx.x); }
__global__ void k6(int *o, int n) { switch (n) { case 0: o[0]=1; break; case 5: o[1]=2; break; case 9: o[2]=3; break; default: o[3]=4; } __trap(); }
