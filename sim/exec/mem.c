/* sim/exec/mem.c — MEM class: loads and stores in every state space.
 *
 * Every lane's address is checked before any lane touches memory, so a
 * faulting instruction has no partial effect and a load whose destination
 * is also its address register reads the right addresses. Global addresses
 * are checked against the allocation table through a per-warp cache of the
 * last allocation hit. Misaligned accesses fault before bounds are checked.
 *
 * Memory model: global memory is shared by SMs that may run on different
 * host threads, so every access that touches global memory is a host
 * atomic access of its width (loads acquire, stores release; 128 bits as
 * two 64-bit halves). That makes every PTX ordering (weak, volatile,
 * relaxed, acquire, release) well defined and spin-waiting across SMs
 * correct without the ISA carrying the order; on x86-64 these are plain
 * moves. Shared and
 * local memory belong to one CTA, which lives on one host thread: plain.
 */
#include "sim/exec/exec.h"

static const uint8_t mw_size[] = { 1, 1, 2, 2, 4, 8, 16 };

static inline void load_lane(uint32_t *D, unsigned l, unsigned mw, const uint8_t *p)
{
    uint16_t h;
    switch (mw) {
    case MOD_MW_U8:  D[l] = p[0]; break;
    case MOD_MW_S8:  D[l] = (uint32_t)(int32_t)(int8_t)p[0]; break;
    case MOD_MW_U16: memcpy(&h, p, 2); D[l] = h; break;
    case MOD_MW_S16: memcpy(&h, p, 2); D[l] = (uint32_t)(int32_t)(int16_t)h; break;
    case MOD_MW_32:  memcpy(&D[l], p, 4); break;
    default:
        /* 64 and 128 bits: consecutive registers, 32 words apart */
        for (unsigned i = 0; i < (mw == MOD_MW_64 ? 2u : 4u); i++)
            memcpy(&D[l + i * ISA_WARP_SIZE], p + 4 * i, 4);
        break;
    }
}

static inline void store_lane(uint8_t *p, const uint32_t *B, unsigned l, unsigned mw)
{
    switch (mw) {
    case MOD_MW_U8: case MOD_MW_S8: p[0] = (uint8_t)B[l]; break;
    case MOD_MW_U16: case MOD_MW_S16: {
        uint16_t h = (uint16_t)B[l];
        memcpy(p, &h, 2);
        break;
    }
    case MOD_MW_32: memcpy(p, &B[l], 4); break;
    default:
        for (unsigned i = 0; i < (mw == MOD_MW_64 ? 2u : 4u); i++)
            memcpy(p + 4 * i, &B[l + i * ISA_WARP_SIZE], 4);
        break;
    }
}

/* The same as load_lane/store_lane for memory other SMs may touch. */
static inline void load_lane_atomic(uint32_t *D, unsigned l, unsigned mw, uint8_t *p)
{
    switch (mw) {
    case MOD_MW_U8:  D[l] = __atomic_load_n(p, __ATOMIC_ACQUIRE); break;
    case MOD_MW_S8:
        D[l] = (uint32_t)(int32_t)(int8_t)__atomic_load_n(p, __ATOMIC_ACQUIRE);
        break;
    case MOD_MW_U16: D[l] = __atomic_load_n((uint16_t *)(void *)p, __ATOMIC_ACQUIRE); break;
    case MOD_MW_S16:
        D[l] = (uint32_t)(int32_t)(int16_t)__atomic_load_n((uint16_t *)(void *)p,
                                                           __ATOMIC_ACQUIRE);
        break;
    case MOD_MW_32:  D[l] = __atomic_load_n((uint32_t *)(void *)p, __ATOMIC_ACQUIRE); break;
    default:
        for (unsigned i = 0; i < (mw == MOD_MW_64 ? 1u : 2u); i++) {
            uint64_t v = __atomic_load_n((uint64_t *)(void *)(p + 8 * i), __ATOMIC_ACQUIRE);
            D[l + 2 * i * ISA_WARP_SIZE] = (uint32_t)v;
            D[l + (2 * i + 1) * ISA_WARP_SIZE] = (uint32_t)(v >> 32);
        }
        break;
    }
}

