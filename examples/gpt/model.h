// model.h — the GPT-2-style decoder shared by the GPU program (gpt.cu) and the
// CPU reference (gpt_ref.cpp): configuration, weights and their checkpoint
// file, the character tokenizer, the sampler and the command line.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

// Head size is fixed at 32 so that one warp lane owns one head dimension.
enum { GPT_HEAD_DIM = 32, GPT_VOCAB = 96 };

struct gpt_config {
    int n_layer, n_head, d_model, n_ctx, vocab;
    int d_ff() const { return 4 * d_model; }
};

// Where each tensor lives in the flat f32 parameter array. Matrices are
// [out][in] row-major (the "B" layout of tc_gemm).
struct gpt_layer_off {
    size_t ln1_g, ln1_b, w_qkv, b_qkv, w_o, b_o, ln2_g, ln2_b, w_fc, b_fc, w_proj, b_proj;
};
struct gpt_weights {
    gpt_config cfg;
    std::vector<float> p;               // every parameter, f32
    size_t wte, wpe, lnf_g, lnf_b;      // wte: [vocab][d] (also the output layer)
    std::vector<gpt_layer_off> layer;
};

// Lays out the offsets for cfg and sizes p (zeros).
void gpt_layout(gpt_weights *w, const gpt_config &cfg);
// Deterministic weights: a fixed generator seeded with `seed`.
void gpt_init(gpt_weights *w, const gpt_config &cfg, uint64_t seed);
// Checkpoint: "COBALTGPT1", 5 int32 (n_layer n_head d_model n_ctx vocab),
// then every parameter as little-endian f32 in layout order.
bool gpt_save(const gpt_weights &w, const char *path, std::string *err);
bool gpt_load(gpt_weights *w, const char *path, std::string *err);

// Characters: ' '..'~' are tokens 0..94, '\n' is 95, anything else '?'.
int gpt_encode_char(char c);
char gpt_decode(int tok);

// Next token from one row of logits: greedy (topk <= 1) or the seeded
// top-k sampler; `rng` is the sampler's state (xorshift64*).
int gpt_sample(const float *logits, int vocab, int topk, uint64_t *rng);

struct gpt_args {
    gpt_config cfg;
    std::string prompt = "The simulator";
    int tokens = 32;
    int topk = 1;                  // 1: greedy
    uint64_t seed = 1;             // sampler seed
    uint64_t weights_seed = 1234;  // used when no checkpoint is given
    std::string checkpoint, write_checkpoint, logits_file;
    bool quiet = false;
};
// Parses the shared options; returns false (after printing why) on bad input.
bool gpt_parse_args(int argc, char **argv, gpt_args *a, const char *prog);
// Weights from --checkpoint or --weights-seed, written to --write-checkpoint.
bool gpt_weights_for(const gpt_args &a, gpt_weights *w);
// The prompt's tokens and the number to generate (*gen), cut so that both
// fit the context of n_ctx positions.
std::vector<int> gpt_prompt_tokens(const gpt_args &a, int n_ctx, int *gen);
