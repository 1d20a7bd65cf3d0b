# isa/: the ISA table and its consumers; isa/ptx/: PTX front end and lowering.
isa_srcs := $(wildcard isa/*.c)
ptx_srcs := $(wildcard isa/ptx/*.c)
