/* sim/exec/softfp.h — exact IEEE-754 arithmetic with an explicit rounding
 * mode, for the cases the host FPU cannot do without changing its global
 * rounding mode (which we never do): the directed modes RZ/RM/RP of every
 * op, and every rounding into f16/bf16.
 *
 * Each function computes the exact result (128-bit significands with a
 * sticky bit) and rounds it once. Formats and modes use the ISA's modifier
 * numbering (MOD_F32/F64/F16/BF16, MOD_RN/RZ/RM/RP). NaN results are the
 * canonical NaN of the format (sf_nan). Values travel as raw bits in the
 * low bits of a uint64_t.
 */
#ifndef COBALT_SIM_SOFTFP_H
#define COBALT_SIM_SOFTFP_H

#include <stdbool.h>
#include <stdint.h>

uint64_t sf_nan(unsigned fmt);
bool     sf_is_nan(unsigned fmt, uint64_t a);

uint64_t sf_add(unsigned fmt, unsigned mode, uint64_t a, uint64_t b);
uint64_t sf_mul(unsigned fmt, unsigned mode, uint64_t a, uint64_t b);
uint64_t sf_fma(unsigned fmt, unsigned mode, uint64_t a, uint64_t b, uint64_t c);
uint64_t sf_div(unsigned fmt, unsigned mode, uint64_t a, uint64_t b);
uint64_t sf_sqrt(unsigned fmt, unsigned mode, uint64_t a);

/* Between formats (exact when widening). */
uint64_t sf_convert(unsigned dst, unsigned mode, unsigned src, uint64_t a);
/* (-1)^neg * mag rounded to fmt. */
uint64_t sf_from_int(unsigned fmt, unsigned mode, bool neg, uint64_t mag);

/* Integer conversion: rounds with irnd (MOD_RNI..MOD_RPI) and saturates to
 * a `bits`-wide integer (signed or not); NaN gives 0. Result in two's
 * complement, truncated to `bits`. */
uint64_t sf_to_int(unsigned fmt, unsigned irnd, uint64_t a, unsigned bits, bool sgn);
/* Rounds to an integral value in the same format (FRND). */
uint64_t sf_round_int(unsigned fmt, unsigned irnd, uint64_t a);

/* Exact value as a double (every f16/bf16/f32 is one). */
double   sf_to_double(unsigned fmt, uint64_t a);

#endif