static inline void store_lane_atomic(uint8_t *p, const uint32_t *B, unsigned l, unsigned mw)
{
    switch (mw) {
    case MOD_MW_U8: case MOD_MW_S8: __atomic_store_n(p, (uint8_t)B[l], __ATOMIC_RELEASE); break;
    case MOD_MW_U16: case MOD_MW_S16:
        __atomic_store_n((uint16_t *)(void *)p, (uint16_t)B[l], __ATOMIC_RELEASE);
        break;
    case MOD_MW_32: __atomic_store_n((uint32_t *)(void *)p, B[l], __ATOMIC_RELEASE); break;
    default:
        for (unsigned i = 0; i < (mw == MOD_MW_64 ? 1u : 2u); i++) {
            uint64_t v = B[l + 2 * i * ISA_WARP_SIZE] |
                         (uint64_t)B[l + (2 * i + 1) * ISA_WARP_SIZE] << 32;
            __atomic_store_n((uint64_t *)(void *)(p + 8 * i), v, __ATOMIC_RELEASE);
        }
        break;
    }
}

static inline bool global_ok(sim_exec *x, uint64_t addr, uint32_t size)
{
    sim_warp *w = x->w;
    uint64_t off = addr - w->gbase;
    if (off < w->glen && size <= w->glen - off)
        return true;
    sim_sm *sm = x->sm;
    uint64_t gen = sim_mem_frees(x->run->mem);
    if (gen != sm->gc_gen) {
        memset(sm->gc_len, 0, sizeof sm->gc_len);
        sm->gc_gen = gen;
    }
    for (unsigned i = 0; i < SIM_SM_GCACHE; i++) {
        off = addr - sm->gc_base[i];
        if (off < sm->gc_len[i] && size <= sm->gc_len[i] - off) {
            w->gbase = sm->gc_base[i];
            w->glen = sm->gc_len[i];
            return true;
        }
    }
    uint64_t base, len;
    if (!sim_mem_lookup(x->run->mem, addr, &base, &len) || size > len - (addr - base))
        return false;
    w->gbase = sm->gc_base[sm->gc_next] = base;
    w->glen = sm->gc_len[sm->gc_next] = len;
    sm->gc_next = (sm->gc_next + 1) % SIM_SM_GCACHE;
    return true;
}

static inline bool window_ok(uint32_t off, uint32_t size, uint32_t limit)
{
    return size <= limit && off <= limit - size;
}

static inline uint8_t *local_base(const sim_exec *x, unsigned l)
{
    const sim_warp *w = x->w;
    uint32_t ls = x->run->lmem_size;
    return w->cta->lmem + ((size_t)w->index * ISA_WARP_SIZE + l) * ls;
}

/* Resolves one lane's access in `space` to a host pointer, or reports the
 * fault. Shared and local addresses are window offsets (the low 32 bits of
 * a generic address). */
static sim_step resolve(sim_exec *x, const sim_insn *in, unsigned l, sim_space space,
                        uint64_t addr, uint32_t size, bool store, uint8_t **out)
{
    if (addr & (size - 1))
        return sim_fault_access(x, in, l, space, addr, size, store, true);
    const sim_grid *run = x->run;
    uint32_t off = (uint32_t)addr;
    switch (space) {
    case SIM_SPACE_SHARED:
        if (!window_ok(off, size, run->smem_size))
            break;
        *out = x->w->cta->smem + off;
        return SIM_STEP_NEXT;
    case SIM_SPACE_LOCAL:
        if (!window_ok(off, size, run->lmem_size))
            break;
        *out = local_base(x, l) + off;
        return SIM_STEP_NEXT;
    case SIM_SPACE_CONST: {
        /* LDC names its bank; a generic address carries it (ISA_CONST_WINDOW).
         * Constant memory is read-only: stores and atomics fault. */
        uint64_t bank = addr >= ISA_CONST_WINDOW ? (addr - ISA_CONST_WINDOW) / ISA_WINDOW_SIZE
                                                 : in->imm2;
        const uint8_t *data = bank < ISA_NUM_BANKS ? run->l->bank[bank] : NULL;
        if (store || data == NULL || !window_ok(off, size, run->l->bank_size[bank]))
            break;
        *out = (uint8_t *)(uintptr_t)(data + off);   /* only read */
        return SIM_STEP_NEXT;
    }
    default:
        if (!global_ok(x, addr, size))
            break;
        *out = (uint8_t *)(uintptr_t)addr;
        return SIM_STEP_NEXT;
    }
    return sim_fault_access(x, in, l, space, addr, size, store, false);
}

