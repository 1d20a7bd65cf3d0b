// Golden lowering input: the MMAX forms (tests/golden/lower/mma_x.ptx, nvcc -arch=sm_89 -ptx):
// the quad-pair m8n8k4 f16 form (col.row, f32 D from an f16 C), an fp8
// m16n8k32 and a b1 m16n8k256; each is one MMAX between its fragment copies.
__global__ void mmax(const unsigned *in, float *f, unsigned *u)
{
    unsigned x[8];
    for (int i = 0; i < 8; i++)
        x[i] = in[threadIdx.x + 32 * i];
    float d[8];
    asm volatile("mma.sync.aligned.m8n8k4.col.row.f32.f16.f16.f16 {%0,%1,%2,%3,%4,%5,%6,%7}, "
                 "{%8,%9}, {%10,%11}, {%12,%13,%14,%15};"
                 : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3]), "=f"(d[4]), "=f"(d[5]), "=f"(d[6]), "=f"(d[7])
                 : "r"(x[0]), "r"(x[1]), "r"(x[2]), "r"(x[3]), "r"(x[4]), "r"(x[5]), "r"(x[6]), "r"(x[7]));
    asm volatile("mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e5m2.f32 {%0,%1,%2,%3}, "
                 "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(x[0]), "r"(x[1]), "r"(x[2]), "r"(x[3]), "r"(x[4]), "r"(x[5]));
    for (int i = 0; i < 8; i++)
        f[threadIdx.x + 32 * i] = d[i];
    unsigned c[4] = { x[4], x[5], x[6], x[7] };
    asm volatile("mma.sync.aligned.m16n8k256.row.col.s32.b1.b1.s32.xor.popc {%0,%1,%2,%3}, "
                 "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                 : "r"(x[0]), "r"(x[1]), "r"(x[2]), "r"(x[3]), "r"(x[4]), "r"(x[5]));
    for (int i = 0; i < 4; i++)
        u[threadIdx.x + 32 * i] = c[i];
}
