// Golden lowering input: mma.sp (tests/golden/lower/mma_sp.ptx, nvcc -arch=sm_80 -ptx):
// an f16 m16n8k16 with the metadata of thread 1 of each quad and an
// ordered-metadata s8 m16n8k64 with saturation. Each is one MMASP whose
// operand b is B's registers, the metadata word and padding; imm is the
// sparsity selector.
__global__ void mma_sp(const unsigned *in, float *f, int *s)
{
    int t = threadIdx.x;
    float c[4] = { 0, 0, 0, 0 };
    asm volatile("mma.sp.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5}, "
                 "{%6,%7}, {%0,%1,%2,%3}, %8, 1;"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(in[t]), "r"(in[t + 32]), "r"(in[t + 64]), "r"(in[t + 96]), "r"(in[t + 128]));
    int d[4] = { 1, 2, 3, 4 };
    asm volatile("mma.sp::ordered_metadata.sync.aligned.m16n8k64.row.col.satfinite.s32.s8.s8.s32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9,%10,%11}, {%0,%1,%2,%3}, %12, 0;"
                 : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3])
                 : "r"(in[t]), "r"(in[t + 32]), "r"(in[t + 64]), "r"(in[t + 96]), "r"(in[t + 128]),
                   "r"(in[t + 160]), "r"(in[t + 192]), "r"(in[t + 224]), "r"(in[t + 256]));
    for (int i = 0; i < 4; i++) {
        f[4 * t + i] = c[i];
        s[4 * t + i] = d[i];
    }
}
