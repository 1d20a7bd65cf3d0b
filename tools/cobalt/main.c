/* tools/cobalt/main.c — the `cobalt` command: dispatches subcommands. */
#include <stdio.h>
#include <string.h>

#include "tools/cobalt/commands.h"

#define COBALT_VERSION "0.1.0"

typedef struct command {
    const char *name;
    int       (*run)(int argc, char **argv);
    const char *args, *summary;
} command;

static const command commands[] = {
    { "run", cobalt_cmd_run, "[--stats] [--sms N] [--sched gto|lrr] ./app [args...]",
      "run an unmodified CUDA program (built with nvcc -cudart shared) on the simulator" },
    { "ptx", cobalt_cmd_ptx, "file.ptx", "lower a PTX file and print the Cobalt ISA listing" },
    { "asm", cobalt_cmd_asm, "file.s", "assemble Cobalt ISA text into encoded words" },
    { "disasm", cobalt_cmd_disasm, "file.hex", "disassemble encoded words" },
    { "devices", cobalt_cmd_devices, "[file.conf]", "list the device profiles (COBALT_DEVICE)" },
};

static void usage(FILE *out)
{
    fprintf(out, "usage: cobalt <command> [arguments]\n       cobalt --help | --version\n\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-7s %s\n          %s\n", commands[i].name, commands[i].args,
                commands[i].summary);
    fprintf(out, "\nenvironment (read by the simulated runtime):\n"
            "  COBALT_DEVICE=name       device profile (see 'cobalt devices')\n"
            "  COBALT_SMS=N             number of SMs\n"
            "  COBALT_SCHED=gto|lrr|random  warp scheduler\n"
            "  COBALT_SEED=N            seed of the random scheduler\n"
            "  COBALT_THREADS=N         host threads running the SMs (default 0: every core; 1: deterministic)\n"
            "  COBALT_RECONV=its|stack  reconvergence engine (default its)\n"
            "  COBALT_SPIN_LIMIT=N      stack engine: trips of a spinning loop before a fault\n"
            "  COBALT_STATS=0|1|summary per-launch statistics / totals at exit\n"
            "  COBALT_DUMP_PTX=dir      write every loaded PTX module to dir\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("cobalt %s (CUDA 13 runtime ABI, simulated sm_80)\n", COBALT_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "cobalt: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return 2;
}
