/* tools/cobalt/cmd_run.c — `cobalt run [options] ./app [args...]`: checks
 * that the application can run on Cobalt (shared CUDA 12 or 13 runtime, PTX
 * in its fatbin), then executes it with Cobalt's libcudart.so.12 or .so.13
 * (the one its DT_NEEDED names) preloaded. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/binary.h"
#include "sim/sim.h"
#include "tools/cobalt/commands.h"
#include "tools/cobalt/run_rpath.h"

#define RUN_USAGE "usage: cobalt run [--stats] [--sms N] [--sched gto|lrr|random] [--seed N] " \
                  "[--] ./app [args...]\n"

typedef struct run_options {
    const char *sms, *sched, *seed;
    bool        stats;
    int         first_arg;   /* index of the application in argv */
} run_options;

/* Returns 0, or the exit status for a usage error. */
static int parse_options(int argc, char **argv, run_options *o)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(RUN_USAGE, stdout);
            return -1;
        } else if (strcmp(a, "--stats") == 0) {
            o->stats = true;
        } else if (strcmp(a, "--sms") == 0 && i + 1 < argc) {
            o->sms = argv[++i];
        } else if (strcmp(a, "--sched") == 0 && i + 1 < argc) {
            o->sched = argv[++i];
        } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
            o->seed = argv[++i];
        } else if (strncmp(a, "--seed=", 7) == 0) {
            o->seed = a + 7;
        } else if (strncmp(a, "--sms=", 6) == 0) {
            o->sms = a + 6;
        } else if (strncmp(a, "--sched=", 8) == 0) {
            o->sched = a + 8;
        } else {
            fprintf(stderr, "cobalt run: unknown option or missing value: %s\n" RUN_USAGE, a);
            return 2;
        }
    }
    o->first_arg = i;
    if (i >= argc) {
        fputs("cobalt run: no program given\n" RUN_USAGE, stderr);
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long n = o->sms ? strtoul(o->sms, &end, 10) : 1;
    if (o->sms && (errno || *end || o->sms[0] < '0' || o->sms[0] > '9' || n < 1 || n > 1024)) {
        fprintf(stderr, "cobalt run: --sms wants an SM count from 1 to 1024, not '%s'\n", o->sms);
        return 2;
    }
    sim_sched_policy p;
    if (o->sched && !sim_sched_from_name(o->sched, &p)) {
        fprintf(stderr, "cobalt run: --sched wants gto, lrr or random, not '%s'\n", o->sched);
        return 2;
    }
    errno = 0;
    if (o->seed && (strtoull(o->seed, &end, 0), errno || *end || o->seed[0] < '0' ||
                    o->seed[0] > '9')) {
        fprintf(stderr, "cobalt run: --seed wants a number, not '%s'\n", o->seed);
        return 2;
    }
    return 0;
}

/* The file execvp would run for `name`. */
static bool find_program(const char *name, char *out, size_t len)
{
    if (strchr(name, '/')) {
        snprintf(out, len, "%s", name);
        return access(out, F_OK) == 0;
    }
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        const char *colon = strchr(p, ':');
        size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
        snprintf(out, len, "%.*s%s%s", (int)dlen, p, dlen ? "/" : "", name);
        if (access(out, X_OK) == 0)
            return true;
        p += dlen + (colon != NULL);
    }
    return false;
}

/* <dir of this executable>/../lib/<soname>, into out[PATH_MAX]; false
 * (out = the path looked at) when it is not there. */
static bool find_shim(const char *soname, char *out)
{
    char self[PATH_MAX], joined[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return false;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash)
        return false;
    *slash = '\0';
    if (snprintf(joined, sizeof joined, "%s/../lib/%s", self, soname) >= (int)sizeof joined)
        return false;
    if (!realpath(joined, out) || access(out, R_OK) != 0) {
        memcpy(out, joined, sizeof joined);
        return false;
    }
    return true;
}

/* LD_PRELOAD = [sanitizer runtime:]shim[:what was there]. An ASan build of
 * the shim needs libasan loaded first, which an ordinary application does
 * not do. */
static bool set_preload(const char *shim)
{
    rt_binary_info bi;
    char err[256];
    const char *asan = rt_binary_inspect(shim, &bi, err, sizeof err) && bi.asan_runtime[0]
                       ? bi.asan_runtime : NULL;
    const char *old = getenv("LD_PRELOAD");
    size_t len = strlen(shim) + (old ? strlen(old) : 0) + (asan ? strlen(asan) : 0) + 3;
    char *v = malloc(len);
    if (!v)
        return false;
    snprintf(v, len, "%s%s%s%s%s", asan ? asan : "", asan ? ":" : "", shim,
             old && *old ? ":" : "", old && *old ? old : "");
    int r = setenv("LD_PRELOAD", v, 1);
    free(v);
    return r == 0;
}

int cobalt_cmd_run(int argc, char **argv)
{
    run_options o = { 0 };
    int status = parse_options(argc, argv, &o);
    if (status)
        return status < 0 ? 0 : status;
    const char *app = argv[o.first_arg];
    char path[PATH_MAX], shim[PATH_MAX], err[512], msg[768];
    if (!find_program(app, path, sizeof path)) {
        fprintf(stderr, "cobalt run: %s: no such program\n", app);
        return 127;
    }
    rt_binary_info bi;
    if (!rt_binary_inspect(path, &bi, err, sizeof err)) {
        fprintf(stderr, "cobalt run: %s\n", err);
        return 2;
    }
    /* A CUDA 12 program gets libcudart.so.12; the checks that follow are the
     * same (judged as if it named .so.13, which the judge knows). */
    const char *soname = "libcudart.so.13";
    if (!bi.needs_cudart13 && strcmp(bi.other_cudart, "libcudart.so.12") == 0) {
        soname = "libcudart.so.12";
        bi.needs_cudart13 = true;
        bi.other_cudart[0] = '\0';
    } else if (!bi.needs_cudart13 && bi.other_cudart[0]) {
        fprintf(stderr, "cobalt run: %s needs %s, but Cobalt provides only libcudart.so.12 and "
                "libcudart.so.13: rebuild it with CUDA 12 or 13 (nvcc -cudart shared "
                "-arch=sm_80)\n", app, bi.other_cudart);
        return 2;
    }
    run_warn_rpath(path);
    rt_binary_verdict v = rt_binary_judge(&bi, app, msg, sizeof msg);
    if (v != RT_BINARY_OK)
        fprintf(stderr, "cobalt run: %s\n", msg);
    if (v == RT_BINARY_REFUSE)
        return 2;
    if (!find_shim(soname, shim)) {
        fprintf(stderr, "cobalt run: cannot find Cobalt's %s at %s (run make)\n", soname,
                shim);
        return 2;
    }
    if (!set_preload(shim) || !run_prepend_library_path(shim) ||
        (o.stats && setenv("COBALT_STATS", "1", 1)) ||
        (o.sms && setenv("COBALT_SMS", o.sms, 1)) ||
        (o.sched && setenv("COBALT_SCHED", o.sched, 1)) ||
        (o.seed && setenv("COBALT_SEED", o.seed, 1))) {
        fprintf(stderr, "cobalt run: cannot set the environment: %s\n", strerror(errno));
        return 2;
    }
    execv(path, argv + o.first_arg);
    fprintf(stderr, "cobalt run: cannot execute %s: %s\n", path, strerror(errno));
    return 126;
}
