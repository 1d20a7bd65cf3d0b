/* isa/ptx/lower.h — PTX module -> Cobalt ISA module.
 *
 * Per function: CFG, immediate post-dominators (each divergent branch gets
 * its reconvergence point in imm2), instruction selection, and linear-scan
 * register allocation into R0..R254 / P0..P6 (64-bit values in aligned pairs).
 */
#ifndef COBALT_PTX_LOWER_H
#define COBALT_PTX_LOWER_H

#include <stddef.h>
#include <stdio.h>
#include "isa/module.h"
#include "isa/ptx/ptx_ast.h"

/* Lowers every .entry with a body. On failure returns NULL and writes one
 * line "file:line: <what is unsupported or wrong>" into err. */
isa_module *ptx_lower(const ptx_module *m, char *err, size_t errlen);

/* Parse + lower in one step. */
isa_module *ptx_compile(const char *text, size_t len, const char *filename,
                        char *err, size_t errlen);

/* The same with the kind of failure in *status (PTX_OK on success; status
 * may be NULL): callers map it to their own errors instead of reading the
 * message. The runtime's entry point. */
isa_module *ptx_lower_ex(const ptx_module *m, char *err, size_t errlen, ptx_status *status);
isa_module *ptx_compile_ex(const char *text, size_t len, const char *filename,
                           char *err, size_t errlen, ptx_status *status);

/* Writes the listing `cobalt ptx` prints: per kernel a header with register,
 * predicate, shared, local and parameter sizes, then one disassembled
 * instruction per line with its index and PTX line. */
void isa_module_print(FILE *out, const isa_module *m);

#endif
