/* sim/exec/exec.h — what an executor file needs: the EXEC signature, the
 * lane loop written once, operand rows and typed register access.
 *
 *   EXEC(IADD) {
 *       const uint32_t *A = RA, *B = RB;
 *       MAP32(RD, A[l] + B[l]);
 *       return SIM_STEP_NEXT;
 *   }
 *
 * `mask` holds the lanes that are active and whose guard holds; it is never
 * zero. Rows of a 64-bit pair are 32 words apart: low word R[l], high word
 * R[l + 32].
 */
#ifndef COBALT_SIM_EXEC_H
#define COBALT_SIM_EXEC_H

#include <string.h>
#include "sim/internal.h"

#define EXEC(OP) sim_step exec_##OP(sim_exec *x, const sim_insn *in, uint32_t mask)

/* One prototype per op of the table: an op without semantics is a link error. */
#define ISA_OP(op, ...) EXEC(op);
#include "isa/isa.def"

/* Operand rows. RB is the immediate's constant rows when b is an immediate. */
#define RD (x->r + in->d)
#define RA ((const uint32_t *)x->r + in->a)
#define RB (in->bimm ? x->k + in->b : (const uint32_t *)x->r + in->b)
#define RC ((const uint32_t *)x->r + in->c)

/* Runs the statement for every lane l in mask. The full-mask case is a
 * plain counted loop the compiler can vectorise. */
#define LANES(...)                                                             \
    do {                                                                       \
        if (mask == SIM_FULL_MASK) {                                           \
            for (unsigned l = 0; l < ISA_WARP_SIZE; l++) { __VA_ARGS__; }      \
        } else {                                                               \
            for (uint32_t m_ = mask; m_ != 0; m_ &= m_ - 1) {                  \
                unsigned l = (unsigned)__builtin_ctz(m_);                      \
                __VA_ARGS__;                                                   \
            }                                                                  \
        }                                                                      \
    } while (0)

/* D[l] = expr for every lane in mask. With a full mask the results go
 * through a local array first, so the loop vectorises even when D is also
 * a source row. */
#define MAP32(DROW, ...)                                                       \
    do {                                                                       \
        uint32_t *D_ = (DROW);                                                 \
        if (mask == SIM_FULL_MASK) {                                           \
            uint32_t t_[ISA_WARP_SIZE];                                        \
            for (unsigned l = 0; l < ISA_WARP_SIZE; l++) t_[l] = (__VA_ARGS__); \
            memcpy(D_, t_, sizeof t_);                                         \
        } else {                                                               \
            for (uint32_t m_ = mask; m_ != 0; m_ &= m_ - 1) {                  \
                unsigned l = (unsigned)__builtin_ctz(m_);                      \
                D_[l] = (__VA_ARGS__);                                         \
            }                                                                  \
        }                                                                      \
    } while (0)

/* The same for a 64-bit result written to a register pair. */
#define MAP64(DROW, ...)                                                       \
    do {                                                                       \
        uint32_t *D_ = (DROW);                                                 \
        uint64_t t_[ISA_WARP_SIZE];                                            \
        LANES(t_[l] = (__VA_ARGS__));                                          \
        LANES(D_[l] = (uint32_t)t_[l]; D_[l + ISA_WARP_SIZE] = (uint32_t)(t_[l] >> 32)); \
    } while (0)

static inline uint64_t rd64(const uint32_t *R, unsigned l)
{
    return (uint64_t)R[l] | (uint64_t)R[l + ISA_WARP_SIZE] << 32;
}

static inline void wr64(uint32_t *R, unsigned l, uint64_t v)
{
    R[l] = (uint32_t)v;
    R[l + ISA_WARP_SIZE] = (uint32_t)(v >> 32);
}

/* ---- predicates ---- */
static inline uint32_t pred_x(const sim_exec *x, const sim_insn *in)
{
    return x->p[in->px] ^ ((in->pneg & 1) ? SIM_FULL_MASK : 0);
}
static inline uint32_t pred_y(const sim_exec *x, const sim_insn *in)
{
    return x->p[in->py] ^ ((in->pneg & 2) ? SIM_FULL_MASK : 0);
}
static inline uint32_t pred_z(const sim_exec *x, const sim_insn *in)
{
    return x->p[in->pz] ^ ((in->pneg & 4) ? SIM_FULL_MASK : 0);
}

/* E = value on the lanes of mask. */
static inline void pred_write(sim_exec *x, const sim_insn *in, uint32_t mask, uint32_t value)
{
    x->p[in->e] = (x->p[in->e] & ~mask) | (value & mask);
}

/* Combines a compare result with Z (BOOL group: AND, OR, XOR). */
static inline uint32_t pred_bool(unsigned op, uint32_t v, uint32_t z)
{
    return op == MOD_AND ? (v & z) : op == MOD_OR ? (v | z) : (v ^ z);
}

/* ---- integer types (ITYPE group) ---- */
static inline unsigned ity_bits(unsigned t)
{
    return t == MOD_U64 || t == MOD_S64 ? 64 : t == MOD_U16 || t == MOD_S16 ? 16
         : t == MOD_U8 || t == MOD_S8 ? 8 : 32;
}

static inline bool ity_signed(unsigned t)
{
    return t == MOD_S32 || t == MOD_S64 || t == MOD_S16 || t == MOD_S8;
}

/* Sign- or zero-extends the low `bits` of v to 64 bits. */
static inline uint64_t ext_bits(uint64_t v, unsigned bits, bool sgn)
{
    if (bits >= 64)
        return v;
    uint64_t m = (1ull << bits) - 1;
    v &= m;
    if (sgn && (v >> (bits - 1)) & 1)
        v |= ~m;
    return v;
}

/* Value of a typed operand, extended to 64 bits by its signedness. */
static inline uint64_t ity_get(const uint32_t *R, unsigned l, unsigned t)
{
    unsigned bits = ity_bits(t);
    uint64_t v = bits == 64 ? rd64(R, l) : R[l];
    return ext_bits(v, bits, ity_signed(t));
}

/* Writes a typed result: 64-bit types to a pair, narrower ones extended by
 * their signedness into one register. */
static inline void ity_put(uint32_t *D, unsigned l, unsigned t, uint64_t v)
{
    unsigned bits = ity_bits(t);
    if (bits == 64)
        wr64(D, l, v);
    else
        D[l] = (uint32_t)ext_bits(v, bits, ity_signed(t));
}

/* ---- float bits ---- */
static inline float f32_of(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t bits_f32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline double f64_of(uint64_t u) { double f; memcpy(&f, &u, 8); return f; }
static inline uint64_t bits_f64(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }

#endif
