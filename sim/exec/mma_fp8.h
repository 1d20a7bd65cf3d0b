/* sim/exec/mma_fp8.h — the fp8 input formats of the tensor ops (MMAX, MMASP). */
#ifndef COBALT_SIM_EXEC_MMA_FP8_H
#define COBALT_SIM_EXEC_MMA_FP8_H

#include <stdbool.h>
#include <stdint.h>
#include "sim/exec/fpu.h"

/* An fp8 value as f32 bits (exact). e4m3: bias 7, no infinities,
 * S.1111.111 is NaN; e5m2: bias 15, IEEE-like infinities and NaNs. */
static inline uint32_t fp8_to_f32_bits(uint32_t v, bool e5m2)
{
    unsigned mb = e5m2 ? 2 : 3, eb = e5m2 ? 5 : 4, bias = e5m2 ? 15 : 7;
    uint32_t s = (v >> 7) << 31, e = (v >> mb) & ((1u << eb) - 1), m = v & ((1u << mb) - 1);
    if (e5m2 && e == 31)
        return s | 0x7F800000u | (m ? 0x400000u : 0);
    if (!e5m2 && e == 15 && m == 7)
        return F32_NAN;
    if (e == 0) {
        if (m == 0)
            return s;
        while ((m & (1u << mb)) == 0) {   /* subnormal: normalise */
            m <<= 1;
            e--;
        }
        e++;
        m &= (1u << mb) - 1;
    }
    return s | (uint32_t)((int)e - (int)bias + 127) << 23 | m << (23 - mb);
}

#endif
