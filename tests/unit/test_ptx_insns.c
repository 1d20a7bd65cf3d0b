/* tests/unit/test_ptx_insns.c — isa/ptx/ptx_insns.def, the PTX lowering
 * table that drives lower_isel.c's dispatch and docs/ptx-coverage.md, is
 * consistent (unique dispatch opcodes, handlers, declared chapters,
 * documentation rows that point at real dispatch rows), and an instruction
 * the table does not lower fails with the PTX line and the instruction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "isa/ptx/lower_internal.h"
#include "ptx_lower_testutil.h"

enum { ST_YES, ST_PARTIAL, ST_NO };
enum { K_INSN, K_NONE, K_PART };

typedef struct ins_row {
    const char *name, *op, *chapter, *note;
    int         kind, status;
    lw_handler  fn;
} ins_row;

static const char *const chapters[] = {
#define PTX_CHAPTER(title) title,
#include "isa/ptx/ptx_insns.def"
};
#define NCHAPTERS (sizeof chapters / sizeof chapters[0])

static const ins_row rows[] = {
#define PTX_INSN(op, handler, section, note) { #op, #op, section, note, K_INSN, ST_YES, handler },
#define PTX_INSN_NONE(op, section, note) { #op, #op, section, note, K_NONE, ST_NO, NULL },
#define PTX_INSN_PART(name, op, status, section, note) \
    { name, #op, section, note, K_PART, ST_##status, NULL },
#include "isa/ptx/ptx_insns.def"
};
#define NROWS (sizeof rows / sizeof rows[0])

static bool is_dispatch(const ins_row *r) { return r->kind != K_PART; }

static const ins_row *dispatch_row(const char *op)
{
    for (size_t i = 0; i < NROWS; i++)
        if (is_dispatch(&rows[i]) && strcmp(rows[i].op, op) == 0)
            return &rows[i];
    return NULL;
}

static bool chapter_declared(const char *title)
{
    for (size_t c = 0; c < NCHAPTERS; c++)
        if (strcmp(chapters[c], title) == 0)
            return true;
    return false;
}

/* Each opcode is dispatched by one row only, and every lowered one has a
 * handler. */
