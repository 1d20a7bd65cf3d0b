/* sim/exec/dispatch.c — the executor table, generated from isa/isa.def.
 * Every op needs an exec_<OP> (declared in exec.h): a missing one is a link
 * error that names it. */
#include "sim/exec/exec.h"

static sim_exec_fn *const table[OP__COUNT] = {
#define ISA_OP(op, ...) [OP_##op] = exec_##op,
#include "isa/isa.def"
};

sim_exec_fn *sim_exec_lookup(unsigned op)
{
    return op < OP__COUNT ? table[op] : NULL;
}
