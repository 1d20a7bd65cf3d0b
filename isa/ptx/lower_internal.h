/* isa/ptx/lower_internal.h — private to the lowering (isa/ptx/lower*.c).
 *
 * One kernel is lowered in passes over an lw_fn:
 *   lower_cfg.c      PTX statements -> basic blocks, successors, immediate
 *                    post-dominators (reconvergence points)
 *   lower_layout.c   parameter, shared, local, const and global layout
 *   lower_vector.c   vector groups: ld/st .v2/.v4 registers in consecutive words
 *   lower_isel*.c    PTX instructions -> ISA instructions on virtual registers
 *                    (lower_operand.c turns PTX operands into vreg operands)
 *   lower_regalloc.c liveness, live intervals, linear scan into R0..R254/P0..P6
 *                    (lower_regalloc_pspill.c: predicates beyond P0..P6
 *                    spilled into general registers; lower_regalloc_spill.c:
 *                    general registers beyond the limit spilled to local
 *                    memory)
 *   lower_emit.c     block layout, branch targets, encoding
 *   lower_module.c   the driver (ptx_lower, ptx_compile)
 *   lower_print.c    isa_module_print (the `cobalt ptx` listing)
 *
 * Virtual registers are numbered from 1 (0 means "no virtual register": the
 * field keeps the fixed value of the template, RZ or PT). The first
 * fn->nregs of them are the PTX registers (vreg = PTX register index + 1);
 * temporaries follow.
 */
#ifndef COBALT_PTX_LOWER_INTERNAL_H
#define COBALT_PTX_LOWER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "isa/ptx/lower.h"

#define LW_NONE UINT32_MAX     /* no block / no offset */
#define LW_EXIT UINT32_MAX     /* the virtual exit node of the CFG */

/* Register fields of an isa_insn, in the order d, a, b, c, e. */
enum { LW_D, LW_A, LW_B, LW_C, LW_E, LW_NFIELDS };

typedef enum lw_cls { LW_CLS_R = 0, LW_CLS_P = 1 } lw_cls;

typedef struct lw_vreg {
    uint8_t cls;     /* lw_cls */
    uint8_t words;   /* 32-bit registers: 1, 2 (aligned pair) or 4 (quad) */
    uint8_t temp;    /* a temporary of one lowered instruction */
} lw_vreg;

/* A register operand: word `sub` of virtual register `v` (v == 0: RZ, or
 * PT for predicates); `neg` negates a predicate source. `part` is non-zero
 * when the operand is only `part` words of a larger vreg (a PTX register
 * living inside a vector group, see lower_vector.c). */
typedef struct lw_reg {
    uint32_t v;
    uint8_t  sub;
    uint8_t  neg;
    uint8_t  part;
} lw_reg;

/* Operand B: a register or a 32-bit immediate. */
typedef struct lw_src {
    bool     is_imm;
    uint32_t imm;
    lw_reg   r;
} lw_src;

/* An ISA instruction on virtual registers. Field i of `in` holds its final
 * value when v[i] == 0; otherwise it holds the negation bit (predicate
 * sources) or 0, and the allocator adds the physical register + sub[i]. */
typedef struct lw_insn {
    isa_insn in;
    uint32_t v[LW_NFIELDS];
    uint8_t  sub[LW_NFIELDS];
    uint32_t gv;        /* guard vreg (0: in.guard is final) */
    uint32_t line;      /* PTX line */
    uint32_t target;    /* BRA: target block; LW_NONE otherwise */
    uint8_t  reconv;    /* BRA: may diverge, needs its reconvergence point */
    uint8_t  dpart;     /* d writes only words [sub, sub + dpart) of its vreg */
    uint8_t  copy_words;/* MOV of a whole 2- or 4-word register: expanded
                           into one MOV per word by lower_emit.c, so the
                           allocator can coalesce it like a 1-word copy */
    uint8_t  frame_in;  /* imm is relative to the caller's frame: emit adds
                           the .func's frame size (lower_func.c) */
} lw_insn;

