/* runtime/params.c — kernel arguments into constant bank 0. The host stub
 * passes one pointer per parameter (args[i] -> the argument's host copy);
 * offsets and sizes come from the lowered kernel's PTX parameter list. */
#include "runtime/internal.h"

#include <string.h>

bool rt_pack_params(const isa_kernel *k, void *const *args, uint8_t *bank0, size_t size,
                    char *err, size_t errlen)
{
    if (k->param_size > size) {
        snprintf(err, errlen, "kernel %s has %u bytes of parameters, buffer holds %zu", k->name,
                 k->param_size, size);
        return false;
    }
    memset(bank0, 0, k->param_size);
    if (k->nparams > 0 && !args) {
        snprintf(err, errlen, "kernel %s takes %u parameters but the argument array is NULL",
                 k->name, k->nparams);
        return false;
    }
    for (uint32_t i = 0; i < k->nparams; i++) {
        const isa_param *p = &k->params[i];
        if (p->offset > k->param_size || k->param_size - p->offset < p->size) {
            snprintf(err, errlen, "parameter %u (%s) of kernel %s: %u bytes at offset %u exceed "
                     "the %u-byte parameter block", i, p->name ? p->name : "?", k->name, p->size,
                     p->offset, k->param_size);
            return false;
        }
        if (!args[i]) {
            snprintf(err, errlen, "argument %u (%s) of kernel %s is a NULL pointer", i,
                     p->name ? p->name : "?", k->name);
            return false;
        }
        memcpy(bank0 + p->offset, args[i], p->size);
    }
    return true;
}
