/* sim/config.c — the default machine, scheduler policy and reconvergence engine names. */
#include <string.h>
#include "sim/sim.h"

void sim_config_default(sim_config *c)
{
    /* A100 per-SM limits (compute capability 8.0), 16 SMs instead of 108 so
     * grids spread over a handful of SMs a person can follow. */
    *c = (sim_config){
        .num_sms = 16,
        .max_threads_per_sm = 2048,
        .max_warps_per_sm = 64,
        .max_ctas_per_sm = 32,
        .regs_per_sm = 65536,
        .max_regs_per_thread = 255,
        .smem_per_sm = 164 * 1024,
        .smem_per_block = 48 * 1024,
        .max_threads_per_block = 1024,
        .clock_khz = 1410000,
        .sched = SIM_SCHED_GTO,
        .threads = 1,
        .seed = 1,
        .reconv = SIM_RECONV_ITS,
        .spin_limit = SIM_DEFAULT_SPIN_LIMIT,
        .subcores = SIM_DEFAULT_SUBCORES,
        .tensor_units = SIM_DEFAULT_TENSOR_UNITS,
    };
}

static const char *const sched_names[] = { [SIM_SCHED_GTO] = "gto", [SIM_SCHED_LRR] = "lrr",
                                          [SIM_SCHED_RANDOM] = "random" };

bool sim_sched_from_name(const char *name, sim_sched_policy *out)
{
    if (name == NULL)
        return false;
    for (unsigned i = 0; i < sizeof sched_names / sizeof sched_names[0]; i++)
        if (strcmp(name, sched_names[i]) == 0) {
            *out = (sim_sched_policy)i;
            return true;
        }
    return false;
}

const char *sim_sched_name(sim_sched_policy p)
{
    if ((unsigned)p < sizeof sched_names / sizeof sched_names[0])
        return sched_names[p];
    return "unknown";
}

static const char *const reconv_names[] = { [SIM_RECONV_ITS] = "its",
                                           [SIM_RECONV_STACK] = "stack" };

bool sim_reconv_from_name(const char *name, sim_reconv *out)
{
    if (name == NULL)
        return false;
    for (unsigned i = 0; i < sizeof reconv_names / sizeof reconv_names[0]; i++)
        if (strcmp(name, reconv_names[i]) == 0) {
            *out = (sim_reconv)i;
            return true;
        }
    return false;
}

const char *sim_reconv_name(sim_reconv r)
{
    if ((unsigned)r < sizeof reconv_names / sizeof reconv_names[0])
        return reconv_names[r];
    return "unknown";
}
