/* sim/internal.h — private structures of the simulator.
 *
 * Ownership: a sim_program is immutable after sim_program_create. One
 * sim_grid describes a launch and is shared by every SM; everything an SM
 * touches while it executes (its CTAs, warps, registers, statistics, clock)
 * lives in its sim_sm, so SMs can later run on separate host threads.
 *
 * Registers are structure-of-arrays per warp: row n holds register Rn of the
 * 32 lanes, so a lane loop walks contiguous words. A program with nregs
 * registers uses nregs + 8 rows: rows nregs..nregs+3 always read zero (RZ
 * read as a 32-, 64- or 128-bit operand), rows nregs+4..nregs+7 swallow
 * writes to RZ. Predicates are 32-bit lane masks: slots P0..P6, PT (all
 * ones) and a sink slot that takes writes to PT.
 */
#ifndef COBALT_SIM_INTERNAL_H
#define COBALT_SIM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "sim/sim.h"
#include "sim/simt.h"

#define SIM_FULL_MASK     0xFFFFFFFFu
#define SIM_ZERO_ROWS     4
#define SIM_SINK_ROWS     4
#define SIM_EXTRA_ROWS    (SIM_ZERO_ROWS + SIM_SINK_ROWS)
#define SIM_PRED_SLOTS    9
#define SIM_PRED_PT       7
#define SIM_PRED_SINK     8
#define SIM_NUM_BARRIERS  16
/* barrier.cluster (BARCL) uses one more slot, apart from the PTX ids 0..15 */
#define SIM_CLUSTER_BARRIER SIM_NUM_BARRIERS
#define SIM_NUM_BARSLOTS  (SIM_NUM_BARRIERS + 1)
#define SIM_ROW_WORDS     ISA_WARP_SIZE
#define SIM_SM_GCACHE     8

typedef struct sim_exec sim_exec;
typedef struct sim_insn sim_insn;
typedef struct sim_warp sim_warp;
typedef struct sim_cta  sim_cta;
typedef struct sim_sm   sim_sm;
typedef struct sim_grid sim_grid;

/* One SM sub-core's issue state (sim/timing.c). */
typedef struct sim_subcore {
    uint64_t t;            /* next free issue cycle */
    /* When its tensor units are free again: cycle tensor_free plus
     * tensor_slot of its units' slots (0 <= tensor_slot < units), since
     * a step takes 1/units of a cycle. */
    uint64_t tensor_free;
    uint32_t tensor_slot;
    uint64_t tensor_counted;  /* busy cycles counted up to this cycle */
} sim_subcore;

/* What an executor tells the issue loop. */
typedef enum sim_step {
    SIM_STEP_NEXT = 0,  /* fall through to the next instruction */
    SIM_STEP_CTRL,      /* the executor already moved the warp (branch, exit, barrier) */
    SIM_STEP_FAULT,     /* the grid stops; the run's fault is filled */
} sim_step;

typedef sim_step sim_exec_fn(sim_exec *x, const sim_insn *in, uint32_t mask);

/* One predecoded instruction. Register operands are word offsets of their
 * first row in the warp's register file (or, for an immediate b, in the
 * program's constant rows), so executors never test for RZ. */
struct sim_insn {
    sim_exec_fn *fn;
    uint32_t     gneg;        /* SIM_FULL_MASK when the guard is negated */
    uint32_t     d, a, b, c;  /* row offsets (words) */
    uint32_t     imm, imm2;
    uint16_t     op;
    uint8_t      cls;
    uint8_t      guard;       /* predicate slot of the guard */
    uint8_t      e;           /* predicate slot written (PT -> sink) */
    uint8_t      px, py, pz;  /* predicate slots read from fields a, b, c */
    uint8_t      pneg;        /* bit 0: X negated, bit 1: Y, bit 2: Z */
    uint8_t      bimm;
    uint8_t      stall;       /* long latency: GTO switches warps after it (sim/sched.c) */
    uint8_t      mod[ISA_MAX_MODS];
};

