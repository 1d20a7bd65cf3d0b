/* runtime/runtime.h — the Cobalt CUDA runtime, as the shim sees it.
 *
 * Everything hangs off an explicit rt_context: the simulated device (profile,
 * UVA memory table, SIMT GPU), the registered fatbins with their kernels and
 * variables, the limits and the sticky error. No CUDA header is used here:
 * error codes, memcpy kinds, memory types and limits carry the numeric values
 * of the CUDA 13 enums, so the shim converts by casting.
 *
 * Thread safety: every function may be called from any thread; module
 * loading and grids are serialised by the context's lock. Asynchronous work
 * runs on the context's device worker thread (stream_queue.h).
 */
#ifndef COBALT_RUNTIME_H
#define COBALT_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* cudaError_t values, generated from runtime/cuda_errors.def. */
typedef enum rt_error {
#define CUERR(name, value, str) RT_##name = value,
#include "runtime/cuda_errors.def"
#undef CUERR
} rt_error;

/* Name and description of a code ("unrecognized error code" when unknown). */
const char *rt_error_name(int code);
const char *rt_error_string(int code);

/* cudaMemcpyKind values. */
enum { RT_MEMCPY_H2H = 0, RT_MEMCPY_H2D = 1, RT_MEMCPY_D2H = 2, RT_MEMCPY_D2D = 3,
       RT_MEMCPY_DEFAULT = 4 };
/* cudaMemoryType values. */
enum { RT_PTR_UNREGISTERED = 0, RT_PTR_HOST = 1, RT_PTR_DEVICE = 2, RT_PTR_MANAGED = 3 };
/* cudaLimit values. */
typedef enum rt_limit {
    RT_LIMIT_STACK_SIZE = 0, RT_LIMIT_PRINTF_FIFO_SIZE, RT_LIMIT_MALLOC_HEAP_SIZE,
    RT_LIMIT_SYNC_DEPTH, RT_LIMIT_PENDING_LAUNCHES, RT_LIMIT_L2_FETCH_GRANULARITY,
    RT_LIMIT_PERSISTING_L2_SIZE, RT_NUM_LIMITS
} rt_limit;

typedef enum rt_mem_kind { RT_MEM_DEVICE, RT_MEM_HOST, RT_MEM_MANAGED } rt_mem_kind;

typedef struct rt_dim3 { uint32_t x, y, z; } rt_dim3;

typedef struct rt_context rt_context;
typedef struct rt_fatbin  rt_fatbin;   /* one __cudaRegisterFatBinary */
typedef struct rt_kernel  rt_kernel;   /* a registered kernel; its pointer is the cudaKernel_t */

/* The simulated device: what cudaGetDeviceProperties and
 * cudaDeviceGetAttribute report. Built from the simulator's configuration so
 * that reported limits are the enforced ones. */
typedef struct rt_device_profile {
    char     name[256];
    uint8_t  uuid[16];
    int      major, minor;
    int      sm_count;
    uint64_t total_global_mem;
    uint64_t total_const_mem;
    uint64_t mem_pitch;
    uint32_t smem_per_block;          /* without opt-in */
    uint32_t smem_per_block_optin;
    uint32_t smem_per_sm;
    uint32_t reserved_smem_per_block;
    int      regs_per_block, regs_per_sm;
    int      warp_size;
    int      max_threads_per_block, max_block_dim[3], max_grid_dim[3];
    int      max_threads_per_sm, max_blocks_per_sm;
    int      clock_khz, mem_clock_khz, mem_bus_width;
    int      l2_cache_size, persisting_l2_max, access_policy_max_window;
    int      single_to_double_ratio;
    int      pci_domain, pci_bus, pci_device;
    uint32_t texture_align, texture_pitch_align, surface_align;
    /* texture and surface size limits (textures themselves are not simulated) */
    int tex1d, tex1d_mipmap, tex1d_linear, tex2d[2], tex2d_mipmap[2], tex2d_linear[3],
        tex2d_gather[2], tex3d[3], tex3d_alt[3], tex_cubemap, tex1d_layered[2],
        tex2d_layered[3], tex_cubemap_layered[2];
    int surf1d, surf2d[2], surf3d[3], surf1d_layered[2], surf2d_layered[3], surf_cubemap,
        surf_cubemap_layered[2];
} rt_device_profile;

/* ---- context (context.c) ---- */
/* Creates the context: reads COBALT_SMS, COBALT_SCHED and COBALT_STATS (bad
 * values are reported on `diag` and replaced by defaults). `diag` receives
 * every message (normally stderr). NULL when out of memory. */
