/* tests/unit/test_ptx_lower.c — lowering of whole modules: parameter,
 * shared, local, const and global layout; register and predicate counts;
 * the listing format; and the precise errors for what is not supported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/ptx_lower_testutil.h"

static void test_param_layout(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".visible .entry k(\n"
        "  .param .u8 c,\n"
        "  .param .align 8 .b8 s[24],\n"
        "  .param .u16 h,\n"
        "  .param .align 4 .b8 t[6],\n"
        "  .param .u64 p,\n"
        "  .param .f32 x)\n"
        "{\n.reg .b32 %r<3>;\n.reg .b64 %rd<2>;\n"
        "ld.param.u8 %r1, [c];\n"
        "ld.param.u32 %r2, [s+20];\n"
        "ld.param.u64 %rd1, [p];\n"
        "st.global.u32 [%rd1], %r2;\n"
        "ret;\n}\n");
    assert_int_equal(m->nkernels, 1);
    const isa_kernel *k = &m->kernels[0];
    assert_string_equal(k->name, "k");
    assert_int_equal(k->nparams, 6);
    static const uint32_t off[] = { 0, 8, 32, 36, 48, 56 };
    static const uint32_t size[] = { 1, 24, 2, 6, 8, 4 };
    static const uint32_t align[] = { 1, 8, 2, 4, 8, 4 };
    for (unsigned i = 0; i < 6; i++) {
        assert_int_equal(k->params[i].offset, off[i]);
        assert_int_equal(k->params[i].size, size[i]);
        assert_int_equal(k->params[i].align, align[i]);
    }
    assert_string_equal(k->params[4].name, "p");
    assert_int_equal(k->param_size, 60);
    /* ld.param reads bank 0 at the parameter offset plus the displacement. */
    isa_insn in = lt_insn(k, 1);
    assert_int_equal(in.op, OP_LDC);
    assert_int_equal(in.imm2, ISA_BANK_PARAM);
    assert_int_equal(in.imm, 8 + 20);
    assert_int_equal(in.a, ISA_RZ);
    in = lt_insn(k, 0);
    assert_int_equal(in.mod[0], MOD_MW_U8);
    isa_module_free(m);
}

static void test_memory_layout(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".global .align 4 .u32 g1 = 7;\n"
        ".visible .global .align 8 .b8 g2[16];\n"
        ".extern .global .align 4 .u32 g3;\n"
        ".const .align 4 .b8 c1[6] = {1, 2, 3, 4, 5, 6};\n"
        ".const .align 8 .f64 c2 = 0d3FF0000000000000;\n"
        ".shared .align 4 .b8 unused_sh[64];\n"
        ".shared .align 8 .b8 mod_sh[12];\n"
        ".extern .shared .align 16 .b8 dyn[];\n"
        ".visible .entry k()\n{\n"
        ".local .align 8 .b8 __local_depot0[40];\n"
        ".shared .align 4 .b8 fn_sh[100];\n"
        ".reg .b32 %r<6>;\n.reg .b64 %rd<4>;\n"
        "mov.u32 %r1, fn_sh;\n"
        "mov.u32 %r2, mod_sh;\n"
        "mov.u32 %r3, dyn;\n"
        "mov.u64 %rd1, g2;\n"
        "ld.const.u32 %r4, [c1+4];\n"
        "mov.u64 %rd2, __local_depot0;\n"
        "add.s32 %r5, %r1, %r2;\n"
        "add.s32 %r5, %r5, %r3;\n"
        "add.s32 %r5, %r5, %r4;\n"
        "st.global.u32 [%rd1+4], %r5;\n"
        "st.local.u32 [%rd2+8], %r5;\n"
        "ret;\n}\n");
    /* Symbols: .global vars get 8-byte address slots in bank 2, .const
     * vars aligned offsets in bank 1; shared ones never reach the runtime. */
    assert_int_equal(m->nsymbols, 5);
    const isa_symbol *s = isa_module_find_symbol(m, "g1");
    assert_non_null(s);
    assert_int_equal(s->space, ISA_SPACE_GLOBAL);
    assert_int_equal(s->offset, 0);
    assert_int_equal(s->size, 4);
    assert_non_null(s->init);
    assert_int_equal(s->init[0], 7);
    assert_false(s->is_visible);
    s = isa_module_find_symbol(m, "g2");
    assert_int_equal(s->offset, 8);
    assert_int_equal(s->align, 8);
    assert_null(s->init);
    assert_true(s->is_visible);
    s = isa_module_find_symbol(m, "g3");
    assert_int_equal(s->offset, 16);
    assert_true(s->is_extern);
    assert_int_equal(m->globals_size, 24);
    s = isa_module_find_symbol(m, "c1");
    assert_int_equal(s->space, ISA_SPACE_CONST);
    assert_int_equal(s->offset, 0);
    assert_memory_equal(s->init, "\1\2\3\4\5\6", 6);
    s = isa_module_find_symbol(m, "c2");
    assert_int_equal(s->offset, 8);
    assert_int_equal(m->const_size, 16);
    assert_null(isa_module_find_symbol(m, "fn_sh"));

    /* Shared: the kernel's own 100 B at 0, the referenced module variable
     * after it (aligned to 8), the unreferenced one not at all; dynamic
     * shared memory starts at the static size rounded up to 16. */
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(k->shared_size, 104 + 12);
    assert_int_equal(k->local_size, 40);
    assert_int_equal(lt_insn(k, 0).op, OP_MOV);
    assert_int_equal(lt_insn(k, 0).imm, 0);
    assert_int_equal(lt_insn(k, 1).imm, 104);
    assert_int_equal(lt_insn(k, 2).imm, 128);
    isa_insn slot = lt_insn(k, 3);
    assert_int_equal(slot.op, OP_LDC);
    assert_int_equal(slot.imm2, ISA_BANK_GLOBALS);
    assert_int_equal(slot.imm, 8);
    assert_int_equal(slot.mod[0], MOD_MW_64);
    isa_insn c = lt_insn(k, 4);
    assert_int_equal(c.op, OP_LDC);
    assert_int_equal(c.imm2, ISA_BANK_CONST);
    assert_int_equal(c.imm, 4);
    isa_module_free(m);
}

