/* sim/exec/tex.c — texture objects: TEX, TLD4, TXQ, ISTYPEP, and what the
 * surface executors share (descriptor, checked global reads and writes).
 *
 * A handle is the device address of a sim_texdesc (sim/texdesc.h) written
 * by the runtime; every lane reads the descriptor its own handle names, so
 * handles may diverge across a warp. Texel reads are read-only global
 * accesses and count as global loads in the statistics. */
#include <stdio.h>
#include "sim/exec/tex.h"

sim_step tex_fault(tex_lane *t, const char *why)
{
    char msg[320];
    snprintf(msg, sizeof msg, "lane %u: %s", t->lane, why);
    return sim_fault_insn(t->x, (uint32_t)(t->in - t->x->run->prog->insns), msg);
}

/* The allocation holding [addr, addr + n), or false. */
static bool tex_range(tex_lane *t, uint64_t addr, unsigned n)
{
    uint64_t base, len;
    return sim_mem_lookup(t->x->run->mem, addr, &base, &len) && n <= len &&
           addr - base <= len - n;
}

bool tex_gread(tex_lane *t, uint64_t addr, unsigned n, void *out, sim_step *st)
{
    if (!tex_range(t, addr, n)) {
        *st = sim_fault_access(t->x, t->in, t->lane, SIM_SPACE_GLOBAL, addr, n, false, false);
        return false;
    }
    uint8_t *o = out;
    const uint8_t *src = (const uint8_t *)(uintptr_t)addr;
    for (unsigned i = 0; i < n; i++)   /* other SMs may write it (surfaces): atomic bytes */
        o[i] = __atomic_load_n(src + i, __ATOMIC_ACQUIRE);
    return true;
}

bool tex_gwrite(tex_lane *t, uint64_t addr, unsigned n, const void *src, sim_step *st)
{
    if (!tex_range(t, addr, n)) {
        *st = sim_fault_access(t->x, t->in, t->lane, SIM_SPACE_GLOBAL, addr, n, true, false);
        return false;
    }
    const uint8_t *s = src;
    uint8_t *dst = (uint8_t *)(uintptr_t)addr;
    for (unsigned i = 0; i < n; i++)
        __atomic_store_n(dst + i, s[i], __ATOMIC_RELEASE);
    return true;
}

/* The descriptor behind h, when it is live (magic) and of the wanted kind. */
static bool tex_peek(tex_lane *t, uint64_t h, sim_texdesc *d)
{
    if (!tex_range(t, h, sizeof *d) || h % 8 != 0)
        return false;
    const uint8_t *src = (const uint8_t *)(uintptr_t)h;
    uint8_t *o = (uint8_t *)d;
    for (size_t i = 0; i < sizeof *d; i++)
        o[i] = __atomic_load_n(src + i, __ATOMIC_ACQUIRE);
    return d->magic == SIM_TEXDESC_MAGIC;
}

bool tex_desc(tex_lane *t, uint64_t h, int want, sim_step *st)
{
    char why[200];
    if (!tex_peek(t, h, &t->d)) {
        snprintf(why, sizeof why, "%s handle 0x%llx is not a live %s object",
                 want == 1 ? "surface" : "texture", (unsigned long long)h,
                 want == 1 ? "surface" : "texture");
        *st = tex_fault(t, why);
        return false;
    }
    bool surf = (t->d.flags & SIM_TEXD_SURFACE) != 0;
    if (want >= 0 && surf != (want == 1)) {
        snprintf(why, sizeof why, "handle 0x%llx is a %s object, used as a %s object",
                 (unsigned long long)h, surf ? "surface" : "texture",
                 want == 1 ? "surface" : "texture");
        *st = tex_fault(t, why);
        return false;
    }
    if (t->d.dims < 1 || t->d.dims > 3 || t->d.width == 0 || t->d.height == 0 ||
        t->d.depth == 0) {
        snprintf(why, sizeof why, "object 0x%llx has a malformed descriptor (dims %u, size "
                 "%llux%llux%llu)", (unsigned long long)h, t->d.dims,
                 (unsigned long long)t->d.width, (unsigned long long)t->d.height,
                 (unsigned long long)t->d.depth);
        *st = tex_fault(t, why);
        return false;
    }
    return true;
}

/* Counts the texel reads of the lanes in `done` as one global load. */
static void tex_count(sim_exec *x, const uint64_t *first, uint32_t done, unsigned size)
{
    if (done == 0)
        return;
    sim_lanes ln;
    memset(&ln, 0, sizeof ln);
    for (uint32_t m = done; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        ln.addrs[l] = first[l];
        ln.ptr[l] = (uint8_t *)(uintptr_t)first[l];
    }
    ln.spaces = 1u << SIM_SPACE_GLOBAL;
    ln.in_space[SIM_SPACE_GLOBAL] = done;
    sim_mem_count(x, &ln, size, true, false);
}

