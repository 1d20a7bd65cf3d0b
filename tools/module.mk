# tools/: the `cobalt` command and host tools used by the build.
programs += cobalt isadoc
objs_cobalt := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/cobalt/*.c))
objs_isadoc := $(BUILD)/obj/tools/isadoc.o
layers_isadoc := isa

# docs/isa.md is generated from isa/isa.def; the committed copy must match.
$(BUILD)/gen/isa.md: $(BUILD)/bin/isadoc
	@mkdir -p $(@D)
	$(BUILD)/bin/isadoc > $@

docs: $(BUILD)/gen/isa.md
	cp $(BUILD)/gen/isa.md docs/isa.md

docs-check: $(BUILD)/gen/isa.md
	@cmp -s $(BUILD)/gen/isa.md docs/isa.md || { echo "docs/isa.md is stale: run 'make docs' and commit it"; exit 1; }
	@echo "docs/isa.md is current"

docs-check-quiet: $(BUILD)/gen/isa.md
	@cmp -s $(BUILD)/gen/isa.md docs/isa.md || echo "warning: docs/isa.md is stale (make docs)"

# docs/ptx-coverage.md is generated from isa/ptx/ptx_insns.def (the lowering
# dispatch table) by tools/ptxcov; the committed copy must match.
programs += ptxcov
objs_ptxcov := $(BUILD)/obj/tools/ptxcov.o
layers_ptxcov :=

$(BUILD)/gen/ptx-coverage.md: $(BUILD)/bin/ptxcov
	@mkdir -p $(@D)
	$(BUILD)/bin/ptxcov > $@

.PHONY: docs-ptx docs-ptx-check docs-ptx-check-quiet
docs-ptx: $(BUILD)/gen/ptx-coverage.md
	cp $(BUILD)/gen/ptx-coverage.md docs/ptx-coverage.md

docs-ptx-check: $(BUILD)/gen/ptx-coverage.md
	@cmp -s $(BUILD)/gen/ptx-coverage.md docs/ptx-coverage.md || { echo "docs/ptx-coverage.md is stale: run 'make docs' and commit it"; exit 1; }
	@echo "docs/ptx-coverage.md is current"

docs-ptx-check-quiet: $(BUILD)/gen/ptx-coverage.md
	@cmp -s $(BUILD)/gen/ptx-coverage.md docs/ptx-coverage.md || echo "warning: docs/ptx-coverage.md is stale (make docs)"

docs: docs-ptx
docs-check: docs-ptx-check
docs-check-quiet: docs-ptx-check-quiet
