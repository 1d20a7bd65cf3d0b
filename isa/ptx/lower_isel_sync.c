/* isa/ptx/lower_isel_sync.c — synchronization forms that need no new
 * machinery: griddepcontrol, setmaxnreg and pmevent (exact as no-ops, see
 * each), the fence / membar forms beyond lw_isel_fence (proxy fences,
 * mbarrier_init, .cluster scope, .acquire/.release) and barrier.cluster.
 *
 * Cobalt runs the grids of a stream one after another and models one
 * memory, so every fence orders all of a thread's accesses, whatever their
 * proxy; a .cluster fence (a cluster is one CTA here) becomes the stronger
 * GPU-scope MEMBAR. */
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* Index of s in the n names, or -1. */
static int find_name(const char *const *names, unsigned n, const char *s)
{
    for (unsigned i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}
#define FIND_NAME(arr, s) find_name(arr, sizeof arr / sizeof arr[0], s)

/* Whether modifier m is present. */
static bool has(const lw_fn *f, const char *m)
{
    for (unsigned i = 0; i < f->ci->nmods; i++)
        if (strcmp(f->ci->mods[i], m) == 0)
            return true;
    return false;
}

/* Whether every modifier is one of `names` and none appears twice. */
static bool mods_within(const lw_fn *f, const char *const *names, unsigned n)
{
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        if (find_name(names, n, f->ci->mods[i]) < 0)
            return false;
        for (unsigned j = 0; j < i; j++)
            if (strcmp(f->ci->mods[i], f->ci->mods[j]) == 0)
                return false;
    }
    return true;
}
#define MODS_WITHIN(f, arr) mods_within(f, arr, sizeof arr / sizeof arr[0])

/* griddepcontrol.launch_dependents / .wait (sm_90). A stream's grids run
 * one after another here, so the prerequisite grid has completed (and its
 * memory is visible) before a dependent grid starts: .wait has nothing left
 * to wait for and .launch_dependents nothing to allow early. */
bool lw_isel_griddep(lw_fn *f)
{
    if (f->ci->nmods != 1 || (!has(f, "launch_dependents") && !has(f, "wait")))
        return lw_fail(f, f->ci->line, "'griddepcontrol' needs .launch_dependents or .wait");
    return lw_nops(f, 0);
}

/* setmaxnreg.{inc,dec}.sync.aligned.u32 imm (sm_90a): moves registers
 * between a warp and its CTA's pool. Cobalt gives every thread the kernel's
 * whole register count for its life, so the request is already met; the
 * count must still be 24..256 and a multiple of 8 (PTX ISA). */
bool lw_isel_setmaxnreg(lw_fn *f)
{
    static const char *const ok[] = { "inc", "dec", "sync", "aligned", "u32" };
    if (f->ci->nmods != 4 || !MODS_WITHIN(f, ok) || has(f, "inc") == has(f, "dec"))
        return lw_fail(f, f->ci->line, "'setmaxnreg' needs .inc or .dec, then .sync.aligned.u32");
    if (!lw_nops(f, 1))
        return false;
    const ptx_operand *o = &f->ci->ops[0];
    if (o->kind != PTX_OPND_IMM_INT || o->ival < 24 || o->ival > 256 || o->ival % 8 != 0)
        return lw_fail(f, f->ci->line, "'setmaxnreg' needs a register count that is a constant "
                       "multiple of 8 from 24 to 256");
    return true;
}

/* pmevent a / pmevent.mask m: signals performance-monitor events, which
 * Cobalt has none of (its counters are sim_stats); the operand is checked. */
bool lw_isel_pmevent(lw_fn *f)
{
    bool mask = f->ci->nmods == 1 && has(f, "mask");
    if (f->ci->nmods != 0 && !mask)
        return lw_fail(f, f->ci->line, "'pmevent' takes no modifier but .mask");
    if (!lw_nops(f, 1))
        return false;
    const ptx_operand *o = &f->ci->ops[0];
    long long max = mask ? 0xffff : 15;
    if (o->kind != PTX_OPND_IMM_INT || o->ival < 0 || o->ival > max)
        return lw_fail(f, f->ci->line, "'%s' needs a constant %s", mask ? "pmevent.mask" : "pmevent",
                       mask ? "16-bit event mask" : "event number 0..15");
    return true;
}

static bool emit_membar(lw_fn *f, uint8_t scope)
{
    lw_insn *i = lw_emit(f, OP_MEMBAR);
    if (i == NULL)
        return false;
    i->in.mod[0] = scope;
    return true;
}

static const char *const scopes[] = { "cta", "cluster", "gpu", "sys" };
static const uint8_t scope_mod[] = { MOD_SCOPE_CTA, MOD_SCOPE_GPU, MOD_SCOPE_GPU, MOD_SCOPE_SYS };

/* The single scope modifier of the instruction: its MEMBAR scope, or -1. */
static int scope_of(const lw_fn *f)
{
    int s = -1;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        int v = FIND_NAME(scopes, f->ci->mods[i]);
        if (v >= 0) {
            if (s >= 0)
                return -1;
            s = v;
        }
    }
    return s < 0 ? -1 : scope_mod[s];
}

/* fence.proxy.{alias,async,async.global,async.shared::{cta,cluster}};
 * fence.proxy.tensormap::generic.release.scope;
 * fence.proxy.tensormap::generic.acquire.scope [addr], 128;
 * fence.proxy.async::generic.{acquire,release}.sync_restrict::shared::{cluster,cta}.cluster;
 * membar.proxy.alias. Operands of the acquire form are not read. */
