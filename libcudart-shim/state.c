/* libcudart-shim/state.c — the only mutable global state of Cobalt (see
 * state.h for why each piece must be global or thread-local). */
#include "libcudart-shim/state.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define SHIM_CONFIG_DEPTH 64   /* nested <<<>>> in argument expressions */

static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;
static rt_context *ctx_ptr;
static atomic_bool stub_warned[SHIM_API_COUNT];
static atomic_uint device_flags;

static _Thread_local rt_error last_error;
static _Thread_local shim_call_config config_stack[SHIM_CONFIG_DEPTH];
static _Thread_local unsigned config_depth;

static void create_ctx(void)
{
    ctx_ptr = rt_create(stderr);
    if (!ctx_ptr)
        fprintf(stderr, "cobalt: cannot create the CUDA runtime context (out of memory)\n");
}

rt_context *shim_ctx(void)
{
    pthread_once(&ctx_once, create_ctx);
    return ctx_ptr;
}

/* Runs after the application's atexit handlers (its __cudaUnregisterFatBinary
 * calls included): frees the simulated device so leak checkers see no leak. */
__attribute__((destructor)) static void destroy_ctx(void)
{
    rt_context *ctx = ctx_ptr;
    ctx_ptr = NULL;
    rt_destroy(ctx);
}

rt_error shim_ret(rt_error e)
{
    if (e != RT_cudaSuccess)
        last_error = e;
    return e;
}

rt_error shim_last_error(bool clear)
{
    rt_error sticky = ctx_ptr ? rt_sticky_error(ctx_ptr) : RT_cudaSuccess;
    if (sticky)
        return sticky;
    rt_error e = last_error;
    if (clear)
        last_error = RT_cudaSuccess;
    return e;
}

bool shim_push_config(const shim_call_config *c)
{
    if (config_depth == SHIM_CONFIG_DEPTH)
        return false;
    config_stack[config_depth++] = *c;
    return true;
}

bool shim_pop_config(shim_call_config *c)
{
    if (config_depth == 0)
        return false;
    *c = config_stack[--config_depth];
    return true;
}

int shim_unsupported(shim_api_id id, const char *name)
{
    if ((unsigned)id < SHIM_API_COUNT && !atomic_exchange(&stub_warned[id], true))
        fprintf(stderr, "cobalt: %s is not supported yet (returning cudaErrorNotSupported)\n",
                name);
    return shim_ret(RT_cudaErrorNotSupported);
}

void shim_set_device_flags(unsigned flags)
{
    atomic_store(&device_flags, flags);
}

unsigned shim_device_flags(void)
{
    return atomic_load(&device_flags);
}
