// model.cpp — weights, their file and the f16-aligned CPU inference of the
// CNN example (training: train.cpp).
#include "model.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include "../common/net_math.h"
#include "digits.h"

static const char cnn_magic[10] = { 'C', 'O', 'B', 'A', 'L', 'T', 'C', 'N', 'N', '1' };

static std::vector<float> *arrays(cnn_weights *w, int i)
{
    std::vector<float> *a[8] = { &w->w1, &w->b1, &w->w2, &w->b2, &w->w3, &w->b3, &w->w4, &w->b4 };
    return a[i];
}

static const size_t sizes[8] = { C1 * K1, C1, C2 * K2, C2, F1 * FLAT, F1, CLASSES * F1, CLASSES };

void cnn_init(cnn_weights *w, uint64_t seed)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 3;
    const int fan_in[4] = { 25, 25 * C1, FLAT, F1 }, used_k[4] = { 25, 25 * C1, FLAT, F1 };
    const int kp[4] = { K1, K2, FLAT, F1 };
    for (int i = 0; i < 8; i++)
        arrays(w, i)->assign(sizes[i], 0.f);
    for (int l = 0; l < 4; l++) {
        float bound = sqrtf(6.f / (float)fan_in[l]);
        std::vector<float> &m = *arrays(w, 2 * l);
        for (size_t o = 0; o < m.size() / (size_t)kp[l]; o++)
            for (int k = 0; k < used_k[l]; k++) {   // the k padding stays zero
                s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
                double u = (double)((s * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
                m[o * (size_t)kp[l] + (size_t)k] = (float)((2 * u - 1) * bound);
            }
    }
}

bool cnn_save(const cnn_weights &w0, const char *path, std::string *err)
{
    cnn_weights &w = const_cast<cnn_weights &>(w0);
    FILE *f = fopen(path, "wb");
    if (!f) {
        *err = std::string(path) + ": cannot create: " + strerror(errno);
        return false;
    }
    bool ok = fwrite(cnn_magic, 1, sizeof cnn_magic, f) == sizeof cnn_magic;
    for (int i = 0; i < 8 && ok; i++)
        ok = fwrite(arrays(&w, i)->data(), sizeof(float), sizes[i], f) == sizes[i];
    ok = (fclose(f) == 0) && ok;
    if (!ok)
        *err = std::string(path) + ": write failed";
    return ok;
}

bool cnn_load(cnn_weights *w, const char *path, std::string *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = std::string(path) + ": cannot open: " + strerror(errno) +
               " (create it with: cnn_ref --train " + path + ")";
        return false;
    }
    char magic[sizeof cnn_magic];
    bool ok = fread(magic, 1, sizeof magic, f) == sizeof magic &&
              memcmp(magic, cnn_magic, sizeof magic) == 0;
    if (!ok)
        *err = std::string(path) + ": not a weight file (expected the magic 'COBALTCNN1')";
    for (int i = 0; i < 8 && ok; i++) {
        arrays(w, i)->assign(sizes[i], 0.f);
        ok = fread(arrays(w, i)->data(), sizeof(float), sizes[i], f) == sizes[i];
        if (!ok)
            *err = std::string(path) + ": truncated";
    }
    fclose(f);
    return ok;
}

int cnn_argmax(const float *p)
{
    int best = 0;
    for (int c = 1; c < CLASSES; c++)
        if (p[c] > p[best])
            best = c;
    return best;
}

// im2col of a 5x5 valid convolution over an NHWC image (H x W x C).
static void im2col5(const float *in, int H, int W, int C, int Kp, float *out)
{
    int OH = H - 4, OW = W - 4;
    for (int m = 0; m < OH * OW; m++)
        for (int k = 0; k < Kp; k++) {
            float v = 0.f;
            if (k < 25 * C) {
                int c = k % C, kk = k / C, oy = m / OW, ox = m % OW;
                v = in[((oy + kk / 5) * W + ox + kk % 5) * C + c];
            }
            out[(size_t)m * Kp + k] = v;
        }
}

// 2x2 max-pool, NHWC, the result rounded to f16 (what the GPU stores).
static void pool2(const float *in, int H, int W, int C, float *out)
{
    for (int y = 0; y < H / 2; y++)
        for (int x = 0; x < W / 2; x++)
            for (int c = 0; c < C; c++) {
                const float *p = in + ((2 * y) * W + 2 * x) * C + c;
                float m = fmaxf(fmaxf(p[0], p[C]), fmaxf(p[W * C], p[W * C + C]));
                out[(y * (W / 2) + x) * C + c] = net_f16(m);
            }
}

static std::vector<float> rounded(const std::vector<float> &v)
{
    std::vector<float> r(v.size());
    for (size_t i = 0; i < v.size(); i++)
        r[i] = net_f16(v[i]);
    return r;
}

void cnn_infer_ref(const cnn_weights &w, const float *images, int n, float *probs)
{
    std::vector<float> w1 = rounded(w.w1), w2 = rounded(w.w2), w3 = rounded(w.w3),
                       w4 = rounded(w.w4);
    std::vector<float> img(DIGIT_PIXELS), col1(576 * K1), a1(576 * C1), p1(144 * C1),
        col2(64 * K2), a2(64 * C2), p2(FLAT), h(F1), logits(CLASSES);
    for (int b = 0; b < n; b++) {
        for (int i = 0; i < DIGIT_PIXELS; i++)
            img[(size_t)i] = net_f16(images[(size_t)b * DIGIT_PIXELS + i]);
        im2col5(img.data(), 28, 28, 1, K1, col1.data());
        net_gemm_ref(col1.data(), K1, w1.data(), K1, w.b1.data(), nullptr, a1.data(), C1, 576,
                     C1, K1, 1, false);
        pool2(a1.data(), 24, 24, C1, p1.data());
        im2col5(p1.data(), 12, 12, C1, K2, col2.data());
        net_gemm_ref(col2.data(), K2, w2.data(), K2, w.b2.data(), nullptr, a2.data(), C2, 64,
                     C2, K2, 1, false);
        pool2(a2.data(), 8, 8, C2, p2.data());
        net_gemm_ref(p2.data(), FLAT, w3.data(), FLAT, w.b3.data(), nullptr, h.data(), F1, 1,
                     F1, FLAT, 1, true);
        net_gemm_ref(h.data(), F1, w4.data(), F1, w.b4.data(), nullptr, logits.data(), CLASSES,
                     1, CLASSES, F1, 0, false);
        // softmax as one warp does it: lanes 10..31 hold zeros in the sum
        float mx = logits[0], part[32] = { 0 };
        for (int c = 1; c < CLASSES; c++)
            mx = fmaxf(mx, logits[(size_t)c]);
        for (int c = 0; c < CLASSES; c++)
            part[c] = net_exp(logits[(size_t)c] - mx);
        float sum = net_warp_sum(part);
        for (int c = 0; c < CLASSES; c++)
            probs[(size_t)b * CLASSES + c] = part[c] / sum;
    }
}
