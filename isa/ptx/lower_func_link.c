/* isa/ptx/lower_func_link.c — a kernel that calls .func definitions: every
 * function reachable from it is lowered on its own (its own registers and
 * frame) and appended to the kernel's code; CALL targets (module function
 * indices until now) and the functions' branch targets are then relocated.
 * Each kernel carries its own copy of the functions it calls, so a module
 * needs no cross-kernel linking and the runtime loads kernels unchanged.
 *
 * Function pointers hold module-wide ids (isa/module.h), not pcs: a kernel
 * with an indirect call links in every address-taken function of the
 * module (a pointer may come from data, another kernel or the host) and
 * gets an id -> pc table (isa_kernel.fn_table) that CALLR translates with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "isa/ptx/lower_internal.h"

typedef struct lk_state {
    const ptx_module *m;
    uint8_t  *reach;     /* per module function */
    uint32_t *order;     /* reachable functions, in discovery order */
    uint32_t  norder;
    uint32_t *base;      /* per module function: its first instruction */
    isa_kernel *parts;   /* per order entry */
    uint8_t  *taken;     /* per module function: its address is taken */
} lk_state;

static void part_free(isa_kernel *k)
{
    free(k->name);
    free(k->code);
    free(k->ptx_line);
    for (uint32_t i = 0; k->params != NULL && i < k->nparams; i++)
        free(k->params[i].name);
    free(k->params);
}

static void mark(lk_state *s, uint32_t idx)
{
    if (s->reach[idx])
        return;
    s->reach[idx] = 1;
    s->order[s->norder++] = idx;
}

/* The module functions whose address is taken: named by an operand of an
 * instruction other than a call, or by a data initializer. */
static void find_taken(lk_state *s)
{
    const ptx_module *m = s->m;
    for (uint32_t g = 0; g < m->nfuncs; g++) {
        const ptx_func *fn = &m->funcs[g];
        for (uint32_t i = 0; fn->has_body && i < fn->nbody; i++) {
            const ptx_insn *in = &fn->body[i].insn;
            if (fn->body[i].kind != PTX_STMT_INSN)
                continue;
            if (in->opcode != NULL && strcmp(in->opcode, "call") == 0) {
                /* the functions of a .calltargets list are called through pointers */
                const ptx_operand *l = in->nops > 2 ? &in->ops[in->nops - 1] : NULL;
                for (unsigned j = 0; l != NULL && l->kind == PTX_OPND_LIST && j < l->nelems; j++) {
                    uint32_t idx;
                    if (l->elems[j].kind == PTX_OPND_SYM && l->elems[j].sym.kind == PTX_SYM_FUNC &&
                        lw_func_defined(m, l->elems[j].sym.index, &idx) != NULL)
                        s->taken[idx] = 1;
                }
                continue;
            }
            for (unsigned j = 0; j < in->nops; j++) {
                uint32_t idx;
                if (in->ops[j].kind == PTX_OPND_SYM && in->ops[j].sym.kind == PTX_SYM_FUNC &&
                    lw_func_defined(m, in->ops[j].sym.index, &idx) != NULL)
                    s->taken[idx] = 1;
            }
        }
    }
    for (uint32_t v = 0; v < m->nvars; v++)
        for (uint32_t r = 0; r < m->vars[v].nrelocs; r++) {
            uint32_t idx;
            const ptx_reloc *rl = &m->vars[v].relocs[r];
            if (rl->sym.kind == PTX_SYM_FUNC && lw_func_defined(m, rl->sym.index, &idx) != NULL)
                s->taken[idx] = 1;
        }
}

/* Worklist over call instructions: the functions `fn` reaches; with an
 * indirect call anywhere among them, every address-taken function too. */
