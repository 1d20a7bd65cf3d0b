/* runtime/symbols.c — __device__ / __constant__ / __managed__ variables by
 * their host shadow address: cudaGetSymbolAddress/Size and
 * cudaMemcpyToSymbol/FromSymbol. */
#include "runtime/internal.h"

#include <string.h>

/* Resolves a registered variable to its device address and size, loading
 * its fatbin if needed. */
static rt_error find_symbol(rt_context *ctx, const void *host_var, void **addr, size_t *size)
{
    rt_error e = RT_cudaSuccess;
    pthread_mutex_lock(&ctx->lock);
    rt_var *v = host_var ? rt_ptrmap_get(&ctx->vars, host_var) : NULL;
    rt_fatbin *fb = v ? v->fb : NULL;
    if (!fb) {
        e = RT_cudaErrorInvalidSymbol;
        goto out_unlock;
    }
    e = rt_fatbin_ensure_loaded(ctx, fb);
    if (e == RT_cudaErrorNoKernelImageForDevice && !v->no_ptx_said) {
        fprintf(ctx->diag, "cobalt: variable %s of %s: %s\n", v->name, fb->origin, fb->load_msg);
        v->no_ptx_said = true;
    }
    if (e)
        goto out_unlock;
    const isa_symbol *sym;
    if (v->managed_slot) {
        *addr = v->managed_ptr;
        *size = v->size;
    } else if (rt_fatbin_find_symbol(fb, v->name, false, &sym, addr)) {
        *size = sym->size;
    } else {
        fprintf(ctx->diag, "cobalt: variable %s is registered but not defined in the PTX of %s\n",
                v->name, fb->origin);
        e = RT_cudaErrorInvalidSymbol;
    }
out_unlock:
    pthread_mutex_unlock(&ctx->lock);
    return e;
}

rt_error rt_symbol_address(rt_context *ctx, const void *host_var, void **addr, size_t *size)
{
    void *a;
    size_t n;
    if (!addr && !size)
        return RT_cudaErrorInvalidValue;
    rt_error e = find_symbol(ctx, host_var, &a, &n);
    if (e)
        return e;
    if (addr)
        *addr = a;
    if (size)
        *size = n;
    return RT_cudaSuccess;
}

rt_error rt_memcpy_symbol(rt_context *ctx, const void *host_var, size_t offset, void *buf,
                          size_t count, bool to_symbol, int kind)
{
    void *addr;
    size_t size;
    rt_error e = rt_queue_drain(ctx);   /* ordered after queued work */
    if (!e)
        e = rt_sticky_error(ctx);
    if (e)
        return e;
    bool kind_ok = kind == RT_MEMCPY_D2D || kind == RT_MEMCPY_DEFAULT ||
                   kind == (to_symbol ? RT_MEMCPY_H2D : RT_MEMCPY_D2H);
    if (!kind_ok)
        return RT_cudaErrorInvalidMemcpyDirection;
    e = find_symbol(ctx, host_var, &addr, &size);
    if (e)
        return e;
    if (offset > size || count > size - offset)
        return RT_cudaErrorInvalidValue;
    if (count == 0)
        return RT_cudaSuccess;
    if (!buf || (kind == RT_MEMCPY_D2D && !sim_mem_check(ctx->mem, (uint64_t)(uintptr_t)buf,
                                                           count)))
        return RT_cudaErrorInvalidValue;
    uint8_t *sym = (uint8_t *)addr + offset;
    if (to_symbol)
        memmove(sym, buf, count);
    else
        memmove(buf, sym, count);
    return RT_cudaSuccess;
}

/* cudaMemcpyToSymbolAsync / FromSymbolAsync: the symbol resolved now, the
 * copy in stream order. */
rt_error rt_memcpy_symbol_async(rt_context *ctx, const void *host_var, size_t offset,
                                void *buf, size_t count, bool to_symbol, int kind,
                                uintptr_t stream)
{
    void *addr;
    size_t size;
    rt_error e = rt_sticky_error(ctx);
    if (e)
        return e;
    bool kind_ok = kind == RT_MEMCPY_D2D || kind == RT_MEMCPY_DEFAULT ||
                   kind == (to_symbol ? RT_MEMCPY_H2D : RT_MEMCPY_D2H);
    if (!kind_ok)
        return RT_cudaErrorInvalidMemcpyDirection;
    e = find_symbol(ctx, host_var, &addr, &size);
    if (e)
        return e;
    if (offset > size || count > size - offset)
        return RT_cudaErrorInvalidValue;
    if (count == 0)
        return RT_cudaSuccess;
    uint8_t *sym = (uint8_t *)addr + offset;
    return to_symbol ? rt_memcpy_async(ctx, sym, buf, count, kind, stream)
                     : rt_memcpy_async(ctx, buf, sym, count, kind, stream);
}
