// gpt_ref.cpp — the CPU reference of gpt.cu: the same model, the same
// arithmetic in the same order (f16-rounded GEMM inputs, f32 sums in k
// order, the warp's reduction tree), so it generates the same tokens and,
// in practice, bit-identical logits. Plain C++, no GPU.
//
//   nvcc -O2 -cudart none gpt_ref.cpp model.cpp -o gpt_ref
//   ./gpt_ref --prompt "Hello" --tokens 32
#include <cmath>
#include <cstdio>
#include <vector>
#include "../common/net_math.h"
#include "model.h"

struct gpt_cpu {
    gpt_config c;
    std::vector<float> p16;                      // every parameter rounded to f16
    std::vector<float> x, h, qkv, att, ff, kc, vc, logits;
};

// One row of LayerNorm, as the kernel does it with one warp (lane l sums
// channels l, l+32, ...).
static void layernorm(const float *row, const float *g, const float *b, float *y, int d)
{
    float part[32] = { 0 };
    for (int i = 0; i < d; i++)
        part[i % 32] += row[i];
    float mean = net_warp_sum(part) / (float)d;
    for (int l = 0; l < 32; l++)
        part[l] = 0.f;
    for (int i = 0; i < d; i++) {
        float dl = row[i] - mean;
        part[i % 32] += dl * dl;
    }
    float rstd = 1.f / sqrtf(net_warp_sum(part) / (float)d + 1e-5f);
    for (int i = 0; i < d; i++)
        y[i] = net_f16((row[i] - mean) * rstd * g[i] + b[i]);
}

// Causal attention of one token at position `pos`, one head: as the kernel's
// warp, lane l handles keys l, l+32, ... for the scores and the sum.
static void attend(const float *q, const float *kc, const float *vc, float *out, int pos, int d,
                   float scale)
{
    int n = pos + 1;
    std::vector<float> p((size_t)n);
    float mx = -3.0e38f;
    for (int j = 0; j < n; j++) {
        float s = 0.f;
        for (int i = 0; i < 32; i++)
            s += q[i] * kc[(size_t)j * d + i];
        p[(size_t)j] = s * scale;
        mx = fmaxf(mx, p[(size_t)j]);
    }
    float part[32] = { 0 };
    for (int j = 0; j < n; j++) {
        p[(size_t)j] = net_exp(p[(size_t)j] - mx);
        part[j % 32] += p[(size_t)j];
    }
    float sum = net_warp_sum(part);
    for (int i = 0; i < 32; i++) {
        float o = 0.f;
        for (int j = 0; j < n; j++)
            o += p[(size_t)j] * vc[(size_t)j * d + i];
        out[i] = net_f16(o / sum);
    }
}

