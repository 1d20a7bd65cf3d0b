// Golden lowering input: the sm_75 m8n8 integer and sm_90 m16n8 f64 mma.sync
// shapes (tests/golden/lower/mma_small.ptx, nvcc -arch=sm_90 -ptx). Each is
// its MMAS unit steps between the fragment copies: the s32 C is widened to
// the steps' s64 accumulator (MMAC) and narrowed back (.satfinite: clamped).
__global__ void mma_small(const unsigned *a, int *d, const double *x, double *y)
{
    int c[2] = { 0, 0 };
    asm volatile("mma.sync.aligned.m8n8k16.row.col.s32.s8.u8.s32 {%0,%1}, {%2}, {%3}, {%0,%1};"
                 : "+r"(c[0]), "+r"(c[1]) : "r"(a[0]), "r"(a[1]));
    asm volatile("mma.sync.aligned.m8n8k32.row.col.satfinite.s32.s4.s4.s32 {%0,%1}, {%2}, {%3}, {%0,%1};"
                 : "+r"(c[0]), "+r"(c[1]) : "r"(a[2]), "r"(a[3]));
    d[0] = c[0];
    d[1] = c[1];
    double e[4] = { 0, 0, 0, 0 };
    asm volatile("mma.sync.aligned.m16n8k4.row.col.f64.f64.f64.f64 {%0,%1,%2,%3}, {%4,%5}, {%6}, {%0,%1,%2,%3};"
                 : "+d"(e[0]), "+d"(e[1]), "+d"(e[2]), "+d"(e[3]) : "d"(x[0]), "d"(x[1]), "d"(x[2]));
    for (int i = 0; i < 4; i++)
        y[i] = e[i];
}
