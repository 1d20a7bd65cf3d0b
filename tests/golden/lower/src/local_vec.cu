// Golden lowering input: a per-thread array indexed dynamically (local
// memory depot), vector loads and stores (float4, int2, double2), char and
// short data, and generic pointers into shared memory.
__global__ void local_vec(const float4 *in, float4 *out, const int2 *pairs, double2 *dout,
                          const char *bytes, short *shorts, int k)
{
    __shared__ float sh[64];
    float arr[16];
    int t = threadIdx.x;
    float4 v = in[t];
    for (int j = 0; j < 16; j++)
        arr[j] = v.x * j + v.y;
    int2 p = pairs[t];
    float s = arr[(t + k) & 15] + arr[p.x & 15];
    sh[t & 63] = s;
    __syncthreads();
    float *gp = (k > 3) ? &sh[(t + 1) & 63] : &arr[p.y & 15];
    out[t] = make_float4(s, v.z, v.w, *gp);
    dout[t] = make_double2(v.x, (double)bytes[t] + (double)p.y);
    shorts[t] = (short)(bytes[t + 1] * 3);
}