/* Register and predicate counts: every 64-bit operand an aligned pair. */
static void test_register_counts(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".visible .entry k(.param .u64 a, .param .u32 n)\n{\n"
        ".reg .pred %p<3>;\n.reg .b32 %r<8>;\n.reg .b64 %rd<6>;\n"
        "ld.param.u64 %rd1, [a];\n"
        "ld.param.u32 %r1, [n];\n"
        "mov.u32 %r2, %tid.x;\n"
        "setp.ge.s32 %p1, %r2, %r1;\n"
        "@%p1 bra DONE;\n"
        "mul.wide.s32 %rd2, %r2, 4;\n"
        "add.s64 %rd3, %rd1, %rd2;\n"
        "ld.global.u32 %r3, [%rd3];\n"
        "setp.lt.s32 %p2, %r3, 0;\n"
        "selp.b32 %r4, 1, 2, %p2;\n"
        "st.global.u32 [%rd3], %r4;\n"
        "DONE:\n"
        "ret;\n}\n");
    const isa_kernel *k = &m->kernels[0];
    /* rd1 pair + n + tid; then rd2 pair; rd3 reuses a pair; p1 and p2
     * never overlap. */
    assert_int_equal(k->npreds, 1);
    assert_true(k->nregs >= 4 && k->nregs <= 8);
    for (uint32_t i = 0; i < k->ninsns; i++) {
        isa_insn in = lt_insn(k, i);
        if (in.op == OP_LDG || in.op == OP_STG || (in.op == OP_IADD && in.mod[0] == MOD_W64))
            assert_int_equal(in.a % 2, 0);
        if (in.op == OP_IMUL && in.mod[0] == MOD_MUL_WIDE)
            assert_int_equal(in.d % 2, 0);
    }
    isa_module_free(m);
}

static void test_many_live_registers(void **state)
{
    (void)state;
    /* 130 live 64-bit values need 260 registers. */
    char *text = malloc(64 * 1024);
    assert_non_null(text);
    int n = sprintf(text, PTX_HEAD ".visible .entry big(.param .u64 a)\n{\n"
                    ".reg .b64 %%rd<140>;\nld.param.u64 %%rd0, [a];\n");
    for (int i = 1; i <= 130; i++)
        n += sprintf(text + n, "ld.global.u64 %%rd%d, [%%rd0+%d];\n", i, 8 * i);
    for (int i = 1; i < 130; i++)
        n += sprintf(text + n, "add.s64 %%rd%d, %%rd%d, %%rd%d;\n", i + 1, i + 1, i);
    sprintf(text + n, "st.global.u64 [%%rd0], %%rd130;\nret;\n}\n");
    /* the values that do not fit are spilled to local memory
     * (lower_regalloc_spill.c; run end to end in test_sim_ptx_spill.c) */
    isa_module *m;
    LT_COMPILE(m, text);
    const isa_kernel *k = &m->kernels[0];
    assert_true(k->nregs <= ISA_NUM_REGS);
    assert_true(k->spill_size >= 8 && k->spill_size % 16 == 0);
    assert_int_equal(k->local_size, k->spill_size);
    assert_true(lt_count(k, OP_STL) > 0 && lt_count(k, OP_LDL) > 0);
    isa_module_free(m);
    free(text);
}

