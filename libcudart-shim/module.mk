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
