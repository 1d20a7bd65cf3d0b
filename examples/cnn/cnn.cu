// cnn.cu — a LeNet-style CNN classifying generated 28x28 digits on the GPU:
// im2col + tensor-core GEMM convolutions (bias and ReLU fused), max-pooling,
// two fully connected layers on the tensor cores, a warp-reduction softmax.
// Prints the accuracy and each layer's time from CUDA events.
//
//   cnn_ref --train weights.bin                         # CPU training, seconds
//   nvcc -cudart shared -arch=sm_80 -O2 -fmad=false -o cnn cnn.cu model.cpp
//        digits.cpp options.cpp
//   COBALT_STATS=summary cobalt run ./cnn --weights weights.bin --test 256
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include "../common/tc_gemm.cuh"
#include "digits.h"
#include "kernels.cuh"
#include "model.h"
#include "options.h"

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
struct act_relu { __device__ float operator()(float v) const { return net_relu(v); } };

enum { L_CONV1, L_POOL1, L_CONV2, L_POOL2, L_FC1, L_FC2, L_SOFTMAX, NUM_LAYERS };
static const char *const layer_names[NUM_LAYERS] = {
    "conv1 (im2col + GEMM, ReLU)", "pool1", "conv2 (im2col + GEMM, ReLU)", "pool2",
    "fc1 (GEMM, ReLU)", "fc2 (GEMM)", "softmax"
};

struct dev_net {
    __half *w1, *w2, *w3, *w4;   // f16 weights for the tensor cores
    float *b1, *b2, *b3, *b4;
    __half *img, *col1, *p1, *col2, *p2, *h;
    float *a1, *a2, *logits, *probs;
};

template <typename T>
static T *upload(const std::vector<float> &v, bool to_f16)
{
    void *d;
    CHECK(cudaMalloc(&d, v.size() * (to_f16 ? 2 : 4)));
    if (to_f16) {
        std::vector<__half> h(v.size());
        for (size_t i = 0; i < v.size(); i++)
            h[i] = __float2half_rn(v[i]);
        CHECK(cudaMemcpy(d, h.data(), h.size() * 2, cudaMemcpyHostToDevice));
    } else {
        CHECK(cudaMemcpy(d, v.data(), v.size() * 4, cudaMemcpyHostToDevice));
    }
    return (T *)d;
}

template <typename T>
static T *scratch(size_t n)
{
    void *d;
    CHECK(cudaMalloc(&d, n * sizeof(T)));
    return (T *)d;
}

static unsigned blocks(size_t n, unsigned threads)
{
    return (unsigned)((n + threads - 1) / threads);
}

// One batch of B images (already in d->img) through the net; adds each
// layer's simulated time to ms[].
static void run_batch(const dev_net *d, int B, cudaEvent_t ev[NUM_LAYERS + 1], float *ms)
{
    CHECK(cudaEventRecord(ev[0]));
    size_t n = (size_t)B * 576 * K1;
    im2col5<<<blocks(n, 256), 256>>>(d->img, d->col1, B, 28, 28, 1, K1);
    tc_gemm<<<tc_grid(B * 576, C1), TC_THREADS>>>(d->col1, K1, d->w1, K1, d->b1, nullptr, d->a1,
                                                  nullptr, C1, B * 576, C1, K1, act_relu());
    CHECK(cudaEventRecord(ev[1]));
    n = (size_t)B * 144 * C1;
    maxpool2<<<blocks(n, 256), 256>>>(d->a1, d->p1, B, 24, 24, C1);
    CHECK(cudaEventRecord(ev[2]));
    n = (size_t)B * 64 * K2;
    im2col5<<<blocks(n, 256), 256>>>(d->p1, d->col2, B, 12, 12, C1, K2);
    tc_gemm<<<tc_grid(B * 64, C2), TC_THREADS>>>(d->col2, K2, d->w2, K2, d->b2, nullptr, d->a2,
                                                 nullptr, C2, B * 64, C2, K2, act_relu());
    CHECK(cudaEventRecord(ev[3]));
    n = (size_t)B * FLAT;
    maxpool2<<<blocks(n, 256), 256>>>(d->a2, d->p2, B, 8, 8, C2);
    CHECK(cudaEventRecord(ev[4]));
    tc_gemm<<<tc_grid(B, F1), TC_THREADS>>>(d->p2, FLAT, d->w3, FLAT, d->b3, nullptr, nullptr,
                                            d->h, F1, B, F1, FLAT, act_relu());
    CHECK(cudaEventRecord(ev[5]));
    tc_gemm<<<tc_grid(B, CLASSES), TC_THREADS>>>(d->h, F1, d->w4, F1, d->b4, nullptr, d->logits,
                                                 nullptr, CLASSES, B, CLASSES, F1, act_none());
    CHECK(cudaEventRecord(ev[6]));
    softmax_rows<<<blocks((size_t)B, 4), 128>>>(d->logits, d->probs, B, CLASSES);
    CHECK(cudaEventRecord(ev[7]));
    CHECK(cudaGetLastError());
    CHECK(cudaEventSynchronize(ev[7]));
    for (int l = 0; l < NUM_LAYERS; l++) {
        float t = 0.f;
        CHECK(cudaEventElapsedTime(&t, ev[l], ev[l + 1]));
        ms[l] += t;
    }
}

