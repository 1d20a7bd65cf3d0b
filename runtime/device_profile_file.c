/* runtime/device_profile_file.c — COBALT_DEVICE=/path/to/file.conf.
 *
 * One `key = value` per line; `#` starts a comment; blank lines are fine.
 * `base = <profile>` (first, optional) starts from a built-in profile
 * (default a100-like); every other key overrides one field. Unknown keys,
 * repeated keys and bad numbers are errors ("file:line: expected ..."). */
#include "runtime/device_profiles.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef enum { F_UINT, F_U64, F_CC, F_NAME, F_BASE } field_type;

typedef struct field {
    const char *key;
    field_type  type;
    size_t      off;
    unsigned long long min, max;
} field;

#define U(k, m, lo, hi) { k, F_UINT, offsetof(rt_profile_spec, m), lo, hi }
static const field fields[] = {
    { "base", F_BASE, 0, 0, 0 },
    { "name", F_NAME, 0, 0, 0 },
    { "compute_capability", F_CC, 0, 0, 0 },
    U("sm_count", sm_count, 1, 1024),
    { "global_mem_mib", F_U64, offsetof(rt_profile_spec, global_mem_mib), 1, 1u << 24 },
    U("smem_per_sm", smem_per_sm, 1024, 1u << 20),
    U("smem_per_block", smem_per_block, 1024, 1u << 20),
    U("smem_per_block_optin", smem_per_block_optin, 1024, 1u << 20),
    U("regs_per_sm", regs_per_sm, 1024, 1u << 20),
    U("max_regs_per_thread", max_regs_per_thread, 16, 255),
    U("max_threads_per_sm", max_threads_per_sm, 32, 4096),
    U("max_threads_per_block", max_threads_per_block, 32, 1024),
    U("max_blocks_per_sm", max_blocks_per_sm, 1, 64),
    U("clock_khz", clock_khz, 1000, 10000000),
    U("mem_clock_khz", mem_clock_khz, 1000, 100000000),
    U("mem_bus_width", mem_bus_width, 8, 16384),
    U("l2_cache_size", l2_cache_size, 0, 1u << 30),
    U("subcores", subcores, 1, SIM_MAX_SUBCORES),
    U("tensor_units", tensor_units, 1, 64),   /* RT_MAX_TENSOR_UNITS */
};
#undef U
enum { NFIELDS = sizeof fields / sizeof fields[0] };

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static bool parse_num(const char *v, unsigned long long *out)
{
    if (!isdigit((unsigned char)*v))
        return false;
    char *end;
    errno = 0;
    *out = strtoull(v, &end, 0);
    return errno == 0 && *end == '\0';
}

/* Sets one field; false with the expectation in why. */
static bool set_field(rt_profile_spec *p, const field *f, const char *v, char *why, size_t len)
{
    unsigned long long n;
    int major, minor;
    char tail;
    const rt_profile_spec *base;
    switch (f->type) {
    case F_BASE:
        if (!(base = rt_profile_by_name(v))) {
            snprintf(why, len, "expected a built-in profile name after 'base =', got '%s'", v);
            return false;
        }
        *p = *base;
        return true;
    case F_NAME:
        if (!*v || strlen(v) >= sizeof p->name) {
            snprintf(why, len, "expected a name of 1..%zu characters", sizeof p->name - 1);
            return false;
        }
        snprintf(p->name, sizeof p->name, "%s", v);
        return true;
    case F_CC:
        if (sscanf(v, "%d.%d%c", &major, &minor, &tail) != 2 || major < 1 || major > 20 ||
            minor < 0 || minor > 9) {
            snprintf(why, len, "expected a compute capability such as 8.0, got '%s'", v);
            return false;
        }
        p->major = major;
        p->minor = minor;
        return true;
    case F_UINT:
    case F_U64:
        if (!parse_num(v, &n) || n < f->min || n > f->max) {
            snprintf(why, len, "expected an integer %llu..%llu for %s, got '%s'", f->min, f->max,
                     f->key, v);
            return false;
        }
        if (f->type == F_U64)
            *(uint64_t *)((char *)p + f->off) = n;
        else
            *(unsigned *)((char *)p + f->off) = (unsigned)n;
        return true;
    }
    return false;
}

/* Cross-field rules the simulator relies on. */
static bool consistent(const rt_profile_spec *p, char *why, size_t len)
{
    if (p->smem_per_block > p->smem_per_sm || p->smem_per_block_optin > p->smem_per_sm)
        snprintf(why, len, "expected smem_per_block and smem_per_block_optin <= smem_per_sm");
    else if (p->max_threads_per_sm % 32 || p->max_threads_per_block > p->max_threads_per_sm)
        snprintf(why, len, "expected max_threads_per_sm a multiple of 32 and >= "
                 "max_threads_per_block");
    else
        return true;
    return false;
}

static bool parse_line(char *line, rt_profile_spec *p, bool *seen, unsigned lineno, char *why,
                       size_t len)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    char *s = trim(line);
    if (!*s)
        return true;
    char *eq = strchr(s, '=');
    if (!eq) {
        snprintf(why, len, "expected 'key = value'");
        return false;
    }
    *eq = '\0';
    char *key = trim(s), *val = trim(eq + 1);
    for (size_t i = 0; i < NFIELDS; i++) {
        if (strcmp(fields[i].key, key) != 0)
            continue;
        if (seen[i]) {
            snprintf(why, len, "'%s' is given twice", key);
            return false;
        }
        if (fields[i].type == F_BASE && lineno > 1 && seen[NFIELDS]) {
            snprintf(why, len, "expected 'base' before every other key");
            return false;
        }
        seen[i] = seen[NFIELDS] = true;
        return set_field(p, &fields[i], val, why, len);
    }
    snprintf(why, len, "unknown key '%s' (expected one of: base, name, compute_capability, "
             "sm_count, global_mem_mib, smem_per_sm, smem_per_block, smem_per_block_optin, "
             "regs_per_sm, max_regs_per_thread, max_threads_per_sm, max_threads_per_block, "
             "max_blocks_per_sm, clock_khz, mem_clock_khz, mem_bus_width, l2_cache_size, "
             "subcores, tensor_units)", key);
    return false;
}

bool rt_profile_load_file(const char *path, rt_profile_spec *out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    rt_profile_spec p = *rt_profile_at(0);
    bool seen[NFIELDS + 1] = { false };   /* [NFIELDS]: any key seen */
    char line[512], why[400];
    unsigned lineno = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            snprintf(why, sizeof why, "expected a line shorter than %zu characters",
                     sizeof line - 1);
            ok = false;
        } else {
            ok = parse_line(line, &p, seen, lineno, why, sizeof why);
        }
        if (!ok)
            snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
    }
    if (ok && ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        ok = false;
    }
    fclose(f);
    if (ok && !consistent(&p, why, sizeof why)) {
        snprintf(err, errlen, "%s: %s", path, why);
        ok = false;
    }
    if (ok) {
        snprintf(p.key, sizeof p.key, "file");
        *out = p;
    }
    return ok;
}
