/* sim/exec/tex_sample.c — texture sampling as the CUDA Programming Guide's
 * "Texture Fetching" appendix describes it: coordinates scaled by the size
 * when normalized, the address mode applied per dimension to each texel
 * index (wrap and mirror only with normalized coordinates, otherwise clamp;
 * border reads the border colour), point filtering at floor(x), linear
 * filtering between floor(x - 0.5) and the next texel with the weight in
 * 9-bit fixed point (8 fractional bits, rounded to nearest).
 *
 * Channels convert by the read mode: f32/f16 channels to f32, 8/16-bit
 * integer channels to [0,1] / [-1,1] with cudaReadModeNormalizedFloat,
 * integer channels extended by signedness for s32/u32 results. A channel
 * the format lacks reads 0, its alpha 1 (the Direct3D convention NVIDIA
 * texture units follow). */
#include <math.h>
#include <stdio.h>
#include "sim/exec/tex.h"
#include "sim/exec/fpu.h"

/* Texel index i of a dimension of n texels after the address mode; false
 * when it falls on the border. */
static bool tex_index(unsigned mode, bool norm, int64_t i, uint64_t n, uint64_t *out)
{
    int64_t sn = (int64_t)n;
    if (!norm && (mode == TEX_AM_WRAP || mode == TEX_AM_MIRROR))
        mode = TEX_AM_CLAMP;
    if (i >= 0 && i < sn) {
        *out = (uint64_t)i;
        return true;
    }
    switch (mode) {
    case TEX_AM_WRAP: {
        int64_t m = i % sn;
        *out = (uint64_t)(m < 0 ? m + sn : m);
        return true;
    }
    case TEX_AM_MIRROR: {
        int64_t p = 2 * sn, m = i % p;
        if (m < 0)
            m += p;
        *out = (uint64_t)(m < sn ? m : p - 1 - m);
        return true;
    }
    case TEX_AM_BORDER:
        return false;
    default:
        *out = i < 0 ? 0 : n - 1;
        return true;
    }
}

/* The raw channel words of the element at (i, j, k). */
static bool texel_raw(tex_lane *t, const uint64_t ix[3], uint32_t raw[4], sim_step *st)
{
    const sim_texdesc *d = &t->d;
    uint64_t addr = d->data + ix[0] * d->elem_size + ix[1] * d->pitch + ix[2] * d->slice_pitch;
    uint8_t buf[16];
    if (d->elem_size == 0 || d->elem_size > 16) {
        char why[128];
        snprintf(why, sizeof why, "texture object: element size %u (1..16 bytes)", d->elem_size);
        *st = tex_fault(t, why);
        return false;
    }
    if (!tex_gread(t, addr, d->elem_size, buf, st))
        return false;
    if (t->first == 0)
        t->first = addr;
    unsigned off = 0;
    for (unsigned c = 0; c < 4; c++) {
        unsigned nb = c < d->nchan ? d->chan_bits[c] / 8u : 0;
        uint32_t v = 0;
        if (off + nb > d->elem_size)
            nb = 0;
        memcpy(&v, buf + off, nb);   /* little-endian, like the device */
        raw[c] = v;
        off += nb;
    }
    return true;
}

static float chan_float(const sim_texdesc *d, unsigned c, uint32_t v)
{
    unsigned bits = c < d->nchan ? d->chan_bits[c] : 0;
    if (bits == 0)
        return c == 3 ? 1.0f : 0.0f;
    if (d->fmt == SIM_TEXF_FLOAT)
        return f32_of(bits == 16 ? f16_to_f32_bits(v) : v);
    if ((d->flags & SIM_TEXD_NORMFLOAT) && bits <= 16) {
        if (d->fmt == SIM_TEXF_UNSIGNED)
            return (float)v / (float)((1u << bits) - 1);
        int32_t s = (int32_t)ext_bits(v, bits, true);
        float r = (float)s / (float)((1u << (bits - 1)) - 1);
        return r < -1.0f ? -1.0f : r;
    }
    return f32_of(v);   /* integer texels read as f32: the bits, as the register holds them */
}

static uint32_t chan_int(const sim_texdesc *d, unsigned c, uint32_t v)
{
    unsigned bits = c < d->nchan ? d->chan_bits[c] : 0;
    if (bits == 0)
        return c == 3 ? 1 : 0;
    if (d->fmt == SIM_TEXF_SIGNED)
        return (uint32_t)ext_bits(v, bits, true);
    if (d->fmt == SIM_TEXF_FLOAT && bits == 16)
        return f16_to_f32_bits(v);
    return v;
}

/* A border colour component as an s32/u32 result: truncated, saturated,
 * NaN 0 (the float-to-int conversion itself would be undefined). */
static uint32_t border_int(float f)
{
    if (f != f)
        return 0;
    if (f >= 2147483647.0f)
        return 0x7fffffffu;
    if (f <= -2147483648.0f)
        return 0x80000000u;
    return (uint32_t)(int32_t)f;
}

