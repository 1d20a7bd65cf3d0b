// digits.h — procedurally generated handwritten-looking digits, 28 x 28:
// each digit is a few strokes (polylines in a unit box) drawn with a random
// affine jitter, stroke width and pixel noise. Seeded: the same seed gives
// the same images on every machine.
#pragma once
#include <cstdint>
#include <vector>

enum { DIGIT_SIDE = 28, DIGIT_PIXELS = DIGIT_SIDE * DIGIT_SIDE };

struct digit_set {
    std::vector<float> pixels;   // n images, row-major, values in [0, 1]
    std::vector<int> labels;
    int n = 0;
};

// n images, labels cycling 0..9 in a seeded shuffled order.
void digits_make(digit_set *s, int n, uint64_t seed);