static void test_dispatch_rows(void **state)
{
    (void)state;
    unsigned ninsn = 0, nnone = 0;
    for (size_t i = 0; i < NROWS; i++) {
        const ins_row *r = &rows[i];
        if (!is_dispatch(r))
            continue;
        ninsn += r->kind == K_INSN;
        nnone += r->kind == K_NONE;
        if (r->kind == K_INSN && r->fn == NULL)
            fail_msg("PTX_INSN(%s) has no handler", r->op);
        for (const char *c = r->op; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
                fail_msg("opcode '%s' is not one lower-case PTX token", r->op);
        for (size_t j = i + 1; j < NROWS; j++)
            if (is_dispatch(&rows[j]) && strcmp(rows[j].op, r->op) == 0)
                fail_msg("opcode '%s' has two dispatch rows", r->op);
    }
    /* the table holds the lowered opcodes of the manual and the rest of it */
    assert_true(ninsn >= 70);
    assert_true(ninsn + nnone >= 130);   /* rows move from NONE to INSN as they are lowered */
    assert_ptr_equal(dispatch_row("sured")->fn, NULL);
    assert_ptr_equal(dispatch_row("add")->fn, lw_isel_add_f2);
}

/* Chapters are declared once; every documented row names one; every
 * documentation row points at a dispatch row that can back its status. */
static void test_documentation_rows(void **state)
{
    (void)state;
    unsigned per_chapter[NCHAPTERS] = { 0 };
    for (size_t c = 0; c < NCHAPTERS; c++)
        for (size_t d = c + 1; d < NCHAPTERS; d++)
            if (strcmp(chapters[c], chapters[d]) == 0)
                fail_msg("chapter \"%s\" is declared twice", chapters[c]);
    for (size_t i = 0; i < NROWS; i++) {
        const ins_row *r = &rows[i];
        if (r->chapter[0] == 0) {
            if (r->kind == K_PART)
                fail_msg("documentation row '%s' has no chapter", r->name);
            bool documented = false;
            for (size_t j = 0; j < NROWS && !documented; j++)
                documented = rows[j].kind == K_PART && strcmp(rows[j].op, r->op) == 0;
            if (!documented)
                fail_msg("'%s' has neither a chapter nor PTX_INSN_PART rows", r->op);
            continue;
        }
        if (!chapter_declared(r->chapter))
            fail_msg("'%s' names chapter \"%s\", which no PTX_CHAPTER row declares", r->name,
                     r->chapter);
        for (size_t c = 0; c < NCHAPTERS; c++)
            per_chapter[c] += strcmp(chapters[c], r->chapter) == 0;
        for (size_t j = i + 1; j < NROWS; j++)
            if (rows[j].chapter[0] && strcmp(rows[j].name, r->name) == 0 &&
                strcmp(rows[j].chapter, r->chapter) == 0)
                fail_msg("'%s' is documented twice in \"%s\"", r->name, r->chapter);
        if (r->kind != K_PART)
            continue;
        const ins_row *d = dispatch_row(r->op);
        if (d == NULL)
            fail_msg("'%s' is dispatched under '%s', which has no dispatch row", r->name, r->op);
        if (r->status != ST_NO && d->kind != K_INSN)
            fail_msg("'%s' is marked lowered but '%s' has no handler", r->name, r->op);
        if (r->status == ST_PARTIAL && r->note[0] == 0)
            fail_msg("partial '%s' (%s) does not say what is missing", r->name, r->chapter);
    }
    for (size_t c = 0; c < NCHAPTERS; c++)
        if (per_chapter[c] == 0)
            fail_msg("chapter \"%s\" has no instructions", chapters[c]);
}

/* A kernel whose line 10 is `insn` (PTX_HEAD is 3 lines). */
static const char *kernel_error(const char *insn, char *err, size_t len)
{
    char text[1024];
    snprintf(text, sizeof text,
             PTX_HEAD ".visible .entry k(.param .u64 a)\n{\n"
             ".reg .b32 %%r<6>;\n.reg .b64 %%rd<4>;\n.reg .f32 %%f<8>;\n.reg .b16 %%h<4>; .reg .pred %%p<3>;\n"
             "%s\nret;\n}\n", insn);
    return lt_error(text, err, len);
}

/* Opcodes without a handler fail at load, naming line and instruction. */
static void test_not_lowered_fails(void **state)
{
    (void)state;
    char err[512];
    /* (vadd was the example here until the video instructions were lowered) */
    assert_string_equal(kernel_error("sured.b.add.2d.u32.trap [%rd1, {%r1, %r2}], %r3;",
                                     err, sizeof err),
                        "t.ptx:10: 'sured.b.add.2d.u32.trap' is not supported yet");
    /* every PTX_INSN_NONE opcode takes the same path */
    for (size_t i = 0; i < NROWS; i++) {
        if (rows[i].kind != K_NONE)
            continue;
        char insn[64], want[128];
        snprintf(insn, sizeof insn, "%s;", rows[i].op);
        snprintf(want, sizeof want, "t.ptx:10: '%s' is not supported yet", rows[i].op);
        kernel_error(insn, err, sizeof err);
        if (strcmp(err, want) != 0)
            fail_msg("'%s': expected \"%s\", got \"%s\"", insn, want, err);
    }
}

/* Spot checks of the notes: a form the table calls "not yet" under a
 * lowered opcode is rejected by its handler. When the form becomes lowered,
 * update the row in ptx_insns.def (and `make docs`); the check then skips. */
static void test_not_yet_forms_fail(void **state)
{
    (void)state;
    static const struct { const char *name, *chapter, *insn; } checks[] = {
        { "add", "Mixed Precision Floating-Point Instructions", "add.rn.f32.f16 %f1, %h1, %f2;" },
        { "setp", "Half Precision Comparison Instructions", "setp.lt.f16 %p1, %h1, %h2;" },
        { "mad.cc", "Extended-Precision Integer Arithmetic Instructions",
          "mad.cc.lo.u32 %r1, %r2, %r3, %r4;" },
        { "cvt.pack", "Data Movement and Conversion Instructions",
          "cvt.pack.sat.u8.s32.b32 %r1, %r2, %r3, %r4;" },
        { "tcgen05.alloc", "TensorCore 5th Generation Family Instructions",
          "tcgen05.alloc.cta_group::1.sync.aligned.shared::cta.b32 [%rd1], %r1;" },
    };
    char err[512], want[256];
    unsigned checked = 0;
    for (size_t c = 0; c < sizeof checks / sizeof checks[0]; c++) {
        const ins_row *r = NULL;
        for (size_t i = 0; i < NROWS && r == NULL; i++)
            if (rows[i].kind == K_PART && strcmp(rows[i].name, checks[c].name) == 0 &&
                strcmp(rows[i].chapter, checks[c].chapter) == 0)
                r = &rows[i];
        if (r == NULL)
            fail_msg("no documentation row '%s' in \"%s\"", checks[c].name, checks[c].chapter);
        if (r->status != ST_NO)
            continue;
        snprintf(want, sizeof want, "t.ptx:10: '%.*s' is not supported yet",
                 (int)strcspn(checks[c].insn, " "), checks[c].insn);
        kernel_error(checks[c].insn, err, sizeof err);
        if (strcmp(err, want) != 0)
            fail_msg("'%s' (%s) is marked \"not yet\" in isa/ptx/ptx_insns.def, but '%s' gave "
                     "\"%s\": update the row", checks[c].name, checks[c].chapter, checks[c].insn,
                     err);
        checked++;
    }
    assert_true(checked > 0);
    /* (add.sat.s32 was the example here until it was lowered) */
    assert_string_equal(kernel_error("stmatrix.sync.aligned.m16n8.x1.trans.shared.b8 [%rd1], {%r1};",
                                     err, sizeof err),
                        "t.ptx:10: 'stmatrix.sync.aligned.m16n8.x1.trans.shared.b8' is not supported yet");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dispatch_rows),
        cmocka_unit_test(test_documentation_rows),
        cmocka_unit_test(test_not_lowered_fails),
        cmocka_unit_test(test_not_yet_forms_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
