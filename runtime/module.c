/* runtime/module.c — loading a fatbin's PTX at first use: lowering each
 * chosen PTX entry to an isa_module (an -rdc program's per-TU entries are
 * first linked into one module, isa/ptx/link.h), allocating its .global symbols in
 * device memory (bank 2 holds their addresses), building bank 1 from its
 * .const symbols, resolving .extern globals across the fatbin's modules,
 * and binding kernels to their code and simulator programs. */
#include "runtime/internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "isa/ptx/link.h"
#include "isa/ptx/lower.h"

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Records why loading failed; says it once on diag (except for a missing
 * PTX, which each kernel reports in its own words). */
static rt_error fail_load(rt_context *ctx, rt_fatbin *fb, rt_error e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fb->load_msg, sizeof fb->load_msg, fmt, ap);
    va_end(ap);
    rt_fatbin_unload(ctx, fb);
    fb->state = RT_LOAD_FAILED;
    fb->load_error = e;
    if (e != RT_cudaErrorNoKernelImageForDevice)
        fprintf(ctx->diag, "cobalt: cannot load kernels of %s: %s\n", fb->origin, fb->load_msg);
    return e;
}

/* Features the front end does not have yet, and its own limits (no
 * register spilling), are NotSupported; anything else is invalid PTX. */
static rt_error compile_error(ptx_status s)
{
    switch (s) {
    case PTX_ERR_UNSUPPORTED:
    case PTX_ERR_LIMIT:
        return RT_cudaErrorNotSupported;
    case PTX_OK:
    case PTX_ERR_INVALID:
        break;
    }
    return RT_cudaErrorInvalidPtx;
}

/* COBALT_DUMP_PTX=dir writes each loaded PTX there, so that the PTX line
 * numbers in diagnostics can be looked up. */
static void dump_ptx(rt_context *ctx, const char *name, const char *text, size_t len)
{
    const char *dir = getenv("COBALT_DUMP_PTX");
    if (!dir || !*dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fwrite(text, 1, len, f) != len)
        fprintf(ctx->diag, "cobalt: COBALT_DUMP_PTX: cannot write %s\n", path);
    if (f)
        fclose(f);
}

static rt_error compile_image(rt_context *ctx, rt_fatbin *fb, size_t index)
{
    rt_image *img = &fb->images[index];
    char name[320], err[512];
    char *text;
    size_t len;
    snprintf(name, sizeof name, "%s.%zu.sm_%u.ptx", base_name(fb->origin), index,
             img->entry.arch);
    if (!rt_fatbin_payload(&img->entry, &text, &len, err, sizeof err))
        return fail_load(ctx, fb, RT_cudaErrorInvalidKernelImage, "%s", err);
    dump_ptx(ctx, name, text, len);
    ptx_status st;
    img->mod = ptx_compile_ex(text, len, name, err, sizeof err, &st);
    free(text);
    if (!img->mod)
        return fail_load(ctx, fb, compile_error(st), "%s", err);
    return RT_cudaSuccess;
}

/* -rdc (wrapper v2): the PTX of every TU, linked into one module that
 * images[0] holds; the other images keep only their entries. */
static rt_error compile_linked(rt_context *ctx, rt_fatbin *fb)
{
    rt_error e = RT_cudaSuccess;
    size_t n = fb->nimages;
    char **texts = calloc(n, sizeof *texts);
    size_t *lens = calloc(n, sizeof *lens);
    char (*names)[320] = calloc(n, sizeof *names);
    const char **pnames = calloc(n, sizeof *pnames);
    char err[512];
    if (!texts || !lens || !names || !pnames) {
        e = fail_load(ctx, fb, RT_cudaErrorMemoryAllocation, "out of memory linking PTX");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], sizeof names[i], "%s.%zu.sm_%u.ptx", base_name(fb->origin), i,
                 fb->images[i].entry.arch);
        pnames[i] = names[i];
        if (!rt_fatbin_payload(&fb->images[i].entry, &texts[i], &lens[i], err, sizeof err)) {
            e = fail_load(ctx, fb, RT_cudaErrorInvalidKernelImage, "%s", err);
            goto out;
        }
        dump_ptx(ctx, names[i], texts[i], lens[i]);
    }
    ptx_status st;
    fb->images[0].mod = ptx_link_compile((const char *const *)texts, lens, pnames, n, err,
                                         sizeof err, &st);
    if (!fb->images[0].mod)
        e = fail_load(ctx, fb, compile_error(st), "%s", err);
out:
    for (size_t i = 0; texts && i < n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    free(names);
    free(pnames);
    return e;
}

static void put_slot(uint8_t *bank2, uint32_t offset, const void *addr)
{
    uint64_t a = (uint64_t)(uintptr_t)addr;
    memcpy(bank2 + offset, &a, sizeof a);
}

static rt_var *managed_var(rt_fatbin *fb, const char *name)
{
    for (rt_var *v = fb->vars; v; v = v->next)
        if (v->managed_slot && strcmp(v->name, name) == 0)
            return v;
    return NULL;
}

