/* tests/unit/test_isa_table.c — consistency of the table expanded from isa.def. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"

static void test_ops_have_valid_class_and_fields(void **state)
{
    (void)state;
    assert_int_equal(isa_num_ops(), OP__COUNT);
    assert_true(isa_num_ops() > 50);
    for (unsigned op = 0; op < isa_num_ops(); op++) {
        const isa_op_info *info = isa_op_info_of(op);
        assert_non_null(info);
        assert_non_null(isa_class_info_of(info->cls));
        assert_int_equal(isa_class_info_of(info->cls)->code, info->cls);
        assert_true(info->mnem[0] != '\0');
        assert_non_null(info->syntax);
        assert_true(info->meaning[0] != '\0');
        assert_true(info->flags != 0);
        /* every syntax character is an operand or a literal ", " */
        for (const char *p = info->syntax; *p; p++)
            assert_non_null(strchr("dabcBEXYZimkstr, ", *p));
    }
    assert_null(isa_op_info_of(OP__COUNT));
    assert_null(isa_op_info_of(OP_ILLEGAL));
}

static void test_encodings_unique_and_lookup(void **state)
{
    (void)state;
    for (unsigned x = 0; x < isa_num_ops(); x++) {
        const isa_op_info *a = isa_op_info_of(x);
        assert_int_equal(isa_op_by_encoding(a->cls, a->sub), x);
        for (unsigned y = x + 1; y < isa_num_ops(); y++) {
            const isa_op_info *b = isa_op_info_of(y);
            assert_false(a->cls == b->cls && a->sub == b->sub);
            assert_string_not_equal(a->mnem, b->mnem);
            assert_string_not_equal(a->name, b->name);
        }
        assert_int_equal(isa_op_by_mnemonic(a->mnem, strlen(a->mnem)), x);
    }
    /* class 0 is never valid; reserved extension subs are unassigned */
    for (unsigned sub = 0; sub < 256; sub++)
        assert_int_equal(isa_op_by_encoding(0, sub), OP_ILLEGAL);
    assert_int_equal(isa_op_by_encoding(ISA_CLASS_INT, 0xFF), OP_ILLEGAL);
    assert_int_equal(isa_op_by_encoding(16, 0), OP_ILLEGAL);
    assert_int_equal(isa_op_by_encoding(ISA_CLASS_INT, 256), OP_ILLEGAL);
    assert_int_equal(isa_op_by_encoding(ISA_CLASS_INT, 0), OP_IADD);
    assert_int_equal(isa_op_by_encoding(ISA_CLASS_MEM, 0x08), OP_LDC);
    assert_int_equal(isa_op_by_mnemonic("NOPE", 4), OP_ILLEGAL);
    assert_int_equal(isa_op_by_mnemonic("IADDX", 4), OP_IADD);
}

static void test_mods_fit(void **state)
{
    (void)state;
    for (unsigned op = 0; op < isa_num_ops(); op++) {
        const isa_op_info *info = isa_op_info_of(op);
        unsigned n = isa_op_nmods(info), bits = 0;
        assert_true(n <= ISA_MAX_MODS);
        assert_int_equal(info->mods[n], MG_NONE);
        for (unsigned i = 0; i < n; i++) {
            const isa_modgrp_info *g = isa_modgrp_info_of(info->mods[i]);
            assert_non_null(g);
            assert_int_equal(isa_op_mod_shift(info, i), bits);
            bits += g->bits;
        }
        assert_true(bits <= ISA_MOD_BITS);
    }
}

