// Golden lowering input: double precision without library calls — add,
// fma, division, sqrt, min/max, fabs, comparisons with NaN handling,
// f64 immediates and conversions to and from integers and float.
__global__ void dmath(const double *x, const double *y, double *out, float *fout, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    double a = x[i], b = y[i];
    double r = fma(a, b, 0.25) / (b + 1.5);
    r += sqrt(fabs(a)) - fmin(a, b) + fmax(a, 2.0);
    if (isnan(b) || a >= b)
        r = -r;
    out[i] = r * 3.0e10;
    fout[i] = (float)r + (float)(long long)a + (float)(unsigned)b;
    out[n + i] = (double)i / 7.0 + floor(a) + ceil(b) + trunc(r) + rint(a);
}
