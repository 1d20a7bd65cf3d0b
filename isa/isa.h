/* isa/isa.h — the Cobalt ISA: enums, instruction forms, and the table API.
 *
 * Everything here is derived from isa/isa.def. Two forms of an instruction:
 *   isa_word   the 128-bit binary encoding (what a program stores)
 *   isa_insn   the decoded form (what the assembler, disassembler, lowering
 *              and the simulator's predecoder work with)
 *
 * Encoding (little-endian bit numbers within the 128-bit word; lo = 0..63):
 *    0.. 3 class      4..11 sub        12..15 guard (bit 3 = negate)
 *   16..23 d         24..31 a         32..39 b          40..47 c
 *   48..55 e         56     bimm      57..71 modifiers (groups packed in order)
 *   72..103 imm      104..127 imm2 (24 bits)
 */
#ifndef COBALT_ISA_H
#define COBALT_ISA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ISA_NUM_REGS     255   /* R0..R254 */
#define ISA_RZ           255   /* zero register */
#define ISA_PT           7     /* true predicate */
#define ISA_PRED_NEG     0x8   /* negate bit of a predicate operand / guard */
#define ISA_GUARD_ALWAYS ISA_PT
#define ISA_NO_RECONV    0xFFFFFFu /* imm2 of a branch that needs no reconvergence */
#define ISA_IMM2_MAX     0xFFFFFFu
#define ISA_MAX_MODS     5
#define ISA_MOD_BITS     15
#define ISA_WARP_SIZE    32

/* Generic address space (UVA). Global addresses are host addresses (always
 * below 2^47 on x86-64 Linux); the shared and local windows sit above any
 * host address. A generic address inside a window maps to the window offset
 * (its low 32 bits). */
#define ISA_SHARED_WINDOW 0x0001000000000000ull
#define ISA_LOCAL_WINDOW  0x0002000000000000ull
#define ISA_WINDOW_SIZE   0x0000000100000000ull
/* Constant bank k (kernel parameters, .const data: PTX cvta.param and
 * cvta.const) is read-only at ISA_CONST_WINDOW + k * ISA_WINDOW_SIZE. */
#define ISA_CONST_WINDOW  0x0003000000000000ull

/* Constant banks */
enum { ISA_BANK_PARAM = 0, ISA_BANK_CONST = 1, ISA_BANK_GLOBALS = 2, ISA_NUM_BANKS = 3 };

/* Instruction flags (the table's `flags` column). */
enum {
    F_LANE    = 1u << 0, /* semantics are independent per lane */
    F_WARP    = 1u << 1, /* semantics need the whole warp */
    F_BRANCH  = 1u << 2,
    F_EXIT    = 1u << 3,
    F_BARRIER = 1u << 4,
    F_LOAD    = 1u << 5,
    F_STORE   = 1u << 6,
    F_MMA     = 1u << 7,
};

typedef enum isa_class {
    ISA_CLASS_NONE = 0,
#define ISA_CLASS(cls, code, summary) ISA_CLASS_##cls = code,
#include "isa/isa.def"
    ISA_CLASS__END
} isa_class;
#define ISA_NUM_CLASSES 16   /* the class field is 4 bits wide */

typedef enum isa_modgrp {
    MG_NONE = 0,
#define ISA_MODGRP(grp, bits, names) MG_##grp,
#include "isa/isa.def"
    MG__COUNT
} isa_modgrp;

typedef enum isa_op {
#define ISA_OP(op, mnem, cls, sub, syntax, mods, flags, meaning) OP_##op,
#include "isa/isa.def"
    OP__COUNT,
    OP_ILLEGAL = 0xFFFF
} isa_op;
_Static_assert(OP__COUNT < 4096, "too many ops for 16 classes x 256 sub-opcodes");

typedef enum isa_sreg {
#define ISA_SREG(sr, name) ISA_SR_##sr,
#include "isa/isa.def"
    ISA_SR__COUNT
} isa_sreg;

/* Modifier value names: MOD_<GROUP>_<NAME> would be nice, but names repeat
 * across groups; semantics use these small enums instead. */
enum { MOD_W32 = 0, MOD_W64 = 1 };
enum { MOD_U32, MOD_S32, MOD_U64, MOD_S64, MOD_U16, MOD_S16, MOD_U8, MOD_S8 };
enum { MOD_MUL_LO, MOD_MUL_HI, MOD_MUL_WIDE };
enum { MOD_MIN, MOD_MAX };
enum { MOD_AND, MOD_OR, MOD_XOR };
enum { MOD_CMP_F, MOD_CMP_LT, MOD_CMP_EQ, MOD_CMP_LE, MOD_CMP_GT, MOD_CMP_NE, MOD_CMP_GE,
       MOD_CMP_NUM, MOD_CMP_NAN, MOD_CMP_LTU, MOD_CMP_EQU, MOD_CMP_LEU, MOD_CMP_GTU,
       MOD_CMP_NEU, MOD_CMP_GEU, MOD_CMP_T };
