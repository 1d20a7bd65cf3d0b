/* isa/ptx/ptx_ast.h — the PTX module as the parser hands it to lowering.
 *
 * The parser resolves every name it can: register operands carry an index
 * into their function's register table, symbol operands say what they name
 * (label, parameter, variable, function) and its index. Nested `{ }` blocks
 * inside a function body are flattened; names declared in a block are
 * scoped to it and resolved before flattening, so two blocks may each
 * declare `param0`.
 *
 * All memory belongs to the module's arena and is freed by ptx_module_free().
 */
#ifndef COBALT_PTX_AST_H
#define COBALT_PTX_AST_H

#include <stddef.h>
#include <stdint.h>

typedef enum ptx_type {
    PTX_T_NONE = 0,
    PTX_T_B8, PTX_T_B16, PTX_T_B32, PTX_T_B64, PTX_T_B128,
    PTX_T_U8, PTX_T_U16, PTX_T_U32, PTX_T_U64,
    PTX_T_S8, PTX_T_S16, PTX_T_S32, PTX_T_S64,
    PTX_T_F16, PTX_T_F16X2, PTX_T_BF16, PTX_T_BF16X2, PTX_T_TF32,
    PTX_T_F32, PTX_T_F64,
    PTX_T_E4M3, PTX_T_E5M2, PTX_T_E4M3X2, PTX_T_E5M2X2,
    PTX_T_PRED,
    /* sm_100 narrow formats (cvt only), after PRED so older values stay */
    PTX_T_E2M1X2, PTX_T_E2M3X2, PTX_T_E3M2X2, PTX_T_UE8M0X2,
    /* sm_100a cvt.rs targets */
    PTX_T_E4M3X4, PTX_T_E5M2X4, PTX_T_E2M3X4, PTX_T_E3M2X4, PTX_T_E2M1X4,
    PTX_T__COUNT
} ptx_type;

/* Size in bytes (PRED: 0), and the spelling without the dot ("u32"). */
unsigned    ptx_type_size(ptx_type t);
const char *ptx_type_name(ptx_type t);
/* Parses "u32" etc. (no dot); PTX_T_NONE when not a type name. */
ptx_type    ptx_type_from_name(const char *s);

typedef enum ptx_space {
    PTX_SPACE_NONE = 0, /* generic */
    PTX_SPACE_REG, PTX_SPACE_SREG, PTX_SPACE_CONST, PTX_SPACE_GLOBAL,
    PTX_SPACE_LOCAL, PTX_SPACE_PARAM, PTX_SPACE_SHARED, PTX_SPACE_TEX
} ptx_space;

typedef enum ptx_linkage {
    PTX_LINK_NONE = 0, PTX_LINK_VISIBLE, PTX_LINK_EXTERN, PTX_LINK_WEAK, PTX_LINK_COMMON
} ptx_linkage;

typedef enum ptx_sym_kind {
    PTX_SYM_UNRESOLVED = 0,
    PTX_SYM_LABEL,      /* index: statement index of the label in func->body */
    PTX_SYM_PARAM,      /* index: into func->params (kernel/func parameters) */
    PTX_SYM_RET,        /* index: into func->rets */
    PTX_SYM_LOCAL_VAR,  /* index: into func->vars (.local/.shared/.param declared in the body) */
    PTX_SYM_GLOBAL_VAR, /* index: into module->vars */
    PTX_SYM_FUNC        /* index: into module->funcs */
} ptx_sym_kind;

typedef enum ptx_operand_kind {
    PTX_OPND_NONE = 0,
    PTX_OPND_REG,       /* reg; neg for "!%p" */
    PTX_OPND_SREG,      /* special register: sreg ("tid.x", "laneid", "envreg3", ...) */
    PTX_OPND_IMM_INT,   /* ival */
    PTX_OPND_IMM_FLOAT, /* fbits: f32 bits when is_f64 == 0 ("0f..."), else f64 bits
                           ("0d..." or a decimal literal, which PTX treats as f64) */
    PTX_OPND_SYM,       /* sym (+ offset: "sym+4") */
    PTX_OPND_ADDR,      /* [base + offset]: base_kind NONE (absolute), REG or SYM;
                           texture/surface form [base, {x, y}]: the coordinates
                           are in elems/nelems (nelems == 0 otherwise) */
    PTX_OPND_VEC,       /* {a, b, ...}: elems */
    PTX_OPND_LIST,      /* (a, b, ...) in call: elems */
    PTX_OPND_SINK       /* "_" */
} ptx_operand_kind;

typedef struct ptx_symref {
    const char  *name;
    ptx_sym_kind kind;
    uint32_t     index;
} ptx_symref;

typedef struct ptx_operand {
    ptx_operand_kind kind;
    uint8_t  neg;            /* REG (predicate): "!" prefix */
    uint8_t  is_f64;         /* IMM_FLOAT */
    uint16_t nelems;         /* VEC, LIST; ADDR: texture coordinates */
    uint32_t reg;            /* REG, and ADDR with base_kind == PTX_OPND_REG */
    int64_t  ival;           /* IMM_INT (two's complement of the literal) */
    uint64_t fbits;          /* IMM_FLOAT */
    int64_t  offset;         /* ADDR, SYM: constant displacement */
    ptx_operand_kind base_kind; /* ADDR: PTX_OPND_NONE, PTX_OPND_REG or PTX_OPND_SYM */
    ptx_symref sym;          /* SYM, and ADDR with base_kind == PTX_OPND_SYM */
    const char *sreg;        /* SREG */
    struct ptx_operand *elems; /* VEC, LIST; ADDR: texture coordinates */
    /* REG written "%r|%p": the second (predicate) destination of setp /
     * shfl.sync etc. is reg2; has_reg2 says it is present. */
    uint8_t  has_reg2;
    uint32_t reg2;
    /* Video instructions only (vadd, vmad, vset4, ...): the selector or mask
     * suffix of a register ("b0", "h10", "b3210", without the dot; NULL when
     * none) and vmad's "-%r" negation. */
    const char *vsel;
    uint8_t  vneg;
} ptx_operand;

