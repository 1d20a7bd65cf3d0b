/* sim/printf.c — device printf: walks the format read from device memory,
 * fetches each argument from the argument buffer (C default promotions,
 * each aligned to its own size) and formats it with the host's snprintf,
 * as CUDA itself does on the host. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/builtins.h"

bool sim_text_put(sim_text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 128;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->s, cap);
        if (p == NULL)
            return false;
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
    return true;
}

void sim_text_free(sim_text *t)
{
    free(t->s);
    memset(t, 0, sizeof *t);
}

static void fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

int sim_devstr(const sim_devread *rd, uint64_t addr, sim_text *t, char *err, size_t errlen)
{
    char buf[64];
    size_t n = 0;
    for (uint64_t p = addr;; p++) {
        if (p - addr >= SIM_DEVSTR_MAX) {
            fail(err, errlen, "the string at 0x%llx has no NUL in its first %u bytes",
                 (unsigned long long)addr, SIM_DEVSTR_MAX);
            return -1;
        }
        char c;
        if (!rd->read(rd->ctx, p, &c, 1)) {
            fail(err, errlen, "the string at 0x%llx cannot be read at byte %llu",
                 (unsigned long long)addr, (unsigned long long)(p - addr));
            return -1;
        }
        if (c == '\0' || n == sizeof buf) {
            if (!sim_text_put(t, buf, n)) {
                fail(err, errlen, "out of host memory");
                return -1;
            }
            n = 0;
        }
        if (c == '\0')
            return 0;
        buf[n++] = c;
    }
}

/* One conversion specification, parsed. */
typedef struct spec {
    char flags[8];
    int  width, prec;        /* -1: absent */
    bool star_w, star_p;
    int  len;                /* 0 none, 'H' hh, 'h', 'l' (l ll z j t q L) */
    char conv;
} spec;

/* Walks "%[flags][width][.prec][len]conv" at f (just past the '%'). */
static const char *parse_spec(const char *f, spec *s)
{
    memset(s, 0, sizeof *s);
    s->width = s->prec = -1;
    size_t nf = 0;
    while (*f && strchr("-+ #0'", *f)) {
        if (nf + 1 < sizeof s->flags)
            s->flags[nf++] = *f;
        f++;
    }
    if (*f == '*') {
        s->star_w = true;
        f++;
    } else if (*f >= '0' && *f <= '9') {
        s->width = 0;
        for (; *f >= '0' && *f <= '9'; f++)
            s->width = s->width < 100000 ? s->width * 10 + (*f - '0') : s->width;
    }
    if (*f == '.') {
        f++;
        s->prec = 0;
        if (*f == '*') {
            s->star_p = true;
            f++;
        } else {
            for (; *f >= '0' && *f <= '9'; f++)
                s->prec = s->prec < 100000 ? s->prec * 10 + (*f - '0') : s->prec;
        }
    }
    if (f[0] == 'h' && f[1] == 'h') {
        s->len = 'H';
        f += 2;
    } else if (*f == 'h') {
        s->len = 'h';
        f++;
    } else if (f[0] == 'l' && f[1] == 'l') {
        s->len = 'l';
        f += 2;
    } else if (*f && strchr("lzjtqL", *f)) {
        s->len = *f == 'L' ? 'L' : 'l';
        f++;
    }
    s->conv = *f;
    return *f ? f + 1 : f;
}

/* The argument cursor. */
typedef struct args {
    const sim_devread *rd;
    uint64_t base, off;
    int      n;
} args;

static bool fetch(args *a, unsigned size, uint64_t *v, char *err, size_t errlen)
{
    if (a->base == 0) {
        fail(err, errlen, "the format converts an argument but no argument buffer was passed");
        return false;
    }
    a->off = (a->off + size - 1) / size * size;
    uint32_t w = 0;
    bool ok = size == 8 ? a->rd->read(a->rd->ctx, a->base + a->off, v, 8)
                        : a->rd->read(a->rd->ctx, a->base + a->off, &w, 4);
    if (!ok) {
        fail(err, errlen, "argument %d at offset %llu of the argument buffer 0x%llx cannot be read",
             a->n + 1, (unsigned long long)a->off, (unsigned long long)a->base);
        return false;
    }
    if (size == 4)
        *v = w;
    a->off += size;
    a->n++;
    return true;
}

/* snprintf into t. */
static bool put_fmt(sim_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool put_fmt(sim_text *t, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    bool ok = false;
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf != NULL) {
        vsnprintf(buf, (size_t)n + 1, fmt, ap2);
        ok = sim_text_put(t, buf, (size_t)n);
    }
    va_end(ap2);
    free(buf);
    return ok;
}

