/* tests/unit/test_ptx_lower_cfg.c — basic blocks, immediate
 * post-dominators on tricky CFGs (built directly as statement lists), and
 * the reconvergence points (imm2) of lowered branches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "isa/ptx/lower_internal.h"
#include "tests/unit/ptx_lower_testutil.h"

/* ---- CFGs from a tiny statement language ----------------------------------
 * Words separated by spaces: "NAME:" a label, "bra NAME" / "@bra NAME" an
 * (un)guarded branch, "ret" / "@ret", anything else a plain instruction. */

#define MAX_STMTS 64

typedef struct cfg_fx {
    ptx_module m;
    ptx_func   fn;
    ptx_stmt   body[MAX_STMTS];
    char       words[MAX_STMTS][16];
    char       targets[MAX_STMTS][16];
    lw_fn      f;
    char       err[256];
} cfg_fx;

static uint32_t label_index(const cfg_fx *x, const char *name)
{
    for (uint32_t i = 0; i < x->fn.nbody; i++)
        if (x->body[i].kind == PTX_STMT_LABEL && strcmp(x->body[i].label, name) == 0)
            return i;
    fail_msg("no label %s", name);
    return 0;
}

static cfg_fx *build(const char *src)
{
    cfg_fx *x = calloc(1, sizeof *x);
    assert_non_null(x);
    char buf[512];
    snprintf(buf, sizeof buf, "%s", src);
    uint32_t n = 0;
    bool want_target = false;
    for (char *w = strtok(buf, " "); w != NULL; w = strtok(NULL, " ")) {
        if (want_target) {
            snprintf(x->targets[n - 1], sizeof x->targets[0], "%s", w);
            want_target = false;
            continue;
        }
        assert_true(n < MAX_STMTS);
        ptx_stmt *s = &x->body[n];
        size_t len = strlen(w);
        s->line = n + 1;
        if (w[len - 1] == ':') {
            snprintf(x->words[n], sizeof x->words[0], "%.*s", (int)(len - 1), w);
            s->kind = PTX_STMT_LABEL;
            s->label = x->words[n];
        } else {
            bool guarded = w[0] == '@';
            snprintf(x->words[n], sizeof x->words[0], "%s", w + guarded);
            s->kind = PTX_STMT_INSN;
            s->insn.line = n + 1;
            s->insn.opcode = x->words[n];
            s->insn.has_guard = guarded;
            want_target = strcmp(s->insn.opcode, "bra") == 0;
        }
        n++;
    }
    x->fn.body = x->body;
    x->fn.nbody = n;
    x->fn.name = "k";
    x->fn.is_entry = 1;
    x->fn.has_body = 1;
    for (uint32_t i = 0; i < n; i++) {
        ptx_insn *in = &x->body[i].insn;
        if (x->body[i].kind != PTX_STMT_INSN || strcmp(in->opcode, "bra") != 0)
            continue;
        in->nops = 1;
        in->ops[0].kind = PTX_OPND_SYM;
        in->ops[0].sym.name = x->targets[i];
        in->ops[0].sym.kind = PTX_SYM_LABEL;
        in->ops[0].sym.index = label_index(x, x->targets[i]);
    }
    x->m.filename = "cfg.ptx";
    x->m.funcs = &x->fn;
    x->m.nfuncs = 1;
    x->f.m = &x->m;
    x->f.fn = &x->fn;
    x->f.err = x->err;
    x->f.errlen = sizeof x->err;
    if (!lw_build_cfg(&x->f) || !lw_postdom(&x->f))
        fail_msg("%s", x->err);
    return x;
}

static void release(cfg_fx *x)
{
    free(x->f.blocks);
    free(x->f.stmt_block);
    free(x);
}

/* Checks block count and every immediate post-dominator ('X' = exit). */
static void expect_ipdoms(cfg_fx *x, const char *want)
{
    assert_int_equal(x->f.nblocks, strlen(want));
    for (uint32_t b = 0; b < x->f.nblocks; b++) {
        uint32_t got = x->f.blocks[b].ipdom;
        uint32_t exp = want[b] == 'X' ? LW_EXIT : (uint32_t)(want[b] - '0');
        if (got != exp)
            fail_msg("block %u: ipdom %d, expected %c", (unsigned)b,
                     got == LW_EXIT ? -1 : (int)got, want[b]);
    }
}

