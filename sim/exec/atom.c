/* sim/exec/atom.c — atomics (ATOM generic, ATOMS shared) and MEMBAR.
 *
 * Every lane's address is checked first (alignment, then the allocation
 * table or the window), exactly like loads and stores, so a faulting atomic
 * changes nothing. Then the lanes update memory one after another in lane
 * order, which serialises lanes of one warp hitting the same address. Each
 * update is a host compare-and-swap loop on the real memory, so the result
 * stays correct once SMs run on separate host threads.
 *
 * 16-bit atomics (F16, BF16 add; B16 CAS) use 16-bit host CAS on the
 * halfword itself: a CAS on the containing word could read past the end
 * of an allocation. B128 (CAS, EXCH) uses cmpxchg16b through the __sync
 * builtin, which GCC inlines for a cx16 target (the __atomic form would
 * need libatomic); other hosts fault with a message.
 */
#include "sim/exec/fpu.h"

/* f16x2/bf16x2 add (PTX atom.add.noftz): each half rounded to nearest, no
 * flush of subnormals, a NaN result canonical. */
static uint64_t add_x2(unsigned fmt, uint64_t old, uint64_t b)
{
    uint64_t lo = sf_add(fmt, MOD_RN, old & 0xffff, b & 0xffff);
    uint64_t hi = sf_add(fmt, MOD_RN, (old >> 16) & 0xffff, (b >> 16) & 0xffff);
    return (lo & 0xffff) | (hi & 0xffff) << 16;
}

/* New value of one atomic update of `old` with operands b and c. */
static uint64_t atom_apply(unsigned op, unsigned ty, uint64_t old, uint64_t b, uint64_t c)
{
    if (ty == MOD_AT_F16X2 || ty == MOD_AT_BF16X2)   /* add only (atom_supported) */
        return add_x2(ty == MOD_AT_F16X2 ? MOD_F16 : MOD_BF16, old, b);
    if (ty == MOD_AT_F16 || ty == MOD_AT_BF16)       /* add.noftz: RN, no flush */
        return sf_add(ty == MOD_AT_F16 ? MOD_F16 : MOD_BF16, MOD_RN, old, b & 0xffff) & 0xffff;
    if (ty == MOD_AT_B16)                            /* CAS only */
        return old == (b & 0xffff) ? c & 0xffff : old;
    bool wide = ty == MOD_AT_U64 || ty == MOD_AT_S64;
    bool sgn = ty == MOD_AT_S32 || ty == MOD_AT_S64;
    uint64_t mask = wide ? UINT64_MAX : UINT32_MAX;
    /* Signed order by flipping the sign bit, so one unsigned compare serves. */
    uint64_t flip = sgn ? (wide ? 1ull << 63 : 1ull << 31) : 0;
    switch (op) {
    case MOD_ATOM_ADD:
        if (ty == MOD_AT_F32)   /* atom.add.f32 flushes subnormals */
            return fix32(bits_f32(f32_of(ftz32((uint32_t)old)) + f32_of(ftz32((uint32_t)b))), 1, 0);
        if (ty == MOD_AT_F64)
            return fix64(bits_f64(f64_of(old) + f64_of(b)));
        return (old + b) & mask;
    case MOD_ATOM_MIN: return (old ^ flip) <= (b ^ flip) ? old : b;
    case MOD_ATOM_MAX: return (old ^ flip) >= (b ^ flip) ? old : b;
    case MOD_ATOM_INC: return old >= b ? 0 : (old + 1) & mask;
    case MOD_ATOM_DEC: return old == 0 || old > b ? b : old - 1;
    case MOD_ATOM_AND: return old & b;
    case MOD_ATOM_OR:  return old | b;
    case MOD_ATOM_XOR: return old ^ b;
    case MOD_ATOM_EXCH: return b;
    default:           return old == b ? c : old;   /* CAS */
    }
}

/* The op/type pairs with semantics; the rest fault before touching memory. */
static bool atom_supported(unsigned op, unsigned ty)
{
    if (ty == MOD_AT_F16X2 || ty == MOD_AT_BF16X2 || ty == MOD_AT_F16 || ty == MOD_AT_BF16)
        return op == MOD_ATOM_ADD;
    if (ty == MOD_AT_B16)
        return op == MOD_ATOM_CAS;
    if (ty == MOD_AT_B128)
        return op == MOD_ATOM_CAS || op == MOD_ATOM_EXCH;
    if (ty == MOD_AT_F32 || ty == MOD_AT_F64)
        return op == MOD_ATOM_ADD || op == MOD_ATOM_EXCH || op == MOD_ATOM_CAS;
    return op <= MOD_ATOM_CAS;
}

