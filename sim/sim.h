/* sim/sim.h — the SIMT simulator's public interface.
 *
 * GPU -> SMs -> resident CTAs -> warps of 32 lanes. A kernel is predecoded
 * once (sim_program) and then launched any number of times. All state is
 * reached through the objects below; nothing in sim/ is global.
 *
 * Global memory is unified with the host address space (UVA): a device
 * pointer is a host address inside an allocation registered in sim_mem, and
 * every global or generic access is checked against that table.
 */
#ifndef COBALT_SIM_H
#define COBALT_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "isa/isa.h"
#include "isa/module.h"

/* ---- configuration -------------------------------------------------------- */
typedef enum sim_sched_policy {
    SIM_SCHED_GTO = 0,  /* greedy-then-oldest: run one warp until it stalls */
    SIM_SCHED_LRR,      /* loose round robin: one instruction per warp in turn */
    SIM_SCHED_RANDOM,   /* a random ready warp each cycle (sim_config.seed) */
} sim_sched_policy;

/* Parses "gto" / "lrr" / "random"; returns false for anything else. */
bool        sim_sched_from_name(const char *name, sim_sched_policy *out);
const char *sim_sched_name(sim_sched_policy p);

/* How a warp's lanes reconverge after divergence (docs/architecture.md). */
typedef enum sim_reconv {
    SIM_RECONV_ITS = 0,  /* independent thread scheduling: per-lane pc, convergence barriers */
    SIM_RECONV_STACK,    /* pre-Volta IPDOM stack (teaching mode; reports intra-warp spin locks) */
} sim_reconv;

/* Parses "its" / "stack"; returns false for anything else. */
bool        sim_reconv_from_name(const char *name, sim_reconv *out);
const char *sim_reconv_name(sim_reconv r);

/* Stack mode: backward-branch trips of a path while other lanes of its warp
 * wait below it before the warp is reported as livelocked. */
#define SIM_DEFAULT_SPIN_LIMIT (1ull << 22)

typedef struct sim_config {
    unsigned num_sms;
    unsigned max_threads_per_sm;
    unsigned max_warps_per_sm;
    unsigned max_ctas_per_sm;
    unsigned regs_per_sm;          /* 32-bit registers */
    unsigned max_regs_per_thread;
    unsigned smem_per_sm;          /* bytes */
    unsigned smem_per_block;       /* bytes, default limit without opt-in */
    unsigned max_threads_per_block;
    unsigned clock_khz;
    sim_sched_policy sched;
    uint64_t seed;                 /* random scheduler; the same seed, the same run */
    /* Host threads the SMs run on: 1 = one thread, deterministic (the
     * default); 0 = every online core; n > 1 = min(n, num_sms) threads. */
    unsigned threads;
    sim_reconv reconv;             /* reconvergence engine (default ITS) */
    uint64_t spin_limit;           /* stack mode livelock report; 0: SIM_DEFAULT_SPIN_LIMIT */
    /* Issue model (sim/timing.c): each SM has `subcores` sub-cores, each
     * issuing one instruction per cycle and owning `tensor_units` tensor
     * units that complete one 4x4x4 step (64 FMAs) per cycle each. 0 takes
     * the default; subcores above SIM_MAX_SUBCORES is refused. */
    unsigned subcores;
    unsigned tensor_units;
} sim_config;

#define SIM_DEFAULT_SUBCORES     4u
#define SIM_DEFAULT_TENSOR_UNITS 4u   /* A100: 4 x 4 x 64 = 1024 f16 FMA/clk/SM */
#define SIM_MAX_SUBCORES         16u

/* An sm_80-class part (A100-like, scaled to 16 SMs). */
void sim_config_default(sim_config *c);

/* ---- memory: the UVA allocation table --------------------------------------- */
typedef enum sim_alloc_kind { SIM_ALLOC_DEVICE, SIM_ALLOC_HOST, SIM_ALLOC_MANAGED,
                              SIM_ALLOC_SYMBOL } sim_alloc_kind;

typedef struct sim_alloc_info {
    uint64_t       base, size;
    sim_alloc_kind kind;
    bool           freed;       /* a freed allocation remembered for diagnostics */
    char           tag[64];     /* e.g. the symbol name of a __device__ variable */
} sim_alloc_info;

typedef struct sim_mem sim_mem;   /* thread-safe */