#define PTX_MAX_MODS     12
#define PTX_MAX_OPERANDS 8

typedef struct ptx_insn {
    uint32_t    line, col;
    uint8_t     has_guard;
    uint8_t     guard_neg;
    uint32_t    guard_reg;             /* index into func->regs (a .pred register) */
    const char *opcode;                /* "ld", "setp", "mad", ... */
    uint8_t     nmods;
    const char *mods[PTX_MAX_MODS];    /* suffixes in order, without dots: "global", "v4", "f32" */
    uint8_t     nops;
    ptx_operand ops[PTX_MAX_OPERANDS];
} ptx_insn;

typedef enum ptx_stmt_kind { PTX_STMT_LABEL, PTX_STMT_INSN } ptx_stmt_kind;

typedef struct ptx_stmt {
    ptx_stmt_kind kind;
    uint32_t      line;
    const char   *label;   /* LABEL */
    ptx_insn      insn;    /* INSN */
} ptx_stmt;

typedef struct ptx_reg {
    const char *name;      /* "%r10", "%p1", "%SPL" */
    ptx_type    type;
    uint8_t     vec;       /* 1, or 2/4 for .v2/.v4 register declarations */
} ptx_reg;

/* An address in a variable's initializer: `sym`, `generic(sym)`, with an
 * optional `+ addend`; the 8 bytes at `offset` of init stay zero and the
 * loader stores the address there. */
typedef struct ptx_reloc {
    uint64_t   offset;     /* byte offset in init */
    ptx_symref sym;        /* PTX_SYM_GLOBAL_VAR or PTX_SYM_FUNC */
    int64_t    addend;
    uint32_t   line, col;
} ptx_reloc;

typedef struct ptx_var {
    const char *name;
    ptx_space   space;
    ptx_linkage linkage;
    ptx_type    type;      /* element type */
    uint8_t     vec;       /* 1, 2, 4 (.v2/.v4 element) */
    uint32_t    align;     /* explicit .align or natural alignment */
    uint64_t    count;     /* elements (product of array dims, times 1 for scalars);
                              0 for an unsized "[]" array (extern shared) */
    uint64_t    size;      /* bytes = count * vec * ptx_type_size(type) */
    uint8_t    *init;      /* `size` bytes, or NULL when there is no initializer */
    uint8_t     is_managed;/* .attribute(.managed) */
    uint8_t     is_array;  /* declared with [] */
    uint32_t    line;
    ptx_reloc  *relocs;    /* addresses in the initializer (nrelocs of them) */
    uint32_t    nrelocs;
} ptx_var;

typedef struct ptx_param {
    const char *name;
    ptx_type    type;      /* element type; B8 for byte arrays */
    uint32_t    align;     /* explicit or natural */
    uint64_t    count;     /* array elements, 1 for scalars */
    uint64_t    size;      /* bytes */
    ptx_space   ptr_space; /* ".ptr.global" attribute, PTX_SPACE_NONE otherwise */
    uint32_t    line;
} ptx_param;

typedef struct ptx_func {
    const char *name;
    uint8_t     is_entry;  /* .entry (kernel) vs .func */
    uint8_t     has_body;  /* false for declarations (.extern .func, prototypes) */
    ptx_linkage linkage;
    ptx_param  *rets;   uint32_t nrets;
    ptx_param  *params; uint32_t nparams;
    ptx_reg    *regs;   uint32_t nregs;
    ptx_var    *vars;   uint32_t nvars;   /* declared in the body (any block) */
    ptx_stmt   *body;   uint32_t nbody;
    uint32_t    maxntid[3], reqntid[3];   /* zeros when absent */
    uint32_t    minnctapersm, maxnreg;
    uint32_t    line;
} ptx_func;

typedef struct ptx_module {
    const char *filename;
    uint32_t    version_major, version_minor;
    char        target[32];          /* first target, e.g. "sm_80" */
    uint8_t     target_debug;        /* ".target sm_80, debug" */
    uint32_t    address_size;        /* 64 */
    ptx_var    *vars;  uint32_t nvars;  /* module-scope variables */
    ptx_func   *funcs; uint32_t nfuncs;
    void       *arena;               /* private */
} ptx_module;

/* Parses a whole PTX module. On failure returns NULL and writes one line
 * "file:line:col: expected <what>, found '<token>'" into err. Never aborts. */
ptx_module *ptx_parse(const char *text, size_t len, const char *filename,
                      char *err, size_t errlen);

/* What kind of failure a front-end error is, so that callers need not read
 * the message: invalid PTX, a feature Cobalt does not have yet, or a
 * resource limit of the lowering (registers, window sizes). */
typedef enum ptx_status {
    PTX_OK = 0, PTX_ERR_INVALID, PTX_ERR_UNSUPPORTED, PTX_ERR_LIMIT
} ptx_status;

/* ptx_parse that also gives the kind of failure (status may be NULL). */
ptx_module *ptx_parse_ex(const char *text, size_t len, const char *filename,
                         char *err, size_t errlen, ptx_status *status);
void ptx_module_free(ptx_module *m);

#endif