static uint64_t atom_lane(uint8_t *p, uint32_t size, unsigned op, unsigned ty, uint64_t b,
                          uint64_t c)
{
    if (size == 2) {
        uint16_t *q = (uint16_t *)(void *)p;
        uint16_t old = __atomic_load_n(q, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(q, &old, (uint16_t)atom_apply(op, ty, old, b, c), true,
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        return old;
    }
    if (size == 8) {
        uint64_t *q = (uint64_t *)(void *)p;
        uint64_t old = __atomic_load_n(q, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(q, &old, atom_apply(op, ty, old, b, c), true,
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        return old;
    }
    uint32_t *q = (uint32_t *)(void *)p;
    uint32_t old = __atomic_load_n(q, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(q, &old, (uint32_t)atom_apply(op, ty, old, b, c), true,
                                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
        ;
    return old;
}

#if defined(__x86_64__) && defined(__SIZEOF_INT128__)
typedef unsigned __int128 u128;

/* One 16-byte CAS or exchange; the pair order in memory is lo, hi. */
__attribute__((target("cx16")))
static void atom_lane128(uint8_t *p, unsigned op, const uint64_t b[2], const uint64_t c[2],
                         uint64_t old_out[2])
{
    u128 *q = (u128 *)(void *)p;
    u128 bv = (u128)b[1] << 64 | b[0], cv = (u128)c[1] << 64 | c[0];
    u128 old = __sync_val_compare_and_swap(q, bv, op == MOD_ATOM_CAS ? cv : bv);
    if (op == MOD_ATOM_EXCH) {   /* retry until the exchange wins */
        for (u128 seen = bv; old != seen;) {
            seen = old;
            old = __sync_val_compare_and_swap(q, seen, bv);
        }
    }
    old_out[0] = (uint64_t)old;
    old_out[1] = (uint64_t)(old >> 64);
}

#define HAVE_ATOM128 1
#else
#define HAVE_ATOM128 0
static void atom_lane128(uint8_t *p, unsigned op, const uint64_t b[2], const uint64_t c[2],
                         uint64_t old_out[2])
{
    (void)p, (void)op, (void)b, (void)c, (void)old_out;
}
#endif

/* B128 CAS/EXCH: b, c and d are register quads (lo word first). */
static sim_step atomic128(sim_exec *x, const sim_insn *in, uint32_t mask, bool generic)
{
    if (!HAVE_ATOM128)
        return sim_fault_insn(x, sim_simt_pc(&x->w->simt),
                              "128-bit atomics need an x86-64 host with cmpxchg16b");
    const uint32_t *B = RB, *C = RC;
    sim_lanes ln;
    if (sim_mem_lanes(x, in, mask, SIM_SPACE_SHARED, generic, generic, 16, true, &ln) !=
        SIM_STEP_NEXT)
        return SIM_STEP_FAULT;
    uint64_t bv[ISA_WARP_SIZE][2], cv[ISA_WARP_SIZE][2], old[ISA_WARP_SIZE][2];
    LANES(bv[l][0] = rd64(B, l); bv[l][1] = rd64(B + 2 * ISA_WARP_SIZE, l);
          cv[l][0] = rd64(C, l); cv[l][1] = rd64(C + 2 * ISA_WARP_SIZE, l));
    LANES(atom_lane128(ln.ptr[l], in->mod[0], bv[l], cv[l], old[l]));
    uint32_t *D = RD;
    LANES(wr64(D, l, old[l][0]); wr64(D + 2 * ISA_WARP_SIZE, l, old[l][1]));
    x->sm->stats.atomics++;
    sim_mem_count(x, &ln, 16, true, true);
    return SIM_STEP_NEXT;
}

static sim_step atomic(sim_exec *x, const sim_insn *in, uint32_t mask, bool generic)
{
    unsigned op = in->mod[0], ty = in->mod[1];
    if (!atom_supported(op, ty))
        return sim_fault_insn(x, sim_simt_pc(&x->w->simt),
                              "this atomic operation/type pair (anything but add on f16/bf16/"
                              "f16x2/bf16x2, cas on b16, cas/exch on b128, or min/max/inc/dec/"
                              "and/or/xor on floats) is not supported yet");
    if (ty == MOD_AT_B128)
        return atomic128(x, in, mask, generic);
    bool wide = ty == MOD_AT_U64 || ty == MOD_AT_S64 || ty == MOD_AT_F64;
    bool half = ty == MOD_AT_F16 || ty == MOD_AT_BF16 || ty == MOD_AT_B16;
    uint32_t size = wide ? 8 : half ? 2 : 4;
    const uint32_t *B = RB, *C = RC;
    sim_lanes ln;
    if (sim_mem_lanes(x, in, mask, SIM_SPACE_SHARED, generic, generic, size, true, &ln) !=
        SIM_STEP_NEXT)
        return SIM_STEP_FAULT;
    /* Operands are read before d is written: d may name b or c. */
    uint64_t bv[ISA_WARP_SIZE], cv[ISA_WARP_SIZE], old[ISA_WARP_SIZE];
    LANES(bv[l] = wide ? rd64(B, l) : B[l]; cv[l] = wide ? rd64(C, l) : C[l]);
    LANES(old[l] = atom_lane(ln.ptr[l], size, op, ty, bv[l], cv[l]));
    uint32_t *D = RD;
    LANES(if (wide) wr64(D, l, old[l]); else D[l] = (uint32_t)old[l]);
    x->sm->stats.atomics++;
    sim_mem_count(x, &ln, size, true, true);
    return SIM_STEP_NEXT;
}

EXEC(ATOM)  { return atomic(x, in, mask, true); }
EXEC(ATOMS) { return atomic(x, in, mask, false); }

/* Lanes of a warp run in order and SMs share memory through host atomics,
 * so a host fence gives every scope's guarantee. */
EXEC(MEMBAR)
{
    (void)in;
    (void)mask;
    (void)x;
#ifndef __SANITIZE_THREAD__   /* TSan does not model fences (and GCC refuses them) */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
    return SIM_STEP_NEXT;
}