/* "%<flags>*.*<len><conv>" for the host; width/precision passed as ints. */
static void host_spec(const spec *s, const char *len, char *out, size_t n)
{
    snprintf(out, n, "%%%s*.*%s%c", s->flags, len, s->conv);
}

static bool convert(const spec *s, args *a, sim_text *out, char *err, size_t errlen)
{
    uint64_t v = 0;
    int width = s->width, prec = s->prec;
    if (s->star_w) {
        if (!fetch(a, 4, &v, err, errlen))
            return false;
        width = (int)(int32_t)v;
    }
    if (s->star_p) {
        if (!fetch(a, 4, &v, err, errlen))
            return false;
        prec = (int)(int32_t)v;
    }
    char hf[32];
    bool wide = s->len == 'l' || s->len == 'L';
    switch (s->conv) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'c': {
        if (!fetch(a, wide && s->conv != 'c' ? 8 : 4, &v, err, errlen))
            return false;
        bool sgn = s->conv == 'd' || s->conv == 'i';
        if (s->conv == 'c') {
            host_spec(s, "", hf, sizeof hf);
            return put_fmt(out, hf, width, prec, (int)(int32_t)v);
        }
        if (!wide) {
            /* h / hh narrow the promoted int, as the C library would */
            if (s->len == 'h')
                v = sgn ? (uint64_t)(int64_t)(int16_t)v : (uint16_t)v;
            else if (s->len == 'H')
                v = sgn ? (uint64_t)(int64_t)(int8_t)v : (uint8_t)v;
            else
                v = sgn ? (uint64_t)(int64_t)(int32_t)v : (uint32_t)v;
        }
        host_spec(s, "ll", hf, sizeof hf);
        if (sgn)
            return put_fmt(out, hf, width, prec, (long long)(int64_t)v);
        return put_fmt(out, hf, width, prec, (unsigned long long)v);
    }
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
        if (!fetch(a, 8, &v, err, errlen))
            return false;
        double d;
        memcpy(&d, &v, 8);
        host_spec(s, "", hf, sizeof hf);
        return put_fmt(out, hf, width, prec, d);
    }
    case 'p':
        if (!fetch(a, 8, &v, err, errlen))
            return false;
        host_spec(s, "", hf, sizeof hf);
        return put_fmt(out, hf, width, prec, (void *)(uintptr_t)v);
    case 's': {
        if (!fetch(a, 8, &v, err, errlen))
            return false;
        sim_text str = { 0 };
        bool ok = v == 0 ? sim_text_put(&str, "(null)", 6)
                         : sim_devstr(a->rd, v, &str, err, errlen) == 0;
        if (ok) {
            host_spec(s, "", hf, sizeof hf);
            ok = put_fmt(out, hf, width, prec, str.s != NULL ? str.s : "");
        }
        sim_text_free(&str);
        return ok;
    }
    default:
        fail(err, errlen, "the conversion '%%%c' is not supported yet", s->conv ? s->conv : ' ');
        return false;
    }
}

int sim_printf_format(const sim_devread *rd, uint64_t fmt, uint64_t argbuf, sim_text *out,
                      char *err, size_t errlen)
{
    if (fmt == 0)
        return -1;
    sim_text f = { 0 };
    int ret = -2;
    if (sim_devstr(rd, fmt, &f, err, errlen) < 0)
        goto out;
    args a = { rd, argbuf, 0, 0 };
    const char *p = f.s != NULL ? f.s : "";
    while (*p) {
        const char *pct = strchr(p, '%');
        size_t lit = pct != NULL ? (size_t)(pct - p) : strlen(p);
        if (!sim_text_put(out, p, lit))
            goto oom;
        p += lit;
        if (*p == '\0')
            break;
        if (p[1] == '%') {
            if (!sim_text_put(out, "%", 1))
                goto oom;
            p += 2;
            continue;
        }
        if (a.n >= SIM_PRINTF_MAX_ARGS) {
            /* past the argument limit the format is printed as it is */
            if (!sim_text_put(out, p, strlen(p)))
                goto oom;
            break;
        }
        spec s;
        const char *next = parse_spec(p + 1, &s);
        if (s.conv == '\0') {
            if (!sim_text_put(out, p, strlen(p)))
                goto oom;
            break;
        }
        if (!convert(&s, &a, out, err, errlen))
            goto out;
        p = next;
    }
    ret = a.n;
    goto out;
oom:
    fail(err, errlen, "out of host memory formatting printf output");
out:
    sim_text_free(&f);
    return ret;
}