int main(int argc, char **argv)
{
    cnn_args a;
    std::string err;
    cnn_weights w;
    if (!cnn_parse_args(argc, argv, &a, "cnn"))
        return 2;
    if (a.weights.empty()) {
        fprintf(stderr, "cnn: give --weights FILE (made by: cnn_ref --train FILE)\n");
        return 2;
    }
    if (!cnn_load(&w, a.weights.c_str(), &err)) {
        fprintf(stderr, "cnn: %s\n", err.c_str());
        return 1;
    }
    digit_set test;
    digits_make(&test, a.test, a.test_seed);
    int B = a.batch;
    dev_net d;
    d.w1 = upload<__half>(w.w1, true), d.w2 = upload<__half>(w.w2, true);
    d.w3 = upload<__half>(w.w3, true), d.w4 = upload<__half>(w.w4, true);
    d.b1 = upload<float>(w.b1, false), d.b2 = upload<float>(w.b2, false);
    d.b3 = upload<float>(w.b3, false), d.b4 = upload<float>(w.b4, false);
    d.img = scratch<__half>((size_t)B * DIGIT_PIXELS);
    d.col1 = scratch<__half>((size_t)B * 576 * K1), d.a1 = scratch<float>((size_t)B * 576 * C1);
    d.p1 = scratch<__half>((size_t)B * 144 * C1), d.col2 = scratch<__half>((size_t)B * 64 * K2);
    d.a2 = scratch<float>((size_t)B * 64 * C2), d.p2 = scratch<__half>((size_t)B * FLAT);
    d.h = scratch<__half>((size_t)B * F1), d.logits = scratch<float>((size_t)B * CLASSES);
    d.probs = scratch<float>((size_t)B * CLASSES);
    cudaEvent_t ev[NUM_LAYERS + 1];
    for (cudaEvent_t &e : ev)
        CHECK(cudaEventCreate(&e));

    std::vector<float> probs((size_t)test.n * CLASSES);
    std::vector<__half> img((size_t)B * DIGIT_PIXELS);
    float ms[NUM_LAYERS] = { 0 };
    for (int b0 = 0; b0 < test.n; b0 += B) {
        int nb = test.n - b0 < B ? test.n - b0 : B;
        for (size_t i = 0; i < (size_t)nb * DIGIT_PIXELS; i++)
            img[i] = __float2half_rn(test.pixels[(size_t)b0 * DIGIT_PIXELS + i]);
        CHECK(cudaMemcpy(d.img, img.data(), (size_t)nb * DIGIT_PIXELS * 2, cudaMemcpyHostToDevice));
        run_batch(&d, nb, ev, ms);
        CHECK(cudaMemcpy(&probs[(size_t)b0 * CLASSES], d.probs, (size_t)nb * CLASSES * 4,
                         cudaMemcpyDeviceToHost));
    }
    std::vector<int> classes((size_t)test.n);
    int right = 0;
    for (int i = 0; i < test.n; i++) {
        classes[(size_t)i] = cnn_argmax(&probs[(size_t)i * CLASSES]);
        right += classes[(size_t)i] == test.labels[(size_t)i];
    }
    printf("cnn: accuracy %d/%d = %.2f%% on held-out digits (seed %llu)\n", right, test.n,
           100.0 * right / test.n, (unsigned long long)a.test_seed);
    printf("cnn: simulated GPU time per layer (CUDA events, batches of %d):\n", B);
    float total = 0.f;
    for (int l = 0; l < NUM_LAYERS; l++) {
        printf("  %-28s %9.3f ms\n", layer_names[l], ms[l]);
        total += ms[l];
    }
    printf("  %-28s %9.3f ms\n", "total", total);
    void *ptrs[] = { d.w1, d.w2, d.w3, d.w4, d.b1, d.b2, d.b3, d.b4, d.img, d.col1, d.a1,
                     d.p1, d.col2, d.a2, d.p2, d.h, d.logits, d.probs };
    for (void *p : ptrs)
        cudaFree(p);
    return cnn_write_results(a, classes.data(), probs.data(), test.n) ? 0 : 1;
}
