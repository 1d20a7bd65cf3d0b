/* sim/exec/sys.c — TRAP, NANOSLEEP and the runtime built-ins behind SYS:
 * device printf, assert, malloc and free.
 *
 * These are CTRL ops, so they run even when no lane's guard holds (then
 * they do nothing). Lanes are served in lane order, which makes printf
 * output deterministic: the order in which warps issue, lane order within
 * a warp.
 */
#include <stdio.h>
#include "sim/builtins.h"
#include "sim/exec/exec.h"

/* Device reads of one lane: generic addresses (shared and local windows
 * of the lane, or checked global memory). */
typedef struct lane_ctx {
    sim_exec *x;
    unsigned  lane;
} lane_ctx;

static bool read_lane(void *ctx, uint64_t addr, void *buf, size_t n)
{
    const lane_ctx *lc = ctx;
    const sim_exec *x = lc->x;
    const sim_warp *w = x->w;
    uint64_t win = addr & ~(ISA_WINDOW_SIZE - 1);
    uint64_t off = addr & (ISA_WINDOW_SIZE - 1);
    if (win == ISA_SHARED_WINDOW) {
        if (off > x->run->smem_size || n > x->run->smem_size - off)
            return false;
        memcpy(buf, w->cta->smem + off, n);
        return true;
    }
    if (win == ISA_LOCAL_WINDOW) {
        uint32_t ls = x->run->lmem_size;
        if (off > ls || n > ls - off)
            return false;
        memcpy(buf, w->cta->lmem + ((size_t)w->index * ISA_WARP_SIZE + lc->lane) * ls + off, n);
        return true;
    }
    if (!sim_mem_check(x->run->mem, addr, n))
        return false;
    memcpy(buf, (const void *)(uintptr_t)addr, n);
    return true;
}

/* Claims the grid's fault for lane `lane` of this instruction and fills who
 * and where; NULL when an earlier fault holds it. *where receives
 * "PTX line N (.Lpc: ...)". */
static sim_fault *claim_fault(sim_exec *x, const sim_insn *in, unsigned lane, sim_status st,
                              char *where, size_t len)
{
    sim_grid *run = x->run;
    if (run->status != SIM_OK)
        return NULL;
    const sim_program *p = run->prog;
    uint32_t pc = (uint32_t)(in - p->insns);
    sim_fault_where(p, pc, where, len);
    sim_fault_setf(run, st, "cobalt: fault");
    sim_fault *f = run->fault;
    f->ctaid = x->w->cta->ctaid;
    f->tid = sim_thread_id(run, x->w->index, lane);
    f->pc = pc;
    f->ptx_line = pc < p->ninsns ? p->ptx_line[pc] : 0;
    return f;
}

/* A fault of one lane of a built-in: "what" says what went wrong. */
static sim_step lane_fault(sim_exec *x, const sim_insn *in, unsigned lane, sim_status st,
                           const char *what, const char *why)
{
    char where[256];
    sim_fault *f = claim_fault(x, in, lane, st, where, sizeof where);
    if (f == NULL)
        return SIM_STEP_FAULT;
    snprintf(f->message, sizeof f->message,
             "cobalt: %s in kernel '%s' at %s\n  block (%u,%u,%u) thread (%u,%u,%u): %s", what,
             x->run->prog->name, where, f->ctaid.x, f->ctaid.y, f->ctaid.z, f->tid.x, f->tid.y,
             f->tid.z, why);
    return SIM_STEP_FAULT;
}

EXEC(TRAP)
{
    if (mask == 0)
        return SIM_STEP_NEXT;
    return lane_fault(x, in, (unsigned)__builtin_ctz(mask), SIM_FAULT_TRAP, "trap",
                      "the thread executed trap (__trap(), brkpt): the grid is aborted");
}

EXEC(NANOSLEEP)
{
    return SIM_STEP_NEXT;   /* a scheduling hint; the warp simply goes on */
}

static sim_step sys_vprintf(sim_exec *x, const sim_insn *in, uint32_t mask)
{
    const uint32_t *A = RA;
    uint32_t *D = RD;
    sim_output *out = x->run->l->out;
    if (out == NULL)
        return lane_fault(x, in, (unsigned)__builtin_ctz(mask), SIM_FAULT_ILLEGAL_INSN,
                          "printf", "the launch has no printf output (sim_launch.out is NULL)");
    LANES(
        lane_ctx lc = { x, l };
        sim_devread rd = { read_lane, &lc };
        sim_text t = { 0 };
        char why[256] = "";
        int n = sim_printf_format(&rd, rd64(A, l), rd64(A + 2 * ISA_WARP_SIZE, l), &t, why,
                                  sizeof why);
        bool ok = n != -2 && sim_output_append(out, t.s, t.len);
        sim_text_free(&t);
        if (!ok)
            return lane_fault(x, in, l, SIM_FAULT_ILLEGAL_ADDRESS, "printf failed",
                              why[0] ? why : "out of host memory");
        D[l] = (uint32_t)n);
    return SIM_STEP_NEXT;
}

