// tests/cuda/video_simd.cu — every CUDA SIMD intrinsic (__vadd2 .. __vsubus4,
// crt/device_functions.h). nvcc lowers some of them to PTX video
// instructions (__vabsdiffu4, __vabs4, __vabsss4, __vabsdiffs4, __vsads4 to
// vabsdiff4; __vsadu2/4 to vabsdiff2/4 .add), the others to ordinary
// integer code: all must match a CPU reference written from the CUDA math
// API definitions, over words built from edge bytes/halves and random words.
#include <cstdint>
#include <cstdlib>
#include "check.cuh"

#define INTRINSICS(X)                                                                 \
    X(vabs2, 1) X(vabs4, 1) X(vabsdiffs2, 2) X(vabsdiffs4, 2) X(vabsdiffu2, 2)        \
    X(vabsdiffu4, 2) X(vabsss2, 1) X(vabsss4, 1) X(vadd2, 2) X(vadd4, 2)              \
    X(vaddss2, 2) X(vaddss4, 2) X(vaddus2, 2) X(vaddus4, 2) X(vavgs2, 2) X(vavgs4, 2) \
    X(vavgu2, 2) X(vavgu4, 2) X(vcmpeq2, 2) X(vcmpeq4, 2) X(vcmpges2, 2)              \
    X(vcmpges4, 2) X(vcmpgeu2, 2) X(vcmpgeu4, 2) X(vcmpgts2, 2) X(vcmpgts4, 2)        \
    X(vcmpgtu2, 2) X(vcmpgtu4, 2) X(vcmples2, 2) X(vcmples4, 2) X(vcmpleu2, 2)        \
    X(vcmpleu4, 2) X(vcmplts2, 2) X(vcmplts4, 2) X(vcmpltu2, 2) X(vcmpltu4, 2)        \
    X(vcmpne2, 2) X(vcmpne4, 2) X(vhaddu2, 2) X(vhaddu4, 2) X(vmaxs2, 2)              \
    X(vmaxs4, 2) X(vmaxu2, 2) X(vmaxu4, 2) X(vmins2, 2) X(vmins4, 2) X(vminu2, 2)     \
    X(vminu4, 2) X(vneg2, 1) X(vneg4, 1) X(vnegss2, 1) X(vnegss4, 1) X(vsads2, 2)     \
    X(vsads4, 2) X(vsadu2, 2) X(vsadu4, 2) X(vseteq2, 2) X(vseteq4, 2)                \
    X(vsetges2, 2) X(vsetges4, 2) X(vsetgeu2, 2) X(vsetgeu4, 2) X(vsetgts2, 2)        \
    X(vsetgts4, 2) X(vsetgtu2, 2) X(vsetgtu4, 2) X(vsetles2, 2) X(vsetles4, 2)        \
    X(vsetleu2, 2) X(vsetleu4, 2) X(vsetlts2, 2) X(vsetlts4, 2) X(vsetltu2, 2)        \
    X(vsetltu4, 2) X(vsetne2, 2) X(vsetne4, 2) X(vsub2, 2) X(vsub4, 2) X(vsubss2, 2)  \
    X(vsubss4, 2) X(vsubus2, 2) X(vsubus4, 2)

#define COUNT(name, n) +1
static const int NFN = 0 INTRINSICS(COUNT);
#define NAME(name, n) "__" #name,
static const char *const names[] = { INTRINSICS(NAME) };

#define CALL1(name) __##name(a)
#define CALL2(name) __##name(a, b)
#define DEV(name, n) out[k++] = CALL##n(name);

__global__ void all_intrinsics(const unsigned *as, const unsigned *bs, unsigned *res, int n)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    unsigned a = as[t], b = bs[t];
    unsigned *out = res + (size_t)t * (0 INTRINSICS(COUNT));
    int k = 0;
    INTRINSICS(DEV)
}

// ---- CPU reference: element-wise definitions from the CUDA math API ----
// Element i (of n per word, `bits` wide), signed or unsigned.
static long long el(unsigned x, int i, int bits, bool sgn)
{
    unsigned v = (x >> (bits * i)) & ((1u << bits) - 1);
    if (sgn && (v >> (bits - 1)))
        return (long long)v - (1ll << bits);
    return v;
}
static long long sat(long long v, int bits, bool sgn)
{
    long long lo = sgn ? -(1ll << (bits - 1)) : 0, hi = sgn ? (1ll << (bits - 1)) - 1 : (1ll << bits) - 1;
    return v < lo ? lo : v > hi ? hi : v;
}