sim_mem *sim_mem_create(void);
void     sim_mem_destroy(sim_mem *m);          /* frees every live allocation */
/* Allocates `size` bytes (256-byte aligned, zero-filled); the returned host
 * pointer is also the device address. NULL when out of memory. */
void    *sim_mem_alloc(sim_mem *m, size_t size, sim_alloc_kind kind, const char *tag);
/* Frees an allocation by its base address; false when p is not a live base. */
bool     sim_mem_free(sim_mem *m, void *p);
/* True when [addr, addr+size) lies inside one live allocation. */
bool     sim_mem_check(sim_mem *m, uint64_t addr, uint64_t size);
/* The live allocation containing addr. */
bool     sim_mem_find(sim_mem *m, uint64_t addr, sim_alloc_info *out);
/* The allocation (live or recently freed) nearest to addr, for reports. */
bool     sim_mem_nearest(sim_mem *m, uint64_t addr, sim_alloc_info *out);
uint64_t sim_mem_bytes_in_use(sim_mem *m);

/* ---- programs ------------------------------------------------------------------ */
typedef struct sim_program sim_program;  /* predecoded kernel, immutable, shareable */

/* Decodes the kernel once into the executable form. Fails (NULL + err) on an
 * illegal word or an instruction the executor cannot run. */
sim_program *sim_program_create(const isa_kernel *k, char *err, size_t errlen);
void         sim_program_destroy(sim_program *p);

/* ---- device built-ins: printf output and the malloc heap ----------------------- */
typedef struct sim_output sim_output;   /* a growing text buffer, thread-safe */

sim_output *sim_output_create(void);
void        sim_output_destroy(sim_output *o);
/* Appends n bytes as one piece; false when out of host memory. */
bool        sim_output_append(sim_output *o, const char *s, size_t n);
/* The text so far (not NUL-terminated) and its length. */
const char *sim_output_data(const sim_output *o, size_t *len);
void        sim_output_clear(sim_output *o);

typedef struct sim_heap sim_heap;       /* device malloc/free, thread-safe */

/* A heap of `capacity` bytes whose blocks are registered in m, each as its
 * own allocation so accesses past a block's end are caught. */
sim_heap *sim_heap_create(sim_mem *m, uint64_t capacity);
/* Frees every live block. */
void      sim_heap_destroy(sim_heap *h);
/* A zero-filled block of size bytes (16-byte aligned); NULL when the heap
 * is exhausted or size is 0. */
uint64_t  sim_heap_malloc(sim_heap *h, uint64_t size);
/* Frees a block; 0 is fine. False when p is not a live block of the heap. */
bool      sim_heap_free(sim_heap *h, uint64_t p);
uint64_t  sim_heap_capacity(const sim_heap *h);
uint64_t  sim_heap_used(sim_heap *h);
/* Whether any block was ever allocated (the size is fixed from then on). */
bool      sim_heap_touched(sim_heap *h);

/* ---- launch ----------------------------------------------------------------------- */
typedef struct sim_dim3 { uint32_t x, y, z; } sim_dim3;

/* CUDA's default cudaLimitStackSize is 1 KiB, but a Cobalt callee saves every
 * register it uses (up to 1 KiB a frame), so the default is larger. */
#define SIM_DEFAULT_STACK_SIZE 4096u

typedef struct sim_launch {
    const sim_program *prog;
    const isa_kernel  *kernel;
    sim_dim3           grid, block;
    uint32_t           dyn_smem;
    const uint8_t     *bank[ISA_NUM_BANKS];      /* constant banks (0: params) */
    uint32_t           bank_size[ISA_NUM_BANKS];
    uint64_t           grid_id;
    /* Per-thread call stack (bytes) of a kernel that calls functions: local
     * memory [kernel .local size, + stack_size), R1 starts at its top
     * (SR_STACKTOP). 0: SIM_DEFAULT_STACK_SIZE. */
    uint32_t           stack_size;
    /* Device built-ins (SYS). NULL: a kernel that calls them faults with a
     * message saying what is missing. */
    sim_output        *out;        /* printf: each call's text, in execution order */
    sim_output        *err;        /* failed device assertions, one line per thread */
    sim_heap          *heap;       /* device malloc/free */
    /* %envreg0..31 as the kernel reads them (S2R SR_ENVREGn). A cooperative
     * launch puts the grid-sync workspace address in envreg1 (high half)
     * and envreg2 (low half), as CUDA's cooperative_groups code expects. */
    uint32_t           envreg[32];
    /* Cooperative launch: every CTA must be resident at once, else the
     * launch fails with SIM_ERR_CONFIG before anything runs. */
    bool               cooperative;
} sim_launch;

