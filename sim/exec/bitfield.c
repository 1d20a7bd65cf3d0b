/* sim/exec/bitfield.c — BFE and BFI with run-time position and length
 * (PTX bfe/bfi semantics: both taken modulo 256, fields clipped at the top
 * bit; a signed extract of length 0 is 0). */
#include "sim/exec/exec.h"

static uint64_t bfe(uint64_t a, unsigned bits, bool sgn, uint32_t pos, uint32_t len)
{
    pos &= 0xff;
    len &= 0xff;
    if (len == 0)
        return 0;
    unsigned top = pos + len - 1 < bits - 1 ? pos + len - 1 : bits - 1;
    uint64_t sbit = sgn ? (a >> top) & 1 : 0;
    uint64_t d = 0;
    for (unsigned i = 0; i < bits; i++) {
        uint64_t bit = i < len && pos + i < bits ? (a >> (pos + i)) & 1 : sbit;
        d |= bit << i;
    }
    return d;
}

static uint64_t bfi(uint64_t f, uint64_t b, unsigned bits, uint32_t ctl)
{
    uint32_t pos = ctl & 0xff, len = (ctl >> 8) & 0xff;
    for (unsigned i = 0; i < len && pos + i < bits; i++)
        b = (b & ~(1ull << (pos + i))) | (((f >> i) & 1) << (pos + i));
    return b;
}

EXEC(BFE)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    uint32_t *D = RD;
    unsigned t = in->mod[0];
    bool wide = t == MOD_U64 || t == MOD_S64, sgn = t == MOD_S32 || t == MOD_S64;
    if (!wide) {
        MAP32(D, (uint32_t)bfe(A[l], 32, sgn, B[l], C[l]));
        return SIM_STEP_NEXT;
    }
    MAP64(D, bfe(rd64(A, l), 64, sgn, B[l], C[l]));
    return SIM_STEP_NEXT;
}

EXEC(BFI)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    uint32_t *D = RD;
    if (in->mod[0] != MOD_W64) {
        MAP32(D, (uint32_t)bfi(A[l], C[l], 32, B[l]));
        return SIM_STEP_NEXT;
    }
    MAP64(D, bfi(rd64(A, l), rd64(C, l), 64, B[l]));
    return SIM_STEP_NEXT;
}
