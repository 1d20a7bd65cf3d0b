// NVCCFLAGS: -arch=sm_90
// stmatrix: stmatrix.sync.aligned.m8n8.{x1,x2,x4}[.trans].shared.b16 (sm_90)
// against the PTX ISA layout, the mirror of ldmatrix: lane 8q + r gives
// the address of row r of matrix q; lane l gives, in register q, row l/4,
// columns 2(l%4) (low half) and 2(l%4)+1 (high half) of matrix q (.trans:
// that element pair lands in column l/4, rows 2(l%4) and 2(l%4)+1).
// The rows are placed in reverse order in shared memory so the per-lane
// addresses matter. (Built for sm_90 only: the runtime falls back to the
// lowest PTX when none is at or below the simulated sm_80.)
#include <cstdio>
#include <cstdint>
#include <cuda_runtime.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s\nFAIL\n", __FILE__, __LINE__, #call, \
                   cudaGetErrorString(err_));                                \
            return 1;                                                        \
        }                                                                    \
    } while (0)

enum { FORMS = 4, MAT = 64 };   // x1, x2, x4, x4.trans; 64 b16 per matrix

// out[form][q][64]: matrix q as stored by that form, rows in natural order.
__global__ void st(uint16_t *out)
{
    __shared__ __align__(16) uint16_t s[FORMS][4][MAT];
    int l = threadIdx.x, g = l / 4, t = l % 4;
    for (int i = l; i < FORMS * 4 * MAT; i += 32)
        (&s[0][0][0])[i] = 0xFFFF;
    __syncwarp();
    unsigned v[4];
    for (int q = 0; q < 4; q++) {
        unsigned lo = q * 64 + g * 8 + 2 * t + 1, hi = lo + 1;
        v[q] = lo | hi << 16;
    }
    int q = l / 8, r = l % 8;
    unsigned a[FORMS];
    for (int f = 0; f < FORMS; f++)
        a[f] = (unsigned)__cvta_generic_to_shared(&s[f][q][(7 - r) * 8]);
    asm volatile("stmatrix.sync.aligned.m8n8.x1.shared.b16 [%0], {%1};" :: "r"(a[0]), "r"(v[0]));
    asm volatile("stmatrix.sync.aligned.m8n8.x2.shared.b16 [%0], {%1, %2};"
                 :: "r"(a[1]), "r"(v[0]), "r"(v[1]));
    asm volatile("stmatrix.sync.aligned.m8n8.x4.shared::cta.b16 [%0], {%1, %2, %3, %4};"
                 :: "r"(a[2]), "r"(v[0]), "r"(v[1]), "r"(v[2]), "r"(v[3]));
    asm volatile("stmatrix.sync.aligned.m8n8.x4.trans.shared.b16 [%0], {%1, %2, %3, %4};"
                 :: "r"(a[3]), "r"(v[0]), "r"(v[1]), "r"(v[2]), "r"(v[3]));
    __syncwarp();
    for (int i = l; i < FORMS * 4 * MAT; i += 32) {
        int f = i / (4 * MAT), m = i / MAT % 4, row = i / 8 % 8, c = i % 8;
        out[i] = s[f][m][(7 - row) * 8 + c];
    }
}

int main()
{
    const int n = FORMS * 4 * MAT;
    uint16_t h[n];
    uint16_t *d;
    CHECK(cudaMalloc(&d, sizeof h));
    st<<<1, 32>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    const int nmat[FORMS] = { 1, 2, 4, 4 };
    int bad = 0;
    for (int f = 0; f < FORMS; f++)
        for (int m = 0; m < 4; m++)
            for (int r = 0; r < 8; r++)
                for (int c = 0; c < 8; c++) {
                    // element (r, c) of matrix m as lane fragments give it
                    int rr = f == 3 ? c : r, cc = f == 3 ? r : c;
                    uint16_t want = m < nmat[f] ? (uint16_t)(m * 64 + rr * 8 + cc + 1) : 0xFFFF;
                    uint16_t got = h[((f * 4 + m) * 8 + r) * 8 + c];
                    if (got != want && bad++ < 10)
                        printf("form %d matrix %d [%d][%d] = %u, expected %u\n", f, m, r, c,
                               got, want);
                }
    CHECK(cudaFree(d));
    printf(bad ? "FAIL\n" : "PASS\n");
    return bad != 0;
}
