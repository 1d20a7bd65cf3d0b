/* tests/unit/ptx_lower_interp.h — a one-thread reference interpreter for
 * the integer/memory/control subset of the Cobalt ISA, used by
 * test_ptx_lower_exec.c to check that lowered code (instruction selection
 * plus register allocation) computes what the PTX means. Registers start
 * with garbage so that reads of unwritten registers show up. Not the
 * simulator: no warps, no reconvergence — one thread follows its branches. */
#ifndef COBALT_TEST_PTX_LOWER_INTERP_H
#define COBALT_TEST_PTX_LOWER_INTERP_H

#include <stdint.h>
#include <string.h>
#include "isa/isa.h"
#include "isa/module.h"

typedef struct it_thread {
    uint32_t r[256];
    bool     p[8];
    uint32_t tid, ntid, ctaid, nctaid;
    const uint8_t *param;      /* bank 0 */
    uint8_t  shared[4096];
    uint8_t  local[1024];
    char     why[256];         /* set when it_run fails */
} it_thread;

static inline uint32_t it_rd(const it_thread *t, unsigned r) { return r == ISA_RZ ? 0 : t->r[r]; }
static inline uint64_t it_rd64(const it_thread *t, unsigned r)
{
    return r == ISA_RZ ? 0 : t->r[r] | (uint64_t)t->r[r + 1] << 32;
}
static inline void it_wr(it_thread *t, unsigned r, uint32_t v) { if (r != ISA_RZ) t->r[r] = v; }
static inline void it_wr64(it_thread *t, unsigned r, uint64_t v)
{
    if (r != ISA_RZ) { t->r[r] = (uint32_t)v; t->r[r + 1] = (uint32_t)(v >> 32); }
}
static inline bool it_pred(const it_thread *t, unsigned p)
{
    bool v = (p & 7) == ISA_PT ? true : t->p[p & 7];
    return (p & ISA_PRED_NEG) ? !v : v;
}

static inline bool it_is64(unsigned it) { return it == MOD_U64 || it == MOD_S64; }
static inline bool it_signed(unsigned it)
{
    return it == MOD_S32 || it == MOD_S64 || it == MOD_S16 || it == MOD_S8;
}
static inline unsigned it_bits(unsigned it)
{
    static const unsigned bits[] = { 32, 32, 64, 64, 16, 16, 8, 8 };
    return bits[it & 7];
}
/* v (the low bits of type it) extended to 64 bits. */
static inline int64_t it_ext(uint64_t v, unsigned it)
{
    unsigned bits = it_bits(it);
    if (bits < 64) {
        v &= (1ull << bits) - 1;
        if (it_signed(it) && (v >> (bits - 1)) & 1)
            v |= ~0ull << bits;
    }
    return (int64_t)v;
}
/* Operand of integer type `it` from register r. */
static inline int64_t it_get(const it_thread *t, unsigned r, unsigned it)
{
    return it_ext(it_is64(it) ? it_rd64(t, r) : it_rd(t, r), it);
}
/* Operand B: a register or the immediate (sign-extended for 64-bit types). */
static inline int64_t it_getb(const it_thread *t, const isa_insn *in, unsigned it)
{
    if (!in->bimm)
        return it_get(t, in->b, it);
    return it_is64(it) ? (int64_t)(int32_t)in->imm : it_ext(in->imm, it);
}
/* Writes v as type it (narrow types extended into the 32-bit register). */
static inline void it_put(it_thread *t, unsigned d, unsigned it, uint64_t v)
{
    if (it_is64(it)) {
        it_wr64(t, d, v);
        return;
    }
    unsigned bits = it_bits(it);
    if (bits < 32) {
        v &= (1u << bits) - 1;
        if (it_signed(it) && (v >> (bits - 1)) & 1)
            v |= ~0ull << bits;
    }
    it_wr(t, d, (uint32_t)v);
}

static inline bool it_cmp(unsigned cmp, int64_t a, int64_t b, bool is_signed)
{
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    switch (cmp) {
    case MOD_CMP_F:  return false;
    case MOD_CMP_LT: return is_signed ? a < b : ua < ub;
    case MOD_CMP_EQ: return a == b;
    case MOD_CMP_LE: return is_signed ? a <= b : ua <= ub;
    case MOD_CMP_GT: return is_signed ? a > b : ua > ub;
    case MOD_CMP_NE: return a != b;
    case MOD_CMP_GE: return is_signed ? a >= b : ua >= ub;
    default:         return true;
    }
}

