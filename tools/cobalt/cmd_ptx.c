/* tools/cobalt/cmd_ptx.c — `cobalt ptx FILE.ptx`: parses and lowers a PTX
 * module and prints the Cobalt ISA listing (isa_module_print). On error it
 * prints the one-line message "file:line[:col]: what" on stderr and exits 1.
 * FILE may be `-` for stdin. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower.h"
#include "tools/cobalt/commands.h"

/* Reads the whole stream; NULL (with a message) on failure. */
static char *slurp(FILE *f, const char *name, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        if (cap - n < 2) {
            char *grown = realloc(buf, cap * 2);
            if (grown == NULL)
                break;
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "cobalt: error reading %s: %s\n", name, strerror(errno));
                free(buf);
                return NULL;
            }
            buf[n] = '\0';
            *len = n;
            return buf;
        }
    }
    free(buf);
    fprintf(stderr, "cobalt: out of memory reading %s\n", name);
    return NULL;
}

int cobalt_cmd_ptx(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '\0') {
        fprintf(stderr, "usage: cobalt ptx FILE.ptx   (lower PTX to Cobalt ISA and print it)\n");
        return 2;
    }
    const char *path = argv[1];
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cobalt: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t len = 0;
    char *text = slurp(f, name, &len);
    if (!is_stdin)
        fclose(f);
    if (text == NULL)
        return 1;
    char err[512];
    isa_module *m = ptx_compile(text, len, name, err, sizeof err);
    free(text);
    if (m == NULL) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    isa_module_print(stdout, m);
    isa_module_free(m);
    return fflush(stdout) == 0 ? 0 : 1;
}
