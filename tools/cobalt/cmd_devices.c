/* tools/cobalt/cmd_devices.c — `cobalt devices`: the built-in device
 * profiles COBALT_DEVICE accepts, or one profile file checked. */
#include <stdio.h>

#include "runtime/device_profiles.h"
#include "tools/cobalt/commands.h"

static void show(const rt_profile_spec *p)
{
    printf("%-13s sm_%d%d  %4u SMs  %6llu MiB  smem %3u KiB/SM (%u KiB/block opt-in)  "
           "%6u regs/SM  %4u threads/SM  %4u MHz  %u sub-cores x %u tensor units  %s\n",
           p->key, p->major, p->minor, p->sm_count, (unsigned long long)p->global_mem_mib,
           p->smem_per_sm / 1024, p->smem_per_block_optin / 1024, p->regs_per_sm,
           p->max_threads_per_sm, p->clock_khz / 1000, p->subcores, p->tensor_units, p->name);
}

int cobalt_cmd_devices(int argc, char **argv)
{
    if (argc > 2) {
        fprintf(stderr, "usage: cobalt devices [file.conf]\n");
        return 2;
    }
    if (argc == 2) {
        rt_profile_spec p;
        char err[512];
        if (!rt_profile_load_file(argv[1], &p, err, sizeof err)) {
            fprintf(stderr, "cobalt devices: %s\n", err);
            return 1;
        }
        show(&p);
        return 0;
    }
    for (size_t i = 0; i < rt_profile_count(); i++)
        show(rt_profile_at(i));
    printf("\nselect one with COBALT_DEVICE=<name> or COBALT_DEVICE=/path/to/file.conf "
           "(default %s; COBALT_SMS=N overrides the SM count, COBALT_TENSOR_UNITS=N the tensor "
           "units per sub-core)\n", rt_profile_at(0)->key);
    return 0;
}
