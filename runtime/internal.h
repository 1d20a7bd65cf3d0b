/* runtime/internal.h — the runtime's objects, shared by the files of
 * runtime/ only (the shim sees runtime.h). */
#ifndef COBALT_RT_INTERNAL_H
#define COBALT_RT_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "isa/module.h"
#include "runtime/device_profiles.h"
#include "runtime/fatbin.h"
#include "runtime/ptrmap.h"
#include "runtime/runtime.h"
#include "runtime/stream_queue.h"
#include "sim/sim.h"

#define RT_SIM_SM_ARCH  80     /* the compute capability the simulator presents */
#define RT_MAX_SMS      1024
#define RT_MAX_TENSOR_UNITS 64   /* per sub-core (COBALT_TENSOR_UNITS) */
#define RT_MAX_STACK_SIZE (512u * 1024u)   /* cudaLimitStackSize upper bound */

/* Settings from the environment (COBALT_SMS, COBALT_SCHED, COBALT_STATS). */
typedef struct rt_options {
    unsigned         num_sms;
    sim_sched_policy sched;
    bool             stats;
    bool             totals;    /* COBALT_STATS=1 or summary: program totals at exit */
    uint64_t         seed;      /* COBALT_SEED: the random scheduler's seed */
    unsigned         threads;   /* COBALT_THREADS: host threads for the SMs (0: all cores) */
    sim_reconv       reconv;    /* COBALT_RECONV: its | stack */
    uint64_t         spin_limit; /* COBALT_SPIN_LIMIT: stack-mode livelock report */
} rt_options;

/* stats.c — what every launch of the program added up (COBALT_STATS). */
typedef struct rt_stats_totals {
    sim_stats s;
    double    seconds;    /* host time spent simulating */
    uint64_t  launches;
} rt_stats_totals;

/* Applies environment values (NULL = unset) over *o; a bad value is reported
 * on diag and leaves the default. */
void rt_options_apply(rt_options *o, const char *sms, const char *sched, const char *stats,
                      FILE *diag);
/* The same for COBALT_SEED (a decimal or 0x number). */
void rt_options_apply_seed(rt_options *o, const char *seed, FILE *diag);
/* The same for COBALT_THREADS (0 = every online core, 1..RT_MAX_SMS). */
void rt_options_apply_threads(rt_options *o, const char *threads, FILE *diag);
/* The same for COBALT_RECONV (its, stack) and COBALT_SPIN_LIMIT (a count >= 1). */
void rt_options_apply_reconv(rt_options *o, const char *reconv, const char *spin, FILE *diag);
/* COBALT_TENSOR_UNITS (1..RT_MAX_TENSOR_UNITS per sub-core) over the profile's. */
void rt_options_apply_tensor_units(sim_config *c, const char *units, FILE *diag);

/* One PTX module of a fatbin: the PTX entry chosen for one container. */
typedef struct rt_image {
    rt_fatbin_entry entry;
    isa_module     *mod;        /* NULL until loaded */
    uint8_t        *bank1;      /* .const data: a sim_mem allocation (addressable) */
    uint8_t        *bank2;      /* one device address per .global symbol (host buffer) */
    void          **sym_addr;   /* per isa_symbol: its device address */
    bool           *sym_owned;  /* per isa_symbol: sym_addr was allocated by this image */
} rt_image;

typedef enum rt_load_state { RT_UNLOADED, RT_LOADED, RT_LOAD_FAILED } rt_load_state;

struct rt_kernel {
    rt_fatbin         *fb;
    const void        *stub;
    char              *name;
    const isa_kernel  *isa;        /* bound at first use */
    rt_image          *img;
    sim_program       *prog;
    rt_error           error;      /* why binding to its code failed (reported once) */
    bool               no_ptx_said; /* "has no PTX" was reported */
    int                max_dyn_smem;  /* -1: default (per-block limit - static) */
    int                carveout;      /* -1: default */
    int                cache_config;  /* cudaFuncCache hint (no effect) */
    rt_kernel         *next;
};

