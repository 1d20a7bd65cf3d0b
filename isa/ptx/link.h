/* isa/ptx/link.h — a small PTX linker for -rdc=true programs.
 *
 * An -rdc program carries one PTX module per translation unit; a module
 * declares what another defines (`.extern .func`, `.extern .global`,
 * `.extern .const`). ptx_link merges several parsed modules into one
 * ptx_module that ptx_lower lowers like any other:
 *  - `.visible` (strong) and `.weak`/`.common` definitions of functions and
 *    variables are program-wide: an `.extern` declaration, or a weak
 *    definition, of the same name resolves to the strong one (else the
 *    first weak one);
 *  - names without linkage (file-scope `static`) stay per module: when two
 *    modules use one name, the later module's copy is renamed "name$<k>"
 *    (k = module index);
 *  - `.extern .shared` arrays of unknown size (dynamic shared memory) need
 *    no definition; `.extern .func` declarations of the runtime built-ins
 *    (vprintf, __assertfail, malloc, free) stay declarations;
 *  - duplicate strong definitions, unresolved declarations, and a
 *    declaration whose kind, space, size or signature differs from the
 *    definition are errors naming the symbol and both modules.
 */
#ifndef COBALT_PTX_LINK_H
#define COBALT_PTX_LINK_H

#include <stddef.h>
#include "isa/ptx/ptx_ast.h"

/* Links mods[0..n-1] (n >= 1) and always takes them over: on success the
 * linked module owns them (ptx_module_free of the result frees them), on
 * failure they are freed. Returns NULL with one line in err ("link: ...")
 * and *status (may be NULL) = PTX_ERR_INVALID on failure. The result's
 * filename is the inputs' names joined with '+'. */
ptx_module *ptx_link(ptx_module *const *mods, size_t n, char *err, size_t errlen,
                     ptx_status *status);

/* Parses each text (names[i] as its file name), links and lowers: the
 * multi-module ptx_compile_ex. */
struct isa_module;
struct isa_module *ptx_link_compile(const char *const *texts, const size_t *lens,
                                    const char *const *names, size_t n, char *err,
                                    size_t errlen, ptx_status *status);

#endif
