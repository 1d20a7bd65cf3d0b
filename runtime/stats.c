/* runtime/stats.c — the per-launch statistics printed with COBALT_STATS=1, and
 * the program totals printed at exit (COBALT_STATS=1 or summary). */
#include "runtime/internal.h"

#include <inttypes.h>

/* Tensor work of a launch or of the totals, only when there was some:
 * steps, busy unit-cycles, and steps / (cycles x the GPU's tensor units). */
static void print_tensor(FILE *out, const char *prefix, const sim_stats *s)
{
    if (s->mma_steps == 0)
        return;
    double capacity = (double)s->cycles * (double)s->tensor_units;
    double util = capacity > 0 ? 100.0 * (double)s->mma_steps / capacity : 0.0;
    fprintf(out, "%stensor: %" PRIu64 " unit steps, %" PRIu64 " busy cycles (summed over "
            "sub-cores), %.1f%% utilisation of %" PRIu64 " units over %" PRIu64 " cycles\n",
            prefix, s->mma_steps, s->tensor_cycles, util, s->tensor_units, s->cycles);
}

void rt_print_launch_stats(FILE *out, const char *kernel, rt_dim3 grid, rt_dim3 block,
                           const sim_stats *s, double seconds)
{
    double lanes = (double)s->warp_insns * ISA_WARP_SIZE;
    double efficiency = lanes > 0 ? 100.0 * (double)s->thread_insns / lanes : 0.0;
    double rate = seconds > 0 ? (double)s->thread_insns / seconds : 0.0;
    const uint64_t *c = s->thread_insns_by_class, *w = s->warp_insns_by_class;
    fprintf(out, "cobalt: kernel %s grid (%u,%u,%u) block (%u,%u,%u): %u CTAs/SM, "
            "%" PRIu64 " warp-insns, %" PRIu64 " thread-insns, %.1f%% lane efficiency, "
            "%" PRIu64 "/%" PRIu64 " divergent branches, %" PRIu64 " barrier waits, %" PRIu64 " atomics, "
            "%.3g s, %.3g thread-insns/s\n",
            kernel, grid.x, grid.y, grid.z, block.x, block.y, block.z, s->ctas_per_sm,
            s->warp_insns, s->thread_insns, efficiency, s->divergent_branches, s->branches,
            s->barrier_waits, s->atomics, seconds, rate);
    fprintf(out, "cobalt:   by class: INT %" PRIu64 " FP %" PRIu64 " SFU %" PRIu64
            " CVT %" PRIu64 " MOVE %" PRIu64 " PRED %" PRIu64 " MEM %" PRIu64 " CTRL %" PRIu64
            " MMA %" PRIu64 " (thread-insns), %" PRIu64 " tensor unit steps",
            c[ISA_CLASS_INT], c[ISA_CLASS_FP], c[ISA_CLASS_SFU], c[ISA_CLASS_CVT],
            c[ISA_CLASS_MOVE], c[ISA_CLASS_PRED], c[ISA_CLASS_MEM], c[ISA_CLASS_CTRL],
            c[ISA_CLASS_MMA], s->mma_steps);
    /* the same per class in warp-insns: with the thread counts, each class's
     * lane efficiency */
    fprintf(out, "; warp-insns: INT %" PRIu64 " FP %" PRIu64 " SFU %" PRIu64 " CVT %" PRIu64
            " MOVE %" PRIu64 " PRED %" PRIu64 " MEM %" PRIu64 " CTRL %" PRIu64 " MMA %" PRIu64 "\n",
            w[ISA_CLASS_INT], w[ISA_CLASS_FP], w[ISA_CLASS_SFU], w[ISA_CLASS_CVT],
            w[ISA_CLASS_MOVE], w[ISA_CLASS_PRED], w[ISA_CLASS_MEM], w[ISA_CLASS_CTRL],
            w[ISA_CLASS_MMA]);
    fprintf(out, "cobalt:   memory (warp-insns): %" PRIu64 " global loads, %" PRIu64
            " global stores, %" PRIu64 " shared loads, %" PRIu64 " shared stores; %" PRIu64
            " global sectors, %" PRIu64 " shared bank conflicts\n",
            s->global_loads, s->global_stores, s->shared_loads, s->shared_stores,
            s->global_sectors, s->bank_conflicts);
    print_tensor(out, "cobalt:   ", s);
}

void rt_stats_add_launch(rt_stats_totals *t, const sim_stats *s, double seconds)
{
    sim_stats_add(&t->s, s);
    t->seconds += seconds;
    t->launches++;
}

/* Printed at exit with COBALT_STATS=1 or summary; "TOTALS" keeps these lines
 * apart from the per-launch ones that scripts parse. */
void rt_print_totals(FILE *out, const rt_stats_totals *t)
{
    const sim_stats *s = &t->s;
    const uint64_t *c = s->thread_insns_by_class;
    double lanes = (double)s->warp_insns * ISA_WARP_SIZE;
    double efficiency = lanes > 0 ? 100.0 * (double)s->thread_insns / lanes : 0.0;
    double rate = t->seconds > 0 ? (double)s->thread_insns / t->seconds : 0.0;
    fprintf(out, "cobalt: TOTALS %" PRIu64 " launches: %" PRIu64 " warp-insns, %" PRIu64
            " thread-insns, %.1f%% lane efficiency, %" PRIu64 " simulated cycles, %.3g s, "
            "%.3g thread-insns/s\n",
            t->launches, s->warp_insns, s->thread_insns, efficiency, s->cycles, t->seconds, rate);
    fprintf(out, "cobalt: TOTALS by class: INT %" PRIu64 " FP %" PRIu64 " SFU %" PRIu64
            " CVT %" PRIu64 " MOVE %" PRIu64 " PRED %" PRIu64 " MEM %" PRIu64 " CTRL %" PRIu64
            " MMA %" PRIu64 " (thread-insns), %" PRIu64 " tensor unit steps\n",
            c[ISA_CLASS_INT], c[ISA_CLASS_FP], c[ISA_CLASS_SFU], c[ISA_CLASS_CVT],
            c[ISA_CLASS_MOVE], c[ISA_CLASS_PRED], c[ISA_CLASS_MEM], c[ISA_CLASS_CTRL],
            c[ISA_CLASS_MMA], s->mma_steps);
    fprintf(out, "cobalt: TOTALS memory (warp-insns): %" PRIu64 " global loads, %" PRIu64
            " global stores, %" PRIu64 " shared loads, %" PRIu64 " shared stores, %" PRIu64
            " atomics; %" PRIu64 " global sectors (%.3g MB), %" PRIu64 " shared bank conflicts; "
            "%" PRIu64 "/%" PRIu64 " divergent branches\n",
            s->global_loads, s->global_stores, s->shared_loads, s->shared_stores, s->atomics,
            s->global_sectors, (double)s->global_sectors * 32.0 / 1e6, s->bank_conflicts,
            s->divergent_branches, s->branches);
    print_tensor(out, "cobalt: TOTALS ", s);
}
