// Golden lowering input: structs passed by value as kernel parameters
// (byte-array .param with alignment, fields read with ld.param at offsets,
// mixed widths, a padded layout, and a small struct copied to the stack).
struct Params {
    int n;
    double scale;
    float bias[4];
    int idx[2];
};

struct Small {
    char c;
    short s;
};

__global__ void use_params(Params p, Small q, double *out)
{
    int i = threadIdx.x;
    if (i >= p.n)
        return;
    out[i] = p.scale * (p.bias[i & 3] + p.idx[i & 1]) + q.c + q.s;
}
