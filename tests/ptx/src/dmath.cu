// Double-precision math (libdevice calls inlined) and conversions.
__global__ void dmath(const double *x, double *y, float *z, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    double v = x[i];
    y[i] = sqrt(v) + exp(v) * sin(v) - 1.0 / (v + 3.0);
    z[i] = (float)v * 2.5f + (float)(long long)v;
}
