// Golden lowering input: f32 arithmetic and the special-function unit —
// fast-math intrinsics (MUFU), IEEE division and sqrt, rcp/rsqrt, min/max,
// saturation, float <-> int conversions with every rounding mode, half.
#include <cuda_fp16.h>

__global__ void fmath(const float *x, float *out, int *iout, unsigned short *hout)
{
    int i = threadIdx.x;
    float a = x[i], b = x[i + 32];
    float *o = out + 12 * i;
    o[0] = __expf(a) + __logf(b) + __sinf(a) * __cosf(b);
    o[1] = a / b;
    o[2] = __fdividef(a, b) + __frcp_rn(b) + rsqrtf(a);
    o[3] = sqrtf(a) + __fsqrt_rz(b);
    o[4] = fminf(a, b) - fmaxf(a, 1.0f) + fabsf(b);
    o[5] = __saturatef(a * b) + __fmaf_rz(a, b, 2.0f);
    o[6] = tanhf(a);
    o[7] = exp2f(b) + __fmul_rd(a, b) + __fadd_ru(a, b);
    o[8] = (float)__float2int_rn(a) + (float)__float2uint_rd(b);
    o[9] = __int2float_rz(i * 1000003) + __uint2float_ru((unsigned)i * 2654435761u);
    o[10] = a < b ? a : -b;
    o[11] = floorf(a) + ceilf(b) + truncf(a) + rintf(b);
    iout[i] = __float2int_rz(a) ^ __float2int_ru(b) ^ (int)__float2ll_rd(a);
    hout[i] = __half_as_ushort(__float2half(a)) + (unsigned short)__half2float(__ushort_as_half((unsigned short)i));
}
