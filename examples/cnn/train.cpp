// train.cpp — trains the CNN on the CPU in plain f32: forward with im2col,
// backward by hand, SGD with momentum on minibatches of 32. A few seconds for
// a few thousand generated digits.
#include "model.h"

#include <cmath>
#include <cstdio>
#include "digits.h"

namespace {

struct acts {   // one image's forward pass, kept for the backward pass
    float col1[576 * K1], z1[576 * C1], p1[144 * C1];
    int arg1[144 * C1];
    float col2[64 * K2], z2[64 * C2], p2[FLAT];
    int arg2[FLAT];
    float z3[F1], a3[F1], prob[CLASSES];
};

void im2col5(const float *in, int H, int W, int C, int Kp, float *out)
{
    int OW = W - 4;
    for (int m = 0; m < (H - 4) * OW; m++)
        for (int k = 0; k < Kp; k++) {
            int c = k % C, kk = k / C;
            out[m * Kp + k] = k < 25 * C ? in[((m / OW + kk / 5) * W + m % OW + kk % 5) * C + c] : 0.f;
        }
}

// z[m][o] = b[o] + sum_k col[m][k] w[o][k]
void dense(const float *col, const float *w, const float *b, float *z, int M, int N, int K)
{
    for (int m = 0; m < M; m++)
        for (int o = 0; o < N; o++) {
            float s = b[o];
            for (int k = 0; k < K; k++)
                s += col[m * K + k] * w[o * K + k];
            z[m * N + o] = s;
        }
}

// ReLU then 2x2 max-pool (NHWC); arg = index of the winner in z.
void relu_pool(const float *z, int H, int W, int C, float *out, int *arg)
{
    for (int y = 0; y < H / 2; y++)
        for (int x = 0; x < W / 2; x++)
            for (int c = 0; c < C; c++) {
                int best = ((2 * y) * W + 2 * x) * C + c;
                const int cand[3] = { best + C, best + W * C, best + W * C + C };
                for (int i : cand)
                    if (z[i] > z[best])
                        best = i;
                int o = (y * (W / 2) + x) * C + c;
                out[o] = z[best] > 0 ? z[best] : 0.f;
                arg[o] = best;
            }
}

float forward(const cnn_weights &w, const float *img, int label, acts *a)
{
    im2col5(img, 28, 28, 1, K1, a->col1);
    dense(a->col1, w.w1.data(), w.b1.data(), a->z1, 576, C1, K1);
    relu_pool(a->z1, 24, 24, C1, a->p1, a->arg1);
    im2col5(a->p1, 12, 12, C1, K2, a->col2);
    dense(a->col2, w.w2.data(), w.b2.data(), a->z2, 64, C2, K2);
    relu_pool(a->z2, 8, 8, C2, a->p2, a->arg2);
    dense(a->p2, w.w3.data(), w.b3.data(), a->z3, 1, F1, FLAT);
    for (int i = 0; i < F1; i++)
        a->a3[i] = a->z3[i] > 0 ? a->z3[i] : 0.f;
    float z4[CLASSES], mx = -1e30f, sum = 0;
    dense(a->a3, w.w4.data(), w.b4.data(), z4, 1, CLASSES, F1);
    for (float v : z4)
        mx = fmaxf(mx, v);
    for (int c = 0; c < CLASSES; c++)
        sum += a->prob[c] = expf(z4[c] - mx);
    for (float &p : a->prob)
        p /= sum;
    return -logf(fmaxf(a->prob[label], 1e-30f));
}

// g += d(loss)/d(weights) for one image
void backward(const cnn_weights &w, const acts &a, int label, cnn_weights *g)
{
    float dz4[CLASSES], da3[F1] = { 0 }, dp2[FLAT] = { 0 };
    static_assert(FLAT == 256, "layout");
    for (int c = 0; c < CLASSES; c++)
        dz4[c] = a.prob[c] - (c == label ? 1.f : 0.f);
    for (int c = 0; c < CLASSES; c++) {
        g->b4[c] += dz4[c];
        for (int i = 0; i < F1; i++) {
            g->w4[c * F1 + i] += dz4[c] * a.a3[i];
            da3[i] += dz4[c] * w.w4[c * F1 + i];
        }
    }
    for (int o = 0; o < F1; o++) {
        float d = a.z3[o] > 0 ? da3[o] : 0.f;
        g->b3[o] += d;
        for (int i = 0; i < FLAT; i++) {
            g->w3[o * FLAT + i] += d * a.p2[i];
            dp2[i] += d * w.w3[o * FLAT + i];
        }
    }
    std::vector<float> dz2(64 * C2, 0.f), dcol2(64 * K2, 0.f), dp1(144 * C1, 0.f),
        dz1(576 * C1, 0.f);
    for (int i = 0; i < FLAT; i++)
        if (a.z2[a.arg2[i]] > 0)
            dz2[a.arg2[i]] += dp2[i];
    for (int m = 0; m < 64; m++)
        for (int o = 0; o < C2; o++) {
            float d = dz2[m * C2 + o];
            if (d == 0.f)
                continue;
            g->b2[o] += d;
            for (int k = 0; k < 25 * C1; k++) {
                g->w2[o * K2 + k] += d * a.col2[m * K2 + k];
                dcol2[m * K2 + k] += d * w.w2[o * K2 + k];
            }
        }
    for (int m = 0; m < 64; m++)   // col2im
        for (int k = 0; k < 25 * C1; k++) {
            int c = k % C1, kk = k / C1;
            dp1[((m / 8 + kk / 5) * 12 + m % 8 + kk % 5) * C1 + c] += dcol2[m * K2 + k];
        }
    for (int i = 0; i < 144 * C1; i++)
        if (a.z1[a.arg1[i]] > 0)
            dz1[a.arg1[i]] += dp1[i];
    for (int m = 0; m < 576; m++)
        for (int o = 0; o < C1; o++) {
            float d = dz1[m * C1 + o];
            if (d == 0.f)
                continue;
            g->b1[o] += d;
            for (int k = 0; k < 25; k++)
                g->w1[o * K1 + k] += d * a.col1[m * K1 + k];
        }
}

std::vector<float> *field(cnn_weights *w, int i)
{
    std::vector<float> *a[8] = { &w->w1, &w->b1, &w->w2, &w->b2, &w->w3, &w->b3, &w->w4, &w->b4 };
    return a[i];
}

} // namespace

