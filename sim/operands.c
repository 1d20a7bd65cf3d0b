/* sim/operands.c — which register fields an instruction reads and writes,
 * and how many consecutive registers each covers (64-bit pairs, 128-bit
 * quads). The predecoder uses this to check register numbers against the
 * kernel's register count and to remap RZ. Ops not listed use single
 * registers, so a new 32-bit op needs no entry here. */
#include <string.h>
#include "sim/internal.h"
#include "isa/mma_frag.h"

static bool syntax_has(const isa_insn *in, char ch)
{
    const isa_op_info *info = isa_op_info_of(in->op);
    return info != NULL && strchr(info->syntax, ch) != NULL;
}

static bool ity_is64(unsigned t) { return t == MOD_U64 || t == MOD_S64; }

static unsigned mw_regs(unsigned mw)
{
    return mw == MOD_MW_128 ? 4 : mw == MOD_MW_64 ? 2 : 1;
}

bool sim_operand_is_dst(const isa_insn *in, char f)
{
    return f == 'd' && syntax_has(in, 'd');
}

/* Width in registers of field f, assuming it is a register operand. */
static unsigned width(const isa_insn *in, char f)
{
    const uint8_t *m = in->mod;
    switch (in->op) {
    case OP_IADD: case OP_ISUB: case OP_LOP: case OP_LNOT: case OP_IABS: case OP_INEG:
    case OP_BREV:
        return m[0 + (in->op == OP_LOP)] == MOD_W64 ? 2 : 1;
    case OP_SHL:
        return f != 'b' && m[0] == MOD_W64 ? 2 : 1;
    case OP_POPC: case OP_CLZ:
        return f == 'a' && m[0] == MOD_W64 ? 2 : 1;
    case OP_FLO:
        return f == 'a' && ity_is64(m[0]) ? 2 : 1;
    case OP_SHR:
        return f != 'b' && ity_is64(m[0]) ? 2 : 1;
    case OP_IDIV: case OP_IREM:
        return ity_is64(m[0]) ? 2 : 1;
    case OP_IMNMX: case OP_ISETP:
        return ity_is64(m[1]) ? 2 : 1;   /* ITYPE is the second group of both */
    case OP_IMUL: case OP_IMAD:
        if (f == 'a' || f == 'b')
            return ity_is64(m[1]) ? 2 : 1;
        /* d and c: the result width */
        if (m[0] == MOD_MUL_WIDE)
            return m[1] == MOD_U32 || m[1] == MOD_S32 ? 2 : 1;
        return ity_is64(m[1]) ? 2 : 1;
    case OP_DADD: case OP_DSUB: case OP_DMUL: case OP_DFMA: case OP_DDIV: case OP_DMNMX:
    case OP_DSETP: case OP_DABS: case OP_DNEG: case OP_DSQRT: case OP_DRCPA:
        return 2;
    case OP_I2I:
        return ity_is64(m[f == 'd' ? 0 : 1]) ? 2 : 1;
    case OP_I2F:
        return f == 'd' ? (m[0] == MOD_F64 ? 2 : 1) : (ity_is64(m[1]) ? 2 : 1);
    case OP_F2I:
        return f == 'd' ? (ity_is64(m[0]) ? 2 : 1) : (m[1] == MOD_F64 ? 2 : 1);
    case OP_F2F:
        return m[f == 'd' ? 0 : 1] == MOD_F64 ? 2 : 1;
    case OP_FRND:
        return m[0] == MOD_F64 ? 2 : 1;
    case OP_LDG: case OP_LD: case OP_STG: case OP_ST:
        return f == 'a' ? 2 : mw_regs(m[0]);
    case OP_LDS: case OP_LDL: case OP_STS: case OP_STL: case OP_LDC:
        return f == 'a' ? 1 : mw_regs(m[0]);
    case OP_ATOM: case OP_ATOMS:
        if (f == 'a')
            return in->op == OP_ATOM ? 2 : 1;
        if (m[1] == MOD_AT_B128)   /* CAS/EXCH quads */
            return 4;
        return m[1] == MOD_AT_U64 || m[1] == MOD_AT_S64 || m[1] == MOD_AT_F64 ? 2 : 1;
    case OP_REDUX:
        return ity_is64(m[1]) ? 2 : 1;
    case OP_MATCH:
        return f == 'a' && m[1] == MOD_W64 ? 2 : 1;
    case OP_SYS:   /* argument blocks: see the SYS row of isa.def */
        if (f == 'd')
            return m[0] == MOD_SYS_MALLOC ? 2 : 1;
        if (f == 'a')
            return m[0] == MOD_SYS_VPRINTF || m[0] == MOD_SYS_ASSERTFAIL ? 4 : 2;
        return m[0] == MOD_SYS_ASSERTFAIL ? 4 : 1;
    case OP_HMMAS:   /* PTX fragments: A 4 (k16) or 2, B 2 or 1, C and D 4 */
        if (f == 'a' || f == 'b')
            return (m[0] == MOD_MMA_M16N8K16 ? 2u : 1u) * (f == 'a' ? 2u : 1u);
        return 4;
    case OP_LDSM:    /* d: one register per 8x8 matrix; a: shared offset */
        return f == 'd' ? 1u << m[0] : 1;
    case OP_MMAS: case OP_MMAX: case OP_MMASP: case OP_MMAC: case OP_WLD: case OP_WST:   /* isa/mma_frag.h */
        return mma_operand_regs(in, f);
    case OP_STSM:    /* b: one register per 8x8 matrix; a: shared offset */
        return f == 'b' ? 1u << m[0] : 1;
    case OP_CALLR:   /* a: the 64-bit function id (isa/module.h) */
        return 2;
    case OP_LDGSTS:  /* a: global address pair; c: shared offset; b: src-size */
        return f == 'a' ? 2 : 1;
    case OP_BULK:    /* a: global address pair; c: shared offset; b: size */
        return f == 'a' ? 2 : 1;
    case OP_MBAR:    /* d: token pair; a: pair when GENERIC; b: token pair for TEST */
        if (f == 'a')
            return m[2] ? 2 : 1;
        return f == 'd' || (f == 'b' && m[0] == MOD_MB_TEST) ? 2 : 1;
    case OP_TEX: case OP_TLD4: case OP_SULD: case OP_SUST:   /* sim/exec/tex*.c */
        if (f == 'a')
            return 2;   /* the object handle */
        if (f == 'b')   /* coordinates: 1D one register, 2D/A1D a pair, 3D/A2D a quad */
            return in->op == OP_TLD4 ? 2 : m[0] == 0 ? 1 : m[0] == 1 || m[0] == 3 ? 2 : 4;
        if (in->op == OP_TEX || in->op == OP_TLD4)
            return 4;
        return (1u << m[2]) * (m[1] == 3 ? 2u : 1u);   /* elements x registers each */
    case OP_TXQ: case OP_ISTYPEP:
        return f == 'a' ? 2 : 1;
    case OP_HMMA:
        if (f == 'a' || f == 'b')
            return 2;
        return m[0] == MOD_MMA_F32F16 ? 4 : 2;
    default:
        return 1;
    }
}

unsigned sim_operand_regs(const isa_insn *in, char f)
{
    bool used;
    switch (f) {
    case 'd': used = syntax_has(in, 'd'); break;
    case 'a': used = syntax_has(in, 'a') || syntax_has(in, 'm') || syntax_has(in, 'k'); break;
    case 'b': used = syntax_has(in, 'b') || (syntax_has(in, 'B') && !in->bimm); break;
    case 'c': used = syntax_has(in, 'c'); break;
    default: used = false; break;
    }
    return used ? width(in, f) : 0;
}