static rt_error place_global(rt_context *ctx, rt_fatbin *fb, rt_image *img, uint32_t i)
{
    const isa_symbol *s = &img->mod->symbols[i];
    if (s->offset > img->mod->globals_size || img->mod->globals_size - s->offset < 8)
        return fail_load(ctx, fb, RT_cudaErrorInvalidKernelImage,
                         ".global %s: address slot %u outside bank 2 (%u bytes)", s->name,
                         s->offset, img->mod->globals_size);
    rt_var *mv = managed_var(fb, s->name);
    void *addr;
    size_t room = s->size;
    if (mv) {
        addr = mv->managed_ptr;
        room = mv->size < s->size ? mv->size : s->size;
    } else {
        addr = sim_mem_alloc(ctx->mem, s->size ? s->size : 1, SIM_ALLOC_SYMBOL, s->name);
        if (!addr)
            return fail_load(ctx, fb, RT_cudaErrorMemoryAllocation,
                             "out of memory for .global %s (%u bytes)", s->name, s->size);
        img->sym_owned[i] = true;
    }
    if (s->init)
        memcpy(addr, s->init, room);
    img->sym_addr[i] = addr;
    put_slot(img->bank2, s->offset, addr);
    return RT_cudaSuccess;
}

static rt_error place_symbols(rt_context *ctx, rt_fatbin *fb, rt_image *img)
{
    const isa_module *m = img->mod;
    img->sym_addr = calloc(m->nsymbols ? m->nsymbols : 1, sizeof *img->sym_addr);
    img->sym_owned = calloc(m->nsymbols ? m->nsymbols : 1, sizeof *img->sym_owned);
    img->bank2 = calloc(m->globals_size ? m->globals_size : 1, 1);
    if (m->const_size)
        img->bank1 = sim_mem_alloc(ctx->mem, m->const_size, SIM_ALLOC_SYMBOL, ".const bank");
    if (!img->sym_addr || !img->sym_owned || !img->bank2 || (m->const_size && !img->bank1))
        return fail_load(ctx, fb, RT_cudaErrorMemoryAllocation, "out of memory loading symbols");
    for (uint32_t i = 0; i < m->nsymbols; i++) {
        const isa_symbol *s = &m->symbols[i];
        if (s->space == ISA_SPACE_GLOBAL && !s->is_extern) {
            rt_error e = place_global(ctx, fb, img, i);
            if (e)
                return e;
        } else if (s->space == ISA_SPACE_CONST) {
            if (s->is_extern)
                return fail_load(ctx, fb, RT_cudaErrorNotSupported,
                                 ".extern .const %s: constant data shared between modules is not "
                                 "supported (needs PTX linking)", s->name);
            if (s->offset > m->const_size || m->const_size - s->offset < s->size)
                return fail_load(ctx, fb, RT_cudaErrorInvalidKernelImage,
                                 ".const %s (%u bytes at %u) outside bank 1 (%u bytes)", s->name,
                                 s->size, s->offset, m->const_size);
            if (s->init)
                memcpy(img->bank1 + s->offset, s->init, s->size);
            img->sym_addr[i] = img->bank1 + s->offset;
        }
    }
    return RT_cudaSuccess;
}

bool rt_fatbin_find_symbol(rt_fatbin *fb, const char *name, bool visible_only,
                           const isa_symbol **sym, void **addr)
{
    for (size_t j = 0; j < fb->nimages; j++) {
        const isa_module *m = fb->images[j].mod;
        for (uint32_t i = 0; m && i < m->nsymbols; i++) {
            const isa_symbol *s = &m->symbols[i];
            if (s->is_extern || (visible_only && !s->is_visible) || strcmp(s->name, name) != 0)
                continue;
            *sym = &m->symbols[i];
            *addr = fb->images[j].sym_addr[i];
            return true;
        }
    }
    return false;
}

/* -rdc: a module's .extern .global is another module's definition. */
static rt_error resolve_externs(rt_context *ctx, rt_fatbin *fb, rt_image *img)
{
    for (uint32_t i = 0; i < img->mod->nsymbols; i++) {
        const isa_symbol *s = &img->mod->symbols[i];
        const isa_symbol *def;
        void *addr;
        if (s->space != ISA_SPACE_GLOBAL || !s->is_extern)
            continue;
        if (!rt_fatbin_find_symbol(fb, s->name, true, &def, &addr) ||
            def->space != ISA_SPACE_GLOBAL)
            return fail_load(ctx, fb, RT_cudaErrorInvalidPtx,
                             "unresolved .extern .global %s: no PTX module of the program "
                             "defines it as .visible", s->name);
        if (s->offset > img->mod->globals_size || img->mod->globals_size - s->offset < 8)
            return fail_load(ctx, fb, RT_cudaErrorInvalidKernelImage,
                             ".extern .global %s: address slot outside bank 2", s->name);
        img->sym_addr[i] = addr;
        put_slot(img->bank2, s->offset, addr);
    }
    return RT_cudaSuccess;
}

/* Addresses in initial data (isa_reloc): written once every symbol of the
 * image, .extern ones included, has its device address. */
