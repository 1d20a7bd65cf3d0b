// Golden lowering input: 32-bit bit manipulation — population count,
// leading zeros, bit reversal, find-first-set, bit-field extract and insert,
// funnel shifts and rotates, byte and 16-bit arithmetic.
__global__ void bits(const unsigned *in, unsigned *out, unsigned short *h, int shift)
{
    int i = threadIdx.x;
    unsigned x = in[i], y = in[i + 64];
    unsigned *o = out + 8 * i;
    o[0] = __popc(x) + __clz(y) + __ffs(x);
    o[1] = __brev(x) ^ (y >> 3);
    o[2] = (x >> 5) & 0x3ff;
    o[3] = (unsigned)(((int)y << 4) >> 20);
    o[4] = __funnelshift_l(x, y, 7) + __funnelshift_r(x, y, shift) + __funnelshift_lc(x, y, shift);
    o[5] = (x << 13) | (x >> 19);
    o[6] = (x & ~0xf0u) | ((y << 4) & 0xf0u);
    o[7] = __umulhi(x, y) + __mulhi((int)x, (int)y) + __sad(x, y, 0u);
    h[i] = (unsigned short)((unsigned short)x * (unsigned short)y + (unsigned short)(x >> 16));
}