struct sim_program {
    sim_insn *insns;
    isa_insn *dec;          /* decoded form, for reports */
    uint32_t *ptx_line;
    uint32_t  ninsns;
    uint32_t *krows;        /* constant rows of immediate b operands (2 rows each) */
    uint32_t  nkrows;
    char     *name;
    uint32_t  nregs, rows;  /* rows = nregs + SIM_EXTRA_ROWS */
    uint32_t  shared_size, local_size, param_size, maxntid, reqntid[3];
    bool      uses_stack;   /* has ENTER: gets a call stack above its locals */
    isa_fn_entry *fn_table; /* function id -> entry pc, ids ascending (CALLR) */
    uint32_t  nfn_table;
};

enum sim_warp_state { SIM_WARP_READY, SIM_WARP_BARRIER, SIM_WARP_DONE };

struct sim_warp {
    uint32_t *r;                     /* rows * 32 words */
    uint32_t  p[SIM_PRED_SLOTS];
    sim_simt  simt;
    uint64_t  gbase, glen;           /* last global allocation hit (per-warp cache) */
    uint64_t  age;                   /* placement order on its SM, for GTO */
    sim_cta  *cta;
    uint32_t  index;                 /* warp index within the CTA */
    uint32_t  lanes;                 /* lanes that hold threads */
    uint8_t   state;
    uint8_t   bar;                   /* barrier waited on */
    uint8_t   subcore;               /* index in sm->sub it issues on (sim/timing.c) */
    uint32_t  bar_pc;                /* pc of that BAR, for deadlock reports */
    /* A BARRED waiting for its result: written to these lanes at release. */
    bool      red;
    uint8_t   red_op, red_e;         /* MOD_BRED_*, predicate slot of E */
    uint32_t  red_d, red_mask;       /* row offset of d, lanes that arrived */
    bool      cl_armed;              /* BARCL.ARRIVE done, its WAIT not yet */
    uint32_t  cl_phase;              /* the cluster barrier phase it arrived in */
};

struct sim_cta {
    sim_warp *warps;
    uint32_t  nwarps;
    uint32_t  live, ready;           /* warps not exited / not blocked */
    uint32_t  arrived[SIM_NUM_BARSLOTS];
    uint32_t  expect[SIM_NUM_BARSLOTS];   /* warps a counted barrier waits for; 0: all live */
    uint32_t  red_popc[SIM_NUM_BARSLOTS]; /* BARRED: threads with Z so far */
    bool      red_all[SIM_NUM_BARSLOTS], red_any[SIM_NUM_BARSLOTS];
    uint32_t  cl_phase;                   /* completed phases of the cluster barrier */
    uint32_t *regs;
    uint8_t  *smem, *lmem;
    sim_dim3  ctaid;
    bool      resident;
    bool      allocated;
    sim_sm   *sm;
};

/* A launch, shared by all SMs. */
struct sim_grid {
    const sim_config  *cfg;
    const sim_launch  *l;
    const sim_program *prog;
    sim_mem           *mem;
    uint32_t           threads, nwarps;   /* per CTA */
    uint32_t           smem_size;         /* static (+ dynamic from a 16-byte boundary) */
    uint32_t           lmem_size;         /* per thread: .local variables + call stack */
    uint32_t           occ;               /* CTAs per SM */
    uint64_t           nctas;
    /* Shared by every host thread: the next CTA to place (atomic). Each
     * thread has its own copy of this struct with its own status and fault
     * (so fault reports never race); sim_run picks the first. */
    uint64_t          *next_cta;
    sim_status         status;
    sim_fault         *fault;
};

/* Executor context of one SM, re-aimed at the warp being issued. */
struct sim_exec {
    uint32_t       *r;
    uint32_t       *p;
    const uint32_t *k;
    sim_warp       *w;
    sim_sm         *sm;
    sim_grid        *run;
};

