# examples/: the inference nets (examples/cnn, examples/gpt), built with nvcc
# exactly as a user builds CUDA programs (shared runtime, PTX kept), plus
# their CPU references. `make` builds them when nvcc is present; `make nets`
# runs the larger configuration (tests/run-nets.sh runs the small one).
# -fmad=false: no fused multiply-add, so the kernels round like the CPU
# references (see examples/common/net_math.h).
EX_NVCCFLAGS := -cudart shared -arch=sm_80 -O2 -fmad=false -Xcompiler -Wall,-Wextra,-Wshadow
EX_REFFLAGS  := -O2 -cudart none -Xcompiler -Wall,-Wextra,-Wshadow
ex_common    := examples/common/tc_gemm.cuh examples/common/net_math.h
ex_gpt_dep   := $(ex_common) examples/gpt/model.h examples/gpt/model.cpp
ex_cnn_dep   := $(ex_common) examples/cnn/model.h examples/cnn/model.cpp examples/cnn/digits.h \
                examples/cnn/digits.cpp examples/cnn/options.h examples/cnn/options.cpp
ex_cnn_host  := examples/cnn/model.cpp examples/cnn/digits.cpp examples/cnn/options.cpp
example_bins := $(addprefix $(BUILD)/examples/,gpt/gpt gpt/gpt_ref cnn/cnn cnn/cnn_ref)

ifneq ($(wildcard $(NVCC)),)
all: $(example_bins)
endif

$(BUILD)/examples/gpt/gpt: examples/gpt/gpt.cu examples/gpt/kernels.cuh $(ex_gpt_dep)
	@mkdir -p $(@D)
	$(NVCC) $(EX_NVCCFLAGS) -o $@ examples/gpt/gpt.cu examples/gpt/model.cpp
$(BUILD)/examples/gpt/gpt_ref: examples/gpt/gpt_ref.cpp $(ex_gpt_dep)
	@mkdir -p $(@D)
	$(NVCC) $(EX_REFFLAGS) -o $@ examples/gpt/gpt_ref.cpp examples/gpt/model.cpp
$(BUILD)/examples/cnn/cnn: examples/cnn/cnn.cu examples/cnn/kernels.cuh $(ex_cnn_dep)
	@mkdir -p $(@D)
	$(NVCC) $(EX_NVCCFLAGS) -o $@ examples/cnn/cnn.cu $(ex_cnn_host)
$(BUILD)/examples/cnn/cnn_ref: examples/cnn/cnn_ref.cpp examples/cnn/train.cpp $(ex_cnn_dep)
	@mkdir -p $(@D)
	$(NVCC) $(EX_REFFLAGS) -o $@ examples/cnn/cnn_ref.cpp examples/cnn/train.cpp $(ex_cnn_host)

.PHONY: nets nets-test
nets-test: all
	@sh tests/run-nets.sh $(BUILD)
nets: all
	@sh tests/run-nets.sh $(BUILD) large