/* The four result words of one texel (border: the border colour). */
static bool texel4(tex_lane *t, const int64_t i[3], unsigned dims, bool norm, unsigned rt,
                   float f[4], uint32_t w[4], sim_step *st)
{
    const sim_texdesc *d = &t->d;
    const uint64_t n[3] = { d->width, d->height, d->depth };
    uint64_t ix[3] = { 0, 0, 0 };
    bool border = false;
    for (unsigned k = 0; k < dims; k++)
        if (!tex_index(d->addr_mode[k], norm, i[k], n[k], &ix[k]))
            border = true;
    if (t->layered)   /* the layer index is clamped, never filtered or wrapped */
        ix[dims] = t->layer < 0 ? 0 : (uint64_t)t->layer >= n[dims] ? n[dims] - 1
                                                                     : (uint64_t)t->layer;
    if (border) {
        for (unsigned c = 0; c < 4; c++) {
            f[c] = d->border[c];
            w[c] = rt == TEX_RT_F32 ? bits_f32(d->border[c]) : border_int(d->border[c]);
        }
        return true;
    }
    uint32_t raw[4];
    if (!texel_raw(t, ix, raw, st))
        return false;
    for (unsigned c = 0; c < 4; c++) {
        f[c] = chan_float(d, c, raw[c]);
        w[c] = rt == TEX_RT_F32 ? bits_f32(f[c]) : chan_int(d, c, raw[c]);
    }
    return true;
}

/* floor of a coordinate as a texel index, saturated (NaN reads texel 0). */
static int64_t coord_floor(float x)
{
    if (x != x)
        return 0;
    double fl = floor((double)x);
    return fl < -1e12 ? (int64_t)-1e12 : fl > 1e12 ? (int64_t)1e12 : (int64_t)fl;
}

/* The linear-filter weight of coordinate xb: frac(xb) in 9-bit fixed point. */
static float weight9(float xb, int64_t *i0)
{
    *i0 = coord_floor(xb);
    if (!isfinite(xb))
        return 0.0f;
    double fr = (double)xb - floor((double)xb);
    return (float)(floor(fr * 256.0 + 0.5) / 256.0);
}

bool tex_sample(tex_lane *t, unsigned dims, unsigned rt, unsigned ct, const uint32_t c[3],
                uint32_t out[4], sim_step *st)
{
    const sim_texdesc *d = &t->d;
    bool norm = (d->flags & SIM_TEXD_NORMCOORDS) != 0;
    const uint64_t n[3] = { d->width, d->height, d->depth };
    int64_t i[3] = { 0, 0, 0 };
    float f[4];
    if (ct == TEX_CT_S32) {
        /* an element fetch: no filtering, no normalization; linear memory
         * (tex1Dfetch) reads 0 outside the buffer */
        for (unsigned k = 0; k < dims; k++)
            i[k] = (int32_t)c[k];
        if (d->kind == SIM_TEX_LINEAR && (i[0] < 0 || (uint64_t)i[0] >= d->width)) {
            memset(out, 0, 4 * sizeof out[0]);
            return true;
        }
        return texel4(t, i, dims, false, rt, f, out, st);
    }
    float x[3] = { 0, 0, 0 };
    for (unsigned k = 0; k < dims; k++)
        x[k] = norm ? f32_of(c[k]) * (float)n[k] : f32_of(c[k]);
    if (!(d->flags & SIM_TEXD_LINEAR)) {
        for (unsigned k = 0; k < dims; k++)
            i[k] = coord_floor(x[k]);
        return texel4(t, i, dims, norm, rt, f, out, st);
    }
    if (rt != TEX_RT_F32)
        return (*st = tex_fault(t, "linear filtering of a texture read as s32/u32 (only float "
                                   "results are filtered)")), false;
    bool fp = d->fmt == SIM_TEXF_FLOAT || (d->flags & SIM_TEXD_NORMFLOAT);
    if (!fp)
        return (*st = tex_fault(t, "linear filtering of integer texels without "
                                   "cudaReadModeNormalizedFloat")), false;
    float a[3] = { 0, 0, 0 };
    int64_t i0[3] = { 0, 0, 0 };
    for (unsigned k = 0; k < dims; k++)
        a[k] = weight9(x[k] - 0.5f, &i0[k]);
    float acc[4] = { 0, 0, 0, 0 };
    for (unsigned corner = 0; corner < (1u << dims); corner++) {
        float wgt = 1.0f;
        for (unsigned k = 0; k < dims; k++) {
            unsigned hi = (corner >> k) & 1;
            i[k] = i0[k] + hi;
            wgt *= hi ? a[k] : 1.0f - a[k];
        }
        uint32_t w[4];
        if (!texel4(t, i, dims, norm, rt, f, w, st))
            return false;
        for (unsigned ch = 0; ch < 4; ch++)
            acc[ch] += wgt * f[ch];
    }
    for (unsigned ch = 0; ch < 4; ch++)
        out[ch] = bits_f32(acc[ch]);
    return true;
}

bool tex_gather(tex_lane *t, unsigned comp, unsigned rt, const uint32_t c[2], uint32_t out[4],
                sim_step *st)
{
    const sim_texdesc *d = &t->d;
    bool norm = (d->flags & SIM_TEXD_NORMCOORDS) != 0;
    int64_t i0[2];
    for (unsigned k = 0; k < 2; k++) {
        float x = f32_of(c[k]) * (norm ? (float)(k ? d->height : d->width) : 1.0f);
        (void)weight9(x - 0.5f, &i0[k]);
    }
    static const uint8_t di[4] = { 0, 1, 1, 0 }, dj[4] = { 1, 1, 0, 0 };
    for (unsigned q = 0; q < 4; q++) {
        int64_t i[3] = { i0[0] + di[q], i0[1] + dj[q], 0 };
        float f[4];
        uint32_t w[4];
        if (!texel4(t, i, 2, norm, rt, f, w, st))
            return false;
        out[q] = w[comp];
    }
    return true;
}