rt_context *rt_create(FILE *diag);
void        rt_destroy(rt_context *ctx);
const rt_device_profile *rt_device(const rt_context *ctx);
/* The sticky error (a device fault), or cudaSuccess. */
rt_error    rt_sticky_error(rt_context *ctx);
/* Waits for the work of every stream; returns the sticky error, else the
 * first error of asynchronous work not reported yet. */
rt_error    rt_synchronize(rt_context *ctx);
/* cudaDeviceReset: frees every allocation, unloads every module (they reload
 * on next use) and clears the sticky error. */
rt_error    rt_reset(rt_context *ctx);
rt_error    rt_set_limit(rt_context *ctx, int limit, size_t value);
rt_error    rt_get_limit(rt_context *ctx, int limit, size_t *value);

/* ---- registration (registry.c) ---- */
/* `wrapper` is the __fatBinC_Wrapper_t the application passes; `origin` names
 * the file it came from (for messages). Never NULL unless out of memory: a
 * malformed fatbin is reported when one of its kernels is first used. */
rt_fatbin *rt_register_fatbin(rt_context *ctx, const void *wrapper, const char *origin);
void       rt_unregister_fatbin(rt_context *ctx, rt_fatbin *fb);
rt_error   rt_register_function(rt_context *ctx, rt_fatbin *fb, const void *host_stub,
                                const char *name);
rt_error   rt_register_var(rt_context *ctx, rt_fatbin *fb, const void *host_var,
                           const char *name, size_t size, bool constant);
/* Allocates the managed variable now and stores its address in *host_slot. */
rt_error   rt_register_managed_var(rt_context *ctx, rt_fatbin *fb, void **host_slot,
                                   const char *name, size_t size);
/* __cudaInitModule: loads the fatbin's modules (initialises managed vars). */
rt_error   rt_load_fatbin(rt_context *ctx, rt_fatbin *fb);

/* The kernel registered for a host stub, or NULL. */
rt_kernel  *rt_kernel_by_stub(rt_context *ctx, const void *host_stub);
/* A host stub address or a kernel handle (cudaKernel_t cast to a pointer). */
rt_kernel  *rt_kernel_lookup(rt_context *ctx, const void *func);
const char *rt_kernel_name(const rt_kernel *k);

/* ---- kernels and launch (launch.c, funcattr.c) ---- */
/* Asynchronous launch: the configuration is checked and the arguments are
 * copied now (errors returned at once); the grid runs on the device worker
 * in `stream` order (a cudaStream_t value: 0 or 1 legacy, 2 per-thread, or a
 * handle from rt_stream_create). Device faults surface at the next
 * synchronising call (and are sticky). */
rt_error rt_launch(rt_context *ctx, rt_kernel *k, rt_dim3 grid, rt_dim3 block, void **args,
                   size_t dyn_smem, uintptr_t stream);

typedef struct rt_func_attrs {
    size_t shared_size, const_size, local_size;
    int    max_threads_per_block, num_regs, ptx_version, binary_version;
    int    max_dyn_smem, preferred_carveout;
} rt_func_attrs;

rt_error rt_func_attributes(rt_context *ctx, rt_kernel *k, rt_func_attrs *out);
/* cudaFuncAttributeMaxDynamicSharedMemorySize */
rt_error rt_func_set_max_dyn_smem(rt_context *ctx, rt_kernel *k, int bytes);
/* cudaFuncAttributePreferredSharedMemoryCarveout: -1 (default) or 0..100 */
rt_error rt_func_set_carveout(rt_context *ctx, rt_kernel *k, int percent);

/* cudaFuncSetCacheConfig: a cudaFuncCache value (0..3), recorded as a hint. */
rt_error rt_func_set_cache_config(rt_context *ctx, rt_kernel *k, int config);
/* cudaDeviceSetCacheConfig / cudaDeviceGetCacheConfig: recorded, no effect. */
rt_error rt_set_cache_config(rt_context *ctx, int config);
rt_error rt_get_cache_config(rt_context *ctx, int *config);
/* cudaFuncGetParamInfo: bank-0 offset and size of parameter `index`. */
rt_error rt_func_param_info(rt_context *ctx, rt_kernel *k, size_t index, size_t *offset,
                            size_t *size);

/* ---- occupancy (occupancy.c) ---- */
enum { RT_OCCUPANCY_DEFAULT = 0, RT_OCCUPANCY_DISABLE_CACHING_OVERRIDE = 1 };
/* Blocks of `block_size` threads with `dyn_smem` bytes of dynamic shared
 * memory that fit on one SM at once (0 when one does not fit), computed by
 * the simulator's own rule from the lowered register and shared sizes. */
rt_error rt_occupancy_max_blocks(rt_context *ctx, rt_kernel *k, int block_size,
                                 size_t dyn_smem, unsigned flags, int *num_blocks);