void cnn_train(cnn_weights *w, const float *images, const int *labels, int n, int epochs)
{
    const int batch = 32;
    const float lr = 0.02f, momentum = 0.9f;
    cnn_weights g = *w, v = *w;
    for (int i = 0; i < 8; i++)
        field(&v, i)->assign(field(w, i)->size(), 0.f);
    std::vector<acts> a(1);
    for (int e = 0; e < epochs; e++) {
        double loss = 0;
        int right = 0;
        for (int b0 = 0; b0 < n; b0 += batch) {
            for (int i = 0; i < 8; i++)
                field(&g, i)->assign(field(w, i)->size(), 0.f);
            int nb = n - b0 < batch ? n - b0 : batch;
            for (int b = b0; b < b0 + nb; b++) {
                loss += forward(*w, images + (size_t)b * DIGIT_PIXELS, labels[b], &a[0]);
                right += cnn_argmax(a[0].prob) == labels[b];
                backward(*w, a[0], labels[b], &g);
            }
            for (int i = 0; i < 8; i++) {
                std::vector<float> &p = *field(w, i), &gi = *field(&g, i), &vi = *field(&v, i);
                for (size_t j = 0; j < p.size(); j++) {
                    vi[j] = momentum * vi[j] - lr * gi[j] / (float)nb;
                    p[j] += vi[j];
                }
            }
        }
        printf("cnn_ref: epoch %d: loss %.4f, training accuracy %.2f%% (f32)\n", e + 1,
               loss / n, 100.0 * right / n);
    }
}