typedef struct lw_block {
    uint32_t first, end;       /* PTX statements [first, end) */
    uint32_t *succ;            /* block indices or LW_EXIT: 2 slots, or one per
                                  brx.idx target + 1 (stored after f->blocks) */
    uint32_t nsucc;
    uint32_t ipdom;            /* immediate post-dominator, LW_EXIT for the exit */
    lw_insn *insns;
    uint32_t ninsns, cap;
    uint32_t start;            /* index of its first ISA instruction (emit) */
} lw_block;

/* PTX comparison operators (setp/set), in the parser's spelling order. */
typedef enum lw_cmp {
    LW_CMP_EQ, LW_CMP_NE, LW_CMP_LT, LW_CMP_LE, LW_CMP_GT, LW_CMP_GE,
    LW_CMP_LO, LW_CMP_LS, LW_CMP_HI, LW_CMP_HS,
    LW_CMP_EQU, LW_CMP_NEU, LW_CMP_LTU, LW_CMP_LEU, LW_CMP_GTU, LW_CMP_GEU,
    LW_CMP_NUM, LW_CMP_NAN
} lw_cmp;

/* Instruction modifiers, classified. */
enum {
    LWM_FTZ = 1u << 0, LWM_SAT = 1u << 1, LWM_UNI = 1u << 2, LWM_APPROX = 1u << 3,
    LWM_FULL = 1u << 4, LWM_WIDE = 1u << 5, LWM_LO = 1u << 6, LWM_HI = 1u << 7,
    LWM_RND = 1u << 8, LWM_IRND = 1u << 9, LWM_CMP = 1u << 10, LWM_BOOL = 1u << 11,
    LWM_TO = 1u << 12, LWM_SPACE = 1u << 13, LWM_VEC = 1u << 14, LWM_TYPE = 1u << 15,
    LWM_VOLATILE = 1u << 16, LWM_CACHE = 1u << 17, LWM_SYNC = 1u << 18,
    LWM_ALIGNED = 1u << 19, LWM_NAN = 1u << 20, LWM_ARRIVE = 1u << 21,
    LWM_WRAP = 1u << 22, LWM_CLAMP = 1u << 23, LWM_L = 1u << 24, LWM_R = 1u << 25,
    LWM_SHIFTAMT = 1u << 26,
    LWM_UNKNOWN = 1u << 31
};

typedef struct lw_mods {
    uint32_t has;
    ptx_type type[3];
    uint8_t  ntypes;
    ptx_space space;
    uint8_t  vec;       /* 1, 2, 4 or 8 */
    uint8_t  rnd;       /* MOD_RN.. */
    uint8_t  irnd;      /* MOD_RNI.. */
    uint8_t  cmp;       /* lw_cmp */
    uint8_t  boolop;    /* MOD_AND, MOD_OR, MOD_XOR */
} lw_mods;

