/* sim/exec/softfp.c — exact rounding core (see softfp.h).
 *
 * A finite value is sig * 2^exp with an integer significand. Operations
 * build the exact result in 128 bits; bits that do not fit are folded into
 * bit 0 ("jamming"), which is sound because every caller keeps at least two
 * bits between the rounding position and bit 0. round_pack() then rounds
 * once, handling subnormals, overflow and every mode.
 */
#include <string.h>
#include "isa/isa.h"
#include "sim/exec/softfp.h"

__extension__ typedef unsigned __int128 u128;

typedef struct sf_format {
    unsigned prec;    /* significand bits including the hidden one */
    unsigned total;   /* encoding width */
    int      bias;
} sf_format;

static const sf_format formats[] = {
    [MOD_F32]  = { 24, 32, 127 },
    [MOD_F64]  = { 53, 64, 1023 },
    [MOD_F16]  = { 11, 16, 15 },
    [MOD_BF16] = { 8, 16, 127 },
};

enum { SF_ZERO, SF_FINITE, SF_INF, SF_NAN };

typedef struct sf_num {
    int      cls;
    bool     sign;
    int32_t  exp;
    uint64_t sig;
} sf_num;

static const sf_format *fmt_of(unsigned fmt)
{
    return &formats[fmt < 4 ? fmt : MOD_F32];
}

static unsigned expbits(const sf_format *f) { return f->total - f->prec; }
static uint64_t sign_bit(const sf_format *f) { return 1ull << (f->total - 1); }

uint64_t sf_nan(unsigned fmt)
{
    const sf_format *f = fmt_of(fmt);
    return sign_bit(f) - 1;   /* 0x7fff, 0x7fffffff, 0x7fff...f: the GPU's canonical NaN */
}

static uint64_t inf_bits(const sf_format *f, bool sign)
{
    uint64_t e = ((1ull << expbits(f)) - 1) << (f->prec - 1);
    return e | (sign ? sign_bit(f) : 0);
}

static uint64_t max_bits(const sf_format *f, bool sign)
{
    return inf_bits(f, sign) - 1;
}

static uint64_t zero_bits(const sf_format *f, bool sign)
{
    return sign ? sign_bit(f) : 0;
}

static sf_num unpack(const sf_format *f, uint64_t a)
{
    sf_num n;
    unsigned fb = f->prec - 1;
    uint64_t emax = (1ull << expbits(f)) - 1;
    uint64_t e = (a >> fb) & emax;
    uint64_t frac = a & ((1ull << fb) - 1);
    n.sign = (a >> (f->total - 1)) & 1;
    if (e == emax) {
        n.cls = frac ? SF_NAN : SF_INF;
        n.exp = 0;
        n.sig = 0;
    } else if (e == 0) {
        n.cls = frac ? SF_FINITE : SF_ZERO;
        n.sig = frac;
        n.exp = 1 - f->bias - (int32_t)fb;
    } else {
        n.cls = SF_FINITE;
        n.sig = frac | (1ull << fb);
        n.exp = (int32_t)e - f->bias - (int32_t)fb;
    }
    return n;
}

bool sf_is_nan(unsigned fmt, uint64_t a)
{
    return unpack(fmt_of(fmt), a).cls == SF_NAN;
}

static unsigned bitlen128(u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64), lo = (uint64_t)v;
    if (hi)
        return 128 - (unsigned)__builtin_clzll(hi);
    return lo ? 64 - (unsigned)__builtin_clzll(lo) : 0;
}

/* v >> n with the lost bits folded into bit 0. */
static u128 shr_jam(u128 v, unsigned n)
{
    if (n == 0)
        return v;
    if (n >= 128)
        return v != 0;
    return (v >> n) | (u128)((v & (((u128)1 << n) - 1)) != 0);
}

/* Whether a value lying strictly between two representable neighbours
 * rounds up (away from zero) given the guard bit, sticky bits, lsb. */
static bool round_up(unsigned mode, bool sign, bool guard, bool sticky, bool lsb)
{
    switch (mode) {
    case MOD_RN: return guard && (sticky || lsb);
    case MOD_RZ: return false;
    case MOD_RM: return sign && (guard || sticky);
    default:     return !sign && (guard || sticky);   /* MOD_RP */
    }
}

