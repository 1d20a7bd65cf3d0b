// model.cpp — weights, checkpoint file, tokenizer, sampler and options of the
// GPT example (host code shared by gpt.cu and gpt_ref.cpp).
#include "model.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

static const char gpt_magic[10] = { 'C', 'O', 'B', 'A', 'L', 'T', 'G', 'P', 'T', '1' };

void gpt_layout(gpt_weights *w, const gpt_config &c)
{
    size_t at = 0, d = (size_t)c.d_model, f = (size_t)c.d_ff();
    auto take = [&at](size_t n) { size_t o = at; at += n; return o; };
    w->cfg = c;
    w->wte = take((size_t)c.vocab * d);
    w->wpe = take((size_t)c.n_ctx * d);
    w->layer.assign((size_t)c.n_layer, gpt_layer_off());
    for (gpt_layer_off &l : w->layer) {
        l.ln1_g = take(d), l.ln1_b = take(d);
        l.w_qkv = take(3 * d * d), l.b_qkv = take(3 * d);
        l.w_o = take(d * d), l.b_o = take(d);
        l.ln2_g = take(d), l.ln2_b = take(d);
        l.w_fc = take(f * d), l.b_fc = take(f);
        l.w_proj = take(d * f), l.b_proj = take(d);
    }
    w->lnf_g = take(d), w->lnf_b = take(d);
    w->p.assign(at, 0.f);
}

static uint64_t next_u64(uint64_t *s)   // xorshift64*
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static double next_unit(uint64_t *s)     // [0, 1)
{
    return (double)(next_u64(s) >> 11) * (1.0 / 9007199254740992.0);
}

static void fill(float *p, size_t n, float scale, uint64_t *s)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (float)((next_unit(s) * 2.0 - 1.0) * scale);
}

static void fill_const(float *p, size_t n, float v)
{
    std::fill(p, p + n, v);
}

void gpt_init(gpt_weights *w, const gpt_config &c, uint64_t seed)
{
    gpt_layout(w, c);
    uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
    size_t d = (size_t)c.d_model, f = (size_t)c.d_ff();
    float *p = w->p.data();
    // Uniform weights with GPT-2's standard deviation (0.02 = 0.0346 / sqrt 3)
    // for the matrices; embeddings larger so that the tokens stay apart.
    fill(p + w->wte, (size_t)c.vocab * d, 0.25f, &s);
    fill(p + w->wpe, (size_t)c.n_ctx * d, 0.05f, &s);
    for (const gpt_layer_off &l : w->layer) {
        fill_const(p + l.ln1_g, d, 1.f), fill(p + l.ln1_b, d, 0.02f, &s);
        fill(p + l.w_qkv, 3 * d * d, 0.15f, &s), fill(p + l.b_qkv, 3 * d, 0.02f, &s);
        fill(p + l.w_o, d * d, 0.0346f, &s), fill(p + l.b_o, d, 0.02f, &s);
        fill_const(p + l.ln2_g, d, 1.f), fill(p + l.ln2_b, d, 0.02f, &s);
        fill(p + l.w_fc, f * d, 0.0346f * 2, &s), fill(p + l.b_fc, f, 0.02f, &s);
        fill(p + l.w_proj, d * f, 0.0346f, &s), fill(p + l.b_proj, d, 0.02f, &s);
    }
    fill_const(p + w->lnf_g, d, 1.f), fill_const(p + w->lnf_b, d, 0.f);
}

bool gpt_save(const gpt_weights &w, const char *path, std::string *err)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        *err = std::string(path) + ": cannot create: " + strerror(errno);
        return false;
    }
    const gpt_config &c = w.cfg;
    int32_t hdr[5] = { c.n_layer, c.n_head, c.d_model, c.n_ctx, c.vocab };
    bool ok = fwrite(gpt_magic, 1, sizeof gpt_magic, f) == sizeof gpt_magic &&
              fwrite(hdr, sizeof hdr, 1, f) == 1 &&
              fwrite(w.p.data(), sizeof(float), w.p.size(), f) == w.p.size();
    ok = (fclose(f) == 0) && ok;
    if (!ok)
        *err = std::string(path) + ": write failed";
    return ok;
}

bool gpt_load(gpt_weights *w, const char *path, std::string *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = std::string(path) + ": cannot open: " + strerror(errno);
        return false;
    }
    char magic[sizeof gpt_magic];
    int32_t h[5];
    bool ok = false;
    if (fread(magic, 1, sizeof magic, f) != sizeof magic || memcmp(magic, gpt_magic, sizeof magic)) {
        *err = std::string(path) + ": not a checkpoint (expected the magic 'COBALTGPT1')";
    } else if (fread(h, sizeof h, 1, f) != 1) {
        *err = std::string(path) + ": truncated header";
    } else if (h[0] < 1 || h[0] > 64 || h[1] < 1 || h[2] != h[1] * GPT_HEAD_DIM ||
               h[3] < 1 || h[3] > 1024 || h[3] % 32 || h[4] != GPT_VOCAB) {
        *err = std::string(path) + ": bad header (layers 1..64, width = heads x 32, context "
               "a multiple of 32 up to 1024, vocabulary 96)";
    } else {
        gpt_layout(w, gpt_config{ h[0], h[1], h[2], h[3], h[4] });
        ok = fread(w->p.data(), sizeof(float), w->p.size(), f) == w->p.size();
        if (!ok)
            *err = std::string(path) + ": truncated parameters";
    }
    fclose(f);
    return ok;
}

