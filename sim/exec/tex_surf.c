/* sim/exec/tex_surf.c — surface objects: SULD and SUST (PTX suld.b /
 * sust.b). The x coordinate is in bytes, y and z in rows and slices. An
 * access of n elements of w bytes covers n * w bytes from x, which must be
 * a multiple of w (the element size), and lie inside the surface:
 * out of range, TRAP faults, CLAMP moves the access to the nearest location
 * inside, ZERO reads zeros / drops the store. Every lane is checked before
 * any lane stores. */
#include <stdio.h>
#include "sim/exec/tex.h"

typedef struct su_access {
    uint64_t addr;
    bool skip;          /* ZERO out of range: read zeros, store nothing */
} su_access;

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The address of one lane's access of `size` bytes (elements of ew bytes). */
static bool su_locate(tex_lane *t, unsigned dims, unsigned oob, const int32_t c[3],
                      unsigned ew, unsigned size, su_access *out, sim_step *st)
{
    const sim_texdesc *d = &t->d;
    char why[240];
    int64_t lim[3] = { (int64_t)(d->width * d->elem_size) - size, (int64_t)d->height - 1,
                       (int64_t)d->depth - 1 };
    int64_t v[3] = { c[0], dims > 1 ? c[1] : 0, dims > 2 ? c[2] : 0 };
    if (v[0] % ew != 0) {
        snprintf(why, sizeof why, "surface x coordinate %d (bytes) is not a multiple of the "
                 "%u-byte element", c[0], ew);
        *st = tex_fault(t, why);
        return false;
    }
    out->skip = false;
    for (unsigned k = 0; k < 3; k++) {
        if (v[k] >= 0 && v[k] <= lim[k])
            continue;
        if (oob == SU_ZERO) {
            out->skip = true;
        } else if (oob == SU_CLAMP) {
            v[k] = clamp64(v[k], 0, lim[k] < 0 ? 0 : lim[k]);
            if (k == 0)
                v[0] -= v[0] % ew;
        } else {
            snprintf(why, sizeof why, "surface access (%s) at (%lld, %lld, %lld) is out of range "
                     "of the %llux%llux%llu surface (x in bytes, %u-byte elements, %u-byte "
                     "access)", "trap", (long long)v[0], (long long)v[1], (long long)v[2],
                     (unsigned long long)d->width, (unsigned long long)d->height,
                     (unsigned long long)d->depth, d->elem_size, size);
            *st = tex_fault(t, why);
            return false;
        }
    }
    out->addr = d->data + (uint64_t)v[0] + (uint64_t)v[1] * d->pitch +
                (uint64_t)v[2] * d->slice_pitch;
    return true;
}

static sim_step su_exec(sim_exec *x, const sim_insn *in, uint32_t mask, bool store)
{
    const uint32_t *A = RA, *B = RB;
    bool layered = tex_geom_layered(in->mod[0]);
    unsigned sd = tex_geom_dims(in->mod[0]), dims = sd + layered, ew = 1u << in->mod[1], nel = 1u << in->mod[2];
    unsigned oob = in->mod[3], size = ew * nel, rpe = ew == 8 ? 2 : 1;   /* registers per element */
    const uint32_t *V = store ? RC : NULL;
    uint32_t *D = store ? NULL : RD;
    sim_step st = SIM_STEP_FAULT;
    su_access acc[ISA_WARP_SIZE];
    uint32_t done = 0;
    if (in->mod[2] > 2 || oob > SU_ZERO || (ew == 8 && nel == 4)) {
        tex_lane t = { .x = x, .in = in, .lane = (unsigned)__builtin_ctz(mask) };
        return tex_fault(&t, "surface access of more than 16 bytes or with an unknown "
                             "out-of-range rule");
    }
    for (uint32_t m = mask; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        tex_lane t = { .x = x, .in = in, .lane = l };
        int32_t c[3] = { 0, 0, 0 };
        for (unsigned k = 0; k < sd; k++)   /* PTX order: the layer first when layered */
            c[k] = (int32_t)B[l + (k + layered) * ISA_WARP_SIZE];
        if (layered)
            c[sd] = (int32_t)B[l];
        if (!tex_desc(&t, rd64(A, l), 1, &st))
            return st;
        bool dlay = (t.d.flags & SIM_TEXD_LAYERED) != 0;
        if (t.d.dims != dims || dlay != layered) {
            char why[160];
            snprintf(why, sizeof why, "a %s%uD surface access to a %s%uD surface object",
                     layered ? "layered " : "", sd, dlay ? "layered " : "", t.d.dims - dlay);
            return tex_fault(&t, why);
        }
        if (!su_locate(&t, dims, oob, c, ew, size, &acc[l], &st))
            return st;
        uint64_t base, len;
        if (!acc[l].skip && (!sim_mem_lookup(x->run->mem, acc[l].addr, &base, &len) ||
                             size > len || acc[l].addr - base > len - size))
            return sim_fault_access(x, in, l, SIM_SPACE_GLOBAL, acc[l].addr, size, store, false);
        if (!acc[l].skip)
            done |= 1u << l;
    }
    uint8_t buf[16];
    for (uint32_t m = mask; m != 0; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctz(m);
        tex_lane t = { .x = x, .in = in, .lane = l };
        memset(buf, 0, sizeof buf);
        if (store) {
            for (unsigned e = 0; e < nel; e++)
                for (unsigned r = 0; r < rpe; r++) {
                    uint32_t w = V[l + (e * rpe + r) * ISA_WARP_SIZE];
                    memcpy(buf + e * ew + r * 4, &w, ew < 4 ? ew : 4);
                }
            if (!acc[l].skip && !tex_gwrite(&t, acc[l].addr, size, buf, &st))
                return st;
            continue;
        }
        if (!acc[l].skip && !tex_gread(&t, acc[l].addr, size, buf, &st))
            return st;
        for (unsigned e = 0; e < nel; e++)
            for (unsigned r = 0; r < rpe; r++) {
                uint32_t w = 0;
                memcpy(&w, buf + e * ew + r * 4, ew < 4 ? ew : 4);
                D[l + (e * rpe + r) * ISA_WARP_SIZE] = w;
            }
    }
    if (done != 0) {
        sim_lanes ln;
        memset(&ln, 0, sizeof ln);
        LANES(ln.addrs[l] = acc[l].addr; ln.ptr[l] = (uint8_t *)(uintptr_t)acc[l].addr);
        ln.spaces = 1u << SIM_SPACE_GLOBAL;
        ln.in_space[SIM_SPACE_GLOBAL] = done;
        sim_mem_count(x, &ln, size, !store, store);
    }
    return SIM_STEP_NEXT;
}

EXEC(SULD) { return su_exec(x, in, mask, false); }
EXEC(SUST) { return su_exec(x, in, mask, true); }
