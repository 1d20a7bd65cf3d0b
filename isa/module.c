/* isa/module.c — ownership and lookups of a lowered isa_module.
 *
 * A module and everything it points to is heap-allocated by its producer
 * (ptx_lower); isa_module_free releases all of it, the struct included. */
#include <stdlib.h>
#include <string.h>
#include "isa/module.h"

static void kernel_free(isa_kernel *k)
{
    free(k->name);
    free(k->code);
    free(k->ptx_line);
    if (k->params != NULL)
        for (uint32_t i = 0; i < k->nparams; i++)
            free(k->params[i].name);
    free(k->params);
    free(k->fn_table);
}

void isa_module_free(isa_module *m)
{
    if (m == NULL)
        return;
    if (m->kernels != NULL)
        for (uint32_t i = 0; i < m->nkernels; i++)
            kernel_free(&m->kernels[i]);
    free(m->kernels);
    if (m->symbols != NULL)
        for (uint32_t i = 0; i < m->nsymbols; i++) {
            free(m->symbols[i].name);
            free(m->symbols[i].init);
            free(m->symbols[i].relocs);
        }
    free(m->symbols);
    free(m);
}

const isa_kernel *isa_module_find_kernel(const isa_module *m, const char *name)
{
    if (m == NULL || name == NULL)
        return NULL;
    for (uint32_t i = 0; i < m->nkernels; i++)
        if (m->kernels[i].name != NULL && strcmp(m->kernels[i].name, name) == 0)
            return &m->kernels[i];
    return NULL;
}

const isa_symbol *isa_module_find_symbol(const isa_module *m, const char *name)
{
    if (m == NULL || name == NULL)
        return NULL;
    for (uint32_t i = 0; i < m->nsymbols; i++)
        if (m->symbols[i].name != NULL && strcmp(m->symbols[i].name, name) == 0)
            return &m->symbols[i];
    return NULL;
}
