// Golden lowering input: tensor cores — ldmatrix (.x4 for A, .x2.trans for
// B) feeding mma.sync.m16n8k16 f16 (32 HMMAS unit steps), and an
// m16n8k8 bf16 mma with register fragments (16 steps).
__global__ void mma(const unsigned *frag, float *out)
{
    __shared__ __align__(16) unsigned short sa[16 * 16], sb[16 * 8];
    int l = threadIdx.x;
    for (int i = l; i < 128; i += 32)
        ((unsigned *)sa)[i] = frag[i];
    for (int i = l; i < 64; i += 32)
        ((unsigned *)sb)[i] = frag[128 + i];
    __syncwarp();
    unsigned a0, a1, a2, a3, b0, b1;
    unsigned pa = (unsigned)__cvta_generic_to_shared(&sa[(l % 16) * 16 + (l / 16) * 8]);
    unsigned pb = (unsigned)__cvta_generic_to_shared(&sb[(l % 16) * 8]);
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(a0), "=r"(a1), "=r"(a2), "=r"(a3) : "r"(pa));
    asm volatile("ldmatrix.sync.aligned.m8n8.x2.trans.shared.b16 {%0,%1}, [%2];"
                 : "=r"(b0), "=r"(b1) : "r"(pb));
    float d0 = 0.f, d1 = 0.f, d2 = 0.f, d3 = 0.f;
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(d0), "+f"(d1), "+f"(d2), "+f"(d3)
                 : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
    asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.bf16.bf16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5}, {%6}, {%0,%1,%2,%3};"
                 : "+f"(d0), "+f"(d1), "+f"(d2), "+f"(d3)
                 : "r"(frag[l]), "r"(frag[32 + l]), "r"(frag[64 + l]));
    out[4 * l] = d0;
    out[4 * l + 1] = d1;
    out[4 * l + 2] = d2;
    out[4 * l + 3] = d3;
}
