/* isa/ptx/lower_func_frame.c — stack frames: the kernel's stack pointer
 * set-up, and a .func's prologue and epilogue.
 *
 * A .func's frame, from its R1 upwards: outgoing argument area, .local
 * variables, register spill slots (lower_regalloc_spill.c counts them in
 * local_size), saved registers (R0 .. the function's highest register, in
 * 128-bit quads), saved predicates (one word each), then the caller's
 * outgoing area holding this function's parameters and results. The callee
 * saves every register it uses, so each function is allocated on its own
 * and a call clobbers nothing of the caller's but the argument area.
 */
#include "isa/ptx/lower_internal.h"

static unsigned save_quads(const lw_fn *f)
{
    uint32_t n = f->nregs > LW_SP + 1 ? f->nregs : LW_SP + 1;
    return (n + 3) / 4;
}

static uint32_t save_off(const lw_fn *f)
{
    return lw_func_local_base(f) + lw_align_up(f->local_size, 16);
}

static uint32_t pred_off(const lw_fn *f)
{
    return save_off(f) + 16 * save_quads(f);
}

static isa_insn mem(isa_op op, uint8_t mw, uint8_t reg, uint32_t off)
{
    isa_insn in = isa_insn_make(op);
    in.mod[0] = mw;
    in.a = LW_SP;
    in.imm = off;
    if (op == OP_STL)
        in.b = reg;
    else
        in.d = reg;
    return in;
}

static isa_insn enter(uint32_t bytes)
{
    isa_insn in = isa_insn_make(OP_ENTER);
    in.d = LW_SP;
    in.a = LW_SP;
    in.imm = bytes;
    return in;
}

unsigned lw_func_prologue(lw_fn *f, isa_insn *out)
{
    unsigned n = 0;
    if (!f->uses_sp)
        return 0;
    if (!f->is_func) {
        /* the kernel's locals are local [0, local_size); the stack lies above,
         * its size chosen at launch (cudaLimitStackSize) */
        isa_insn top = isa_insn_make(OP_S2R);
        top.d = LW_SP;
        top.imm = ISA_SR_STACKTOP;
        out[n++] = top;
        out[n++] = enter(lw_func_local_base(f));
        return n;
    }
    f->frame_size = pred_off(f) + lw_align_up(4 * f->npreds, 16);
    out[n++] = enter(f->frame_size);
    for (unsigned q = 0; q < save_quads(f); q++)
        out[n++] = mem(OP_STL, MOD_MW_128, (uint8_t)(4 * q), save_off(f) + 16 * q);
    for (unsigned p = 0; p < f->npreds; p++) {
        isa_insn in = isa_insn_make(OP_P2R);
        in.d = 0;
        in.c = (uint8_t)p;
        out[n++] = in;
        out[n++] = mem(OP_STL, MOD_MW_32, 0, pred_off(f) + 4 * p);
    }
    return n;
}

unsigned lw_func_epilogue(const lw_fn *f, isa_insn *out)
{
    unsigned n = 0;
    /* predicates first: restoring them goes through R0, restored after */
    for (unsigned p = 0; p < f->npreds; p++) {
        out[n++] = mem(OP_LDL, MOD_MW_32, 0, pred_off(f) + 4 * p);
        isa_insn in = isa_insn_make(OP_ISETP);
        in.mod[0] = MOD_CMP_NE;
        in.mod[1] = MOD_U32;
        in.e = (uint8_t)p;
        in.a = 0;
        in.b = ISA_RZ;
        in.c = ISA_PT;
        out[n++] = in;
    }
    /* quad 0 holds R1 as it is now, so restoring it changes nothing */
    for (unsigned q = 0; q < save_quads(f); q++)
        out[n++] = mem(OP_LDL, MOD_MW_128, (uint8_t)(4 * q), save_off(f) + 16 * q);
    isa_insn add = isa_insn_make(OP_IADD);
    add.d = LW_SP;
    add.a = LW_SP;
    add.bimm = 1;
    add.imm = f->frame_size;
    out[n++] = add;
    out[n++] = isa_insn_make(OP_RET);
    return n;
}
