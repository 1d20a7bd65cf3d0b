__global__ void quadpair(const unsigned *a, float *d)
{
    unsigned a0 = a[0], a1 = a[1], b0 = a[2], b1 = a[3];
    float c[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    asm volatile("mma.sync.aligned.m8n8k4.row.col.f32.f16.f16.f32 {%0,%1,%2,%3,%4,%5,%6,%7}, {%8,%9}, {%10,%11}, {%0,%1,%2,%3,%4,%5,%6,%7};"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3]), "+f"(c[4]), "+f"(c[5]), "+f"(c[6]), "+f"(c[7])
                 : "r"(a0), "r"(a1), "r"(b0), "r"(b1));
    for (int i = 0; i < 8; i++) d[i] = c[i];
}