static void test_if_else(void **state)
{
    (void)state;
    cfg_fx *x = build("@bra ELSE op bra END ELSE: op END: ret");
    /* b0 [@bra] b1 [op bra] b2 [ELSE: op] b3 [END: ret] */
    expect_ipdoms(x, "333X");
    assert_int_equal(x->f.blocks[0].nsucc, 2);
    assert_int_equal(x->f.blocks[0].succ[0], 2);
    assert_int_equal(x->f.blocks[0].succ[1], 1);
    assert_int_equal(x->f.blocks[1].succ[0], 3);
    assert_int_equal(x->f.blocks[3].succ[0], LW_EXIT);
    release(x);
}

static void test_loop_break_continue(void **state)
{
    (void)state;
    /* b0 [op] b1 [LOOP: @bra BRK] b2 [@bra CONT] b3 [op] b4 [CONT: op @bra LOOP] b5 [BRK: ret] */
    cfg_fx *x = build("op LOOP: @bra BRK @bra CONT op CONT: op @bra LOOP BRK: ret");
    expect_ipdoms(x, "15445X");
    release(x);
}

static void test_nested_with_early_exit(void **state)
{
    (void)state;
    /* b0 [@bra A] b1 [@bra B] b2 [op] b3 [B: op] b4 [A: ret] */
    cfg_fx *x = build("@bra A @bra B op B: op A: ret");
    expect_ipdoms(x, "4334X");
    release(x);
}

static void test_two_exits(void **state)
{
    (void)state;
    /* b0 [@bra A] b1 [op ret] b2 [A: ret]: only the virtual exit joins them. */
    cfg_fx *x = build("@bra A op ret A: ret");
    expect_ipdoms(x, "XXX");
    release(x);
}

static void test_endless_loop(void **state)
{
    (void)state;
    /* b0 [@bra A] b1 [L: bra L] b2 [A: ret]: b1 never reaches the exit. */
    cfg_fx *x = build("@bra A L: bra L A: ret");
    expect_ipdoms(x, "2XX");
    release(x);
}

static void test_irreducible(void **state)
{
    (void)state;
    /* Two entries into the X/Y cycle. b0 [@bra Y] b1 [X: @bra Z] b2 [Y: @bra X] b3 [Z: ret] */
    cfg_fx *x = build("@bra Y X: @bra Z Y: @bra X Z: ret");
    expect_ipdoms(x, "333X");
    release(x);
}

static void test_guarded_ret_and_fallthrough(void **state)
{
    (void)state;
    /* b0 [op @ret] b1 [op] (falls off the end) */
    cfg_fx *x = build("op @ret op");
    expect_ipdoms(x, "XX");
    assert_int_equal(x->f.blocks[0].nsucc, 2);
    assert_int_equal(x->f.blocks[1].succ[0], LW_EXIT);
    release(x);
}

static void test_empty_blocks(void **state)
{
    (void)state;
    /* Back-to-back labels make empty blocks: b0 [@bra C] b1 [A:] b2 [B: op] b3 [C:] b4 [ret] */
    cfg_fx *x = build("@bra C A: B: op C: ret");
    expect_ipdoms(x, "323X");
    release(x);
}

/* ---- reconvergence points of lowered branches -------------------------- */

static void expect_bra(const isa_kernel *k, unsigned nth, uint32_t target, uint32_t reconv)
{
    char buf[160];
    uint32_t i = 0;
    for (unsigned seen = 0; i < k->ninsns; i++) {
        isa_insn in = lt_insn(k, i);
        if (in.op == OP_BRA && in.guard != ISA_PT && seen++ == nth)
            break;
    }
    if (i == k->ninsns)
        fail_msg("no guarded branch #%u", nth);
    isa_insn in = lt_insn(k, i);
    if (in.imm != target || in.imm2 != reconv)
        fail_msg("branch %u is '%s', expected target %u reconvergence %d", (unsigned)i,
                 lt_text(k, i, buf, sizeof buf), (unsigned)target,
                 reconv == ISA_NO_RECONV ? -1 : (int)reconv);
}

static void test_reconv_diamond(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".visible .entry k(.param .u32 n)\n{\n"
        ".reg .pred %p<2>;\n.reg .b32 %r<4>;\n"
        "ld.param.u32 %r1, [n];\n"            /* 0 */
        "setp.eq.s32 %p1, %r1, 0;\n"          /* 1 */
        "@%p1 bra ELSE;\n"                    /* 2 */
        "add.s32 %r2, %r1, 1;\n"              /* 3 */
        "bra.uni END;\n"                      /* 4 */
        "ELSE:\n"
        "add.s32 %r2, %r1, 2;\n"              /* 5 */
        "END:\n"
        "mul.lo.s32 %r3, %r2, %r2;\n"         /* 6 */
        "ret;\n}\n");                         /* 7 */
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(k->ninsns, 8);
    expect_bra(k, 0, 5, 6);
    isa_insn uni = lt_insn(k, 4);
    assert_int_equal(uni.op, OP_BRA);
    assert_int_equal(uni.guard, ISA_PT);
    assert_int_equal(uni.imm, 6);
    assert_int_equal(uni.imm2, ISA_NO_RECONV);
    assert_int_equal(lt_insn(k, 7).op, OP_EXIT);
    isa_module_free(m);
}