static inline sim_space generic_space(uint64_t addr)
{
    uint64_t win = addr & ~(ISA_WINDOW_SIZE - 1);
    return win == ISA_SHARED_WINDOW ? SIM_SPACE_SHARED
         : win == ISA_LOCAL_WINDOW ? SIM_SPACE_LOCAL
         : win - ISA_CONST_WINDOW < ISA_NUM_BANKS * ISA_WINDOW_SIZE ? SIM_SPACE_CONST
         : SIM_SPACE_GLOBAL;
}

/* For the atomics (sim/exec/atom.c): the same checks as loads and stores. */
/* The whole warp at once, for the common case of a fixed space where every
 * lane is aligned and inside the allocation (or shared window) the warp
 * used last: one pass over the addresses, no per-lane checks. False sends
 * the access down the lane-by-lane path, which reports faults. */
static bool warp_fast(sim_exec *x, const uint32_t *A, uint32_t mask, sim_space space,
                      bool wide_addr, uint64_t off64, uint32_t imm, uint32_t size,
                      sim_lanes *out)
{
    uint64_t lo = UINT64_MAX, hi = 0, bits = 0;
    LANES(uint64_t a = wide_addr ? rd64(A, l) + off64 : (uint64_t)(uint32_t)(A[l] + imm);
          out->addrs[l] = a; bits |= a;
          lo = a < lo ? a : lo; hi = a > hi ? a : hi);
    if (bits & (size - 1))
        return false;
    uint8_t *base;
    if (space == SIM_SPACE_GLOBAL) {
        /* lo's allocation (now cached) must hold hi too: then every lane,
         * all between lo and hi, is inside one allocation. */
        if (!global_ok(x, lo, size) || hi - x->w->gbase > x->w->glen - size)
            return false;
        base = NULL;
    } else {
        if (!window_ok((uint32_t)lo, size, x->run->smem_size) ||
            !window_ok((uint32_t)hi, size, x->run->smem_size))
            return false;
        base = x->w->cta->smem;
    }
    LANES(out->ptr[l] = base ? base + out->addrs[l] : (uint8_t *)(uintptr_t)out->addrs[l]);
    out->spaces = 1u << space;
    out->in_space[space] = mask;
    return true;
}

sim_step sim_mem_lanes(sim_exec *x, const sim_insn *in, uint32_t mask, sim_space space,
                       bool generic, bool wide_addr, uint32_t size, bool store, sim_lanes *out)
{
    const uint32_t *A = RA;
    uint64_t off64 = (uint64_t)(int64_t)(int32_t)in->imm;
    memset(out->in_space, 0, sizeof out->in_space);
    out->spaces = 0;
    if (!generic && (space == SIM_SPACE_GLOBAL || space == SIM_SPACE_SHARED) &&
        warp_fast(x, A, mask, space, wide_addr, off64, in->imm, size, out))
        return SIM_STEP_NEXT;
    LANES(uint64_t addr = wide_addr ? rd64(A, l) + off64 : (uint64_t)(uint32_t)(A[l] + in->imm);
          sim_space sp = generic ? generic_space(addr) : space;
          out->spaces |= 1u << sp;
          out->addrs[l] = sp == SIM_SPACE_GLOBAL ? addr : (uint32_t)addr;
          out->in_space[sp] |= 1u << l;
          if (resolve(x, in, l, sp, addr, size, store, &out->ptr[l]) != SIM_STEP_NEXT)
              return SIM_STEP_FAULT);
    return SIM_STEP_NEXT;
}

