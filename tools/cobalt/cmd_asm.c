/* tools/cobalt/cmd_asm.c — `cobalt asm` and `cobalt disasm`.
 *
 *   cobalt asm FILE.s      assembly -> one encoded instruction per line
 *   cobalt disasm FILE.hex encoded words -> listing, each line the index in a
 *                          C comment ("/" "*0003*" "/") then the instruction
 *
 * FILE may be `-` for stdin. Hex format: one instruction per line, the high
 * 64-bit word then the low one, 16 lower-case hex digits each, separated by a
 * space ("0000000000000000 0000000000001234"); `disasm` also accepts the 32
 * digits without the space, blank lines and `#` comments.
 *
 * Assembly: one instruction per line; blank lines, `# comments` and `name:`
 * labels (alone or before an instruction) are allowed; a leading C comment
 * (the index `disasm` prints) is ignored, so a listing re-assembles.
 * Labels resolve to instruction indices. Errors are `file:line:col: message`
 * on stderr; every line is checked and the exit status is 1 if any failed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"
#include "tools/cobalt/commands.h"

typedef struct text_file {
    const char *name;   /* for messages: the path, or "<stdin>" */
    char       *data;   /* NUL-terminated contents */
    size_t      len;
} text_file;

static bool read_file(const char *path, text_file *tf)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    size_t cap = 4096;
    bool ok = false;
    tf->name = is_stdin ? "<stdin>" : path;
    tf->data = NULL;
    tf->len = 0;
    if (f == NULL) {
        fprintf(stderr, "cobalt: cannot open %s: %s\n", path, strerror(errno));
        return false;
    }
    tf->data = malloc(cap);
    if (tf->data == NULL)
        goto oom;
    for (;;) {
        if (cap - tf->len < 2) {
            char *grown = realloc(tf->data, cap * 2);
            if (grown == NULL)
                goto oom;
            tf->data = grown;
            cap *= 2;
        }
        size_t n = fread(tf->data + tf->len, 1, cap - tf->len - 1, f);
        tf->len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        fprintf(stderr, "cobalt: error reading %s: %s\n", tf->name, strerror(errno));
        goto done;
    }
    tf->data[tf->len] = '\0';
    if (memchr(tf->data, '\0', tf->len) != NULL) {
        fprintf(stderr, "%s: contains a NUL byte; expected a text file\n", tf->name);
        goto done;
    }
    ok = true;
    goto done;
oom:
    fprintf(stderr, "cobalt: out of memory reading %s\n", tf->name);
done:
    if (!is_stdin)
        fclose(f);
    if (!ok) {
        free(tf->data);
        tf->data = NULL;
    }
    return ok;
}

/* Splits off the next line in place (NUL-terminates it); NULL at the end. */
static char *next_line(char **cursor)
{
    char *line = *cursor;
    if (line == NULL || *line == '\0')
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl != NULL) {
        *nl = '\0';
        *cursor = nl + 1;
    } else {
        *cursor = line + strlen(line);
    }
    return line;
}

static bool is_label_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '.' || ch == '$';
}

/* ---- assembler ------------------------------------------------------------ */

typedef struct label {
    char    *name;
    uint32_t index;
    unsigned line;
} label;

typedef struct label_table {
    label *v;
    size_t n, cap;
} label_table;

static bool resolve_label(void *ctx, const char *name, uint32_t *index)
{
    const label_table *t = ctx;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].name, name) == 0) {
            *index = t->v[i].index;
            return true;
        }
    return false;
}

/* Blanks out what is not the instruction (comments, a leading index comment,
 * a label) so columns still match the file. Returns the label's start and
 * length through `lab` / `lablen` (lablen 0 when none). */
