/* runtime/device.c — the simulated device's profile. Limits the simulator
 * enforces come from its configuration (set from the chosen profile, with
 * COBALT_SMS applied); the rest come from the profile (device_profiles.c). */
#include "runtime/internal.h"

#include <string.h>
#include <unistd.h>

/* Reported global memory: the profile's, or less when the host has less
 * (device memory is host memory). */
static uint64_t global_mem_size(uint64_t mib)
{
    uint64_t want = mib << 20;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    uint64_t host = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : want;
    return host < want ? host : want;
}

static void set2(int *d, int a, int b) { d[0] = a; d[1] = b; }
static void set3(int *d, int a, int b, int c) { d[0] = a; d[1] = b; d[2] = c; }

static void texture_limits(rt_device_profile *d)
{
    d->tex1d = 131072;
    d->tex1d_mipmap = 32768;
    d->tex1d_linear = 268435456;
    set2(d->tex2d, 131072, 65536);
    set2(d->tex2d_mipmap, 32768, 32768);
    set3(d->tex2d_linear, 131072, 65000, 2097120);
    set2(d->tex2d_gather, 32768, 32768);
    set3(d->tex3d, 16384, 16384, 16384);
    set3(d->tex3d_alt, 8192, 8192, 32768);
    d->tex_cubemap = 32768;
    set2(d->tex1d_layered, 32768, 2048);
    set3(d->tex2d_layered, 32768, 32768, 2048);
    set2(d->tex_cubemap_layered, 32768, 2046);
    d->surf1d = 32768;
    set2(d->surf2d, 131072, 65536);
    set3(d->surf3d, 16384, 16384, 16384);
    set2(d->surf1d_layered, 32768, 2048);
    set3(d->surf2d_layered, 32768, 32768, 2048);
    d->surf_cubemap = 32768;
    set2(d->surf_cubemap_layered, 32768, 2046);
}

void rt_device_profile_init(rt_device_profile *d, const sim_config *c,
                            const rt_profile_spec *p)
{
    static const uint8_t uuid[16] = { 'C', 'o', 'b', 'a', 'l', 't', '-', 's',
                                      'i', 'm', '-', 's', 'm', '_', '0', '0' };
    memset(d, 0, sizeof *d);
    snprintf(d->name, sizeof d->name, "%s", p->name);
    memcpy(d->uuid, uuid, sizeof uuid);
    d->uuid[14] = (uint8_t)('0' + p->major % 10);   /* "...sm_80" for the default */
    d->uuid[15] = (uint8_t)('0' + p->minor % 10);
    d->major = p->major;
    d->minor = p->minor;
    d->sm_count = (int)c->num_sms;
    d->total_global_mem = global_mem_size(p->global_mem_mib);
    d->total_const_mem = 64 << 10;
    d->mem_pitch = 2147483647;
    d->reserved_smem_per_block = 1024;
    d->smem_per_block = c->smem_per_block;
    d->smem_per_sm = c->smem_per_sm;
    d->smem_per_block_optin = p->smem_per_block_optin;
    d->regs_per_sm = (int)c->regs_per_sm;
    d->regs_per_block = c->regs_per_sm < 65536 ? (int)c->regs_per_sm : 65536;
    d->warp_size = ISA_WARP_SIZE;
    d->max_threads_per_block = (int)c->max_threads_per_block;
    set3(d->max_block_dim, 1024, 1024, 64);
    set3(d->max_grid_dim, 2147483647, 65535, 65535);
    d->max_threads_per_sm = (int)c->max_threads_per_sm;
    d->max_blocks_per_sm = (int)c->max_ctas_per_sm;
    d->clock_khz = (int)c->clock_khz;
    d->mem_clock_khz = (int)p->mem_clock_khz;
    d->mem_bus_width = (int)p->mem_bus_width;
    d->l2_cache_size = (int)p->l2_cache_size;
    d->persisting_l2_max = (int)(p->l2_cache_size / 4 * 3);   /* 30 of 40 MiB on an A100 */
    d->access_policy_max_window = 134213632;
    d->single_to_double_ratio = 2;
    d->texture_align = 256;   /* cudaMalloc's alignment (sim/mem.c): any such pointer fits */
    d->texture_pitch_align = 32;
    d->surface_align = 512;
    texture_limits(d);
}
