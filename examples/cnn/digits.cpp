// digits.cpp — the digit renderer (see digits.h).
#include "digits.h"

#include <cmath>

namespace {

struct pt { float x, y; };
struct stroke { int n; pt p[12]; };
struct glyph { int n; stroke s[2]; };

// Strokes in a unit box (x right, y down); circles are drawn as polygons.
const glyph glyphs[10] = {
    { 1, { { 12, { { .5f, .08f }, { .72f, .15f }, { .82f, .35f }, { .82f, .62f }, { .72f, .85f },
                   { .5f, .92f }, { .28f, .85f }, { .18f, .62f }, { .18f, .35f }, { .28f, .15f },
                   { .5f, .08f }, { .5f, .08f } } } } },
    { 1, { { 3, { { .32f, .25f }, { .52f, .08f }, { .52f, .92f } } } } },
    { 1, { { 8, { { .2f, .28f }, { .3f, .12f }, { .5f, .08f }, { .7f, .12f }, { .78f, .3f },
                  { .68f, .48f }, { .2f, .9f }, { .82f, .9f } } } } },
    { 1, { { 8, { { .2f, .12f }, { .72f, .1f }, { .48f, .42f }, { .72f, .55f }, { .76f, .75f },
                  { .62f, .9f }, { .4f, .93f }, { .2f, .84f } } } } },
    { 1, { { 4, { { .62f, .92f }, { .62f, .08f }, { .15f, .66f }, { .85f, .66f } } } } },
    { 1, { { 8, { { .78f, .1f }, { .3f, .1f }, { .26f, .45f }, { .55f, .4f }, { .76f, .56f },
                  { .72f, .82f }, { .48f, .93f }, { .2f, .85f } } } } },
    { 1, { { 10, { { .7f, .08f }, { .42f, .25f }, { .26f, .55f }, { .28f, .82f }, { .5f, .93f },
                   { .72f, .82f }, { .74f, .62f }, { .52f, .5f }, { .32f, .58f }, { .28f, .66f } } } } },
    { 1, { { 3, { { .18f, .1f }, { .82f, .1f }, { .42f, .92f } } } } },
    { 2, { { 9, { { .5f, .08f }, { .7f, .14f }, { .72f, .32f }, { .5f, .47f }, { .3f, .32f },
                  { .3f, .14f }, { .5f, .08f }, { .5f, .08f }, { .5f, .08f } } },
           { 9, { { .5f, .47f }, { .76f, .58f }, { .78f, .8f }, { .5f, .93f }, { .22f, .8f },
                  { .24f, .58f }, { .5f, .47f }, { .5f, .47f }, { .5f, .47f } } } } },
    { 1, { { 9, { { .72f, .3f }, { .55f, .5f }, { .32f, .45f }, { .28f, .25f }, { .45f, .08f },
                  { .68f, .12f }, { .72f, .3f }, { .66f, .62f }, { .58f, .92f } } } } },
};

struct rng {
    uint64_t s;
    float unit()   // [0, 1)
    {
        s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
        return (float)((s * 0x2545F4914F6CDD1DULL) >> 40) * (1.f / 16777216.f);
    }
    float range(float a, float b) { return a + (b - a) * unit(); }
};

float seg_dist(float px, float py, pt a, pt b)
{
    float dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    float t = len2 > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / len2 : 0.f;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    float ex = a.x + t * dx - px, ey = a.y + t * dy - py;
    return sqrtf(ex * ex + ey * ey);
}

void render(float *img, int digit, rng *r)
{
    // unit box -> pixels: a 20-pixel box centred in 28, then the jitter
    float ang = r->range(-0.25f, 0.25f), shear = r->range(-0.25f, 0.25f);
    float sx = 20.f * r->range(0.75f, 1.05f), sy = 20.f * r->range(0.8f, 1.05f);
    float tx = 14.f + r->range(-2.5f, 2.5f), ty = 14.f + r->range(-2.5f, 2.5f);
    float width = r->range(1.0f, 2.2f);
    float ca = cosf(ang), sa = sinf(ang);
    const glyph &g = glyphs[digit];
    pt seg[2][12];
    for (int s = 0; s < g.n; s++)
        for (int i = 0; i < g.s[s].n; i++) {
            float u = (g.s[s].p[i].x - 0.5f) * sx, v = (g.s[s].p[i].y - 0.5f) * sy;
            u += shear * v;
            seg[s][i] = pt{ tx + ca * u - sa * v, ty + sa * u + ca * v };
        }
    for (int y = 0; y < DIGIT_SIDE; y++)
        for (int x = 0; x < DIGIT_SIDE; x++) {
            float d = 1e9f;
            for (int s = 0; s < g.n; s++)
                for (int i = 0; i + 1 < g.s[s].n; i++)
                    d = fminf(d, seg_dist(x + 0.5f, y + 0.5f, seg[s][i], seg[s][i + 1]));
            float v = 0.5f * width + 0.5f - d + r->range(-0.15f, 0.15f);
            img[y * DIGIT_SIDE + x] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
}

} // namespace

void digits_make(digit_set *s, int n, uint64_t seed)
{
    rng r{ seed * 0x9E3779B97F4A7C15ULL + 7 };
    s->n = n;
    s->pixels.assign((size_t)n * DIGIT_PIXELS, 0.f);
    s->labels.assign((size_t)n, 0);
    for (int i = 0; i < n; i++)
        s->labels[(size_t)i] = i % 10;
    for (int i = n - 1; i > 0; i--) {   // Fisher-Yates
        int j = (int)(r.unit() * (float)(i + 1));
        j = j > i ? i : j;
        int t = s->labels[(size_t)i];
        s->labels[(size_t)i] = s->labels[(size_t)j];
        s->labels[(size_t)j] = t;
    }
    for (int i = 0; i < n; i++)
        render(&s->pixels[(size_t)i * DIGIT_PIXELS], s->labels[(size_t)i], &r);
}