/* Per-kernel lowering state. */
typedef struct lw_fn {
    const ptx_module *m;
    const ptx_func   *fn;
    const uint32_t   *modvar_off;  /* per module var: bank offset, LW_NONE if none */
    uint32_t *param_off;           /* per kernel parameter: bank-0 offset */
    uint32_t *var_off;             /* per function var: shared/local offset */
    uint32_t *mshared_off;         /* per module var: shared offset in this kernel */
    uint32_t  param_size, shared_size, local_size;

    lw_block *blocks;
    uint32_t  nblocks;
    uint32_t *stmt_block;          /* statement index -> block index */

    lw_reg   *alias;               /* per PTX register (vreg index): its place in a
                                      vector group, v == 0 when it has its own vreg */
    lw_vreg  *vregs;               /* [0] unused */
    uint32_t  nvregs, vcap;
    uint32_t *phys;                /* after allocation: base register per vreg */
    uint32_t  nregs, npreds;

    uint32_t *callvar;             /* per function var: vreg of a call's .param
                                      variable, 0 until used (lower_isel_call.c) */
    lw_block       *cur;           /* isel: block being filled */
    const ptx_insn *ci;            /* isel: instruction being lowered */
    lw_mods         cm;            /* isel: its modifiers */

    /* device function calls (lower_func*.c) */
    const uint8_t *reach;          /* per module function: lowered with this
                                      kernel (NULL when it calls nothing) */
    uint8_t   is_func;             /* a .func: frame, prologue, epilogue */
    uint8_t   uses_sp;             /* R1 is the stack pointer (reserved) */
    uint32_t *callout;             /* per function var: 1 + its offset in the
                                      outgoing argument area, 0 if none */
    uint32_t  out_size;            /* outgoing argument area (bytes) */
    uint32_t  frame_size;          /* a .func's frame, set after allocation */
    const uint32_t *kernel_mshared;/* a .func: the kernel's module shared layout */
    uint32_t *func_shared;         /* kernel: per module function, where the
                                      .shared variables it declares start */
    uint32_t  shared_base;         /* a .func: that start for this function */
    uint32_t  cc_vreg;             /* predicate vreg of PTX CC.CF, 0 until used */
    uint32_t  spill_size;          /* general-register spill slots (bytes, in
                                      local_size), lower_regalloc_spill.c */
    uint32_t  spill_stores, spill_loads;   /* bytes of spill STL / LDL code */

    char  *err;
    size_t errlen;
    ptx_status *status;            /* kind of the failure; may be NULL */
} lw_fn;

