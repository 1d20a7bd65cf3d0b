# tests/: cmocka unit suites (tests/unit/test_*.c -> build/bin/test_*), golden
# files (tests/golden/), and end-to-end CUDA programs (tests/cuda/*.cu).
# A suite's layers come from its name: test_isa_* links isa only, test_ptx_*
# isa+ptx, test_sim_* isa+ptx+sim, anything else everything.
unit_tests := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
layers_for = $(if $(filter test_isa%,$(1)),isa,$(if $(filter test_ptx%,$(1)),ptx isa,$(if $(filter test_sim%,$(1)),sim ptx isa,$(layers))))
$(foreach t,$(unit_tests),$(eval layers_$(t) := $(call layers_for,$(t))))
programs += $(unit_tests)
$(foreach t,$(unit_tests),$(eval objs_$(t) := $(BUILD)/obj/tests/unit/$(t).o)$(eval libs_$(t) := -lcmocka))

unit-test: $(addprefix $(BUILD)/bin/,$(unit_tests))
	@sh tests/run-unit.sh $(BUILD) $(unit_tests)

golden-test: $(BUILD)/bin/cobalt
	@sh tests/run-golden.sh $(BUILD)

e2e-test: all
	@sh tests/run-e2e.sh $(BUILD)

test: all
	@sh tests/run-all.sh $(BUILD)

demo: all
	@sh examples/run-demo.sh $(BUILD)

bench: all
	@sh tests/run-bench.sh $(BUILD)

asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	    SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=undefined" test

# The SMs on several host threads: the multi-threaded unit suites and e2e
# programs at COBALT_THREADS=2 under ThreadSanitizer (tests/run-tsan.sh).
tsan:
	$(MAKE) BUILD=build-tsan CFLAGS="-O2 -g -fno-omit-frame-pointer" \
	    SANITIZE="-fsanitize=thread" all
	@sh tests/run-tsan.sh build-tsan
