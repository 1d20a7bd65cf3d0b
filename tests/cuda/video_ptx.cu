// tests/cuda/video_ptx.cu — the PTX video instructions written as inline
// PTX: scalar vadd/vsub/vabsdiff/vmin/vmax/vshl/vshr/vset with operand
// selectors, .sat, secondary operations (.add .min .max) and the data-merge
// form (d.b1 ...), vmad with negation, .po and .shr7/.shr15, and the SIMD
// forms (x2, x4) with selectors, masks, .sat and .add. A CPU reference reads
// each form's own PTX text and applies the PTX manual's semantics
// (partSelectSignExtend, optSaturate, optSecondaryOp, optMerge,
// extractAndSignExt_2/4, vmad's 128-bit intermediate).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include "check.cuh"

#define FORMS(X)                                                       \
    X("vadd.u32.u32.u32 %0, %1, %2;")                                  \
    X("vadd.s32.s32.s32.sat %0, %1, -5;")                              \
    X("vmin.u32.u32.u32.max %0, %1, 200, %3;")                         \
    X("vadd.s32.s32.s32.sat %0, %1, %2;")                              \
    X("vadd.s32.u32.s32.sat %0, %1.b0, %2.h1;")                        \
    X("vadd.u32.s32.u32.sat %0, %1.h0, %2.b3;")                        \
    X("vadd.u32.u32.u32.add %0, %1.b1, %2.b2, %3;")                    \
    X("vadd.s32.s32.s32.sat.min %0, %1, %2, %3;")                      \
    X("vadd.s32.s32.s32.sat %0.b1, %1.b2, %2.b3, %3;")                 \
    X("vadd.u32.u32.u32.sat %0.h1, %1.h0, %2.h1, %3;")                 \
    X("vsub.s32.s32.s32 %0, %1, %2;")                                  \
    X("vsub.u32.u32.u32.sat %0, %1, %2;")                              \
    X("vsub.s32.u32.u32.sat %0.h0, %1.h1, %2.h0, %3;")                 \
    X("vsub.s32.s32.u32.max %0, %1.b3, %2, %3;")                       \
    X("vabsdiff.u32.u32.u32 %0, %1, %2;")                              \
    X("vabsdiff.s32.s32.s32.sat %0, %1, %2;")                          \
    X("vabsdiff.u32.s32.s32.sat %0.b0, %1.b0, %2.b1, %3;")             \
    X("vabsdiff.u32.u32.u32.add %0, %1.b0, %2.b0, %3;")                \
    X("vmin.s32.s32.u32 %0, %1, %2;")                                  \
    X("vmin.u32.u32.u32.max %0, %1.h1, %2.h0, %3;")                    \
    X("vmax.s32.s32.s32.sat %0.b3, %1.b1, %2.b0, %3;")                 \
    X("vmax.u32.s32.u32.min %0, %1, %2, %3;")                          \
    X("vshl.u32.u32.u32.wrap %0, %1, %2;")                             \
    X("vshl.u32.u32.u32.clamp %0, %1, %2;")                            \
    X("vshl.s32.s32.u32.sat.clamp %0, %1, %2;")                        \
    X("vshl.u32.u32.u32.sat.wrap %0.h0, %1.b1, %2.b0, %3;")            \
    X("vshr.s32.s32.u32.clamp %0, %1, %2;")                            \
    X("vshr.u32.u32.u32.wrap %0, %1.h1, %2.b0;")                       \
    X("vshr.s32.s32.u32.wrap.add %0, %1, %2.b0, %3;")                  \
    X("vset.u32.u32.lt %0, %1, %2;")                                   \
    X("vset.s32.s32.ge %0, %1, %2;")                                   \
    X("vset.s32.u32.ne %0, %1.b0, %2.h1;")                             \
    X("vset.u32.s32.le.add %0, %1, %2, %3;")                           \
    X("vset.s32.s32.gt %0.b2, %1.h0, %2.h1, %3;")                      \
    X("vset.u32.u32.eq.max %0, %1.b0, %2.b1, %3;")                     \
    X("vmad.u32.u32.u32 %0, %1, %2, %3;")                              \
    X("vmad.s32.s32.s32 %0, %1, %2, %3;")                              \
    X("vmad.s32.u32.u32 %0, %1.h0, %2.h1, %3;")                        \
    X("vmad.s32.s32.s32.sat %0, %1, %2, %3;")                          \
    X("vmad.u32.u32.u32.sat %0, %1, %2, %3;")                          \
    X("vmad.s32.s32.s32.shr7 %0, %1.h0, %2.h0, %3;")                   \
    X("vmad.s32.s32.s32.sat.shr15 %0, %1.h1, %2.h0, %3;")              \
    X("vmad.s32.u32.u32 %0, -%1.b0, %2.b1, %3;")                       \
    X("vmad.s32.s32.s32 %0, %1, %2, -%3;")                             \
    X("vmad.s32.s32.u32.sat %0, %1, -%2.h0, %3;")                      \
    X("vmad.u32.u32.u32.po %0, %1.b0, %2.b1, %3;")                     \
    X("vmad.u32.u32.u32.po.sat.shr7 %0, %1, %2.h0, %3;")               \
    X("vmad.s32.s32.s32 %0, -%1, -%2, %3;")                            \
    X("vmad.s32.u32.u32.sat %0, %1, %2, -%3;")                         \
    X("vmad.u32.u32.u32.shr7 %0, %1, %2, %3;")                         \
    X("vmad.u32.u32.u32.po.shr15 %0, %1.h1, %2.h1, %3;")               \
    X("vsub.u32.s32.s32.sat %0.b2, %1.h1, %2.b0, %3;")                 \
    X("vshr.s32.s32.u32.sat.clamp %0.b1, %1.b3, %2.h0, %3;")           \
    X("vadd.s32.s32.s32.sat.add %0, %1, %2, %3;")                      \
    X("vsub.u32.u32.u32.sat.add %0, %1.b0, %2.b1, %3;")                \
    X("vadd4.u32.u32.u32 %0, %1, %2, %3;")                             \
    X("vadd4.s32.s32.s32.sat %0, %1, %2, %3;")                         \
    X("vadd4.u32.u32.u32.sat %0.b20, %1.b0123, %2.b4567, %3;")         \
    X("vadd4.s32.s32.s32.add %0, %1, %2, %3;")                         \
    X("vsub4.s32.s32.s32.sat %0, %1, %2, %3;")                         \
    X("vsub4.u32.u32.u32.sat %0.b31, %1.b7531, %2.b6420, %3;")         \
    X("vavrg4.u32.u32.u32 %0, %1, %2, %3;")                            \
    X("vavrg4.s32.s32.s32 %0, %1, %2, %3;")                            \
    X("vavrg4.s32.s32.s32.add %0.b3210, %1, %2, %3;")                  \
    X("vabsdiff4.u32.u32.u32 %0, %1, %2, %3;")                         \
    X("vabsdiff4.s32.s32.s32.sat %0, %1, %2, %3;")                     \
    X("vabsdiff4.u32.u32.u32.add %0, %1, %2, %3;")                     \
    X("vabsdiff4.s32.s32.s32.add %0.b21, %1, %2, %3;")                 \
    X("vmin4.s32.s32.s32 %0, %1, %2, %3;")                             \
    X("vmin4.u32.u32.u32 %0.b0, %1.b3333, %2.b0000, %3;")              \
    X("vmax4.u32.s32.u32.sat %0, %1, %2, %3;")                         \
    X("vmax4.s32.u32.s32.add %0, %1, %2, %3;")                         \
    X("vset4.u32.u32.lt %0, %1, %2, %3;")                              \
    X("vset4.s32.s32.ge %0.b310, %1, %2, %3;")                         \
    X("vset4.s32.u32.ne.add %0, %1.b7654, %2.b3210, %3;")              \
    X("vadd2.u32.u32.u32 %0, %1, %2, %3;")                             \
    X("vadd2.s32.s32.s32.sat %0, %1, %2, %3;")                         \
    X("vadd2.u32.u32.u32.sat %0.h1, %1.h32, %2.h01, %3;")              \
    X("vsub2.s32.s32.s32.add %0, %1, %2, %3;")                         \
    X("vsub2.u32.s32.s32.sat %0, %1, %2, %3;")                         \
    X("vavrg2.s32.s32.s32 %0, %1, %2, %3;")                            \
    X("vavrg2.u32.u32.u32 %0.h0, %1.h11, %2.h22, %3;")                 \
    X("vabsdiff2.u32.u32.u32.add %0, %1, %2, %3;")                     \
    X("vabsdiff2.s32.s32.s32.sat %0, %1, %2, %3;")                     \
    X("vmin2.s32.s32.s32 %0, %1, %2, %3;")                             \
    X("vmax2.u32.u32.u32.add %0, %1.h30, %2.h12, %3;")                 \
    X("vset2.s32.s32.gt %0, %1, %2, %3;")                              \
    X("vset2.u32.u32.le.add %0.h10, %1, %2, %3;")

