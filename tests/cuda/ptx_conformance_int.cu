// ptx_conformance_int: integer instructions over edge values (0, 1, -1,
// INT_MIN, INT_MAX, UINT_MAX, powers of two, shift counts at and past the
// width) against a CPU reference written from the PTX manual: add.cc /
// addc / sub.cc / subc carry chains, mul.hi / mul.wide, div / rem (by zero:
// quotient all ones, remainder = dividend, as the Cobalt ISA defines the
// hardware-defined case; INT_MIN / -1 = INT_MIN, remainder 0), min / max,
// shl / shr (counts clamp to the width), abs / neg at INT_MIN, popc, clz,
// bfind (0 gives 0xffffffff), brev. Failing cases print inputs and both
// bit patterns.
#include <cstdio>
#include <cstdint>
#include <cuda_runtime.h>

#define NOPS 24
static const char *const names[NOPS] = {
    "add.cc.u32+addc.u32 (64-bit sum lo)", "add.cc.u32+addc.u32 (64-bit sum hi)",
    "sub.cc.u32+subc.u32 (64-bit diff lo)", "sub.cc.u32+subc.u32 (64-bit diff hi)",
    "mul.hi.s32", "mul.hi.u32", "mul.wide.s32 (lo)", "mul.wide.s32 (hi)", "div.s32", "div.u32",
    "rem.s32", "rem.u32", "min.s32", "max.u32", "shl.b32", "shr.u32", "shr.s32", "abs.s32",
    "neg.s32", "popc.b32", "clz.b32", "bfind.s32", "bfind.u32", "brev.b32",
};

__global__ void kern(const uint32_t *a, const uint32_t *b, uint32_t *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    uint32_t x = a[i], y = b[i], r[NOPS];
    // 64-bit (x:y) + (y:x) and (x:y) - (y:x) through the carry flag
    asm("add.cc.u32 %0, %2, %3;\n\taddc.u32 %1, %3, %2;" : "=r"(r[0]), "=r"(r[1]) : "r"(x), "r"(y));
    asm("sub.cc.u32 %0, %2, %3;\n\tsubc.u32 %1, %3, %2;" : "=r"(r[2]), "=r"(r[3]) : "r"(x), "r"(y));
    asm("mul.hi.s32 %0, %1, %2;" : "=r"(r[4]) : "r"(x), "r"(y));
    asm("mul.hi.u32 %0, %1, %2;" : "=r"(r[5]) : "r"(x), "r"(y));
    unsigned long long w;
    asm("mul.wide.s32 %0, %1, %2;" : "=l"(w) : "r"(x), "r"(y));
    r[6] = (uint32_t)w;
    r[7] = (uint32_t)(w >> 32);
    asm("div.s32 %0, %1, %2;" : "=r"(r[8]) : "r"(x), "r"(y));
    asm("div.u32 %0, %1, %2;" : "=r"(r[9]) : "r"(x), "r"(y));
    asm("rem.s32 %0, %1, %2;" : "=r"(r[10]) : "r"(x), "r"(y));
    asm("rem.u32 %0, %1, %2;" : "=r"(r[11]) : "r"(x), "r"(y));
    asm("min.s32 %0, %1, %2;" : "=r"(r[12]) : "r"(x), "r"(y));
    asm("max.u32 %0, %1, %2;" : "=r"(r[13]) : "r"(x), "r"(y));
    asm("shl.b32 %0, %1, %2;" : "=r"(r[14]) : "r"(x), "r"(y));
    asm("shr.u32 %0, %1, %2;" : "=r"(r[15]) : "r"(x), "r"(y));
    asm("shr.s32 %0, %1, %2;" : "=r"(r[16]) : "r"(x), "r"(y));
    asm("abs.s32 %0, %1;" : "=r"(r[17]) : "r"(x));
    asm("neg.s32 %0, %1;" : "=r"(r[18]) : "r"(x));
    asm("popc.b32 %0, %1;" : "=r"(r[19]) : "r"(x));
    asm("clz.b32 %0, %1;" : "=r"(r[20]) : "r"(x));
    asm("bfind.s32 %0, %1;" : "=r"(r[21]) : "r"(x));
    asm("bfind.u32 %0, %1;" : "=r"(r[22]) : "r"(x));
    asm("brev.b32 %0, %1;" : "=r"(r[23]) : "r"(x));
    for (int k = 0; k < NOPS; k++)
        out[(size_t)i * NOPS + k] = r[k];
}

// ---- CPU reference from the PTX manual -------------------------------------
static uint32_t ref_div(uint32_t x, uint32_t y, bool sgn, bool rem)
{
    if (y == 0)
        return rem ? x : 0xffffffffu;
    if (!sgn)
        return rem ? x % y : x / y;
    int32_t a = (int32_t)x, b = (int32_t)y;
    if (a == INT32_MIN && b == -1)
        return rem ? 0 : 0x80000000u;
    return (uint32_t)(rem ? a % b : a / b);
}