/* ---- lower_util.c ---- */
bool lw_fail(lw_fn *f, uint32_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* lw_fail for a feature Cobalt does not have yet / a resource limit: sets
 * the failure kind the runtime reports (PTX_ERR_UNSUPPORTED / _LIMIT). */
bool lw_fail_unsupported(lw_fn *f, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool lw_fail_limit(lw_fn *f, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "'opcode.mod.mod' is not supported yet" for the current instruction. */
bool lw_unsupported(lw_fn *f);
/* The current instruction's full name, e.g. "ld.global.v4.f32". */
const char *lw_insn_name(const ptx_insn *in, char *buf, size_t len);
bool lw_grow(lw_fn *f, void **arr, uint32_t *cap, uint32_t need, size_t elem);
uint32_t lw_new_vreg(lw_fn *f, lw_cls cls, unsigned words);   /* 0 on failure */

/* ---- lower_vector.c ---- */
bool lw_vector_groups(lw_fn *f);
/* The register operand for PTX register `reg`, its group words when it
 * lives in a vector group; *words receives how many words it covers. */
lw_reg lw_ptx_reg(const lw_fn *f, uint32_t reg, unsigned *words);
/* Whether the elements of vector operand o (each `ew` words) are exactly the
 * words of one group in order; *g receives the whole group. */
bool lw_vec_group(const lw_fn *f, const ptx_operand *o, unsigned ew, lw_reg *g);

/* ---- lower_cfg.c ---- */
bool lw_build_cfg(lw_fn *f);
bool lw_postdom(lw_fn *f);

/* ---- lower_layout.c ---- */
bool lw_layout_module(const ptx_module *m, isa_module *out, uint32_t *modvar_off,
                      char *err, size_t errlen);
bool lw_layout_kernel(lw_fn *f, isa_kernel *k);
uint32_t lw_align_up(uint32_t v, uint32_t a);
/* lower_init.c: addresses in initializers -> isa_symbol relocations */
bool lw_layout_relocs(const ptx_module *m, isa_module *out, char *err, size_t errlen,
                      ptx_status *st);

/* ---- lower_regalloc.c ---- */
bool lw_regalloc(lw_fn *f);
/* Which register fields an op defines / uses (bit i = field i). */
void lw_op_fields(unsigned op, unsigned *defs, unsigned *uses, unsigned *preds);
/* lower_regalloc_pspill.c: predicates beyond P0..P6 kept as 0/1 words in
 * general registers. choose: marks the victim in spill[] (vregs >= base are
 * scratches, never victims); *reg = the register it frees for v, or
 * UINT32_MAX when v itself is the victim. rewrite: P2R after definitions,
 * ISETP reloads before uses of every vreg marked in spill[0..nspill). */
bool lw_pspill_choose(lw_fn *f, const uint32_t *start, const uint32_t *end, uint32_t *busy_until,
                      uint32_t v, uint32_t now, uint8_t *spill, uint32_t base, uint32_t *reg);
bool lw_pspill_rewrite(lw_fn *f, const uint8_t *spill, uint32_t nspill);
/* lower_regalloc_spill.c: general registers beyond the limit (R0..R254 or
 * .maxnreg) spilled to slots in the thread's local frame. scratch[v]: v is a
 * reload/store scratch (never a victim). choose: like lw_pspill_choose for
 * a `words`-wide interval; owner[r] is the vreg holding register r,
 * refs[v] how many operands name v (the spill cost).
 * rewrite: STL after definitions, LDL before uses of every general vreg
 * marked in spill[0..nspill); victims whose intervals [start, end] do not
 * overlap share a slot. */
typedef struct lw_rspill {
    uint8_t *scratch;
    uint32_t nscratch;             /* entries of scratch[] */
    uint32_t limit;                /* registers available: R0..limit-1 */
    uint32_t size, stores, loads;  /* slot bytes; bytes of STL / LDL code */
} lw_rspill;
bool lw_spill_choose(lw_fn *f, const uint32_t *start, const uint32_t *end, const uint32_t *refs,
                     uint32_t *busy_until, const uint32_t *owner, uint32_t v, uint32_t now,
                     uint8_t *spill, const lw_rspill *rs, uint32_t *reg);
bool lw_spill_rewrite(lw_fn *f, const uint8_t *spill, uint32_t nspill, const uint32_t *start,
                      const uint32_t *end, lw_rspill *rs);
/* lower_regalloc_coalesce.c: PTX scalars copied to/from the words of one
 * temporary become one group vreg, temporaries that only copy a vreg's
 * words become that vreg, and the resulting self-moves are deleted. */
bool lw_coalesce(lw_fn *f);

/* ---- lower_emit.c ---- */
bool lw_emit_kernel(lw_fn *f, isa_kernel *k);

/* ---- lower_isel.c: dispatch and operand helpers ---- */
bool lw_isel(lw_fn *f);
lw_insn *lw_emit(lw_fn *f, isa_op op);
void lw_set(lw_insn *i, unsigned field, lw_reg r);
void lw_setb(lw_insn *i, lw_src s);
lw_reg lw_rz(void);
lw_reg lw_pt(void);
lw_reg lw_word(lw_reg r, unsigned sub);
lw_src lw_imm(uint32_t v);
lw_src lw_rsrc(lw_reg r);
bool lw_mods_only(lw_fn *f, uint32_t allowed);
unsigned lw_words_of(ptx_type t);
bool lw_is_float(ptx_type t);
bool lw_is_signed(ptx_type t);
bool lw_itype(lw_fn *f, ptx_type t, uint8_t *out);   /* ITYPE value */
const ptx_operand *lw_op(lw_fn *f, unsigned i);      /* NULL (error set) if missing */
bool lw_nops(lw_fn *f, unsigned n);
bool lw_dst(lw_fn *f, unsigned i, unsigned words, lw_reg *out);
bool lw_pdst(lw_fn *f, unsigned i, lw_reg *out);
bool lw_psrc(lw_fn *f, unsigned i, lw_reg *out);
/* Reads the special register of operand i into d (`words` wide). */
bool lw_read_sreg(lw_fn *f, unsigned i, lw_reg d, unsigned words);
/* Source of type t: a register, or an immediate when `imm_ok` and it fits
 * (64-bit types: sign-extended 32 bits). f64 immediates are materialised. */
bool lw_src_of(lw_fn *f, unsigned i, ptx_type t, bool imm_ok, lw_src *out);
bool lw_reg_of(lw_fn *f, unsigned i, ptx_type t, lw_reg *out);
/* The bits of immediate operand o (operand index idx) as a value of type t. */
bool lw_imm_bits(lw_fn *f, const ptx_operand *o, unsigned idx, ptx_type t, uint64_t *bits);
bool lw_src_opnd(lw_fn *f, const ptx_operand *o, unsigned idx, ptx_type t, bool imm_ok, lw_src *out);
/* Materialises a 32-bit or 64-bit constant into a fresh register. */
bool lw_const(lw_fn *f, uint64_t v, unsigned words, lw_reg *out);
lw_reg lw_tmp(lw_fn *f, unsigned words);     /* v == 0 on failure (error set) */
lw_reg lw_ptmp(lw_fn *f);
bool lw_mov32(lw_fn *f, lw_reg d, lw_src s);
bool lw_copy(lw_fn *f, lw_reg d, lw_reg s, unsigned words);

/* ---- lower_isel_*.c: one handler per PTX opcode family ---- */
typedef bool (*lw_handler)(lw_fn *f);
bool lw_isel_mov(lw_fn *f);
bool lw_isel_cvta(lw_fn *f);
bool lw_isel_ld(lw_fn *f);
bool lw_isel_st(lw_fn *f);
bool lw_sym_addr(lw_fn *f, const ptx_operand *o, unsigned words, lw_reg *out);
/* The generic address of constant bank `bank` (ISA_CONST_WINDOW + bank * 4 GiB). */
uint64_t lw_const_window(uint32_t bank);
bool lw_sym_addr_into(lw_fn *f, const ptx_operand *o, unsigned words, lw_reg d);
bool lw_isel_addsub(lw_fn *f);
bool lw_isel_mul(lw_fn *f);
bool lw_isel_mad(lw_fn *f);
bool lw_isel_divrem(lw_fn *f);
bool lw_isel_absneg(lw_fn *f);
bool lw_isel_minmax(lw_fn *f);
bool lw_isel_logic(lw_fn *f);
bool lw_isel_not(lw_fn *f);
bool lw_isel_shift(lw_fn *f);
bool lw_isel_bitcount(lw_fn *f);
bool lw_isel_bfe(lw_fn *f);
bool lw_isel_bfi(lw_fn *f);
bool lw_isel_shf(lw_fn *f);
bool lw_isel_sad(lw_fn *f);
bool lw_isel_fma(lw_fn *f);
bool lw_isel_sfu(lw_fn *f);
bool lw_isel_sqrt(lw_fn *f);
bool lw_isel_rcp(lw_fn *f);
bool lw_isel_copysign(lw_fn *f);
bool lw_isel_setp(lw_fn *f);
bool lw_isel_set(lw_fn *f);
bool lw_isel_selp(lw_fn *f);
bool lw_isel_cvt(lw_fn *f);
bool lw_isel_bra(lw_fn *f);
bool lw_isel_exit(lw_fn *f);
bool lw_isel_bar(lw_fn *f);
bool lw_isel_brx(lw_fn *f);       /* lower_isel_brx.c */
/* lower_isel_carry.c: add.cc, addc, sub.cc, subc (CC.CF in lw_fn.cc_vreg) */
bool lw_isel_carry(lw_fn *f);
bool lw_isel_addsub_any(lw_fn *f);
bool lw_isel_madc(lw_fn *f);         /* mad.cc, madc */
/* lower_isel_int2.c: lop3, dp4a/dp2a, bmsk, szext, cnot, .sat/.relu/.u16x2/.s16x2 forms */
bool lw_isel_lop3(lw_fn *f);
bool lw_isel_dp(lw_fn *f);
bool lw_isel_bmsk(lw_fn *f);
bool lw_isel_cnot(lw_fn *f);
bool lw_int2_arith_form(const lw_fn *f);
bool lw_isel_arith2(lw_fn *f);
bool lw_isel_minmax_any(lw_fn *f);
bool lw_isel_mad_any(lw_fn *f);
bool lw_isel_mad24_any(lw_fn *f);
/* lower_isel_cvtpk.c: cvt with f16x2/bf16x2/tf32/e4m3x2/e5m2x2, .relu, .satfinite */
bool lw_cvt_is_packed(const lw_fn *f);
bool lw_isel_cvt_packed(lw_fn *f);
/* lower_isel_call.c: calls of the runtime built-ins, their st/ld.param,
 * trap, brkpt, nanosleep. ld/st fall through to lw_isel_ld/st. */
bool lw_isel_call(lw_fn *f);
bool lw_isel_ld_param(lw_fn *f);
bool lw_isel_st_param(lw_fn *f);
bool lw_isel_trap(lw_fn *f);
bool lw_isel_nanosleep(lw_fn *f);
/* lower_isel_int24.c */
bool lw_isel_mul24(lw_fn *f);
bool lw_isel_mad24(lw_fn *f);
bool lw_isel_testp(lw_fn *f);
bool lw_isel_prmt(lw_fn *f);      /* lower_isel_prmt.c */
bool lw_isel_video(lw_fn *f);     /* lower_isel_video.c: vadd .. vset4 */
/* lower_isel_half.c: f16/bf16 (x2) arithmetic, opc "add", "sub", "mul",
 * "fma", "min", "max", "neg" or "abs" */
bool lw_is_half(const lw_fn *f);
bool lw_isel_half(lw_fn *f, const char *opc);
bool lw_isel_sfu_any(lw_fn *f);   /* ex2/tanh: half forms here, others lw_isel_sfu */
bool lw_is_half_type(ptx_type t);          /* lower_isel_hcmp.c: f16/bf16(x2) */
bool lw_isel_setp_half(lw_fn *f);
bool lw_isel_set_half(lw_fn *f);
uint32_t lw_set_true_value(ptx_type dt);   /* set: 1.0 / all ones; 0 if not a set dtype */
bool lw_isel_slct(lw_fn *f);               /* lower_isel_fp2.c */
bool lw_fp2_claims(const lw_fn *f);        /* f32x2, 3-source min/max, mixed precision */
bool lw_isel_fp2(lw_fn *f);
/* dispatch rows of add/sub, mul, fma, min/max, redux: lw_isel_fp2 first */
bool lw_isel_add_f2(lw_fn *f);
bool lw_isel_mul_f2(lw_fn *f);
bool lw_isel_fma_f2(lw_fn *f);
bool lw_isel_minmax_f2(lw_fn *f);
bool lw_isel_redux_f2(lw_fn *f);
bool lw_cvt_is_pack(const lw_fn *f);       /* lower_isel_cvtsat.c: cvt.pack.sat */
bool lw_isel_cvt_pack(lw_fn *f);
/* lower_isel_bfx.c: bfe/bfi with a register position or length */
bool lw_bfx_dynamic(const lw_fn *f, unsigned pos_idx);
bool lw_isel_bfe_reg(lw_fn *f, ptx_type t);
bool lw_isel_bfi_reg(lw_fn *f, ptx_type t);
/* lower_isel_atom.c */
bool lw_isel_atom(lw_fn *f);
bool lw_isel_red(lw_fn *f);
/* Address operand i of an atomic (or mbarrier): a window offset register when
 * `shared`, else a generic pair; *off is the displacement left for imm. */
bool lw_atomic_address(lw_fn *f, unsigned i, bool shared, lw_reg *base, int64_t *off);
bool lw_isel_fence(lw_fn *f);
/* lower_isel_sync.c */
bool lw_isel_fence_any(lw_fn *f);    /* proxy, mbarrier_init, .cluster forms, else lw_isel_fence */
bool lw_isel_griddep(lw_fn *f);
bool lw_isel_setmaxnreg(lw_fn *f);
bool lw_isel_pmevent(lw_fn *f);
bool lw_isel_bar_cluster(lw_fn *f);  /* barrier.cluster, from lw_isel_bar */
/* lower_isel_warp.c */
bool lw_isel_shfl(lw_fn *f);
bool lw_isel_vote(lw_fn *f);
bool lw_isel_activemask(lw_fn *f);
bool lw_isel_redux(lw_fn *f);
bool lw_isel_match(lw_fn *f);
bool lw_isel_elect(lw_fn *f);       /* elect.sync (sm_90) */
bool lw_isel_fns(lw_fn *f);         /* fns.b32 */
bool lw_isel_bar_any(lw_fn *f);   /* bar.warp.sync, else lw_isel_bar */
/* lower_isel_mma.c: mma.sync m16n8k16/m16n8k8 -> HMMAS unit steps */
bool lw_isel_mma(lw_fn *f);
bool lw_isel_ldmatrix(lw_fn *f);  /* -> LDSM */
/* lower_isel_mma_gen.c: the other mma.sync types/shapes -> MMAS steps, and
 * the fragment helpers lower_isel_wmma.c shares (kind = MMAS mods). */
bool lw_isel_mma_gen(lw_fn *f);
bool lw_mma_gather(lw_fn *f, unsigned idx, unsigned n, unsigned ew, unsigned words, lw_reg *out);
bool lw_mma_gather_elems(lw_fn *f, const ptx_operand *o, unsigned idx, const unsigned *el,
                         unsigned first, unsigned n, unsigned step, unsigned ew, unsigned words,
                         lw_reg *out);
bool lw_mma_scatter(lw_fn *f, const ptx_operand *d, lw_reg t, unsigned from, unsigned first,
                    unsigned n, unsigned step, unsigned ew);
bool lw_mma_conv(lw_fn *f, unsigned to, unsigned from, bool sat, lw_reg src, lw_reg *out);
bool lw_mma_steps(lw_fn *f, const uint8_t kind[4], lw_reg acc, lw_reg a, lw_reg b, unsigned mts);
/* lower_isel_mma_x.c: quad-pair f16 m8n8k4, fp8 and b1 mma.sync -> one MMAX */
bool lw_isel_mma_x(lw_fn *f);
/* lower_isel_wmma.c: wmma.load / wmma.store / wmma.mma */
bool lw_isel_wmma(lw_fn *f);
/* lower_isel_cpasync.c: cp.async copies (LDGSTS) and group fences */
bool lw_isel_cp(lw_fn *f);
/* lower_isel_mbarrier.c: mbarrier.* -> MBAR; lw_mbar_emit emits one MBAR
 * (MOD_MB_* op) on the mbarrier address of operand addr_idx (cp.async uses
 * it for cp.async.mbarrier.arrive and the complete_tx of bulk copies). */
bool lw_isel_mbarrier(lw_fn *f);
bool lw_mbar_emit(lw_fn *f, unsigned op, bool nocomplete, unsigned addr_idx, bool generic,
                  lw_reg d, lw_reg e, lw_reg b, lw_reg c);
/* lower_isel_matrix.c: movmatrix (MOVM), stmatrix (STSM) */
bool lw_isel_movmatrix(lw_fn *f);
bool lw_isel_stmatrix(lw_fn *f);
/* lower_isel_memhint.c: isspacep, ldu and the cache hints */
bool lw_isel_isspacep(lw_fn *f);
bool lw_isel_ldu(lw_fn *f);
bool lw_isel_prefetch(lw_fn *f);          /* prefetch and prefetchu */
bool lw_isel_applypriority(lw_fn *f);
bool lw_isel_discard(lw_fn *f);
bool lw_isel_createpolicy(lw_fn *f);
/* lower_isel_cluster.c: clusters of one CTA */
bool lw_cluster_sreg(lw_fn *f, const char *name, lw_reg d, unsigned words, bool *found);
bool lw_isel_mov_cluster(lw_fn *f, bool *ok);   /* mov.pred p, %is_explicit_cluster: true
                                                  * when it is that mov, *ok its result */
bool lw_isel_mapa(lw_fn *f);
bool lw_isel_getctarank(lw_fn *f);
/* lower_isel_tex.c: textures and surfaces (unified mode) */
bool lw_isel_tex(lw_fn *f);       /* tex, tld4 */
bool lw_isel_surf(lw_fn *f);      /* suld.b, sust.b */
bool lw_isel_txq(lw_fn *f);       /* txq, suq */
bool lw_isel_istypep(lw_fn *f);
/* Float forms of add/sub/mul/div/abs/neg/min/max (called by the int handlers). */
bool lw_isel_fbinop(lw_fn *f, const char *opc);
bool lw_isel_funop(lw_fn *f, const char *opc);

/* ---- lower_func.c, lower_func_frame.c, lower_func_link.c: .func calls ----
 * The calling convention is described in docs/architecture.md. */
#define LW_SP         1u        /* R1: the stack pointer (local window offset) */
#define LW_FRAME_MAX  160u      /* instructions of one prologue or epilogue */
/* The defined callee of a direct call, by name when `in` names a
 * declaration; NULL for built-ins and indirect calls. */
const ptx_func *lw_func_callee(const ptx_module *m, const ptx_insn *in, uint32_t *index);
const ptx_func *lw_func_defined(const ptx_module *m, uint32_t idx, uint32_t *index);
/* The prototype of an indirect call `call (r), %rd, (a), proto`, or NULL. */
const ptx_func *lw_func_proto(const ptx_module *m, const ptx_insn *in);
bool lw_isel_call_indirect(lw_fn *f, unsigned k);
/* d = the address of function `index`: its first instruction, once linked
 * (a MOV marked with imm2 = LW_FUNC_ADDR until then). */
#define LW_FUNC_ADDR 0xFFFFFEu
bool lw_func_addr(lw_fn *f, uint32_t index, unsigned words, lw_reg d);
/* Offset of parameter (ret == false) or result i in a callee's argument
 * area; *size (optional) receives the whole area's size. */
uint32_t lw_func_arg_off(const ptx_func *callee, bool ret, uint32_t i, uint32_t *size);
bool lw_func_scan_calls(lw_fn *f);
bool lw_isel_call_func(lw_fn *f, const ptx_func *callee, uint32_t index);
/* Addresses in a .func's frame: parameters/results (frame_in), locals. */
uint32_t lw_func_local_base(const lw_fn *f);
bool lw_func_local_addr(lw_fn *f, uint32_t off, unsigned words, lw_reg d);
/* Prologue (kernel: stack pointer set-up; .func: frame and register
 * saves) and a .func's epilogue before RET; they return the count. */
unsigned lw_func_prologue(lw_fn *f, isa_insn *out);
unsigned lw_func_epilogue(const lw_fn *f, isa_insn *out);
/* Lowers kernel `fn` and the functions it reaches into one code array. */
bool lw_lower_with_calls(const ptx_module *m, const ptx_func *fn, const uint32_t *modvar_off,
                         isa_kernel *k, char *err, size_t errlen, ptx_status *status);
/* The lowering of one kernel or function (lower_module.c). */
bool lw_lower_one(lw_fn *f, isa_kernel *k);
void lw_fn_free(lw_fn *f);

#endif
