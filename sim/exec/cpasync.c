/* sim/exec/cpasync.c — PTX cp.async: LDGSTS and its group fences, and the
 * bulk copies of cp.async.bulk (BULK, at the end).
 *
 * Timing model: an LDGSTS completes when it issues. PTX only promises the
 * copy is done after cp.async.wait_group / wait_all, so finishing earlier
 * is one of the behaviours a correct program must accept; commit_group
 * (LDGDEPBAR) and wait_group (DEPBAR) then have nothing left to wait for
 * and are ordering points that cost one issue slot each.
 *
 * Every lane's two addresses are checked before any lane copies, so a
 * faulting LDGSTS has no partial effect. Lanes that read their whole
 * cp-size go through sim_mem_lanes (the global fault reports and the
 * per-warp allocation cache); lanes that read fewer bytes (ZFILL) are
 * checked one by one for exactly the bytes they read, and lanes that read
 * nothing touch global memory not at all (CUTLASS-style edge tiles pass an
 * out-of-range source with src-size 0).
 *
 * Global memory is read with host atomic loads (acquire), like every other
 * global access (sim/exec/mem.c: SMs may run on different host threads).
 */
#include <stdio.h>
#include "sim/exec/exec.h"

static inline bool shared_ok(const sim_exec *x, uint32_t off, uint32_t size)
{
    uint32_t lim = x->run->smem_size;
    return size <= lim && off <= lim - size;
}

/* n bytes from global memory at src (aligned to 4) into shared dst. */
static inline void read_global(uint8_t *dst, const uint8_t *src, uint32_t n)
{
    uint32_t i = 0;
    for (; i + 4 <= n; i += 4) {
        uint32_t w = __atomic_load_n((const uint32_t *)(const void *)(src + i), __ATOMIC_ACQUIRE);
        memcpy(dst + i, &w, 4);
    }
    for (; i < n; i++)
        dst[i] = __atomic_load_n(src + i, __ATOMIC_ACQUIRE);
}

EXEC(LDGSTS)
{
    uint32_t cp = 4u << in->mod[0];
    bool zfill = in->mod[1] != 0;
    const uint32_t *A = RA, *B = RB, *C = RC;
    if (cp > 16) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: LDGSTS with a cp-size field of %u (only 4, 8 and 16 exist)",
                       in->mod[0]);
        return SIM_STEP_FAULT;
    }
    uint32_t n[ISA_WARP_SIZE];
    uint32_t full = 0, part = 0;
    LANES(n[l] = zfill ? B[l] : cp;
          if (n[l] > cp) {
              sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                             "cobalt: cp.async (LDGSTS) lane %u: src-size %u is larger than "
                             "cp-size %u", l, n[l], cp);
              return SIM_STEP_FAULT;
          }
          full |= (uint32_t)(n[l] == cp) << l;
          part |= (uint32_t)(n[l] != 0 && n[l] != cp) << l);
    /* destinations: shared window offsets in c */
    sim_lanes dst;
    memset(&dst, 0, sizeof dst);
    dst.spaces = 1u << SIM_SPACE_SHARED;
    dst.in_space[SIM_SPACE_SHARED] = mask;
    LANES(uint32_t off = C[l];
          if (off % cp != 0 || !shared_ok(x, off, cp))
              return sim_fault_access(x, in, l, SIM_SPACE_SHARED, off, cp, true, off % cp != 0);
          dst.addrs[l] = off;
          dst.ptr[l] = x->w->cta->smem + off);
    /* sources: global pair a + imm */
    sim_lanes src;
    memset(&src, 0, sizeof src);
    if (full != 0 &&
        sim_mem_lanes(x, in, full, SIM_SPACE_GLOBAL, false, true, cp, false, &src) != SIM_STEP_NEXT)
        return SIM_STEP_FAULT;
    uint64_t off64 = (uint64_t)(int64_t)(int32_t)in->imm;
    for (uint32_t m = part; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        uint64_t addr = rd64(A, l) + off64, base, len;
        if (addr % cp != 0 || !sim_mem_lookup(x->run->mem, addr, &base, &len) ||
            n[l] > len - (addr - base))
            return sim_fault_access(x, in, l, SIM_SPACE_GLOBAL, addr, n[l], false, addr % cp != 0);
        src.addrs[l] = addr;
        src.ptr[l] = (uint8_t *)(uintptr_t)addr;
        src.in_space[SIM_SPACE_GLOBAL] |= 1u << l;
        src.spaces |= 1u << SIM_SPACE_GLOBAL;
    }
    LANES(read_global(dst.ptr[l], src.ptr[l], n[l]);
          if (n[l] != cp) memset(dst.ptr[l] + n[l], 0, cp - n[l]));
    if (src.spaces != 0)
        sim_mem_count(x, &src, cp, true, false);
    sim_mem_count(x, &dst, cp, false, true);
    return SIM_STEP_NEXT;
}