enum Kind { ABS, ABSDIFF, ABSSS, ADD, ADDSS, ADDUS, AVGS, AVGU, CMP, HADDU, MAX, MIN, NEG, NEGSS,
            SAD, SET, SUB, SUBSS, SUBUS };
enum Cmp { EQ, NE, LT, LE, GT, GE };

static long long elem_op(Kind k, Cmp c, long long x, long long y, int bits, bool sgn)
{
    switch (k) {
    case ABS:     return x < 0 ? -x : x;                        // wraps when stored
    case ABSDIFF: return x > y ? x - y : y - x;
    case ABSSS:   return sat(x < 0 ? -x : x, bits, true);
    case ADD:     return x + y;
    case ADDSS:   return sat(x + y, bits, true);
    case ADDUS:   return sat(x + y, bits, false);
    case AVGS:    { long long s = x + y; return s >= 0 ? (s + 1) / 2 : -((-s + 1) / 2); } // half away from 0
    case AVGU:    return (x + y + 1) / 2;
    case HADDU:   return (x + y) / 2;
    case MAX:     return x > y ? x : y;
    case MIN:     return x < y ? x : y;
    case NEG:     return -x;
    case NEGSS:   return sat(-x, bits, true);
    case SUB:     return x - y;
    case SUBSS:   return sat(x - y, bits, true);
    case SUBUS:   return sat(x - y, bits, false);
    case CMP: case SET: case SAD: {
        bool r = c == EQ ? x == y : c == NE ? x != y : c == LT ? x < y : c == LE ? x <= y
               : c == GT ? x > y : x >= y;
        if (k == SAD)
            return x > y ? x - y : y - x;
        return k == SET ? (long long)r : r ? -1 : 0;
    }
    }
    return 0;   // not reached: every Kind has a case
}

static unsigned ref(Kind k, Cmp c, int n, bool sgn, unsigned a, unsigned b)
{
    int bits = 32 / n;
    unsigned r = 0, sum = 0;
    for (int i = 0; i < n; i++) {
        long long v = elem_op(k, c, el(a, i, bits, sgn), el(b, i, bits, sgn), bits, sgn);
        sum += (unsigned)v;
        r |= ((unsigned)v & ((1u << bits) - 1)) << (bits * i);
    }
    return k == SAD ? sum : r;
}

static unsigned ref_by_index(int f, unsigned a, unsigned b)
{
    // Same order as INTRINSICS.
    struct R { Kind k; Cmp c; int n; bool s; };
    static const R t[] = {
        {ABS, EQ, 2, true}, {ABS, EQ, 4, true}, {ABSDIFF, EQ, 2, true}, {ABSDIFF, EQ, 4, true},
        {ABSDIFF, EQ, 2, false}, {ABSDIFF, EQ, 4, false}, {ABSSS, EQ, 2, true}, {ABSSS, EQ, 4, true},
        {ADD, EQ, 2, false}, {ADD, EQ, 4, false}, {ADDSS, EQ, 2, true}, {ADDSS, EQ, 4, true},
        {ADDUS, EQ, 2, false}, {ADDUS, EQ, 4, false}, {AVGS, EQ, 2, true}, {AVGS, EQ, 4, true},
        {AVGU, EQ, 2, false}, {AVGU, EQ, 4, false}, {CMP, EQ, 2, false}, {CMP, EQ, 4, false},
        {CMP, GE, 2, true}, {CMP, GE, 4, true}, {CMP, GE, 2, false}, {CMP, GE, 4, false},
        {CMP, GT, 2, true}, {CMP, GT, 4, true}, {CMP, GT, 2, false}, {CMP, GT, 4, false},
        {CMP, LE, 2, true}, {CMP, LE, 4, true}, {CMP, LE, 2, false}, {CMP, LE, 4, false},
        {CMP, LT, 2, true}, {CMP, LT, 4, true}, {CMP, LT, 2, false}, {CMP, LT, 4, false},
        {CMP, NE, 2, false}, {CMP, NE, 4, false}, {HADDU, EQ, 2, false}, {HADDU, EQ, 4, false},
        {MAX, EQ, 2, true}, {MAX, EQ, 4, true}, {MAX, EQ, 2, false}, {MAX, EQ, 4, false},
        {MIN, EQ, 2, true}, {MIN, EQ, 4, true}, {MIN, EQ, 2, false}, {MIN, EQ, 4, false},
        {NEG, EQ, 2, true}, {NEG, EQ, 4, true}, {NEGSS, EQ, 2, true}, {NEGSS, EQ, 4, true},
        {SAD, EQ, 2, true}, {SAD, EQ, 4, true}, {SAD, EQ, 2, false}, {SAD, EQ, 4, false},
        {SET, EQ, 2, false}, {SET, EQ, 4, false}, {SET, GE, 2, true}, {SET, GE, 4, true},
        {SET, GE, 2, false}, {SET, GE, 4, false}, {SET, GT, 2, true}, {SET, GT, 4, true},
        {SET, GT, 2, false}, {SET, GT, 4, false}, {SET, LE, 2, true}, {SET, LE, 4, true},
        {SET, LE, 2, false}, {SET, LE, 4, false}, {SET, LT, 2, true}, {SET, LT, 4, true},
        {SET, LT, 2, false}, {SET, LT, 4, false}, {SET, NE, 2, false}, {SET, NE, 4, false},
        {SUB, EQ, 2, false}, {SUB, EQ, 4, false}, {SUBSS, EQ, 2, true}, {SUBSS, EQ, 4, true},
        {SUBUS, EQ, 2, false}, {SUBUS, EQ, 4, false},
    };
    static_assert(sizeof t / sizeof t[0] == 0 INTRINSICS(COUNT), "one reference row per intrinsic");
    return ref(t[f].k, t[f].c, t[f].n, t[f].s, a, b);
}

