/* tests/unit/test_ptx_parse_errors.c — malformed PTX: each snippet must be
 * rejected with exactly this one-line message (file:line:col: what). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "isa/module.h"
#include "isa/ptx/lower.h"
#include "tests/unit/ptx_testutil.h"

typedef struct err_case {
    const char *text;
    const char *want;
} err_case;

#define K_HEAD ".entry k()\n{\n"

static const err_case cases[] = {
    { ".version 9.0\n.target sm_80\n" K_HEAD ".reg .b32 %r<4>;\nmov.b32 %r1, %r99;\nret;\n}\n",
      "t.ptx:6:14: undefined register '%r99'" },
    { ".version 9.0\n" K_HEAD ".reg .b32 %r<4>;\nmov.b32 %r1, 1\nret;\n}\n",
      "t.ptx:6:1: expected ',' or ';' after the operand, found 'ret'" },
    { ".version 9.0\n.foo 1;\n",
      "t.ptx:2:1: expected a directive such as .entry, .func, .global or .version, found '.foo'" },
    { K_HEAD "bra.uni $L_nowhere;\n}\n",
      "t.ptx:3:9: undefined symbol '$L_nowhere'" },
    { ".global .u64 p = foo;\n",
      "t.ptx:1:18: 'foo' in the initializer of 'p' is not a module variable or function "
      "declared before it" },
    { ".global .u64 p[2] = {0, generic(bar)};\n",
      "t.ptx:1:33: 'bar' in the initializer of 'p' is not a module variable or function "
      "declared before it" },
    { ".global .u32 x;\n.global .u32 p = generic(x);\n",
      "t.ptx:2:26: the address of 'x' needs a 64-bit element, not .u32" },
    { ".global .u32 x;\n.global .u64 p = generic(x;\n",
      "t.ptx:2:27: expected ')' after the symbol, found ';'" },
    { ".global .u32 x;\n.global .u64 p = x + ;\n",
      "t.ptx:2:22: expected an integer offset, found ';'" },
    { K_HEAD "L1:\nret;\nL1:\n}\n",
      "t.ptx:5:1: duplicate label 'L1'" },
    { K_HEAD ".reg .b32 %r1;\n.reg .b32 %r1;\n}\n",
      "t.ptx:4:11: '%r1' is already declared in this scope (as a register)" },
    { K_HEAD "{\n.reg .b32 %t;\n}\nmov.b32 %t, 1;\n}\n",
      "t.ptx:6:9: undefined register '%t'" },
    { K_HEAD "{\n.param .b32 param0;\n}\nst.param.b32 [param0], 1;\n}\n",
      "t.ptx:6:15: undefined symbol 'param0'" },
    { ".version 9.0 /* never closed\n\n",
      "t.ptx:1:14: unterminated comment" },
    { ".global .b8 s[4];\n.pragma \"abc\n",
      "t.ptx:2:9: unterminated string '\"abc'" },
    { K_HEAD ".reg .f32 %f1;\nmov.f32 %f1, 0f3F80;\n}\n",
      "t.ptx:4:14: malformed float literal (expected 0f and 8 hex digits) '0f3F80'" },
    { K_HEAD ".reg .b64 %rd1;\nmov.b64 %rd1, 18446744073709551616;\n}\n",
      "t.ptx:4:15: integer literal out of range '18446744073709551616'" },
    { K_HEAD ".reg .b32 %r1;\nmov.b32 %r1, 09;\n}\n",
      "t.ptx:4:14: invalid digit in integer literal '09'" },
    { K_HEAD ".reg .b32 %r1;\nret;\n",
      "t.ptx:5:1: expected a statement or '}', found end of file" },
    { K_HEAD ".reg .b32 %r1;\n@%r1 bra k;\n}\n",
      "t.ptx:4:2: guard '%r1' is not a .pred register" },
    { K_HEAD "foo 1,2,3,4,5,6,7,8,9;\n}\n",
      "t.ptx:3:21: too many operands (at most 8)" },
    { ".global .u32 a[2] = {1, 2, 3};\n",
      "t.ptx:1:28: too many initializers for 'a'" },
    { K_HEAD ".reg .b32 %r<4;\n}\n",
      "t.ptx:3:15: expected '>', found ';'" },
    { K_HEAD ".reg .b64 %rd<2>;\n.reg .b32 %r1;\nld.u32 %r1, [%rd1+%r1];\n}\n",
      "t.ptx:5:19: expected an integer offset, found '%r1'" },
    { K_HEAD "# bad\n}\n",
      "t.ptx:3:1: unexpected character '#'" },
    { ".func f()\n{\nret;\n}\n.func f()\n{\nret;\n}\n",
      "t.ptx:5:7: redefinition of function 'f' (first defined at line 1)" },
    { K_HEAD "t: .calltargets ;\n}\n",
      "t.ptx:3:17: expected a function in the .calltargets list, found ';'" },
    { K_HEAD ".reg .b32 %r1;\nt: .calltargets k;\nbrx.idx %r1, t;\n}\n",
      "t.ptx:5:14: brx.idx needs a .branchtargets table, not a .calltargets one" },
    { K_HEAD ".reg .b64 %rd1;\nt: .calltargets nof;\ncall %rd1, (), t;\n}\n",
      "t.ptx:5:16: undefined symbol 'nof'" },
    { K_HEAD ".reg .b64 %rd1;\nt: .branchtargets L1;\nL1:\ncall %rd1, (), t;\n}\n",
      "t.ptx:6:16: a call's target list must be a .calltargets table" },
    { K_HEAD "t: .branchtargets ;\n}\n",
      "t.ptx:3:19: expected a label in the .branchtargets list, found ';'" },
    { K_HEAD ".reg .b32 %r1;\nt: .branchtargets L1;\nbrx.idx %r1, t;\n}\n",
      "t.ptx:5:14: undefined symbol 'L1'" },
    { K_HEAD ".reg .b32 %r1;\nt: .branchtargets L1;\nL1:\nadd.u32 %r1, t, 1;\n}\n",
      "t.ptx:6:14: target table 't' can only be the target list of brx.idx "
      "(.branchtargets) or of an indirect call (.calltargets)" },
    { K_HEAD ".reg .v2 .f32 %v;\n.reg .f32 %f;\nmov.f32 %f, %v.x;\n}\n",
      "t.ptx:5:15: vector register components ('%v.x') are not supported yet" },
    { ".global .texref t;\n",
      "t.ptx:1:9: '.texref' variables are not supported yet" },
    { ".entry k(.param .u32 a\n{\n}\n",
      "t.ptx:2:1: expected ',' or ')' in the parameter list, found '{'" },
    { K_HEAD ".reg .b32 %r1;\nmov.b32 %r1, ;\n}\n",
      "t.ptx:4:14: expected an operand, found ';'" },
    { ".global .f32 x = 1.0",
      "t.ptx:1:21: expected ';' after the variable declaration, found end of file" },
    { ".global .u32 x = 1.5;\n",
      "t.ptx:1:18: expected an integer constant for a .u32 element" },
    { ".visible .global .u32 x;\n.global .u32 x;\n",
      "t.ptx:2:14: redefinition of variable 'x' (first declared at line 1)" },
    { K_HEAD ".reg .b32 %r1;\n%r1;\n}\n",
      "t.ptx:4:1: expected an instruction, found '%r1'" },
    { ".version 9\n",
      "t.ptx:1:10: expected a version such as 9.0, found '9'" },
    { ".entry 5\n",
      "t.ptx:1:8: expected a function name, found '5'" },
    { ".global .align 3 .u32 x;\n",
      "t.ptx:1:9: alignment 3 is not a power of two" },
    { ".global .u32 x[0];\n",
      "t.ptx:1:16: array size must be positive" },
    { K_HEAD ".reg .b32 %r1;\nmov.b32 %r1, %tid.w;\n}\n",
      "t.ptx:4:18: expected a component .x, .y or .z, found '.w'" },
    { K_HEAD ".reg .b32 %r1;\nmov.b32 %r1, !k;\n}\n",
      "t.ptx:4:15: '!' applies only to a predicate register, not 'k'" },
    { K_HEAD "ret\n}\n",
      "t.ptx:4:1: expected an operand or ';', found '}'" },
    { ".global .u32 g;\n.func g()\n{\nret;\n}\n",
      "t.ptx:2:7: 'g' is already declared as a variable" },
    { "ret;\n",
      "t.ptx:1:1: expected a directive, found 'ret'" },
    { ".section .debug_info {\n.b8 1\n",
      "t.ptx:3:1: expected '}' closing the section, found end of file" },
    { K_HEAD ".reg .b32 %r<2000000>;\n}\n",
      "t.ptx:3:14: register count out of range (at most 1048576)" },
    { ".global .b8 x[\"s\"];\n",
      "t.ptx:1:15: expected array size, found '\"s\"'" },
    { K_HEAD ".reg .b32 %r1;\nmov.u32 %r1\x01, 1;\n}\n",
      "t.ptx:4:12: unexpected character '\\x01'" },
    { ".global .u32 a, a;\n",
      "t.ptx:1:17: redefinition of variable 'a' (first declared at line 1)" },
    { ".entry k(.param .u32 a, .param .u32 a)\n{\nret;\n}\n",
      "t.ptx:1:37: 'a' is already declared in this scope (as a parameter)" },
    { K_HEAD ".reg .b64 %rd1;\n.reg .f32 %f<4>;\n"
             "tex.2d.v4.f32.f32 {%f0, %f1, %f2, %f3}, [%rd1, %rd1, {%f0, %f1}];\n}\n",
      "t.ptx:5:48: a separate sampler operand ('[tex, sampler, {..}]') is not supported yet" },
};

static void test_error_messages(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char err[512];
        memset(err, 'x', sizeof err);
        ptx_module *m = ptx_test_parse(cases[i].text, err, sizeof err);
        if (m) {
            ptx_module_free(m);
            fail_msg("case %zu parsed, expected \"%s\"", i, cases[i].want);
        }
        if (strcmp(err, cases[i].want) != 0)
            fail_msg("case %zu:\n  got  \"%s\"\n  want \"%s\"", i, err, cases[i].want);
        assert_null(strchr(err, '\n'));
    }
}

/* A short buffer gets a truncated, terminated message; no buffer is fine. */
static void test_error_buffer(void **state)
{
    (void)state;
    char err[8];
    memset(err, 'x', sizeof err);
    assert_null(ptx_test_parse(".bogus\n", err, sizeof err));
    assert_string_equal(err, "t.ptx:1");
    assert_null(ptx_test_parse(".bogus\n", NULL, 0));
    assert_null(ptx_parse(".bogus", 6, NULL, err, sizeof err));
    assert_string_equal(err, "<ptx>:1");
    /* a module that parses clears the buffer */
    ptx_module *m = ptx_parse(".version 9.0", 12, "a.ptx", err, sizeof err);
    assert_non_null(m);
    assert_string_equal(err, "");
    ptx_module_free(m);
    /* NUL bytes are input like any other character */
    assert_null(ptx_parse(".version 9.0\0", 13, "a.ptx", err, sizeof err));
    ptx_module_free(NULL);
}

