/* libcudart-shim/stubs.c — every export of the real libcudart.so.13 that
 * Cobalt does not implement yet (STUB rows of cudart_api.def): each says so
 * once on stderr and returns cudaErrorNotSupported (801).
 *
 * No CUDA header here, on purpose: the stubs are declared `int f(void)`,
 * which is ABI-compatible with any cudaError_t function (arguments are
 * ignored; cudaError_t is returned in the same register as int). */
#include "libcudart-shim/state.h"

#define CUDART_API(name, status, family) CUDART_API_##status(name)
#define CUDART_API_IMPL(name)
#define CUDART_API_EXTRA(name)
#define CUDART_API_STUB(name) \
    int name(void);           \
    int name(void) { return shim_unsupported(SHIM_API_##name, #name); }
#include "libcudart-shim/cudart_api.def"
#undef CUDART_API