/* One device string for an assertion message; "?" when unreadable. */
static void assert_str(const sim_devread *rd, uint64_t addr, sim_text *t)
{
    char why[160];
    if (addr == 0 || sim_devstr(rd, addr, t, why, sizeof why) < 0) {
        t->len = 0;
        sim_text_put(t, "?", 1);
    }
}

/* CUDA's message for every failing lane, then the grid stops. */
static sim_step sys_assertfail(sim_exec *x, const sim_insn *in, uint32_t mask)
{
    const uint32_t *A = RA, *B = RB;
    sim_grid *run = x->run;
    sim_text all = { 0 };
    unsigned nfail = 0;
    LANES(
        lane_ctx lc = { x, l };
        sim_devread rd = { read_lane, &lc };
        sim_text msg = { 0 }, file = { 0 }, fn = { 0 };
        assert_str(&rd, rd64(A, l), &msg);
        assert_str(&rd, rd64(A + 2 * ISA_WARP_SIZE, l), &file);
        assert_str(&rd, rd64(B + 2 * ISA_WARP_SIZE, l), &fn);
        sim_dim3 c = x->w->cta->ctaid, t = sim_thread_id(run, x->w->index, l);
        char line[160];
        snprintf(line, sizeof line, ":%u: ", B[l]);
        char who[160];
        snprintf(who, sizeof who, ": block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `",
                 c.x, c.y, c.z, t.x, t.y, t.z);
        sim_text_put(&all, file.s, file.len);
        sim_text_put(&all, line, strlen(line));
        sim_text_put(&all, fn.s, fn.len);
        sim_text_put(&all, who, strlen(who));
        sim_text_put(&all, msg.s, msg.len);
        sim_text_put(&all, "` failed.\n", 10);
        sim_text_free(&msg);
        sim_text_free(&file);
        sim_text_free(&fn);
        nfail++);
    if (run->l->err != NULL && all.s != NULL)
        sim_output_append(run->l->err, all.s, all.len);
    char where[256];
    unsigned first = (unsigned)__builtin_ctz(mask);
    sim_fault *f = claim_fault(x, in, first, SIM_FAULT_ASSERT, where, sizeof where);
    if (f != NULL) {
        int n = snprintf(f->message, sizeof f->message,
                         "cobalt: device-side assertion failed in kernel '%s' at %s: %u thread%s "
                         "of block (%u,%u,%u) warp %u", run->prog->name, where, nfail,
                         nfail == 1 ? "" : "s", f->ctaid.x, f->ctaid.y, f->ctaid.z, x->w->index);
        if (run->l->err == NULL && all.s != NULL && n > 0 && (size_t)n < sizeof f->message)
            snprintf(f->message + n, sizeof f->message - (size_t)n, "\n%.*s",
                     (int)(all.len > 0 ? all.len - 1 : 0), all.s);
    }
    sim_text_free(&all);
    return SIM_STEP_FAULT;
}

static sim_step sys_malloc(sim_exec *x, const sim_insn *in, uint32_t mask)
{
    const uint32_t *A = RA;
    uint32_t *D = RD;
    sim_heap *h = x->run->l->heap;
    if (h == NULL)
        return lane_fault(x, in, (unsigned)__builtin_ctz(mask), SIM_FAULT_ILLEGAL_INSN,
                          "malloc", "the launch has no device heap (sim_launch.heap is NULL)");
    uint64_t p[ISA_WARP_SIZE];
    LANES(p[l] = sim_heap_malloc(h, rd64(A, l)));
    LANES(wr64(D, l, p[l]));
    return SIM_STEP_NEXT;
}

static sim_step sys_free(sim_exec *x, const sim_insn *in, uint32_t mask)
{
    const uint32_t *A = RA;
    sim_heap *h = x->run->l->heap;
    LANES(
        uint64_t p = rd64(A, l);
        if (p != 0 && (h == NULL || !sim_heap_free(h, p))) {
            char why[200];
            sim_alloc_info a;
            bool in_alloc = sim_mem_find(x->run->mem, p, &a);
            snprintf(why, sizeof why, "free(0x%llx): %s", (unsigned long long)p,
                     !in_alloc ? "not a live block of the device heap (double free or wild pointer)"
                     : a.base != p ? "the pointer is inside an allocation, not its start"
                     : "the pointer was not returned by device malloc");
            return lane_fault(x, in, l, SIM_FAULT_ILLEGAL_ADDRESS, "invalid free", why);
        });
    return SIM_STEP_NEXT;
}

EXEC(SYS)
{
    if (mask == 0)
        return SIM_STEP_NEXT;
    switch (in->mod[0]) {
    case MOD_SYS_VPRINTF:    return sys_vprintf(x, in, mask);
    case MOD_SYS_ASSERTFAIL: return sys_assertfail(x, in, mask);
    case MOD_SYS_MALLOC:     return sys_malloc(x, in, mask);
    case MOD_SYS_FREE:       return sys_free(x, in, mask);
    default:
        return sim_fault_insn(x, (uint32_t)(in - x->run->prog->insns), "unknown SYS function");
    }
}
