// Golden lowering input: nested divergence — an early return, a loop with
// break and continue whose bodies store to memory (so nvcc keeps the
// branches), if/else nested inside the loop and after it, a switch, and a
// barrier after the divergent region. Reconvergence points (the second BRA
// operand) are pinned by the expected listing.
__global__ void nested(const int *in, int *out, int *log, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    int v = in[i];
    int acc = 0;
    for (int j = 0; j < (v & 15); j++) {
        int w = in[(i + j) % n];
        if (w < 0)
            break;
        if (w & 1) {
            log[i] = j;
            continue;
        }
        if (v & 16) {
            acc += w;
            out[i] = acc;
        } else {
            acc -= j;
            log[j] = acc;
        }
    }
    switch (v & 3) {
    case 0: out[i] = acc; break;
    case 1: log[i] = acc + 1; break;
    default: if (v > 100) out[n + i] = acc; break;
    }
}

__global__ void diverge_then_sync(int *data)
{
    __shared__ int s[128];
    int t = threadIdx.x;
    int v = data[t];
    while (v > 1 && v < 1000) {
        if (v & 1)
            v = 3 * v + 1;
        else
            data[t + 128] = v /= 2;
    }
    s[t] = v;
    __syncthreads();
    data[t] = s[127 - t];
}