static inline bool it_bool(unsigned op, bool x, bool y)
{
    return op == MOD_AND ? (x && y) : op == MOD_OR ? (x || y) : (x != y);
}

static inline unsigned it_mw_bytes(unsigned mw)
{
    static const unsigned n[] = { 1, 1, 2, 2, 4, 8, 16 };
    return n[mw];
}

static inline void it_load(it_thread *t, unsigned d, unsigned mw, const uint8_t *p)
{
    switch (mw) {
    case MOD_MW_U8:  it_wr(t, d, p[0]); break;
    case MOD_MW_S8:  it_wr(t, d, (uint32_t)(int32_t)(int8_t)p[0]); break;
    case MOD_MW_U16: { uint16_t v; memcpy(&v, p, 2); it_wr(t, d, v); break; }
    case MOD_MW_S16: { int16_t v; memcpy(&v, p, 2); it_wr(t, d, (uint32_t)(int32_t)v); break; }
    default:
        for (unsigned w = 0; w < it_mw_bytes(mw) / 4; w++) {
            uint32_t v;
            memcpy(&v, p + 4 * w, 4);
            it_wr(t, d + w, v);
        }
    }
}

static inline void it_store(const it_thread *t, unsigned b, unsigned mw, uint8_t *p)
{
    uint32_t v = it_rd(t, b);
    if (it_mw_bytes(mw) < 4) {
        memcpy(p, &v, it_mw_bytes(mw));
        return;
    }
    for (unsigned w = 0; w < it_mw_bytes(mw) / 4; w++) {
        v = it_rd(t, b + w);
        memcpy(p + 4 * w, &v, 4);
    }
}

/* Where a memory instruction points; NULL (with t->why) when out of range. */
static inline uint8_t *it_addr(it_thread *t, const isa_insn *in)
{
    unsigned n = it_mw_bytes(in->mod[0]);
    uint64_t off = (uint64_t)(int64_t)(int32_t)in->imm;
    switch (in->op) {
    case OP_LDG: case OP_STG:
        return (uint8_t *)(uintptr_t)(it_rd64(t, in->a) + off);
    case OP_LD: case OP_ST: {
        uint64_t a = it_rd64(t, in->a) + off;
        if (a >= ISA_SHARED_WINDOW && a < ISA_SHARED_WINDOW + sizeof t->shared - n + 1)
            return t->shared + (a - ISA_SHARED_WINDOW);
        if (a >= ISA_LOCAL_WINDOW && a < ISA_LOCAL_WINDOW + sizeof t->local - n + 1)
            return t->local + (a - ISA_LOCAL_WINDOW);
        return (uint8_t *)(uintptr_t)a;
    }
    case OP_LDS: case OP_STS: case OP_LDL: case OP_STL: {
        uint32_t a = it_rd(t, in->a) + (uint32_t)off;
        bool sh = in->op == OP_LDS || in->op == OP_STS;
        size_t size = sh ? sizeof t->shared : sizeof t->local;
        if (a > size - n) {
            snprintf(t->why, sizeof t->why, "window offset 0x%x out of range", (unsigned)a);
            return NULL;
        }
        return (sh ? t->shared : t->local) + a;
    }
    default:
        return NULL;
    }
}

static inline uint64_t it_brev64(uint64_t v)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++)
        r |= ((v >> i) & 1) << (63 - i);
    return r;
}

