/* sim/exec/prmt.c — PRMT: the byte permute of PTX prmt.b32, every mode. */
#include "sim/exec/exec.h"

/* Byte i of the result for selector s over the 8 bytes of x. */
static uint32_t prmt_byte(uint64_t x, uint32_t s, unsigned mode, unsigned i)
{
    uint32_t n = s & 3, sel;
    switch (mode) {
    case MOD_PRMT_F4E:  sel = (n + i) & 7; break;
    case MOD_PRMT_B4E:  sel = (n - i) & 7; break;
    case MOD_PRMT_RC8:  sel = n; break;
    case MOD_PRMT_ECL:  sel = i > n ? i : n; break;
    case MOD_PRMT_ECR:  sel = i < n ? i : n; break;
    case MOD_PRMT_RC16: sel = (i & 1) + 2 * (n & 1); break;
    default: {
        uint32_t nib = (s >> (4 * i)) & 0xf;
        uint32_t b = (uint32_t)(x >> (8 * (nib & 7))) & 0xff;
        if (nib & 8)   /* replicate the byte's sign bit */
            b = (b & 0x80) ? 0xff : 0;
        return b;
    }
    }
    return (uint32_t)(x >> (8 * sel)) & 0xff;
}

static uint32_t prmt(uint32_t a, uint32_t c, uint32_t s, unsigned mode)
{
    uint64_t x = (uint64_t)c << 32 | a;
    uint32_t r = 0;
    for (unsigned i = 0; i < 4; i++)
        r |= prmt_byte(x, s, mode, i) << (8 * i);
    return r;
}

EXEC(PRMT)
{
    const uint32_t *A = RA, *B = RB, *C = RC;
    unsigned mode = in->mod[0];
    MAP32(RD, prmt(A[l], C[l], B[l], mode));
    return SIM_STEP_NEXT;
}
