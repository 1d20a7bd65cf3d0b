/* runtime/device_profiles.h — named device profiles and profile files
 * (COBALT_DEVICE). A profile fixes what the simulator enforces (sim_config)
 * and what cudaGetDeviceProperties / cudaDeviceGetAttribute report. */
#ifndef COBALT_RT_DEVICE_PROFILES_H
#define COBALT_RT_DEVICE_PROFILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/sim.h"

typedef struct rt_profile_spec {
    char     key[32];              /* "a100-like", or "file" */
    char     name[96];             /* cudaDeviceProp.name */
    int      major, minor;
    unsigned sm_count;
    uint64_t global_mem_mib;       /* capped by host memory when reported */
    unsigned smem_per_sm, smem_per_block, smem_per_block_optin;   /* bytes */
    unsigned regs_per_sm, max_regs_per_thread;
    unsigned max_threads_per_sm, max_threads_per_block, max_blocks_per_sm;
    unsigned clock_khz, mem_clock_khz, mem_bus_width;
    unsigned l2_cache_size;        /* bytes */
    unsigned subcores;             /* per SM (sim_config.subcores) */
    unsigned tensor_units;         /* per sub-core, one 4x4x4 step (64 FMA) per cycle each */
} rt_profile_spec;

/* The built-in profiles, in listing order; index 0 is the default. */
size_t                 rt_profile_count(void);
const rt_profile_spec *rt_profile_at(size_t i);
const rt_profile_spec *rt_profile_by_name(const char *name);

/* Loads a `key = value` profile file; on error false with "file:line: what
 * was expected" in err. */
bool rt_profile_load_file(const char *path, rt_profile_spec *out, char *err, size_t errlen);

/* COBALT_DEVICE: NULL/empty = default; a profile name; or a path (contains
 * '/' or ends in .conf). A bad value is reported on diag and the default
 * stays. */
void rt_profile_select(const char *value, rt_profile_spec *out, FILE *diag);

/* Sets the simulator limits the profile fixes (num_sms included). */
void rt_profile_apply_config(const rt_profile_spec *p, sim_config *c);

#endif
