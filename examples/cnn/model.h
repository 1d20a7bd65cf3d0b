// model.h — the LeNet-style net of the CNN example, shared by the GPU
// program (cnn.cu) and the CPU reference/trainer (cnn_ref.cpp):
//
//   28x28x1 -> conv 5x5, 8 ch + ReLU -> 24x24x8 -> max-pool 2 -> 12x12x8
//           -> conv 5x5, 16 ch + ReLU -> 8x8x16 -> max-pool 2 -> 4x4x16 = 256
//           -> fc 256->64 + ReLU -> fc 64->10 -> softmax
//
// Activations are NHWC. A convolution is a GEMM over im2col rows whose k
// index is (ky*5 + kx)*C + c, padded with zeros to a multiple of 32 (the
// GEMM's tile); weights are stored [out][k] in that padded layout.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

enum {
    C1 = 8, C2 = 16, K1 = 32 /* 25 */, K2 = 224 /* 200 */, F1 = 64, CLASSES = 10,
    FLAT = 4 * 4 * C2
};

struct cnn_weights {
    // conv1 [C1][K1], conv2 [C2][K2], fc1 [F1][FLAT], fc2 [CLASSES][F1] and biases
    std::vector<float> w1, b1, w2, b2, w3, b3, w4, b4;
};

void cnn_init(cnn_weights *w, uint64_t seed);              // He-uniform, seeded
// File: "COBALTCNN1" then the eight arrays as little-endian f32, in order.
bool cnn_save(const cnn_weights &w, const char *path, std::string *err);
bool cnn_load(cnn_weights *w, const char *path, std::string *err);

// Trains on the CPU in f32 (SGD with momentum, minibatches of 32); prints
// the loss per epoch.
void cnn_train(cnn_weights *w, const float *images, const int *labels, int n, int epochs);

// Inference exactly as the GPU does it (f16 GEMM inputs, f32 sums in k order,
// the same softmax): probabilities [n][CLASSES].
void cnn_infer_ref(const cnn_weights &w, const float *images, int n, float *probs);

// The first most probable class.
int cnn_argmax(const float *p);