/* Executes one integer/move/predicate instruction; false if unknown. */
static inline bool it_alu(it_thread *t, const isa_insn *in)
{
    unsigned m0 = in->mod[0], m1 = in->mod[1];
    bool w64 = m0 == MOD_W64;
    switch (in->op) {
    case OP_MOV: it_wr(t, in->d, in->bimm ? in->imm : it_rd(t, in->b)); return true;
    case OP_SEL: it_wr(t, in->d, it_pred(t, in->c) ? it_rd(t, in->a)
                                 : (in->bimm ? in->imm : it_rd(t, in->b))); return true;
    case OP_PLOP: t->p[in->e & 7] = it_bool(m0, it_pred(t, in->a), it_pred(t, in->b)); return true;
    case OP_IADD: case OP_ISUB: case OP_LOP: {
        bool wide = in->op == OP_LOP ? m1 == MOD_W64 : w64;
        unsigned it = wide ? MOD_S64 : MOD_S32;
        int64_t a = it_get(t, in->a, it), b = it_getb(t, in, it);
        uint64_t r = in->op == OP_IADD ? (uint64_t)a + (uint64_t)b
                   : in->op == OP_ISUB ? (uint64_t)a - (uint64_t)b
                   : m0 == MOD_AND ? (uint64_t)(a & b) : m0 == MOD_OR ? (uint64_t)(a | b)
                                                       : (uint64_t)(a ^ b);
        it_put(t, in->d, it, r);
        return true;
    }
    case OP_SHL: {
        uint32_t n = in->bimm ? in->imm : it_rd(t, in->b);
        uint64_t a = w64 ? it_rd64(t, in->a) : it_rd(t, in->a);
        uint64_t r = n >= (w64 ? 64u : 32u) ? 0 : a << n;
        it_put(t, in->d, w64 ? MOD_U64 : MOD_U32, r);
        return true;
    }
    case OP_SHR: {
        uint32_t n = in->bimm ? in->imm : it_rd(t, in->b);
        unsigned bits = it_bits(m0);
        int64_t a = it_get(t, in->a, m0);
        if (n >= bits)
            n = bits - 1 + !it_signed(m0);
        uint64_t r = n >= 64 ? 0 : it_signed(m0) ? (uint64_t)(a >> n)
                   : ((uint64_t)a & (bits == 64 ? ~0ull : (1ull << bits) - 1)) >> n;
        it_put(t, in->d, m0, r);
        return true;
    }
    case OP_IMUL: case OP_IMAD: {
        int64_t a = it_get(t, in->a, m1), b = it_getb(t, in, m1);
        unsigned bits = it_bits(m1);
        unsigned __int128 p = it_signed(m1) ? (unsigned __int128)((__int128)a * b)
                                            : (unsigned __int128)(uint64_t)a * (uint64_t)b;
        if (!it_signed(m1) && bits < 64)
            p = (unsigned __int128)(((uint64_t)a & ((1ull << bits) - 1)) *
                                    ((uint64_t)b & ((1ull << bits) - 1)));
        unsigned dt = m1;
        uint64_t r;
        if (m0 == MOD_MUL_LO) {
            r = (uint64_t)p;
        } else if (m0 == MOD_MUL_HI) {
            r = (uint64_t)(p >> bits);
        } else {
            r = (uint64_t)p;
            dt = bits == 32 ? (it_signed(m1) ? MOD_S64 : MOD_U64) : (it_signed(m1) ? MOD_S32 : MOD_U32);
        }
        if (in->op == OP_IMAD)
            r += (uint64_t)(it_is64(dt) ? it_rd64(t, in->c) : it_rd(t, in->c));
        it_put(t, in->d, dt, r);
        return true;
    }
    case OP_IDIV: case OP_IREM: {
        int64_t a = it_get(t, in->a, m0), b = it_getb(t, in, m0);
        uint64_t r;
        if (b == 0)
            r = in->op == OP_IDIV ? ~0ull : (uint64_t)a;
        else if (it_signed(m0))
            r = in->op == OP_IDIV ? (uint64_t)(a / b) : (uint64_t)(a % b);
        else
            r = in->op == OP_IDIV ? (uint64_t)a / (uint64_t)b : (uint64_t)a % (uint64_t)b;
        it_put(t, in->d, m0, r);
        return true;
    }
    case OP_IMNMX: {
        int64_t a = it_get(t, in->a, m1), b = it_getb(t, in, m1);
        bool lt = it_cmp(MOD_CMP_LT, a, b, it_signed(m1));
        it_put(t, in->d, m1, (uint64_t)((m0 == MOD_MIN) == lt ? a : b));
        return true;
    }
    case OP_IABS: case OP_INEG: {
        int64_t a = it_get(t, in->a, w64 ? MOD_S64 : MOD_S32);
        uint64_t r = in->op == OP_INEG ? 0 - (uint64_t)a : (a < 0 ? 0 - (uint64_t)a : (uint64_t)a);
        it_put(t, in->d, w64 ? MOD_S64 : MOD_S32, r);
        return true;
    }
    case OP_LNOT: it_put(t, in->d, w64 ? MOD_U64 : MOD_U32,
                         ~(w64 ? it_rd64(t, in->a) : it_rd(t, in->a))); return true;
    case OP_POPC: it_wr(t, in->d, (uint32_t)__builtin_popcountll(w64 ? it_rd64(t, in->a)
                                                                      : it_rd(t, in->a))); return true;
    case OP_CLZ: {
        uint64_t a = w64 ? it_rd64(t, in->a) : it_rd(t, in->a);
        it_wr(t, in->d, a == 0 ? (w64 ? 64u : 32u)
                               : (uint32_t)__builtin_clzll(a) - (w64 ? 0 : 32));
        return true;
    }
    case OP_BREV: {
        uint64_t r = it_brev64(w64 ? it_rd64(t, in->a) : it_rd(t, in->a));
        it_put(t, in->d, w64 ? MOD_U64 : MOD_U32, w64 ? r : r >> 32);
        return true;
    }
    case OP_FLO: {
        int64_t a = it_get(t, in->a, m0);
        uint64_t v = it_signed(m0) && a < 0 ? ~(uint64_t)a : (uint64_t)a;
        if (!it_is64(m0))
            v &= 0xffffffffu;
        it_wr(t, in->d, v == 0 ? 0xffffffffu : 63u - (uint32_t)__builtin_clzll(v));
        return true;
    }
    case OP_ISETP: {
        bool r = it_cmp(m0, it_get(t, in->a, m1), it_getb(t, in, m1), it_signed(m1));
        t->p[in->e & 7] = it_bool(in->mod[2], r, it_pred(t, in->c));
        return true;
    }
    case OP_I2I: {
        int64_t a = it_get(t, in->a, m1);
        it_put(t, in->d, m0, (uint64_t)a);
        return true;
    }
    default:
        return false;
    }
}

