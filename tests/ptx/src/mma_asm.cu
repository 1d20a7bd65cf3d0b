// Warp-level mma.sync / ldmatrix / cp.async through inline PTX, as tuned
// kernels write them.
#include <cstdint>
__global__ void mma_tile(const uint32_t *a, const uint32_t *b, float *d)
{
    __shared__ __align__(16) uint32_t sa[32 * 4];
    unsigned lane = threadIdx.x;
    unsigned saddr = (unsigned)__cvta_generic_to_shared(&sa[lane * 4]);
    asm volatile("cp.async.ca.shared.global [%0], [%1], 16;\n" :: "r"(saddr), "l"(a + lane * 4));
    asm volatile("cp.async.wait_all;\n" ::);
    __syncwarp();
    uint32_t r0, r1, r2, r3;
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];\n"
                 : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3) : "r"(saddr));
    float c0 = 0.f, c1 = 0.f, c2 = 0.f, c3 = 0.f;
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                 "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\n"
                 : "+f"(c0), "+f"(c1), "+f"(c2), "+f"(c3)
                 : "r"(r0), "r"(r1), "r"(r2), "r"(r3), "r"(b[lane]), "r"(b[lane + 32]));
    d[lane * 4 + 0] = c0;
    d[lane * 4 + 1] = c1;
    d[lane * 4 + 2] = c2;
    d[lane * 4 + 3] = c3;
}