struct sim_sm {
    uint32_t   id;
    sim_grid   *run;
    sim_cta   *slots;
    uint32_t   nslots;
    sim_warp **order;      /* resident warps, oldest first */
    uint32_t   norder;
    sim_warp  *greedy;     /* GTO: the warp issued last */
    uint32_t   cursor;     /* LRR: index in order of the next warp to consider */
    uint64_t   cycles;     /* max over sub-cores of max(t, tensor_free), once its warps exited */
    uint64_t   seq;
    uint64_t   rng;        /* random: splitmix64 state, seeded per SM */
    sim_stats  stats;
    bool       stalled;    /* the last issued instruction has long latency */
    sim_exec   x;
    /* Global allocations this SM hit lately, behind each warp's one-entry
     * cache, so that warps alternating between arrays stay off the table's
     * lock (shared by every host thread). Valid while sim_mem_frees() is
     * gc_gen. */
    uint64_t   gc_base[SIM_SM_GCACHE], gc_len[SIM_SM_GCACHE], gc_gen;
    uint32_t   gc_next;
    sim_subcore sub[SIM_MAX_SUBCORES];   /* last: keeps the hot fields above together */
};

/* ---- dispatch (sim/exec/dispatch.c) ---- */
sim_exec_fn *sim_exec_lookup(unsigned op);

/* ---- operands (sim/operands.c) ---- */
/* Registers covered by operand field `f` ('d', 'a', 'b', 'c') of `in`: 1, 2
 * or 4; 0 when the field is not a register operand of the op. */
unsigned sim_operand_regs(const isa_insn *in, char f);
/* Whether field `f` is written (d of everything but stores). */
bool     sim_operand_is_dst(const isa_insn *in, char f);

/* ---- memory table (sim/mem.c) ---- */
/* Finds the live allocation holding addr: its base and size. */
bool sim_mem_lookup(sim_mem *m, uint64_t addr, uint64_t *base, uint64_t *size);
/* How many allocations were freed so far (lock-free): caches of lookups
 * stay valid while it does not change. */
uint64_t sim_mem_frees(sim_mem *m);

/* ---- CTA life (sim/cta.c) ---- */
bool       sim_cta_alloc(sim_cta *c, const sim_grid *run, sim_sm *sm);
void       sim_cta_free(sim_cta *c);
void       sim_cta_start(sim_cta *c, const sim_grid *run, uint64_t linear, uint64_t *seq);
/* BAR executed by warp w (arrive-and-wait or arrive only). */
sim_step   sim_cta_barrier(sim_exec *x, uint32_t id, bool wait, uint32_t pc);
/* The same for a barrier over `warps` warps (BARN); 0 means every live warp. */
sim_step   sim_cta_barrier_n(sim_exec *x, uint32_t id, bool wait, uint32_t pc, uint32_t warps);
/* BARCL.WAIT: the warp waits until barrier id completes its current phase. */
sim_step   sim_cta_barrier_wait(sim_exec *x, uint32_t id, uint32_t pc);
/* Warp w has no live lanes left. */
sim_step   sim_cta_warp_exited(sim_exec *x);
sim_dim3   sim_thread_id(const sim_grid *run, uint32_t warp, unsigned lane);

/* ---- issue timing (sim/timing.c) ---- */
/* Sub-cores and tensor units per sub-core of a config (0 = the default). */
unsigned   sim_timing_subcores(const sim_config *cfg);
unsigned   sim_timing_tensor_units(const sim_config *cfg);
/* The sub-core (index in sm->sub) of the warp in SM-wide warp slot `slot`. */
uint8_t    sim_timing_subcore(const sim_sm *sm, uint32_t slot);
/* One instruction issues on sub-core sc: at t, then t + 1. Hot path: the
 * SM's cycles catch up at warp exits (sim_timing_exit) and tensor work. */
static inline void sim_timing_issue(sim_subcore *sc)
{
    sc->t++;
}
/* Warp on sub-core sc exited: the SM has run at least until sc's time. */
static inline void sim_timing_exit(sim_sm *sm, const sim_subcore *sc)
{
    if (sc->t > sm->cycles)
        sm->cycles = sc->t;
}
/* The MMA-class instruction in, just issued (sim_timing_issue), did
 * `steps` 4x4x4 unit steps: it waits for the tensor units and occupies
 * them; a later step of a split instruction gives its issue cycle back. */
