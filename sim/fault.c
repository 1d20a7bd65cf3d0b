/* sim/fault.c — fault reports: what went wrong, where (kernel, PTX line,
 * ISA instruction), who (block, thread) and why (nearest allocation, window
 * size). The first fault of a launch wins; the grid stops. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "sim/internal.h"

/* Appends to a fixed buffer, truncating quietly at its end. */
typedef struct msg_buf {
    char  *buf;
    size_t len, pos;
} msg_buf;

static void put(msg_buf *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(msg_buf *m, const char *fmt, ...)
{
    if (m->pos + 1 >= m->len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(m->buf + m->pos, m->len - m->pos, fmt, ap);
    va_end(ap);
    if (n > 0)
        m->pos = m->pos + (size_t)n < m->len ? m->pos + (size_t)n : m->len - 1;
}

/* Claims the run's fault slot; false when an earlier fault holds it. */
static bool claim(sim_grid *run, sim_status st)
{
    if (run->status != SIM_OK)
        return false;
    run->status = st;
    memset(run->fault, 0, sizeof *run->fault);
    run->fault->status = st;
    return true;
}

void sim_fault_setf(sim_grid *run, sim_status st, const char *fmt, ...)
{
    if (!claim(run, st))
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(run->fault->message, sizeof run->fault->message, fmt, ap);
    va_end(ap);
}

int sim_fault_where(const sim_program *p, uint32_t pc, char *buf, size_t len)
{
    if (pc >= p->ninsns)
        return snprintf(buf, len, ".L%u (past the last of %u instructions)", pc, p->ninsns);
    char dis[160];
    isa_disasm(&p->dec[pc], dis, sizeof dis);
    return snprintf(buf, len, "PTX line %u (.L%u: %s)", p->ptx_line[pc], pc, dis);
}

static void fill_who(sim_exec *x, sim_fault *f, uint32_t pc, unsigned lane)
{
    const sim_program *p = x->run->prog;
    f->ctaid = x->w->cta->ctaid;
    f->tid = sim_thread_id(x->run, x->w->index, lane);
    f->pc = pc;
    f->ptx_line = pc < p->ninsns ? p->ptx_line[pc] : 0;
}

static const char *kind_name(sim_alloc_kind k)
{
    switch (k) {
    case SIM_ALLOC_DEVICE:  return "device";
    case SIM_ALLOC_HOST:    return "host";
    case SIM_ALLOC_MANAGED: return "managed";
    default:                return "symbol";
    }
}

/* Where [off, off+size) falls relative to a region of `limit` bytes. */
static void explain_window(msg_buf *m, uint64_t off, uint32_t size, uint64_t limit)
{
    if (off >= limit)
        put(m, "the offset is %llu bytes past its end", (unsigned long long)(off - limit));
    else
        put(m, "the access ends %llu bytes past its end",
            (unsigned long long)(off + size - limit));
}

static void explain_global(msg_buf *m, sim_mem *mem, uint64_t addr, uint32_t size)
{
    sim_alloc_info a;
    if (!sim_mem_nearest(mem, addr, &a)) {
        put(m, "  no allocation exists%s", addr < 65536 ? " (is it a null pointer?)" : "");
        return;
    }
    put(m, "  nearest allocation: 0x%llx (%llu bytes, %s%s%s%s%s): ", (unsigned long long)a.base,
        (unsigned long long)a.size, kind_name(a.kind), a.tag[0] ? " '" : "", a.tag,
        a.tag[0] ? "'" : "", a.freed ? ", freed" : "");
    uint64_t end = a.base + a.size;
    if (addr < a.base)
        put(m, "the address is %llu bytes before its start", (unsigned long long)(a.base - addr));
    else if (a.freed && addr < end)
        put(m, "the address is inside it: use after free");
    else if (addr >= end)
        put(m, "the address is %llu bytes past its end", (unsigned long long)(addr - end));
    else
        put(m, "the access ends %llu bytes past its end", (unsigned long long)(addr + size - end));
}

/* The bank of a constant access: LDC names it, a generic address carries it. */
static uint32_t const_bank(const sim_insn *in, uint64_t addr)
{
    return addr >= ISA_CONST_WINDOW ? (uint32_t)((addr - ISA_CONST_WINDOW) / ISA_WINDOW_SIZE)
                                    : in->imm2;
}

sim_step sim_fault_access(sim_exec *x, const sim_insn *in, unsigned lane, sim_space space,
                          uint64_t addr, uint32_t size, bool store, bool misaligned)
{
    sim_grid *run = x->run;
    if (!claim(run, misaligned ? SIM_FAULT_MISALIGNED : SIM_FAULT_ILLEGAL_ADDRESS))
        return SIM_STEP_FAULT;
    sim_fault *f = run->fault;
    const sim_program *p = run->prog;
    uint32_t pc = (uint32_t)(in - p->insns);
    fill_who(x, f, pc, lane);
    f->addr = addr;
    f->size = size;
    msg_buf m = { f->message, sizeof f->message, 0 };
    char where[256];
    sim_fault_where(p, pc, where, sizeof where);
    put(&m, "cobalt: %s memory access in kernel '%s' at %s\n", misaligned ? "misaligned" : "illegal",
        p->name, where);
    put(&m, "  block (%u,%u,%u) thread (%u,%u,%u): %u-byte %s ", f->ctaid.x, f->ctaid.y,
        f->ctaid.z, f->tid.x, f->tid.y, f->tid.z, size, store ? "store to" : "load from");
    uint32_t off = (uint32_t)addr;
    bool generic = addr >= ISA_WINDOW_SIZE;
    switch (space) {
    case SIM_SPACE_SHARED:
        if (generic)
            put(&m, "generic address 0x%llx (", (unsigned long long)addr);
        put(&m, "shared offset 0x%x%s\n", off, generic ? ")" : "");
        break;
    case SIM_SPACE_LOCAL:
        if (generic)
            put(&m, "generic address 0x%llx (", (unsigned long long)addr);
        put(&m, "local offset 0x%x%s\n", off, generic ? ")" : "");
        break;
    case SIM_SPACE_CONST:   /* LDC, or a generic address in ISA_CONST_WINDOW */
        if (addr >= ISA_CONST_WINDOW)
            put(&m, "generic address 0x%llx (", (unsigned long long)addr);
        put(&m, "c[0x%x][0x%x]%s\n", const_bank(in, addr), off,
            addr >= ISA_CONST_WINDOW ? ")" : "");
        break;
    default:
        put(&m, "0x%llx\n", (unsigned long long)addr);
        break;
    }
    if (misaligned) {
        put(&m, "  the address is not a multiple of the access size (%u bytes)", size);
        return SIM_STEP_FAULT;
    }
    switch (space) {
    case SIM_SPACE_SHARED:
        put(&m, "  the block has %u bytes of shared memory (%u static, %u dynamic): ",
            run->smem_size, p->shared_size, run->l->dyn_smem);
        explain_window(&m, off, size, run->smem_size);
        break;
    case SIM_SPACE_LOCAL:
        put(&m, "  each thread has %u bytes of local memory: ", run->lmem_size);
        explain_window(&m, off, size, run->lmem_size);
        break;
    case SIM_SPACE_CONST: {
        uint32_t bank = const_bank(in, addr);
        if (store) {
            put(&m, "  constant memory is read-only");
            break;
        }
        uint32_t bsize = bank < ISA_NUM_BANKS && run->l->bank[bank] != NULL
                         ? run->l->bank_size[bank] : 0;
        put(&m, "  constant bank %u holds %u bytes: ", bank, bsize);
        explain_window(&m, off, size, bsize);
        break;
    }
    default:
        explain_global(&m, run->mem, addr, size);
        break;
    }
    return SIM_STEP_FAULT;
}

sim_step sim_fault_insn(sim_exec *x, uint32_t pc, const char *why)
{
    sim_grid *run = x->run;
    if (!claim(run, SIM_FAULT_ILLEGAL_INSN))
        return SIM_STEP_FAULT;
    sim_fault *f = run->fault;
    uint32_t active = sim_simt_done(&x->w->simt) ? 0 : sim_simt_mask(&x->w->simt);
    unsigned lane = active ? (unsigned)__builtin_ctz(active) : 0;
    fill_who(x, f, pc, lane);
    msg_buf m = { f->message, sizeof f->message, 0 };
    char where[256];
    sim_fault_where(run->prog, pc, where, sizeof where);
    put(&m, "cobalt: illegal instruction in kernel '%s' at %s\n", run->prog->name, where);
    put(&m, "  block (%u,%u,%u) warp %u (first thread (%u,%u,%u)): %s", f->ctaid.x, f->ctaid.y,
        f->ctaid.z, x->w->index, f->tid.x, f->tid.y, f->tid.z, why);
    return SIM_STEP_FAULT;
}

/* Warp w exited (like == NULL) or waits where `like` waits. */
static bool same_state(const sim_warp *w, const sim_warp *like)
{
    if (like == NULL)
        return w->state == SIM_WARP_DONE;
    return w->state == SIM_WARP_BARRIER && w->bar == like->bar && w->bar_pc == like->bar_pc;
}

/* "warp 3" or "warps 0-3, 5, 7-9": the warps of the CTA in that state.
 * Returns how many there are. */
static uint32_t put_warps(msg_buf *m, const sim_cta *c, const sim_warp *like)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->nwarps; i++)
        n += same_state(&c->warps[i], like);
    put(m, n == 1 ? "warp " : "warps ");
    bool first = true;
    for (uint32_t i = 0; i < c->nwarps;) {
        if (!same_state(&c->warps[i], like)) {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j + 1 < c->nwarps && same_state(&c->warps[j + 1], like))
            j++;
        put(m, first ? "%u" : ", %u", i);
        if (j > i)
            put(m, "-%u", j);
        first = false;
        i = j + 1;
    }
    return n;
}

