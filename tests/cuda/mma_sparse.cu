// NVCCFLAGS: -arch=sm_89
// mma_sparse: inline-PTX mma.sp / mma.sp::ordered_metadata (A 2:4 structured
// sparse) for every input type, against CPU references. Fragments indexed by
// hand as in the PTX ISA manual ("Matrix fragments for multiply-accumulate
// operation with sparse matrix A"), g = lane >> 2, t = lane % 4, e elements
// per register (f16/bf16 2, tf32 1, s8/u8 and e4m3/e5m2 4, s4/u4 8; the fp8
// form needs sm_89, hence the whole file is built for it):
//   A (the K/2 stored elements of each row, "compressed" column kc):
//     register j holds row g + 8 (j % 2), kc = 4e (j / 2) + e t .. + e - 1
//     (f16 k16: a0,a1 row g / a2,a3 row g+8 from chunk t; k32 adds chunk
//     t+4 in a4..a7; tf32 one element per chunk of 2; s8 two chunks of 4
//     per register; s4 two 8-chunks per register)
//   B (dense K x N): register j holds k = 4e j + e t .. + e - 1 of column g
//   C/D: f32/s32 c_i = C[g + 8 (i / 2)][2t + i % 2]; f16 c_i = row g + 8 i,
//     columns 2t, 2t+1
//   metadata: a chunk (4 elements; tf32 2, s4 8) has a 4-bit field, two
//     2-bit indices of its stored elements' positions (tf32: 0b0100 or
//     0b1110; s4: of 2-element sub-chunks), low index first; in each quad
//     K/(4 chunk) threads hold them (1: thread sel, 2: threads 2 sel and
//     2 sel + 1, 4: all), field i of a word in bits 4i..4i+3; thread p of
//     those holds, for f16/bf16/tf32, chunks 4p..4p+3 of row g in bits
//     0..15 and of row g+8 in bits 16..31; for s8/u8/e4m3/e5m2/s4/u4,
//     chunks 8(p/2)..8(p/2)+7 of row g + 8(p%2) (one row per word). The
//     other threads get garbage, which must be ignored.
// References follow Cobalt's documented order (docs/tensor-cores.md): the
// stored products in stored order, exact, added to C with f32 rounding (f16
// accumulator: rounded to f16 after every 4 products); integers exact,
// then wrapped or clamped. The check is equality.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <vector>
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#define CHECK(call)                                                          \
    do {                                                                     \
        cudaError_t err_ = (call);                                           \
        if (err_ != cudaSuccess) {                                           \
            printf("%s:%d: %s failed: %s\nFAIL\n", __FILE__, __LINE__, #call, \
                   cudaGetErrorString(err_));                                \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

enum { F16, BF16, TF32, S8, U8, S4, U4, E4M3, E5M2 };
struct Kind {
    const char *name;
    int k, ta, tb, sel;
    bool f16acc, sat;
};
static const Kind kinds[] = {
    { "m16n8k16 f32.f16.f16.f32 sel 2", 16, F16, F16, 2, false, false },
    { "m16n8k32 f16.f16.f16.f16 sel 1", 32, F16, F16, 1, true, false },
    { "ordered m16n8k32 f32.bf16.bf16.f32", 32, BF16, BF16, 0, false, false },
    { "m16n8k8 tf32 sel 3", 8, TF32, TF32, 3, false, false },
    { "m16n8k16 tf32 sel 1", 16, TF32, TF32, 1, false, false },
    { "m16n8k32 satfinite u8.s8", 32, U8, S8, 0, false, true },
    { "m16n8k64 s8.s8", 64, S8, S8, 0, false, false },
    { "m16n8k64 satfinite s4.u4 sel 1", 64, S4, U4, 1, false, true },
    { "ordered m16n8k128 u4.u4", 128, U4, U4, 0, false, false },
    { "ordered m16n8k64 f32.e4m3.e5m2.f32", 64, E4M3, E5M2, 0, false, false },
};
enum { NK = sizeof kinds / sizeof kinds[0], M = 16, N = 8 };

__host__ __device__ static int bits_of(int ty)
{
    return ty <= BF16 ? 16 : ty == TF32 ? 32 : ty == S4 || ty == U4 ? 4 : 8;
}
__host__ __device__ static int chunk_of(int ty) { return ty == TF32 ? 2 : ty == S4 || ty == U4 ? 8 : 4; }

// Ac: M x K/2 element bits, Bt: N x K, C and D: M x N (f32/s32 bits, or f16
// bits), meta: M x K/chunk 4-bit fields.
__global__ void sparse(int kind, const Kind kd, const unsigned *Ac, const unsigned *Bt,
                       const unsigned *C, const unsigned char *meta, unsigned *D)
{
    int lane = threadIdx.x, g = lane >> 2, t = lane & 3;
    int bits = bits_of(kd.ta), e = 32 / bits, kh = kd.k / 2, cw = chunk_of(kd.ta);
    unsigned mask = bits == 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
    unsigned a[4] = { 0, 0, 0, 0 }, b[4] = { 0, 0, 0, 0 }, c[4], m = 0xDEADBEEFu;
    int na = 2 * (kh < 4 * e ? 1 : kh / (4 * e)), nb = kd.k / (4 * e);
    for (int j = 0; j < na; j++)
        for (int x = 0; x < e; x++)
            a[j] |= (Ac[(g + 8 * (j % 2)) * kh + 4 * e * (j / 2) + e * t + x] & mask) << (bits * x);
    for (int j = 0; j < nb; j++)
        for (int x = 0; x < e; x++)
            b[j] |= (Bt[g * kd.k + 4 * e * j + e * t + x] & mask) << (bits * x);
    int nt = kd.k / cw / 4, p = nt == 1 ? (t == kd.sel ? 0 : -1) : nt == 2 ? (t / 2 == kd.sel ? t % 2 : -1) : t;
    if (p >= 0 && bits >= 16) {
        m = 0;
        for (int q = 0; q < 4; q++) {
            int ch = 4 * p + q;
            m |= (unsigned)meta[g * (kd.k / cw) + ch] << (4 * q);
            m |= (unsigned)meta[(g + 8) * (kd.k / cw) + ch] << (16 + 4 * q);
        }
    } else if (p >= 0) {
        m = 0;
        for (int q = 0; q < 8; q++)
            m |= (unsigned)meta[(g + 8 * (p % 2)) * (kd.k / cw) + 8 * (p / 2) + q] << (4 * q);
    }
    if (kd.f16acc) {
        for (int i = 0; i < 2; i++)
            c[i] = C[(g + 8 * i) * N + 2 * t] | C[(g + 8 * i) * N + 2 * t + 1] << 16;
    } else {
        for (int i = 0; i < 4; i++)
            c[i] = C[(g + 8 * (i / 2)) * N + 2 * t + i % 2];
    }
#define SP4(mods, sel)                                                                         \
    asm volatile("mma." mods " {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9,%10,%11}, {%0,%1,%2,%3}, %12, " #sel ";" \
                 : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])                                \
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "r"(b[2]), "r"(b[3]), "r"(m))
#define SP2(mods, sel)                                                                         \
    asm volatile("mma." mods " {%0,%1,%2,%3}, {%4,%5}, {%6,%7}, {%0,%1,%2,%3}, %8, " #sel ";"   \
                 : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])                                \
                 : "r"(a[0]), "r"(a[1]), "r"(b[0]), "r"(b[1]), "r"(m))
    switch (kind) {
    case 0: SP2("sp.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32", 2); break;
    case 1:
        asm volatile("mma.sp.sync.aligned.m16n8k32.row.col.f16.f16.f16.f16 {%0,%1}, {%2,%3,%4,%5}, "
                     "{%6,%7,%8,%9}, {%0,%1}, %10, 1;"
                     : "+r"(c[0]), "+r"(c[1])
                     : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "r"(b[2]),
                       "r"(b[3]), "r"(m));
        break;
    case 2: SP4("sp::ordered_metadata.sync.aligned.m16n8k32.row.col.f32.bf16.bf16.f32", 0); break;
    case 3: SP2("sp.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32", 3); break;
    case 4: SP4("sp.sync.aligned.m16n8k16.row.col.f32.tf32.tf32.f32", 1); break;
    case 5: SP2("sp.sync.aligned.m16n8k32.row.col.satfinite.s32.u8.s8.s32", 0); break;
    case 6: SP4("sp.sync.aligned.m16n8k64.row.col.s32.s8.s8.s32", 0); break;
    case 7: SP2("sp.sync.aligned.m16n8k64.row.col.satfinite.s32.s4.u4.s32", 1); break;
    case 8: SP4("sp::ordered_metadata.sync.aligned.m16n8k128.row.col.s32.u4.u4.s32", 0); break;
    default: SP4("sp::ordered_metadata.sync.aligned.m16n8k64.row.col.f32.e4m3.e5m2.f32", 0); break;
    }
    if (kd.f16acc) {
        for (int i = 0; i < 2; i++) {
            D[(g + 8 * i) * N + 2 * t] = c[i] & 0xFFFF;
            D[(g + 8 * i) * N + 2 * t + 1] = c[i] >> 16;
        }
    } else {
        for (int i = 0; i < 4; i++)
            D[(g + 8 * (i / 2)) * N + 2 * t + i % 2] = c[i];
    }
}

