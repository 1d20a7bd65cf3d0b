/* runtime/device_profiles.c — the table of named profiles. Per-SM limits
 * are those of the real parts (CUDA programming guide, compute capability
 * tables); SM counts are scaled down so grids spread over a few SMs. */
#include "runtime/device_profiles.h"

#include <string.h>

#define KIB 1024u

/* Tensor units (sim/timing.c): a unit does one 4x4x4 step, 64 FMAs, per
 * cycle (Volta's definition of a tensor core), so units per SM = dense
 * f16 FMA/clk/SM / 64, spread over the SM's 4 sub-cores:
 *   V100     8 tensor cores x 64 FMA/clk  =  512 -> 4 x 2
 *   A100     1024 FMA/clk/SM              = 1024 -> 4 x 4
 *   H100     2048 FMA/clk/SM              = 2048 -> 4 x 8
 *   RTX 3090 GA102: 4 x 128 f16 FMA/clk  =  512 -> 4 x 2
 *   tiny     1 sub-core x 1 unit: each step a cycle, easy to count by hand */

static const rt_profile_spec profiles[] = {
    { .key = "a100-like", .name = "Cobalt simulated sm_80", .major = 8, .minor = 0,
      .sm_count = 16, .global_mem_mib = 40 * 1024, .smem_per_sm = 164 * KIB,
      .smem_per_block = 48 * KIB, .smem_per_block_optin = 163 * KIB, .regs_per_sm = 65536,
      .max_regs_per_thread = 255, .max_threads_per_sm = 2048, .max_threads_per_block = 1024,
      .max_blocks_per_sm = 32, .clock_khz = 1410000, .mem_clock_khz = 1215000,
      .mem_bus_width = 5120, .l2_cache_size = 40 * KIB * KIB,
      .subcores = 4, .tensor_units = 4 },
    { .key = "v100-like", .name = "Cobalt simulated sm_70 (V100-like)", .major = 7, .minor = 0,
      .sm_count = 16, .global_mem_mib = 16 * 1024, .smem_per_sm = 96 * KIB,
      .smem_per_block = 48 * KIB, .smem_per_block_optin = 96 * KIB, .regs_per_sm = 65536,
      .max_regs_per_thread = 255, .max_threads_per_sm = 2048, .max_threads_per_block = 1024,
      .max_blocks_per_sm = 32, .clock_khz = 1530000, .mem_clock_khz = 877000,
      .mem_bus_width = 4096, .l2_cache_size = 6 * KIB * KIB,
      .subcores = 4, .tensor_units = 2 },
    { .key = "rtx3090-like", .name = "Cobalt simulated sm_86 (RTX 3090-like)", .major = 8,
      .minor = 6, .sm_count = 16, .global_mem_mib = 24 * 1024, .smem_per_sm = 100 * KIB,
      .smem_per_block = 48 * KIB, .smem_per_block_optin = 99 * KIB, .regs_per_sm = 65536,
      .max_regs_per_thread = 255, .max_threads_per_sm = 1536, .max_threads_per_block = 1024,
      .max_blocks_per_sm = 16, .clock_khz = 1695000, .mem_clock_khz = 9751000,
      .mem_bus_width = 384, .l2_cache_size = 6 * KIB * KIB,
      .subcores = 4, .tensor_units = 2 },
    { .key = "h100-like", .name = "Cobalt simulated sm_90 (H100-like)", .major = 9, .minor = 0,
      .sm_count = 16, .global_mem_mib = 80 * 1024, .smem_per_sm = 228 * KIB,
      .smem_per_block = 48 * KIB, .smem_per_block_optin = 227 * KIB, .regs_per_sm = 65536,
      .max_regs_per_thread = 255, .max_threads_per_sm = 2048, .max_threads_per_block = 1024,
      .max_blocks_per_sm = 32, .clock_khz = 1980000, .mem_clock_khz = 2619000,
      .mem_bus_width = 5120, .l2_cache_size = 50 * KIB * KIB,
      .subcores = 4, .tensor_units = 8 },
    /* small enough that occupancy and SM limits are easy to reason about */
    { .key = "tiny", .name = "Cobalt simulated teaching part (sm_80, 2 SMs)", .major = 8,
      .minor = 0, .sm_count = 2, .global_mem_mib = 1024, .smem_per_sm = 64 * KIB,
      .smem_per_block = 48 * KIB, .smem_per_block_optin = 63 * KIB, .regs_per_sm = 32768,
      .max_regs_per_thread = 255, .max_threads_per_sm = 1024, .max_threads_per_block = 1024,
      .max_blocks_per_sm = 8, .clock_khz = 1000000, .mem_clock_khz = 1000000,
      .mem_bus_width = 256, .l2_cache_size = 1 * KIB * KIB,
      .subcores = 1, .tensor_units = 1 },
};

size_t rt_profile_count(void)
{
    return sizeof profiles / sizeof profiles[0];
}

const rt_profile_spec *rt_profile_at(size_t i)
{
    return i < rt_profile_count() ? &profiles[i] : NULL;
}

const rt_profile_spec *rt_profile_by_name(const char *name)
{
    for (size_t i = 0; name && i < rt_profile_count(); i++)
        if (strcmp(profiles[i].key, name) == 0)
            return &profiles[i];
    return NULL;
}

static bool looks_like_path(const char *v)
{
    size_t n = strlen(v);
    return strchr(v, '/') || (n > 5 && strcmp(v + n - 5, ".conf") == 0);
}

void rt_profile_select(const char *value, rt_profile_spec *out, FILE *diag)
{
    *out = profiles[0];
    if (!value || !*value)
        return;
    if (looks_like_path(value)) {
        char err[512];
        rt_profile_spec p;
        if (rt_profile_load_file(value, &p, err, sizeof err))
            *out = p;
        else
            fprintf(diag, "cobalt: COBALT_DEVICE: %s; using %s\n", err, out->key);
        return;
    }
    const rt_profile_spec *p = rt_profile_by_name(value);
    if (p) {
        *out = *p;
        return;
    }
    fprintf(diag, "cobalt: COBALT_DEVICE='%s' is not a profile (", value);
    for (size_t i = 0; i < rt_profile_count(); i++)
        fprintf(diag, "%s%s", i ? ", " : "", profiles[i].key);
    fprintf(diag, ", or a path to a .conf file); using %s\n", out->key);
}

void rt_profile_apply_config(const rt_profile_spec *p, sim_config *c)
{
    c->num_sms = p->sm_count;
    c->max_threads_per_sm = p->max_threads_per_sm;
    c->max_warps_per_sm = p->max_threads_per_sm / 32;
    c->max_ctas_per_sm = p->max_blocks_per_sm;
    c->regs_per_sm = p->regs_per_sm;
    c->max_regs_per_thread = p->max_regs_per_thread;
    c->smem_per_sm = p->smem_per_sm;
    c->smem_per_block = p->smem_per_block;
    c->max_threads_per_block = p->max_threads_per_block;
    c->clock_khz = p->clock_khz;
    c->subcores = p->subcores;
    c->tensor_units = p->tensor_units;
}
