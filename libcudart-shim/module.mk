# libcudart-shim/: the drop-in libcudart.so.13 (soname and version node
# libcudart.so.13) and, from the same sources compiled with
# -DCOBALT_CUDART_ABI=12, libcudart.so.12 for CUDA 12 programs. Files named
# *12.c hold what only the 12 build has.
shim12_only := $(wildcard libcudart-shim/*12.c)
shim_srcs := $(filter-out $(shim12_only),$(wildcard libcudart-shim/*.c))
shim_objs := $(shim_srcs:%.c=$(BUILD)/obj/%.o)
SHIM      := $(BUILD)/lib/libcudart.so.13
SHIM12    := $(BUILD)/lib/libcudart.so.12
shim_libs := $(SHIM) $(SHIM12)
$(BUILD)/obj/libcudart-shim/%.o: extra_cflags = -I$(CUDA_HOME)/include

$(SHIM): $(shim_objs) $(LIBCOBALT) libcudart-shim/cudart.map
	@mkdir -p $(@D)
	$(CC) -shared $(ALL_LDFLAGS) -o $@ $(shim_objs) $(LIBCOBALT) \
	    -Wl,--version-script=libcudart-shim/cudart.map -Wl,-soname,libcudart.so.13 \
	    -Wl,--no-undefined $(LDLIBS)

# The ABI-12 build: CUDA 13 definitions whose CUDA 12 signature differs
# under the same name are compiled as cobalt13_<name> and wrapped by
# compat12.c / device_props12.c.
shim12_renamed := cudaGetDeviceProperties cudaMemAdvise cudaMemPrefetchAsync \
    cudaMemPrefetchAsync_ptsz cudaGraphAddDependencies cudaGraphRemoveDependencies \
    cudaGraphGetEdges cudaStreamGetCaptureInfo cudaStreamGetCaptureInfo_ptsz
shim12_objs := $(patsubst %.c,$(BUILD)/obj12/%.o,$(shim_srcs) $(shim12_only))
$(BUILD)/obj12/libcudart-shim/%.o: libcudart-shim/%.c | $(DEPS_OK) $(gen_headers)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -I$(CUDA_HOME)/include -DCOBALT_CUDART_ABI=12 \
	    $(foreach f,$(shim12_renamed),-D$(f)=cobalt13_$(f)) -c $< -o $@

$(SHIM12): $(shim12_objs) $(LIBCOBALT) libcudart-shim/cudart12.map
	@mkdir -p $(@D)
	$(CC) -shared $(ALL_LDFLAGS) -o $@ $(shim12_objs) $(LIBCOBALT) \
	    -Wl,--version-script=libcudart-shim/cudart12.map -Wl,-soname,libcudart.so.12 \
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