static void test_modgroups(void **state)
{
    (void)state;
    char buf[32];
    for (unsigned g = 1; g < MG__COUNT; g++) {
        const isa_modgrp_info *info = isa_modgrp_info_of(g);
        assert_non_null(info);
        unsigned n = isa_modgrp_count(g);
        assert_true(n >= 2);
        assert_true(n <= (1u << info->bits));
        for (unsigned v = 0; v < n; v++) {
            assert_non_null(isa_mod_name(g, v, buf, sizeof buf));
            /* only the default value may print as nothing; names unique */
            if (v > 0)
                assert_true(buf[0] != '\0');
            for (unsigned w = v + 1; w < n; w++) {
                char other[32];
                assert_non_null(isa_mod_name(g, w, other, sizeof other));
                assert_string_not_equal(buf, other);
            }
        }
        assert_null(isa_mod_name(g, n, buf, sizeof buf));
    }
    assert_null(isa_modgrp_info_of(MG_NONE));
    assert_null(isa_modgrp_info_of(MG__COUNT));
    assert_string_equal(isa_mod_name(MG_W, 0, buf, sizeof buf), "");
    assert_string_equal(isa_mod_name(MG_W, 1, buf, sizeof buf), "64");
    assert_string_equal(isa_mod_name(MG_CMP, 15, buf, sizeof buf), "T");
    assert_string_equal(isa_mod_name(MG_MW, 6, buf, sizeof buf), "128");
    assert_null(isa_mod_name(MG_MW, 6, buf, 3));   /* buffer too small */
    assert_int_equal(isa_modgrp_count(MG_MW), 7);
    assert_int_equal(isa_modgrp_count(MG_FDIVM), 6);
}

static void test_classes_and_sregs(void **state)
{
    (void)state;
    assert_null(isa_class_info_of(0));
    assert_null(isa_class_info_of(0xF));
    assert_null(isa_class_info_of(99));
    assert_string_equal(isa_class_info_of(ISA_CLASS_MMA)->name, "MMA");
    assert_int_equal(ISA_CLASS_CTRL, 0x8);
    for (unsigned sr = 0; sr < ISA_SR__COUNT; sr++) {
        assert_non_null(isa_sreg_name(sr));
        assert_memory_equal(isa_sreg_name(sr), "SR_", 3);
    }
    assert_string_equal(isa_sreg_name(ISA_SR_TID_X), "SR_TID.X");
    assert_null(isa_sreg_name(ISA_SR__COUNT));
}

static void test_insn_make_defaults(void **state)
{
    (void)state;
    isa_insn in = isa_insn_make(OP_IADD);
    assert_int_equal(in.op, OP_IADD);
    assert_int_equal(in.guard, ISA_PT);
    assert_int_equal(in.d, ISA_RZ);
    assert_int_equal(in.a, ISA_RZ);
    assert_int_equal(in.b, ISA_RZ);
    assert_int_equal(in.c, ISA_RZ);
    assert_int_equal(in.e, ISA_PT);
    assert_int_equal(in.bimm, 0);
    assert_int_equal(in.imm, 0);
    assert_int_equal(in.imm2, ISA_NO_RECONV);
    for (unsigned i = 0; i < ISA_MAX_MODS; i++)
        assert_int_equal(in.mod[i], 0);
    /* predicate sources default to PT */
    in = isa_insn_make(OP_PLOP);
    assert_int_equal(in.a, ISA_PT);
    assert_int_equal(in.b, ISA_PT);
    in = isa_insn_make(OP_SEL);
    assert_int_equal(in.a, ISA_RZ);
    assert_int_equal(in.c, ISA_PT);
}

static void test_syntax_fields(void **state)
{
    (void)state;
    isa_field_kind k[ISA_NUM_FIELDS];
    isa_syntax_fields("E, a, B, Z", k);
    assert_int_equal(k[ISA_FIELD_D], ISA_FK_UNUSED);
    assert_int_equal(k[ISA_FIELD_A], ISA_FK_REG);
    assert_int_equal(k[ISA_FIELD_B], ISA_FK_REG);
    assert_int_equal(k[ISA_FIELD_C], ISA_FK_PRED_SRC);
    assert_int_equal(k[ISA_FIELD_E], ISA_FK_PRED_DST);
    isa_syntax_fields("d, k", k);
    assert_int_equal(k[ISA_FIELD_D], ISA_FK_REG);
    assert_int_equal(k[ISA_FIELD_A], ISA_FK_REG);
    assert_int_equal(k[ISA_FIELD_B], ISA_FK_UNUSED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ops_have_valid_class_and_fields),
        cmocka_unit_test(test_encodings_unique_and_lookup),
        cmocka_unit_test(test_mods_fit),
        cmocka_unit_test(test_modgroups),
        cmocka_unit_test(test_classes_and_sregs),
        cmocka_unit_test(test_insn_make_defaults),
        cmocka_unit_test(test_syntax_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
