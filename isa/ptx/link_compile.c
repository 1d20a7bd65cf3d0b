/* isa/ptx/link_compile.c — parse several PTX texts, link, lower. */
#include <stdio.h>
#include <stdlib.h>
#include "isa/ptx/link.h"
#include "isa/ptx/lower.h"

isa_module *ptx_link_compile(const char *const *texts, const size_t *lens,
                             const char *const *names, size_t n, char *err, size_t errlen,
                             ptx_status *status)
{
    isa_module *out = NULL;
    ptx_module **mods = calloc(n ? n : 1, sizeof *mods);
    if (!mods) {
        snprintf(err, errlen, "link: out of memory");
        if (status)
            *status = PTX_ERR_LIMIT;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        mods[i] = ptx_parse_ex(texts[i], lens[i], names[i], err, errlen, status);
        if (!mods[i]) {
            for (size_t j = 0; j < i; j++)
                ptx_module_free(mods[j]);
            goto out;
        }
    }
    ptx_module *linked = ptx_link(mods, n, err, errlen, status);
    if (linked) {
        out = ptx_lower_ex(linked, err, errlen, status);
        ptx_module_free(linked);
    }
out:
    free(mods);
    return out;
}
