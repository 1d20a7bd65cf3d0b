# sim/: SIMT cores, warp scheduler, memory spaces; sim/exec/: one file per ISA class.
sim_srcs := $(wildcard sim/*.c) $(wildcard sim/exec/*.c)
