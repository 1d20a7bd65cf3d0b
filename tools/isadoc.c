/* tools/isadoc.c — prints docs/isa.md, the ISA reference, generated from
 * isa/isa.def through the table API (`make docs` writes it, `make docs-check`
 * fails when the committed copy is stale). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "isa/isa.h"
#include "isa/isa_internal.h"

/* Markdown table cell text: '|' would end the cell. */
static void put_cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', out);
        fputc(*s, out);
    }
}

static void put_intro(FILE *out)
{
    fputs("# The Cobalt ISA\n\n"
          "<!-- Generated from isa/isa.def by tools/isadoc.c (`make docs`). Do not edit. -->\n\n"
          "Cobalt's own SASS-like instruction set. PTX is lowered into it (`isa/ptx/`) and the\n"
          "SIMT simulator (`sim/`) executes it. Every table below comes from `isa/isa.def`,\n"
          "the single source of truth; add an instruction there and regenerate this page.\n\n",
          out);
    fprintf(out,
            "## State\n\n"
            "- **Registers**: 32-bit `R0`..`R%u` per thread, and `RZ` (index %u), which reads 0\n"
            "  and discards writes. A 64-bit value lives in an aligned pair `Rn:Rn+1` (n even,\n"
            "  low word in `Rn`); an operand of a 64-bit op names the low register. 128-bit\n"
            "  loads and stores use four consecutive registers (first a multiple of 4).\n"
            "- **Predicates**: `P0`..`P6` and `PT` (index %u, always true). A predicate source\n"
            "  operand or guard may be negated: `!P3` sets bit 0x%x of the field.\n"
            "- **Guard**: every instruction has one; `@P0 ` / `@!P3 ` in front of the mnemonic,\n"
            "  omitted when it is `PT`. Lanes whose guard is false do nothing.\n"
            "- **Warp**: %u lanes.\n"
            "- **Constant banks**: `c[0x%x]` kernel parameters at their PTX offsets, `c[0x%x]`\n"
            "  the module's `.const` data, `c[0x%x]` one 8-byte slot per module `.global`\n"
            "  variable holding its device address (filled by the runtime at load).\n"
            "- **Generic addresses** (UVA): global addresses are host addresses (< 2^47);\n"
            "  the shared window starts at `0x%016llx`, the per-thread local window at\n"
            "  `0x%016llx`, each `0x%llx` bytes; a generic address inside a window maps to\n"
            "  the window offset. `cvta.to.global` is the identity.\n\n",
            ISA_NUM_REGS - 1, ISA_RZ, ISA_PT, ISA_PRED_NEG, ISA_WARP_SIZE, ISA_BANK_PARAM,
            ISA_BANK_CONST, ISA_BANK_GLOBALS, (unsigned long long)ISA_SHARED_WINDOW,
            (unsigned long long)ISA_LOCAL_WINDOW, (unsigned long long)ISA_WINDOW_SIZE);
}

static void put_encoding(FILE *out)
{
    fprintf(out,
            "## Encoding\n\n"
            "Every instruction is one 128-bit word (`isa_word`: `lo` holds bits 0..63, `hi`\n"
            "bits 64..127). Modifier groups are packed in the op's group order from bit 57.\n\n"
            "```\n"
            "lo (bits 63..0)\n"
            " 63       57 56     55    48 47    40 39    32 31    24 23    16 15   12 11     4 3    0\n"
            "+-----------+------+--------+--------+--------+--------+--------+-------+--------+------+\n"
            "| mods 0..6 | bimm |   e    |   c    |   b    |   a    |   d    | guard |  sub   | cls  |\n"
            "+-----------+------+--------+--------+--------+--------+--------+-------+--------+------+\n"
            "hi (bits 127..64)\n"
            " 127                104 103                             72 71        64\n"
            "+----------------------+----------------------------------+------------+\n"
            "|         imm2         |               imm                | mods 7..14 |\n"
            "+----------------------+----------------------------------+------------+\n"
            "```\n\n"
            "| bits | field | meaning |\n|---|---|---|\n"
            "| 0..3 | class | instruction class (0 is never valid: an all-zero word is illegal) |\n"
            "| 4..11 | sub | sub-opcode within the class; (class, sub) never changes meaning |\n"
            "| 12..15 | guard | predicate index, bit 3 negates; `PT` (7) = always |\n"
            "| 16..23 | d | destination register |\n"
            "| 24..31 | a | source register (or predicate source `X`) |\n"
            "| 32..39 | b | source register (or predicate source `Y`) |\n"
            "| 40..47 | c | source register (or predicate source `Z`) |\n"
            "| 48..55 | e | predicate destination (`E`); `PT` when unused |\n"
            "| 56 | bimm | operand `B` is `imm` instead of register b |\n"
            "| 57..71 | mods | modifier values, %u bits in all, groups in order |\n"
            "| 72..103 | imm | 32-bit immediate, memory offset, special register, branch target |\n"
            "| 104..127 | imm2 | 24 bits: reconvergence point (0x%X = none) or constant bank |\n\n"
            "The decoder rejects unknown (class, sub) pairs, modifier values beyond a group's\n"
            "names, modifier bits beyond the op's groups, `bimm` on an op without a `B`\n"
            "operand, predicate fields above 15 (destinations above 7) and special register\n"
            "numbers out of range. Sub-opcodes 0xE0..0xFF of every class are reserved for\n"
            "research extensions.\n\n",
            ISA_MOD_BITS, ISA_NO_RECONV);
}

