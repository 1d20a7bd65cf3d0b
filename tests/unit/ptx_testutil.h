/* tests/unit/ptx_testutil.h — helpers for the test_ptx_parse* suites:
 * loading sample modules from tests/ptx/ and finding things in the AST. */
#ifndef COBALT_TEST_PTX_TESTUTIL_H
#define COBALT_TEST_PTX_TESTUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/ptx_ast.h"

/* Reads tests/ptx/<name> (run from the repository root, or from anywhere
 * when COBALT_TEST_PTX_DIR names the directory). NULL when missing. */
static inline char *ptx_test_read(const char *name, size_t *len)
{
    const char *dirs[] = { getenv("COBALT_TEST_PTX_DIR"), "tests/ptx", "../tests/ptx",
                           "../../tests/ptx" };
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        if (!dirs[d])
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dirs[d], name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        char *buf = NULL;
        long n = -1;
        if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
            buf = malloc((size_t)n + 1);
            if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
                free(buf);
                buf = NULL;
            }
        }
        fclose(f);
        if (buf) {
            buf[n] = 0;
            *len = (size_t)n;
        }
        return buf;
    }
    return NULL;
}

static inline const ptx_func *ptx_test_func(const ptx_module *m, const char *name)
{
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (strcmp(m->funcs[i].name, name) == 0)
            return &m->funcs[i];
    return NULL;
}

static inline uint32_t ptx_test_func_index(const ptx_module *m, const char *name)
{
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (strcmp(m->funcs[i].name, name) == 0)
            return i;
    return UINT32_MAX;
}

static inline const ptx_var *ptx_test_var(const ptx_module *m, const char *name)
{
    for (uint32_t i = 0; i < m->nvars; i++)
        if (strcmp(m->vars[i].name, name) == 0)
            return &m->vars[i];
    return NULL;
}

/* Index of register `name` in f->regs, UINT32_MAX when absent. */
static inline uint32_t ptx_test_reg(const ptx_func *f, const char *name)
{
    for (uint32_t i = 0; i < f->nregs; i++)
        if (strcmp(f->regs[i].name, name) == 0)
            return i;
    return UINT32_MAX;
}

/* The nth (0-based) instruction whose opcode and modifiers spell `full`
 * ("ld.param.u64"), NULL when there is none. */
static inline const ptx_insn *ptx_test_insn(const ptx_func *f, const char *full, unsigned nth)
{
    for (uint32_t i = 0; i < f->nbody; i++) {
        const ptx_stmt *s = &f->body[i];
        if (s->kind != PTX_STMT_INSN)
            continue;
        char buf[256];
        size_t o = (size_t)snprintf(buf, sizeof buf, "%s", s->insn.opcode);
        for (unsigned k = 0; k < s->insn.nmods && o < sizeof buf; k++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, ".%s", s->insn.mods[k]);
        if (strcmp(buf, full) == 0 && nth-- == 0)
            return &s->insn;
    }
    return NULL;
}

/* Statement index of label `name`, UINT32_MAX when absent. */
static inline uint32_t ptx_test_label(const ptx_func *f, const char *name)
{
    for (uint32_t i = 0; i < f->nbody; i++)
        if (f->body[i].kind == PTX_STMT_LABEL && strcmp(f->body[i].label, name) == 0)
            return i;
    return UINT32_MAX;
}

/* Parses a NUL-terminated snippet; on failure prints the error and
 * returns NULL (the caller asserts). */
static inline ptx_module *ptx_test_parse(const char *text, char *err, size_t errlen)
{
    return ptx_parse(text, strlen(text), "t.ptx", err, errlen);
}

#endif
