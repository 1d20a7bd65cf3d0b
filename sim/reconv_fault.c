/* sim/reconv_fault.c — reports of the reconvergence engines: the stack
 * mode's intra-warp livelock, a warp whose lanes can no longer run under
 * ITS, a warp-sync member mask PTX leaves undefined, and out of memory. */
#include <stdio.h>
#include "sim/internal.h"

sim_step sim_fault_reconv(sim_exec *x, uint32_t pc, int code)
{
    sim_grid *run = x->run;
    if (run->status != SIM_OK)
        return SIM_STEP_FAULT;
    if (code == SIM_SIMT_NOMEM) {
        sim_fault_setf(run, SIM_ERR_RESOURCES,
                       "cobalt: out of host memory growing a warp's reconvergence state");
        return SIM_STEP_FAULT;
    }
    const sim_program *p = run->prog;
    const sim_warp *w = x->w;
    const sim_simt *st = &w->simt;
    sim_status status = code == SIM_SIMT_MISUSE ? SIM_FAULT_ILLEGAL_INSN : SIM_FAULT_DEADLOCK;
    char where[256], wait_where[256];
    sim_fault_where(p, pc, where, sizeof where);
    uint32_t mask = sim_simt_done(st) ? 0 : sim_simt_mask(st);
    unsigned lane = mask != 0 ? (unsigned)__builtin_ctz(mask) : 0;
    sim_fault_setf(run, status, "cobalt: reconvergence fault");
    sim_fault *f = run->fault;
    f->ctaid = w->cta->ctaid;
    f->tid = sim_thread_id(run, w->index, lane);
    f->pc = pc;
    f->ptx_line = pc < p->ninsns ? p->ptx_line[pc] : 0;
    char *msg = f->message;
    size_t len = sizeof f->message;
    int n = snprintf(msg, len, "cobalt: %s in kernel '%s': block (%u,%u,%u) warp %u",
                     code == SIM_SIMT_SPIN ? "intra-warp livelock" :
                     code == SIM_SIMT_MISUSE ? "bad warp-synchronous member mask" :
                     "warp deadlock", p->name, f->ctaid.x, f->ctaid.y, f->ctaid.z, w->index);
    if (n < 0 || (size_t)n >= len)
        return SIM_STEP_FAULT;
    msg += n;
    len -= (size_t)n;
    if (code == SIM_SIMT_SPIN) {
        uint32_t waiting, wait_pc;
        sim_simt_spin_info(st, &waiting, &wait_pc);
        sim_fault_where(p, wait_pc, wait_where, sizeof wait_where);
        snprintf(msg, len, ":\n  lanes 0x%08x spin on the backward branch at %s (%llu trips, "
                 "COBALT_SPIN_LIMIT)\n  while lanes 0x%08x wait to reconverge at %s.\n  The "
                 "pre-Volta reconvergence stack (COBALT_RECONV=stack) never runs the waiting "
                 "lanes, so a lock one of them holds is never released; independent thread "
                 "scheduling (COBALT_RECONV=its, the default) runs this program",
                 mask, where, (unsigned long long)st->spins, waiting, wait_where);
    } else {
        snprintf(msg, len, " at %s: %s", where, sim_simt_why(st));
    }
    return SIM_STEP_FAULT;
}
