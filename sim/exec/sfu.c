/* sim/exec/sfu.c — SFU class: MUFU approximations.
 *
 * Hardware MUFU results are approximations (PTX documents e.g. rcp/sqrt
 * within 1 ulp, ex2 within 2 ulp, lg2 within 2^-22.6 absolute, sin/cos
 * within 2^-20.9 absolute on [-pi, pi], tanh within 2^-10.987 relative).
 * We compute them with the host's libm in f32 (glibc: within 1-2 ulp of
 * the true value), which is at least as accurate, so results can differ
 * from a GPU in the last bits, never by more than the documented bounds.
 * RSQ is 1/sqrtf (two roundings).
 */
#include <math.h>
#include "sim/exec/fpu.h"

static float mufu(unsigned op, float a)
{
    switch (op) {
    case MOD_MUFU_RCP:  return 1.0f / a;
    case MOD_MUFU_RSQ:  return 1.0f / sqrtf(a);
    case MOD_MUFU_SQRT: return sqrtf(a);
    case MOD_MUFU_SIN:  return sinf(a);
    case MOD_MUFU_COS:  return cosf(a);
    case MOD_MUFU_EX2:  return exp2f(a);
    case MOD_MUFU_LG2:  return log2f(a);
    default:            return tanhf(a);   /* MOD_MUFU_TANH */
    }
}

EXEC(MUFU)
{
    const uint32_t *A = RA;
    uint32_t *D = RD;
    unsigned op = in->mod[0], ftz = in->mod[1];
    LANES(D[l] = fix32(bits_f32(mufu(op, f32_of(ftz_in(A[l], ftz)))), ftz, 0));
    return SIM_STEP_NEXT;
}
