# runtime/: device model, fatbin walking, modules, memory, launch, errors.
runtime_srcs := $(wildcard runtime/*.c)