#define COUNT(s) +1
#define TEXT(s) s,
static const char *const forms[] = { FORMS(TEXT) };
static const int NF = 0 FORMS(COUNT);

#define DEV(s) { unsigned d_; asm volatile(s : "=r"(d_) : "r"(a), "r"(b), "r"(c)); out[k++] = d_; }

__global__ void all_forms(const unsigned *in, unsigned *res, int n)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= n)
        return;
    unsigned a = in[3 * t], b = in[3 * t + 1], c = in[3 * t + 2];
    unsigned *out = res + (size_t)t * (0 FORMS(COUNT));
    int k = 0;
    FORMS(DEV)
}

// ---- CPU reference, from the PTX manual's pseudo-code ----
typedef __int128 i128;

struct Opnd { bool neg; std::string sel; bool imm; long long val; };   // imm: a literal operand
struct Form {
    std::string op;                 // "vadd", "vset4", ...
    std::vector<std::string> mods;
    Opnd o[4];
    int nops;
    bool has(const char *m) const { for (auto &s : mods) if (s == m) return true; return false; }
};

static Form parse(const char *text)
{
    Form f;
    std::string s(text);
    size_t sp = s.find(' ');
    std::string head = s.substr(0, sp), rest = s.substr(sp + 1);
    size_t dot = head.find('.');
    f.op = head.substr(0, dot);
    while (dot != std::string::npos) {
        size_t next = head.find('.', dot + 1);
        f.mods.push_back(head.substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1));
        dot = next;
    }
    f.nops = 0;
    size_t p = 0;
    while (p < rest.size() && f.nops < 4) {
        size_t e = rest.find_first_of(",;", p);
        std::string t = rest.substr(p, e - p);
        while (!t.empty() && t[0] == ' ') t.erase(0, 1);
        Opnd &o = f.o[f.nops++];
        o.neg = t[0] == '-';
        o.imm = t[o.neg] >= '0' && t[o.neg] <= '9';
        o.val = o.imm ? strtoll(t.c_str(), nullptr, 0) : 0;
        size_t d = t.find('.');
        o.sel = d == std::string::npos ? "" : t.substr(d + 1);
        p = e + 1;
        if (rest[e] == ';') break;
    }
    return f;
}