static void forward(gpt_cpu *m, const gpt_weights &w, const int *tok, int pos0, int T)
{
    const gpt_config &c = m->c;
    int d = c.d_model, f = c.d_ff();
    const float *P = w.p.data(), *H = m->p16.data();
    for (int t = 0; t < T; t++)
        for (int i = 0; i < d; i++)
            m->x[(size_t)t * d + i] = P[w.wte + (size_t)tok[t] * d + i] +
                                      P[w.wpe + (size_t)(pos0 + t) * d + i];
    for (int li = 0; li < c.n_layer; li++) {
        const gpt_layer_off &l = w.layer[(size_t)li];
        float *kc = &m->kc[(size_t)li * c.n_ctx * d], *vc = &m->vc[(size_t)li * c.n_ctx * d];
        for (int t = 0; t < T; t++)
            layernorm(&m->x[(size_t)t * d], P + l.ln1_g, P + l.ln1_b, &m->h[(size_t)t * d], d);
        net_gemm_ref(m->h.data(), d, H + l.w_qkv, d, P + l.b_qkv, nullptr, m->qkv.data(), 3 * d,
                     T, 3 * d, d, 0, false);
        for (int t = 0; t < T; t++)
            for (int i = 0; i < d; i++) {
                kc[(size_t)(pos0 + t) * d + i] = m->qkv[(size_t)t * 3 * d + d + i];
                vc[(size_t)(pos0 + t) * d + i] = m->qkv[(size_t)t * 3 * d + 2 * d + i];
            }
        for (int t = 0; t < T; t++)
            for (int h = 0; h < c.n_head; h++)
                attend(&m->qkv[(size_t)t * 3 * d + h * 32], kc + h * 32, vc + h * 32,
                       &m->att[(size_t)t * d + h * 32], pos0 + t, d,
                       1.f / sqrtf((float)GPT_HEAD_DIM));
        net_gemm_ref(m->att.data(), d, H + l.w_o, d, P + l.b_o, m->x.data(), m->x.data(), d, T,
                     d, d, 0, false);
        for (int t = 0; t < T; t++)
            layernorm(&m->x[(size_t)t * d], P + l.ln2_g, P + l.ln2_b, &m->h[(size_t)t * d], d);
        net_gemm_ref(m->h.data(), d, H + l.w_fc, d, P + l.b_fc, nullptr, m->ff.data(), f, T, f, d,
                     2, true);
        net_gemm_ref(m->ff.data(), f, H + l.w_proj, f, P + l.b_proj, m->x.data(), m->x.data(), d,
                     T, d, f, 0, false);
    }
    layernorm(&m->x[(size_t)(T - 1) * d], P + w.lnf_g, P + w.lnf_b, m->h.data(), d);
    net_gemm_ref(m->h.data(), d, H + w.wte, d, nullptr, nullptr, m->logits.data(), c.vocab, 1,
                 c.vocab, d, 0, false);
}

int main(int argc, char **argv)
{
    gpt_args a;
    gpt_weights w;
    if (!gpt_parse_args(argc, argv, &a, "gpt_ref") || !gpt_weights_for(a, &w))
        return 2;
    const gpt_config &c = w.cfg;
    int gen = 0;
    std::vector<int> toks = gpt_prompt_tokens(a, c.n_ctx, &gen);
    FILE *lf = a.logits_file.empty() ? nullptr : fopen(a.logits_file.c_str(), "w");
    if (!a.logits_file.empty() && !lf) {
        fprintf(stderr, "gpt_ref: %s: cannot create\n", a.logits_file.c_str());
        return 2;
    }
    printf("gpt_ref: %d layers, %d heads, width %d, context %d, vocabulary %d; %zu prompt "
           "tokens, %d to generate (%s)\n", c.n_layer, c.n_head, c.d_model, c.n_ctx, c.vocab,
           toks.size(), gen, a.topk > 1 ? "top-k sampling" : "greedy");
    gpt_cpu m;
    size_t d = (size_t)c.d_model, ctx = (size_t)c.n_ctx;
    m.c = c;
    m.p16.resize(w.p.size());
    for (size_t i = 0; i < w.p.size(); i++)
        m.p16[i] = net_f16(w.p[i]);
    m.x.resize(ctx * d), m.h.resize(ctx * d), m.qkv.resize(ctx * 3 * d), m.att.resize(ctx * d);
    m.ff.resize(ctx * 4 * d), m.logits.resize((size_t)c.vocab);
    m.kc.resize((size_t)c.n_layer * ctx * d), m.vc.resize((size_t)c.n_layer * ctx * d);
    uint64_t rng = a.seed;
    size_t pos = 0, T = toks.size();
    std::string text;
    for (int tok : toks)
        text += gpt_decode(tok);
    for (int step = 0; step < gen; step++) {
        forward(&m, w, toks.data() + pos, (int)pos, (int)T);
        if (lf) {
            for (int v = 0; v < c.vocab; v++)
                fprintf(lf, "%.9g%c", m.logits[(size_t)v], v + 1 < c.vocab ? ' ' : '\n');
        }
        int next = gpt_sample(m.logits.data(), c.vocab, a.topk, &rng);
        text += gpt_decode(next);
        pos += T;
        T = 1;
        toks.push_back(next);
    }
    if (lf)
        fclose(lf);
    printf("--- text ---\n%s\n--- end ---\n", text.c_str());
    return 0;
}
