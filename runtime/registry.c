/* runtime/registry.c — what the application registers from its ELF
 * constructors: fatbins, kernels (host stub -> name) and variables (host
 * shadow -> name). Kernels are found by host stub and by handle. */
#include "runtime/internal.h"

#include <stdlib.h>
#include <string.h>

static rt_image *choose_images(const rt_fatbin_list *l, size_t *n)
{
    rt_image *imgs = calloc(l->ncontainers ? l->ncontainers : 1, sizeof *imgs);
    if (!imgs)
        return NULL;
    *n = 0;
    for (unsigned c = 0; c < l->ncontainers; c++) {
        long i = rt_fatbin_choose_ptx(l, c, RT_SIM_SM_ARCH);
        if (i >= 0)
            imgs[(*n)++].entry = l->v[i];
    }
    return imgs;
}

rt_fatbin *rt_register_fatbin(rt_context *ctx, const void *wrapper, const char *origin)
{
    rt_fatbin *fb = calloc(1, sizeof *fb);
    if (!fb)
        return NULL;
    fb->wrapper = wrapper;
    snprintf(fb->origin, sizeof fb->origin, "%s", origin && *origin ? origin : "<unknown file>");
    if (!rt_fatbin_walk_wrapper(wrapper, &fb->entries, fb->walk_msg, sizeof fb->walk_msg)) {
        fb->walk_error = RT_cudaErrorInvalidKernelImage;
        rt_fatbin_list_free(&fb->entries);
    }
    fb->images = choose_images(&fb->entries, &fb->nimages);
    if (!fb->images) {
        rt_fatbin_list_free(&fb->entries);
        free(fb);
        return NULL;
    }
    pthread_mutex_lock(&ctx->lock);
    fb->next = ctx->fatbins;
    ctx->fatbins = fb;
    pthread_mutex_unlock(&ctx->lock);
    return fb;
}

rt_error rt_register_function(rt_context *ctx, rt_fatbin *fb, const void *host_stub,
                              const char *name)
{
    if (!fb || !host_stub || !name)
        return RT_cudaErrorInvalidValue;
    rt_kernel *k = calloc(1, sizeof *k);
    if (!k)
        return RT_cudaErrorMemoryAllocation;
    k->name = strdup(name);
    k->fb = fb;
    k->stub = host_stub;
    k->max_dyn_smem = -1;
    k->carveout = -1;
    rt_error ret = RT_cudaSuccess;
    pthread_mutex_lock(&ctx->lock);
    if (!k->name || !rt_ptrmap_put(&ctx->by_stub, host_stub, k) ||
        !rt_ptrmap_put(&ctx->by_handle, k, k)) {
        rt_ptrmap_remove(&ctx->by_stub, host_stub);
        free(k->name);
        free(k);
        ret = RT_cudaErrorMemoryAllocation;
        goto out_unlock;
    }
    k->next = fb->kernels;
    fb->kernels = k;
out_unlock:
    pthread_mutex_unlock(&ctx->lock);
    return ret;
}

static rt_error add_var(rt_context *ctx, rt_fatbin *fb, rt_var *v, const void *key)
{
    rt_error ret = RT_cudaSuccess;
    v->fb = fb;
    pthread_mutex_lock(&ctx->lock);
    if (!rt_ptrmap_put(&ctx->vars, key, v)) {
        ret = RT_cudaErrorMemoryAllocation;
        goto out_unlock;
    }
    v->next = fb->vars;
    fb->vars = v;
out_unlock:
    pthread_mutex_unlock(&ctx->lock);
    return ret;
}

rt_error rt_register_var(rt_context *ctx, rt_fatbin *fb, const void *host_var, const char *name,
                         size_t size, bool constant)
{
    if (!fb || !host_var || !name)
        return RT_cudaErrorInvalidValue;
    rt_var *v = calloc(1, sizeof *v);
    if (!v || !(v->name = strdup(name))) {
        free(v);
        return RT_cudaErrorMemoryAllocation;
    }
    v->shadow = host_var;
    v->size = size;
    v->constant = constant;
    rt_error e = add_var(ctx, fb, v, host_var);
    if (e) {
        free(v->name);
        free(v);
    }
    return e;
}

/* Managed variables are keyed by their allocation: host code names them
 * through the pointer (cudaMemcpyToSymbol(mv, ...) passes *&mv). */