static void find_reachable(lk_state *s, const ptx_func *fn)
{
    bool indirect = false, seeded = false;
    for (uint32_t w = 0;; w++) {
        if (w > s->norder) {
            if (!indirect || seeded)
                break;
            seeded = true;
            w = s->norder;   /* the loop goes on with the first function added now */
            for (uint32_t idx = 0; idx < s->m->nfuncs; idx++)
                if (s->taken[idx])
                    mark(s, idx);
            continue;
        }
        const ptx_func *g = w == 0 ? fn : &s->m->funcs[s->order[w - 1]];
        /* every function named by an operand: called, or its address taken */
        for (uint32_t i = 0; i < g->nbody; i++) {
            const ptx_insn *in = &g->body[i].insn;
            if (g->body[i].kind != PTX_STMT_INSN)
                continue;
            if (lw_func_proto(s->m, in) != NULL && lw_func_callee(s->m, in, NULL) == NULL)
                indirect = true;
            for (unsigned j = 0; j < in->nops; j++) {
                uint32_t idx;
                if (in->ops[j].kind == PTX_OPND_SYM && in->ops[j].sym.kind == PTX_SYM_FUNC &&
                    lw_func_defined(s->m, in->ops[j].sym.index, &idx) != NULL)
                    mark(s, idx);
            }
        }
    }
}

/* The kernel's id -> pc table: the address-taken functions linked in. */
static bool build_table(const lk_state *s, isa_kernel *k)
{
    uint32_t n = 0;
    for (uint32_t idx = 0; idx < s->m->nfuncs; idx++)
        n += s->reach[idx] && s->taken[idx];
    if (n == 0)
        return true;
    k->fn_table = calloc(n, sizeof *k->fn_table);
    if (k->fn_table == NULL)
        return false;
    for (uint32_t idx = 0; idx < s->m->nfuncs; idx++)
        if (s->reach[idx] && s->taken[idx])
            k->fn_table[k->nfn_table++] = (isa_fn_entry){ idx, s->base[idx] };
    return true;
}

/* Relocates one instruction of a part placed at `at`. */
static bool relocate(const lk_state *s, isa_insn *in, uint32_t at, char *why, size_t len)
{
    if (in->op == OP_CALL) {
        if (in->imm >= s->m->nfuncs || !s->reach[in->imm]) {
            snprintf(why, len, "CALL of function %u, which was not lowered", in->imm);
            return false;
        }
        in->imm = s->base[in->imm];
    } else if (in->op == OP_MOV && in->imm2 == LW_FUNC_ADDR) {
        if (in->imm >= s->m->nfuncs || !s->reach[in->imm]) {
            snprintf(why, len, "address of function %u, which was not lowered", in->imm);
            return false;
        }
        in->imm2 = ISA_NO_RECONV;   /* imm: the id's low word, the function index */
    } else if (in->op == OP_BRA) {
        in->imm += at;
        if (in->imm2 != ISA_NO_RECONV)
            in->imm2 += at;
    }
    return true;
}

/* Appends part p (at instruction `at`) to the kernel's code. */
static bool append(const lk_state *s, const isa_kernel *p, uint32_t at, isa_word *code,
                   uint32_t *lines, char *err, size_t errlen, const char *file)
{
    for (uint32_t n = 0; n < p->ninsns; n++) {
        isa_insn in;
        char why[128];
        if (!isa_decode(p->code[n], &in, why, sizeof why) ||
            !relocate(s, &in, at, why, sizeof why) || !isa_encode(&in, &code[at + n], why, sizeof why)) {
            snprintf(err, errlen, "%s:%u: internal error linking '%s': %s", file,
                     (unsigned)p->ptx_line[n], p->name, why);
            return false;
        }
        lines[at + n] = p->ptx_line[n];
    }
    return true;
}