typedef struct rt_var {
    rt_fatbin     *fb;
    const void    *shadow;      /* host shadow address; NULL for managed vars */
    char          *name;
    size_t         size;
    bool           constant;
    void         **managed_slot; /* managed: where the host code reads the pointer */
    void          *managed_ptr;
    bool           no_ptx_said;  /* "no PTX" was reported */
    struct rt_var *next;
} rt_var;

struct rt_fatbin {
    const void     *wrapper;
    char            origin[256];
    rt_fatbin_list  entries;
    rt_image       *images;
    size_t          nimages;
    rt_error        walk_error;     /* malformed fatbin (found at registration) */
    char            walk_msg[256];
    rt_load_state   state;
    rt_error        load_error;
    char            load_msg[512];
    rt_kernel      *kernels;
    rt_var         *vars;
    rt_fatbin      *next;
};

struct rt_context {
    pthread_mutex_t   lock;
    FILE             *diag;
    rt_options        opt;
    sim_config        cfg;
    rt_device_profile dev;
    sim_mem          *mem;
    sim_gpu          *gpu;          /* created at the first launch */
    sim_heap         *heap;         /* device malloc heap, created at the first launch */
    rt_fatbin        *fatbins;
    rt_ptrmap         by_stub, by_handle, vars;
    atomic_int        sticky;
    size_t            limits[RT_NUM_LIMITS];
    int               cache_config; /* cudaDeviceSetCacheConfig hint (no effect) */
    uint64_t          next_grid_id;
    rt_queue          q;            /* streams, events, the device worker */
    rt_stats_totals   totals;       /* COBALT_STATS totals (device worker only) */
    /* memory kinds and pools (memory_host.c, pool.c), under mem_lock */
    pthread_mutex_t   mem_lock;
    rt_ptrmap         host_flags;   /* pinned base -> cudaHostAlloc flags + 1 */
    rt_ptrmap         registered;   /* cudaHostRegister base -> flags + 1 */
    rt_ptrmap         pool_ptrs;    /* stream-ordered allocation -> its rt_pool */
    rt_ptrmap         hints;        /* managed base -> rt_mem_hints (memory_hint.c) */
    uint64_t          host_bytes;   /* pinned bytes (not device memory) */
    struct rt_pool   *pools;        /* every pool; the default one is created lazily */
    struct rt_pool   *cur_pool;     /* cudaDeviceSetMemPool; NULL: the default */
};

/* device.c */
void rt_device_profile_init(rt_device_profile *d, const sim_config *c,
                            const rt_profile_spec *p);

/* memory_host.c / pool.c — called by context.c before the UVA table is
 * destroyed (reset: registrations and pool allocations vanish with it) and
 * at destroy (also frees the maps and pools). */
void rt_memx_reset(rt_context *ctx);
void rt_memx_fini(rt_context *ctx);
void rt_pools_reset(rt_context *ctx, bool destroy);
/* memory_host.c — device bytes in use (the table's minus pinned host). */
uint64_t rt_device_bytes_used(rt_context *ctx);
bool     rt_host_is_registered(rt_context *ctx, void *p);
/* memory_hint.c — forgets the hints of a managed allocation (mem_lock
 * held by the caller: no) and all of them (reset). */
void     rt_hints_forget(rt_context *ctx, void *base);
void     rt_hints_clear(rt_context *ctx);
/* pool.c — a cudaFree of a stream-ordered allocation: forgets it (true when
 * it was one). */
bool rt_pool_forget(rt_context *ctx, void *p);

/* registry.c — with ctx->lock held */
void rt_fatbin_free(rt_context *ctx, rt_fatbin *fb);
/* After a reset: allocates the managed variables again and updates the
 * application's pointers. */
bool rt_managed_realloc(rt_context *ctx, rt_fatbin *fb);

/* module.c — with ctx->lock held */
rt_error rt_fatbin_ensure_loaded(rt_context *ctx, rt_fatbin *fb);
void     rt_fatbin_unload(rt_context *ctx, rt_fatbin *fb);
/* Binds a kernel to its lowered code and program; reports failures once. */
rt_error rt_kernel_prepare(rt_context *ctx, rt_kernel *k);
/* Finds the definition of `name` among the fatbin's loaded modules (only a
 * .visible one when visible_only: what an .extern may bind to). */
