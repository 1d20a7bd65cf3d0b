# libcudart-shim/: the drop-in libcudart.so.13 (soname and version node libcudart.so.13).
shim_srcs := $(wildcard libcudart-shim/*.c)
shim_objs := $(shim_srcs:%.c=$(BUILD)/obj/%.o)
SHIM      := $(BUILD)/lib/libcudart.so.13
shim_libs := $(SHIM)
$(BUILD)/obj/libcudart-shim/%.o: extra_cflags = -I$(CUDA_HOME)/include

$(SHIM): $(shim_objs) $(LIBCOBALT) libcudart-shim/cudart.map
	@mkdir -p $(@D)
	$(CC) -shared $(ALL_LDFLAGS) -o $@ $(shim_objs) $(LIBCOBALT) \
	    -Wl,--version-script=libcudart-shim/cudart.map -Wl,-soname,libcudart.so.13 \
	    -Wl,--no-undefined $(LDLIBS)

# docs/api-coverage.md is generated from cudart_api.def by tools/apicov; the
# committed copy must match (hooked into `make docs` and `make docs-check`).
programs += apicov
objs_apicov := $(BUILD)/obj/tools/apicov.o
layers_apicov :=

$(BUILD)/gen/api-coverage.md: $(BUILD)/bin/apicov
	@mkdir -p $(@D)
	$(BUILD)/bin/apicov > $@

.PHONY: docs-api docs-api-check docs-api-check-quiet
docs-api: $(BUILD)/gen/api-coverage.md
	cp $(BUILD)/gen/api-coverage.md docs/api-coverage.md

docs-api-check: $(BUILD)/gen/api-coverage.md
	@cmp -s $(BUILD)/gen/api-coverage.md docs/api-coverage.md || { echo "docs/api-coverage.md is stale: run 'make docs-api' and commit it"; exit 1; }
	@echo "docs/api-coverage.md is current"

docs-api-check-quiet: $(BUILD)/gen/api-coverage.md
	@cmp -s $(BUILD)/gen/api-coverage.md docs/api-coverage.md || echo "warning: docs/api-coverage.md is stale (make docs-api)"

docs: docs-api
docs-check: docs-api-check
docs-check-quiet: docs-api-check-quiet
