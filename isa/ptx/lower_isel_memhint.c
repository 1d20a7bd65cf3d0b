/* isa/ptx/lower_isel_memhint.c — the memory instructions that are hints or
 * address tests: isspacep, ldu, prefetch, prefetchu, applypriority, discard
 * and createpolicy.
 *
 * Cobalt models no caches, so the cache hints have no effect to simulate:
 * prefetch/prefetchu (the manual: no architectural effect, and an address
 * that is not valid in the space does not fault), applypriority (an L2
 * eviction priority) lower to nothing. discard.L2 leaves the line's data
 * undefined; leaving it unchanged is one valid outcome, so it too lowers to
 * nothing. createpolicy produces an opaque 64-bit cache policy that only
 * the .L2::cache_hint forms of other instructions consume (and ignore);
 * Cobalt's encoding is documented at policy_word(). */
#include <string.h>
#include "isa/ptx/lower_internal.h"

/* Every modifier of the instruction is one of `ok` (n of them). */
static bool mods_in(lw_fn *f, const char *const *ok, unsigned n)
{
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        unsigned k = 0;
        while (k < n && strcmp(f->ci->mods[i], ok[k]) != 0)
            k++;
        if (k == n)
            return lw_unsupported(f);
    }
    return true;
}

static bool has_mod(const lw_fn *f, const char *m)
{
    for (unsigned i = 0; i < f->ci->nmods; i++)
        if (strcmp(f->ci->mods[i], m) == 0)
            return true;
    return false;
}

static bool need_addr(lw_fn *f, unsigned i)
{
    const ptx_operand *o = lw_op(f, i);
    if (o == NULL)
        return false;
    if (o->kind == PTX_OPND_ADDR)
        return true;
    char buf[160];
    return lw_fail(f, f->ci->line, "'%s' needs an address operand [...] as operand %u",
                   lw_insn_name(f->ci, buf, sizeof buf), i + 1);
}

/* isspacep.space p, a: the window of generic address a (isa.h). Global
 * addresses lie below every window; shared (shared::cta and
 * shared::cluster alike: clusters are one CTA), local, .const (bank 1)
 * and kernel-parameter (bank 0) addresses in their own 4 GiB windows,
 * told apart by the high word alone. */
bool lw_isel_isspacep(lw_fn *f)
{
    if (!lw_mods_only(f, LWM_SPACE) || !lw_nops(f, 2))
        return false;
    uint32_t hi;
    uint8_t cmp = MOD_CMP_EQ;
    switch (f->cm.space) {
    case PTX_SPACE_GLOBAL: hi = (uint32_t)(ISA_SHARED_WINDOW >> 32); cmp = MOD_CMP_LT; break;
    case PTX_SPACE_SHARED: hi = (uint32_t)(ISA_SHARED_WINDOW >> 32); break;
    case PTX_SPACE_LOCAL:  hi = (uint32_t)(ISA_LOCAL_WINDOW >> 32); break;
    case PTX_SPACE_CONST:
        hi = (uint32_t)((ISA_CONST_WINDOW + ISA_BANK_CONST * ISA_WINDOW_SIZE) >> 32);
        break;
    case PTX_SPACE_PARAM:
        hi = (uint32_t)((ISA_CONST_WINDOW + ISA_BANK_PARAM * ISA_WINDOW_SIZE) >> 32);
        break;
    default:
        return lw_unsupported(f);
    }
    lw_reg p, a;
    if (!lw_pdst(f, 0, &p) || !lw_reg_of(f, 1, PTX_T_U64, &a))
        return false;
    lw_insn *i = lw_emit(f, OP_ISETP);
    if (i == NULL)
        return false;
    i->in.mod[0] = cmp;
    i->in.mod[1] = MOD_U32;
    i->in.mod[2] = MOD_AND;
    lw_set(i, LW_E, p);
    lw_set(i, LW_A, lw_word(a, 1));
    lw_setb(i, lw_imm(hi));
    lw_set(i, LW_C, lw_pt());
    return true;
}

/* ldu{.global}.type d, [a]: a load of data the manual requires to be
 * read-only and uniform across the warp during the kernel; a plain load
 * gives the same values. */
bool lw_isel_ldu(lw_fn *f)
{
    if (f->cm.space != PTX_SPACE_GLOBAL && f->cm.space != PTX_SPACE_NONE)
        return lw_unsupported(f);
    return lw_isel_ld(f);
}

/* prefetch{.space}.level [a], prefetch.global.L2::evict_{last,normal} [a],
 * prefetch{.const,.param}.tensormap [a], prefetchu.L1 [a]: nothing. */
bool lw_isel_prefetch(lw_fn *f)
{
    static const char *const pf[] = { "global", "local", "L1", "L2", "L2::evict_last",
                                      "L2::evict_normal", "const", "param", "tensormap" };
    if (strcmp(f->ci->opcode, "prefetchu") == 0) {
        if (f->ci->nmods != 1 || strcmp(f->ci->mods[0], "L1") != 0)
            return lw_unsupported(f);
    } else {
        bool tmap = has_mod(f, "tensormap");
        bool level = has_mod(f, "L1") || has_mod(f, "L2") || has_mod(f, "L2::evict_last") ||
                     has_mod(f, "L2::evict_normal");
        if (!mods_in(f, pf, sizeof pf / sizeof pf[0]))
            return false;
        if (tmap == level || f->ci->nmods > 2)
            return lw_unsupported(f);
    }
    return lw_nops(f, 1) && need_addr(f, 0);
}

