# Cobalt — one non-recursive Makefile. Each directory's module.mk only *declares*
# sources; the rules below turn declarations into objects, libraries and programs.
#
#   make            build everything (library, shim, cobalt tool, tests)
#   make demo       build and run examples/vecadd.cu unmodified on the simulator
#   make test       run every test (unit, golden, docs, end-to-end CUDA programs)
#   make asan       the same tests under AddressSanitizer + UBSan (build-asan/)
#   make tsan       multi-threaded tests under ThreadSanitizer (build-tsan/)
#   make bench      print simulated thread-instructions per second per workload
#   make nets       run the example CNN and GPT (larger configuration) against their CPU references

BUILD    ?= build
CC       ?= cc
CUDA_HOME ?= $(firstword $(wildcard /usr/local/cuda /usr/local/cuda-13.0))
NVCC     ?= $(CUDA_HOME)/bin/nvcc
SANITIZE ?=

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter
# CFLAGS/LDFLAGS stay the user's (make CFLAGS=-O0 keeps the required flags).
CFLAGS   ?= -O2 -g
ALL_CPPFLAGS := -I. -I$(BUILD)/gen -MMD -MP -D_GNU_SOURCE $(CPPFLAGS)
ALL_CFLAGS    = -std=c11 -fPIC -pthread $(WARN) $(SANITIZE) $(CFLAGS)
ALL_LDFLAGS   = -pthread $(SANITIZE) $(LDFLAGS)
LDLIBS   := -lelf -lzstd -llz4 -lz -lm -ldl

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

# ---- declarations ---------------------------------------------------------
# Four static libraries, layered: isa <- ptx <- sim <- runtime (deps point down).
layers := runtime sim ptx isa
$(foreach l,$(layers),$(eval lib_$(l) := $(BUILD)/lib/libcobalt-$(l).a))
LIBCOBALT := $(foreach l,$(layers),$(lib_$(l)))

include isa/module.mk
include sim/module.mk
include runtime/module.mk
include libcudart-shim/module.mk
include tools/module.mk
include tests/module.mk
include examples/module.mk

$(foreach l,$(layers),$(eval objs_lib_$(l) := $($(l)_srcs:%.c=$(BUILD)/obj/%.o)))

# ---- dependency check (installs Debian packages when root) ------------------
DEPS_OK := $(BUILD)/.deps-ok
$(DEPS_OK): tools/check-deps.sh
	@sh tools/check-deps.sh
	@mkdir -p $(@D) && touch $@

# ---- generic rules ------------------------------------------------------------
$(BUILD)/obj/%.o: %.c | $(DEPS_OK) $(gen_headers)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(extra_cflags) -c $< -o $@

define lib_template
$(lib_$(1)): $(objs_lib_$(1))
	@mkdir -p $$(@D)
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach l,$(layers),$(eval $(call lib_template,$(l))))

# program template: $(1) = name; objs_<name> = objects, layers_<name> = the
# libraries it needs (default: all), libs_<name> = extra -l flags.
define program_template
layers_$(1) ?= $(layers)
$(BUILD)/bin/$(1): $(objs_$(1)) $$(foreach l,$$(layers_$(1)),$$(lib_$$(l)))
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $(objs_$(1)) $$(foreach l,$$(layers_$(1)),$$(lib_$$(l))) $$(LDLIBS) $(libs_$(1))
endef
$(foreach p,$(programs),$(eval $(call program_template,$(p))))

all: $(LIBCOBALT) $(shim_libs) $(addprefix $(BUILD)/bin/,$(programs)) docs-check-quiet

-include $(shell find $(BUILD)/obj $(BUILD)/obj12 -name '*.d' 2>/dev/null)

.PHONY: all demo test unit-test e2e-test golden-test docs docs-check docs-check-quiet asan tsan bench clean
clean:
	rm -rf $(BUILD) build-asan build-tsan
