/* tests/unit/ptx_lower_testutil.h — helpers for the test_ptx_lower* suites:
 * compile PTX text, find kernels, decode and match instructions. */
#ifndef COBALT_TEST_PTX_LOWER_TESTUTIL_H
#define COBALT_TEST_PTX_LOWER_TESTUTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "isa/isa.h"
#include "isa/ptx/lower.h"

/* PTX module header every test snippet starts with. */
#define PTX_HEAD ".version 9.0\n.target sm_80\n.address_size 64\n"

/* Compiles `text`; on failure returns NULL and leaves the message in err. */
static inline isa_module *lt_compile(const char *text, char *err, size_t errlen)
{
    return ptx_compile(text, strlen(text), "t.ptx", err, errlen);
}

/* Compiles or fails the test with the compiler's message. */
#define LT_COMPILE(m, text)                                                   \
    do {                                                                      \
        char lt_err_[512];                                                    \
        (m) = lt_compile((text), lt_err_, sizeof lt_err_);                    \
        if ((m) == NULL)                                                      \
            fail_msg("lowering failed: %s", lt_err_);                         \
    } while (0)

/* The error message of text that must not compile (static buffer per call site). */
static inline const char *lt_error(const char *text, char *err, size_t errlen)
{
    isa_module *m = lt_compile(text, err, errlen);
    if (m != NULL) {
        isa_module_free(m);
        snprintf(err, errlen, "<compiled without error>");
    }
    return err;
}

static inline isa_insn lt_insn(const isa_kernel *k, uint32_t i)
{
    isa_insn in;
    char why[128];
    memset(&in, 0, sizeof in);
    if (i >= k->ninsns || !isa_decode(k->code[i], &in, why, sizeof why))
        in.op = OP_ILLEGAL;
    return in;
}

/* Disassembly of instruction i of k. */
static inline const char *lt_text(const isa_kernel *k, uint32_t i, char *buf, size_t len)
{
    isa_insn in = lt_insn(k, i);
    if (in.op == OP_ILLEGAL)
        snprintf(buf, len, "<none>");
    else
        isa_disasm(&in, buf, len);
    return buf;
}

/* Index of the n-th (0-based) instruction whose disassembly starts with
 * `prefix`, or UINT32_MAX. */
static inline uint32_t lt_find(const isa_kernel *k, const char *prefix, unsigned n)
{
    char buf[160];
    for (uint32_t i = 0; i < k->ninsns; i++)
        if (strncmp(lt_text(k, i, buf, sizeof buf), prefix, strlen(prefix)) == 0 && n-- == 0)
            return i;
    return UINT32_MAX;
}

/* Number of instructions with the given op. */
static inline unsigned lt_count(const isa_kernel *k, unsigned op)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < k->ninsns; i++)
        n += lt_insn(k, i).op == op;
    return n;
}

/* The whole listing of a module, for failure messages and text checks. */
static inline char *lt_listing(const isa_module *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        return NULL;
    isa_module_print(f, m);
    fclose(f);
    return buf;
}

#endif