/* Both fences: nothing is ever pending (see the top of this file). */
EXEC(LDGDEPBAR)
{
    (void)x; (void)in; (void)mask;
    return SIM_STEP_NEXT;
}

EXEC(DEPBAR)
{
    (void)x; (void)in; (void)mask;
    return SIM_STEP_NEXT;
}

/* ---- cp.async.bulk (BULK) ----
 * A bulk copy is issued by one thread (lanes each copy their own block).
 * Like LDGSTS it completes when it issues: the mbarrier complete_tx that
 * the lowering puts right after it, and cp.async.bulk.wait_group (DEPBAR),
 * then find it done. Sizes and both addresses must be multiples of 16;
 * every lane is checked before any lane copies. */

static inline void write_global(uint8_t *dst, const uint8_t *src, uint32_t n)
{
    for (uint32_t i = 0; i < n; i += 4) {
        uint32_t w;
        memcpy(&w, src + i, 4);
        __atomic_store_n((uint32_t *)(void *)(dst + i), w, __ATOMIC_RELEASE);
    }
}

EXEC(BULK)
{
    bool s2g = in->mod[0] == MOD_BULK_S2G;
    const uint32_t *A = RA, *B = RB, *C = RC;
    uint64_t off64 = (uint64_t)(int64_t)(int32_t)in->imm;
    sim_lanes sh, gl;
    memset(&sh, 0, sizeof sh);
    memset(&gl, 0, sizeof gl);
    uint32_t busy = 0;
    for (uint32_t m = mask; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        uint32_t n = B[l], off = C[l];
        uint64_t addr = rd64(A, l) + off64, base, len;
        if (n % 16 != 0) {
            char why[160];
            snprintf(why, sizeof why, "cp.async.bulk (lane %u): size %u is not a multiple of 16",
                     l, n);
            return sim_fault_insn(x, (uint32_t)(in - x->run->prog->insns), why);
        }
        if (n == 0)
            continue;
        /* misaligned: reported as a 16-byte access, the unit bulk copies align to */
        if (off % 16 != 0 || !shared_ok(x, off, n))
            return sim_fault_access(x, in, l, SIM_SPACE_SHARED, off, off % 16 ? 16 : n, !s2g,
                                    off % 16 != 0);
        if (addr % 16 != 0 || !sim_mem_lookup(x->run->mem, addr, &base, &len) ||
            n > len - (addr - base))
            return sim_fault_access(x, in, l, SIM_SPACE_GLOBAL, addr, addr % 16 ? 16 : n, s2g,
                                    addr % 16 != 0);
        busy |= 1u << l;
        sh.addrs[l] = off;
        sh.ptr[l] = x->w->cta->smem + off;
        gl.addrs[l] = addr;
        gl.ptr[l] = (uint8_t *)(uintptr_t)addr;
    }
    for (uint32_t m = busy; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        if (s2g)
            write_global(gl.ptr[l], sh.ptr[l], B[l]);
        else
            read_global(sh.ptr[l], gl.ptr[l], B[l]);
    }
    if (busy != 0) {
        gl.spaces = 1u << SIM_SPACE_GLOBAL;
        gl.in_space[SIM_SPACE_GLOBAL] = busy;
        sh.spaces = 1u << SIM_SPACE_SHARED;
        sh.in_space[SIM_SPACE_SHARED] = busy;
        sim_mem_count(x, &gl, 16, !s2g, s2g);
        sim_mem_count(x, &sh, 16, s2g, !s2g);
    }
    return SIM_STEP_NEXT;
}