/* The largest dynamic shared memory per block that still lets `num_blocks`
 * blocks of `block_size` threads reside on one SM. */
rt_error rt_occupancy_avail_dyn_smem(rt_context *ctx, rt_kernel *k, int num_blocks,
                                     int block_size, size_t *bytes);

/* ---- memory (memory.c, symbols.c) ---- */
rt_error rt_malloc(rt_context *ctx, void **out, size_t size, rt_mem_kind kind);
/* Frees a base address returned by rt_malloc of the same kind; NULL is fine. */
rt_error rt_free(rt_context *ctx, void *p, rt_mem_kind kind);
rt_error rt_memcpy(rt_context *ctx, void *dst, const void *src, size_t n, int kind);
rt_error rt_memset(rt_context *ctx, void *dst, int value, size_t n);
rt_error rt_mem_info(rt_context *ctx, size_t *free_bytes, size_t *total_bytes);
/* Classifies p (RT_PTR_*) and gives its device and host addresses. */
rt_error rt_pointer_info(rt_context *ctx, const void *p, int *type, void **dev, void **host);

/* Symbols by host shadow address (&var in host code). */
rt_error rt_symbol_address(rt_context *ctx, const void *host_var, void **addr, size_t *size);
rt_error rt_memcpy_symbol(rt_context *ctx, const void *host_var, size_t offset, void *buf,
                          size_t count, bool to_symbol, int kind);

/* ---- streams, events, asynchronous work (stream*.c, event.c) ----
 * Handles are cudaStream_t / cudaEvent_t values. A stale or garbage handle
 * gives cudaErrorInvalidResourceHandle. Errors of asynchronous work are
 * returned by the next rt_synchronize / rt_stream_synchronize. Calling a
 * waiting function from a host function gives cudaErrorNotPermitted. */
enum { RT_STREAM_LEGACY = 1, RT_STREAM_PER_THREAD = 2 };
enum { RT_STREAM_NON_BLOCKING = 1 };                     /* cudaStreamNonBlocking */
enum { RT_EVENT_BLOCKING_SYNC = 1, RT_EVENT_DISABLE_TIMING = 2, RT_EVENT_INTERPROCESS = 4 };
/* A host function: `status` is cudaSuccess or the stream's pending error. */
typedef void (*rt_host_fn)(void *user, int status);

rt_error rt_stream_create(rt_context *ctx, uintptr_t *out, unsigned flags, int priority);
rt_error rt_stream_destroy(rt_context *ctx, uintptr_t stream);
rt_error rt_stream_synchronize(rt_context *ctx, uintptr_t stream);
rt_error rt_stream_query(rt_context *ctx, uintptr_t stream);   /* cudaErrorNotReady: busy */
rt_error rt_stream_get_flags(rt_context *ctx, uintptr_t stream, unsigned *flags);
rt_error rt_stream_get_priority(rt_context *ctx, uintptr_t stream, int *priority);
rt_error rt_stream_get_id(rt_context *ctx, uintptr_t stream, unsigned long long *id);
rt_error rt_stream_wait_event(rt_context *ctx, uintptr_t stream, uintptr_t event,
                              unsigned flags);
void     rt_stream_priority_range(int *least, int *greatest);
rt_error rt_launch_host_fn(rt_context *ctx, uintptr_t stream, rt_host_fn fn, void *user);

rt_error rt_memcpy_async(rt_context *ctx, void *dst, const void *src, size_t n, int kind,
                         uintptr_t stream);
rt_error rt_memset_async(rt_context *ctx, void *dst, int value, size_t n, uintptr_t stream);
rt_error rt_memcpy2d(rt_context *ctx, void *dst, size_t dpitch, const void *src, size_t spitch,
                     size_t width, size_t height, int kind);
rt_error rt_memcpy2d_async(rt_context *ctx, void *dst, size_t dpitch, const void *src,
                           size_t spitch, size_t width, size_t height, int kind,
                           uintptr_t stream);
rt_error rt_malloc_pitch(rt_context *ctx, void **out, size_t *pitch, size_t width,
                         size_t height);

rt_error rt_event_create(rt_context *ctx, uintptr_t *out, unsigned flags);
rt_error rt_event_destroy(rt_context *ctx, uintptr_t event);
rt_error rt_event_record(rt_context *ctx, uintptr_t event, uintptr_t stream);
rt_error rt_event_query(rt_context *ctx, uintptr_t event);
rt_error rt_event_synchronize(rt_context *ctx, uintptr_t event);
/* Milliseconds of simulated device time between two completed records. */
rt_error rt_event_elapsed(rt_context *ctx, float *ms, uintptr_t start, uintptr_t end);

#endif