static long long part(unsigned x, bool sgn, const std::string &sel)   // partSelectSignExtend
{
    if (sel.empty()) return sgn ? (long long)(int)x : (long long)x;
    int i = sel[1] - '0';
    if (sel[0] == 'b') { unsigned v = (x >> (8 * i)) & 0xff; return sgn ? (long long)(signed char)v : v; }
    unsigned v = (x >> (16 * i)) & 0xffff;
    return sgn ? (long long)(short)v : v;
}

static i128 clampi(i128 v, i128 lo, i128 hi) { return v < lo ? lo : v > hi ? hi : v; }
static i128 satw(i128 v, int bits, bool sgn)
{
    i128 one = 1;
    return sgn ? clampi(v, -(one << (bits - 1)), (one << (bits - 1)) - 1) : clampi(v, 0, (one << bits) - 1);
}

static bool cmp(const Form &f, i128 x, i128 y)
{
    if (f.has("eq")) return x == y;
    if (f.has("ne")) return x != y;
    if (f.has("lt")) return x < y;
    if (f.has("le")) return x <= y;
    if (f.has("gt")) return x > y;
    return x >= y;
}

static i128 primary(const std::string &op, const Form &f, i128 x, i128 y)
{
    if (op == "vadd") return x + y;
    if (op == "vsub") return x - y;
    if (op == "vabsdiff") return x > y ? x - y : y - x;
    if (op == "vmin") return x < y ? x : y;
    if (op == "vmax") return x > y ? x : y;
    if (op == "vavrg") return (x + y) >= 0 ? (x + y + 1) >> 1 : (x + y) >> 1;
    if (op == "vset") return cmp(f, x, y) ? 1 : 0;
    return 0;
}

