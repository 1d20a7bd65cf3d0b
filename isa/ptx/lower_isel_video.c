/* isa/ptx/lower_isel_video.c — the PTX video instructions: scalar vadd,
 * vsub, vabsdiff, vmin, vmax, vshl, vshr, vmad, vset and SIMD vadd2/4,
 * vsub2/4, vavrg2/4, vabsdiff2/4, vmin2/4, vmax2/4, vset2/4. Each is one VOP
 * whose imm carries selectors, signedness and the vmad/shift options
 * (isa/video.h); the parser keeps the operand selectors in vsel and vmad's
 * "-%r" in vneg. */
#include <string.h>
#include "isa/ptx/lower_internal.h"
#include "isa/video.h"

typedef struct vparse {
    unsigned op, simd, nelem;   /* MOD_VOP_*, MOD_VSIMD_*, 1/2/4 */
    unsigned ntypes;
    bool     sgn[3];            /* the type suffixes in order */
    unsigned sat, sec, cmp;
    int      mode;              /* vshl/vshr: -1 none, 0 wrap, 1 clamp */
    bool     po;
    unsigned scale;
} vparse;

static const struct { const char *name; unsigned op; } vops[] = {
    { "vadd", MOD_VOP_ADD }, { "vsub", MOD_VOP_SUB }, { "vabsdiff", MOD_VOP_ABSDIFF },
    { "vmin", MOD_VOP_MIN }, { "vmax", MOD_VOP_MAX }, { "vshl", MOD_VOP_SHL },
    { "vshr", MOD_VOP_SHR }, { "vmad", MOD_VOP_MAD }, { "vset", MOD_VOP_SET },
    { "vavrg", MOD_VOP_AVRG },
};

static const struct { const char *name; unsigned cmp; } vcmps[] = {
    { "eq", MOD_CMP_EQ }, { "ne", MOD_CMP_NE }, { "lt", MOD_CMP_LT },
    { "le", MOD_CMP_LE }, { "gt", MOD_CMP_GT }, { "ge", MOD_CMP_GE },
};

static bool vopcode(lw_fn *f, vparse *v)
{
    const char *opc = f->ci->opcode;
    size_t len = strlen(opc);
    v->simd = MOD_VSIMD_1;
    v->nelem = 1;
    if (len > 1 && (opc[len - 1] == '2' || opc[len - 1] == '4')) {
        v->simd = opc[len - 1] == '2' ? MOD_VSIMD_2 : MOD_VSIMD_4;
        v->nelem = opc[len - 1] == '2' ? 2 : 4;
        len--;
    }
    for (unsigned k = 0; k < sizeof vops / sizeof vops[0]; k++)
        if (strlen(vops[k].name) == len && strncmp(opc, vops[k].name, len) == 0) {
            v->op = vops[k].op;
            bool simd_only = v->op == MOD_VOP_AVRG;
            bool scalar_only = v->op == MOD_VOP_SHL || v->op == MOD_VOP_SHR ||
                               v->op == MOD_VOP_MAD;
            if ((simd_only && v->nelem == 1) || (scalar_only && v->nelem != 1))
                break;
            return true;
        }
    return lw_unsupported(f);
}