static void put_text_form(FILE *out)
{
    fputs("## Assembly text\n\n"
          "`[@[!]Pn ]MNEMONIC[.MOD]... operands` — the disassembler (`isa/disasm.c`) writes it\n"
          "and the assembler (`isa/asm.c`, `cobalt asm`) reads it, both driven by the op's\n"
          "syntax string, so they round-trip exactly. Modifiers follow the op's groups in\n"
          "order; a group whose default value has an empty name (e.g. `.FTZ` off) prints\n"
          "nothing and may be left out.\n\n"
          "| syntax | operand | text |\n|---|---|---|\n"
          "| `d` `a` `b` `c` | register field | `R12`, `RZ` |\n"
          "| `B` | register b, or `imm` when bimm is set | `R5`, `0x10`, `-0x4` |\n"
          "| `E` | predicate destination (field e) | `P0`..`P6`, `PT` |\n"
          "| `X` `Y` `Z` | predicate source in field a / b / c | `P3`, `!P3`, `PT` |\n"
          "| `i` | 32-bit immediate | `0x1` |\n"
          "| `m` | memory `[a + imm]` | `[R2+0x10]`, `[R2-0x8]`, `[R2]`, `[RZ+0x10]` |\n"
          "| `k` | constant `c[imm2][a + imm]` | `c[0x0][0x10]`, `c[0x1][R3+0x8]` |\n"
          "| `s` | special register (imm) | `SR_TID.X` |\n"
          "| `t` | branch target (imm = instruction index) | `.L12` or a label |\n"
          "| `r` | reconvergence point (imm2), optional | `, .L20`; omitted when none |\n\n"
          "Immediates print in hex. Values that are sign-extended (class INT operands, memory\n"
          "and constant offsets) print as `-0x..` when negative as signed 32-bit numbers; all\n"
          "others (float bit patterns, moves, barrier ids) print as raw unsigned hex. The\n"
          "assembler also accepts decimal and either form of any value in\n"
          "-0x80000000..0xffffffff.\n\n"
          "`cobalt asm FILE.s` assembles a file (blank lines, `# comments` and `name:` labels\n"
          "allowed; labels resolve to instruction indices) into one line per instruction:\n"
          "the high then the low 64-bit word as 16 hex digits each, e.g.\n"
          "`ffffff0000000000 0007ffffffff7018` for `EXIT`. `cobalt disasm FILE.hex` prints\n"
          "`/*0006*/ EXIT`-style listings, which `cobalt asm` reads back. Errors are\n"
          "reported as `file:line:column: message`.\n\n",
          out);
}

static void put_classes(FILE *out)
{
    fputs("## Classes\n\n| code | class | ops | summary |\n|---|---|---|---|\n", out);
    for (unsigned cls = 0; cls < ISA_NUM_CLASSES; cls++) {
        const isa_class_info *ci = isa_class_info_of(cls);
        if (ci == NULL)
            continue;
        unsigned n = 0;
        for (unsigned op = 0; op < isa_num_ops(); op++)
            n += isa_op_info_of(op)->cls == cls;
        fprintf(out, "| 0x%x | [%s](#class-", cls, ci->name);
        for (const char *p = ci->name; *p; p++)
            fputc(tolower((unsigned char)*p), out);   /* GitHub anchors are lower case */
        fprintf(out, ") | %u | ", n);
        put_cell(out, ci->summary);
        fputs(" |\n", out);
    }
    fputc('\n', out);
}

static void put_modgroups(FILE *out)
{
    fputs("## Modifier groups\n\n"
          "Value *i* of a group is its *i*-th name. `(none)` is a default that prints nothing.\n\n"
          "| group | bits | values |\n|---|---|---|\n",
          out);
    for (unsigned g = 1; g < MG__COUNT; g++) {
        const isa_modgrp_info *gi = isa_modgrp_info_of(g);
        fprintf(out, "| %s | %u | ", gi->name, gi->bits);
        for (unsigned v = 0; v < isa_modgrp_count(g); v++) {
            char name[32];
            isa_mod_name(g, v, name, sizeof name);
            fprintf(out, "%s%u=%s%s%s", v ? ", " : "", v, name[0] ? "`." : "", name[0] ? name : "(none)",
                    name[0] ? "`" : "");
        }
        fputs(" |\n", out);
    }
    fputc('\n', out);
}

static void put_sregs(FILE *out)
{
    fputs("## Special registers (S2R)\n\n| index | name |\n|---|---|\n", out);
    for (unsigned sr = 0; sr < ISA_SR__COUNT; sr++)
        fprintf(out, "| %u | `%s` |\n", sr, isa_sreg_name(sr));
    fputc('\n', out);
}