static unsigned ref_vmad(const Form &f, unsigned a, unsigned b, unsigned c)
{
    bool ds = f.mods[0] == "s32", as = f.mods[1] == "s32", bs = f.mods[2] == "s32";
    (void)ds;
    i128 ta = part(a, as, f.o[1].sel), tb = part(b, bs, f.o[2].sel);
    bool negab = f.o[1].neg != f.o[2].neg, negc = f.o[3].neg;
    bool signedFinal = as || bs || negab || negc;
    i128 tmp = ta * tb;
    int lsb = 0;
    unsigned cc = c;
    if (f.has("po")) lsb = 1;
    else if (negab) { tmp = ~tmp; lsb = 1; }
    else if (negc) { cc = ~cc; lsb = 1; }
    i128 c128 = signedFinal ? (i128)(int)cc : (i128)cc;
    tmp = tmp + c128 + lsb;
    if (f.has("shr7")) tmp >>= 7;
    if (f.has("shr15")) tmp >>= 15;
    unsigned long long r64 = (unsigned long long)tmp;   // & 0xffffffffffffffff
    if (f.has("sat")) {
        if (signedFinal) return (unsigned)(int)clampi((long long)r64, INT32_MIN, INT32_MAX);
        return r64 > 0xffffffffull ? 0xffffffffu : (unsigned)r64;
    }
    return (unsigned)r64;
}

static unsigned ref_scalar(const Form &f, unsigned a, unsigned b, unsigned c)
{
    bool set = f.op == "vset";
    bool ds = !set && f.mods[0] == "s32";
    bool as = f.mods[set ? 0 : 1] == "s32", bs = f.mods[set ? 1 : 2] == "s32";
    if (f.op == "vshl" || f.op == "vshr") bs = false;
    i128 ta = part(a, as, f.o[1].sel), tb = part(b, bs, f.o[2].sel), tmp;
    if (f.op == "vshl" || f.op == "vshr") {
        if (f.has("clamp") && tb > 32) tb = 32;
        if (f.has("wrap")) tb &= 0x1f;
        tmp = f.op == "vshl" ? ta * ((i128)1 << (int)tb) : ta >> (int)tb;
    } else {
        tmp = primary(f.op, f, ta, tb);
    }
    const std::string &dsel = f.o[0].sel;
    if (f.has("sat"))
        tmp = satw(tmp, dsel.empty() ? 32 : dsel[0] == 'b' ? 8 : 16, ds);
    i128 tc = ds ? (i128)(int)c : (i128)c;
    if (f.has("add")) tmp = tmp + tc;
    else if (f.has("min")) tmp = tmp < tc ? tmp : tc;
    else if (f.has("max")) tmp = tmp > tc ? tmp : tc;
    unsigned r = (unsigned)tmp;
    if (dsel.empty()) return r;
    int i = dsel[1] - '0';
    if (dsel[0] == 'b') return ((r & 0xff) << (8 * i)) | (c & ~(0xffu << (8 * i)));
    return ((r & 0xffff) << (16 * i)) | (c & ~(0xffffu << (16 * i)));
}