enum { MOD_RN, MOD_RZ, MOD_RM, MOD_RP };
enum { MOD_RNI, MOD_RZI, MOD_RMI, MOD_RPI };
enum { MOD_DIV_RN, MOD_DIV_RZ, MOD_DIV_RM, MOD_DIV_RP, MOD_DIV_APPROX, MOD_DIV_FULL };
enum { MOD_MUFU_RCP, MOD_MUFU_RSQ, MOD_MUFU_SQRT, MOD_MUFU_SIN, MOD_MUFU_COS,
       MOD_MUFU_EX2, MOD_MUFU_LG2, MOD_MUFU_TANH };
enum { MOD_F32, MOD_F64, MOD_F16, MOD_BF16 };
enum { MOD_MW_U8, MOD_MW_S8, MOD_MW_U16, MOD_MW_S16, MOD_MW_32, MOD_MW_64, MOD_MW_128 };
enum { MOD_ACHK_GLOBAL, MOD_ACHK_SHARED, MOD_ACHK_LOCAL, MOD_ACHK_GENERIC };  /* ACHK space */
enum { MOD_BAR_SYNC, MOD_BAR_ARRIVE };
enum { MOD_MMA_F32F16, MOD_MMA_F16F16 };
enum { MOD_MMA_M16N8K16, MOD_MMA_M16N8K8 };   /* HMMAS shape */
enum { MOD_MMA_IN_F16, MOD_MMA_IN_BF16 };     /* HMMAS input type */
enum { MOD_LDSM_X1, MOD_LDSM_X2, MOD_LDSM_X4 }; /* LDSM matrices */
enum { MOD_MS_M16N8K4, MOD_MS_M16N8K8, MOD_MS_M16N8K16, MOD_MS_M16N8K32, MOD_MS_M16N8K64,
       MOD_MS_M8N8K4 };                                  /* MMAS shape */
enum { MOD_MT_F16, MOD_MT_BF16, MOD_MT_TF32, MOD_MT_S8, MOD_MT_U8, MOD_MT_S4, MOD_MT_U4,
       MOD_MT_F64 };                                     /* MMAS input types */
enum { MOD_MACC_F32, MOD_MACC_F16, MOD_MACC_S64, MOD_MACC_F64 }; /* MMAS accumulator */
enum { MOD_MCT_F32, MOD_MCT_F16, MOD_MCT_S32, MOD_MCT_S64 };     /* MMAC types */
enum { MOD_WF_A, MOD_WF_B, MOD_WF_C };                           /* WLD/WST fragment */
enum { MOD_WL_ROW, MOD_WL_COL };
enum { MOD_WS_M16N16K16, MOD_WS_M32N8K16, MOD_WS_M8N32K16, MOD_WS_M16N16K8, MOD_WS_M8N8K4 };
enum { MOD_WT_F16, MOD_WT_BF16, MOD_WT_TF32, MOD_WT_S8, MOD_WT_U8, MOD_WT_F32, MOD_WT_S32,
       MOD_WT_F64 };
enum { MOD_WSP_GENERIC, MOD_WSP_GLOBAL, MOD_WSP_SHARED };
enum { MOD_SHFL_IDX, MOD_SHFL_UP, MOD_SHFL_DOWN, MOD_SHFL_BFLY };
enum { MOD_VOTE_ALL, MOD_VOTE_ANY, MOD_VOTE_UNI, MOD_VOTE_BALLOT };
enum { MOD_RED_ADD, MOD_RED_MIN, MOD_RED_MAX, MOD_RED_AND, MOD_RED_OR, MOD_RED_XOR };
enum { MOD_MATCH_ANY, MOD_MATCH_ALL };
enum { MOD_ATOM_ADD, MOD_ATOM_MIN, MOD_ATOM_MAX, MOD_ATOM_INC, MOD_ATOM_DEC, MOD_ATOM_AND,
       MOD_ATOM_OR, MOD_ATOM_XOR, MOD_ATOM_EXCH, MOD_ATOM_CAS };
enum { MOD_AT_U32, MOD_AT_S32, MOD_AT_U64, MOD_AT_S64, MOD_AT_F32, MOD_AT_F64, MOD_AT_F16X2,
       MOD_AT_BF16X2, MOD_AT_F16, MOD_AT_BF16, MOD_AT_B16, MOD_AT_B128 };