static void test_many_live_predicates(void **state)
{
    (void)state;
    char text[4096];
    int n = sprintf(text, PTX_HEAD ".visible .entry preds(.param .u32 a)\n{\n"
                    ".reg .pred %%p<10>;\n.reg .b32 %%r<12>;\nld.param.u32 %%r0, [a];\n");
    for (int i = 1; i <= 8; i++)
        n += sprintf(text + n, "setp.eq.s32 %%p%d, %%r0, %d;\n", i, i);
    for (int i = 1; i <= 8; i++)
        n += sprintf(text + n, "selp.b32 %%r%d, 1, 0, %%p%d;\n", i, i);
    sprintf(text + n, "ret;\n}\n");
    /* Eight live predicates: one is kept in a general register (P2R/ISETP). */
    isa_module *m;
    LT_COMPILE(m, text);
    assert_int_equal(m->kernels[0].npreds, 7);
    isa_module_free(m);
    /* Seven fit without spilling. */
    char *seven = strstr(text, "setp.eq.s32 %p8");
    assert_non_null(seven);
    memcpy(seven, "//", 2);
    char *sel = strstr(text, "selp.b32 %r8");
    memcpy(sel, "//", 2);
    LT_COMPILE(m, text);
    assert_int_equal(m->kernels[0].npreds, 7);
    isa_module_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    char err[512];
    assert_string_equal(lt_error(PTX_HEAD
        ".extern .func (.param .b32 r) myext(.param .b64 f, .param .b64 a);\n"
        ".visible .entry k()\n{\n.reg .b32 %r<2>;\n.reg .b64 %rd<2>;\n"
        "mov.u64 %rd1, 0;\n"
        "{\n.param .b64 p0;\nst.param.b64 [p0], %rd1;\n.param .b64 p1;\n"
        "st.param.b64 [p1], %rd1;\n.param .b32 rv;\n"
        "call.uni (rv), myext, (p0, p1);\n}\nret;\n}\n", err, sizeof err),
        "t.ptx:16: calls to 'myext' are not supported yet (only the built-ins vprintf, "
        "__assertfail, malloc and free; device functions are inlined by nvcc unless marked "
        "noinline)");
    assert_string_equal(lt_error(PTX_HEAD
        ".visible .entry k(.param .u64 a)\n{\n.reg .b32 %r<3>;\n.reg .b64 %rd<2>;\n"
        "ld.param.u64 %rd1, [a];\n"
        "atom.global.max.f16x2 %r1, [%rd1], %r1;\nret;\n}\n", err, sizeof err),
        "t.ptx:9: 'atom.global.max.f16x2' is not supported yet");
    assert_string_equal(lt_error(PTX_HEAD
        ".visible .entry k()\n{\n.reg .b32 %r<2>;\n.reg .pred %p<2>;\n"
        "bar.red.popc.u32 %r1, 0, 48, %p1;\nret;\n}\n", err, sizeof err),
        "t.ptx:8: 'bar.red': the thread count must be a multiple of 32 from 32 to 1024, not 48");
    assert_string_equal(lt_error(PTX_HEAD
        ".visible .entry k(.param .u32 a)\n{\n.reg .b32 %r<3>;\n"
        "ld.param.u32 %r1, [a];\nredux.sync.add.f32 %r2, %r1, -1;\nret;\n}\n",
        err, sizeof err),
        "t.ptx:8: 'redux.sync.add.f32' is not supported yet");
    assert_string_equal(lt_error(PTX_HEAD
        ".visible .entry k(.param .u32 a)\n{\n.reg .b32 %r<3>;\n"
        "ld.param.u32 %r1, [a];\nprmt.b32.f4e.ecl %r2, %r1, %r1, 4;\nret;\n}\n", err, sizeof err),
        "t.ptx:8: 'prmt.b32.f4e.ecl' is not supported yet");
    assert_string_equal(lt_error(PTX_HEAD
        ".visible .func f(.param .u32 a)\n{\n.reg .b64 %rd<3>;\n"
        "mov.u64 %rd1, a;\nret;\n}\n"
        ".visible .entry k()\n{\n.reg .b32 %r<2>;\n{\n.param .b32 p;\n"
        "st.param.b32 [p], %r1;\ncall f, (p);\n}\nret;\n}\n", err, sizeof err),
        "t.ptx:7: 'mov.u64': taking the address of .func parameter 'a' is not supported yet");
    assert_string_equal(lt_error(PTX_HEAD
        ".visible .entry k(.param .u32 a)\n{\n.reg .b32 %r<3>;\n.reg .b64 %rd<3>;\n"
        "add.s64 %rd1, %r1, 1;\nret;\n}\n", err, sizeof err),
        "t.ptx:8: operand 2 of 'add.s64' must be a 64-bit register");
    /* Parse errors come through unchanged (file:line:col). */
    const char *e = lt_error(PTX_HEAD ".visible .entry k(\n{\nret;\n}\n", err, sizeof err);
    assert_true(strncmp(e, "t.ptx:5:", 8) == 0);
}

