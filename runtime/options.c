/* runtime/options.c — COBALT_SMS / COBALT_SCHED / COBALT_STATS / COBALT_SEED /
 * COBALT_THREADS / COBALT_RECONV / COBALT_TENSOR_UNITS. A bad value
 * never stops the program: it is reported and the default stays. An empty
 * value counts as unset. */
#include "runtime/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool parse_count(const char *s, unsigned long max, unsigned long *out)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end != '\0' || v < 1 || v > max)
        return false;
    *out = v;
    return true;
}

void rt_options_apply(rt_options *o, const char *sms, const char *sched, const char *stats,
                      FILE *diag)
{
    if (sms && *sms) {
        unsigned long n;
        if (parse_count(sms, RT_MAX_SMS, &n))
            o->num_sms = (unsigned)n;
        else
            fprintf(diag, "cobalt: COBALT_SMS='%s' is not an SM count (1..%u); using %u\n", sms,
                    RT_MAX_SMS, o->num_sms);
    }
    if (sched && *sched) {
        sim_sched_policy p;
        if (sim_sched_from_name(sched, &p))
            o->sched = p;
        else
            fprintf(diag, "cobalt: COBALT_SCHED='%s' is not a scheduler (gto, lrr or random); "
                    "using %s\n",
                    sched, sim_sched_name(o->sched));
    }
    if (stats && *stats) {
        if (strcmp(stats, "1") == 0)
            o->stats = o->totals = true;
        else if (strcmp(stats, "summary") == 0)   /* only the totals at exit */
            o->stats = false, o->totals = true;
        else if (strcmp(stats, "0") == 0)
            o->stats = o->totals = false;
        else
            fprintf(diag, "cobalt: COBALT_STATS='%s' should be 0 or 1; statistics are %s\n",
                    stats, o->stats ? "on" : "off");
    }
}

void rt_options_apply_seed(rt_options *o, const char *seed, FILE *diag)
{
    if (seed == NULL || *seed == '\0')
        return;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(seed, &end, 0);
    if (errno || *end != '\0' || *seed < '0' || *seed > '9')
        fprintf(diag, "cobalt: COBALT_SEED='%s' is not a number; using %llu\n", seed,
                (unsigned long long)o->seed);
    else
        o->seed = v;
}

void rt_options_apply_reconv(rt_options *o, const char *reconv, const char *spin, FILE *diag)
{
    if (reconv && *reconv) {
        sim_reconv r;
        if (sim_reconv_from_name(reconv, &r))
            o->reconv = r;
        else
            fprintf(diag, "cobalt: COBALT_RECONV='%s' is not a reconvergence engine (its or "
                    "stack); using %s\n", reconv, sim_reconv_name(o->reconv));
    }
    if (spin && *spin) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(spin, &end, 0);
        if (errno || *end != '\0' || *spin < '0' || *spin > '9' || v == 0)
            fprintf(diag, "cobalt: COBALT_SPIN_LIMIT='%s' is not a count (1 or more); using "
                    "%llu\n", spin, (unsigned long long)o->spin_limit);
        else
            o->spin_limit = v;
    }
}

void rt_options_apply_threads(rt_options *o, const char *threads, FILE *diag)
{
    if (threads == NULL || *threads == '\0')
        return;
    unsigned long n;
    if (strcmp(threads, "0") == 0)
        o->threads = 0;
    else if (parse_count(threads, RT_MAX_SMS, &n))
        o->threads = (unsigned)n;
    else
        fprintf(diag, "cobalt: COBALT_THREADS='%s' is not a thread count (0 = every core, "
                "1..%u); using %u\n", threads, RT_MAX_SMS, o->threads);
}

void rt_options_apply_tensor_units(sim_config *c, const char *units, FILE *diag)
{
    if (units == NULL || *units == '\0')
        return;
    unsigned long n;
    if (parse_count(units, RT_MAX_TENSOR_UNITS, &n))
        c->tensor_units = (unsigned)n;
    else
        fprintf(diag, "cobalt: COBALT_TENSOR_UNITS='%s' is not a count of tensor units per "
                "sub-core (1..%u); using %u\n", units, RT_MAX_TENSOR_UNITS, c->tensor_units);
}
