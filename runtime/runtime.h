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
/* cudaLaunchCooperativeKernel: the same, but every block must be resident at
 * once (else cudaErrorCooperativeLaunchTooLarge) and the kernel gets a
 * zeroed grid-sync workspace in %envreg1:%envreg2 (cg::this_grid().sync()). */
rt_error rt_launch_cooperative(rt_context *ctx, rt_kernel *k, rt_dim3 grid, rt_dim3 block,
                               void **args, size_t dyn_smem, uintptr_t stream);

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
/* cudaStreamAttachMemAsync: checks stream, managed range (length 0 or the
 * whole allocation) and flags; nothing moves in one UVA space. */
rt_error rt_stream_attach_mem(rt_context *ctx, uintptr_t stream, void *p, size_t length,
                              unsigned flags);
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

/* ---- memory kinds, 3D copies and sets, pools, hints ----
 * (memory_host.c, memory_3d.c, memory_hint.c, pool.c, symbols_async.c) */
enum { RT_HOST_ALLOC_PORTABLE = 1, RT_HOST_ALLOC_MAPPED = 2, RT_HOST_ALLOC_WRITE_COMBINED = 4 };
enum { RT_HOST_REGISTER_PORTABLE = 1, RT_HOST_REGISTER_MAPPED = 2,
       RT_HOST_REGISTER_IOMEMORY = 4, RT_HOST_REGISTER_READONLY = 8 };
/* cudaHostAlloc / cudaMallocHost (flags 0) and cudaFreeHost. */
rt_error rt_host_alloc(rt_context *ctx, void **out, size_t size, unsigned flags);
rt_error rt_host_free(rt_context *ctx, void *p);
rt_error rt_host_get_flags(rt_context *ctx, unsigned *flags, void *p);
/* Enters an existing host range into the UVA table (kernels may access it). */
rt_error rt_host_register(rt_context *ctx, void *p, size_t size, unsigned flags);
rt_error rt_host_unregister(rt_context *ctx, void *p);
/* The device alias of mapped/registered/managed host memory (UVA: itself). */
rt_error rt_host_device_pointer(rt_context *ctx, void **dev, void *host, unsigned flags);

/* A pitched linear 3D object (cudaPitchedPtr) and a position/extent; x and
 * widths in bytes. */
typedef struct rt_pitched { void *ptr; size_t pitch, xsize, ysize; } rt_pitched;
typedef struct rt_pos3 { size_t x, y, z; } rt_pos3;
rt_error rt_malloc3d(rt_context *ctx, rt_pitched *out, size_t width, size_t height,
                     size_t depth);
/* cudaMemcpy3D on linear memory; stream RT_STREAM_SYNC for the synchronous form. */
#define RT_STREAM_SYNC UINTPTR_MAX
rt_error rt_memcpy3d(rt_context *ctx, rt_pitched dst, rt_pos3 dpos, rt_pitched src,
                     rt_pos3 spos, rt_pos3 extent, int kind, uintptr_t stream);
/* cudaMemset2D/3D: `depth` slices of `height` rows of `width` bytes. */
rt_error rt_memset3d(rt_context *ctx, rt_pitched dst, int value, rt_pos3 extent,
                     uintptr_t stream);
rt_error rt_memcpy_symbol_async(rt_context *ctx, const void *host_var, size_t offset,
                                void *buf, size_t count, bool to_symbol, int kind,
                                uintptr_t stream);

/* Unified-memory hints: validated, recorded nowhere (no data moves in UVA). */
enum { RT_LOC_NONE = 0, RT_LOC_DEVICE = 1, RT_LOC_HOST = 2, RT_LOC_HOST_NUMA = 3,
       RT_LOC_HOST_NUMA_CURRENT = 4 };
rt_error rt_mem_advise(rt_context *ctx, const void *p, size_t count, int advice, int loc_type,
                       int loc_id);
rt_error rt_mem_prefetch(rt_context *ctx, const void *p, size_t count, int loc_type, int loc_id,
                         unsigned flags, uintptr_t stream);
rt_error rt_mem_range_attr(rt_context *ctx, void *data, size_t data_size, int attr,
                           const void *p, size_t count);

/* Stream-ordered allocation. A pool handle is an rt_pool pointer. */
typedef struct rt_pool rt_pool;
enum { RT_POOL_REUSE_FOLLOW_EVENTS = 1, RT_POOL_REUSE_OPPORTUNISTIC = 2,
       RT_POOL_REUSE_INTERNAL_DEPS = 3, RT_POOL_RELEASE_THRESHOLD = 4,
       RT_POOL_RESERVED_CURRENT = 5, RT_POOL_RESERVED_HIGH = 6, RT_POOL_USED_CURRENT = 7,
       RT_POOL_USED_HIGH = 8 };