static uint32_t ref_shift(uint32_t x, uint32_t c, int kind)   // 0 shl, 1 shr.u, 2 shr.s
{
    if (c > 32) c = 32;
    if (kind == 0) return c >= 32 ? 0 : x << c;
    if (kind == 1) return c >= 32 ? 0 : x >> c;
    int32_t s = (int32_t)x;
    return (uint32_t)(c >= 32 ? (s < 0 ? -1 : 0) : s >> c);
}

static uint32_t ref_bfind(uint32_t x, bool sgn)
{
    if (sgn && (int32_t)x < 0) x = ~x;   // most significant non-sign bit
    if (x == 0) return 0xffffffffu;
    return 31 - (uint32_t)__builtin_clz(x);
}

static void reference(uint32_t x, uint32_t y, uint32_t *r)
{
    // add.cc x + y, addc y + x + carry: the 64-bit values {hi y.. lo x}
    uint64_t s = ((uint64_t)y << 32 | x) + ((uint64_t)x << 32 | y);
    uint64_t d = ((uint64_t)y << 32 | x) - ((uint64_t)x << 32 | y);
    r[0] = (uint32_t)s; r[1] = (uint32_t)(s >> 32);
    r[2] = (uint32_t)d; r[3] = (uint32_t)(d >> 32);
    int64_t sp = (int64_t)(int32_t)x * (int32_t)y;
    uint64_t up = (uint64_t)x * y;
    r[4] = (uint32_t)((uint64_t)sp >> 32);
    r[5] = (uint32_t)(up >> 32);
    r[6] = (uint32_t)sp;
    r[7] = (uint32_t)((uint64_t)sp >> 32);
    r[8] = ref_div(x, y, true, false);
    r[9] = ref_div(x, y, false, false);
    r[10] = ref_div(x, y, true, true);
    r[11] = ref_div(x, y, false, true);
    r[12] = (int32_t)x < (int32_t)y ? x : y;
    r[13] = x > y ? x : y;
    r[14] = ref_shift(x, y, 0);
    r[15] = ref_shift(x, y, 1);
    r[16] = ref_shift(x, y, 2);
    r[17] = (int32_t)x < 0 ? 0u - x : x;        // abs(INT_MIN) = INT_MIN
    r[18] = 0u - x;
    r[19] = (uint32_t)__builtin_popcount(x);
    r[20] = x ? (uint32_t)__builtin_clz(x) : 32;
    r[21] = ref_bfind(x, true);
    r[22] = ref_bfind(x, false);
    uint32_t b = 0;
    for (int k = 0; k < 32; k++)
        b |= ((x >> k) & 1u) << (31 - k);
    r[23] = b;
}

int main()
{
    const uint32_t vals[] = {
        0, 1, 2, 3, 7, 31, 32, 33, 64, 255, 0x7fffffffu, 0x80000000u, 0x80000001u, 0xffffffffu,
        0xfffffffeu, 0x12345678u, 0xdeadbeefu, 0x00010000u, 0x0000ffffu, 100, 0xffffff9cu,
        0x40000000u, 0xc0000000u, 1000000007u,
    };
    const int nv = sizeof vals / sizeof vals[0], n = nv * nv;
    static uint32_t ha[n], hb[n], out[n * NOPS];
    for (int i = 0; i < nv; i++)
        for (int j = 0; j < nv; j++) {
            ha[i * nv + j] = vals[i];
            hb[i * nv + j] = vals[j];
        }
    uint32_t *da, *db, *dout;
    if (cudaMalloc(&da, sizeof ha) != cudaSuccess || cudaMalloc(&db, sizeof hb) != cudaSuccess ||
        cudaMalloc(&dout, sizeof out) != cudaSuccess ||
        cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice) != cudaSuccess ||
        cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice) != cudaSuccess) {
        printf("setup failed\nFAIL\n");
        return 1;
    }
    kern<<<(n + 127) / 128, 128>>>(da, db, dout, n);
    cudaError_t le = cudaGetLastError();
    if (le != cudaSuccess) {
        printf("launch: %s\nFAIL\n", cudaGetErrorName(le));
        return 1;
    }
    cudaError_t e = cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        printf("kernel: %s\nFAIL\n", cudaGetErrorName(e));
        return 1;
    }
    int bad = 0;
    for (int k = 0; k < n; k++) {
        uint32_t want[NOPS];
        reference(ha[k], hb[k], want);
        for (int op = 0; op < NOPS; op++)
            if (out[(size_t)k * NOPS + op] != want[op] && bad++ < 20)
                printf("%s a=0x%08x b=0x%08x: got 0x%08x, want 0x%08x\n", names[op], ha[k], hb[k],
                       out[(size_t)k * NOPS + op], want[op]);
    }
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("%d cases x %d instructions\nPASS\n", n, NOPS);
    return 0;
}