static void test_reconv_loop_and_uni(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".visible .entry k(.param .u32 n)\n{\n"
        ".reg .pred %p<3>;\n.reg .b32 %r<4>;\n"
        "ld.param.u32 %r1, [n];\n"            /* 0 */
        "mov.u32 %r2, 0;\n"                   /* 1 */
        "LOOP:\n"
        "add.s32 %r2, %r2, 1;\n"              /* 2 */
        "setp.eq.s32 %p2, %r2, 7;\n"          /* 3 */
        "@%p2 bra.uni DONE;\n"                /* 4: uniform: no reconvergence */
        "setp.lt.s32 %p1, %r2, %r1;\n"        /* 5 */
        "@%p1 bra LOOP;\n"                    /* 6: back edge, reconverge at DONE */
        "DONE:\n"
        "ret;\n}\n");                         /* 7 */
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(k->ninsns, 8);
    expect_bra(k, 0, 7, ISA_NO_RECONV);
    expect_bra(k, 1, 2, 7);
    isa_module_free(m);
}

static void test_reconv_two_exits(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".visible .entry k(.param .u64 out)\n{\n"
        ".reg .pred %p<2>;\n.reg .b32 %r<2>;\n.reg .b64 %rd<2>;\n"
        "ld.param.u64 %rd1, [out];\n"         /* 0 */
        "mov.u32 %r1, %tid.x;\n"              /* 1 */
        "setp.eq.s32 %p1, %r1, 0;\n"          /* 2 */
        "@%p1 bra ZERO;\n"                    /* 3: the paths meet only at the exit */
        "st.global.u32 [%rd1], %r1;\n"        /* 4 */
        "ret;\n"                              /* 5 */
        "ZERO:\n"
        "st.global.u32 [%rd1+4], %r1;\n"      /* 6 */
        "ret;\n}\n");                         /* 7 */
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(k->ninsns, 8);
    expect_bra(k, 0, 6, ISA_NO_RECONV);
    assert_int_equal(lt_insn(k, 5).op, OP_EXIT);
    assert_int_equal(lt_insn(k, 7).op, OP_EXIT);
    isa_module_free(m);
}

static void test_reconv_break_continue(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".visible .entry k(.param .u32 n, .param .u64 out)\n{\n"
        ".reg .pred %p<4>;\n.reg .b32 %r<5>;\n.reg .b64 %rd<2>;\n"
        "ld.param.u32 %r1, [n];\n"            /* 0 */
        "ld.param.u64 %rd1, [out];\n"         /* 1 */
        "mov.u32 %r2, 0;\n"                   /* 2 */
        "LOOP:\n"
        "setp.gt.s32 %p1, %r2, 50;\n"         /* 3 */
        "@%p1 bra BREAK;\n"                   /* 4: break -> reconverge after the loop */
        "and.b32 %r3, %r2, 1;\n"              /* 5 */
        "setp.eq.s32 %p2, %r3, 0;\n"          /* 6 */
        "@%p2 bra CONT;\n"                    /* 7: continue -> reconverge at CONT */
        "st.global.u32 [%rd1], %r2;\n"        /* 8 */
        "CONT:\n"
        "add.s32 %r2, %r2, 1;\n"              /* 9 */
        "setp.lt.s32 %p3, %r2, %r1;\n"        /* 10 */
        "@%p3 bra LOOP;\n"                    /* 11 */
        "BREAK:\n"
        "st.global.u32 [%rd1+4], %r2;\n"      /* 12 */
        "ret;\n}\n");                         /* 13 */
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(k->ninsns, 14);
    expect_bra(k, 0, 12, 12);
    expect_bra(k, 1, 9, 9);
    expect_bra(k, 2, 3, 12);
    isa_module_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_if_else),
        cmocka_unit_test(test_loop_break_continue),
        cmocka_unit_test(test_nested_with_early_exit),
        cmocka_unit_test(test_two_exits),
        cmocka_unit_test(test_endless_loop),
        cmocka_unit_test(test_irreducible),
        cmocka_unit_test(test_guarded_ret_and_fallthrough),
        cmocka_unit_test(test_empty_blocks),
        cmocka_unit_test(test_reconv_diamond),
        cmocka_unit_test(test_reconv_loop_and_uni),
        cmocka_unit_test(test_reconv_two_exits),
        cmocka_unit_test(test_reconv_break_continue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