static uint64_t overflow(const sf_format *f, unsigned mode, bool sign)
{
    bool to_inf = mode == MOD_RN || (mode == MOD_RM && sign) || (mode == MOD_RP && !sign);
    return to_inf ? inf_bits(f, sign) : max_bits(f, sign);
}

/* Rounds (-1)^sign * sig * 2^exp to the format. */
static uint64_t round_pack(const sf_format *f, unsigned mode, bool sign, int32_t exp, u128 sig)
{
    if (sig == 0)
        return zero_bits(f, sign);
    int32_t p = (int32_t)f->prec;
    int32_t emin = 1 - f->bias, emax = f->bias;
    int32_t msb = (int32_t)bitlen128(sig) - 1;
    int32_t e = exp + msb;                       /* exponent of the leading bit */
    if (e > emax)
        return overflow(f, mode, sign);
    /* position in sig of the result's last kept bit */
    int32_t lsb = msb - (p - 1) + (e < emin ? emin - e : 0);
    uint64_t mant;
    int32_t q;                                   /* exponent of mant's bit 0 */
    if (lsb <= 0) {
        mant = (uint64_t)sig << -lsb;            /* exact: fewer than p bits */
        q = exp + lsb;
    } else {
        bool guard = lsb - 1 < 128 && ((sig >> (lsb - 1)) & 1);
        bool sticky = lsb - 1 >= 128 ? sig != 0
                                     : (sig & (((u128)1 << (lsb - 1)) - 1)) != 0;
        mant = lsb >= 128 ? 0 : (uint64_t)(sig >> lsb);
        q = exp + lsb;
        if (round_up(mode, sign, guard, sticky, mant & 1))
            mant++;
    }
    if (mant >> p) {                             /* carried into a new bit */
        mant >>= 1;
        q++;
    }
    if (mant == 0)
        return zero_bits(f, sign);
    int32_t top = q + 63 - __builtin_clzll(mant);
    if (top > emax)
        return overflow(f, mode, sign);
    uint64_t s = sign ? sign_bit(f) : 0;
    if (mant < (1ull << (p - 1)))                /* subnormal: q == emin - (p - 1) */
        return s | mant;
    uint64_t biased = (uint64_t)(top + f->bias);
    return s | biased << (p - 1) | (mant & ((1ull << (p - 1)) - 1));
}

/* Sum of two exact nonzero values; fills the rounded result. */
static uint64_t add_exact(const sf_format *f, unsigned mode, bool sa, int32_t ea, u128 ma,
                          bool sb, int32_t eb, u128 mb)
{
    /* Put both leading bits at bit 125 (two bits of headroom), then align
     * the smaller to the larger. Bits shifted out are jammed; massive
     * cancellation only happens for a shift of 0 or 1, which is exact. */
    int32_t sh = 125 - ((int32_t)bitlen128(ma) - 1);
    ma <<= sh;
    ea -= sh;
    sh = 125 - ((int32_t)bitlen128(mb) - 1);
    mb <<= sh;
    eb -= sh;
    if (ea < eb) {
        u128 tm = ma; ma = mb; mb = tm;
        int32_t te = ea; ea = eb; eb = te;
        bool ts = sa; sa = sb; sb = ts;
    }
    uint32_t d = (uint32_t)(ea - eb);
    mb = shr_jam(mb, d > 200 ? 200 : d);
    if (sa == sb)
        return round_pack(f, mode, sa, ea, ma + mb);
    if (ma == mb)
        return zero_bits(f, mode == MOD_RM);
    if (ma > mb)
        return round_pack(f, mode, sa, ea, ma - mb);
    return round_pack(f, mode, sb, ea, mb - ma);
}

uint64_t sf_add(unsigned fmt, unsigned mode, uint64_t a, uint64_t b)
{
    const sf_format *f = fmt_of(fmt);
    sf_num x = unpack(f, a), y = unpack(f, b);
    if (x.cls == SF_NAN || y.cls == SF_NAN)
        return sf_nan(fmt);
    if (x.cls == SF_INF || y.cls == SF_INF) {
        if (x.cls == SF_INF && y.cls == SF_INF && x.sign != y.sign)
            return sf_nan(fmt);
        return inf_bits(f, x.cls == SF_INF ? x.sign : y.sign);
    }
    if (x.cls == SF_ZERO && y.cls == SF_ZERO)
        return zero_bits(f, x.sign == y.sign ? x.sign : mode == MOD_RM);
    if (x.cls == SF_ZERO)
        return round_pack(f, mode, y.sign, y.exp, y.sig);
    if (y.cls == SF_ZERO)
        return round_pack(f, mode, x.sign, x.exp, x.sig);
    return add_exact(f, mode, x.sign, x.exp, x.sig, y.sign, y.exp, y.sig);
}