void       sim_timing_tensor(sim_sm *sm, sim_subcore *sc, const sim_insn *in, uint64_t steps);
/* A barrier of CTA c released: its sub-cores catch up with the latest. */
void       sim_timing_barrier(const sim_cta *c);

/* ---- issue (sim/warp.c), scheduling (sim/sched.c) ---- */
sim_step   sim_warp_step(sim_sm *sm, sim_warp *w);
sim_status sim_sm_run(sim_sm *sm, uint64_t budget);
/* Places the next CTA of the grid into a free slot of sm. Returns 1 when
 * one was placed, 0 when there is no free slot or no CTA left, -1 when the
 * slot's storage could not be allocated (the run's fault says so). */
int        sim_sm_place(sim_sm *sm);

/* ---- host threads (sim/threads.c) ---- */
/* Host threads a launch uses: min(cfg->threads or the online cores, SMs). */
unsigned   sim_thread_count(const sim_config *cfg);
/* Places the first CTAs and runs every SM to completion on nthreads host
 * threads; the first fault ends up in run->status / *run->fault. */
sim_status sim_run_threads(sim_grid *run, sim_sm *sms, unsigned nsms, unsigned nthreads);

/* ---- reports (sim/fault.c) ---- */
typedef enum sim_space { SIM_SPACE_GLOBAL, SIM_SPACE_SHARED, SIM_SPACE_LOCAL,
                         SIM_SPACE_CONST } sim_space;
sim_step sim_fault_access(sim_exec *x, const sim_insn *in, unsigned lane, sim_space space,
                          uint64_t addr, uint32_t size, bool store, bool misaligned);
sim_step sim_fault_insn(sim_exec *x, uint32_t pc, const char *why);
sim_step sim_fault_deadlock(sim_exec *x, const sim_cta *c);
/* A failure code of the reconvergence engine (SIM_SIMT_NOMEM, _SPIN,
 * _DEADLOCK, _MISUSE) at pc, for warp x->w (sim/reconv_fault.c). */
sim_step sim_fault_reconv(sim_exec *x, uint32_t pc, int code);
void     sim_fault_setf(sim_grid *run, sim_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "PTX line N (.Lpc: DISASM)" */
int      sim_fault_where(const sim_program *p, uint32_t pc, char *buf, size_t len);

/* ---- memory access (sim/exec/mem.c) ---- */
/* The addresses of one warp memory instruction, resolved lane by lane. */
typedef struct sim_lanes {
    uint8_t *ptr[ISA_WARP_SIZE];     /* host pointer of each lane's access */
    uint64_t addrs[ISA_WARP_SIZE];   /* global address or window offset */
    uint32_t in_space[SIM_SPACE_CONST + 1]; /* lanes per space */
    unsigned spaces;                 /* bit per space touched */
} sim_lanes;

/* Resolves the address of every lane in mask: a 64-bit pair a (+imm) when
 * `wide_addr`, else a 32-bit offset; the space is `space`, or chosen by
 * window when `generic`. Alignment and bounds are checked for every lane
 * before anything is accessed; the first bad lane faults the grid. */
sim_step sim_mem_lanes(sim_exec *x, const sim_insn *in, uint32_t mask, sim_space space,
                       bool generic, bool wide_addr, uint32_t size, bool store, sim_lanes *out);
/* Per-launch counters of one resolved access: loads/stores per space,
 * shared bank conflicts, global sectors. */
void     sim_mem_count(sim_exec *x, const sim_lanes *ln, uint32_t size, bool load, bool store);

/* ---- memory counters (sim/exec/counters.c) ---- */
/* Bank conflicts of one shared-memory warp access: offs[l] for the lanes
 * in mask, `size` bytes each. */
void sim_count_banks(sim_stats *s, const uint64_t *offs, uint32_t mask, uint32_t size);
/* 32-byte sectors of one global warp access. */
void sim_count_sectors(sim_stats *s, const uint64_t *addrs, uint32_t mask);

#endif
