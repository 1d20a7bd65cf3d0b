/* sim/builtins.h — the device built-ins behind SYS (printf formatting,
 * assertion messages), reachable without a running grid so they can be
 * tested on their own. Device memory is read through a callback that
 * checks every address. */
#ifndef COBALT_SIM_BUILTINS_H
#define COBALT_SIM_BUILTINS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads n bytes of device memory at addr; false when any of them is not
 * readable (the callback may record why). */
typedef struct sim_devread {
    bool (*read)(void *ctx, uint64_t addr, void *buf, size_t n);
    void *ctx;
} sim_devread;

/* A growing host string. */
typedef struct sim_text {
    char  *s;
    size_t len, cap;
} sim_text;

bool sim_text_put(sim_text *t, const char *s, size_t n);
void sim_text_free(sim_text *t);

/* The longest device string read for %s or an assertion message. */
#define SIM_DEVSTR_MAX (1u << 20)
/* At most this many arguments are converted; the rest of the format is
 * printed verbatim (as CUDA does). */
#define SIM_PRINTF_MAX_ARGS 32

/* Reads the NUL-terminated device string at addr into t. Returns 0, or -1
 * when it cannot be read (err says where). */
int sim_devstr(const sim_devread *rd, uint64_t addr, sim_text *t, char *err, size_t errlen);

/* vprintf(fmt, args) of CUDA's device printf: the argument buffer holds each
 * argument at the next offset aligned to its own size (4 or 8 bytes).
 * Appends the text to out. Returns the number of arguments converted, -1
 * for a NULL format (nothing printed), -2 on an error (err says what). */
int sim_printf_format(const sim_devread *rd, uint64_t fmt, uint64_t args, sim_text *out,
                      char *err, size_t errlen);

#endif