/* TEX and TLD4: gather == true for TLD4 (mod[0] the channel). */
static sim_step tex_exec(sim_exec *x, const sim_insn *in, uint32_t mask, bool gather)
{
    const uint32_t *A = RA, *B = RB;
    uint32_t *D = RD;
    unsigned geom = gather ? 1 : in->mod[0], dims = tex_geom_dims(geom);
    bool layered = tex_geom_layered(geom);
    unsigned rt = in->mod[1], ct = gather ? TEX_CT_F32 : in->mod[2];
    uint32_t res[ISA_WARP_SIZE][4];
    uint64_t first[ISA_WARP_SIZE];
    uint32_t done = 0;
    unsigned size = 4;
    sim_step st = SIM_STEP_FAULT;
    for (uint32_t m = mask; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        tex_lane t = { .x = x, .in = in, .lane = l, .layered = layered };
        uint32_t c[3] = { 0, 0, 0 };
        if (layered)   /* PTX order: the layer, then the coordinates */
            t.layer = (int32_t)B[l];
        for (unsigned k = 0; k < dims; k++)
            c[k] = B[l + (k + layered) * ISA_WARP_SIZE];
        if (!tex_desc(&t, rd64(A, l), 0, &st))
            return st;
        bool dlay = (t.d.flags & SIM_TEXD_LAYERED) != 0;
        if ((dlay != layered || t.d.dims != dims + layered) &&
            !(t.d.kind == SIM_TEX_LINEAR && dims == 1 && !layered)) {
            char why[160];
            snprintf(why, sizeof why, "a %s%uD texture fetch from a %s%uD texture object",
                     layered ? "layered " : "", dims, dlay ? "layered " : "",
                     t.d.dims - dlay);
            return tex_fault(&t, why);
        }
        bool ok = gather ? tex_gather(&t, in->mod[0], rt, c, res[l], &st)
                         : tex_sample(&t, dims, rt, ct, c, res[l], &st);
        if (!ok)
            return st;
        if (t.first != 0) {
            first[l] = t.first;
            done |= 1u << l;
            size = t.d.elem_size;
        }
    }
    /* results after every lane succeeded: a fault leaves d unchanged */
    LANES(for (unsigned k = 0; k < 4; k++) D[l + k * ISA_WARP_SIZE] = res[l][k]);
    tex_count(x, first, done, size);
    return SIM_STEP_NEXT;
}

EXEC(TEX)  { return tex_exec(x, in, mask, false); }
EXEC(TLD4) { return tex_exec(x, in, mask, true); }

/* PTX addr_mode values: wrap 0, mirror 1, clamp_ogl 2, clamp_to_edge 3,
 * clamp_to_border 4 (cudaTextureAddressMode order: wrap, clamp, mirror, border). */
static const uint8_t ptx_addr_mode[4] = { 0, 3, 1, 4 };

EXEC(TXQ)
{
    const uint32_t *A = RA;
    uint32_t *D = RD;
    uint32_t res[ISA_WARP_SIZE];
    sim_step st = SIM_STEP_FAULT;
    for (uint32_t m = mask; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        tex_lane t = { .x = x, .in = in, .lane = l };
        if (!tex_desc(&t, rd64(A, l), -1, &st))
            return st;
        const sim_texdesc *d = &t.d;
        bool layered = (d->flags & SIM_TEXD_LAYERED) != 0;
        uint64_t v;
        switch (in->mod[0]) {
        case TXQ_WIDTH:  v = d->width; break;   /* elements, surfaces too */
        case TXQ_HEIGHT: v = layered && d->dims == 2 ? 1 : d->height; break;
        case TXQ_DEPTH:  v = layered ? 1 : d->depth; break;
        case TXQ_NORMC:  v = (d->flags & SIM_TEXD_NORMCOORDS) != 0; break;
        case TXQ_FILTER: v = (d->flags & SIM_TEXD_LINEAR) != 0; break;
        case TXQ_ADDR0: case TXQ_ADDR1: case TXQ_ADDR2:
            v = ptx_addr_mode[d->addr_mode[in->mod[0] - TXQ_ADDR0] & 3];
            break;
        case TXQ_ARRAYSZ: v = !layered ? 0 : d->dims == 2 ? d->height : d->depth; break;
        case TXQ_MIPLEVELS: v = 1; break;    /* no mipmapped arrays: the base level only */
        case TXQ_SAMPLES: v = 0; break;      /* not a multisample texture */
        case TXQ_MEMLAYOUT: v = d->kind == SIM_TEX_ARRAY ? 0 : 1; break;   /* 1: pitch/linear */
        default: {
            char why[160];
            snprintf(why, sizeof why, "txq/suq query %u (channel_data_type/channel_order) is "
                     "not supported yet", in->mod[0]);
            return tex_fault(&t, why);
        }
        }
        res[l] = (uint32_t)v;
    }
    LANES(D[l] = res[l]);
    return SIM_STEP_NEXT;
}

EXEC(ISTYPEP)
{
    const uint32_t *A = RA;
    uint32_t v = 0;
    LANES(tex_lane t = { .x = x, .in = in, .lane = l };
          sim_texdesc d;
          if (tex_peek(&t, rd64(A, l), &d)) {
              bool surf = (d.flags & SIM_TEXD_SURFACE) != 0;
              if (surf == (in->mod[0] == TY_SURFREF))
                  v |= 1u << l;
          });
    pred_write(x, in, mask, v);
    return SIM_STEP_NEXT;
}