static unsigned s_rng = 12345u;
static unsigned rnd() { s_rng = s_rng * 1103515245u + 12345u; return s_rng >> 8; }

static float h2f(unsigned h) { __half_raw r; r.x = (unsigned short)h; return __half2float(__half(r)); }
static unsigned f2h(float f) { __half h = __float2half_rn(f); __half_raw r = h; return r.x; }
static float u2f(unsigned u) { float f; memcpy(&f, &u, 4); return f; }
static unsigned f2u(float f) { unsigned u; memcpy(&u, &f, 4); return u; }

static unsigned rnd_bits(int ty)
{
    unsigned r = rnd();
    switch (ty) {
    case F16: return (r & 0x8000) | (unsigned)(12 + (r >> 16) % 6) << 10 | (r & 0x3FF);
    case BF16: return (r & 0x8000) | (unsigned)(120 + (r >> 16) % 12) << 7 | (r & 0x7F);
    case TF32: return (r << 8 & 0x80000000u) | (unsigned)(120 + r % 12) << 23 | (rnd() & 0x7FFFFF);
    case E4M3: return (r & 0x7F) == 0x7F ? r & 0xFE : r & 0xFF;   // finite only
    case E5M2: return (r & 0x7C) == 0x7C ? r & 0xBF : r & 0xFF;
    default: return r;
    }
}