static void test_fall_off_end_and_lines(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".visible .entry k(.param .u64 a)\n"   /* 4 */
        "{\n"                                  /* 5 */
        ".reg .b64 %rd<3>;\n"                  /* 6 */
        "ld.param.u64 %rd1, [a];\n"            /* 7 */
        "mov.u64 %rd2, 81985529216486895;\n"   /* 8: 0x0123456789abcdef */
        "st.global.u64 [%rd1], %rd2;\n"        /* 9 */
        "}\n");
    const isa_kernel *k = &m->kernels[0];
    assert_int_equal(k->ninsns, 5);
    assert_int_equal(lt_insn(k, 4).op, OP_EXIT);
    static const uint32_t lines[] = { 7, 8, 8, 9, 9 };
    for (unsigned i = 0; i < 5; i++)
        assert_int_equal(k->ptx_line[i], lines[i]);
    /* A 64-bit immediate that does not fit a sign-extended 32 bits is two MOVs. */
    assert_int_equal(lt_insn(k, 1).imm, 0x89abcdef);
    assert_int_equal(lt_insn(k, 2).imm, 0x01234567);
    assert_int_equal(lt_insn(k, 2).d, lt_insn(k, 1).d + 1);
    isa_module_free(m);
}

static void test_listing(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".const .align 4 .u32 c = 3;\n"
        ".visible .entry k(.param .u64 a, .param .u32 n)\n{\n"
        ".reg .pred %p<2>;\n.reg .b32 %r<3>;\n.reg .b64 %rd<2>;\n"
        "ld.param.u64 %rd1, [a];\n"
        "ld.param.u32 %r1, [n];\n"
        "setp.eq.s32 %p1, %r1, 0;\n"
        "@%p1 bra L;\n"
        "st.global.u32 [%rd1], %r1;\n"
        "L:\n"
        "ret;\n}\n");
    char *text = lt_listing(m);
    assert_non_null(text);
    const char *want =
        "// Cobalt ISA module, target sm_80\n"
        ".const c  // 4 B, align 4, c[0x1] offset 0x0, initialised\n"
        "\n"
        ".kernel k  // 3 registers, 1 predicates, 0 B shared, 0 B local, 12 B params\n"
        "    .param a  // c[0x0][0x0], 8 B, align 8\n"
        "    .param n  // c[0x0][0x8], 4 B, align 4\n"
        "    /*0000*/ LDC.64 R0, c[0x0][0x0]                       // ptx:10\n"
        "    /*0001*/ LDC.32 R2, c[0x0][0x8]                       // ptx:11\n"
        "    /*0002*/ ISETP.EQ.S32.AND P0, R2, 0x0, PT             // ptx:12\n"
        "    /*0003*/ @P0 BRA .L5, .L5                             // ptx:13\n"
        "    /*0004*/ STG.32 [R0], R2                              // ptx:14\n"
        "    /*0005*/ EXIT                                         // ptx:16\n";
    assert_string_equal(text, want);
    free(text);
    isa_module_free(m);
}

