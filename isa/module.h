/* isa/module.h — a lowered module: ISA kernels plus the data layout the
 * runtime needs to load them. Produced by isa/ptx (lowering), consumed by
 * runtime/ (loading, symbols) and sim/ (execution).
 *
 * Memory layout decisions made at lowering time:
 *   - kernel parameters live in constant bank 0, at the PTX parameter offsets
 *     (each parameter aligned to its .align / natural size, starting at 0);
 *   - module .const variables live in bank 1 at `offset`;
 *   - each .global variable gets an 8-byte slot in bank 2 (at `offset`) that
 *     the runtime fills with the variable's device address at load time;
 *   - static .shared variables get fixed offsets in the CTA's shared window;
 *     dynamic (extern) shared memory starts at the kernel's `shared_size`
 *     rounded up to 16;
 *   - .local variables (stack depots) are per-thread offsets below
 *     `local_size`.
 */
#ifndef COBALT_ISA_MODULE_H
#define COBALT_ISA_MODULE_H

#include <stdint.h>
#include "isa/isa.h"

typedef struct isa_param {
    char    *name;
    uint32_t offset;   /* byte offset in bank 0 */
    uint32_t size;     /* bytes */
    uint32_t align;
} isa_param;

/* Function pointers: the value of a function's address (in registers and in
 * data) is its module-wide id, ISA_FUNC_ID_HI in the high word and the
 * function's index in the module in the low word. Bits 63..48 = 0xF0C0 lie
 * outside every Cobalt address range (global < 2^47, the shared and local
 * windows at 1<<48 and 2<<48) and are non-canonical host addresses, so a
 * function pointer is never mistaken for (or usable as) a data pointer.
 * Each kernel that links functions carries an id -> entry pc table; CALLR
 * translates through it and faults on an id not in it. */
#define ISA_FUNC_ID_HI 0xF0C00000u

typedef struct isa_fn_entry {
    uint32_t id;    /* low word of the function id: its module function index */
    uint32_t pc;    /* its first instruction in this kernel's code */
} isa_fn_entry;

typedef struct isa_kernel {
    char      *name;        /* mangled PTX name */
    isa_word  *code;        /* encoded instructions */
    uint32_t  *ptx_line;    /* PTX source line of each instruction */
    uint32_t   ninsns;
    uint32_t   nregs;       /* R registers used: highest index + 1 (pairs included) */
    uint32_t   npreds;      /* predicate registers used */
    isa_param *params;
    uint32_t   nparams;
    uint32_t   param_size;  /* bytes of bank 0 */
    uint32_t   shared_size; /* static shared bytes */
    uint32_t   local_size;  /* per-thread local bytes */
    uint32_t   maxntid;     /* .maxntid product, 0 if absent */
    uint32_t   reqntid[3];  /* .reqntid, zeros if absent */
    isa_fn_entry *fn_table; /* address-taken functions linked in, ids ascending */
    uint32_t   nfn_table;
    uint32_t   spill_size;  /* bytes of register spill slots (part of local_size) */
    uint32_t   spill_stores, spill_loads;  /* bytes moved by the spill STL / LDL code */
} isa_kernel;

typedef enum isa_space {
    ISA_SPACE_GLOBAL, ISA_SPACE_CONST, ISA_SPACE_SHARED, ISA_SPACE_LOCAL
} isa_space;

/* An address in a symbol's initial data, stored by the loader: the 8 bytes
 * at `offset` become the device address of symbol `target` plus addend. */
typedef struct isa_reloc {
    uint32_t offset;
    uint32_t target;      /* index into isa_module.symbols */
    int64_t  addend;
} isa_reloc;

typedef struct isa_symbol {
    char     *name;
    isa_space space;      /* GLOBAL or CONST (shared/local never reach the runtime) */
    uint32_t  size;
    uint32_t  align;
    uint32_t  offset;     /* CONST: offset in bank 1; GLOBAL: slot offset in bank 2 */
    uint8_t  *init;       /* `size` bytes of initial value, or NULL for zeros */
    int       is_extern;  /* declared .extern: resolved by another module */
    int       is_visible; /* .visible */
    isa_reloc *relocs;    /* addresses in init (nrelocs), applied after placement */
    uint32_t  nrelocs;
} isa_symbol;

typedef struct isa_module {
    isa_kernel *kernels;
    uint32_t    nkernels;
    isa_symbol *symbols;
    uint32_t    nsymbols;
    uint32_t    const_size;   /* bytes of bank 1 */
    uint32_t    globals_size; /* bytes of bank 2 (8 per .global symbol) */
    char        target[32];   /* e.g. "sm_80" */
} isa_module;

void isa_module_free(isa_module *m);
const isa_kernel *isa_module_find_kernel(const isa_module *m, const char *name);
const isa_symbol *isa_module_find_symbol(const isa_module *m, const char *name);

#endif
