/* isa/isa_internal.h — helpers shared by the isa/ table consumers (encoder,
 * text forms, docs, the `cobalt asm` tool). Not part of the contract. */
#ifndef COBALT_ISA_INTERNAL_H
#define COBALT_ISA_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "isa/isa.h"

/* Number of value names of a modifier group (0 for an unknown group). */
unsigned isa_modgrp_count(unsigned grp);

/* Number of modifier groups of an op. */
unsigned isa_op_nmods(const isa_op_info *info);

/* Bit offset of modifier group slot `slot` of `info` within the 15 modifier
 * bits (slots are packed in order). */
unsigned isa_op_mod_shift(const isa_op_info *info, unsigned slot);

/* What the syntax string says about one operand field. */
typedef enum isa_field_kind {
    ISA_FK_UNUSED = 0,
    ISA_FK_REG,        /* a general register */
    ISA_FK_PRED_SRC,   /* X / Y / Z: predicate source, may be negated */
    ISA_FK_PRED_DST,   /* E: predicate destination, never negated */
} isa_field_kind;

enum { ISA_FIELD_D, ISA_FIELD_A, ISA_FIELD_B, ISA_FIELD_C, ISA_FIELD_E, ISA_NUM_FIELDS };

/* Kinds of fields d, a, b, c, e for an op's syntax. */
void isa_syntax_fields(const char *syntax, isa_field_kind kinds[ISA_NUM_FIELDS]);

/* Whether the op's syntax contains operand character `ch`. */
bool isa_syntax_has(const char *syntax, char ch);

/* Looks an op up by mnemonic (exact length `len`); OP_ILLEGAL when none. */
unsigned isa_op_by_mnemonic(const char *mnem, size_t len);

/* Like isa_asm_line, but on failure the message has no position and *col
 * receives the 1-based column of the offending text within `line`. */
bool isa_asm_line_col(const char *line, isa_insn *out, isa_label_resolver resolve, void *ctx,
                      char *err, size_t errlen, unsigned *col);

/* Whether an immediate of this op/operand prints as a signed value. */
bool isa_imm_is_signed(const isa_op_info *info, char operand);

#endif
