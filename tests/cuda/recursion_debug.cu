// NVCCFLAGS: -G
// recursion_debug: recursion.cu built with -G (device debug: no inlining,
// every helper a call, locals on the stack frame).
#include "recursion.cu"
