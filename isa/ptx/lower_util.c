/* isa/ptx/lower_util.c — errors, growable arrays and virtual registers
 * shared by the lowering passes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

static bool lw_failv(lw_fn *f, ptx_status kind, uint32_t line, const char *fmt, va_list ap)
{
    if (f->status != NULL)
        *f->status = kind;
    if (f->errlen == 0)
        return false;
    const char *file = f->m->filename != NULL ? f->m->filename : "<ptx>";
    int n = snprintf(f->err, f->errlen, "%s:%u: ", file, (unsigned)line);
    if (n < 0 || (size_t)n >= f->errlen)
        return false;
    vsnprintf(f->err + n, f->errlen - (size_t)n, fmt, ap);
    return false;
}

bool lw_fail(lw_fn *f, uint32_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lw_failv(f, PTX_ERR_INVALID, line, fmt, ap);
    va_end(ap);
    return false;
}

bool lw_fail_unsupported(lw_fn *f, uint32_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lw_failv(f, PTX_ERR_UNSUPPORTED, line, fmt, ap);
    va_end(ap);
    return false;
}

bool lw_fail_limit(lw_fn *f, uint32_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lw_failv(f, PTX_ERR_LIMIT, line, fmt, ap);
    va_end(ap);
    return false;
}

const char *lw_insn_name(const ptx_insn *in, char *buf, size_t len)
{
    size_t pos = 0;
    int n = snprintf(buf, len, "%s", in->opcode != NULL ? in->opcode : "?");
    pos = n > 0 ? (size_t)n : 0;
    for (unsigned i = 0; i < in->nmods && pos < len; i++) {
        n = snprintf(buf + pos, len - pos, ".%s", in->mods[i]);
        pos += n > 0 ? (size_t)n : 0;
    }
    return buf;
}

bool lw_unsupported(lw_fn *f)
{
    char name[160];
    return lw_fail_unsupported(f, f->ci->line, "'%s' is not supported yet",
                   lw_insn_name(f->ci, name, sizeof name));
}

/* Grows *arr (elements of `elem` bytes, capacity *cap) to hold `need`. */
bool lw_grow(lw_fn *f, void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    uint32_t ncap = *cap != 0 ? *cap : 16;
    while (ncap < need) {
        if (ncap > UINT32_MAX / 2)
            return lw_fail(f, f->fn->line, "function '%s' is too large", f->fn->name);
        ncap *= 2;
    }
    void *p = realloc(*arr, (size_t)ncap * elem);
    if (p == NULL)
        return lw_fail(f, f->fn->line, "out of memory lowering '%s'", f->fn->name);
    *arr = p;
    *cap = ncap;
    return true;
}

uint32_t lw_new_vreg(lw_fn *f, lw_cls cls, unsigned words)
{
    if (!lw_grow(f, (void **)&f->vregs, &f->vcap, f->nvregs + 1, sizeof *f->vregs))
        return 0;
    uint32_t v = f->nvregs++;
    f->vregs[v].cls = (uint8_t)cls;
    f->vregs[v].words = (uint8_t)words;
    f->vregs[v].temp = 0;
    return v;
}

uint32_t lw_align_up(uint32_t v, uint32_t a)
{
    if (a <= 1)
        return v;
    return (v + a - 1) / a * a;
}