/* applypriority{.global}.level::eviction_priority [a], size: nothing. */
bool lw_isel_applypriority(lw_fn *f)
{
    static const char *const ok[] = { "global", "L2::evict_normal" };
    if (!mods_in(f, ok, 2) || !has_mod(f, "L2::evict_normal") || !lw_nops(f, 2) ||
        !need_addr(f, 0))
        return false;
    if (f->ci->ops[1].kind != PTX_OPND_IMM_INT || f->ci->ops[1].ival != 128) {
        char buf[160];
        return lw_fail(f, f->ci->line, "'%s': the size must be the immediate 128",
                       lw_insn_name(f->ci, buf, sizeof buf));
    }
    return true;
}

/* discard{.global}.L2 [a], 128: the line becomes undefined; unchanged is a
 * valid value of undefined, so nothing is emitted. */
bool lw_isel_discard(lw_fn *f)
{
    static const char *const ok[] = { "global", "L2" };
    if (!mods_in(f, ok, 2) || !has_mod(f, "L2") || !lw_nops(f, 2) || !need_addr(f, 0))
        return false;
    if (f->ci->ops[1].kind != PTX_OPND_IMM_INT || f->ci->ops[1].ival != 128) {
        char buf[160];
        return lw_fail(f, f->ci->line, "'%s': the size must be the immediate 128",
                       lw_insn_name(f->ci, buf, sizeof buf));
    }
    return true;
}

/* An eviction priority: evict_last, evict_normal, evict_first,
 * evict_unchanged (1..4), 0 when m is not one. */
static uint32_t priority(const char *m)
{
    static const char *const names[] = { "L2::evict_last", "L2::evict_normal",
                                         "L2::evict_first", "L2::evict_unchanged" };
    for (uint32_t k = 0; k < 4; k++)
        if (strcmp(m, names[k]) == 0)
            return k + 1;
    return 0;
}

/* Cobalt's cache-policy encoding, high word: 0xC0B1 in bits 16..31, the
 * kind (1 fractional, 2 range) in bits 8..11, the primary priority in bits
 * 4..7 and the secondary in bits 0..3; low word: the fraction's f32 bits
 * (fractional) or the primary size (range). Nothing decodes it. */
static uint32_t policy_word(uint32_t kind, uint32_t prim, uint32_t sec)
{
    return 0xC0B10000u | kind << 8 | prim << 4 | sec;
}

/* createpolicy.fractional.prim{.sec}.b64 d{, fraction}
 * createpolicy.range{.global}.prim{.sec}.b64 d, [a], primary-size, total-size
 * createpolicy.cvt.L2.b64 d, policy (a policy in this same encoding). */
bool lw_isel_createpolicy(lw_fn *f)
{
    uint32_t kind = 0, prims[2] = { 0, 0 }, np = 0;
    bool cvt = false, b64 = false;
    for (unsigned i = 0; i < f->ci->nmods; i++) {
        const char *m = f->ci->mods[i];
        uint32_t pr = priority(m);
        if (strcmp(m, "fractional") == 0 && kind == 0)
            kind = 1;
        else if (strcmp(m, "range") == 0 && kind == 0)
            kind = 2;
        else if (strcmp(m, "cvt") == 0 && kind == 0)
            cvt = true, kind = 3;
        else if (strcmp(m, "b64") == 0)
            b64 = true;
        else if (pr != 0 && np < 2 && !cvt)
            prims[np++] = pr;
        else if (!((strcmp(m, "global") == 0 && kind == 2) || (strcmp(m, "L2") == 0 && cvt)))
            return lw_unsupported(f);
    }
    if (kind == 0 || !b64 || (np == 0 && !cvt))
        return lw_unsupported(f);
    lw_reg d;
    unsigned n = f->ci->nops;
    if (kind == 1 && n != 1 && !lw_nops(f, 2))
        return false;
    if ((kind == 2 && !lw_nops(f, 4)) || (kind == 3 && !lw_nops(f, 2)) || !lw_dst(f, 0, 2, &d))
        return false;
    if (kind == 3) {   /* the policy is already in Cobalt's encoding */
        lw_reg s;
        return lw_reg_of(f, 1, PTX_T_B64, &s) && lw_copy(f, d, s, 2);
    }
    lw_src lo = lw_imm(kind == 1 ? 0x3f800000u : 0);   /* fraction 1.0 by default */
    if (kind == 1 && n == 2 && !lw_src_of(f, 1, PTX_T_F32, true, &lo))
        return false;
    if (kind == 2 && (!need_addr(f, 1) || !lw_src_of(f, 2, PTX_T_U32, true, &lo)))
        return false;
    return lw_mov32(f, d, lo) &&
           lw_mov32(f, lw_word(d, 1), lw_imm(policy_word(kind, prims[0], prims[1])));
}