bool     rt_fatbin_find_symbol(rt_fatbin *fb, const char *name, bool visible_only,
                               const isa_symbol **sym, void **addr);

/* launch.c (with ctx->lock held, kernel prepared) */
uint32_t rt_kernel_max_dyn_smem(const rt_context *ctx, const rt_kernel *k);
/* Checks a launch configuration against the device and the kernel; `why`
 * says what is wrong. */
rt_error rt_check_launch(const rt_context *ctx, const rt_kernel *k, rt_dim3 grid, rt_dim3 block,
                         size_t dyn, char *why, size_t len);

/* params.c — copies the arguments into the kernel's bank 0 image. */
bool rt_pack_params(const isa_kernel *k, void *const *args, uint8_t *bank0, size_t size,
                    char *err, size_t errlen);

/* stats.c — the two COBALT_STATS lines of one launch. */
void rt_print_launch_stats(FILE *out, const char *kernel, rt_dim3 grid, rt_dim3 block,
                           const sim_stats *s, double seconds);
/* stats.c — adds one launch to the totals; prints the TOTALS lines at exit. */
void rt_stats_add_launch(rt_stats_totals *t, const sim_stats *s, double seconds);
void rt_print_totals(FILE *out, const rt_stats_totals *t);

/* context.c */
void rt_set_sticky(rt_context *ctx, rt_error e);

/* launch.c — runs a checked, packed grid now (on the device worker);
 * returns its simulated milliseconds in *ms. */
rt_error rt_run_kernel(rt_context *ctx, rt_kernel *k, rt_dim3 grid, rt_dim3 block,
                       uint8_t *bank0, size_t dyn, double *ms);

/* memory.c — the synchronous operations' bodies, without waiting for
 * queued work (what the device worker runs). */
rt_error rt_memcpy_now(rt_context *ctx, void *dst, const void *src, size_t n, int kind);
rt_error rt_memset_now(rt_context *ctx, void *dst, int value, size_t n);
rt_error rt_memcpy_check(rt_context *ctx, void *dst, const void *src, size_t n, int kind);
rt_error rt_memcpy2d_now(rt_context *ctx, void *dst, size_t dpitch, const void *src,
                         size_t spitch, size_t width, size_t height, int kind);

/* stream_queue.c */
bool     rt_queue_init(rt_queue *q, const rt_device_profile *dev);
void     rt_queue_fini(rt_context *ctx);
/* Appends op (filled but for seq and stream) to the stream a handle names;
 * takes ownership (freed on failure: cudaErrorInvalidResourceHandle for a
 * bad handle). *seq (may be NULL) receives its sequence number. */
rt_error rt_queue_submit(rt_context *ctx, uintptr_t stream, rt_op *op, uint64_t *seq);
/* Waits for op `seq` (e.g. a copy to pageable memory, synchronous in CUDA). */
rt_error rt_queue_wait(rt_context *ctx, uint64_t seq);
/* Waits until every op up to seq completed (q->lock held). */
rt_error rt_queue_wait_locked(rt_context *ctx, uint64_t seq);
/* Waits for all queued work (the implicit synchronisation of cudaMemcpy,
 * cudaMemset, cudaFree, symbol copies and reset). */
rt_error rt_queue_drain(rt_context *ctx);
/* Simulated milliseconds a copy of n bytes between dst and src takes. */
double   rt_copy_ms(rt_context *ctx, const void *dst, const void *src, size_t n);

/* stream.c — with q->lock held: the stream a handle names, or NULL. */
rt_stream *rt_stream_lookup(rt_queue *q, uintptr_t handle);
/* Drops every stream's pending error (cudaDeviceReset). */
void       rt_stream_forget_errors(rt_context *ctx);
/* event.c — with q->lock held */
rt_event  *rt_event_lookup(rt_queue *q, uintptr_t handle);

#endif