static void test_isel_forms(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".visible .entry k(.param .u64 a)\n{\n"
        ".reg .pred %p<4>;\n.reg .b32 %r<10>;\n.reg .f32 %f<6>;\n.reg .b64 %rd<6>;\n"
        ".shared .align 16 .b8 sh[64];\n"
        "ld.param.u64 %rd1, [a];\n"
        "ld.global.v4.f32 {%f1, %f2, %f3, %f4}, [%rd1];\n"
        "add.f32 %f5, %f1, %f4;\n"
        "st.global.v4.f32 [%rd1+16], {%f1, %f2, %f3, %f4};\n"
        "setp.lt.f32 %p1|%p2, %f5, %f2;\n"
        "selp.b64 %rd2, %rd1, 4294967296, %p2;\n"
        "mov.u64 %rd3, sh;\n"
        "cvta.shared.u64 %rd4, %rd3;\n"
        "ld.u32 %r1, [%rd4+8];\n"
        "@%p1 st.global.u32 [%rd2], %r1;\n"
        "ret;\n}\n");
    const isa_kernel *k = &m->kernels[0];
    char buf[160];
    /* The vector load and store are single 128-bit accesses of a quad. */
    uint32_t i = lt_find(k, "LDG.128", 0);
    assert_true(i != UINT32_MAX);
    assert_int_equal(lt_insn(k, i).d % 4, 0);
    i = lt_find(k, "STG.128", 0);
    assert_true(i != UINT32_MAX);
    assert_int_equal(lt_insn(k, i).imm, 16);
    assert_int_equal(lt_count(k, OP_LDG), 1);
    /* p|q: the second predicate is the unordered negation. */
    assert_true(lt_find(k, "FSETP.LT.AND", 0) != UINT32_MAX);
    assert_true(lt_find(k, "FSETP.GEU.AND", 0) != UINT32_MAX);
    /* selp.b64 with an immediate: two SELs, the immediate split in words. */
    i = lt_find(k, "SEL", 0);
    assert_true(i != UINT32_MAX);
    assert_int_equal(lt_insn(k, i).imm, 0);
    assert_int_equal(lt_insn(k, i + 1).op, OP_SEL);
    assert_int_equal(lt_insn(k, i + 1).imm, 1);
    /* cvta.shared adds the window base in the high word; the generic load. */
    i = lt_find(k, "IADD R", 0);
    assert_true(i != UINT32_MAX);
    assert_int_equal(lt_insn(k, i).imm, (uint32_t)(ISA_SHARED_WINDOW >> 32));
    i = lt_find(k, "LD.32", 0);
    assert_true(i != UINT32_MAX);
    assert_int_equal(lt_insn(k, i).imm, 8);
    /* The guarded store keeps its guard. */
    i = lt_find(k, "@P", 0);
    assert_true(i != UINT32_MAX);
    assert_int_equal(lt_insn(k, i).op, OP_STG);
    (void)buf;
    isa_module_free(m);
}

/* Launch bounds are carried over; .func bodies (never called) are ignored,
 * whatever they contain; a kernel without a body is not lowered. */
static void test_kernel_attributes(void **state)
{
    (void)state;
    isa_module *m;
    LT_COMPILE(m, PTX_HEAD
        ".func helper(.param .b64 p)\n{\n.reg .b32 %r<2>;\n.reg .b64 %rd<2>;\n"
        "ld.param.u64 %rd1, [p];\natom.global.add.u32 %r1, [%rd1], 1;\nret;\n}\n"
        ".extern .entry declared();\n"
        ".visible .entry bounded() .maxntid 256, 1, 1\n{\nret;\n}\n"
        ".visible .entry exact() .reqntid 64, 2, 1\n{\nexit;\n}\n");
    assert_int_equal(m->nkernels, 2);
    const isa_kernel *k = isa_module_find_kernel(m, "bounded");
    assert_non_null(k);
    assert_int_equal(k->maxntid, 256);
    assert_int_equal(k->ninsns, 1);
    assert_int_equal(lt_insn(k, 0).op, OP_EXIT);
    k = isa_module_find_kernel(m, "exact");
    assert_non_null(k);
    assert_int_equal(k->maxntid, 0);
    assert_int_equal(k->reqntid[0], 64);
    assert_int_equal(k->reqntid[1], 2);
    assert_int_equal(k->reqntid[2], 1);
    assert_int_equal(k->nregs, 0);
    assert_int_equal(k->npreds, 0);
    assert_null(isa_module_find_kernel(m, "helper"));
    assert_null(isa_module_find_kernel(m, "declared"));
    isa_module_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_param_layout),
        cmocka_unit_test(test_memory_layout),
        cmocka_unit_test(test_register_counts),
        cmocka_unit_test(test_many_live_registers),
        cmocka_unit_test(test_many_live_predicates),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_fall_off_end_and_lines),
        cmocka_unit_test(test_listing),
        cmocka_unit_test(test_isel_forms),
        cmocka_unit_test(test_kernel_attributes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