rt_error rt_pool_default(rt_context *ctx, rt_pool **out);
rt_error rt_pool_current(rt_context *ctx, rt_pool **out);
rt_error rt_pool_set_current(rt_context *ctx, rt_pool *pool);
rt_error rt_pool_create(rt_context *ctx, rt_pool **out, size_t max_size);
rt_error rt_pool_destroy(rt_context *ctx, rt_pool *pool);
/* value: int for the reuse attributes, uint64_t for the others. */
rt_error rt_pool_set_attr(rt_context *ctx, rt_pool *pool, int attr, const void *value);
rt_error rt_pool_get_attr(rt_context *ctx, rt_pool *pool, int attr, void *value);
rt_error rt_pool_trim(rt_context *ctx, rt_pool *pool, size_t keep);
/* pool NULL: the current pool. */
rt_error rt_malloc_async(rt_context *ctx, void **out, size_t size, rt_pool *pool,
                         uintptr_t stream);
rt_error rt_free_async(rt_context *ctx, void *p, uintptr_t stream);

/* ---- graphs and stream capture (graph*.c) ----
 * Handles are cudaGraph_t / cudaGraphNode_t / cudaGraphExec_t values; a
 * destroyed or garbage handle gives cudaErrorInvalidValue. Node types and
 * capture modes/statuses carry the CUDA 13 enum values. */
enum { RT_GNODE_KERNEL = 0, RT_GNODE_MEMCPY = 1, RT_GNODE_MEMSET = 2, RT_GNODE_HOST = 3,
       RT_GNODE_GRAPH = 4,
       RT_GNODE_EMPTY = 5, RT_GNODE_WAIT_EVENT = 6, RT_GNODE_EVENT_RECORD = 7 };
enum { RT_CAPTURE_MODE_GLOBAL = 0, RT_CAPTURE_MODE_THREAD_LOCAL = 1,
       RT_CAPTURE_MODE_RELAXED = 2 };
enum { RT_CAPTURE_NONE = 0, RT_CAPTURE_ACTIVE = 1, RT_CAPTURE_INVALIDATED = 2 };
/* cudaGraphExecUpdateResult values used here */
enum { RT_UPDATE_SUCCESS = 0, RT_UPDATE_ERROR = 1, RT_UPDATE_TOPOLOGY = 2,
       RT_UPDATE_NODE_TYPE = 3, RT_UPDATE_PARAMETERS = 5, RT_UPDATE_NOT_SUPPORTED = 6 };

/* A kernel node: the arguments are copied (packed) when set. */
typedef struct rt_kernel_node {
    rt_kernel *kernel;
    rt_dim3    grid, block;
    size_t     dyn_smem;
    void     **args;
} rt_kernel_node;

/* A 3D copy between pitched linear memory (positions already applied):
 * depth slices of height rows of width bytes. */
typedef struct rt_copy3d {
    void       *dst;
    const void *src;
    size_t      dpitch, dheight, spitch, sheight;   /* row pitch, rows per slice */
    size_t      width, height, depth;
    int         kind;
} rt_copy3d;

/* cudaMemsetParams: height rows of width elements of elem_size (1, 2, 4). */
typedef struct rt_memset_node {
    void    *dst;
    size_t   pitch, width, height;
    unsigned value, elem_size;
} rt_memset_node;

rt_error rt_graph_create(rt_context *ctx, uintptr_t *out, unsigned flags);
rt_error rt_graph_destroy(rt_context *ctx, uintptr_t graph);
rt_error rt_graph_clone(rt_context *ctx, uintptr_t *out, uintptr_t graph);
/* Adding nodes: `deps` (n handles of nodes of the same graph) become edges
 * into the new node; *node receives its handle. */
rt_error rt_graph_add_kernel(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                             const rt_kernel_node *p, uintptr_t *node);
rt_error rt_graph_add_copy(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                           const rt_copy3d *p, uintptr_t *node);
rt_error rt_graph_add_memset(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                             const rt_memset_node *p, uintptr_t *node);
/* A host node calls fn(copy of data, status); data (size bytes) is copied. */
rt_error rt_graph_add_host(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                           rt_host_fn fn, const void *data, size_t size, uintptr_t *node);
rt_error rt_graph_add_empty(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                            uintptr_t *node);
/* A child graph node: `child` is cloned into the node (an embedded graph,
 * owned by the node: rt_graph_child gives its handle; it cannot be
 * destroyed on its own). Flattened at instantiation. */
rt_error rt_graph_add_child(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                            uintptr_t child, uintptr_t *node);
rt_error rt_graph_child(rt_context *ctx, uintptr_t node, uintptr_t *child);
/* RT_GNODE_EVENT_RECORD or RT_GNODE_WAIT_EVENT on `event`. */
rt_error rt_graph_add_event(rt_context *ctx, uintptr_t graph, const uintptr_t *deps, size_t n,
                            int type, uintptr_t event, uintptr_t *node);
rt_error rt_graph_add_deps(rt_context *ctx, uintptr_t graph, const uintptr_t *from,
                           const uintptr_t *to, size_t n);