int gpt_encode_char(char c)
{
    if (c == '\n')
        return 95;
    if (c >= ' ' && c <= '~')
        return c - ' ';
    return '?' - ' ';
}

char gpt_decode(int tok)
{
    return tok == 95 ? '\n' : (char)(' ' + tok);
}

int gpt_sample(const float *logits, int vocab, int topk, uint64_t *rng)
{
    std::vector<int> idx((size_t)vocab);
    for (int i = 0; i < vocab; i++)
        idx[(size_t)i] = i;
    // highest logit first; ties go to the lower token
    std::stable_sort(idx.begin(), idx.end(), [logits](int a, int b) { return logits[a] > logits[b]; });
    if (topk <= 1)
        return idx[0];
    int k = std::min(topk, vocab);
    std::vector<double> prob((size_t)k);
    double total = 0;
    for (int i = 0; i < k; i++)
        total += prob[(size_t)i] = std::exp((double)logits[idx[(size_t)i]] - logits[idx[0]]);
    double u = next_unit(rng) * total;
    for (int i = 0; i < k; i++) {
        if (u < prob[(size_t)i])
            return idx[(size_t)i];
        u -= prob[(size_t)i];
    }
    return idx[(size_t)k - 1];
}

static bool parse_num(const char *s, uint64_t max, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 0);
    if (!*s || *end || errno || n > max || s[0] == '-')
        return false;
    *v = n;
    return true;
}

static void usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [--prompt TEXT] [--tokens N] [--greedy | --topk K --seed S]\n"
            "       [--config small|large] [--checkpoint FILE | --weights-seed S]\n"
            "       [--write-checkpoint FILE] [--logits FILE] [--quiet]\n", prog);
}

bool gpt_parse_args(int argc, char **argv, gpt_args *a, const char *prog)
{
    a->cfg = gpt_config{ 4, 4, 128, 128, GPT_VOCAB };
    for (int i = 1; i < argc; i++) {
        std::string o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : nullptr;
        uint64_t n = 0;
        bool takes = o != "--greedy" && o != "--quiet";
        if (takes && !v) {
            fprintf(stderr, "%s: option %s needs a value\n", prog, o.c_str());
            return false;
        }
        bool ok = true;
        if (o == "--prompt") a->prompt = v;
        else if (o == "--tokens") ok = parse_num(v, 1024, &n) && n > 0, a->tokens = (int)n;
        else if (o == "--greedy") a->topk = 1;
        else if (o == "--quiet") a->quiet = true;
        else if (o == "--topk") ok = parse_num(v, GPT_VOCAB, &n) && n > 0, a->topk = (int)n;
        else if (o == "--seed") ok = parse_num(v, UINT64_MAX, &a->seed);
        else if (o == "--weights-seed") ok = parse_num(v, UINT64_MAX, &a->weights_seed);
        else if (o == "--checkpoint") a->checkpoint = v;
        else if (o == "--write-checkpoint") a->write_checkpoint = v;
        else if (o == "--logits") a->logits_file = v;
        else if (o == "--config" && std::string(v) == "small") a->cfg = gpt_config{ 4, 4, 128, 128, GPT_VOCAB };
        else if (o == "--config" && std::string(v) == "large") a->cfg = gpt_config{ 6, 8, 256, 256, GPT_VOCAB };
        else {
            fprintf(stderr, "%s: unknown option or value: %s%s%s\n", prog, o.c_str(),
                    takes ? " " : "", takes ? v : "");
            usage(prog);
            return false;
        }
        if (!ok) {
            fprintf(stderr, "%s: %s: bad value '%s'\n", prog, o.c_str(), v);
            return false;
        }
        if (takes)
            i++;
    }
    if (a->seed == 0)
        a->seed = 1;   // xorshift needs a non-zero state
    return true;
}

bool gpt_weights_for(const gpt_args &a, gpt_weights *w)
{
    std::string err;
    if (!a.checkpoint.empty()) {
        if (!gpt_load(w, a.checkpoint.c_str(), &err)) {
            fprintf(stderr, "gpt: %s\n", err.c_str());
            return false;
        }
    } else {
        gpt_init(w, a.cfg, a.weights_seed);
    }
    if (!a.write_checkpoint.empty() && !gpt_save(*w, a.write_checkpoint.c_str(), &err)) {
        fprintf(stderr, "gpt: %s\n", err.c_str());
        return false;
    }
    return true;
}

std::vector<int> gpt_prompt_tokens(const gpt_args &a, int n_ctx, int *gen)
{
    std::vector<int> t;
    for (char c : a.prompt)
        t.push_back(gpt_encode_char(c));
    if (t.empty())
        t.push_back(gpt_encode_char('\n'));
    *gen = std::min(a.tokens, n_ctx - 1);
    size_t room = (size_t)(n_ctx - *gen);
    if (t.size() > room)   // keep the end of a long prompt
        t.erase(t.begin(), t.end() - (long)room);
    return t;
}
