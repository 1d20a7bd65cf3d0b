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
