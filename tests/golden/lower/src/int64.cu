// Golden lowering input: 64-bit integer arithmetic — add/sub/mul/div/rem,
// shifts, min/max, comparisons, population count, leading zeros, bit
// reversal and 64-bit immediates that need materialising.
__global__ void int64_ops(const long long *a, const unsigned long long *b, long long *out)
{
    int i = threadIdx.x;
    long long x = a[i];
    unsigned long long y = b[i] | 1;
    long long *o = out + 12 * i;
    o[0] = x * 0x123456789LL + (long long)y;
    o[1] = x / (long long)y;
    o[2] = (long long)(y % 1000000007ULL);
    o[3] = x >> (i & 63);
    o[4] = (long long)(y >> 7) ^ (x << 3);
    o[5] = x < (long long)y ? x : (long long)y;
    o[6] = (long long)(y > 0xFFFFFFFFULL ? y : 17ULL);
    o[7] = __popcll(y) + __clzll(x);
    o[8] = (long long)__brevll(y);
    o[9] = __mul64hi(x, (long long)y);
    o[10] = (long long)__umul64hi(y, 0x9E3779B97F4A7C15ULL);
    o[11] = llabs(x) - (long long)(unsigned)i;
}