/* The modules in tests/ptx/bad/: the first line says "// expect: <message>". */
static void test_bad_files(void **state)
{
    (void)state;
    static const char *const files[] = {
        "bad/missing_semicolon.ptx", "bad/truncated.ptx",
        "bad/undefined_label.ptx", "bad/undefined_reg.ptx",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t len = 0;
        char *text = ptx_test_read(files[i], &len);
        if (!text)
            fail_msg("cannot read tests/ptx/%s", files[i]);
        const char *tag = "// expect: ";
        assert_memory_equal(text, tag, strlen(tag));
        const char *want = text + strlen(tag);
        const char *eol = strchr(want, '\n');
        assert_non_null(eol);
        char err[512];
        ptx_module *m = ptx_parse(text, len, files[i], err, sizeof err);
        if (m) {   /* parses: the lowering must reject it */
            isa_module *im = ptx_lower(m, err, sizeof err);
            ptx_module_free(m);
            if (im) {
                isa_module_free(im);
                fail_msg("%s parsed and lowered", files[i]);
            }
        }
        if (strlen(err) != (size_t)(eol - want) || memcmp(err, want, (size_t)(eol - want)) != 0)
            fail_msg("%s:\n  got  \"%s\"\n  want \"%.*s\"", files[i], err, (int)(eol - want), want);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_messages),
        cmocka_unit_test(test_error_buffer),
        cmocka_unit_test(test_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