sim_step sim_fault_deadlock(sim_exec *x, const sim_cta *c)
{
    sim_grid *run = x->run;
    if (!claim(run, SIM_FAULT_DEADLOCK))
        return SIM_STEP_FAULT;
    sim_fault *f = run->fault;
    const sim_program *p = run->prog;
    fill_who(x, f, x->w->bar_pc, 0);
    f->tid = sim_thread_id(run, x->w->index, 0);
    msg_buf m = { f->message, sizeof f->message, 0 };
    put(&m, "cobalt: barrier deadlock in kernel '%s': block (%u,%u,%u) can make no progress",
        p->name, c->ctaid.x, c->ctaid.y, c->ctaid.z);
    for (uint32_t i = 0; i < c->nwarps; i++) {
        const sim_warp *w = &c->warps[i];
        bool seen = false;
        for (uint32_t k = 0; k < i && !seen; k++)
            seen = same_state(&c->warps[k], w);
        if (w->state != SIM_WARP_BARRIER || seen)
            continue;
        char where[256];
        sim_fault_where(p, w->bar_pc, where, sizeof where);
        put(&m, "\n  ");
        uint32_t n = put_warps(&m, c, w);
        put(&m, " %s at barrier %u: %s", n == 1 ? "waits" : "wait", w->bar, where);
    }
    if (c->live < c->nwarps) {
        put(&m, "\n  ");
        uint32_t n = put_warps(&m, c, NULL);
        put(&m, " %s exited", n == 1 ? "has" : "have");
    }
    return SIM_STEP_FAULT;
}
