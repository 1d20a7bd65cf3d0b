/* isa/ptx/lower_print.c — the listing `cobalt ptx` prints and the golden
 * files pin: module symbols, then per kernel a header with its resources,
 * its parameters and one decoded instruction per line with its PTX line. */
#include <stdio.h>
#include "isa/ptx/lower.h"

static void print_symbols(FILE *out, const isa_module *m)
{
    for (uint32_t i = 0; i < m->nsymbols; i++) {
        const isa_symbol *s = &m->symbols[i];
        bool is_const = s->space == ISA_SPACE_CONST;
        fprintf(out, "%s%s%s %s  // %u B, align %u, %s 0x%x%s\n",
                s->is_extern ? ".extern " : "", s->is_visible ? ".visible " : "",
                is_const ? ".const" : ".global", s->name, (unsigned)s->size,
                (unsigned)s->align, is_const ? "c[0x1] offset" : "address in c[0x2] slot",
                (unsigned)s->offset, s->init != NULL ? ", initialised" : "");
    }
    if (m->nsymbols > 0)
        fprintf(out, "\n");
}

static void print_kernel(FILE *out, const isa_kernel *k)
{
    fprintf(out, ".kernel %s  // %u registers, %u predicates, %u B shared, %u B local, %u B params\n",
            k->name, (unsigned)k->nregs, (unsigned)k->npreds, (unsigned)k->shared_size,
            (unsigned)k->local_size, (unsigned)k->param_size);
    if (k->spill_stores != 0 || k->spill_loads != 0)   /* like ptxas -v */
        fprintf(out, "    // spill: %u B slots, %u bytes spill stores, %u bytes spill loads\n",
                (unsigned)k->spill_size, (unsigned)k->spill_stores, (unsigned)k->spill_loads);
    if (k->maxntid != 0)
        fprintf(out, "    .maxntid %u\n", (unsigned)k->maxntid);
    if (k->reqntid[0] != 0)
        fprintf(out, "    .reqntid %u, %u, %u\n", (unsigned)k->reqntid[0],
                (unsigned)k->reqntid[1], (unsigned)k->reqntid[2]);
    for (uint32_t i = 0; i < k->nparams; i++)
        fprintf(out, "    .param %s  // c[0x0][0x%x], %u B, align %u\n", k->params[i].name,
                (unsigned)k->params[i].offset, (unsigned)k->params[i].size,
                (unsigned)k->params[i].align);
    for (uint32_t i = 0; i < k->nfn_table; i++)   /* function id -> entry, for CALLR */
        fprintf(out, "    .fnid 0x%08x%08x -> /*%04u*/\n", ISA_FUNC_ID_HI,
                (unsigned)k->fn_table[i].id, (unsigned)k->fn_table[i].pc);
    for (uint32_t i = 0; i < k->ninsns; i++) {
        isa_insn in;
        char text[160], why[128];
        if (isa_decode(k->code[i], &in, why, sizeof why))
            isa_disasm(&in, text, sizeof text);
        else
            snprintf(text, sizeof text, "<undecodable: %s>", why);
        fprintf(out, "    /*%04u*/ %-44s // ptx:%u\n", (unsigned)i, text, (unsigned)k->ptx_line[i]);
    }
}

void isa_module_print(FILE *out, const isa_module *m)
{
    fprintf(out, "// Cobalt ISA module, target %s\n", m->target[0] ? m->target : "?");
    print_symbols(out, m);
    for (uint32_t i = 0; i < m->nkernels; i++) {
        if (i > 0 || m->nsymbols == 0)
            fprintf(out, "\n");
        print_kernel(out, &m->kernels[i]);
    }
}