static double value(int ty, unsigned v)
{
    switch (ty) {
    case F16: return h2f(v & 0xFFFF);
    case BF16: return u2f(v << 16);
    case TF32: return u2f(v & 0xFFFFE000u);   // the low 13 bits are ignored
    case S8: return (signed char)(v & 0xFF);
    case U8: return v & 0xFF;
    case S4: return (v & 8) ? (double)(v & 0xF) - 16 : v & 0xF;
    case U4: return v & 0xF;
    default: {
        __half_raw h = __nv_cvt_fp8_to_halfraw((__nv_fp8_storage_t)(v & 0xFF), ty == E4M3 ? __NV_E4M3 : __NV_E5M2);
        return h2f(h.x);
    }
    }
}

int main()
{
    unsigned *dA, *dB, *dC, *dD;
    unsigned char *dM;
    CHECK(cudaMalloc(&dA, M * 64 * 4));
    CHECK(cudaMalloc(&dB, N * 128 * 4));
    CHECK(cudaMalloc(&dC, M * N * 4));
    CHECK(cudaMalloc(&dD, M * N * 4));
    CHECK(cudaMalloc(&dM, M * 32));
    int fails = 0;
    for (int kind = 0; kind < NK; kind++) {
        const Kind &kd = kinds[kind];
        int kh = kd.k / 2, cw = chunk_of(kd.ta), nch = kd.k / cw;
        bool integer = kd.ta >= S8 && kd.ta <= U4;
        std::vector<unsigned> ac(M * kh), bt(N * kd.k), c(M * N), d(M * N);
        std::vector<unsigned char> meta(M * nch);
        std::vector<int> pos(M * kh);   // k of each stored element
        for (int r = 0; r < M; r++)
            for (int ch = 0; ch < nch; ch++) {
                unsigned i0, i1;
                if (cw == 2) {
                    i0 = rnd() % 2 ? 2 : 0;
                    i1 = i0 + 1;
                } else {
                    do { i0 = rnd() % 4; i1 = rnd() % 4; } while (i0 >= i1);
                }
                meta[r * nch + ch] = (unsigned char)(i0 | i1 << 2);
                int per = cw / 2;   // stored elements per chunk
                for (int q = 0; q < per; q++) {
                    int k = cw == 4 ? 4 * ch + (q ? i1 : i0) : cw == 2 ? 2 * ch + i0 / 2
                          : 8 * ch + 2 * (q < 2 ? i0 : i1) + q % 2;
                    pos[r * kh + per * ch + q] = k;
                }
            }
        for (auto &v : ac) v = rnd_bits(kd.ta);
        for (auto &v : bt) v = rnd_bits(kd.tb);
        for (int i = 0; i < M * N; i++) {
            unsigned r = rnd();
            if (integer)
                c[i] = (unsigned)(r % 4 == 0 ? INT32_MAX - (int)(r % 3000) : r % 4 == 1 ? INT32_MIN + (int)(r % 3000)
                                                                         : (int)(r % 20001) - 10000);
            else if (kd.f16acc)
                c[i] = f2h((float)((int)(r % 4001) - 2000) / 256.0f);
            else
                c[i] = f2u((float)((int)(r % 4000001) - 2000000) / 65536.0f);
        }
        CHECK(cudaMemcpy(dA, ac.data(), ac.size() * 4, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dB, bt.data(), bt.size() * 4, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dC, c.data(), c.size() * 4, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dM, meta.data(), meta.size(), cudaMemcpyHostToDevice));
        sparse<<<1, 32>>>(kind, kd, dA, dB, dC, dM, dD);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(d.data(), dD, d.size() * 4, cudaMemcpyDeviceToHost));
        int bad = 0, clamped = 0;
        for (int r = 0; r < M; r++)
            for (int n = 0; n < N; n++) {
                unsigned want;
                if (integer) {
                    int64_t s = (int)c[r * N + n];
                    for (int j = 0; j < kh; j++)
                        s += (int64_t)value(kd.ta, ac[r * kh + j]) *
                             (int64_t)value(kd.tb, bt[n * kd.k + pos[r * kh + j]]);
                    if (kd.sat) {
                        clamped += s > INT32_MAX || s < INT32_MIN;
                        s = s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : s;
                    }
                    want = (unsigned)s;
                } else {
                    float s = kd.f16acc ? h2f(c[r * N + n]) : u2f(c[r * N + n]);
                    for (int j = 0; j < kh; j++) {
                        s += (float)(value(kd.ta, ac[r * kh + j]) * value(kd.tb, bt[n * kd.k + pos[r * kh + j]]));
                        if (kd.f16acc && j % 4 == 3)
                            s = h2f(f2h(s));
                    }
                    want = kd.f16acc ? f2h(s) : f2u(s);
                }
                if (d[r * N + n] != want && bad++ < 5)
                    printf("%s: D[%d][%d] = 0x%08x, expected 0x%08x\n", kd.name, r, n, d[r * N + n], want);
            }
        if (kd.sat && clamped == 0) {
            printf("%s: nothing saturated: the data is too tame\n", kd.name);
            bad++;
        }
        fails += bad != 0;
    }
    if (fails) {
        printf("FAIL (%d kinds)\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
