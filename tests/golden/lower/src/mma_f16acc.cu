// Golden: mma.sync with f16 accumulators, 32 MMAS .F16 unit steps on the
// fragment registers (was an error golden before f16 accumulators).
__global__ void mma16(const unsigned *in, unsigned *out)
{
    unsigned l = threadIdx.x, d0 = in[l], d1 = in[32 + l];
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f16.f16.f16.f16 "
                 "{%0,%1}, {%2,%3,%4,%5}, {%6,%7}, {%0,%1};"
                 : "+r"(d0), "+r"(d1)
                 : "r"(in[l]), "r"(in[l + 1]), "r"(in[l + 2]), "r"(in[l + 3]), "r"(in[l + 4]),
                   "r"(in[l + 5]));
    out[l] = d0 + d1;
}