rt_error rt_register_managed_var(rt_context *ctx, rt_fatbin *fb, void **host_slot,
                                 const char *name, size_t size)
{
    if (!fb || !host_slot || !name)
        return RT_cudaErrorInvalidValue;
    rt_var *v = calloc(1, sizeof *v);
    if (!v || !(v->name = strdup(name))) {
        free(v);
        return RT_cudaErrorMemoryAllocation;
    }
    v->size = size;
    v->managed_slot = host_slot;
    v->managed_ptr = sim_mem_alloc(ctx->mem, size ? size : 1, SIM_ALLOC_MANAGED, name);
    rt_error e = v->managed_ptr ? add_var(ctx, fb, v, v->managed_ptr)
                                : RT_cudaErrorMemoryAllocation;
    if (e) {
        if (v->managed_ptr)
            sim_mem_free(ctx->mem, v->managed_ptr);
        free(v->name);
        free(v);
        return e;
    }
    *host_slot = v->managed_ptr;
    return RT_cudaSuccess;
}

bool rt_managed_realloc(rt_context *ctx, rt_fatbin *fb)
{
    bool ok = true;
    for (rt_var *v = fb->vars; v; v = v->next) {
        if (!v->managed_slot)
            continue;
        rt_ptrmap_remove(&ctx->vars, v->managed_ptr);
        v->managed_ptr = sim_mem_alloc(ctx->mem, v->size ? v->size : 1, SIM_ALLOC_MANAGED,
                                       v->name);
        if (!v->managed_ptr || !rt_ptrmap_put(&ctx->vars, v->managed_ptr, v))
            ok = false;
        *v->managed_slot = v->managed_ptr;
    }
    return ok;
}

rt_error rt_load_fatbin(rt_context *ctx, rt_fatbin *fb)
{
    if (!fb)
        return RT_cudaErrorInvalidValue;
    pthread_mutex_lock(&ctx->lock);
    rt_error e = rt_fatbin_ensure_loaded(ctx, fb);
    pthread_mutex_unlock(&ctx->lock);
    return e;
}

void rt_fatbin_free(rt_context *ctx, rt_fatbin *fb)
{
    rt_fatbin_unload(ctx, fb);
    while (fb->kernels) {
        rt_kernel *k = fb->kernels;
        fb->kernels = k->next;
        rt_ptrmap_remove(&ctx->by_stub, k->stub);
        rt_ptrmap_remove(&ctx->by_handle, k);
        free(k->name);
        free(k);
    }
    while (fb->vars) {
        rt_var *v = fb->vars;
        fb->vars = v->next;
        rt_ptrmap_remove(&ctx->vars, v->managed_slot ? v->managed_ptr : v->shadow);
        if (v->managed_ptr)
            sim_mem_free(ctx->mem, v->managed_ptr);
        free(v->name);
        free(v);
    }
    free(fb->images);
    rt_fatbin_list_free(&fb->entries);
    free(fb);
}

void rt_unregister_fatbin(rt_context *ctx, rt_fatbin *fb)
{
    if (!fb)
        return;
    rt_queue_drain(ctx);   /* queued grids may use its kernels */
    pthread_mutex_lock(&ctx->lock);
    for (rt_fatbin **p = &ctx->fatbins; *p; p = &(*p)->next) {
        if (*p == fb) {
            *p = fb->next;
            rt_fatbin_free(ctx, fb);
            break;
        }
    }
    pthread_mutex_unlock(&ctx->lock);
}

rt_kernel *rt_kernel_by_stub(rt_context *ctx, const void *host_stub)
{
    pthread_mutex_lock(&ctx->lock);
    rt_kernel *k = rt_ptrmap_get(&ctx->by_stub, host_stub);
    pthread_mutex_unlock(&ctx->lock);
    return k;
}

rt_kernel *rt_kernel_lookup(rt_context *ctx, const void *func)
{
    if (!func)
        return NULL;
    pthread_mutex_lock(&ctx->lock);
    rt_kernel *k = rt_ptrmap_get(&ctx->by_stub, func);
    if (!k)
        k = rt_ptrmap_get(&ctx->by_handle, func);
    pthread_mutex_unlock(&ctx->lock);
    return k;
}

const char *rt_kernel_name(const rt_kernel *k)
{
    return k ? k->name : NULL;
}
