/* tools/cobalt/cmd_ptx.c — `cobalt ptx FILE.ptx [FILE.ptx...]`: parses and
 * lowers a PTX module and prints the Cobalt ISA listing (isa_module_print).
 * Several files are the modules of one -rdc program: they are linked
 * (isa/ptx/link.h) and the linked result is listed. On error it prints the
 * one-line message "file:line[:col]: what" (or "link: what") on stderr and
 * exits 1. A FILE may be `-` for stdin. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/link.h"
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

/* Reads one file (or stdin for "-"); NULL after a message. */
static char *read_input(const char *path, size_t *len)
{
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cobalt: cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *text = slurp(f, name, len);
    if (!is_stdin)
        fclose(f);
    return text;
}

int cobalt_cmd_ptx(int argc, char **argv)
{
    int n = argc - 1, rc = 1;
    for (int i = 1; i < argc; i++)
        if (argv[i][0] == '\0')
            n = 0;
    if (n < 1) {
        fprintf(stderr, "usage: cobalt ptx FILE.ptx [FILE.ptx...]   (lower PTX to Cobalt ISA and "
                "print it; several files are linked as one -rdc program)\n");
        return 2;
    }
    char **texts = calloc((size_t)n, sizeof *texts);
    size_t *lens = calloc((size_t)n, sizeof *lens);
    const char **names = calloc((size_t)n, sizeof *names);
    isa_module *m = NULL;
    if (texts == NULL || lens == NULL || names == NULL) {
        fprintf(stderr, "cobalt: out of memory\n");
        goto out;
    }
    for (int i = 0; i < n; i++) {
        names[i] = strcmp(argv[i + 1], "-") == 0 ? "<stdin>" : argv[i + 1];
        if ((texts[i] = read_input(argv[i + 1], &lens[i])) == NULL)
            goto out;
    }
    char err[512];
    m = n == 1 ? ptx_compile(texts[0], lens[0], names[0], err, sizeof err)
               : ptx_link_compile((const char *const *)texts, lens, names, (size_t)n, err,
                                  sizeof err, NULL);
    if (m == NULL) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    isa_module_print(stdout, m);
    rc = fflush(stdout) == 0 ? 0 : 1;
out:
    isa_module_free(m);
    for (int i = 0; texts != NULL && i < n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    free(names);
    return rc;
}