static unsigned ref_simd(const Form &f, int n, unsigned a, unsigned b, unsigned c)
{
    std::string op = f.op.substr(0, f.op.size() - 1);
    bool set = op == "vset";
    bool ds = !set && f.mods[0] == "s32";
    bool as = f.mods[set ? 0 : 1] == "s32", bs = f.mods[set ? 1 : 2] == "s32";
    int bits = 32 / n;
    std::string asel = f.o[1].sel.empty() ? (n == 2 ? "h10" : "b3210") : f.o[1].sel;
    std::string bsel = f.o[2].sel.empty() ? (n == 2 ? "h32" : "b7654") : f.o[2].sel;
    std::string mask = f.o[0].sel.empty() ? (n == 2 ? "h10" : "b3210") : f.o[0].sel;
    unsigned long long ab = (unsigned long long)b << 32 | a;
    i128 t[4];
    bool on[4] = { false, false, false, false };
    for (size_t k = 1; k < mask.size(); k++) on[mask[k] - '0'] = true;
    for (int i = 0; i < n; i++) {
        int sa = asel[n - i] - '0', sb = bsel[n - i] - '0';   // last digit is element 0
        unsigned ea = (unsigned)(ab >> (bits * sa)) & ((1u << bits) - 1);
        unsigned eb = (unsigned)(ab >> (bits * sb)) & ((1u << bits) - 1);
        i128 va = as && (ea >> (bits - 1)) ? (i128)ea - ((i128)1 << bits) : (i128)ea;
        i128 vb = bs && (eb >> (bits - 1)) ? (i128)eb - ((i128)1 << bits) : (i128)eb;
        t[i] = primary(op, f, va, vb);
        if (f.has("sat")) t[i] = satw(t[i], bits, ds);
    }
    if (f.has("add")) {
        unsigned d = c;
        for (int i = 0; i < n; i++) d += on[i] ? (unsigned)t[i] : 0;
        return d;
    }
    unsigned d = 0;
    for (int i = 0; i < n; i++) {
        unsigned e = on[i] ? (unsigned)t[i] : c >> (bits * i);
        d |= (e & ((1u << bits) - 1)) << (bits * i);
    }
    return d;
}

static unsigned ref(const Form &f, unsigned a, unsigned b, unsigned c)
{
    if (f.o[2].imm) b = (unsigned)f.o[2].val;   // literal b (the asm's %2 is unused then)
    char last = f.op.back();
    if (last == '2' || last == '4') return ref_simd(f, last - '0', a, b, c);
    if (f.op == "vmad") return ref_vmad(f, a, b, c);
    return ref_scalar(f, a, b, c);
}

static const unsigned edges[] = { 0x00000000u, 0x00000001u, 0x0000007fu, 0x00000080u, 0x000000ffu,
                                  0x00007fffu, 0x00008000u, 0x0000ffffu, 0x7fffffffu, 0x80000000u,
                                  0xffffffffu, 0x7f7f7f7fu, 0x80808080u, 0x01ff7f80u, 0x80007fffu,
                                  0x0000001fu, 0x00000020u, 0x00000021u, 0xffff8000u, 0x12345678u };

int main()
{
    const int NE = sizeof edges / sizeof edges[0];
    const int N = NE * NE + 2048;
    std::vector<unsigned> in(3 * N), out((size_t)N * NF);
    unsigned long long s = 99;
    auto rnd = [&s]() { s = s * 6364136223846793005ull + 1442695040888963407ull; return (unsigned)(s >> 32); };
    for (int i = 0; i < N; i++) {
        if (i < NE * NE) {
            in[3 * i] = edges[i / NE];
            in[3 * i + 1] = edges[i % NE];
            in[3 * i + 2] = edges[(i * 7) % NE];
        } else {
            for (int k = 0; k < 3; k++) {
                unsigned r = rnd();
                in[3 * i + k] = (r & 3) == 0 ? edges[(r >> 2) % NE] : rnd();
            }
        }
    }
    unsigned *din, *dout;
    CHECK(cudaMalloc(&din, in.size() * sizeof(unsigned)));
    CHECK(cudaMalloc(&dout, out.size() * sizeof(unsigned)));
    CHECK(cudaMemcpy(din, in.data(), in.size() * sizeof(unsigned), cudaMemcpyHostToDevice));
    all_forms<<<(N + 127) / 128, 128>>>(din, dout, N);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), dout, out.size() * sizeof(unsigned), cudaMemcpyDeviceToHost));
    std::vector<Form> fs;
    for (int k = 0; k < NF; k++) fs.push_back(parse(forms[k]));
    int bad = 0;
    for (int i = 0; i < N; i++)
        for (int k = 0; k < NF; k++) {
            unsigned a = in[3 * i], b = in[3 * i + 1], c = in[3 * i + 2];
            unsigned want = ref(fs[k], a, b, c), got = out[(size_t)i * NF + k];
            if (got != want && bad++ < 20)
                printf("%s a=0x%08x b=0x%08x c=0x%08x: got 0x%08x, expected 0x%08x\n", forms[k], a, b, c,
                       got, want);
        }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("%d mismatches\nFAIL\n", bad);
        return 1;
    }
    printf("%d forms x %d operand triples match\nPASS\n", NF, N);
    return 0;
}