static bool link_parts(lk_state *s, isa_kernel *k, char *err, size_t errlen, const char *file)
{
    uint64_t total = k->ninsns;
    for (uint32_t j = 0; j < s->norder; j++) {
        s->base[s->order[j]] = (uint32_t)total;
        total += s->parts[j].ninsns;
    }
    if (total >= ISA_IMM2_MAX) {
        snprintf(err, errlen, "%s:1: kernel '%s' and the functions it calls have too many "
                 "instructions", file, k->name);
        return false;
    }
    if (k->nregs < LW_SP + 1)
        k->nregs = LW_SP + 1;
    isa_word *code = calloc(total, sizeof *code);
    uint32_t *lines = calloc(total, sizeof *lines);
    bool ok = code != NULL && lines != NULL && append(s, k, 0, code, lines, err, errlen, file);
    if (code == NULL || lines == NULL)
        snprintf(err, errlen, "%s:1: out of memory linking '%s'", file, k->name);
    for (uint32_t j = 0; ok && j < s->norder; j++) {
        const isa_kernel *p = &s->parts[j];
        ok = append(s, p, s->base[s->order[j]], code, lines, err, errlen, file);
        /* a .func saves whole quads of registers: the kernel has them all */
        uint32_t regs = lw_align_up(p->nregs > LW_SP + 1 ? p->nregs : LW_SP + 1, 4);
        if (regs > k->nregs)
            k->nregs = regs;
        if (p->npreds > k->npreds)
            k->npreds = p->npreds;
        k->spill_stores += p->spill_stores;   /* their slots are in stack frames */
        k->spill_loads += p->spill_loads;
    }
    if (!ok) {
        free(code);
        free(lines);
        return false;
    }
    free(k->code);
    free(k->ptx_line);
    k->code = code;
    k->ptx_line = lines;
    k->ninsns = (uint32_t)total;
    if (!build_table(s, k)) {
        snprintf(err, errlen, "%s:1: out of memory linking '%s'", file, k->name);
        return false;
    }
    return true;
}

bool lw_lower_with_calls(const ptx_module *m, const ptx_func *fn, const uint32_t *modvar_off,
                         isa_kernel *k, char *err, size_t errlen, ptx_status *status)
{
    const char *file = m->filename != NULL ? m->filename : "<ptx>";
    lk_state s = { .m = m };
    lw_fn kf = { .m = m, .fn = fn, .modvar_off = modvar_off, .err = err, .errlen = errlen,
                 .status = status, .uses_sp = 1 };
    bool ok = false;
    s.reach = calloc(m->nfuncs + 1, sizeof *s.reach);
    s.order = calloc(m->nfuncs + 1, sizeof *s.order);
    s.base = calloc(m->nfuncs + 1, sizeof *s.base);
    s.parts = calloc(m->nfuncs + 1, sizeof *s.parts);
    s.taken = calloc(m->nfuncs + 1, sizeof *s.taken);
    if (s.reach == NULL || s.order == NULL || s.base == NULL || s.parts == NULL ||
        s.taken == NULL) {
        snprintf(err, errlen, "%s:%u: out of memory lowering '%s'", file, (unsigned)fn->line,
                 fn->name);
        goto out;
    }
    find_taken(&s);
    find_reachable(&s, fn);
    kf.reach = s.reach;
    if (!lw_lower_one(&kf, k))
        goto out;
    for (uint32_t j = 0; j < s.norder; j++) {
        lw_fn g = { .m = m, .fn = &m->funcs[s.order[j]], .modvar_off = modvar_off, .err = err,
                    .errlen = errlen, .status = status, .reach = s.reach, .is_func = 1,
                    .uses_sp = 1,
                    .kernel_mshared = kf.mshared_off,
                    .shared_base = kf.func_shared[s.order[j]] };
        bool fine = lw_lower_one(&g, &s.parts[j]);
        lw_fn_free(&g);
        if (!fine)
            goto out;
    }
    ok = link_parts(&s, k, err, errlen, file);
out:
    lw_fn_free(&kf);
    for (uint32_t j = 0; s.parts != NULL && j < s.norder; j++)
        part_free(&s.parts[j]);
    free(s.reach);
    free(s.order);
    free(s.base);
    free(s.parts);
    free(s.taken);
    return ok;
}