typedef enum sim_status {
    SIM_OK = 0,
    SIM_ERR_CONFIG,           /* launch configuration invalid (block too big, ...) */
    SIM_ERR_RESOURCES,        /* a CTA does not fit on an SM (registers, shared) */
    SIM_FAULT_ILLEGAL_ADDRESS,
    SIM_FAULT_MISALIGNED,
    SIM_FAULT_ILLEGAL_INSN,
    SIM_FAULT_TRAP,
    SIM_FAULT_DEADLOCK,       /* barrier that can never complete */
    SIM_FAULT_ASSERT,         /* a device-side assert failed (__assertfail) */
} sim_status;

typedef struct sim_fault {
    sim_status status;
    sim_dim3   ctaid, tid;
    uint32_t   pc, ptx_line;
    uint64_t   addr;
    uint32_t   size;
    char       message[1024];  /* complete human-readable report, one or more lines */
} sim_fault;

typedef struct sim_stats {
    uint64_t warp_insns, thread_insns;
    uint64_t warp_insns_by_class[ISA_NUM_CLASSES];
    uint64_t thread_insns_by_class[ISA_NUM_CLASSES];
    uint64_t branches, divergent_branches;
    uint64_t barrier_waits;       /* warps that arrived at a barrier and waited */
    uint64_t global_loads, global_stores, shared_loads, shared_stores; /* per warp instruction */
    uint64_t ctas, warps;
    uint64_t cycles;              /* simulated cycles of the busiest SM (sim/timing.c) */
    uint32_t ctas_per_sm;         /* occupancy used */
    uint64_t atomics;             /* warp instructions of ATOM/ATOMS */
    /* Per shared warp access (LDS/STS/ATOMS, generic to shared): the most
     * distinct 4-byte words in one of the 32 banks, minus 1, per phase. */
    uint64_t bank_conflicts;
    uint64_t global_sectors;      /* distinct 32-byte sectors per global warp access */
    uint64_t mma_steps;           /* 4x4x4 tensor unit steps (HMMAS: 1, HMMA: 1 per active group of 4 lanes) */
    /* Cycles in which a sub-core's tensor units were busy, summed over
     * sub-cores; like cycles it depends on which CTAs share an SM. */
    uint64_t tensor_cycles;
    /* Tensor units of the whole GPU (SMs x sub-cores x units per sub-core):
     * utilisation = mma_steps / (cycles x tensor_units). */
    uint64_t tensor_units;
} sim_stats;

typedef struct sim_gpu sim_gpu;

sim_gpu *sim_gpu_create(const sim_config *cfg, sim_mem *mem);
void     sim_gpu_destroy(sim_gpu *g);
const sim_config *sim_gpu_config(const sim_gpu *g);

/* CTAs of this kernel that fit on one SM at once (threads, warps, registers,
 * shared memory, CTA slots); 0 when one CTA does not fit. */
unsigned sim_occupancy(const sim_config *cfg, const isa_kernel *k,
                       unsigned threads_per_block, unsigned dyn_smem);

/* Runs the whole grid. Returns SIM_OK, or the first fault (details in
 * *fault; the grid is stopped). stats may be NULL. */
sim_status sim_run(sim_gpu *g, const sim_launch *l, sim_stats *stats, sim_fault *fault);

/* Adds b into a. */
void sim_stats_add(sim_stats *a, const sim_stats *b);

/* ---- memory: external host ranges (cudaHostRegister; sim/mem.c) ------------ */
/* Enters [p, p+size) into the table as SIM_ALLOC_HOST without taking
 * ownership (never freed by the table, not in bytes_in_use). false when it
 * overlaps a live entry or out of memory. Unregister it before
 * sim_mem_destroy; never pass it to sim_mem_free. */
bool sim_mem_register(sim_mem *m, void *p, size_t size, const char *tag);
/* Removes a range sim_mem_register entered; false when p is not its base. */
bool sim_mem_unregister(sim_mem *m, void *p);

#endif