void sim_mem_count(sim_exec *x, const sim_lanes *ln, uint32_t size, bool load, bool store)
{
    sim_stats *s = &x->sm->stats;
    if (ln->spaces & (1u << SIM_SPACE_GLOBAL)) {
        s->global_loads += load;
        s->global_stores += store;
    }
    if (ln->spaces & (1u << SIM_SPACE_SHARED)) {
        s->shared_loads += load;
        s->shared_stores += store;
    }
    if (ln->in_space[SIM_SPACE_SHARED])
        sim_count_banks(s, ln->addrs, ln->in_space[SIM_SPACE_SHARED], size);
    if (ln->in_space[SIM_SPACE_GLOBAL])
        sim_count_sectors(s, ln->addrs, ln->in_space[SIM_SPACE_GLOBAL]);
}

/* One memory instruction. `space` is fixed, or SIM_SPACE_GLOBAL with
 * `generic` set for LD/ST. 64-bit address pairs for global and generic,
 * a 32-bit offset register otherwise. */
static sim_step mem_access(sim_exec *x, const sim_insn *in, uint32_t mask, sim_space space,
                       bool generic, bool store)
{
    unsigned mw = in->mod[0];
    uint32_t size = mw_size[mw];
    sim_lanes ln;
    if (sim_mem_lanes(x, in, mask, space, generic, space == SIM_SPACE_GLOBAL, size, store,
                      &ln) != SIM_STEP_NEXT)
        return SIM_STEP_FAULT;
    bool cross_sm = (ln.spaces & (1u << SIM_SPACE_GLOBAL)) != 0;   /* other SMs see it */
    if (store && cross_sm) {
        const uint32_t *B = RB;
        LANES(store_lane_atomic(ln.ptr[l], B, l, mw));
    } else if (store) {
        const uint32_t *B = RB;
        LANES(store_lane(ln.ptr[l], B, l, mw));
    } else if (cross_sm) {
        uint32_t *D = RD;
        LANES(load_lane_atomic(D, l, mw, ln.ptr[l]));
    } else {
        uint32_t *D = RD;
        LANES(load_lane(D, l, mw, ln.ptr[l]));
    }
    sim_mem_count(x, &ln, size, !store, store);
    return SIM_STEP_NEXT;
}

EXEC(LDG) { return mem_access(x, in, mask, SIM_SPACE_GLOBAL, false, false); }
EXEC(STG) { return mem_access(x, in, mask, SIM_SPACE_GLOBAL, false, true); }
EXEC(LDS) { return mem_access(x, in, mask, SIM_SPACE_SHARED, false, false); }
EXEC(STS) { return mem_access(x, in, mask, SIM_SPACE_SHARED, false, true); }
EXEC(LDL) { return mem_access(x, in, mask, SIM_SPACE_LOCAL, false, false); }
EXEC(STL) { return mem_access(x, in, mask, SIM_SPACE_LOCAL, false, true); }
EXEC(LD)  { return mem_access(x, in, mask, SIM_SPACE_GLOBAL, true, false); }
EXEC(ST)  { return mem_access(x, in, mask, SIM_SPACE_GLOBAL, true, true); }
EXEC(LDC) { return mem_access(x, in, mask, SIM_SPACE_CONST, false, false); }

/* The 32-byte check of a PTX .v8.b32 / .v4.b64 access, which then moves as
 * two 16-byte accesses: every check of a real 32-byte access (alignment,
 * bounds), so a fault is the one the whole access would raise. */
EXEC(ACHK)
{
    static const sim_space space[] = { SIM_SPACE_GLOBAL, SIM_SPACE_SHARED, SIM_SPACE_LOCAL,
                                       SIM_SPACE_GLOBAL };
    unsigned sp = in->mod[0] & 3u;
    bool generic = sp == MOD_ACHK_GENERIC, wide = sp == MOD_ACHK_GLOBAL || generic;
    sim_lanes ln;
    return sim_mem_lanes(x, in, mask, space[sp], generic, wide, 32, in->mod[1] != 0, &ln);
}