enum { MOD_SCOPE_CTA, MOD_SCOPE_GPU, MOD_SCOPE_SYS };
enum { MOD_SEM_NONE, MOD_SEM_RELAXED, MOD_SEM_ACQUIRE, MOD_SEM_RELEASE, MOD_SEM_ACQ_REL };
enum { MOD_SYS_VPRINTF, MOD_SYS_ASSERTFAIL, MOD_SYS_MALLOC, MOD_SYS_FREE };
enum { MOD_BRED_POPC, MOD_BRED_AND, MOD_BRED_OR };
enum { MOD_CLBAR_ARRIVE, MOD_CLBAR_WAIT };                          /* BARCL */
enum { MOD_HF16, MOD_HBF16, MOD_HF16X2, MOD_HBF16X2 };
enum { MOD_PRMT_IDX, MOD_PRMT_F4E, MOD_PRMT_B4E, MOD_PRMT_RC8, MOD_PRMT_ECL, MOD_PRMT_ECR,
       MOD_PRMT_RC16 };
enum { MOD_MB_INIT, MOD_MB_INVAL, MOD_MB_ARRIVE, MOD_MB_DROP, MOD_MB_EXPECTTX,
       MOD_MB_COMPLETETX, MOD_MB_ARRIVETX, MOD_MB_TEST, MOD_MB_TESTP, MOD_MB_CHECK }; /* MBAR */
enum { MOD_BULK_G2S, MOD_BULK_S2G };                               /* BULK */
enum { MOD_DP_4A, MOD_DP_2LO, MOD_DP_2HI };                        /* IDP */
enum { MOD_BM_CLAMP, MOD_BM_WRAP };                                /* BMSK, SZEXT */
enum { MOD_SAT_ADD, MOD_SAT_SUB };                                 /* IADDSAT */
enum { MOD_H2_ADD, MOD_H2_SUB, MOD_H2_MIN, MOD_H2_MAX };            /* I16X2 */

typedef struct isa_word { uint64_t lo, hi; } isa_word;

/* Decoded instruction. mod[i] is the value of the op's i-th modifier group. */
typedef struct isa_insn {
    uint16_t op;        /* isa_op */
    uint8_t  guard;     /* predicate index | ISA_PRED_NEG; ISA_PT = always */
    uint8_t  bimm;      /* operand b is `imm` */
    uint8_t  d, a, b, c, e;
    uint8_t  mod[ISA_MAX_MODS];
    uint32_t imm;
    uint32_t imm2;      /* 24 bits: reconvergence point, constant bank */
} isa_insn;

/* Static description of one op (from the table). */
typedef struct isa_op_info {
    const char *name;      /* enum suffix, e.g. "IADD" */
    const char *mnem;      /* assembler mnemonic */
    isa_class   cls;
    uint8_t     sub;
    const char *syntax;
    uint8_t     mods[ISA_MAX_MODS + 1];  /* isa_modgrp list, 0-terminated */
    uint32_t    flags;
    const char *meaning;
} isa_op_info;

typedef struct isa_modgrp_info {
    const char *name;
    unsigned    bits;
    const char *names;     /* comma-separated value names */
} isa_modgrp_info;

typedef struct isa_class_info {
    const char *name;
    unsigned    code;
    const char *summary;
} isa_class_info;

/* ---- table (isa/table.c) ---- */
const isa_op_info     *isa_op_info_of(unsigned op);       /* NULL when op is out of range */
const isa_modgrp_info *isa_modgrp_info_of(unsigned grp);
const isa_class_info  *isa_class_info_of(unsigned cls);   /* NULL for unused class codes */
const char            *isa_sreg_name(unsigned sr);        /* NULL when out of range */
/* Name of value `v` of group `grp` ("" for an unprinted default), or NULL. */
const char            *isa_mod_name(unsigned grp, unsigned v, char *buf, size_t len);
unsigned               isa_num_ops(void);
/* Looks an op up by (class, sub); OP_ILLEGAL when none. O(1). */
unsigned               isa_op_by_encoding(unsigned cls, unsigned sub);

/* A blank instruction of `op`: all registers RZ, predicates PT, guard PT,
 * no reconvergence point, modifiers 0. */
isa_insn isa_insn_make(isa_op op);

/* ---- encoding (isa/encode.c) ---- */
/* Fails (returns false, fills err) when a field does not fit, e.g. a modifier
 * value out of its group's range or imm2 wider than 24 bits. */
bool isa_encode(const isa_insn *in, isa_word *out, char *err, size_t errlen);
bool isa_decode(isa_word w, isa_insn *out, char *err, size_t errlen);

/* ---- text (isa/disasm.c, isa/asm.c) ---- */
/* Disassembles one instruction, e.g. "@!P0 IADD.64 R4, R2, 0x10". Returns the
 * length written (snprintf semantics). */
int isa_disasm(const isa_insn *in, char *buf, size_t len);
/* Assembles one line (no label, no comment). Branch targets are written as
 * ".L<index>"; `resolve` (may be NULL) maps other label names to indices. */
typedef bool (*isa_label_resolver)(void *ctx, const char *name, uint32_t *index);
bool isa_asm_line(const char *line, isa_insn *out, isa_label_resolver resolve, void *ctx,
                  char *err, size_t errlen);

#endif
