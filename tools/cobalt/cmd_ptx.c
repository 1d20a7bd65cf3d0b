/* tools/cobalt/cmd_ptx.c — `cobalt ptx [--max-regs N] FILE.ptx [FILE.ptx...]`:
 * parses and lowers a PTX module and prints the Cobalt ISA listing
 * (isa_module_print). --max-regs caps the general registers of every
 * function like ptxas -maxrregcount (it lowers each function's .maxnreg to
 * N; the rest is spilled to local memory); with one file only.
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

/* Parses and lowers one module with every function's .maxnreg at most
 * max_regs (0: as written). */
static isa_module *compile_capped(const char *text, size_t len, const char *name,
                                  uint32_t max_regs, char *err, size_t errlen)
{
    if (max_regs == 0)
        return ptx_compile(text, len, name, err, errlen);
    ptx_module *pm = ptx_parse(text, len, name, err, errlen);
    if (pm == NULL)
        return NULL;
    for (uint32_t i = 0; i < pm->nfuncs; i++)
        if (pm->funcs[i].maxnreg == 0 || pm->funcs[i].maxnreg > max_regs)
            pm->funcs[i].maxnreg = max_regs;
    isa_module *m = ptx_lower(pm, err, errlen);
    ptx_module_free(pm);
    return m;
}

/* "--max-regs N" / "--max-regs=N" at argv[*i]: 1 taken, 0 not this option,
 * -1 bad value (message printed). */
static int max_regs_opt(int argc, char **argv, int *i, uint32_t *out)
{
    const char *v = NULL, *a = argv[*i];
    if (strcmp(a, "--max-regs") == 0 && *i + 1 < argc)
        v = argv[++*i];
    else if (strncmp(a, "--max-regs=", 11) == 0)
        v = a + 11;
    else if (strcmp(a, "--max-regs") != 0)
        return 0;
    char *end = NULL;
    errno = 0;
    long n = v != NULL ? strtol(v, &end, 10) : 0;
    if (v == NULL || *v == '\0' || *end != '\0' || errno != 0 || n < 24 || n > 255) {
        fprintf(stderr, "cobalt ptx: --max-regs wants a register count from 24 to 255%s%s\n",
                v != NULL ? ", not " : "", v != NULL ? v : "");
        return -1;
    }
    *out = (uint32_t)n;
    return 1;
}

int cobalt_cmd_ptx(int argc, char **argv)
{
    int rc = 1;
    uint32_t max_regs = 0;
    char **files = calloc((size_t)argc, sizeof *files);
    if (files == NULL) {
        fprintf(stderr, "cobalt: out of memory\n");
        return 1;
    }
    int n = 0;
    for (int i = 1; i < argc; i++) {
        int got = max_regs_opt(argc, argv, &i, &max_regs);
        if (got < 0) {
            free(files);
            return 2;
        }
        if (got == 0)
            files[n++] = argv[i];
    }
    for (int i = 0; i < n; i++)
        if (files[i][0] == '\0')
            n = 0;
    if (n < 1 || (max_regs != 0 && n > 1)) {
        fprintf(stderr, "usage: cobalt ptx [--max-regs N] FILE.ptx [FILE.ptx...]   (lower PTX to "
                "Cobalt ISA and print it; several files are linked as one -rdc program; "
                "--max-regs caps the registers, one file only)\n");
        free(files);
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
        names[i] = strcmp(files[i], "-") == 0 ? "<stdin>" : files[i];
        if ((texts[i] = read_input(files[i], &lens[i])) == NULL)
            goto out;
    }
    char err[512];
    m = n == 1 ? compile_capped(texts[0], lens[0], names[0], max_regs, err, sizeof err)
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
    free(files);
    return rc;
}
