// gpt.cu — a GPT-2-style decoder generating text on the GPU: token and
// position embeddings, pre-LayerNorm blocks (causal multi-head attention with
// a KV cache, GELU MLP), final LayerNorm, logits tied to the token embedding,
// greedy or seeded top-k sampling. Every matrix product runs on the tensor
// cores (f16 inputs, f32 accumulation: ../common/tc_gemm.cuh).
//
//   nvcc -cudart shared -arch=sm_80 -O2 -fmad=false gpt.cu model.cpp -o gpt
//   COBALT_STATS=summary cobalt run ./gpt --prompt "Hello" --tokens 32
//
// gpt_ref.cpp is the same model on the CPU; it generates the same text.
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include "../common/tc_gemm.cuh"
#include "kernels.cuh"
#include "model.h"

#define CHECK(call)                                                            \
    do {                                                                       \
        cudaError_t err_ = (call);                                             \
        if (err_ != cudaSuccess) {                                             \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call,      \
                    cudaGetErrorString(err_));                                 \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

struct act_none { __device__ float operator()(float v) const { return v; } };
struct act_gelu { __device__ float operator()(float v) const { return net_gelu(v); } };

// Device copies of the parameters: every tensor in f32 (p32) and the same in
// f16 (p16) for the tensor-core matrices; activations and the KV cache.
struct gpt_gpu {
    gpt_config c;
    float *p32;
    __half *p16;
    int *tok;
    float *x, *qkv, *kc, *vc, *logits;
    __half *h16, *att16, *ff16;
};

template <typename Act>
static void gemm(const __half *A, int lda, const __half *B, const float *bias, const float *resid,
                 float *C, __half *Ch, int ldc, int M, int N, int K, Act act)
{
    tc_gemm<<<tc_grid(M, N), TC_THREADS>>>(A, lda, B, K, bias, resid, C, Ch, ldc, M, N, K, act);
    CHECK(cudaGetLastError());
}

// Runs tokens tok[0..T) at positions pos0.. through the model; leaves the
// logits of the last one in g->logits.
static void forward(gpt_gpu *g, const gpt_weights &w, int pos0, int T)
{
    const gpt_config &c = g->c;
    int d = c.d_model, f = c.d_ff();
    const float *P = g->p32;
    const __half *H = g->p16;
    embed<<<T, 128>>>(g->tok, P + w.wte, P + w.wpe, g->x, pos0, d);
    CHECK(cudaGetLastError());
    for (int li = 0; li < c.n_layer; li++) {
        const gpt_layer_off &l = w.layer[(size_t)li];
        float *kc = g->kc + (size_t)li * c.n_ctx * d, *vc = g->vc + (size_t)li * c.n_ctx * d;
        layernorm<<<T, 32>>>(g->x, P + l.ln1_g, P + l.ln1_b, g->h16, d);
        gemm(g->h16, d, H + l.w_qkv, P + l.b_qkv, nullptr, g->qkv, nullptr, 3 * d, T, 3 * d, d,
             act_none());
        kv_append<<<T, 128>>>(g->qkv, kc, vc, pos0, d);
        attention<<<T, 32 * c.n_head, (size_t)c.n_head * c.n_ctx * sizeof(float)>>>(
            g->qkv, kc, vc, g->att16, pos0, d, c.n_ctx, 1.f / sqrtf((float)GPT_HEAD_DIM));
        CHECK(cudaGetLastError());
        // x += att W_o^T + b_o   (the residual added in the GEMM's epilogue)
        gemm(g->att16, d, H + l.w_o, P + l.b_o, g->x, g->x, nullptr, d, T, d, d, act_none());
        layernorm<<<T, 32>>>(g->x, P + l.ln2_g, P + l.ln2_b, g->h16, d);
        gemm(g->h16, d, H + l.w_fc, P + l.b_fc, nullptr, nullptr, g->ff16, f, T, f, d, act_gelu());
        gemm(g->ff16, f, H + l.w_proj, P + l.b_proj, g->x, g->x, nullptr, d, T, d, f, act_none());
    }
    // only the last position's logits are needed
    layernorm<<<1, 32>>>(g->x + (size_t)(T - 1) * d, P + w.lnf_g, P + w.lnf_b, g->h16, d);
    gemm(g->h16, d, H + w.wte, nullptr, nullptr, g->logits, nullptr, c.vocab, 1, c.vocab, d,
         act_none());
}

static void upload(gpt_gpu *g, const gpt_weights &w)
{
    const gpt_config &c = w.cfg;
    size_t n = w.p.size(), d = (size_t)c.d_model, ctx = (size_t)c.n_ctx;
    std::vector<__half> h(n);
    for (size_t i = 0; i < n; i++)
        h[i] = __float2half_rn(w.p[i]);
    g->c = c;
    CHECK(cudaMalloc(&g->p32, n * sizeof(float)));
    CHECK(cudaMalloc(&g->p16, n * sizeof(__half)));
    CHECK(cudaMemcpy(g->p32, w.p.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(g->p16, h.data(), n * sizeof(__half), cudaMemcpyHostToDevice));
    CHECK(cudaMalloc(&g->tok, ctx * sizeof(int)));
    CHECK(cudaMalloc(&g->x, ctx * d * sizeof(float)));
    CHECK(cudaMalloc(&g->qkv, ctx * 3 * d * sizeof(float)));
    CHECK(cudaMalloc(&g->kc, (size_t)c.n_layer * ctx * d * sizeof(float)));
    CHECK(cudaMalloc(&g->vc, (size_t)c.n_layer * ctx * d * sizeof(float)));
    CHECK(cudaMalloc(&g->logits, (size_t)c.vocab * sizeof(float)));
    CHECK(cudaMalloc(&g->h16, ctx * d * sizeof(__half)));
    CHECK(cudaMalloc(&g->att16, ctx * d * sizeof(__half)));
    CHECK(cudaMalloc(&g->ff16, ctx * 4 * d * sizeof(__half)));
}

static void release(gpt_gpu *g)
{
    void *ptrs[] = { g->p32, g->p16, g->tok, g->x, g->qkv, g->kc, g->vc, g->logits,
                     g->h16, g->att16, g->ff16 };
    for (void *p : ptrs)
        cudaFree(p);
}

int main(int argc, char **argv)
{
    gpt_args a;
    gpt_weights w;
    if (!gpt_parse_args(argc, argv, &a, "gpt") || !gpt_weights_for(a, &w))
        return 2;
    const gpt_config &c = w.cfg;
    int gen = 0;
    std::vector<int> toks = gpt_prompt_tokens(a, c.n_ctx, &gen);
    FILE *lf = a.logits_file.empty() ? nullptr : fopen(a.logits_file.c_str(), "w");
    if (!a.logits_file.empty() && !lf) {
        fprintf(stderr, "gpt: %s: cannot create\n", a.logits_file.c_str());
        return 2;
    }
    printf("gpt: %d layers, %d heads, width %d, context %d, vocabulary %d; %zu prompt tokens, "
           "%d to generate (%s)\n", c.n_layer, c.n_head, c.d_model, c.n_ctx, c.vocab,
           toks.size(), gen, a.topk > 1 ? "top-k sampling" : "greedy");

    gpt_gpu g;
    upload(&g, w);
    cudaEvent_t e0, e1;
    CHECK(cudaEventCreate(&e0));
    CHECK(cudaEventCreate(&e1));
    std::vector<float> logits((size_t)c.vocab);
    uint64_t rng = a.seed;
    float prefill_ms = 0.f, decode_ms = 0.f;
    size_t pos = 0, T = toks.size();
    std::string text;
    for (int tok : toks)
        text += gpt_decode(tok);
    for (int step = 0; step < gen; step++) {
        // the prompt in one pass (prefill), then one token per pass (decode)
        CHECK(cudaMemcpy(g.tok, toks.data() + pos, T * sizeof(int), cudaMemcpyHostToDevice));
        CHECK(cudaEventRecord(e0));
        forward(&g, w, (int)pos, (int)T);
        CHECK(cudaEventRecord(e1));
        CHECK(cudaMemcpy(logits.data(), g.logits, logits.size() * sizeof(float),
                         cudaMemcpyDeviceToHost));
        float ms = 0.f;
        CHECK(cudaEventElapsedTime(&ms, e0, e1));
        (step == 0 ? prefill_ms : decode_ms) += ms;
        if (lf) {
            for (int v = 0; v < c.vocab; v++)
                fprintf(lf, "%.9g%c", logits[(size_t)v], v + 1 < c.vocab ? ' ' : '\n');
        }
        int next = gpt_sample(logits.data(), c.vocab, a.topk, &rng);
        text += gpt_decode(next);
        pos += T;
        T = 1;
        toks.push_back(next);
    }
    if (lf)
        fclose(lf);
    printf("--- text ---\n%s\n--- end ---\n", text.c_str());
    printf("gpt: simulated GPU time: prefill %.3f ms, decode %.3f ms (%.3f ms/token)\n",
           prefill_ms, decode_ms, gen > 1 ? decode_ms / (gen - 1) : 0.0);
    release(&g);
    return 0;
}