static void strip_line(char *line, char **lab, size_t *lablen)
{
    char *hash = strchr(line, '#');
    if (hash != NULL)
        *hash = '\0';
    char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (p[0] == '/' && p[1] == '*') {
        char *end = strstr(p + 2, "*/");
        if (end != NULL) {
            memset(p, ' ', (size_t)(end + 2 - p));
            while (*p == ' ' || *p == '\t')
                p++;
        }
    }
    *lab = NULL;
    *lablen = 0;
    size_t n = 0;
    while (is_label_char(p[n]))
        n++;
    if (n > 0 && p[n] == ':') {
        *lab = p;
        *lablen = n;
    }
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r')
            return false;
    return true;
}

/* Pass 1: record labels and their instruction indices. */
static bool collect_labels(const text_file *tf, char *copy, label_table *t)
{
    bool ok = true;
    char *cursor = copy;
    uint32_t index = 0;
    unsigned lineno = 0;
    for (char *line; (line = next_line(&cursor)) != NULL;) {
        char *lab;
        size_t n;
        lineno++;
        strip_line(line, &lab, &n);
        if (lab != NULL) {
            uint32_t prev;
            lab[n] = '\0';
            bool numeric = n > 2 && lab[0] == '.' && lab[1] == 'L' && strspn(lab + 2, "0123456789") == n - 2;
            if (numeric) {
                fprintf(stderr, "%s:%u:%u: label '%s' would read as an instruction index\n",
                        tf->name, lineno, (unsigned)(lab - line) + 1, lab);
                ok = false;
            } else if (resolve_label(t, lab, &prev)) {
                fprintf(stderr, "%s:%u:%u: label '%s' already defined\n", tf->name, lineno,
                        (unsigned)(lab - line) + 1, lab);
                ok = false;
            } else {
                if (t->n == t->cap) {
                    size_t cap = t->cap ? t->cap * 2 : 16;
                    label *grown = realloc(t->v, cap * sizeof *grown);
                    if (grown == NULL) {
                        fprintf(stderr, "cobalt: out of memory\n");
                        return false;
                    }
                    t->v = grown;
                    t->cap = cap;
                }
                t->v[t->n].name = strdup(lab);
                if (t->v[t->n].name == NULL) {
                    fprintf(stderr, "cobalt: out of memory\n");
                    return false;
                }
                t->v[t->n].index = index;
                t->v[t->n].line = lineno;
                t->n++;
            }
            memset(lab, ' ', n + 1);
        }
        if (!blank(line))
            index++;
    }
    return ok;
}

typedef struct word_list {
    isa_word *v;
    size_t    n, cap;
} word_list;

static bool push_word(word_list *l, isa_word w)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        isa_word *grown = realloc(l->v, cap * sizeof *grown);
        if (grown == NULL)
            return false;
        l->v = grown;
        l->cap = cap;
    }
    l->v[l->n++] = w;
    return true;
}

/* Pass 2: assemble every line, reporting each error. */
static bool assemble(const text_file *tf, char *copy, label_table *t, word_list *out)
{
    bool ok = true;
    char *cursor = copy;
    unsigned lineno = 0;
    for (char *line; (line = next_line(&cursor)) != NULL;) {
        char *lab;
        size_t n;
        lineno++;
        strip_line(line, &lab, &n);
        if (lab != NULL)
            memset(lab, ' ', n + 1);
        if (blank(line))
            continue;
        isa_insn in;
        isa_word w;
        char err[256];
        unsigned col = 0;
        if (!isa_asm_line_col(line, &in, resolve_label, t, err, sizeof err, &col)) {
            fprintf(stderr, "%s:%u:%u: %s\n", tf->name, lineno, col, err);
            ok = false;
            continue;
        }
        if (!isa_encode(&in, &w, err, sizeof err)) {
            fprintf(stderr, "%s:%u:1: %s\n", tf->name, lineno, err);
            ok = false;
            continue;
        }
        if (!push_word(out, w)) {
            fprintf(stderr, "cobalt: out of memory\n");
            return false;
        }
    }
    return ok;
}

