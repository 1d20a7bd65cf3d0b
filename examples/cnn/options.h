// options.h — the command line shared by cnn.cu and cnn_ref.cpp.
#pragma once
#include <cstdint>
#include <string>

struct cnn_args {
    std::string weights, train, classes_file, probs_file;
    int test = 256, train_size = 3000, epochs = 3, batch = 128;
    uint64_t test_seed = 2, train_seed = 1;
};

// Returns false (after saying why on stderr) on a bad command line.
bool cnn_parse_args(int argc, char **argv, cnn_args *a, const char *prog);
// Writes one class per line, and one line of probabilities per image.
bool cnn_write_results(const cnn_args &a, const int *classes, const float *probs, int n);
