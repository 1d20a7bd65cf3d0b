/* sim/exec/call.c — CTRL ops of device function calls: CALL, RET and ENTER
 * (stack frame allocation with the overflow check).
 *
 * The return address lives in the reconvergence engine (a call marker of
 * the stack, or the per-lane return stack of ITS, see simt.h), the frames
 * in per-thread local memory below R1; docs/architecture.md describes the
 * calling convention. CALLR takes function ids (isa/module.h), mapped to
 * pcs by the kernel's table.
 */
#include <stdio.h>
#include "sim/exec/exec.h"

EXEC(CALL)
{
    uint32_t pc = sim_simt_pc(&x->w->simt);
    int r = sim_simt_call(&x->w->simt, mask, in->imm);
    return r < 0 ? sim_fault_reconv(x, pc, r) : SIM_STEP_CTRL;
}

/* The entry pc of function id `id` in the kernel's table, or UINT32_MAX. */
static uint32_t fn_entry(const sim_program *p, uint64_t id)
{
    if ((uint32_t)(id >> 32) != ISA_FUNC_ID_HI)
        return UINT32_MAX;
    uint32_t lo = 0, hi = p->nfn_table, want = (uint32_t)id;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p->fn_table[mid].id == want)
            return p->fn_table[mid].pc;
        if (p->fn_table[mid].id < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    return UINT32_MAX;
}

/* Starts the report of a fault of lane l at `in`: fills the fault's place
 * and returns it, with the "at PTX line ..." text in where[]; NULL when the
 * grid already stopped. */
static sim_fault *lane_fault(sim_exec *x, const sim_insn *in, unsigned l, sim_status st,
                             const char *what, char *where, size_t len)
{
    sim_grid *run = x->run;
    if (run->status != SIM_OK)
        return NULL;
    const sim_program *p = run->prog;
    uint32_t pc = (uint32_t)(in - p->insns);
    sim_fault_where(p, pc, where, len);
    sim_fault_setf(run, st, "cobalt: %s", what);
    sim_fault *f = run->fault;
    f->ctaid = x->w->cta->ctaid;
    f->tid = sim_thread_id(run, x->w->index, l);
    f->pc = pc;
    f->ptx_line = pc < p->ninsns ? p->ptx_line[pc] : 0;
    return f;
}

/* Lane l called through a value that is no function id of this kernel. */
static sim_step bad_pointer(sim_exec *x, const sim_insn *in, unsigned l, uint64_t v)
{
    char where[256];
    sim_fault *f = lane_fault(x, in, l, SIM_FAULT_ILLEGAL_INSN, "bad function pointer", where,
                              sizeof where);
    if (f == NULL)
        return SIM_STEP_FAULT;
    const sim_program *p = x->run->prog;
    snprintf(f->message, sizeof f->message,
             "cobalt: bad function pointer in kernel '%s' at %s\n  block (%u,%u,%u) thread "
             "(%u,%u,%u) (lane %u): indirect call through 0x%016llx, which is not the address "
             "of a function of this module (a garbage or uninitialised function pointer? "
             "function addresses are 0x%08x_xxxxxxxx; the kernel can call %u)", p->name, where,
             f->ctaid.x, f->ctaid.y, f->ctaid.z, f->tid.x, f->tid.y, f->tid.z, l,
             (unsigned long long)v, ISA_FUNC_ID_HI, p->nfn_table);
    return SIM_STEP_FAULT;
}

/* a:a+1 holds each lane's 64-bit function id; the table gives its pc. */
EXEC(CALLR)
{
    const uint32_t *A = RA;
    uint32_t target[ISA_WARP_SIZE] = { 0 };
    uint32_t pc = sim_simt_pc(&x->w->simt);
    for (uint32_t m = mask; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        uint64_t v = (uint64_t)A[l + ISA_WARP_SIZE] << 32 | A[l];
        target[l] = fn_entry(x->run->prog, v);
        if (target[l] == UINT32_MAX)
            return bad_pointer(x, in, l, v);
    }
    int r = sim_simt_call_each(&x->w->simt, mask, target);
    if (r < 0)
        return sim_fault_reconv(x, pc, r);
    if (r == SIM_SIMT_DIVERGED)
        x->sm->stats.divergent_branches++;
    return SIM_STEP_CTRL;
}

EXEC(RET)
{
    sim_simt *st = &x->w->simt;
    uint32_t pc = sim_simt_pc(st);
    if (mask == 0) {
        sim_simt_next(st);
        return SIM_STEP_CTRL;
    }
    int r = sim_simt_ret(st, mask);
    if (r == 0)
        return sim_fault_insn(x, (uint32_t)(in - x->run->prog->insns),
                              "RET outside a function call");
    return r < 0 ? sim_fault_reconv(x, pc, r) : SIM_STEP_CTRL;
}

/* The frame of lane l does not fit: a fault naming the thread and sizes. */
static sim_step overflow(sim_exec *x, const sim_insn *in, unsigned l, uint32_t left)
{
    char where[256];
    sim_fault *f = lane_fault(x, in, l, SIM_FAULT_ILLEGAL_ADDRESS, "stack overflow", where,
                              sizeof where);
    if (f == NULL)
        return SIM_STEP_FAULT;
    const sim_grid *run = x->run;
    const sim_program *p = run->prog;
    snprintf(f->message, sizeof f->message,
             "cobalt: stack overflow in kernel '%s' at %s\n  block (%u,%u,%u) thread (%u,%u,%u): "
             "a frame of %u bytes does not fit in the %u bytes of stack left (deep or "
             "unbounded recursion? the stack is %u bytes per thread: raise it with "
             "cudaDeviceSetLimit(cudaLimitStackSize, bytes))", p->name, where, f->ctaid.x,
             f->ctaid.y, f->ctaid.z, f->tid.x, f->tid.y, f->tid.z, in->imm, left,
             run->lmem_size - ((p->local_size + 15) & ~15u));
    return SIM_STEP_FAULT;
}

EXEC(ENTER)
{
    if (mask == 0)
        return SIM_STEP_NEXT;
    const uint32_t *A = RA;
    uint32_t *D = RD;
    /* the stack lies above the kernel's own .local variables */
    uint32_t floor = x->run->prog->local_size;
    for (uint32_t m = mask; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        uint32_t left = A[l] > floor ? A[l] - floor : 0;
        if (left < in->imm)
            return overflow(x, in, l, left);
    }
    LANES(D[l] = A[l] - in->imm);
    return SIM_STEP_NEXT;
}