rt_error rt_graph_remove_deps(rt_context *ctx, uintptr_t graph, const uintptr_t *from,
                              const uintptr_t *to, size_t n);
/* Listing: with out NULL, *n receives the count; else up to *n entries are
 * written and *n receives the number written (CUDA's convention). */
rt_error rt_graph_nodes(rt_context *ctx, uintptr_t graph, uintptr_t *out, size_t *n);
rt_error rt_graph_roots(rt_context *ctx, uintptr_t graph, uintptr_t *out, size_t *n);
rt_error rt_graph_edges(rt_context *ctx, uintptr_t graph, uintptr_t *from, uintptr_t *to,
                        size_t *n);
rt_error rt_graph_node_type(rt_context *ctx, uintptr_t node, int *type);
rt_error rt_graph_destroy_node(rt_context *ctx, uintptr_t node);
/* p->args points into the node (valid until it changes). */
rt_error rt_graph_kernel_get(rt_context *ctx, uintptr_t node, rt_kernel_node *p);
rt_error rt_graph_kernel_set(rt_context *ctx, uintptr_t node, const rt_kernel_node *p);
/* *data points at the node's copy of the host node data. */
rt_error rt_graph_host_get(rt_context *ctx, uintptr_t node, const void **data);
rt_error rt_graph_host_set(rt_context *ctx, uintptr_t node, rt_host_fn fn, const void *data,
                           size_t size);
/* A copy node's parameters (positions folded into dst/src). */
rt_error rt_graph_copy_get(rt_context *ctx, uintptr_t node, rt_copy3d *p);
rt_error rt_graph_copy_set(rt_context *ctx, uintptr_t node, const rt_copy3d *p);
/* The nodes `node` depends on (dependents false) or that depend on it;
 * listing convention as rt_graph_nodes. */
rt_error rt_graph_node_deps(rt_context *ctx, uintptr_t node, uintptr_t *out, size_t *n,
                            bool dependents);
/* cudaGraphDebugDotPrint: writes graph as a DOT digraph to path. */
rt_error rt_graph_dot_print(rt_context *ctx, uintptr_t graph, const char *path);

rt_error rt_graph_instantiate(rt_context *ctx, uintptr_t *exec, uintptr_t graph,
                              unsigned long long flags);
rt_error rt_graph_exec_destroy(rt_context *ctx, uintptr_t exec);
/* Submits the nodes to `stream` in the exec's topological order. */
rt_error rt_graph_launch(rt_context *ctx, uintptr_t exec, uintptr_t stream);
/* Validates exec and stream; see graph_exec.c for why nothing is uploaded. */
rt_error rt_graph_upload(rt_context *ctx, uintptr_t exec, uintptr_t stream);
/* Parameters of the exec's copy of graph node `node` (of the same type). */
rt_error rt_graph_exec_kernel_set(rt_context *ctx, uintptr_t exec, uintptr_t node,
                                  const rt_kernel_node *p);
rt_error rt_graph_exec_copy_set(rt_context *ctx, uintptr_t exec, uintptr_t node,
                                const rt_copy3d *p);
rt_error rt_graph_exec_memset_set(rt_context *ctx, uintptr_t exec, uintptr_t node,
                                  const rt_memset_node *p);
rt_error rt_graph_exec_host_set(rt_context *ctx, uintptr_t exec, uintptr_t node, rt_host_fn fn,
                                const void *data, size_t size);
/* cudaGraphExecUpdate: same node count, types and edges (in add order) or
 * cudaErrorGraphExecUpdateFailure with *result / *err_node saying why. */
rt_error rt_graph_exec_update(rt_context *ctx, uintptr_t exec, uintptr_t graph, int *result,
                              uintptr_t *err_node);

rt_error rt_stream_begin_capture(rt_context *ctx, uintptr_t stream, int mode);
/* cudaStreamBeginCaptureToGraph: captured nodes go into `graph` after deps. */
rt_error rt_stream_begin_capture_to_graph(rt_context *ctx, uintptr_t stream, uintptr_t graph,
                                          const uintptr_t *deps, size_t ndeps, int mode);
rt_error rt_stream_end_capture(rt_context *ctx, uintptr_t stream, uintptr_t *graph);
/* Any out pointer may be NULL. *deps stays valid until the stream changes. */
rt_error rt_stream_capture_info(rt_context *ctx, uintptr_t stream, int *status,
                                unsigned long long *id, uintptr_t *graph,
                                const uintptr_t **deps, size_t *ndeps);
rt_error rt_thread_exchange_capture_mode(rt_context *ctx, int *mode);
/* A host function whose data (size bytes) is copied now and owned by the
 * queued op (so a captured one can run many times): fn(copy, status).
 * rt_launch_host_fn's `user` is taken as one-shot: capturing it gives
 * cudaErrorStreamCaptureUnsupported. */
rt_error rt_launch_host_call(rt_context *ctx, uintptr_t stream, rt_host_fn fn,
                             const void *data, size_t size);

#endif