static bool vmods(lw_fn *f, vparse *v)
{
    const ptx_insn *ci = f->ci;
    v->mode = -1;
    v->cmp = MOD_CMP_F;
    bool has_cmp = false;
    for (unsigned m = 0; m < ci->nmods; m++) {
        const char *s = ci->mods[m];
        bool ok = true;
        if ((strcmp(s, "u32") == 0 || strcmp(s, "s32") == 0) && v->ntypes < 3)
            v->sgn[v->ntypes++] = s[0] == 's';
        else if (strcmp(s, "sat") == 0 && !v->sat)
            v->sat = 1;
        else if (strcmp(s, "add") == 0 && v->sec == MOD_VSEC_NONE)
            v->sec = MOD_VSEC_ADD;
        else if (strcmp(s, "min") == 0 && v->sec == MOD_VSEC_NONE && v->nelem == 1)
            v->sec = MOD_VSEC_MIN;
        else if (strcmp(s, "max") == 0 && v->sec == MOD_VSEC_NONE && v->nelem == 1)
            v->sec = MOD_VSEC_MAX;
        else if ((strcmp(s, "clamp") == 0 || strcmp(s, "wrap") == 0) && v->mode < 0 &&
                 (v->op == MOD_VOP_SHL || v->op == MOD_VOP_SHR))
            v->mode = s[0] == 'c';
        else if (strcmp(s, "po") == 0 && v->op == MOD_VOP_MAD && !v->po)
            v->po = true;
        else if ((strcmp(s, "shr7") == 0 || strcmp(s, "shr15") == 0) &&
                 v->op == MOD_VOP_MAD && v->scale == VSCALE_NONE)
            v->scale = s[3] == '7' ? VSCALE_SHR7 : VSCALE_SHR15;
        else {
            ok = false;
            for (unsigned k = 0; k < sizeof vcmps / sizeof vcmps[0]; k++)
                if (strcmp(s, vcmps[k].name) == 0 && v->op == MOD_VOP_SET && !has_cmp) {
                    v->cmp = vcmps[k].cmp;
                    has_cmp = ok = true;
                }
        }
        if (!ok)
            return lw_unsupported(f);
    }
    unsigned want = v->op == MOD_VOP_SET ? 2 : 3;
    if (v->ntypes != want)
        return lw_fail(f, ci->line, "'%s' needs %u type suffixes (.u32/.s32), found %u",
                       ci->opcode, want, v->ntypes);
    if (v->op == MOD_VOP_SET && !has_cmp)
        return lw_fail(f, ci->line, "'%s' needs a comparison (.eq .ne .lt .le .gt .ge)",
                       ci->opcode);
    if ((v->op == MOD_VOP_SHL || v->op == MOD_VOP_SHR) && (v->mode < 0 || v->sgn[2]))
        return lw_fail(f, ci->line, "'%s' needs .clamp or .wrap and a .u32 shift count type",
                       ci->opcode);
    if (v->sat && (v->op == MOD_VOP_SET || (v->nelem > 1 && v->sec == MOD_VSEC_ADD)))
        return lw_fail(f, ci->line, "'%s': .sat is not allowed %s", ci->opcode,
                       v->op == MOD_VOP_SET ? "on a comparison" : "with .add");
    if (v->op == MOD_VOP_MAD && v->sec != MOD_VSEC_NONE)
        return lw_fail(f, ci->line, "'vmad' has no secondary operation");
    return true;
}

/* A scalar selector: b0..b3, h0, h1. */
static bool vsel_scalar(const char *s, unsigned *out)
{
    if (s[0] != '\0' && s[1] != '\0' && s[2] == '\0') {
        if (s[0] == 'b' && s[1] >= '0' && s[1] <= '3') {
            *out = VSEL_B0 + (unsigned)(s[1] - '0');
            return true;
        }
        if (s[0] == 'h' && (s[1] == '0' || s[1] == '1')) {
            *out = VSEL_H0 + (unsigned)(s[1] - '0');
            return true;
        }
    }
    return false;
}

/* A SIMD element selector: .hxy (x2) or .bxyzw (x4), the last digit is
 * element 0. */
static bool vsel_simd(const char *s, unsigned n, unsigned *out)
{
    char kind = n == 2 ? 'h' : 'b';
    unsigned maxd = n == 2 ? 3 : 7, w = n == 2 ? 2 : 3;
    if (s[0] != kind || strlen(s) != n + 1)
        return false;
    unsigned v = 0;
    for (unsigned i = 0; i < n; i++) {
        char c = s[n - i];
        if (c < '0' || c > (char)('0' + maxd))
            return false;
        v |= (unsigned)(c - '0') << (w * i);
    }
    *out = v;
    return true;
}

/* A SIMD write mask: .h0 .h1 .h10 (x2) or .b<digits> in descending order
 * (x4). */
static bool vmask(const char *s, unsigned n, unsigned *out)
{
    char kind = n == 2 ? 'h' : 'b';
    size_t len = strlen(s);
    if (s[0] != kind || len < 2 || len > n + 1)
        return false;
    unsigned m = 0;
    int prev = (int)n;
    for (size_t k = 1; k < len; k++) {
        int d = s[k] - '0';
        if (d < 0 || d >= prev)
            return false;
        m |= 1u << d;
        prev = d;
    }
    *out = m;
    return true;
}

static bool vbad_sel(lw_fn *f, unsigned idx, const char *sel, const char *want)
{
    return lw_fail(f, f->ci->line, "'%s' operand %u: selector '.%s' is not %s", f->ci->opcode,
                   idx + 1, sel, want);
}

