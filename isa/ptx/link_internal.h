/* isa/ptx/link_internal.h — state shared by link*.c (private). */
#ifndef COBALT_PTX_LINK_INTERNAL_H
#define COBALT_PTX_LINK_INTERNAL_H

#include <stdint.h>
#include "isa/ptx/arena.h"
#include "isa/ptx/link.h"

typedef struct lk_def {      /* a program-wide (.visible/.weak/.common) definition */
    const char *name;
    uint8_t     is_func, weak;
    uint32_t    mod, index;  /* the chosen one: input module, its func/var index */
    uint32_t    out;         /* index in the output table */
} lk_def;

typedef struct lk {
    ptx_module *const *in;
    size_t      n;
    arena      *a;           /* the output's arena */
    avec        defs;        /* lk_def */
    uint32_t  **fmap, **vmap;/* per module: input func/var index -> output index */
    avec        funcs, vars; /* ptx_func, ptx_var: the output tables */
    char       *err;
    size_t      errlen;
} lk;

int lk_fail(lk *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* link_remap.c: rewrites the symbol operands and initializer addresses of
 * every output function and variable to output indices and names. */
int lk_remap(lk *l);

#endif
