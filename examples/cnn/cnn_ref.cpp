// cnn_ref.cpp — the CNN example on the CPU: trains the weights (--train) and
// classifies the test digits exactly as cnn.cu does on the GPU (f16 GEMM
// inputs, f32 sums in k order, the same softmax), so both print the same
// classes and accuracy.
//
//   cnn_ref --train weights.bin          # a few seconds: 3000 digits, 3 epochs
//   cnn_ref --weights weights.bin --test 256
#include <cstdio>
#include <string>
#include <vector>
#include "digits.h"
#include "model.h"
#include "options.h"

int main(int argc, char **argv)
{
    cnn_args a;
    if (!cnn_parse_args(argc, argv, &a, "cnn_ref"))
        return 2;
    std::string err;
    cnn_weights w;
    if (!a.train.empty()) {
        digit_set train;
        digits_make(&train, a.train_size, a.train_seed);
        cnn_init(&w, 1);
        printf("cnn_ref: training on %d generated digits (seed %llu), %d epochs\n", train.n,
               (unsigned long long)a.train_seed, a.epochs);
        cnn_train(&w, train.pixels.data(), train.labels.data(), train.n, a.epochs);
        if (!cnn_save(w, a.train.c_str(), &err)) {
            fprintf(stderr, "cnn_ref: %s\n", err.c_str());
            return 1;
        }
        printf("cnn_ref: weights written to %s\n", a.train.c_str());
        if (a.weights.empty())
            return 0;
    }
    if (a.weights.empty()) {
        fprintf(stderr, "cnn_ref: give --train FILE and/or --weights FILE\n");
        return 2;
    }
    if (!cnn_load(&w, a.weights.c_str(), &err)) {
        fprintf(stderr, "cnn_ref: %s\n", err.c_str());
        return 1;
    }
    digit_set test;
    digits_make(&test, a.test, a.test_seed);
    std::vector<float> probs((size_t)test.n * CLASSES);
    std::vector<int> classes((size_t)test.n);
    cnn_infer_ref(w, test.pixels.data(), test.n, probs.data());
    int right = 0;
    for (int i = 0; i < test.n; i++) {
        classes[(size_t)i] = cnn_argmax(&probs[(size_t)i * CLASSES]);
        right += classes[(size_t)i] == test.labels[(size_t)i];
    }
    printf("cnn_ref: accuracy %d/%d = %.2f%% on held-out digits (seed %llu)\n", right, test.n,
           100.0 * right / test.n, (unsigned long long)a.test_seed);
    return cnn_write_results(a, classes.data(), probs.data(), test.n) ? 0 : 1;
}