int cobalt_cmd_asm(int argc, char **argv)
{
    text_file tf = { 0 };
    label_table labels = { 0 };
    word_list words = { 0 };
    char *copy = NULL;
    int status = 1;
    if (argc != 2) {
        fprintf(stderr, "usage: cobalt asm FILE.s   (FILE may be - for stdin)\n");
        return 2;
    }
    if (!read_file(argv[1], &tf))
        goto cleanup;
    copy = malloc(tf.len + 1);
    if (copy == NULL) {
        fprintf(stderr, "cobalt: out of memory\n");
        goto cleanup;
    }
    memcpy(copy, tf.data, tf.len + 1);
    /* both passes run so that every error is reported; output only when clean */
    bool labels_ok = collect_labels(&tf, copy, &labels);
    if (!assemble(&tf, tf.data, &labels, &words) || !labels_ok)
        goto cleanup;
    for (size_t i = 0; i < words.n; i++)
        printf("%016llx %016llx\n", (unsigned long long)words.v[i].hi,
               (unsigned long long)words.v[i].lo);
    status = fflush(stdout) == 0 ? 0 : 1;
cleanup:
    free(words.v);
    for (size_t i = 0; i < labels.n; i++)
        free(labels.v[i].name);
    free(labels.v);
    free(copy);
    free(tf.data);
    return status;
}

/* ---- disassembler --------------------------------------------------------- */

/* Parses exactly 16 hex digits at *p. */
static bool parse_hex64(const char **p, uint64_t *out)
{
    uint64_t v = 0;
    for (int i = 0; i < 16; i++) {
        char ch = (*p)[i];
        unsigned d;
        if (ch >= '0' && ch <= '9')
            d = (unsigned)(ch - '0');
        else if (ch >= 'a' && ch <= 'f')
            d = (unsigned)(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F')
            d = (unsigned)(ch - 'A' + 10);
        else
            return false;
        v = v << 4 | d;
    }
    *p += 16;
    *out = v;
    return true;
}

static bool parse_word_line(const char *line, isa_word *w, unsigned *col)
{
    const char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    *col = (unsigned)(p - line) + 1;
    if (!parse_hex64(&p, &w->hi))
        return false;
    if (*p == ' ' || *p == '\t')
        while (*p == ' ' || *p == '\t')
            p++;
    *col = (unsigned)(p - line) + 1;
    if (!parse_hex64(&p, &w->lo))
        return false;
    *col = (unsigned)(p - line) + 1;
    return blank(p);
}

int cobalt_cmd_disasm(int argc, char **argv)
{
    text_file tf = { 0 };
    int status = 1;
    bool ok = true;
    if (argc != 2) {
        fprintf(stderr, "usage: cobalt disasm FILE.hex   (FILE may be - for stdin)\n");
        return 2;
    }
    if (!read_file(argv[1], &tf))
        goto cleanup;
    char *cursor = tf.data;
    unsigned lineno = 0, index = 0;
    for (char *line; (line = next_line(&cursor)) != NULL;) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash != NULL)
            *hash = '\0';
        if (blank(line))
            continue;
        isa_word w;
        unsigned col;
        if (!parse_word_line(line, &w, &col)) {
            fprintf(stderr, "%s:%u:%u: expected an instruction as two 16-digit hex words "
                    "(high then low), found '%.40s'\n", tf.name, lineno, col, line + col - 1);
            ok = false;
            index++;
            continue;
        }
        isa_insn in;
        char err[256], text[160];
        if (!isa_decode(w, &in, err, sizeof err)) {
            fprintf(stderr, "%s:%u:1: %s\n", tf.name, lineno, err);
            printf("/*%04u*/ <illegal %016llx %016llx>\n", index, (unsigned long long)w.hi,
                   (unsigned long long)w.lo);
            ok = false;
            index++;
            continue;
        }
        isa_disasm(&in, text, sizeof text);
        printf("/*%04u*/ %s\n", index, text);
        index++;
    }
    status = ok && fflush(stdout) == 0 ? 0 : 1;
cleanup:
    free(tf.data);
    return status;
}