static bool fence_proxy(lw_fn *f)
{
    static const char *const plain[] = { "proxy", "alias", "async", "global", "shared::cta",
                                         "shared::cluster" };
    static const char *const tmap[] = { "proxy", "tensormap::generic", "release", "acquire",
                                        "cta", "cluster", "gpu", "sys" };
    static const char *const agen[] = { "proxy", "async::generic", "release", "acquire",
                                        "sync_restrict::shared::cta",
                                        "sync_restrict::shared::cluster", "cluster" };
    bool membar = strcmp(f->ci->opcode, "membar") == 0;
    if (membar || has(f, "alias")) {
        if (f->ci->nmods != 2 || !has(f, "alias"))
            return lw_unsupported(f);
        return lw_nops(f, 0) && emit_membar(f, MOD_SCOPE_CTA);
    }
    if (has(f, "async")) {   /* async, async.global, async.shared::{cta,cluster} */
        if (!MODS_WITHIN(f, plain) || f->ci->nmods > 3 ||
            (f->ci->nmods == 3 && has(f, "global") + has(f, "shared::cta") +
             has(f, "shared::cluster") != 1))
            return lw_unsupported(f);
        return lw_nops(f, 0) && emit_membar(f, MOD_SCOPE_CTA);
    }
    bool tm = has(f, "tensormap::generic");
    if (tm || has(f, "async::generic")) {
        bool acq = has(f, "acquire");
        int scope = scope_of(f);
        /* async::generic also names its sync_restrict window */
        bool rst = has(f, acq ? "sync_restrict::shared::cluster" : "sync_restrict::shared::cta");
        if (f->ci->nmods != (tm ? 4u : 5u) || acq == has(f, "release") || scope < 0 ||
            !(tm ? MODS_WITHIN(f, tmap) : MODS_WITHIN(f, agen) && rst && has(f, "cluster")))
            return lw_unsupported(f);
        if (!lw_nops(f, tm && acq ? 2 : 0))
            return false;
        return emit_membar(f, (uint8_t)scope);
    }
    return lw_unsupported(f);
}

/* fence and membar: the forms lw_isel_fence does not take, else it. */
bool lw_isel_fence_any(lw_fn *f)
{
    static const char *const sems[] = { "sc", "acq_rel", "acquire", "release", "cta", "cluster",
                                        "gpu", "sys", "sync_restrict::shared::cta",
                                        "sync_restrict::shared::cluster" };
    if (has(f, "proxy"))
        return fence_proxy(f);
    if (strcmp(f->ci->opcode, "membar") == 0)
        return lw_isel_fence(f);
    if (has(f, "mbarrier_init")) {   /* fence.mbarrier_init.release.cluster */
        if (f->ci->nmods != 3 || !has(f, "release") || !has(f, "cluster"))
            return lw_unsupported(f);
        return lw_nops(f, 0) && emit_membar(f, MOD_SCOPE_GPU);
    }
    bool restrict_cta = has(f, "sync_restrict::shared::cta");
    bool restrict_cl = has(f, "sync_restrict::shared::cluster");
    bool newer = has(f, "cluster") || has(f, "acquire") || has(f, "release") || restrict_cta ||
                 restrict_cl;
    if (!newer)
        return lw_isel_fence(f);
    int scope = scope_of(f);
    unsigned nsem = has(f, "sc") + has(f, "acq_rel") + has(f, "acquire") + has(f, "release");
    /* sync_restrict: .release with shared::cta, .acquire with shared::cluster, .cluster scope */
    bool restrict_ok = !(restrict_cta || restrict_cl) ||
        (restrict_cta != restrict_cl && has(f, "cluster") &&
         (restrict_cta ? has(f, "release") : has(f, "acquire")));
    if (!MODS_WITHIN(f, sems) || scope < 0 || nsem > 1 || !restrict_ok ||
        f->ci->nmods != 1 + nsem + (restrict_cta || restrict_cl))
        return lw_unsupported(f);
    return lw_nops(f, 0) && emit_membar(f, (uint8_t)scope);
}

/* barrier.cluster.arrive{.release,.relaxed}{.aligned} /
 * barrier.cluster.wait{.acquire}{.aligned}: every grid is a cluster of one
 * CTA here, so the cluster barrier is a barrier of the CTA's live threads
 * with split arrive and wait phases (BARCL, apart from ids 0..15). */
bool lw_isel_bar_cluster(lw_fn *f)
{
    static const char *const arrive[] = { "cluster", "arrive", "release", "relaxed", "aligned" };
    static const char *const wait[] = { "cluster", "wait", "acquire", "aligned" };
    bool is_arrive = has(f, "arrive");
    if (is_arrive == has(f, "wait") || f->ci->nmods == 0 || strcmp(f->ci->mods[0], "cluster") != 0 ||
        !(is_arrive ? MODS_WITHIN(f, arrive) && !(has(f, "release") && has(f, "relaxed"))
                    : MODS_WITHIN(f, wait)))
        return lw_fail(f, f->ci->line, "'barrier.cluster' needs .arrive{.release,.relaxed}"
                       "{.aligned} or .wait{.acquire}{.aligned}");
    if (!lw_nops(f, 0))
        return false;
    lw_insn *i = lw_emit(f, OP_BARCL);
    if (i == NULL)
        return false;
    i->in.mod[0] = is_arrive ? MOD_CLBAR_ARRIVE : MOD_CLBAR_WAIT;
    return true;
}