uint64_t sf_mul(unsigned fmt, unsigned mode, uint64_t a, uint64_t b)
{
    const sf_format *f = fmt_of(fmt);
    sf_num x = unpack(f, a), y = unpack(f, b);
    bool s = x.sign ^ y.sign;
    if (x.cls == SF_NAN || y.cls == SF_NAN)
        return sf_nan(fmt);
    if (x.cls == SF_INF || y.cls == SF_INF) {
        if (x.cls == SF_ZERO || y.cls == SF_ZERO)
            return sf_nan(fmt);
        return inf_bits(f, s);
    }
    if (x.cls == SF_ZERO || y.cls == SF_ZERO)
        return zero_bits(f, s);
    return round_pack(f, mode, s, x.exp + y.exp, (u128)x.sig * y.sig);
}

uint64_t sf_fma(unsigned fmt, unsigned mode, uint64_t a, uint64_t b, uint64_t c)
{
    const sf_format *f = fmt_of(fmt);
    sf_num x = unpack(f, a), y = unpack(f, b), z = unpack(f, c);
    bool ps = x.sign ^ y.sign;
    if (x.cls == SF_NAN || y.cls == SF_NAN || z.cls == SF_NAN)
        return sf_nan(fmt);
    bool pinf = x.cls == SF_INF || y.cls == SF_INF;
    bool pzero = x.cls == SF_ZERO || y.cls == SF_ZERO;
    if (pinf && pzero)
        return sf_nan(fmt);
    if (pinf) {
        if (z.cls == SF_INF && z.sign != ps)
            return sf_nan(fmt);
        return inf_bits(f, ps);
    }
    if (z.cls == SF_INF)
        return inf_bits(f, z.sign);
    if (pzero) {
        if (z.cls == SF_ZERO)
            return zero_bits(f, ps == z.sign ? ps : mode == MOD_RM);
        return round_pack(f, mode, z.sign, z.exp, z.sig);
    }
    u128 prod = (u128)x.sig * y.sig;
    if (z.cls == SF_ZERO)
        return round_pack(f, mode, ps, x.exp + y.exp, prod);
    return add_exact(f, mode, ps, x.exp + y.exp, prod, z.sign, z.exp, z.sig);
}

/* Shifts a nonzero significand so its leading bit is bit 63. */
static void normalize64(sf_num *n)
{
    int sh = __builtin_clzll(n->sig);
    n->sig <<= sh;
    n->exp -= sh;
}

uint64_t sf_div(unsigned fmt, unsigned mode, uint64_t a, uint64_t b)
{
    const sf_format *f = fmt_of(fmt);
    sf_num x = unpack(f, a), y = unpack(f, b);
    bool s = x.sign ^ y.sign;
    if (x.cls == SF_NAN || y.cls == SF_NAN)
        return sf_nan(fmt);
    if (x.cls == SF_INF)
        return y.cls == SF_INF ? sf_nan(fmt) : inf_bits(f, s);
    if (y.cls == SF_INF)
        return zero_bits(f, s);
    if (y.cls == SF_ZERO)
        return x.cls == SF_ZERO ? sf_nan(fmt) : inf_bits(f, s);
    if (x.cls == SF_ZERO)
        return zero_bits(f, s);
    normalize64(&x);
    normalize64(&y);
    /* (x.sig * 2^64) / y.sig has 64 or 65 bits: ample guard bits. */
    u128 num = (u128)x.sig << 64;
    u128 q = num / y.sig;
    u128 r = num % y.sig;
    return round_pack(f, mode, s, x.exp - y.exp - 64, q | (u128)(r != 0));
}