// Edge bytes and halves, and a small deterministic generator.
static const unsigned ebytes[] = { 0x00, 0x01, 0x7f, 0x80, 0xff, 0x7e, 0x81, 0xfe };
static const unsigned ehalves[] = { 0x0000, 0x0001, 0x7fff, 0x8000, 0xffff, 0x00ff, 0xff00, 0x0080 };
static unsigned rng(unsigned long long *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(*s >> 32);
}
static unsigned word_of(int kind, unsigned long long *s)
{
    unsigned w = 0;
    if (kind == 0)
        for (int i = 0; i < 4; i++) w |= ebytes[rng(s) % 8] << (8 * i);
    else if (kind == 1)
        for (int i = 0; i < 2; i++) w |= ehalves[rng(s) % 8] << (16 * i);
    else
        w = rng(s);
    return w;
}

int main()
{
    const int N = 3 * 1024 + 64;
    unsigned *ha = (unsigned *)malloc(N * sizeof *ha), *hb = (unsigned *)malloc(N * sizeof *hb);
    unsigned *hr = (unsigned *)malloc((size_t)N * NFN * sizeof *hr);
    REQUIRE(ha && hb && hr);
    unsigned long long s = 12345;
    int n = 0;
    for (int i = 0; i < 8 && n < N; i++)           // every byte-edge pair, all lanes equal
        for (int j = 0; j < 8; j++, n++) {
            ha[n] = ebytes[i] * 0x01010101u;
            hb[n] = ebytes[j] * 0x01010101u;
        }
    for (; n < N; n++) {
        ha[n] = word_of(n % 3, &s);
        hb[n] = word_of((n / 3) % 3, &s);
    }
    unsigned *da, *db, *dr;
    CHECK(cudaMalloc(&da, N * sizeof *da));
    CHECK(cudaMalloc(&db, N * sizeof *db));
    CHECK(cudaMalloc(&dr, (size_t)N * NFN * sizeof *dr));
    CHECK(cudaMemcpy(da, ha, N * sizeof *da, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, hb, N * sizeof *db, cudaMemcpyHostToDevice));
    all_intrinsics<<<(N + 127) / 128, 128>>>(da, db, dr, N);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hr, dr, (size_t)N * NFN * sizeof *hr, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int t = 0; t < N; t++)
        for (int f = 0; f < NFN; f++) {
            unsigned want = ref_by_index(f, ha[t], hb[t]), got = hr[(size_t)t * NFN + f];
            if (got != want && bad++ < 20)
                printf("%s(0x%08x, 0x%08x) = 0x%08x, expected 0x%08x\n", names[f], ha[t], hb[t],
                       got, want);
        }
    free(ha);
    free(hb);
    free(hr);
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dr));
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("%d intrinsics x %d operand pairs match\nPASS\n", NFN, N);
    return 0;
}
