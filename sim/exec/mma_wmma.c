/* sim/exec/mma_wmma.c — WLD and WST: PTX wmma.load / wmma.store.
 *
 * Every element of the fragment (layout in sim/exec/mma_frag.h) names a
 * matrix position (row, col); its address is base + size * (row * ld + col)
 * for ROW major, base + size * (col * ld + row) for COL major. The warp's
 * accesses go element slot by element slot through sim_mem_lanes, so
 * alignment, bounds and spaces are checked exactly as for LD/ST: for that
 * the address rows a hold each slot's per-lane addresses for the call and
 * get their values back afterwards.
 *
 * Sub-byte A/B fragments (s4, u4, b1) are one register per lane holding e
 * consecutive elements of a row of A (row major) or a column of B (column
 * major): one 32-bit access at base + (bit offset of the first element) / 8,
 * which must be 4-aligned like any 32-bit access.
 */
#include "sim/exec/exec.h"
#include "isa/mma_frag.h"

enum { W = ISA_WARP_SIZE };

typedef struct wm_geo {
    unsigned frag, lay, shape, ty, regs, words, bits, per, size;
    sim_space space;
    bool generic, wide, sub;   /* sub: a sub-byte A/B fragment, one word per register */
} wm_geo;

static bool wm_geo_of(sim_exec *x, const sim_insn *in, uint32_t mask, bool store, wm_geo *g)
{
    const char *what = store ? "WST (wmma.store)" : "WLD (wmma.load)";
    if (mask != SIM_FULL_MASK) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: %s needs all 32 lanes of the warp active and unguarded; "
                       "active lanes 0x%08x", what, mask);
        return false;
    }
    g->frag = in->mod[0];
    g->lay = in->mod[1];
    g->shape = in->mod[2];
    g->ty = in->mod[3];
    g->regs = wfrag_regs(g->frag, g->shape, g->ty);
    if (g->regs == 0 || (store && g->frag != MOD_WF_C)) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: %s: fragment %u of shape %u does not exist for type %u", what,
                       g->frag, g->shape, g->ty);
        return false;
    }
    g->bits = wty_bits(g->ty);
    g->sub = g->bits < 8;
    g->per = g->bits >= 32 || g->sub ? 1 : 32 / g->bits;
    g->size = g->sub ? 4 : g->bits / 8;
    if (g->sub && (g->lay == MOD_WL_ROW) != (g->frag == MOD_WF_A)) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: %s: a sub-byte fragment %s must be %s major", what,
                       g->frag == MOD_WF_A ? "A" : "B", g->frag == MOD_WF_A ? "row" : "column");
        return false;
    }
    g->words = g->ty == MOD_WT_F64 ? 2 : 1;
    g->space = in->mod[4] == MOD_WSP_SHARED ? SIM_SPACE_SHARED : SIM_SPACE_GLOBAL;
    g->generic = in->mod[4] == MOD_WSP_GENERIC;
    g->wide = in->mod[4] != MOD_WSP_SHARED;
    return true;
}

/* Resolves element slot (j, s) of every lane: the a rows temporarily hold
 * base + the element's byte offset (sim_mem_lanes adds imm). */
static sim_step wm_lanes(sim_exec *x, const sim_insn *in, const wm_geo *g, const uint32_t *base,
                         uint32_t ld, unsigned j, unsigned s, bool store, sim_lanes *ln)
{
    uint32_t *A = x->r + in->a;
    for (unsigned l = 0; l < W; l++) {
        unsigned row, col;
        wfrag_elem(g->frag, g->shape, g->ty, j, l, s, &row, &col);
        uint64_t idx = g->lay == MOD_WL_ROW ? (uint64_t)row * ld + col : (uint64_t)col * ld + row;
        uint64_t off = g->sub ? idx * g->bits / 8 : idx * g->size;
        if (g->wide) {
            uint64_t a = ((uint64_t)base[l] | (uint64_t)base[l + W] << 32) + off;
            A[l] = (uint32_t)a;
            A[l + W] = (uint32_t)(a >> 32);
        } else {
            A[l] = base[l] + (uint32_t)off;
        }
    }
    sim_step st = sim_mem_lanes(x, in, SIM_FULL_MASK, g->space, g->generic, g->wide, g->size,
                                store, ln);
    memcpy(A, base, (g->wide ? 2 : 1) * W * sizeof *A);
    return st;
}

static sim_step wm_access(sim_exec *x, const sim_insn *in, uint32_t mask, bool store)
{
    wm_geo g;
    if (!wm_geo_of(x, in, mask, store, &g))
        return SIM_STEP_FAULT;
    const uint32_t *B = RB;
    uint32_t ld = B[0];
    for (unsigned l = 1; l < W; l++)
        if (B[l] != ld) {
            sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                           "cobalt: wmma.%s: the stride differs between lanes (%u in lane 0, "
                           "%u in lane %u)", store ? "store" : "load", ld, B[l], l);
            return SIM_STEP_FAULT;
        }
    if (g.sub && (uint64_t)ld * g.bits % 32 != 0) {
        sim_fault_setf(x->run, SIM_FAULT_ILLEGAL_INSN,
                       "cobalt: wmma.load: the leading dimension %u of a %u-bit fragment is not "
                       "a multiple of %u elements", ld, g.bits, 32 / g.bits);
        return SIM_STEP_FAULT;
    }
    uint32_t base[2 * W], frag[16][W];
    memcpy(base, x->r + in->a, (g.wide ? 2 : 1) * W * sizeof *base);
    unsigned nw = g.regs * g.words;
    if (store)
        memcpy(frag, RC, nw * W * sizeof frag[0][0]);
    else
        memset(frag, 0, sizeof frag);
    for (unsigned j = 0; j < g.regs; j++)
        for (unsigned s = 0; s < g.per; s++) {
            sim_lanes ln;
            if (wm_lanes(x, in, &g, base, ld, j, s, store, &ln) != SIM_STEP_NEXT)
                return SIM_STEP_FAULT;
            for (unsigned l = 0; l < W; l++) {
                uint8_t *p = ln.ptr[l];
                unsigned sh = s * g.bits;
                if (g.words == 2) {
                    if (store) {
                        memcpy(p, &frag[2 * j][l], 4);
                        memcpy(p + 4, &frag[2 * j + 1][l], 4);
                    } else {
                        memcpy(&frag[2 * j][l], p, 4);
                        memcpy(&frag[2 * j + 1][l], p + 4, 4);
                    }
                } else if (g.bits == 32 || g.sub) {
                    if (store)
                        memcpy(p, &frag[j][l], 4);
                    else
                        memcpy(&frag[j][l], p, 4);
                } else if (g.bits == 16) {
                    uint16_t h = (uint16_t)(frag[j][l] >> sh);
                    if (store) {
                        memcpy(p, &h, 2);
                    } else {
                        memcpy(&h, p, 2);
                        frag[j][l] |= (uint32_t)h << sh;
                    }
                } else if (store) {
                    *p = (uint8_t)(frag[j][l] >> sh);
                } else {
                    frag[j][l] |= (uint32_t)*p << sh;
                }
            }
            sim_mem_count(x, &ln, g.size, !store, store);
        }
    if (!store)
        memcpy(RD, frag, nw * W * sizeof frag[0][0]);
    return SIM_STEP_NEXT;
}

EXEC(WLD) { return wm_access(x, in, mask, false); }
EXEC(WST) { return wm_access(x, in, mask, true); }