static rt_error apply_relocs(rt_context *ctx, rt_fatbin *fb, rt_image *img)
{
    const isa_module *m = img->mod;
    for (uint32_t i = 0; i < m->nsymbols; i++) {
        const isa_symbol *s = &m->symbols[i];
        for (uint32_t k = 0; k < s->nrelocs; k++) {
            const isa_reloc *r = &s->relocs[k];
            if (!img->sym_addr[i] || r->target >= m->nsymbols || !img->sym_addr[r->target] ||
                r->offset > s->size || s->size - r->offset < 8)
                return fail_load(ctx, fb, RT_cudaErrorInvalidKernelImage,
                                 "%s: address initializer %u (at byte %u) names no placed symbol",
                                 s->name, k, r->offset);
            uint64_t a = (uint64_t)(uintptr_t)img->sym_addr[r->target] + (uint64_t)r->addend;
            memcpy((uint8_t *)img->sym_addr[i] + r->offset, &a, sizeof a);
        }
    }
    return RT_cudaSuccess;
}

rt_error rt_fatbin_ensure_loaded(rt_context *ctx, rt_fatbin *fb)
{
    rt_error e = RT_cudaSuccess;
    if (fb->state == RT_LOADED)
        return RT_cudaSuccess;
    if (fb->state == RT_LOAD_FAILED)
        return fb->load_error;
    if (fb->walk_error)
        return fail_load(ctx, fb, fb->walk_error, "malformed fatbin: %s", fb->walk_msg);
    if (fb->nimages == 0)
        return fail_load(ctx, fb, RT_cudaErrorNoKernelImageForDevice,
                         "no PTX for the simulator (SASS-only build)");
    /* several PTX modules in one registration: an -rdc program's TUs */
    size_t nmods = 1;
    e = fb->nimages > 1 ? compile_linked(ctx, fb) : compile_image(ctx, fb, 0);
    for (size_t i = 0; i < nmods && !e; i++)
        e = place_symbols(ctx, fb, &fb->images[i]);
    for (size_t i = 0; i < nmods && !e; i++)
        e = resolve_externs(ctx, fb, &fb->images[i]);
    for (size_t i = 0; i < nmods && !e; i++)
        e = apply_relocs(ctx, fb, &fb->images[i]);
    if (!e)
        fb->state = RT_LOADED;
    return e;
}

void rt_fatbin_unload(rt_context *ctx, rt_fatbin *fb)
{
    for (rt_kernel *k = fb->kernels; k; k = k->next) {
        if (k->prog)
            sim_program_destroy(k->prog);
        k->prog = NULL;
        k->isa = NULL;
        k->img = NULL;
    }
    for (size_t j = 0; j < fb->nimages; j++) {
        rt_image *img = &fb->images[j];
        for (uint32_t i = 0; img->mod && img->sym_owned && i < img->mod->nsymbols; i++)
            if (img->sym_owned[i])
                sim_mem_free(ctx->mem, img->sym_addr[i]);
        if (img->bank1)
            sim_mem_free(ctx->mem, img->bank1);
        free(img->bank2);
        free(img->sym_addr);
        free(img->sym_owned);
        if (img->mod)
            isa_module_free(img->mod);
        rt_fatbin_entry entry = img->entry;
        memset(img, 0, sizeof *img);
        img->entry = entry;
    }
    fb->state = RT_UNLOADED;
}

rt_error rt_kernel_prepare(rt_context *ctx, rt_kernel *k)
{
    char err[512];
    if (k->prog)
        return RT_cudaSuccess;
    if (k->error)
        return k->error;   /* reported already */
    rt_error e = rt_fatbin_ensure_loaded(ctx, k->fb);
    if (e == RT_cudaErrorNoKernelImageForDevice && !k->no_ptx_said) {
        fprintf(ctx->diag, "cobalt: kernel %s has no PTX for the simulator: rebuild with "
                "-arch=sm_%d (or -gencode arch=compute_%d,code=compute_%d)\n", k->name,
                RT_SIM_SM_ARCH, RT_SIM_SM_ARCH, RT_SIM_SM_ARCH);
        k->no_ptx_said = true;
    }
    if (e)
        return e;   /* the fatbin remembers it (and reported it once) */
    for (size_t j = 0; j < k->fb->nimages && !k->isa; j++) {
        k->isa = isa_module_find_kernel(k->fb->images[j].mod, k->name);
        k->img = &k->fb->images[j];
    }
    if (!k->isa) {
        k->img = NULL;
        fprintf(ctx->diag, "cobalt: kernel %s is not in the PTX of %s\n", k->name, k->fb->origin);
        return k->error = RT_cudaErrorInvalidDeviceFunction;
    }
    k->prog = sim_program_create(k->isa, err, sizeof err);
    if (!k->prog) {
        fprintf(ctx->diag, "cobalt: cannot run kernel %s of %s: %s\n", k->name, k->fb->origin,
                err);
        return k->error = RT_cudaErrorNotSupported;
    }
    return RT_cudaSuccess;
}