/* floor(sqrt(v)) and whether it is inexact, digit by digit. */
static u128 isqrt128(u128 v, bool *inexact)
{
    u128 res = 0, bit = (u128)1 << 126;
    while (bit > v)
        bit >>= 2;
    while (bit != 0) {
        if (v >= res + bit) {
            v -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    *inexact = v != 0;
    return res;
}

uint64_t sf_sqrt(unsigned fmt, unsigned mode, uint64_t a)
{
    const sf_format *f = fmt_of(fmt);
    sf_num x = unpack(f, a);
    if (x.cls == SF_NAN || (x.sign && x.cls != SF_ZERO))
        return sf_nan(fmt);
    if (x.cls != SF_FINITE)
        return a;   /* +-0, +inf */
    normalize64(&x);
    /* sig * 2^exp = (sig << s) * 2^(exp - s) with exp - s even; the shifted
     * value has 127 or 128 bits, so its root has 64. */
    int32_t s = ((x.exp - 64) & 1) ? 63 : 64;
    bool inexact;
    u128 r = isqrt128((u128)x.sig << s, &inexact);
    /* r has 64 bits, so bit 0 lies well below the rounding position */
    return round_pack(f, mode, false, (x.exp - s) / 2, r | (u128)inexact);
}

uint64_t sf_convert(unsigned dst, unsigned mode, unsigned src, uint64_t a)
{
    const sf_format *fd = fmt_of(dst);
    sf_num x = unpack(fmt_of(src), a);
    switch (x.cls) {
    case SF_NAN:  return sf_nan(dst);
    case SF_INF:  return inf_bits(fd, x.sign);
    case SF_ZERO: return zero_bits(fd, x.sign);
    default:      return round_pack(fd, mode, x.sign, x.exp, x.sig);
    }
}

uint64_t sf_from_int(unsigned fmt, unsigned mode, bool neg, uint64_t mag)
{
    return round_pack(fmt_of(fmt), mode, neg && mag != 0, 0, mag);
}

/* |value| rounded to an integer by irnd; *big when it does not fit 64 bits. */
static uint64_t round_mag(sf_num x, unsigned irnd, bool *big)
{
    *big = false;
    if (x.cls == SF_ZERO)
        return 0;
    if (x.exp >= 0) {
        int32_t len = 64 - __builtin_clzll(x.sig);
        if (len + x.exp > 64) {
            *big = true;
            return UINT64_MAX;
        }
        return x.sig << x.exp;
    }
    uint32_t sh = (uint32_t)-x.exp;
    u128 v = (u128)x.sig;
    uint64_t q = sh >= 64 ? 0 : x.sig >> sh;
    bool guard = sh <= 64 && sh >= 1 && ((v >> (sh - 1)) & 1);
    bool sticky = sh > 64 ? v != 0 : sh >= 2 && (v & (((u128)1 << (sh - 1)) - 1)) != 0;
    /* IRND values follow RND (nearest even, zero, down, up) */
    if (round_up(irnd, x.sign, guard, sticky, q & 1))
        q++;
    return q;
}

uint64_t sf_to_int(unsigned fmt, unsigned irnd, uint64_t a, unsigned bits, bool sgn)
{
    sf_num x = unpack(fmt_of(fmt), a);
    uint64_t mask = bits >= 64 ? UINT64_MAX : (1ull << bits) - 1;
    uint64_t smax = mask >> 1, umax = mask;
    if (x.cls == SF_NAN)
        return 0;
    bool big = x.cls == SF_INF;
    uint64_t mag = big ? UINT64_MAX : round_mag(x, irnd, &big);
    if (sgn) {
        if (!x.sign)
            return big || mag > smax ? smax : mag;
        if (big || mag > smax + 1)
            return (smax + 1) & mask;                 /* most negative */
        return (0 - mag) & mask;
    }
    if (x.sign)
        return 0;
    return big || mag > umax ? umax : mag;
}

uint64_t sf_round_int(unsigned fmt, unsigned irnd, uint64_t a)
{
    const sf_format *f = fmt_of(fmt);
    sf_num x = unpack(f, a);
    if (x.cls == SF_NAN)
        return sf_nan(fmt);
    if (x.cls != SF_FINITE || x.exp >= 0)
        return a;   /* zero, infinity, or already integral */
    bool big;
    uint64_t q = round_mag(x, irnd, &big);
    return round_pack(f, MOD_RN, x.sign, 0, q);   /* exact: q has fewer bits than the input */
}

double sf_to_double(unsigned fmt, uint64_t a)
{
    if (fmt == MOD_F64) {
        double d;
        memcpy(&d, &a, 8);
        return d;
    }
    uint64_t b = sf_convert(MOD_F64, MOD_RN, fmt, a);
    double d;
    memcpy(&d, &b, 8);
    return d;
}