static void put_flags(FILE *out, uint32_t flags)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        { F_LANE, "lane" }, { F_WARP, "warp" }, { F_BRANCH, "branch" }, { F_EXIT, "exit" },
        { F_BARRIER, "barrier" }, { F_LOAD, "load" }, { F_STORE, "store" }, { F_MMA, "mma" },
    };
    const char *sep = "";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (flags & names[i].bit) {
            fprintf(out, "%s%s", sep, names[i].name);
            sep = ", ";
        }
}

static void put_mods(FILE *out, const isa_op_info *info)
{
    unsigned n = isa_op_nmods(info);
    for (unsigned i = 0; i < n; i++) {
        char first[32];
        const isa_modgrp_info *gi = isa_modgrp_info_of(info->mods[i]);
        isa_mod_name(info->mods[i], 0, first, sizeof first);
        /* optional groups (default prints nothing) in brackets */
        fprintf(out, "%s%s.%s%s", i ? " " : "", first[0] ? "" : "[", gi->name, first[0] ? "" : "]");
    }
}

/* A modifier value that makes a representative example: the second value of
 * a group (e.g. .64, .S32, .FTZ), with a few more typical choices. */
static uint8_t example_mod(const isa_op_info *info, unsigned slot)
{
    unsigned grp = info->mods[slot];
    if (slot > 0 && info->mods[slot - 1] == grp)
        return 0;   /* F2F.F64.F32, I2I.S32.U32 */
    switch (grp) {
    case MG_MW: return MOD_MW_32;
    case MG_RND: case MG_FDIVM: return MOD_RN;
    case MG_BAROP: return MOD_BAR_SYNC;
    case MG_MMAT: return MOD_MMA_F32F16;
    default: return 1;
    }
}

/* A sample instruction of `op` in its text form, for the tables. */
static void put_example(FILE *out, unsigned op)
{
    const isa_op_info *info = isa_op_info_of(op);
    isa_insn in = isa_insn_make((isa_op)op);
    isa_field_kind k[ISA_NUM_FIELDS];
    isa_syntax_fields(info->syntax, k);
    in.d = 4;
    in.a = k[ISA_FIELD_A] == ISA_FK_PRED_SRC ? 1 : 2;
    in.b = k[ISA_FIELD_B] == ISA_FK_PRED_SRC ? 2 : 6;
    in.c = k[ISA_FIELD_C] == ISA_FK_PRED_SRC ? ISA_PT : 8;
    in.e = 0;
    if (isa_syntax_has(info->syntax, 'm') || isa_syntax_has(info->syntax, 'k'))
        in.imm = 0x10;
    if (isa_syntax_has(info->syntax, 'k')) {
        in.imm2 = ISA_BANK_PARAM;
        in.a = ISA_RZ;
    }
    for (unsigned i = 0; i < isa_op_nmods(info); i++)
        in.mod[i] = example_mod(info, i);
    if (isa_syntax_has(info->syntax, 't'))
        in.imm = 12;
    char buf[128];
    isa_disasm(&in, buf, sizeof buf);
    fprintf(out, "`%s`", buf);
}

static void put_ops(FILE *out)
{
    fputs("## Instructions\n\n"
          "Flags: `lane` — per-lane semantics; `warp` — needs the whole warp; `branch`,\n"
          "`exit`, `barrier`, `load`, `store`, `mma` — what the simulator must treat\n"
          "specially. Modifiers in brackets may be left out.\n\n",
          out);
    for (unsigned cls = 0; cls < ISA_NUM_CLASSES; cls++) {
        const isa_class_info *ci = isa_class_info_of(cls);
        if (ci == NULL)
            continue;
        fprintf(out, "### Class %s\n\n", ci->name);
        put_cell(out, ci->summary);
        fputs(".\n\n| mnemonic | class/sub | operands | modifiers | flags | example | meaning |\n"
              "|---|---|---|---|---|---|---|\n", out);
        for (unsigned op = 0; op < isa_num_ops(); op++) {
            const isa_op_info *info = isa_op_info_of(op);
            if (info->cls != cls)
                continue;
            fprintf(out, "| `%s` | 0x%x/0x%02x | %s%s%s | ", info->mnem, info->cls, info->sub,
                    info->syntax[0] ? "`" : "", info->syntax[0] ? info->syntax : "—",
                    info->syntax[0] ? "`" : "");
            put_mods(out, info);
            fputs(" | ", out);
            put_flags(out, info->flags);
            fputs(" | ", out);
            put_example(out, op);
            fputs(" | ", out);
            put_cell(out, info->meaning);
            fputs(" |\n", out);
        }
        fputc('\n', out);
    }
}

int main(void)
{
    put_intro(stdout);
    put_encoding(stdout);
    put_text_form(stdout);
    put_classes(stdout);
    put_modgroups(stdout);
    put_sregs(stdout);
    put_ops(stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("isadoc: writing stdout");
        return 1;
    }
    return 0;
}
