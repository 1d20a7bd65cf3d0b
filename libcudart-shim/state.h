/* libcudart-shim/state.h — the process-wide and per-thread state CUDA's
 * semantics force on a runtime library, all of it kept in state.c: the
 * context (created at first use), the per-thread last error, the per-thread
 * <<<...>>> configuration stack, and the "said once" flags of the stubs. */
#ifndef COBALT_SHIM_STATE_H
#define COBALT_SHIM_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/runtime.h"

/* One index per row of cudart_api.def. */
typedef enum shim_api_id {
#define CUDART_API(name, status, family) SHIM_API_##name,
#include "libcudart-shim/cudart_api.def"
#undef CUDART_API
    SHIM_API_COUNT
} shim_api_id;

/* The context; created on first use (thread-safe). NULL when creation
 * failed (reported on stderr) or after the library was finalised. */
rt_context *shim_ctx(void);

/* Opens a shim entry point: binds `ctx`, or returns
 * cudaErrorInitializationError when the context could not be created. */
#define SHIM_CTX_OR_RETURN(ctx)                                                    \
    rt_context *ctx = shim_ctx();                                                  \
    if (!ctx)                                                                      \
        return (cudaError_t)shim_ret(RT_cudaErrorInitializationError)

/* Records a failing result as the calling thread's last error; returns e. */
rt_error shim_ret(rt_error e);
/* cudaGetLastError (clear) / cudaPeekAtLastError: the sticky error if any,
 * else the thread's last error. */
rt_error shim_last_error(bool clear);

/* What __cudaPushCallConfiguration saved for the matching Pop. */
typedef struct shim_call_config {
    rt_dim3 grid, block;
    size_t  shared_mem;
    void   *stream;
} shim_call_config;

bool shim_push_config(const shim_call_config *c);   /* false: stack full */
bool shim_pop_config(shim_call_config *c);          /* false: stack empty */

/* cudaSetDeviceFlags / cudaGetDeviceFlags: the device's flags are state of
 * the process's primary context, which CUDA keeps across calls. */
void     shim_set_device_flags(unsigned flags);
unsigned shim_device_flags(void);

/* A stub's body: says once that `name` is not supported, records and
 * returns cudaErrorNotSupported. */
int shim_unsupported(shim_api_id id, const char *name);

#endif