/* Encodes the selectors of operands a (1), b (2) and d (0). */
static bool vselectors(lw_fn *f, const vparse *v, uint32_t *imm)
{
    const ptx_insn *ci = f->ci;
    unsigned sel[3] = { 0, 0, 0 };
    if (v->nelem == 2) {
        sel[0] = 3;
        sel[1] = 0 | 1u << 2;
        sel[2] = 2 | 3u << 2;
    } else if (v->nelem == 4) {
        sel[0] = 0xf;
        sel[1] = 0 | 1u << 3 | 2u << 6 | 3u << 9;
        sel[2] = 4 | 5u << 3 | 6u << 6 | 7u << 9;
    }
    for (unsigned k = 0; k < 3; k++) {
        const char *s = ci->ops[k].vsel;
        if (s == NULL)
            continue;
        bool ok;
        if (v->nelem == 1)
            ok = vsel_scalar(s, &sel[k]);
        else if (k == 0)
            ok = vmask(s, v->nelem, &sel[k]);
        else
            ok = vsel_simd(s, v->nelem, &sel[k]);
        if (!ok)
            return vbad_sel(f, k, s,
                            v->nelem == 1 ? "one of .b0 .b1 .b2 .b3 .h0 .h1"
                            : k == 0      ? (v->nelem == 2 ? "a mask .h0 .h1 .h10"
                                                          : "a mask .b<digits 3..0, descending>")
                            : v->nelem == 2 ? "a selector .hxy (x, y in 0..3)"
                                            : "a selector .bxyzw (x..w in 0..7)");
    }
    if (v->nelem > 1 && sel[0] == 0)
        return lw_fail(f, ci->line, "'%s': empty mask", ci->opcode);
    if (ci->nops > 3 && ci->ops[3].vsel != NULL)
        return vbad_sel(f, 3, ci->ops[3].vsel, "allowed on c");
    *imm |= sel[1] | sel[2] << 12 | sel[0] << 24;
    return true;
}

static bool vforms(lw_fn *f, const vparse *v, uint32_t *imm)
{
    const ptx_insn *ci = f->ci;
    bool dsel = v->nelem == 1 && ci->nops > 0 && ci->ops[0].vsel != NULL;
    unsigned want = v->nelem > 1 || v->op == MOD_VOP_MAD || dsel || v->sec != MOD_VSEC_NONE ? 4 : 3;
    if (v->op == MOD_VOP_MAD && dsel)
        return lw_fail(f, ci->line, "'vmad' takes no d selector");
    if (v->nelem == 1 && dsel && v->sec != MOD_VSEC_NONE)
        return lw_fail(f, ci->line, "'%s': a d selector (merge) and a secondary operation "
                       "exclude each other", ci->opcode);
    if (v->nelem == 1 && v->op != MOD_VOP_MAD && ci->nops == 4 && want == 3)
        return lw_fail(f, ci->line, "'%s' with operand c needs a secondary operation "
                       "(.add .min .max) or a d selector", ci->opcode);
    if (!lw_nops(f, want))
        return false;
    for (unsigned k = 0; k < want; k++)
        if (ci->ops[k].vneg && (v->op != MOD_VOP_MAD || k == 0 || v->po))
            return lw_fail(f, ci->line, "'%s' operand %u: '-' is allowed only on vmad's "
                           "a, b and c (not with .po)", ci->opcode, k + 1);
    if (v->op == MOD_VOP_MAD) {
        bool negp = (ci->ops[1].vneg ^ ci->ops[2].vneg) != 0;
        if (negp && ci->ops[3].vneg)
            return lw_fail(f, ci->line, "'vmad': negating both a*b and c is not a form of "
                           "the PTX manual");
        *imm |= (negp ? VIMM_NEGPROD : 0) | (ci->ops[3].vneg ? VIMM_NEGC : 0) |
                v->scale << 3 | (v->po ? VIMM_CLAMP_PO : 0);
    }
    return true;
}

bool lw_isel_video(lw_fn *f)
{
    vparse v;
    memset(&v, 0, sizeof v);
    if (!vopcode(f, &v) || !vmods(f, &v))
        return false;
    uint32_t imm = 0;
    if (!vforms(f, &v, &imm) || !vselectors(f, &v, &imm))
        return false;
    if (v.op == MOD_VOP_SET) {
        imm |= (v.sgn[0] ? VIMM_ASIGNED : 0) | (v.sgn[1] ? VIMM_BSIGNED : 0);
    } else {
        imm |= (v.sgn[0] ? VIMM_DSIGNED : 0) | (v.sgn[1] ? VIMM_ASIGNED : 0) |
               (v.sgn[2] ? VIMM_BSIGNED : 0);
    }
    if (v.mode == 1)
        imm |= VIMM_CLAMP_PO;
    lw_reg d, a, b, c = lw_rz();
    if (!lw_dst(f, 0, 1, &d) || !lw_reg_of(f, 1, PTX_T_B32, &a) ||
        !lw_reg_of(f, 2, PTX_T_B32, &b))
        return false;
    if (f->ci->nops == 4 && !lw_reg_of(f, 3, PTX_T_B32, &c))
        return false;
    lw_insn *i = lw_emit(f, OP_VOP);
    if (i == NULL)
        return false;
    i->in.mod[0] = (uint8_t)v.op;
    i->in.mod[1] = (uint8_t)v.simd;
    i->in.mod[2] = (uint8_t)v.sat;
    i->in.mod[3] = (uint8_t)v.sec;
    i->in.mod[4] = (uint8_t)v.cmp;
    i->in.imm = imm;
    lw_set(i, LW_D, d);
    lw_set(i, LW_A, a);
    lw_set(i, LW_B, b);
    lw_set(i, LW_C, c);
    return true;
}
