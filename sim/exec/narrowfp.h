/* sim/exec/narrowfp.h — the shared first step of converting an f32 to a
 * narrow float format (fp8, fp6, fp4: sim/exec/cvtpk.c, cvtrs.c): the value
 * in units of the target's last place, before rounding. */
#ifndef COBALT_SIM_EXEC_NARROWFP_H
#define COBALT_SIM_EXEC_NARROWFP_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* mag: the magnitude bits of a finite nonzero f32. *ue: its exponent, or
 * emin (the format's smallest normal exponent) for values the format holds
 * as subnormals. Returns |x| * 2^(mbits - ue), exact: x has 24 significant
 * bits, well inside a double. */
static inline double narrow_units(uint32_t mag, unsigned mbits, int emin, int *ue)
{
    float fv;
    memcpy(&fv, &mag, sizeof fv);
    int e;
    (void)frexp((double)fv, &e);
    *ue = e - 1 < emin ? emin : e - 1;
    return ldexp((double)fv, (int)mbits - *ue);
}

#endif