/* Runs kernel k for one thread; false with t->why on a problem. */
static inline bool it_run(it_thread *t, const isa_kernel *k, unsigned max_steps)
{
    uint32_t pc = 0;
    for (unsigned step = 0; step < max_steps; step++) {
        isa_insn in;
        if (pc >= k->ninsns || !isa_decode(k->code[pc], &in, t->why, sizeof t->why)) {
            snprintf(t->why, sizeof t->why, "pc %u out of the kernel", (unsigned)pc);
            return false;
        }
        uint32_t next = pc + 1;
        if (!it_pred(t, in.guard)) {
            pc = next;
            continue;
        }
        switch (in.op) {
        case OP_EXIT:
            return true;
        case OP_BRA:
            next = in.imm;
            break;
        case OP_S2R: {
            uint32_t v = in.imm == ISA_SR_TID_X ? t->tid : in.imm == ISA_SR_NTID_X ? t->ntid
                       : in.imm == ISA_SR_CTAID_X ? t->ctaid : in.imm == ISA_SR_NCTAID_X ? t->nctaid
                       : 0;
            it_wr(t, in.d, v);
            break;
        }
        case OP_LDC:
            if (in.imm2 != ISA_BANK_PARAM) {
                snprintf(t->why, sizeof t->why, "LDC of bank %u", (unsigned)in.imm2);
                return false;
            }
            it_load(t, in.d, in.mod[0], t->param + it_rd(t, in.a) + in.imm);
            break;
        case OP_LDG: case OP_LDS: case OP_LDL: case OP_LD:
        case OP_STG: case OP_STS: case OP_STL: case OP_ST: {
            uint8_t *p = it_addr(t, &in);
            if (p == NULL)
                return false;
            if (in.op == OP_STG || in.op == OP_STS || in.op == OP_STL || in.op == OP_ST)
                it_store(t, in.b, in.mod[0], p);
            else
                it_load(t, in.d, in.mod[0], p);
            break;
        }
        case OP_BAR:
            break;
        default:
            if (!it_alu(t, &in)) {
                char text[96];
                isa_disasm(&in, text, sizeof text);
                snprintf(t->why, sizeof t->why, "instruction %u '%s' not interpreted", (unsigned)pc, text);
                return false;
            }
        }
        pc = next;
    }
    snprintf(t->why, sizeof t->why, "did not finish in %u steps", max_steps);
    return false;
}

#endif
